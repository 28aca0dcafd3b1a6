"""One major guidelines version for the whole gold.

A major version changes what gets annotated (``annotation/guidelines.md``, "Version
numbers"), so gold made under two major versions is two different benchmarks glued
together. Every gold document's provenance records the version it conforms to; this
check refuses a corpus whose gold mixes major versions or does not say which it follows.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable, Mapping

from sayso.errors import Problem


def major(version: str | None) -> str | None:
    """``"2"`` for ``"2.1"``; None for a missing version.

    >>> major("2.1"), major("1.0"), major(None)
    ('2', '1', None)
    """
    if not version:
        return None
    return str(version).split(".", 1)[0]


def mixed_major_versions(provenance: Mapping[str, Mapping[str, Any]], gold_ids: Iterable[str],
                         where: str = "corpus/provenance") -> list[Problem]:
    """Problems when the gold documents do not all conform to one major guidelines version."""
    by_major: dict[str | None, list[str]] = defaultdict(list)
    for doc_id in sorted(gold_ids):
        by_major[major(provenance.get(doc_id, {}).get("guidelines_version"))].append(doc_id)
    problems = [Problem(where, None, doc_id, "gold document without a guidelines_version in its provenance",
                        "record the version it was annotated (or revised) under") for doc_id in by_major.pop(None, [])]
    if len(by_major) > 1:
        counts = ", ".join(f"{len(ids)} under {m}.x" for m, ids in sorted(by_major.items()))
        newest = max(by_major, key=lambda m: int(m) if m.isdigit() else -1)
        for m, ids in sorted(by_major.items()):
            if m != newest:
                problems.append(Problem(where, None, ids[0],
                                        f"the gold mixes major guidelines versions ({counts})",
                                        f"bring the {len(ids)} document(s) under {m}.x up to {newest}.x "
                                        "with `sayso revise` before adding gold under the new version"))
    return problems
