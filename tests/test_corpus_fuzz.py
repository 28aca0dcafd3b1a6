"""Property test: mutated standoff files never crash `validate` or `score`.

Valid records (the fixture gold, document-level and sentence-level) are mutated the ways
a fuzzer found crashes: byte flips, truncation, wrong types, deep nesting, huge numbers,
invalid UTF-8, duplicate keys. Whatever comes out, `validate_files` returns problems and
`sayso validate` / `sayso score` exit 0 or 1 with one-line problems: never a traceback,
never the internal-error exit 70. Also: the fast shape check accepts only what the JSON
Schema accepts.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings, strategies as st

from helpers import PACK_DIR, fixture_pack, fixture_records
from sayso.cli import main
from sayso.corpus.standoff_io import _fast_shape_ok, _violations, write_standoff
from sayso.corpus.validate import validate_files

RECORDS = [r.to_dict() for r in fixture_records().values()]
PACK = fixture_pack()
WORK = Path(tempfile.mkdtemp(prefix="sayso-fuzz-"))
GOLD = WORK / "gold.jsonl"
write_standoff(GOLD, fixture_records().values())
EXAMPLES = int(os.environ.get("SAYSO_FUZZ_EXAMPLES", "300"))  # CI: 300 each; more by hand


def sentence_lines(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The record as sentence-level prediction lines (offsets relative to each sentence)."""
    out = []
    for k, s in enumerate(record.get("sentences") or []):
        inside = [dict(e, start=e["start"] - s["start"], end=e["end"] - s["start"])
                  for e in record.get("entities") or [] if s["start"] <= e["start"] and e["end"] <= s["end"]]
        out.append({"id": record["id"], "sentence": k, "entities": inside})
    return out


# -- mutations ------------------------------------------------------------------------------------

def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path into a JSON value (keys and indices)."""
    found = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            found += paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            found += paths(v, prefix + (i,))
    return found


def replaced(value: Any, path: tuple, new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {k: (replaced(v, rest, new) if k == head else v) for k, v in value.items()}
    return [replaced(v, rest, new) if i == head else v for i, v in enumerate(value)]


def nested(depth: int, leaf: Any = 0, as_dict: bool = False) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"k": value} if as_dict else [value]
    return value


NEST = "NEST-HERE-7f3a"
WRONG_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**80, max_value=2**80), st.floats(allow_nan=False),
    st.text(max_size=5), st.just([]), st.just({}), st.just([[{"start": 0}]]), st.just({"start": "0", "end": None}),
    st.builds(lambda k: 10 ** k, st.integers(min_value=20, max_value=4200)),
    st.builds(nested, st.integers(min_value=10, max_value=300), st.just(0), st.booleans()),
)


def dumps_with_duplicate(value: Any, target: int) -> str:
    """JSON text of ``value`` where the ``target``-th object (in document order) repeats a key."""
    counter = [0]

    def dump(v: Any) -> str:
        if isinstance(v, dict):
            index, counter[0] = counter[0], counter[0] + 1
            items = [f"{json.dumps(k)}: {dump(x)}" for k, x in v.items()]
            if index == target and v:
                k = next(iter(v))
                items.append(f"{json.dumps(k)}: {json.dumps('dup')}")
            return "{" + ", ".join(items) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(dump(x) for x in v) + "]"
        return json.dumps(v)

    return dump(value)


@st.composite
def mutated_line(draw: Any, sentence_level: bool = False) -> bytes:
    record = draw(st.sampled_from(RECORDS))
    value: Any = draw(st.sampled_from(sentence_lines(record))) if sentence_level else record
    kind = draw(st.sampled_from(["type", "type", "nesting", "huge", "duplicate", "flip", "truncate", "utf8",
                                 "digits", "none"]))
    if kind in ("type", "nesting", "huge"):
        path = draw(st.sampled_from(paths(value)))
        new = {"type": WRONG_VALUES, "nesting": st.just(NEST),
               "huge": st.builds(lambda k, s: s * 10 ** k, st.integers(15, 4299), st.sampled_from([1, -1]))}[kind]
        value = replaced(value, path, draw(new))
    if kind == "duplicate":
        raw = dumps_with_duplicate(value, draw(st.integers(0, 50))).encode("utf-8")
    else:
        raw = json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8")
    if kind == "nesting":  # written as text: json.dumps itself cannot nest 2,500 deep
        depth = draw(st.integers(60, 2500))
        opening, closing = (b'{"k": ', b"}") if draw(st.booleans()) else (b"[", b"]")
        raw = raw.replace(json.dumps(NEST).encode(), opening * depth + b"1" + closing * depth, 1)
    if kind == "flip" and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    elif kind == "truncate":
        raw = raw[:draw(st.integers(0, len(raw)))]
    elif kind == "utf8":
        at = draw(st.integers(0, len(raw)))
        bad = draw(st.sampled_from([b"\xff", b"\xc3\x28", b"\xed\xa0\x80", b"\xe2\x82", b"\x80", b"\\ud800"]))
        raw = raw[:at] + bad + raw[at:]
    elif kind == "digits":  # a number literal longer than Python reads
        raw = raw.replace(b": 0", b": " + b"7" * draw(st.integers(4000, 6000)), 1)
    return raw.replace(b"\n", b" ")


def files(sentence_level: bool = False) -> Any:
    return st.lists(mutated_line(sentence_level), min_size=1, max_size=3)


def write(lines: list[bytes], name: str = "in.jsonl") -> Path:
    path = WORK / name
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    return path


FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                            HealthCheck.data_too_large])


@FUZZ
@given(files())
def test_validate_never_raises_on_mutated_files(lines):
    validate_files([write(lines)], PACK)  # an exception here fails the property


@FUZZ
@given(files())
def test_validate_command_exits_0_or_1(lines):
    assert main(["validate", "--sources", str(PACK_DIR), str(write(lines))]) in (0, 1)


@FUZZ
@given(st.one_of(files(), files(sentence_level=True)))
def test_score_command_exits_0_or_1(lines):
    code = main(["score", "--gold", str(GOLD), "--sources", str(PACK_DIR), "--resamples", "0", "--json",
                 str(WORK / "report.json"), str(write(lines, "pred.jsonl"))])
    assert code in (0, 1)


@settings(max_examples=EXAMPLES, deadline=None)
@given(mutated_line())
def test_fast_shape_check_accepts_only_what_the_schema_accepts(raw):
    try:
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        return
    if _fast_shape_ok(value):
        assert _violations(value, "f", 1) == []


@settings(max_examples=EXAMPLES, deadline=None)
@given(mutated_line())
def test_the_reader_judges_shape_as_the_fast_check_does(raw):
    from sayso.corpus.jsonl import JsonLineError
    from sayso.corpus.standoff_io import parse_standoff_value

    try:
        value, shape_ok = parse_standoff_value(raw, 1)
    except JsonLineError:
        return
    assert shape_ok == _fast_shape_ok(value)


def test_fast_shape_check_accepts_every_valid_record():
    for record in RECORDS:
        assert _fast_shape_ok(record) and _violations(record, "f", 1) == []


PACK_LINES = (PACK_DIR / "articles.jsonl").read_bytes().splitlines()


@st.composite
def mutated_pack_line(draw: Any) -> bytes:
    raw = draw(st.sampled_from(PACK_LINES))
    kind = draw(st.sampled_from(["flip", "truncate", "utf8", "duplicate", "nesting", "type"]))
    if kind == "flip":
        at = draw(st.integers(0, len(raw) - 1))
        return raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    if kind == "truncate":
        return raw[:draw(st.integers(0, len(raw)))]
    if kind == "utf8":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.sampled_from([b"\xff", b"\xed\xa0\x80", b"\\udc00"])) + raw[at:]
    value = json.loads(raw)
    if kind == "duplicate":
        return dumps_with_duplicate(value, 0).encode("utf-8")
    if kind == "nesting":
        return raw.replace(b'"topics": [', b'"topics": [' + b"[" * 3000 + b"]" * 3000 + b", ", 1)
    path = draw(st.sampled_from(paths(value)))
    return json.dumps(replaced(value, path, draw(WRONG_VALUES))).encode("utf-8")


@settings(max_examples=EXAMPLES // 3, deadline=None)
@given(st.lists(mutated_pack_line(), min_size=1, max_size=3))
def test_a_mutated_source_pack_is_an_input_error_or_loads(lines):
    from sayso.corpus.sources import SourcePack
    from sayso.errors import InputError

    folder = WORK / "pack"
    folder.mkdir(exist_ok=True)
    (folder / "a.jsonl").write_bytes(b"".join(line.replace(b"\n", b" ") + b"\n" for line in lines))
    try:
        SourcePack.load(folder)
    except InputError:
        pass
