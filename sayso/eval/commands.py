"""``sayso score``, ``sayso compare`` and ``sayso template``: the thin command-line edge
over :mod:`sayso.eval.api`.

Options come from the layer registry (:mod:`sayso.eval.layers`). Input is checked once,
here, with file and line: the gold and every prediction file pass exactly the checks of
``sayso validate`` (:mod:`sayso.eval.checks`) before anything is scored. Heavy imports
(numpy, scipy) happen inside the command functions so that the CLI starts fast.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

from sayso.errors import InputError, Problem, SaysoError
from sayso.options import LEVEL, RESAMPLES, add_seed_option, add_sources_option

LAYER_NAMES = "entities,claims,attributions"


def _common(parser: argparse.ArgumentParser) -> None:
    from sayso.eval.layers import LAYERS

    parser.add_argument("--gold", metavar="SOURCE_OR_PATH", default=None,
                        help="the gold: a gold source and split such as sayso:test, or a standoff file or folder "
                             "(default: the corpus gold of --split)")
    parser.add_argument("--split", default="test",
                        help="split to score against (default: test); SPLIT.COLLECTION (test.wikinews, test.polnear) "
                             "scores one collection of it")
    parser.add_argument("--layers", default=None,
                        help=f"comma-separated layers from {', '.join(LAYERS)} (default: those the predictions fill)")
    parser.add_argument("--only-predicted", action="store_true",
                        help="score only the gold documents the predictions hold (the signature says docs:predicted); "
                             "by default a gold document without a prediction counts as predicting nothing")
    parser.add_argument("--json", metavar="OUT", default=None, help="write the JSON report here ('-' for stdout)")
    parser.add_argument("--markdown", metavar="OUT", default=None, help="write a Markdown summary here")
    parser.add_argument("--resamples", type=int, default=RESAMPLES,
                        help=f"bootstrap resamples (default {RESAMPLES}; 0: no confidence intervals)")
    add_seed_option(parser, "the bootstrap resamples")
    parser.add_argument("--level", type=float, default=LEVEL, help=f"confidence level (default {LEVEL})")
    for layer in LAYERS.values():
        parser.add_argument(layer.option, dest=f"mode_{layer.name}", default=layer.default_mode,
                            choices=layer.modes, help=f"{layer.option_help} (default {layer.default_mode})")
    add_sources_option(parser)


def register(subparsers: Any) -> None:
    score = subparsers.add_parser(
        "score", help="score a system's predictions against the gold",
        description="Score predictions (standoff or sentence-level JSONL; `sayso template` writes an empty one). "
                    "Every record first passes the checks of `sayso validate`. The JSON report goes to stdout "
                    "unless --json/--markdown/--html name an output; the signatures and headline scores always "
                    "go to stderr.")
    score.add_argument("predictions", metavar="PREDICTIONS", help="the system's predictions (JSON Lines)")
    score.add_argument("--name", default=None,
                       help="the system's name in the reports (default: the name in the system record beside the "
                            "predictions, PREDICTIONS.system.json, else the file's stem)")
    _common(score)
    score.add_argument("--html", metavar="OUT", default=None,
                       help="write the self-contained HTML report here (shows text: an artifact, never commit it)")
    score.set_defaults(func=run_score)

    compare = subparsers.add_parser("compare", help="compare two systems: paired bootstrap per layer",
                                    description="Paired bootstrap test of system A against system B on the same "
                                                "gold documents: per metric, the difference, its interval and "
                                                "p-value, from the same resamples.")
    compare.add_argument("a", metavar="A", help="system A's predictions")
    compare.add_argument("b", metavar="B", help="system B's predictions")
    compare.add_argument("--names", default=None, metavar="NAME_A,NAME_B",
                         help="the two systems' names (default: the files' stems)")
    _common(compare)
    compare.set_defaults(func=run_compare)

    template = subparsers.add_parser(
        "template", help="write an empty prediction file: one line per gold document",
        description="Print one standoff line per gold document of --split, with its id and text_sha256 and "
                    "empty layers: fill in what your system predicts and score it with `sayso score`.")
    template.add_argument("--split", default="test", help="split (default: test)")
    template.add_argument("--gold", metavar="SOURCE_OR_PATH", default=None,
                          help="the gold (default: the corpus gold of --split)")
    template.add_argument("--layers", default=LAYER_NAMES,
                          help=f"layers to leave empty, comma-separated (default: {LAYER_NAMES})")
    add_sources_option(template)
    template.set_defaults(func=run_template)


def _layers(spec: str | None) -> tuple[str, ...] | None:
    if not spec:
        return None
    from sayso.eval.layers import LAYERS

    layers = tuple(x.strip() for x in spec.split(",") if x.strip())
    bad = [x for x in layers if x not in LAYERS]
    if bad:
        raise SaysoError(f"--layers: unknown layer(s) {', '.join(bad)}; choose from {', '.join(LAYERS)}")
    return layers


def _prepare(args: argparse.Namespace, paths: list[str]) -> tuple[Any, list[list[Any]], dict[str, str], tuple[str, ...]]:
    """Gold, predictions (as parsed lines), texts and layers — all checked, or an InputError."""
    from sayso.eval.api import default_layers
    from sayso.eval.checks import line_problems
    from sayso.eval.gold import load_texts, resolve_gold, subset
    from sayso.eval.layers import LAYERS
    from sayso.eval.predictions import load_predictions

    from sayso.corpus.collections import split_and_collection

    gold = resolve_gold(args.gold, args.split, args.sources)
    base, collection = split_and_collection(args.split)
    if collection is not None and args.gold is None:
        # a collection is a view of its split: predictions of the split's other documents are left out
        ids = {r.id for r in gold.records}
        whole = resolve_gold(None, base, args.sources)  # read once, not per predictions file
        preds = [[item for item in load_predictions(p, whole) if item.record.id in ids] for p in paths]
    else:
        preds = [load_predictions(p, gold) for p in paths]
    if args.only_predicted:
        gold = subset(gold, {item.record.id for lines in preds for item in lines})
    layers = _layers(args.layers)
    if layers is None:
        try:
            filled = [set(default_layers(gold.records, [x.record for x in lines])) for lines in preds]
        except ValueError as exc:
            raise SaysoError(str(exc)) from exc
        # compare: only the layers both systems predict (a layer one of them leaves out is not a contest)
        found = set.intersection(*filled)
        if not found:
            raise SaysoError(f"the two systems predict no layer in common ({', '.join(sorted(filled[0]))} against "
                             f"{', '.join(sorted(filled[1]))}); compare systems that predict the same layer")
        layers = tuple(name for name in LAYERS if name in found)
    for layer in layers:
        missing = [item for item in gold.lines if item.record.layer(layer) is None]
        if missing:
            raise InputError([Problem(i.file, i.line, i.record.id, f"gold has no {layer} layer",
                                      "score only layers the gold annotates (--layers)") for i in missing[:20]])
    texts = load_texts(gold, args.sources)
    problems = line_problems(gold.lines, texts)
    for lines in preds:
        problems += line_problems(lines, texts)
    if problems:
        raise InputError(problems)
    return gold, preds, texts, layers


def _write(path: str, text: str) -> None:
    if path == "-":
        sys.stdout.write(text)
        return
    from sayso.corpus.standoff_io import write_text_atomic

    write_text_atomic(path, text)


def _run(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """Call the API; its ValueErrors are user errors, its warnings go to stderr."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = fn(*args, **kwargs)
        except SaysoError:
            raise
        except ValueError as exc:
            raise SaysoError(str(exc)) from exc
    for w in caught:
        print(f"warning: {w.message}", file=sys.stderr)
    return result


def _options(args: argparse.Namespace, layers: tuple[str, ...]) -> dict[str, Any]:
    if args.resamples < 0:
        raise SaysoError(f"--resamples must be >= 0, got {args.resamples}")
    if not 0 < args.level < 1:
        raise SaysoError(f"--level must be between 0 and 1 (e.g. 0.95), got {args.level}")
    return dict(layers=layers, modes={name: getattr(args, f"mode_{name}") for name in layers},
                resamples=args.resamples, seed=args.seed, level=args.level,
                subset="predicted" if args.only_predicted else None, check=False)


def run_score(args: argparse.Namespace) -> int:
    from sayso.eval.api import score
    from sayso.eval.report import summary_text, to_markdown

    from sayso.eval.systems.record import default_system_name, read_system_info, signature_fields

    gold, (pred,), texts, layers = _prepare(args, [args.predictions])
    info = read_system_info(args.predictions)  # <stem>.system.json, written by `sayso predict` for peers and models
    name = args.name or default_system_name(args.predictions)
    report = _run(score, gold.records, [x.record for x in pred], texts, data=gold.data, system=name,
                  system_info=info, signature_extra=signature_fields(info), **_options(args, layers))
    print(summary_text(report), file=sys.stderr)
    document = json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if args.json:
        _write(args.json, document)
    if args.markdown:
        _write(args.markdown, to_markdown(report))
    if args.html:
        from sayso.eval.html import to_html

        _write(args.html, to_html(report, gold.records, [x.record for x in pred], texts))
    if not (args.json or args.markdown or args.html):
        sys.stdout.write(document)
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from sayso.eval.api import compare
    from sayso.eval.report import comparison_markdown, comparison_text

    from sayso.eval.systems.record import default_system_name

    names = (default_system_name(args.a), default_system_name(args.b))
    if args.names:
        given = [n.strip() for n in args.names.split(",")]
        if len(given) != 2 or not all(given):
            raise SaysoError(f"--names: give two names separated by a comma, got {args.names!r}")
        names = (given[0], given[1])
    gold, (pred_a, pred_b), texts, layers = _prepare(args, [args.a, args.b])
    result = _run(compare, gold.records, [x.record for x in pred_a], [x.record for x in pred_b], texts,
                  data=gold.data, systems=names, **_options(args, layers))
    print(comparison_text(result), file=sys.stderr)
    document = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if args.json:
        _write(args.json, document)
    if args.markdown:
        _write(args.markdown, comparison_markdown(result))
    if not (args.json or args.markdown):
        sys.stdout.write(document)
    return 0


def run_template(args: argparse.Namespace) -> int:
    from sayso.eval.gold import resolve_gold

    layers = _layers(args.layers) or ()
    gold = resolve_gold(args.gold, args.split, args.sources)
    for item in gold.lines:
        line = {"id": item.record.id, "text_sha256": item.record.text_sha256, **{layer: [] for layer in layers}}
        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{len(gold.lines)} documents of split {args.split}; fill in the layers and run "
          f"`sayso score FILE --split {args.split}`", file=sys.stderr)
    return 0
