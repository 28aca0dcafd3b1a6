"""Check standoff records against their document text; report every problem at once.

Shape (JSON Schema) is checked when a file is read (:mod:`sayso.corpus.standoff_io`);
here we check what needs the text and the links: document known, hash, offsets in
range and not on whitespace, flat entities, unique ids, links that resolve, no cycles
in ``parent``, claims inside the content of the attribution they are linked to.
"""
from __future__ import annotations

import os
from typing import Iterable

from sayso.corpus.model import Span, Standoff
from sayso.corpus.sources import SourcePack
from sayso.corpus.standoff_io import StandoffLine, collect_standoff
from sayso.errors import InputError, Problem


def content_hull(content: tuple[Span, ...]) -> Span:
    """From the first content span's start to the last one's end.

    A claim may run across an interrupting frame ("X, officials said, Y": guidelines §4.5),
    so "inside the content" means inside this hull, not inside one piece.
    """
    return Span(min(c.start for c in content), max(c.end for c in content))


# A record with a million bad items would otherwise make a million problems (and lines of
# output): past this many, problems of one record are counted, not kept.
MAX_PROBLEMS_PER_RECORD = 1000


def _short(number: int) -> str:
    """An offset for a message: a 4,000-digit number is not printed whole."""
    text = str(number)
    return text if len(text) <= 20 else f"{text[:8]}…({len(text)} digits)"


def validate_record(record: Standoff, text: str, file: str = "<record>", line: int | None = None) -> list[Problem]:
    """Every problem of one record against its (already hash-checked) text.

    Time is O(n log n) in the number of items (sorting for overlaps; the rest is linear).
    At most :data:`MAX_PROBLEMS_PER_RECORD` problems are kept, then one that counts the rest.
    """
    problems: list[Problem] = []
    unlisted = 0

    def report(what: str, todo: str) -> None:
        nonlocal unlisted
        if len(problems) < MAX_PROBLEMS_PER_RECORD:
            problems.append(Problem(file, line, record.id, what, todo))
        else:
            unlisted += 1

    size = len(text)
    out_of_range: set[str] = set()

    def check_span(where: str, item_id: str, start: int, end: int) -> None:
        if not 0 <= start < end <= size:
            out_of_range.add(item_id)
            report(f"{where} {item_id} [{_short(start)}, {_short(end)}) is out of range or empty "
                   f"(text has {size} characters)",
                   "use end-exclusive code-point offsets with start < end <= len(text)")
        else:
            report(f"{where} {item_id} [{start}, {end}) starts or ends on whitespace",
                   "trim the span to its first and last non-space character")

    def bad(start: int, end: int) -> bool:
        return not (0 <= start < end <= size) or text[start].isspace() or text[end - 1].isspace()

    # Spans in iter_spans order; the loops are inline because a file can hold millions.
    for k, sentence in enumerate(record.sentences or ()):
        if bad(sentence.start, sentence.end):
            check_span("sentence", f"s{k + 1}", sentence.start, sentence.end)
    for items, where in ((record.entities or (), "entity"), (record.claims or (), "claim")):
        for item in items:
            start, end = item.start, item.end
            if not (0 <= start < end <= size) or text[start].isspace() or text[end - 1].isspace():
                check_span(where, item.id, start, end)
    for a in record.attributions or ():
        roles = [("attribution source", a.source), ("attribution cue", a.cue)]
        roles += [(f"attribution content[{k}]", c) for k, c in enumerate(a.content)]
        for where, span in roles:
            if span is not None and bad(span.start, span.end):
                check_span(where, a.id, span.start, span.end)

    for layer in ("entities", "claims", "attributions"):
        seen: set[str] = set()
        for item in record.layer(layer) or ():
            if item.id in seen:
                report(f"duplicate {layer[:-1]} id {item.id!r}", "give every item of a layer its own id")
            seen.add(item.id)

    # overlaps only among spans in range: a bad offset is reported once, above
    entities = sorted((e for e in record.entities or () if e.id not in out_of_range), key=lambda e: (e.start, e.end))
    for before, after in zip(entities, entities[1:]):
        if after.start < before.end:
            report(f"entities {before.id} [{before.start}, {before.end}) and {after.id} "
                   f"[{after.start}, {after.end}) overlap",
                   "entity mentions are flat: keep the maximal mention only")

    sentences = sorted(record.sentences or (), key=lambda s: s.start)
    for before, after in zip(sentences, sentences[1:]):
        if after.start < before.end:
            report(f"sentences [{before.start}, {before.end}) and [{after.start}, {after.end}) overlap",
                   "sentence spans must not overlap")

    entity_ids = {e.id for e in record.entities or ()}
    attributions = {a.id: a for a in record.attributions or ()}
    for a in attributions.values():
        if not a.content:  # the schema says so for files; records built in memory reach here too
            report(f"attribution {a.id} has no content span", "name at least one content span, or drop the attribution")
    # once each, not per claim
    hulls = {a_id: content_hull(a.content) for a_id, a in attributions.items() if a.content}
    for claim in record.claims or ():
        if claim.attribution is None:
            continue
        owner = attributions.get(claim.attribution)
        if owner is None:
            report(f"claim {claim.id} links to attribution {claim.attribution!r}, which does not exist",
                   "link to an attribution id of this document, or set attribution to null")
        elif owner.id in hulls and not hulls[owner.id].contains(Span(claim.start, claim.end)):
            report(f"claim {claim.id} [{claim.start}, {claim.end}) is linked to {owner.id} but lies outside "
                   "its content", "shrink the claim to lie inside the attribution's content, or unlink it")
    for attribution in attributions.values():
        if attribution.source_entity is not None and attribution.source_entity not in entity_ids:
            hint = ("add the entities layer" if record.entities is None
                    else "link to an entity id of this document, or set source_entity to null")
            report(f"attribution {attribution.id} source_entity {attribution.source_entity!r} does not exist", hint)
        if attribution.parent is not None and attribution.parent not in attributions:
            report(f"attribution {attribution.id} parent {attribution.parent!r} does not exist",
                   "link to an attribution id of this document, or set parent to null")
    for cycle_start in _parent_cycles(attributions):
        report(f"attribution {cycle_start} is its own ancestor (cycle in parent links)",
               "parent must point to the attribution whose content contains this one")
    if unlisted:
        problems.append(Problem(file, line, record.id, f"… and {unlisted} more problem(s) in this record",
                                "fix the ones above first; they are often one mistake repeated"))
    return problems


def _parent_cycles(attributions: dict) -> list[str]:
    """The smallest id of each parent cycle, sorted (deterministic reports).

    Each attribution has at most one parent, so the links form a functional graph: walk
    from every node not yet visited, colouring nodes as on the current walk or finished;
    meeting a node of the current walk closes a cycle. Every node is visited once: O(n).
    """
    state: dict[str, int] = {}  # 1: on the current walk, 2: finished
    found: list[str] = []
    for start in attributions:
        walk: list[str] = []
        node: str | None = start
        while node is not None and node in attributions and node not in state:
            state[node] = 1
            walk.append(node)
            node = attributions[node].parent
        if node is not None and state.get(node) == 1:  # the walk ran into itself
            found.append(min(walk[walk.index(node):]))
        for visited in walk:
            state[visited] = 2
    return sorted(found)


def validate_lines(lines: Iterable[StandoffLine], pack: SourcePack) -> list[Problem]:
    """Problems of parsed lines against the pack: unknown documents, hashes, then each record."""
    problems: list[Problem] = []
    for item in lines:
        try:
            doc = pack.verified(item.record.id, item.record.text_sha256, file=item.file, line=item.line)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(validate_record(item.record, doc.text, item.file, item.line))
    return problems


def validate_files(paths: Iterable[str | os.PathLike[str]], pack: SourcePack) -> list[Problem]:
    """Every problem in every file; unreadable lines are reported, not raised."""
    problems: list[Problem] = []
    for path in paths:
        lines, found = collect_standoff(path)
        problems.extend(found)
        problems.extend(validate_lines(lines, pack))
    return problems
