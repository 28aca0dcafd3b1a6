"""A scikit-learn claim baseline: sentence-level detection, kind, and a span heuristic.

- **Detection**: logistic regression over TF-IDF word uni- and bigrams plus a few
  flags (digits, quotation marks, future modals, reporting cues), trained on the train
  split's gold sentences; a sentence is positive when a gold claim starts in it.
- **Kind**: a second logistic regression over the same features, trained on the
  positive sentences, predicting the kind of the first claim in the sentence.
- **Span**: inside a positive sentence, the content of an attribution found there (and
  the claim is linked to it) or else the sentence without a leading dateline and final
  punctuation (writer's voice).
Deterministic: liblinear / L-BFGS with a fixed ``random_state`` (the seed).
"""
from __future__ import annotations

import re
from typing import Sequence

from sayso.corpus.model import Attribution, Claim, Document, Span, Standoff, text_sha256
from sayso.corpus.splitter import split_sentences
from sayso.eval.baselines.base import Example
from sayso.eval.baselines.cues import COMMUNICATION
from sayso.options import SEED

FUTURE = re.compile(r"\b(?:will|would|could|may|might|expects?|expected|forecasts?|plans? to|next)\b", re.I)
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:,[^—:\n]{0,60}?)?\s*(?:\([A-Za-z .]+\))?\s*(?:—|–|-|:)\s+")


def _flags(sentence: str) -> str:
    words = set(re.findall(r"[a-z]+", sentence.lower()))
    flags = []
    if re.search(r"\d", sentence):
        flags.append("__digit__")
    if re.search(r"[\"“”]", sentence):
        flags.append("__quote__")
    if FUTURE.search(sentence):
        flags.append("__future__")
    if words & COMMUNICATION:
        flags.append("__cue__")
    if sentence.rstrip().endswith("?"):
        flags.append("__question__")
    return " ".join(flags)


def sentence_labels(example: Example) -> list[tuple[str, str | None]]:
    """(sentence text + flags, kind of its first claim or None) for every gold sentence."""
    out = []
    text = example.document.text
    claims = sorted(example.gold.claims or (), key=lambda c: c.start)
    for s in example.gold.sentences or ():
        sentence = text[s.start:s.end]
        kind = next((c.kind for c in claims if s.start <= c.start < s.end), None)
        out.append((sentence + " " + _flags(sentence), kind))
    return out


def _span_without_frame(text: str, start: int, end: int) -> Span | None:
    m = DATELINE.match(text[start:end])
    if m:
        start += m.end()
    while end > start and text[end - 1] in " .!?\"”’'":
        end -= 1
    while start < end and text[start] in " \"“‘'":
        start += 1
    return Span(start, end) if start < end else None


def _depth(attribution: Attribution, attributions: Sequence[Attribution]) -> int:
    parents = {a.id: a.parent for a in attributions}
    depth, node, seen = 0, attribution.parent, set()
    while node is not None and node not in seen:
        seen.add(node)
        depth += 1
        node = parents.get(node)
    return depth


class LrClaims:
    name = "lr-claims"
    layers = ("claims",)

    def __init__(self) -> None:
        self.detector = None
        self.kinds = None

    def fit(self, train: Sequence[Example], seed: int = SEED) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_pipeline

        rows = [row for ex in train for row in sentence_labels(ex)]
        if not rows or len({kind is None for _, kind in rows}) < 2:
            raise ValueError("lr-claims needs train sentences with and without claims; build the corpus first")
        texts = [t for t, _ in rows]
        self.detector = make_pipeline(
            TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True),
            LogisticRegression(solver="liblinear", C=4.0, class_weight="balanced", random_state=seed))
        self.detector.fit(texts, [kind is not None for _, kind in rows])
        positives = [(t, k) for t, k in rows if k is not None]
        if len({k for _, k in positives}) > 1:
            self.kinds = make_pipeline(
                TfidfVectorizer(ngram_range=(1, 2), min_df=1, sublinear_tf=True),
                LogisticRegression(solver="lbfgs", C=4.0, max_iter=1000, random_state=seed))
            self.kinds.fit([t for t, _ in positives], [k for _, k in positives])
        else:
            self.kinds = positives[0][1]

    def claims(self, text: str, attributions: Sequence[Attribution] = ()) -> tuple[Claim, ...]:
        if self.detector is None:
            raise RuntimeError("lr-claims: call fit() on the train split before predict()")
        spans = split_sentences(text)
        if not spans:
            return ()
        inputs = [text[s:e] + " " + _flags(text[s:e]) for s, e in spans]
        positive = self.detector.predict(inputs)
        kinds = self.kinds.predict(inputs) if not isinstance(self.kinds, str) else [self.kinds] * len(inputs)
        out: list[Claim] = []
        for (s, e), is_claim, kind in zip(spans, positive, kinds):
            if not is_claim:
                continue
            window = Span(s, e)
            inside = [a for a in attributions if a.content and window.contains(a.content[0])]
            if inside:
                # one claim per content span, linked to the innermost attribution (guidelines §4.5)
                by_span: dict[Span, Attribution] = {}
                for a in sorted(inside, key=lambda a: _depth(a, attributions)):
                    by_span[a.content[0]] = a
                for c, a in sorted(by_span.items()):
                    out.append(Claim(f"c{len(out) + 1}", c.start, c.end, str(kind), a.id))
            else:
                span = _span_without_frame(text, s, e)
                if span is not None:
                    out.append(Claim(f"c{len(out) + 1}", span.start, span.end, str(kind), None))
        return tuple(out)

    def predict(self, document: Document) -> Standoff:
        return Standoff(id=document.id, text_sha256=text_sha256(document.text), claims=self.claims(document.text))
