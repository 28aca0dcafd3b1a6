"""Print undecided disagreements with the words of every option, for the adjudicator.

The decisions file holds offsets only (it is committed); this view joins them to the
text on screen, the same way ``sayso draft check`` does for annotators.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sayso.corpus.sources import SourcePack


def _words(text: str, span: list[int] | None) -> str:
    return "(none)" if span is None else f"[{span[0]},{span[1]}) «{text[span[0]:span[1]]}»"


def describe(layer: str, item: dict[str, Any], text: str) -> str:
    """One option of a disagreement, in words."""
    if layer in ("sentences", "entities"):
        label = f" {item['label']}" if "label" in item else ""
        return f"{_words(text, [item['start'], item['end']])}{label}"
    if layer == "claims":
        linked = item.get("attribution")
        link = f"attributed (cue {_words(text, linked['cue'])})" if linked else "writer's voice"
        return f"{_words(text, [item['start'], item['end']])} {item['kind']}, {link}"
    parent = item.get("parent")
    return (f"source {_words(text, item['source'])}; cue {_words(text, item['cue'])}; "
            f"content {'; '.join(_words(text, c) for c in item['content'])}; {item['type']}/{item['source_kind']}; "
            f"source_entity {_words(text, item['source_entity'])}; "
            f"parent {'cue ' + _words(text, parent['cue']) if parent else 'none'}")


def show_undecided(decisions: Path, pack: SourcePack) -> str:
    from sayso.annotation.adjudicate import read_decisions
    from sayso.errors import InputError

    found, problems = read_decisions(decisions)
    if problems:
        raise InputError(problems)
    lines = []
    for d in sorted(found.values(), key=lambda d: d["_line"]):
        if d.get("choice"):
            continue
        text = pack.get(d["doc_id"]).text
        lo, hi = max(0, d["start"] - 80), min(len(text), d["end"] + 80)
        lines.append(f"== {d['id']}  ({d['layer']})")
        lines.append(f"   context: …{text[lo:hi]}…".replace("\n", " "))
        for annotator, options in d["options"].items():
            if not options:
                lines.append(f"   {annotator}: (nothing)")
            for option in options:
                lines.append(f"   {annotator}: {describe(d['layer'], option, text)}")
    return "\n".join(lines) + ("\n" if lines else "no undecided disagreements\n")
