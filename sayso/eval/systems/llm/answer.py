"""From a model's answer to a valid standoff record, dropping (and counting) what cannot be used.

The model answers in the annotators' draft shape — spans named by their words and
occurrence (``"said@s3"``), see :mod:`sayso.annotation.draft` — and the same resolver
turns them into offsets. Nothing is guessed: a span that is not found, or found more
than once without an occurrence, is dropped; so is an item with a label outside the
guidelines' sets, an entity overlapping an earlier one, a duplicate id. A link that
points at something dropped (a claim's attribution, a source entity, a parent) is
cleared. Every drop is counted by reason; the counts go into the run's record, never the
words (they are article text).
"""
from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import replace
from typing import Any

from sayso.annotation.draft import resolve_draft
from sayso.corpus.model import ATTRIBUTION_TYPES, CLAIM_KINDS, ENTITY_LABELS, SOURCE_KINDS, Document, Span, Standoff
from sayso.corpus.validate import content_hull, validate_record

LAYERS = ("entities", "claims", "attributions")
_FENCE_RE = re.compile(r"^\s*```(?:json)?\s*\n(?P<body>.*?)\n\s*```\s*$", re.DOTALL)

# Reasons a resolver problem is counted under, by a phrase of the resolver's message.
_REASONS = (("occurs", "ambiguous span"), ("not found", "span not found"), ("asked for occurrence", "span not found"),
            ("no entity has exactly", "source entity not an entity"), ("malformed", "malformed item"),
            ("write", "malformed item"), ("empty", "malformed item"))


class MalformedAnswer(ValueError):
    """The answer is not one JSON object with list-valued layers."""


def parse_answer(content: str) -> dict[str, list[Any]]:
    """The layers of a model's answer: a JSON object, optionally inside a ```json fence.

    >>> parse_answer('```json\\n{"entities": [["Ana", "PERSON"]]}\\n```')["entities"]
    [['Ana', 'PERSON']]
    >>> parse_answer('Sure! Here it is')
    Traceback (most recent call last):
    ...
    sayso.eval.systems.llm.answer.MalformedAnswer: the answer is not JSON (Expecting value at line 1 column 1)
    """
    fenced = _FENCE_RE.match(content)
    text = fenced.group("body") if fenced else content.strip()
    try:
        answer = json.loads(text)
    except ValueError as exc:
        message = str(exc).split(":")[0]
        raise MalformedAnswer(f"the answer is not JSON ({message} at line {getattr(exc, 'lineno', '?')} "
                              f"column {getattr(exc, 'colno', '?')})") from None
    if not isinstance(answer, dict):
        raise MalformedAnswer(f"the answer is JSON but not an object (a {type(answer).__name__})")
    layers: dict[str, list[Any]] = {}
    for layer in LAYERS:
        value = answer.get(layer, [])
        if not isinstance(value, list):
            raise MalformedAnswer(f"the answer's {layer!r} is not a list")
        layers[layer] = value
    return layers


def answer_to_standoff(layers: dict[str, list[Any]], document: Document) -> tuple[Standoff, Counter[str]]:
    """A valid standoff record (entities, claims, attributions; no sentences) and drops by reason."""
    drops: Counter[str] = Counter()
    attributions, claims = [], []
    for item in layers["attributions"]:
        if isinstance(item, dict) and isinstance(item.get("content"), str):
            item = {**item, "content": [item["content"]]}  # one span written without its list
        if not (isinstance(item, dict) and isinstance(item.get("content"), list)
                and all(isinstance(ref, str) for ref in item["content"])
                and all(isinstance(item.get(role), (str, type(None))) for role in ("source", "cue", "source_entity"))):
            drops["malformed item"] += 1
            continue
        if not isinstance(item.get("parent"), (str, type(None))):  # a link is an id or null
            drops["malformed item"] += 1
            item = {**item, "parent": None}
        attributions.append(item)
    for item in layers["claims"]:
        if not (isinstance(item, dict) and isinstance(item.get("span"), str)):
            drops["malformed item"] += 1
            continue
        if not isinstance(item.get("attribution"), (str, type(None))):
            drops["malformed item"] += 1
            item = {**item, "attribution": None}
        claims.append(item)
    draft = {"id": document.id, "entities": layers["entities"], "claims": claims, "attributions": attributions}
    record, problems = resolve_draft(draft, document)
    for problem in problems:
        drops[next((reason for phrase, reason in _REASONS if phrase in problem), "other")] += 1
    record = _admissible(replace(record, sentences=None), drops)
    left = validate_record(record, document.text)
    if left:  # a bug here, not the model's fault: never write an invalid record
        raise AssertionError(f"{document.id}: cleaned answer still invalid: {left[0].what}")
    return record, drops


def _admissible(record: Standoff, drops: Counter[str]) -> Standoff:
    """Drop items with labels outside the guidelines' sets, entities that overlap (all of
    them), duplicate ids; clear links to what was dropped; break parent cycles."""
    labelled = []
    for e in record.entities or ():
        if e.label in ENTITY_LABELS:
            labelled.append(e)
        else:
            drops["label not in the guidelines"] += 1
    # Overlapping mentions contradict each other; keeping either would be a guess, so both go.
    labelled.sort(key=lambda e: (e.start, e.end))
    clashing: set[str] = set()
    reach: Any = None  # the entity reaching furthest right so far
    for e in labelled:
        if reach is not None and e.start < reach.end:
            clashing.update((e.id, reach.id))
        if reach is None or e.end > reach.end:
            reach = e
    if clashing:
        drops["overlapping entity"] += len(clashing)
    entities = [e for e in labelled if e.id not in clashing]
    entity_ids = {e.id for e in entities}

    attributions: dict[str, Any] = {}
    for a in record.attributions or ():
        kind_ok = a.source_kind in SOURCE_KINDS or (a.source is None and a.source_kind is None)
        if a.type not in ATTRIBUTION_TYPES or not kind_ok:
            drops["label not in the guidelines"] += 1
        elif a.id in attributions:
            drops["duplicate id"] += 1
        else:
            attributions[a.id] = a
    for a_id, a in list(attributions.items()):
        if a.source_entity is not None and a.source_entity not in entity_ids:
            drops["link to a dropped item"] += 1
            a = replace(a, source_entity=None)
        if a.parent is not None and a.parent not in attributions:
            drops["link to a dropped item"] += 1
            a = replace(a, parent=None)
        attributions[a_id] = a
    for a_id in _in_cycles(attributions):
        drops["parent cycle"] += 1
        attributions[a_id] = replace(attributions[a_id], parent=None)

    claims, claim_ids = [], set()
    for c in record.claims or ():
        if c.kind not in CLAIM_KINDS:
            drops["label not in the guidelines"] += 1
            continue
        if c.id in claim_ids:
            drops["duplicate id"] += 1
            continue
        owner = attributions.get(c.attribution) if c.attribution is not None else None
        if c.attribution is not None and owner is None:
            drops["link to a dropped item"] += 1
            c = replace(c, attribution=None)
        elif owner is not None and not content_hull(owner.content).contains(Span(c.start, c.end)):
            drops["claim outside its attribution's content"] += 1
            c = replace(c, attribution=None)
        claims.append(c)
        claim_ids.add(c.id)
    return replace(record, entities=tuple(entities), claims=tuple(claims), attributions=tuple(attributions.values()))


def _in_cycles(attributions: dict[str, Any]) -> list[str]:
    """Ids on a parent cycle (each walk is bounded by the number of attributions)."""
    on_cycle: set[str] = set()
    for start in attributions:
        seen: list[str] = []
        node = start
        while node is not None and node in attributions and node not in seen:
            seen.append(node)
            node = attributions[node].parent
        if node is not None and node in seen:
            on_cycle.update(seen[seen.index(node):])
    return sorted(on_cycle)
