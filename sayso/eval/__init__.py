"""SaySo's scorers: entities, claims and attributions, with bootstrap CIs, paired
significance, a reproducibility signature and JSON/Markdown/HTML reports.

>>> from sayso.eval import score_entities, score_claims, score_attributions, score

Names are imported lazily (PEP 562) so that ``sayso --help`` does not load numpy.
"""
from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "score": "sayso.eval.api",
    "score_entities": "sayso.eval.api",
    "score_claims": "sayso.eval.api",
    "score_attributions": "sayso.eval.api",
    "compare": "sayso.eval.api",
    "pair_documents": "sayso.eval.api",
    "Report": "sayso.eval.results",
    "Comparison": "sayso.eval.results",
    "LayerResult": "sayso.eval.results",
    "MissingPredictionsWarning": "sayso.eval.api",
    "InvalidRecords": "sayso.eval.checks",
    "LAYERS": "sayso.eval.layers",
    "Layer": "sayso.eval.layers",
    "Signature": "sayso.eval.signature",
    "DataInfo": "sayso.eval.signature",
    "load_gold": "sayso.eval.gold",
    "load_predictions": "sayso.eval.predictions",
    "ENTITY_MODES": "sayso.eval.matching",
    "GOLD_SOURCES": "sayso.eval.gold",
    "load_texts": "sayso.eval.gold",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sayso.eval' has no attribute {name!r}")


def __dir__() -> list[str]:
    return __all__
