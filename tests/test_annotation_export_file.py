"""`sayso studio convert`: a Label Studio JSON export into standoff, offline."""
from __future__ import annotations

import json

from sayso.cli import main
from sayso.corpus.standoff_io import read_standoff

from conftest import annotator_records
from test_annotation_pull import _export


def write_export(tmp_path, tasks):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def test_an_export_converts_to_the_latest_annotation_of_each_task(tmp_path, capsys):
    tasks = _export()
    for task in tasks:
        for annotation in task["annotations"]:
            if annotation["completed_by"] == 3:  # ann-b's is older: ann-a's is the latest
                annotation["updated_at"] = "2026-10-01T10:00:00Z"
    out = tmp_path / "ann.jsonl"
    assert main(["studio", "convert", str(write_export(tmp_path, tasks)), "--out", str(out)]) == 0
    assert {line.record.id: line.record for line in read_standoff(out)} == annotator_records()["ann-a"]
    assert "wrote 2 standoff record(s)" in capsys.readouterr().out


def test_problems_are_listed_and_nothing_is_written(tmp_path, capsys):
    tasks = _export()
    tasks[1]["annotations"][0]["result"][0]["value"]["labels"] = ["NOT_A_LABEL"]
    tasks[0]["annotations"] = []
    out = tmp_path / "ann.jsonl"
    assert main(["studio", "convert", str(write_export(tmp_path, tasks)), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "task 1: fx-bridge: task has no annotations" in err and "NOT_A_LABEL" in err
    assert not out.exists()


def test_a_file_that_is_not_an_export_says_so(tmp_path, capsys):
    path = tmp_path / "x.json"
    path.write_text('{"id": "fx-rain"}\n')
    assert main(["studio", "convert", str(path), "--out", str(tmp_path / "o.jsonl")]) == 1
    assert "not a Label Studio JSON export (a list of tasks)" in capsys.readouterr().err
