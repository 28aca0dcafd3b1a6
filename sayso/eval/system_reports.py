"""A system's committed reports: scored through the API, written beside its predictions.

Shared by ``sayso baselines`` and ``sayso peers`` (``eval/systems/NAME/report-SPLIT.*``).
"""
from __future__ import annotations

import json
from typing import Any, Mapping


def score_baseline(name: str, split: str, records: list[Any], texts: dict[str, str], gold: Any, resamples: int,
                   seed: int, folder: Any, check: bool = True, system_info: Mapping[str, Any] | None = None) -> str:
    """Score one system's predictions with the API (which first applies ``sayso validate``'s
    checks, unless the caller did: ``check=False``); write its reports; return the summary.
    ``system_info`` (a peer's or model's record: kind, versions) goes into the report."""
    from sayso.corpus.standoff_io import write_text_atomic
    from sayso.eval.api import score
    from sayso.eval.html import to_html
    from sayso.eval.report import summary_text, to_markdown

    from sayso.eval.systems.record import signature_fields

    report = score(gold.records, records, texts, data=gold.data, system=name, resamples=resamples, seed=seed,
                   check=check, system_info=system_info, signature_extra=signature_fields(system_info))
    stem = folder / f"report-{split}"
    write_text_atomic(f"{stem}.json", json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(f"{stem}.md", to_markdown(report))
    write_text_atomic(f"{stem}.html", to_html(report, gold.records, records, texts))
    return summary_text(report)
