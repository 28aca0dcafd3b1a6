"""Bring a gold batch up to a new major guidelines version (``sayso revise``).

When the guidelines change what gets annotated, existing gold is re-read against the
changes before new gold is added. Reviewers start from the gold (``sayso draft
from-gold``), correct what the new rules decide differently, and hand their records in
through Label Studio like any annotation (a review batch, e.g. ``batch-1-v2``, pulled
into ``annotation/batches/batch-1-v2/REVIEWER.jsonl``). Each reviewer also records, per
document, which rule prompted each change (``review.jsonl`` in the review batch folder:
rule ids and item ids, no text).

This module compares reviewed records with the gold, item by item per layer, and
replaces the gold batch only when every one of its documents has been reviewed — the
gold conforms to one major version at a time — and only when asked (``--write``);
without it, it says what would change. A document's provenance ``date`` changes only
when its annotation changes; its ``guidelines_version`` becomes the review's, and its
``revisions`` list records who reviewed it, from which version, and the counts.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Mapping

from sayso.annotation.adjudicate import LAYER_ORDER, _key, committed_gold, items_of
from sayso.annotation.batch import REVIEWS, Batch, now
from sayso.corpus.jsonl import json_lines
from sayso.corpus.model import Standoff
from sayso.corpus.standoff_io import dumps_standoff, read_standoff, write_text_atomic
from sayso.errors import InputError, Problem

@dataclass(frozen=True)
class LayerChange:
    added: int
    removed: int

    def to_dict(self) -> dict[str, int]:
        return {"added": self.added, "removed": self.removed}


def layer_changes(before: Standoff, after: Standoff) -> dict[str, LayerChange]:
    """Items added and removed per layer (a changed item counts once in each).

    >>> from sayso.corpus.model import Entity
    >>> old = Standoff("d", "h", (), (Entity("e1", 0, 7, "DATE"),), (), ())
    >>> new = Standoff("d", "h", (), (Entity("e1", 4, 7, "DATE"),), (), ())
    >>> layer_changes(old, new)["entities"]
    LayerChange(added=1, removed=1)
    """
    changes = _changes(before, after)
    return {layer: LayerChange(sum(n for k, n in c.items() if k[0] == "+"), sum(n for k, n in c.items() if k[0] == "-"))
            for layer, c in changes.items()}


def _changes(before: Standoff, after: Standoff) -> dict[str, Counter]:
    """Per layer, the items added (``("+", key)``) and removed (``("-", key)``) from ``before`` to ``after``."""
    old, new = items_of(before), items_of(after)
    out = {}
    for layer in LAYER_ORDER:
        a = Counter(_key(i) for i in old[layer])
        b = Counter(_key(i) for i in new[layer])
        out[layer] = Counter({("+", k): n for k, n in (b - a).items()}) + Counter({("-", k): n for k, n in (a - b).items()})
    return out


def read_review_records(batch: Batch) -> dict[str, dict[str, Any]]:
    path = batch.folder / REVIEWS
    if not path.is_file():
        return {}
    problems: list[Problem] = []
    out = {obj["id"]: obj for _, obj in json_lines(path, "each line is a reviewer's record for one document",
                                                   problems) if isinstance(obj, dict) and "id" in obj}
    if problems:
        raise InputError(problems)
    return out


def revise(gold_batch: Batch, review_batch: Batch, guidelines_version: str, write: bool = False) -> dict[str, Any]:
    """Compare the review with the gold; write the revised gold when complete and asked.

    Returns the summary (per document and per layer counts, per rule counts).
    """
    gold, provenance = committed_gold(gold_batch)
    reviewed: dict[str, tuple[str, Standoff]] = {}
    problems: list[Problem] = []
    for reviewer, path in review_batch.annotator_files().items():
        for line in read_standoff(path, allow_empty=True):
            if line.record.id in reviewed:
                problems.append(Problem(line.file, line.line, line.record.id,
                                        f"reviewed twice (also by {reviewed[line.record.id][0]})",
                                        "keep one review per document"))
            elif line.record.id not in gold:
                problems.append(Problem(line.file, line.line, line.record.id,
                                        f"not a gold document of {gold_batch.name}", "review only that batch's gold"))
            elif line.record.text_sha256 != gold[line.record.id].text_sha256:
                problems.append(Problem(line.file, line.line, line.record.id, "reviewed a different text",
                                        "push the batch again and review the pushed text"))
            else:
                reviewed[line.record.id] = (reviewer, line.record)
    if problems:
        raise InputError(problems)
    rules = read_review_records(review_batch)
    docs, totals, by_rule = {}, {layer: Counter() for layer in LAYER_ORDER}, Counter()
    for doc_id, (reviewer, record) in sorted(reviewed.items()):
        changes = layer_changes(gold[doc_id], record)
        for layer, change in changes.items():
            totals[layer].update(change.to_dict())
        noted = rules.get(doc_id, {}).get("changes", [])
        by_rule.update(str(c.get("rule")) for c in noted if isinstance(c, dict))
        docs[doc_id] = {"reviewer": reviewer, "changes": {k: v.to_dict() for k, v in changes.items()},
                        "rules": sorted(Counter(str(c.get("rule")) for c in noted if isinstance(c, dict)).items())}
    missing = sorted(set(gold) - set(reviewed))
    summary = {"batch": gold_batch.name, "review": review_batch.name, "guidelines_version": guidelines_version,
               "documents": len(gold), "reviewed": len(reviewed), "not_reviewed": missing,
               "unchanged": sum(1 for d in docs.values() if not any(sum(c.values()) for c in d["changes"].values())),
               "per_layer": {layer: dict(totals[layer]) for layer in LAYER_ORDER},
               "per_rule": dict(sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0]))), "docs": docs}
    if not write:
        return summary
    if missing:
        raise InputError(Problem(str(review_batch.folder), None, missing[0],
                                 f"{len(missing)} gold document(s) of {gold_batch.name} not reviewed yet",
                                 "the gold conforms to one major version: review every document, then write"))
    date = now()[:10]
    new_provenance = []
    for doc_id in sorted(gold):
        prov = dict(provenance.get(doc_id, {"id": doc_id, "batch": gold_batch.name}))
        info = docs[doc_id]
        changed = any(sum(c.values()) for c in info["changes"].values())
        prov["revisions"] = [r for r in prov.get("revisions", []) if r.get("to") != guidelines_version] + [{
            "from": prov.get("guidelines_version"), "to": guidelines_version, "by": info["reviewer"],
            "review_batch": review_batch.name, "changes": info["changes"], "rules": dict(info["rules"])}]
        prov["guidelines_version"] = guidelines_version
        if changed and prov.get("revised_date") is None:
            prov["revised_date"] = date
        new_provenance.append(prov)
    write_text_atomic(gold_batch.gold_path, dumps_standoff(reviewed[d][1] for d in sorted(gold)))
    write_text_atomic(gold_batch.provenance_path,
                      "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in new_provenance))
    return summary


def summary_markdown(summary: Mapping[str, Any]) -> str:
    lines = [f"# {summary['batch']} brought up to guidelines {summary['guidelines_version']}", "",
             f"Review batch `{summary['review']}`: {summary['reviewed']} of {summary['documents']} gold documents "
             f"reviewed; {summary['unchanged']} unchanged. Counts are items (a changed item is one removed and "
             "one added); generated by `sayso revise`.", "",
             "| layer | added | removed |", "|---|---:|---:|"]
    for layer, c in summary["per_layer"].items():
        lines.append(f"| {layer} | {c.get('added', 0)} | {c.get('removed', 0)} |")
    lines += ["", "Changes by the rule the reviewer named (guidelines §8a):", "", "| rule | changes |", "|---|---:|"]
    lines += [f"| {rule} | {n} |" for rule, n in summary["per_rule"].items()]
    if summary["not_reviewed"]:
        lines += ["", f"Not reviewed yet: {len(summary['not_reviewed'])} documents."]
    return "\n".join(lines) + "\n"


def change_agreement(base: Standoff, a: Standoff, b: Standoff) -> dict[str, dict[str, int]]:
    """How far two independent re-reads of ``base`` made the same changes, per layer.

    Agreement between whole records flatters a re-read (both start from the same gold
    and keep most of it); what a second reviewer checks is the *changes*: items one
    reviewer added or removed that the other added or removed too.

    >>> from sayso.corpus.model import Entity
    >>> old = Standoff("d", "h", (), (Entity("e1", 0, 7, "DATE"), Entity("e2", 9, 12, "GPE")), (), ())
    >>> one = Standoff("d", "h", (), (Entity("e1", 4, 7, "DATE"), Entity("e2", 9, 12, "GPE")), (), ())
    >>> two = Standoff("d", "h", (), (Entity("e1", 4, 7, "DATE"), Entity("e2", 9, 12, "LOC")), (), ())
    >>> change_agreement(old, one, two)["entities"]
    {'a': 2, 'b': 4, 'both': 2}
    """
    by_a, by_b = _changes(base, a), _changes(base, b)
    return {layer: {"a": sum(by_a[layer].values()), "b": sum(by_b[layer].values()),
                    "both": sum((by_a[layer] & by_b[layer]).values())} for layer in LAYER_ORDER}


def change_agreement_markdown(counts: Mapping[str, Mapping[str, int]], a: str, b: str, n_docs: int) -> str:
    """Per layer: changes each reviewer made, changes both made, and their F1."""
    lines = [f"Changes to the old gold made by {a} and by {b} on the same {n_docs} document(s), and the changes "
             "both made (an item added, or an item removed, identically); F1 = 2·both / (changes of "
             f"{a} + changes of {b}).", "", f"| layer | {a} | {b} | both | F1 |", "|---|---:|---:|---:|---:|"]
    for layer, c in counts.items():
        total = c["a"] + c["b"]
        f1 = f"{2 * c['both'] / total:.3f}" if total else "–"
        lines.append(f"| {layer} | {c['a']} | {c['b']} | {c['both']} | {f1} |")
    return "\n".join(lines) + "\n"
