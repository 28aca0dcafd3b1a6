"""The repository keeps standoff only: no article text from the source pack."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT.parent / "shared" / "tools" / "find_source_text.py"


def test_no_tracked_file_repeats_article_text():
    assert CHECKER.is_file(), f"the source-text checker is missing at {CHECKER}; put ../shared beside the checkout"
    result = subprocess.run([sys.executable, str(CHECKER)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0 and result.stdout.strip() == "", result.stdout[:3000]


def test_every_subcommand_has_help():
    from sayso.cli import build_parser

    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    assert {"validate", "manifest", "build", "stats", "draft"} <= set(commands)
    for name in commands:
        out = subprocess.run(["sayso", name, "--help"], capture_output=True, text=True, timeout=60)
        assert out.returncode == 0 and "usage: sayso" in out.stdout, name
