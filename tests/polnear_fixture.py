"""A tiny corpus in PolNeAR's layout, written by the project (no PolNeAR text).

``write_polnear(root)`` lays out ``root/data/metadata.tsv`` and the text and brat files
of three short articles (one per split) that the tests read as a PolNeAR checkout.
Annotations are given by phrase, so the fixture stays readable; offsets are computed
here. The texts carry curly quotes and a non-BMP letter before annotated spans, so any
code-unit confusion shifts a span and shows.

What the fixture exercises:
- ``nyt_2016-05-01_bridge-vote``: two annotators (``a1`` listed first, so gold, and
  ``b2``), a discontinuous content (Content + Content2), an agentless attribution;
- ``politico_2016-06-02_port-plan``: one source shared by two relations; a Discard span
  outside any relation; an annotator note;
- ``usa-today_2016-07-03_rain-warning``: a discontinuous cue, a content spanning a
  paragraph break (its brat text runs over two lines of the .ann file).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

HEADER = ("compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\t"
          "trump_count\tclinton_count\tcredit\twire")

ARTICLES = {
    "nyt_2016-05-01_bridge-vote": {
        "compartment": "train", "publisher": "nyt", "date": "2016-05-01", "title": "Bridge vote put off",
        "text": ("Senator Dana Holt 𝔻 said on Monday that the bridge vote would be delayed. "
                 "“We need more time,” she told reporters, “and the budget is not final.”\n\n"
                 "It was reported that the mayor will resign.\n"),
        "annotators": {
            "a1": [
                {"source": "Senator Dana Holt", "cue": ["said"], "content": ["the bridge vote would be delayed"]},
                {"source": "she", "cue": ["told reporters"],
                 "content": ["“We need more time,”", "“and the budget is not final.”"]},
                {"source": None, "cue": ["It was reported"], "content": ["the mayor will resign"]},
            ],
            "b2": [
                {"source": "Dana Holt", "cue": ["said"], "content": ["that the bridge vote would be delayed"]},
                {"source": "she", "cue": ["told"], "content": ["“We need more time,”"]},
            ],
        },
    },
    "politico_2016-06-02_port-plan": {
        "compartment": "dev", "publisher": "politico", "date": "2016-06-02", "title": "Port plan at risk",
        "text": ("The harbour board’s chair 🚢 warned that the port plan was at risk and said talks "
                 "would resume in June. Nobody else spoke.\n"),
        "annotators": {
            "c3": [
                {"source": "The harbour board’s chair", "cue": ["warned"], "content": ["the port plan was at risk"]},
                {"source": "@0", "cue": ["said"], "content": ["talks would resume in June"]},
            ],
        },
        "discard": "Nobody else spoke",
    },
    "usa-today_2016-07-03_rain-warning": {
        "compartment": "test", "publisher": "usa-today", "date": "2016-07-03", "title": "Rain warning",
        "text": ("Lee Tan 🌧 did, however, warn of floods.\n\n"
                 "“Roads may\nclose,” the agency noted.\n"),
        "annotators": {
            "d4": [
                {"source": "Lee Tan", "cue": ["did", "warn"], "content": ["of floods"]},
                {"source": "the agency", "cue": ["noted"], "content": ["“Roads may\nclose,”"]},
            ],
        },
    },
}


def polnear_id(filename: str) -> str:
    return "pn-" + hashlib.sha256(filename.encode("utf-8")).hexdigest()[:10]


def _find(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def ann_lines(text: str, relations: list[dict]) -> list[str]:
    """brat lines for ``relations``; ``"@k"`` as a source reuses relation k's source T."""
    lines: list[str] = []
    source_ids: list[str | None] = []
    n = 0

    def t_line(label: str, frags: list[tuple[int, int]]) -> str:
        nonlocal n
        n += 1
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        lines.append(f"T{n}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}")
        return f"T{n}"

    for k, rel in enumerate(relations, start=1):
        args = []
        if rel["source"] is not None and rel["source"].startswith("@"):
            source = source_ids[int(rel["source"][1:])]
        elif rel["source"] is not None:
            source = t_line("Source", [_find(text, rel["source"])])
        else:
            source = None
        source_ids.append(source)
        cue_frags = [_find(text, c) for c in rel["cue"]]
        cue = t_line("Cue", cue_frags)
        contents = [t_line("Content", [_find(text, c)]) for c in rel["content"]]
        kind = "Attribution" if source else "Attribution-no-source"
        trigger = t_line(kind, cue_frags)
        args = ([f"Source:{source}"] if source else []) + [f"Cue:{cue}"] + [
            f"Content{'' if i == 0 else i + 1}:{c}" for i, c in enumerate(contents)]
        lines.append(f"E{k}\t{kind}:{trigger} " + " ".join(args))
    return lines


def write_polnear(root: Path) -> Path:
    """Write the fixture checkout at ``root``; return ``root``."""
    rows = [HEADER, "annotator-training\tleft_out_training_row\tNone\ta1\tnyt\t2016-01-01\tX\tLeft out\t0\t0\tNone\tNone"]
    for filename, art in ARTICLES.items():
        folder = root / "data" / art["compartment"]
        (folder / "text").mkdir(parents=True, exist_ok=True)
        (folder / "attributions").mkdir(parents=True, exist_ok=True)
        (folder / "text" / f"{filename}.txt").write_bytes(art["text"].encode("utf-8"))
        for annotator, relations in art["annotators"].items():
            lines = ann_lines(art["text"], relations)
            if "discard" in art:  # a span in no relation, with a note: both ignored by the import
                s, e = _find(art["text"], art["discard"])
                lines += [f"T99\tDiscard {s} {e}\t{art['discard']}", "#1\tAnnotatorNotes T99\tnot an attribution"]
            (folder / "attributions" / f"{filename}_{annotator}.ann").write_bytes(
                ("\n".join(lines) + "\n").encode("utf-8"))
        rows.append(f"{art['compartment']}\t{filename}\t1\t{'|'.join(art['annotators'])}\t{art['publisher']}\t"
                    f"{art['date']}\tReporter\t{art['title']}\t0\t0\tNone\tNone")
    (root / "data" / "metadata.tsv").write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    return root
