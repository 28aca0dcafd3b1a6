"""``sayso import polnear DIR --out FILE``: PolNeAR's brat annotations as SaySo standoff."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sayso.errors import InputError, Problem


def _import_polnear(args: argparse.Namespace) -> int:
    from sayso.corpus.polnear import is_polnear_root
    from sayso.corpus.polnear_import import import_polnear
    from sayso.corpus.standoff_io import dumps_standoff, write_text_atomic

    root = Path(args.dir)
    if not is_polnear_root(root):
        raise InputError(Problem(str(root / "data" / "metadata.tsv"), None, None, "no PolNeAR metadata.tsv here",
                                 "pass the folder of a PolNeAR clone (the one holding data/)"))
    split = {"dev": "validation"}.get(args.split, args.split)
    result = import_polnear(root, all_annotators=args.all_annotators, split=split)  # raises before writing
    for notice in result.warnings:
        print(notice, file=sys.stderr)
    out = Path(args.out)
    if args.all_annotators:
        by_annotator: dict[str, list] = {}
        for _, annotator, record in result.records:
            by_annotator.setdefault(annotator, []).append(record)
        texts = {out / f"{annotator}.jsonl": dumps_standoff(records) for annotator, records in by_annotator.items()}
        for path, text in sorted(texts.items()):
            write_text_atomic(path, text)
        where = f"{out}/ ({len(texts)} annotator files)"
    else:
        write_text_atomic(out, dumps_standoff(record for _, _, record in result.records))
        where = str(out)
    c = result.counts
    print(f"wrote {where}: {len(result.records)} records from {c['articles']} articles "
          f"({c['multiply_annotated']} annotated several times), {c['relations']} attributions "
          f"({c['relations_without_source']} without source, {c['relations_left_out']} empty relations left out), "
          f"{len(result.warnings)} warning(s)")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="convert another corpus's annotations to SaySo standoff")
    kinds = p.add_subparsers(dest="corpus", metavar="CORPUS", required=True)
    pn = kinds.add_parser(
        "polnear", help="PolNeAR's brat annotations as standoff records",
        description="Convert a PolNeAR checkout's brat annotations (data/*/attributions/*.ann) into SaySo "
                    "standoff records: source, cue and content spans, type/source_kind null. Gold is the first "
                    "annotator metadata.tsv lists; --all-annotators writes one file per annotator into --out.")
    pn.add_argument("dir", metavar="DIR", help="the PolNeAR checkout (holding data/metadata.tsv)")
    pn.add_argument("--out", required=True, metavar="FILE",
                    help="standoff JSONL to write (a folder with --all-annotators); it holds offsets, not text")
    pn.add_argument("--all-annotators", action="store_true",
                    help="every annotator's records, one FILE/ANNOTATOR.jsonl each (for agreement)")
    pn.add_argument("--split", choices=("train", "dev", "validation", "test"), default=None,
                    help="only this PolNeAR split (default: all 1,008 core articles)")
    pn.set_defaults(func=_import_polnear)
