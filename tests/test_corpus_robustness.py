"""No traceback from any input file: every bad line is a `file:line: doc: what — what to do`
problem and exit 1; a bug in SaySo is exit 70 with a request for a report; problems are capped."""
from __future__ import annotations

import json

import pytest

from helpers import PACK_DIR, fixture_records
from sayso.cli import EXIT_INTERNAL, MAX_SHOWN_PROBLEMS, main
from sayso.corpus.jsonl import MAX_DEPTH, JsonLineError, parse_json_line
from sayso.corpus.standoff_io import write_standoff


@pytest.fixture()
def good():
    return fixture_records()["fx-bridge"].to_dict()


@pytest.fixture()
def gold(tmp_path):
    path = tmp_path / "gold.jsonl"
    write_standoff(path, fixture_records().values())
    return path


def _line(obj) -> bytes:
    return json.dumps(obj).encode("utf-8")


def bad_lines(good) -> dict[str, tuple[bytes, str]]:
    """A bad line per kind of crash the fuzzer found, with the words its problem must hold."""
    text = _line(good)
    sha = good["text_sha256"]
    first_entity = json.dumps(good["entities"][0]["start"])
    return {
        "invalid utf-8": (text[:40] + b"\xff\xfe" + text[40:], "not valid UTF-8"),
        "nesting 1,000 deep": (b'{"id": "x", "deep": ' + b"[" * 1000 + b"]" * 1000 + b"}", "nested more than"),
        "nesting in a layer": (f'{{"id": "x", "text_sha256": "{sha}", "entities": '.encode() + b"[" * 900
                               + b"]" * 900 + b"}", "nested more than"),
        "integer of 5,000 digits": (text.replace(f'"start": {first_entity}'.encode(), b'"start": ' + b"9" * 5000, 1),
                                    "more digits"),
        "duplicate key": (text.replace(b'"id": "fx-bridge"', b'"id": "fx-bridge", "id": "fx-other"', 1),
                          "duplicate key 'id'"),
        "NaN": (text.replace(f'"start": {first_entity}'.encode(), b'"start": NaN', 1), "NaN is not a JSON number"),
        "lone surrogate": (text.replace(b'"id": "e1"', b'"id": "\\ud800"', 1), "lone surrogate"),
        "float offset": (text.replace(f'"start": {first_entity}'.encode(), f'"start": {first_entity}.0'.encode(), 1),
                         "is not of type 'integer'"),
        "layer not a list": (_line({**good, "entities": 5}), "entities: 5 is not of type 'array'"),
        "not an object": (b"[1, 2]", "expected a JSON object"),
    }


CASES = ["invalid utf-8", "nesting 1,000 deep", "nesting in a layer", "integer of 5,000 digits", "duplicate key",
         "NaN", "lone surrogate", "float offset", "layer not a list", "not an object"]


@pytest.mark.parametrize("case", CASES)
def test_validate_reports_a_bad_line_without_a_traceback(case, tmp_path, good, capsys):
    raw, words = bad_lines(good)[case]
    path = tmp_path / "in.jsonl"
    path.write_bytes(_line(good) + b"\n" + raw + b"\n")
    code = main(["validate", "--sources", str(PACK_DIR), str(path)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    assert f"{path}:2: " in err and words in err
    assert f"{path}:1:" not in err  # the good line is not blamed


@pytest.mark.parametrize("case", CASES)
def test_score_reports_a_bad_prediction_line_without_a_traceback(case, tmp_path, good, gold, capsys):
    raw, words = bad_lines(good)[case]
    path = tmp_path / "pred.jsonl"
    path.write_bytes(raw + b"\n")
    code = main(["score", "--gold", str(gold), str(path)])
    err = capsys.readouterr().err
    assert code == 1, err
    assert "Traceback" not in err and "internal error" not in err
    assert f"{path}:1: " in err


def test_sentence_level_line_with_a_non_list_layer_is_an_input_error(tmp_path, gold, capsys):
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps({"id": "fx-bridge", "sentence": 0, "entities": 5}) + "\n"
                    + json.dumps({"id": "fx-bridge", "sentence": 1,
                                  "attributions": [{"id": "a1", "content": 7, "type": "direct"}]}) + "\n",
                    encoding="utf-8")
    assert main(["score", "--gold", str(gold), str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:1: fx-bridge: entities: 5 is not of type 'array'" in err
    assert f"{path}:2: fx-bridge: attributions/0/content: 7 is not of type 'array'" in err


def test_first_line_not_json_is_blamed_not_a_later_line(tmp_path, gold, capsys):
    path = tmp_path / "pred.jsonl"
    path.write_text("{oops\n" + json.dumps({"id": "fx-bridge", "sentence": 0, "entities": []}) + "\n"
                    + json.dumps({"id": "fx-bridge", "text_sha256": "0" * 64}) + "\n", encoding="utf-8")
    assert main(["score", "--gold", str(gold), str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:1: -: not valid JSON" in err.splitlines()[1]


def test_problems_are_capped_with_a_count(tmp_path, capsys):
    path = tmp_path / "in.jsonl"
    path.write_text("{oops\n" * 130, encoding="utf-8")
    assert main(["validate", "--sources", str(PACK_DIR), str(path)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert sum("not valid JSON" in line for line in err) == MAX_SHOWN_PROBLEMS
    assert f"… and {130 - MAX_SHOWN_PROBLEMS} more problem(s) not shown (130 in all)." in err
    assert main(["validate", "--max-errors", "0", "--sources", str(PACK_DIR), str(path)]) == 1
    assert sum("not valid JSON" in line for line in capsys.readouterr().err.splitlines()) == 130


def test_a_million_duplicate_ids_make_a_bounded_report(tmp_path, good):
    from sayso.corpus.validate import MAX_PROBLEMS_PER_RECORD, validate_files
    from sayso.corpus.sources import SourcePack

    entity = good["entities"][0]
    good["entities"] = [dict(entity) for _ in range(20_000)]
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    problems = validate_files([path], SourcePack.load(PACK_DIR))
    assert len(problems) == MAX_PROBLEMS_PER_RECORD + 1
    assert "more problem(s) in this record" in str(problems[-1])


def test_an_internal_error_is_exit_70_and_asks_for_a_report(monkeypatch, capsys):
    import sayso.corpus.validate as validate

    def broken(*_args, **_kwargs):
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(validate, "validate_files", broken)
    monkeypatch.delenv("SAYSO_DEBUG", raising=False)
    code = main(["validate", "--sources", str(PACK_DIR), "whatever.jsonl"])
    err = capsys.readouterr().err
    assert code == EXIT_INTERNAL == 70
    assert "internal error (ZeroDivisionError: a bug)" in err and "bug in SaySo" in err
    assert "Traceback" not in err


def test_a_pack_file_that_is_not_utf8_is_an_input_error(tmp_path, capsys):
    (tmp_path / "pack").mkdir()
    (tmp_path / "pack" / "a.jsonl").write_bytes(b"\xff\n")
    assert main(["validate", "--sources", str(tmp_path / "pack"), "x.jsonl"]) == 1
    err = capsys.readouterr().err
    assert "a.jsonl:1: -: not valid UTF-8" in err and "Traceback" not in err


def test_a_file_system_refusal_is_exit_1_with_the_path(monkeypatch, capsys):
    import sayso.corpus.validate as validate

    def refused(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied", "/some/file.jsonl")

    monkeypatch.setattr(validate, "validate_files", refused)
    assert main(["validate", "--sources", str(PACK_DIR), "x.jsonl"]) == 1
    assert "error: /some/file.jsonl: Permission denied — check the path" in capsys.readouterr().err


@pytest.mark.parametrize("raw,words", [
    (b'{"a": 1, "a": 2}', "duplicate key 'a'"),
    (b"[" * (MAX_DEPTH + 1) + b"]" * (MAX_DEPTH + 1), "nested more than"),
    (b'{"a": Infinity}', "Infinity is not a JSON number"),
    (b'"\\udfff"', "lone surrogate"),
    (b"\xc3\x28", "not valid UTF-8"),
])
def test_strict_parser_rejects(raw, words):
    with pytest.raises(JsonLineError, match=words):
        parse_json_line(raw)


def test_strict_parser_accepts_what_json_is():
    assert parse_json_line(b'\xef\xbb\xbf{"a": [1, 2.5, "\\u00e9\\ud83d\\ude00"]}') == {"a": [1, 2.5, "é😀"]}
    assert parse_json_line("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None


# -- validation is linear in the size of a file (benchmarks/bench_validate.py has the numbers) --

def _chain_record(doc, n, cycle_to=None):
    """``n`` attributions over the fixture text, a0 -> a1 -> ... -> a(n-1) -> cycle_to."""
    from sayso.corpus.model import Attribution, Span, Standoff

    cue = Span(0, 5)
    attributions = tuple(Attribution(f"a{i}", None, cue, (cue,), "direct",
                                     parent=f"a{i + 1}" if i + 1 < n else cycle_to) for i in range(n))
    return Standoff(doc.id, doc.text_sha256, attributions=attributions)


def test_a_20000_long_parent_chain_validates_in_well_under_a_second_per_thousand():
    import time

    from helpers import fixture_pack
    from sayso.corpus.validate import validate_record

    doc = fixture_pack().get("fx-bridge")
    record = _chain_record(doc, 20_000)
    began = time.perf_counter()
    assert validate_record(record, doc.text) == []
    assert time.perf_counter() - began < 5.0  # the list-membership walk needed hours for this


def test_parent_cycles_are_each_reported_once_by_their_smallest_id():
    from dataclasses import replace

    from helpers import fixture_pack
    from sayso.corpus.validate import validate_record

    doc = fixture_pack().get("fx-bridge")
    rho = _chain_record(doc, 50, cycle_to="a40")  # a tail a0..a39 running into the cycle a40..a49
    found = [p.what for p in validate_record(rho, doc.text)]
    assert found == ["attribution a40 is its own ancestor (cycle in parent links)"]
    two = list(rho.attributions)
    two[5] = replace(two[5], parent="a3")  # a3 -> a4 -> a5 -> a3: a second cycle, the tail now ends there
    found = [p.what for p in validate_record(replace(rho, attributions=tuple(two)), doc.text)]
    assert found == ["attribution a3 is its own ancestor (cycle in parent links)",
                     "attribution a40 is its own ancestor (cycle in parent links)"]


def test_atomically_written_files_get_the_usual_mode_not_mkstemps_0600(tmp_path):
    import os
    import stat

    from sayso.corpus.standoff_io import write_text_atomic

    old = os.umask(0o022)
    try:
        write_text_atomic(tmp_path / "a.jsonl", "{}\n")
        os.umask(0o027)
        write_text_atomic(tmp_path / "b.jsonl", "{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "a.jsonl").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.jsonl").stat().st_mode) == 0o640


def test_one_bad_item_among_200000_is_found_without_walking_them_all(tmp_path, good):
    import time

    from sayso.corpus.standoff_io import collect_standoff

    entity = good["entities"][0]
    good["entities"] = [dict(entity, id=f"e{i}") for i in range(200_000)]
    good["entities"][123_456]["label"] = "TOWN"
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    began = time.perf_counter()
    _, problems = collect_standoff(path)
    assert time.perf_counter() - began < 10  # jsonschema over every item took about a minute
    assert [p.what.split(":")[0] for p in problems] == ["entities/123456/label"]


def test_writing_to_a_pipe_or_device_writes_into_it_and_never_replaces_it(tmp_path):
    import os
    import stat
    import threading

    from sayso.corpus.standoff_io import write_text_atomic

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text(encoding="utf-8")))
    reader.start()
    write_text_atomic(fifo, "report\n")  # as `sayso score --json /dev/stdout` would
    reader.join(timeout=10)
    assert received == ["report\n"] and stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_hand_edited_drafts_and_decisions_are_read_strictly(tmp_path, capsys):
    draft = tmp_path / "d.json"
    draft.write_bytes(b'{"id": "x\xff"}')
    assert main(["draft", "check", "--sources", str(PACK_DIR), str(draft)]) == 1
    assert "cannot read the draft (not valid UTF-8" in capsys.readouterr().err
    decisions = tmp_path / "decisions.jsonl"
    decisions.write_text('{"id": "a", "id": "b"}\n', encoding="utf-8")
    assert main(["adjudicate", "--show", "--batch", "b", "--decisions", str(decisions),
                 "--sources", str(PACK_DIR)]) == 1
    assert f"{decisions}:1: -: duplicate key 'id'" in capsys.readouterr().err
