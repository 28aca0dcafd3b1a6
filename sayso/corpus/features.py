"""Typed Hugging Face features of the three configs: spans as structs, labels as ClassLabel."""
from __future__ import annotations

from typing import Any

from sayso.corpus.model import ATTRIBUTION_TYPES, CLAIM_KINDS, ENTITY_LABELS, SOURCE_KINDS

CONFIGS = ("documents", "sentences", "ner", "polnear")  # polnear: PolNeAR's own gold, `documents` columns
NER_TAGS: tuple[str, ...] = ("O", *(f"{p}-{label}" for label in ENTITY_LABELS for p in ("B", "I")))


def _features(config: str) -> Any:
    from datasets import ClassLabel, Features, List, Value  # lazy: datasets is slow to import

    span = {"start": Value("int32"), "end": Value("int32")}
    entity = {"id": Value("string"), **span, "label": ClassLabel(names=list(ENTITY_LABELS))}
    claim = {"id": Value("string"), **span, "kind": ClassLabel(names=list(CLAIM_KINDS)),
             "attribution": Value("string")}
    attribution = {
        "id": Value("string"), "source": span, "cue": span, "content": List(span),
        "type": ClassLabel(names=list(ATTRIBUTION_TYPES)),
        "source_kind": ClassLabel(names=list(SOURCE_KINDS)),
        "source_entity": Value("string"), "parent": Value("string"),
    }
    layers = {"sentences": List(span), "entities": List(entity), "claims": List(claim),
              "attributions": List(attribution)}
    if config in ("documents", "polnear"):
        return Features({
            "id": Value("string"), "title": Value("string"), "publisher": Value("string"),
            "url": Value("string"), "date": Value("string"), "license": Value("string"),
            "text": Value("string"), "text_sha256": Value("string"), **layers,
        })
    if config == "sentences":
        del layers["sentences"]
        return Features({
            "id": Value("string"), "doc_id": Value("string"), "sentence_index": Value("int32"),
            "doc_start": Value("int32"), "doc_end": Value("int32"), "text": Value("string"), **layers,
            "attributions_crossing": Value("int32"),
        })
    if config == "ner":
        return Features({
            "id": Value("string"), "doc_id": Value("string"), "sentence_index": Value("int32"),
            "tokens": List(Value("string")), "token_starts": List(Value("int32")),
            "ner_tags": List(ClassLabel(names=list(NER_TAGS))),
        })
    raise ValueError(f"Unknown config {config!r}; choose one of {', '.join(CONFIGS)}.")


def features(config: str) -> Any:
    """The ``datasets.Features`` of ``config``."""
    return _features(config)
