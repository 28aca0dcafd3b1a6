"""Annotator drafts: spans named by their words become checked offsets."""
from __future__ import annotations

import pytest

from helpers import fixture_pack, fixture_records
from sayso.annotation.draft import DraftError, SpanFinder, resolve_draft
from sayso.corpus.model import Document, Entity

TEXT = "Ana said “the bridge is old.” Later Ana said it again, and USA Today said so too."


@pytest.fixture()
def finder():
    return SpanFinder(TEXT, [(0, 29), (30, len(TEXT))])


def covered(finder, ref):
    span = finder.resolve(ref)
    return TEXT[span.start:span.end]


def test_unique_words(finder):
    assert covered(finder, "the bridge") == "the bridge"


def test_ambiguous_words_say_where_they_occur(finder):
    with pytest.raises(DraftError, match=r"occurs 2 times \(#1 in s1, #2 in s2\); add @sN or #k"):
        finder.resolve("Ana")


def test_occurrence_and_sentence_anchors(finder):
    assert finder.resolve("said#2").start == TEXT.index("said", 10)
    assert finder.resolve("said@s2#2").start == TEXT.index("said so")


def test_range_reference(finder):
    assert covered(finder, "Later ... again") == "Later Ana said it again"


def test_straight_quotes_match_curly_ones(finder):
    assert covered(finder, '"the bridge is old."') == "“the bridge is old.”"


def test_whole_words_only(finder):
    with pytest.raises(DraftError, match="not found"):
        finder.resolve("US")


def test_wildcard_is_only_for_entities(finder):
    with pytest.raises(DraftError, match="only allowed for entities"):
        finder.resolve("Ana#*")


def test_resolve_draft_reports_every_problem_and_keeps_good_items():
    doc = Document(id="d", title="t", text=TEXT)
    draft = {"id": "d", "entities": [["Ana#*", "PERSON"], ["Nobody", "PERSON"], ["USA Today", "ORG"]],
             "claims": [{"id": "c1", "span": "said#9", "kind": "factual", "attribution": None}],
             "attributions": []}
    record, problems = resolve_draft(draft, doc)
    assert [TEXT[e.start:e.end] for e in record.entities] == ["Ana", "Ana", "USA Today"]
    assert [e.id for e in record.entities] == ["e1", "e2", "e3"]
    assert len(problems) == 2
    assert "'Nobody' not found" in problems[0] and "occurrence #9" in problems[1]


def test_sentence_corrections():
    doc = Document(id="d", title="t", text="One. Two. Three four. Five.")
    record, problems = resolve_draft({"id": "d", "sentences": {"join": [1], "split_after": ["Three"]}}, doc)
    assert not problems
    assert [doc.text[s.start:s.end] for s in record.sentences] == ["One. Two.", "Three", "four.", "Five."]


def test_fixture_drafts_resolve_with_source_entity_links():
    pack = fixture_pack()
    import json
    from helpers import DRAFTS_DIR

    draft = json.loads((DRAFTS_DIR / "fx-bridge.json").read_text())
    record, problems = resolve_draft(draft, pack.get("fx-bridge"))
    assert not problems
    a2 = [a for a in record.attributions if a.id == "a2"][0]
    entity = record.entity_by_id()[a2.source_entity]
    assert pack.get("fx-bridge").text[entity.start:entity.end] == "Ruiz"


def test_source_kind_is_null_exactly_when_there_is_no_source():
    from sayso.annotation.draft import check_labels

    doc = Document(id="d", title="t", text="The port reportedly closed.")
    draft = {"id": "d", "attributions": [{"id": "a1", "source": None, "cue": "reportedly", "content": ["closed"],
                                          "type": "indirect", "source_kind": None}]}
    record, problems = resolve_draft(draft, doc)
    assert problems == [] and check_labels(record) == []
    draft["attributions"][0]["source_kind"] = "unnamed"
    record, _ = resolve_draft(draft, doc)
    assert check_labels(record) == ["attribution a1 has no source, so source_kind must be null (guidelines §5.6)"]


def test_longer_wildcard_wins_whatever_the_order():
    text = "Google Science Fair winners met Google staff. The Google Science Fair ends."
    doc = Document(id="d", title="t", text=text)
    draft = {"id": "d", "entities": [["Google#*", "ORG"], ["Google Science Fair#*", "EVENT"]]}
    record, problems = resolve_draft(draft, doc)
    assert problems == []
    assert [(text[e.start:e.end], e.label) for e in record.entities] == [
        ("Google Science Fair", "EVENT"), ("Google", "ORG"), ("Google Science Fair", "EVENT")]


def test_a_span_starting_with_a_hash_can_be_named():
    text = "Fans sent #2 to the top. The #2 seed lost."
    finder = SpanFinder(text, [(0, 24), (25, len(text))])
    assert finder.resolve("#2@s2").start == text.index("#2 seed")
    assert finder.resolve("\\#2#1").start == text.index("#2")
    with pytest.raises(DraftError, match="occurs 2 times"):
        finder.resolve("#2")


def test_a_record_written_as_a_draft_resolves_back_to_the_same_spans():
    from sayso.annotation.draft_render import record_to_draft

    pack = fixture_pack()
    for record in fixture_records(pack).values():
        draft, problems = record_to_draft(record, pack.get(record.id), "rev-1", "2.0")
        assert problems == []
        again, problems = resolve_draft(draft, pack.get(record.id))
        assert problems == []
        assert [(e.start, e.end, e.label) for e in again.entities] == [(e.start, e.end, e.label) for e in record.entities]
        assert again.sentences == record.sentences and again.claims == record.claims
        assert [(a.content, a.cue, a.source) for a in again.attributions] == \
               [(a.content, a.cue, a.source) for a in record.attributions]


def test_draft_rendering_names_repeated_words_by_sentence_and_corrects_sentences():
    from sayso.annotation.draft_render import record_to_draft
    from sayso.corpus.model import Sentence, Standoff

    doc = Document(id="d", title="t", text="Ana said no. Ana said yes. Then #2 won.")
    # gold joins the first two proposed sentences and splits the third after "Then"
    record = Standoff(id="d", text_sha256=doc.text_sha256,
                      sentences=(Sentence(0, 26), Sentence(27, 31), Sentence(32, 39)),
                      entities=(Entity("e1", 13, 16, "PERSON"), Entity("e2", 32, 34, "CARDINAL")),
                      claims=(), attributions=())
    draft, problems = record_to_draft(record, doc, "rev-1", "2.0")
    assert problems == []
    assert draft["entities"] == [["Ana@s2", "PERSON"], ["\\#2", "CARDINAL"]]
    assert draft["sentences"] == {"split_after": ["Then"], "join": [1]}
