"""Claims and attributions: the worked examples of eval/README.md, computed by hand."""
from __future__ import annotations

from dataclasses import replace

import pytest

from sayso.corpus.model import Attribution, Claim, Entity, Span, Standoff, text_sha256
from sayso.eval import score, score_attributions, score_claims
from test_eval_fixtures import TEXTS, attribution, claim, gold_records, span

B = "t-bridge"


@pytest.fixture
def gold():
    return gold_records()


def only(record: Standoff, **layers) -> Standoff:
    return Standoff(record.id, record.text_sha256, **layers)


def test_claims_worked_example(gold):
    """README "Claims, worked example"."""
    pred = only(gold[0], claims=(
        claim(B, "p1", "the Kelby bridge will reopen", "factual", "q1"),
        claim(B, "p2", "The city spent $4 million on repairs", "numerical"),
        claim(B, "p3", "Mayor Lina Ortez said", "factual"),
    ), attributions=(attribution(B, "q1", "Lina Ortez", "said", "the Kelby bridge will reopen in June"),))
    r = score_claims(gold[:1], [pred], TEXTS, resamples=0)
    # sentences: gold positive {0, 1, 2}; predicted positive {0, 1}
    assert r.sentences.counts == {"tp": 2, "fp": 0, "fn": 1}
    assert (r.sentences.precision, r.sentences.recall, r.sentences.f1) == (1.0, pytest.approx(2 / 3), pytest.approx(0.8))
    # exact spans: only p2
    assert (r.exact.precision, r.exact.recall, r.exact.f1) == (pytest.approx(1 / 3),) * 3
    # overlap: p1~c1, p2~c2
    assert (r.overlap.precision, r.overlap.recall, r.overlap.f1) == (pytest.approx(2 / 3),) * 3
    assert (r.kind.correct, r.kind.total, r.kind.accuracy) == (1, 2, 0.5)
    assert (r.voice.correct, r.voice.total, r.voice.accuracy) == (2, 2, 1.0)


def test_a_claim_crossing_a_sentence_boundary_makes_both_sentences_positive(gold):
    text = TEXTS[B]
    crossing = Claim("x", span(B, "June").start, span(B, "The city").end, "factual")
    r = score_claims(gold[:1], [only(gold[0], claims=(crossing,))], TEXTS, resamples=0)
    assert r.sentences.counts == {"tp": 2, "fp": 0, "fn": 1}
    assert text[crossing.start:crossing.end] == "June. The city"


def worked_attributions(gold):
    return only(gold[0], attributions=(
        attribution(B, "q1", "Lina Ortez", "said", "the Kelby bridge will reopen in June"),
        attribution(B, "q2", None, "told", "traffic had fallen", type_="direct", source_kind="unnamed"),
        attribution(B, "q3", "The city", None, "spent $4 million on repairs", source_kind="organisation"),
    ), claims=(
        claim(B, "k1", "the Kelby bridge will reopen in June", "prediction", "q1"),
        claim(B, "k2", "traffic had fallen by 30%", "numerical"),  # outside q2's content: not linked
    ))


def test_attributions_worked_example(gold):
    """README "Attributions, worked example"."""
    r = score_attributions(gold[:1], [worked_attributions(gold)], TEXTS, resamples=0)
    assert (r.match.precision, r.match.recall, r.match.f1) == (pytest.approx(2 / 3), 1.0, pytest.approx(0.8))
    source, cue, content = r.roles["source"], r.roles["cue"], r.roles["content"]
    assert source["exact"].f1 == 0.0
    assert (source["partial"].precision, source["partial"].recall, source["partial"].f1) == \
        (0.5, pytest.approx(1 / 3), pytest.approx(0.4))
    assert (cue["exact"].precision, cue["exact"].recall) == (1.0, 1.0)
    assert (content["exact"].precision, content["exact"].recall, content["exact"].f1) == \
        (pytest.approx(1 / 3), 0.5, pytest.approx(0.4))
    assert (content["partial"].precision, content["partial"].recall, content["partial"].f1) == \
        (pytest.approx(2 / 3), 0.75, pytest.approx(12 / 17))
    assert r.relation["strict"].f1 == 0.0
    assert (r.relation["partial"].precision, r.relation["partial"].recall) == (pytest.approx(1 / 3), 0.5)
    assert (r.type.accuracy, r.source_kind.accuracy, r.parent.accuracy) == (0.5, 0.5, 1.0)
    wcw = r.who_claimed_what
    assert wcw["exact"].counts == {"matched": 1, "predicted": 1, "gold": 2}
    assert (wcw["overlap"].precision, wcw["overlap"].recall, wcw["overlap"].f1) == (1.0, 0.5, pytest.approx(2 / 3))


def test_matching_is_one_to_one_so_duplicate_predictions_do_not_all_count(gold):
    """Three copies of a correct attribution: one is a true positive, two are false positives."""
    a1 = gold[0].attributions[0]
    pred = only(gold[0], attributions=tuple(replace(a1, id=f"q{k}") for k in range(3)), entities=gold[0].entities)
    r = score_attributions(gold[:1], [pred], TEXTS, resamples=0)
    assert r.match.counts == {"matched": 1, "predicted": 3, "gold": 2}
    assert r.relation["strict"].precision == pytest.approx(1 / 3)
    assert r.roles["content"]["exact"].counts["matched"] == 1


def test_gold_against_itself_is_one_everywhere(gold):
    report = score(gold, gold, TEXTS, resamples=20)
    data = report.to_dict()

    def rates(node, path=""):
        if isinstance(node, dict):
            for k, v in node.items():
                if k != "ci":
                    yield from rates(v, f"{path}.{k}")
        elif path.rsplit(".", 1)[-1] in ("precision", "recall", "f1", "accuracy"):
            yield path, node
    found = dict(rates({k: data[k] for k in ("entities", "claims", "attributions")}))
    assert len(found) > 60
    assert {p: v for p, v in found.items() if v != 1.0} == {}


def test_empty_predictions_give_recall_zero_and_precision_zero_by_convention(gold):
    empty = [only(g, entities=(), claims=(), attributions=()) for g in gold]
    report = score(gold, empty, TEXTS, resamples=0).to_dict()
    assert report["entities"]["strict"]["recall"] == 0.0 and report["entities"]["strict"]["precision"] == 0.0
    assert report["claims"]["overlap"]["recall"] == 0.0 and report["claims"]["sentences"]["precision"] == 0.0
    assert report["attributions"]["match"]["recall"] == 0.0 and report["attributions"]["match"]["precision"] == 0.0


def test_nested_attribution_parent_accuracy(gold):
    port = gold[1]
    a1, a2, a3 = port.attributions
    right = only(port, attributions=(replace(a1, id="x1"), replace(a2, id="x2", parent="x3"), replace(a3, id="x3")),
                 entities=port.entities)
    wrong = only(port, attributions=(replace(a1, id="x1"), replace(a2, id="x2", parent="x1"), replace(a3, id="x3")),
                 entities=port.entities)
    assert score_attributions(gold[1:], [right], TEXTS, resamples=0).parent.accuracy == 1.0
    assert score_attributions(gold[1:], [wrong], TEXTS, resamples=0).parent.accuracy == pytest.approx(2 / 3)


CHAIN_TEXT = "Ortez spoke first. He said taxes will rise, and Ortez repeated it."


def chain_doc(source: Span, source_entity: str | None, entities) -> Standoff:
    t = CHAIN_TEXT
    content = Span(t.index("taxes"), t.index(", and"))
    return Standoff("chain", text_sha256(t), entities=tuple(entities),
                    claims=(Claim("c1", content.start, content.end, "prediction", "a1"),),
                    attributions=(Attribution("a1", source, Span(t.index("said"), t.index("said") + 4), (content,),
                                              "indirect", "person", source_entity),))


@pytest.mark.parametrize("pred_source,expected", [
    ("He", 1.0),            # the exact gold source span (a pronoun)
    ("Ortez", 1.0),         # the linked mention
    ("Ortez#2", 1.0),       # another mention of the chain (same label, same surface)
    ("first", 0.0),         # anything else
])
def test_who_claimed_what_accepts_any_mention_of_the_source_chain(pred_source, expected):
    t = CHAIN_TEXT
    first = Span(0, 5)
    second = Span(t.index("Ortez", 1), t.index("Ortez", 1) + 5)
    he = Span(t.index("He"), t.index("He") + 2)
    gold = chain_doc(he, "e1", [Entity("e1", 0, 5, "PERSON"), Entity("e2", second.start, second.end, "PERSON")])
    where = {"He": he, "Ortez": first, "Ortez#2": second, "first": Span(t.index("first"), t.index("first") + 5)}
    pred = chain_doc(where[pred_source], None, [])
    r = score_attributions([gold], [pred], {"chain": t}, resamples=0)
    assert r.who_claimed_what["exact"].f1 == expected


def test_texts_that_do_not_hash_to_the_gold_are_refused(gold):
    with pytest.raises(ValueError, match="does not hash"):
        score_claims(gold, gold, {**TEXTS, B: TEXTS[B] + " "}, resamples=0)


def test_a_gold_without_the_layer_is_refused(gold):
    with pytest.raises(ValueError, match="no claims layer"):
        score_claims([only(gold[0], sentences=gold[0].sentences)], gold[:1], TEXTS, resamples=0)


def test_default_layers_are_the_ones_the_predictions_fill(gold):
    report = score(gold, [only(g, entities=g.entities) for g in gold], TEXTS, resamples=0)
    assert report.layers == ("entities",)
    assert report.signature.format().count("|ent:strict|") == 1 and "clm:" not in report.signature.format()
