"""PolNeAR's own inter-annotator agreement, as a check of SaySo's agreement code.

20 of PolNeAR's 1,008 core articles were annotated by several of its six annotators
(``metadata.tsv``, column ``annotators``). On those we compute, from every annotator's
records (``sayso import polnear --all-annotators``):

- the scorer's attribution measures for every annotator pair on every shared article,
  pooled (counts summed over comparisons): matching, per-role exact/partial F1, relation
  F1 — the same numbers ``sayso agree-sources`` gives;
- **attribution-wise agreement** ``agr``: the share of one annotator's attributions whose
  content shares a token with some attribution content of the other (not one-to-one),
  over both directions of every pair — Wiebe et al.'s (2005) *agr*, the measure name
  PolNeAR's README uses;
- **token-wise Krippendorff's alpha** (nominal): every token of every such article is a
  unit, each annotator who annotated the article codes it ``source``, ``cue``,
  ``content`` or ``none`` (PolNeAR is univocal: a token has at most one role).

PolNeAR's README reports agr 92.3 % and token-wise alpha 75.4 %. Their exact definitions
(tokeniser, which articles, how agr matches) are in the paper, which this code does not
reproduce line by line; the differences are discussed in the README section that shows
these numbers.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import combinations
from typing import Any, Mapping, Sequence

from sayso.annotation.agreement.layers import _attributions
from sayso.annotation.agreement.stats import _round, krippendorff_alpha
from sayso.corpus.model import Span, Standoff
from sayso.corpus.tokenize import tokens

PUBLISHED = {"attribution_wise_agreement": 0.923, "token_alpha": 0.754,
             "where": "PolNeAR v1.0.0 README, 'Statistics' (Newell, Margolin and Ruths, LREC 2018)"}
ROLE_ORDER = ("content", "cue", "source")  # later roles win on a token (none overlap in PolNeAR)


def role_labels(record: Standoff, toks: Sequence[tuple[int, int]]) -> list[str]:
    """The role of every token (``source``/``cue``/``content``/``none``) in ``record``."""
    labels = ["none"] * len(toks)
    starts = [s for s, _ in toks]
    ends = [e for _, e in toks]
    for role in ROLE_ORDER:
        for a in record.attributions or ():
            spans = a.content if role == "content" else (getattr(a, role),)
            for span in spans:
                if span is None:
                    continue
                for k in range(bisect_right(ends, span.start), bisect_left(starts, span.end)):
                    labels[k] = role
    return labels


def _content_tokens(a, toks_ends, toks_starts) -> set[int]:
    out: set[int] = set()
    for span in a.content:
        out.update(range(bisect_right(toks_ends, span.start), bisect_left(toks_starts, span.end)))
    return out


def agr_counts(x: Standoff, y: Standoff, toks: Sequence[tuple[int, int]]) -> tuple[int, int]:
    """(x's attributions whose content shares a token with some y content, x's attributions)."""
    starts, ends = [s for s, _ in toks], [e for _, e in toks]
    ys = [_content_tokens(b, ends, starts) for b in y.attributions or ()]
    found = sum(1 for a in x.attributions or () if any(_content_tokens(a, ends, starts) & t for t in ys))
    return found, len(x.attributions or ())


def polnear_agreement(by_article: Mapping[str, Mapping[str, Standoff]], texts: Mapping[str, str]) -> dict[str, Any]:
    """Agreement on articles with several annotators; ``by_article[doc][annotator]``."""
    multi = {d: recs for d, recs in sorted(by_article.items()) if len(recs) >= 2}
    annotators = sorted({n for recs in multi.values() for n in recs})
    comparisons = []
    found = total = 0
    units: list[list[Any]] = []
    pairs: dict[str, int] = {}
    for d, recs in multi.items():
        toks = tokens(texts[d])
        for x, y in combinations(sorted(recs), 2):
            comparisons.append((recs[x], recs[y], texts[d]))
            pairs[f"{x}-{y}"] = pairs.get(f"{x}-{y}", 0) + 1
            for a, b in ((x, y), (y, x)):
                f, t = agr_counts(recs[a], recs[b], toks)
                found, total = found + f, total + t
        per = {n: role_labels(recs[n], toks) for n in recs}
        units += [[per[n][k] if n in per else None for n in annotators] for k in range(len(toks))]
    return {
        "docs": sorted(multi), "n_docs": len(multi), "annotators": annotators, "comparisons": len(comparisons),
        "pairs": pairs, "tokens": len(units),
        "attribution_wise_agreement": _round(found / total) if total else None,
        "agr_counts": {"found": found, "attributions": total},
        "token_alpha": _round(krippendorff_alpha(units)),
        "attributions": _attributions(comparisons) if comparisons else None,
        "published": PUBLISHED,
    }


def to_markdown(report: Mapping[str, Any]) -> str:
    def f(x: Any) -> str:
        return "–" if x is None else f"{100 * x:.1f} %" if isinstance(x, float) else str(x)

    att = report["attributions"] or {}
    lines = ["# PolNeAR's own inter-annotator agreement, recomputed by SaySo", "",
             f"{report['n_docs']} core articles annotated by several of {len(report['annotators'])} annotators; "
             f"{report['comparisons']} pairwise article comparisons; {report['tokens']} tokens. Generated by "
             "`sayso agree-polnear`; numbers and ids only.", "",
             "| measure | SaySo's computation | PolNeAR README |", "| --- | --- | --- |",
             f"| attribution-wise agreement (agr) | {f(report['attribution_wise_agreement'])} | "
             f"{f(report['published']['attribution_wise_agreement'])} |",
             f"| token-wise Krippendorff's α | {f(report['token_alpha'])} | {f(report['published']['token_alpha'])} |",
             ""]
    if att:
        lines += ["Pooled pairwise, with the scorer's one-to-one matching (F1, exact / partial):", "",
                  "| role or relation | exact | partial |", "| --- | --- | --- |"]
        for r in ("source", "cue", "content"):
            lines.append(f"| {r} | {f(att['roles'][r]['exact']['f1'])} | {f(att['roles'][r]['partial']['f1'])} |")
        lines += [f"| relation (strict / partial) | {f(att['relation']['strict']['f1'])} | "
                  f"{f(att['relation']['partial']['f1'])} |",
                  f"| matched attributions | {f(att['matched']['f1'])} | |", ""]
    lines += ["Articles: " + ", ".join(f"`{d}`" for d in report["docs"]), ""]
    return "\n".join(lines)
