"""The manifest's split rule and `sayso stats`."""
from __future__ import annotations

import json
from collections import Counter

from helpers import PACK_DIR, fixture_pack, make_corpus
from sayso.cli import main
from sayso.corpus.build import load_corpus
from sayso.corpus.manifest import assign_splits
from sayso.corpus.sources import SourcePack
from sayso.corpus.stats import corpus_stats


def test_split_rule_is_deterministic_and_about_70_10_20():
    pack = SourcePack.load()
    a = assign_splits(pack)
    b = assign_splits(reversed(list(pack)))
    assert a == b
    # PolNeAR's documents keep PolNeAR's own split; the rule deals out all the others.
    counts = Counter(split for doc_id, split in a.items() if pack.get(doc_id).split is None)
    a = {doc_id: split for doc_id, split in a.items() if pack.get(doc_id).split is None}
    assert abs(counts["train"] / len(a) - 0.7) < 0.02 and abs(counts["test"] / len(a) - 0.2) < 0.02
    assert a["ap-2024-11-20-nk-artillery"] == "test"


def test_published_documents_never_change_split():
    pack = SourcePack.load()
    first = assign_splits(pack)
    moved = {doc_id: ("validation" if split == "train" else "train") for doc_id, split in list(first.items())[:5]}
    again = assign_splits(pack, existing=moved)
    assert all(again[d] == s for d, s in moved.items())


def test_committed_manifest_matches_the_rule_and_the_pack():
    pack = SourcePack.load()
    lines = [json.loads(x) for x in open("corpus/manifest.jsonl", encoding="utf-8")]
    assert [e["id"] for e in lines] == sorted(pack.documents)
    assert all(e["text_sha256"] == pack.get(e["id"]).text_sha256 for e in lines)
    assert all(e["split"] in ("train", "validation", "test") for e in lines)
    seed = [e for e in lines if e["id"] == "ap-2024-11-20-nk-artillery"][0]
    assert seed["split"] == "test" and "title" not in seed  # headlines are text: never in the repo


def test_stats_count_every_layer_per_split(tmp_path, capsys):
    corpus = make_corpus(tmp_path, splits={"fx-bridge": "train", "fx-harbour": "validation", "fx-closed": "test"})
    stats = corpus_stats(load_corpus(fixture_pack(), corpus))
    assert stats["all"]["documents"] == 3 and stats["all"]["documents_with_text"] == 2
    assert stats["train"]["entities_by_type"]["PERSON"] == 2
    assert stats["validation"]["attributions_without_source"] == 1
    assert stats["validation"]["nesting_depth"] == {"1": 3, "2": 1} and stats["all"]["max_nesting_depth"] == 2
    assert stats["all"]["claims_by_kind"] == {"factual": 3, "numerical": 4, "prediction": 3}
    assert main(["stats", "--corpus", str(corpus), "--sources", str(PACK_DIR)]) == 0
    table = capsys.readouterr().out
    assert "| documents | 1 | 1 | 1 | 3 |" in table


def test_datasheet_numbers_are_generated_from_the_corpus_and_the_agreement_reports():
    from sayso.corpus.datasheet import annotation_block, datasheet_block, load_agreement_reports, stats_block
    from sayso.corpus.store import load_provenance

    stats = corpus_stats(load_corpus(SourcePack.load()))
    assert datasheet_block("stats") == stats_block(stats), "run `sayso stats --datasheet` and commit DATASHEET.md"
    expected = annotation_block(load_provenance(), load_agreement_reports())
    assert datasheet_block("annotation") == expected, "run `sayso stats --datasheet` and commit DATASHEET.md"


def test_the_manifest_date_is_the_publication_date_and_the_gold_date_is_kept_apart():
    from sayso.corpus.store import load_manifest

    pack = SourcePack.load()
    for doc_id, entry in load_manifest().items():
        assert entry["date"] == pack.get(doc_id).date, doc_id
        assert entry["status"] != "gold" or entry["annotated_date"], doc_id
