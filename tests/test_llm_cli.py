"""``sayso predict --system llm`` end to end: the fixture corpus, the stand-in server on
127.0.0.1, the predictions and their system record, then ``sayso score`` on them."""
from __future__ import annotations

import json

import pytest

from helpers import PACK_DIR, make_corpus
from llm_standin import StandIn
from sayso.cli import main
from sayso.corpus.standoff_io import read_standoff
from test_llm_harness import USAGE, draft_answer

TEST_DOCS = ("fx-bridge", "fx-closed")


@pytest.fixture
def corpus(tmp_path):
    return make_corpus(tmp_path, splits={"fx-bridge": "test", "fx-closed": "test", "fx-harbour": "train"})


def predict(standin, corpus, out, cache, *extra):
    return main(["predict", "--system", "llm", "--base-url", standin.base_url, "--model", "standin-model",
                 "--split", "test", "--corpus", str(corpus), "--sources", str(PACK_DIR), "--out", str(out),
                 "--cache", str(cache), "--retries", "1", *extra])


def test_predict_writes_predictions_and_the_system_record(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("STANDIN_KEY", "sk-standin-123")
    out = tmp_path / "out" / "predictions-test.jsonl"
    script = {"fx-bridge": [{"content": draft_answer("fx-bridge", entities=[["Atlantis", "GPE"]]), "usage": USAGE}],
              "fx-closed": [{"status": 429, "retry_after": "0"}, {"content": draft_answer("fx-closed"), "usage": USAGE}]}
    with StandIn(script, api_key="sk-standin-123") as standin:
        assert predict(standin, corpus, out, tmp_path / "cache", "--api-key-env", "STANDIN_KEY") == 0
    assert [x.record.id for x in read_standoff(out)] == list(TEST_DOCS)
    info = json.loads((tmp_path / "out" / "predictions-test.system.json").read_text(encoding="utf-8"))
    assert (info["kind"], info["model"], info["prompt"], info["name"]) == ("model", "standin-model", "llm-v1",
                                                                           "llm-standin-model")
    assert info["usage"]["prompt_tokens"] == 2000 and info["usage"]["completion_tokens"] == 400
    assert info["dropped"] == {"span not found": 1} and info["retries"] == {"429": 1}
    assert "sk-standin-123" not in out.read_text() + json.dumps(info) + capsys.readouterr().out
    assert main(["validate", str(out), "--sources", str(PACK_DIR)]) == 0


def test_predict_without_a_key_in_the_named_variable_says_so(corpus, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("NO_SUCH_KEY", raising=False)
    with StandIn({}) as standin:
        assert predict(standin, corpus, tmp_path / "p.jsonl", tmp_path / "c", "--api-key-env", "NO_SUCH_KEY") == 1
    assert "--api-key-env NO_SUCH_KEY: that environment variable is empty or unset" in capsys.readouterr().err
    assert not (tmp_path / "p.jsonl").exists()


def test_a_failed_run_writes_nothing_and_the_rerun_asks_only_for_the_missing(corpus, tmp_path, capsys):
    out = tmp_path / "p.jsonl"
    down = {"fx-bridge": [{"content": draft_answer("fx-bridge")}], "fx-closed": [{"status": 500}]}
    with StandIn(down) as standin:
        assert predict(standin, corpus, out, tmp_path / "cache") == 1
    assert "fx-closed: HTTP 500" in capsys.readouterr().err and not out.exists()
    with StandIn({"fx-closed": [{"content": draft_answer("fx-closed")}]}) as standin:
        assert predict(standin, corpus, out, tmp_path / "cache") == 0
    assert standin.requests == {"fx-closed": 1} and out.exists()


def test_llm_needs_a_base_url_and_a_model(corpus, tmp_path, capsys):
    assert main(["predict", "--system", "llm", "--split", "test", "--corpus", str(corpus), "--sources", str(PACK_DIR),
                 "--out", str(tmp_path / "p.jsonl")]) == 1
    assert "--system llm needs --base-url URL and --model NAME" in capsys.readouterr().err


def test_no_row_of_the_stand_in_server_is_committed():
    """The stand-in is not a model: nothing it answered may reach eval/systems or the leaderboard."""
    from sayso.corpus.sources import REPO_ROOT

    # committed reports only (JSON, Markdown): HTML reports are uncommitted artifacts carrying article text
    texts = {str(p): p.read_text(encoding="utf-8", errors="replace")
             for p in (REPO_ROOT / "eval").rglob("*") if p.is_file() and p.suffix in (".json", ".md")}
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    texts["README leaderboard"] = readme[readme.index("<!-- sayso-leaderboard:begin"):readme.index("<!-- sayso-leaderboard:end")]
    for where, text in texts.items():
        assert "standin" not in text.lower(), f"{where} holds a row of the tests' stand-in server"


def test_score_names_model_and_prompt_in_every_signature_and_keeps_the_token_counts(corpus, tmp_path):
    out = tmp_path / "out" / "predictions-test.jsonl"
    with StandIn({d: [{"content": draft_answer(d), "usage": USAGE}] for d in TEST_DOCS}) as standin:
        assert predict(standin, corpus, out, tmp_path / "cache") == 0
    report_path = tmp_path / "report.json"
    assert main(["score", str(out), "--split", "test", "--gold", str(corpus), "--sources", str(PACK_DIR),
                 "--resamples", "50", "--json", str(report_path), "--markdown", str(tmp_path / "report.md")]) == 0
    assert "model `standin-model`, prompt `llm-v1`: 2 documents (0 from the cache), tokens in 2,000 out 400" in \
        (tmp_path / "report.md").read_text(encoding="utf-8")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["system"] == "llm-standin-model"
    assert report["system_info"]["usage"]["completion_tokens"] == 400
    signatures = [report["signature"]] + [report[name]["signature"] for name in ("entities", "claims", "attributions")]
    assert all(sig.endswith("|model:standin-model|prompt:llm-v1") for sig in signatures), signatures
    # the stand-in answered the fixture drafts: a perfect score against the gold they resolve to
    assert report["entities"]["strict"]["f1"] == 1.0 and report["attributions"]["relation"]["strict"]["f1"] == 1.0


def test_compare_a_model_with_a_baseline_like_two_baselines(corpus, tmp_path, capsys):
    llm_out = tmp_path / "llm" / "predictions-test.jsonl"
    with StandIn({d: [{"content": draft_answer(d), "usage": USAGE}] for d in TEST_DOCS}) as standin:
        assert predict(standin, corpus, llm_out, tmp_path / "cache") == 0
    base_out = tmp_path / "rule-attributions.jsonl"
    assert main(["predict", "--system", "rule-attributions", "--split", "test", "--corpus", str(corpus), "--sources",
                 str(PACK_DIR), "--out", str(base_out)]) == 0
    result_path = tmp_path / "compare.json"
    assert main(["compare", str(llm_out), str(base_out), "--split", "test", "--gold", str(corpus), "--sources",
                 str(PACK_DIR), "--resamples", "50", "--json", str(result_path)]) == 0
    result = json.loads(result_path.read_text(encoding="utf-8"))
    assert "llm-standin-model" in json.dumps(result) and "rule-attributions" in json.dumps(result)
    # only the layer both predict is compared: the baseline predicts attributions only
    assert set(result["differences"]) == {"attributions"}


def test_a_model_run_the_user_adds_is_a_leaderboard_row_of_kind_model(corpus, tmp_path):
    from sayso.eval.leaderboard import load_entries, render

    systems = tmp_path / "systems"
    out = systems / "llm-standin-model" / "predictions-test.jsonl"
    with StandIn({d: [{"content": draft_answer(d), "usage": USAGE}] for d in TEST_DOCS}) as standin:
        assert predict(standin, corpus, out, tmp_path / "cache") == 0
    assert json.loads((out.parent / "system.json").read_text(encoding="utf-8"))["kind"] == "model"
    assert main(["score", str(out), "--split", "test", "--gold", str(corpus), "--sources", str(PACK_DIR),
                 "--resamples", "20", "--json", str(out.parent / "report-test.json")]) == 0
    board = render(load_entries(systems))
    assert "| llm-standin-model | model | 100.0" in board
    assert "model:standin-model|prompt:llm-v1" in board  # its own signature under its own table
