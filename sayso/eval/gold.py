"""Loading the gold for scoring, and its texts: the edge where files become records.

Gold comes from a **gold source**, declared in :data:`GOLD_SOURCES` by name. The
default, ``sayso``, is the corpus's gold for a split: ``corpus/manifest.jsonl`` (lines
with at least ``id``, ``split``, ``text_sha256``) selects the documents, and
``corpus/gold/*.jsonl`` holds their standoff records. ``--gold`` takes a source name
(``--gold sayso:test``, or a name with ``--split``), or any standoff file, or a folder
of them (a folder with a ``manifest.jsonl`` and ``gold/`` is read as a corpus folder
and filtered by split).

Another gold track is one :class:`GoldSource` subclass and one entry in
:data:`GOLD_SOURCES`: it loads a split into a :class:`GoldSet` whose
:class:`~sayso.eval.signature.DataInfo` names it (``data:NAME…`` in the signature) and
finds the texts of its documents.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Sequence

from sayso.corpus.model import Standoff
from sayso.corpus.sources import REPO_ROOT
from sayso.corpus.standoff_io import StandoffLine, read_standoff
from sayso.errors import InputError, Problem
from sayso.eval.signature import DataInfo, data_hash

CORPUS_DIR = REPO_ROOT / "corpus"


@dataclass(frozen=True)
class GoldSet:
    """The gold records to score against, where they came from, their identity, and the
    name of the gold source that finds their texts."""

    lines: tuple[StandoffLine, ...]
    data: DataInfo
    source: str = "sayso"

    @property
    def records(self) -> list[Standoff]:
        return [item.record for item in self.lines]


def _read_folder(folder: Path) -> list[StandoffLine]:
    """Every standoff record in a folder of JSONL files; a document twice is an error."""
    from sayso.corpus.store import read_standoff_folder

    return list(read_standoff_folder(folder).values())


def _corpus_gold(corpus: Path, split: str) -> GoldSet:
    """The gold documents of ``split``: manifest entries with status "gold" and their records.

    The manifest lists every document of the pack; unannotated ones are not part of
    the gold and are not scored.
    """
    from sayso.corpus.store import load_gold as load_corpus_gold, load_manifest

    manifest_path = corpus / "manifest.jsonl"
    if not manifest_path.is_file():
        raise InputError(Problem(str(manifest_path), None, None, "no corpus manifest",
                                 "run `sayso manifest` first, or pass --gold FILE_OR_DIR"))
    from sayso.corpus.collections import COLLECTIONS, collection_of, split_and_collection

    manifest = load_manifest(corpus)
    base, collection = split_and_collection(split)  # "test.polnear": the test split's PolNeAR documents
    if collection is not None and collection not in COLLECTIONS.values():
        raise InputError(Problem(f"--split {split}", None, None, f"unknown collection {collection!r}",
                                 f"use SPLIT or SPLIT.COLLECTION with one of: {', '.join(COLLECTIONS.values())}"))
    in_split = {doc_id: e for doc_id, e in manifest.items() if e.get("split") == base
                and (collection is None or collection_of(doc_id) == collection)}
    if not in_split:
        splits = sorted({str(e.get("split")) for e in manifest.values()})
        raise InputError(Problem(str(manifest_path), None, None, f"no documents in split {split!r}",
                                 f"choose --split from: {', '.join(splits) or '(none)'}"))
    gold = load_corpus_gold(corpus)
    wanted = {doc_id: e for doc_id, e in in_split.items() if e.get("status") == "gold" or doc_id in gold}
    if not wanted:
        raise InputError(Problem(str(corpus / "gold"), None, None, f"no gold annotations for split {split!r} "
                                 f"({len(in_split)} documents in the manifest, none annotated)",
                                 "adjudicate gold for this split first, or pass --gold FILE_OR_DIR"))
    problems: list[Problem] = []
    for doc_id in sorted(d for d in wanted if d not in gold):
        problems.append(Problem(str(manifest_path), None, doc_id,
                                f"document has status gold in split {split!r} but no gold record",
                                "add its gold record, or re-run `sayso manifest`"))
    lines = [gold[d] for d in sorted(wanted) if d in gold]
    for item in lines:
        if item.record.text_sha256 != wanted[item.record.id].get("text_sha256"):
            problems.append(Problem(item.file, item.line, item.record.id,
                                    "gold text_sha256 differs from the manifest's",
                                    "rebuild the gold against the manifest's text"))
    if problems:
        raise InputError(problems)
    return GoldSet(tuple(lines), DataInfo.corpus([i.record for i in lines], split))


def load_gold(split: str = "test", gold_path: str | os.PathLike[str] | None = None,
              corpus_dir: str | os.PathLike[str] | None = None) -> GoldSet:
    """The gold to score against.

    Args:
        split: corpus split, used when ``gold_path`` is None (or is a corpus folder).
        gold_path: a standoff JSONL file, or a folder of them, or a corpus folder.
        corpus_dir: the corpus folder for the default (``corpus/`` in the checkout).
    Raises:
        InputError: no manifest, no document or no gold for the split, unreadable files.
    """
    if gold_path is None:
        return _corpus_gold(Path(corpus_dir) if corpus_dir else CORPUS_DIR, split)
    path = Path(gold_path)
    if path.is_dir():
        if (path / "manifest.jsonl").is_file() and (path / "gold").is_dir():
            return _corpus_gold(path, split)
        lines = _read_folder(path)
        if not lines:
            raise InputError(Problem(str(path), None, None, "the folder holds no standoff records",
                                     "pass a folder of standoff *.jsonl files, or one file"))
    else:
        lines = read_standoff(path)
    lines = sorted(lines, key=lambda item: item.record.id)
    return GoldSet(tuple(lines), DataInfo.custom([i.record for i in lines]), "file")


def collection_views(split: str, gold: GoldSet) -> dict[str, GoldSet]:
    """The gold of each collection of ``split`` (``test.wikinews``, ``test.polnear``) when it
    holds more than one; scored from the split's own predictions, restricted to each view."""
    from sayso.corpus.collections import collection_splits

    return {view: resolve_gold(None, view) for view in collection_splits(split, (r.id for r in gold.records))}


def restricted(records: Sequence[Standoff], gold: GoldSet) -> list[Standoff]:
    """The records of ``gold``'s documents (a collection view's share of a split's predictions)."""
    ids = {r.id for r in gold.records}
    return [r for r in records if r.id in ids]


def subset(gold: GoldSet, ids: set[str]) -> GoldSet:
    """The gold restricted to documents ``ids`` (``--only-predicted``), its hash recomputed."""
    lines = tuple(item for item in gold.lines if item.record.id in ids)
    if not lines:
        raise InputError(Problem("--only-predicted", None, None, "the predictions hold none of the gold documents",
                                 "check --split / --gold"))
    return GoldSet(lines, replace(gold.data, sha256=data_hash([i.record for i in lines])), gold.source)


class GoldSource:
    """A named gold track: how to load a split of it and find its documents' texts."""

    name: str = ""
    description: str = ""
    #: True when the gold itself lives in the sources (PolNeAR's): ``load`` then takes ``sources=``
    needs_sources: bool = False

    def load(self, split: str) -> GoldSet:
        raise NotImplementedError

    def load_from(self, split: str, sources: object = None) -> GoldSet:
        """The gold of ``split``, given ``--sources`` when the track reads its gold from them."""
        return self.load(split, sources=sources) if self.needs_sources else self.load(split)  # type: ignore[call-arg]

    def texts(self, gold: GoldSet, sources: str | os.PathLike[str] | None) -> dict[str, str]:
        """Every gold document's text, checked against its ``text_sha256`` (from the source
        pack by default). Raises InputError naming every document that cannot be joined."""
        from sayso.corpus.sources import SourcePack

        pack = SourcePack.load(sources)
        problems: list[Problem] = []
        texts: dict[str, str] = {}
        for item in gold.lines:
            try:
                texts[item.record.id] = pack.verified(item.record.id, item.record.text_sha256,
                                                      file=item.file, line=item.line).text
            except InputError as exc:
                problems.extend(exc.problems)
        if problems:
            raise InputError(problems)
        return texts


class CorpusGold(GoldSource):
    name = "sayso"
    description = "the SaySo corpus gold (corpus/manifest.jsonl and corpus/gold/)"

    def load(self, split: str) -> GoldSet:
        return _corpus_gold(CORPUS_DIR, split)


class PolnearGold(GoldSource):
    """PolNeAR's own human gold (first annotator), read from the PolNeAR checkout in the
    sources and converted as ``sayso import polnear`` does: ``data:polnear-1.0.0@HASH``."""

    name = "polnear"
    description = "PolNeAR v1.0.0's gold attributions (from the PolNeAR checkout in --sources)"
    needs_sources = True

    def load(self, split: str, sources: object = None) -> GoldSet:  # type: ignore[override]
        from sayso.corpus.polnear import VERSION
        from sayso.corpus.polnear_import import polnear_gold
        from sayso.corpus.sources import SourcePack

        split = {"dev": "validation"}.get(split, split)
        if split not in ("train", "validation", "test"):
            raise InputError(Problem(f"polnear:{split}", None, None, f"PolNeAR has no split {split!r}",
                                     "use polnear:train, polnear:validation (or dev) or polnear:test"))
        records = polnear_gold(SourcePack.load(sources), split)  # type: ignore[arg-type]
        lines = tuple(StandoffLine(str(article.ann_path(annotator)), None, record)
                      for article, annotator, record in sorted(records, key=lambda r: r[0].doc_id))
        data = DataInfo("polnear", VERSION, data_hash([i.record for i in lines]), split,
                        label_format="{name}-{version}@{hash8}")
        return GoldSet(lines, data, self.name)


class FileGold(GoldSource):
    """Gold given as a file or folder (``--gold PATH``): ``custom`` in the signature."""

    name = "file"


GOLD_SOURCES: dict[str, GoldSource] = {source.name: source for source in (CorpusGold(), PolnearGold())}


def resolve_gold(spec: str | None, split: str, sources: object = None) -> GoldSet:
    """The gold named by ``--gold`` (None: the corpus; ``NAME`` or ``NAME:SPLIT``: a
    registered source; anything else: a path) for ``split``; ``sources`` as ``--sources``."""
    if spec is None:
        return GOLD_SOURCES["sayso"].load_from(split, sources)
    name, _, named_split = spec.partition(":")
    if name in GOLD_SOURCES and not Path(spec).exists():
        return GOLD_SOURCES[name].load_from(named_split or split, sources)
    if not Path(spec).exists():
        raise InputError(Problem(spec, None, None, "no such gold file or folder, and no gold source of that name",
                                 f"give a path, or one of: {', '.join(f'{n}:SPLIT' for n in GOLD_SOURCES)}"))
    return load_gold(split, spec)


def load_texts(gold: GoldSet, sources: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """The texts of the gold's documents, from its source (hash-checked)."""
    return GOLD_SOURCES.get(gold.source, FileGold()).texts(gold, sources)
