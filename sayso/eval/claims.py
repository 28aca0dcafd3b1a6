"""Claim scoring: sentence-level detection, span-level exact and overlap F1, kind and
voice accuracy on matched claims.

Definitions (worked examples in eval/README.md):

* **sentence detection** — over the *gold* sentences of each document, a sentence is
  positive when a claim overlaps it by at least one character (a claim that crosses a
  sentence boundary makes both positive). TP/FP/FN count sentences.
* **span exact** — one-to-one matching of predicted to gold claims with identical
  ``[start, end)``; P = matched / predicted, R = matched / gold.
* **span overlap** — one-to-one matching of claims that share at least one token
  (:func:`sayso.eval.matching.assign`: most pairs, then most shared tokens, then
  text order); P = matched / predicted, R = matched / gold.
* **kind accuracy** — on the pairs of the chosen matching (default ``overlap``): the
  share whose ``kind`` agrees.
* **voice accuracy** — on the same pairs: the share where both claims are in the
  writer's voice (``attribution`` null) or both are attributed.
"""
from __future__ import annotations

from bisect import bisect_right
from typing import Mapping, Sequence

import numpy as np

from sayso.corpus.model import Claim, Standoff
from sayso.eval.matching import TextTokens, assign, shared
from sayso.eval.stats import LayerStats, prf, safe_div

COLUMNS: tuple[str, ...] = (
    "sentences.tp", "sentences.fp", "sentences.fn",
    "gold", "predicted", "exact.matched", "overlap.matched",
    "pairs", "kind.correct", "voice.correct",
)


def metrics(sums: np.ndarray, empty: float = 0.0) -> dict[str, np.ndarray]:
    """Claim scores from column sums (vectorised over leading axes)."""
    c = {name: sums[..., k] for k, name in enumerate(COLUMNS)}
    out: dict[str, np.ndarray] = {}
    tp, fp, fn = c["sentences.tp"], c["sentences.fp"], c["sentences.fn"]
    out["sentences.tp"], out["sentences.fp"], out["sentences.fn"] = tp, fp, fn
    out["sentences.precision"], out["sentences.recall"], out["sentences.f1"] = prf(tp, tp + fp, tp, tp + fn, empty)
    for mode in ("exact", "overlap"):
        m = c[f"{mode}.matched"]
        out[f"{mode}.matched"], out[f"{mode}.predicted"], out[f"{mode}.gold"] = m, c["predicted"], c["gold"]
        out[f"{mode}.precision"], out[f"{mode}.recall"], out[f"{mode}.f1"] = prf(m, c["predicted"], m, c["gold"], empty)
    for name in ("kind", "voice"):
        out[f"{name}.correct"], out[f"{name}.total"] = c[f"{name}.correct"], c["pairs"]
        out[f"{name}.accuracy"] = safe_div(c[f"{name}.correct"], c["pairs"], empty)
    return out


#: claim matchings (the layer registry offers these; the first is the default)
MATCHING = ("overlap", "exact")


def _check_matching(matching: str) -> str:
    if matching not in MATCHING:
        raise ValueError(f"unknown claims mode {matching!r}; choose one of: {', '.join(MATCHING)}")
    return matching


def _sorted_claims(claims: Sequence[Claim] | None) -> list[Claim]:
    return sorted(claims or (), key=lambda c: (c.start, c.end, c.kind, c.id))


def sentence_positives(claims: Sequence[Claim], sentences: Sequence[tuple[int, int]]) -> set[int]:
    """Indices of the (sorted, non-overlapping) sentences that some claim overlaps."""
    starts = [s for s, _ in sentences]
    hit: set[int] = set()
    for c in claims:
        k = max(bisect_right(starts, c.start) - 1, 0)
        while k < len(sentences) and sentences[k][0] < c.end:
            if sentences[k][1] > c.start:
                hit.add(k)
            k += 1
    return hit


def match_claims(gold: Sequence[Claim], pred: Sequence[Claim], toks: TextTokens, matching: str) -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs under ``matching`` (``exact``/``overlap``)."""
    exact_only = _check_matching(matching) == "exact"
    granges = [toks.ranges([(c.start, c.end)]) for c in gold]
    pranges = [toks.ranges([(c.start, c.end)]) for c in pred]
    scores: dict[tuple[int, int], tuple[int, ...]] = {}
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if p.start >= g.end or g.start >= p.end:  # no common character: no common token
                continue
            n = shared(granges[i], pranges[j])
            exact = g.start == p.start and g.end == p.end
            if (exact if exact_only else n > 0):
                scores[(i, j)] = (1, n)
    return assign(scores)


def claim_row(gold: Standoff, pred: Standoff | None, text: str, matching: str = "overlap",
              toks: TextTokens | None = None) -> list[float]:
    """One document's claim statistics, in :data:`COLUMNS` order."""
    if gold.claims is None:
        raise ValueError(f"score_claims: gold document {gold.id!r} has no claims layer; score only layers the gold annotates")
    if gold.sentences is None:
        raise ValueError(f"score_claims: gold document {gold.id!r} has no sentences layer; sentence-level detection "
                         "uses the gold sentences")
    toks = toks or TextTokens(text)
    g = _sorted_claims(gold.claims)
    p = _sorted_claims(pred.claims if pred is not None else None)
    sentences = sorted((s.start, s.end) for s in gold.sentences)
    gpos, ppos = sentence_positives(g, sentences), sentence_positives(p, sentences)
    exact_pairs = match_claims(g, p, toks, "exact")
    overlap_pairs = match_claims(g, p, toks, "overlap")
    pairs = exact_pairs if matching == "exact" else overlap_pairs
    kind = sum(1 for i, j in pairs if g[i].kind == p[j].kind)
    voice = sum(1 for i, j in pairs if (g[i].attribution is None) == (p[j].attribution is None))
    return [len(gpos & ppos), len(ppos - gpos), len(gpos - ppos),
            len(g), len(p), len(exact_pairs), len(overlap_pairs),
            len(pairs), kind, voice]


def claim_statistics(gold: Sequence[Standoff], pred: Sequence[Standoff | None], texts: Mapping[str, str],
                     matching: str = "overlap", tokens: Mapping[str, TextTokens] | None = None) -> LayerStats:
    """Per-document claim statistics; ``pred[i]`` is the prediction for ``gold[i]``."""
    _check_matching(matching)
    rows = []
    for g, p in zip(gold, pred):
        toks = tokens.get(g.id) if tokens else None
        rows.append(claim_row(g, p, texts[g.id], matching, toks))
    matrix = np.array(rows, dtype=np.float64).reshape(len(rows), len(COLUMNS))
    return LayerStats("claims", tuple(g.id for g in gold), COLUMNS, matrix, metrics, {"matching": matching})


def claim_pairs(gold: Standoff, pred: Standoff | None, text: str, matching: str = "overlap") -> dict[str, list]:
    """Matched, missed and spurious claims of one document, for error listings."""
    toks = TextTokens(text)
    g = _sorted_claims(gold.claims)
    p = _sorted_claims(pred.claims if pred is not None else None)
    pairs = match_claims(g, p, toks, matching)
    mg, mp = {i for i, _ in pairs}, {j for _, j in pairs}
    return {"pairs": [(g[i], p[j]) for i, j in pairs],
            "missed": [c for i, c in enumerate(g) if i not in mg],
            "spurious": [c for j, c in enumerate(p) if j not in mp]}


__all__ = ["COLUMNS", "metrics", "claim_row", "claim_statistics", "claim_pairs", "match_claims"]
