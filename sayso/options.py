"""Defaults and command-line options shared by several commands, typed once.

Command modules import from here, never from :mod:`sayso.cli` (which imports them).
"""
from __future__ import annotations

import argparse
import sys
from typing import Sequence

#: the seed of every random choice SaySo makes by default (bootstrap, training)
SEED = 12345
#: bootstrap resamples of a score report
RESAMPLES = 1000
#: confidence level of the intervals
LEVEL = 0.95
#: problems printed before "… and N more": a million problems are one mistake repeated
MAX_SHOWN_PROBLEMS = 50


def add_sources_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", metavar="DIR", default=None, action="append",
                        help="a source folder: JSONL pack and/or PolNeAR clone; repeat for several "
                             "(default: the folders in $SAYSO_SOURCES, else ../shared/data beside the checkout)")


def add_seed_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("--seed", type=int, default=SEED, help=f"seed of {what} (default {SEED})")


def plain_help(text: str | None) -> str:
    """A docstring as --help text: reStructuredText markup dropped (``x`` and :role:`x` -> x).

    >>> plain_help("Use ``sayso score`` (see :mod:`sayso.eval`).")
    'Use sayso score (see sayso.eval).'
    """
    import re

    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"\1", text or "")
    return re.sub(r"``([^`]+)``", r"\1", text).replace("::\n", ":\n")


def print_problems(problems: Sequence[object], limit: int = MAX_SHOWN_PROBLEMS) -> None:
    """The first ``limit`` problems, one a line, then how many more there are (0: all)."""
    shown = problems if limit <= 0 else problems[:limit]
    for problem in shown:
        print(problem, file=sys.stderr)
    if len(problems) > len(shown):
        print(f"… and {len(problems) - len(shown)} more problem(s) not shown ({len(problems)} in all).",
              file=sys.stderr)
