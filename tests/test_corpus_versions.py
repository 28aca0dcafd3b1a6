"""The gold conforms to one major guidelines version."""
from __future__ import annotations

from sayso.corpus.store import load_gold, load_provenance
from sayso.corpus.versions import mixed_major_versions


def test_the_committed_gold_follows_one_major_guidelines_version():
    assert mixed_major_versions(load_provenance(), set(load_gold())) == []


def test_gold_under_two_major_versions_is_refused_naming_the_older_documents():
    provenance = {"a": {"guidelines_version": "1.0"}, "b": {"guidelines_version": "2.0"},
                  "c": {"guidelines_version": "2.1"}}
    problems = mixed_major_versions(provenance, ["a", "b", "c"])
    assert [(p.doc_id, "1 under 1.x, 2 under 2.x" in p.what) for p in problems] == [("a", True)]
    assert "sayso revise" in problems[0].todo


def test_minor_versions_mix_freely_and_a_missing_version_is_named():
    assert mixed_major_versions({"a": {"guidelines_version": "2.0"}, "b": {"guidelines_version": "2.3"}}, "ab") == []
    assert [p.doc_id for p in mixed_major_versions({"a": {}}, ["a"])] == ["a"]
