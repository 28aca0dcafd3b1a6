"""Scorer speed and memory, side by side with nervaluate, in one run (not a test).

1. Entities: the same synthetic documents (default 100,000 x ~20 entities) scored by
   nervaluate 1.2.1 and by SaySo; every count and score must be identical (asserted);
   prints the time ratio (goal: SaySo >= 10x faster) and the peak memory of each.
2. A full three-layer report (entities, claims, attributions) with 1,000 bootstrap
   resamples on 1,000 synthetic documents (goal: < 5 s on 2 cores).

Synthetic documents are made of generated nonsense words: no article text.

    python benchmarks/bench_scorer.py [--docs 100000] [--report-docs 1000] [--out benchmarks/bench_scorer_results.md]
    python benchmarks/bench_scorer.py --screenshot benchmarks/report-fixture.png   # fixture HTML report
"""
from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's sayso, whatever is installed

from sayso.corpus.model import (ENTITY_LABELS, Attribution, Claim, Entity, Sentence, Span, Standoff, text_sha256)

SHA = "0" * 64


def reset_peak() -> int:
    """Reset the kernel's peak-RSS mark to the current RSS; return current RSS in bytes."""
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
    except OSError:
        pass
    return rss("VmRSS")


def rss(field: str = "VmHWM") -> int:
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) * 1024
    return 0


def entity_docs(n: int, seed: int = 1) -> tuple[list[Standoff], list[Standoff]]:
    rng = random.Random(seed)
    labels = list(ENTITY_LABELS)
    gold, pred = [], []
    for d in range(n):
        g, p, pos = [], [], 0
        for k in range(20):
            pos += rng.randint(1, 30)
            length = rng.randint(1, 15)
            e = Entity(f"e{k}", pos, pos + length, rng.choice(labels))
            pos += length
            g.append(e)
            r = rng.random()
            if r < 0.05:
                continue  # missed
            if r < 0.15:
                e = Entity(e.id, e.start, e.end, rng.choice(labels))  # retyped
            elif r < 0.25 and e.end - e.start > 2:
                e = Entity(e.id, e.start + rng.choice([0, 1]), e.end - 1, e.label)  # boundary
            elif r < 0.27:
                e = Entity(e.id, e.start, e.end + 35, e.label)  # runs over the next entity
            p.append(e)
            if rng.random() < 0.05:
                p.append(Entity(f"s{k}", pos + 1, pos + 3, rng.choice(labels)))  # spurious
        gold.append(Standoff(f"d{d:06d}", SHA, entities=tuple(g)))
        pred.append(Standoff(f"d{d:06d}", SHA, entities=tuple(p)))
    return gold, pred


def bench_entities(n: int) -> dict[str, float]:
    from nervaluate import Evaluator

    from sayso.eval.entities import entity_statistics

    gold, pred = entity_docs(n)
    key = lambda e: (e.start, e.end, e.label)  # the scorer's documented order
    true = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in sorted(g.entities, key=key)] for g in gold]
    guess = [[{"label": e.label, "start": e.start, "end": e.end - 1} for e in sorted(p.entities, key=key)] for p in pred]
    gc.collect()

    base = reset_peak()
    t0 = time.perf_counter()
    ours = entity_statistics(gold, pred).point()
    t_ours = time.perf_counter() - t0
    mem_ours = rss() - base
    gc.collect()

    base = reset_peak()
    t0 = time.perf_counter()
    ref = Evaluator(true, guess, tags=list(ENTITY_LABELS), loader="dict").evaluate()
    t_ref = time.perf_counter() - t0
    mem_ref = rss() - base

    fields = ("correct", "incorrect", "partial", "missed", "spurious", "precision", "recall", "f1")
    checked = 0
    for mode, res in ref["overall"].items():
        for f in fields:
            assert ours[f"{mode}.{f}"] == getattr(res, f), (mode, f)
            checked += 1
    for label, modes in ref["entities"].items():
        for mode, res in modes.items():
            for f in fields:
                assert ours[f"per_type.{label}.{mode}.{f}"] == getattr(res, f), (label, mode, f)
                checked += 1
    n_ents = sum(len(g.entities) for g in gold) + sum(len(p.entities) for p in pred)
    return {"docs": n, "entities": n_ents, "sayso_s": t_ours, "nervaluate_s": t_ref, "ratio": t_ref / t_ours,
            "sayso_peak_mb": mem_ours / 2**20, "nervaluate_peak_mb": mem_ref / 2**20, "numbers_checked": checked,
            "strict_f1": ours["strict.f1"]}


SYLLABLES = ["ka", "lo", "mir", "ten", "sa", "vu", "rel", "om", "tis", "ba", "nor", "ex"]


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 3)))


def full_docs(n: int, seed: int = 2) -> tuple[list[Standoff], list[Standoff], dict[str, str]]:
    """Documents of ~12 sentences: 'Name Name said that w w w w w.' and plain sentences."""
    rng = random.Random(seed)
    gold, pred, texts = [], [], {}
    for d in range(n):
        parts, sents, ents, claims, atts = [], [], [], [], []
        pos = 0
        for s in range(12):
            start = pos
            if s % 3 == 0:
                name = f"{word(rng).title()} {word(rng).title()}"
                content = " ".join(word(rng) for _ in range(rng.randint(4, 9)))
                sentence = f"{name} said that {content}."
                ents.append(Entity(f"e{len(ents)}", pos, pos + len(name), "PERSON"))
                c0 = pos + len(name) + len(" said that ")
                aid = f"a{len(atts)}"
                atts.append(Attribution(aid, Span(pos, pos + len(name)), Span(pos + len(name) + 1, pos + len(name) + 5),
                                        (Span(c0, c0 + len(content)),), "indirect", "person", ents[-1].id))
                claims.append(Claim(f"c{len(claims)}", c0, c0 + len(content), "factual", aid))
            else:
                ws = [word(rng) for _ in range(rng.randint(5, 12))]
                sentence = " ".join(ws) + "."
                if rng.random() < 0.4:
                    claims.append(Claim(f"c{len(claims)}", pos, pos + len(sentence) - 1, "numerical"))
                if rng.random() < 0.5:
                    w0 = sentence.index(" ")
                    ents.append(Entity(f"e{len(ents)}", pos, pos + w0, rng.choice(["ORG", "GPE", "DATE"])))
            parts.append(sentence)
            pos += len(sentence)
            sents.append(Sentence(start, pos))
            parts.append(" ")
            pos += 1
        text = "".join(parts).rstrip()
        doc_id = f"f{d:05d}"
        texts[doc_id] = text
        g = Standoff(doc_id, text_sha256(text), sentences=tuple(sents), entities=tuple(ents), claims=tuple(claims),
                     attributions=tuple(atts))
        p_ents = tuple(e if rng.random() > 0.2 else Entity(e.id, e.start, e.end, "ORG") for e in ents)
        p_atts = tuple(a if rng.random() > 0.3 else Attribution(a.id, None, a.cue, a.content, "direct", "unnamed")
                       for a in atts if rng.random() > 0.1)
        kept = {a.id for a in p_atts}

        def shorter(c: Claim) -> Claim:  # a valid prediction: ends on a non-space character
            end = max(c.start + 1, c.end - 4)
            while end > c.start + 1 and text[end - 1].isspace():
                end -= 1
            return Claim(c.id, c.start, end, "factual", c.attribution)
        p_claims = tuple(c if rng.random() > 0.2 else shorter(c) for c in claims if rng.random() > 0.1)
        # a claim whose attribution was not predicted is in the writer's voice (a dangling link is invalid)
        p_claims = tuple(c if c.attribution in kept or c.attribution is None else Claim(c.id, c.start, c.end, c.kind, None)
                         for c in p_claims)
        gold.append(g)
        pred.append(Standoff(doc_id, g.text_sha256, entities=p_ents, claims=p_claims, attributions=p_atts))
    return gold, pred, texts


def bench_report(n: int, resamples: int) -> dict[str, float]:
    from sayso.eval import score
    from sayso.eval.html import to_html
    from sayso.eval.report import to_markdown

    gold, pred, texts = full_docs(n)
    gc.collect()
    base = reset_peak()
    t0 = time.perf_counter()
    report = score(gold, pred, texts, resamples=resamples)
    report.to_dict()
    to_markdown(report)
    t_report = time.perf_counter() - t0
    mem = rss() - base
    t0 = time.perf_counter()
    page = to_html(report, gold, pred, texts)
    t_html = time.perf_counter() - t0
    return {"docs": n, "resamples": resamples, "report_s": t_report, "peak_mb": mem / 2**20, "html_s": t_html,
            "html_docs_shown": min(n, 200), "html_mb": len(page.encode()) / 2**20,
            "signature": report.signature.format()}


def screenshot(path: Path) -> None:
    """Render the fixture report (project-written texts) and screenshot it with Chromium."""
    import shutil
    import subprocess
    import tempfile

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from test_eval_html import fixture_report_html  # type: ignore[import-not-found]

    browser = shutil.which("chromium")
    if browser is None:
        raise SystemExit("needs the Debian chromium package")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(fixture_report_html(), encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        f"--user-data-dir={tmp}/profile", "--hide-scrollbars", "--window-size=1280,3050",
                        f"--screenshot={path.resolve()}", page.as_uri()], check=True, capture_output=True, timeout=120)
    print(f"wrote {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--report-docs", type=int, default=1000)
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--screenshot", type=Path, default=None)
    args = parser.parse_args()
    if args.screenshot:
        screenshot(args.screenshot)
        return
    import nervaluate

    ent = bench_entities(args.docs)
    rep = bench_report(args.report_docs, args.resamples)
    cpus = os.cpu_count()
    lines = [
        "# Scorer benchmark results",
        "",
        f"Machine: {platform.machine()}, {cpus} CPUs, Python {platform.python_version()}, "
        f"nervaluate {nervaluate.__version__ if hasattr(nervaluate, '__version__') else '1.2.1'}. "
        "Command: `python benchmarks/bench_scorer.py`.",
        "",
        "## Entities: SaySo vs nervaluate 1.2.1 on the same input",
        "",
        f"{ent['docs']:,} synthetic documents, {ent['entities']:,} gold + predicted entities; "
        f"{ent['numbers_checked']:,} counts and scores compared, all identical (strict F1 {ent['strict_f1']:.6f}).",
        "",
        "| scorer | time (s) | peak memory (MiB) |",
        "|---|---:|---:|",
        f"| SaySo `entity_statistics` | {ent['sayso_s']:.2f} | {ent['sayso_peak_mb']:.0f} |",
        f"| nervaluate `Evaluator.evaluate` | {ent['nervaluate_s']:.2f} | {ent['nervaluate_peak_mb']:.0f} |",
        "",
        f"SaySo is **{ent['ratio']:.1f}x** faster (goal >= 10x).",
        "",
        "## Full three-layer report",
        "",
        f"{rep['docs']:,} synthetic documents, entities + claims + attributions, {rep['resamples']:,} bootstrap "
        f"resamples, JSON + Markdown: **{rep['report_s']:.2f} s** (goal < 5 s), peak memory {rep['peak_mb']:.0f} MiB. "
        f"HTML page ({rep['html_docs_shown']} documents shown, {rep['html_mb']:.1f} MiB): {rep['html_s']:.2f} s.",
        "",
        f"Signature: `{rep['signature']}`",
        "",
        "Peak memory is the rise of the process's peak RSS (VmHWM, reset through /proc/self/clear_refs) during the call.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
