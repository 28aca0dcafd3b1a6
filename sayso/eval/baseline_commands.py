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

    pack = SourcePack.load(args.sources)
    documents, label = None, args.split
    if args.gold:  # another gold track's documents, e.g. polnear:test
        from sayso.eval.gold import resolve_gold

        gold = resolve_gold(args.gold, args.split, args.sources)
        documents = [pack.verified(i.record.id, i.record.text_sha256, file=i.file, line=i.line) for i in gold.lines]
        label = track_label(gold)
    records = predict_split(args.system, label, pack, args.corpus, seed=args.seed, progress=True, documents=documents)
    out = args.out or default_predictions_path(args.system, label)
    write_predictions(records, out)
    print(f"wrote {len(records)} predicted document(s) to {out}")
    return 0


def track_label(gold) -> str:
    """How a gold track's split is named in file names and the leaderboard: ``test`` for
    SaySo's own, ``polnear-test`` for PolNeAR's."""
    return gold.data.split if gold.source == "sayso" else f"{gold.source}-{gold.data.split}"


def _polnear_track(args: argparse.Namespace):
    """PolNeAR's test gold and texts when the sources hold PolNeAR, else None (and say so)."""
    from sayso.errors import InputError
    from sayso.eval.gold import load_texts, resolve_gold

    try:
        gold = resolve_gold("polnear:test", "test", args.sources)
    except InputError as exc:
        if "no PolNeAR checkout" not in str(exc):
            raise
        print("baselines: no PolNeAR checkout in the sources: the PolNeAR track and crf-attributions (trained on "
              "PolNeAR train) are left out; add --sources PATH/TO/PolNeAR to run them", file=sys.stderr)
        return None
    return gold, load_texts(gold, args.sources)


def _baselines(args: argparse.Namespace) -> int:
    from tqdm import tqdm

    from sayso.corpus.gold_corpus import load_corpus
    from sayso.corpus.sources import SourcePack
    from sayso.corpus.standoff_io import write_text_atomic
    from sayso.errors import SaysoError
    from sayso.eval.baselines import SYSTEMS
    from sayso.eval.baselines.run import default_predictions_path, predict_documents, trained_system, write_predictions
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
    from sayso.eval.gold import collection_views, restricted

    golds = {split: resolve_gold(None, split) for split in args.splits.split(",")}
    texts = {split: load_texts(gold, args.sources) for split, gold in golds.items()}
    # a split of several collections is also scored per collection, from the same predictions
    views: dict[str, str] = {}
    for split, gold in list(golds.items()):
        for view, view_gold in collection_views(split, gold).items():
            views[view], golds[view], texts[view] = split, view_gold, texts[split]
    polnear = _polnear_track(args) if not args.no_polnear else None
    if polnear is None:
        systems = [s for s in systems if getattr(SYSTEMS[s], "extra_training", None) != "polnear:train"]
    else:
        label = track_label(polnear[0])
        golds[label], texts[label] = polnear
    for name in tqdm(systems, desc="baselines", unit="system", file=sys.stderr):
        system = trained_system(name, pack, corpus, args.seed)  # trained once, used on every track
        predicted: dict[str, list] = {}
        for track, gold in golds.items():
            if "attributions" not in system.layers and gold.source != "sayso":
                continue  # PolNeAR's gold has attributions only: nothing to score
            out = default_predictions_path(name, views.get(track, track))
            if track in views:  # the split's predictions, restricted to the collection
                records = restricted(predicted[views[track]], gold)
            else:
                records = predict_documents(system, [pack.get(i.record.id) for i in gold.lines])
                problems = line_problems([StandoffLine(str(out), k + 1, r) for k, r in enumerate(records)],
                                         texts[track])
                if problems:
                    raise InputError(problems)
                write_predictions(records, out)
                predicted[track] = records
            write_text_atomic(out.parent / "system.json", json.dumps({"name": name, "kind": "baseline"}) + "\n")
            summary = score_baseline(name, track, records, texts[track], gold, args.resamples, args.seed,
                                     out.parent, check=False)  # validated just above, with file and line
            tqdm.write(f"\n== {name} on {track} ==\n{summary}", file=sys.stderr)
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
    p.add_argument("--gold", default=None, metavar="SOURCE:SPLIT",
                   help="predict another gold track's documents, e.g. polnear:test (default: the corpus split; "
                        "file: predictions-polnear-test.jsonl)")
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
    p.add_argument("--no-polnear", action="store_true",
                   help="leave out the PolNeAR track (scored on PolNeAR test when the sources hold PolNeAR) and "
                        "crf-attributions, which trains on PolNeAR train")
    add_seed_option(p, "training and the bootstrap")
    add_sources_option(p)
    p.set_defaults(func=_baselines)

    p = subparsers.add_parser("leaderboard", help="regenerate eval/leaderboard.md and the README table "
                                                  "from the committed reports",
                              description="Read eval/systems/*/report-*.json and rewrite eval/leaderboard.md and "
                                          "the block between the leaderboard markers in README.md.")
    p.set_defaults(func=_leaderboard)
