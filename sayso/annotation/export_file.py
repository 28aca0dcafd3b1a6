"""A Label Studio JSON export, read offline into standoff records (``sayso studio convert``).

No server is needed: each task's ``data`` holds the document (``doc_id`` or ``id``, and
``text``); each task gives one record, from its latest submitted annotation (or, with
``source="predictions"``, its latest prediction). Every record is converted by
:func:`sayso.annotation.from_studio.results_to_standoff` and checked by
:func:`sayso.corpus.validate.validate_record` against the task's text; problems name the
file, the task and the annotation.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sayso.annotation.from_studio import results_to_standoff
from sayso.corpus.model import Standoff
from sayso.corpus.validate import validate_record
from sayso.errors import InputError, Problem

SOURCES = ("annotations", "predictions")


def _latest(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    kept = [x for x in items if isinstance(x, dict) and not x.get("was_cancelled")]
    return max(kept, key=lambda x: (str(x.get("updated_at") or x.get("created_at") or ""), x.get("id") or 0),
               default=None)


def read_export(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """The tasks of a JSON export; a clear problem when the file is not one."""
    file = str(path)
    try:
        tasks = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(Problem(file, None, None, "no such file", "export the project as JSON from Label Studio"))
    except json.JSONDecodeError as exc:
        raise InputError(Problem(file, exc.lineno, None, f"not JSON ({exc.msg})",
                                 "export the project as JSON (not JSON-MIN, CSV or CoNLL) from Label Studio")) from exc
    if not isinstance(tasks, list) or not all(isinstance(t, dict) for t in tasks):
        raise InputError(Problem(file, None, None, "not a Label Studio JSON export (a list of tasks)",
                                 "export the project as JSON from Label Studio"))
    return tasks


def convert_export_file(path: str | os.PathLike[str], source: str = "annotations") -> tuple[list[Standoff], list[Problem]]:
    """Standoff records (in document id order) and every problem of a JSON export."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, got {source!r}")
    file = str(path)
    records: dict[str, Standoff] = {}
    problems: list[Problem] = []
    for task in read_export(path):
        data = task.get("data") or {}
        doc_id = data.get("doc_id", data.get("id"))
        where = f"{file}: task {task.get('id')}"
        if not isinstance(doc_id, str) or not isinstance(data.get("text"), str):
            problems.append(Problem(where, None, None, "task has no data.doc_id (or data.id) and data.text",
                                    "the tasks must carry the document id and its text"))
            continue
        chosen = _latest(task.get(source) or [])
        if chosen is None:
            problems.append(Problem(where, None, doc_id, f"task has no {source}",
                                    "annotate it, or convert --from predictions"))
            continue
        text = data["text"]
        where_a = f"{where}, {source[:-1]} {chosen.get('id')}"
        record, found = results_to_standoff(chosen.get("result") or [], text, doc_id, where=where_a)
        if not found:
            found = validate_record(record, text, where_a)
        problems.extend(found)
        if doc_id in records:
            problems.append(Problem(where, None, doc_id, "document appears in two tasks", "keep one task per document"))
        records[doc_id] = record
    return [records[k] for k in sorted(records)], problems
