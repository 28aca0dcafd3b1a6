"""The real corpus builds, and the seed wire story ships as annotations without its text."""
from __future__ import annotations

import re

import pyarrow.parquet as pq
import pytest

from sayso.corpus.build import build_dataset
from sayso.corpus.sources import SourcePack

SEED = "ap-2024-11-20-nk-artillery"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_dataset(SourcePack.load(), tmp_path_factory.mktemp("public") / "dataset")


def test_seed_annotations_ship_without_its_text(built):
    rows = pq.read_table(built / "documents" / "test-00000-of-00001.parquet").to_pylist()
    [seed] = [r for r in rows if r["id"] == SEED]
    assert seed["text"] is None and seed["title"] is None
    assert seed["entities"] and seed["attributions"] and seed["claims"]
    ner = built / "ner" / "test-00000-of-00001.parquet"
    assert SEED not in {r["doc_id"] for r in pq.read_table(ner).to_pylist()}


def test_no_built_file_carries_a_run_of_the_seed_text(built):
    words = re.findall(r"\w+", SourcePack.load().get(SEED).text)
    runs = {" ".join(words[i:i + 6]) for i in range(len(words) - 5)}
    for path in built.rglob("*"):
        if path.is_file() and path.suffix != ".parquet":
            flat = " ".join(re.findall(r"\w+", path.read_text(encoding="utf-8", errors="ignore")))
            assert not any(run in flat for run in runs), path
    for path in built.rglob("*.parquet"):
        for row in pq.read_table(path).to_pylist():
            text = " ".join(str(v) for v in row.values() if isinstance(v, str))
            flat = " ".join(re.findall(r"\w+", text))
            assert not any(run in flat for run in runs), (path, row.get("id"))


def test_polnear_documents_ship_without_their_text(built):
    """PolNeAR's own annotations stay out (no licence); SaySo's gold of its articles ships as offsets only."""
    assert not (built / "polnear").exists()
    pack = SourcePack.load()
    rows = [r for split in ("train", "validation", "test")
            if (built / "documents" / f"{split}-00000-of-00001.parquet").exists()
            for r in pq.read_table(built / "documents" / f"{split}-00000-of-00001.parquet").to_pylist()]
    polnear_rows = [r for r in rows if r["id"].startswith("pn-")]
    assert all(r["text"] is None and r["title"] is None for r in polnear_rows)
    sample = [pack.get(d.id).text for d in pack if d.id.startswith("pn-")][::100]
    runs = {" ".join(w[i:i + 8]) for w in (re.findall(r"\w+", t) for t in sample) for i in range(len(w) - 7)}
    for path in built.rglob("*"):
        if path.is_file() and path.suffix != ".parquet":
            flat = " ".join(re.findall(r"\w+", path.read_text(encoding="utf-8", errors="ignore")))
            assert not any(run in flat for run in runs), path
