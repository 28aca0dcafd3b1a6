"""``sayso predict``: run a baseline over a split and write standoff predictions."""
from __future__ import annotations

import argparse


def _predict(args: argparse.Namespace) -> int:
    from sayso.corpus.sources import SourcePack
    from sayso.eval.baselines.run import default_predictions_path, predict_split, write_predictions

    records = predict_split(args.system, args.split, SourcePack.load(args.sources), args.corpus, seed=args.seed)
    out = args.out or default_predictions_path(args.system, args.split)
    write_predictions(records, out)
    print(f"wrote {len(records)} predicted document(s) to {out}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.cli import add_sources_option
    from sayso.eval.baselines import SYSTEMS

    p = subparsers.add_parser("predict", help="run a baseline system over a split; write standoff predictions",
                              description="Train SYSTEM on the train split (if it learns), predict every gold "
                                          "document of --split, write standoff JSONL that `sayso score` accepts.")
    p.add_argument("--system", required=True, choices=sorted(SYSTEMS))
    p.add_argument("--split", default="test", choices=("train", "validation", "test"))
    p.add_argument("--out", default=None, metavar="FILE.jsonl",
                   help="output file (default: eval/systems/SYSTEM/predictions-SPLIT.jsonl)")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--corpus", default=None, metavar="DIR", help="corpus folder (default: the repo's corpus/)")
    add_sources_option(p)
    p.set_defaults(func=_predict)
