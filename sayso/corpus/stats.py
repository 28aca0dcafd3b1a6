"""``sayso stats``: counts of the gold corpus per split, as JSON and as a Markdown table.

DATASHEET.md's numbers are generated from here (``sayso stats --datasheet``), never
typed by hand; a test checks that the datasheet matches.
"""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Iterable

from sayso.corpus.model import ATTRIBUTION_TYPES, CLAIM_KINDS, ENTITY_LABELS, SOURCE_KINDS, Standoff
from sayso.corpus.store import SPLITS
from sayso.corpus.tokenize import tokens

if TYPE_CHECKING:
    from sayso.corpus.gold_corpus import GoldDocument


def nesting_depth(record: Standoff) -> Counter[int]:
    """How many attributions sit at each depth (1 = not nested, 2 = inside one other, …)."""
    parents = {a.id: a.parent for a in record.attributions or ()}
    depths: Counter[int] = Counter()
    for start in parents:
        depth, node, seen = 1, parents[start], {start}
        while node is not None and node in parents and node not in seen:
            seen.add(node)
            depth += 1
            node = parents[node]
        depths[depth] += 1
    return depths


def _split_stats(docs: Iterable["GoldDocument"]) -> dict[str, Any]:
    n_docs = n_public = n_sent = n_tok = n_attr_claims = n_no_source = 0
    entities: Counter[str] = Counter()
    claims: Counter[str] = Counter()
    types: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    depth: Counter[int] = Counter()
    for gd in docs:
        r = gd.record
        n_docs += 1
        n_public += gd.public
        n_sent += len(r.sentences or ())
        n_tok += len(tokens(gd.document.text))
        entities.update(e.label for e in r.entities or ())
        claims.update(c.kind for c in r.claims or ())
        n_attr_claims += sum(c.attribution is not None for c in r.claims or ())
        types.update(a.type for a in r.attributions or ())
        kinds.update(a.source_kind or "none" for a in r.attributions or ())
        n_no_source += sum(a.source is None for a in r.attributions or ())
        depth.update(nesting_depth(r))
    return {
        "documents": n_docs, "documents_with_text": n_public, "sentences": n_sent, "tokens": n_tok,
        "entities": sum(entities.values()), "entities_by_type": {k: entities[k] for k in ENTITY_LABELS},
        "claims": sum(claims.values()), "claims_by_kind": {k: claims[k] for k in CLAIM_KINDS},
        "claims_attributed": n_attr_claims,
        "attributions": sum(types.values()), "attributions_by_type": {k: types[k] for k in ATTRIBUTION_TYPES},
        "attributions_by_source_kind": {k: kinds[k] for k in (*SOURCE_KINDS, "none") if k != "none" or kinds[k]},
        "attributions_without_source": n_no_source,
        "nesting_depth": {str(k): depth[k] for k in sorted(depth)},
        "max_nesting_depth": max(depth, default=0),
    }


def corpus_stats(corpus: list["GoldDocument"]) -> dict[str, Any]:
    """Counts per split and for the whole corpus."""
    out = {split: _split_stats(gd for gd in corpus if gd.split == split) for split in SPLITS}
    out["all"] = _split_stats(corpus)
    return out


def stats_table(stats: dict[str, Any]) -> str:
    """A Markdown table: one row per count, one column per split."""
    columns = [*SPLITS, "all"]
    rows: list[tuple[str, list[Any]]] = []
    for key in ("documents", "documents_with_text", "sentences", "tokens", "entities", "claims",
                "claims_attributed", "attributions", "attributions_without_source", "max_nesting_depth"):
        rows.append((key, [stats[c][key] for c in columns]))
    for group, names in (("entities_by_type", ENTITY_LABELS), ("claims_by_kind", CLAIM_KINDS),
                         ("attributions_by_type", ATTRIBUTION_TYPES),
                         ("attributions_by_source_kind", SOURCE_KINDS)):
        for name in names:
            rows.append((f"{group.split('_by_')[0]}: {name}", [stats[c][group].get(name, 0) for c in columns]))
    depths = sorted({d for c in columns for d in stats[c]["nesting_depth"]}, key=int)
    for d in depths:
        rows.append((f"attributions at nesting depth {d}", [stats[c]["nesting_depth"].get(d, 0) for c in columns]))
    lines = ["| count | " + " | ".join(columns) + " |", "|---|" + "---:|" * len(columns)]
    lines += [f"| {name} | " + " | ".join(str(v) for v in values) + " |" for name, values in rows]
    return "\n".join(lines) + "\n"
