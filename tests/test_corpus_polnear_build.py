"""The build ships PolNeAR's documents without text; a build given a clone restores it, hash-checked."""
from __future__ import annotations

import pyarrow.parquet as pq
import pytest

from helpers import copy_pack, make_corpus
from polnear_fixture import ARTICLES, polnear_id, write_polnear
from sayso.cli import main
from sayso.corpus.build import build_dataset
from sayso.corpus.sources import SourcePack
from sayso.errors import InputError

PORT = "politico_2016-06-02_port-plan"
PORT_TEXT = "data/dev/text/politico_2016-06-02_port-plan.txt"


@pytest.fixture()
def setup(tmp_path):
    pack_dir = copy_pack(tmp_path)
    write_polnear(pack_dir / "polnear")
    pack = SourcePack.load(pack_dir)
    corpus = make_corpus(tmp_path, pack, splits={"fx-bridge": "train", "fx-harbour": "train", "fx-closed": "test"})
    return pack_dir, pack, corpus


def _rows(built, split):
    return pq.read_table(built / "polnear" / f"{split}-00000-of-00001.parquet").to_pylist()


def test_the_public_build_leaves_polnears_own_annotations_out(setup, tmp_path):
    pack_dir, pack, corpus = setup
    built = build_dataset(pack, tmp_path / "ds", corpus)
    assert not (built / "polnear").exists()
    card = (built / "README.md").read_text(encoding="utf-8")
    assert "carries no licence, for its annotations as for its text" in card and "--with-polnear-gold" in card


def test_polnear_config_ships_attributions_without_text(setup, tmp_path):
    pack_dir, pack, corpus = setup
    built = build_dataset(pack, tmp_path / "ds", corpus, polnear_gold=True)
    [port] = _rows(built, "validation")
    assert port["id"] == polnear_id(PORT) and port["text"] is None and port["title"] is None
    assert port["publisher"] == "Politico" and port["entities"] is None and port["claims"] is None
    assert len(port["attributions"]) == 2 and port["attributions"][0]["type"] is None
    assert [len(_rows(built, s)) for s in ("train", "test")] == [1, 1]
    for path in built.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for art in ARTICLES.values():
                for phrase in ("harbour board", "the bridge vote", "warn of floods", art["title"]):
                    assert phrase.encode() not in data, (path, phrase)
    card = (built / "README.md").read_text(encoding="utf-8")
    assert "sayso build --restore-text ~/PolNeAR" in card and "every PolNeAR row has `text` and `title` null" in card


def test_a_build_given_the_clone_restores_the_text(setup, tmp_path, capsys):
    pack_dir, pack, corpus = setup
    clone = write_polnear(tmp_path / "clone")
    out = tmp_path / "local"
    assert main(["build", "--out", str(out), "--quiet", "--sources", str(pack_dir), "--corpus", str(corpus),
                 "--restore-text", str(clone), "--with-polnear-gold"]) == 0
    assert "do not publish" in capsys.readouterr().out
    [port] = _rows(out, "validation")
    assert port["text"] == ARTICLES[PORT]["text"] and port["title"] == "Port plan at risk"
    assert "This is a local build" in (out / "README.md").read_text(encoding="utf-8")


def test_a_text_changed_by_one_character_stops_the_build(setup, tmp_path):
    pack_dir, _, corpus = setup
    previous = build_dataset(SourcePack.load(pack_dir), tmp_path / "ds", corpus)
    before = (previous / "SHA256SUMS").read_bytes()
    text = pack_dir / "polnear" / PORT_TEXT
    text.write_bytes(text.read_bytes().replace(b"June", b"Juno"))
    with pytest.raises(InputError) as info:
        build_dataset(SourcePack.load(pack_dir), tmp_path / "ds", corpus)
    assert f"PolNeAR-1.0.0:{PORT_TEXT}: {polnear_id(PORT)}: text_sha256 mismatch" in str(info.value)
    assert (previous / "SHA256SUMS").read_bytes() == before  # the previous build is intact


def test_restoring_from_a_changed_clone_is_refused(setup, tmp_path):
    pack_dir, pack, corpus = setup
    clone = write_polnear(tmp_path / "clone")
    text = clone / PORT_TEXT
    text.write_bytes(text.read_bytes().replace(b"June", b"Juno"))
    with pytest.raises(InputError, match=f"{polnear_id(PORT)}: text_sha256 mismatch"):
        build_dataset(pack, tmp_path / "ds", corpus, restore=SourcePack.load(clone), polnear_gold=True)
    assert not (tmp_path / "ds").exists()
