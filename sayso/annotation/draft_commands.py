"""``sayso draft show|check|resolve``: the annotator's side of span references."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from sayso.annotation.draft import SpanFinder, check_labels, resolve_draft
from sayso.corpus.sources import SourcePack
from sayso.corpus.splitter import split_sentences
from sayso.corpus.standoff_io import write_standoff
from sayso.corpus.validate import validate_record
from sayso.errors import InputError, Problem


def _show(args: argparse.Namespace) -> int:
    pack = SourcePack.load(args.sources)
    doc = pack.get(args.doc_id)
    print(f"# {doc.id}  {doc.title}\n# {doc.publisher} {doc.date or ''} {doc.license}\n")
    for n, (s, e) in enumerate(split_sentences(doc.text), start=1):
        print(f"[s{n} {s}-{e}] {doc.text[s:e]}")
    return 0


def _load_draft(path: Path) -> dict:
    from sayso.corpus.jsonl import JsonLineError, parse_json_line

    try:
        draft = parse_json_line(path.read_bytes())  # strict: not UTF-8, too deep, duplicate keys are errors
    except (OSError, JsonLineError) as exc:
        raise InputError(Problem(str(path), None, None, f"cannot read the draft ({exc})",
                                 "write one JSON object per draft file")) from exc
    if not isinstance(draft, dict) or not isinstance(draft.get("id"), str):
        raise InputError(Problem(str(path), None, None, "a draft is an object with an \"id\"",
                                 "start from the shape in `sayso draft --help`"))
    return draft


def _resolve_files(paths: list[Path], sources: str | None, verbose: bool):
    pack = SourcePack.load(sources)
    records, problems = [], []
    for path in paths:
        draft = _load_draft(path)
        doc = pack.get(draft["id"], file=str(path))
        record, found = resolve_draft(draft, doc)
        found += check_labels(record)
        if not found:
            found += [f"{p.what} — {p.todo}" for p in validate_record(record, doc.text, str(path))]
        problems += [Problem(str(path), None, doc.id, what, "fix the draft and run `sayso draft check` again")
                     for what in found]
        records.append(record)
        if verbose:
            _print_resolved(record, doc.text)
    return records, problems


def _print_resolved(record, text: str) -> None:
    finder = SpanFinder(text, split_sentences(text))  # s-numbers as `draft show` prints them
    print(f"== {record.id}: {len(record.sentences)} sentences, {len(record.entities)} entities, "
          f"{len(record.claims)} claims, {len(record.attributions)} attributions")
    for e in record.entities:
        print(f"  {e.id:>4} {e.label:<11} s{finder.sentence_number(e.start):<3} [{e.start},{e.end}) «{text[e.start:e.end]}»")
    for c in record.claims:
        print(f"  {c.id:>4} {c.kind:<10} -> {c.attribution or 'writer'} [{c.start},{c.end}) «{text[c.start:c.end]}»")
    for a in record.attributions:
        src = f"«{text[a.source.start:a.source.end]}»" if a.source else "(none)"
        cue = f"«{text[a.cue.start:a.cue.end]}»" if a.cue else "(none)"
        print(f"  {a.id:>4} {a.type}/{a.source_kind} parent={a.parent} source_entity={a.source_entity} "
              f"source={src} cue={cue}")
        for c in a.content:
            print(f"         content [{c.start},{c.end}) «{text[c.start:c.end]}»")


def _check(args: argparse.Namespace) -> int:
    _, problems = _resolve_files([Path(p) for p in args.drafts], args.sources, verbose=not args.quiet)
    if problems:
        raise InputError(problems)
    print(f"ok: {len(args.drafts)} draft(s) resolve and validate")
    return 0


def _resolve(args: argparse.Namespace) -> int:
    records, problems = _resolve_files(sorted(Path(p) for p in args.drafts), args.sources, verbose=False)
    if problems:
        raise InputError(problems)  # nothing is written when any draft is wrong
    write_standoff(args.out, records)
    print(f"wrote {len(records)} record(s) to {args.out}")
    return 0


def _from_gold(args: argparse.Namespace) -> int:
    from sayso.annotation import labelconfig
    from sayso.annotation.draft_render import record_to_draft
    from sayso.corpus.store import load_gold, read_standoff_folder

    pack = SourcePack.load(args.sources)
    gold = read_standoff_folder(args.gold) if args.gold else load_gold()
    version = args.guidelines_version or labelconfig.guidelines_version()
    out = Path(args.out)
    problems, written = [], 0
    for doc_id in args.doc_ids:
        if doc_id not in gold:
            problems.append(Problem(args.gold or "corpus/gold", None, doc_id, "no gold record for this document",
                                    "name a document that is gold (see corpus/manifest.jsonl)"))
            continue
        target = out / f"{doc_id}.json"
        if target.exists() and not args.force:
            problems.append(Problem(str(target), None, doc_id, "a draft is already there (someone's work)",
                                    "keep editing it, or pass --force to replace it with the gold"))
            continue
        draft, found = record_to_draft(gold[doc_id].record, pack.get(doc_id), args.annotator, version)
        if found:
            problems += [Problem(gold[doc_id].file, gold[doc_id].line, doc_id, what,
                                 "correct that span in Label Studio, or name it by hand in the draft")
                         for what in found]
            continue
        out.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(draft, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written += 1
    print(f"wrote {written} draft(s) to {out}")
    if problems:
        raise InputError(problems)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.annotation import draft as draft_module
    from sayso.options import add_sources_option, plain_help

    parser = subparsers.add_parser(
        "draft", help="annotator drafts: show a document, check or resolve span references",
        description=plain_help(draft_module.__doc__), formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="draft_command", metavar="ACTION", required=True)
    show = sub.add_parser("show", help="print a document with its proposed sentences numbered s1, s2, …")
    show.add_argument("doc_id", help="the document to show, numbered word by word")
    add_sources_option(show)
    show.set_defaults(func=_show)
    check = sub.add_parser("check", help="resolve drafts, print every span with its words, report problems")
    check.add_argument("drafts", nargs="+", metavar="DRAFT.json", help="the annotator's draft files")
    check.add_argument("--quiet", action="store_true", help="print problems only")
    add_sources_option(check)
    check.set_defaults(func=_check)
    resolve = sub.add_parser("resolve", help="resolve drafts into one standoff JSONL file (all or nothing)")
    resolve.add_argument("drafts", nargs="+", metavar="DRAFT.json", help="the annotator's draft files")
    resolve.add_argument("--out", required=True, metavar="FILE.jsonl", help="where to write the standoff records")
    add_sources_option(resolve)
    resolve.set_defaults(func=_resolve)
    from_gold = sub.add_parser(
        "from-gold", help="write gold records as drafts (spans named by words) for review against new guidelines")
    from_gold.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="the gold documents to write drafts of")
    from_gold.add_argument("--out", required=True, metavar="DIR", help="folder for DOC_ID.json drafts")
    from_gold.add_argument("--annotator", required=True, help="the reviewer's name, recorded in each draft")
    from_gold.add_argument("--guidelines-version", default=None,
                           help="version the reviewer annotates under (default: annotation/guidelines.md's)")
    from_gold.add_argument("--gold", metavar="DIR", default=None, help="folder of gold *.jsonl (default corpus/gold)")
    from_gold.add_argument("--force", action="store_true", help="replace drafts that already exist")
    add_sources_option(from_gold)
    from_gold.set_defaults(func=_from_gold)
