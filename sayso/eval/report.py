"""Reports for people: the terminal summary and Markdown, for a score and a comparison.
(The JSON report is :meth:`sayso.eval.results.Report.to_dict`; the HTML one is
:mod:`sayso.eval.html`.)

Every table iterates over the layer registry (:mod:`sayso.eval.layers`) and its declared
headline metrics. Reports hold numbers, ids, the system's name and signatures only —
never document text — so JSON and Markdown reports may be committed.
"""
from __future__ import annotations

from sayso.eval.layers import LAYERS
from sayso.eval.results import Comparison, Report


def pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.2f}"


def interval_text(ci: tuple[float, float] | None) -> str:
    return f"[{pct(ci[0])}, {pct(ci[1])}]" if ci else ""


def headline_rows(report: Report) -> list[tuple[str, str, float | None, str]]:
    """(layer, metric title, value, CI text) of every scored layer's headline metrics; a
    metric that cannot be scored here (type accuracy against PolNeAR, which annotates no
    type; who-claimed-what without claims) has value None and the text "not available",
    never 0."""
    rows: list[tuple[str, str, float | None, str]] = []
    for name, result in report.results.items():
        for metric in LAYERS[name].headline:
            if metric.key in result.scores:
                rows.append((name, metric.title, result.scores[metric.key], interval_text(result.ci.get(metric.key))))
            else:
                rows.append((name, metric.title, None, "not available"))
    return rows


def system_name(report: Report) -> str:
    return report.system or "(unnamed system)"


def summary_text(report: Report) -> str:
    """A few lines for the terminal: the system, each layer's signature and headline scores."""
    lines = [f"system: {system_name(report)}"]
    if report.missing_predictions:
        lines.append(f"({len(report.missing_predictions)} of {report.documents} gold documents had no prediction)")
    for name, result in report.results.items():
        lines.append(result.signature)
        for layer, metric, value, ci in headline_rows(report):
            if layer == name:
                lines.append(f"  {layer:<13} {metric:<32} {pct(value):>6} {ci}")
    return "\n".join(lines)


def to_markdown(report: Report) -> str:
    """A Markdown summary: system, signatures, headline table, per-type entity table (no text)."""
    level = int(round(report.signature.level * 100))
    out = [f"# SaySo score report: {system_name(report)}", "",
           f"Documents: {report.documents}" + (f" ({len(report.missing_predictions)} without prediction, scored as empty)"
                                               if report.missing_predictions else ""), ""]
    if report.system_info:  # a peer's or model's record: versions, model, prompt, token counts
        from sayso.eval.systems.record import describe

        out += describe(report.system_info) + [""]
    out += [f"Signature ({name}): `{result.signature}`  " for name, result in report.results.items()]
    out += ["", f"| layer | metric | score (%) | {level}% CI |", "|---|---|---:|---|"]
    for layer, metric, value, ci in headline_rows(report):
        out.append(f"| {layer} | {metric} | {pct(value)} | {ci} |")
    entities = report.results.get("entities")
    if entities is not None and entities.get("per_type") is not None:
        out += ["", "## Entities per type (strict)", "",
                "| type | correct | incorrect | missed | spurious | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for label, modes in entities.per_type.items():
            s = modes["strict"]
            out.append(f"| {label} | {s.correct} | {s.incorrect} | {s.missed} | {s.spurious} | "
                       f"{pct(s.precision)} | {pct(s.recall)} | {pct(s.f1)} |")
    out += ["", "Scores are percentages; 0/0 counts as 0 (the nervaluate convention). Definitions: eval/README.md.", ""]
    return "\n".join(out)


def _p_text(p: float | None, resamples: int) -> str:
    if p is None:
        return ""
    return f"<{1 / resamples:.4f}" if p == 0 else f"{p:.4f}"


def comparison_text(comparison: Comparison) -> str:
    a, b = system_name(comparison.a), system_name(comparison.b)
    lines = [comparison.signature.format(), f"A = {a}", f"B = {b}",
             f"{'layer':<13} {'metric':<34} {'A':>6} {'B':>6} {'A-B':>7} {'CI':<18} p"]
    for layer, diffs in comparison.differences.items():
        for metric, d in diffs.items():
            p = _p_text(d.p_value, comparison.signature.resamples) or "-"
            lines.append(f"{layer:<13} {metric:<34} {pct(d.a):>6} {pct(d.b):>6} {pct(d.diff):>7} "
                         f"{interval_text(d.ci):<18} {p}")
    return "\n".join(lines)


def comparison_markdown(comparison: Comparison) -> str:
    a, b = system_name(comparison.a), system_name(comparison.b)
    out = [f"# SaySo comparison: {a} (A) vs {b} (B)", "", f"Signature: `{comparison.signature.format()}`", "",
           f"| layer | metric | A ({a}) | B ({b}) | A−B | CI | p |", "|---|---|---:|---:|---:|---|---:|"]
    for layer, diffs in comparison.differences.items():
        for metric, d in diffs.items():
            out.append(f"| {layer} | {metric} | {pct(d.a)} | {pct(d.b)} | {pct(d.diff)} | {interval_text(d.ci)} | "
                       f"{_p_text(d.p_value, comparison.signature.resamples)} |")
    out += ["", "Paired bootstrap over documents; p is two-sided, from the same resamples as the interval. "
            "Definitions: eval/README.md.", ""]
    return "\n".join(out)
