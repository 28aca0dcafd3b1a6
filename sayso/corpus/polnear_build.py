"""The build's PolNeAR side: the ``polnear`` config, and restoring withheld text.

``polnear`` config: one row per PolNeAR core article found in the sources, in PolNeAR's
own split, with PolNeAR's human gold attributions (the first annotator; see
:mod:`sayso.corpus.polnear_import`) and the ``documents`` columns. PolNeAR has no
licence, so the public build ships these rows without text and title (``text_sha256``
lets a user check their own copy). Before any row is made, every article's text is
hashed and compared with ``corpus/manifest.jsonl``: a text changed by one character is
an error naming the file, never a silent shift of offsets.

Restoring: ``sayso build --restore-text DIR`` (DIR: a PolNeAR clone, or any source
folder) fills ``text`` and ``title`` of every withheld row whose document DIR holds,
after checking its hash against the manifest. Such a build is for the user's own use
and its card says so; the public build never restores.
"""
from __future__ import annotations

from typing import Any, Mapping

from sayso.corpus.model import Document, Standoff
from sayso.corpus.sources import SourcePack
from sayso.errors import InputError, Problem

CONFIG = "polnear"
MANIFEST = "corpus/manifest.jsonl"


def _hash_problem(doc: Document, expected: str | None, where: str) -> Problem | None:
    if expected is None:
        return Problem(where, None, doc.id, "document is not in corpus/manifest.jsonl",
                       "run `sayso manifest` to add it")
    if doc.text_sha256 != expected:
        return Problem(doc.origin or where, None, doc.id,
                       f"text_sha256 mismatch: the manifest expects {expected[:12]}…, this text hashes to "
                       f"{doc.text_sha256[:12]}…",
                       "the text differs from PolNeAR v1.0.0's (edited or another version); restore it from "
                       "your PolNeAR clone (git checkout data/)")
    return None


def polnear_documents(pack: SourcePack, manifest: Mapping[str, Mapping[str, Any]]) -> list[Document]:
    """The pack's PolNeAR documents, each hash-checked against the manifest; all problems at once."""
    docs = [d for d in pack if d.origin.startswith("PolNeAR")]
    problems = [p for d in docs
                if (p := _hash_problem(d, manifest.get(d.id, {}).get("text_sha256"), MANIFEST)) is not None]
    if problems:
        raise InputError(problems)
    return docs


def polnear_row(doc: Document, record: Standoff) -> dict[str, Any]:
    """A ``documents``-shaped row without text; layers PolNeAR lacks are null, not empty."""
    return {
        "id": doc.id, "title": None, "publisher": doc.publisher, "url": None, "date": doc.date,
        "license": doc.license, "text": None, "text_sha256": doc.text_sha256,
        "sentences": None, "entities": None, "claims": None,
        "attributions": [{
            "id": a.id, "source": a.source.to_dict() if a.source else None,
            "cue": a.cue.to_dict() if a.cue else None, "content": [c.to_dict() for c in a.content],
            "type": a.type, "source_kind": a.source_kind, "source_entity": a.source_entity, "parent": a.parent,
        } for a in record.attributions or ()],
    }


def polnear_rows(pack: SourcePack, manifest: Mapping[str, Mapping[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of the ``polnear`` config per split (empty when the sources hold no PolNeAR)."""
    from sayso.corpus.polnear_import import import_polnear
    from sayso.corpus.sources import polnear_roots

    docs = {d.id: d for d in polnear_documents(pack, manifest)}
    rows: dict[str, list[dict[str, Any]]] = {"train": [], "validation": [], "test": []}
    seen: set[str] = set()
    for root in pack.roots or (pack.root,):
        for checkout in polnear_roots(root):
            for article, _, record in import_polnear(checkout).records:
                if article.doc_id in seen or article.doc_id not in docs:
                    continue
                seen.add(article.doc_id)
                rows[article.split].append(polnear_row(docs[article.doc_id], record))
    for split in rows:
        rows[split].sort(key=lambda r: r["id"])
    return rows


def restore_text(rows: dict[str, dict[str, list[dict[str, Any]]]], restore: SourcePack,
                 manifest: Mapping[str, Mapping[str, Any]]) -> int:
    """Fill withheld ``text``/``title`` from ``restore`` in place, hash-checked; how many documents."""
    problems: list[Problem] = []
    restored: set[str] = set()
    for config in ("documents", CONFIG, "sentences"):
        for split_rows in rows.get(config, {}).values():
            for row in split_rows:
                doc_id = row.get("doc_id") or row["id"]
                if row["text"] is not None or doc_id not in restore:
                    continue
                doc = restore.get(doc_id)
                if config != "sentences":
                    problem = _hash_problem(doc, manifest.get(doc_id, {}).get("text_sha256"), MANIFEST)
                    if problem is not None:
                        problems.append(problem)
                        continue
                    row["text"], row["title"] = doc.text, doc.title
                    restored.add(doc_id)
                elif doc_id in restored:
                    row["text"] = doc.text[row["doc_start"]:row["doc_end"]]
    if problems:
        raise InputError(problems)
    return len(restored)


def add_polnear_and_restore(rows: dict[str, dict[str, list[dict[str, Any]]]], pack: SourcePack,
                            manifest: Mapping[str, Mapping[str, Any]], restore: SourcePack | None,
                            polnear_gold: bool = False) -> int | None:
    """Fill ``rows[CONFIG]`` when asked, then restore withheld text if asked; the restored count, or None.

    PolNeAR's own annotations carry no licence, like its text: the public build leaves the
    ``polnear`` config out (its texts are still hash-checked); ``polnear_gold`` builds it
    for the builder's own use.
    """
    if polnear_gold:
        rows[CONFIG] = polnear_rows(pack, manifest)
    else:
        polnear_documents(pack, manifest)  # a changed text stops the build all the same
        rows[CONFIG] = {"train": [], "validation": [], "test": []}
    return None if restore is None else restore_text(rows, restore, manifest)


def card_section(rows: dict[str, dict[str, list[dict[str, Any]]]], restored: int | None) -> str:
    """The dataset card's words on the ``polnear`` config and on restoring text."""
    counts = {split: len(r) for split, r in rows.get(CONFIG, {}).items()}
    total = sum(counts.values())
    relations = sum(len(row["attributions"]) for r in rows.get(CONFIG, {}).values() for row in r)
    if restored is not None:
        status = (f"**This is a local build: the text of {restored} withheld document(s) was restored from the "
                  "builder's own copy. It must not be published or shared.**")
    else:
        status = "In this build every PolNeAR row has `text` and `title` null."
    if not total:
        return """## PolNeAR's own annotations (config `polnear`, local builds only)

PolNeAR v1.0.0 (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/PolNeAR)
carries no licence, for its annotations as for its text, so this build does not include
them. SaySo's own annotations of PolNeAR's articles are in `documents` (offsets, no text).
With your own clone, `sayso build --with-polnear-gold --restore-text ~/PolNeAR --out
dataset-local` adds PolNeAR's gold attributions as the `polnear` config (for your own
use; do not publish it), and `sayso import polnear ~/PolNeAR --out polnear.jsonl` writes
them as standoff.
"""
    listing = ", ".join(f"{s} {n}" for s, n in counts.items())
    return f"""## PolNeAR (config `polnear`)

PolNeAR v1.0.0 (Newell, Margolin and Ruths, LREC 2018; github.com/networkdynamics/PolNeAR):
news articles on the 2016 US election with human attribution annotations. Rows: {listing}
({total} documents, {relations} attributions from PolNeAR's first annotator of each article).
Ids are `pn-` + the first 10 hex digits of sha256(PolNeAR filename); splits are PolNeAR's
own (dev is `validation`). Columns as in `documents`; `source`, `cue` and `content` come
from PolNeAR, `type`, `source_kind`, `source_entity` and `parent` are null (PolNeAR does not
annotate them, and annotates only outermost attributions), and the `sentences`, `entities`
and `claims` layers are null (not annotated). PolNeAR carries no licence: its text is
never redistributed. {status}

To restore the text from your own copy:

```bash
git clone https://github.com/networkdynamics/PolNeAR ~/PolNeAR
git clone <the SaySo repository> sayso && cd sayso && pip install -e .
sayso build --restore-text ~/PolNeAR --out dataset-local
```

The build checks each article's sha256 against `text_sha256` and stops, naming the file,
if your copy differs; `text_sha256` also lets you check a copy by hand.
"""
