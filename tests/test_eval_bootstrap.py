"""Bootstrap CIs, the paired test and the signature: reproducible to the last digit."""
from __future__ import annotations

import numpy as np
import pytest

from sayso.corpus.model import Entity, Standoff
from sayso.eval import DataInfo, compare, score, score_entities
from sayso.eval.stats import resample_counts

SHA = "0" * 64


def docs(n_correct: list[int], n_wrong: list[int]) -> tuple[list[Standoff], list[Standoff]]:
    """Document i has n_correct[i] + n_wrong[i] gold PERSON entities; the prediction finds
    the first n_correct[i] exactly and misses the rest."""
    gold, pred = [], []
    for i, (c, w) in enumerate(zip(n_correct, n_wrong)):
        ents = tuple(Entity(f"e{k}", 10 * k, 10 * k + 3, "PERSON") for k in range(c + w))
        gold.append(Standoff(f"d{i:02d}", SHA, entities=ents))
        pred.append(Standoff(f"d{i:02d}", SHA, entities=ents[:c]))
    return gold, pred


def test_resampling_follows_the_documented_draw():
    rng = np.random.default_rng(7)
    expected = [np.bincount(rng.integers(0, 5, size=5), minlength=5) for _ in range(3)]
    assert np.array_equal(resample_counts(5, 3, seed=7), np.array(expected))


def test_confidence_interval_recomputed_by_hand():
    gold, pred = docs([1, 2, 0, 3], [1, 0, 2, 1])
    r = score_entities(gold, pred, resamples=200, seed=3, level=0.9)
    counts = resample_counts(4, 200, 3)
    correct = np.array([1, 2, 0, 3])
    possible = np.array([2, 2, 2, 4])
    recall = (counts @ correct) / (counts @ possible)
    assert r.strict.ci["recall"] == pytest.approx(tuple(np.percentile(recall, [5, 95])))
    assert r.strict.ci["precision"] == (1.0, 1.0)
    assert r.strict.ci["recall"][0] <= r.strict.recall <= r.strict.ci["recall"][1]


def test_same_inputs_same_signature_and_numbers_other_seed_other_interval():
    gold, pred = docs([1, 2, 0, 3, 1, 1], [1, 0, 2, 1, 0, 3])
    a = score_entities(gold, pred, seed=1)
    b = score_entities(gold, pred, seed=1)
    c = score_entities(gold, pred, seed=2)
    assert a == b and a.signature == b.signature
    assert a.strict.ci != c.strict.ci and "seed:2" in c.signature


def test_signature_names_version_data_split_modes_resamples_and_seed():
    gold, pred = docs([1], [1])
    data = DataInfo("sayso", "0.1", "ab12cd34" + "0" * 56, "test")
    r = score(gold, pred, layers=["entities"], data=data)
    assert r.signature.format() == "sayso:0.1.0|data:sayso-v0.1@ab12cd34|split:test|ent:strict|boot:1000|seed:12345"
    assert r.entities.signature == r.signature.format()
    assert score(gold, pred, resamples=0, level=0.9).signature.format().endswith("|ent:strict|boot:0")
    assert score(gold, pred, level=0.9).signature.format().endswith("|seed:12345|level:0.9")


def test_data_hash_changes_when_the_gold_changes():
    gold, pred = docs([1, 1], [0, 1])
    assert DataInfo.custom(gold).sha256 != DataInfo.custom(gold[:1]).sha256
    assert DataInfo.custom(gold).sha256 == DataInfo.custom(list(reversed(gold))).sha256  # order-free


def test_paired_comparison_of_a_system_with_itself_has_no_difference():
    gold, pred = docs([1, 2, 0, 3], [1, 0, 2, 1])
    result = compare(gold, pred, pred, resamples=100)
    d = result.differences["entities"]["strict.f1"]
    assert (d.diff, d.ci, d.p_value) == (0.0, (0.0, 0.0), 1.0)
    assert result.signature.format().endswith("|test:paired-bs")


def test_paired_comparison_detects_a_consistently_better_system():
    gold, weak = docs([1] * 30, [3] * 30)
    _, strong = docs([3] * 30, [1] * 30)
    d = compare(gold, strong, weak, resamples=1000).differences["entities"]["strict.f1"]
    assert d.diff > 0 and d.ci[0] > 0 and d.p_value == pytest.approx(1 / 1001)
    # a p-value by hand from the documented formula, over the same resamples
    counts = resample_counts(30, 1000, 12345)
    f1 = lambda c, pos: 2 * (1.0 * (counts @ c / (counts @ pos))) / (1.0 + counts @ c / (counts @ pos))
    diffs = f1(np.full(30, 3), np.full(30, 4)) - f1(np.full(30, 1), np.full(30, 4))
    assert d.ci == pytest.approx(tuple(np.percentile(diffs, [2.5, 97.5])))


def test_bad_level_and_resamples_are_refused():
    gold, pred = docs([1], [0])
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        score_entities(gold, pred, level=95)
    with pytest.raises(ValueError, match="resamples must be >= 0"):
        score_entities(gold, pred, resamples=-1)
