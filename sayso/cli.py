"""The ``sayso`` command line: a thin edge over the three areas.

Each area module owns its subcommands and exposes ``register(subparsers)``; this file
only wires them together and turns errors into exit codes (the library itself never
calls ``sys.exit``):

==  ===========================================================================
0   done
1   bad input or a refused action (:class:`~sayso.errors.SaysoError`), or a file
    that cannot be read or written: one line per problem on stderr
2   bad command line (argparse)
3   ``sayso studio status``: the server is not running
70  an internal error (a bug in SaySo): a short message asking for a report;
    ``SAYSO_DEBUG=1`` prints the traceback
130 interrupted (Ctrl-C)
==  ===========================================================================
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
from typing import Sequence

from sayso import __version__
from sayso.errors import InputError, SaysoError
from sayso.options import MAX_SHOWN_PROBLEMS, add_sources_option, print_problems  # noqa: F401  (shared by commands)

EXIT_INPUT = 1
EXIT_INTERNAL = 70  # EX_SOFTWARE (sysexits.h): scripts tell a bug from bad input
EXIT_INTERRUPTED = 130
BUG_REPORT = "please report it with the command you ran and the output of `SAYSO_DEBUG=1 sayso …`"

# Modules that add subcommands; imported on start-up, so they keep heavy imports lazy.
COMMAND_MODULES = (
    "sayso.corpus.commands",
    "sayso.corpus.polnear_commands",
    "sayso.annotation.commands",
    "sayso.annotation.draft_commands",
    "sayso.annotation.agreement.commands",
    "sayso.annotation.revise_commands",
    "sayso.eval.commands",
    "sayso.eval.baseline_commands",
    "sayso.eval.systems.commands",
)


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


def _readable_output() -> None:
    """Never fail on printing: a document id with odd characters is escaped, not a crash."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):
            pass


def main(argv: Sequence[str] | None = None) -> int:
    _readable_output()
    parser = build_parser()
    args = parser.parse_args(argv)
    name = f"sayso {args.command}"
    try:
        return int(args.func(args) or 0)
    except InputError as exc:
        print(f"{name}: error:", file=sys.stderr)
        print_problems(exc.problems)
        return EXIT_INPUT
    except SaysoError as exc:
        print(f"{name}: error:\n{exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print(f"{name}: interrupted; nothing was half-written.", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # `sayso … | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
    except OSError as exc:  # the file system said no: the user can act on it
        where = f" {exc.filename}" if exc.filename else ""
        print(f"{name}: error:{where}: {exc.strerror or exc} — check the path, its permissions and free space",
              file=sys.stderr)
        return EXIT_INPUT
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if os.environ.get("SAYSO_DEBUG"):
            traceback.print_exc()
        print(f"{name}: internal error ({type(exc).__name__}: {str(exc)[:200]}). This is a bug in SaySo, "
              f"not in your input; {BUG_REPORT}.", file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
