"""What `sayso studio push` reads before it talks to the server: document lists and pre-annotations."""
from __future__ import annotations

import pytest

from sayso.annotation.commands import read_doc_ids
from sayso.eval.baselines.preannotate import load_preannotations
from sayso.corpus.sources import SourcePack
from sayso.corpus.standoff_io import write_standoff
from sayso.errors import InputError

from conftest import annotator_records


def test_doc_list_with_comments_blank_lines_and_jsonl(tmp_path):
    path = tmp_path / "docs.txt"
    path.write_text("# batch\nfx-rain\n\nfx-bridge  # the double one\n{\"id\": \"fx-x\"}\nfx-rain\n", encoding="utf-8")
    assert read_doc_ids(str(path)) == ["fx-rain", "fx-bridge", "fx-x"]


def test_empty_doc_list_is_an_error(tmp_path):
    path = tmp_path / "docs.txt"
    path.write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(InputError):
        read_doc_ids(str(path))


def test_splitter_proposes_sentences_only(studio_pack):
    pack = SourcePack.load(studio_pack)
    records, version = load_preannotations("splitter", [pack.get("fx-rain")], pack)
    record = records["fx-rain"]
    assert version == "splitter" and record.entities is None and len(record.sentences) == 2


def test_standoff_file_is_validated_and_named_by_its_stem(studio_pack, tmp_path):
    pack = SourcePack.load(studio_pack)
    path = tmp_path / "system-x.jsonl"
    write_standoff(path, annotator_records()["ann-a"].values())
    records, version = load_preannotations(str(path), [pack.get("fx-bridge")], pack)
    assert version == "system-x" and list(records) == ["fx-bridge"]


def test_unknown_system_lists_the_known_ones(studio_pack):
    pack = SourcePack.load(studio_pack)
    with pytest.raises(InputError) as info:
        load_preannotations("oracle", [pack.get("fx-rain")], pack)
    assert "splitter" in str(info.value) and "oracle" in str(info.value)


def test_studio_start_names_the_real_user(monkeypatch, capsys):
    """Issue 12: it printed the literal ${SAYSO_STUDIO_USERNAME}."""
    from types import SimpleNamespace

    from sayso.cli import main

    monkeypatch.setattr("sayso.annotation.server.start", lambda *a, **k: SimpleNamespace(url="http://127.0.0.1:1"))
    monkeypatch.setenv("SAYSO_STUDIO_USERNAME", "lead@example.org")
    monkeypatch.setenv("SAYSO_STUDIO_TOKEN", "t" * 40)
    assert main(["studio", "start"]) == 0
    out = capsys.readouterr().out
    assert "log in as lead@example.org" in out and "${" not in out
