"""Agreement between two standoff sources (``sayso agree-sources A B``), e.g. SaySo's gold
and PolNeAR's, on the documents both annotate, attributions only.

**Projection.** Two corpora annotate attributions under different conventions, so they
are compared through a projection applied to both sides alike:

- ``top-level`` (default): only attributions with no ``parent`` are kept. PolNeAR
  annotates only outermost attributions (its guidelines: "No nested attributions"), so
  SaySo's nested attributions ("X said that Y told Z ...": the inner one) have no
  counterpart there; PolNeAR's content of the outer attribution already covers them.
- ``none``: every attribution as it is (for two sources with the same conventions).

Then the measures are the scorer's (:mod:`sayso.eval.attributions`), with A in the
"gold" seat (every F1 is symmetric): one-to-one matching by content-token overlap; per
role (source, cue, content) exact and partial (token-overlap) F1; per relation strict
(all roles identical) and partial (all roles overlap) F1; and type / source-kind
accuracy and kappa on matched pairs, reported as not available (None) when either side
does not annotate the field (PolNeAR has no type and no source kind), never as 0.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Mapping, Sequence

from sayso.annotation.agreement.layers import ROLES, _attributions
from sayso.corpus.model import Standoff

PROJECTIONS: dict[str, Callable[[Standoff], Standoff]] = {}


def _projection(name: str):
    def register(fn: Callable[[Standoff], Standoff]) -> Callable[[Standoff], Standoff]:
        PROJECTIONS[name] = fn
        return fn
    return register


@_projection("top-level")
def top_level(record: Standoff) -> Standoff:
    """The record with only its outermost attributions (``parent`` null)."""
    return replace(record, attributions=tuple(a for a in record.attributions or () if a.parent is None))


@_projection("none")
def unprojected(record: Standoff) -> Standoff:
    return record


def get_projection(name: str) -> Callable[[Standoff], Standoff]:
    if name not in PROJECTIONS:
        raise ValueError(f"Unknown projection {name!r}; choose one of {', '.join(PROJECTIONS)}.")
    return PROJECTIONS[name]


def _annotates(records: Sequence[Standoff], field: str) -> bool:
    """True when the source fills ``field`` on at least one attribution."""
    return any(getattr(a, field) is not None for r in records for a in r.attributions or ())


def source_agreement(a: Mapping[str, Standoff], b: Mapping[str, Standoff], texts: Mapping[str, str],
                     projection: str = "top-level") -> dict[str, Any]:
    """Attribution agreement of sources ``a`` and ``b`` on their shared documents.

    Documents without an attributions layer on either side are not shared for this purpose.
    """
    project = get_projection(projection)
    shared = sorted(d for d in set(a) & set(b)
                    if a[d].attributions is not None and b[d].attributions is not None)
    left = [project(a[d]) for d in shared]
    right = [project(b[d]) for d in shared]
    counts = {side: {"attributions": sum(len(r.attributions or ()) for r in recs),
                     "left_out_by_projection": sum(len(src[d].attributions or ()) for d in shared)
                     - sum(len(r.attributions or ()) for r in recs)}
              for side, recs, src in (("a", left, a), ("b", right, b))}
    out: dict[str, Any] = {"projection": projection, "docs": shared, "n_docs": len(shared), "counts": counts}
    if not shared:
        return {**out, "attributions": None}
    result = _attributions([(x, y, texts[x.id]) for x, y in zip(left, right)])
    for field in ("type", "source_kind"):
        if not (_annotates(left, field) and _annotates(right, field)):
            result[field] = {"accuracy": None, "kappa": None, "not_available": "a source does not annotate it"}
    return {**out, "attributions": result}


def to_markdown(report: Mapping[str, Any], a_name: str, b_name: str) -> str:
    """The comparison as a Markdown table (numbers only)."""
    def f(x: Any) -> str:
        return "–" if x is None else f"{x:.3f}" if isinstance(x, float) else str(x)

    lines = [f"# Attribution agreement: {a_name} vs {b_name}", "",
             f"Projection `{report['projection']}` on both sides; {report['n_docs']} shared document(s). "
             f"Attributions compared: {report['counts']['a']['attributions']} vs "
             f"{report['counts']['b']['attributions']} (left out by the projection: "
             f"{report['counts']['a']['left_out_by_projection']} vs {report['counts']['b']['left_out_by_projection']}).",
             ""]
    att = report["attributions"]
    if att is None:
        return "\n".join(lines + ["No shared document with attributions on both sides: nothing to compare.", ""])
    lines += ["| measure | exact F1 | partial F1 |", "| --- | --- | --- |"]
    for r in ROLES:
        lines.append(f"| {r} | {f(att['roles'][r]['exact']['f1'])} | {f(att['roles'][r]['partial']['f1'])} |")
    lines += [f"| relation (strict / partial) | {f(att['relation']['strict']['f1'])} | "
              f"{f(att['relation']['partial']['f1'])} |",
              f"| matched (content overlap, one-to-one) | {f(att['matched']['f1'])} | |",
              f"| type accuracy / κ | {f(att['type']['accuracy'])} / {f(att['type']['kappa'])} | |",
              f"| source kind accuracy / κ | {f(att['source_kind']['accuracy'])} / "
              f"{f(att['source_kind']['kappa'])} | |", "",
              "– : not available (a source does not annotate the field) or undefined.", ""]
    return "\n".join(lines)
