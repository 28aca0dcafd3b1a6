"""A trained attribution baseline: a CRF tags source, cue and content tokens; a rule groups them.

**Tagging.** Each paragraph (a run of text between line breaks: PolNeAR's content spans
never cross one) is a sequence of project tokens (:mod:`sayso.corpus.tokenize`), tagged
IOB2 over three roles, ``SRC``, ``CUE`` and ``CNT``, by a linear-chain CRF
(sklearn-crfsuite, L-BFGS, deterministic). Features per token: the word lower-cased,
its shape, prefix and suffix, capitalisation, digit and punctuation flags, whether it is
a quotation mark and whether it stands inside quotation marks, whether it is in the
rule baseline's cue lexicon (:mod:`sayso.eval.baselines.cues`), the distance to the
nearest lexicon cue on either side (bucketed), whether it starts a sentence, the word
bigrams it is part of, and the same word features for two tokens on each side. (On
PolNeAR dev the sentence-start and bigram features added 4-5 points of exact F1 to
every role.)

**Training data.** The gold attributions of the SaySo train split and, when the sources
hold PolNeAR, PolNeAR's train split (840 articles, its human gold, first annotator).
SaySo's nested attributions are tagged with cue and source over content (a token gets
one role: cue, then source, then content).

**Grouping.** In each paragraph every predicted cue span starts an attribution; every
source and content span joins the cue nearest to it (in tokens). An attribution keeps
its nearest source and all its content spans; one without content is dropped; one
left without a source takes the nearest source before its cue (a source shared by
several cues, as "X warned ... and said ..."). Its
``type`` is ``direct`` when the content starts with a quotation mark, else ``indirect``;
``source_kind``, ``source_entity`` and ``parent`` are not predicted (null).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Sequence

from sayso.corpus.model import Attribution, Document, Span, Standoff, text_sha256
from sayso.corpus.tokenize import tokens
from sayso.eval.baselines.base import Example
from sayso.eval.baselines.cues import COGNITION, COMMUNICATION

ROLES = {"source": "SRC", "cue": "CUE", "content": "CNT"}
PRECEDENCE = ("content", "source", "cue")  # later roles win a token: cue over source over content
OPEN_QUOTES, CLOSE_QUOTES, BOTH_QUOTES = "“‘«", "”’»", "\"'"
CUE_WORDS = COMMUNICATION | COGNITION | {"according"}
PARAGRAPH = re.compile(r"[^\n]+")


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def _bucket(distance: int | None) -> str:
    if distance is None:
        return "none"
    for limit in (1, 2, 3, 5, 8, 13, 21):
        if distance <= limit:
            return str(limit)
    return "far"


def _in_quotes(words: list[str]) -> list[bool]:
    """Whether each token stands inside quotation marks (the marks themselves: no)."""
    inside, out = False, []
    for w in words:
        if w in OPEN_QUOTES and w != "'":
            out.append(False)
            inside = True
        elif w in CLOSE_QUOTES and w != "'":
            out.append(False)
            inside = False
        elif w == '"':
            out.append(False)
            inside = not inside
        else:
            out.append(inside)
    return out


def paragraph_features(words: list[str]) -> list[dict[str, object]]:
    """The CRF features of every token of one paragraph."""
    lower = [w.lower() for w in words]
    cue = [w in CUE_WORDS for w in lower]
    quoted = _in_quotes(words)
    left: list[int | None] = []
    last = None
    for i, c in enumerate(cue):
        left.append(None if last is None else i - last)
        if c:
            last = i
    right: list[int | None] = [None] * len(words)
    nxt = None
    for i in range(len(words) - 1, -1, -1):
        right[i] = None if nxt is None else nxt - i
        if cue[i]:
            nxt = i
    feats = []
    for i, w in enumerate(words):
        f: dict[str, object] = {
            "bias": 1.0, "lower": lower[i], "shape": _shape(w), "prefix3": lower[i][:3], "suffix3": lower[i][-3:],
            "title": w[:1].isupper(), "upper": w.isupper(), "digit": any(c.isdigit() for c in w),
            "punct": not any(c.isalnum() for c in w), "quote": w in OPEN_QUOTES + CLOSE_QUOTES + BOTH_QUOTES,
            "quoted": quoted[i], "cue": cue[i], "cue_left": _bucket(left[i]), "cue_right": _bucket(right[i]),
            "position": _bucket(i), "first": i == 0, "last": i == len(words) - 1,
            "sentence_start": i == 0 or words[i - 1] in (".", "!", "?"),
            "bigram_left": (lower[i - 1] if i else "<p>") + "|" + lower[i],
            "bigram_right": lower[i] + "|" + (lower[i + 1] if i + 1 < len(words) else "</p>"),
        }
        for offset in (-2, -1, 1, 2):
            j = i + offset
            if 0 <= j < len(words):
                f[f"{offset}:lower"] = lower[j]
                f[f"{offset}:cue"] = cue[j]
                f[f"{offset}:title"] = words[j][:1].isupper()
                f[f"{offset}:quote"] = words[j] in OPEN_QUOTES + CLOSE_QUOTES + BOTH_QUOTES
            else:
                f[f"{offset}:pad"] = True
        feats.append(f)
    return feats


def paragraphs(text: str) -> list[list[tuple[int, int]]]:
    """Token spans of each paragraph (runs between line breaks) that has tokens."""
    out = []
    for m in PARAGRAPH.finditer(text):
        spans = tokens(text, m.start(), m.end())
        if spans:
            out.append(spans)
    return out


def role_tags(spans: list[tuple[int, int]], attributions: Sequence[Attribution]) -> list[str]:
    """IOB2 role tags of one paragraph's tokens from gold attributions."""
    roles: list[str | None] = [None] * len(spans)
    owner: list[tuple[int, int]] = [(-1, -1)] * len(spans)  # which attribution piece a token belongs to
    starts, ends = [a for a, _ in spans], [b for _, b in spans]
    for role in PRECEDENCE:
        for k, att in enumerate(attributions):
            pieces = att.content if role == "content" else (getattr(att, role),)
            for n, piece in enumerate(pieces):
                if piece is None:
                    continue
                for t in range(bisect_right(ends, piece.start), bisect_left(starts, piece.end)):
                    roles[t], owner[t] = role, (k, n)
    tags = []
    for t, role in enumerate(roles):
        if role is None:
            tags.append("O")
        else:
            begins = t == 0 or roles[t - 1] != role or owner[t - 1] != owner[t]
            tags.append(f"{'B' if begins else 'I'}-{ROLES[role]}")
    return tags


def decode_spans(spans: list[tuple[int, int]], tags: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """(role tag, first token, last token, start, end) of every tagged run."""
    out: list[tuple[str, int, int, int, int]] = []
    for t, tag in enumerate(tags):
        if tag == "O":
            continue
        prefix, role = tag.split("-", 1)
        if prefix == "I" and out and out[-1][0] == role and out[-1][2] == t - 1:
            r, first, _, start, _ = out[-1]
            out[-1] = (r, first, t, start, spans[t][1])
        else:
            out.append((role, t, t, spans[t][0], spans[t][1]))
    return out


def group(runs: list[tuple[str, int, int, int, int]], text: str) -> list[tuple[Span | None, Span, list[Span], str]]:
    """Attributions from one paragraph's runs: (source, cue, contents, type)."""
    cues = [r for r in runs if r[0] == "CUE"]
    if not cues:
        return []

    def nearest(run: tuple[str, int, int, int, int]) -> int:
        def gap(c: tuple[str, int, int, int, int]) -> int:
            return max(c[1] - run[2], run[1] - c[2], 0)
        return min(range(len(cues)), key=lambda k: (gap(cues[k]), k))

    sources: dict[int, list] = {}
    contents: dict[int, list] = {}
    for run in runs:
        if run[0] == "SRC":
            sources.setdefault(nearest(run), []).append(run)
        elif run[0] == "CNT":
            contents.setdefault(nearest(run), []).append(run)
    out = []
    for k, cue in enumerate(cues):
        if k not in contents:
            continue
        src = min(sources.get(k, []), key=lambda r: max(cue[1] - r[2], r[1] - cue[2], 0), default=None)
        if src is None:  # a shared source ("X warned ... and said ..."): the nearest one before the cue
            src = max((r for r in runs if r[0] == "SRC" and r[2] < cue[1]), key=lambda r: r[2], default=None)
        content = [Span(r[3], r[4]) for r in contents[k]]
        first = text[content[0].start] if content else ""
        kind = "direct" if first in OPEN_QUOTES + BOTH_QUOTES else "indirect"
        out.append((Span(src[3], src[4]) if src else None, Span(cue[3], cue[4]), content, kind))
    return out


class CrfAttributions:
    """The trained attribution baseline (see the module docstring)."""

    name = "crf-attributions"
    layers = ("attributions",)
    # Extra training data the runner adds when the sources hold it (see sayso.eval.baselines.run).
    extra_training = "polnear:train"

    def __init__(self, c1: float = 0.1, c2: float = 0.01, max_iterations: int = 100):
        self.params = {"c1": c1, "c2": c2, "max_iterations": max_iterations}
        self.model = None
        self.trained_on: dict[str, int] = {}

    def fit(self, train: Sequence[Example], seed: int = 12345) -> None:
        import sklearn_crfsuite

        X, y = [], []
        for ex in train:
            attributions = ex.gold.attributions or ()
            for spans in paragraphs(ex.document.text):
                words = [ex.document.text[a:b] for a, b in spans]
                X.append(paragraph_features(words))
                y.append(role_tags(spans, attributions))
            source = "polnear" if ex.document.id.startswith("pn-") else "sayso"
            self.trained_on[source] = self.trained_on.get(source, 0) + 1
        if not X:
            raise ValueError("crf-attributions needs training documents with an attributions layer")
        self.model = sklearn_crfsuite.CRF(algorithm="lbfgs", all_possible_transitions=True, **self.params)
        self.model.fit(X, y)

    def attributions(self, text: str) -> tuple[Attribution, ...]:
        if self.model is None:
            raise RuntimeError("crf-attributions: call fit() before predict()")
        units = paragraphs(text)
        features = [paragraph_features([text[a:b] for a, b in spans]) for spans in units]
        found = []
        for spans, tags in zip(units, self.model.predict(features) if features else []):
            found.extend(group(decode_spans(spans, tags), text))
        return tuple(Attribution(f"a{i}", source, cue, tuple(content), kind)
                     for i, (source, cue, content, kind) in enumerate(found, start=1))

    def predict(self, document: Document) -> Standoff:
        return Standoff(id=document.id, text_sha256=text_sha256(document.text),
                        attributions=self.attributions(document.text))
