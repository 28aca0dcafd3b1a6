"""Converting a Label Studio export (as the server returns it) into per-annotator standoff."""
from __future__ import annotations

import copy

from sayso.annotation.convert import standoff_to_results
from sayso.annotation.studio import convert_export
from sayso.corpus.model import text_sha256
from sayso.corpus.sources import SourcePack

from conftest import STUDIO_DOCS, annotator_records

USERS = {2: "ann-a", 3: "ann-b"}


def _export():
    recs = annotator_records()
    tasks = []
    for tid, doc_id in enumerate(sorted(STUDIO_DOCS), start=1):
        text = STUDIO_DOCS[doc_id]["text"]
        annotations = []
        for aid, (uid, name) in enumerate(USERS.items(), start=10 * tid):
            if doc_id in recs[name]:
                annotations.append({"id": aid, "completed_by": uid, "was_cancelled": False,
                                    "updated_at": "2026-11-01T10:00:00Z",
                                    "result": standoff_to_results(recs[name][doc_id], text)})
        tasks.append({"id": tid, "data": {"text": text, "doc_id": doc_id, "text_sha256": text_sha256(text),
                                          "batch": "b", "config_version": "1.0.0"},
                      "annotations": annotations, "predictions": [7] if doc_id == "fx-bridge" else []})
    return tasks


def test_export_converts_per_annotator(studio_pack):
    result, problems = convert_export("b", _export(), USERS, SourcePack.load(studio_pack))
    assert problems == []
    assert result.records == annotator_records()
    assert result.preannotated == {"fx-bridge": True, "fx-rain": False}


def test_task_text_edited_in_label_studio_is_refused(studio_pack):
    export = _export()
    export[1]["data"]["text"] = export[1]["data"]["text"].replace("Police", "Polize")
    _, problems = convert_export("b", export, USERS, SourcePack.load(studio_pack))
    assert len(problems) == 1 and "task 2" in problems[0].file and "no longer hashes" in problems[0].what


def test_pack_text_differs_from_the_task(studio_pack):
    export = _export()
    text = export[1]["data"]["text"] + " Extra."
    export[1]["data"].update(text=text, text_sha256=text_sha256(text))
    _, problems = convert_export("b", export, USERS, SourcePack.load(studio_pack))
    assert problems and "text_sha256 mismatch" in problems[0].what


def test_cancelled_annotations_are_left_out_and_the_latest_kept(studio_pack):
    export = _export()
    bridge = export[0]
    skipped = copy.deepcopy(bridge["annotations"][0])
    skipped.update(id=99, was_cancelled=True, result=[])
    older = copy.deepcopy(bridge["annotations"][0])
    older.update(id=98, updated_at="2026-10-01T10:00:00Z", result=[])
    bridge["annotations"] += [skipped, older]
    result, problems = convert_export("b", export, USERS, SourcePack.load(studio_pack))
    assert problems == [] and result.records == annotator_records()
    assert any("several annotations" in n for n in result.notes)


def test_problems_name_batch_task_annotation_and_annotator(studio_pack):
    export = _export()
    export[0]["annotations"][1]["result"][0]["value"]["labels"] = ["HEADLINE"]
    _, problems = convert_export("b", export, USERS, SourcePack.load(studio_pack))
    assert [p.file for p in problems] == ["batch b, task 1, annotation 11 by ann-b"]
    assert "region sen_1" in problems[0].what and problems[0].doc_id == "fx-bridge"
