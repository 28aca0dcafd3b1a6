"""The manifest: every document of the corpus, its split and how it was annotated.

Split rule (deterministic, written here and recorded in every manifest line as
``split_rule``): documents are grouped into strata by publication period and first
topic, strata are taken in a fixed order, documents inside a stratum are ordered by
``sha256("sayso-split:" + id)``, and the concatenated list is dealt out in a repeating
pattern of ten (7 train, 1 validation, 2 test). Dealing one continuous pattern across
strata is systematic stratified sampling: every stratum, however small, contributes to
the splits in proportion. Three exceptions: documents listed in ``FORCED_SPLITS`` (the
seed goes to test), documents whose source fixes their split (PolNeAR's own
train/dev/test, ``Document.split``), and documents already in the manifest, which keep
the split they were published with — a published document never changes split.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, Iterable, Mapping

from sayso.corpus.licences import is_redistributable
from sayso.corpus.model import Document

SPLIT_RULE = "sayso-split-v1"
SOURCE_SPLIT_RULE = "source"  # the source fixes the split (PolNeAR train/dev/test)
PATTERN = ("train", "test", "train", "train", "validation", "train", "train", "test", "train", "train")
FORCED_SPLITS = {"ap-2024-11-20-nk-artillery": "test"}
# As written by `sayso adjudicate` into corpus/provenance/BATCH.jsonl. The provenance
# "date" (when the gold was made) goes in as "annotated_date": "date" is the publication date.
PROVENANCE_FIELDS = ("batch", "annotators", "guidelines_version", "labeling_config_version", "preannotated",
                     "sentences_proposed", "adjudicated", "adjudicators", "decisions", "date")
MANIFEST_NAMES = {"date": "annotated_date"}


def stratum(doc: Document, batch: str = "") -> tuple[str, str, str]:
    """(batch, period, topic) of a document: the strata of the split rule.

    The annotation batch comes first so that every batch, annotated as a unit, is split
    70/10/20 on its own; documents in no batch yet have batch "~" (sorted last).
    """
    year = (doc.date or "")[:4]
    if not year.isdigit():
        period = "unknown"
    elif int(year) <= 2018:
        period = "2004-2018"
    else:
        period = year if int(year) <= 2020 else "2021+"
    topic = doc.topics[0].lower() if doc.topics else "none"
    return batch or "~", period, topic


def assign_splits(documents: Iterable[Document], existing: Mapping[str, str] | None = None,
                  batches: Mapping[str, str] | None = None) -> dict[str, str]:
    """Split of every document by the rule above; ``existing`` assignments are kept.

    ``batches`` maps document ids to the annotation batch that lists them.
    """
    existing = dict(existing or {})
    batches = batches or {}
    documents = list(documents)
    fixed = {d.id: d.split for d in documents if d.split is not None}
    fresh = [d for d in documents if d.id not in existing and d.id not in FORCED_SPLITS and d.id not in fixed]
    fresh.sort(key=lambda d: (stratum(d, batches.get(d.id, "")), hashlib.sha256(f"sayso-split:{d.id}".encode()).hexdigest()))
    splits = {d.id: PATTERN[i % len(PATTERN)] for i, d in enumerate(fresh)}
    for doc_id, split in [*FORCED_SPLITS.items(), *fixed.items()]:
        splits.setdefault(doc_id, split)
    splits.update(existing)
    return splits


def _split_rule(doc: Document) -> str:
    """The rule that gave ``doc`` its split: the source's own (PolNeAR's) or SaySo's."""
    return SOURCE_SPLIT_RULE if doc.split is not None else SPLIT_RULE


def manifest_entries(documents: Iterable[Document], previous: Mapping[str, Mapping[str, Any]],
                     provenance: Mapping[str, Mapping[str, Any]], gold_ids: set[str],
                     batches: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Manifest lines for ``documents``: metadata, hash, split, status and provenance."""
    docs = sorted(documents, key=lambda d: d.id)
    splits = assign_splits(docs, {k: v["split"] for k, v in previous.items() if "split" in v}, batches)
    entries = []
    for doc in docs:
        public = is_redistributable(doc.license)
        entry: dict[str, Any] = {
            # No title and no url: a headline is article text too (and Wikinews urls spell
            # the headline out), and the repository holds none. The build takes both from
            # the pack, for documents whose licence allows it.
            "id": doc.id,
            "publisher": doc.publisher, "date": doc.date, "license": doc.license,
            "text_redistributable": public,
            "text_sha256": doc.text_sha256,
            "split": splits[doc.id], "split_rule": previous.get(doc.id, {}).get("split_rule", _split_rule(doc)),
            "status": "gold" if doc.id in gold_ids else "unannotated",
        }
        prov = provenance.get(doc.id, {})
        for key in PROVENANCE_FIELDS:
            entry[MANIFEST_NAMES.get(key, key)] = prov.get(key)
        entries.append(entry)
    return entries


def read_batch_lists(root: Path) -> dict[str, str]:
    """Document id -> batch name, from the pack's ``batch-*.txt`` files (one id per line)."""
    out: dict[str, str] = {}
    for path in sorted(root.glob("batch-*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.setdefault(line.strip(), path.stem)
    return out


def dumps_manifest(entries: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in entries)
