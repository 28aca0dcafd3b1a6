"""A test split of two collections is scored whole and per collection."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from helpers import fixture_records
from sayso.corpus.standoff_io import write_standoff
from sayso.errors import InputError
from sayso.eval.gold import load_gold


@pytest.fixture
def two_collections(tmp_path):
    record = next(iter(fixture_records().values()))
    records = [replace(record, id="wn-0000000001"), replace(record, id="pn-0000000002"),
               replace(record, id="ap-seed")]
    corpus = tmp_path / "corpus"
    write_standoff(corpus / "gold" / "b.jsonl", records)
    (corpus / "manifest.jsonl").write_text("".join(
        json.dumps({"id": r.id, "split": "test", "status": "gold", "text_sha256": r.text_sha256}) + "\n"
        for r in records), encoding="utf-8")
    return corpus


def test_a_collection_view_holds_only_its_documents_and_names_itself(two_collections):
    whole = load_gold("test", corpus_dir=two_collections)
    polnear = load_gold("test.polnear", corpus_dir=two_collections)
    assert [r.id for r in whole.records] == ["ap-seed", "pn-0000000002", "wn-0000000001"]
    assert [r.id for r in polnear.records] == ["pn-0000000002"]
    assert polnear.data.split == "test.polnear" and polnear.data.sha256 != whole.data.sha256


def test_an_unknown_collection_is_named(two_collections):
    with pytest.raises(InputError, match="unknown collection 'reuters'"):
        load_gold("test.reuters", corpus_dir=two_collections)


def test_scoring_a_collection_leaves_out_the_splits_other_predictions(tmp_path):
    from sayso.cli import main
    from sayso.corpus.sources import REPO_ROOT
    from sayso.eval.gold import load_gold as corpus_gold

    predictions = REPO_ROOT / "eval" / "systems" / "floor" / "predictions-test.jsonl"
    out = tmp_path / "r.json"
    assert main(["score", str(predictions), "--split", "test.wikinews", "--json", str(out), "--resamples", "10"]) == 0
    report = json.loads(out.read_text())
    wikinews = [r for r in corpus_gold("test").records if r.id.startswith("wn-")]
    assert report["data"]["documents"] == len(wikinews) and report["data"]["split"] == "test.wikinews"
