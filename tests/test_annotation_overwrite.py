"""Committed annotations are never overwritten silently: `pull` and `adjudicate` list what
would change and need --overwrite; a document is gold in one batch only; provenance dates
change only when the annotation does."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sayso.annotation.adjudicate import UndecidedError, run_adjudication
from sayso.annotation.batch import Batch
from sayso.annotation.changes import OverwriteRefused
from sayso.annotation.convert import standoff_to_results
from sayso.annotation.studio import pull
from sayso.cli import main
from sayso.corpus.model import text_sha256
from sayso.corpus.sources import SourcePack
from sayso.corpus.standoff_io import read_standoff, write_standoff
from sayso.errors import InputError

from conftest import STUDIO_DOCS, annotator_records


def _decide_all(batch):
    lines = [json.loads(x) for x in batch.decisions_path.read_text(encoding="utf-8").splitlines()]
    for d in lines:
        d.update(choice="ann-a", adjudicator="adj-1")
    batch.decisions_path.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")


@pytest.fixture
def adjudicated(tmp_path, studio_pack):
    """A batch whose gold and provenance are written (as if committed)."""
    batch = Batch("b-one", tmp_path)
    for name, records in annotator_records().items():
        write_standoff(batch.annotator_path(name), records.values())
    with pytest.raises(UndecidedError):
        run_adjudication(batch, sources=str(studio_pack))
    _decide_all(batch)
    run_adjudication(batch, sources=str(studio_pack))
    return batch


def _snapshot(batch):
    return batch.gold_path.read_bytes(), batch.provenance_path.read_bytes()


def _shrink_rain(batch):
    """ann-a's record of fx-rain loses all entities but one (the 174 -> 1 accident)."""
    records = annotator_records()["ann-a"]
    rain = records["fx-rain"]
    records["fx-rain"] = replace(rain, entities=rain.entities[:1], attributions=tuple(
        replace(a, source_entity=None) for a in rain.attributions))
    write_standoff(batch.annotator_path("ann-a"), records.values())


def test_adjudicate_refuses_to_change_committed_gold_and_lists_what_would_change(adjudicated, studio_pack):
    before = _snapshot(adjudicated)
    _shrink_rain(adjudicated)
    with pytest.raises(OverwriteRefused) as info:
        run_adjudication(adjudicated, sources=str(studio_pack))
    message = str(info.value)
    assert f"{adjudicated.gold_path}: fx-rain: entities 5 → 1, attributions changed (3)" in message
    assert "fx-bridge" not in message and "--overwrite" in message and "nothing was written" in message
    assert _snapshot(adjudicated) == before
    summary = run_adjudication(adjudicated, sources=str(studio_pack), overwrite=True)
    assert summary.startswith(f"overwriting {adjudicated.gold_path}: fx-rain: entities 5 → 1")
    gold = {line.record.id: line.record for line in read_standoff(adjudicated.gold_path)}
    assert len(gold["fx-rain"].entities) == 1


def test_adjudicate_refuses_to_drop_a_committed_gold_document(adjudicated, studio_pack):
    records = annotator_records()["ann-a"]
    del records["fx-rain"]
    write_standoff(adjudicated.annotator_path("ann-a"), records.values())
    before = _snapshot(adjudicated)
    with pytest.raises(OverwriteRefused, match="fx-rain: would be removed"):
        run_adjudication(adjudicated, sources=str(studio_pack))
    assert _snapshot(adjudicated) == before


def test_the_command_exits_1_and_says_which_flag_writes(adjudicated, studio_pack, capsys):
    _shrink_rain(adjudicated)
    args = ["adjudicate", "--batch", "b-one", "--root", str(adjudicated.root), "--sources", str(studio_pack)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "1 committed record(s) would change" in err and "sayso adjudicate --batch b-one --overwrite" in err
    assert main([*args, "--overwrite"]) == 0


def test_a_document_is_gold_in_one_batch_only(adjudicated, studio_pack):
    extra = Batch("b-extra", adjudicated.root)
    write_standoff(extra.annotator_path("ann-c"), [annotator_records()["ann-a"]["fx-rain"]])
    with pytest.raises(InputError) as info:
        run_adjudication(extra, sources=str(studio_pack))
    message = str(info.value)
    assert f"{adjudicated.gold_path}:2: fx-rain: is already gold there; adjudicating batch b-extra" in message
    assert not extra.gold_path.exists() and not extra.decisions_path.exists()


def test_provenance_dates_change_only_when_the_annotation_changes(adjudicated, studio_pack):
    lines = [json.loads(x) for x in adjudicated.provenance_path.read_text(encoding="utf-8").splitlines()]
    for p in lines:
        p["date"] = "2020-01-01"  # adjudicated on an earlier day
    adjudicated.provenance_path.write_text("".join(json.dumps(p) + "\n" for p in lines), encoding="utf-8")
    before = _snapshot(adjudicated)
    run_adjudication(adjudicated, sources=str(studio_pack))  # another day, nothing changed
    assert _snapshot(adjudicated) == before
    _shrink_rain(adjudicated)
    run_adjudication(adjudicated, sources=str(studio_pack), overwrite=True)
    dates = {p["id"]: p["date"] for p in map(json.loads, adjudicated.provenance_path.read_text().splitlines())}
    assert dates["fx-bridge"] == "2020-01-01" and dates["fx-rain"] != "2020-01-01"


# -- pull ----------------------------------------------------------------------------------------

class FakeStudio:
    """What `pull` asks of a server: its users and a full export."""

    def __init__(self, records):
        self.records = records

    def users(self):
        return {2: "ann-a", 3: "ann-b"}

    def export(self, batch):
        tasks = []
        for tid, doc_id in enumerate(sorted(STUDIO_DOCS), start=1):
            text = STUDIO_DOCS[doc_id]["text"]
            annotations = [{"id": 10 * tid + uid, "completed_by": uid, "was_cancelled": False,
                            "updated_at": "2026-11-01T10:00:00Z",
                            "result": standoff_to_results(self.records[name][doc_id], text)}
                           for uid, name in self.users().items() if doc_id in self.records[name]]
            tasks.append({"id": tid, "data": {"text": text, "doc_id": doc_id, "text_sha256": text_sha256(text),
                                              "batch": batch, "config_version": "1.0.0"},
                          "annotations": annotations, "predictions": []})
        return tasks


def test_pull_refuses_to_replace_a_committed_annotation_that_differs(tmp_path, studio_pack):
    pack = SourcePack.load(studio_pack)
    batch = Batch("b-pull", tmp_path)
    records = annotator_records()
    pull(batch, FakeStudio(records), pack, say=lambda m: None)
    committed = batch.annotator_path("ann-a").read_bytes()
    pull(batch, FakeStudio(records), pack, say=lambda m: None)  # the same annotations: nothing to ask
    rain = records["ann-a"]["fx-rain"]
    records["ann-a"]["fx-rain"] = replace(rain, entities=rain.entities[:1], attributions=tuple(
        replace(a, source_entity=None) for a in rain.attributions))
    with pytest.raises(OverwriteRefused) as info:
        pull(batch, FakeStudio(records), pack, say=lambda m: None)
    assert f"{batch.annotator_path('ann-a')}: fx-rain: entities 5 → 1" in str(info.value)
    assert batch.annotator_path("ann-a").read_bytes() == committed
    said = []
    pull(batch, FakeStudio(records), pack, say=said.append, overwrite=True)
    assert any("overwriting" in s and "fx-rain" in s for s in said)
    assert len({line.record.id: line.record for line in read_standoff(batch.annotator_path("ann-a"))}
               ["fx-rain"].entities) == 1
