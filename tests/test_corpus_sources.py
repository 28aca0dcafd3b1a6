"""The source pack reader: found by --sources, $SAYSO_SOURCES or beside the checkout; strict."""
from __future__ import annotations

import json

import pytest

from helpers import PACK_DIR, copy_pack
from sayso.corpus.sources import SourcePack, locate_pack
from sayso.errors import InputError


def test_explicit_folder_wins_over_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SAYSO_SOURCES", str(tmp_path))
    assert locate_pack(PACK_DIR) == PACK_DIR


def test_environment_variable(monkeypatch):
    monkeypatch.setenv("SAYSO_SOURCES", str(PACK_DIR))
    assert len(SourcePack.load()) == 3


def test_default_is_the_shared_pack_beside_the_checkout(monkeypatch):
    monkeypatch.delenv("SAYSO_SOURCES", raising=False)
    pack = SourcePack.load()
    assert "ap-2024-11-20-nk-artillery" in pack and len(pack) > 300


def test_missing_pack_says_how_to_point_at_one(tmp_path):
    with pytest.raises(InputError, match=r"no source pack .* pass --sources DIR or set SAYSO_SOURCES"):
        SourcePack.load(tmp_path / "nowhere")


def test_malformed_line_and_duplicate_id_are_both_reported(tmp_path):
    pack = copy_pack(tmp_path)
    first = (pack / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0]
    (pack / "extra.jsonl").write_text("{oops\n" + first + "\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        SourcePack.load(pack)
    message = str(info.value)
    assert f"{pack / 'extra.jsonl'}:1: -: not valid JSON" in message
    assert f"{pack / 'extra.jsonl'}:2: fx-bridge: duplicate document id (also in articles.jsonl:1)" in message


def test_missing_document_and_hash_mismatch(tmp_path):
    pack = SourcePack.load(PACK_DIR)
    with pytest.raises(InputError, match="fx-missing: document not in the source pack"):
        pack.get("fx-missing")
    with pytest.raises(InputError, match="gold.jsonl:4: fx-bridge: text_sha256 mismatch"):
        pack.verified("fx-bridge", "f" * 64, file="gold.jsonl", line=4)


def test_text_is_never_rewritten():
    raw = json.loads((PACK_DIR / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert SourcePack.load(PACK_DIR).get("fx-bridge").text == raw["text"]
