"""``sayso validate | manifest | build | stats``: the corpus subcommands."""
from __future__ import annotations

import argparse
import json
import sys

from sayso.errors import InputError


def _validate(args: argparse.Namespace) -> int:
    from sayso.corpus.sources import SourcePack
    from sayso.corpus.validate import validate_files

    pack = SourcePack.load(args.sources)
    from sayso.options import print_problems

    problems = validate_files(args.files, pack)
    print_problems(problems, args.max_errors)
    if problems:
        print(f"{len(problems)} problem(s) in {len(args.files)} file(s).", file=sys.stderr)
        return 1
    print(f"ok: {len(args.files)} file(s) valid against {pack.root}")
    return 0


def _manifest(args: argparse.Namespace) -> int:
    from sayso.corpus.manifest import dumps_manifest, manifest_entries, read_batch_lists
    from sayso.corpus.sources import SourcePack
    from sayso.corpus.standoff_io import write_text_atomic
    from sayso.corpus.store import corpus_path, load_gold, load_manifest, load_provenance

    pack = SourcePack.load(args.sources)
    previous = load_manifest(args.corpus)
    gone = sorted(set(previous) - set(pack.documents))
    if gone:
        raise InputError([_missing(doc_id) for doc_id in gone])
    from sayso.corpus.versions import mixed_major_versions

    provenance, gold_ids = load_provenance(args.corpus), set(load_gold(args.corpus))
    mixed = mixed_major_versions(provenance, gold_ids)
    if mixed:
        raise InputError(mixed)
    entries = manifest_entries(pack, previous, provenance, gold_ids, read_batch_lists(pack.root))
    path = corpus_path(args.corpus) / "manifest.jsonl"
    write_text_atomic(path, dumps_manifest(entries))
    counts: dict[str, int] = {}
    for e in entries:
        counts[e["split"]] = counts.get(e["split"], 0) + 1
    print(f"wrote {path}: {len(entries)} documents, splits {counts}")
    return 0


def _missing(doc_id: str):
    from sayso.errors import Problem

    return Problem("corpus/manifest.jsonl", None, doc_id, "document is in the manifest but not in the source pack",
                   "point --sources at the pack the corpus was built from")


def _build(args: argparse.Namespace) -> int:
    from sayso.corpus.build import build_dataset
    from sayso.corpus.sources import SourcePack

    restore = SourcePack.load(args.restore_text) if args.restore_text else None
    out = build_dataset(SourcePack.load(args.sources), args.out, args.corpus, progress=not args.quiet,
                        restore=restore, polnear_gold=args.with_polnear_gold)
    local = restore or args.with_polnear_gold
    print(f"built {out}" + (" (local build with restored text or PolNeAR's annotations: do not publish it)"
                             if local else ""))
    return 0


def _stats(args: argparse.Namespace) -> int:
    from sayso.corpus.build import load_corpus
    from sayso.corpus.sources import SourcePack
    from sayso.corpus.stats import corpus_stats, stats_table

    stats = corpus_stats(load_corpus(SourcePack.load(args.sources), args.corpus))
    if args.datasheet:
        from sayso.corpus.datasheet import annotation_block, load_agreement_reports, stats_block, update_datasheet
        from sayso.corpus.store import load_provenance

        update_datasheet({"stats": stats_block(stats),
                          "annotation": annotation_block(load_provenance(args.corpus), load_agreement_reports())})
    if args.json:
        print(json.dumps(stats, indent=2))
    else:
        print(stats_table(stats), end="")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.options import add_sources_option

    def corpus_option(p: argparse.ArgumentParser) -> None:
        p.add_argument("--corpus", metavar="DIR", default=None,
                       help="corpus folder with manifest.jsonl, gold/ and provenance/ (default: the repo's corpus/)")

    p = subparsers.add_parser("validate", help="check standoff files against the source pack")
    p.add_argument("files", nargs="+", metavar="FILE.jsonl", help="standoff JSON Lines files to check")
    p.add_argument("--max-errors", type=int, default=50, metavar="N",
                   help="print the first N problems, then how many more (default 50; 0 prints all)")
    add_sources_option(p)
    p.set_defaults(func=_validate)

    p = subparsers.add_parser("manifest", help="(re)write corpus/manifest.jsonl: documents, splits, provenance")
    add_sources_option(p)
    corpus_option(p)
    p.set_defaults(func=_manifest)

    p = subparsers.add_parser("build", help="build the Hugging Face dataset directory from the gold")
    p.add_argument("--out", default="dataset", metavar="DIR",
                   help="output folder (default: ./dataset); must be new, empty or an earlier build (it holds "
                        ".sayso-build): any other folder, the checkout, tracked files and symlinks are refused")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--restore-text", metavar="DIR", action="append", default=None,
                   help="fill withheld text from your own copy (a PolNeAR clone, or a pack), hash-checked; "
                        "repeatable. Gives a local build: never publish it")
    p.add_argument("--with-polnear-gold", action="store_true",
                   help="add PolNeAR's own attributions as the polnear config (they carry no licence: a local "
                        "build, never publish it)")
    add_sources_option(p)
    corpus_option(p)
    p.set_defaults(func=_build)

    p = subparsers.add_parser("stats", help="corpus counts per split (table, or --json)")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--datasheet", action="store_true", help="also rewrite the numbers in DATASHEET.md")
    add_sources_option(p)
    corpus_option(p)
    p.set_defaults(func=_stats)
