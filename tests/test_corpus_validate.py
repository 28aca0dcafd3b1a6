"""`sayso validate`: every bad input gets `file:line: doc_id: what — what to do`, all at once."""
from __future__ import annotations

import json

import pytest

from helpers import PACK_DIR, fixture_pack, fixture_records
from sayso.cli import main
from sayso.corpus.validate import validate_files


def write_lines(path, objs):
    path.write_text("".join((o if isinstance(o, str) else json.dumps(o)) + "\n" for o in objs), encoding="utf-8")
    return path


@pytest.fixture()
def good():
    return fixture_records()["fx-bridge"].to_dict()


def problems_for(tmp_path, objs):
    path = write_lines(tmp_path / "in.jsonl", objs)
    return [str(p) for p in validate_files([path], fixture_pack())]


def test_valid_fixture_gold_has_no_problems(tmp_path):
    records = fixture_records()
    assert problems_for(tmp_path, [r.to_dict() for r in records.values()]) == []


def test_malformed_json_line_names_file_and_line(tmp_path, good):
    found = problems_for(tmp_path, [good, "{not json"])
    assert len(found) == 1 and found[0].startswith(f"{tmp_path / 'in.jsonl'}:2: -: not valid JSON")


def test_unknown_document(tmp_path, good):
    good["id"] = "fx-nowhere"
    [problem] = problems_for(tmp_path, [good])
    assert ":1: fx-nowhere: document not in the source pack" in problem


def test_hash_mismatch_names_the_document(tmp_path, good):
    good["text_sha256"] = "0" * 64
    [problem] = problems_for(tmp_path, [good])
    assert "fx-bridge: text_sha256 mismatch" in problem and "—" in problem


def test_offset_past_the_end(tmp_path, good):
    good["entities"][0]["end"] = 10_000
    [problem] = problems_for(tmp_path, [good])
    assert "entity e1 [0, 10000) is out of range" in problem


def test_span_starting_on_a_space(tmp_path, good):
    start = good["entities"][0]["start"]
    good["entities"][0]["start"] = good["entities"][0]["end"]  # ", Norland": the comma, then a space
    good["entities"][0]["end"] = good["entities"][0]["end"] + 2
    good["entities"][0]["start"] += 1
    found = problems_for(tmp_path, [good])
    assert any("starts or ends on whitespace" in p for p in found), (start, found)


def test_label_not_in_the_set(tmp_path, good):
    good["entities"][0]["label"] = "CITY"
    [problem] = problems_for(tmp_path, [good])
    assert "entities/0/label" in problem and "'CITY' is not one of" in problem


def test_dangling_links(tmp_path, good):
    good["claims"][0]["attribution"] = "a99"
    good["attributions"][0]["source_entity"] = "e99"
    found = problems_for(tmp_path, [good])
    assert any("links to attribution 'a99', which does not exist" in p for p in found)
    assert any("source_entity 'e99' does not exist" in p for p in found)


def test_parent_cycle(tmp_path, good):
    good["attributions"][0]["parent"] = "a2"
    good["attributions"][1]["parent"] = "a1"
    found = problems_for(tmp_path, [good])
    assert sum("cycle in parent links" in p for p in found) == 1


def test_claim_outside_its_attribution_content(tmp_path, good):
    good["claims"][0]["attribution"] = "a3"
    found = problems_for(tmp_path, [good])
    assert any("claim c1" in p and "lies outside its content" in p for p in found)


def test_overlapping_entities(tmp_path, good):
    good["entities"][1]["start"] = good["entities"][0]["start"] + 2
    found = problems_for(tmp_path, [good])
    assert any("overlap" in p and "entity mentions are flat" in p for p in found)


def test_empty_file(tmp_path):
    [problem] = problems_for(tmp_path, [])
    assert "the file holds no records" in problem


def test_all_problems_in_one_run_and_exit_code_1(tmp_path, good, capsys):
    bad = dict(good, id="fx-nowhere")
    other = fixture_records()["fx-harbour"].to_dict()
    other["entities"][0]["end"] = 10_000
    path = write_lines(tmp_path / "in.jsonl", ["[1, 2]", bad, other])
    code = main(["validate", str(path), "--sources", str(PACK_DIR)])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{path}:1: -: expected a JSON object" in err
    assert f"{path}:2: fx-nowhere: document not in the source pack" in err
    assert f"{path}:3: fx-harbour: entity e1" in err
    assert "3 problem(s) in 1 file(s)." in err


def test_valid_file_exits_0(tmp_path, capsys):
    path = write_lines(tmp_path / "gold.jsonl", [r.to_dict() for r in fixture_records().values()])
    assert main(["validate", str(path), "--sources", str(PACK_DIR)]) == 0
    assert "ok: 1 file(s) valid" in capsys.readouterr().out
