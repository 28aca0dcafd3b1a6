"""The ``sayso`` command line: a thin edge over the three areas.

Each area module owns its subcommands and exposes ``register(subparsers)``; this file
only wires them together and turns :class:`~sayso.errors.SaysoError` into a message on
stderr and exit code 1 (the library itself never calls ``sys.exit``).
"""
from __future__ import annotations

import argparse
import importlib
import sys
from typing import Sequence

from sayso import __version__
from sayso.errors import SaysoError

# Modules that add subcommands; imported on start-up, so they keep heavy imports lazy.
COMMAND_MODULES = (
    "sayso.corpus.commands",
    "sayso.annotation.commands",
    "sayso.annotation.draft_commands",
    "sayso.annotation.revise_commands",
    "sayso.eval.commands",
    "sayso.eval.baseline_commands",
)


def add_sources_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sources", metavar="DIR", default=None, action="append",
                        help="a source folder: JSONL pack and/or PolNeAR clone; repeat for several "
                             "(default: the folders in $SAYSO_SOURCES, else ../shared/data beside the checkout)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sayso", description="SaySo: a benchmark for who claimed what in news.")
    parser.add_argument("--version", action="version", version=f"sayso {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # area not written yet
                continue
            raise
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except SaysoError as exc:
        print(f"sayso {args.command}: error:\n{exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"sayso {args.command}: interrupted; nothing was half-written.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
