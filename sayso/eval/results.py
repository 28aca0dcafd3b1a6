"""Typed results over one vocabulary.

A layer's scores are a flat mapping from dotted names to numbers — the names its
statistics produce (``strict.f1``, ``per_type.PERSON.strict.recall``,
``relation.partial.f1``, ``who_claimed_what.overlap.f1``). The same name is the path in
the JSON report, the metric name in ``sayso compare`` and the leaderboard's column path
(eval/README.md, "One vocabulary").

:class:`LayerResult` gives attribute and item access along those paths:

>>> r = LayerResult("entities", "strict", {"strict.correct": 3.0, "strict.f1": 0.75},
...                 {"strict.f1": (0.5, 1.0)}, "sig")
>>> r.strict.f1, r["strict.f1"], r.strict.correct, r.strict.ci["f1"]
(0.75, 0.75, 3, (0.5, 1.0))
>>> r.to_dict()["strict"]
{'correct': 3, 'f1': 0.75, 'ci': {'f1': [0.5, 1.0]}}
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator, Mapping

from sayso.eval.signature import Signature
from sayso.eval.stats import is_rate

CI = Mapping[str, tuple[float, float]]


def _num(x: float) -> float | int:
    """Counts are integers in the report; rates and partial credits stay floats."""
    return int(x) if float(x).is_integer() else float(x)


class Node(Mapping[str, Any]):
    """A group of metrics under a dotted prefix, e.g. ``strict`` or ``roles.source``.

    ``node.f1`` / ``node["f1"]`` is a number (counts as ``int``), ``node.exact`` a
    sub-group, ``node.ci`` the intervals of the rates directly under it, ``node.counts``
    its non-rate numbers.
    """

    __slots__ = ("_result", "_prefix")

    def __init__(self, result: "LayerResult", prefix: str):
        self._result = result
        self._prefix = prefix

    def _children(self) -> list[str]:
        seen: dict[str, None] = {}
        for key in self._result.scores:
            if key.startswith(self._prefix):
                seen.setdefault(key[len(self._prefix):].split(".", 1)[0])
        return list(seen)

    def __getitem__(self, name: str) -> Any:
        value = self._result.get(self._prefix + name)
        if value is None:
            raise KeyError(f"{self._prefix}{name}")
        return value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"no metric {self._prefix}{name!r} in this {self._result.layer} result") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._children())

    def __len__(self) -> int:
        return len(self._children())

    @property
    def ci(self) -> dict[str, tuple[float, float]]:
        return {k[len(self._prefix):]: v for k, v in self._result.ci.items()
                if k.startswith(self._prefix) and "." not in k[len(self._prefix):]}

    @property
    def counts(self) -> dict[str, float | int]:
        return {k[len(self._prefix):]: _num(v) for k, v in self._result.scores.items()
                if k.startswith(self._prefix) and "." not in k[len(self._prefix):] and not is_rate(k)}

    def to_dict(self) -> dict[str, Any]:
        return self._result._tree(self._prefix)

    def __repr__(self) -> str:
        return f"Node({self._prefix.rstrip('.')!r}: {self.to_dict()!r})"


@dataclass(frozen=True)
class LayerResult:
    """One layer's scores: point estimates, their intervals, the matching mode and the
    layer's own signature (naming only this layer's mode)."""

    layer: str
    mode: str
    scores: Mapping[str, float]
    ci: CI = field(default_factory=dict)
    signature: str = ""

    def get(self, name: str) -> Any:
        """The number at ``name``, the group under it, or None."""
        if name in self.scores:
            value = self.scores[name]
            return value if is_rate(name) else _num(value)
        prefix = name + "."
        if any(k.startswith(prefix) for k in self.scores):
            return Node(self, prefix)
        return None

    def __getitem__(self, name: str) -> Any:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        value = self.get(name)
        if value is None:
            raise AttributeError(f"no metric {name!r} in this {self.layer} result")
        return value

    def _tree(self, prefix: str = "") -> dict[str, Any]:
        """The nested dict of everything under ``prefix``; every group with rates gets
        ``ci: {rate: [low, high]}``."""
        out: dict[str, Any] = {}
        for key, value in self.scores.items():
            if not key.startswith(prefix):
                continue
            *path, leaf = key[len(prefix):].split(".")
            node = out
            for part in path:
                node = node.setdefault(part, {})
            node[leaf] = value if is_rate(key) else _num(value)
            if key in self.ci:
                lo, hi = self.ci[key]
                node.setdefault("ci", {})[leaf] = [lo, hi]
        # "ci" last in each group, after the numbers it qualifies
        def ci_last(node: dict[str, Any]) -> dict[str, Any]:
            ordered = {k: ci_last(v) if isinstance(v, dict) and k != "ci" else v for k, v in node.items() if k != "ci"}
            if "ci" in node:
                ordered["ci"] = node["ci"]
            return ordered
        return ci_last(out)

    def to_dict(self) -> dict[str, Any]:
        """The layer's block of the JSON report: signature, mode, then the metric tree."""
        return {"signature": self.signature, "mode": self.mode, **self._tree()}


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


REPORT_SCHEMA = "sayso-report/2"
COMPARISON_SCHEMA = "sayso-comparison/2"


@dataclass(frozen=True)
class Report:
    """A full score report: which system, the top-line signature (every scored layer's
    mode), each scored layer's result (``report.entities`` etc., None when not scored),
    and the statistics behind them."""

    system: str | None
    signature: Signature
    documents: int
    missing_predictions: tuple[str, ...]
    results: Mapping[str, LayerResult]
    stats: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    #: what the system is (kind, versions, model, prompt, token counts), when its record was given
    system_info: Mapping[str, Any] | None = None

    def __getattr__(self, name: str) -> Any:
        from sayso.eval.layers import LAYERS

        if name in LAYERS:
            return self.results.get(name)
        raise AttributeError(name)

    @property
    def layers(self) -> tuple[str, ...]:
        return tuple(self.results)

    def to_dict(self) -> dict[str, Any]:
        """The JSON report (schema ``sayso-report/2``, eval/README.md)."""
        from sayso import __version__
        from sayso.eval.layers import LAYERS

        sig = self.signature
        return {
            "schema": REPORT_SCHEMA,
            "system": self.system,
            **({"system_info": dict(self.system_info)} if self.system_info else {}),
            "signature": sig.format(),
            "scorer": {"name": "sayso", "version": __version__},
            "data": {**sig.data.to_dict(), "documents": self.documents, "subset": sig.subset,
                     "missing_predictions": list(self.missing_predictions)},
            "options": {"layers": list(self.layers), "modes": dict(sig.modes), "resamples": sig.resamples,
                        "seed": sig.seed, "level": sig.level},
            **{name: (self.results[name].to_dict() if name in self.results else None) for name in LAYERS},
        }


@dataclass(frozen=True)
class Comparison:
    """System A against system B on the same gold: per layer, per metric differences."""

    signature: Signature
    a: Report
    b: Report
    differences: Mapping[str, Mapping[str, Difference]]

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": COMPARISON_SCHEMA,
            "signature": self.signature.format(),
            "systems": {"a": self.a.system, "b": self.b.system},
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "differences": {layer: {m: d.to_dict() for m, d in diffs.items()}
                            for layer, diffs in self.differences.items()},
        }
