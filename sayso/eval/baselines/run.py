"""Run a system over a split of the corpus: train on the train split, predict, write."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from sayso.corpus.gold_corpus import GoldDocument, load_corpus
from sayso.corpus.model import Document, Standoff
from sayso.corpus.sources import REPO_ROOT, SourcePack
from sayso.corpus.standoff_io import write_standoff
from sayso.errors import InputError, Problem
from sayso.eval.baselines import Example, System, get_system
from sayso.options import SEED

SYSTEMS_DIR = REPO_ROOT / "eval" / "systems"


def training_examples(system: System, pack: SourcePack, corpus: list[GoldDocument]) -> list[Example]:
    """The SaySo train split, plus what the system asks for in ``extra_training``
    (``polnear:train``: PolNeAR's train gold from the sources; a clear error without it)."""
    examples = [Example(gd.document, gd.record) for gd in corpus if gd.split == "train"]
    extra = getattr(system, "extra_training", None)
    if extra == "polnear:train":
        from sayso.corpus.polnear_import import polnear_gold

        examples += [Example(pack.get(article.doc_id), record) for article, _, record in polnear_gold(pack, "train")]
    elif extra is not None:
        raise ValueError(f"{system.name}: unknown extra_training {extra!r}")
    return examples


def trained_system(system_name: str, pack: SourcePack, corpus: list[GoldDocument], seed: int = SEED) -> System:
    """A fresh instance of the named baseline, fitted on its training data."""
    system = get_system(system_name)
    system.fit(training_examples(system, pack, corpus), seed=seed)
    return system


def predict_documents(system: System, documents: Sequence[Document], progress: str | None = None) -> list[Standoff]:
    """The system's predictions for ``documents`` (``progress``: a label for a progress bar on stderr)."""
    if progress:
        import sys

        from tqdm import tqdm

        documents = tqdm(documents, desc=progress, unit="doc", file=sys.stderr)
    return [system.predict(doc) for doc in documents]


def predict_split(system_name: str, split: str, pack: SourcePack, corpus_dir: str | os.PathLike[str] | None = None,
                  seed: int = SEED, corpus: list[GoldDocument] | None = None, progress: bool = False,
                  documents: Sequence[Document] | None = None) -> list[Standoff]:
    """Predictions of ``system_name`` for every gold document of ``split`` (or for
    ``documents``, e.g. PolNeAR's test articles), trained on train (``progress``: a bar)."""
    corpus = corpus if corpus is not None else load_corpus(pack, corpus_dir)
    targets = list(documents) if documents is not None else [gd.document for gd in corpus if gd.split == split]
    if not targets:
        raise InputError(Problem(str(corpus_dir or "corpus/"), None, None, f"no gold documents in split {split!r}",
                                 "annotate and adjudicate documents of that split first, or pick another split"))
    system = trained_system(system_name, pack, corpus, seed)
    return predict_documents(system, targets, f"{system_name} on {split}" if progress else None)


def default_predictions_path(system_name: str, split: str) -> Path:
    return SYSTEMS_DIR / system_name / f"predictions-{split}.jsonl"


def write_predictions(records: list[Standoff], out: str | os.PathLike[str]) -> None:
    write_standoff(out, records)
