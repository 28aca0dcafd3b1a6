"""Default gold for a split: the manifest's documents with status gold, nothing else."""
from __future__ import annotations

import json

import pytest

from helpers import make_corpus
from sayso.errors import InputError
from sayso.eval.gold import load_gold


def test_unannotated_documents_of_the_split_are_not_scored(tmp_path):
    corpus = make_corpus(tmp_path, splits={"fx-bridge": "test", "fx-harbour": "test", "fx-closed": "test"})
    manifest = corpus / "manifest.jsonl"
    entries = [json.loads(x) for x in manifest.read_text().splitlines()]
    entries.append(dict(entries[0], id="fx-later", status="unannotated"))
    manifest.write_text("".join(json.dumps(e) + "\n" for e in entries))
    gold = load_gold("test", corpus)
    assert [r.id for r in gold.records] == ["fx-bridge", "fx-closed", "fx-harbour"]


def test_a_gold_status_without_a_record_is_an_error(tmp_path):
    corpus = make_corpus(tmp_path, splits={"fx-bridge": "test", "fx-harbour": "test", "fx-closed": "test"})
    gold_file = corpus / "gold" / "fixtures.jsonl"
    gold_file.write_text("".join(x + "\n" for x in gold_file.read_text().splitlines() if '"fx-closed"' not in x))
    with pytest.raises(InputError, match="fx-closed: document has status gold in split 'test' but no gold record"):
        load_gold("test", corpus)
