"""Loading gold and predictions for scoring: the edge where files become records.

Gold, by default, is the corpus's gold for a split: ``corpus/manifest.jsonl`` (lines
with at least ``id``, ``split``, ``text_sha256``) selects the documents, and
``corpus/gold/*.jsonl`` holds their standoff records. ``--gold`` takes any standoff
file, or a folder of them (a folder with a ``manifest.jsonl`` and ``gold/`` is read as
a corpus folder and filtered by split).

Predictions are standoff JSONL, or the **sentence-level variant** (eval/README.md):
one line per sentence, ``{"id": doc_id, "sentence": k, ...}`` (``k`` indexes the gold
sentences, from 0) or ``{"id": doc_id, "start": sentence_start, ...}``, with
sentence-relative offsets. They are converted to document records here.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

from sayso.corpus.jsonl import JsonLineError, parse_json_line
from sayso.corpus.model import Standoff, standoff_from_dict
from sayso.corpus.sources import REPO_ROOT
from sayso.corpus.standoff_io import StandoffLine, parse_standoff_lines, read_standoff, schema_problems
from sayso.errors import InputError, Problem
from sayso.eval.signature import DataInfo

CORPUS_DIR = REPO_ROOT / "corpus"


@dataclass(frozen=True)
class GoldSet:
    """The gold records to score against, where they came from, and their identity."""

    lines: tuple[StandoffLine, ...]
    data: DataInfo

    @property
    def records(self) -> list[Standoff]:
        return [item.record for item in self.lines]


def _read_folder(folder: Path) -> list[StandoffLine]:
    """Every standoff record in a folder of JSONL files; a document twice is an error."""
    from sayso.corpus.store import read_standoff_folder

    return list(read_standoff_folder(folder).values())


def _corpus_gold(corpus: Path, split: str) -> GoldSet:
    """The gold documents of ``split``: manifest entries with status "gold" and their records.

    The manifest lists every document of the pack; unannotated ones are not part of
    the gold and are not scored.
    """
    from sayso.corpus.store import load_gold as load_corpus_gold, load_manifest

    manifest_path = corpus / "manifest.jsonl"
    if not manifest_path.is_file():
        raise InputError(Problem(str(manifest_path), None, None, "no corpus manifest",
                                 "run `sayso manifest` first, or pass --gold FILE_OR_DIR"))
    manifest = load_manifest(corpus)
    in_split = {doc_id: e for doc_id, e in manifest.items() if e.get("split") == split}
    if not in_split:
        splits = sorted({str(e.get("split")) for e in manifest.values()})
        raise InputError(Problem(str(manifest_path), None, None, f"no documents in split {split!r}",
                                 f"choose --split from: {', '.join(splits) or '(none)'}"))
    gold = load_corpus_gold(corpus)
    wanted = {doc_id: e for doc_id, e in in_split.items() if e.get("status") == "gold" or doc_id in gold}
    if not wanted:
        raise InputError(Problem(str(corpus / "gold"), None, None, f"no gold annotations for split {split!r} "
                                 f"({len(in_split)} documents in the manifest, none annotated)",
                                 "adjudicate gold for this split first, or pass --gold FILE_OR_DIR"))
    problems: list[Problem] = []
    for doc_id in sorted(d for d in wanted if d not in gold):
        problems.append(Problem(str(manifest_path), None, doc_id,
                                f"document has status gold in split {split!r} but no gold record",
                                "add its gold record, or re-run `sayso manifest`"))
    lines = [gold[d] for d in sorted(wanted) if d in gold]
    for item in lines:
        if item.record.text_sha256 != wanted[item.record.id].get("text_sha256"):
            problems.append(Problem(item.file, item.line, item.record.id,
                                    "gold text_sha256 differs from the manifest's",
                                    "rebuild the gold against the manifest's text"))
    if problems:
        raise InputError(problems)
    return GoldSet(tuple(lines), DataInfo.corpus([i.record for i in lines], split))


def load_gold(split: str = "test", gold_path: str | os.PathLike[str] | None = None,
              corpus_dir: str | os.PathLike[str] | None = None) -> GoldSet:
    """The gold to score against.

    Args:
        split: corpus split, used when ``gold_path`` is None (or is a corpus folder).
        gold_path: a standoff JSONL file, or a folder of them, or a corpus folder.
        corpus_dir: the corpus folder for the default (``corpus/`` in the checkout).
    Raises:
        InputError: no manifest, no document or no gold for the split, unreadable files.
    """
    if gold_path is None:
        return _corpus_gold(Path(corpus_dir) if corpus_dir else CORPUS_DIR, split)
    path = Path(gold_path)
    if path.is_dir():
        if (path / "manifest.jsonl").is_file() and (path / "gold").is_dir():
            return _corpus_gold(path, split)
        lines = _read_folder(path)
        if not lines:
            raise InputError(Problem(str(path), None, None, "the folder holds no standoff records",
                                     "pass a folder of standoff *.jsonl files, or one file"))
    else:
        lines = read_standoff(path)
    lines = sorted(lines, key=lambda item: item.record.id)
    return GoldSet(tuple(lines), DataInfo.custom([i.record for i in lines]))


# -- predictions ---------------------------------------------------------------------------------

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
    bad = {layer: obj[layer] for layer in ("entities", "claims", "attributions")
           if layer in obj and not isinstance(obj[layer], list)}
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
    for layer in ("entities", "claims", "attributions"):
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
    with path.open("rb") as handle:  # bytes: a line that is not UTF-8 is reported, not raised
        raw_lines = handle.readlines()
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
