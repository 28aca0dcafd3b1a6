"""The one check every scored record passes: exactly what ``sayso validate`` applies.

``sayso score`` and ``sayso compare`` call :func:`line_problems` on the gold and on
every prediction file before anything is scored (with file and line in each problem);
the Python API calls :func:`check_records` when it is given the texts. Both run
:func:`sayso.corpus.validate.validate_record`, so scoring never accepts what validation
refuses: offsets out of range or on whitespace, duplicate ids, overlapping entities or
sentences, dangling links, parent cycles, claims outside their attribution's content.
"""
from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from sayso.corpus.model import Standoff
from sayso.corpus.standoff_io import StandoffLine
from sayso.corpus.validate import validate_record
from sayso.errors import InputError, Problem


class InvalidRecords(InputError, ValueError):
    """Records that ``sayso validate`` would refuse (a ValueError for API users)."""


def line_problems(lines: Iterable[StandoffLine], texts: Mapping[str, str]) -> list[Problem]:
    """Every validation problem of parsed lines whose document text is known."""
    problems: list[Problem] = []
    for item in lines:
        text = texts.get(item.record.id)
        if text is not None:
            problems.extend(validate_record(item.record, text, item.file, item.line))
    return problems


def check_records(gold: Sequence[Standoff], pred: Iterable[Standoff | None], texts: Mapping[str, str]) -> None:
    """Raise :class:`InvalidRecords` listing every problem of the gold and predicted records."""
    lines = [StandoffLine("<gold>", None, g) for g in gold]
    lines += [StandoffLine("<predictions>", None, p) for p in pred if p is not None]
    problems = line_problems(lines, texts)
    if problems:
        raise InvalidRecords(problems)
