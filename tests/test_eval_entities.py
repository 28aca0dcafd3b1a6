"""Entity scoring equals nervaluate 1.2.1 and seqeval (strict, IOB2) on the same input.

Traps handled here, once, in the harness (see issue 3):
* nervaluate ends are inclusive: we pass ``end - 1``;
* nervaluate 1.2.1 raises IndexError when the first document is empty and the loader is
  inferred: we name ``loader="dict"``;
* nervaluate's matching depends on order: we give it the scorer's order (start, end, label);
* seqeval's ``mode="strict"`` without ``scheme=IOB2`` silently goes lenient: we pass both.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator
from seqeval.metrics import classification_report
from seqeval.scheme import IOB2

from sayso.corpus.model import Entity, Standoff
from sayso.eval import score_entities
from sayso.eval.entities import MODES, entity_statistics, to_iob2

SHA = "0" * 64
FIELDS = ("correct", "incorrect", "partial", "missed", "spurious", "precision", "recall", "f1")
GOLD_LABELS = ["PERSON", "ORG", "GPE"]
PRED_LABELS = GOLD_LABELS + ["DATE"]  # DATE occurs only in predictions


def docs(entity_lists):
    return [Standoff(f"d{i}", SHA, entities=tuple(Entity(f"e{k}", s, e, lab) for k, (s, e, lab) in enumerate(es)))
            for i, es in enumerate(entity_lists)]


def nervaluate_scores(gold_lists, pred_lists):
    def conv(lists):
        return [[{"label": lab, "start": s, "end": e - 1} for s, e, lab in sorted(es)] for es in lists]
    return Evaluator(conv(gold_lists), conv(pred_lists), tags=PRED_LABELS, loader="dict").evaluate()


spans = st.tuples(st.integers(0, 40), st.sampled_from([1, 1, 2, 3, 5, 8, 150])).map(lambda t: (t[0], t[0] + t[1]))
gold_entity = st.tuples(spans, st.sampled_from(GOLD_LABELS)).map(lambda t: (t[0][0], t[0][1], t[1]))
pred_entity = st.tuples(spans, st.sampled_from(PRED_LABELS)).map(lambda t: (t[0][0], t[0][1], t[1]))


@st.composite
def gold_and_predictions(draw):
    n = draw(st.integers(1, 5))
    gold = [draw(st.lists(gold_entity, max_size=6)) for _ in range(n)]
    pred = []
    for g in gold:
        # predictions are often near the gold: copies, shifted ends, retyped, or random
        near = [draw(st.sampled_from([(s, e, lab), (s, e + 1, lab), (s + 1, e + 1, lab), (s, e, "ORG"), (e, e + 2, lab)]))
                for s, e, lab in g if draw(st.booleans())]
        pred.append(near + draw(st.lists(pred_entity, max_size=4)))
    return gold, pred


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(gold_and_predictions())
def test_every_count_and_score_equals_nervaluate(data):
    """Random span sets: empty documents, nested-looking, touching and long spans, types only in predictions."""
    gold_lists, pred_lists = data
    point = entity_statistics(docs(gold_lists), docs(pred_lists)).point()
    ref = nervaluate_scores(gold_lists, pred_lists)
    for mode, result in ref["overall"].items():
        for field in FIELDS:
            assert point[f"{mode}.{field}"] == getattr(result, field), (mode, field)
    for label, by_mode in ref["entities"].items():
        for mode, result in by_mode.items():
            for field in FIELDS:
                assert point[f"per_type.{label}.{mode}.{field}"] == getattr(result, field), (label, mode, field)
    assert {k.split(".")[1] for k in point if k.startswith("per_type.")} == set(ref["entities"])


@st.composite
def token_aligned(draw):
    """Flat entities on token boundaries of a text of one-letter words."""
    n_tokens = draw(st.integers(1, 25))
    text = " ".join("x" * n_tokens)

    def flat(labels):
        out, k = [], 0
        while k < n_tokens:
            k += draw(st.integers(0, 3))
            length = draw(st.integers(1, 3))
            if k + length > n_tokens or not draw(st.booleans()):
                k += 1
                continue
            out.append((2 * k, 2 * (k + length) - 1, draw(st.sampled_from(labels))))
            k += length  # the next entity may touch this one
        return out
    return text, flat(GOLD_LABELS), flat(PRED_LABELS)


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # seqeval averages empty arrays when there are no types
@settings(max_examples=300, deadline=None)
@given(st.lists(token_aligned(), min_size=1, max_size=4))
def test_strict_scores_equal_seqeval_strict_iob2(documents):
    gold = docs([g for _, g, _ in documents])
    pred = docs([p for _, _, p in documents])
    y_true = [to_iob2(text, d.entities) for (text, _, _), d in zip(documents, gold)]
    y_pred = [to_iob2(text, d.entities) for (text, _, _), d in zip(documents, pred)]
    report = classification_report(y_true, y_pred, mode="strict", scheme=IOB2, output_dict=True, zero_division=0)
    point = entity_statistics(gold, pred).point()
    types = [k for k in report if not k.endswith(" avg")]
    assert sorted(types) == sorted({k.split(".")[1] for k in point if k.startswith("per_type.")})
    for t in types:
        for ours, theirs in (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score")):
            assert point[f"per_type.{t}.strict.{ours}"] == pytest.approx(report[t][theirs], abs=1e-12)
    if types:
        for ours, theirs in (("precision", "precision"), ("recall", "recall"), ("f1", "f1-score")):
            assert point[f"strict.{ours}"] == pytest.approx(report["micro avg"][theirs], abs=1e-12)
            assert point[f"macro.strict.{ours}"] == pytest.approx(report["macro avg"][theirs], abs=1e-12)


# nervaluate's scenario table (README "Scenarios I-VI"): gold PERSON [0, 5) against one prediction.
SCENARIOS = [
    ("I exact match", (0, 5, "PERSON"), {"strict": "correct", "exact": "correct", "partial": "correct", "ent_type": "correct"}),
    ("III missed", None, {m: None for m in MODES}),
    ("IV wrong type", (0, 5, "ORG"), {"strict": "incorrect", "exact": "correct", "partial": "correct", "ent_type": "incorrect"}),
    ("V overlap, right type", (0, 3, "PERSON"), {"strict": "incorrect", "exact": "incorrect", "partial": "partial", "ent_type": "correct"}),
    ("VI overlap, wrong type", (0, 3, "ORG"), {"strict": "incorrect", "exact": "incorrect", "partial": "partial", "ent_type": "incorrect"}),
    ("II spurious", (10, 12, "PERSON"), {m: "spurious" for m in MODES}),
]


@pytest.mark.parametrize("name,prediction,expected", SCENARIOS, ids=[s[0] for s in SCENARIOS])
def test_scenario(name, prediction, expected):
    """Each SemEval-2013 scenario lands in the documented category of each mode."""
    gold = docs([[(0, 5, "PERSON")]])
    pred = docs([[prediction] if prediction else []])
    point = entity_statistics(gold, pred).point()
    for mode, category in expected.items():
        if category is None:  # no prediction: the gold entity is missed
            assert point[f"{mode}.missed"] == 1 and point[f"{mode}.actual"] == 0
        else:
            assert point[f"{mode}.{category}"] == 1, mode


def test_scenario_III_missed_gives_recall_zero_and_precision_zero_by_convention():
    r = score_entities(docs([[(0, 5, "PERSON")]]), docs([[]]), resamples=0)
    assert (r.strict.missed, r.strict.recall, r.strict.precision, r.strict.f1) == (1, 0.0, 0.0, 0.0)


def test_gold_against_itself_scores_one_in_every_mode_and_type():
    gold = docs([[(0, 5, "PERSON"), (6, 9, "ORG")], [(1, 2, "ORG")], [(3, 4, "GPE")]])
    r = score_entities(gold, gold, resamples=50)
    for mode in MODES:
        assert (r[mode].precision, r[mode].recall, r[mode].f1) == (1.0, 1.0, 1.0)
        assert r[mode].ci["f1"] == (1.0, 1.0)
        assert all(t[mode].f1 == 1.0 for t in r.per_type.values())


def test_macro_is_the_unweighted_mean_of_per_type_scores():
    gold = docs([[(0, 5, "PERSON"), (6, 9, "ORG"), (10, 12, "ORG")]])
    pred = docs([[(0, 5, "PERSON"), (6, 9, "ORG")]])
    r = score_entities(gold, pred, resamples=0)
    # PERSON: P=R=F=1; ORG: P=1, R=1/2, F=2/3
    assert r.macro["strict"].f1 == pytest.approx((1 + 2 / 3) / 2)
    assert r.macro["strict"].recall == pytest.approx(0.75)
    assert r.strict.f1 == pytest.approx(0.8)  # micro: P=1, R=2/3


def test_a_long_gold_span_needs_one_percent_overlap_as_in_nervaluate():
    gold = docs([[(0, 150, "ORG")]])
    one_char = entity_statistics(gold, docs([[(149, 151, "ORG")]])).point()
    two_chars = entity_statistics(gold, docs([[(148, 151, "ORG")]])).point()
    assert one_char["partial.spurious"] == 1 and one_char["partial.missed"] == 1  # 1/150 < 1%
    assert two_chars["partial.partial"] == 1  # 2/150 >= 1%


def test_order_of_entities_in_the_input_does_not_change_the_scores():
    gold = [(0, 5, "PERSON"), (3, 9, "ORG"), (10, 12, "GPE")]
    pred = [(0, 9, "ORG"), (2, 5, "PERSON"), (10, 12, "PERSON")]
    a = entity_statistics(docs([gold]), docs([pred])).point()
    b = entity_statistics(docs([gold[::-1]]), docs([pred[::-1]])).point()
    assert a == b


def test_unknown_label_is_an_error_naming_document_and_label():
    with pytest.raises(ValueError, match=r"predicted document 'd0'.*'PER'.*PERSON"):
        entity_statistics(docs([[(0, 5, "PERSON")]]), docs([[(0, 5, "PER")]]))


def test_unknown_mode_lists_the_valid_ones():
    with pytest.raises(ValueError, match="strict, exact, partial, ent_type"):
        score_entities(docs([[]]), docs([[]]), mode="lenient")


def test_an_empty_or_reversed_span_is_an_error():
    with pytest.raises(ValueError, match=r"entity 'e0' has span \[5, 5\)"):
        entity_statistics(docs([[(0, 5, "PERSON")]]), docs([[(5, 5, "PERSON")]]))


def test_a_prediction_for_a_document_not_in_gold_is_an_error():
    with pytest.raises(ValueError, match="'d1' is not in the gold"):
        score_entities(docs([[]]), docs([[], []]), resamples=0)


def test_a_missing_prediction_warns_with_the_count_and_counts_as_empty():
    from sayso.eval import MissingPredictionsWarning

    gold = docs([[(0, 5, "PERSON")], [(0, 5, "ORG")]])
    with pytest.warns(MissingPredictionsWarning, match="1 of 2 gold documents"):
        r = score_entities(gold, gold[:1], resamples=0)
    assert (r.strict.correct, r.strict.missed) == (1, 1)


def test_to_iob2_refuses_spans_that_cut_tokens():
    with pytest.raises(ValueError, match="token boundaries"):
        to_iob2("Ana Bo", [Entity("e1", 0, 2, "PERSON")])
