"""Baselines: every system runs on a document, writes valid standoff, and is deterministic."""
from __future__ import annotations

import pytest

from helpers import PACK_DIR, fixture_pack, fixture_records, make_corpus
from sayso.cli import main
from sayso.corpus.standoff_io import read_standoff
from sayso.corpus.validate import validate_record
from sayso.eval.baselines import SYSTEMS, Example, get_system
from sayso.eval.baselines.entities_regex import find_entities
from sayso.eval.baselines.rule_attribution import extract_attributions


@pytest.fixture(scope="module")
def train():
    pack = fixture_pack()
    return [Example(pack.get(doc_id), record) for doc_id, record in fixture_records(pack).items()]


@pytest.mark.parametrize("name", sorted(SYSTEMS))
def test_every_system_predicts_valid_standoff_for_its_layers(name, train):
    system = get_system(name)
    system.fit(train, seed=7)
    for ex in train:
        out = system.predict(ex.document)
        assert validate_record(out, ex.document.text) == []
        assert {layer for layer in ("entities", "claims", "attributions") if out.layer(layer) is not None} \
            == set(system.layers)


@pytest.mark.parametrize("name", sorted(SYSTEMS))
def test_same_training_data_and_seed_give_the_same_predictions(name, train):
    a, b = get_system(name), get_system(name)
    a.fit(train, seed=3)
    b.fit(train, seed=3)
    assert [a.predict(ex.document) for ex in train] == [b.predict(ex.document) for ex in train]


def test_unknown_system_lists_the_valid_ones():
    with pytest.raises(ValueError, match="Unknown system 'gpt'; choose one of crf-attributions, crf-entities, floor"):
        get_system("gpt")


def spans(text, items):
    return [text[s.start:s.end] for s in items]


def test_rule_attributions_direct_quote_with_cue_after_it():
    text = "“The dam will hold for another decade,” engineer Mia Sato said on Monday."
    [a] = extract_attributions(text)
    assert (a.type, spans(text, [a.cue, a.source]), spans(text, a.content)) == \
        ("direct", ["said", "engineer Mia Sato"], ["The dam will hold for another decade"])


def test_rule_attributions_indirect_with_told_and_that():
    text = "The minister told reporters that the border would reopen next week."
    [a] = extract_attributions(text)
    assert spans(text, [a.source, a.cue, *a.content]) == ["The minister", "told", "the border would reopen next week"]
    assert a.type == "indirect"


def test_rule_attributions_citing_is_nested_with_the_same_content():
    text = "The Ledger, citing port records, reported that exports fell by a third."
    outer, inner = sorted(extract_attributions(text), key=lambda a: a.parent is not None)
    assert spans(text, [outer.source, outer.cue, inner.source, inner.cue]) == \
        ["The Ledger", "reported", "port records", "citing"]
    assert inner.parent == outer.id and inner.content == outer.content


def test_rule_attributions_ignore_scare_quotes_and_agentless_belief():
    assert extract_attributions("The so-called “ghost fleet” sailed. The guns are believed to be old.") == ()


def test_regex_entities_find_money_percent_and_dates():
    text = "On March 3, 2021 prices rose 4.5% to $2.5 million, about 300 km away."
    found = {text[e.start:e.end]: e.label for e in find_entities(text)}
    assert found == {"March 3, 2021": "DATE", "4.5%": "PERCENT", "$2.5 million": "MONEY", "about 300 km": "QUANTITY"}


def test_predict_command_writes_what_validate_accepts(tmp_path, capsys):
    corpus = make_corpus(tmp_path, splits={"fx-bridge": "train", "fx-harbour": "train", "fx-closed": "test"})
    out = tmp_path / "pred.jsonl"
    assert main(["predict", "--system", "pipeline", "--split", "test", "--out", str(out),
                 "--corpus", str(corpus), "--sources", str(PACK_DIR)]) == 0
    [line] = read_standoff(out)
    assert line.record.id == "fx-closed"
    assert main(["validate", str(out), "--sources", str(PACK_DIR)]) == 0
