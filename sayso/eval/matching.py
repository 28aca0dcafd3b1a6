"""Matching: which predicted item is compared with which gold item.

* :data:`ENTITY_MODES` — the SemEval-2013 schemes as nervaluate 1.2.1 defines them
  (``strict``, ``exact``, ``partial``, ``ent_type``), strategy classes in the style of
  nervaluate's, with its greedy, order-dependent matching reproduced exactly;
  :func:`get_mode` looks a name up and raises with the list of valid names.
* Claims and attributions pair items that share a token, or (``exact`` /
  ``content-exact``) have identical spans: one boolean, given by the layer's mode
  (:mod:`sayso.eval.layers`).

One-to-one matching (claims, attributions, who-claimed-what) is :func:`assign`: an
optimal assignment with a fully specified tie-break (see its docstring and
eval/README.md).

Offsets are end-exclusive code-point offsets everywhere in SaySo; nervaluate's ends
are inclusive, which only matters when comparing with it (pass ``end - 1``).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Mapping, Sequence, TypeVar

import numpy as np

from sayso.corpus.tokenize import tokens

# nervaluate's five outcome categories, in its order.
CATEGORIES: tuple[str, ...] = ("correct", "incorrect", "partial", "missed", "spurious")
COR, INC, PAR, MIS, SPU = range(5)

T = TypeVar("T")

# An entity as the matchers see it: (start, end, label), end-exclusive.
Ent = tuple[int, int, str]


class EntityMode:
    """One SemEval-2013 scheme. Subclasses say when a prediction is *correct*, what a
    merely overlapping prediction counts as, and whether partial matches earn half credit.

    The greedy matching (``greedy``) mirrors nervaluate 1.2.1: predictions are taken in
    order; each takes the first still-unmatched gold entity that satisfies the mode's
    criterion, else the first still-unmatched sufficiently overlapping one (counted as
    ``fallback``), else it is spurious. Unmatched gold entities are missed.
    """

    name: str = ""
    description: str = ""
    fallback: int = INC
    #: precision/recall numerator is ``correct + 0.5 * partial`` (else ``correct``)
    partial_credit: bool = False

    def criterion(self, pred: Ent, gold: Ent) -> bool:
        raise NotImplementedError

    def pair_outcome(self, same_bounds: np.ndarray, same_label: np.ndarray) -> np.ndarray:
        """Outcome of an isolated, sufficiently overlapping pair (vectorised)."""
        raise NotImplementedError

    def greedy(self, golds: Sequence[Ent], preds: Sequence[Ent],
               cands: Sequence[Sequence[int]] | None = None) -> tuple[list[tuple[int, int | None]], set[int]]:
        """``([(outcome, gold_index or None) per prediction], matched gold indices)``.

        ``cands[k]`` lists, in gold order, the gold indices prediction ``k`` may be
        matched with (default: those it overlaps sufficiently); restricting them to the
        same type gives nervaluate's per-type evaluation.
        """
        if cands is None:
            cands = candidates(golds, preds)
        matched: set[int] = set()
        outcomes: list[tuple[int, int | None]] = []
        criterion = self.criterion
        for p, cand in zip(preds, cands):
            first: int | None = None
            hit: int | None = None
            for gi in cand:
                if gi in matched:
                    continue
                if criterion(p, golds[gi]):
                    hit = gi
                    break
                if first is None:
                    first = gi
            if hit is not None:
                matched.add(hit)
                outcomes.append((COR, hit))
            elif first is not None:
                matched.add(first)
                outcomes.append((self.fallback, first))
            else:
                outcomes.append((SPU, None))
        return outcomes, matched


def candidates(golds: Sequence[Ent], preds: Sequence[Ent], same_type: bool = False) -> list[list[int]]:
    """For each prediction, the gold indices it overlaps sufficiently (optionally: of its type).

    Sufficient is nervaluate's default ``min_overlap_percentage=1.0``: the overlap covers
    at least 1% of the *gold* span (``overlap * 100 >= len(gold)``, exact in integers), so
    any overlap qualifies for gold spans up to 100 characters.
    """
    out: list[list[int]] = []
    for ps, pe, pl in preds:
        row = []
        for gi, (gs, ge, gl) in enumerate(golds):
            if same_type and gl != pl:
                continue
            ov = (pe if pe < ge else ge) - (ps if ps > gs else gs)
            if ov > 0 and ov * 100 >= ge - gs:
                row.append(gi)
        out.append(row)
    return out


class StrictMode(EntityMode):
    name = "strict"
    description = "exact boundaries and the same type"

    def criterion(self, pred: Ent, gold: Ent) -> bool:
        return pred == gold

    def pair_outcome(self, same_bounds: np.ndarray, same_label: np.ndarray) -> np.ndarray:
        return np.where(same_bounds & same_label, COR, INC)


class ExactMode(EntityMode):
    name = "exact"
    description = "exact boundaries, any type"

    def criterion(self, pred: Ent, gold: Ent) -> bool:
        return pred[0] == gold[0] and pred[1] == gold[1]

    def pair_outcome(self, same_bounds: np.ndarray, same_label: np.ndarray) -> np.ndarray:
        return np.where(same_bounds, COR, INC)


class PartialMode(ExactMode):
    name = "partial"
    description = "exact boundaries correct, overlapping boundaries half credit, any type"
    fallback = PAR
    partial_credit = True

    def pair_outcome(self, same_bounds: np.ndarray, same_label: np.ndarray) -> np.ndarray:
        return np.where(same_bounds, COR, PAR)


class EntTypeMode(EntityMode):
    name = "ent_type"
    description = "overlapping boundaries and the same type"
    partial_credit = True  # nervaluate uses the partial formula; partial is always 0 here

    def criterion(self, pred: Ent, gold: Ent) -> bool:
        return pred[2] == gold[2]

    def pair_outcome(self, same_bounds: np.ndarray, same_label: np.ndarray) -> np.ndarray:
        return np.where(same_label, COR, INC)

    def greedy(self, golds: Sequence[Ent], preds: Sequence[Ent],
               cands: Sequence[Sequence[int]] | None = None) -> tuple[list[tuple[int, int | None]], set[int]]:
        # nervaluate: among same-type overlapping golds the one with the closest
        # boundaries (|Δstart| + |Δend|, first on ties) is correct; else the first
        # overlapping gold of another type is incorrect.
        if cands is None:
            cands = candidates(golds, preds)
        matched: set[int] = set()
        outcomes: list[tuple[int, int | None]] = []
        for p, cand in zip(preds, cands):
            best: int | None = None
            best_distance = 0
            first_other: int | None = None
            for gi in cand:
                if gi in matched:
                    continue
                g = golds[gi]
                if p[2] == g[2]:
                    distance = abs(p[0] - g[0]) + abs(p[1] - g[1])
                    if best is None or distance < best_distance:
                        best, best_distance = gi, distance
                elif first_other is None:
                    first_other = gi
            if best is not None:
                matched.add(best)
                outcomes.append((COR, best))
            elif first_other is not None:
                matched.add(first_other)
                outcomes.append((INC, first_other))
            else:
                outcomes.append((SPU, None))
        return outcomes, matched


ENTITY_MODES: dict[str, EntityMode] = {m.name: m for m in (StrictMode(), ExactMode(), PartialMode(), EntTypeMode())}


def get_mode(name: str, registry: Mapping[str, T], what: str = "mode") -> T:
    """``registry[name]``, or a ValueError that lists the valid names.

    >>> get_mode("strict", ENTITY_MODES).name
    'strict'
    >>> get_mode("loose", ENTITY_MODES, "entity mode")
    Traceback (most recent call last):
    ...
    ValueError: unknown entity mode 'loose'; choose one of: strict, exact, partial, ent_type
    """
    if name not in registry:
        raise ValueError(f"unknown {what} {name!r}; choose one of: {', '.join(registry)}")
    return registry[name]


class TextTokens:
    """The project tokenisation of one document, for token-overlap matching.

    A span's tokens are the document tokens it overlaps by at least one character, so a
    span that cuts a word still counts that word. They are a contiguous index range.
    """

    __slots__ = ("starts", "ends")

    def __init__(self, text: str):
        spans = tokens(text)
        self.starts = [s for s, _ in spans]
        self.ends = [e for _, e in spans]

    def range(self, start: int, end: int) -> tuple[int, int]:
        lo = bisect_right(self.ends, start)
        hi = bisect_left(self.starts, end)
        return lo, max(lo, hi)

    def ranges(self, spans: Sequence[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
        """The merged, sorted token ranges of several spans (a set of token indices)."""
        merged: list[list[int]] = []
        for lo, hi in sorted(self.range(s, e) for s, e in spans):
            if hi <= lo:
                continue
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        return tuple((lo, hi) for lo, hi in merged)


def range_size(ranges: Sequence[tuple[int, int]]) -> int:
    return sum(hi - lo for lo, hi in ranges)


def shared(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> int:
    """Number of token indices two merged range sets have in common."""
    total = 0
    for alo, ahi in a:
        for blo, bhi in b:
            ov = min(ahi, bhi) - max(alo, blo)
            if ov > 0:
                total += ov
    return total


def assign(scores: Mapping[tuple[int, int], tuple[int, ...]]) -> list[tuple[int, int]]:
    """Optimal one-to-one matching of gold items (rows) to predictions (columns).

    ``scores[(i, j)]`` is a tuple of non-negative integers for every *admissible* pair
    (pairs not in the mapping can never be matched). The result is the matching that

    1. maximises the element-wise sum of the score tuples, compared lexicographically
       (so the first element is the primary objective, the second breaks its ties, …);
    2. among those, is lexicographically first when gold items are taken in index
       order: gold 0 gets the lowest-index prediction it can have in an optimal
       matching (or none if it must stay unmatched), then gold 1, and so on.

    Every gold item and every prediction appears in at most one pair: a prediction can
    never be credited against two gold items, nor two predictions against one.

    >>> assign({(0, 0): (1, 5), (0, 1): (1, 5), (1, 1): (1, 2)})
    [(0, 0), (1, 1)]
    >>> assign({(0, 0): (1, 3), (0, 1): (1, 3)})  # one gold, two equal predictions
    [(0, 0)]
    """
    if not scores:
        return []
    for key, value in scores.items():
        if any((not isinstance(v, (int, np.integer))) or v < 0 for v in value):
            raise ValueError(f"assign: scores must be tuples of non-negative integers, got {value!r} for {key}")
    # connected components of the admissible-pair graph, solved independently
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j in scores:
        a, b = find(("g", i)), find(("p", j))
        if a != b:
            parent[a] = b
    components: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for i, j in scores:
        components.setdefault(find(("g", i)), []).append((i, j))
    result: list[tuple[int, int]] = []
    for pairs in components.values():
        result.extend(_assign_component({p: scores[p] for p in pairs}))
    return sorted(result)


def _pack(scores: Mapping[tuple[int, int], tuple[int, ...]]) -> dict[tuple[int, int], int]:
    """Lexicographic score tuples -> one integer weight with the same optimum.

    Radix for element k: one more than the largest sum element k can reach over any
    matching (bounded by the sum, over gold rows, of the row's largest element k).
    """
    width = max(len(v) for v in scores.values())
    rows = sorted({i for i, _ in scores})
    bounds = []
    for k in range(width):
        bounds.append(sum(max((v[k] if k < len(v) else 0) for (i, _), v in scores.items() if i == r) for r in rows))
    packed: dict[tuple[int, int], int] = {}
    for key, value in scores.items():
        w = 0
        for k in range(width):
            w = w * (bounds[k] + 1) + (value[k] if k < len(value) else 0)
        packed[key] = w
    return packed


def _assign_component(scores: Mapping[tuple[int, int], tuple[int, ...]]) -> list[tuple[int, int]]:
    if len(scores) == 1:
        return list(scores)
    weights = _pack(scores)
    rows = sorted({i for i, _ in weights})
    cols = sorted({j for _, j in weights})
    if len(rows) == 1 or len(cols) == 1:
        # one gold: its best prediction; one prediction: the best gold. Ties -> lowest index.
        best = max(weights.values())
        return [min(k for k, w in weights.items() if w == best)]
    if sum(max(w for (i, _), w in weights.items() if i == r) for r in rows) >= 2 ** 53:
        raise ValueError("assign: scores too large to optimise exactly; split the document")
    from scipy.optimize import linear_sum_assignment

    matrix = np.zeros((len(rows), len(cols)), dtype=np.float64)
    admissible = np.zeros((len(rows), len(cols)), dtype=bool)
    ri = {r: k for k, r in enumerate(rows)}
    ci = {c: k for k, c in enumerate(cols)}
    for (i, j), w in weights.items():
        matrix[ri[i], ci[j]] = w
        admissible[ri[i], ci[j]] = True

    def best_value(sub: np.ndarray) -> float:
        if sub.size == 0:
            return 0.0
        r, c = linear_sum_assignment(sub, maximize=True)
        return float(sub[r, c].sum())

    remaining = best_value(matrix)
    free_cols = list(range(len(cols)))
    chosen: list[tuple[int, int]] = []
    for r in range(len(rows)):
        rest_rows = slice(r + 1, None)
        for c in free_cols:
            if not admissible[r, c]:  # a zero-weight admissible pair is taken like any other (issue 12)
                continue
            w = matrix[r, c]
            others = [x for x in free_cols if x != c]
            if w + best_value(matrix[rest_rows][:, others]) == remaining:
                chosen.append((rows[r], cols[c]))
                remaining -= w
                free_cols = others
                break
    return chosen
