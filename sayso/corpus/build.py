"""``sayso build``: the gold corpus as a Hugging Face Hub-layout dataset directory.

Output (deterministic: the same inputs give the same bytes)::

    DIR/README.md                            dataset card with YAML configs + dataset_info
    DIR/DATASHEET.md                         the datasheet
    DIR/LICENSES.md                          every licence with its attribution
    DIR/{documents,sentences,ner}/SPLIT-00000-of-00001.parquet
    DIR/SHA256SUMS                           checksums of every other file

The build joins gold standoff with the source pack only after verifying every
document's ``text_sha256``; any problem stops it before anything is written. It is
written to a temporary sibling folder and swapped into place under a lock, so an
interrupted or failed build leaves the previous output intact, and ``--out`` only ever
replaces a previous build (:mod:`sayso.corpus.outdir`).
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import Any

from sayso.corpus.features import CONFIGS, features
from sayso.corpus.gold_corpus import GoldDocument, load_corpus  # noqa: F401  (load_corpus: re-exported)
from sayso.corpus.outdir import check_target, claim_target, replace_folder, staging_folder, write_marker
from sayso.corpus.rows import document_row, ner_rows, sentence_rows
from sayso.corpus.sources import REPO_ROOT, SourcePack
from sayso.corpus.store import SPLITS, load_manifest

DEFAULT_OUT = REPO_ROOT / "dataset"


def dataset_rows(corpus: list[GoldDocument], progress: bool = False) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Rows per config and split."""
    from tqdm import tqdm

    rows: dict[str, dict[str, list[dict[str, Any]]]] = {c: {s: [] for s in SPLITS} for c in CONFIGS}
    for gd in tqdm(corpus, desc="rows", unit="doc", disable=not progress):
        rows["documents"][gd.split].append(document_row(gd.document, gd.record, gd.public))
        rows["sentences"][gd.split].extend(sentence_rows(gd.document, gd.record, gd.public))
        if gd.public:
            rows["ner"][gd.split].extend(ner_rows(gd.document, gd.record))
    return rows


def _write_parquet(rows: list[dict[str, Any]], config: str, path: Path) -> None:
    import pyarrow.parquet as pq
    from datasets import Dataset

    table = Dataset.from_list(rows, features=features(config)).data.table
    # Fixed writer options and no timestamps: identical inputs give identical bytes.
    pq.write_table(table, path, compression="zstd", use_dictionary=True, write_statistics=False,
                   store_schema=True)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_dataset(pack: SourcePack, out: str | os.PathLike[str] = DEFAULT_OUT,
                  corpus_dir: str | os.PathLike[str] | None = None, progress: bool = False,
                  restore: SourcePack | None = None, polnear_gold: bool = False) -> Path:
    """Build the dataset directory at ``out``; return its path.

    Raises :class:`InputError` before writing anything if ``out`` is not SaySo's to
    replace (:func:`sayso.corpus.outdir.check_target`) or the corpus has problems.
    ``restore``: sources whose text fills withheld documents (a local build, never published).
    ``polnear_gold``: add PolNeAR's own annotations as the ``polnear`` config (a local build).
    """
    from sayso.corpus.card import render_card, render_licences
    from sayso.corpus.polnear_build import add_polnear_and_restore
    from sayso.corpus.stats import corpus_stats

    check_target(out)  # refuse early, before the slow part
    corpus = load_corpus(pack, corpus_dir)
    rows = dataset_rows(corpus, progress=progress)
    restored = add_polnear_and_restore(rows, pack, load_manifest(corpus_dir), restore, polnear_gold)
    out, release = claim_target(out)  # checked again, locked, leftovers of killed builds removed
    tmp = staging_folder(out)
    try:
        write_marker(tmp)
        for config in CONFIGS:
            for split in SPLITS:
                if not rows[config][split]:
                    continue  # `datasets` cannot load an empty split; the card leaves it out
                (tmp / config).mkdir(exist_ok=True)
                _write_parquet(rows[config][split], config, tmp / config / f"{split}-00000-of-00001.parquet")
        stats = corpus_stats(corpus)
        (tmp / "README.md").write_text(render_card(corpus, rows, stats, restored=restored), encoding="utf-8")
        (tmp / "LICENSES.md").write_text(render_licences(corpus), encoding="utf-8")
        datasheet = REPO_ROOT / "DATASHEET.md"
        if datasheet.is_file():
            shutil.copyfile(datasheet, tmp / "DATASHEET.md")
        files = sorted(p for p in tmp.rglob("*") if p.is_file())
        sums = "".join(f"{_sha256(p)}  {p.relative_to(tmp).as_posix()}\n" for p in files)
        (tmp / "SHA256SUMS").write_text(sums, encoding="utf-8")
        replace_folder(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        release()
    return out
