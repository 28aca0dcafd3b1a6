"""Inter-annotator agreement of a batch, on every layer (``sayso agree``).

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
agreement 1); SaySo reports ``None`` then, never a made-up 1.0. The reports hold numbers
and ids only (no text): ``annotation/agreement/BATCH.json`` and ``.md``.
"""
from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from itertools import combinations
from typing import Any, Iterable, Mapping, Sequence

from sayso.annotation.batch import Batch, now
from sayso.corpus.model import Span, Standoff
from sayso.corpus.standoff_io import read_standoff, write_text_atomic
from sayso.corpus.tokenize import tokens
from sayso.errors import InputError, Problem

ROLES = ("source", "cue", "content")


# --- small statistics ------------------------------------------------------------------

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


# --- per layer -----------------------------------------------------------------------------

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


# --- the command -----------------------------------------------------------------------------

def load_batch(batch: Batch) -> dict[str, dict[str, Standoff]]:
    """Every annotator's records of the batch, by annotator and document."""
    files = batch.annotator_files()
    if not files:
        raise InputError(Problem(str(batch.folder), None, None, "no annotator files in the batch folder",
                                 f"run `sayso studio pull --batch {batch.name}` first"))
    return {name: {line.record.id: line.record for line in read_standoff(path, allow_empty=True)}
            for name, path in files.items()}


def agreement_report(batch: Batch, by_annotator: Mapping[str, Mapping[str, Standoff]],
                     texts: Mapping[str, str], calibration: Sequence[str] = ()) -> dict[str, Any]:
    record = batch.read_record()
    pairs = []
    for x, y in combinations(sorted(by_annotator), 2):
        if set(by_annotator[x]) & set(by_annotator[y]):
            pairs.append({"a": x, "b": y, **pair_agreement(by_annotator[x], by_annotator[y], texts)})
    return {
        "batch": batch.name,
        "labeling_config_version": record.get("labeling_config_version"),
        "guidelines_version": record.get("guidelines_version"),
        "computed_at": now(),
        "annotators": {n: len(docs) for n, docs in sorted(by_annotator.items())},
        "pooled": pooled_agreement(by_annotator, texts),
        "pooled_blind": pooled_agreement(by_annotator, texts, exclude=calibration) if calibration else None,
        "pairs": pairs,
        "alpha": group_alpha(by_annotator, texts),
    }


def _fmt(x: Any) -> str:
    if x is None:
        return "–"
    if isinstance(x, float):
        return f"{x:.3f}"
    return str(x)


def to_markdown(report: Mapping[str, Any]) -> str:
    lines = [f"# Agreement: batch {report['batch']}", "",
             f"Labeling config {report['labeling_config_version']}, guidelines {report['guidelines_version']}, "
             f"computed {report['computed_at']} by `sayso agree`. Numbers and ids only.", "",
             "Annotators (documents): " + ", ".join(f"{n} ({k})" for n, k in report["annotators"].items()), ""]
    if not report["pairs"]:
        lines += ["No two annotators share a document: nothing to compare.", ""]
    sections = []
    if report.get("pooled"):
        sections.append((f"All pairs pooled — {report['pooled']['n_docs']} document(s), "
                         f"{report['pooled']['comparisons']} comparison(s)", report["pooled"]))
    if report.get("pooled_blind"):
        blind = report["pooled_blind"]
        sections.append((f"All pairs pooled, blind only — {blind['n_docs']} document(s), without the calibration "
                         f"document(s) {', '.join(blind['excluded'])}", blind))
    sections += [(f"{p['a']} vs {p['b']} — {p['n_docs']} shared document(s)", p) for p in report["pairs"]]
    for title, pair in sections:
        s, e, c, a = pair["sentences"], pair["entities"], pair["claims"], pair["attributions"]
        lines += [f"## {title}", "",
                  "Documents: " + ", ".join(f"`{d}`" for d in pair["docs"]), "",
                  "| layer | measure | value |", "| --- | --- | --- |",
                  f"| sentences | boundary F1 | {_fmt(s['boundary']['f1'])} |",
                  f"| sentences | span F1 | {_fmt(s['span']['f1'])} |",
                  f"| entities | strict F1 | {_fmt(e['strict']['f1'])} |"]
        lines.append(f"| entities | partial F1 | {_fmt(e['partial']['f1'])} |")
        lines += [f"| entities | token Cohen's κ ({e['tokens']} tokens) | {_fmt(e['token_kappa'])} |",
                  f"| claims | sentence Cohen's κ ({c['sentence_units']} units) | {_fmt(c['sentence_kappa'])} |",
                  f"| claims | span F1 exact | {_fmt(c['span_exact']['f1'])} |",
                  f"| claims | span F1 overlap | {_fmt(c['span_overlap']['f1'])} |",
                  f"| claims | kind accuracy ({c['kind']['matched']} matched) | {_fmt(c['kind']['accuracy'])} |",
                  f"| claims | kind κ | {_fmt(c['kind']['kappa'])} |"]
        for r in ROLES:
            lines.append(f"| attributions | {r} F1 exact / partial | {_fmt(a['roles'][r]['exact']['f1'])} / "
                         f"{_fmt(a['roles'][r]['partial']['f1'])} |")
        lines += [f"| attributions | relation F1 strict / partial | {_fmt(a['relation']['strict']['f1'])} / "
                  f"{_fmt(a['relation']['partial']['f1'])} |",
                  f"| attributions | type accuracy / κ | {_fmt(a['type']['accuracy'])} / {_fmt(a['type']['kappa'])} |",
                  f"| attributions | source kind accuracy / κ | {_fmt(a['source_kind']['accuracy'])} / "
                  f"{_fmt(a['source_kind']['kappa'])} |",
                  f"| attributions | parent accuracy | {_fmt(a['parent']['accuracy'])} |", ""]
    alpha = report["alpha"]
    lines += ["## All annotators: Krippendorff's α (nominal)", "",
              f"On {len(alpha['docs'])} document(s) annotated at least twice.", "",
              "| units | α |", "| --- | --- |",
              f"| entity label per token | {_fmt(alpha['entity_tokens'])} |",
              f"| claim present per sentence | {_fmt(alpha['claim_sentences'])} |", "",
              "κ and α are – when undefined (a single category throughout). F1 treats the first annotator "
              "as reference; it is symmetric.", ""]
    return "\n".join(lines)


def calibration_documents(batch: Batch) -> list[str]:
    """Documents the batch plan marks as calibration (their agreement is not blind)."""
    plan = batch.folder / "plan.json"
    if not plan.is_file():
        return []
    return list(json.loads(plan.read_text(encoding="utf-8")).get("calibration", {}).get("documents", []))


def run_agreement(batch: Batch, sources: str | None = None) -> str:
    """Compute and write ``annotation/agreement/BATCH.json`` and ``.md``; return a summary line."""
    from sayso.corpus.sources import SourcePack

    by_annotator = load_batch(batch)
    pack = SourcePack.load(sources)
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for name, records in by_annotator.items():
        for doc_id, record in records.items():
            try:
                texts[doc_id] = pack.verified(doc_id, record.text_sha256,
                                              file=str(batch.annotator_path(name))).text
            except InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    report = agreement_report(batch, by_annotator, texts, calibration=calibration_documents(batch))
    base = batch.agreement_base
    json_path, md_path = base.parent / f"{base.name}.json", base.parent / f"{base.name}.md"
    write_text_atomic(json_path, json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    write_text_atomic(md_path, to_markdown(report))
    shared = sum(p["n_docs"] for p in report["pairs"])
    return (f"batch {batch.name}: {len(report['pairs'])} annotator pair(s), {shared} shared document comparison(s); "
            f"wrote {md_path} and {json_path}")
