"""Shared test helpers: the project-written fixture pack and a small gold corpus built
from the fixture drafts (so fixtures are readable words, not hand-counted offsets)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from sayso.annotation.draft import resolve_draft
from sayso.corpus.manifest import dumps_manifest, manifest_entries
from sayso.corpus.sources import SourcePack
from sayso.corpus.standoff_io import write_standoff

FIXTURES = Path(__file__).parent / "fixtures"
PACK_DIR = FIXTURES / "pack"
DRAFTS_DIR = FIXTURES / "drafts"


def fixture_pack() -> SourcePack:
    return SourcePack.load(PACK_DIR)


def fixture_records(pack: SourcePack | None = None):
    """The fixture drafts resolved into standoff records, by document id."""
    pack = pack or fixture_pack()
    records = {}
    for path in sorted(DRAFTS_DIR.glob("*.json")):
        draft = json.loads(path.read_text(encoding="utf-8"))
        record, problems = resolve_draft(draft, pack.get(draft["id"]))
        assert not problems, problems
        records[record.id] = record
    return records


def make_corpus(root: Path, pack: SourcePack | None = None, splits: dict[str, str] | None = None) -> Path:
    """A corpus folder (manifest, gold, provenance) for the fixture documents under ``root``."""
    pack = pack or fixture_pack()
    records = fixture_records(pack)
    corpus = root / "corpus"
    write_standoff(corpus / "gold" / "fixtures.jsonl", records.values())
    provenance = {doc_id: {"id": doc_id, "batch": "fixtures", "annotators": ["fixture"], "adjudicated": False,
                           "preannotated": False, "guidelines_version": "1.0"} for doc_id in records}
    (corpus / "provenance").mkdir(parents=True, exist_ok=True)
    (corpus / "provenance" / "fixtures.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in provenance.values()), encoding="utf-8")
    previous = {d: {"split": s} for d, s in (splits or {}).items()}
    entries = manifest_entries(pack, previous, provenance, set(records))
    (corpus / "manifest.jsonl").write_text(dumps_manifest(entries), encoding="utf-8")
    return corpus


def copy_pack(root: Path) -> Path:
    """A writable copy of the fixture pack, for tests that corrupt it."""
    target = root / "pack"
    shutil.copytree(PACK_DIR, target)
    return target
