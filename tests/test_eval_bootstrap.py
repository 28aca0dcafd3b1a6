"""Bootstrap CIs, the paired test and the signature: reproducible to the last digit."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    assert result.a.system is None and result.to_dict()["systems"] == {"a": None, "b": None}
    assert result.signature.format().endswith("|test:paired-bs")


def test_paired_comparison_detects_a_consistently_better_system():
    gold, weak = docs([1, 0] * 15, [3, 4] * 15)
    _, strong = docs([3, 2] * 15, [1, 2] * 15)
    d = compare(gold, strong, weak, resamples=1000).differences["entities"]["strict.f1"]
    assert d.diff > 0 and d.ci[0] > 0 and d.p_value == 0.0  # no resample on the other side of 0
    # the interval by hand from the documented order statistics, over the same resamples
    counts = resample_counts(30, 1000, 12345)
    possible = np.full(30, 4)

    def f1(found):
        p = (counts @ found) / (counts @ found)
        r = (counts @ found) / (counts @ possible)
        return 2 * (p * r) / (p + r)
    diffs = np.sort(f1(np.array([3, 2] * 15)) - f1(np.array([1, 0] * 15)))
    assert d.ci == pytest.approx((diffs[24], diffs[975]))  # m = ceil(1000 * 0.05 / 2) = 25


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 4)), min_size=2, max_size=12),
       st.sampled_from([0.8, 0.9, 0.95]))
def test_compare_interval_and_p_value_never_contradict_each_other(rows, level):
    """Issue 12: an interval excluding 0 with p = 0.056, another including 0 with p = 0.041."""
    gold, a, b = [], [], []
    for i, (n, found_a, found_b) in enumerate(rows):
        ents = tuple(Entity(f"e{k}", 10 * k, 10 * k + 3, "PERSON") for k in range(n))
        gold.append(Standoff(f"d{i:02d}", SHA, entities=ents))
        a.append(Standoff(f"d{i:02d}", SHA, entities=ents[:found_a]))
        b.append(Standoff(f"d{i:02d}", SHA, entities=ents[:found_b]))
    result = compare(gold, a, b, resamples=200, level=level)
    for d in result.differences["entities"].values():
        if d.ci is None:
            continue
        excludes_zero = d.ci[0] > 0 or d.ci[1] < 0
        assert excludes_zero == (d.p_value < round(1 - level, 12)), (d, level)


def test_paired_interval_and_p_value_by_hand():
    from sayso.eval.stats import paired_difference

    diffs = np.array([-0.1] * 3 + [0.2] * 97)  # 3 of 100 resamples below 0
    ci, p = paired_difference(diffs, 0.95)
    assert p == pytest.approx(0.06) and ci[0] < 0  # p >= 0.05: the interval holds 0
    ci, p = paired_difference(diffs, 0.9)
    assert p == pytest.approx(0.06) and ci[0] > 0  # p < 0.10: the interval excludes 0


def test_a_perfect_system_has_every_interval_at_one():
    """Issue 12: absent types counted as 0 in resamples gave a perfect system macro F1 1.0 in [0.5, 1.0]."""
    from test_eval_fixtures import TEXTS, gold_records

    gold = gold_records()
    report = score(gold, gold, TEXTS, resamples=300)
    intervals = {}
    for name, result in report.results.items():
        intervals.update({f"{name}.{k}": v for k, v in result.ci.items()})
    assert any(".per_type." in k for k in intervals) and any(".macro." in k for k in intervals)
    assert len(intervals) > 100
    assert {k: v for k, v in intervals.items() if v != (1.0, 1.0)} == {}
    # and with many documents holding one type each, where most resamples miss some type
    ents = [(0, 3, lab) for lab in ("PERSON", "ORG", "GPE", "DATE")] * 3
    many = [Standoff(f"d{i:02d}", SHA, entities=(Entity("e1", s, e, lab),)) for i, (s, e, lab) in enumerate(ents)]
    many += [Standoff(f"z{i}", SHA, entities=()) for i in range(4)]  # documents without entities
    r = score_entities(many, many, resamples=500)
    assert r.macro.strict.ci == {"precision": (1.0, 1.0), "recall": (1.0, 1.0), "f1": (1.0, 1.0)}
    assert all(r.per_type[t].strict.ci["f1"] == (1.0, 1.0) for t in r.per_type)
    assert r.strict.ci["f1"] == (1.0, 1.0)


def test_a_type_absent_from_a_resample_is_left_out_of_that_resamples_macro_mean():
    """Macro in a resample = mean over the types present in it (by hand)."""
    gold = [Standoff("d0", SHA, entities=(Entity("e1", 0, 3, "PERSON"),)),
            Standoff("d1", SHA, entities=(Entity("e1", 0, 3, "ORG"),))]
    pred = [gold[0], Standoff("d1", SHA, entities=())]  # PERSON right, ORG missed
    r = score_entities(gold, pred, resamples=400, seed=5)
    counts = resample_counts(2, 400, 5)
    # resamples with only d0: macro 1; only d1: 0; both: (1 + 0) / 2
    macro = np.where(counts[:, 1] == 0, 1.0, np.where(counts[:, 0] == 0, 0.0, 0.5))
    assert r.macro.strict.ci["f1"] == pytest.approx(tuple(np.percentile(macro, [2.5, 97.5])))
    # ORG alone is undefined where d1 is not drawn: its interval runs over the others only
    assert r.per_type.ORG.strict.ci["f1"] == (0.0, 0.0)


def test_bad_level_and_resamples_are_refused():
    gold, pred = docs([1], [0])
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        score_entities(gold, pred, level=95)
    with pytest.raises(ValueError, match="resamples must be >= 0"):
        score_entities(gold, pred, resamples=-1)
