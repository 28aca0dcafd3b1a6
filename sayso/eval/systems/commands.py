"""``sayso predict --system llm|PEER``: the command-line edge of the peers and the LLM harness.

``sayso predict`` (:mod:`sayso.eval.baseline_commands`) hands these systems over here.
Every run writes, beside its predictions, ``<predictions stem>.system.json``: what the
system is (kind, exact versions, model and prompt version, token counts, drops), which
``sayso score`` copies into the report and its signature.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from sayso.errors import SaysoError
from sayso.eval.systems.peers import PEERS
from sayso.eval.systems.record import system_info_path, write_system_info, write_system_json

LLM = "llm"
OTHER_SYSTEMS: tuple[str, ...] = (LLM, *sorted(PEERS))


def add_predict_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``sayso predict`` that only ``--system llm`` uses."""
    group = parser.add_argument_group("language model (--system llm): any OpenAI-compatible chat-completions server")
    group.add_argument("--base-url", metavar="URL",
                       help="the server's API root, e.g. http://127.0.0.1:8000/v1 (vLLM), "
                            "http://127.0.0.1:11434/v1 (Ollama), https://api.openai.com/v1")
    group.add_argument("--model", metavar="NAME", help="the model name the server knows, e.g. llama3.1:8b")
    group.add_argument("--api-key-env", metavar="VAR", default=None,
                       help="name of the environment variable holding the API key (the key itself is never "
                            "given on the command line, printed or stored)")
    group.add_argument("--name", metavar="NAME", default=None,
                       help="system name for eval/systems/NAME/ (default: llm-MODEL)")
    group.add_argument("--prompt", default="llm-v1", help="prompt version, a file in sayso/eval/systems/llm/prompts/ "
                                                          "(default llm-v1)")
    group.add_argument("--full-guidelines", action="store_true",
                       help="append the whole annotation/guidelines.md (about 20,000 words) to the prompt")
    group.add_argument("--concurrency", type=int, default=4, help="requests at once (default 4)")
    group.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for one answer (default 120)")
    group.add_argument("--retries", type=int, default=4,
                       help="retries on 429/5xx/time-out, with exponential backoff (default 4)")
    group.add_argument("--temperature", type=float, default=0.0, help="sampling temperature (default 0)")
    group.add_argument("--max-tokens", type=int, default=None, help="answer length limit (default: the server's)")
    group.add_argument("--cache", metavar="DIR", default=None,
                       help="answer cache (default $XDG_CACHE_HOME/sayso/llm or ~/.cache/sayso/llm; holds "
                            "article words: keep it out of git)")


def default_llm_name(model: str) -> str:
    """``llm-`` and the model name with anything but letters, digits, ``.`` and ``-`` as ``-``."""
    return "llm-" + re.sub(r"[^A-Za-z0-9.-]+", "-", model).strip("-").lower()


def _llm_client(args: argparse.Namespace) -> Any:
    from sayso.eval.systems.llm.client import ChatClient

    if not args.base_url or not args.model:
        raise SaysoError("--system llm needs --base-url URL and --model NAME "
                         "(e.g. --base-url http://127.0.0.1:11434/v1 --model llama3.1:8b)")
    api_key = None
    if args.api_key_env:
        api_key = os.environ.get(args.api_key_env)
        if not api_key:
            raise SaysoError(f"--api-key-env {args.api_key_env}: that environment variable is empty or unset; "
                             f"export {args.api_key_env}=… first")
    if args.concurrency < 1 or args.retries < 0 or args.timeout <= 0:
        raise SaysoError("--concurrency must be >= 1, --retries >= 0 and --timeout > 0")
    return ChatClient(args.base_url, args.model, api_key=api_key, timeout=args.timeout, retries=args.retries,
                      temperature=args.temperature, max_tokens=args.max_tokens)


def predict_llm(args: argparse.Namespace, documents: list[Any], out: Path | None) -> tuple[list[Any], dict[str, Any], str]:
    """Records, system record and system name of a language model over ``documents``."""
    from sayso.corpus.sources import REPO_ROOT
    from sayso.eval.systems.llm.cache import AnswerCache
    from sayso.eval.systems.llm.harness import run_llm
    from sayso.eval.systems.llm.prompt import Prompt, PromptError

    client = _llm_client(args)
    try:
        prompt = Prompt.load(args.prompt, REPO_ROOT / "annotation" / "guidelines.md" if args.full_guidelines else None)
    except (PromptError, OSError) as exc:
        raise SaysoError(str(exc)) from exc
    name = args.name or default_llm_name(args.model)
    run = run_llm(documents, client, prompt, AnswerCache(args.cache), concurrency=args.concurrency)
    return run.records, run.system_info(name), name


def predict_peer(system: str, documents: list[Any]) -> tuple[list[Any], dict[str, Any], str]:
    """Records, system record and system name of a peer over ``documents``."""
    from tqdm import tqdm

    from sayso.eval.systems.peers import get_peer

    peer: Any = get_peer(system)
    records = [peer.predict(d) for d in tqdm(documents, desc=system, unit="doc", file=sys.stderr)]
    info = peer.system_info()
    return records, info, str(info["name"])


def predict_other(args: argparse.Namespace) -> int:
    """``sayso predict --system llm|PEER``: predict every gold document of ``--split``."""
    from sayso.corpus.gold_corpus import load_corpus
    from sayso.corpus.sources import SourcePack
    from sayso.eval.baselines.run import SYSTEMS_DIR, write_predictions

    corpus = load_corpus(SourcePack.load(args.sources), args.corpus)
    documents = [gd.document for gd in corpus if gd.split == args.split]
    if not documents:
        raise SaysoError(f"no gold documents in split {args.split!r}; pick another --split")
    if args.system == LLM:
        records, info, name = predict_llm(args, documents, args.out)
    else:
        records, info, name = predict_peer(args.system, documents)
    out = Path(args.out) if args.out else SYSTEMS_DIR / name / f"predictions-{args.split}.jsonl"
    write_predictions(records, out)
    write_system_info(out, {**info, "split": args.split})
    if out.parent.name == name:  # its own folder (eval/systems/NAME/): say what it is, for the leaderboard
        write_system_json(out.parent, info)
    print(f"wrote {len(records)} predicted document(s) to {out} (system record: {system_info_path(out).name})")
    if info.get("kind") == "model":
        usage, dropped = info["usage"], info["dropped_total"]
        print(f"{info['model']} with prompt {info['prompt']}: tokens in {usage['prompt_tokens']:,} out "
              f"{usage['completion_tokens']:,}; {info['malformed_answers']} malformed answer(s); "
              f"{dropped} item(s) dropped (unresolvable spans, labels outside the guidelines, links)")
    return 0


def peer_folder(info: dict[str, Any]) -> Path:
    from sayso.eval.baselines.run import SYSTEMS_DIR

    return SYSTEMS_DIR / str(info["name"])


def score_direct(name: str, split: str, records: list[Any], texts: dict[str, str], gold: Any, resamples: int,
                 seed: int, folder: Path, info: dict[str, Any] | None = None) -> str:
    """The quotation peer against the gold's direct attributions only: ``direct-SPLIT.{json,md}``."""
    from dataclasses import replace

    from sayso.corpus.standoff_io import write_text_atomic
    from sayso.eval.api import score
    from sayso.eval.report import summary_text, to_markdown
    from sayso.eval.signature import data_hash
    from sayso.eval.systems.peers.direct import direct_only

    view = direct_only(gold.records)
    data = replace(gold.data, name=f"{gold.data.name}-direct", sha256=data_hash(view))
    report = score(view, records, texts, layers=["attributions"], data=data, system=f"{name} (direct only)",
                   resamples=resamples, seed=seed, system_info=info)
    stem = folder / f"direct-{split}"
    write_text_atomic(f"{stem}.json", json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n")
    write_text_atomic(f"{stem}.md", to_markdown(report))
    return summary_text(report)


def run_peers(args: argparse.Namespace) -> int:
    """``sayso peers``: every peer on every split: predictions, system record, reports; then the leaderboard."""
    from sayso.corpus.gold_corpus import load_corpus
    from sayso.corpus.sources import SourcePack
    from sayso.eval.system_reports import score_baseline
    from sayso.eval.baselines.run import write_predictions
    from sayso.eval.gold import collection_views, load_texts, resolve_gold, restricted
    from sayso.eval.leaderboard import regenerate

    names = args.peers.split(",") if args.peers else sorted(PEERS)
    unknown = [n for n in names if n not in PEERS]
    if unknown:
        raise SaysoError(f"--peers: unknown peer(s) {', '.join(unknown)}; choose from {', '.join(sorted(PEERS))}")
    corpus = load_corpus(SourcePack.load(args.sources))
    quotes_folder: Path | None = None
    for split in args.splits.split(","):
        gold = resolve_gold(None, split)
        texts = load_texts(gold, args.sources)
        views = collection_views(split, gold)  # per collection, scored from the same predictions
        documents = [gd.document for gd in corpus if gd.split == split]
        for system in names:
            records, info, name = predict_peer(system, documents)
            folder = peer_folder(info)
            out = folder / f"predictions-{split}.jsonl"
            write_predictions(records, out)
            run_info = {**info, "split": split}
            write_system_info(out, run_info)
            write_system_json(folder, info)
            print(f"\n== {name} on {split} ==\n"
                  + score_baseline(name, split, records, texts, gold, args.resamples, args.seed, folder,
                                   system_info=run_info), file=sys.stderr)
            for view, view_gold in views.items():
                score_baseline(name, view, restricted(records, view_gold), texts, view_gold, args.resamples,
                               args.seed, folder, system_info={**run_info, "split": view})
            if system == "textacy-quotes":
                quotes_folder = folder
                print(f"\n== {name} on {split}, direct attributions only ==\n"
                      + score_direct(name, split, records, texts, gold, args.resamples, args.seed, folder, run_info),
                      file=sys.stderr)
    print(regenerate())
    if quotes_folder is not None:
        _regenerate_direct_table(quotes_folder)
    return 0


def _regenerate_direct_table(folder: Path) -> None:
    """The README's table of the quotation peer's recall on direct attributions, from its reports."""
    from sayso.corpus.standoff_io import write_text_atomic
    from sayso.eval.leaderboard import README
    from sayso.eval.systems.peers.direct_table import readme_with_table, render

    write_text_atomic(README, readme_with_table(README.read_text(encoding="utf-8"), render(folder)))


def register(subparsers: Any) -> None:
    from sayso.options import RESAMPLES, SEED, add_sources_option

    p = subparsers.add_parser("peers", help="predict and score the peers (spaCy, textacy) on validation and test, "
                                            "then regenerate the leaderboard",
                              description="For each peer and split: predict, write eval/systems/NAME/"
                                          "predictions-SPLIT.jsonl, its system record and report-SPLIT.{json,md,html} "
                                          "(the HTML shows text: an artifact, not committed); for the quotation peer "
                                          "also direct-SPLIT.{json,md}, scored on the gold's direct attributions. "
                                          'Needs the extras: pip install -e ".[peer-spacy,peer-textacy]".')
    p.add_argument("--peers", default=None, help=f"comma-separated (default: all of {', '.join(sorted(PEERS))})")
    p.add_argument("--splits", default="validation,test", help="comma-separated splits (default: validation,test)")
    p.add_argument("--resamples", type=int, default=RESAMPLES, help=f"bootstrap resamples (default {RESAMPLES})")
    p.add_argument("--seed", type=int, default=SEED, help=f"bootstrap seed (default {SEED})")
    add_sources_option(p)
    p.set_defaults(func=run_peers)
