"""Reading and writing standoff JSONL: one document per line, gold and predictions alike.

Reading checks the *shape* of every line against ``standoff.schema.json`` and collects
every problem before raising, so a user sees all of them at once. Checks against the
document text (offsets, hashes, links) are :mod:`sayso.corpus.validate`'s job.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from sayso.corpus.model import Standoff, standoff_from_dict
from sayso.errors import InputError, Problem

SCHEMA_PATH = Path(__file__).with_name("standoff.schema.json")


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema  # imported lazily: only readers of files need it

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


@dataclass(frozen=True)
class StandoffLine:
    """A parsed record and where it came from, so later checks can name file and line."""

    file: str
    line: int
    record: Standoff


def schema_problems(obj: Any, file: str, line: int) -> list[Problem]:
    """Every JSON Schema violation of one parsed line, as problems."""
    doc_id = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
    problems = []
    for err in sorted(_validator().iter_errors(obj), key=lambda e: list(e.absolute_path)):
        path = "/".join(str(p) for p in err.absolute_path) or "(record)"
        problems.append(Problem(file, line, doc_id, f"{path}: {err.message}",
                                f"fix the field to match {SCHEMA_PATH.name}"))
    return problems


def parse_standoff_lines(lines: Iterable[str], file: str) -> list[StandoffLine]:
    """Parse standoff JSONL text; raise :class:`InputError` listing every bad line."""
    records, problems = collect_standoff_lines(lines, file)
    if problems:
        raise InputError(problems)
    return records


def collect_standoff_lines(lines: Iterable[str], file: str) -> tuple[list[StandoffLine], list[Problem]]:
    """Parse standoff JSONL text into the good records and the problems of the bad lines."""
    records: list[StandoffLine] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(Problem(file, number, None, f"not valid JSON ({exc.msg} at column {exc.colno})",
                                    "write one JSON object per line"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(file, number, None, f"expected a JSON object, got {type(obj).__name__}",
                                    "write one JSON object per line"))
            continue
        found = schema_problems(obj, file, number)
        if found:
            problems.extend(found)
            continue
        if obj["id"] in seen:
            problems.append(Problem(file, number, obj["id"], f"duplicate document id (first on line {seen[obj['id']]})",
                                    "keep one line per document"))
            continue
        seen[obj["id"]] = number
        records.append(StandoffLine(file, number, standoff_from_dict(obj)))
    return records, problems


def collect_standoff(path: str | os.PathLike[str], *, allow_empty: bool = False
                     ) -> tuple[list[StandoffLine], list[Problem]]:
    """Read a standoff JSONL file into good records and problems (never raises on content)."""
    path = Path(path)
    if not path.is_file():
        return [], [Problem(str(path), None, None, "no such file",
                            "check the path, or run `sayso build`/`sayso predict` to create it")]
    with path.open(encoding="utf-8") as handle:
        records, problems = collect_standoff_lines(handle, str(path))
    if not records and not problems and not allow_empty:
        problems.append(Problem(str(path), None, None, "the file holds no records",
                                "write one JSON object per document, or pass a non-empty file"))
    return records, problems


def read_standoff(path: str | os.PathLike[str], *, allow_empty: bool = False) -> list[StandoffLine]:
    """Read a standoff JSONL file; raise :class:`InputError` listing every problem.

    An empty file is an error unless ``allow_empty``.
    """
    records, problems = collect_standoff(path, allow_empty=allow_empty)
    if problems:
        raise InputError(problems)
    return records


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write a whole file or nothing: a temp file in the same folder, then rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def dumps_standoff(records: Iterable[Standoff]) -> str:
    """Serialise records as JSONL, sorted by document id, byte-for-byte deterministic."""
    lines = [json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=False, separators=(", ", ": "))
             for r in sorted(records, key=lambda r: r.id)]
    return "".join(line + "\n" for line in lines)


def write_standoff(path: str | os.PathLike[str], records: Iterable[Standoff]) -> None:
    write_text_atomic(path, dumps_standoff(records))
