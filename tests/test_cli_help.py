"""Every command and option explains itself in --help, in plain text."""
from __future__ import annotations

import argparse
import re

from sayso.cli import build_parser


def walk(parser: argparse.ArgumentParser, path: list[str]):
    yield " ".join(path), parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from walk(sub, path + [name])


def test_every_option_has_help_text():
    missing = [(path, action.option_strings or action.dest) for path, parser in walk(build_parser(), ["sayso"])
               for action in parser._actions
               if not isinstance(action, (argparse._HelpAction, argparse._VersionAction, argparse._SubParsersAction))
               and not action.help]
    assert missing == []


def test_no_restructuredtext_in_help():
    raw = [path for path, parser in walk(build_parser(), ["sayso"])
           if re.search(r"``|:(mod|func|class|data|attr|meth):`", parser.format_help())]
    assert raw == []


def test_no_command_module_imports_the_cli_back():
    """Shared options live in sayso.options; sayso.cli imports the command modules."""
    from pathlib import Path

    import sayso

    root = Path(sayso.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "cli.py" and re.search(r"^\s*from sayso\.cli import|^\s*import sayso\.cli", p.read_text(),
                                                      re.M)]
    assert offenders == []
