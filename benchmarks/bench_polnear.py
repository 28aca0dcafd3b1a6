"""PolNeAR inside SaySo: how long the PolNeAR paths take, and their peak memory.

Run:  python benchmarks/bench_polnear.py [--polnear DIR] [--out benchmarks/results/polnear.md]

Every case runs in a fresh process (``python -m sayso.cli ...``), timed from outside,
with the child's peak resident memory (``ru_maxrss``). Cases:

* reading the source pack with PolNeAR in it (1,008 articles become documents);
* ``sayso import polnear`` of all 1,008 articles (gold: first annotator), and with
  ``--all-annotators`` (1,107 files);
* ``sayso score PRED --gold polnear:test`` for the rule-based attribution baseline's
  predictions on PolNeAR test (84 articles), with 1,000 bootstrap resamples;
* ``sayso agree-polnear`` (20 articles, 295 pairwise comparisons).

The output holds timings, memory and counts only (no text).
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_POLNEAR = REPO.parent / "shared" / "data" / "polnear"


def run(args: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """(seconds, peak MiB, last line of output) of ``python ARGS`` in a new process.

    ``os.wait4`` gives this one child's resource usage, so each case's peak is its own.
    """
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen([sys.executable, *args], cwd=REPO, env=env, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if child.returncode:
        raise SystemExit(f"failed: {' '.join(args)}\n{stderr}")
    lines = (stdout.strip() or stderr.strip()).splitlines()
    return seconds, usage.ru_maxrss / 1024, lines[-1] if lines else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", default=str(DEFAULT_POLNEAR), help="a PolNeAR checkout")
    parser.add_argument("--out", default=None, help="write the Markdown table here")
    args = parser.parse_args()
    env = {**os.environ, "PYTHONPATH": str(REPO), "SAYSO_SOURCES": str(Path(args.polnear).parent)}
    tmp = Path(tempfile.mkdtemp(prefix="bench-polnear-"))
    cli = ["-m", "sayso.cli"]
    cases = [
        ("read the source pack (1,008 PolNeAR documents + JSONL)",
         ["-c", "from sayso.corpus.sources import SourcePack; p = SourcePack.load(); "
                "print(sum(d.id.startswith('pn-') for d in p), 'PolNeAR documents')"]),
        ("import polnear, gold (1,008 articles)", [*cli, "import", "polnear", args.polnear, "--out",
                                                     str(tmp / "polnear.jsonl")]),
        ("import polnear --all-annotators (1,107 files)", [*cli, "import", "polnear", args.polnear, "--out",
                                                            str(tmp / "every"), "--all-annotators"]),
        ("predict rule-attributions on PolNeAR test", [*cli, "predict", "--system", "rule-attributions",
                                                       "--gold", "polnear:test", "--out", str(tmp / "pred.jsonl")]),
        ("score PRED --gold polnear:test (84 articles, 1,000 resamples)",
         [*cli, "score", str(tmp / "pred.jsonl"), "--gold", "polnear:test", "--json", str(tmp / "report.json")]),
        ("agree-polnear (20 articles, 295 comparisons)", [*cli, "agree-polnear", "--json", str(tmp / "agree.json")]),
    ]
    rows = []
    for name, command in cases:
        seconds, peak, last = run(command, env)
        rows.append((name, seconds, peak, last))
        print(f"{name}: {seconds:.2f} s, peak {peak:.0f} MiB — {last[:120]}", file=sys.stderr)
    lines = ["# PolNeAR benchmarks", "",
             f"`python benchmarks/bench_polnear.py` on {platform.machine()}, Python {platform.python_version()}, "
             f"{os.cpu_count()} CPUs. Each case in a fresh process (imports included); peak memory is that "
             "process's largest resident set (`ru_maxrss` from `os.wait4`).", "",
             "| case | seconds | peak MiB |", "| --- | ---: | ---: |"]
    lines += [f"| {name} | {seconds:.2f} | {peak:.0f} |" for name, seconds, peak, _ in rows]
    text = "\n".join(lines) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
