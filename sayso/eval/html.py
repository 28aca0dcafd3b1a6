"""A self-contained HTML report: headline scores with CIs, per-type SVG charts, and a
per-document view with gold and predicted spans side by side and every error listed.

No network requests: CSS, SVG and the one small script are inline, and a Content
Security Policy forbids loading anything else and running any script but the page's
own (allowed by its hash). Every value shown is escaped (ids, labels, the system name). The page shows document text, so it is
an artifact: never commit it (``*.html`` is git-ignored).
"""
from __future__ import annotations

import base64
import hashlib
from typing import Mapping, Sequence

from sayso.corpus.model import Standoff
from sayso.eval.layers import LAYERS
from sayso.eval.report import headline_rows
from sayso.eval.results import Report
from sayso.eval.views import esc

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


def _csp() -> str:
    """Nothing loads from anywhere; the only script that runs is the page's own (by hash),
    so a value that slipped through unescaped still could not run."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
    return f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{digest}'; img-src data:"


def to_html(report: Report, gold: Sequence[Standoff], pred: Sequence[Standoff],
            texts: Mapping[str, str] | None = None, max_documents: int = 200) -> str:
    """The report as one HTML page, every shown value escaped. Documents beyond
    ``max_documents`` are left out of the document view (the scores cover every document)."""
    sig = report.signature
    level = int(round(sig.level * 100))
    system = esc(report.system or "(unnamed system)")
    out = ["<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
           f"<meta http-equiv=\"Content-Security-Policy\" content=\"{_csp()}\">",
           f"<title>SaySo report: {system} on {esc(sig.data.label)}</title><style>{CSS}</style></head><body>",
           f'<h1>SaySo score report: <span id="system">{system}</span></h1>',
           '<table id="signatures"><tr><th>layer</th><th>signature</th></tr>']
    for name, result in report.results.items():
        out.append(f'<tr><td>{esc(name)}</td><td><code class="sig">{esc(result.signature)}</code></td></tr>')
    out += ["</table>",
            f"<p>{report.documents} gold documents"
            + (f"; {len(report.missing_predictions)} without prediction (scored as empty)" if report.missing_predictions
               else "") + ".</p>",
            f'<h2>Headline scores</h2><table id="headline"><tr><th>layer</th><th>metric</th><th>score (%)</th>'
            f"<th>{level}% CI</th></tr>"]
    for layer, metric, value, ci in headline_rows(report):
        shown = "n/a" if value is None else f"{100 * value:.2f}"
        out.append(f"<tr><td>{esc(layer)}</td><td>{esc(metric)}</td><td class=\"n\">{shown}</td>"
                   f"<td>{esc(ci)}</td></tr>")
    out.append("</table>")
    entities = report.results.get("entities")
    if entities is not None and entities.get("per_type") is not None:
        per_type = entities.per_type
        out.append('<h2>Entities per type</h2><div id="charts">')
        for mode in ("strict", "partial"):
            out.append(bar_chart(f"F1 per type ({mode})", {t: m[mode].f1 for t, m in per_type.items()}))
        out.append('</div><table id="per-type"><tr><th>type</th><th>mode</th><th>correct</th><th>incorrect</th>'
                   "<th>partial</th><th>missed</th><th>spurious</th><th>P</th><th>R</th><th>F1</th></tr>")
        for label, modes in per_type.items():
            for mode, s in modes.items():
                out.append(f"<tr><td>{esc(label)}</td><td>{esc(mode)}</td>" + "".join(
                    f'<td class="n">{esc(v)}</td>' for v in (s.correct, s.incorrect, s.partial, s.missed, s.spurious))
                    + "".join(f'<td class="n">{100 * v:.2f}</td>' for v in (s.precision, s.recall, s.f1)) + "</tr>")
        out.append("</table>")
    attributions = report.results.get("attributions")
    if attributions is not None:
        out.append(bar_chart("Attribution roles F1 (partial)",
                             {r: attributions.roles[r]["partial"].f1 for r in attributions.roles}))
    out.append("<h2>Documents</h2>")
    if texts is None:
        out.append("<p>No document texts were given (pass --sources), so there is no document view.</p>")
    else:
        out.append('<p class="legend"><label><input type="checkbox" id="only-errors"> only documents with errors</label> '
                   '<span class="ok">match</span><span class="half">partial</span><span class="bad">error</span>'
                   '<span class="src">source</span><span class="cue">cue</span><span class="cnt">content</span></p>')
        by_pred = {p.id: p for p in pred}
        for k, g in enumerate(gold):
            if k >= max_documents:
                out.append(f"<p>… {len(gold) - max_documents} more documents are not shown.</p>")
                break
            text, p = texts[g.id], by_pred.get(g.id)
            sections, n_errors = [], 0
            for name, result in report.results.items():
                gold_html, pred_html, errors = LAYERS[name].view(g, p, text, result.mode)
                n_errors += len(errors)
                sections.append(f'<h3>{esc(name)}</h3><div class="panes"><div class="pane gold"><h4>gold</h4>{gold_html}</div>'
                                f'<div class="pane pred"><h4>predicted</h4>{pred_html}</div></div>'
                                + (f'<ul class="err">{"".join(f"<li>{esc(x)}</li>" for x in errors)}</ul>' if errors
                                   else "<p>no errors</p>"))
            missing = " (no prediction)" if p is None else ""
            opened = " open" if k == 0 else ""
            out.append(f'<details class="doc"{opened} data-errors="{n_errors}" id="doc-{esc(g.id)}"><summary>{esc(g.id)}{missing}'
                       f'<span class="tag">{n_errors} errors</span></summary>{"".join(sections)}</details>')
    out.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(out)
