"""The cue lexicon of the rule-based attribution baseline (guidelines §5.1–5.2).

Communication cues make an attribution with or without a source; cognition cues only
with an explicit source. Inflected forms are listed, not stemmed, so the lexicon says
exactly what it matches.
"""
from __future__ import annotations

COMMUNICATION = frozenset("""
say says said saying tell tells told telling report reports reported reporting announce announces announced
claim claims claimed warn warns warned warning add adds added adding note notes noted state states stated
confirm confirms confirmed deny denies denied insist insists insisted argue argues argued explain explains
explained write writes wrote tweet tweeted post posted testify testified allege alleges alleged reveal
revealed predict predicts predicted acknowledge acknowledged admit admitted describe described suggest
suggested stress stressed emphasise emphasised emphasize emphasized indicate indicated respond responded
reply replied declare declared assert asserted comment commented maintain maintained contend contended
quoted citing quoting
""".split())
COGNITION = frozenset("""
believe believes believed think thinks thought expect expects expected assess assesses assessed estimate
estimates estimated conclude concluded suspect suspected fear fears feared
""".split())
MULTIWORD = ("according to", "pointed out", "quoted as saying")
SOURCE_PRONOUNS = frozenset("he she they it we i".split())
UNNAMED_HEADS = frozenset("""
officials official sources source experts expert analysts analyst residents witnesses witness police
spokesperson spokesman spokeswoman authorities observers critics scientists researchers doctors
people members workers activists protesters lawmakers diplomats investigators prosecutors
engineers officers teachers students parents farmers fans voters citizens locals neighbours employees staff
""".split())
DOCUMENT_HEADS = frozenset("""
report study survey statement post letter paper newspaper magazine times journal article data
assessment assessments intelligence release website blog tweet video documents document
""".split())
ORGANISATION_WORDS = frozenset("""
ministry agency government department police company council committee union party army navy
commission office court university institute association organisation organization service bureau
""".split())
