"""The one tokenisation SaySo uses: for the ``ner`` config's BIO tags, token counts in
``sayso stats``, and token overlap in partial span matching.

A token is a run of word characters, optionally joined by inner hyphens, apostrophes
or dots between digits ("U.S" stays two tokens, "3.5" one, "don't" one), or any single
other non-space character. Offsets are code points, end-exclusive.

>>> [t for t in tokens("Lee's 3.5% rise—ok?")]
[(0, 5), (6, 9), (9, 10), (11, 15), (15, 16), (16, 18), (18, 19)]
"""
from __future__ import annotations

import re

TOKEN_RE = re.compile(r"\w+(?:(?:[-'’]\w+)|(?:(?<=\d)[.,](?=\d)\d*))*|[^\w\s]", re.UNICODE)


def tokens(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Token spans of ``text[start:end]``, as absolute ``(start, end)`` offsets."""
    stop = len(text) if end is None else end
    return [(m.start(), m.end()) for m in TOKEN_RE.finditer(text, start, stop)]


def token_set(text: str, start: int, end: int) -> frozenset[tuple[int, int]]:
    """The tokens inside a span, as a set: partial matching measures their overlap."""
    return frozenset(tokens(text, start, end))
