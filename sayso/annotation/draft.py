"""Annotator drafts: name a span by its words, let code find the offsets and check them.

Counting characters is error-prone for people and for language models alike, so an
annotator writes a *draft* (one JSON file per document) that names every span by a
**span reference**, and :func:`resolve_draft` turns it into a standoff record:

``words``
    the words of the span, exactly as in the text, unique in the document.
``words#k``
    the k-th occurrence (1-based) of ``words``.
``words@sN`` / ``words@sN#k``
    the (k-th) occurrence inside proposed sentence N (numbers as ``sayso draft show``
    prints them) — the easy way to say which "said" you mean.
``first words ... last words``
    a long span from the start of ``first words`` to the end of the first following
    ``last words``; anchors (``@sN``, ``#k``) apply to ``first words``.
``words#*``
    (entities only) every occurrence not already covered by another entity. Wildcards
    resolve longest words first, so ``Google#*`` never swallows ``Google Science Fair``.
``\\#words``
    a span whose words begin with ``#`` and would read as an occurrence (``#2``): a
    leading backslash makes the rest plain words (``\\#2@s4`` is "#2" in sentence 4).

Matching is forgiving where typing is hard and strict where meaning is: curly and
straight quotes match each other, dashes match each other, any whitespace run matches
any whitespace run; case is exact and a reference never matches inside a longer word
("US" never matches inside "USA"). Drafts carry article words, so they stay out of git
(``annotation/work/`` is ignored); only the resolved offsets are published.

Draft shape::

    {"id": "wn-…", "annotator": "ann-a", "guidelines_version": "2.0", "preannotated": false,
     "sentences": {"split_after": ["ref", …], "join": [3, …]},
     "entities": [["ref", "LABEL"], …],
     "claims": [{"id": "c1", "span": "ref", "kind": "factual", "attribution": "a1"}],
     "attributions": [{"id": "a1", "source": "ref" | null, "cue": "ref" | null,
                       "content": ["ref", …], "type": "indirect", "source_kind": "person",
                       "source_entity": "ref of an entity mention" | null, "parent": "a0" | null}]}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sayso.corpus.model import Attribution, Claim, Document, Entity, Sentence, Span, Standoff
from sayso.corpus.splitter import split_sentences

QUOTE_MAP = str.maketrans({"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
                           "—": "-", "–": "-", "‐": "-", "‑": "-", "\u00a0": " "})
REF_RE = re.compile(r"^(?P<body>.*?)(?:@s(?P<sentence>\d+))?(?:#(?P<occurrence>\d+|\*))?$", re.DOTALL)
DRAFT_KEYS = {"id", "annotator", "guidelines_version", "preannotated", "sentences", "entities", "claims",
              "attributions", "notes", "date"}


class DraftError(ValueError):
    """A reference or field of a draft that cannot be resolved; says what to write instead."""


@dataclass(frozen=True)
class NormalisedText:
    """The text with quotes/dashes unified and whitespace runs collapsed, mapped back."""

    text: str
    origin: tuple[int, ...]  # origin[i] = offset in the original text of normalised char i

    @classmethod
    def of(cls, text: str) -> "NormalisedText":
        chars: list[str] = []
        origin: list[int] = []
        unified = text.translate(QUOTE_MAP)
        previous_space = False
        for i, ch in enumerate(unified):
            if ch.isspace():
                if previous_space:
                    continue
                chars.append(" ")
                previous_space = True
            else:
                chars.append(ch)
                previous_space = False
            origin.append(i)
        return cls("".join(chars), tuple(origin))


def normalise_phrase(phrase: str) -> str:
    return re.sub(r"\s+", " ", phrase.translate(QUOTE_MAP)).strip()


def split_reference(ref: str) -> tuple[str, str | None, str | None]:
    """``(words, sentence, occurrence)`` of a span reference.

    A reference starting with a backslash escapes its first character, so a span that
    starts with ``#`` ("#2 seed") can be named; a reference that would leave no words
    ("#2") is words too, not an occurrence of nothing.

    >>> split_reference("said@s5#2")
    ('said', '5', '2')
    >>> split_reference("\\#2@s4")
    ('#2', '4', None)
    >>> split_reference("#2")
    ('#2', None, None)
    """
    ref = ref.strip()
    if ref.startswith("\\"):
        ref = ref[1:]
    match = REF_RE.match(ref)
    assert match is not None  # the pattern matches every string
    body, sentence, occurrence = match.group("body"), match.group("sentence"), match.group("occurrence")
    if not body:
        return ref, None, None
    return body, sentence, occurrence


class SpanFinder:
    """Resolves span references against one document."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]):
        self.text = text
        self.sentences = sentences
        self.norm = NormalisedText.of(text)

    def occurrences(self, phrase: str, within: tuple[int, int] | None = None, after: int = 0) -> list[Span]:
        """All whole-word occurrences of ``phrase`` (original offsets), in order."""
        needle = normalise_phrase(phrase)
        if not needle:
            raise DraftError("empty span reference; write the words of the span")
        found = []
        hay = self.norm.text
        start = hay.find(needle)
        while start != -1:
            end = start + len(needle)
            a, b = self.norm.origin[start], self.norm.origin[end - 1] + 1
            ok_left = not (needle[0].isalnum() and start > 0 and hay[start - 1].isalnum())
            ok_right = not (needle[-1].isalnum() and end < len(hay) and hay[end].isalnum())
            inside = within is None or (within[0] <= a and b <= within[1])
            if ok_left and ok_right and inside and a >= after:
                found.append(Span(a, b))
            start = hay.find(needle, start + 1)
        return found

    def _scope(self, sentence: str | None) -> tuple[int, int] | None:
        if sentence is None:
            return None
        n = int(sentence)
        if not 1 <= n <= len(self.sentences):
            raise DraftError(f"@s{n}: there are {len(self.sentences)} proposed sentences; "
                             "use a number that `sayso draft show` prints")
        return self.sentences[n - 1]

    def sentence_number(self, offset: int) -> int:
        for i, (s, e) in enumerate(self.sentences, start=1):
            if s <= offset < e:
                return i
        return 0

    def _pick(self, phrase: str, hits: list[Span], occurrence: str | None, ref: str) -> Span:
        if not hits:
            raise DraftError(f"{ref!r}: {phrase!r} not found (whole words, case-sensitive"
                             f"{', in that sentence' if '@s' in ref else ''}); copy the words exactly")
        if occurrence is None:
            if len(hits) > 1:
                where = ", ".join(f"#{i} in s{self.sentence_number(h.start)}" for i, h in enumerate(hits, 1))
                raise DraftError(f"{ref!r}: {phrase!r} occurs {len(hits)} times ({where}); add @sN or #k")
            return hits[0]
        k = int(occurrence)
        if not 1 <= k <= len(hits):
            raise DraftError(f"{ref!r}: asked for occurrence #{k} but {phrase!r} occurs {len(hits)} time(s) there")
        return hits[k - 1]

    def resolve(self, ref: str) -> Span:
        """The span named by ``ref`` (see the module docstring)."""
        if not isinstance(ref, str):
            raise DraftError(f"span reference must be a string of words, got {ref!r}")
        body, sentence, occurrence = split_reference(ref)
        if occurrence == "*":
            raise DraftError(f"{ref!r}: '#*' is only allowed for entities")
        scope = self._scope(sentence)
        first, _, last = body.partition(" ... ")
        start_span = self._pick(first, self.occurrences(first, scope), occurrence, ref)
        if not last:
            return start_span
        ends = self.occurrences(last, None, after=start_span.start)
        ends = [e for e in ends if e.end > start_span.end or e == start_span]
        if not ends:
            raise DraftError(f"{ref!r}: end words {last!r} not found after {first!r}; copy them exactly")
        return Span(start_span.start, ends[0].end)

    def resolve_all(self, phrase_ref: str) -> list[Span]:
        """Every occurrence for an entity ``words#*`` (optionally within ``@sN``)."""
        body, sentence, _ = split_reference(phrase_ref)
        return self.occurrences(body, self._scope(sentence))


def corrected_sentences(finder: SpanFinder, corrections: dict[str, Any] | None) -> list[tuple[int, int]]:
    """Apply ``join`` (proposed numbers) and ``split_after`` (refs) to the proposed sentences."""
    proposed = list(finder.sentences)
    corrections = corrections or {}
    unknown = set(corrections) - {"split_after", "join"}
    if unknown:
        raise DraftError(f"sentences: unknown key(s) {sorted(unknown)}; use split_after and join")
    joins = sorted({int(n) for n in corrections.get("join", [])})
    for n in joins:
        if not 1 <= n < len(proposed):
            raise DraftError(f"sentences.join: {n} has no following sentence (there are {len(proposed)})")
    merged: list[tuple[int, int]] = []
    for i, (s, e) in enumerate(proposed, start=1):
        if merged and (i - 1) in joins:
            merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    cuts = sorted(finder.resolve(ref).end for ref in corrections.get("split_after", []))
    out: list[tuple[int, int]] = []
    for s, e in merged:
        pieces = [c for c in cuts if s < c < e]
        bounds = [s, *pieces, e]
        for a, b in zip(bounds, bounds[1:]):
            chunk = finder.text[a:b]
            a2 = a + len(chunk) - len(chunk.lstrip())
            b2 = b - (len(chunk) - len(chunk.rstrip()))
            if a2 < b2:
                out.append((a2, b2))
    return out


def resolve_draft(draft: dict[str, Any], document: Document) -> tuple[Standoff, list[str]]:
    """Turn a draft into a standoff record; return it with every problem found.

    Problems are strings naming the item ("claims[2] c3: …"); the record holds every
    item that resolved, so an annotator can fix all problems in one pass.
    """
    problems: list[str] = []
    unknown = set(draft) - DRAFT_KEYS
    if unknown:
        problems.append(f"unknown key(s) {sorted(unknown)}; allowed: {sorted(DRAFT_KEYS)}")
    if draft.get("id") != document.id:
        problems.append(f"draft id {draft.get('id')!r} is not the document's id {document.id!r}")
    finder = SpanFinder(document.text, split_sentences(document.text))

    def attempt(where: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except DraftError as exc:
            problems.append(f"{where}: {exc}")
        except (TypeError, KeyError, ValueError) as exc:
            problems.append(f"{where}: malformed item ({exc!r}); see the draft shape in `sayso draft --help`")
        return None

    sentences = attempt("sentences", corrected_sentences, finder, draft.get("sentences")) or finder.sentences

    explicit: list[tuple[Span, str]] = []
    wildcards: list[tuple[str, str]] = []
    for i, item in enumerate(draft.get("entities", [])):
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(x, str) for x in item)):
            problems.append(f"entities[{i}]: write [\"span ref\", \"LABEL\"], got {item!r}")
            continue
        ref, label = item
        if ref.strip().endswith("#*"):
            wildcards.append((ref.strip()[:-2], label))
            continue
        span = attempt(f"entities[{i}] {ref!r}", finder.resolve, ref)
        if span is not None:
            explicit.append((span, label))
    taken = [s for s, _ in explicit]
    # Longest words first: "Google Science Fair#*" must claim its words before "Google#*".
    wildcards.sort(key=lambda item: -len(normalise_phrase(split_reference(item[0])[0])))
    for ref, label in wildcards:
        hits = attempt(f"entities {ref + '#*'!r}", finder.resolve_all, ref) or []
        if not hits:
            problems.append(f"entities {ref + '#*'!r}: no occurrence found; copy the words exactly")
        for span in hits:
            if not any(span.overlaps(t) for t in taken):
                explicit.append((span, label))
                taken.append(span)
    explicit.sort(key=lambda item: (item[0].start, item[0].end))
    entities = tuple(Entity(f"e{i}", s.start, s.end, label) for i, (s, label) in enumerate(explicit, start=1))
    entity_at = {(e.start, e.end): e.id for e in entities}

    attributions = []
    for i, item in enumerate(draft.get("attributions", [])):
        where = f"attributions[{i}] {item.get('id', '?') if isinstance(item, dict) else '?'}"
        if not isinstance(item, dict):
            problems.append(f"{where}: write an object, got {item!r}")
            continue
        source = attempt(f"{where} source", finder.resolve, item["source"]) if item.get("source") else None
        cue = attempt(f"{where} cue", finder.resolve, item["cue"]) if item.get("cue") else None
        content = [attempt(f"{where} content[{k}]", finder.resolve, ref) for k, ref in enumerate(item.get("content", []))]
        if not content:
            problems.append(f"{where}: content is empty; name at least one content span")
        source_entity = None
        if item.get("source_entity"):
            span = attempt(f"{where} source_entity", finder.resolve, item["source_entity"])
            if span is not None:
                source_entity = entity_at.get((span.start, span.end))
                if source_entity is None:
                    problems.append(f"{where} source_entity {item['source_entity']!r}: no entity has exactly "
                                    "that span; name an entity mention listed under entities")
        if not content or None in content or (item.get("source") and source is None) or (item.get("cue") and cue is None):
            continue
        attributions.append(Attribution(
            id=str(item.get("id") or f"a{i + 1}"), source=source, cue=cue, content=tuple(content),
            type=item.get("type"), source_kind=item.get("source_kind"),
            source_entity=source_entity, parent=item.get("parent")))

    claims = []
    for i, item in enumerate(draft.get("claims", [])):
        where = f"claims[{i}] {item.get('id', '?') if isinstance(item, dict) else '?'}"
        if not isinstance(item, dict) or "span" not in item:
            problems.append(f"{where}: write an object with span, kind and attribution")
            continue
        span = attempt(where, finder.resolve, item["span"])
        if span is not None:
            claims.append(Claim(str(item.get("id") or f"c{i + 1}"), span.start, span.end, item.get("kind"),
                                item.get("attribution")))

    record = Standoff(
        id=document.id, text_sha256=document.text_sha256,
        sentences=tuple(Sentence(s, e) for s, e in sentences),
        entities=entities, claims=tuple(claims), attributions=tuple(attributions),
    )
    return record, problems


def check_labels(record: Standoff) -> list[str]:
    """Label-set problems the JSON Schema would report later, said in the annotator's terms."""
    from sayso.corpus.model import ATTRIBUTION_TYPES, CLAIM_KINDS, ENTITY_LABELS, SOURCE_KINDS

    problems = []
    for e in record.entities or ():
        if e.label not in ENTITY_LABELS:
            problems.append(f"entity {e.id} label {e.label!r} is not one of {', '.join(ENTITY_LABELS)}")
    for c in record.claims or ():
        if c.kind not in CLAIM_KINDS:
            problems.append(f"claim {c.id} kind {c.kind!r} is not one of {', '.join(CLAIM_KINDS)}")
    for a in record.attributions or ():
        if a.type not in ATTRIBUTION_TYPES:
            problems.append(f"attribution {a.id} type {a.type!r} is not one of {', '.join(ATTRIBUTION_TYPES)}")
        if a.source is None and a.source_kind is not None:
            problems.append(f"attribution {a.id} has no source, so source_kind must be null (guidelines §5.6)")
        elif a.source is not None and a.source_kind not in SOURCE_KINDS:
            problems.append(f"attribution {a.id} source_kind {a.source_kind!r} is not one of {', '.join(SOURCE_KINDS)}")
    return problems
