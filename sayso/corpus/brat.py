"""A strict reader for brat standoff ``.ann`` files (the subset PolNeAR uses).

Lines are ``T`` (text-bound annotation: ``T3<TAB>Label 10 20;25 30<TAB>covered text``),
``E`` (event: ``E1<TAB>Type:T4 Role:T1 Role:T2``) and ``#`` (annotator notes, ignored).
A T line's covered text can run over several physical lines when the span covers a line
break; such continuation lines are joined back to it. Offsets are code points into the
.txt file, end-exclusive; fragments of a discontinuous span are separated by ``;``.
Parsing only reads the file; checking spans against the text is :func:`check_spans`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sayso.errors import InputError, Problem

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$", re.DOTALL)
_E_LINE = re.compile(r"^(E\d+)\t(\S+?):(T\d+)((?: \S+?:T\d+)*) ?$")
_ANY_ID = re.compile(r"^[TERNAM#]\d+\t")
FIX = "restore the .ann file from your PolNeAR clone (git checkout data/)"


@dataclass(frozen=True)
class TextBound:
    id: str
    label: str
    fragments: tuple[tuple[int, int], ...]
    text: str
    line: int


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    trigger: str
    args: tuple[tuple[str, str], ...]  # (role, T id), in file order
    line: int


@dataclass(frozen=True)
class AnnFile:
    path: Path
    spans: dict[str, TextBound]
    events: tuple[Event, ...]


def _logical_lines(raw: str) -> list[tuple[int, str]]:
    """(first physical line number, logical line) with T-text continuations joined."""
    out: list[tuple[int, str]] = []
    for number, line in enumerate(raw.split("\n"), start=1):
        if out and out[-1][1].startswith("T") and not _ANY_ID.match(line):
            out[-1] = (out[-1][0], out[-1][1] + "\n" + line)
        else:
            out.append((number, line))
    # A file ends with a newline: the trailing empty piece is not text.
    while out and out[-1][1].startswith("T") and out[-1][1].endswith("\n"):
        out[-1] = (out[-1][0], out[-1][1][:-1])
    return [(n, line) for n, line in out if line]


def read_ann(path: Path, doc_id: str | None = None) -> AnnFile:
    """Parse ``path``; every malformed line or dangling reference is reported at once."""
    raw = path.read_bytes().decode("utf-8")
    spans: dict[str, TextBound] = {}
    events: list[Event] = []
    problems: list[Problem] = []
    for number, line in _logical_lines(raw):
        if line.startswith("#"):
            continue
        if line.startswith("T"):
            m = _T_LINE.match(line)
            if not m:
                problems.append(Problem(str(path), number, doc_id, "malformed T line (want 'Tn<TAB>Label start end<TAB>text')", FIX))
                continue
            frags = tuple(tuple(int(x) for x in part.split()) for part in m.group(3).split(";"))
            spans[m.group(1)] = TextBound(m.group(1), m.group(2), frags, m.group(4), number)  # type: ignore[arg-type]
        elif line.startswith("E"):
            m = _E_LINE.match(line)
            if not m:
                problems.append(Problem(str(path), number, doc_id, "malformed E line (want 'En<TAB>Type:Tn Role:Tn ...')", FIX))
                continue
            args = tuple(tuple(a.split(":")) for a in m.group(4).split())
            events.append(Event(m.group(1), m.group(2), m.group(3), args, number))  # type: ignore[arg-type]
        else:
            problems.append(Problem(str(path), number, doc_id, f"unexpected line {line[:12]!r}", FIX))
    for event in events:
        for role, ref in ((event.type, event.trigger), *event.args):
            if ref not in spans:
                problems.append(Problem(str(path), event.line, doc_id,
                                        f"{event.id} names {ref} ({role}), which is not a T line of this file", FIX))
    if problems:
        raise InputError(problems)
    return AnnFile(path, spans, tuple(events))


def recorded_text(text: str, span: TextBound) -> str:
    """What brat writes as the covered text: the fragments joined by one space."""
    return " ".join(text[s:e] for s, e in span.fragments)


def check_spans(ann: AnnFile, text: str, doc_id: str | None = None) -> tuple[list[Problem], list[TextBound]]:
    """Problems (offsets outside the text; continuous spans whose text differs) and the
    discontinuous spans whose recorded text differs (warnings: PolNeAR has three)."""
    problems: list[Problem] = []
    odd: list[TextBound] = []
    for span in ann.spans.values():
        bad = [(s, e) for s, e in span.fragments if not 0 <= s < e <= len(text)]
        if bad:
            problems.append(Problem(str(ann.path), span.line, doc_id,
                                    f"{span.id} offsets {bad[0][0]}-{bad[0][1]} fall outside the text "
                                    f"({len(text)} characters) or are empty", FIX))
            continue
        if recorded_text(text, span) != span.text:
            if len(span.fragments) > 1:
                odd.append(span)
            else:
                problems.append(Problem(str(ann.path), span.line, doc_id,
                                        f"{span.id} records text that differs from the text at {span.fragments[0][0]}-"
                                        f"{span.fragments[0][1]} (wrong offsets or another version of the .txt)", FIX))
    return problems, odd
