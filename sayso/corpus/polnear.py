"""PolNeAR as a source: a checkout in PolNeAR's own layout read as SaySo documents.

PolNeAR v1.0.0 (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/PolNeAR)
is laid out as::

    ROOT/data/metadata.tsv                                   one row per article
    ROOT/data/{train,dev,test}/text/FILENAME.txt             the article text
    ROOT/data/{train,dev,test}/attributions/FILENAME_ANNOTATOR.ann   brat standoff

Only the 1,008 core articles (compartments train, dev and test) become documents; the
``annotator-training`` and ``parc3-replication`` rows are left out. A document's id is
``pn-`` + the first 10 hex digits of sha256(filename); its text is the .txt file's
content exactly (decoded as UTF-8 from the bytes, so not even line endings change); its
title, date and publisher come from ``metadata.tsv``; its split is PolNeAR's own
(dev is SaySo's ``validation``). PolNeAR carries no licence, so its text is never
redistributed: the licence string below is not on the redistributable whitelist of
:mod:`sayso.corpus.licences`.
"""
from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from sayso.corpus.model import Document
from sayso.errors import InputError, Problem

VERSION = "1.0.0"
LICENCE = "none (PolNeAR v1.0.0 has no licence); text not redistributable: use your own copy of PolNeAR"
METADATA = Path("data") / "metadata.tsv"
# PolNeAR compartment -> SaySo split; other compartments are not part of the corpus.
SPLITS = {"train": "train", "dev": "validation", "test": "test"}
PUBLISHERS = {
    "breitbart": "Breitbart", "huff-post": "Huffington Post", "nyt": "New York Times",
    "politico": "Politico", "usa-today": "USA Today", "wash-post": "Washington Post",
    "west-journal": "Western Journalism",
}
REQUIRED_COLUMNS = ("compartment", "filename", "annotators", "publisher", "publication_date", "title")


def is_polnear_root(path: Path) -> bool:
    """True when ``path`` is a checkout in PolNeAR's layout (it has data/metadata.tsv)."""
    return (path / METADATA).is_file()


def polnear_id(filename: str) -> str:
    """SaySo id of a PolNeAR article: ``pn-`` + sha256(filename)[:10].

    >>> polnear_id("nyt_2016-01-01_example")[:3]
    'pn-'
    """
    return "pn-" + hashlib.sha256(filename.encode("utf-8")).hexdigest()[:10]


@dataclass(frozen=True)
class Article:
    """One core row of ``metadata.tsv``; ``annotators`` in the order listed (the first is gold)."""

    root: Path
    line: int
    compartment: str
    filename: str
    annotators: tuple[str, ...]
    publisher: str
    date: str | None
    title: str

    @property
    def doc_id(self) -> str:
        return polnear_id(self.filename)

    @property
    def split(self) -> str:
        return SPLITS[self.compartment]

    @property
    def text_path(self) -> Path:
        return self.root / "data" / self.compartment / "text" / f"{self.filename}.txt"

    def ann_path(self, annotator: str) -> Path:
        return self.root / "data" / self.compartment / "attributions" / f"{self.filename}_{annotator}.ann"

    @property
    def relative_text_path(self) -> str:
        return self.text_path.relative_to(self.root).as_posix()


def read_metadata(root: Path) -> list[Article]:
    """The core articles listed in ``root``'s metadata.tsv; every problem at once."""
    path = root / METADATA
    problems: list[Problem] = []
    articles: list[Article] = []
    seen: dict[str, int] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader, [])
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise InputError(Problem(str(path), 1, None, f"metadata header lacks column(s) {', '.join(missing)}",
                                     "this is not PolNeAR v1.0.0's metadata.tsv; point --sources at a PolNeAR clone"))
        col = {name: header.index(name) for name in REQUIRED_COLUMNS}
        for number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            cells = {name: (row[i].strip() if i < len(row) else "") for name, i in col.items()}
            if cells["compartment"] not in SPLITS:
                continue
            filename = cells["filename"]
            if not filename:
                problems.append(Problem(str(path), number, None, "metadata row names no file (empty filename)",
                                        "restore metadata.tsv from your PolNeAR clone (git checkout data/metadata.tsv)"))
                continue
            if filename in seen:
                problems.append(Problem(str(path), number, polnear_id(filename),
                                        f"file {filename!r} listed twice (also on line {seen[filename]})",
                                        "restore metadata.tsv from your PolNeAR clone"))
                continue
            seen[filename] = number
            article = Article(root=root, line=number, compartment=cells["compartment"], filename=filename,
                              annotators=tuple(a for a in cells["annotators"].split("|") if a.strip()),
                              publisher=cells["publisher"], date=cells["publication_date"] or None,
                              title=cells["title"])
            if not article.text_path.is_file():
                problems.append(Problem(str(path), number, article.doc_id,
                                        f"metadata row names {filename!r} but {article.relative_text_path} is missing",
                                        "restore the text file from your PolNeAR clone (git checkout data/)"))
                continue
            articles.append(article)
    if problems:
        raise InputError(problems)
    return articles


def read_text(article: Article) -> str:
    """The article's text, exactly: bytes decoded as UTF-8, no newline translation."""
    data = article.text_path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(Problem(str(article.text_path), None, article.doc_id,
                                 f"not UTF-8 (byte {exc.start})",
                                 "restore the text file from your PolNeAR clone")) from None


def to_document(article: Article, text: str) -> Document:
    return Document(
        id=article.doc_id, title=article.title, text=text,
        publisher=PUBLISHERS.get(article.publisher, article.publisher), license=LICENCE,
        date=article.date, url=None, revision_id=None, topics=(),
        origin=f"PolNeAR-{VERSION}:{article.relative_text_path}", split=article.split,
    )


def load_polnear(root: Path) -> dict[str, Document]:
    """Every core PolNeAR article under ``root`` as a :class:`Document`, by SaySo id."""
    documents: dict[str, Document] = {}
    problems: list[Problem] = []
    for article in read_metadata(root):
        try:
            documents[article.doc_id] = to_document(article, read_text(article))
        except InputError as exc:
            problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return documents
