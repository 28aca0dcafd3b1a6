"""The adjudicator sees every undecided disagreement in words, decided ones not at all."""
from __future__ import annotations

import json

from helpers import fixture_pack
from sayso.annotation.adjudication_view import show_undecided


def test_undecided_items_are_shown_with_their_words(tmp_path):
    decisions = tmp_path / "decisions.jsonl"
    rows = [
        {"id": "fx-bridge/entities/93-101", "doc_id": "fx-bridge", "layer": "entities", "start": 93, "end": 101,
         "options": {"ann-a": [{"start": 93, "end": 101, "label": "PERSON"}], "ann-b": []}, "choice": None},
        {"id": "fx-bridge/entities/0-7", "doc_id": "fx-bridge", "layer": "entities", "start": 0, "end": 7,
         "options": {"ann-a": [{"start": 0, "end": 7, "label": "GPE"}], "ann-b": []}, "choice": "ann-a"},
    ]
    decisions.write_text("".join(json.dumps(r) + "\n" for r in rows))
    shown = show_undecided(decisions, fixture_pack())
    assert "== fx-bridge/entities/93-101" in shown and "ann-a: [93,101) «Ana Ruiz» PERSON" in shown
    assert "ann-b: (nothing)" in shown and "entities/0-7" not in shown
