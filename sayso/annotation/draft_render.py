"""A standoff record written back as a draft: every span named by its words.

The reverse of :func:`sayso.annotation.draft.resolve_draft`. A reviewer who brings gold
up to a new guidelines version, or an adjudicator, edits words instead of offsets:
``sayso draft from-gold DOC`` writes the gold as a draft, the reviewer changes what the
new rules change, and ``sayso draft check`` turns it back into checked offsets. Every
reference is verified to resolve to exactly the span it names, and the whole draft is
verified to resolve back to the record, so a rendered draft never moves a span.
"""
from __future__ import annotations

from typing import Any

from sayso.annotation.draft import DraftError, SpanFinder, normalise_phrase, resolve_draft
from sayso.corpus.model import Document, Span, Standoff
from sayso.corpus.splitter import split_sentences


def span_reference(finder: SpanFinder, span: Span) -> str:
    """The shortest reference (``words``, ``words@sN``, ``words@sN#k``, ``words#k``) naming ``span``."""
    words = normalise_phrase(finder.text[span.start:span.end])
    if not words:
        raise DraftError(f"span [{span.start},{span.end}) holds no words")
    escaped = "\\" + words if words.startswith(("#", "\\")) else words
    if " ... " in words:
        # the words themselves hold the range marker: name the span as a range from its first word
        first, _, last = words.partition(" ... ")
        escaped = f"{escaped.partition(' ... ')[0]} ... {last}"
    candidates = [escaped]
    n = finder.sentence_number(span.start)
    if n and span.end <= finder.sentences[n - 1][1]:
        base, _, tail = escaped.partition(" ... ")
        anchored = f"{base}@s{n}" + (f" ... {tail}" if tail else "")
        candidates.append(anchored)
        candidates += [f"{base}@s{n}#{k}" + (f" ... {tail}" if tail else "") for k in range(1, 40)]
    base, _, tail = escaped.partition(" ... ")
    candidates += [f"{base}#{k}" + (f" ... {tail}" if tail else "") for k in range(1, 200)]
    for ref in candidates:
        try:
            if finder.resolve(ref) == span:
                return ref
        except DraftError:
            continue
    raise DraftError(f"span [{span.start},{span.end}) «{finder.text[span.start:span.end]}» cannot be named "
                     "by its words (it starts or ends inside a word); fix it in Label Studio instead")


def _sentence_corrections(finder: SpanFinder, gold: tuple[tuple[int, int], ...]) -> dict[str, list[Any]]:
    proposed = finder.sentences
    gold_starts = {s for s, _ in gold}
    joins = [i for i in range(1, len(proposed)) if proposed[i][0] not in gold_starts]
    proposed_starts = {s for s, _ in proposed}
    split_after = []
    for previous, (start, _) in zip(gold, gold[1:]):
        if start in proposed_starts:
            continue
        end = previous[1]
        word_start = max(finder.text.rfind(" ", 0, end), finder.text.rfind("\n", 0, end)) + 1
        split_after.append(span_reference(finder, Span(word_start, end)))
    return {"split_after": split_after, "join": joins}


def record_to_draft(record: Standoff, document: Document, annotator: str,
                    guidelines_version: str) -> tuple[dict[str, Any], list[str]]:
    """``(draft, problems)``: the record as a draft that resolves back to the same spans."""
    finder = SpanFinder(document.text, split_sentences(document.text))
    problems: list[str] = []

    def ref(where: str, span: Span | None) -> str | None:
        if span is None:
            return None
        try:
            return span_reference(finder, span)
        except DraftError as exc:
            problems.append(f"{where}: {exc}")
            return None

    entity_span = {e.id: e.span for e in record.entities or ()}
    draft: dict[str, Any] = {
        "id": record.id, "annotator": annotator, "guidelines_version": guidelines_version,
        "preannotated": False,
        "sentences": _sentence_corrections(finder, tuple((s.start, s.end) for s in record.sentences or ())),
        "entities": [[ref(f"entity {e.id}", e.span), e.label] for e in record.entities or ()],
        "attributions": [{
            "id": a.id, "source": ref(f"{a.id} source", a.source), "cue": ref(f"{a.id} cue", a.cue),
            "content": [ref(f"{a.id} content", c) for c in a.content], "type": a.type,
            "source_kind": a.source_kind,
            "source_entity": ref(f"{a.id} source_entity", entity_span.get(a.source_entity)),
            "parent": a.parent} for a in record.attributions or ()],
        "claims": [{"id": c.id, "span": ref(f"claim {c.id}", c.span), "kind": c.kind,
                    "attribution": c.attribution} for c in record.claims or ()],
    }
    if not problems:
        problems += [f"round trip: {p}" for p in _round_trip_differences(draft, record, document)]
    return draft, problems


def _spans(record: Standoff) -> dict[str, Any]:
    """The record's content with entity ids replaced by spans (drafts renumber entities)."""
    entity_span = {e.id: (e.start, e.end) for e in record.entities or ()}
    return {
        "sentences": [(s.start, s.end) for s in record.sentences or ()],
        "entities": sorted((e.start, e.end, e.label) for e in record.entities or ()),
        "claims": sorted((c.id, c.start, c.end, c.kind, c.attribution) for c in record.claims or ()),
        "attributions": sorted(
            (a.id, a.source and (a.source.start, a.source.end), a.cue and (a.cue.start, a.cue.end),
             tuple((c.start, c.end) for c in a.content), a.type, a.source_kind,
             entity_span.get(a.source_entity), a.parent) for a in record.attributions or ()),
    }


def _round_trip_differences(draft: dict[str, Any], record: Standoff, document: Document) -> list[str]:
    resolved, problems = resolve_draft(draft, document)
    if problems:
        return problems
    before, after = _spans(record), _spans(resolved)
    return [f"{layer} differ after resolving the draft" for layer in before if before[layer] != after[layer]]
