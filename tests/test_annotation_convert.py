"""Standoff <-> Label Studio results: round trips, offsets at the boundary, and every
problem a bad annotation can have, named by region."""
from __future__ import annotations

import copy

import pytest

from sayso.annotation import labelconfig as lc
from sayso.annotation.convert import (codepoint_to_utf16, results_to_standoff, standoff_to_results,
                                      utf16_to_codepoint)
from sayso.corpus.model import Standoff, text_sha256

from conftest import STUDIO_DOCS, annotator_records


def _roundtrip(record: Standoff, text: str) -> tuple[Standoff, list]:
    return results_to_standoff(standoff_to_results(record, text), text, record.id)


@pytest.mark.parametrize("annotator,doc_id", [("ann-a", "fx-bridge"), ("ann-a", "fx-rain"), ("ann-b", "fx-bridge")])
def test_roundtrip_is_identity(annotator, doc_id):
    """Test case: every layer survives standoff -> results -> standoff unchanged."""
    record = annotator_records()[annotator][doc_id]
    back, problems = _roundtrip(record, STUDIO_DOCS[doc_id]["text"])
    assert problems == []
    assert back == record


def test_offsets_are_code_points_with_emoji_and_curly_quotes_before_spans():
    """Test case: region offsets equal Python's code-point offsets; value.text is the covered text."""
    text = STUDIO_DOCS["fx-bridge"]["text"]
    record = annotator_records()["ann-a"]["fx-bridge"]
    results = standoff_to_results(record, text)
    money = next(r for r in results if r.get("from_name") == "entity" and r["value"]["labels"] == ["MONEY"])
    start = text.index("$3 million")
    assert (money["value"]["start"], money["value"]["end"]) == (start, start + len("$3 million"))
    assert money["value"]["text"] == "$3 million"
    # an emoji (🌉), curly quotes and a non-BMP letter (𝔼) precede it: in UTF-16 it would start 2 units later
    assert codepoint_to_utf16(text, start) == start + 2
    assert text[:start].count("“") == 1 and "🌉" in text[:start] and "𝔼" in text[:start]


def test_utf16_mapping():
    text = "“a” 😀 b 𝔸c"
    for cp in range(len(text) + 1):
        assert utf16_to_codepoint(text, codepoint_to_utf16(text, cp)) == cp
    assert len(text.encode("utf-16-le")) // 2 == codepoint_to_utf16(text, len(text))
    inside = codepoint_to_utf16(text, text.index("😀")) + 1
    assert utf16_to_codepoint(text, inside) is None


def test_utf16_export_is_detected_and_can_be_read_on_purpose():
    """Test case: an export counting UTF-16 units is refused with a hint, and read with units='utf16'."""
    text = STUDIO_DOCS["fx-rain"]["text"]
    record = annotator_records()["ann-a"]["fx-rain"]
    results = standoff_to_results(record, text)
    shifted = copy.deepcopy(results)
    for item in shifted:
        if "value" in item:
            item["value"]["start"] = codepoint_to_utf16(text, item["value"]["start"])
            item["value"]["end"] = codepoint_to_utf16(text, item["value"]["end"])
    _, problems = results_to_standoff(shifted, text, "fx-rain")
    assert problems and any("UTF-16" in p.what and "ent_" in p.what for p in problems)
    back, problems = results_to_standoff(shifted, text, "fx-rain", units="utf16")
    assert problems == [] and back == record


def _base():
    text = STUDIO_DOCS["fx-rain"]["text"]
    record = annotator_records()["ann-a"]["fx-rain"]
    return text, standoff_to_results(record, text)


def _problems(results, text):
    _, problems = results_to_standoff(results, text, "fx-rain", where="task 7, annotation 9")
    return [p.what for p in problems]


def test_label_outside_config_names_the_region():
    text, results = _base()
    results[0]["value"]["labels"] = ["PARAGRAPH"]
    found = _problems(results, text)
    assert any("region sen_1" in w and "'PARAGRAPH'" in w for w in found)


def test_unknown_control_is_refused():
    text, results = _base()
    results.append({"id": "x1", "from_name": "sentiment", "to_name": "text", "type": "choices",
                    "value": {"choices": ["happy"]}})
    assert any("sentiment" in w and "not in labeling config" in w for w in _problems(results, text))


def test_dangling_relation():
    text, results = _base()
    results.append({"type": "relation", "from_id": "att_1_cue", "to_id": "gone", "direction": "right"})
    assert any("dangling" in w and "gone" in w for w in _problems(results, text))


def test_role_without_relation():
    text, results = _base()
    results = [r for r in results if not (r.get("type") == "relation" and r["from_id"] == "att_1_cue")]
    found = _problems(results, text)
    assert any("att_1_cue" in w and "role without relation" in w for w in found)
    assert any("att_1_cnt_1" in w and "role without relation" in w for w in found)


def test_source_without_relation():
    text, results = _base()
    results = [r for r in results if not (r.get("type") == "relation" and r["from_id"] == "att_1_src"
                                          and r["to_id"] == "att_1_cue")]
    assert any("att_1_src" in w and "role without relation" in w for w in _problems(results, text))


def test_offsets_that_do_not_fit_the_text():
    text, results = _base()
    results[0]["value"]["end"] = len(text) + 5
    results[1]["value"]["text"] = "something else"
    found = _problems(results, text)
    assert any("sen_1" in w and "out of range" in w for w in found)
    assert any("sen_2" in w and "differs" in w for w in found)


def test_relation_label_outside_config_and_meaningless_relation():
    text, results = _base()
    results.append({"type": "relation", "from_id": "ent_1", "to_id": "sen_1", "direction": "right",
                    "labels": ["friend_of"]})
    results.append({"type": "relation", "from_id": "ent_1", "to_id": "sen_1", "direction": "right"})
    found = _problems(results, text)
    assert any("friend_of" in w for w in found)
    assert any("means nothing" in w for w in found)


def test_claim_without_kind_and_attribution_without_type():
    text, results = _base()
    results = [r for r in results if not (r.get("from_name") in ("claim_kind", "attribution_type")
                                          and r["id"] in ("clm_1", "att_2_cue"))]
    found = _problems(results, text)
    assert any("clm_1" in w and "without a kind" in w for w in found)
    assert any("att_2_cue" in w and "no attribution type" in w for w in found)


def test_problems_carry_where_and_document():
    text, results = _base()
    results[0]["value"]["labels"] = ["NOPE"]
    _, problems = results_to_standoff(results, text, "fx-rain", where="batch b, task 7, annotation 9 by ann-a")
    assert problems[0].file == "batch b, task 7, annotation 9 by ann-a" and problems[0].doc_id == "fx-rain"


def test_left_relation_and_choices_on_source_are_read():
    """Test case: a relation drawn right-to-left and choices set on the source instead of the cue."""
    text, results = _base()
    for r in results:
        if r.get("type") == "relation" and r["from_id"] == "att_1_src" and r["to_id"] == "att_1_cue":
            r["from_id"], r["to_id"], r["direction"] = "att_1_cue", "att_1_src", "left"
        if r.get("type") == "choices" and r["id"] == "att_1_cue":
            r["id"] = "att_1_src"
    back, problems = results_to_standoff(results, text, "fx-rain")
    assert problems == []
    assert back == annotator_records()["ann-a"]["fx-rain"]


def test_attribution_without_source_and_cue_roundtrips():
    from dataclasses import replace

    from sayso.corpus.model import Attribution
    text = STUDIO_DOCS["fx-rain"]["text"]
    record = annotator_records()["ann-a"]["fx-rain"]
    bare = Attribution("a1", None, None, record.attributions[0].content, "indirect", "unnamed", None, None)
    rec = replace(record, attributions=(bare, *record.attributions[1:]))
    back, problems = _roundtrip(rec, text)
    assert problems == [] and back == rec


def test_repository_config_matches_data_model():
    config = lc.load_config()
    assert config.version == "1.0.0"
    assert len(config.labels[lc.ENTITY]) == 18
    assert config.relations >= {"parent", "source_entity", "claim"}


def test_config_out_of_step_is_refused():
    xml = lc.load_config().xml.replace('<Label value="LAW"', '<Label value="STATUTE"')
    with pytest.raises(Exception) as info:
        lc.parse_config(xml, "edited.xml")
    assert "entity allows" in str(info.value)


def test_text_hash_of_converted_record_is_the_texts():
    text = STUDIO_DOCS["fx-rain"]["text"]
    back, _ = _roundtrip(annotator_records()["ann-a"]["fx-rain"], text)
    assert back.text_sha256 == text_sha256(text)
