"""The leaderboard is regenerated from committed reports; the README never drifts from it."""
from __future__ import annotations


from helpers import PACK_DIR, make_corpus
from sayso.cli import main
from sayso.eval.leaderboard import BEGIN, END, LEADERBOARD, README, load_entries, readme_with_leaderboard, render


def test_readme_and_leaderboard_match_the_committed_reports():
    table = render(load_entries())
    assert LEADERBOARD.read_text(encoding="utf-8") == "# SaySo leaderboard\n\n" + table, "run `sayso leaderboard`"
    readme = README.read_text(encoding="utf-8")
    assert readme_with_leaderboard(readme, table) == readme, "run `sayso leaderboard` and commit README.md"


def test_rows_are_sorted_by_the_headline_with_cis_and_signatures(tmp_path, capsys):
    corpus = make_corpus(tmp_path, splits={"fx-bridge": "train", "fx-harbour": "test", "fx-closed": "test"})
    systems = tmp_path / "systems"
    for name in ("floor", "pipeline"):
        pred = tmp_path / f"{name}.jsonl"
        assert main(["predict", "--system", name, "--split", "test", "--out", str(pred), "--corpus", str(corpus),
                     "--sources", str(PACK_DIR)]) == 0
        assert f"{name} on test: 100%" in capsys.readouterr().err  # a progress bar
        (systems / name).mkdir(parents=True)
        assert main(["score", str(pred), "--gold", str(corpus), "--split", "test", "--resamples", "50",
                     "--json", str(systems / name / "report-test.json"), "--sources", str(PACK_DIR)]) == 0
    entries = load_entries(systems)
    text = render(entries)
    assert "### test: entities (2 documents)" in text and "Signature: `sayso:" in text
    rows = [line for line in text.splitlines() if line.startswith("| floor") or line.startswith("| pipeline")]
    f1 = {e.system: e.report["entities"]["strict"]["f1"] for e in entries}
    first = max(f1, key=lambda k: (f1[k], k == "floor"))
    assert rows[0].startswith(f"| {first}")
    assert " [" in rows[0]  # a confidence interval next to each score


def test_readme_without_markers_is_an_error():
    import pytest
    from sayso.errors import InputError

    with pytest.raises(InputError, match="leaderboard markers are missing"):
        readme_with_leaderboard("# no markers\n", "table")
    assert readme_with_leaderboard(f"a\n{BEGIN}\nold\n{END}\nb", "new\n") == f"a\n{BEGIN}\nnew\n{END}\nb"


def test_each_table_has_one_signature_and_the_kind_of_each_system(tmp_path):
    import json

    import pytest

    from sayso.errors import InputError
    from sayso.eval import score
    from test_eval_fixtures import TEXTS, gold_records

    gold = gold_records()
    systems = tmp_path / "systems"
    for name, kind, resamples in (("a", "peer", 0), ("b", "model", 0), ("c", None, 10)):
        (systems / name).mkdir(parents=True)
        report = score(gold, gold, TEXTS, resamples=resamples, layers=["entities"], system=name)
        (systems / name / "report-test.json").write_text(json.dumps(report.to_dict()))
        if kind:
            (systems / name / "system.json").write_text(json.dumps({"kind": kind}))
    text = render(load_entries(systems))
    assert text.count("### test: entities") == 2  # c's signature (boot:10) differs: its own table
    tables = text.split("### ")[1:]
    assert all(t.count("Signature: `") == 1 for t in tables)
    assert "| a | peer |" in text and "| b | model |" in text and "| c | – |" in text
    (systems / "c" / "system.json").write_text('{"kind": "oracle"}')
    with pytest.raises(InputError, match="kind 'oracle' is not one of baseline, peer, model"):
        load_entries(systems)
