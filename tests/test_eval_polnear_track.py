"""The second scoring track: `sayso score PRED --gold polnear:SPLIT` against PolNeAR's own gold
(a fixture in PolNeAR's layout), with its own signature and no made-up zeros."""
from __future__ import annotations

import json

import pytest

from helpers import copy_pack, make_corpus
from polnear_fixture import polnear_id, write_polnear
from sayso.cli import main
from sayso.corpus.model import Entity
from sayso.corpus.polnear_import import import_polnear
from sayso.corpus.sources import SourcePack
from sayso.corpus.standoff_io import write_standoff
from sayso.errors import InputError
from sayso.eval.baselines.run import trained_system

RAIN = polnear_id("usa-today_2016-07-03_rain-warning")


@pytest.fixture()
def track(tmp_path):
    pack = copy_pack(tmp_path)
    write_polnear(pack / "polnear")
    gold = {r.id: r for _, _, r in import_polnear(pack / "polnear").records}
    return pack, gold, tmp_path


def _score(capsys, pred, pack, *extra):
    code = main(["score", str(pred), "--gold", "polnear:test", "--sources", str(pack), "--resamples", "0",
                 "--json", "-", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_perfect_predictions_score_1_with_a_polnear_signature(track, capsys):
    pack, gold, tmp = track
    pred = tmp / "pred.jsonl"
    write_standoff(pred, [gold[RAIN]])
    code, out, err = _score(capsys, pred, pack)
    report = json.loads(out)
    assert code == 0 and report["attributions"]["relation"]["strict"]["f1"] == 1.0
    assert "|data:polnear-1.0.0@" in report["attributions"]["signature"] and "|split:test|" in report["signature"]
    assert report["data"]["name"] == "polnear" and report["data"]["documents"] == 1


def test_metrics_the_polnear_gold_cannot_support_are_not_available_never_0(track, capsys):
    pack, gold, tmp = track
    record = gold[RAIN]
    typed = record.__class__(record.id, record.text_sha256,
                             entities=(Entity("e1", 0, 7, "PERSON"),),
                             attributions=tuple(a.__class__(a.id, a.source, a.cue, a.content, "indirect", "person")
                                                for a in record.attributions))
    pred = tmp / "pred.jsonl"
    write_standoff(pred, [typed])
    code, out, err = _score(capsys, pred, pack)
    report = json.loads(out)
    assert code == 0 and report.get("entities") is None  # PolNeAR has no entities layer: not scored
    att = report["attributions"]
    assert "type" not in att and "source_kind" not in att and "who_claimed_what" not in att
    assert att["parent"]["accuracy"] == 1.0
    assert main(["score", str(pred), "--gold", "polnear:test", "--sources", str(pack), "--resamples", "0",
                 "--markdown", "-", "--json", str(tmp / "r.json")]) == 0
    markdown = capsys.readouterr().out
    assert "| attributions | type accuracy | n/a | not available" in markdown


def test_every_polnear_split_is_a_track_and_a_wrong_one_is_named(track, capsys):
    pack, gold, tmp = track
    assert main(["template", "--gold", "polnear:dev", "--sources", str(pack), "--layers", "attributions"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["id"] for x in lines] == [polnear_id("politico_2016-06-02_port-plan")]
    pred = tmp / "empty.jsonl"
    write_standoff(pred, [])
    assert main(["score", str(pred), "--gold", "polnear:final", "--sources", str(pack)]) == 1
    assert "PolNeAR has no split 'final'" in capsys.readouterr().err


def test_predict_writes_predictions_for_the_polnear_track(track, capsys):
    pack, gold, tmp = track
    corpus = make_corpus(tmp, SourcePack.load(pack))
    out = tmp / "rule.jsonl"
    assert main(["predict", "--system", "rule-attributions", "--gold", "polnear:test", "--sources", str(pack),
                 "--corpus", str(corpus), "--out", str(out)]) == 0
    assert [json.loads(x)["id"] for x in out.read_text().splitlines()] == [RAIN]
    capsys.readouterr()
    code, report, _ = _score(capsys, out, pack)
    assert code == 0 and json.loads(report)["attributions"]["match"]["gold"] == 2


def test_the_trained_baseline_needs_polnear_and_says_so(tmp_path):
    pack = SourcePack.load(copy_pack(tmp_path))
    corpus_dir = make_corpus(tmp_path, pack)
    from sayso.corpus.gold_corpus import load_corpus

    with pytest.raises(InputError, match="no PolNeAR checkout in the sources"):
        trained_system("crf-attributions", pack, load_corpus(pack, corpus_dir))
