"""Validation speed and memory on adversarially large files: `sayso validate` must stay
linear (or n log n) in the size of a file.

Run:  python benchmarks/bench_validate.py [--out benchmarks/results/validate.md]

Each case writes a synthetic pack (one document of ``"ab " * n``, text we make here) and
one standoff file, then runs ``sayso validate`` on it in a fresh process, timed from the
outside, with the process's peak resident memory (``ru_maxrss``). Cases:

* a parent chain of 10,000 attributions (a1 -> a2 -> ... ; valid): the check that once
  tested list membership per step and took 109 s at 4,000;
* a 10,000-long parent *cycle* (one problem);
* 1,000,000 entities (valid); 1,000,000 entities that all share one id (about a
  million problems: reported capped, not a million lines); 1,000,000 entities of which
  one has a label outside the schema (only that item goes to jsonschema);
* 1,000,000 claims linked to 1,000 attributions (the content-hull check per claim);
* scaling: the chain and the entities at a tenth of the size, to show the growth is linear.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _sha(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def chain(n: int, cycle: bool = False) -> tuple[int, dict]:
    attributions = [{"id": f"a{i}", "cue": {"start": 3 * i, "end": 3 * i + 2},
                     "content": [{"start": 3 * i, "end": 3 * i + 2}], "type": "direct",
                     "parent": f"a{i + 1}" if i + 1 < n else ("a0" if cycle else None)} for i in range(n)]
    return n, {"attributions": attributions}


def entities(n: int, same_id: bool = False) -> tuple[int, dict]:
    return n, {"entities": [{"id": "e" if same_id else f"e{i}", "start": 3 * i, "end": 3 * i + 2, "label": "ORG"}
                            for i in range(n)]}


def bad_label(case: tuple[int, dict]) -> tuple[int, dict]:
    case[1]["entities"][len(case[1]["entities"]) // 2]["label"] = "TOWN"
    return case


def claims(n: int, owners: int = 1000) -> tuple[int, dict]:
    per = n // owners
    attributions = [{"id": f"a{k}", "cue": None, "content": [{"start": 3 * k * per, "end": 3 * (k + 1) * per - 1}],
                     "type": "indirect"} for k in range(owners)]
    return n, {"claims": [{"id": f"c{i}", "start": 3 * i, "end": 3 * i + 2, "kind": "factual",
                           "attribution": f"a{i // per}"} for i in range(n)],
               "attributions": attributions}


CASES = {
    "parent chain, 1,000 attributions": lambda: chain(1_000),
    "parent chain, 10,000 attributions": lambda: chain(10_000),
    "parent cycle, 10,000 attributions": lambda: chain(10_000, cycle=True),
    "entities, 100,000": lambda: entities(100_000),
    "entities, 1,000,000": lambda: entities(1_000_000),
    "entities, 1,000,000 with one shared id": lambda: entities(1_000_000, same_id=True),
    "entities, 1,000,000 with one bad label": lambda: bad_label(entities(1_000_000)),
    "claims, 1,000,000 linked to 1,000 attributions": lambda: claims(1_000_000),
}

RUNNER = """
import resource, sys, time
from sayso.cli import main
began = time.perf_counter()
code = main(["validate", "--sources", sys.argv[1], sys.argv[2]])
seconds = time.perf_counter() - began
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"RESULT {code} {seconds:.2f} {peak:.0f}", file=sys.__stdout__)
"""


def run_case(name: str, make, folder: Path) -> dict:
    n, layers = make()
    text = "ab " * n
    pack = folder / "pack"
    pack.mkdir(exist_ok=True)
    (pack / "bench.jsonl").write_text(json.dumps({"id": "bench", "title": "synthetic", "publisher": "bench",
                                                  "license": "CC0-1.0", "text": text}) + "\n", encoding="utf-8")
    path = folder / "in.jsonl"
    path.write_text(json.dumps({"id": "bench", "text_sha256": _sha(text), **layers}) + "\n", encoding="utf-8")
    del layers
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-c", RUNNER, str(pack), str(path)], capture_output=True, text=True,
                          env=env, timeout=900)
    result = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if not result:
        raise SystemExit(f"{name}: no result\n{done.stderr[-2000:]}")
    code, seconds, peak = result[0].split()[1:]
    shown = [line for line in done.stderr.splitlines() if line.strip()]
    return {"case": name, "exit": int(code), "seconds": float(seconds), "peak_mib": int(peak),
            "file_mib": path.stat().st_size / 2**20, "stderr_lines": len(shown)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(REPO / "benchmarks" / "results" / "validate.md"))
    parser.add_argument("--only", default=None, help="run only cases whose name contains this")
    args = parser.parse_args(argv)
    rows = []
    for name, make in CASES.items():
        if args.only and args.only not in name:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            row = run_case(name, make, Path(tmp))
        rows.append(row)
        print(f"{row['case']}: exit {row['exit']}, {row['seconds']:.2f} s, peak {row['peak_mib']} MiB, "
              f"file {row['file_mib']:.1f} MiB, {row['stderr_lines']} stderr line(s)")
    lines = ["# `sayso validate` on large files", "",
             f"Measured with `python benchmarks/bench_validate.py` on {platform.machine()}, "
             f"{os.cpu_count()} cores, Python {platform.python_version()}. Time is the validate command "
             "inside a fresh process (reading, parsing, schema, model, checks); peak is the process's "
             "maximum resident memory, interpreter and imports included. One document per file.", "",
             "| case | file MiB | exit | seconds | peak MiB | stderr lines |", "|---|---:|---:|---:|---:|---:|"]
    lines += [f"| {r['case']} | {r['file_mib']:.1f} | {r['exit']} | {r['seconds']:.2f} | {r['peak_mib']} | "
              f"{r['stderr_lines']} |" for r in rows]
    lines += ["", "Exit 1 marks the cases built to be invalid (a cycle; a million duplicate ids, reported as the "
              "first 50 problems and a count; one bad label). Before the linear cycle check, a valid 4,000-long chain took 109 s."]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
