"""Defaults and command-line options shared by several commands, typed once.

Command modules import from here, never from :mod:`sayso.cli` (which imports them).
"""
from __future__ import annotations

import argparse

#: the seed of every random choice SaySo makes by default (bootstrap, training)
SEED = 12345
#: bootstrap resamples of a score report
RESAMPLES = 1000
#: confidence level of the intervals
LEVEL = 0.95


def add_sources_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", metavar="DIR", default=None,
                        help="source pack folder (default: $SAYSO_SOURCES, else ../shared/data beside the checkout)")


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
