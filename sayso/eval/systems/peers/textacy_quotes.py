"""Peer for attributions: textacy's direct-quotation extractor over the spaCy parse.

``textacy.extract.triples.direct_quotations`` finds quoted spans, a reporting verb near
them and its subject: (speaker, cue, content). It extracts **direct quotes only**, by
design, so its recall on all attributions is bounded by the share of direct ones; the
README reports its recall on direct attributions separately. Mapping to standoff:

* content: the quotation without its marks and the punctuation just inside them (the
  guidelines' content rule); source: the speaker's tokens, first to last; cue likewise;
* type ``direct``; ``source_kind`` null and ``source_entity`` null (textacy does not
  classify or link speakers, so those are scored as missing, not guessed);
* a document with an odd number of quotation marks: textacy refuses it, so it gets no
  attributions (counted in the run record).
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
        self.refused: list[str] = []  # ids of documents textacy would not read (unbalanced quotes)

    def fit(self, train: Sequence[Any], seed: int = 12345) -> None:
        """Nothing to learn: the extractor is rules over the parse."""

    def predict(self, document: Document) -> Standoff:
        from textacy.extract.triples import direct_quotations

        doc = load_pipeline()(document.text)
        try:
            triples = list(direct_quotations(doc))
        except ValueError:  # "… quotation marks found, indicating an unclosed quotation"
            self.refused.append(document.id)
            triples = []
        attributions = []
        for triple in triples:
            content = quote_interior(document.text, triple.content.start_char, triple.content.end_char)
            if content is None:
                continue
            attributions.append(Attribution(
                id=f"a{len(attributions) + 1}", source=_token_span(triple.speaker), cue=_token_span(triple.cue),
                content=(content,), type="direct", source_kind=None, source_entity=None, parent=None))
        return Standoff(document.id, document.text_sha256, attributions=tuple(attributions))

    def system_info(self) -> dict[str, Any]:
        import textacy

        return {"name": self.name, "kind": self.kind, "tool": f"textacy {textacy.__version__} direct_quotations",
                "pipeline": pipeline_label(), "layers": list(self.layers),
                "documents_refused_unbalanced_quotes": len(self.refused)}


def _token_span(tokens: Sequence[Any]) -> Span:
    first, last = min(tokens, key=lambda t: t.i), max(tokens, key=lambda t: t.i)
    return Span(first.idx, last.idx + len(last.text))


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
