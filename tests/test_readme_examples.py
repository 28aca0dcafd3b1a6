"""The Python examples of the README run as written."""
from __future__ import annotations

import contextlib
import io
import os
import re

from helpers import fixture_pack, make_corpus
from sayso.corpus.sources import REPO_ROOT


def readme_block(after: str) -> str:
    """The first ```python block after the line that starts with ``after``."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(after)
    match = re.compile(r"```python\n(.*?)```", re.S).search(text, start)
    assert match, f"no python block after {after!r}"
    return match.group(1)


def run_block(code: str, cwd) -> str:
    out = io.StringIO()
    old = os.getcwd()
    os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out):
            exec(compile(code, "README.md", "exec"), {"__name__": "readme"})
    finally:
        os.chdir(old)
    return out.getvalue()


def test_the_python_api_example_runs_and_prints_what_it_says():
    out = run_block(readme_block("**From Python**"), REPO_ROOT).splitlines()
    f1, interval = out[0].split(" ", 1)
    assert 0 < float(f1) < 1 and interval.startswith("(")
    shown = re.search(r"# (0\.\d+)… \((0\.\d+)…, (0\.\d+)…\)", readme_block("**From Python**"))
    assert f1.startswith(shown.group(1)), "update the number shown in the README example"
    assert out[2].endswith("|att:content-tokens|boot:1000|seed:12345")


def test_the_pandas_example_runs_on_a_built_dataset(tmp_path):
    from sayso.corpus.build import build_dataset

    corpus = make_corpus(tmp_path, splits={"fx-bridge": "test", "fx-harbour": "test", "fx-closed": "test"})
    build_dataset(fixture_pack(), tmp_path / "dataset", corpus)
    out = run_block(readme_block("**The built dataset with pandas**"), tmp_path)
    assert "PERSON" in out or "GPE" in out or "ORG" in out  # label names, not numbers
    assert "B-" in out
