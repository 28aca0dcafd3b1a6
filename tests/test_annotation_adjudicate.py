"""Adjudication: agreed items accepted, disagreements decided on record, gold refused until then."""
from __future__ import annotations

import json

import pytest

from sayso.annotation.adjudicate import UndecidedError, merge_document, run_adjudication
from sayso.annotation.batch import Batch
from sayso.corpus.standoff_io import read_standoff, write_standoff
from sayso.errors import InputError

from conftest import annotator_records


@pytest.fixture
def batch(tmp_path):
    batch = Batch("b-adj", tmp_path)
    for name, records in annotator_records().items():
        write_standoff(batch.annotator_path(name), records.values())
    return batch


def _decide(batch, choose):
    lines = [json.loads(x) for x in batch.decisions_path.read_text(encoding="utf-8").splitlines()]
    for d in lines:
        choose(d)
    batch.decisions_path.write_text("".join(json.dumps(d) + "\n" for d in lines), encoding="utf-8")
    return lines


def test_merge_lists_each_disagreement_with_who_said_what():
    recs = annotator_records()
    merge = merge_document("fx-bridge", {n: recs[n]["fx-bridge"] for n in ("ann-a", "ann-b")})
    assert [d.layer for d in merge.disagreements] == ["entities", "claims", "attributions"]
    ent = merge.disagreements[0]
    assert ent.options["ann-a"][0]["label"] == "PERCENT" and ent.options["ann-b"][0]["label"] == "CARDINAL"
    assert len(merge.accepted["entities"]) == 5 and len(merge.accepted["attributions"]) == 3


def test_gold_refused_while_undecided(batch, studio_pack):
    with pytest.raises(UndecidedError) as info:
        run_adjudication(batch, sources=str(studio_pack))
    message = str(info.value)
    assert "3 undecided disagreement(s) in 1 document(s)" in message and str(batch.decisions_path) in message
    assert not batch.gold_path.exists() and not batch.provenance_path.exists()
    assert len(batch.decisions_path.read_text(encoding="utf-8").splitlines()) == 3


def test_decisions_make_gold_and_provenance(batch, studio_pack):
    with pytest.raises(UndecidedError):
        run_adjudication(batch, sources=str(studio_pack))
    _decide(batch, lambda d: d.update(choice="ann-a", adjudicator="adj-1"))
    summary = run_adjudication(batch, sources=str(studio_pack))
    assert "1 adjudicated, 1 single-annotated, 3 decision(s)" in summary
    gold = {line.record.id: line.record for line in read_standoff(batch.gold_path)}
    assert gold == annotator_records()["ann-a"]
    prov = {p["id"]: p for p in map(json.loads, batch.provenance_path.read_text(encoding="utf-8").splitlines())}
    assert prov["fx-bridge"]["adjudicated"] is True and prov["fx-bridge"]["annotators"] == ["ann-a", "ann-b"]
    assert prov["fx-bridge"]["adjudicators"] == ["adj-1"]
    assert prov["fx-rain"]["adjudicated"] is False and prov["fx-rain"]["annotators"] == ["ann-a"]
    assert prov["fx-rain"]["labeling_config_version"] == "1.0.0"
    # decisions are kept on re-run
    assert run_adjudication(batch, sources=str(studio_pack)) == summary


def test_choice_none_and_custom(batch, studio_pack):
    with pytest.raises(UndecidedError):
        run_adjudication(batch, sources=str(studio_pack))

    def choose(d):
        if d["layer"] == "entities":
            d.update(choice="none")
        elif d["layer"] == "claims":
            d.update(choice="custom", custom=[dict(d["options"]["ann-b"][0])])
        else:
            d.update(choice="ann-b")
    _decide(batch, choose)
    run_adjudication(batch, sources=str(studio_pack))
    gold = {line.record.id: line.record for line in read_standoff(batch.gold_path)}["fx-bridge"]
    assert len(gold.entities) == 5 and all(e.label != "CARDINAL" for e in gold.entities)
    assert [c.kind for c in gold.claims] == ["prediction", "factual"]
    assert gold.claims[1].attribution == "a4"
    assert [a.type for a in gold.attributions] == ["indirect", "mixed", "indirect", "indirect"]


def test_bad_choice_is_named(batch, studio_pack):
    with pytest.raises(UndecidedError):
        run_adjudication(batch, sources=str(studio_pack))
    _decide(batch, lambda d: d.update(choice="ann-z"))
    with pytest.raises(InputError) as info:
        run_adjudication(batch, sources=str(studio_pack))
    assert "choice 'ann-z' is not allowed" in str(info.value) and "fx-bridge/entities/" in str(info.value)
    assert not batch.gold_path.exists()


def test_gold_under_a_new_major_version_is_refused_while_older_gold_stands(batch, studio_pack):
    from dataclasses import replace

    corpus = batch.root / "corpus"
    older = replace(next(iter(annotator_records()["ann-a"].values())), id="fx-older")
    write_standoff(corpus / "gold" / "older.jsonl", [older])
    (corpus / "provenance").mkdir(parents=True)
    (corpus / "provenance" / "older.jsonl").write_text(
        json.dumps({"id": "fx-older", "batch": "older", "guidelines_version": "1.0"}) + "\n", encoding="utf-8")
    record = batch.read_record()
    record["guidelines_version"] = "2.0"  # this batch was annotated under 2.0
    batch.write_record(record)
    with pytest.raises(UndecidedError):
        run_adjudication(batch, sources=str(studio_pack))
    _decide(batch, lambda d: d.update(choice="ann-a"))
    with pytest.raises(InputError, match=r"mixes major guidelines versions .*sayso revise"):
        run_adjudication(batch, sources=str(studio_pack))
    assert not batch.gold_path.exists()


def test_decisions_only_lists_disagreements_and_never_writes_gold(batch, studio_pack):
    summary = run_adjudication(batch, sources=str(studio_pack), decisions_only=True)
    assert "3 disagreement(s), 3 undecided" in summary
    _decide(batch, lambda d: d.update(choice="ann-a"))
    assert "0 undecided" in run_adjudication(batch, sources=str(studio_pack), decisions_only=True)
    assert not batch.gold_path.exists()
