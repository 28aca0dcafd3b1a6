"""``sayso score`` and ``sayso compare``: the thin command-line edge over :mod:`sayso.eval.api`.

Heavy imports (numpy, scipy) happen inside the command functions so that the CLI starts fast.
"""
from __future__ import annotations

import argparse
import json
import sys
import warnings
from typing import Any

from sayso.errors import InputError, Problem, SaysoError


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", metavar="FILE_OR_DIR", default=None,
                        help="gold standoff file or folder (default: the corpus gold for --split)")
    parser.add_argument("--split", default="test", help="corpus split to score against (default: test)")
    parser.add_argument("--layers", default=None,
                        help="comma-separated layers: entities,claims,attributions (default: those the predictions fill)")
    parser.add_argument("--json", metavar="OUT", default=None, help="write the JSON report here ('-' for stdout)")
    parser.add_argument("--markdown", metavar="OUT", default=None, help="write a Markdown summary here")
    parser.add_argument("--html", metavar="OUT", default=None,
                        help="write the self-contained HTML report here (shows text: an artifact, never commit it)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples (default 1000; 0: no CIs)")
    parser.add_argument("--seed", type=int, default=12345, help="bootstrap seed (default 12345)")
    parser.add_argument("--level", type=float, default=0.95, help="confidence level (default 0.95)")
    parser.add_argument("--entity-mode", default="strict", help="headline entity mode: strict, exact, partial, ent_type")
    parser.add_argument("--claim-matching", default="overlap", help="claim pairs for kind/voice accuracy: overlap, exact")
    parser.add_argument("--attribution-matching", default="content-tokens",
                        help="attribution matching: content-tokens, content-exact")
    parser.add_argument("--sources", metavar="DIR", default=None,
                        help="source pack folder (default: $SAYSO_SOURCES, else ../shared/data beside the checkout)")


def register(subparsers: Any) -> None:
    score = subparsers.add_parser("score", help="score a system's predictions against the gold",
                                  description="Score predictions (standoff or sentence-level JSONL). The JSON report "
                                              "goes to stdout unless --json/--markdown/--html name an output; the "
                                              "signature and headline scores always go to stderr.")
    score.add_argument("predictions", metavar="PREDICTIONS")
    _common(score)
    score.set_defaults(func=run_score)
    compare = subparsers.add_parser("compare", help="compare two systems: paired bootstrap per layer",
                                    description="Paired bootstrap significance test of system A against system B "
                                                "on the same gold documents.")
    compare.add_argument("a", metavar="A")
    compare.add_argument("b", metavar="B")
    _common(compare)
    compare.set_defaults(func=run_compare)


def _layers(args: argparse.Namespace) -> tuple[str, ...] | None:
    if not args.layers:
        return None
    from sayso.eval.api import SCORED_LAYERS

    layers = tuple(x.strip() for x in args.layers.split(",") if x.strip())
    bad = [x for x in layers if x not in SCORED_LAYERS]
    if bad:
        raise SaysoError(f"--layers: unknown layer(s) {', '.join(bad)}; choose from {', '.join(SCORED_LAYERS)}")
    return layers


def _texts(args: argparse.Namespace, gold: Any, needed: bool) -> dict[str, str] | None:
    """Document texts from the source pack, hash-checked; None if not needed and no pack."""
    from sayso.corpus.sources import SourcePack

    try:
        pack = SourcePack.load(args.sources)
    except InputError:
        if needed:
            raise
        return None
    problems: list[Problem] = []
    texts: dict[str, str] = {}
    for item in gold.lines:
        try:
            texts[item.record.id] = pack.verified(item.record.id, item.record.text_sha256, file=item.file, line=item.line).text
        except InputError as exc:
            if needed:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return texts if len(texts) == len(gold.lines) else None


def _check_ranges(lines: Any, texts: dict[str, str] | None) -> None:
    """Every predicted span must be ``0 <= start < end <= len(text)``."""
    from sayso.corpus.model import iter_spans

    problems = []
    for item in lines:
        n = len(texts[item.record.id]) if texts and item.record.id in texts else None
        for where, item_id, span in iter_spans(item.record):
            if where == "sentence":
                continue
            if not (0 <= span.start < span.end and (n is None or span.end <= n)):
                size = f" (text has {n} characters)" if n is not None else ""
                problems.append(Problem(item.file, item.line, item.record.id,
                                        f"{where} {item_id} [{span.start}, {span.end}) is out of range or empty{size}",
                                        "use end-exclusive code-point offsets with start < end <= len(text)"))
    if problems:
        raise InputError(problems)


def _prepare(args: argparse.Namespace, paths: list[str]) -> tuple[Any, list[list[Any]], dict[str, str] | None, tuple[str, ...]]:
    from sayso.eval.api import default_layers
    from sayso.eval.gold import load_gold, load_predictions

    gold = load_gold(args.split, args.gold)
    preds = [load_predictions(p, gold) for p in paths]
    layers = _layers(args)
    if layers is None:
        try:
            found: set[str] = set()
            for lines in preds:
                found |= set(default_layers(gold.records, [x.record for x in lines]))
        except ValueError as exc:
            raise SaysoError(str(exc)) from exc
        layers = tuple(x for x in ("entities", "claims", "attributions") if x in found)
    for layer in layers:
        missing = [item for item in gold.lines if item.record.layer(layer) is None]
        if missing:
            raise InputError([Problem(i.file, i.line, i.record.id, f"gold has no {layer} layer",
                                      "score only layers the gold annotates (--layers)") for i in missing[:20]])
    needs_text = any(x in layers for x in ("claims", "attributions"))
    texts = _texts(args, gold, needs_text or bool(args.html))
    for lines in preds:
        _check_ranges(lines, texts)
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
    return dict(layers=layers, entity_mode=args.entity_mode, claim_matching=args.claim_matching,
                attribution_matching=args.attribution_matching, resamples=args.resamples, seed=args.seed,
                level=args.level)


def run_score(args: argparse.Namespace) -> int:
    from sayso.eval.api import score
    from sayso.eval.report import summary_text, to_markdown

    gold, (pred,), texts, layers = _prepare(args, [args.predictions])
    report = _run(score, gold.records, [x.record for x in pred], texts, data=gold.data, **_options(args, layers))
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

    if args.html:
        raise SaysoError("sayso compare writes no HTML; run `sayso score --html` for each system")
    gold, (pred_a, pred_b), texts, layers = _prepare(args, [args.a, args.b])
    result = _run(compare, gold.records, [x.record for x in pred_a], [x.record for x in pred_b], texts,
                  data=gold.data, **_options(args, layers))
    print(comparison_text(result), file=sys.stderr)
    document = json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n"
    if args.json:
        _write(args.json, document)
    if args.markdown:
        _write(args.markdown, comparison_markdown(result))
    if not (args.json or args.markdown):
        sys.stdout.write(document)
    return 0
