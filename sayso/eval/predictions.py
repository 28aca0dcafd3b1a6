"""Loading predictions for scoring: the edge where a system's file becomes records.

Predictions are standoff JSONL (one document per line), or the **sentence-level
variant** (eval/README.md): one line per sentence, ``{"id": doc_id, "sentence": k, ...}``
(``k`` indexes the gold sentences, from 0) or ``{"id": doc_id, "start": sentence_start,
...}``, with sentence-relative offsets, converted to document records here.

A file that is not JSON Lines — a JSON array, one pretty-printed JSON object, a Label
Studio export — gets one problem saying what the file is and what to run instead
(:func:`sniff_format`), not one error per line.
"""
from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any, Mapping, Sequence

from sayso.corpus.jsonl import JsonLineError, parse_json_line
from sayso.corpus.model import Standoff, standoff_from_dict
from sayso.corpus.standoff_io import StandoffLine, parse_standoff_lines, schema_problems
from sayso.errors import InputError, Problem
from sayso.eval.gold import GoldSet

LAYER_NAMES = ("entities", "claims", "attributions")


def sniff_format(path: Path, data: bytes) -> Problem | None:
    """A problem naming what ``data`` is when it is JSON but not JSON Lines, else None
    (and None for anything the line reader should report: not UTF-8, not JSON)."""
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    stripped = content.lstrip()
    if not stripped or stripped[0] not in "[{":
        return None
    first_line = stripped.split("\n", 1)[0].strip()
    if stripped[0] == "{":
        try:
            json.loads(first_line)
            return None  # the first line is a whole object: JSON Lines
        except (ValueError, RecursionError):  # not a whole object: the line reader reports it
            pass
    try:
        whole = json.loads(content)
    except (ValueError, RecursionError):  # not one JSON value: the line reader reports each line
        return None
    file = str(path)
    one_line = len([x for x in content.splitlines() if x.strip()]) == 1
    if isinstance(whole, list) and (not one_line or any(isinstance(x, dict) for x in whole)):
        if whole and all(isinstance(x, dict) for x in whole) and any("annotations" in x and "data" in x for x in whole):
            return Problem(file, None, None, f"this is a Label Studio JSON export ({len(whole)} tasks), not standoff "
                           "JSON Lines", f"convert it first: sayso studio convert {file} --out predictions.jsonl")
        return Problem(file, None, None, f"this is one JSON array of {len(whole)} items, not JSON Lines",
                       "write one JSON object per line, one line per document (e.g. jq -c '.[]' FILE > FILE.jsonl)")
    if isinstance(whole, dict) and not one_line:
        lines = content.count("\n") + 1
        return Problem(file, None, whole.get("id") if isinstance(whole.get("id"), str) else None,
                       f"this is one pretty-printed JSON object over {lines} lines, not JSON Lines",
                       "write each document on one line (e.g. jq -c . FILE > FILE.jsonl)")
    return None


SENTENCE_KEYS = ("sentence", "start")


def _shift(obj: Mapping[str, Any], offset: int, prefix: str) -> dict[str, Any]:
    """A sentence-level line's layers with document offsets and sentence-unique ids."""
    def span(s: Any) -> Any:
        if not isinstance(s, dict):
            return s
        out = dict(s)
        for k in ("start", "end"):
            if isinstance(out.get(k), int) and not isinstance(out.get(k), bool):
                out[k] = out[k] + offset
        return out

    def ref(x: Any) -> Any:
        return f"{prefix}{x}" if isinstance(x, str) else x

    out: dict[str, Any] = {}
    bad = {layer: obj[layer] for layer in LAYER_NAMES if layer in obj and not isinstance(obj[layer], list)}
    if bad:  # not a list: left as it is for the schema check to report
        obj = {k: v for k, v in obj.items() if k not in bad}
    for e in obj.get("entities") or []:
        out.setdefault("entities", []).append({**span(e), "id": ref(e.get("id"))} if isinstance(e, dict) else e)
    for c in obj.get("claims") or []:
        out.setdefault("claims", []).append(
            {**span(c), "id": ref(c.get("id")), "attribution": ref(c.get("attribution"))} if isinstance(c, dict) else c)
    for a in obj.get("attributions") or []:
        if not isinstance(a, dict):
            out.setdefault("attributions", []).append(a)
            continue
        b = dict(a)
        b["id"] = ref(a.get("id"))
        for k in ("source", "cue"):
            if a.get(k) is not None:
                b[k] = span(a[k])
        content = a.get("content")
        b["content"] = [span(s) for s in content] if isinstance(content, list) else content
        b["source_entity"] = ref(a.get("source_entity"))
        b["parent"] = ref(a.get("parent"))
        out.setdefault("attributions", []).append(b)
    for layer in LAYER_NAMES:
        if layer in obj and layer not in out:
            out[layer] = []
    out.update(bad)
    return out


def _sentence_level(path: Path, objs: list[tuple[int, dict[str, Any]]], gold: Mapping[str, Standoff]) -> list[StandoffLine]:
    docs: dict[str, dict[str, Any]] = {}
    first_line: dict[str, int] = {}
    problems: list[Problem] = []
    file = str(path)
    for number, obj in objs:
        doc_id = obj.get("id")
        if not isinstance(doc_id, str):
            problems.append(Problem(file, number, None, "sentence-level line lacks a string id", "add the document id"))
            continue
        if doc_id not in gold:
            problems.append(Problem(file, number, doc_id, "document is not in the gold",
                                    "predict only gold documents (check --split / --gold)"))
            continue
        g = gold[doc_id]
        sentences = sorted((s.start, s.end) for s in g.sentences or ())
        if "sentence" in obj:
            k = obj["sentence"]
            if not isinstance(k, int) or isinstance(k, bool) or not 0 <= k < len(sentences):
                problems.append(Problem(file, number, doc_id, f"sentence {k!r} is not a gold sentence index "
                                        f"(the gold has {len(sentences)} sentences)",
                                        "use 0-based indices into the gold sentences, or give \"start\""))
                continue
            offset = sentences[k][0]
        else:
            offset = obj["start"]
            if not isinstance(offset, int) or isinstance(offset, bool) or offset not in {s for s, _ in sentences}:
                problems.append(Problem(file, number, doc_id, f"start {offset!r} is not the start of a gold sentence",
                                        "give the character offset where a gold sentence starts"))
                continue
        sha = obj.get("text_sha256", g.text_sha256)
        if sha != g.text_sha256:
            problems.append(Problem(file, number, doc_id, "text_sha256 differs from the gold's",
                                    "predict on the text the gold was annotated on"))
            continue
        shifted = _shift(obj, offset, f"s{offset}:")
        candidate = {"id": doc_id, "text_sha256": sha, **shifted}
        found = schema_problems(candidate, file, number)
        if found:
            problems.extend(found)
            continue
        doc = docs.setdefault(doc_id, {"id": doc_id, "text_sha256": sha})
        first_line.setdefault(doc_id, number)
        for layer, items in shifted.items():
            doc.setdefault(layer, []).extend(items)
    if problems:
        raise InputError(problems)
    return [StandoffLine(file, first_line[d], standoff_from_dict(obj)) for d, obj in docs.items()]


def load_predictions(path: str | os.PathLike[str], gold: Sequence[Standoff] | GoldSet) -> list[StandoffLine]:
    """Predictions as document records; sentence-level files are converted.

    A file is sentence-level when its first record has a top-level ``sentence`` or
    ``start`` key; every line of such a file must then be sentence-level.
    Raises:
        InputError: unreadable lines, unknown documents, bad sentence references (with
            file, line and document).
    """
    records = gold.records if isinstance(gold, GoldSet) else list(gold)
    by_id = {g.id: g for g in records}
    path = Path(path)
    if not path.is_file():
        raise InputError(Problem(str(path), None, None, "no such file", "check the predictions path"))
    data = path.read_bytes()  # bytes: a line that is not UTF-8 is reported, not raised
    found = sniff_format(path, data)
    if found is not None:
        raise InputError(found)
    raw_lines = io.BytesIO(data).readlines()  # split on \n only, as JSON Lines does
    objs: list[tuple[int, dict[str, Any]]] = []
    sentence_level = None
    unreadable: list[Problem] = []
    for number, raw in enumerate(raw_lines, start=1):
        if not raw.strip():
            continue
        try:
            obj = parse_json_line(raw, number)
        except JsonLineError as exc:  # reported where it is; the kind of file is set by readable lines
            unreadable.append(Problem(str(path), number, None, str(exc), "write one JSON object per line, in UTF-8"))
            continue
        if isinstance(obj, dict):
            is_sentence = any(k in obj for k in SENTENCE_KEYS)
            if sentence_level is None:
                sentence_level = is_sentence
            elif sentence_level != is_sentence:
                raise InputError([*unreadable, Problem(
                    str(path), number, obj.get("id") if isinstance(obj.get("id"), str) else None,
                    "mixes sentence-level and document-level lines", "write one kind of line per file")])
            objs.append((number, obj))
    if sentence_level:
        if unreadable:
            raise InputError(unreadable)
        lines = _sentence_level(path, objs, by_id)
    else:
        lines = parse_standoff_lines(raw_lines, str(path))
    if not lines:
        raise InputError(Problem(str(path), None, None, "the file holds no predictions",
                                 "write one JSON object per document"))
    problems = []
    for item in lines:
        g = by_id.get(item.record.id)
        if g is None:
            problems.append(Problem(item.file, item.line, item.record.id, "document is not in the gold",
                                    "predict only gold documents (check --split / --gold)"))
        elif item.record.text_sha256 != g.text_sha256:
            problems.append(Problem(item.file, item.line, item.record.id,
                                    f"text_sha256 {item.record.text_sha256[:12]}… differs from the gold's "
                                    f"{g.text_sha256[:12]}…", "predict on the text the gold was annotated on"))
    if problems:
        raise InputError(problems)
    return lines
