"""`sayso import polnear`: brat attributions to standoff, checked against the text; bad input
is named by file and line and nothing is written."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from polnear_fixture import ARTICLES, polnear_id, write_polnear
from sayso.cli import main
from sayso.corpus.polnear_import import import_polnear
from sayso.corpus.standoff_io import read_standoff
from sayso.errors import InputError

SHARED_POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
BRIDGE, PORT, RAIN = "nyt_2016-05-01_bridge-vote", "politico_2016-06-02_port-plan", "usa-today_2016-07-03_rain-warning"


@pytest.fixture()
def clone(tmp_path):
    return write_polnear(tmp_path / "PolNeAR")


def _text(filename: str) -> str:
    return ARTICLES[filename]["text"]


def _covered(filename, span):
    return _text(filename)[span.start:span.end]


def _gold(clone):
    return {record.id: record for _, _, record in import_polnear(clone).records}


def test_roles_become_source_cue_and_content_spans(clone):
    record = _gold(clone)[polnear_id(BRIDGE)]
    a1, a2, a3 = record.attributions
    assert (_covered(BRIDGE, a1.source), _covered(BRIDGE, a1.cue)) == ("Senator Dana Holt", "said")
    assert [_covered(BRIDGE, c) for c in a1.content] == ["the bridge vote would be delayed"]
    assert [_covered(BRIDGE, c) for c in a2.content] == ["“We need more time,”", "“and the budget is not final.”"]
    assert a3.source is None and _covered(BRIDGE, a3.cue) == "It was reported"
    assert all(a.type is None and a.source_kind is None and a.parent is None for a in record.attributions)
    assert record.entities is None and record.claims is None and record.sentences is None
    assert record.extra["polnear"]["annotator"] == "a1"  # the first annotator metadata.tsv lists is gold


def test_a_shared_source_is_copied_into_each_relation(clone):
    warned, said = _gold(clone)[polnear_id(PORT)].attributions
    assert warned.source == said.source and _covered(PORT, said.source) == "The harbour board’s chair"
    assert len(_gold(clone)[polnear_id(PORT)].attributions) == 2  # the Discard span is no attribution


def test_a_discontinuous_cue_becomes_its_covering_span_and_keeps_its_fragments(clone):
    record = _gold(clone)[polnear_id(RAIN)]
    first = record.attributions[0]
    assert _covered(RAIN, first.cue) == "did, however, warn"
    pieces = record.extra["polnear"]["fragments"]["a1"]["cue"]
    assert [_text(RAIN)[s:e] for s, e in pieces] == ["did", "warn"]


def test_a_span_whose_text_runs_over_lines_is_read_whole_with_a_warning(clone):
    result = import_polnear(clone)
    [notice] = result.warnings
    assert notice.doc_id == polnear_id(RAIN) and "over 2 lines" in notice.what
    second = {r.id: r for _, _, r in result.records}[polnear_id(RAIN)].attributions[1]
    assert _covered(RAIN, second.content[0]) == "“Roads may\nclose,”"


def test_all_annotators_writes_one_file_per_annotator(clone, tmp_path, capsys):
    out = tmp_path / "every"
    assert main(["import", "polnear", str(clone), "--out", str(out), "--all-annotators"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["a1.jsonl", "b2.jsonl", "c3.jsonl", "d4.jsonl"]
    [b2] = [line.record for line in read_standoff(out / "b2.jsonl")]
    assert b2.id == polnear_id(BRIDGE) and len(b2.attributions) == 2
    assert "4 records from 3 articles (1 annotated several times)" in capsys.readouterr().out


def test_the_cli_writes_valid_standoff_without_text(clone, tmp_path, capsys):
    out = tmp_path / "polnear.jsonl"
    assert main(["import", "polnear", str(clone), "--out", str(out)]) == 0
    written = out.read_text(encoding="utf-8")
    assert len(written.splitlines()) == 3 and "harbour" not in written and "Holt" not in written
    assert main(["validate", str(out), "--sources", str(clone)]) == 0
    only_test = tmp_path / "test.jsonl"
    assert main(["import", "polnear", str(clone), "--out", str(only_test), "--split", "test"]) == 0
    assert [json.loads(x)["id"] for x in only_test.read_text().splitlines()] == [polnear_id(RAIN)]


def _ann(clone, filename, annotator):
    compartment = ARTICLES[filename]["compartment"]
    return clone / "data" / compartment / "attributions" / f"{filename}_{annotator}.ann"


def _edit(path, old, new):
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _fails(clone, tmp_path, capsys, *expected):
    out = tmp_path / "out.jsonl"
    assert main(["import", "polnear", str(clone), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    for piece in expected:
        assert piece in err, err
    assert not out.exists()  # nothing written
    return err


def test_offset_past_the_text_is_an_error_naming_file_and_line(clone, tmp_path, capsys):
    path = _ann(clone, PORT, "c3")
    _edit(path, "T3\tContent 40 65", "T3\tContent 40 6500")
    _fails(clone, tmp_path, capsys, f"{path}:3: {polnear_id(PORT)}: T3 offsets 40-6500 fall outside the text")


def test_t_line_text_that_does_not_match_is_an_error(clone, tmp_path, capsys):
    path = _ann(clone, PORT, "c3")
    _edit(path, "\twarned\n", "\twarns\n")
    _fails(clone, tmp_path, capsys, f"{path}:2: {polnear_id(PORT)}: T2 records text that differs from the text at")


def test_e_line_naming_a_missing_t_is_an_error(clone, tmp_path, capsys):
    path = _ann(clone, PORT, "c3")
    _edit(path, "Content:T6", "Content:T66")
    _fails(clone, tmp_path, capsys, f"{path}:9: {polnear_id(PORT)}: E2 names T66 (Content), which is not a T line")


def test_missing_text_is_an_error(clone, tmp_path, capsys):
    (clone / "data/test/text" / f"{RAIN}.txt").unlink()
    _fails(clone, tmp_path, capsys, f"metadata.tsv:5: {polnear_id(RAIN)}: metadata row names '{RAIN}' but "
                                    f"data/test/text/{RAIN}.txt is missing")


def test_missing_annotation_file_is_an_error(clone, tmp_path, capsys):
    _ann(clone, PORT, "c3").unlink()
    _fails(clone, tmp_path, capsys, f"{_ann(clone, PORT, 'c3')}: {polnear_id(PORT)}: annotation file missing "
                                    "(metadata.tsv line 4 lists annotator c3)")


def test_metadata_row_naming_no_file_is_an_error(clone, tmp_path, capsys):
    meta = clone / "data" / "metadata.tsv"
    _edit(meta, f"\t{PORT}\t", "\t\t")
    _fails(clone, tmp_path, capsys, f"{meta}:4: -: metadata row names no file")


@pytest.mark.skipif(not SHARED_POLNEAR.is_dir(), reason="the shared source pack with PolNeAR is not present")
def test_all_of_polnear_imports():
    gold = import_polnear(SHARED_POLNEAR)
    assert len(gold.records) == 1008 and gold.counts["articles"] == 1008 and gold.counts["multiply_annotated"] == 20
    # The first annotators' 24,105 relations, less 37 that have no content at all.
    assert gold.counts["events"] == 24105 and gold.counts["relations"] == 24068
    assert gold.counts["relations_left_out"] == 37 and gold.counts["relations_without_source"] == 1764
    assert gold.counts["discontinuous_sources"] == 9 and gold.counts["spans"] == 94248
    every = import_polnear(SHARED_POLNEAR, all_annotators=True)
    assert len(every.records) == 1107 and every.counts["events"] == 27052 and every.counts["spans"] == 105841
    assert every.counts["discontinuous_cues"] == 1 and every.counts["discontinuous_sources"] == 10
    multiline = [n for n in every.warnings if "over" in n.what and "lines" in n.what]
    assert sorted(n.doc_id for n in multiline) == ["pn-08010e6176", "pn-a990d37832", "pn-d87f771908"]
    assert Counter("no content" in n.what for n in every.warnings) == {True: 37, False: 3}
