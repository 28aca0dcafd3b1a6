"""The source pack: the article text that SaySo's standoff annotations point into.

A source is a folder. It can hold JSONL files (``id, title, date, url, revision_id,
publisher, license, text, topics, origin``), be a checkout in PolNeAR's own layout
(``data/metadata.tsv``, see :mod:`sayso.corpus.polnear`), or hold such checkouts as
sub-folders (as ``../shared/data/polnear`` is): all of them are read. Sources are
read-only input: offsets and hashes depend on their text byte for byte, so nothing here
normalises or rewrites it.

Which folders, in order: every ``--sources DIR`` given (the option can be repeated),
else the folders listed in ``$SAYSO_SOURCES`` (separated by ``os.pathsep``, ``:`` on
Unix), else ``../shared/data`` beside the checkout (or beside the current directory).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Mapping, Sequence, Union

from sayso.corpus.jsonl import json_lines
from sayso.corpus.model import Document
from sayso.corpus.polnear import is_polnear_root, load_polnear
from sayso.errors import InputError, Problem

ENV_VAR = "SAYSO_SOURCES"
REPO_ROOT = Path(__file__).resolve().parents[2]
REQUIRED_FIELDS = ("id", "title", "publisher", "license", "text")
PathLike = Union[str, "os.PathLike[str]"]
SourcesArg = Union[PathLike, Sequence[PathLike], None]


def default_pack_candidates() -> list[Path]:
    return [REPO_ROOT.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"]


def polnear_roots(folder: Path) -> list[Path]:
    """PolNeAR checkouts in ``folder``: the folder itself, or its direct sub-folders."""
    if is_polnear_root(folder):
        return [folder]
    return [sub for sub in sorted(folder.iterdir()) if sub.is_dir() and is_polnear_root(sub)]


def is_source_folder(folder: Path) -> bool:
    return folder.is_dir() and (any(folder.glob("*.jsonl")) or bool(polnear_roots(folder)))


def _named_sources(sources: SourcesArg) -> tuple[list[Path], str] | None:
    if sources is not None and not isinstance(sources, (str, os.PathLike)):
        named = [Path(s) for s in sources]
        if named:
            return named, "--sources"
    elif sources is not None:
        return [Path(sources)], "--sources"
    listed = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    if listed:
        return [Path(p).expanduser() for p in listed], f"${ENV_VAR}"
    return None


def locate_sources(sources: SourcesArg = None) -> list[Path]:
    """The source folders, or raise with instructions on how to point SaySo at one."""
    named = _named_sources(sources)
    if named is None:
        for candidate in default_pack_candidates():
            if is_source_folder(candidate):
                return [candidate]
        named = [default_pack_candidates()[0]], "the default location"
    folders, how = named
    bad = [f for f in folders if not is_source_folder(f)]
    if bad:
        raise InputError([Problem(
            str(f), None, None, f"no source pack (no *.jsonl files, no PolNeAR checkout) at {how}",
            f"pass --sources DIR or set {ENV_VAR}=DIR[{os.pathsep}DIR...] (--sources repeats) naming folders that "
            "hold the pack's JSONL files (articles.jsonl, seed.jsonl) or a PolNeAR clone") for f in bad])
    return folders


def locate_pack(sources: SourcesArg = None) -> Path:
    """The first source folder (where batch lists are read from)."""
    return locate_sources(sources)[0]


def _document(obj: Mapping[str, object]) -> Document:
    topics = obj.get("topics") or ()
    return Document(
        id=str(obj["id"]), title=str(obj["title"]), text=str(obj["text"]),
        publisher=str(obj.get("publisher") or ""), license=str(obj.get("license") or ""),
        date=obj.get("date") if isinstance(obj.get("date"), str) else None,  # type: ignore[arg-type]
        url=obj.get("url") if isinstance(obj.get("url"), str) else None,  # type: ignore[arg-type]
        revision_id=obj.get("revision_id") if isinstance(obj.get("revision_id"), int) else None,  # type: ignore[arg-type]
        topics=tuple(str(t) for t in topics) if isinstance(topics, (list, tuple)) else (),
        origin=str(obj.get("origin") or ""),
    )


@dataclass(frozen=True)
class SourcePack:
    """All documents of a pack, by id."""

    root: Path
    documents: Mapping[str, Document]
    roots: tuple[Path, ...] = field(default=())

    @classmethod
    def load(cls, sources: SourcesArg = None) -> "SourcePack":
        """Every document of every source folder; a clear error for each problem found."""
        folders = locate_sources(sources)
        documents: dict[str, Document] = {}
        where: dict[str, str] = {}
        problems: list[Problem] = []

        def add(doc: Document, file: str, line: int | None, origin: str) -> None:
            if doc.id in documents:
                if documents[doc.id].text == doc.text and origin.startswith("PolNeAR"):
                    return  # the same PolNeAR checkout reachable twice (the pack's and a clone)
                problems.append(Problem(file, line, doc.id, f"duplicate document id (also in {where[doc.id]})",
                                        "keep each document once in the pack"))
                return
            documents[doc.id] = doc
            where[doc.id] = origin

        for root in folders:
            for path in sorted(root.glob("*.jsonl")):
                for number, obj in json_lines(path, "repair or replace the source pack file; SaySo never edits it",
                                              problems):
                    missing = [k for k in REQUIRED_FIELDS
                               if not isinstance(obj, dict) or not isinstance(obj.get(k), str)]
                    doc_id = obj.get("id") if isinstance(obj, dict) else None
                    if missing:
                        problems.append(Problem(str(path), number, doc_id if isinstance(doc_id, str) else None,
                                                f"missing or non-string field(s): {', '.join(missing)}",
                                                "every pack line needs id, title, publisher, license and text"))
                        continue
                    add(_document(obj), str(path), number, f"{path.name}:{number}")
            for checkout in polnear_roots(root):
                try:
                    found = load_polnear(checkout)
                except InputError as exc:
                    problems.extend(exc.problems)
                    continue
                for doc in found.values():
                    add(doc, str(checkout), None, doc.origin)
        if problems:
            raise InputError(problems)
        return cls(root=folders[0], documents=documents, roots=tuple(folders))

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self.documents

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents[k] for k in sorted(self.documents))

    def __len__(self) -> int:
        return len(self.documents)

    def get(self, doc_id: str, *, file: str = "", line: int | None = None) -> Document:
        """The document ``doc_id``; a clear error if the pack does not hold it."""
        if doc_id not in self.documents:
            raise InputError(Problem(file or str(self.root), line, doc_id, "document not in the source pack",
                                     f"check the id, or point --sources/${ENV_VAR} at the pack (or PolNeAR clone) that holds it"))
        return self.documents[doc_id]

    def verified(self, doc_id: str, expected_sha256: str, *, file: str = "", line: int | None = None) -> Document:
        """The document, after checking that its text hashes to ``expected_sha256``."""
        doc = self.get(doc_id, file=file, line=line)
        if doc.text_sha256 != expected_sha256:
            raise InputError(Problem(
                file or str(self.root), line, doc_id,
                f"text_sha256 mismatch: annotations expect {expected_sha256[:12]}…, the pack's text hashes "
                f"to {doc.text_sha256[:12]}…",
                "the pack's text differs from the text that was annotated; use the matching pack version "
                "(offsets would silently shift otherwise)"))
        return doc
