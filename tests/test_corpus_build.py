"""`sayso build`: a Hub-layout folder that `datasets.load_dataset` reads offline, typed,
licence-aware, deterministic and atomic."""
from __future__ import annotations

import hashlib
import os

import pytest

from helpers import PACK_DIR, fixture_pack, make_corpus
from sayso.cli import main
from sayso.corpus.build import build_dataset
from sayso.errors import InputError

ALL_TRAIN = {"fx-bridge": "train", "fx-harbour": "train", "fx-closed": "test"}


@pytest.fixture()
def built(tmp_path):
    corpus = make_corpus(tmp_path, splits=ALL_TRAIN)
    return build_dataset(fixture_pack(), tmp_path / "ds", corpus)


def load(path, config):
    from datasets import load_dataset

    os.environ["HF_DATASETS_OFFLINE"] = "1"
    return load_dataset(str(path), config, cache_dir=str(path.parent / "hf-cache"))


def tree_digest(root):
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def test_documents_config_loads_offline_with_typed_features(built):
    from datasets import ClassLabel

    ds = load(built, "documents")
    assert sorted(ds) == ["test", "train"]
    bridge = [row for row in ds["train"] if row["id"] == "fx-bridge"][0]
    label = ds["train"].features["entities"].feature["label"]
    assert isinstance(label, ClassLabel) and label.names[0] == "PERSON"
    first = bridge["entities"][0]
    assert bridge["text"][first["start"]:first["end"]] == "VALDORA" and label.int2str(first["label"]) == "GPE"
    a2 = [a for a in bridge["attributions"] if a["id"] == "a2"][0]
    assert [bridge["text"][c["start"]:c["end"]] for c in a2["content"]] == ["The steel is tired",
                                                                           "We will reopen it in 2023"]


def test_sentences_config_rebases_spans(built):
    ds = load(built, "sentences")["train"]
    row = [r for r in ds if r["doc_id"] == "fx-harbour" and r["sentence_index"] == 3][0]
    person = row["entities"][0]
    assert row["text"][person["start"]:person["end"]] == "J. Okafor"


def test_ner_config_has_iob2_tags(built):
    ds = load(built, "ner")["train"]
    names = ds.features["ner_tags"].feature.names
    row = [r for r in ds if r["doc_id"] == "fx-harbour" and r["sentence_index"] == 3][0]
    tags = [names[t] for t in row["ner_tags"]]
    assert list(zip(row["tokens"], tags))[:5] == [("Dr", "O"), (".", "O"), ("J", "B-PERSON"), (".", "I-PERSON"),
                                                  ("Okafor", "I-PERSON")]


def test_document_whose_licence_forbids_redistribution_ships_without_text(built):
    test_docs = load(built, "documents")["test"]
    [closed] = [r for r in test_docs if r["id"] == "fx-closed"]
    assert closed["text"] is None and closed["title"] is None and len(closed["entities"]) == 4
    assert all(r["text"] is None for r in load(built, "sentences")["test"])
    assert "test" not in load(built, "ner")  # tokens are text: no ner rows at all
    card = (built / "README.md").read_text(encoding="utf-8")
    assert "ship with\noffsets, labels and `text_sha256` only" in card and "`fx-closed`" in card
    assert not any("Officials in Tarn" in p.read_bytes().decode("latin-1") for p in built.rglob("*") if p.is_file())


def test_two_builds_give_identical_bytes(tmp_path):
    corpus = make_corpus(tmp_path, splits=ALL_TRAIN)
    a = build_dataset(fixture_pack(), tmp_path / "a", corpus)
    b = build_dataset(fixture_pack(), tmp_path / "b", corpus)
    assert tree_digest(a) == tree_digest(b)


def test_checksums_cover_every_file(built):
    listed = {line.split("  ", 1)[1] for line in (built / "SHA256SUMS").read_text().splitlines()}
    files = {p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert listed == files


def test_failed_build_leaves_previous_output_intact(tmp_path):
    corpus = make_corpus(tmp_path, splits=ALL_TRAIN)
    out = build_dataset(fixture_pack(), tmp_path / "ds", corpus)
    before = tree_digest(out)
    gold = corpus / "gold" / "fixtures.jsonl"
    gold.write_text(gold.read_text().replace('"label": "GPE"', '"label": "TOWN"', 1))
    with pytest.raises(InputError, match="'TOWN' is not one of"):
        build_dataset(fixture_pack(), out, corpus)
    assert tree_digest(out) == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".ds")] == []


def test_empty_corpus_builds_and_reports_zero(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    assert main(["build", "--out", str(tmp_path / "ds"), "--corpus", str(corpus), "--sources", str(PACK_DIR),
                 "--quiet"]) == 0
    assert (tmp_path / "ds" / "README.md").is_file()
    assert main(["stats", "--json", "--corpus", str(corpus), "--sources", str(PACK_DIR)]) == 0
    assert '"documents": 0' in capsys.readouterr().out
