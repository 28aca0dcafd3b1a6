"""Where a batch's files live, and its record (``annotation/batches/NAME/batch.json``).

A batch is a set of documents pushed to one Label Studio project. Its folder holds one
standoff file per annotator (``ANNOTATOR.jsonl``, offsets only), the adjudicator's
``decisions.jsonl`` and ``batch.json``: labeling-config version, guidelines version,
which documents, pre-annotated by which model or not, who annotated what, and when.
Nothing in the folder carries article text.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sayso.corpus.standoff_io import write_text_atomic
from sayso.errors import InputError, Problem

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
_REPO_ROOT = Path(__file__).resolve().parents[2]
RECORD = "batch.json"
DECISIONS = "decisions.jsonl"
REVIEWS = "review.jsonl"  # reviewers' rule records (sayso revise), not annotations


def default_root() -> Path:
    """The tree that holds ``annotation/`` and ``corpus/``: the checkout, else the current folder."""
    return _REPO_ROOT if (_REPO_ROOT / "pyproject.toml").is_file() else Path.cwd()


def check_name(name: str, what: str = "batch") -> str:
    if not NAME_RE.match(name or ""):
        raise InputError(Problem(f"--{what}", None, None, f"{what} name {name!r} is not allowed",
                                 "use 1-40 letters, digits, '.', '_' or '-', starting with a letter or digit"))
    return name


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class Batch:
    """The files of one batch under ``root``."""

    def __init__(self, name: str, root: Path | None = None):
        self.name = check_name(name)
        self.root = Path(root) if root is not None else default_root()

    @property
    def folder(self) -> Path:
        return self.root / "annotation" / "batches" / self.name

    @property
    def record_path(self) -> Path:
        return self.folder / RECORD

    @property
    def decisions_path(self) -> Path:
        return self.folder / DECISIONS

    def annotator_path(self, annotator: str) -> Path:
        return self.folder / f"{check_name(annotator, 'annotator')}.jsonl"

    def annotator_files(self) -> dict[str, Path]:
        """Annotator name -> standoff file, for every ``NAME.jsonl`` except the decisions."""
        if not self.folder.is_dir():
            return {}
        return {p.stem: p for p in sorted(self.folder.glob("*.jsonl")) if p.name not in (DECISIONS, REVIEWS)}

    @property
    def agreement_base(self) -> Path:
        return self.root / "annotation" / "agreement" / self.name

    @property
    def gold_path(self) -> Path:
        return self.root / "corpus" / "gold" / f"{self.name}.jsonl"

    @property
    def provenance_path(self) -> Path:
        return self.root / "corpus" / "provenance" / f"{self.name}.jsonl"

    def read_record(self) -> dict[str, Any]:
        """The batch record, or an empty skeleton when there is none yet."""
        try:
            data = json.loads(self.record_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"batch": self.name, "docs": {}, "annotators": {}, "history": []}
        except (OSError, ValueError) as exc:
            raise InputError(Problem(str(self.record_path), None, None, f"unreadable batch record ({exc})",
                                     "restore it from git")) from exc
        data.setdefault("docs", {})
        data.setdefault("annotators", {})
        data.setdefault("history", [])
        return data

    def write_record(self, data: dict[str, Any]) -> None:
        write_text_atomic(self.record_path, json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
