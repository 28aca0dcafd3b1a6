"""The trained attribution baseline: role tags from gold decode back into the same
attributions, and a CRF fitted on a tiny fixture learns its roles."""
from __future__ import annotations

from pathlib import Path

from polnear_fixture import write_polnear
from sayso.corpus.polnear_import import import_polnear
from sayso.corpus.sources import SourcePack
from sayso.eval.baselines.attribution_crf import (CrfAttributions, decode_spans, group, paragraph_features,
                                                  paragraphs, role_tags)
from sayso.eval.baselines.base import Example


def _fixture(tmp_path: Path):
    clone = write_polnear(tmp_path / "PolNeAR")
    pack = SourcePack.load(clone)
    return [(pack.get(article.doc_id), record) for article, _, record in import_polnear(clone).records]


def _roundtrip(doc, record):
    found = []
    for spans in paragraphs(doc.text):
        found.extend(group(decode_spans(spans, role_tags(spans, record.attributions)), doc.text))
    return found


def test_gold_tags_decode_back_into_the_gold_attributions(tmp_path):
    for doc, record in _fixture(tmp_path):
        found = _roundtrip(doc, record)
        gold = [(a.source, a.cue, list(a.content)) for a in record.attributions]
        if doc.title == "Rain warning":
            # Paragraphs are the tagger's units: a content running over a line break keeps only
            # its part in the cue's paragraph (PolNeAR has one such content in 28,156).
            assert [(s, c, content) for s, c, content, _ in found][0] == gold[0]
            assert doc.text[found[1][2][0].start:found[1][2][0].end] == "close,”"
            continue
        assert [(s, c, content) for s, c, content, _ in found] == gold


def test_quotes_and_cue_distance_are_features():
    words = ["“", "Go", ",", "”", "she", "said", "."]
    feats = paragraph_features(words)
    assert [f["quoted"] for f in feats] == [False, True, True, False, False, False, False]
    assert feats[4]["cue_right"] == "1" and feats[5]["cue"] is True and feats[6]["cue_left"] == "1"


def test_a_fitted_crf_recovers_its_training_attributions(tmp_path):
    docs = _fixture(tmp_path)
    model = CrfAttributions(c1=0.0, c2=0.001, max_iterations=200)
    model.fit([Example(doc, record) for doc, record in docs])
    assert model.trained_on == {"polnear": 3}
    doc, record = [(d, r) for d, r in docs if d.title == "Port plan at risk"][0]
    predicted = model.predict(doc)
    assert [(a.source, a.cue, a.content) for a in predicted.attributions] == \
           [(a.source, a.cue, a.content) for a in record.attributions]
    assert {a.type for a in predicted.attributions} == {"indirect"}
