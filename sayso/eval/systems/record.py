"""A system's record: what it is (kind, exact versions, model, prompt) and what a run cost.

``sayso predict`` writes it beside the predictions as ``<stem>.system.json``; ``sayso
score`` copies it into the report, and for a model adds ``model:NAME|prompt:VERSION`` to
every signature; ``sayso compare`` names systems by it. No command-line code here, so
the scorer's modules can import it without a circle.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sayso.errors import SaysoError


def system_info_path(predictions: str | os.PathLike[str]) -> Path:
    """``…/predictions-test.jsonl`` → ``…/predictions-test.system.json``."""
    path = Path(predictions)
    return path.with_name(path.name.removesuffix(".jsonl") + ".system.json")


def read_system_info(predictions: str | os.PathLike[str]) -> dict[str, Any] | None:
    """The system record written beside a predictions file, or None when there is none."""
    path = system_info_path(predictions)
    if not path.is_file():
        return None
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise SaysoError(f"{path}: not valid JSON ({exc}); delete it or predict again") from exc
    if not isinstance(info, dict) or not isinstance(info.get("kind"), str):
        raise SaysoError(f"{path}: not a system record (an object with a \"kind\"); delete it or predict again")
    return info


def default_system_name(predictions: str | os.PathLike[str]) -> str:
    """The name a report gives a predictions file: its system record's, else its folder's
    ``system.json``'s (``eval/systems/NAME/``), else the file's stem."""
    path = Path(predictions)
    info = read_system_info(path)
    if info is None and (path.parent / "system.json").is_file():
        try:
            info = json.loads((path.parent / "system.json").read_text(encoding="utf-8"))
        except ValueError:
            info = None
    name = info.get("name") if isinstance(info, dict) else None
    return str(name) if name else path.stem


def signature_fields(info: dict[str, Any] | None) -> tuple[tuple[str, str], ...]:
    """What a report's signature adds for a model: ``model:NAME`` and ``prompt:VERSION``.

    >>> signature_fields({"kind": "model", "model": "llama3.1:8b", "prompt": "llm-v1"})
    (('model', 'llama3.1:8b'), ('prompt', 'llm-v1'))
    >>> signature_fields({"kind": "peer"})
    ()
    """
    if not info or info.get("kind") != "model":
        return ()
    return (("model", str(info["model"])), ("prompt", str(info["prompt"])))


def write_system_info(predictions: str | os.PathLike[str], info: dict[str, Any]) -> Path:
    from sayso.corpus.standoff_io import write_text_atomic

    path = system_info_path(predictions)
    write_text_atomic(path, json.dumps(info, indent=2, ensure_ascii=False, sort_keys=True) + "\n")
    return path


def write_system_json(folder: Path, info: dict[str, Any]) -> None:
    """``eval/systems/NAME/system.json``: what the system is, for the leaderboard's kind column."""
    from sayso.corpus.standoff_io import write_text_atomic

    stable = {k: v for k, v in info.items() if k in ("name", "kind", "tool", "pipeline", "model", "prompt", "layers")}
    write_text_atomic(folder / "system.json", json.dumps(stable, indent=2, ensure_ascii=False, sort_keys=True) + "\n")


def describe(info: dict[str, Any]) -> list[str]:
    """Markdown lines for a report: what the system is and, for a model, what the run cost.

    >>> describe({"kind": "model", "model": "m", "prompt": "llm-v1", "documents": 2, "from_cache": 1,
    ...           "malformed_answers": 0, "dropped_total": 3, "dropped": {"span not found": 3},
    ...           "usage": {"prompt_tokens": 10, "completion_tokens": 5, "answers_without_usage": 0}})[1]
    '- model `m`, prompt `llm-v1`: 2 documents (1 from the cache), tokens in 10 out 5, 0 malformed answers, 3 items dropped (span not found 3)'
    """
    lines = [f"- kind: {info.get('kind')}"]
    if info.get("kind") == "model":
        usage = info.get("usage", {})
        dropped = ", ".join(f"{reason} {n}" for reason, n in info.get("dropped", {}).items())
        lines.append(f"- model `{info.get('model')}`, prompt `{info.get('prompt')}`: {info.get('documents')} documents "
                     f"({info.get('from_cache')} from the cache), tokens in {usage.get('prompt_tokens', 0):,} out "
                     f"{usage.get('completion_tokens', 0):,}, {info.get('malformed_answers')} malformed answers, "
                     f"{info.get('dropped_total')} items dropped" + (f" ({dropped})" if dropped else ""))
        if usage.get("answers_without_usage"):
            lines.append(f"- the server reported no token counts for {usage['answers_without_usage']} answers")
    for key in ("tool", "pipeline"):
        if info.get(key):
            lines.append(f"- {key}: {info[key]}")
    return lines
