"""The source pack: the article text that SaySo's standoff annotations point into.

The pack is a folder of JSONL files (``id, title, date, url, revision_id, publisher,
license, text, topics, origin``). It is read-only input: offsets and hashes depend on
its text byte for byte, so nothing here normalises or rewrites it.

Where the pack is found, in order: ``--sources DIR``, ``$SAYSO_SOURCES``, then
``../shared/data`` beside the checkout (or beside the current directory).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping

from sayso.corpus.jsonl import json_lines
from sayso.corpus.model import Document
from sayso.errors import InputError, Problem

ENV_VAR = "SAYSO_SOURCES"
REPO_ROOT = Path(__file__).resolve().parents[2]
REQUIRED_FIELDS = ("id", "title", "publisher", "license", "text")


def default_pack_candidates() -> list[Path]:
    return [REPO_ROOT.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"]


def locate_pack(sources: str | os.PathLike[str] | None = None) -> Path:
    """Return the pack folder, or raise with instructions on how to point SaySo at one."""
    if sources is not None:
        chosen, how = Path(sources), "--sources"
    elif os.environ.get(ENV_VAR):
        chosen, how = Path(os.environ[ENV_VAR]), f"${ENV_VAR}"
    else:
        for candidate in default_pack_candidates():
            if candidate.is_dir() and any(candidate.glob("*.jsonl")):
                return candidate
        chosen, how = default_pack_candidates()[0], "the default location"
    if not chosen.is_dir() or not any(chosen.glob("*.jsonl")):
        raise InputError(Problem(
            str(chosen), None, None, f"no source pack (no *.jsonl files) at {how}",
            f"pass --sources DIR or set {ENV_VAR}=DIR to a folder holding the pack's JSONL files "
            "(articles.jsonl, seed.jsonl)"))
    return chosen


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

    @classmethod
    def load(cls, sources: str | os.PathLike[str] | None = None) -> "SourcePack":
        root = locate_pack(sources)
        documents: dict[str, Document] = {}
        where: dict[str, str] = {}
        problems: list[Problem] = []
        for path in sorted(root.glob("*.jsonl")):
            for number, obj in json_lines(path, "repair or replace the source pack file; SaySo never edits it",
                                          problems):
                missing = [k for k in REQUIRED_FIELDS if not isinstance(obj, dict) or not isinstance(obj.get(k), str)]
                doc_id = obj.get("id") if isinstance(obj, dict) else None
                if missing:
                    problems.append(Problem(str(path), number, doc_id if isinstance(doc_id, str) else None,
                                            f"missing or non-string field(s): {', '.join(missing)}",
                                            "every pack line needs id, title, publisher, license and text"))
                    continue
                if obj["id"] in documents:
                    problems.append(Problem(str(path), number, obj["id"],
                                            f"duplicate document id (also in {where[obj['id']]})",
                                            "keep each document once in the pack"))
                    continue
                documents[obj["id"]] = _document(obj)
                where[obj["id"]] = f"{path.name}:{number}"
        if problems:
            raise InputError(problems)
        return cls(root=root, documents=documents)

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
                                     f"check the id, or point --sources/${ENV_VAR} at the pack that holds it"))
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
