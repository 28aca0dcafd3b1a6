"""Baseline speed: documents per second of every baseline on the whole source pack.

Run:  python benchmarks/bench_baselines.py [--out benchmarks/results/baselines.md]

Systems are trained on the corpus's train split (the fixture documents when no gold
exists yet; then the learned systems are weak but their speed is still representative),
then predict every document of the pack (about 300 news articles) once.
"""
from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from pathlib import Path

from sayso.corpus.sources import SourcePack
from sayso.eval.baselines import SYSTEMS, Example, get_system


def training_examples() -> list[Example]:
    from sayso.corpus.build import load_corpus

    corpus = load_corpus(SourcePack.load())
    train = [Example(gd.document, gd.record) for gd in corpus if gd.split == "train"]
    if train:
        return train
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from helpers import fixture_pack, fixture_records

    pack = fixture_pack()
    return [Example(pack.get(i), r) for i, r in fixture_records(pack).items()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out")
    args = parser.parse_args()
    docs = list(SourcePack.load())
    train = training_examples()
    lines = [f"{len(docs)} documents, trained on {len(train)} train documents\n",
             "| system | layers | train s | docs/s | peak MiB (50 docs, traced) |", "|---|---|---:|---:|---:|"]
    for name in sorted(SYSTEMS):
        system = get_system(name)
        started = time.perf_counter()
        system.fit(train)
        trained = time.perf_counter() - started
        started = time.perf_counter()
        for doc in docs:
            system.predict(doc)
        seconds = time.perf_counter() - started
        tracemalloc.start()  # a second, traced pass: tracing slows Python down several times
        for doc in docs[:50]:
            system.predict(doc)
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        lines.append(f"| {name} | {', '.join(system.layers)} | {trained:.2f} | {len(docs) / seconds:,.0f} | {peak:.1f} |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
