"""``sayso agree --batch B``: inter-annotator agreement of a batch, every layer.

Reads every annotator's records of the batch, verifies their texts, and writes
``annotation/agreement/BATCH.json`` and ``.md`` (numbers and ids only: no text). The
measures are in :mod:`sayso.annotation.agreement.layers`.
"""
from __future__ import annotations

import json
from itertools import combinations
from typing import Any, Mapping, Sequence

from sayso.annotation.agreement.layers import group_alpha, pair_agreement, pooled_agreement
from sayso.annotation.agreement.markdown import to_markdown
from sayso.annotation.batch import Batch, now
from sayso.corpus.model import Standoff
from sayso.corpus.standoff_io import read_standoff, write_text_atomic
from sayso.errors import InputError, Problem


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


def calibration_documents(batch: Batch) -> list[str]:
    """Documents the batch plan marks as calibration (their agreement is not blind)."""
    plan = batch.folder / "plan.json"
    if not plan.is_file():
        return []
    return list(json.loads(plan.read_text(encoding="utf-8")).get("calibration", {}).get("documents", []))


def run_agreement(batch: Batch, sources: str | None = None, progress: bool = False) -> str:
    """Compute and write ``annotation/agreement/BATCH.json`` and ``.md``; return a summary line.

    ``progress``: a bar on stderr over the annotations read (texts hash-checked), then the
    agreement computed.
    """
    import sys

    from tqdm import tqdm

    from sayso.corpus.sources import SourcePack

    by_annotator = load_batch(batch)
    pack = SourcePack.load(sources)
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    total = sum(len(records) for records in by_annotator.values())
    with tqdm(total=total + 1, desc=f"agree {batch.name}", unit="annotation", file=sys.stderr,
              disable=not progress) as bar:
        for name, records in by_annotator.items():
            for doc_id, record in records.items():
                try:
                    texts[doc_id] = pack.verified(doc_id, record.text_sha256,
                                                  file=str(batch.annotator_path(name))).text
                except InputError as exc:
                    problems.extend(exc.problems)
                bar.update()
        if problems:
            raise InputError(problems)
        report = agreement_report(batch, by_annotator, texts, calibration=calibration_documents(batch))
        bar.update()
    base = batch.agreement_base
    json_path, md_path = base.parent / f"{base.name}.json", base.parent / f"{base.name}.md"
    write_text_atomic(json_path, json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    write_text_atomic(md_path, to_markdown(report))
    shared = sum(p["n_docs"] for p in report["pairs"])
    return (f"batch {batch.name}: {len(report['pairs'])} annotator pair(s), {shared} shared document comparison(s); "
            f"wrote {md_path} and {json_path}")
