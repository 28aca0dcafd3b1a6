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
    try:
        draft = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
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
