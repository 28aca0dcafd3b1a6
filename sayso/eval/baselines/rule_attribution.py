"""Rule-based attribution extractor: cue lexicon, quotation marks, syntax-free heuristics.

What it does, per paragraph and sentence (no parser, no model):

1. **Direct quotes.** Every quotation of three or more words is a candidate; a cue
   within a few words after the closing mark (``," she said``) or just before the
   opening mark (``she said: "``) makes it a direct attribution. A quotation right
   after a direct one in the same sentence with no cue of its own is another piece of
   it (interrupted quote). Other quotations are scare quotes: ignored.
2. **Indirect speech.** Every remaining cue word (``cues.py``) outside quotations:
   - ``according to X``: the source is the noun phrase after it, the content the rest
     of the clause;
   - cue followed by a clause (``X said (that) Y``): the source is the words between
     the last comma (or sentence start) and the cue, the content runs to the end of the
     sentence; after ``told`` the object before ``that`` is skipped;
   - cue at the end (``Y, X said.`` / ``Y, said X.``): the content is everything before
     the comma, the source the words around the cue.
   Cognition cues (believe, assess, …) need an explicit source (guidelines §5.1).
3. **Type**: direct for quotes; mixed when indirect content holds a quotation mark.
4. **Source kind** from the source's words (pronoun → person; "officials" → unnamed;
   "report" → document; capitalised names → person or organisation).
5. **Nesting**: an attribution whose cue lies inside another's content gets it as parent.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from sayso.corpus.model import Attribution, Document, Entity, Span, Standoff, text_sha256
from sayso.corpus.splitter import split_sentences
from sayso.corpus.tokenize import tokens
from sayso.eval.baselines.base import Example
from sayso.eval.baselines.cues import (COGNITION, COMMUNICATION, DOCUMENT_HEADS, ORGANISATION_WORDS,
                                       SOURCE_PRONOUNS, UNNAMED_HEADS)
from sayso.options import SEED

QUOTE_PAIRS = re.compile(r"“([^”\n]*)”|\"([^\"\n]*)\"")
TRAIL = " \t,.;:!?…'\"’”"
LEAD = " \t…—–-'\"‘“"
SOURCE_ENTITY_PREFERENCE = ("PERSON", "ORG", "GPE", "NORP")


@dataclass
class _Found:
    source: Span | None
    cue: Span | None
    content: list[Span]
    type: str
    parent: "_Found | None" = None


def _trim(text: str, start: int, end: int, lead: str = " \t", trail: str = " \t") -> Span | None:
    # Any whitespace too (PolNeAR's texts hold no-break spaces): spans never start or end on it.
    while start < end and (text[start] in lead or text[start].isspace()):
        start += 1
    while end > start and (text[end - 1] in trail or text[end - 1].isspace()):
        end -= 1
    return Span(start, end) if start < end else None


def _word_spans(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    return [(a, b, text[a:b]) for a, b in tokens(text, start, end)]


DETERMINERS = frozenset("a an the this that its his her their our my your".split())
CITING = frozenset(("citing", "quoting"))
BE_VERBS = frozenset("is are was were be been being".split())
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,[^—:\n]{0,60}?)?\s*(?:\([A-Za-z .]+\))?\s*(?:—|–|-|:)\s+")


def _cue_at(words: list[tuple[int, int, str]], i: int) -> tuple[Span, int, bool] | None:
    """A cue starting at word i: (span, number of words, is_cognition)."""
    w = words[i][2].lower()
    if i > 0 and words[i - 1][2].lower() in DETERMINERS:
        return None  # "a report", "the statement": a noun, not a reporting verb
    if w == "according" and i + 1 < len(words) and words[i + 1][2].lower() == "to":
        return Span(words[i][0], words[i + 1][1]), 2, False
    if w in COMMUNICATION:
        return Span(words[i][0], words[i][1]), 1, False
    if w in COGNITION:
        return Span(words[i][0], words[i][1]), 1, True
    return None


def _noun_phrase(text: str, start: int, end: int) -> Span | None:
    """The source-like words in [start, end): drop leading adverbials up to a comma."""
    span = _trim(text, start, end, lead=" \t,;:—–-", trail=" \t,;:—–-")
    if span is None:
        return None
    chunk = text[span.start:span.end]
    that = re.search(r".*\b(?:that|and|but|while|because|after|before|when|since|although|though|as|if)\s+", chunk)
    if that:  # "Lee told reporters that the NIS" -> "the NIS"
        span = _trim(text, span.start + that.end(), span.end)
        if span is None:
            return None
        chunk = text[span.start:span.end]
    if "," in chunk:  # "On Monday, the ministry" -> "the ministry"
        cut = chunk.rfind(",") + 1
        span = _trim(text, span.start + cut, span.end, lead=" \t,", trail=" \t,")
        if span is None:
            return None
        chunk = text[span.start:span.end]
    if len(chunk.split()) > 8:  # too long to be a source: keep the last words
        words = _word_spans(text, span.start, span.end)[-6:]
        span = Span(words[0][0], span.end)
    return span


def source_kind(text: str, source: Span | None, entity_label: str | None = None) -> str | None:
    if source is None:
        return None
    if entity_label == "PERSON":
        return "person"
    words = re.findall(r"[\w’']+", text[source.start:source.end])
    lower = [w.lower() for w in words]
    if not lower:
        return "unnamed"
    if lower[-1] in SOURCE_PRONOUNS or lower[0] in SOURCE_PRONOUNS:
        return "person"
    if any(w in DOCUMENT_HEADS for w in lower):
        return "document"
    if lower[-1] in UNNAMED_HEADS and not any(w[0].isupper() for w in words[:-1] if w.lower() != "the"):
        return "unnamed"
    if any(w in ORGANISATION_WORDS for w in lower):
        return "organisation"
    capitalised = [w for w in words if w[0].isupper() and w.lower() not in ("the", "a", "an")]
    if len(capitalised) >= 2 and not any(w.isupper() for w in capitalised):
        return "person"
    if capitalised:
        return "organisation"
    return "unnamed"


def _direct_quotes(text: str, line_start: int, line_end: int, sentences: list[Span]) -> tuple[list[_Found], list[Span]]:
    found: list[_Found] = []
    quoted: list[Span] = []
    previous: tuple[_Found, Span] | None = None
    for match in QUOTE_PAIRS.finditer(text, line_start, line_end):
        inner_start, inner_end = match.span(1) if match.group(1) is not None else match.span(2)
        whole = Span(match.start(), match.end())
        quoted.append(whole)
        content = _trim(text, inner_start, inner_end, lead=LEAD, trail=TRAIL)
        if content is None or len(text[content.start:content.end].split()) < 3:
            continue
        sentence = next((s for s in sentences if s.start <= whole.end - 1 < s.end), None)
        s_end = sentence.end if sentence else line_end
        s_start = sentence.start if sentence else line_start
        after = _word_spans(text, whole.end, min(s_end, whole.end + 60))[:6]
        cue = None
        source = None
        for i in range(len(after)):
            hit = _cue_at(after, i)
            if hit and not hit[2]:
                cue = hit[0]
                before_src = _trim(text, whole.end, cue.start, lead=" \t,—–-", trail=" \t,")
                if before_src is not None:
                    source = before_src
                else:
                    rest = _word_spans(text, cue.end, s_end)
                    src_words = []
                    for a, b, w in rest[:8]:
                        if w in ",.;:!?\"“”":
                            break
                        src_words.append((a, b))
                    source = Span(src_words[0][0], src_words[-1][1]) if src_words else None
                break
        if cue is None:  # "X said: "…"" — cue just before the opening mark
            before = _word_spans(text, max(s_start, whole.start - 60), whole.start)[-4:]
            for i in range(len(before) - 1, -1, -1):
                hit = _cue_at(before, i)
                if hit and not hit[2]:
                    cue = hit[0]
                    source = _noun_phrase(text, max(s_start, cue.start - 60), cue.start)
                    break
        if cue is None:
            if previous is not None and previous[1].end >= whole.start - 40 and sentence and \
                    previous[1].start >= sentence.start - 1:
                previous[0].content.append(content)  # interrupted quotation: another piece
            continue
        item = _Found(source, cue, [content], "direct")
        found.append(item)
        previous = (item, whole)
    return found, quoted


def _indirect(text: str, sentence: Span, quoted: list[Span], used_cues: list[Span]) -> list[_Found]:
    found: list[_Found] = []
    citing: list[tuple[Span, Span]] = []
    words = _word_spans(text, sentence.start, sentence.end)
    end = _trim(text, sentence.start, sentence.end, trail=" \t.!?…\"”’")
    s_end = end.end if end else sentence.end
    i = 0
    while i < len(words):
        hit = _cue_at(words, i)
        if not hit or any(q.start <= words[i][0] < q.end for q in quoted) or \
                any(c.overlaps(hit[0]) for c in used_cues):
            i += 1
            continue
        cue, width, cognition = hit
        after = words[i + width:]
        item: _Found | None = None
        if text[cue.start:cue.end].lower() == "according to":
            src_words = []
            for a, b, w in after:
                if w in ",.;:":
                    break
                src_words.append((a, b))
            source = Span(src_words[0][0], src_words[-1][1]) if src_words else None
            if source is not None:
                before = _trim(text, sentence.start, cue.start, lead=LEAD, trail=" \t,")
                rest = _trim(text, source.end, s_end, lead=" \t,")
                # "According to X, Y." / "Y, according to X." / "A, according to X, B."
                pieces = [p for p in (before, rest) if p is not None]
                if pieces:
                    item = _Found(source, cue, pieces, "indirect")
        elif len(after) >= 3 and after[0][2] not in ",.;":
            j = 0
            lower = [w.lower() for _, _, w in after]
            if text[cue.start:cue.end].lower() in ("told", "tell", "tells", "telling"):
                j = lower.index("that") + 1 if "that" in lower[:7] else 1
            elif "that" in lower[:4]:  # "said (on Monday) that …"
                j = lower.index("that") + 1
            # "X, citing Y, said": the source ends before the citing phrase
            source_end = citing[0][0].start if citing else cue.start
            source = _noun_phrase(text, sentence.start, source_end)
            if source is not None and source.end > cue.start:
                source = None
            passive = i > 0 and words[i - 1][2].lower() in BE_VERBS
            if passive:  # "it was reported that": no source; "is believed": no attribution
                source = None
            start = after[j][0] if j < len(after) else s_end
            content = _trim(text, start, s_end, trail=" \t,")
            if content is not None and len(text[content.start:content.end].split()) >= 2 and \
                    (source is not None or not cognition):
                item = _Found(source, cue, [content], "indirect")
        else:  # cue at the end: "Y, X said." / "Y, said X."
            comma = text.rfind(",", sentence.start, cue.start)
            if comma > sentence.start:
                content = _trim(text, sentence.start, comma, lead=LEAD, trail=" \t,")
                source = _trim(text, comma + 1, cue.start, trail=" \t,")
                if source is None and after:
                    source = _trim(text, cue.end, s_end, lead=" \t,")
                if content is not None and (source is not None or not cognition):
                    item = _Found(source, cue, [content], "indirect")
        if text[cue.start:cue.end].lower() in CITING:
            # "X, citing Y, said Z": Y is a source whose content is the main cue's
            src_words = []
            for a, b, w in after[:10]:
                if w in ",.;:":
                    break
                src_words.append((a, b))
            if src_words:
                citing.append((cue, Span(src_words[0][0], src_words[-1][1])))
            used_cues.append(cue)
            i += width
            continue
        if item is not None and item.content:
            first = item.content[0]
            dateline = DATELINE.match(text[first.start:first.end])
            if dateline and first.start == 0:
                item.content[0] = Span(first.start + dateline.end(), first.end)
        if item is not None:
            if any(ch in text[item.content[0].start:item.content[0].end] for ch in "“”\""):
                item.type = "mixed"
            found.append(item)
            used_cues.append(cue)
            for cited_cue, cited in citing:
                found.append(_Found(cited, cited_cue, list(item.content), "indirect", parent=item))
            citing.clear()
        i += width
    return found


def extract_attributions(text: str, entities: Sequence[Entity] = ()) -> tuple[Attribution, ...]:
    """Attributions of ``text`` by the rules above; ``entities`` give source links."""
    sentences = [Span(s, e) for s, e in split_sentences(text)]
    found: list[_Found] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        direct, quoted = _direct_quotes(text, start, end, sentences)
        found.extend(direct)
        used = [f.cue for f in direct if f.cue is not None]
        for sentence in sentences:
            if start <= sentence.start < end:
                found.extend(_indirect(text, sentence, quoted, used))
    found.sort(key=lambda f: (f.cue.start if f.cue else f.content[0].start))
    out = []
    labels = {e.id: e.label for e in entities}
    ids = {id(f): f"a{i}" for i, f in enumerate(found, start=1)}
    for f in found:
        parent = f.parent or _structural_parent(f, found, text)
        out.append(Attribution(
            id=ids[id(f)], source=f.source, cue=f.cue, content=tuple(f.content), type=f.type,
            source_kind=source_kind(text, f.source, labels.get(_source_entity(f.source, entities))),
            source_entity=_source_entity(f.source, entities),
            parent=ids[id(parent)] if parent is not None else None))
    return tuple(out)


def _structural_parent(f: _Found, found: list[_Found], text: str) -> _Found | None:
    """The innermost attribution whose content holds f's cue; mutual containment is
    resolved for "according to" (the outer one, guidelines §5.8) and otherwise dropped."""
    if f.cue is None or text[f.cue.start:f.cue.end].lower() == "according to":
        return None
    def holds(g: _Found, h: _Found) -> bool:
        return h.cue is not None and any(c.contains(h.cue) for c in g.content)
    candidates = [g for g in found if g is not f and g.parent is not f and holds(g, f)
                  and (not holds(f, g) or text[g.cue.start:g.cue.end].lower() == "according to")]
    return min(candidates, key=lambda g: sum(c.end - c.start for c in g.content), default=None)


def _source_entity(source: Span | None, entities: Sequence[Entity]) -> str | None:
    if source is None:
        return None
    inside = [e for e in entities if source.contains(e.span) and e.label in SOURCE_ENTITY_PREFERENCE]
    inside.sort(key=lambda e: (SOURCE_ENTITY_PREFERENCE.index(e.label), e.start))
    return inside[0].id if inside else None


class RuleAttributions:
    """The rule-based attribution baseline (attributions layer only)."""

    name = "rule-attributions"
    layers = ("attributions",)

    def fit(self, train: Sequence[Example], seed: int = SEED) -> None:
        return None  # rules do not learn

    def predict(self, document: Document) -> Standoff:
        return Standoff(id=document.id, text_sha256=text_sha256(document.text),
                        attributions=extract_attributions(document.text))
