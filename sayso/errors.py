"""Errors that point at the culprit: file, line, document, what is wrong, what to do."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, in the form ``file:line: doc_id: what — what to do``."""

    file: str
    line: int | None
    doc_id: str | None
    what: str
    todo: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        doc = _clip(self.doc_id, 80) if self.doc_id else "-"
        return f"{where}: {doc}: {_clip(self.what, 400)} — {self.todo}"


def _clip(text: str, limit: int) -> str:
    """Input can hold a megabyte-long id or value: a message shows its start."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text)} characters)"


class SaysoError(Exception):
    """Base class of SaySo's user-facing errors; the CLI prints them and exits 1."""


class InputError(SaysoError):
    """Bad input. Carries every :class:`Problem` found, so a user fixes them in one go."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
