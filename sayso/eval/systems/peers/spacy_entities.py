"""Peer for entities: spaCy's ``en_core_web_sm`` named-entity recogniser, as it comes.

Its labels are OntoNotes 5's, the guidelines' set, so entities are written unchanged;
spaCy's entities are flat and non-overlapping, as ours are.
"""
from __future__ import annotations

from typing import Any, Sequence

from sayso.corpus.model import ENTITY_LABELS, Document, Entity, Standoff
from sayso.eval.systems.peers.pipeline import load_pipeline, model_version, pipeline_label


class SpacyEntities:
    name = "spacy-sm"
    layers = ("entities",)
    kind = "peer"

    def fit(self, train: Sequence[Any], seed: int = 12345) -> None:
        """Nothing to learn: the pipeline is used as shipped."""

    def predict(self, document: Document) -> Standoff:
        return Standoff(document.id, document.text_sha256, entities=spacy_entities(load_pipeline()(document.text)))

    def system_info(self) -> dict[str, Any]:
        # The row's name carries the exact version of what predicted.
        return {"name": f"spacy-en_core_web_sm-{model_version()}", "kind": self.kind, "tool": pipeline_label(), "layers": list(self.layers)}


def spacy_entities(doc: Any) -> tuple[Entity, ...]:
    """The entities of a parsed spaCy ``Doc``, as standoff (whitespace-only edges trimmed)."""
    out = []
    for ent in doc.ents:
        if ent.label_ not in ENTITY_LABELS:
            raise ValueError(f"spaCy label {ent.label_!r} is not an OntoNotes label; is the pipeline en_core_web_sm?")
        text = ent.text
        start = ent.start_char + (len(text) - len(text.lstrip()))
        end = ent.end_char - (len(text) - len(text.rstrip()))
        if start < end:
            out.append(Entity(f"e{len(out) + 1}", start, end, ent.label_))
    return tuple(out)
