"""A CRF entity tagger trained on the train split (sklearn-crfsuite, hand-made features).

Features per token: the word lower-cased, its shape (Xxxx, dd, X.X.), prefixes and
suffixes, capitalisation and digit flags, and the same for the two tokens on each
side. Tags are IOB2 over the project tokenisation; decoding turns each B/I run into a
span from its first token's start to its last token's end. Training is deterministic
(L-BFGS from a fixed start), so the same train split gives the same model.
"""
from __future__ import annotations

import re
from typing import Sequence

from sayso.corpus.model import Document, Entity, Standoff, text_sha256
from sayso.corpus.rows import bio_tags
from sayso.corpus.splitter import split_sentences
from sayso.corpus.tokenize import tokens
from sayso.eval.baselines.base import Example
from sayso.options import SEED


def _shape(word: str) -> str:
    shape = re.sub(r"[A-Z]", "X", word)
    shape = re.sub(r"[a-z]", "x", shape)
    shape = re.sub(r"\d", "d", shape)
    return re.sub(r"(.)\1{2,}", r"\1\1", shape)


def _token_features(words: list[str], i: int) -> dict[str, object]:
    feats: dict[str, object] = {"bias": 1.0}
    for offset in (-2, -1, 0, 1, 2):
        j = i + offset
        key = f"{offset}:"
        if 0 <= j < len(words):
            w = words[j]
            feats[key + "lower"] = w.lower()
            feats[key + "shape"] = _shape(w)
            feats[key + "title"] = w[:1].isupper()
            feats[key + "upper"] = w.isupper()
            feats[key + "digit"] = any(c.isdigit() for c in w)
            if offset == 0:
                feats["suffix3"] = w[-3:].lower()
                feats["prefix3"] = w[:3].lower()
                feats["suffix2"] = w[-2:].lower()
                feats["first"] = i == 0
        else:
            feats[key + "pad"] = True
    return feats


def _sentence_tokens(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str]]:
    spans = tokens(text, start, end)
    return spans, [text[a:b] for a, b in spans]


def decode(spans: list[tuple[int, int]], tags: list[str]) -> list[tuple[int, int, str]]:
    """IOB2 tags to (start, end, label) spans; a stray I- starts a new mention."""
    out: list[tuple[int, int, str]] = []
    current: list = []
    for (a, b), tag in zip(spans, tags):
        if tag == "O":
            current = []
            continue
        prefix, label = tag.split("-", 1)
        if prefix == "I" and current and current[2] == label:
            current[1] = b
            out[-1] = tuple(current)
        else:
            current = [a, b, label]
            out.append(tuple(current))
    return out


class CrfEntities:
    name = "crf-entities"
    layers = ("entities",)

    def __init__(self, c1: float = 0.05, c2: float = 0.05, max_iterations: int = 150):
        self.params = {"c1": c1, "c2": c2, "max_iterations": max_iterations}
        self.model = None

    def fit(self, train: Sequence[Example], seed: int = SEED) -> None:
        import sklearn_crfsuite

        X, y = [], []
        for ex in train:
            for s in ex.gold.sentences or ():
                spans, words = _sentence_tokens(ex.document.text, s.start, s.end)
                if words:
                    X.append([_token_features(words, i) for i in range(len(words))])
                    y.append(bio_tags(spans, ex.gold))
        if not X:
            raise ValueError("crf-entities needs gold sentences and entities in the train split; "
                             "build the corpus first (sayso build) or pass training data")
        self.model = sklearn_crfsuite.CRF(algorithm="lbfgs", all_possible_transitions=True, **self.params)
        self.model.fit(X, y)

    def entities(self, text: str) -> tuple[Entity, ...]:
        if self.model is None:
            raise RuntimeError("crf-entities: call fit() on the train split before predict()")
        found: list[tuple[int, int, str]] = []
        sentences = [_sentence_tokens(text, s, e) for s, e in split_sentences(text)]
        sentences = [(spans, words) for spans, words in sentences if words]
        features = [[_token_features(words, i) for i in range(len(words))] for _, words in sentences]
        for (spans, _), tags in zip(sentences, self.model.predict(features) if features else []):
            found.extend(decode(spans, tags))
        return tuple(Entity(f"e{i}", a, b, label) for i, (a, b, label) in enumerate(found, start=1))

    def predict(self, document: Document) -> Standoff:
        return Standoff(id=document.id, text_sha256=text_sha256(document.text), entities=self.entities(document.text))
