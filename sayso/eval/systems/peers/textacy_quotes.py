"""Peer for attributions: textacy's direct-quotation extractor over the spaCy parse.

``textacy.extract.triples.direct_quotations`` finds quoted spans, a reporting verb near
them and its subject: (speaker, cue, content). It extracts **direct quotes only**, by
design, so its recall on all attributions is bounded by the share of direct ones; the
README reports its recall on direct attributions separately. Mapping to standoff:

* content: the quotation without its marks and the punctuation just inside them (the
  guidelines' content rule); source: the speaker's tokens, first to last; cue likewise;
* type ``direct``; ``source_kind`` null and ``source_entity`` null (textacy does not
  classify or link speakers, so those are scored as missing, not guessed);
* textacy refuses a text with an odd number of quotation marks, and one straight
  apostrophe (``the Joneses' car``) is enough; so it runs paragraph by paragraph (line by
  line), and a refused paragraph costs that paragraph only (counted in the run record).
"""
from __future__ import annotations

from typing import Any, Sequence

from sayso.corpus.model import Attribution, Document, Span, Standoff
from sayso.eval.systems.peers.pipeline import load_pipeline, pipeline_label

QUOTE_MARKS = "\"'“”‘’„«»"
INSIDE_PUNCTUATION = ",.;:!?"


class TextacyQuotes:
    name = "textacy-quotes"
    layers = ("attributions",)
    kind = "peer"

    def __init__(self) -> None:
        self.refused = 0  # paragraphs textacy would not read (an odd number of quotation marks)

    def fit(self, train: Sequence[Any], seed: int = 12345) -> None:
        """Nothing to learn: the extractor is rules over the parse."""

    def predict(self, document: Document) -> Standoff:
        from textacy.extract.triples import direct_quotations

        attributions = []
        for offset, paragraph in zip(*paragraphs(document.text)):
            try:
                triples = list(direct_quotations(paragraph))
            except ValueError:  # "… quotation marks found, indicating an unclosed quotation"
                self.refused += 1
                continue
            for triple in triples:
                start = offset + triple.content.start_char
                content = quote_interior(document.text, start, offset + triple.content.end_char)
                if content is None:
                    continue
                attributions.append(Attribution(
                    id=f"a{len(attributions) + 1}", source=_token_span(triple.speaker, offset),
                    cue=_token_span(triple.cue, offset), content=(content,), type="direct", source_kind=None,
                    source_entity=None, parent=None))
        return Standoff(document.id, document.text_sha256, attributions=tuple(attributions))

    def system_info(self) -> dict[str, Any]:
        import textacy

        # The row's name carries the exact version of what predicted.
        return {"name": f"textacy-{textacy.__version__}-quotes", "kind": self.kind, "tool": f"textacy {textacy.__version__} direct_quotations",
                "pipeline": pipeline_label(), "layers": list(self.layers),
                "paragraphs_refused_unbalanced_quotes": self.refused}


def _token_span(tokens: Sequence[Any], offset: int) -> Span:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return Span(offset + first.idx, offset + last.idx + len(last.text))


def paragraphs(text: str) -> tuple[list[int], list[Any]]:
    """The start offset and spaCy parse of every non-blank line of ``text``."""
    starts, chunks = [], []
    position = 0
    for line in text.split("\n"):
        if line.strip():
            starts.append(position)
            chunks.append(line)
        position += len(line) + 1
    return starts, list(load_pipeline().pipe(chunks))


def quote_interior(text: str, start: int, end: int) -> Span | None:
    """The quotation between ``start`` and ``end`` without its marks, the punctuation
    just inside them, and surrounding whitespace; None if nothing is left.

    >>> t = 'He said: “We will win, and soon.” Then he left.'
    >>> s = quote_interior(t, t.index("“"), t.index("”") + 1); t[s.start:s.end]
    'We will win, and soon'
    """
    while start < end and (text[start] in QUOTE_MARKS or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in QUOTE_MARKS + INSIDE_PUNCTUATION or text[end - 1].isspace()):
        end -= 1
    return Span(start, end) if start < end else None
