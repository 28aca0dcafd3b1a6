"""Entity scoring: the SemEval-2013 schemes exactly as nervaluate 1.2.1 computes them.

For every mode (strict, exact, partial, ent_type) and for the whole set and each type,
SaySo counts nervaluate's five outcomes per document:

* **correct / incorrect / partial / spurious** — one per *prediction*;
* **missed** — one per gold entity left unmatched;

then ``actual = COR + INC + PAR + SPU``, ``possible = COR + INC + PAR + MIS`` and
``P = num / actual``, ``R = num / possible`` with ``num = COR`` (strict, exact) or
``COR + 0.5 * PAR`` (partial, ent_type). Per-type scores are nervaluate's: the document
is re-scored with only that type's gold and predicted entities. ``macro`` is the
unweighted mean of the per-type P, R and F1 over the types that occur in the gold or
the predictions (nervaluate has no macro average; this is seqeval's/sklearn's
definition).

Order matters for nervaluate's greedy matching, so SaySo fixes it: within a document,
gold and predicted entities are sorted by ``(start, end, label)``.

Speed: nervaluate's greedy matching decomposes over groups of entities linked by
overlap. Entities that overlap nothing, and pairs that overlap only each other, have an
order-free outcome and are counted for all documents at once with numpy; only larger
groups go through the exact greedy matcher (see ``_chunk_matrix``).
"""
from __future__ import annotations

from itertools import chain
from operator import attrgetter
from typing import Mapping, Sequence

import numpy as np

from sayso.corpus.model import ENTITY_LABELS, Entity, Standoff
from sayso.corpus.tokenize import tokens
from sayso.eval.matching import CATEGORIES, COR, ENTITY_MODES, INC, MIS, PAR, SPU, candidates, get_mode
from sayso.eval.stats import LayerStats, prf, safe_div

MODES: tuple[str, ...] = tuple(ENTITY_MODES)
NCAT = len(CATEGORIES)
SCOPE_WIDTH = len(MODES) * NCAT
CHUNK_DOCS = 20_000


def _columns(labels: Sequence[str]) -> tuple[str, ...]:
    cols = [f"{m}.{c}" for m in MODES for c in CATEGORIES]
    cols += [f"per_type.{lab}.{m}.{c}" for lab in labels for m in MODES for c in CATEGORIES]
    return tuple(cols)


def _metrics_for(labels: tuple[str, ...]):
    modes = [ENTITY_MODES[m] for m in MODES]

    def scope_metrics(sums: np.ndarray, base: int, prefix: str, out: dict[str, np.ndarray], empty: float) -> None:
        for mi, mode in enumerate(modes):
            c = base + mi * NCAT
            cor, inc, par, mis, spu = (sums[..., c + k] for k in range(NCAT))
            actual = cor + inc + par + spu
            possible = cor + inc + par + mis
            num = cor + 0.5 * par if mode.partial_credit else cor
            p, r, f = prf(num, actual, num, possible, empty)
            key = f"{prefix}{mode.name}"
            for k, name in enumerate(CATEGORIES):
                out[f"{key}.{name}"] = sums[..., c + k]
            out[f"{key}.actual"] = actual
            out[f"{key}.possible"] = possible
            out[f"{key}.precision"], out[f"{key}.recall"], out[f"{key}.f1"] = p, r, f

    def metrics(sums: np.ndarray, empty: float) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        scope_metrics(sums, 0, "", out, empty)
        for li, lab in enumerate(labels):
            scope_metrics(sums, (li + 1) * SCOPE_WIDTH, f"per_type.{lab}.", out, empty)
        for m in MODES:
            # the macro mean runs over the types present (in the gold or the predictions)
            # of this sample; a present type's rates follow the 0/0 = 0 convention, as in
            # seqeval and sklearn, whatever ``empty`` is
            present = [out[f"per_type.{lab}.{m}.actual"] + out[f"per_type.{lab}.{m}.possible"] > 0 for lab in labels]
            n_present = np.sum(np.stack(present), axis=0) if labels else np.zeros(sums.shape[:-1])
            for name in ("precision", "recall", "f1"):
                vals = [np.nan_to_num(out[f"per_type.{lab}.{m}.{name}"]) * ok for lab, ok in zip(labels, present)]
                total = np.sum(np.stack(vals), axis=0) if vals else np.zeros(sums.shape[:-1])
                out[f"macro.{m}.{name}"] = safe_div(total, n_present, empty)
        return out

    return metrics


_LABEL_RANK = {lab: k for k, lab in enumerate(sorted(ENTITY_LABELS))}
_SORTED_LABELS = tuple(sorted(ENTITY_LABELS))
_START, _END, _LABEL = attrgetter("start"), attrgetter("end"), attrgetter("label")


def _entity_lists(gold: Sequence[Standoff], pred: Sequence[Standoff | None]) -> tuple[list[tuple[Entity, ...]], list[tuple[Entity, ...]]]:
    gl: list[tuple[Entity, ...]] = []
    pl: list[tuple[Entity, ...]] = []
    for g, p in zip(gold, pred):
        if g.entities is None:
            raise ValueError(f"score_entities: gold document {g.id!r} has no entities layer; "
                             "score only layers the gold annotates")
        gl.append(g.entities)
        pl.append(() if p is None or p.entities is None else p.entities)
    return gl, pl


def _flatten(lists: Sequence[Sequence[Entity]], docs: Sequence[Standoff], side: str) -> tuple[np.ndarray, ...]:
    counts = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
    flat = list(chain.from_iterable(lists))
    doc = np.repeat(np.arange(len(lists), dtype=np.int64), counts)
    start = np.array(list(map(_START, flat)), dtype=np.int64)
    end = np.array(list(map(_END, flat)), dtype=np.int64)
    try:
        label = np.array(list(map(_LABEL_RANK.__getitem__, map(_LABEL, flat))), dtype=np.int64)
    except KeyError as exc:
        bad = next((d.id, e) for d, es in zip(docs, lists) for e in es if e.label not in _LABEL_RANK)
        raise ValueError(f"score_entities: {side} document {bad[0]!r}: entity {bad[1].id!r} has unknown label "
                         f"{bad[1].label!r}; use one of {', '.join(ENTITY_LABELS)}") from exc
    bad_span = (start < 0) | (end <= start)
    if bad_span.any():
        k = int(np.flatnonzero(bad_span)[0])
        e, d = flat[k], int(doc[k])
        raise ValueError(f"score_entities: {side} document {docs[d].id!r}: entity {e.id!r} has span "
                         f"[{e.start}, {e.end}); spans need 0 <= start < end (end-exclusive)")
    if _is_sorted(doc, start, end, label):  # the usual case: skip the sort
        return doc, start, end, label
    order = np.lexsort((label, end, start, doc))
    return doc[order], start[order], end[order], label[order]


def _is_sorted(*keys: np.ndarray) -> bool:
    """Whether rows are in lexicographic order of ``keys`` (first key most significant)."""
    if len(keys[0]) < 2:
        return True
    undecided = np.ones(len(keys[0]) - 1, dtype=bool)
    for k in keys:
        a, b = k[:-1], k[1:]
        if (undecided & (b < a)).any():
            return False
        undecided &= a == b
    return True


def _greedy_counts(row: np.ndarray, golds: list[tuple[int, int, str]], preds: list[tuple[int, int, str]],
                   scope_of: Mapping[str, int], typed: bool | None = None) -> None:
    """Add one group's counts by nervaluate's greedy matching (the exact reference).

    ``typed`` False: the overall counts only; True: the per-type counts only; None: both.
    Per-type evaluation is the same greedy pass with each prediction restricted to gold
    entities of its own type: predictions of different types never compete.
    """
    for do_typed in ((False, True) if typed is None else (typed,)):
        cands = candidates(golds, preds, same_type=do_typed)
        pbase = [scope_of[p[2]] * SCOPE_WIDTH if do_typed else 0 for p in preds]
        gbase = [scope_of[g[2]] * SCOPE_WIDTH if do_typed else 0 for g in golds]
        for mi, name in enumerate(MODES):
            outcomes, matched = ENTITY_MODES[name].greedy(golds, preds, cands)
            c = mi * NCAT
            for base, (outcome, _) in zip(pbase, outcomes):
                row[base + c + outcome] += 1
            for gi, base in enumerate(gbase):
                if gi not in matched:
                    row[base + c + MIS] += 1


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (row, k) with lo[row] <= k < hi[row], as two flat arrays."""
    cnt = np.clip(hi - lo, 0, None)
    rows = np.repeat(np.arange(len(lo), dtype=np.int64), cnt)
    offsets = np.cumsum(cnt) - cnt
    ks = lo[rows] + (np.arange(len(rows), dtype=np.int64) - offsets[rows])
    return rows, ks


def _chunk_matrix(gold_lists, pred_lists, gold_docs, pred_docs, scope_of_rank: np.ndarray, width: int) -> np.ndarray:
    """Counts of a block of documents.

    nervaluate's greedy matching decomposes over the connected components of the
    graph whose edges are the (prediction, gold) pairs with sufficient overlap: a
    prediction only ever looks at gold entities it overlaps. Isolated entities and
    isolated pairs (one prediction, one gold, overlapping nothing else) have an
    order-free outcome and are counted with numpy; every larger component goes
    through the greedy matcher, in order. Documents whose gold entities overlap each
    other (not flat) are matched entirely by the greedy matcher.
    """
    n = len(gold_lists)
    gd, gs, ge, gl = _flatten(gold_lists, gold_docs, "gold")
    pd, ps, pe, pl = _flatten(pred_lists, pred_docs, "predicted")
    stride = int(max(ge.max(initial=0), pe.max(initial=0))) + 1
    gks, gke = gd * stride + gs, gd * stride + ge
    pks, pke = pd * stride + ps, pd * stride + pe
    slow_doc = np.zeros(n, dtype=bool)
    nested = (gd[1:] == gd[:-1]) & (gs[1:] < ge[:-1])
    slow_doc[gd[1:][nested]] = True
    p_fast = ~slow_doc[pd]
    g_fast = ~slow_doc[gd]

    # candidate pairs: in a flat gold document, the golds a prediction overlaps are a run
    lo = np.searchsorted(gke, pks, "right")
    hi = np.searchsorted(gks, pke, "left")
    hi = np.where(p_fast, hi, lo)
    pair_p, pair_g = _expand(lo, hi)
    ov = np.minimum(pe[pair_p], ge[pair_g]) - np.maximum(ps[pair_p], gs[pair_g])
    keep = ov * 100 >= ge[pair_g] - gs[pair_g]
    pair_p, pair_g = pair_p[keep], pair_g[keep]
    same_bounds = (ps[pair_p] == gs[pair_g]) & (pe[pair_p] == ge[pair_g])
    same_label = pl[pair_p] == gl[pair_g]

    p_scope = scope_of_rank[pl] * SCOPE_WIDTH
    g_scope = scope_of_rank[gl] * SCOPE_WIDTH
    keys: list[np.ndarray] = []
    slow_p: list[np.ndarray] = []
    slow_g: list[np.ndarray] = []
    for typed in (False, True):
        sel = same_label if typed else np.ones(len(pair_p), dtype=bool)
        tp, tg, sb = pair_p[sel], pair_g[sel], same_bounds[sel]
        sl = same_label[sel]
        deg_p = np.bincount(tp, minlength=len(pd))
        deg_g = np.bincount(tg, minlength=len(gd))
        iso = (deg_p[tp] == 1) & (deg_g[tg] == 1)
        ip = tp[iso]
        spurious = np.flatnonzero(p_fast & (deg_p == 0))
        missed = np.flatnonzero(g_fast & (deg_g == 0))
        pscope = p_scope if typed else np.zeros(len(pd), dtype=np.int64)
        gscope = g_scope if typed else np.zeros(len(gd), dtype=np.int64)
        for mi, name in enumerate(MODES):
            c = mi * NCAT
            outcome = ENTITY_MODES[name].pair_outcome(sb[iso], sl[iso])
            keys.append(pd[ip] * width + pscope[ip] + c + outcome)
            keys.append(pd[spurious] * width + pscope[spurious] + c + SPU)
            keys.append(gd[missed] * width + gscope[missed] + c + MIS)
        in_pair_p = np.zeros(len(pd), dtype=bool)
        in_pair_p[ip] = True
        in_pair_g = np.zeros(len(gd), dtype=bool)
        in_pair_g[tg[iso]] = True
        slow_p.append(np.flatnonzero(p_fast & (deg_p > 0) & ~in_pair_p))
        slow_g.append(np.flatnonzero(g_fast & (deg_g > 0) & ~in_pair_g))
    matrix = np.bincount(np.concatenate(keys), minlength=n * width).reshape(n, width)

    scope_of = {lab: int(scope_of_rank[_LABEL_RANK[lab]]) for lab in _SORTED_LABELS if scope_of_rank[_LABEL_RANK[lab]] > 0}

    def ents(idx: np.ndarray, s: np.ndarray, e: np.ndarray, lab: np.ndarray) -> list[tuple[int, int, str]]:
        return [(int(s[k]), int(e[k]), _SORTED_LABELS[int(lab[k])]) for k in idx]

    # components with more than one prediction or gold: the greedy matcher, per document
    for typed in (False, True):
        sp, sg = slow_p[typed], slow_g[typed]
        docs = np.union1d(pd[sp], gd[sg])
        pb = np.searchsorted(pd[sp], np.append(docs, n))
        gb = np.searchsorted(gd[sg], np.append(docs, n))
        for k, d in enumerate(docs):
            golds = ents(sg[gb[k]:gb[k + 1]], gs, ge, gl)
            preds = ents(sp[pb[k]:pb[k + 1]], ps, pe, pl)
            _greedy_counts(matrix[d], golds, preds, scope_of, typed)
    # documents whose gold is not flat: the greedy matcher on everything
    gbound = np.searchsorted(gd, np.arange(n + 1))
    pbound = np.searchsorted(pd, np.arange(n + 1))
    for d in np.flatnonzero(slow_doc):
        golds = ents(np.arange(gbound[d], gbound[d + 1]), gs, ge, gl)
        preds = ents(np.arange(pbound[d], pbound[d + 1]), ps, pe, pl)
        _greedy_counts(matrix[d], golds, preds, scope_of)
    return matrix.astype(np.int32)


def entity_statistics(gold: Sequence[Standoff], pred: Sequence[Standoff | None]) -> LayerStats:
    """Per-document entity counts for gold documents and their aligned predictions.

    ``pred[i]`` is the prediction for ``gold[i]`` (None or a record without an
    ``entities`` layer predicts nothing).
    """
    gold_lists, pred_lists = _entity_lists(gold, pred)
    used = sorted({e.label for es in gold_lists for e in es} | {e.label for es in pred_lists for e in es})
    unknown = [lab for lab in used if lab not in _LABEL_RANK]
    if unknown:
        _flatten(gold_lists, gold, "gold")  # raises with the document
        _flatten(pred_lists, [p or g for p, g in zip(pred, gold)], "predicted")
    labels = tuple(used)
    scope_of_rank = np.zeros(len(_SORTED_LABELS), dtype=np.int64)
    for k, lab in enumerate(labels):
        scope_of_rank[_LABEL_RANK[lab]] = k + 1
    columns = _columns(labels)
    width = len(columns)
    parts = []
    pred_docs = [p or g for p, g in zip(pred, gold)]
    for lo in range(0, len(gold), CHUNK_DOCS):
        hi = lo + CHUNK_DOCS
        parts.append(_chunk_matrix(gold_lists[lo:hi], pred_lists[lo:hi], gold[lo:hi], pred_docs[lo:hi],
                                   scope_of_rank, width))
    matrix = np.concatenate(parts) if parts else np.zeros((0, width), dtype=np.int32)
    return LayerStats("entities", tuple(g.id for g in gold), columns, matrix, _metrics_for(labels),
                      {"labels": labels})


def entity_outcomes(gold: Sequence[Entity], pred: Sequence[Entity], mode: str = "strict") -> dict[str, list]:
    """Which gold entity each prediction was matched to, for error listings.

    Returns ``{"pred": [(entity, outcome_name, gold_entity or None)], "missed": [gold entities]}``
    with both sides in the scorer's order ``(start, end, label)``.
    """
    m = get_mode(mode, ENTITY_MODES, "entity mode")
    golds = sorted(gold, key=lambda e: (e.start, e.end, e.label))
    preds = sorted(pred, key=lambda e: (e.start, e.end, e.label))
    outcomes, matched = m.greedy([(e.start, e.end, e.label) for e in golds], [(e.start, e.end, e.label) for e in preds])
    return {
        "pred": [(p, CATEGORIES[o], golds[g] if g is not None else None) for p, (o, g) in zip(preds, outcomes)],
        "missed": [g for k, g in enumerate(golds) if k not in matched],
    }


def to_iob2(text: str, entities: Sequence[Entity]) -> list[str]:
    """The IOB2 tags of ``text``'s tokens (:mod:`sayso.corpus.tokenize`) for flat entities.

    This is the sequence-labelling view used to check SaySo against seqeval. Every entity
    must start and end on token boundaries and entities must not overlap.

    >>> to_iob2("Ana met Bo Li.", [Entity("e1", 0, 3, "PERSON"), Entity("e2", 8, 13, "PERSON")])
    ['B-PERSON', 'O', 'B-PERSON', 'I-PERSON', 'O']
    """
    toks = tokens(text)
    starts = {s: k for k, (s, _) in enumerate(toks)}
    ends = {e: k for k, (_, e) in enumerate(toks)}
    tags = ["O"] * len(toks)
    for e in sorted(entities, key=lambda e: (e.start, e.end)):
        if e.start not in starts or e.end not in ends:
            raise ValueError(f"to_iob2: entity {e.id!r} [{e.start}, {e.end}) does not start and end on token boundaries")
        first, last = starts[e.start], ends[e.end]
        if any(t != "O" for t in tags[first:last + 1]):
            raise ValueError(f"to_iob2: entity {e.id!r} [{e.start}, {e.end}) overlaps another; IOB2 needs flat entities")
        tags[first] = f"B-{e.label}"
        for k in range(first + 1, last + 1):
            tags[k] = f"I-{e.label}"
    return tags


__all__ = ["to_iob2", "MODES", "entity_statistics", "entity_outcomes", "COR", "INC", "PAR", "MIS", "SPU"]
