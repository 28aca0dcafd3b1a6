"""Merge annotators into gold (``sayso adjudicate``), with every disagreement decided on record.

For each document of a batch:

* annotated once — the annotation passes through (``adjudicated: false``);
* annotated by several — an item (a sentence, an entity with its label, a claim with its
  kind and attribution, an attribution with all its roles and choices) that every
  annotator marked identically is accepted. Items marked by some but not all are grouped
  by overlap into *disagreements*, one per place in the text, each listing what every
  annotator said there (offsets, labels, ids; never text).

Disagreements go to ``annotation/batches/BATCH/decisions.jsonl`` (one JSON object per
line). The adjudicator sets ``"choice"`` to an annotator's name (take that version),
``"none"`` (take nothing there), or ``"custom"`` with ``"custom": [items]`` in the same
shape as the options, and may add ``"adjudicator"`` and ``"note"``. Re-running keeps
decisions whose options have not changed. While any disagreement is undecided, no gold
is written: the command says how many and where the file is.

Gold goes to ``corpus/gold/BATCH.jsonl`` (validated against the source text) and
``corpus/provenance/BATCH.jsonl``: per document the annotators, whether it was
pre-annotated (the model version) or not, adjudicated or not, the labeling-config and
guidelines versions and the date.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from sayso.annotation.agreement import load_batch
from sayso.annotation.batch import Batch, now
from sayso.corpus.jsonl import parsed_lines
from sayso.corpus.model import Attribution, Claim, Entity, Sentence, Span, Standoff
from sayso.corpus.standoff_io import dumps_standoff, write_text_atomic
from sayso.corpus.validate import validate_record
from sayso.errors import InputError, Problem, SaysoError

LAYER_ORDER = ("sentences", "entities", "claims", "attributions")
CHOICES_HELP = 'an annotator name, "none", or "custom" (with "custom": [items])'


class UndecidedError(SaysoError):
    """Gold cannot be written while disagreements are undecided."""


# --- items as plain, comparable dicts ----------------------------------------------------

def _sp(span: Span | None) -> list[int] | None:
    return None if span is None else [span.start, span.end]


def _core(a: Attribution) -> dict[str, Any]:
    return {"source": _sp(a.source), "cue": _sp(a.cue), "content": [_sp(c) for c in sorted(a.content)]}


def items_of(record: Standoff) -> dict[str, list[dict[str, Any]]]:
    """A record's items per layer, with links written as spans (ids differ between annotators)."""
    entities = record.entity_by_id()
    attributions = {a.id: a for a in record.attributions or ()}
    out: dict[str, list[dict[str, Any]]] = {
        "sentences": [{"start": s.start, "end": s.end} for s in record.sentences or ()],
        "entities": [{"start": e.start, "end": e.end, "label": e.label} for e in record.entities or ()],
        "claims": [{"start": c.start, "end": c.end, "kind": c.kind,
                    "attribution": _core(attributions[c.attribution]) if c.attribution in attributions else None}
                   for c in record.claims or ()],
        "attributions": [],
    }
    for a in record.attributions or ():
        ent = entities.get(a.source_entity) if a.source_entity else None
        out["attributions"].append({**_core(a), "type": a.type, "source_kind": a.source_kind,
                                    "source_entity": [ent.start, ent.end] if ent else None,
                                    "parent": _core(attributions[a.parent]) if a.parent in attributions else None})
    return out


def _key(item: Mapping[str, Any]) -> str:
    return json.dumps(item, sort_keys=True)


def _extent(layer: str, item: Mapping[str, Any]) -> tuple[int, int]:
    if layer != "attributions":
        return item["start"], item["end"]
    spans = [s for s in (item["source"], item["cue"], *item["content"]) if s]
    return min(s[0] for s in spans), max(s[1] for s in spans)


def _anchor(item: Mapping[str, Any]) -> tuple[int, int]:
    """An attribution's anchor span (cue, else source, else first content): ids follow it,
    as :func:`sayso.annotation.convert.results_to_standoff` numbers them."""
    span = item["cue"] or item["source"] or min(item["content"])
    return span[0], span[1]


@dataclass
class Disagreement:
    id: str
    doc_id: str
    layer: str
    start: int
    end: int
    options: dict[str, list[dict[str, Any]]]
    choice: str | None = None
    custom: list[dict[str, Any]] | None = None
    adjudicator: str | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = {"id": self.id, "doc_id": self.doc_id, "layer": self.layer, "start": self.start, "end": self.end,
               "options": self.options, "choice": self.choice, "adjudicator": self.adjudicator, "note": self.note}
        if self.custom is not None:
            out["custom"] = self.custom
        return out

    def chosen(self) -> list[dict[str, Any]]:
        if self.choice == "none":
            return []
        if self.choice == "custom":
            return list(self.custom or [])
        return list(self.options[self.choice or ""])


@dataclass
class DocMerge:
    doc_id: str
    annotators: list[str]
    accepted: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    disagreements: list[Disagreement] = field(default_factory=list)


def merge_document(doc_id: str, records: Mapping[str, Standoff]) -> DocMerge:
    """Accepted items and disagreements of one document annotated by ``records``' annotators."""
    names = sorted(records)
    per = {n: items_of(records[n]) for n in names}
    merge = DocMerge(doc_id, names)
    for layer in LAYER_ORDER:
        keyed = {n: {_key(i): i for i in per[n][layer]} for n in names}
        common = set.intersection(*(set(k) for k in keyed.values()))
        merge.accepted[layer] = [i for k, i in sorted(keyed[names[0]].items()) if k in common]
        loose = []  # (extent, annotator, item) of items not everyone marked
        for n in names:
            loose += [(_extent(layer, i), n, i) for k, i in keyed[n].items() if k not in common]
        loose.sort(key=lambda x: (x[0], x[1], _key(x[2])))
        clusters: list[list[tuple[tuple[int, int], str, dict]]] = []
        for entry in loose:  # sweep: overlapping extents join one cluster
            if clusters and entry[0][0] < max(e[0][1] for e in clusters[-1]):
                clusters[-1].append(entry)
            else:
                clusters.append([entry])
        for cluster in clusters:
            start = min(e[0][0] for e in cluster)
            end = max(e[0][1] for e in cluster)
            options = {n: sorted((i for _, who, i in cluster if who == n), key=_key) for n in names}
            merge.disagreements.append(Disagreement(f"{doc_id}/{layer}/{start}-{end}", doc_id, layer, start, end,
                                                    options))
    return merge


# --- decisions file ---------------------------------------------------------------------------

def read_decisions(path) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    """Decisions by id; problems for unreadable lines."""
    found: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    if not path.is_file():
        return found, problems
    todo = "keep one JSON object per line as the template wrote it"
    for number, obj in parsed_lines(path, todo, problems):
        if not isinstance(obj, dict) or not isinstance(obj.get("id"), str):
            problems.append(Problem(str(path), number, None, "not a decision object (no \"id\")", todo))
            continue
        found[obj["id"]] = {**obj, "_line": number}
    return found, problems


def _apply_decisions(merges: Iterable[DocMerge], previous: Mapping[str, Mapping[str, Any]], path,
                     adjudicator: str | None) -> list[Problem]:
    problems: list[Problem] = []
    for merge in merges:
        for d in merge.disagreements:
            old = previous.get(d.id)
            if old is None:
                continue
            if old.get("options") != d.options:
                d.note = (f"options changed since the last decision ({old.get('choice')!r}); decide again. "
                          + str(old.get("note") or "")).strip()
                continue
            d.choice, d.custom, d.note = old.get("choice"), old.get("custom"), str(old.get("note") or "")
            d.adjudicator = old.get("adjudicator") or (adjudicator if d.choice is not None else None)
            valid = set(d.options) | {"none", "custom"}
            if d.choice is not None and d.choice not in valid:
                problems.append(Problem(str(path), old["_line"], d.doc_id,
                                        f"decision {d.id}: choice {d.choice!r} is not allowed",
                                        f"set choice to {CHOICES_HELP}: {sorted(valid)}"))
            elif d.choice == "custom" and not isinstance(d.custom, list):
                problems.append(Problem(str(path), old["_line"], d.doc_id,
                                        f"decision {d.id}: choice 'custom' without a \"custom\" list",
                                        "add \"custom\": [items shaped like the options]"))
    return problems


# --- building gold ---------------------------------------------------------------------------------

def build_record(doc_id: str, text_sha: str, items: Mapping[str, list[dict[str, Any]]],
                 where: str) -> tuple[Standoff, list[Problem]]:
    """A standoff record from chosen items; ids in text order; links resolved by span."""
    problems: list[Problem] = []

    def report(what: str) -> None:
        problems.append(Problem(where, None, doc_id, what, "adjust the decisions so that links point at kept items"))

    try:
        sentences = sorted({(i["start"], i["end"]) for i in items["sentences"]})
        entities = sorted({(i["start"], i["end"], i["label"]) for i in items["entities"]})
        attrs = sorted({_key(i): i for i in items["attributions"]}.values(),
                       key=lambda i: (_anchor(i), _key(i)))
        claims = sorted({_key(i): i for i in items["claims"]}.values(), key=lambda i: (i["start"], i["end"], _key(i)))
    except (KeyError, TypeError) as exc:
        return Standoff(doc_id, text_sha), [Problem(where, None, doc_id, f"malformed item ({exc!r})",
                                                    "shape custom items like the options")]
    entity_ids = {(s, e): f"e{k}" for k, (s, e, _) in enumerate(entities, start=1)}
    core_ids: dict[str, str] = {}
    for k, a in enumerate(attrs, start=1):
        core_ids.setdefault(_key({"source": a["source"], "cue": a["cue"], "content": a["content"]}), f"a{k}")

    def span(x: list[int] | None) -> Span | None:
        return None if x is None else Span(int(x[0]), int(x[1]))

    built_attrs = []
    for k, a in enumerate(attrs, start=1):
        parent = None
        if a.get("parent") is not None:
            parent = core_ids.get(_key(a["parent"]))
            if parent is None:
                report(f"attribution a{k}: its parent is not in the gold")
        source_entity = None
        if a.get("source_entity") is not None:
            source_entity = entity_ids.get(tuple(a["source_entity"]))
            if source_entity is None:
                report(f"attribution a{k}: its source entity {a['source_entity']} is not in the gold")
        built_attrs.append(Attribution(f"a{k}", span(a["source"]), span(a["cue"]),
                                       tuple(span(c) for c in a["content"]), a["type"], a.get("source_kind"),
                                       source_entity, parent))
    built_claims = []
    for k, c in enumerate(claims, start=1):
        owner = None
        if c.get("attribution") is not None:
            owner = core_ids.get(_key(c["attribution"]))
            if owner is None:
                report(f"claim c{k}: its attribution is not in the gold")
        built_claims.append(Claim(f"c{k}", c["start"], c["end"], c["kind"], owner))
    record = Standoff(doc_id, text_sha, sentences=tuple(Sentence(s, e) for s, e in sentences),
                      entities=tuple(Entity(entity_ids[(s, e)], s, e, lab) for s, e, lab in entities),
                      claims=tuple(built_claims), attributions=tuple(built_attrs))
    return record, problems


def _gold_elsewhere(batch: Batch, doc_ids: Iterable[str]) -> list[Problem]:
    """Documents of this batch that are already gold in another batch's gold file."""
    from sayso.corpus.standoff_io import read_standoff

    folder = batch.gold_path.parent
    others: dict[str, Any] = {}
    for path in sorted(folder.glob("*.jsonl")) if folder.is_dir() else ():
        if path != batch.gold_path:
            for item in read_standoff(path, allow_empty=True):
                others.setdefault(item.record.id, item)
    return [Problem(others[d].file, others[d].line, d,
                    f"is already gold there; adjudicating batch {batch.name} would make it gold a second time",
                    f"a document is gold in one batch only: leave it out of batch {batch.name}'s annotations "
                    "(agreement can still use them), or correct the gold where it is")
            for d in sorted(doc_ids) if d in others]


def _mixed_versions(batch: Batch, provenance: list[dict[str, Any]]) -> list[Problem]:
    """Refuse gold that would mix major guidelines versions with the other batches' gold."""
    from sayso.corpus.store import load_gold, load_provenance
    from sayso.corpus.versions import mixed_major_versions

    corpus = batch.root / "corpus"
    others = {d: p for d, p in load_provenance(corpus).items() if p.get("batch") != batch.name}
    ids = {d for d in load_gold(corpus) if d in others} | {p["id"] for p in provenance}
    return mixed_major_versions({**others, **{p["id"]: p for p in provenance}}, ids, str(batch.provenance_path))


def committed_gold(batch: Batch) -> tuple[dict[str, Standoff], dict[str, dict[str, Any]]]:
    """This batch's committed gold records and provenance entries, by document id."""
    from sayso.corpus.standoff_io import read_standoff

    gold = ({item.record.id: item.record for item in read_standoff(batch.gold_path, allow_empty=True)}
            if batch.gold_path.is_file() else {})
    provenance: dict[str, dict[str, Any]] = {}
    if batch.provenance_path.is_file():
        problems: list[Problem] = []
        for _, obj in parsed_lines(batch.provenance_path, "restore it from git", problems):
            if isinstance(obj, dict) and isinstance(obj.get("id"), str):
                provenance[obj["id"]] = obj
        if problems:
            raise InputError(problems)
    return gold, provenance


def run_adjudication(batch: Batch, *, decisions=None, sources: str | None = None,
                     adjudicator: str | None = None, overwrite: bool = False, decisions_only: bool = False) -> str:
    """Merge, write the decisions file, and (when all is decided) the gold and provenance.

    ``decisions_only``: list new disagreements for the adjudicator and stop there, so that
    a batch still being annotated is adjudicated as it grows without becoming gold early.

    Refused, with nothing written: a document that is gold in another batch (naming
    both); gold records of this batch that would change or disappear, unless
    ``overwrite`` (:class:`~sayso.annotation.changes.OverwriteRefused` lists them).
    Provenance keeps a document's date while its gold record is unchanged.
    """
    from sayso.annotation.changes import record_changes, refuse_unless

    from sayso.annotation import labelconfig as lc
    from sayso.corpus.sources import SourcePack

    by_annotator = load_batch(batch)
    record = batch.read_record()
    pack = SourcePack.load(sources)
    path = decisions or batch.decisions_path
    docs = sorted({d for recs in by_annotator.values() for d in recs})
    twice = _gold_elsewhere(batch, docs)
    if twice:
        raise InputError(twice)
    merges: list[DocMerge] = []
    single: dict[str, tuple[str, Standoff]] = {}
    for doc_id in docs:
        records = {n: recs[doc_id] for n, recs in by_annotator.items() if doc_id in recs}
        if len(records) == 1:
            single[doc_id] = next(iter(records.items()))
        else:
            hashes = {r.text_sha256 for r in records.values()}
            if len(hashes) > 1:
                raise InputError(Problem(str(batch.folder), None, doc_id, "annotators annotated different texts",
                                         "pull again; every annotator must annotate the pushed text"))
            merges.append(merge_document(doc_id, records))
    previous, problems = read_decisions(path)
    problems += _apply_decisions(merges, previous, path, adjudicator)
    if problems:
        raise InputError(problems)
    all_disagreements = [d for m in merges for d in m.disagreements]
    write_text_atomic(path, "".join(json.dumps(d.to_dict(), ensure_ascii=False, sort_keys=True) + "\n"
                                    for d in all_disagreements))
    undecided = [d for d in all_disagreements if d.choice is None]
    if decisions_only:
        return (f"batch {batch.name}: {len(all_disagreements)} disagreement(s), {len(undecided)} undecided, "
                f"in {path}; no gold written (--decisions-only)")
    if undecided:
        where = sorted({d.doc_id for d in undecided})
        raise UndecidedError(
            f"batch {batch.name}: {len(undecided)} undecided disagreement(s) in {len(where)} document(s) "
            f"({', '.join(where)}); no gold written. Decide each in {path}: set \"choice\" to {CHOICES_HELP}, "
            f"then run `sayso adjudicate --batch {batch.name}` again.")
    gold: list[Standoff] = []
    provenance: list[dict[str, Any]] = []
    config_version = record.get("labeling_config_version") or lc.load_config().version
    guidelines = record.get("guidelines_version") or lc.guidelines_version()
    date = now()[:10]
    old_gold, old_provenance = committed_gold(batch)
    for doc_id in docs:
        doc_info = record.get("docs", {}).get(doc_id, {})
        if doc_id in single:
            name, rec = single[doc_id]
            doc = pack.verified(doc_id, rec.text_sha256, file=str(batch.annotator_path(name)))
            found = validate_record(rec, doc.text, str(batch.annotator_path(name)))
            annotators, adjudicated, decided, who = [name], False, 0, []
        else:
            merge = next(m for m in merges if m.doc_id == doc_id)
            sha = by_annotator[merge.annotators[0]][doc_id].text_sha256
            doc = pack.verified(doc_id, sha, file=str(path))
            items = {layer: list(merge.accepted[layer]) for layer in LAYER_ORDER}
            for d in merge.disagreements:
                items[d.layer] += d.chosen()
            rec, found = build_record(doc_id, sha, items, f"{path} (decisions for {doc_id})")
            if not found:
                found = validate_record(rec, doc.text, f"{path} (decisions for {doc_id})")
            annotators, adjudicated = merge.annotators, True
            decided = len(merge.disagreements)
            who = sorted({d.adjudicator for d in merge.disagreements if d.adjudicator})
        problems.extend(found)
        gold.append(rec)
        provenance.append({"id": doc_id, "batch": batch.name, "annotators": annotators,
                           "preannotated": doc_info.get("preannotated") or False,
                           "sentences_proposed": bool(doc_info.get("sentences_proposed")), "adjudicated": adjudicated,
                           "decisions": decided, "adjudicators": who,
                           "labeling_config_version": doc_info.get("config_version") or config_version,
                           "guidelines_version": guidelines, "date": date})
        unchanged = old_gold.get(doc_id) == rec and old_gold[doc_id].extra == rec.extra
        if unchanged and old_provenance.get(doc_id, {}).get("date"):
            provenance[-1]["date"] = old_provenance[doc_id]["date"]  # the annotation did not change: nor does its date
    problems += _mixed_versions(batch, provenance)
    if problems:
        raise InputError(problems)
    notes = refuse_unless(record_changes(str(batch.gold_path), old_gold, {r.id: r for r in gold}), overwrite,
                          f"sayso adjudicate --batch {batch.name}")
    write_text_atomic(batch.gold_path, dumps_standoff(gold))
    write_text_atomic(batch.provenance_path, "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in provenance))
    summary = (f"batch {batch.name}: {len(gold)} document(s) to {batch.gold_path} "
               f"({len(merges)} adjudicated, {len(single)} single-annotated, {len(all_disagreements)} decision(s)); "
               f"provenance {batch.provenance_path}")
    return "".join(f"{note}\n" for note in notes) + summary
