"""Label Studio -> standoff: one annotation's ``result`` list as a standoff record, with
every problem found (see :mod:`sayso.annotation.convert` for the conventions)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from sayso.annotation import labelconfig as lc
from sayso.annotation.labelconfig import LabelingConfig
from sayso.annotation.offsets import UNITS, utf16_to_codepoint
from sayso.corpus.model import Attribution, Claim, Entity, Sentence, Span, Standoff, text_sha256
from sayso.errors import Problem


@dataclass
class _Region:
    id: str
    control: str
    label: str
    start: int
    end: int
    choices: dict[str, str] = field(default_factory=dict)

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)

    def describe(self) -> str:
        return f"region {self.id} ({self.label} [{self.start}, {self.end}))"


@dataclass
class _Attr:
    anchor: _Region
    source: _Region | None
    cue: _Region | None
    contents: list[_Region]
    regions: set[str]


def results_to_standoff(results: Iterable[dict[str, Any]], text: str, doc_id: str, *,
                        config: LabelingConfig | None = None, where: str = "label-studio",
                        units: str = "codepoint") -> tuple[Standoff, list[Problem]]:
    """A standoff record from one annotation's ``result`` list, and every problem found.

    ``where`` names the annotation in problems (e.g. ``"batch b1, task 7, annotation 12"``).
    ``units`` is how the results count offsets: ``"codepoint"`` (Label Studio 1.23) or
    ``"utf16"``. Ids are given in text order (``e1``, ``c1``, ``a1``…), so the same
    annotation always converts to the same record.
    """
    if units not in UNITS:
        raise ValueError(f"units must be one of {UNITS}, got {units!r}")
    config = config or lc.load_config()
    problems: list[Problem] = []

    def report(what: str, todo: str) -> None:
        problems.append(Problem(where, None, doc_id, what, todo))

    regions: dict[str, _Region] = {}
    choice_items: list[dict[str, Any]] = []
    relation_items: list[dict[str, Any]] = []
    for n, item in enumerate(results):
        kind = item.get("type")
        if kind == "relation":
            relation_items.append(item)
            continue
        control = item.get("from_name")
        region_id = str(item.get("id", f"#{n}"))
        if kind not in ("labels", "choices") or config.control_type(control) != kind:
            report(f"region {region_id}: control {control!r} of type {kind!r} is not in labeling config "
                   f"{config.version}", "annotate with the project's labeling config only")
            continue
        if item.get("to_name", lc.TEXT_NAME) != lc.TEXT_NAME:
            report(f"region {region_id}: points at object {item.get('to_name')!r}, not {lc.TEXT_NAME!r}",
                   "annotate the document text only")
            continue
        if kind == "choices":
            choice_items.append(item)
            continue
        value = item.get("value") or {}
        labels = value.get("labels") or []
        if len(labels) != 1:
            report(f"region {region_id}: has labels {labels}, expected exactly one",
                   "give every region one label")
            continue
        label = labels[0]
        if label not in config.labels[control]:
            report(f"region {region_id}: label {label!r} is not in control {control!r} of labeling config "
                   f"{config.version}", f"use one of {sorted(config.labels[control])}")
            continue
        span = _offsets(value, text, units, region_id, label, report)
        if span is None:
            continue
        if region_id in regions:
            report(f"region {region_id}: appears twice (labels {regions[region_id].label!r} and {label!r})",
                   "give each region a single label")
            continue
        regions[region_id] = _Region(region_id, control, label, span.start, span.end)

    for item in choice_items:
        region_id, control = str(item.get("id")), item["from_name"]
        values = (item.get("value") or {}).get("choices") or []
        region = regions.get(region_id)
        if region is None:
            report(f"choice {control} on region {region_id}: no such region", "choose on an existing region")
            continue
        if len(values) != 1 or values[0] not in config.choices[control]:
            report(f"{region.describe()}: {control} {values} is not one of {sorted(config.choices[control])}",
                   "pick exactly one allowed value")
            continue
        region.choices[control] = values[0]

    # relations, oriented and typed
    source_cue: list[tuple[_Region, _Region]] = []
    to_content: list[tuple[_Region, _Region]] = []
    source_entity: list[tuple[_Region, _Region]] = []
    claim_links: list[tuple[_Region, _Region]] = []
    parents: list[tuple[_Region, _Region]] = []
    for rel in relation_items:
        a, b = rel.get("from_id"), rel.get("to_id")
        labels = rel.get("labels") or []
        name = f"relation {a}→{b}"
        unknown = [x for x in labels if x not in config.relations]
        if unknown:
            report(f"{name}: label(s) {unknown} not in labeling config {config.version}",
                   f"use one of {sorted(config.relations)} or none")
            continue
        if len(labels) > 1:
            report(f"{name}: has several labels {labels}", "give a relation at most one label")
            continue
        if a not in regions or b not in regions:
            missing = [x for x in (a, b) if x not in regions]
            report(f"{name}: dangling, no region {', '.join(map(str, missing))}",
                   "delete the relation or redraw the region it points to")
            continue
        src, dst = regions[a], regions[b]
        if rel.get("direction") == "left":
            src, dst = dst, src
        label = labels[0] if labels else None
        kinds = {_kind(src), _kind(dst)}
        if label == lc.PARENT_REL:
            if _kind(src) in _ROLES and _kind(dst) in _ROLES:
                parents.append((src, dst))
            else:
                report(f"{name}: 'parent' joins {src.label} and {dst.label}",
                       "draw 'parent' from a role region of the nested attribution to one of its parent's")
            continue
        if lc.CLAIM_LABEL in kinds and kinds & _ROLES and label in (None, lc.CLAIM_REL):
            claim, target = (src, dst) if _kind(src) == lc.CLAIM_LABEL else (dst, src)
            claim_links.append((claim, target))
        elif kinds == {lc.SOURCE_ROLE, "ENTITY"} and label in (None, lc.SOURCE_ENTITY_REL):
            source_entity.append((src, dst) if _kind(src) == lc.SOURCE_ROLE else (dst, src))
        elif label is not None:
            report(f"{name}: label {label!r} does not fit {src.label} → {dst.label}",
                   "see annotation/STUDIO.md for which relation goes where")
        elif kinds == {lc.SOURCE_ROLE, lc.CUE_ROLE}:
            source_cue.append((src, dst) if _kind(src) == lc.SOURCE_ROLE else (dst, src))
        elif kinds == {lc.CUE_ROLE, lc.CONTENT_ROLE}:
            to_content.append((src, dst) if _kind(src) == lc.CUE_ROLE else (dst, src))
        elif kinds == {lc.SOURCE_ROLE, lc.CONTENT_ROLE}:
            to_content.append((src, dst) if _kind(src) == lc.SOURCE_ROLE else (dst, src))
        elif kinds == {lc.CONTENT_ROLE}:
            to_content.append((src, dst))
        else:
            report(f"{name}: a relation between {src.label} and {dst.label} means nothing here",
                   "see annotation/STUDIO.md for the relations the config uses")

    attributions = _attributions(regions, source_cue, to_content, report)
    owner: dict[str, list[int]] = {}
    for index, attr in enumerate(attributions):
        for rid in attr.regions:
            owner.setdefault(rid, []).append(index)

    # ids in text order
    entity_regions = sorted((r for r in regions.values() if r.control == lc.ENTITY),
                            key=lambda r: (r.start, r.end, r.label))
    entity_id = {r.id: f"e{i}" for i, r in enumerate(entity_regions, start=1)}
    order = sorted(range(len(attributions)), key=lambda i: (attributions[i].anchor.start, attributions[i].anchor.end,
                                                            attributions[i].anchor.id))
    attribution_id = {index: f"a{k}" for k, index in enumerate(order, start=1)}

    def owning(region: _Region, name: str) -> int | None:
        found = sorted(set(owner.get(region.id, [])))
        if not found:
            report(f"{name}: {region.describe()} belongs to no attribution", "link it into an attribution first")
            return None
        if len(found) > 1:
            report(f"{name}: {region.describe()} belongs to {len(found)} attributions",
                   "link to a region that only one attribution has (its cue)")
            return None
        return found[0]

    parent_of: dict[int, str] = {}
    for child, parent in parents:
        name = f"parent relation {child.id}→{parent.id}"
        c, p = owning(child, name), owning(parent, name)
        if c is None or p is None:
            continue
        if c == p:
            report(f"{name}: both ends are in the same attribution", "link the nested attribution to another one")
        elif c in parent_of and parent_of[c] != attribution_id[p]:
            report(f"{name}: attribution already has parent {parent_of[c]}", "give an attribution one parent")
        else:
            parent_of[c] = attribution_id[p]
    entity_of: dict[str, str] = {}
    for src, ent in source_entity:
        if src.id in entity_of and entity_of[src.id] != entity_id[ent.id]:
            report(f"{src.describe()}: linked to two entities", "link a source to one entity mention")
        entity_of[src.id] = entity_id[ent.id]
    claim_owner: dict[str, str] = {}
    for claim, target in claim_links:
        index = owning(target, f"claim relation {claim.id}→{target.id}")
        if index is None:
            continue
        if claim.id in claim_owner and claim_owner[claim.id] != attribution_id[index]:
            report(f"{claim.describe()}: linked to two attributions", "link a claim to one attribution")
        claim_owner[claim.id] = attribution_id[index]

    sentences = tuple(Sentence(r.start, r.end) for r in sorted(
        (r for r in regions.values() if r.control == lc.SENTENCE), key=lambda r: (r.start, r.end)))
    entities = tuple(Entity(entity_id[r.id], r.start, r.end, r.label) for r in entity_regions)
    claim_regions = sorted((r for r in regions.values() if r.control == lc.CLAIM), key=lambda r: (r.start, r.end, r.id))
    claims = []
    for k, r in enumerate(claim_regions, start=1):
        kind = r.choices.get(lc.CLAIM_KIND)
        if kind is None:
            report(f"{r.describe()}: claim without a kind", f"choose one of {sorted(config.choices[lc.CLAIM_KIND])}")
            continue
        claims.append(Claim(f"c{k}", r.start, r.end, kind, claim_owner.get(r.id)))
    for r in regions.values():
        if r.control != lc.ROLE and (r.choices.keys() & {lc.ATTRIBUTION_TYPE, lc.SOURCE_KIND}):
            report(f"{r.describe()}: has attribution choices but is not an attribution role",
                   "set attribution type and source kind on the cue")
        if r.control != lc.CLAIM and lc.CLAIM_KIND in r.choices:
            report(f"{r.describe()}: has a claim kind but is not a CLAIM", "set claim kind on CLAIM regions only")
    built = []
    for index in order:
        attr = attributions[index]
        chosen: dict[str, str] = {}
        for control in (lc.ATTRIBUTION_TYPE, lc.SOURCE_KIND):
            values = {r.choices[control] for r in (attr.anchor, attr.source) if r is not None and control in r.choices}
            if len(values) > 1:
                report(f"attribution at {attr.anchor.describe()}: {control} differs between cue and source "
                       f"({sorted(values)})", "set it once, on the cue")
            elif values:
                chosen[control] = values.pop()
        if lc.ATTRIBUTION_TYPE not in chosen:
            report(f"attribution at {attr.anchor.describe()}: no attribution type",
                   f"choose one of {sorted(config.choices[lc.ATTRIBUTION_TYPE])} on the cue")
            continue
        built.append(Attribution(
            id=attribution_id[index],
            source=attr.source.span if attr.source else None,
            cue=attr.cue.span if attr.cue else None,
            content=tuple(sorted(c.span for c in attr.contents)),
            type=chosen[lc.ATTRIBUTION_TYPE],
            source_kind=chosen.get(lc.SOURCE_KIND),
            source_entity=entity_of.get(attr.source.id) if attr.source else None,
            parent=parent_of.get(index),
        ))
    record = Standoff(id=doc_id, text_sha256=text_sha256(text), sentences=sentences, entities=entities,
                      claims=tuple(claims), attributions=tuple(built))
    return record, problems


_ROLES = {lc.SOURCE_ROLE, lc.CUE_ROLE, lc.CONTENT_ROLE}


def _kind(region: _Region) -> str:
    """The region's part in relations: its role label, CLAIM, ENTITY or SENTENCE."""
    if region.control == lc.ENTITY:
        return "ENTITY"
    return region.label


def _offsets(value: dict[str, Any], text: str, units: str, region_id: str, label: str, report) -> Span | None:
    start, end = value.get("start"), value.get("end")
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        report(f"region {region_id} ({label}): start/end {start!r}/{end!r} are not integer offsets",
               "regions on text need integer start and end")
        return None
    raw = (start, end)
    if units == "utf16":
        start, end = utf16_to_codepoint(text, start), utf16_to_codepoint(text, end)  # type: ignore[assignment]
        if start is None or end is None:
            report(f"region {region_id} ({label}): UTF-16 offsets {raw} split a surrogate pair or pass the end",
                   "redraw the region")
            return None
    if not 0 <= start < end <= len(text):
        report(f"region {region_id} ({label}) [{start}, {end}): out of range or empty "
               f"(text has {len(text)} code points)", "redraw the region inside the text")
        return None
    covered = value.get("text")
    if covered is not None and covered != text[start:end]:
        hint = "the region's text differs from the document at these offsets"
        if units == "codepoint":
            s16, e16 = utf16_to_codepoint(text, start), utf16_to_codepoint(text, end)
            if s16 is not None and e16 is not None and s16 < e16 and text[s16:e16] == covered:
                hint = ("its text matches only if the offsets count UTF-16 code units; read this export "
                        "with units='utf16' if that is what wrote it")
        report(f"region {region_id} ({label}) [{start}, {end}): {hint}",
               "check that the task text is the source pack's text, or redraw the region")
        return None
    return Span(start, end)


def _attributions(regions: dict[str, _Region], source_cue, to_content, report) -> list[_Attr]:
    """Group role regions into attributions around their anchors; report loose roles."""
    sources_of: dict[str, list[_Region]] = {}
    cues_of_source: dict[str, list[_Region]] = {}
    for s, c in source_cue:
        sources_of.setdefault(c.id, []).append(s)
        cues_of_source.setdefault(s.id, []).append(c)
    contents_of: dict[str, list[_Region]] = {}
    linked_content: set[str] = set()
    for anchor, content in to_content:
        contents_of.setdefault(anchor.id, []).append(content)
        linked_content.add(content.id)
    roles = [r for r in regions.values() if r.control == lc.ROLE]
    attributions: list[_Attr] = []
    for region in sorted(roles, key=lambda r: (r.start, r.id)):
        if region.label == lc.CUE_ROLE:
            sources = sources_of.get(region.id, [])
            contents = contents_of.get(region.id, [])
            if len(sources) > 1:
                report(f"cue {region.describe()}: linked to {len(sources)} sources",
                       "an attribution has one source span; link one")
            if not contents:
                report(f"cue {region.describe()}: role without relation to any CONTENT",
                       "draw a relation from the cue to its content")
                continue
            source = sources[0] if sources else None
            attributions.append(_Attr(region, source, region, contents,
                                      {region.id, *(c.id for c in contents), *([source.id] if source else [])}))
        elif region.label == lc.SOURCE_ROLE:
            contents = contents_of.get(region.id, [])
            if contents and region.id in cues_of_source:
                report(f"source {region.describe()}: linked both to a cue and straight to content",
                       "link the source to the cue, and the cue to the content")
                continue
            if contents:
                attributions.append(_Attr(region, region, None, contents, {region.id, *(c.id for c in contents)}))
            elif region.id not in cues_of_source:
                report(f"source {region.describe()}: role without relation to a CUE or CONTENT",
                       "draw a relation from the source to its cue")
        elif region.label == lc.CONTENT_ROLE and region.id not in linked_content:
            if lc.ATTRIBUTION_TYPE in region.choices:  # an attribution with neither source nor cue
                contents = [region, *contents_of.get(region.id, [])]
                attributions.append(_Attr(region, None, None, contents, {c.id for c in contents}))
            else:
                report(f"content {region.describe()}: role without relation from a CUE or SOURCE",
                       "draw a relation from the cue to the content (or, with neither source nor cue, "
                       "set the attribution type on the content)")
    return attributions
