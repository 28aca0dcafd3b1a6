"""Run a system over a split of the corpus: train on the train split, predict, write."""
from __future__ import annotations

import os
from pathlib import Path

from sayso.corpus.gold_corpus import GoldDocument, load_corpus
from sayso.corpus.model import Standoff
from sayso.corpus.sources import REPO_ROOT, SourcePack
from sayso.corpus.standoff_io import write_standoff
from sayso.errors import InputError, Problem
from sayso.eval.baselines import Example, get_system
from sayso.options import SEED

SYSTEMS_DIR = REPO_ROOT / "eval" / "systems"


def predict_split(system_name: str, split: str, pack: SourcePack, corpus_dir: str | os.PathLike[str] | None = None,
                  seed: int = SEED, corpus: list[GoldDocument] | None = None, progress: bool = False) -> list[Standoff]:
    """Predictions of ``system_name`` for every gold document of ``split``, trained on train
    (``progress``: a progress bar on stderr)."""
    corpus = corpus if corpus is not None else load_corpus(pack, corpus_dir)
    targets = [gd.document for gd in corpus if gd.split == split]
    if not targets:
        raise InputError(Problem(str(corpus_dir or "corpus/"), None, None, f"no gold documents in split {split!r}",
                                 "annotate and adjudicate documents of that split first, or pick another split"))
    system = get_system(system_name)
    system.fit([Example(gd.document, gd.record) for gd in corpus if gd.split == "train"], seed=seed)
    if progress:
        import sys

        from tqdm import tqdm

        targets = tqdm(targets, desc=f"{system_name} on {split}", unit="doc", file=sys.stderr)
    return [system.predict(doc) for doc in targets]


def default_predictions_path(system_name: str, split: str) -> Path:
    return SYSTEMS_DIR / system_name / f"predictions-{split}.jsonl"


def write_predictions(records: list[Standoff], out: str | os.PathLike[str]) -> None:
    write_standoff(out, records)
