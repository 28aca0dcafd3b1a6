"""Standoff -> Label Studio: the ``result`` items of one record (an annotation's or a
prediction's), in the layout of ``annotation/labeling-config.xml`` (see
:mod:`sayso.annotation.convert` for how the layers are drawn)."""
from __future__ import annotations

from typing import Any

from sayso.annotation import labelconfig as lc
from sayso.corpus.model import Span, Standoff


def _region(region_id: str, control: str, label: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {"id": region_id, "from_name": control, "to_name": lc.TEXT_NAME, "type": "labels",
            "value": {"start": start, "end": end, "text": text[start:end], "labels": [label]}}


def _choice(region_id: str, control: str, value: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {"id": region_id, "from_name": control, "to_name": lc.TEXT_NAME, "type": "choices",
            "value": {"start": start, "end": end, "text": text[start:end], "choices": [value]}}


def _relation(from_id: str, to_id: str, label: str | None = None) -> dict[str, Any]:
    rel: dict[str, Any] = {"type": "relation", "from_id": from_id, "to_id": to_id, "direction": "right"}
    if label:
        rel["labels"] = [label]
    return rel


def standoff_to_results(record: Standoff, text: str) -> list[dict[str, Any]]:
    """Label Studio ``result`` items for one record (an annotation's or a prediction's).

    Region ids are derived from positions in the record (``ent_1``, ``att_2_cue``…), so
    converting the same record twice gives the same results. Offsets are code points
    (see the module docstring). Layers that are ``None`` produce nothing.

    >>> from sayso.corpus.model import Entity, Standoff
    >>> r = standoff_to_results(Standoff("d", "x", entities=(Entity("e1", 0, 3, "ORG"),)), "ACME rose")
    >>> r[0]["value"]
    {'start': 0, 'end': 3, 'text': 'ACM', 'labels': ['ORG']}
    """
    results: list[dict[str, Any]] = []
    relations: list[dict[str, Any]] = []
    for i, s in enumerate(record.sentences or (), start=1):
        results.append(_region(f"sen_{i}", lc.SENTENCE, lc.SENTENCE_LABEL, s.start, s.end, text))
    entity_region: dict[str, str] = {}
    for i, e in enumerate(record.entities or (), start=1):
        entity_region[e.id] = f"ent_{i}"
        results.append(_region(f"ent_{i}", lc.ENTITY, e.label, e.start, e.end, text))
    anchor_of: dict[str, str] = {}
    for i, a in enumerate(record.attributions or (), start=1):
        prefix = f"att_{i}"
        ids: list[tuple[str, Span]] = []
        source_id = cue_id = None
        if a.source is not None:
            source_id = f"{prefix}_src"
            results.append(_region(source_id, lc.ROLE, lc.SOURCE_ROLE, a.source.start, a.source.end, text))
            ids.append((source_id, a.source))
            if a.source_entity is not None and a.source_entity in entity_region:
                relations.append(_relation(source_id, entity_region[a.source_entity], lc.SOURCE_ENTITY_REL))
        if a.cue is not None:
            cue_id = f"{prefix}_cue"
            results.append(_region(cue_id, lc.ROLE, lc.CUE_ROLE, a.cue.start, a.cue.end, text))
            ids.append((cue_id, a.cue))
        content_ids = []
        for k, c in enumerate(a.content, start=1):
            content_ids.append(f"{prefix}_cnt_{k}")
            results.append(_region(content_ids[-1], lc.ROLE, lc.CONTENT_ROLE, c.start, c.end, text))
            ids.append((content_ids[-1], c))
        anchor = cue_id or source_id or (content_ids[0] if content_ids else None)
        if anchor is None:
            continue
        anchor_of[a.id] = anchor
        span = dict(ids)[anchor]
        results.append(_choice(anchor, lc.ATTRIBUTION_TYPE, a.type, span.start, span.end, text))
        if a.source_kind is not None:
            results.append(_choice(anchor, lc.SOURCE_KIND, a.source_kind, span.start, span.end, text))
        if source_id and cue_id:
            relations.append(_relation(source_id, cue_id))
        for content_id in content_ids:
            if content_id != anchor:
                relations.append(_relation(anchor, content_id))
    for a in record.attributions or ():
        if a.parent is not None and a.id in anchor_of and a.parent in anchor_of:
            relations.append(_relation(anchor_of[a.id], anchor_of[a.parent], lc.PARENT_REL))
    content_regions = {a.id: [(f"att_{i}_cnt_{k}", c) for k, c in enumerate(a.content, start=1)]
                       for i, a in enumerate(record.attributions or (), start=1)}
    for i, c in enumerate(record.claims or (), start=1):
        region_id = f"clm_{i}"
        results.append(_region(region_id, lc.CLAIM, lc.CLAIM_LABEL, c.start, c.end, text))
        results.append(_choice(region_id, lc.CLAIM_KIND, c.kind, c.start, c.end, text))
        if c.attribution is not None and c.attribution in anchor_of:
            # link to the content span that holds the claim (else to the anchor)
            target = next((rid for rid, span in content_regions[c.attribution]
                           if span.contains(Span(c.start, c.end))), anchor_of[c.attribution])
            relations.append(_relation(region_id, target, lc.CLAIM_REL))
    return results + relations


