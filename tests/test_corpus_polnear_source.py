"""PolNeAR as a source: found inside the pack or named as a clone; its core articles as documents."""
from __future__ import annotations

import hashlib
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from helpers import PACK_DIR, copy_pack
from polnear_fixture import ARTICLES, polnear_id, write_polnear
from sayso.cli import main
from sayso.corpus.licences import is_redistributable
from sayso.corpus.manifest import assign_splits
from sayso.corpus.sources import SourcePack
from sayso.errors import InputError

SHARED_POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
BRIDGE = "nyt_2016-05-01_bridge-vote"


@pytest.fixture()
def pack_with_polnear(tmp_path):
    pack = copy_pack(tmp_path)
    write_polnear(pack / "polnear")
    return pack


def test_a_polnear_folder_inside_the_pack_is_found(pack_with_polnear):
    pack = SourcePack.load(pack_with_polnear)
    assert len(pack) == 3 + 3  # three JSONL documents, three core PolNeAR articles (the training row is left out)
    doc = pack.get(polnear_id(BRIDGE))
    raw = (pack_with_polnear / "polnear/data/train/text" / f"{BRIDGE}.txt").read_bytes()
    assert doc.text.encode("utf-8") == raw and doc.text_sha256 == hashlib.sha256(raw).hexdigest()
    assert (doc.title, doc.date, doc.publisher) == ("Bridge vote put off", "2016-05-01", "New York Times")
    assert not is_redistributable(doc.license) and "no licence" in doc.license
    assert {d.split for d in pack if d.id.startswith("pn-")} == {"train", "validation", "test"}


def test_a_clone_is_named_by_repeated_sources_or_the_environment(tmp_path, monkeypatch, capsys):
    clone = write_polnear(tmp_path / "PolNeAR")
    both = SourcePack.load([PACK_DIR, clone])
    assert both.roots == (PACK_DIR, clone) and len(both) == 6
    monkeypatch.setenv("SAYSO_SOURCES", f"{PACK_DIR}{os.pathsep}{clone}")
    assert set(SourcePack.load().documents) == set(both.documents)
    doc_id = polnear_id("usa-today_2016-07-03_rain-warning")
    assert main(["draft", "show", doc_id, "--sources", str(PACK_DIR), "--sources", str(clone)]) == 0
    out = capsys.readouterr().out
    assert f"# {doc_id}  Rain warning" in out and "USA Today 2016-07-03" in out


def test_the_same_checkout_twice_is_read_once_but_a_different_text_is_an_error(tmp_path, pack_with_polnear):
    clone = write_polnear(tmp_path / "clone")
    assert len(SourcePack.load([pack_with_polnear, clone])) == 6
    text = clone / "data/test/text/usa-today_2016-07-03_rain-warning.txt"
    text.write_bytes(text.read_bytes().replace(b"floods", b"fl00ds"))
    with pytest.raises(InputError, match="duplicate document id"):
        SourcePack.load([pack_with_polnear, clone])


def test_a_folder_that_is_no_source_says_what_to_do(tmp_path):
    with pytest.raises(InputError, match=r"no source pack .*PolNeAR checkout.* pass --sources DIR .*--sources repeats.* PolNeAR clone"):
        SourcePack.load([PACK_DIR, tmp_path])


def test_polnear_documents_keep_their_own_split_in_the_manifest(pack_with_polnear):
    pack = SourcePack.load(pack_with_polnear)
    splits = assign_splits(pack)
    for filename, art in ARTICLES.items():
        expected = {"train": "train", "dev": "validation", "test": "test"}[art["compartment"]]
        assert splits[polnear_id(filename)] == expected


def test_metadata_row_naming_no_file_and_missing_text_are_reported_with_their_line(tmp_path):
    clone = write_polnear(tmp_path / "clone")
    meta = clone / "data" / "metadata.tsv"
    lines = meta.read_text(encoding="utf-8").splitlines()
    lines[3] = "\t".join(["dev", "", *lines[3].split("\t")[2:]])  # line 4: the dev row, filename emptied
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (clone / "data/test/text/usa-today_2016-07-03_rain-warning.txt").unlink()
    with pytest.raises(InputError) as info:
        SourcePack.load(clone)
    message = str(info.value)
    assert f"{meta}:4: -: metadata row names no file" in message
    rain = polnear_id("usa-today_2016-07-03_rain-warning")
    assert f"{meta}:5: {rain}: metadata row names 'usa-today_2016-07-03_rain-warning' but " \
           "data/test/text/usa-today_2016-07-03_rain-warning.txt is missing" in message


@pytest.mark.skipif(not SHARED_POLNEAR.is_dir(), reason="the shared source pack with PolNeAR is not present")
def test_the_shared_pack_makes_polnear_s_1008_core_articles_documents():
    pack = SourcePack.load(SHARED_POLNEAR.parent)
    polnear = [d for d in pack if d.id.startswith("pn-")]
    assert len(polnear) == 1008
    assert Counter(d.split for d in polnear) == {"train": 840, "validation": 84, "test": 84}
    assert Counter(d.publisher for d in polnear)["Washington Post"] == 144
    example = "breitbart_2016-10-12_washington-post-backs-hillary-cl"
    doc = pack.get("pn-" + hashlib.sha256(example.encode()).hexdigest()[:10])
    assert doc.text.encode("utf-8") == (SHARED_POLNEAR / "data/test/text" / f"{example}.txt").read_bytes()
    batch3 = (SHARED_POLNEAR.parent / "batch-3.txt").read_text(encoding="utf-8").split()
    assert all(pack.get(d).split == "test" for d in batch3) and len(batch3) == 84


def test_copying_the_checkout_changes_nothing(tmp_path):
    a = write_polnear(tmp_path / "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    assert {d.id: d.text_sha256 for d in SourcePack.load(a)} == {d.id: d.text_sha256 for d in SourcePack.load(b)}
