"""Typed results. Every result is a frozen dataclass with ``to_dict()``; the nested
dicts form the JSON report schema documented in eval/README.md.

``ci`` maps a rate name (``precision``, ``recall``, ``f1``, ``accuracy``) to its
percentile bootstrap interval ``[low, high]``; it is empty when no resampling was done.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from sayso.eval.matching import CATEGORIES

CI = Mapping[str, tuple[float, float]]


def _ci(ci: CI, prefix: str, names: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    return {n: ci[f"{prefix}.{n}"] for n in names if f"{prefix}.{n}" in ci}


def _ci_dict(ci: CI) -> dict[str, list[float]]:
    return {k: [v[0], v[1]] for k, v in ci.items()}


@dataclass(frozen=True)
class PRF:
    """Precision, recall, F1 and the counts they come from."""

    precision: float
    recall: float
    f1: float
    counts: Mapping[str, float] = field(default_factory=dict)
    ci: CI = field(default_factory=dict)

    @classmethod
    def from_flat(cls, point: Mapping[str, float], ci: CI, prefix: str, counts: tuple[str, ...] = ()) -> "PRF":
        return cls(point[f"{prefix}.precision"], point[f"{prefix}.recall"], point[f"{prefix}.f1"],
                   {c: _num(point[f"{prefix}.{c}"]) for c in counts},
                   _ci(ci, prefix, ("precision", "recall", "f1")))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.counts)
        out.update(precision=self.precision, recall=self.recall, f1=self.f1)
        if self.ci:
            out["ci"] = _ci_dict(self.ci)
        return out


@dataclass(frozen=True)
class Accuracy:
    correct: float
    total: float
    accuracy: float
    ci: CI = field(default_factory=dict)

    @classmethod
    def from_flat(cls, point: Mapping[str, float], ci: CI, prefix: str) -> "Accuracy":
        return cls(_num(point[f"{prefix}.correct"]), _num(point[f"{prefix}.total"]), point[f"{prefix}.accuracy"],
                   _ci(ci, prefix, ("accuracy",)))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"correct": self.correct, "total": self.total, "accuracy": self.accuracy}
        if self.ci:
            out["ci"] = _ci_dict(self.ci)
        return out


@dataclass(frozen=True)
class EntityScores:
    """One SemEval-2013 mode: nervaluate's counts and scores."""

    correct: int
    incorrect: int
    partial: int
    missed: int
    spurious: int
    actual: int
    possible: int
    precision: float
    recall: float
    f1: float
    ci: CI = field(default_factory=dict)

    @classmethod
    def from_flat(cls, point: Mapping[str, float], ci: CI, prefix: str) -> "EntityScores":
        counts = {c: int(point[f"{prefix}.{c}"]) for c in (*CATEGORIES, "actual", "possible")}
        return cls(**counts, precision=point[f"{prefix}.precision"], recall=point[f"{prefix}.recall"],
                   f1=point[f"{prefix}.f1"], ci=_ci(ci, prefix, ("precision", "recall", "f1")))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {c: getattr(self, c) for c in (*CATEGORIES, "actual", "possible")}
        out.update(precision=self.precision, recall=self.recall, f1=self.f1)
        if self.ci:
            out["ci"] = _ci_dict(self.ci)
        return out


def _num(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


@dataclass(frozen=True)
class EntityResult:
    modes: Mapping[str, EntityScores]
    macro: Mapping[str, PRF]
    per_type: Mapping[str, Mapping[str, EntityScores]]
    headline_mode: str
    signature: str = ""

    @property
    def strict(self) -> EntityScores:
        return self.modes["strict"]

    @property
    def headline(self) -> EntityScores:
        return self.modes[self.headline_mode]

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {m: s.to_dict() for m, s in self.modes.items()}
        out["headline"] = self.headline_mode
        out["macro"] = {m: s.to_dict() for m, s in self.macro.items()}
        out["per_type"] = {t: {m: s.to_dict() for m, s in d.items()} for t, d in self.per_type.items()}
        return out


@dataclass(frozen=True)
class ClaimResult:
    sentences: PRF
    exact: PRF
    overlap: PRF
    kind: Accuracy
    voice: Accuracy
    matching: str
    signature: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": self.sentences.to_dict(), "exact": self.exact.to_dict(),
                "overlap": self.overlap.to_dict(), "matching": self.matching,
                "kind_accuracy": self.kind.to_dict(), "voice_accuracy": self.voice.to_dict()}


@dataclass(frozen=True)
class AttributionResult:
    match: PRF
    roles: Mapping[str, Mapping[str, PRF]]
    relation: Mapping[str, PRF]
    type: Accuracy
    source_kind: Accuracy
    parent: Accuracy
    who_claimed_what: Mapping[str, PRF] | None
    matching: str
    signature: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "matching": self.matching,
            "match": self.match.to_dict(),
            "roles": {r: {m: s.to_dict() for m, s in d.items()} for r, d in self.roles.items()},
            "relation": {m: s.to_dict() for m, s in self.relation.items()},
            "type_accuracy": self.type.to_dict(),
            "source_kind_accuracy": self.source_kind.to_dict(),
            "parent_accuracy": self.parent.to_dict(),
            "who_claimed_what": (None if self.who_claimed_what is None
                                 else {m: s.to_dict() for m, s in self.who_claimed_what.items()}),
        }


@dataclass(frozen=True)
class Difference:
    """A paired comparison of one metric: ``diff = a - b``, its CI and p-value."""

    a: float
    b: float
    diff: float
    ci: tuple[float, float] | None
    p_value: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "diff": self.diff,
                "ci": list(self.ci) if self.ci else None, "p_value": self.p_value}
