"""Model answers on disk, keyed by (model, prompt version, document hash).

A rerun of the same model and prompt over the same documents sends no request; a
crash loses nothing, because every answer is written (atomically: temporary file, then
rename) the moment it arrives. Answers name spans by their words, so the cache holds
article text: it lives outside the repository (``$XDG_CACHE_HOME/sayso/llm``, else
``~/.cache/sayso/llm``), never in git. Sampling options (temperature, max tokens) are
not part of the key: clear the cache, or use another ``--cache``, when changing them.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "sayso" / "llm"


@dataclass(frozen=True)
class CachedAnswer:
    """What the server answered for one document: the message content and its token counts."""

    content: str
    prompt_tokens: int | None
    completion_tokens: int | None

    def to_dict(self) -> dict[str, Any]:
        return {"content": self.content, "prompt_tokens": self.prompt_tokens,
                "completion_tokens": self.completion_tokens}


def cache_key(model: str, prompt_version: str, text_sha256: str) -> str:
    """SHA-256 of the three parts, NUL-separated (no part can contain a NUL that shifts another)."""
    return hashlib.sha256("\0".join((model, prompt_version, text_sha256)).encode("utf-8")).hexdigest()


class AnswerCache:
    """One JSON file per answer under ``folder/<key[:2]>/<key>.json``."""

    def __init__(self, folder: str | os.PathLike[str] | None = None):
        self.folder = Path(folder) if folder is not None else default_cache_dir()

    def path(self, model: str, prompt_version: str, text_sha256: str) -> Path:
        key = cache_key(model, prompt_version, text_sha256)
        return self.folder / key[:2] / f"{key}.json"

    def get(self, model: str, prompt_version: str, text_sha256: str) -> CachedAnswer | None:
        """The stored answer, or None; an unreadable entry counts as absent (it is asked again)."""
        path = self.path(model, prompt_version, text_sha256)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
            if (entry.get("model"), entry.get("prompt"), entry.get("text_sha256")) != (model, prompt_version, text_sha256):
                return None
            return CachedAnswer(str(entry["content"]), entry.get("prompt_tokens"), entry.get("completion_tokens"))
        except (OSError, ValueError, KeyError, AttributeError):
            return None

    def put(self, model: str, prompt_version: str, text_sha256: str, answer: CachedAnswer) -> None:
        path = self.path(model, prompt_version, text_sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        entry = {"model": model, "prompt": prompt_version, "text_sha256": text_sha256, **answer.to_dict()}
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
