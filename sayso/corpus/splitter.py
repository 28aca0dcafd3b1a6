"""A news-aware sentence splitter that returns character spans.

It proposes the sentences that annotators then correct (gold sentences are judgments,
not this function's output). Rules, in the order they apply:

1. A line break is always a boundary: paragraphs, headings and media-credit lines
   are sentences of their own.
2. Inside a line, a boundary candidate is terminal punctuation (``.``, ``!``, ``?``,
   ``…`` or ``...``) plus any closing quotes or brackets that follow it, then space.
3. The candidate is kept only if what follows can open a sentence: an upper-case
   letter or a digit, possibly after an opening quote, bracket or dash.
4. It is dropped after known abbreviations (titles "Mr.", "Gov.", "Dept.", months
   "Nov.", "No." before a number...), after single-letter initials ("J. Smith"), and
   after dotted acronyms ("U.S.") unless the next word is a typical sentence opener
   ("The", "He", "But" ...), because "the U.S. Navy" is far more common than a
   sentence ending in "U.S.".
5. Datelines ("SEOUL, South Korea, Nov 20, (AP):", "WASHINGTON (AP) —") contain no
   terminal punctuation and so stay with the sentence they introduce.

Spans never start or end on whitespace.

>>> text = 'Gov. Ana Ruiz said the U.S. Navy left at 3.5 knots. "We saw it." Then rain...'
>>> [text[s:e] for s, e in split_sentences(text)]
['Gov. Ana Ruiz said the U.S. Navy left at 3.5 knots.', '"We saw it."', 'Then rain...']
"""
from __future__ import annotations

import re

# Lower-cased, without the final dot. Checked against the word just before the dot.
TITLE_ABBREVIATIONS = frozenset("""
mr mrs ms dr prof gov sen rep gen col lt sgt capt cmdr adm maj cpl pvt st mt ft jr sr
rev hon pres supt det insp messrs mme mlle
dept inc corp co ltd bros assn univ est approx fig vol vs
jan feb mar apr jun jul aug sep sept oct nov dec
ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn miss mo mont
neb nev okla ore pa tenn tex va vt wash wis wyo
""".split())
# Abbreviations that only hold before a number ("No. 1", "p. 12", "Art. 5").
NUMBER_ABBREVIATIONS = frozenset("no nos nr p pp art sec ch para op".split())
# Capitalised words that typically open a sentence: after "U.S." they signal a boundary.
SENTENCE_OPENERS = frozenset("""
the a an he she it they we i you his her its their our this that these those there
but and so yet however meanwhile in on at for from by with after before during while
when if although though since as officials police according some many most no one two
both all each what who why how now then still also even instead later earlier today yesterday
""".split())

CLOSERS = "\"'”’»)]}"
OPENERS = "\"'“‘«([{"
CANDIDATE = re.compile(r"(?:\.\.\.|…|[.!?])+[" + re.escape(CLOSERS) + r"]*(?=\s)")
# After the space: any run of non-word symbols (quotes, brackets, dashes, emoji), then a word.
NEXT_WORD = re.compile(r"\s+([^\w\s]*\s*)(\w[\w.'’\-]*)")
WORD_BEFORE = re.compile(r"([\w.\-’']+)$")


def _keeps_boundary(line: str, end_punct: int, after: int) -> bool:
    """Decide whether the candidate whose punctuation starts at ``end_punct`` is a boundary."""
    follow = NEXT_WORD.match(line, after)
    if follow is None:
        return False
    next_word = follow.group(2)
    first = next_word[0]
    if not (first.isupper() or first.isdigit()):
        return False
    if line[end_punct] != ".":  # ! ? … always end a sentence before a capital
        return True
    if line.startswith("...", end_punct):
        return True
    before = WORD_BEFORE.search(line, 0, end_punct)
    if before is None:
        return True
    word = before.group(1).strip(".-’'")
    lower = word.lower()
    bare_next = next_word.strip(OPENERS + CLOSERS + ",;:").lower()
    if lower in TITLE_ABBREVIATIONS:
        return False
    if lower in NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    if len(word) == 1 and word.isupper():  # an initial: "J. Smith"
        return False
    if "." in word and all(len(part) <= 2 for part in word.split(".")):  # U.S., a.m., Ph.D
        return bare_next in SENTENCE_OPENERS
    return True


def _split_line(line: str, offset: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in CANDIDATE.finditer(line):
        if _keeps_boundary(line, match.start(), match.end()):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(line)))
    out = []
    for s, e in spans:
        chunk = line[s:e]
        stripped_start = s + (len(chunk) - len(chunk.lstrip()))
        stripped_end = e - (len(chunk) - len(chunk.rstrip()))
        if stripped_start < stripped_end:
            out.append((offset + stripped_start, offset + stripped_end))
    return out


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans of ``text`` as ``(start, end)`` code-point offsets, end-exclusive."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for line in text.split("\n"):
        spans.extend(_split_line(line, offset))
        offset += len(line) + 1
    return spans
