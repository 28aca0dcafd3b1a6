"""What a system is: something that turns a Document into standoff predictions.

A system declares the layers it predicts and may learn from the training split
(``fit``) before it predicts. Systems are deterministic: the same training data and
seed give the same predictions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence

from sayso.corpus.model import Document, Standoff
from sayso.options import SEED


@dataclass(frozen=True)
class Example:
    """A training document: its text and its gold layers."""

    document: Document
    gold: Standoff


class System(Protocol):
    name: str
    layers: tuple[str, ...]

    def fit(self, train: Sequence[Example], seed: int = SEED) -> None:
        """Learn from the training split (rule systems ignore it)."""

    def predict(self, document: Document) -> Standoff:
        """Predicted standoff for one document: only the layers in ``self.layers``."""
