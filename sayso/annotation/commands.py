"""``sayso studio …``, ``sayso agree`` and ``sayso adjudicate``: the annotation team's commands.

::

    sayso studio start [--dir DIR] [--port N]      run Label Studio on 127.0.0.1 (installs it on first use)
    sayso studio status|stop [--dir DIR]
    sayso studio push --batch B --docs FILE [--preannotate FILE|SYSTEM]
    sayso studio submit --batch B --annotator NAME FILE.jsonl
    sayso studio who --batch B                     which annotator annotated which document
    sayso studio pull --batch B                    -> annotation/batches/B/ANNOTATOR.jsonl + batch.json
    sayso agree --batch B                          -> annotation/agreement/B.md and .json
    sayso adjudicate --batch B [--decisions FILE]  -> corpus/gold/B.jsonl + corpus/provenance/B.jsonl

The admin's token is read from ``$SAYSO_STUDIO_TOKEN`` (see :mod:`sayso.annotation.server`).
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from sayso.corpus.jsonl import JsonLineError, parse_json_line
from sayso.errors import InputError, Problem

STUDIO_HELP = """\
Run Label Studio on 127.0.0.1 and move batches in and out of it.

  sayso studio start [--dir DIR] [--port N]      run the server (installs it on first use)
  sayso studio status|stop [--dir DIR]
  sayso studio push --batch B --docs FILE [--preannotate FILE|SYSTEM]
  sayso studio submit --batch B --annotator NAME FILE.jsonl
  sayso studio who --batch B                     which annotator annotated which document
  sayso studio pull --batch B                    -> annotation/batches/B/ANNOTATOR.jsonl + batch.json
  sayso studio convert EXPORT.json --out FILE    a JSON export -> standoff JSONL, offline

The admin's API token is read from $SAYSO_STUDIO_TOKEN and never stored."""


def _root(args: argparse.Namespace) -> Path | None:
    return Path(args.root) if getattr(args, "root", None) else None


def _data_dir(args: argparse.Namespace) -> Path | None:
    return Path(args.dir) if getattr(args, "dir", None) else None


def _studio(args: argparse.Namespace):
    from sayso.annotation.server import server_url
    from sayso.annotation.studio import Studio

    return Studio(args.url or server_url(_data_dir(args)))


# --- server -------------------------------------------------------------------------

def _install(args: argparse.Namespace) -> int:
    from sayso.annotation.server import ensure_venv

    print(f"label-studio ready: {ensure_venv()}")
    return 0


def _start(args: argparse.Namespace) -> int:
    from sayso.annotation.server import start

    from sayso.annotation.server import credentials_from_env

    state = start(_data_dir(args), args.port, timeout=args.timeout)
    user = credentials_from_env().username
    print(f"Open {state.url} in a browser and log in as {user} with the password in $SAYSO_STUDIO_PASSWORD.")
    return 0


def _stop(args: argparse.Namespace) -> int:
    from sayso.annotation.server import stop

    stop(_data_dir(args))
    return 0


def _status(args: argparse.Namespace) -> int:
    from sayso.annotation.server import status

    info = status(_data_dir(args))
    if args.json:
        print(json.dumps(info, indent=1))
    else:
        for key, value in info.items():
            print(f"{key:>20}: {value}")
    return 0 if info.get("running") else 3


# --- push / submit / who / pull --------------------------------------------------------

def read_doc_ids(path: str) -> list[str]:
    """Document ids from a file: one per line (``#`` comments), or JSONL objects with an ``id``."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(Problem(path, None, None, f"cannot read the document list ({exc})",
                                 "pass a file with one document id per line")) from exc
    ids: list[str] = []
    for number, line in enumerate(lines, start=1):
        line = line.split("#", 1)[0].strip() if not line.lstrip().startswith("{") else line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                line = parse_json_line(line)["id"]
            except (JsonLineError, KeyError, TypeError) as exc:
                raise InputError(Problem(path, number, None, f"not a JSON object with an id ({exc})",
                                         "one id per line, or JSONL records with \"id\"")) from exc
        if line not in ids:
            ids.append(line)
    if not ids:
        raise InputError(Problem(path, None, None, "no document ids", "list one document id per line"))
    return ids


def _push(args: argparse.Namespace) -> int:
    from sayso.annotation import labelconfig as lc
    from sayso.annotation.batch import Batch, now
    from sayso.annotation.studio import SPLITTER_VERSION
    from sayso.corpus.sources import SourcePack
    from sayso.eval.baselines.preannotate import load_preannotations, with_sentences

    batch = Batch(args.batch, _root(args))
    pack = SourcePack.load(args.sources)
    ids = read_doc_ids(args.docs)
    problems = [Problem(args.docs, None, d, "document not in the source pack", "check the id or --sources")
                for d in ids if d not in pack]
    if problems:
        raise InputError(problems)
    documents = [pack.get(d) for d in ids]
    config = lc.load_config()
    predictions: dict[str, tuple[Any, str]] = {}
    if args.preannotate:
        records, version = load_preannotations(args.preannotate, documents, pack)
        version = args.model_version or version
        by_id = {d.id: d for d in documents}
        predictions = {k: (v if args.no_sentences else with_sentences(v, by_id[k]), version)
                       for k, v in records.items()}
    if not args.no_sentences:
        rest = [d for d in documents if d.id not in predictions]
        records, version = load_preannotations(SPLITTER_VERSION, rest, pack)
        predictions.update({k: (v, version) for k, v in records.items()})
    report = _studio(args).push(batch.name, documents, config, predictions=predictions or None, progress=True)
    record = batch.read_record()
    stamp = now()
    record.update({"batch": batch.name, "labeling_config_version": config.version,
                   "guidelines_version": lc.guidelines_version(batch.root / "annotation" / "guidelines.md")
                   or lc.guidelines_version(), "pushed_at": stamp})
    for doc in documents:
        entry = record["docs"].setdefault(doc.id, {})
        entry["text_sha256"] = doc.text_sha256
        entry["config_version"] = config.version
        version = report.applied.get(doc.id)
        if version is not None and version != SPLITTER_VERSION:
            entry["preannotated"] = version
        else:
            entry.setdefault("preannotated", None)
        if version is not None and not args.no_sentences:
            entry["sentences_proposed"] = True
    record["history"].append({"action": "push", "at": stamp, "added": len(report.added),
                              "existing": len(report.existing), "predictions": report.predictions,
                              "model_version": report.model_version, "labeling_config_version": config.version})
    batch.write_record(record)
    print(f"batch {batch.name}: project {report.project_id}{' (new)' if report.created_project else ''}; "
          f"{len(report.added)} task(s) added, {len(report.existing)} already there; "
          f"{report.predictions} prediction(s), model version {report.model_version!r}; record {batch.record_path}")
    return 0


def _submit(args: argparse.Namespace) -> int:
    from sayso.corpus.sources import SourcePack
    from sayso.corpus.standoff_io import read_standoff

    pack = SourcePack.load(args.sources)
    lines = read_standoff(args.file)
    done = _studio(args).submit(args.batch, args.annotator, [line.record for line in lines], pack)
    print(f"batch {args.batch}: {done['created']} annotation(s) created, {done['updated']} replaced, "
          f"completed by {args.annotator} (user {done['user_id']})")
    return 0


def _who(args: argparse.Namespace) -> int:
    table = _studio(args).who(args.batch)
    if args.json:
        print(json.dumps(table, indent=1))
        return 0
    for doc_id, names in table.items():
        print(f"{doc_id}\t{', '.join(names) if names else '-'}")
    return 0


def _pull(args: argparse.Namespace) -> int:
    from sayso.annotation.batch import Batch
    from sayso.annotation.studio import pull
    from sayso.corpus.sources import SourcePack

    batch = Batch(args.batch, _root(args))
    result = pull(batch, _studio(args), SourcePack.load(args.sources), overwrite=args.overwrite, progress=True)
    for annotator, records in sorted(result.records.items()):
        print(f"{batch.annotator_path(annotator)}: {len(records)} document(s)")
    print(f"record: {batch.record_path}")
    return 0


def _convert(args: argparse.Namespace) -> int:
    from sayso.annotation.export_file import convert_export_file
    from sayso.corpus.standoff_io import write_standoff

    records, problems = convert_export_file(args.export, args.source)
    if problems:
        raise InputError(problems)
    write_standoff(args.out, records)
    print(f"wrote {len(records)} standoff record(s) to {args.out} (from the {args.source} of {args.export})")
    return 0


# --- agreement and adjudication ------------------------------------------------------------

def _agree(args: argparse.Namespace) -> int:
    from sayso.annotation.agreement import run_agreement
    from sayso.annotation.batch import Batch

    report = run_agreement(Batch(args.batch, _root(args)), sources=args.sources, progress=True)
    print(report)
    return 0


def _adjudicate(args: argparse.Namespace) -> int:
    if args.show:
        from sayso.annotation.adjudication_view import show_undecided
        from sayso.corpus.sources import SourcePack

        root = Path(args.root) if getattr(args, "root", None) else Path.cwd()
        path = Path(args.decisions) if args.decisions else root / "annotation" / "batches" / args.batch / "decisions.jsonl"
        print(show_undecided(path, SourcePack.load(args.sources)), end="")
        return 0
    from sayso.annotation.adjudicate import run_adjudication
    from sayso.annotation.batch import Batch

    batch = Batch(args.batch, _root(args))
    decisions = Path(args.decisions) if args.decisions else None
    print(run_adjudication(batch, decisions=decisions, sources=args.sources, adjudicator=args.adjudicator,
                           overwrite=args.overwrite, decisions_only=args.decisions_only))
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    from sayso.options import add_sources_option

    def common(p: argparse.ArgumentParser, *, server: bool = True, root: bool = False) -> None:
        if server:
            p.add_argument("--dir", metavar="DIR", help="server data folder (default .studio/data)")
            p.add_argument("--url", metavar="URL", help="server URL (default $SAYSO_STUDIO_URL, else the running server's)")
        if root:
            p.add_argument("--root", metavar="DIR", help="tree holding annotation/ and corpus/ (default: the checkout)")

    studio = subparsers.add_parser("studio", help="run Label Studio and move batches in and out of it",
                                   description=STUDIO_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = studio.add_subparsers(dest="studio_command", metavar="ACTION", required=True)

    p = sub.add_parser("install", help="create the server's own environment (.studio/venv, ~1 GB)")
    p.set_defaults(func=_install)
    p = sub.add_parser("start", help="start Label Studio on 127.0.0.1 and wait until it answers")
    p.add_argument("--dir", metavar="DIR", help="data folder (default .studio/data)")
    p.add_argument("--port", type=int, default=None, help="port (default 8089)")
    p.add_argument("--timeout", type=float, default=300.0, help="seconds to wait for /health (default 300)")
    p.set_defaults(func=_start)
    p = sub.add_parser("stop", help="stop the server started for --dir")
    p.add_argument("--dir", metavar="DIR", help="data folder of the server (default .studio/data)")
    p.set_defaults(func=_stop)
    p = sub.add_parser("status", help="is it running, where, since when (exit 3 when not running)")
    p.add_argument("--dir", metavar="DIR", help="data folder of the server (default .studio/data)")
    p.add_argument("--json", action="store_true", help="print the status as JSON")
    p.set_defaults(func=_status)

    p = sub.add_parser("push", help="create/update the batch's project and tasks, with pre-annotations")
    p.add_argument("--batch", required=True, help="batch name (the Label Studio project)")
    p.add_argument("--docs", required=True, metavar="FILE", help="document ids, one per line")
    p.add_argument("--preannotate", metavar="FILE|SYSTEM",
                   help="standoff JSONL of a system's predictions, or a system name (splitter, baselines)")
    p.add_argument("--model-version", help="model_version of the predictions (default: file stem or system)")
    p.add_argument("--no-sentences", action="store_true", help="do not propose sentences with the splitter")
    common(p, root=True)
    add_sources_option(p)
    p.set_defaults(func=_push)

    p = sub.add_parser("submit", help="post standoff annotations as an annotator's annotations")
    p.add_argument("--batch", required=True, help="batch name (the Label Studio project)")
    p.add_argument("--annotator", required=True, help="annotator user name (created if missing)")
    p.add_argument("file", metavar="FILE.jsonl", help="standoff records of the annotator")
    common(p)
    add_sources_option(p)
    p.set_defaults(func=_submit)

    p = sub.add_parser("who", help="list which annotator annotated which document")
    p.add_argument("--batch", required=True, help="batch name (the Label Studio project)")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
    common(p)
    p.set_defaults(func=_who)

    p = sub.add_parser("pull", help="export, convert, validate; write annotation/batches/B/ANNOTATOR.jsonl")
    p.add_argument("--batch", required=True, help="batch name (the Label Studio project)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace annotator records that differ from the server's (listed first; without this "
                        "flag the pull stops and writes nothing)")
    common(p, root=True)
    add_sources_option(p)
    p.set_defaults(func=_pull)

    p = sub.add_parser("convert", help="turn a Label Studio JSON export into standoff JSONL, offline",
                       description="Read a Label Studio JSON export (a list of tasks whose data holds doc_id and "
                                   "text), convert each task's latest annotation (or prediction) into a standoff "
                                   "record, check it as `sayso validate` does, and write JSON Lines that "
                                   "`sayso score` and `sayso validate` accept. No server is needed.")
    p.add_argument("export", metavar="EXPORT.json", help="the JSON export (Label Studio: Export, JSON)")
    p.add_argument("--out", required=True, metavar="FILE.jsonl", help="where to write the standoff records")
    p.add_argument("--from", dest="source", choices=("annotations", "predictions"), default="annotations",
                   help="convert each task's latest annotation (default) or its latest prediction")
    p.set_defaults(func=_convert)

    p = subparsers.add_parser("agree", help="inter-annotator agreement of a batch, every layer")
    p.add_argument("--batch", required=True, help="batch name (annotation/batches/B)")
    common(p, server=False, root=True)
    add_sources_option(p)
    p.set_defaults(func=_agree)

    p = subparsers.add_parser("adjudicate", help="merge annotators into gold; list disagreements for decision")
    p.add_argument("--batch", required=True, help="batch name (annotation/batches/B)")
    p.add_argument("--decisions", metavar="FILE", help="decisions file (default annotation/batches/B/decisions.jsonl)")
    p.add_argument("--adjudicator", default=None, help="name recorded with decisions taken now")
    p.add_argument("--show", action="store_true", help="print undecided disagreements with their words (no writing)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace gold records of this batch that would change or disappear (listed first; "
                        "without this flag nothing is written)")
    p.add_argument("--decisions-only", action="store_true",
                   help="update the decisions file with new disagreements and never write gold (while the batch "
                        "is still being annotated)")
    common(p, server=False, root=True)
    add_sources_option(p)
    p.set_defaults(func=_adjudicate)
