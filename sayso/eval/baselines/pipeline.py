"""The end-to-end baseline: CRF entities, then rule attributions linked to them, then
logistic-regression claims linked to the attributions whose content they are."""
from __future__ import annotations

from typing import Sequence

from sayso.corpus.model import Document, Standoff, text_sha256
from sayso.eval.baselines.base import Example
from sayso.eval.baselines.claims_sklearn import LrClaims
from sayso.eval.baselines.entities_crf import CrfEntities
from sayso.eval.baselines.rule_attribution import extract_attributions
from sayso.options import SEED


class Pipeline:
    name = "pipeline"
    layers = ("entities", "claims", "attributions")

    def __init__(self) -> None:
        self.tagger = CrfEntities()
        self.claimer = LrClaims()

    def fit(self, train: Sequence[Example], seed: int = SEED) -> None:
        self.tagger.fit(train, seed)
        self.claimer.fit(train, seed)

    def predict(self, document: Document) -> Standoff:
        entities = self.tagger.entities(document.text)
        attributions = extract_attributions(document.text, entities)
        claims = self.claimer.claims(document.text, attributions)
        return Standoff(id=document.id, text_sha256=text_sha256(document.text), entities=entities,
                        claims=claims, attributions=attributions)
