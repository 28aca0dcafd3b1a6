"""Pure functions that turn a document and its gold record into dataset rows.

``text=None`` means the document's licence forbids publishing its text: rows then
carry offsets and hashes only, and no ``ner`` rows exist (tokens are text).
"""
from __future__ import annotations

from typing import Any

from sayso.corpus.model import Document, Span, Standoff
from sayso.corpus.tokenize import tokens


def _span(span: Span | None, base: int = 0) -> dict[str, int] | None:
    return None if span is None else {"start": span.start - base, "end": span.end - base}


def _layers(record: Standoff, base: int = 0, window: Span | None = None) -> dict[str, list[dict[str, Any]]]:
    def inside(span: Span | None) -> bool:
        return window is None or span is None or window.contains(span)

    return {
        "entities": [{"id": e.id, "start": e.start - base, "end": e.end - base, "label": e.label}
                     for e in record.entities or () if inside(e.span)],
        "claims": [{"id": c.id, "start": c.start - base, "end": c.end - base, "kind": c.kind,
                    "attribution": c.attribution} for c in record.claims or () if inside(c.span)],
        "attributions": [{
            "id": a.id, "source": _span(a.source, base), "cue": _span(a.cue, base),
            "content": [_span(c, base) for c in a.content], "type": a.type,
            "source_kind": a.source_kind, "source_entity": a.source_entity, "parent": a.parent,
        } for a in record.attributions or ()
            if inside(a.source) and inside(a.cue) and all(inside(c) for c in a.content)],
    }


def document_row(doc: Document, record: Standoff, public: bool) -> dict[str, Any]:
    return {
        "id": doc.id, "title": doc.title if public else None, "publisher": doc.publisher,
        "url": doc.url if public else None,
        "date": doc.date, "license": doc.license, "text": doc.text if public else None,
        "text_sha256": doc.text_sha256,
        "sentences": [{"start": s.start, "end": s.end} for s in record.sentences or ()],
        **_layers(record),
    }


def _attribution_spans(record: Standoff, window: Span) -> int:
    """How many attributions touch ``window`` without lying wholly inside it."""
    count = 0
    for a in record.attributions or ():
        spans = [s for s in (a.source, a.cue, *a.content) if s is not None]
        touches = any(s.overlaps(window) for s in spans)
        if touches and not all(window.contains(s) for s in spans):
            count += 1
    return count


def sentence_rows(doc: Document, record: Standoff, public: bool) -> list[dict[str, Any]]:
    """One row per gold sentence; items wholly inside it, re-based to its start."""
    rows = []
    for i, s in enumerate(record.sentences or ()):
        window = Span(s.start, s.end)
        rows.append({
            "id": f"{doc.id}#s{i}", "doc_id": doc.id, "sentence_index": i,
            "doc_start": s.start, "doc_end": s.end,
            "text": doc.text[s.start:s.end] if public else None,
            **_layers(record, base=s.start, window=window),
            "attributions_crossing": _attribution_spans(record, window),
        })
    return rows


def bio_tags(token_spans: list[tuple[int, int]], record: Standoff) -> list[str]:
    """IOB2 tags: a token is inside an entity when it overlaps it; the first such token is B."""
    tags = ["O"] * len(token_spans)
    entities = sorted(record.entities or (), key=lambda e: e.start)
    j = 0
    for i, (start, end) in enumerate(token_spans):
        while j < len(entities) and entities[j].end <= start:
            j += 1
        if j < len(entities) and entities[j].start < end:
            entity = entities[j]
            begins = i == 0 or not (token_spans[i - 1][1] > entity.start)
            tags[i] = f"{'B' if begins else 'I'}-{entity.label}"
    return tags


def ner_rows(doc: Document, record: Standoff) -> list[dict[str, Any]]:
    """Token-level rows, one per gold sentence (only for documents whose text ships)."""
    rows = []
    for i, s in enumerate(record.sentences or ()):
        spans = tokens(doc.text, s.start, s.end)
        rows.append({
            "id": f"{doc.id}#s{i}", "doc_id": doc.id, "sentence_index": i,
            "tokens": [doc.text[a:b] for a, b in spans], "token_starts": [a for a, _ in spans],
            "ner_tags": bio_tags(spans, record),
        })
    return rows
