"""Sentence splitting: SaySo's news splitter against pysbd, syntok, nupunkt and spaCy's
rule-based sentencizer — boundary precision/recall/F1 and documents per second.

Run:  pip install -e ".[bench]" && python benchmarks/bench_splitter.py [--out benchmarks/results/splitter.md]

Data: the project's hard cases (benchmarks/splitter_cases.py) and, when gold exists,
the corpus's gold sentences (documents whose text the pack provides). A boundary is the
end offset of every sentence but the last, after trimming trailing whitespace; a
splitter that returns strings is mapped back to offsets by searching forward.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).parent))
from splitter_cases import CASES, case_text  # noqa: E402

Splitter = Callable[[str], list[tuple[int, int]]]


def spans_from_strings(text: str, pieces: list[str]) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, cursor)
        if start < 0:  # a splitter that rewrote whitespace: fall back to the cursor
            start = cursor
        spans.append((start, start + len(piece)))
        cursor = start + len(piece)
    return spans


def boundaries(text: str, spans: list[tuple[int, int]]) -> set[int]:
    ends = set()
    for start, end in spans[:-1]:
        while end > start and text[end - 1].isspace():
            end -= 1
        ends.add(end)
    return ends


def splitters() -> dict[str, Splitter]:
    from sayso.corpus.splitter import split_sentences

    out: dict[str, Splitter] = {"sayso": split_sentences}
    try:
        import pysbd

        seg = pysbd.Segmenter(language="en", clean=False, char_span=True)
        out["pysbd"] = lambda t: [(s.start, s.end) for s in seg.segment(t)]
    except ImportError:
        pass
    try:
        import syntok.segmenter as syn

        def syntok_spans(text: str) -> list[tuple[int, int]]:
            spans = []
            for paragraph in syn.analyze(text):
                for sentence in paragraph:
                    tokens = list(sentence)
                    if tokens:
                        spans.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
            return spans
        out["syntok"] = syntok_spans
    except ImportError:
        pass
    try:
        import nupunkt

        out["nupunkt"] = lambda t: [tuple(s) for s in nupunkt.sent_spans(t)]
    except ImportError:
        pass
    try:
        import spacy

        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        out["spacy-sentencizer"] = lambda t: [(s.start_char, s.end_char) for s in nlp(t).sents]
    except ImportError:
        pass
    return out


def gold_corpus_documents() -> list[tuple[str, list[tuple[int, int]]]]:
    try:
        from sayso.corpus.build import load_corpus
        from sayso.corpus.sources import SourcePack

        return [(gd.document.text, [(s.start, s.end) for s in gd.record.sentences or ()])
                for gd in load_corpus(SourcePack.load()) if gd.record.sentences]
    except Exception as exc:  # a benchmark, not a test: report and go on
        print(f"(no corpus gold sentences: {exc})", file=sys.stderr)
        return []


def evaluate(split: Splitter, docs: list[tuple[str, list[tuple[int, int]]]]) -> dict[str, float]:
    tp = fp = fn = 0
    started = time.perf_counter()
    predicted = [split(text) for text, _ in docs]
    seconds = time.perf_counter() - started
    for (text, gold), pred in zip(docs, predicted):
        g, p = boundaries(text, gold), boundaries(text, pred)
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "docs_per_s": len(docs) / seconds if seconds else 0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the Markdown table here")
    args = parser.parse_args()
    sets = {"hard cases": [case_text(c) for c in CASES]}
    corpus = gold_corpus_documents()
    if corpus:
        sets["corpus gold"] = corpus
    lines = []
    for name, docs in sets.items():
        lines += [f"\n**{name}** ({len(docs)} documents, "
                  f"{sum(len(b) for _, b in docs) - len(docs)} boundaries)\n",
                  "| splitter | precision | recall | F1 | docs/s |", "|---|---:|---:|---:|---:|"]
        for label, split in splitters().items():
            r = evaluate(split, docs)
            lines.append(f"| {label} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} | {r['docs_per_s']:,.0f} |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
