"""``sayso predict``: run a baseline over a split and write standoff predictions."""
from __future__ import annotations

import argparse


def _predict(args: argparse.Namespace) -> int:
    from sayso.corpus.sources import SourcePack
    from sayso.eval.baselines.run import default_predictions_path, predict_split, write_predictions
    from sayso.eval.systems.commands import OTHER_SYSTEMS, predict_other

    if args.system in OTHER_SYSTEMS:  # peers and language models: sayso/eval/systems/
        return predict_other(args)

    records = predict_split(args.system, args.split, SourcePack.load(args.sources), args.corpus, seed=args.seed)
    out = args.out or default_predictions_path(args.system, args.split)
    write_predictions(records, out)
    print(f"wrote {len(records)} predicted document(s) to {out}")
    return 0


def _baselines(args: argparse.Namespace) -> int:
    from sayso.cli import main
    from sayso.corpus.build import load_corpus
    from sayso.corpus.sources import SourcePack
    from sayso.eval.baselines import SYSTEMS
    from sayso.eval.baselines.run import default_predictions_path, predict_split, write_predictions
    from sayso.eval.leaderboard import regenerate

    pack = SourcePack.load(args.sources)
    corpus = load_corpus(pack)
    systems = args.systems.split(",") if args.systems else sorted(SYSTEMS)
    for name in systems:
        for split in args.splits.split(","):
            records = predict_split(name, split, pack, seed=args.seed, corpus=corpus)
            out = default_predictions_path(name, split)
            write_predictions(records, out)
            stem = out.parent / f"report-{split}"
            sources = ["--sources", args.sources] if args.sources else []
            code = main(["score", str(out), "--split", split, "--json", f"{stem}.json", "--markdown", f"{stem}.md",
                         "--html", f"{stem}.html", "--resamples", str(args.resamples), "--seed", str(args.seed),
                         *sources])
            if code:
                return code
    print(regenerate())
    return 0


def _leaderboard(args: argparse.Namespace) -> int:
    from sayso.eval.leaderboard import LEADERBOARD, regenerate

    regenerate()
    print(f"wrote {LEADERBOARD} and the README leaderboard")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.cli import add_sources_option
    from sayso.eval.baselines import SYSTEMS
    from sayso.eval.systems.commands import OTHER_SYSTEMS, add_predict_options

    p = subparsers.add_parser("predict", help="run a baseline, a peer or a language model over a split; "
                                              "write standoff predictions",
                              description="Train SYSTEM on the train split (if it learns), predict every gold "
                                          "document of --split, write standoff JSONL that `sayso score` accepts.")
    p.add_argument("--system", required=True, choices=[*sorted(SYSTEMS), *OTHER_SYSTEMS],
                   help="a baseline, a peer (needs its extra) or llm (any OpenAI-compatible server)")
    p.add_argument("--split", default="test", choices=("train", "validation", "test"))
    p.add_argument("--out", default=None, metavar="FILE.jsonl",
                   help="output file (default: eval/systems/SYSTEM/predictions-SPLIT.jsonl)")
    p.add_argument("--seed", type=int, default=12345)
    p.add_argument("--corpus", default=None, metavar="DIR", help="corpus folder (default: the repo's corpus/)")
    add_sources_option(p)
    add_predict_options(p)
    p.set_defaults(func=_predict)

    p = subparsers.add_parser("baselines", help="predict and score every baseline on validation and test, "
                                                "then regenerate the leaderboard",
                              description="For each baseline and split: train on train, predict, write "
                                          "eval/systems/NAME/predictions-SPLIT.jsonl and report-SPLIT.{json,md,html} "
                                          "(the HTML shows text: it is an artifact, not committed).")
    p.add_argument("--systems", default=None, help="comma-separated (default: all)")
    p.add_argument("--splits", default="validation,test")
    p.add_argument("--resamples", type=int, default=1000)
    p.add_argument("--seed", type=int, default=12345)
    add_sources_option(p)
    p.set_defaults(func=_baselines)

    p = subparsers.add_parser("leaderboard", help="regenerate eval/leaderboard.md and the README table "
                                                  "from the committed reports")
    p.set_defaults(func=_leaderboard)
