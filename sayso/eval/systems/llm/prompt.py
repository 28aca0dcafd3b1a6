"""The prompt a language model gets: a versioned file in the repository plus the document.

``prompts/<version>.md`` holds a ``=== system ===`` part (the guidelines' definitions,
condensed, and the answer format) and a ``=== user ===`` part with two placeholders,
``{doc_id}`` and ``{sentences}`` (the document as numbered proposed sentences, the
numbers that span references such as ``said@s3`` use). The version is part of every
cache key and of the report's signature: a changed prompt is a new file, never an edit.
``full_guidelines`` appends the whole annotation guidelines to the system part and
records their version and hash in the prompt version.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from sayso.corpus.model import Document
from sayso.corpus.splitter import split_sentences

PROMPTS_DIR = Path(__file__).with_name("prompts")
DEFAULT_PROMPT = "llm-v1"
_HEADER_RE = re.compile(r"sayso-prompt (?P<version>\S+) · written from annotation/guidelines\.md (?P<guidelines>\d+\.\d+)")
_GUIDELINES_VERSION_RE = re.compile(r"\*\*Version (?P<version>\d+\.\d+)\*\*")


class PromptError(ValueError):
    """A prompt file or guidelines file that cannot be used; says which and why."""


@dataclass(frozen=True)
class Prompt:
    """A loaded prompt: its version, the guidelines version it was written from, its parts."""

    version: str
    guidelines_version: str
    system: str
    user_template: str

    @classmethod
    def load(cls, name: str = DEFAULT_PROMPT, full_guidelines: Path | None = None) -> "Prompt":
        """The prompt ``prompts/NAME.md``; with ``full_guidelines``, that file appended.

        >>> Prompt.load().version
        'llm-v1'
        """
        path = PROMPTS_DIR / f"{name}.md"
        if not path.is_file():
            known = ", ".join(sorted(p.stem for p in PROMPTS_DIR.glob("*.md")))
            raise PromptError(f"no prompt {name!r} in {PROMPTS_DIR}; choose one of {known}")
        text = path.read_text(encoding="utf-8")
        header = _HEADER_RE.search(text[:400])  # the header comment opens the file
        parts = re.split(r"^=== (system|user) ===\n", text, flags=re.MULTILINE)
        if header is None or header.group("version") != name or len(parts) != 5 or parts[1:4:2] != ["system", "user"]:
            raise PromptError(f"{path}: expected a 'sayso-prompt {name} · written from annotation/guidelines.md X.Y' "
                              "header, then '=== system ===' and '=== user ===' parts")
        system, user = parts[2].strip() + "\n", parts[4].strip() + "\n"
        if "{sentences}" not in user or "{doc_id}" not in user:
            raise PromptError(f"{path}: the user part needs the placeholders {{doc_id}} and {{sentences}}")
        version = name
        if full_guidelines is not None:
            guidelines = full_guidelines.read_text(encoding="utf-8")
            found = _GUIDELINES_VERSION_RE.search(guidelines)
            if found is None:
                raise PromptError(f"{full_guidelines}: no '**Version X.Y**' line; is it the annotation guidelines?")
            digest = hashlib.sha256(guidelines.encode("utf-8")).hexdigest()[:8]
            version = f"{name}+guidelines-{found.group('version')}@{digest}"
            system += "\nThe full annotation guidelines follow; where they are more precise, they win.\n\n" + guidelines
        return cls(version, header.group("guidelines"), system, user)

    def messages(self, document: Document) -> list[dict[str, str]]:
        """Chat messages for one document (OpenAI ``messages`` shape)."""
        user = self.user_template.replace("{doc_id}", document.id).replace("{sentences}", numbered_sentences(document))
        return [{"role": "system", "content": self.system}, {"role": "user", "content": user}]


def numbered_sentences(document: Document) -> str:
    """``[sN] sentence`` lines, whitespace runs shown as one space, as ``sayso draft show`` numbers them."""
    return "\n".join(f"[s{n}] {' '.join(document.text[s:e].split())}"
                     for n, (s, e) in enumerate(split_sentences(document.text), start=1))


def guidelines_version(path: Path) -> str:
    """The ``X.Y`` of ``**Version X.Y**`` in a guidelines file."""
    found = _GUIDELINES_VERSION_RE.search(path.read_text(encoding="utf-8"))
    if found is None:
        raise PromptError(f"{path}: no '**Version X.Y**' line")
    return found.group("version")
