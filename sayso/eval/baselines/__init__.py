"""Baseline systems, by name. Each is honest: no model download, no network, trained
(if at all) on the train split only, deterministic for a given seed."""
from __future__ import annotations

from typing import Callable

from sayso.eval.baselines.attribution_crf import CrfAttributions
from sayso.eval.baselines.base import Example, System
from sayso.eval.baselines.claims_sklearn import LrClaims
from sayso.eval.baselines.entities_crf import CrfEntities
from sayso.eval.baselines.entities_regex import RegexEntities
from sayso.eval.baselines.floor import Floor
from sayso.eval.baselines.pipeline import Pipeline
from sayso.eval.baselines.rule_attribution import RuleAttributions

SYSTEMS: dict[str, Callable[[], System]] = {
    "floor": Floor,
    "regex-entities": RegexEntities,
    "crf-entities": CrfEntities,
    "lr-claims": LrClaims,
    "rule-attributions": RuleAttributions,
    "pipeline": Pipeline,
    "crf-attributions": CrfAttributions,
}


def get_system(name: str) -> System:
    """A fresh instance of the named baseline; unknown names list the valid ones."""
    if name not in SYSTEMS:
        raise ValueError(f"Unknown system {name!r}; choose one of {', '.join(sorted(SYSTEMS))}.")
    return SYSTEMS[name]()


__all__ = ["Example", "System", "SYSTEMS", "get_system"]
