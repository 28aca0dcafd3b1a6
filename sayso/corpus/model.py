"""The SaySo data model: plain typed records for documents and their standoff layers.

Why dataclasses and not pydantic: the scorer builds millions of these records in its
benchmarks, and frozen slotted dataclasses are cheap to construct, hashable (so spans
can live in sets, as spaCy's scorer does) and need no dependency. Validation against
the text and the label sets lives in :mod:`sayso.corpus.validate`, where it can report
*every* problem with file, line and document instead of stopping at the first.

Offsets everywhere are Python ``str`` indices (Unicode code points) into the document
text, **end-exclusive**: ``text[span.start:span.end]`` is the covered text.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Iterator

ENTITY_LABELS: tuple[str, ...] = (
    "PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART",
    "LAW", "LANGUAGE", "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
)
CLAIM_KINDS: tuple[str, ...] = ("factual", "numerical", "prediction")
ATTRIBUTION_TYPES: tuple[str, ...] = ("direct", "indirect", "mixed")
SOURCE_KINDS: tuple[str, ...] = ("person", "organisation", "unnamed", "document")
LAYERS: tuple[str, ...] = ("sentences", "entities", "claims", "attributions")

# OntoNotes -> CoNLL-2003, for users whose systems speak PER/ORG/LOC/MISC.
# Numeric and temporal types have no CoNLL counterpart and map to None (tag O).
ONTONOTES_TO_CONLL: dict[str, str | None] = {
    "PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "NORP": "MISC", "PRODUCT": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC",
    "LAW": "MISC", "LANGUAGE": "MISC",
    "DATE": None, "TIME": None, "PERCENT": None, "MONEY": None, "QUANTITY": None,
    "ORDINAL": None, "CARDINAL": None,
}


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 bytes of ``text``: the key that ties standoff to text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A character span ``[start, end)`` in code points."""

    start: int
    end: int

    def covered(self, text: str) -> str:
        return text[self.start:self.end]

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Entity:
    id: str
    start: int
    end: int
    label: str

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "label": self.label}


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable assertion; ``attribution`` is None in the writer's own voice."""

    id: str
    start: int
    end: int
    kind: str
    attribution: str | None = None

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "start": self.start, "end": self.end, "kind": self.kind,
                "attribution": self.attribution}


@dataclass(frozen=True, slots=True)
class Attribution:
    """A PARC-style relation: who (source) said (cue) what (content).

    ``source`` is None for agentless attributions ("it was reported that ...").
    ``source_entity`` is the id of the entity mention naming the source; ``parent`` the
    id of the attribution whose content contains this one. The claims an attribution
    carries are the claims whose ``attribution`` field names it
    (:meth:`Standoff.claims_of`): links are stored once, on the claim.
    """

    id: str
    source: Span | None
    cue: Span | None
    content: tuple[Span, ...]
    type: str | None  # None: the source does not say (PolNeAR annotates no type)
    source_kind: str | None = None
    source_entity: str | None = None
    parent: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict() if self.cue else None,
            "content": [c.to_dict() for c in self.content],
            "type": self.type,
            "source_kind": self.source_kind,
            "source_entity": self.source_entity,
            "parent": self.parent,
        }


@dataclass(frozen=True, slots=True)
class Document:
    """One article from the source pack. ``text`` is never modified."""

    id: str
    title: str
    text: str
    publisher: str = ""
    license: str = ""
    date: str | None = None
    url: str | None = None
    revision_id: int | None = None
    topics: tuple[str, ...] = ()
    origin: str = ""
    # The split the source itself fixes (PolNeAR's train/dev/test); None when SaySo's
    # split rule (sayso.corpus.manifest) assigns one.
    split: str | None = None

    @property
    def text_sha256(self) -> str:
        return text_sha256(self.text)


@dataclass(frozen=True, slots=True)
class Standoff:
    """The annotation layers of one document: one line of a standoff JSONL file.

    A layer that is ``None`` was not annotated or not predicted (a system fills only
    the layers it predicts); an empty tuple means "annotated, and there is none".
    ``extra`` keeps unknown top-level keys so that the format can be extended.
    """

    id: str
    text_sha256: str
    sentences: tuple[Sentence, ...] | None = None
    entities: tuple[Entity, ...] | None = None
    claims: tuple[Claim, ...] | None = None
    attributions: tuple[Attribution, ...] | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def layer(self, name: str) -> tuple[Any, ...] | None:
        if name not in LAYERS:
            raise ValueError(f"Unknown layer {name!r}; choose one of {', '.join(LAYERS)}.")
        return getattr(self, name)

    def claims_of(self, attribution_id: str) -> tuple[Claim, ...]:
        return tuple(c for c in self.claims or () if c.attribution == attribution_id)

    def entity_by_id(self) -> dict[str, Entity]:
        return {e.id: e for e in self.entities or ()}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "text_sha256": self.text_sha256}
        for name in LAYERS:
            items = getattr(self, name)
            if items is not None:
                out[name] = [item.to_dict() for item in items]
        out.update(self.extra)
        return out


def _span(obj: Any) -> Span | None:
    if obj is None:
        return None
    return Span(int(obj["start"]), int(obj["end"]))


def standoff_from_dict(obj: dict[str, Any]) -> Standoff:
    """Build a :class:`Standoff` from a parsed JSON object that passed the JSON Schema.

    Shape errors are the schema's job (see :mod:`sayso.corpus.standoff_io`); this
    function only converts.
    """
    def layer(name: str, make: Any) -> tuple[Any, ...] | None:
        items = obj.get(name)
        return None if items is None else tuple(make(item) for item in items)

    known = {"id", "text_sha256", *LAYERS}
    return Standoff(
        id=obj["id"],
        text_sha256=obj["text_sha256"],
        sentences=layer("sentences", lambda s: Sentence(s["start"], s["end"])),
        entities=layer("entities", lambda e: Entity(e["id"], e["start"], e["end"], e["label"])),
        claims=layer("claims", lambda c: Claim(c["id"], c["start"], c["end"], c["kind"],
                                               c.get("attribution"))),
        attributions=layer("attributions", lambda a: Attribution(
            id=a["id"],
            source=_span(a.get("source")),
            cue=_span(a.get("cue")),
            content=tuple(Span(c["start"], c["end"]) for c in a["content"]),
            type=a["type"],
            source_kind=a.get("source_kind"),
            source_entity=a.get("source_entity"),
            parent=a.get("parent"),
        )),
        extra={k: v for k, v in obj.items() if k not in known},
    )


def iter_spans(standoff: Standoff) -> Iterator[tuple[str, str, Span]]:
    """Every span of a record as ``(where, item_id, span)``, for range checks and reports."""
    for i, s in enumerate(standoff.sentences or ()):
        yield "sentence", f"s{i + 1}", s.span
    for e in standoff.entities or ():
        yield "entity", e.id, e.span
    for c in standoff.claims or ():
        yield "claim", c.id, c.span
    for a in standoff.attributions or ():
        if a.source is not None:
            yield "attribution source", a.id, a.source
        if a.cue is not None:
            yield "attribution cue", a.id, a.cue
        for k, c in enumerate(a.content):
            yield f"attribution content[{k}]", a.id, c
