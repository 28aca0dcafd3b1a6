"""Per-document views for the HTML report: each layer's gold and predicted panes and its
error lines. Panes are HTML (text escaped by :func:`render_spans`); error lines are
plain text, escaped where the page shows them. Layers name their view in
:meth:`sayso.eval.layers.Layer.view`.
"""
from __future__ import annotations

import html
from typing import Iterable, Sequence

from sayso.corpus.model import Standoff


def esc(x: object) -> str:
    return html.escape(str(x), quote=True)


def render_spans(text: str, spans: Sequence[tuple[int, int, str, str]]) -> str:
    """``text`` with every ``(start, end, css classes, title)`` span marked; spans may nest."""
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        active = [(cls, title) for s, e, cls, title in spans if s <= a and b <= e]
        piece = esc(text[a:b])
        if active:
            classes = " ".join(sorted({c for cls, _ in active for c in cls.split()}))
            title = "; ".join(t for _, t in active)
            out.append(f'<span class="s {esc(classes)}" title="{esc(title)}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def entities_view(g: Standoff, p: Standoff | None, text: str, mode: str = "strict") -> tuple[str, str, list[str]]:
    from sayso.eval.entities import entity_outcomes

    res = entity_outcomes(g.entities or (), (p.entities if p and p.entities else ()), mode)
    cls = {"correct": "ok", "incorrect": "bad", "partial": "half", "spurious": "bad"}
    # a gold entity shows the outcome of the prediction matched to it (missed when none)
    outcome_of = {(m.start, m.end, m.label): o for _, o, m in res["pred"] if m is not None}
    gold_spans = [(e.start, e.end, cls[outcome_of.get((e.start, e.end, e.label), "spurious")],
                   f"gold {e.label}: {outcome_of.get((e.start, e.end, e.label), 'missed')}") for e in g.entities or ()]
    pred_spans = [(e.start, e.end, cls[o], f"{e.label}: {o}") for e, o, _ in res["pred"]]
    errors = [f"{o}: predicted {e.label} [{e.start}, {e.end}) {text[e.start:e.end]!r}"
              + (f" vs gold {m.label} [{m.start}, {m.end})" if m is not None else "")
              for e, o, m in res["pred"] if o != "correct"]
    errors += [f"missed: gold {e.label} [{e.start}, {e.end}) {text[e.start:e.end]!r}" for e in res["missed"]]
    return render_spans(text, gold_spans), render_spans(text, pred_spans), errors


def claims_view(g: Standoff, p: Standoff | None, text: str, matching: str) -> tuple[str, str, list[str]]:
    from sayso.eval.claims import claim_pairs

    res = claim_pairs(g, p, text, matching)
    mg = {c.id for c, _ in res["pairs"]}
    mp = {c.id for _, c in res["pairs"]}
    gold_spans = [(c.start, c.end, "ok" if c.id in mg else "bad", f"gold claim {c.kind}") for c in g.claims or ()]
    pred_spans = [(c.start, c.end, "ok" if c.id in mp else "bad", f"claim {c.kind}") for c in ((p.claims or ()) if p else ())]
    errors = [f"missed claim [{c.start}, {c.end}) {c.kind}" for c in res["missed"]]
    errors += [f"spurious claim [{c.start}, {c.end}) {c.kind}" for c in res["spurious"]]
    for gc, pc in res["pairs"]:
        if gc.kind != pc.kind:
            errors.append(f"kind: gold {gc.kind}, predicted {pc.kind} for claim [{gc.start}, {gc.end})")
        if (gc.attribution is None) != (pc.attribution is None):
            errors.append(f"voice: gold {'writer' if gc.attribution is None else 'attributed'}, predicted "
                          f"{'writer' if pc.attribution is None else 'attributed'} for claim [{gc.start}, {gc.end})")
    return render_spans(text, gold_spans), render_spans(text, pred_spans), errors


def _attribution_spans(atts: Iterable, ok_ids: set[str], prefix: str) -> list[tuple[int, int, str, str]]:
    spans = []
    for a in atts:
        state = "ok" if a.id in ok_ids else "bad"
        for c in a.content:
            spans.append((c.start, c.end, f"cnt {state}", f"{prefix} {a.id} content ({a.type})"))
        if a.source is not None:
            spans.append((a.source.start, a.source.end, "src", f"{prefix} {a.id} source ({a.source_kind})"))
        if a.cue is not None:
            spans.append((a.cue.start, a.cue.end, "cue", f"{prefix} {a.id} cue"))
    return spans


def attributions_view(g: Standoff, p: Standoff | None, text: str, matching: str) -> tuple[str, str, list[str]]:
    from sayso.eval.attributions import attribution_pairs

    res = attribution_pairs(g, p, text, matching)
    mg = {a.id for a, _ in res["pairs"]}
    mp = {b.id for _, b in res["pairs"]}
    errors = [f"missed attribution {a.id} (content [{a.content[0].start}, {a.content[-1].end}))" for a in res["missed"]]
    errors += [f"spurious attribution {a.id} (content [{a.content[0].start}, {a.content[-1].end}))" for a in res["spurious"]]
    for a, b in res["pairs"]:
        for role in ("source", "cue"):
            ga, pa = getattr(a, role), getattr(b, role)
            if ga != pa:
                show = lambda s: "none" if s is None else f"[{s.start}, {s.end}) {text[s.start:s.end]!r}"
                errors.append(f"{a.id}~{b.id} {role}: gold {show(ga)}, predicted {show(pa)}")
        if sorted(a.content) != sorted(b.content):
            errors.append(f"{a.id}~{b.id} content boundaries differ")
        for field in ("type", "source_kind"):
            if getattr(a, field) != getattr(b, field):
                errors.append(f"{a.id}~{b.id} {field}: gold {getattr(a, field)}, predicted {getattr(b, field)}")
    return (render_spans(text, _attribution_spans(g.attributions or (), mg, "gold")),
            render_spans(text, _attribution_spans((p.attributions or ()) if p else (), mp, "predicted")), errors)


