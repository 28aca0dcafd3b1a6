"""Pre-annotations for Label Studio: a system's predictions drafted into tasks.

``sayso studio push --preannotate FILE|SYSTEM`` takes a standoff file (validated against
the pack) or a system: ``splitter`` (sentences only) or a baseline of
:mod:`sayso.eval.baselines`, trained on the gold train split first, as ``sayso predict``
does. Pre-annotations lie with the baselines because they are a baseline's predictions.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from sayso.errors import InputError, Problem
from sayso.options import SEED


def load_preannotations(spec: str, documents: list, pack) -> tuple[dict[str, Any], str]:
    """Pre-annotations for ``documents`` from a standoff file or a named system; returns
    ``(records by doc id, model_version)``.

    A file is validated against the pack first. Systems: ``splitter`` (sentences only) and
    the baselines of :mod:`sayso.eval.baselines` (trained on the gold train split first,
    as ``sayso predict`` does).
    """
    from sayso.corpus.model import Sentence, Standoff
    from sayso.corpus.splitter import split_sentences
    from sayso.corpus.standoff_io import read_standoff
    from sayso.corpus.validate import validate_lines

    path = Path(spec)
    if path.is_file():
        lines = read_standoff(path)
        problems = validate_lines(lines, pack)
        if problems:
            raise InputError(problems)
        wanted = {d.id for d in documents}
        return {line.record.id: line.record for line in lines if line.record.id in wanted}, path.stem
    if spec == "splitter":
        return {doc.id: Standoff(doc.id, doc.text_sha256,
                                 sentences=tuple(Sentence(s, e) for s, e in split_sentences(doc.text)))
                for doc in documents}, spec
    from sayso.eval.baselines import SYSTEMS, Example, get_system

    if spec not in SYSTEMS:
        raise InputError(Problem("--preannotate", None, None, f"{spec!r} is neither a standoff file nor a system",
                                 f"pass a standoff JSONL file or one of {sorted(['splitter', *SYSTEMS])}"))
    from sayso.corpus.gold_corpus import load_corpus

    corpus = load_corpus(pack)  # the baseline learns from the gold train split, as `sayso predict` does
    system = get_system(spec)
    system.fit([Example(gd.document, gd.record) for gd in corpus if gd.split == "train"], seed=SEED)
    return {doc.id: system.predict(doc) for doc in documents}, spec


def with_sentences(record, doc):
    """Add the splitter's sentences to a pre-annotation that has none, so annotators correct, not draw."""
    from sayso.corpus.model import Sentence
    from sayso.corpus.splitter import split_sentences

    if record.sentences:
        return record
    return replace(record, sentences=tuple(Sentence(s, e) for s, e in split_sentences(doc.text)))
