"""One-to-one optimal matching with a documented tie-break, and the mode registries."""
from __future__ import annotations

from itertools import permutations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sayso.eval.layers import LAYERS, get_layer
from sayso.eval.matching import ENTITY_MODES, assign, get_mode


def test_one_gold_and_several_predictions_give_one_pair():
    assert assign({(0, 0): (1, 4), (0, 1): (1, 4), (0, 2): (1, 4)}) == [(0, 0)]


def test_the_most_pairs_win_over_the_most_overlap():
    # gold 0 overlaps prediction 0 a lot and prediction 1 a little; gold 1 only prediction 0
    assert assign({(0, 0): (1, 10), (0, 1): (1, 1), (1, 0): (1, 2)}) == [(0, 1), (1, 0)]


def test_ties_go_to_the_earliest_prediction_for_the_earliest_gold():
    assert assign({(0, 0): (1, 3), (0, 1): (1, 3), (1, 0): (1, 3), (1, 1): (1, 3)}) == [(0, 0), (1, 1)]


def brute_force(scores):
    """The documented definition, by enumeration: best summed score tuple, then the
    lexicographically first (gold -> prediction, unmatched last) assignment."""
    rows = sorted({i for i, _ in scores})
    cols = sorted({j for _, j in scores})
    width = max(len(v) for v in scores.values())
    best = None
    options = cols + [None] * len(rows)
    for perm in set(permutations(options, len(rows))):
        pairs = [(i, j) for i, j in zip(rows, perm) if j is not None]
        if any(p not in scores for p in pairs):
            continue
        total = tuple(sum(scores[p][k] for p in pairs) for k in range(width))
        order = tuple((j if j is not None else 10 ** 9) for j in perm)
        key = (total, tuple(-x for x in order))
        if best is None or key > best[0]:
            best = (key, sorted(pairs))
    return best[1]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.tuples(st.integers(0, 3), st.integers(0, 3)),
                       st.tuples(st.integers(0, 1), st.integers(0, 4), st.integers(0, 2)), min_size=1, max_size=10))
def test_assign_equals_the_brute_force_definition(scores):
    """Including zero-weight pairs (issue 12): admissible, so matched when the tie-break allows."""
    pairs = assign(scores)
    assert len({i for i, _ in pairs}) == len(pairs) == len({j for _, j in pairs})
    assert pairs == brute_force(scores)


def test_zero_weight_pairs_are_treated_the_same_whatever_the_group_size():
    """Issue 12: a zero-weight pair was matched alone but skipped in a larger group."""
    assert assign({(0, 0): (0,)}) == [(0, 0)]
    assert assign({(0, 0): (0,), (1, 1): (0,), (1, 0): (0,)}) == [(0, 0), (1, 1)]
    assert assign({(0, 0): (0, 0), (0, 1): (1, 0), (1, 0): (0, 0)}) == [(0, 1), (1, 0)]


def test_unknown_entity_mode_raises_with_the_valid_names():
    with pytest.raises(ValueError, match="strict, exact, partial, ent_type"):
        get_mode("loose", ENTITY_MODES)


@pytest.mark.parametrize("layer,name,valid", [
    ("entities", "loose", "strict, exact, partial, ent_type"),
    ("claims", "fuzzy", "overlap, exact"),
    ("attributions", "source", "content-tokens, content-exact"),
])
def test_unknown_layer_modes_raise_with_the_valid_names(layer, name, valid):
    with pytest.raises(ValueError, match=valid):
        get_layer(layer).check_mode(name)


def test_entity_modes_of_the_registry_are_the_matchers():
    assert LAYERS["entities"].modes == tuple(ENTITY_MODES)
