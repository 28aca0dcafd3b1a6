"""Sufficient statistics and the one pure function that turns them into scores.

SaySo scores the way sacreBLEU does: every scorer first reduces each document to a row
of counts (its *sufficient statistics*), stored in a ``documents x columns`` numpy
matrix. Every reported number is then a pure function of the **column sums** of that
matrix. Bootstrap confidence intervals and the paired significance test resample the
*rows* (documents) and re-apply the same function; nothing is ever re-scored.

Conventions used by every layer (the same as nervaluate's):

* a ratio whose denominator is 0 is 0 (``0/0 = 0``), never NaN and never a warning;
* F1 is ``2 * (P * R) / (P + R)``, and 0 when ``P + R == 0``.

Those conventions give the point estimates. A *resample*, though, can draw documents in
which a rate has nothing to measure (no prediction for a precision, no gold item for a
recall, neither for an F1, no pair for an accuracy, a type absent on both sides). Such a
rate is undefined in that resample (``empty=nan``) and left out of its interval, instead
of counting as 0: a perfect system's every interval is ``[1, 1]``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Mapping

import numpy as np

#: Metric names that get a confidence interval (everything else is a count).
RATE_SUFFIXES = (".precision", ".recall", ".f1", ".accuracy")


def safe_div(num: np.ndarray | float, den: np.ndarray | float, empty: float = 0.0) -> np.ndarray:
    """``num / den`` elementwise, with ``x / 0 = empty`` (0: the nervaluate convention;
    NaN: "undefined", for resamples).

    >>> float(safe_div(1, 4)), float(safe_div(0, 0)), float(safe_div(3, 0))
    (0.25, 0.0, 0.0)
    """
    num_a = np.asarray(num, dtype=np.float64)
    den_a = np.asarray(den, dtype=np.float64)
    num_a, den_a = np.broadcast_arrays(num_a, den_a)
    out = np.full(num_a.shape, empty, dtype=np.float64)
    np.divide(num_a, den_a, out=out, where=den_a != 0)
    return out


def undefined_where(values: np.ndarray, mask: np.ndarray, empty: float) -> np.ndarray:
    """``values`` with ``empty`` where ``mask`` (a no-op for the point estimate, ``empty == 0``)."""
    if empty == 0:
        return values
    return np.where(mask, empty, values)


def prf(p_num: np.ndarray, p_den: np.ndarray, r_num: np.ndarray, r_den: np.ndarray,
        empty: float = 0.0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 from numerators and denominators (arrays or scalars).

    ``F1 = 2 * (P * R) / (P + R)``, evaluated in that order so that the floats equal
    nervaluate's bit for bit. With ``empty=nan``: P is undefined without predictions,
    R without gold items, F1 only when both are missing (a system that predicts nothing
    against gold items has F1 0, not "undefined").

    >>> [round(float(x), 4) for x in prf(3, 4, 3, 6)]
    [0.75, 0.5, 0.6]
    >>> [float(x) for x in prf(0, 0, 0, 0, empty=float("nan"))]
    [nan, nan, nan]
    """
    p = safe_div(p_num, p_den)
    r = safe_div(r_num, r_den)
    f = safe_div(2 * (p * r), p + r)
    if empty != 0:
        no_p, no_r = np.asarray(p_den) == 0, np.asarray(r_den) == 0
        p, r, f = (undefined_where(p, no_p, empty), undefined_where(r, no_r, empty),
                   undefined_where(f, no_p & no_r, empty))
    return p, r, f


#: ``metrics(column_sums, empty)``: every named score; ``empty`` is what an undefined rate is.
Metrics = Callable[[np.ndarray, float], dict[str, np.ndarray]]


@dataclass(frozen=True)
class LayerStats:
    """Per-document sufficient statistics of one layer, and how to turn sums into scores.

    ``matrix[i, j]`` is statistic ``columns[j]`` of document ``doc_ids[i]``.
    ``metrics`` maps column sums (shape ``(..., len(columns))``) to a flat dict of
    named arrays of shape ``(...)``: it is vectorised, so the bootstrap can call it
    once on all resamples. ``meta["not_scored"]`` lists metric prefixes that do not apply
    to this input (left out of results).
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
        return {k: float(v) for k, v in self.metrics(sums, 0.0).items()}


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
    """The layer's metrics on every resample: ``{name: array of shape (resamples,)}``,
    NaN where a rate is undefined in a resample."""
    matrix = stats.matrix.astype(np.float64, copy=False)
    parts: list[dict[str, np.ndarray]] = []
    for lo in range(0, counts.shape[0], chunk):
        sums = counts[lo:lo + chunk] @ matrix
        parts.append(stats.metrics(sums, np.nan))
    if not parts:
        return {}
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def percentile_interval(values: np.ndarray, level: float) -> tuple[float, float] | None:
    """The percentile bootstrap interval: the ``(1-level)/2`` and ``(1+level)/2`` quantiles
    of the resamples where the metric is defined (numpy's default linear interpolation);
    None when it is defined in none."""
    defined = values[~np.isnan(values)]
    if defined.size == 0:
        return None
    lo, hi = np.percentile(defined, [100 * (1 - level) / 2, 100 * (1 + level) / 2])
    return float(lo), float(hi)


def paired_difference(diffs: np.ndarray, level: float) -> tuple[tuple[float, float] | None, float | None]:
    """Interval and two-sided p-value of a paired difference from its resampled values.

    Both come from the same order statistics of the ``B`` resampled differences where
    the metric is defined in both systems, so they never disagree: with ``m =
    ceil(B * (1 - level) / 2)``, the interval runs from the ``m``-th smallest to the
    ``m``-th largest difference, and ``p = min(1, 2 * min(#{d_b <= 0}, #{d_b >= 0}) / B)``.
    The interval excludes 0 exactly when ``p < 1 - level``. (p = 0 means no resample fell
    on the other side of 0; its resolution is ``1/B``.)

    >>> paired_difference(np.array([0.1, 0.2, 0.3, 0.4]), 0.5)
    ((0.1, 0.4), 0.0)
    """
    d = np.sort(diffs[~np.isnan(diffs)])
    b = d.size
    if b == 0:
        return None, None
    alpha = round(1 - level, 12)  # 0.05, not 0.050000000000000044
    # m: the fewest resamples on one side of 0 that keep 0 inside, decided by the same
    # float comparison as the p-value's, so the two cannot disagree
    m = max(1, int(np.ceil(b * alpha / 2)))
    while m > 1 and 2 * (m - 1) / b >= alpha:
        m -= 1
    while 2 * m / b < alpha:
        m += 1
    interval = (float(d[m - 1]), float(d[b - m]))
    below = int(np.count_nonzero(d <= 0))
    above = int(np.count_nonzero(d >= 0))
    return interval, min(1.0, 2 * min(below, above) / b)


def is_rate(name: str) -> bool:
    return name.endswith(RATE_SUFFIXES)


def confidence_intervals(stats: LayerStats, counts: np.ndarray | None, level: float) -> dict[str, tuple[float, float]]:
    """Percentile CIs of every rate (precision, recall, F1, accuracy) of a layer."""
    if counts is None or counts.shape[0] == 0:
        return {}
    boot = resampled_metrics(stats, counts)
    out = {}
    for k, v in boot.items():
        if is_rate(k):
            interval = percentile_interval(v, level)
            if interval is not None:
                out[k] = interval
    return out


def check_level(level: float) -> float:
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1 (e.g. 0.95), got {level!r}")
    return float(level)
