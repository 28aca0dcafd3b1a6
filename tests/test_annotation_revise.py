"""Bringing a gold batch up to a new major guidelines version: counted, complete, explicit."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from helpers import fixture_records, make_corpus
from sayso.annotation.batch import Batch
from sayso.annotation.revise import revise
from sayso.corpus.standoff_io import read_standoff, write_standoff
from sayso.errors import InputError


def _review(root, records):
    review = Batch("fixtures-v2", root)
    write_standoff(review.annotator_path("rev-1"), records)
    (review.folder / "review.jsonl").write_text(
        "".join(json.dumps({"id": r.id, "changes": [{"rule": "E2", "layer": "entities"}]}) + "\n" for r in records))
    return review


def test_a_partial_review_is_counted_but_never_written(tmp_path):
    make_corpus(tmp_path)
    records = list(fixture_records().values())
    first = records[0]
    trimmed = replace(first, entities=first.entities[1:])
    gold = Batch("fixtures", tmp_path)
    before = gold.gold_path.read_bytes()
    summary = revise(gold, _review(tmp_path, [trimmed]), "2.0")
    assert summary["per_layer"]["entities"] == {"added": 0, "removed": 1}
    assert summary["not_reviewed"] == sorted(r.id for r in records[1:])
    with pytest.raises(InputError, match="not reviewed yet"):
        revise(gold, _review(tmp_path, [trimmed]), "2.0", write=True)
    assert gold.gold_path.read_bytes() == before


def test_a_complete_review_replaces_the_gold_and_records_the_version(tmp_path):
    make_corpus(tmp_path)
    records = list(fixture_records().values())
    trimmed = replace(records[0], entities=records[0].entities[1:])
    gold = Batch("fixtures", tmp_path)
    summary = revise(gold, _review(tmp_path, [trimmed, *records[1:]]), "2.0", write=True)
    assert summary["unchanged"] == len(records) - 1 and summary["per_rule"] == {"E2": len(records)}
    written = {line.record.id: line.record for line in read_standoff(gold.gold_path)}
    assert written[records[0].id].entities == records[0].entities[1:]
    provenance = {p["id"]: p for p in map(json.loads, gold.provenance_path.read_text().splitlines())}
    assert {p["guidelines_version"] for p in provenance.values()} == {"2.0"}
    assert provenance[records[0].id]["revisions"][0]["changes"]["entities"] == {"added": 0, "removed": 1}
    assert "revised_date" in provenance[records[0].id]
    assert all("revised_date" not in provenance[r.id] for r in records[1:])


def test_a_review_of_another_text_is_refused(tmp_path):
    make_corpus(tmp_path)
    record = next(iter(fixture_records().values()))
    with pytest.raises(InputError, match="reviewed a different text"):
        revise(Batch("fixtures", tmp_path), _review(tmp_path, [replace(record, text_sha256="0" * 64)]), "2.0")


def test_a_dry_run_after_the_write_keeps_the_record_of_what_changed(tmp_path, monkeypatch):
    import sayso.annotation.batch as batch_module
    from sayso.cli import main

    make_corpus(tmp_path)
    records = list(fixture_records().values())
    _review(tmp_path, [replace(records[0], entities=records[0].entities[1:]), *records[1:]])
    monkeypatch.setattr(batch_module, "default_root", lambda: tmp_path)
    assert main(["revise", "--batch", "fixtures", "--review", "fixtures-v2", "--guidelines-version", "2.0",
                 "--write"]) == 0
    record = (tmp_path / "annotation" / "batches" / "fixtures-v2" / "revision.md").read_text()
    assert "| entities | 0 | 1 |" in record
    assert main(["revise", "--batch", "fixtures", "--review", "fixtures-v2", "--guidelines-version", "2.0"]) == 0
    assert (tmp_path / "annotation" / "batches" / "fixtures-v2" / "revision.md").read_text() == record
