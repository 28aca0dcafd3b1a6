"""Attribution scoring: one-to-one matching by content, then roles, relations,
accuracies and the end-to-end "who claimed what".

Definitions (worked examples in eval/README.md):

* **matching** — a predicted and a gold attribution may be paired when their content
  spans share at least one token (``content-tokens``, default) or are identical
  (``content-exact``). The pairing is one-to-one and optimal
  (:func:`sayso.eval.matching.assign`): most pairs, then most shared content tokens,
  then most shared source + cue tokens, then text order. Attributions are in text order
  by (first content start, last content end, source start, cue start, id).
* **roles** (source, cue, content) — a role counts on a side when present there.
  *Exact*: TP = matched pairs whose role spans are identical; P = TP / predicted roles,
  R = TP / gold roles. *Partial* (token overlap, proportional): each matched pair earns
  ``shared / |predicted tokens|`` towards precision and ``shared / |gold tokens|``
  towards recall; P = sum / predicted roles, R = sum / gold roles.
* **relation** — *strict*: a matched pair whose three roles are all identical (a role
  absent on both sides agrees); *partial*: whose three roles all share a token or are
  absent on both sides. P = TP / predicted attributions, R = TP / gold attributions.
* **type / source_kind / parent accuracy** — on matched pairs. Parents agree when both
  are null or the predicted parent is the prediction matched to the gold parent.
* **who claimed what** — a gold pair is (gold claim, its attribution) for every claim
  linked to an attribution that has a source; a predicted pair likewise. They match when
  (a) the claims match (``exact``: same span; ``overlap``: a shared token) and (b) the
  source matches: some span of the prediction — its source span or its
  ``source_entity`` mention — equals a span of the gold source: its source span, its
  ``source_entity`` mention, or any gold entity mention with the same label and the same
  normalised surface text (NFKC, casefolded, whitespace collapsed) as that mention — the
  mention's *chain*. Matching is one-to-one; P = matched / predicted pairs,
  R = matched / gold pairs.
"""
from __future__ import annotations

import unicodedata
from typing import Mapping, Sequence

import numpy as np

from sayso.corpus.model import Attribution, Span, Standoff
from sayso.eval.matching import TextTokens, assign, range_size, shared
from sayso.eval.stats import LayerStats, prf, safe_div

ROLES: tuple[str, ...] = ("source", "cue", "content")

COLUMNS: tuple[str, ...] = (
    ("gold", "predicted", "matched")
    + tuple(f"{r}.{k}" for r in ROLES for k in ("gold", "predicted", "exact", "partial_p", "partial_r"))
    + ("relation.strict", "relation.partial", "type.correct", "source_kind.correct", "parent.correct",
       "wcw.gold", "wcw.predicted", "wcw.exact", "wcw.overlap")
)


def metrics(sums: np.ndarray, empty: float = 0.0) -> dict[str, np.ndarray]:
    """Attribution scores from column sums (vectorised over leading axes)."""
    c = {name: sums[..., k] for k, name in enumerate(COLUMNS)}
    out: dict[str, np.ndarray] = {}
    gold, pred, matched = c["gold"], c["predicted"], c["matched"]
    out["match.gold"], out["match.predicted"], out["match.matched"] = gold, pred, matched
    out["match.precision"], out["match.recall"], out["match.f1"] = prf(matched, pred, matched, gold, empty)
    for r in ROLES:
        g, p = c[f"{r}.gold"], c[f"{r}.predicted"]
        ex = c[f"{r}.exact"]
        out[f"roles.{r}.exact.matched"], out[f"roles.{r}.exact.predicted"], out[f"roles.{r}.exact.gold"] = ex, p, g
        out[f"roles.{r}.exact.precision"], out[f"roles.{r}.exact.recall"], out[f"roles.{r}.exact.f1"] = prf(ex, p, ex, g, empty)
        pp, pr = c[f"{r}.partial_p"], c[f"{r}.partial_r"]
        out[f"roles.{r}.partial.credit_precision"], out[f"roles.{r}.partial.credit_recall"] = pp, pr
        out[f"roles.{r}.partial.predicted"], out[f"roles.{r}.partial.gold"] = p, g
        out[f"roles.{r}.partial.precision"], out[f"roles.{r}.partial.recall"], out[f"roles.{r}.partial.f1"] = prf(pp, p, pr, g, empty)
    for mode in ("strict", "partial"):
        tp = c[f"relation.{mode}"]
        out[f"relation.{mode}.matched"], out[f"relation.{mode}.predicted"], out[f"relation.{mode}.gold"] = tp, pred, gold
        out[f"relation.{mode}.precision"], out[f"relation.{mode}.recall"], out[f"relation.{mode}.f1"] = prf(tp, pred, tp, gold, empty)
    for name in ("type", "source_kind", "parent"):
        out[f"{name}.correct"], out[f"{name}.total"] = c[f"{name}.correct"], matched
        out[f"{name}.accuracy"] = safe_div(c[f"{name}.correct"], matched, empty)
    for mode in ("exact", "overlap"):
        tp = c[f"wcw.{mode}"]
        key = f"who_claimed_what.{mode}"
        out[f"{key}.matched"], out[f"{key}.predicted"], out[f"{key}.gold"] = tp, c["wcw.predicted"], c["wcw.gold"]
        out[f"{key}.precision"], out[f"{key}.recall"], out[f"{key}.f1"] = prf(tp, c["wcw.predicted"], tp, c["wcw.gold"], empty)
    return out


#: attribution matchings (the layer registry offers these; the first is the default)
MATCHING = ("content-tokens", "content-exact")


def _check_matching(matching: str) -> str:
    if matching not in MATCHING:
        raise ValueError(f"unknown attributions mode {matching!r}; choose one of: {', '.join(MATCHING)}")
    return matching


def attribution_order(a: Attribution) -> tuple:
    """Text order of attributions: the tie-break order of the matching."""
    return (min(s.start for s in a.content), max(s.end for s in a.content),
            a.source.start if a.source else -1, a.cue.start if a.cue else -1, a.id)


def normalise_surface(text: str) -> str:
    """Surface form used for entity chains: NFKC, casefolded, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _spans(a: Attribution, role: str) -> tuple[tuple[int, int], ...]:
    if role == "content":
        return tuple(sorted((s.start, s.end) for s in a.content))
    span = getattr(a, role)
    return () if span is None else ((span.start, span.end),)


def match_attributions(gold: Sequence[Attribution], pred: Sequence[Attribution], toks: TextTokens,
                       matching: str = "content-tokens") -> list[tuple[int, int]]:
    """One-to-one (gold index, pred index) pairs; both lists in :func:`attribution_order`."""
    exact_only = _check_matching(matching) == "content-exact"
    gr = [{r: toks.ranges(_spans(a, r)) for r in ROLES} for a in gold]
    pr = [{r: toks.ranges(_spans(a, r)) for r in ROLES} for a in pred]
    scores: dict[tuple[int, int], tuple[int, ...]] = {}
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            n = shared(gr[i]["content"], pr[j]["content"])
            exact = _spans(g, "content") == _spans(p, "content")
            if (exact if exact_only else n > 0):
                secondary = shared(gr[i]["source"], pr[j]["source"]) + shared(gr[i]["cue"], pr[j]["cue"])
                scores[(i, j)] = (1, n, secondary)
    return assign(scores)


def _source_spans_gold(a: Attribution, doc: Standoff, text: str) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    if a.source is not None:
        spans.add((a.source.start, a.source.end))
    ents = doc.entity_by_id()
    mention = ents.get(a.source_entity) if a.source_entity else None
    if mention is not None:
        surface = normalise_surface(text[mention.start:mention.end])
        for e in doc.entities or ():
            if e.label == mention.label and normalise_surface(text[e.start:e.end]) == surface:
                spans.add((e.start, e.end))
    return spans


def _source_spans_pred(a: Attribution, doc: Standoff) -> set[tuple[int, int]]:
    spans: set[tuple[int, int]] = set()
    if a.source is not None:
        spans.add((a.source.start, a.source.end))
    mention = doc.entity_by_id().get(a.source_entity) if a.source_entity else None
    if mention is not None:
        spans.add((mention.start, mention.end))
    return spans


def who_claimed_what_pairs(doc: Standoff, text: str, side: str) -> list[tuple[set[tuple[int, int]], Span, str]]:
    """(acceptable or candidate source spans, claim span, claim id) for every claim whose
    attribution has a source."""
    attributions = {a.id: a for a in doc.attributions or ()}
    out = []
    for c in sorted(doc.claims or (), key=lambda c: (c.start, c.end, c.id)):
        a = attributions.get(c.attribution) if c.attribution else None
        if a is None:
            continue
        spans = _source_spans_gold(a, doc, text) if side == "gold" else _source_spans_pred(a, doc)
        if spans:
            out.append((spans, Span(c.start, c.end), c.id))
    return out


def _wcw_counts(gold: Standoff, pred: Standoff | None, text: str, toks: TextTokens) -> tuple[int, int, int, int]:
    g = who_claimed_what_pairs(gold, text, "gold")
    p = who_claimed_what_pairs(pred, text, "pred") if pred is not None else []
    gr = [toks.ranges([(c.start, c.end)]) for _, c, _ in g]
    pr = [toks.ranges([(c.start, c.end)]) for _, c, _ in p]
    exact: dict[tuple[int, int], tuple[int, ...]] = {}
    overlap: dict[tuple[int, int], tuple[int, ...]] = {}
    for i, (gs, gc, _) in enumerate(g):
        for j, (ps, pc, _) in enumerate(p):
            if not gs & ps:
                continue
            n = shared(gr[i], pr[j])
            if n > 0:
                overlap[(i, j)] = (1, n)
            if gc == pc:
                exact[(i, j)] = (1,)
    return len(g), len(p), len(assign(exact)), len(assign(overlap))


def attribution_row(gold: Standoff, pred: Standoff | None, text: str, matching: str = "content-tokens",
                    toks: TextTokens | None = None) -> list[float]:
    """One document's attribution statistics, in :data:`COLUMNS` order."""
    if gold.attributions is None:
        raise ValueError(f"score_attributions: gold document {gold.id!r} has no attributions layer; "
                         "score only layers the gold annotates")
    toks = toks or TextTokens(text)
    g = sorted(gold.attributions, key=attribution_order)
    p = sorted(pred.attributions or (), key=attribution_order) if pred is not None else []
    pairs = match_attributions(g, p, toks, matching)
    row: dict[str, float] = {name: 0.0 for name in COLUMNS}
    row["gold"], row["predicted"], row["matched"] = len(g), len(p), len(pairs)
    for r in ROLES:
        row[f"{r}.gold"] = sum(1 for a in g if _spans(a, r))
        row[f"{r}.predicted"] = sum(1 for a in p if _spans(a, r))
    pred_to_gold = {p[j].id: g[i].id for i, j in pairs}
    for i, j in pairs:
        ga, pa = g[i], p[j]
        strict = partial = True
        for r in ROLES:
            gs, ps = _spans(ga, r), _spans(pa, r)
            if not gs and not ps:
                continue
            if not gs or not ps:
                strict = partial = False
                continue
            same = gs == ps
            gt, pt = toks.ranges(gs), toks.ranges(ps)
            n = shared(gt, pt)
            row[f"{r}.exact"] += same
            row[f"{r}.partial_p"] += n / range_size(pt) if range_size(pt) else 0.0
            row[f"{r}.partial_r"] += n / range_size(gt) if range_size(gt) else 0.0
            strict &= same
            partial &= n > 0
        row["relation.strict"] += strict
        row["relation.partial"] += partial
        row["type.correct"] += ga.type == pa.type
        row["source_kind.correct"] += ga.source_kind == pa.source_kind
        if ga.parent is None:
            row["parent.correct"] += pa.parent is None
        else:
            row["parent.correct"] += pa.parent is not None and pred_to_gold.get(pa.parent) == ga.parent
    if gold.claims is not None:
        row["wcw.gold"], row["wcw.predicted"], row["wcw.exact"], row["wcw.overlap"] = _wcw_counts(gold, pred, text, toks)
    return [row[name] for name in COLUMNS]


def attribution_statistics(gold: Sequence[Standoff], pred: Sequence[Standoff | None], texts: Mapping[str, str],
                           matching: str = "content-tokens",
                           tokens: Mapping[str, TextTokens] | None = None) -> LayerStats:
    """Per-document attribution statistics; ``pred[i]`` is the prediction for ``gold[i]``."""
    _check_matching(matching)
    rows = []
    for g, p in zip(gold, pred):
        toks = tokens.get(g.id) if tokens else None
        rows.append(attribution_row(g, p, texts[g.id], matching, toks))
    matrix = np.array(rows, dtype=np.float64).reshape(len(rows), len(COLUMNS))
    wcw = all(g.claims is not None for g in gold) and any(p is not None and p.claims is not None for p in pred)
    # A field no gold attribution fills (PolNeAR annotates no type and no source kind) is
    # not available: reported as absent, never as an accuracy of 0.
    lacking = tuple(name for name in ("type", "source_kind")
                    if not any(getattr(a, name) is not None for g in gold for a in g.attributions or ()))
    return LayerStats("attributions", tuple(g.id for g in gold), COLUMNS, matrix, metrics,
                      {"matching": matching, "not_scored": (() if wcw else ("who_claimed_what",)) + lacking})


def attribution_pairs(gold: Standoff, pred: Standoff | None, text: str,
                      matching: str = "content-tokens") -> dict[str, list]:
    """Matched, missed and spurious attributions of one document, for error listings."""
    toks = TextTokens(text)
    g = sorted(gold.attributions or (), key=attribution_order)
    p = sorted(pred.attributions or (), key=attribution_order) if pred is not None else []
    pairs = match_attributions(g, p, toks, matching)
    mg, mp = {i for i, _ in pairs}, {j for _, j in pairs}
    return {"pairs": [(g[i], p[j]) for i, j in pairs],
            "missed": [a for i, a in enumerate(g) if i not in mg],
            "spurious": [a for j, a in enumerate(p) if j not in mp]}
