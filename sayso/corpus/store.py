"""The committed corpus folder: manifest, gold standoff and provenance (no text).

Layout (``corpus/`` at the repository root, or any folder passed as ``corpus_dir``)::

    manifest.jsonl          one line per document: metadata, hash, split, status
    gold/BATCH.jsonl        adjudicated gold standoff, one line per document
    provenance/BATCH.jsonl  how each gold document was made (annotators, passes, versions)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from sayso.corpus.jsonl import json_lines
from sayso.corpus.sources import REPO_ROOT
from sayso.corpus.standoff_io import StandoffLine, collect_standoff
from sayso.errors import InputError, Problem

CORPUS_DIR = REPO_ROOT / "corpus"
SPLITS = ("train", "validation", "test")


def corpus_path(corpus_dir: str | os.PathLike[str] | None = None) -> Path:
    return Path(corpus_dir) if corpus_dir is not None else CORPUS_DIR


def _read_jsonl_objects(path: Path) -> list[tuple[int, dict[str, Any]]]:
    out: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    for number, obj in json_lines(path, "restore the line from git; these files are written by sayso commands",
                                  problems):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            problems.append(Problem(str(path), number, None, "expected an object with an id",
                                    "restore the line from git"))
            continue
        out.append((number, obj))
    if problems:
        raise InputError(problems)
    return out


def load_manifest(corpus_dir: str | os.PathLike[str] | None = None) -> dict[str, dict[str, Any]]:
    """Manifest entries by document id; empty if there is no manifest yet."""
    path = corpus_path(corpus_dir) / "manifest.jsonl"
    if not path.is_file():
        return {}
    return {obj["id"]: obj for _, obj in _read_jsonl_objects(path)}


def read_standoff_folder(folder: str | os.PathLike[str]) -> dict[str, StandoffLine]:
    """Every record in a folder of standoff ``*.jsonl`` files, by document id.

    A document in two files is an error: gold has one record per document.
    """
    found: dict[str, StandoffLine] = {}
    problems: list[Problem] = []
    for path in sorted(Path(folder).glob("*.jsonl")):
        lines, bad = collect_standoff(path, allow_empty=True)
        problems.extend(bad)
        for item in lines:
            if item.record.id in found:
                first = found[item.record.id]
                problems.append(Problem(item.file, item.line, item.record.id,
                                        f"document is already gold in {first.file}:{first.line}",
                                        "keep one gold record per document; correct it in place"))
                continue
            found[item.record.id] = item
    if problems:
        raise InputError(problems)
    return found


def load_gold(corpus_dir: str | os.PathLike[str] | None = None) -> dict[str, StandoffLine]:
    """Every gold record by document id, from ``gold/*.jsonl`` (possibly none)."""
    return read_standoff_folder(corpus_path(corpus_dir) / "gold")


def load_provenance(corpus_dir: str | os.PathLike[str] | None = None) -> dict[str, dict[str, Any]]:
    """How each gold document was annotated, by document id."""
    out: dict[str, dict[str, Any]] = {}
    for path in sorted((corpus_path(corpus_dir) / "provenance").glob("*.jsonl")):
        for _, obj in _read_jsonl_objects(path):
            out[obj["id"]] = obj
    return out
