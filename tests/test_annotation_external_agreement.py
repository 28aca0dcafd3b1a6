"""Agreement across corpora: two standoff sources through a projection, and PolNeAR's own
inter-annotator agreement (on a fixture in PolNeAR's layout, and on PolNeAR itself)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import at
from helpers import PACK_DIR
from polnear_fixture import polnear_id, write_polnear
from sayso.annotation.agreement.external import source_agreement
from sayso.annotation.agreement.polnear import polnear_agreement, role_labels
from sayso.cli import main
from sayso.corpus.model import Attribution, Standoff, text_sha256
from sayso.corpus.tokenize import tokens

SHARED_POLNEAR = Path(__file__).resolve().parents[2] / "shared" / "data" / "polnear"
NESTED = "Ms Ito said the mayor told staff that the plan would fail."


def _att(aid, text, source, cue, content, parent=None, type_="indirect"):
    return Attribution(aid, at(text, source) if source else None, at(text, cue), (at(text, content),), type_,
                       None, None, parent)


def _record(*atts):
    return Standoff("doc", text_sha256(NESTED), attributions=tuple(atts))


def test_top_level_projection_compares_only_outermost_attributions():
    outer = _att("a1", NESTED, "Ms Ito", "said", "the mayor told staff that the plan would fail")
    inner = _att("a2", NESTED, "the mayor", "told", "the plan would fail", parent="a1")
    sayso = {"doc": _record(outer, inner)}
    polnear = {"doc": _record(_att("a1", NESTED, "Ms Ito", "said", "the mayor told staff that the plan would fail",
                                   type_=None))}
    projected = source_agreement(sayso, polnear, {"doc": NESTED})
    assert projected["counts"]["a"] == {"attributions": 1, "left_out_by_projection": 1}
    assert projected["attributions"]["relation"]["strict"]["f1"] == 1.0
    raw = source_agreement(sayso, polnear, {"doc": NESTED}, projection="none")
    assert raw["attributions"]["matched"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    # PolNeAR has no type: reported as not available, never as 0.
    assert projected["attributions"]["type"]["accuracy"] is None
    assert projected["attributions"]["type"]["not_available"]


def test_unknown_projection_is_refused():
    with pytest.raises(ValueError, match="Unknown projection 'inner'; choose one of top-level, none"):
        source_agreement({}, {}, {}, projection="inner")


def test_polnear_fixture_agreement_by_hand(tmp_path):
    clone = write_polnear(tmp_path / "PolNeAR")
    out = tmp_path / "report.json"
    assert main(["agree-polnear", "--sources", str(clone), "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["docs"] == [polnear_id("nyt_2016-05-01_bridge-vote")] and report["comparisons"] == 1
    # a1's three attributions: two have content overlapping b2's; b2's two both overlap a1's.
    assert report["agr_counts"] == {"found": 4, "attributions": 5} and report["attribution_wise_agreement"] == 0.8
    roles = report["attributions"]["roles"]
    assert roles["source"]["exact"]["f1"] == 0.5  # "she" = "she"; "Senator Dana Holt" vs "Dana Holt"
    assert roles["cue"]["exact"]["f1"] == 0.4  # "said" = "said" of 3 vs 2 cues
    assert report["published"]["token_alpha"] == 0.754


def test_identical_annotators_agree_perfectly_token_wise():
    record = _record(_att("a1", NESTED, "Ms Ito", "said", "the mayor told staff that the plan would fail"))
    report = polnear_agreement({"doc": {"x": record, "y": record}}, {"doc": NESTED})
    assert report["token_alpha"] == 1.0 and report["attribution_wise_agreement"] == 1.0
    labels = role_labels(record, tokens(NESTED))
    assert labels[:4] == ["source", "source", "cue", "content"] and labels.count("none") == 1  # the final "."


def test_agree_sources_reads_specs_and_verifies_hashes(tmp_path, capsys):
    clone = write_polnear(tmp_path / "PolNeAR")
    every = tmp_path / "every"
    assert main(["import", "polnear", str(clone), "--out", str(every), "--all-annotators"]) == 0
    sources = ["--sources", str(PACK_DIR), "--sources", str(clone)]
    assert main(["agree-sources", "polnear:train", str(every / "b2.jsonl"), *sources]) == 0
    out = capsys.readouterr().out
    assert "1 shared document(s)" in out and "| source | 0.500 |" in out
    bad = tmp_path / "bad.jsonl"
    line = json.loads((every / "b2.jsonl").read_text(encoding="utf-8"))
    line["text_sha256"] = "0" * 64
    bad.write_text(json.dumps(line) + "\n", encoding="utf-8")
    assert main(["agree-sources", "polnear", str(bad), *sources]) == 1
    assert "text_sha256 mismatch" in capsys.readouterr().err


@pytest.mark.skipif(not SHARED_POLNEAR.is_dir(), reason="the shared source pack with PolNeAR is not present")
def test_polnear_s_own_agreement_is_near_its_published_figures(tmp_path):
    out = tmp_path / "polnear.json"
    assert main(["agree-polnear", "--json", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["n_docs"] == 20 and report["comparisons"] == 295
    assert report["attribution_wise_agreement"] == 0.8774 and report["token_alpha"] == 0.776
    committed = Path(__file__).resolve().parents[1] / "annotation" / "agreement" / "external" / "polnear.json"
    assert json.loads(committed.read_text(encoding="utf-8")) == report, "run `sayso agree-polnear --json ...`"
