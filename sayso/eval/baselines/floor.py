"""Trivial floors, one per layer, so that every number has a reference point.

- entities: every run of capitalised words (not sentence-initial alone) labelled with
  the most frequent entity type of the train split;
- claims: every sentence is a factual writer's-voice claim (without final punctuation);
- attributions: every quotation of three or more words is the content of a direct
  attribution with no source and no cue.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import Sequence

from sayso.corpus.model import Attribution, Claim, Document, Entity, Span, Standoff, text_sha256
from sayso.corpus.splitter import split_sentences
from sayso.eval.baselines.base import Example
from sayso.options import SEED

CAPITALISED_RUN = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'-]*)*")
QUOTE = re.compile(r"“([^”\n]*)”|\"([^\"\n]*)\"")


class Floor:
    name = "floor"
    layers = ("entities", "claims", "attributions")

    def __init__(self) -> None:
        self.label = "PERSON"

    def fit(self, train: Sequence[Example], seed: int = SEED) -> None:
        counts = Counter(e.label for ex in train for e in ex.gold.entities or ())
        if counts:
            self.label = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]

    def predict(self, document: Document) -> Standoff:
        text = document.text
        starts = {s for s, _ in split_sentences(text)}
        entities = []
        for m in CAPITALISED_RUN.finditer(text):
            if m.start() in starts and " " not in m.group(0):
                continue  # a lone sentence-initial capital is just a sentence start
            entities.append(Entity(f"e{len(entities) + 1}", m.start(), m.end(), self.label))
        claims = []
        for s, e in split_sentences(text):
            while e > s and text[e - 1] in ".!?\"”’ ":
                e -= 1
            if s < e:
                claims.append(Claim(f"c{len(claims) + 1}", s, e, "factual", None))
        attributions = []
        for m in QUOTE.finditer(text):
            a, b = m.span(1) if m.group(1) is not None else m.span(2)
            while a < b and text[a] in " …—-":
                a += 1
            while b > a and text[b - 1] in " ,.;:!?":
                b -= 1
            if len(text[a:b].split()) >= 3:
                attributions.append(Attribution(f"a{len(attributions) + 1}", None, None, (Span(a, b),), "direct"))
        return Standoff(id=document.id, text_sha256=text_sha256(text), entities=tuple(entities),
                        claims=tuple(claims), attributions=tuple(attributions))
