"""The whole annotation workflow against the live server, through the command line:

push two project-written documents (with pre-annotations), submit annotations as two
annotator users, pull, agree, adjudicate, build — and the built dataset holds exactly
what was annotated, offsets intact (curly quotes, an emoji and a non-BMP letter precede
the spans). Along the way, the API token must never appear in any output, log or file.
"""
from __future__ import annotations

import json
import logging

import pytest

from sayso.cli import main
from sayso.corpus.standoff_io import read_standoff, write_standoff

from conftest import STUDIO_DOCS, annotator_records

pytestmark = pytest.mark.studio


def _run(capsys, *argv: str) -> str:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code == 0, f"sayso {' '.join(argv)} failed:\n{out}\n{err}"
    return out + err


def test_push_submit_pull_agree_adjudicate_build(live_studio, studio_pack, tmp_path, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    root = tmp_path / "repo"
    pack = str(studio_pack)
    outputs: list[str] = []
    docs = tmp_path / "docs.txt"
    docs.write_text("# two fixture documents\nfx-bridge\nfx-rain\n", encoding="utf-8")
    records = annotator_records()
    for name, recs in records.items():
        write_standoff(tmp_path / f"{name}.jsonl", recs.values())
    # pre-annotations from a "system": ann-b's work stands in for a baseline's output
    outputs.append(_run(capsys, "studio", "push", "--batch", "rt", "--docs", str(docs), "--sources", pack,
                        "--root", str(root), "--preannotate", str(tmp_path / "ann-b.jsonl"),
                        "--model-version", "baseline-0"))
    assert "pre-annotations: 100%" in outputs[-1]  # a progress bar while predictions are posted
    outputs.append(_run(capsys, "studio", "push", "--batch", "rt", "--docs", str(docs), "--sources", pack,
                        "--root", str(root)))
    assert "0 task(s) added, 2 already there" in outputs[-1]
    for name in records:
        outputs.append(_run(capsys, "studio", "submit", "--batch", "rt", "--annotator", name,
                            str(tmp_path / f"{name}.jsonl"), "--sources", pack))
    outputs.append(_run(capsys, "studio", "who", "--batch", "rt"))
    assert "fx-bridge\tann-a, ann-b" in outputs[-1] and "fx-rain\tann-a" in outputs[-1]
    outputs.append(_run(capsys, "studio", "pull", "--batch", "rt", "--sources", pack, "--root", str(root)))
    assert "converting rt: 100%" in outputs[-1]

    batch_dir = root / "annotation" / "batches" / "rt"
    for name, recs in records.items():
        pulled = {line.record.id: line.record for line in read_standoff(batch_dir / f"{name}.jsonl")}
        assert pulled == recs, f"{name}: what came back from Label Studio differs from what was submitted"
    record = json.loads((batch_dir / "batch.json").read_text(encoding="utf-8"))
    assert record["labeling_config_version"] == "1.0.0"
    assert record["annotators"] == {"ann-a": ["fx-bridge", "fx-rain"], "ann-b": ["fx-bridge"]}
    assert record["docs"]["fx-bridge"]["preannotated"] == "baseline-0"
    assert record["docs"]["fx-rain"]["preannotated"] is None  # the system had nothing for it: sentences only

    outputs.append(_run(capsys, "agree", "--batch", "rt", "--sources", pack, "--root", str(root)))
    agreement = json.loads((root / "annotation" / "agreement" / "rt.json").read_text(encoding="utf-8"))
    assert agreement["pairs"][0]["docs"] == ["fx-bridge"]
    assert agreement["pairs"][0]["entities"]["strict"]["f1"] == pytest.approx(5 / 6, abs=1e-4)

    assert main(["adjudicate", "--batch", "rt", "--sources", pack, "--root", str(root)]) == 1
    out, err = capsys.readouterr()
    outputs.append(out + err)
    assert "3 undecided disagreement(s) in 1 document(s)" in err and "decisions.jsonl" in err
    assert not (root / "corpus" / "gold" / "rt.jsonl").exists()
    decisions = [json.loads(x) for x in (batch_dir / "decisions.jsonl").read_text(encoding="utf-8").splitlines()]
    for d in decisions:
        d["choice"] = "ann-a"
    (batch_dir / "decisions.jsonl").write_text("".join(json.dumps(d) + "\n" for d in decisions), encoding="utf-8")
    outputs.append(_run(capsys, "adjudicate", "--batch", "rt", "--sources", pack, "--root", str(root),
                        "--adjudicator", "adj-1"))

    gold = {line.record.id: line.record for line in read_standoff(root / "corpus" / "gold" / "rt.jsonl")}
    assert gold == records["ann-a"]
    provenance = {p["id"]: p for p in map(json.loads, (root / "corpus" / "provenance" / "rt.jsonl")
                                          .read_text(encoding="utf-8").splitlines())}
    assert provenance["fx-bridge"]["adjudicated"] and not provenance["fx-rain"]["adjudicated"]
    assert provenance["fx-bridge"]["preannotated"] == "baseline-0" and provenance["fx-rain"]["preannotated"] is False

    # offsets intact: every span covers the words it was drawn on, despite “”, 🌉, 🚓 and 𝔼 before them
    bridge = gold["fx-bridge"]
    text = STUDIO_DOCS["fx-bridge"]["text"]
    assert [text[e.start:e.end] for e in bridge.entities] == [
        "Ana Ruiz", "Tuesday", "May", "40%", "Valdora Engineering", "$3 million"]
    assert text[bridge.attributions[2].source.start:bridge.attributions[2].source.end] == \
        "a report by Valdora Engineering 𝔼"

    # build: the dataset holds exactly the adjudicated annotations
    corpus = root / "corpus"
    outputs.append(_run(capsys, "manifest", "--sources", pack, "--corpus", str(corpus)))
    outputs.append(_run(capsys, "build", "--sources", pack, "--corpus", str(corpus), "--out",
                        str(tmp_path / "dataset"), "--quiet"))
    import pyarrow.parquet as pq
    rows = []
    for path in sorted((tmp_path / "dataset").rglob("*.parquet")):
        if "documents" in path.parts or path.name.startswith("documents"):
            rows += pq.read_table(path).to_pylist()
    built = {row["id"]: row for row in rows}
    assert set(built) == {"fx-bridge", "fx-rain"}
    for doc_id, row in built.items():
        assert row["text"] == STUDIO_DOCS[doc_id]["text"]
        entities = sorted((e["start"], e["end"]) for e in row["entities"])
        assert entities == sorted((e.start, e.end) for e in gold[doc_id].entities)
        assert len(row["attributions"]) == len(gold[doc_id].attributions)

    # the token never shows: outputs, logs, and every file written outside the server's own database
    token = live_studio.token
    assert all(token not in o for o in outputs)
    assert token not in caplog.text
    assert token not in live_studio.log.read_text(encoding="utf-8", errors="replace")
    for path in [*root.rglob("*"), *live_studio.data_dir.glob("*.json"), *live_studio.data_dir.glob("*.log")]:
        if path.is_file():
            assert token not in path.read_text(encoding="utf-8", errors="replace"), path
