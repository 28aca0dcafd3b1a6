"""What a write would change in committed annotations, per document and layer.

``sayso studio pull`` and ``sayso adjudicate`` replace files that are committed (an
annotator's records, a batch's gold). A record that would change or disappear is shown
(document, layers, counts) and written only with ``--overwrite``: a re-pull that brings
back one entity where the gold had 174 is stopped and explained, not written.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from sayso.corpus.model import LAYERS, Standoff
from sayso.errors import SaysoError


class OverwriteRefused(SaysoError):
    """Committed records would change; nothing was written (the CLI exits 1)."""


@dataclass(frozen=True)
class RecordChange:
    """One document whose committed record would change (``new`` None: removed)."""

    file: str
    doc_id: str
    old: Standoff
    new: Standoff | None

    def layers(self) -> list[str]:
        """``"entities 174 → 1"`` per layer that differs (``"claims changed (20)"`` when the count is the same)."""
        out = []
        for layer in LAYERS:
            before = self.old.layer(layer)
            after = None if self.new is None else self.new.layer(layer)
            if before == after:
                continue
            n_before = "absent" if before is None else len(before)
            n_after = "absent" if after is None else len(after)
            out.append(f"{layer} {n_before} → {n_after}" if n_before != n_after else f"{layer} changed ({n_after})")
        if self.new is not None and self.old.text_sha256 != self.new.text_sha256:
            out.append("text_sha256 changed")
        return out or ["fields outside the layers changed"]

    def __str__(self) -> str:
        if self.new is None:
            return f"{self.file}: {self.doc_id}: would be removed"
        return f"{self.file}: {self.doc_id}: {', '.join(self.layers())}"


def record_changes(file: str, old: Mapping[str, Standoff], new: Mapping[str, Standoff], *,
                   removals: bool = True) -> list[RecordChange]:
    """Documents of ``old`` whose record differs in ``new`` (and, if ``removals``, those it lacks)."""
    changes = []
    for doc_id in sorted(old):
        if doc_id in new:
            if new[doc_id] != old[doc_id] or new[doc_id].extra != old[doc_id].extra:
                changes.append(RecordChange(file, doc_id, old[doc_id], new[doc_id]))
        elif removals:
            changes.append(RecordChange(file, doc_id, old[doc_id], None))
    return changes


def refuse_unless(changes: list[RecordChange], overwrite: bool, command: str, shown: int = 50) -> list[str]:
    """Raise :class:`OverwriteRefused` listing ``changes`` unless ``overwrite``; else return them as notes."""
    lines = [str(c) for c in changes]
    if changes and not overwrite:
        more = [f"… and {len(lines) - shown} more"] if len(lines) > shown else []
        raise OverwriteRefused(
            f"{len(changes)} committed record(s) would change; nothing was written:\n"
            + "\n".join(lines[:shown] + more)
            + f"\nIf these changes are meant, run `{command} --overwrite` (then review them with `git diff`).")
    return [f"overwriting {line}" for line in lines]
