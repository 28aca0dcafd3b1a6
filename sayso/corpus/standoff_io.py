"""Reading and writing standoff JSONL: one document per line, gold and predictions alike.

Reading checks the *shape* of every line against ``standoff.schema.json`` and collects
every problem before raising, so a user sees all of them at once. Checks against the
document text (offsets, hashes, links) are :mod:`sayso.corpus.validate`'s job.
"""
from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from sayso.corpus.jsonl import JsonLineError, check_value, numbered_lines, parse_json_line
from sayso.corpus.model import Standoff, standoff_from_dict
from sayso.errors import InputError, Problem

SCHEMA_PATH = Path(__file__).with_name("standoff.schema.json")


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema  # imported lazily: only readers of files need it

    base = jsonschema.Draft202012Validator
    # JSON Schema counts 1.0 as an integer; an offset must be written as one (1.0 would
    # reach str indexing as a float).
    strict_types = base.TYPE_CHECKER.redefine(
        "integer", lambda _checker, value: isinstance(value, int) and not isinstance(value, bool))
    return jsonschema.validators.extend(base, type_checker=strict_types)(_schema())


# -- the fast path: a hand-written check of the same shape ------------------------------------
# jsonschema walks a million-entity line in tens of seconds. Most lines are valid, so a
# direct check says "valid" quickly, and only lines it does not accept go to jsonschema,
# which then names every violation. The check accepts only what the schema accepts
# (tests/test_corpus_fuzz.py compares the two); enums are read from the schema.

_SHA = re.compile(r"[0-9a-f]{64}")


@lru_cache(maxsize=1)
def _enums() -> dict[str, frozenset[Any]]:
    props = _schema()["properties"]
    attribution = props["attributions"]["items"]["properties"]
    return {"label": frozenset(props["entities"]["items"]["properties"]["label"]["enum"]),
            "kind": frozenset(props["claims"]["items"]["properties"]["kind"]["enum"]),
            "type": frozenset(attribution["type"]["enum"]),
            "source_kind": frozenset(attribution["source_kind"]["enum"])}


_SPAN_KEYS = frozenset({"start", "end"})
_ENTITY_KEYS = frozenset({"id", "start", "end", "label"})
_CLAIM_REQUIRED = frozenset({"id", "start", "end", "kind"})
_CLAIM_KEYS = _CLAIM_REQUIRED | {"attribution"}
_ATTRIBUTION_REQUIRED = frozenset({"id", "content", "type"})
_ATTRIBUTION_KEYS = _ATTRIBUTION_REQUIRED | {"source", "cue", "source_kind", "source_entity", "parent"}


def _offset(x: Any) -> bool:
    return type(x) is int and x >= 0


def _span_ok(s: Any) -> bool:
    return type(s) is dict and s.keys() == _SPAN_KEYS and _offset(s["start"]) and _offset(s["end"])


def _id_ok(x: Any) -> bool:
    return type(x) is str and x != ""


def _ref_ok(obj: dict[str, Any], key: str) -> bool:
    return key not in obj or obj[key] is None or type(obj[key]) is str


def _entity_ok(e: Any) -> bool:
    return (type(e) is dict and e.keys() == _ENTITY_KEYS and _id_ok(e["id"]) and _offset(e["start"])
            and _offset(e["end"]) and type(e["label"]) is str and e["label"] in _enums()["label"])


def _claim_ok(c: Any) -> bool:
    return (type(c) is dict and _CLAIM_REQUIRED <= c.keys() <= _CLAIM_KEYS and _id_ok(c["id"])
            and _offset(c["start"]) and _offset(c["end"]) and type(c["kind"]) is str
            and c["kind"] in _enums()["kind"] and _ref_ok(c, "attribution"))


def _attribution_ok(a: Any) -> bool:
    if not (type(a) is dict and _ATTRIBUTION_REQUIRED <= a.keys() <= _ATTRIBUTION_KEYS and _id_ok(a["id"])):
        return False
    content = a["content"]
    if type(content) is not list or not content or not all(map(_span_ok, content)):
        return False
    if any(k in a and a[k] is not None and not _span_ok(a[k]) for k in ("source", "cue")):
        return False
    if type(a["type"]) is not str or a["type"] not in _enums()["type"]:
        return False
    kind = a.get("source_kind")
    if kind is not None and (type(kind) is not str or kind not in _enums()["source_kind"]):
        return False
    return _ref_ok(a, "source_entity") and _ref_ok(a, "parent")


_ITEM_OK = {"sentences": _span_ok, "entities": _entity_ok, "claims": _claim_ok, "attributions": _attribution_ok}
KNOWN_KEYS = frozenset({"id", "text_sha256", *_ITEM_OK})


def _top_ok(obj: Any) -> bool:
    if type(obj) is not dict or not _id_ok(obj.get("id")):
        return False
    sha = obj.get("text_sha256")
    return type(sha) is str and _SHA.fullmatch(sha) is not None


def _fast_shape_ok(obj: Any) -> bool:
    """True only if ``obj`` is valid against the schema (False: ask jsonschema why)."""
    if not _top_ok(obj):
        return False
    for layer, ok in _ITEM_OK.items():
        if layer in obj and (type(obj[layer]) is not list or not all(map(ok, obj[layer]))):
            return False
    return True


def _suspect_part(obj: Any) -> tuple[Any, dict[str, list[int]]]:
    """The part of ``obj`` that the fast check does not vouch for, and where its items were.

    Layers keep only the items that fail their check (with their original indices), so
    jsonschema and the depth walk look at a handful of items, not a million.
    """
    if type(obj) is not dict:
        return obj, {}
    part: dict[str, Any] = {}
    where: dict[str, list[int]] = {}
    for key, value in obj.items():
        ok = _ITEM_OK.get(key)
        if ok is None or type(value) is not list:
            part[key] = value
            continue
        where[key] = [i for i, item in enumerate(value) if not ok(item)]
        part[key] = [value[i] for i in where[key]]
    return part, where


@dataclass(frozen=True)
class StandoffLine:
    """A parsed record and where it came from, so later checks can name file and line."""

    file: str
    line: int
    record: Standoff


def schema_problems(obj: Any, file: str, line: int) -> list[Problem]:
    """Every JSON Schema violation of one parsed line, as problems."""
    return [] if _fast_shape_ok(obj) else _violations(obj, file, line)


def _violations(obj: Any, file: str, line: int) -> list[Problem]:
    doc_id = obj.get("id") if isinstance(obj, dict) and isinstance(obj.get("id"), str) else None
    part, where = _suspect_part(obj)
    problems = []
    for err in sorted(_validator().iter_errors(part), key=lambda e: list(e.absolute_path)):
        steps = list(err.absolute_path)
        if len(steps) >= 2 and steps[0] in where and isinstance(steps[1], int):
            steps[1] = where[steps[0]][steps[1]]  # back to the item's index in the file
        path = "/".join(str(p) for p in steps) or "(record)"
        message = err.message if len(err.message) <= 200 else err.message[:200] + "…"  # a huge value stays short
        problems.append(Problem(file, line, doc_id, f"{path}: {message}",
                                f"fix the field to match {SCHEMA_PATH.name}"))
    return problems


def parse_standoff_lines(lines: Iterable[str | bytes], file: str) -> list[StandoffLine]:
    """Parse standoff JSONL text; raise :class:`InputError` listing every bad line."""
    records, problems = collect_standoff_lines(lines, file)
    if problems:
        raise InputError(problems)
    return records


def parse_standoff_value(raw: str | bytes, number: int) -> tuple[Any, bool]:
    """One standoff line parsed strictly (:mod:`sayso.corpus.jsonl`), and whether its shape
    is surely valid; :class:`JsonLineError` if it is not acceptable JSON.

    Depth is checked where it can matter: everywhere but in the layer items that pass the
    fast shape check (those are shallow).
    """
    obj = parse_json_line(raw, number, check_depth=False)
    part, where = _suspect_part(obj)
    check_value(part, strings=False)  # items that pass the fast check are shallow
    shape_ok = (_top_ok(obj) and all(k in where for k in _ITEM_OK if k in obj)  # every layer is a list
                and not any(where.values()))  # and none of its items failed
    return obj, shape_ok


def collect_standoff_lines(lines: Iterable[str | bytes], file: str) -> tuple[list[StandoffLine], list[Problem]]:
    """Parse standoff JSONL (text or bytes lines) into the good records and the problems of the bad lines."""
    records: list[StandoffLine] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for number, raw in numbered_lines(lines):
        try:
            obj, shape_ok = parse_standoff_value(raw, number)
        except JsonLineError as exc:
            problems.append(Problem(file, number, None, str(exc), "write one JSON object per line, in UTF-8"))
            continue
        if not isinstance(obj, dict):
            problems.append(Problem(file, number, None, f"expected a JSON object, got {type(obj).__name__}",
                                    "write one JSON object per line"))
            continue
        found = [] if shape_ok else _violations(obj, file, number)
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
    if path.is_dir():
        return [], [Problem(str(path), None, None, "is a folder, not a standoff file",
                            "pass the JSONL files inside it")]
    if not path.is_file():
        return [], [Problem(str(path), None, None, "no such file",
                            "check the path, or run `sayso build`/`sayso predict` to create it")]
    with path.open("rb") as handle:  # bytes: a line that is not UTF-8 is reported, not raised
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


def _umask() -> int:
    """The process's umask (read by setting it, so set it straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write a whole file or nothing: a temp file in the same folder, then rename.

    A target that exists and is not a regular file (``/dev/null``, ``/dev/stdout``, a
    pipe) is written into: renaming over it would replace the device with a file.
    """
    path = Path(path)
    if path.exists() and not path.is_file():  # /dev/null, /dev/stdout, a pipe: write into it, never replace it
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it 0600; a written file gets the usual mode
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
