"""A self-contained HTML report: headline scores with CIs, per-type SVG charts, and a
per-document view with gold and predicted spans side by side and every error listed.

No network requests: CSS, SVG and the one small script are inline, and a Content
Security Policy forbids loading anything else. The page shows document text, so it is
an artifact: never commit it (``*.html`` is git-ignored).
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from sayso.corpus.model import Standoff
from sayso.eval.report import headline_rows

if TYPE_CHECKING:
    from sayso.eval.api import Report

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px;color:#1d2330;max-width:1400px}
h1{font-size:22px}h2{font-size:18px;margin-top:28px;border-bottom:1px solid #ccd}h3{font-size:15px}
code.sig{background:#f1f3f8;padding:3px 6px;border-radius:4px;font-size:13px}
table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #d5d9e3;padding:3px 8px;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f1f3f8}
.panes{display:grid;grid-template-columns:1fr 1fr;gap:12px}.pane{border:1px solid #d5d9e3;padding:8px;
white-space:pre-wrap;font-family:Georgia,serif;font-size:13.5px;max-height:420px;overflow:auto}
.pane h4{margin:0 0 6px;font-family:system-ui,sans-serif}
span.s{border-radius:3px}.ok{background:#c9f0cf}.bad{background:#ffc9c9}.half{background:#ffe7a8}
.src{border-bottom:3px solid #3b6fd8}.cue{border-bottom:3px dotted #b03bd8}.cnt{background:#e3ecff}
.cnt.bad{background:#ffd9d9}.cnt.ok{background:#d3f5d8}
ul.err{margin:4px 0 10px 18px;padding:0;font-size:13px}details{margin:6px 0;border:1px solid #e2e5ee;padding:4px 8px}
summary{cursor:pointer;font-weight:600}.tag{font-size:11px;color:#555;margin-left:6px}.legend span{margin-right:10px;padding:1px 4px}
"""

SCRIPT = """
var box = document.getElementById('only-errors');
if (box) {
  box.addEventListener('change', function (ev) {
    document.querySelectorAll('details.doc').forEach(function (d) {
      d.style.display = (ev.target.checked && d.dataset.errors === '0') ? 'none' : '';
    });
  });
}
"""


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
            out.append(f'<span class="s {classes}" title="{esc(title)}">{piece}</span>')
        else:
            out.append(piece)
    return "".join(out)


def bar_chart(title: str, values: Mapping[str, float]) -> str:
    """A horizontal SVG bar chart of scores in [0, 1]."""
    row, label_w, bar_w = 20, 130, 320
    height = row * len(values) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{esc(title)}" '
             f'width="{label_w + bar_w + 60}" height="{height}">',
             f'<text x="0" y="14" font-size="13" font-weight="600">{esc(title)}</text>']
    for k, (name, v) in enumerate(values.items()):
        y = 24 + k * row
        w = max(0.0, min(1.0, v)) * bar_w
        parts.append(f'<text x="0" y="{y + 13}" font-size="12">{esc(name)}</text>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="14" fill="#eef0f5"/>'
                     f'<rect x="{label_w}" y="{y + 2}" width="{w:.1f}" height="14" fill="#3b6fd8"/>'
                     f'<text x="{label_w + bar_w + 6}" y="{y + 13}" font-size="12">{100 * v:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _entity_view(g: Standoff, p: Standoff | None, text: str) -> tuple[str, str, list[str]]:
    from sayso.eval.entities import entity_outcomes

    res = entity_outcomes(g.entities or (), (p.entities if p and p.entities else ()), "strict")
    cls = {"correct": "ok", "incorrect": "bad", "partial": "half", "spurious": "bad"}
    # a gold entity shows the outcome of the prediction matched to it (missed when none)
    outcome_of = {(m.start, m.end, m.label): o for _, o, m in res["pred"] if m is not None}
    gold_spans = [(e.start, e.end, cls[outcome_of.get((e.start, e.end, e.label), "spurious")],
                   f"gold {e.label}: {outcome_of.get((e.start, e.end, e.label), 'missed')}") for e in g.entities or ()]
    pred_spans = [(e.start, e.end, cls[o], f"{e.label}: {o}") for e, o, _ in res["pred"]]
    errors = [f"{o}: predicted {e.label} [{e.start}, {e.end}) {esc(repr(text[e.start:e.end]))}"
              + (f" vs gold {m.label} [{m.start}, {m.end})" if m is not None else "")
              for e, o, m in res["pred"] if o != "correct"]
    errors += [f"missed: gold {e.label} [{e.start}, {e.end}) {esc(repr(text[e.start:e.end]))}" for e in res["missed"]]
    return render_spans(text, gold_spans), render_spans(text, pred_spans), errors


def _claim_view(g: Standoff, p: Standoff | None, text: str, matching: str) -> tuple[str, str, list[str]]:
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


def _attribution_view(g: Standoff, p: Standoff | None, text: str, matching: str) -> tuple[str, str, list[str]]:
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
                show = lambda s: "none" if s is None else f"[{s.start}, {s.end}) {esc(repr(text[s.start:s.end]))}"
                errors.append(f"{a.id}~{b.id} {role}: gold {show(ga)}, predicted {show(pa)}")
        if sorted(a.content) != sorted(b.content):
            errors.append(f"{a.id}~{b.id} content boundaries differ")
        for field in ("type", "source_kind"):
            if getattr(a, field) != getattr(b, field):
                errors.append(f"{a.id}~{b.id} {field}: gold {getattr(a, field)}, predicted {getattr(b, field)}")
    return (render_spans(text, _attribution_spans(g.attributions or (), mg, "gold")),
            render_spans(text, _attribution_spans((p.attributions or ()) if p else (), mp, "predicted")), errors)


def to_html(report: "Report", gold: Sequence[Standoff], pred: Sequence[Standoff],
            texts: Mapping[str, str] | None = None, max_documents: int = 200) -> str:
    """The report as one HTML page. Documents beyond ``max_documents`` are left out of the
    document view (the scores always cover every document)."""
    sig = report.signature
    level = int(round(sig.level * 100))
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
           "script-src 'unsafe-inline'; img-src data:\">",
           f"<title>SaySo report {esc(sig.data.label)}</title><style>{CSS}</style></head><body>",
           "<h1>SaySo score report</h1>", f'<p>Signature: <code class="sig" id="signature">{esc(sig.format())}</code></p>',
           f"<p>{report.documents} gold documents"
           + (f"; {len(report.missing_predictions)} without prediction (scored as empty)" if report.missing_predictions else "")
           + ".</p>",
           f'<h2>Headline scores</h2><table id="headline"><tr><th>layer</th><th>metric</th><th>score (%)</th>'
           f"<th>{level}% CI</th></tr>"]
    for layer, metric, value, ci in headline_rows(report):
        out.append(f"<tr><td>{esc(layer)}</td><td>{esc(metric)}</td><td class=\"n\">{100 * value:.2f}</td><td>{esc(ci)}</td></tr>")
    out.append("</table>")
    if report.entities is not None:
        e = report.entities
        out.append('<h2>Entities per type</h2><div id="charts">')
        for mode in ("strict", "partial"):
            out.append(bar_chart(f"F1 per type ({mode})", {t: m[mode].f1 for t, m in e.per_type.items()}))
        out.append('</div><table id="per-type"><tr><th>type</th><th>mode</th><th>correct</th><th>incorrect</th>'
                   "<th>partial</th><th>missed</th><th>spurious</th><th>P</th><th>R</th><th>F1</th></tr>")
        for label, modes in e.per_type.items():
            for mode, s in modes.items():
                out.append(f"<tr><td>{esc(label)}</td><td>{mode}</td>" + "".join(
                    f'<td class="n">{v}</td>' for v in (s.correct, s.incorrect, s.partial, s.missed, s.spurious))
                    + "".join(f'<td class="n">{100 * v:.2f}</td>' for v in (s.precision, s.recall, s.f1)) + "</tr>")
        out.append("</table>")
    if report.attributions is not None:
        a = report.attributions
        out.append(bar_chart("Attribution roles F1 (partial)", {r: d["partial"].f1 for r, d in a.roles.items()}))
    out.append("<h2>Documents</h2>")
    if texts is None:
        out.append("<p>No document texts were given (pass --sources), so there is no document view.</p>")
    else:
        out.append('<p class="legend"><label><input type="checkbox" id="only-errors"> only documents with errors</label> '
                   '<span class="ok">match</span><span class="half">partial</span><span class="bad">error</span>'
                   '<span class="src">source</span><span class="cue">cue</span><span class="cnt">content</span></p>')
        by_pred = {p.id: p for p in pred}
        matching_c = report.claims.matching if report.claims else "overlap"
        matching_a = report.attributions.matching if report.attributions else "content-tokens"
        for k, g in enumerate(gold):
            if k >= max_documents:
                out.append(f"<p>… {len(gold) - max_documents} more documents are not shown.</p>")
                break
            text, p = texts[g.id], by_pred.get(g.id)
            sections, n_errors = [], 0
            for layer in report.layers:
                if layer == "entities":
                    gold_html, pred_html, errors = _entity_view(g, p, text)
                elif layer == "claims":
                    gold_html, pred_html, errors = _claim_view(g, p, text, matching_c)
                else:
                    gold_html, pred_html, errors = _attribution_view(g, p, text, matching_a)
                n_errors += len(errors)
                sections.append(f'<h3>{esc(layer)}</h3><div class="panes"><div class="pane gold"><h4>gold</h4>{gold_html}</div>'
                                f'<div class="pane pred"><h4>predicted</h4>{pred_html}</div></div>'
                                + (f'<ul class="err">{"".join(f"<li>{x}</li>" for x in errors)}</ul>' if errors
                                   else "<p>no errors</p>"))
            missing = " (no prediction)" if p is None else ""
            opened = " open" if k == 0 else ""
            out.append(f'<details class="doc"{opened} data-errors="{n_errors}" id="doc-{esc(g.id)}"><summary>{esc(g.id)}{missing}'
                       f'<span class="tag">{n_errors} errors</span></summary>{"".join(sections)}</details>')
    out.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(out)
