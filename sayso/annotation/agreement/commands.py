"""``sayso agree-sources A B`` and ``sayso agree-polnear``: agreement across corpora.

A source is named by a spec:

- ``gold``: SaySo's gold (``corpus/gold/*.jsonl``, or ``--corpus DIR``);
- ``polnear`` or ``polnear:SPLIT`` (train, validation/dev, test): PolNeAR's gold (its
  first annotator), imported on the fly from the PolNeAR checkout in the sources;
- a path: a standoff JSONL file, or a folder of them.

Every record's ``text_sha256`` is verified against the sources before anything is
compared. Reports hold numbers and ids only.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sayso.corpus.model import Standoff
from sayso.corpus.polnear_import import polnear_gold
from sayso.errors import InputError, Problem

AGREEMENT_DIR = Path(__file__).resolve().parents[3] / "annotation" / "agreement" / "external"


def load_source(spec: str, pack: Any, corpus: str | None = None) -> dict[str, Standoff]:
    """The records a spec names, by document id."""
    if spec == "gold":
        from sayso.corpus.store import load_gold

        return {d: line.record for d, line in load_gold(corpus).items()}
    if spec == "polnear" or spec.startswith("polnear:"):
        split = spec.partition(":")[2] or None
        split = {"dev": "validation"}.get(split, split)
        if split not in (None, "train", "validation", "test"):
            raise InputError(Problem(spec, None, None, f"unknown PolNeAR split {split!r}",
                                     "use polnear, polnear:train, polnear:validation (or dev) or polnear:test"))
        return {article.doc_id: record for article, _, record in polnear_gold(pack, split)}
    path = Path(spec)
    if path.is_dir():
        from sayso.corpus.store import read_standoff_folder

        return {d: line.record for d, line in read_standoff_folder(path).items()}
    from sayso.corpus.standoff_io import read_standoff

    return {line.record.id: line.record for line in read_standoff(path)}


def verified_texts(pack: Any, *sides: tuple[str, dict[str, Standoff]]) -> dict[str, str]:
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for spec, records in sides:
        for doc_id, record in records.items():
            try:
                texts[doc_id] = pack.verified(doc_id, record.text_sha256, file=spec).text
            except InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise InputError(problems)
    return texts


def _write(report: dict[str, Any], markdown: str, args: argparse.Namespace) -> None:
    from sayso.corpus.standoff_io import write_text_atomic

    if args.json:
        write_text_atomic(args.json, json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    if args.markdown:
        write_text_atomic(args.markdown, markdown)
    if not args.json and not args.markdown:
        print(markdown, end="")


def _agree_sources(args: argparse.Namespace) -> int:
    from sayso.annotation.agreement.external import source_agreement, to_markdown
    from sayso.corpus.sources import SourcePack

    pack = SourcePack.load(args.sources)
    a, b = load_source(args.a, pack, args.corpus), load_source(args.b, pack, args.corpus)
    shared = set(a) & set(b)
    texts = verified_texts(pack, (args.a, {d: a[d] for d in shared}), (args.b, {d: b[d] for d in shared}))
    report = {"a": args.a, "b": args.b, **source_agreement(a, b, texts, args.projection)}
    _write(report, to_markdown(report, args.a, args.b), args)
    print(f"agree-sources: {report['n_docs']} shared document(s) with attributions", file=sys.stderr)
    return 0


def _agree_polnear(args: argparse.Namespace) -> int:
    from sayso.annotation.agreement.polnear import polnear_agreement, to_markdown
    from sayso.corpus.polnear import read_text
    from sayso.corpus.sources import SourcePack

    pack = SourcePack.load(args.sources)
    by_article: dict[str, dict[str, Standoff]] = {}
    texts: dict[str, str] = {}
    for article, annotator, record in polnear_gold(pack, all_annotators=True):
        if len(article.annotators) > 1:
            by_article.setdefault(article.doc_id, {})[annotator] = record
            texts[article.doc_id] = read_text(article)
    report = polnear_agreement(by_article, texts)
    _write(report, to_markdown(report), args)
    print(f"agree-polnear: {report['n_docs']} articles, agr {report['attribution_wise_agreement']}, "
          f"token alpha {report['token_alpha']}", file=sys.stderr)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.options import add_sources_option

    def outputs(p: argparse.ArgumentParser) -> None:
        p.add_argument("--json", metavar="FILE", help="write the report as JSON")
        p.add_argument("--markdown", metavar="FILE", help="write the report as Markdown (else: printed)")
        add_sources_option(p)

    p = subparsers.add_parser(
        "agree-sources", help="attribution agreement of two standoff sources (e.g. gold vs polnear)",
        description="Compare two sources' attributions on their shared documents: per role (source, cue, content) "
                    "exact and partial F1, per relation, matched. A source is 'gold', 'polnear[:SPLIT]' or a "
                    "standoff file/folder. Both sides are projected alike (default: top-level attributions, since "
                    "PolNeAR annotates no nested ones).")
    p.add_argument("a", metavar="A", help="first source: gold, polnear[:SPLIT], or a standoff file or folder")
    p.add_argument("b", metavar="B", help="second source, same forms")
    p.add_argument("--projection", default="top-level", choices=("top-level", "none"),
                   help="top-level: only attributions without parent (default); none: all")
    p.add_argument("--corpus", metavar="DIR", default=None, help="corpus folder for 'gold' (default: corpus/)")
    outputs(p)
    p.set_defaults(func=_agree_sources)

    p = subparsers.add_parser(
        "agree-polnear", help="PolNeAR's own inter-annotator agreement, beside its published figures",
        description="Recompute PolNeAR's agreement on its 20 multiply-annotated core articles (agr, token-wise "
                    f"alpha, role and relation F1). The committed report is {AGREEMENT_DIR}/polnear.md and .json.")
    outputs(p)
    p.set_defaults(func=_agree_polnear)
