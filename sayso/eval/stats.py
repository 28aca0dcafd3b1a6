"""Sufficient statistics and the one pure function that turns them into scores.

SaySo scores the way sacreBLEU does: every scorer first reduces each document to a row
of counts (its *sufficient statistics*), stored in a ``documents x columns`` numpy
matrix. Every reported number is then a pure function of the **column sums** of that
matrix. Bootstrap confidence intervals and the paired significance test resample the
*rows* (documents) and re-apply the same function; nothing is ever re-scored.

Conventions used by every layer (the same as nervaluate's):

* a ratio whose denominator is 0 is 0 (``0/0 = 0``), never NaN and never a warning;
* F1 is ``2 * (P * R) / (P + R)``, and 0 when ``P + R == 0``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

#: Metric names that get a confidence interval (everything else is a count).
RATE_SUFFIXES = (".precision", ".recall", ".f1", ".accuracy")


def safe_div(num: np.ndarray | float, den: np.ndarray | float) -> np.ndarray:
    """``num / den`` elementwise, with ``x / 0 = 0`` (the nervaluate convention).

    >>> float(safe_div(1, 4)), float(safe_div(0, 0)), float(safe_div(3, 0))
    (0.25, 0.0, 0.0)
    """
    num_a = np.asarray(num, dtype=np.float64)
    den_a = np.asarray(den, dtype=np.float64)
    num_a, den_a = np.broadcast_arrays(num_a, den_a)
    out = np.zeros(num_a.shape, dtype=np.float64)
    np.divide(num_a, den_a, out=out, where=den_a != 0)
    return out


def prf(p_num: np.ndarray, p_den: np.ndarray, r_num: np.ndarray, r_den: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 from numerators and denominators (arrays or scalars).

    ``F1 = 2 * (P * R) / (P + R)``, evaluated in that order so that the floats equal
    nervaluate's bit for bit.

    >>> [round(float(x), 4) for x in prf(3, 4, 3, 6)]
    [0.75, 0.5, 0.6]
    """
    p = safe_div(p_num, p_den)
    r = safe_div(r_num, r_den)
    f = safe_div(2 * (p * r), p + r)
    return p, r, f


Metrics = Callable[[np.ndarray], dict[str, np.ndarray]]


@dataclass(frozen=True)
class LayerStats:
    """Per-document sufficient statistics of one layer, and how to turn sums into scores.

    ``matrix[i, j]`` is statistic ``columns[j]`` of document ``doc_ids[i]``.
    ``metrics`` maps column sums (shape ``(..., len(columns))``) to a flat dict of
    named arrays of shape ``(...)``: it is vectorised, so the bootstrap can call it
    once on all resamples.
    """

    layer: str
    doc_ids: tuple[str, ...]
    columns: tuple[str, ...]
    matrix: np.ndarray
    metrics: Metrics
    meta: Mapping[str, object] = field(default_factory=dict)

    def column(self, name: str) -> int:
        return self.columns.index(name)

    def point(self) -> dict[str, float]:
        """The scores of the whole test set (no resampling)."""
        sums = self.matrix.sum(axis=0, dtype=np.float64)
        return {k: float(v) for k, v in self.metrics(sums).items()}


def resample_counts(n_docs: int, resamples: int, seed: int) -> np.ndarray:
    """How often each document is drawn in each bootstrap resample: ``(resamples, n_docs)``.

    The draw is defined exactly, so that anyone can reproduce it: with
    ``rng = numpy.random.default_rng(seed)``, resample ``b`` (in order ``b = 0, 1, …``)
    is ``rng.integers(0, n_docs, size=n_docs)``: ``n_docs`` documents drawn uniformly
    with replacement.
    """
    if n_docs <= 0:
        raise ValueError("resample_counts: there are no documents to resample")
    if resamples < 0:
        raise ValueError(f"resample_counts: resamples must be >= 0, got {resamples}")
    rng = np.random.default_rng(seed)
    counts = np.zeros((resamples, n_docs), dtype=np.float64)
    for b in range(resamples):
        counts[b] = np.bincount(rng.integers(0, n_docs, size=n_docs), minlength=n_docs)
    return counts


def resampled_metrics(stats: LayerStats, counts: np.ndarray, chunk: int = 256) -> dict[str, np.ndarray]:
    """The layer's metrics on every resample: ``{name: array of shape (resamples,)}``."""
    matrix = stats.matrix.astype(np.float64, copy=False)
    parts: list[dict[str, np.ndarray]] = []
    for lo in range(0, counts.shape[0], chunk):
        sums = counts[lo:lo + chunk] @ matrix
        parts.append(stats.metrics(sums))
    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def percentile_interval(values: np.ndarray, level: float) -> tuple[float, float]:
    """The percentile bootstrap interval: the ``(1-level)/2`` and ``(1+level)/2`` quantiles
    of ``values`` (numpy's default linear interpolation)."""
    lo, hi = np.percentile(values, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return float(lo), float(hi)


def is_rate(name: str) -> bool:
    return name.endswith(RATE_SUFFIXES)


def confidence_intervals(stats: LayerStats, counts: np.ndarray | None, level: float) -> dict[str, tuple[float, float]]:
    """Percentile CIs of every rate (precision, recall, F1, accuracy) of a layer."""
    if counts is None or counts.shape[0] == 0:
        return {}
    boot = resampled_metrics(stats, counts)
    return {k: percentile_interval(v, level) for k, v in boot.items() if is_rate(k)}


def check_level(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}")
    return float(level)
