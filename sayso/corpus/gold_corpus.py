"""The gold corpus joined with its texts: what building, statistics and the baselines read.

Kept apart from :mod:`sayso.corpus.build` so that the dataset card and the statistics,
which build uses, can name :class:`GoldDocument` without importing build back.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from sayso.corpus.licences import is_redistributable
from sayso.corpus.model import Document, Standoff
from sayso.corpus.sources import SourcePack
from sayso.corpus.store import load_gold, load_manifest, load_provenance
from sayso.corpus.validate import validate_lines
from sayso.errors import InputError, Problem


@dataclass(frozen=True)
class GoldDocument:
    document: Document
    record: Standoff
    split: str
    provenance: dict[str, Any]

    @property
    def public(self) -> bool:
        return is_redistributable(self.document.license)


def load_corpus(pack: SourcePack, corpus_dir: str | os.PathLike[str] | None = None) -> list[GoldDocument]:
    """Gold documents joined with their verified text, sorted by id; every problem at once."""
    manifest = load_manifest(corpus_dir)
    gold = load_gold(corpus_dir)
    provenance = load_provenance(corpus_dir)
    problems = validate_lines(gold.values(), pack)
    for doc_id, item in gold.items():
        if doc_id not in manifest:
            problems.append(Problem(item.file, item.line, doc_id, "gold document is not in corpus/manifest.jsonl",
                                    "run `sayso manifest` to add it"))
        elif manifest[doc_id].get("text_sha256") != item.record.text_sha256:
            problems.append(Problem(item.file, item.line, doc_id, "text_sha256 differs from the manifest's",
                                    "the annotations and the manifest disagree on the text; re-run `sayso manifest`"))
    if problems:
        raise InputError(problems)
    return [GoldDocument(pack.get(doc_id), gold[doc_id].record, manifest[doc_id]["split"],
                         provenance.get(doc_id, {}))
            for doc_id in sorted(gold)]
