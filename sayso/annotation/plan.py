"""Who annotates what in a batch: a deterministic, recorded plan.

Double-annotated documents are chosen by a rule, not by hand, so nobody can pick the
easy ones: the required documents (the seed) plus the documents with the smallest
``sha256("sayso-double:" + id)``. Annotators are assigned round-robin so that every
pair of annotators shares some documents and the work is balanced; each annotator
does their double-annotated documents first, so agreement can be measured early.
"""
from __future__ import annotations

import hashlib
from typing import Sequence


def _key(doc_id: str) -> str:
    return hashlib.sha256(f"sayso-double:{doc_id}".encode()).hexdigest()


def plan_batch(doc_ids: Sequence[str], annotators: Sequence[str], n_double: int,
               required_double: Sequence[str] = (), interleave: int = 0) -> dict[str, list[str]]:
    """Map each annotator to the ordered list of documents they annotate.

    By default each annotator does their double-annotated documents first. With
    ``interleave=k`` every annotator works through one global order in which every k-th
    document is a double-annotated one, so that whatever part of a batch is finished
    holds about 1/k doubles, both annotations of each double arrive at about the same
    time, and the finished part is gold as soon as it is adjudicated.

    >>> plan = plan_batch(["d1", "d2", "d3", "d4"], ["x", "y"], n_double=1, required_double=["d4"])
    >>> sorted(d for docs in plan.values() for d in docs).count("d4")
    2
    """
    if len(annotators) < 2 and n_double:
        raise ValueError("double annotation needs at least two annotators")
    missing = [d for d in required_double if d not in doc_ids]
    if missing:
        raise ValueError(f"required double-annotated documents not in the batch: {missing}")
    rest = sorted((d for d in doc_ids if d not in required_double), key=_key)
    double = list(required_double) + rest[: max(0, n_double - len(required_double))]
    single = sorted(d for d in doc_ids if d not in double)
    plan: dict[str, list[str]] = {a: [] for a in annotators}
    k = len(annotators)
    for i, doc in enumerate(double):
        first = annotators[i % k]
        second = annotators[(i + 1 + (i // k) % (k - 1)) % k]
        plan[first].append(doc)
        plan[second].append(doc)
    for i, doc in enumerate(single):
        # next single goes to whoever has least work so far (ties: annotator order)
        target = min(annotators, key=lambda a: (len(plan[a]), annotators.index(a)))
        plan[target].append(doc)
    if interleave:
        rank = _interleaved_rank(double, single, interleave)
        plan = {a: sorted(docs, key=rank.__getitem__) for a, docs in plan.items()}
    return plan


def _interleaved_rank(double: Sequence[str], single: Sequence[str], every: int) -> dict[str, int]:
    """Global order: a double-annotated document first in every run of ``every``.

    >>> r = _interleaved_rank(["D1", "D2"], ["s1", "s2", "s3", "s4"], 3)
    >>> sorted(r, key=r.get)
    ['D1', 's1', 's2', 'D2', 's3', 's4']
    """
    order: list[str] = []
    doubles, singles = list(double), list(single)
    while doubles or singles:
        if doubles:
            order.append(doubles.pop(0))
        order.extend(singles[: every - 1])
        del singles[: every - 1]
    return {doc: i for i, doc in enumerate(order)}
