"""The news sentence splitter, one named case per rule (all examples written for SaySo)."""
from __future__ import annotations

import pytest

from sayso.corpus.splitter import split_sentences


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


CASES = [
    ("dateline with colon stays with its sentence",
     "MERIDA, Norland, Nov 20, (SFX): Rain fell. Roads closed.",
     ["MERIDA, Norland, Nov 20, (SFX): Rain fell.", "Roads closed."]),
    ("dateline with dash stays with its sentence",
     "WASHINGTON (SFX) — The vote passed. It was close.",
     ["WASHINGTON (SFX) — The vote passed.", "It was close."]),
    ("U.S. inside a sentence is not a boundary",
     "The U.S. Navy sailed. It left early.",
     ["The U.S. Navy sailed.", "It left early."]),
    ("U.S. at the end, before a typical opener, is a boundary",
     "Troops returned to the U.S. The base closed.",
     ["Troops returned to the U.S.", "The base closed."]),
    ("month and title abbreviations", "On Nov. 3 Mr. Lee and Gov. Ruiz met Dept. heads. Talks ended.",
     ["On Nov. 3 Mr. Lee and Gov. Ruiz met Dept. heads.", "Talks ended."]),
    ("No. before a number", "It ranked No. 4 in the poll. Others fell.", ["It ranked No. 4 in the poll.", "Others fell."]),
    ("initials", "The report by J. R. Okafor was late. It came Monday.",
     ["The report by J. R. Okafor was late.", "It came Monday."]),
    ("decimals and versions", "Growth was 3.5 percent in version 2.1.4 of the plan. Then it slowed.",
     ["Growth was 3.5 percent in version 2.1.4 of the plan.", "Then it slowed."]),
    ("closing quote after the full stop",
     "He said: \u201cWe are ready.\u201d The crowd cheered.",
     ["He said: \u201cWe are ready.\u201d", "The crowd cheered."]),
    ("closing parenthesis after the full stop",
     "Prices rose. (Most shops agreed.) Sales fell.", ["Prices rose.", "(Most shops agreed.)", "Sales fell."]),
    ("question inside a quote followed by lower case is not a boundary",
     "\u201cWho pays?\u201d she asked. Nobody knew.", ["\u201cWho pays?\u201d she asked.", "Nobody knew."]),
    ("next sentence opening with a quote", "They left. \u201cGood,\u201d he said.",
     ["They left.", "\u201cGood,\u201d he said."]),
    ("heading and paragraph break", "Flood warning\n\nThe river rose. It rained.",
     ["Flood warning", "The river rose.", "It rained."]),
    ("ellipsis before a capital ends, before lower case does not",
     "We waited... and waited... Then it came.", ["We waited... and waited...", "Then it came."]),
    ("unicode ellipsis", "It was over\u2026 Nobody spoke.", ["It was over\u2026", "Nobody spoke."]),
    ("emoji between sentences", "Ships left. \U0001F6A2 Crews cheered.", ["Ships left.", "\U0001F6A2 Crews cheered."]),
    ("a.m. inside a sentence", "It began at 9 a.m. on Monday. Then it ended.",
     ["It began at 9 a.m. on Monday.", "Then it ended."]),
]


@pytest.mark.parametrize("name,text,expected", CASES, ids=[c[0] for c in CASES])
def test_news_cases(name, text, expected):
    assert sentences(text) == expected


def test_spans_never_start_or_end_on_whitespace():
    text = "  One.   Two.  \n\n  Three  "
    for s, e in split_sentences(text):
        assert not text[s].isspace() and not text[e - 1].isspace()
    assert sentences(text) == ["One.", "Two.", "Three"]
