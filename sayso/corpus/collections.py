"""Which collection a document comes from: its id says it.

The corpus mixes open Wikinews articles (``wn-…``) and PolNeAR's US election news
(``pn-…``); the seed wire story belongs to neither. A test split that holds both is
scored as a whole and per collection (``test.wikinews``, ``test.polnear``), so a user
sees whether a system's score is carried by one genre.
"""
from __future__ import annotations

from typing import Iterable

COLLECTIONS = {"wn-": "wikinews", "pn-": "polnear"}
SEPARATOR = "."


def collection_of(doc_id: str) -> str | None:
    """``"wikinews"``, ``"polnear"`` or None (a document of no named collection).

    >>> collection_of("wn-0123456789"), collection_of("pn-0123456789"), collection_of("ap-2024-seed")
    ('wikinews', 'polnear', None)
    """
    return next((name for prefix, name in COLLECTIONS.items() if doc_id.startswith(prefix)), None)


def split_and_collection(name: str) -> tuple[str, str | None]:
    """``("test", "polnear")`` for ``"test.polnear"``; ``("test", None)`` for ``"test"``."""
    base, _, collection = name.partition(SEPARATOR)
    return base, collection or None


def collection_splits(split: str, doc_ids: Iterable[str]) -> list[str]:
    """The per-collection views of ``split`` worth scoring: one per named collection,
    when the split holds documents of more than one.

    >>> collection_splits("test", ["wn-1", "pn-2", "ap-3"])
    ['test.polnear', 'test.wikinews']
    >>> collection_splits("test", ["wn-1", "ap-3"])
    []
    """
    present = sorted({c for d in doc_ids if (c := collection_of(d))})
    return [f"{split}{SEPARATOR}{c}" for c in present] if len(present) > 1 else []
