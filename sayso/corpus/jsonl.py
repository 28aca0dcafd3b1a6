"""Reading JSON Lines with a problem per bad line instead of a crash at the first."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from sayso.errors import Problem


def json_lines(path: Path, todo: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed value)`` for every non-blank line of ``path``.

    A line that is not JSON is appended to ``problems`` (with ``todo`` as the advice)
    and skipped, so callers can report every bad line in one run.
    """
    with path.open(encoding="utf-8") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield number, json.loads(raw)
            except json.JSONDecodeError as exc:
                problems.append(Problem(str(path), number, None, f"malformed JSON ({exc.msg})", todo))
