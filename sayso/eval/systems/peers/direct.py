"""The gold seen by a direct-quotation extractor: its direct attributions only.

A quotation extractor such as textacy's finds direct quotes and nothing else, so its
recall over all attributions mostly measures how many attributions are indirect. Its
recall over the gold's **direct** attributions says how well it does what it does:
score it against :func:`direct_only` of the gold and read the recall figures (precision
there is meaningless: a predicted quote matching an indirect or mixed gold attribution
counts as spurious).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from sayso.corpus.model import Standoff


def direct_only(gold: Sequence[Standoff]) -> list[Standoff]:
    """Each record with its direct attributions only; links to removed ones are cleared.

    >>> from sayso.corpus.model import Attribution, Claim, Span
    >>> a1 = Attribution("a1", None, Span(0, 4), (Span(5, 9),), "direct", None, None, None)
    >>> a2 = Attribution("a2", None, Span(10, 14), (Span(15, 19),), "indirect", None, None, "a1")
    >>> [r] = direct_only([Standoff("d", "0" * 64, claims=(Claim("c1", 15, 19, "factual", "a2"),), attributions=(a1, a2))])
    >>> [a.id for a in r.attributions], r.claims[0].attribution
    (['a1'], None)
    """
    out = []
    for record in gold:
        if record.attributions is None:
            out.append(record)
            continue
        kept = tuple(a for a in record.attributions if a.type == "direct")
        ids = {a.id for a in kept}
        kept = tuple(a if a.parent is None or a.parent in ids else replace(a, parent=None) for a in kept)
        claims = record.claims
        if claims is not None:
            claims = tuple(c if c.attribution is None or c.attribution in ids else replace(c, attribution=None)
                           for c in claims)
        out.append(replace(record, claims=claims, attributions=kept))
    return out
