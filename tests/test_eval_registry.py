"""The layer registry: every part of scoring iterates over it, and names mean one thing.

A new layer is a declaration: the toy layer below is registered for one test and flows
through the API, the signature, the JSON, Markdown and HTML reports, the leaderboard
and the command line without any other edit.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

from sayso.corpus.model import Standoff
from sayso.eval import score
from sayso.eval.layers import LAYERS, Layer, Metric
from sayso.eval.leaderboard import Entry, cell, render
from sayso.eval.report import summary_text, to_markdown
from sayso.eval.stats import LayerStats, prf
from test_eval_fixtures import TEXTS, gold_records


def test_every_declared_metric_is_a_statistics_key_and_the_same_path_in_the_json_report():
    gold = gold_records()
    report = score(gold, gold, TEXTS, resamples=20)
    data = report.to_dict()
    for name, layer in LAYERS.items():
        result = report.results[name]
        for metric in (*layer.headline, *layer.leaderboard):
            assert metric.key in report.stats[name].point(), (name, metric.key)
            node = data[name]
            for part in metric.key.split("."):
                node = node[part]
            assert node == result.scores[metric.key] == result[metric.key]
            assert cell(data[name], metric.key)[0] == node  # the leaderboard reads the same path


def test_compare_names_metrics_by_their_json_paths():
    from sayso.eval import compare

    gold = gold_records()
    result = compare(gold, gold, gold, TEXTS, resamples=0).to_dict()
    for layer, diffs in result["differences"].items():
        for name in diffs:
            node = result["a"][layer]
            for part in name.split("."):
                node = node[part]
            assert node == diffs[name]["a"]


def test_each_layer_result_has_its_own_signature_naming_only_its_mode():
    gold = gold_records()
    report = score(gold, gold, TEXTS, resamples=0, modes={"claims": "exact"})
    assert report.entities.signature.endswith("|split:custom|ent:strict|boot:0")
    assert report.claims.signature.endswith("|split:custom|clm:exact|boot:0")
    assert report.attributions.signature.endswith("|split:custom|att:content-tokens|boot:0")
    assert "ent:strict|clm:exact|att:content-tokens" in report.signature.format()


def test_the_layer_wrappers_are_score():
    from sayso.eval import score_attributions, score_claims, score_entities

    gold = gold_records()
    full = score(gold, gold, TEXTS, resamples=0)
    assert score_entities(gold, gold, resamples=0) == full.entities
    assert score_claims(gold, gold, TEXTS, resamples=0) == full.claims
    assert score_attributions(gold, gold, TEXTS, resamples=0) == full.attributions


class SentenceBoundaries(Layer):
    """A toy layer: sentence end offsets as P/R/F1."""

    name, key = "sentences", "snt"
    modes = ("ends",)
    option, option_help = "--sentence-mode", "how sentences are compared"
    needs_text = False
    headline = leaderboard = (Metric("ends.f1", "end F1"),)

    def statistics(self, gold, pred, texts, mode, tokens=None):
        rows = []
        for g, p in zip(gold, pred):
            ge = {s.end for s in g.sentences or ()}
            pe = {s.end for s in (p.sentences if p is not None and p.sentences else ())}
            rows.append([len(ge & pe), len(pe), len(ge)])

        def metrics(sums, empty=0.0):
            tp, npred, ngold = sums[..., 0], sums[..., 1], sums[..., 2]
            p_, r_, f_ = prf(tp, npred, tp, ngold, empty)
            return {"ends.matched": tp, "ends.precision": p_, "ends.recall": r_, "ends.f1": f_}
        return LayerStats(self.name, tuple(g.id for g in gold), ("tp", "pred", "gold"),
                          np.array(rows, dtype=np.float64), metrics)

    def view(self, gold, pred, text, mode):
        return "", "", []


@pytest.fixture
def toy_layer(monkeypatch):
    layers = dict(LAYERS)
    layers["sentences"] = SentenceBoundaries()
    monkeypatch.setattr("sayso.eval.layers.LAYERS", layers)
    for module in ("sayso.eval.api", "sayso.eval.report", "sayso.eval.html", "sayso.eval.leaderboard"):
        monkeypatch.setattr(f"{module}.LAYERS", layers)
    return layers


def test_a_new_layer_is_a_declaration(toy_layer, tmp_path):
    from sayso.eval.html import to_html

    gold = gold_records()
    pred = [Standoff(g.id, g.text_sha256, sentences=g.sentences[:1]) for g in gold]
    report = score(gold, pred, TEXTS, resamples=50, system="toy")
    result = report.sentences
    assert result.ends.recall < 1 and result.ends.precision == 1.0
    assert result.signature.endswith("|split:custom|snt:ends|boot:50|seed:12345")
    data = report.to_dict()
    assert data["sentences"]["ends"]["f1"] == result.ends.f1 and data["options"]["layers"] == ["sentences"]
    assert "sentences     end F1" in summary_text(report)
    assert "| sentences | end F1 |" in to_markdown(report)
    assert "<td>sentences</td><td>end F1</td>" in to_html(report, gold, pred, TEXTS)
    board = render([Entry("toy", "test", json.loads(json.dumps(data)), tmp_path / "report-test.json", "model")])
    assert "### test: sentences (2 documents)" in board and "| toy | model | " in board
    assert f"Signature: `{result.signature}`" in board


def test_the_command_line_options_come_from_the_registry(toy_layer, capsys):
    from sayso.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["score", "--help"])
    out = capsys.readouterr().out
    for layer in toy_layer.values():
        assert layer.option in out
    assert "--sentence-mode {ends}" in out
