"""Agreement statistics: Cohen's kappa, Krippendorff's alpha, and two-sided P/R/F1.

Kappa is undefined when both annotators use a single category throughout (expected
agreement 1); SaySo reports ``None`` then, never a made-up 1.0.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any, Iterable, Sequence


def cohen_kappa(a: Sequence[Any], b: Sequence[Any]) -> float | None:
    """Cohen's kappa of two equally long label sequences; None when undefined.

    >>> cohen_kappa(["x", "y", "y", "x"], ["x", "y", "x", "x"])
    0.5
    >>> cohen_kappa(["O", "O"], ["O", "O"]) is None
    True
    """
    if len(a) != len(b):
        raise ValueError(f"cohen_kappa: sequences differ in length ({len(a)} vs {len(b)})")
    n = len(a)
    if n == 0:
        return None
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in ca) / (n * n)
    if expected >= 1.0:
        return None
    return (observed - expected) / (1.0 - expected)


def krippendorff_alpha(units: Sequence[Sequence[Any]]) -> float | None:
    """Nominal Krippendorff's alpha; ``units[u][c]`` is coder c's value for unit u (None = missing).

    Uses the ``krippendorff`` package. None when undefined (fewer than two values, or no
    unit coded twice).
    """
    import numpy as np
    import krippendorff

    if not units:
        return None
    values = sorted({v for unit in units for v in unit if v is not None}, key=str)
    if len(values) < 2 or not any(sum(v is not None for v in unit) >= 2 for unit in units):
        return None
    code = {v: float(i) for i, v in enumerate(values)}
    data = np.array([[code[v] if v is not None else np.nan for v in unit] for unit in units], dtype=float).T
    try:
        alpha = float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    except (ValueError, ZeroDivisionError):
        return None
    return None if math.isnan(alpha) else alpha


@dataclass
class PRF:
    """Matched items of A, of B, and the two totals: P/R/F1 with B read as the prediction."""

    tp_a: float = 0.0
    tp_b: float = 0.0
    n_a: int = 0
    n_b: int = 0

    def add(self, tp_a: float, tp_b: float, n_a: int, n_b: int) -> None:
        self.tp_a += tp_a
        self.tp_b += tp_b
        self.n_a += n_a
        self.n_b += n_b

    def to_dict(self) -> dict[str, Any]:
        p = self.tp_b / self.n_b if self.n_b else None
        r = self.tp_a / self.n_a if self.n_a else None
        if self.n_a == 0 and self.n_b == 0:
            f = None
        elif not p or not r:
            f = 0.0
        else:
            f = 2 * p * r / (p + r)
        return {"f1": _round(f), "precision": _round(p), "recall": _round(r), "a": self.n_a, "b": self.n_b}


def _round(x: float | None) -> float | None:
    return None if x is None else round(float(x), 4)


def _set_prf(a: Iterable[Any], b: Iterable[Any], acc: PRF) -> None:
    sa, sb = set(a), set(b)
    common = len(sa & sb)
    acc.add(common, common, len(sa), len(sb))
