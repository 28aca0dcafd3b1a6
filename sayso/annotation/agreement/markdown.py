"""The batch agreement report as Markdown (numbers and ids only, no text)."""
from __future__ import annotations

from typing import Any, Mapping

from sayso.annotation.agreement.layers import ROLES


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
