"""Regex and gazetteer baseline for numeric and temporal entities.

It only predicts DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL and CARDINAL — the
types a few patterns can find — so its per-type scores on those types are the
meaningful ones; its micro scores are pulled down by the types it never predicts.
"""
from __future__ import annotations

import re
from typing import Sequence

from sayso.corpus.model import Document, Entity, Standoff, text_sha256
from sayso.eval.baselines.base import Example
from sayso.options import SEED

MONTHS = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
          r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sep\.|Sept\.|Oct\.|Nov\.|Dec\.)")
DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
NUMBER_WORDS = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
                r"hundred|hundreds|thousand|thousands|dozens|million|millions|billion)")
NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)"
SCALE = r"(?:\s(?:million|billion|trillion|thousand))?"
APPROX = r"(?:(?:about|around|some|nearly|almost|over|more than|less than|at least|up to)\s)?"
UNITS = (r"(?:km|kilometres|kilometers|miles|metres|meters|m|kg|kilograms|tonnes|tons|pounds|feet|ft|"
         r"inches|cm|mm|litres|liters|gallons|acres|hectares|degrees|mph|km/h|barrels)")

PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("MONEY", re.compile(APPROX + r"(?:US\$|A\$|C\$|\$|€|£|¥)\s?" + NUM + SCALE
                         + r"|" + APPROX + NUM + SCALE + r"\s(?:dollars|euros|pounds sterling|yen|yuan|rupees)")),
    ("PERCENT", re.compile(APPROX + NUM + r"\s?(?:%|percent|per cent)")),
    ("TIME", re.compile(r"\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am|pm)|\b\d{1,2}:\d{2}(?:\s(?:GMT|UTC|local time))?")),
    ("DATE", re.compile(r"\b(?:" + MONTHS + r"\s\d{1,2}(?:,\s\d{4})?|\d{1,2}\s" + MONTHS + r"(?:\s\d{4})?|"
                        + MONTHS + r"\s\d{4}|" + MONTHS + r"|" + DAYS + r"|(?:last|next|this)\s(?:week|month|year|"
                        r"weekend|" + DAYS[3:-1] + r")|(?:yesterday|today|tomorrow)|(?:in\s)?(?:19|20)\d{2}s?)\b")),
    ("QUANTITY", re.compile(APPROX + NUM + SCALE + r"\s?" + UNITS + r"\b")),
    ("ORDINAL", re.compile(r"\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|"
                           r"\d+(?:st|nd|rd|th))\b")),
    ("CARDINAL", re.compile(r"\b" + APPROX + r"(?:" + NUM + SCALE + r"|" + NUMBER_WORDS + r")\b")),
]


def find_entities(text: str) -> tuple[Entity, ...]:
    """Non-overlapping matches; earlier patterns win (MONEY before CARDINAL)."""
    taken: list[tuple[int, int, str]] = []
    for label, pattern in PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.start(), m.end()
            while start < end and text[start].isspace():
                start += 1
            if label == "DATE" and text[start:start + 3] == "in ":
                start += 3
            if start >= end or any(start < b and a < end for a, b, _ in taken):
                continue
            taken.append((start, end, label))
    taken.sort()
    return tuple(Entity(f"e{i}", a, b, label) for i, (a, b, label) in enumerate(taken, start=1))


class RegexEntities:
    name = "regex-entities"
    layers = ("entities",)

    def fit(self, train: Sequence[Example], seed: int = SEED) -> None:
        return None

    def predict(self, document: Document) -> Standoff:
        return Standoff(id=document.id, text_sha256=text_sha256(document.text), entities=find_entities(document.text))
