"""Agreement between annotators: hand-checked numbers on the fixture annotations."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from sayso.annotation.agreement import (cohen_kappa, group_alpha, krippendorff_alpha, pair_agreement,
                                        run_agreement, sentence_units)
from sayso.annotation.batch import Batch
from sayso.corpus.standoff_io import write_standoff

from conftest import STUDIO_DOCS, annotator_records

TEXTS = {k: v["text"] for k, v in STUDIO_DOCS.items()}

KAPPA_CASES = [
    (["x", "y", "y", "x"], ["x", "y", "x", "x"], 0.5),
    (["a", "b"], ["b", "a"], -1.0),
    (["a", "a", "b"], ["a", "a", "b"], 1.0),
    (["O", "O"], ["O", "O"], None),  # undefined: one category throughout
]


@pytest.mark.parametrize("a,b,expected", KAPPA_CASES)
def test_cohen_kappa_table(a, b, expected):
    got = cohen_kappa(a, b)
    assert got == expected if expected is None else got == pytest.approx(expected)


def test_kappa_matches_sklearn():
    from sklearn.metrics import cohen_kappa_score

    a = ["O", "PERSON", "PERSON", "O", "GPE", "O", "DATE", "O"]
    b = ["O", "PERSON", "O", "O", "GPE", "GPE", "DATE", "O"]
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))


def test_alpha_perfect_and_undefined():
    assert krippendorff_alpha([["a", "a"], ["b", "b"], ["a", "a"]]) == pytest.approx(1.0)
    assert krippendorff_alpha([["a", "a"], ["a", None]]) is None


def test_identical_annotators_agree_fully():
    records = annotator_records()["ann-a"]
    report = pair_agreement(records, records, TEXTS)
    assert report["n_docs"] == 2
    assert report["entities"]["strict"]["f1"] == 1.0 and report["entities"]["token_kappa"] == 1.0
    assert report["claims"]["span_exact"]["f1"] == 1.0 and report["claims"]["kind"]["accuracy"] == 1.0
    assert report["attributions"]["relation"]["strict"]["f1"] == 1.0
    assert report["sentences"]["boundary"]["f1"] == 1.0


def test_fixture_disagreements_are_counted():
    """Test case: ann-b differs on one entity label, one claim kind and one attribution type."""
    recs = annotator_records()
    report = pair_agreement(recs["ann-a"], recs["ann-b"], TEXTS)
    assert report["docs"] == ["fx-bridge"]
    ent = report["entities"]
    assert ent["strict"]["f1"] == pytest.approx(5 / 6, abs=1e-4)
    assert ent["partial"]["f1"] == 1.0
    assert 0 < ent["token_kappa"] < 1
    claims = report["claims"]
    assert claims["kind"] == {"matched": 2, "accuracy": 0.5, "kappa": pytest.approx(1 / 3, abs=1e-4)}
    assert claims["sentence_kappa"] == 1.0 and claims["span_exact"]["f1"] == 1.0
    att = report["attributions"]
    assert att["matched"]["f1"] == 1.0 and att["type"]["accuracy"] == 0.75
    assert att["roles"]["cue"]["exact"]["f1"] == 1.0 and att["source_kind"]["accuracy"] == 1.0


def test_a_missing_attribution_lowers_role_and_relation_f1():
    from dataclasses import replace
    recs = annotator_records()
    b = dict(recs["ann-a"])
    b["fx-rain"] = replace(b["fx-rain"], attributions=b["fx-rain"].attributions[:2],
                           claims=tuple(replace(c, attribution=None) if c.attribution == "a3" else c
                                        for c in b["fx-rain"].claims))
    att = pair_agreement(recs["ann-a"], b, TEXTS)["attributions"]
    # 7 attributions for ann-a, 6 for b, all 6 matched exactly
    assert att["relation"]["strict"]["recall"] == pytest.approx(6 / 7, abs=1e-4)
    assert att["relation"]["strict"]["precision"] == 1.0
    assert att["roles"]["cue"]["exact"]["a"] == 7 and att["roles"]["cue"]["exact"]["b"] == 6


def test_sentence_units_cut_at_both_annotators_boundaries():
    from dataclasses import replace
    from sayso.corpus.model import Sentence
    recs = annotator_records()
    a = recs["ann-a"]["fx-rain"]
    text = TEXTS["fx-rain"]
    b = replace(a, sentences=(Sentence(0, len(text)),))
    units = sentence_units(a, b, text)
    assert [(u.start, u.end) for u in units] == [(s.start, s.end) for s in a.sentences]


def test_group_alpha_over_shared_docs():
    alpha = group_alpha(annotator_records(), TEXTS)
    assert alpha["docs"] == ["fx-bridge"] and 0 < alpha["entity_tokens"] < 1


def test_run_agreement_writes_numbers_and_ids_only(tmp_path, studio_pack):
    batch = Batch("b-agree", tmp_path)
    for name, records in annotator_records().items():
        write_standoff(batch.annotator_path(name), records.values())
    summary = run_agreement(batch, sources=str(studio_pack))
    assert "1 annotator pair" in summary
    data = json.loads((tmp_path / "annotation" / "agreement" / "b-agree.json").read_text(encoding="utf-8"))
    assert data["pairs"][0]["a"] == "ann-a" and data["pairs"][0]["b"] == "ann-b"
    md = (tmp_path / "annotation" / "agreement" / "b-agree.md").read_text(encoding="utf-8")
    assert "token Cohen's κ" in md and "Krippendorff" in md
    for text in TEXTS.values():  # no document words leak into the reports
        for phrase in ("Ana Ruiz", "Port Mera", "bridge would reopen"):
            if phrase in text:
                assert phrase not in md and phrase not in json.dumps(data)


def test_pooled_agreement_sums_every_comparison_and_can_leave_out_calibration_documents():
    from helpers import fixture_pack, fixture_records
    from sayso.annotation.agreement import pooled_agreement

    pack = fixture_pack()
    records = fixture_records(pack)
    texts = {d: pack.get(d).text for d in records}
    bridge = records["fx-bridge"]
    fewer = replace(bridge, entities=bridge.entities[:-1])  # the second annotator missed one entity
    by_annotator = {"x": {"fx-bridge": bridge, "fx-harbour": records["fx-harbour"]},
                    "y": {"fx-bridge": fewer, "fx-harbour": records["fx-harbour"]}}
    pooled = pooled_agreement(by_annotator, texts)
    assert pooled["comparisons"] == 2 and pooled["entities"]["strict"]["recall"] < 1.0
    blind = pooled_agreement(by_annotator, texts, exclude=["fx-bridge"])
    assert blind["docs"] == ["fx-harbour"] and blind["entities"]["strict"]["f1"] == 1.0
    assert pooled_agreement(by_annotator, texts, exclude=["fx-bridge", "fx-harbour"]) is None
