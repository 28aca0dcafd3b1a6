"""Reports: the JSON dict (schema in eval/README.md), Markdown, and a plain-text summary.

Reports hold numbers, ids and the signature only — never document text — so JSON and
Markdown reports may be committed. The HTML report (:mod:`sayso.eval.html`) shows text
and is an artifact.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sayso import __version__

if TYPE_CHECKING:
    from sayso.eval.api import Comparison, Report

REPORT_SCHEMA = "sayso-report/1"
COMPARISON_SCHEMA = "sayso-comparison/1"


def report_dict(report: "Report") -> dict[str, Any]:
    sig = report.signature
    return {
        "schema": REPORT_SCHEMA,
        "signature": sig.format(),
        "scorer": {"name": "sayso", "version": __version__},
        "data": {**sig.data.to_dict(), "documents": report.documents,
                 "missing_predictions": list(report.missing_predictions)},
        "options": {"layers": list(report.layers), "modes": dict(sig.modes), "resamples": sig.resamples,
                    "seed": sig.seed, "level": sig.level},
        "entities": report.entities.to_dict() if report.entities else None,
        "claims": report.claims.to_dict() if report.claims else None,
        "attributions": report.attributions.to_dict() if report.attributions else None,
    }


def comparison_dict(comparison: "Comparison") -> dict[str, Any]:
    return {
        "schema": COMPARISON_SCHEMA,
        "signature": comparison.signature.format(),
        "a": report_dict(comparison.a),
        "b": report_dict(comparison.b),
        "differences": {layer: {m: d.to_dict() for m, d in diffs.items()}
                        for layer, diffs in comparison.differences.items()},
    }


def _pct(x: float) -> str:
    return f"{100 * x:.2f}"


def _ci(ci: Any, name: str = "f1") -> str:
    if not ci or name not in ci:
        return ""
    lo, hi = ci[name]
    return f"[{_pct(lo)}, {_pct(hi)}]"


def headline_rows(report: "Report") -> list[tuple[str, str, float, str]]:
    """(layer, metric, value, CI text) for the summary tables."""
    rows: list[tuple[str, str, float, str]] = []
    e, c, a = report.entities, report.claims, report.attributions
    if e:
        for mode, s in e.modes.items():
            rows.append(("entities", f"{mode} F1", s.f1, _ci(s.ci)))
        for mode in ("strict",):
            rows.append(("entities", f"{mode} macro F1", e.macro[mode].f1, _ci(e.macro[mode].ci)))
    if c:
        rows.append(("claims", "sentence F1", c.sentences.f1, _ci(c.sentences.ci)))
        rows.append(("claims", "span exact F1", c.exact.f1, _ci(c.exact.ci)))
        rows.append(("claims", "span overlap F1", c.overlap.f1, _ci(c.overlap.ci)))
        rows.append(("claims", "kind accuracy", c.kind.accuracy, _ci(c.kind.ci, "accuracy")))
        rows.append(("claims", "voice accuracy", c.voice.accuracy, _ci(c.voice.ci, "accuracy")))
    if a:
        rows.append(("attributions", "matched F1", a.match.f1, _ci(a.match.ci)))
        for role, d in a.roles.items():
            rows.append(("attributions", f"{role} exact F1", d["exact"].f1, _ci(d["exact"].ci)))
            rows.append(("attributions", f"{role} partial F1", d["partial"].f1, _ci(d["partial"].ci)))
        for mode, s in a.relation.items():
            rows.append(("attributions", f"relation {mode} F1", s.f1, _ci(s.ci)))
        rows.append(("attributions", "type accuracy", a.type.accuracy, _ci(a.type.ci, "accuracy")))
        rows.append(("attributions", "source_kind accuracy", a.source_kind.accuracy, _ci(a.source_kind.ci, "accuracy")))
        rows.append(("attributions", "parent accuracy", a.parent.accuracy, _ci(a.parent.ci, "accuracy")))
        if a.who_claimed_what:
            for mode, s in a.who_claimed_what.items():
                rows.append(("attributions", f"who claimed what ({mode}) F1", s.f1, _ci(s.ci)))
    return rows


def summary_text(report: "Report") -> str:
    """A few lines for the terminal: the signature and the headline scores."""
    lines = [report.signature.format()]
    if report.missing_predictions:
        lines.append(f"({len(report.missing_predictions)} of {report.documents} gold documents had no prediction)")
    for layer, metric, value, ci in headline_rows(report):
        lines.append(f"{layer:<13} {metric:<32} {_pct(value):>6} {ci}")
    return "\n".join(lines)


def to_markdown(report: "Report") -> str:
    """A Markdown summary: signature, headline table, per-type entity table (no text)."""
    level = int(round(report.signature.level * 100))
    out = ["# SaySo score report", "", f"Signature: `{report.signature.format()}`", "",
           f"Documents: {report.documents}" + (f" ({len(report.missing_predictions)} without prediction, scored as empty)"
                                               if report.missing_predictions else ""), "",
           f"| layer | metric | score (%) | {level}% CI |", "|---|---|---:|---|"]
    for layer, metric, value, ci in headline_rows(report):
        out.append(f"| {layer} | {metric} | {_pct(value)} | {ci} |")
    if report.entities and report.entities.per_type:
        out += ["", "## Entities per type (strict)", "",
                "| type | correct | incorrect | missed | spurious | P | R | F1 |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for label, modes in report.entities.per_type.items():
            s = modes["strict"]
            out.append(f"| {label} | {s.correct} | {s.incorrect} | {s.missed} | {s.spurious} | "
                       f"{_pct(s.precision)} | {_pct(s.recall)} | {_pct(s.f1)} |")
    out += ["", "Scores are percentages; 0/0 counts as 0 (the nervaluate convention). Definitions: eval/README.md.", ""]
    return "\n".join(out)


def comparison_text(comparison: "Comparison") -> str:
    lines = [comparison.signature.format(), f"{'layer':<13} {'metric':<34} {'A':>6} {'B':>6} {'A-B':>7} {'CI':<18} p"]
    for layer, diffs in comparison.differences.items():
        for metric, d in diffs.items():
            ci = f"[{_pct(d.ci[0])}, {_pct(d.ci[1])}]" if d.ci else ""
            p = f"{d.p_value:.4f}" if d.p_value is not None else "-"
            lines.append(f"{layer:<13} {metric:<34} {_pct(d.a):>6} {_pct(d.b):>6} {_pct(d.diff):>7} {ci:<18} {p}")
    return "\n".join(lines)


def comparison_markdown(comparison: "Comparison") -> str:
    out = ["# SaySo comparison: A vs B", "", f"Signature: `{comparison.signature.format()}`", "",
           "| layer | metric | A | B | A−B | CI | p |", "|---|---|---:|---:|---:|---|---:|"]
    for layer, diffs in comparison.differences.items():
        for metric, d in diffs.items():
            ci = f"[{_pct(d.ci[0])}, {_pct(d.ci[1])}]" if d.ci else ""
            p = f"{d.p_value:.4f}" if d.p_value is not None else ""
            out.append(f"| {layer} | {metric} | {_pct(d.a)} | {_pct(d.b)} | {_pct(d.diff)} | {ci} | {p} |")
    out += ["", "Paired bootstrap over documents; p is two-sided. Definitions: eval/README.md.", ""]
    return "\n".join(out)
