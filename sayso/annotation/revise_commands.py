"""``sayso revise``: bring a gold batch up to a new major guidelines version (see :mod:`sayso.annotation.revise`)."""
from __future__ import annotations

import argparse
import json

from sayso.corpus.standoff_io import write_text_atomic


def _revise(args: argparse.Namespace) -> int:
    from sayso.annotation import labelconfig
    from sayso.annotation.batch import Batch
    from sayso.annotation.revise import revise, summary_markdown

    gold_batch, review_batch = Batch(args.batch), Batch(args.review)
    version = args.guidelines_version or labelconfig.guidelines_version()
    summary = revise(gold_batch, review_batch, version, write=args.write)
    base = review_batch.folder / "revision"  # numbers and ids only, beside the review's record
    write_text_atomic(base.with_suffix(".json"), json.dumps(summary, indent=1, sort_keys=True) + "\n")
    write_text_atomic(base.with_suffix(".md"), summary_markdown(summary))
    for layer, c in summary["per_layer"].items():
        print(f"{layer:>13}: +{c.get('added', 0)} -{c.get('removed', 0)}")
    print(f"{summary['reviewed']}/{summary['documents']} reviewed, {summary['unchanged']} unchanged; "
          f"summary in {base.with_suffix('.md')}")
    if args.write:
        print(f"wrote {gold_batch.gold_path} and {gold_batch.provenance_path} (guidelines {version})")
    else:
        print("committed gold left as it is; run again with --write to replace it")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.options import plain_help

    p = subparsers.add_parser(
        "revise", help="bring a gold batch up to a new major guidelines version from a review batch",
        description=plain_help(__doc__))
    p.add_argument("--batch", required=True, help="the gold batch to revise (corpus/gold/BATCH.jsonl)")
    p.add_argument("--review", required=True, help="the review batch pulled from Label Studio (e.g. batch-1-v2)")
    p.add_argument("--guidelines-version", default=None,
                   help="version the review was made under (default: annotation/guidelines.md's)")
    p.add_argument("--write", action="store_true",
                   help="replace the committed gold and provenance (refused until every document is reviewed)")
    p.set_defaults(func=_revise)
