"""``sayso predict``, ``sayso baselines`` and ``sayso leaderboard``: run the baselines,
score them through the API, regenerate the leaderboard."""
from __future__ import annotations

import argparse
import json
import sys

from sayso.options import RESAMPLES, add_seed_option, add_sources_option


def _predict(args: argparse.Namespace) -> int:
    from sayso.corpus.sources import SourcePack
    from sayso.eval.baselines.run import default_predictions_path, predict_split, write_predictions
    from sayso.eval.systems.commands import OTHER_SYSTEMS, predict_other

    if args.system in OTHER_SYSTEMS:  # peers and language models: sayso/eval/systems/
        return predict_other(args)

    records = predict_split(args.system, args.split, SourcePack.load(args.sources), args.corpus, seed=args.seed,
                            progress=True)
    out = args.out or default_predictions_path(args.system, args.split)
    write_predictions(records, out)
    print(f"wrote {len(records)} predicted document(s) to {out}")
    return 0


def _baselines(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from sayso.corpus.gold_corpus import load_corpus
    from sayso.corpus.sources import SourcePack
    from sayso.corpus.standoff_io import write_text_atomic
    from sayso.errors import SaysoError
    from sayso.eval.baselines import SYSTEMS
    from sayso.eval.baselines.run import default_predictions_path, predict_split, write_predictions
    from sayso.eval.checks import line_problems
    from sayso.eval.gold import load_texts, resolve_gold
    from sayso.eval.leaderboard import regenerate
    from sayso.eval.system_reports import score_baseline
    from sayso.errors import InputError
    from sayso.corpus.standoff_io import StandoffLine

    pack = SourcePack.load(args.sources)
    corpus = load_corpus(pack)
    systems = args.systems.split(",") if args.systems else sorted(SYSTEMS)
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        raise SaysoError(f"--systems: unknown system(s) {', '.join(unknown)}; choose from {', '.join(sorted(SYSTEMS))}")
    from sayso.corpus.collections import collection_splits

    splits = args.splits.split(",")
    golds = {split: resolve_gold(None, split) for split in splits}
    texts = {split: load_texts(gold, args.sources) for split, gold in golds.items()}
    # a split of several collections is also scored per collection, from the same predictions
    views = {split: {view: resolve_gold(None, view) for view in collection_splits(split, (r.id for r in gold.records))}
             for split, gold in golds.items()}
    jobs = [(name, split) for name in systems for split in splits]
    for name, split in tqdm(jobs, desc="baselines", unit="run", file=sys.stderr):
        records = predict_split(name, split, pack, seed=args.seed, corpus=corpus)
        out = default_predictions_path(name, split)
        problems = line_problems([StandoffLine(str(out), k + 1, r) for k, r in enumerate(records)], texts[split])
        if problems:
            raise InputError(problems)
        write_predictions(records, out)
        write_text_atomic(out.parent / "system.json", json.dumps({"name": name, "kind": "baseline"}) + "\n")
        summary = score_baseline(name, split, records, texts[split], golds[split], args.resamples, args.seed,
                                 out.parent, check=False)  # validated just above, with file and line
        tqdm.write(f"\n== {name} on {split} ==\n{summary}", file=sys.stderr)
        for view, gold in views[split].items():
            ids = {r.id for r in gold.records}
            score_baseline(name, view, [r for r in records if r.id in ids], texts[split], gold, args.resamples,
                           args.seed, out.parent, check=False)
    print(regenerate())
    return 0


def _leaderboard(args: argparse.Namespace) -> int:
    from sayso.eval.leaderboard import LEADERBOARD, regenerate

    regenerate()
    print(f"wrote {LEADERBOARD} and the README leaderboard")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.eval.baselines import SYSTEMS
    from sayso.eval.systems.commands import OTHER_SYSTEMS, add_predict_options

    p = subparsers.add_parser("predict", help="run a baseline, a peer or a language model over a split; "
                                              "write standoff predictions",
                              description="Train SYSTEM on the train split (if it learns), predict every gold "
                                          "document of --split, write standoff JSONL that `sayso score` accepts.")
    p.add_argument("--system", required=True, choices=[*sorted(SYSTEMS), *OTHER_SYSTEMS],
                   help="a baseline, a peer (needs its extra) or llm (any OpenAI-compatible server)")
    p.add_argument("--split", default="test", choices=("train", "validation", "test"),
                   help="split to predict (default: test)")
    p.add_argument("--out", default=None, metavar="FILE.jsonl",
                   help="output file (default: eval/systems/SYSTEM/predictions-SPLIT.jsonl)")
    add_seed_option(p, "training")
    p.add_argument("--corpus", default=None, metavar="DIR", help="corpus folder (default: the repo's corpus/)")
    add_sources_option(p)
    add_predict_options(p)
    p.set_defaults(func=_predict)

    p = subparsers.add_parser("baselines", help="predict and score every baseline on validation and test, "
                                                "then regenerate the leaderboard",
                              description="For each baseline and split: train on train, predict, write "
                                          "eval/systems/NAME/predictions-SPLIT.jsonl and report-SPLIT.{json,md,html} "
                                          "(the HTML shows text: it is an artifact, not committed).")
    p.add_argument("--systems", default=None, help=f"comma-separated baselines (default: all of "
                                                   f"{', '.join(sorted(SYSTEMS))})")
    p.add_argument("--splits", default="validation,test", help="comma-separated splits (default: validation,test)")
    p.add_argument("--resamples", type=int, default=RESAMPLES,
                   help=f"bootstrap resamples per report (default {RESAMPLES})")
    add_seed_option(p, "training and the bootstrap")
    add_sources_option(p)
    p.set_defaults(func=_baselines)

    p = subparsers.add_parser("leaderboard", help="regenerate eval/leaderboard.md and the README table "
                                                  "from the committed reports",
                              description="Read eval/systems/*/report-*.json and rewrite eval/leaderboard.md and "
                                          "the block between the leaderboard markers in README.md.")
    p.set_defaults(func=_leaderboard)
