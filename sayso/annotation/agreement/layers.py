"""Agreement between two annotators (or two sources) on every layer.

Label Studio's open-source edition has no agreement metrics; this module is SaySo's.
For every pair of annotators, on the documents both annotated:

* **sentences** — boundary F1 (the sets of sentence-end offsets) and sentence-span F1;
* **entities** — span F1 in nervaluate's *strict* and *partial* schemes (computed by the
  scorer, :func:`sayso.eval.entities.entity_statistics`, with one annotator as "gold":
  F1 is symmetric), and Cohen's kappa over token labels (each token of
  :mod:`sayso.corpus.tokenize` gets the label of the entity covering it, or ``O``);
* **claims** — sentence-level Cohen's kappa (does a sentence hold a claim? the sentence
  units are cut at the union of both annotators' boundaries, so neither is preferred),
  span F1 (exact and token-overlap, :mod:`sayso.eval.claims`) and kind agreement
  (accuracy and kappa) on the claims matched by overlap;
* **attributions** — the scorer's one-to-one matching by content-token overlap
  (:mod:`sayso.eval.attributions`), then per role (source, cue, content) exact and
  partial (proportional token-overlap) F1, relation F1 (strict: all roles exact; partial:
  all roles overlap), type / source-kind / parent accuracy, and Cohen's kappa of type
  and source kind on the matched pairs.

Span F1, matching and accuracies come from the scorer (:mod:`sayso.eval`), with the first
annotator of a pair in the scorer's "gold" seat; every F1 is symmetric in the two.
Kappas, alpha and the sentence-boundary scores are agreement-only and live here.

Over all annotators at once: Krippendorff's alpha (nominal) for token-level entity
labels and sentence-level claim presence, where several annotators share documents.

Kappa is undefined when both annotators use a single category throughout (expected
agreement 1); SaySo reports ``None`` then, never a made-up 1.0.
"""
from __future__ import annotations

from itertools import combinations
from typing import Any, Mapping, Sequence

from sayso.annotation.agreement.stats import PRF, _round, _set_prf, cohen_kappa, krippendorff_alpha
from sayso.corpus.model import Span, Standoff
from sayso.corpus.tokenize import tokens

ROLES = ("source", "cue", "content")


def _token_labels(record: Standoff, toks: Sequence[tuple[int, int]]) -> list[str]:
    labels = ["O"] * len(toks)
    starts = [s for s, _ in toks]
    from bisect import bisect_left, bisect_right
    ends = [e for _, e in toks]
    for e in record.entities or ():
        lo, hi = bisect_right(ends, e.start), bisect_left(starts, e.end)
        for k in range(lo, hi):
            labels[k] = e.label
    return labels


def _prf(point: Mapping[str, float], prefix: str, a: str = "gold", b: str = "predicted") -> dict[str, Any]:
    """P/R/F1 of a scorer result, renamed for two annotators (a = the scorer's gold side)."""
    return {"f1": _round(point[f"{prefix}.f1"]), "precision": _round(point[f"{prefix}.precision"]),
            "recall": _round(point[f"{prefix}.recall"]), "a": int(point[f"{prefix}.{a}"]),
            "b": int(point[f"{prefix}.{b}"])}


def _entities(docs: Sequence[tuple[Standoff, Standoff, str]]) -> dict[str, Any]:
    from sayso.eval.entities import entity_statistics

    a_docs, b_docs = [a for a, _, _ in docs], [b for _, b, _ in docs]
    point = entity_statistics(a_docs, b_docs).point()
    out: dict[str, Any] = {mode: {"f1": _round(point[f"{mode}.f1"]), "precision": _round(point[f"{mode}.precision"]),
                                  "recall": _round(point[f"{mode}.recall"])} for mode in ("strict", "partial")}
    left: list[str] = []
    right: list[str] = []
    for a, b, text in docs:
        toks = tokens(text)
        left += _token_labels(a, toks)
        right += _token_labels(b, toks)
    out["token_kappa"] = _round(cohen_kappa(left, right))
    out["tokens"] = len(left)
    out["count"] = {"a": sum(len(a.entities or ()) for a in a_docs), "b": sum(len(b.entities or ()) for b in b_docs)}
    return out


def _sentences(docs: Sequence[tuple[Standoff, Standoff, str]]) -> dict[str, Any]:
    boundary, spans = PRF(), PRF()
    for a, b, _ in docs:
        _set_prf((s.end for s in a.sentences or ()), (s.end for s in b.sentences or ()), boundary)
        _set_prf(((s.start, s.end) for s in a.sentences or ()), ((s.start, s.end) for s in b.sentences or ()), spans)
    return {"boundary": boundary.to_dict(), "span": spans.to_dict()}


def sentence_units(a: Standoff, b: Standoff, text: str) -> list[Span]:
    """Sentence units for claim agreement: the text cut at both annotators' sentence ends."""
    cuts = sorted({0, len(text)} | {s.end for s in a.sentences or ()} | {s.end for s in b.sentences or ()})
    units = []
    for lo, hi in zip(cuts, cuts[1:]):
        piece = text[lo:hi]
        if piece.strip():
            start = lo + len(piece) - len(piece.lstrip())
            units.append(Span(start, hi - (len(piece) - len(piece.rstrip()))))
    return units


def _claims(docs: Sequence[tuple[Standoff, Standoff, str]]) -> dict[str, Any]:
    """Span F1 and kind accuracy from the scorer; sentence-level and kind kappa here."""
    from sayso.eval.claims import claim_pairs, claim_statistics

    texts = {a.id: text for a, _, text in docs}
    point = claim_statistics([a for a, _, _ in docs], [b for _, b, _ in docs], texts, "overlap").point()
    exact = claim_statistics([a for a, _, _ in docs], [b for _, b, _ in docs], texts, "exact").point()
    sent_a: list[int] = []
    sent_b: list[int] = []
    kinds_a: list[str] = []
    kinds_b: list[str] = []
    for a, b, text in docs:
        for x, y in claim_pairs(a, b, text, "overlap")["pairs"]:
            kinds_a.append(x.kind)
            kinds_b.append(y.kind)
        for unit in sentence_units(a, b, text):
            sent_a.append(int(any(c.span.overlaps(unit) for c in a.claims or ())))
            sent_b.append(int(any(c.span.overlaps(unit) for c in b.claims or ())))
    return {
        "sentence_kappa": _round(cohen_kappa(sent_a, sent_b)), "sentence_units": len(sent_a),
        "sentence_agreement": _round(sum(x == y for x, y in zip(sent_a, sent_b)) / len(sent_a)) if sent_a else None,
        "span_exact": _prf(exact, "exact"), "span_overlap": _prf(point, "overlap"),
        "kind": {"matched": len(kinds_a), "accuracy": _round(point["kind.accuracy"]) if kinds_a else None,
                 "kappa": _round(cohen_kappa(kinds_a, kinds_b))},
        "scored_by": "sayso.eval.claims (matching: overlap)",
    }


def _attributions(docs: Sequence[tuple[Standoff, Standoff, str]]) -> dict[str, Any]:
    """Matching, role, relation F1 and accuracies from the scorer; type/source-kind kappa here."""
    from sayso.eval.attributions import attribution_pairs, attribution_statistics

    texts = {a.id: text for a, _, text in docs}
    point = attribution_statistics([a for a, _, _ in docs], [b for _, b, _ in docs], texts).point()
    types_a: list[str] = []
    types_b: list[str] = []
    kinds_a: list[str] = []
    kinds_b: list[str] = []
    for a, b, text in docs:
        for x, y in attribution_pairs(a, b, text)["pairs"]:
            types_a.append(x.type)
            types_b.append(y.type)
            kinds_a.append(str(x.source_kind))
            kinds_b.append(str(y.source_kind))

    def accuracy(name: str, n: int) -> float | None:
        return _round(point[f"{name}.accuracy"]) if n else None

    return {
        "matched": _prf(point, "match", "gold", "predicted"),
        "roles": {r: {"exact": _prf(point, f"roles.{r}.exact"), "partial": _prf(point, f"roles.{r}.partial")}
                  for r in ROLES},
        "relation": {"strict": _prf(point, "relation.strict"), "partial": _prf(point, "relation.partial")},
        "type": {"accuracy": accuracy("type", len(types_a)), "kappa": _round(cohen_kappa(types_a, types_b))},
        "source_kind": {"accuracy": accuracy("source_kind", len(kinds_a)),
                        "kappa": _round(cohen_kappa(kinds_a, kinds_b))},
        "parent": {"accuracy": accuracy("parent", len(types_a))},
        "scored_by": "sayso.eval.attributions (matching: content-tokens, one-to-one)",
    }


def layer_agreement(docs: Sequence[tuple[Standoff, Standoff, str]]) -> dict[str, Any]:
    """Every layer's agreement over (first annotator, second annotator, text) comparisons."""
    return {"sentences": _sentences(docs), "entities": _entities(docs),
            "claims": _claims(docs), "attributions": _attributions(docs)}


def pair_agreement(a: Mapping[str, Standoff], b: Mapping[str, Standoff], texts: Mapping[str, str]) -> dict[str, Any]:
    """Every layer's agreement between annotators ``a`` and ``b`` on their shared documents."""
    shared = sorted(set(a) & set(b))
    return {"docs": shared, "n_docs": len(shared), **layer_agreement([(a[d], b[d], texts[d]) for d in shared])}


def pooled_agreement(by_annotator: Mapping[str, Mapping[str, Standoff]], texts: Mapping[str, str],
                     exclude: Sequence[str] = ()) -> dict[str, Any] | None:
    """Agreement pooled over every pairwise document comparison (counts summed, then rated).

    ``exclude`` drops calibration documents (e.g. one worked through in the guidelines,
    whose agreement is not blind). None when no comparison is left.
    """
    comparisons = []
    docs = []
    for x, y in combinations(sorted(by_annotator), 2):
        for d in sorted(set(by_annotator[x]) & set(by_annotator[y])):
            if d not in exclude:
                comparisons.append((by_annotator[x][d], by_annotator[y][d], texts[d]))
                docs.append(d)
    if not comparisons:
        return None
    return {"docs": sorted(set(docs)), "n_docs": len(set(docs)), "comparisons": len(comparisons),
            "excluded": sorted(set(exclude)), **layer_agreement(comparisons)}


def group_alpha(by_annotator: Mapping[str, Mapping[str, Standoff]], texts: Mapping[str, str]) -> dict[str, Any]:
    """Krippendorff's alpha over all annotators, on documents annotated by at least two."""
    names = sorted(by_annotator)
    docs = sorted(d for d in texts if sum(d in by_annotator[n] for n in names) >= 2)
    token_units: list[list[Any]] = []
    sentence_units_: list[list[Any]] = []
    for d in docs:
        text = texts[d]
        toks = tokens(text)
        per = {n: _token_labels(by_annotator[n][d], toks) for n in names if d in by_annotator[n]}
        token_units += [[per[n][k] if n in per else None for n in names] for k in range(len(toks))]
        cuts = sorted({0, len(text)} | {s.end for n in names if d in by_annotator[n]
                                         for s in by_annotator[n][d].sentences or ()})
        for lo, hi in zip(cuts, cuts[1:]):
            if not text[lo:hi].strip():
                continue
            unit = Span(lo, hi)
            sentence_units_.append([int(any(c.span.overlaps(unit) for c in by_annotator[n][d].claims or ()))
                                    if d in by_annotator[n] else None for n in names])
    return {"annotators": names, "docs": docs,
            "entity_tokens": _round(krippendorff_alpha(token_units)),
            "claim_sentences": _round(krippendorff_alpha(sentence_units_))}
