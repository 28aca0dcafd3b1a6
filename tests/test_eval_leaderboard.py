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


def test_rows_are_sorted_by_the_headline_with_cis_and_signatures(tmp_path):
    corpus = make_corpus(tmp_path, splits={"fx-bridge": "train", "fx-harbour": "test", "fx-closed": "test"})
    systems = tmp_path / "systems"
    for name in ("floor", "pipeline"):
        pred = tmp_path / f"{name}.jsonl"
        assert main(["predict", "--system", name, "--split", "test", "--out", str(pred), "--corpus", str(corpus),
                     "--sources", str(PACK_DIR)]) == 0
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
