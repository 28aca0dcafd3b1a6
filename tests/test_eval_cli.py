"""`sayso score` and `sayso compare` from the command line, and the gold/prediction loaders."""
from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from sayso.cli import main
from sayso.corpus.model import Standoff
from sayso.errors import InputError
from sayso.eval import load_gold
from test_eval_fixtures import claim, ent, gold_records, write_jsonl, write_pack


@pytest.fixture
def files(tmp_path):
    gold = gold_records()
    b = gold[0]
    pred = replace(b, sentences=None, entities=b.entities[:4] + b.entities[5:6],  # keeps e6, which a2 links to
                   claims=(claim("t-bridge", "c1", "the Kelby bridge will reopen", "factual", None),))
    return {
        "gold": write_jsonl(tmp_path / "gold.jsonl", gold),
        "pred": write_jsonl(tmp_path / "pred.jsonl", [pred, replace(gold[1], claims=())]),
        "perfect": write_jsonl(tmp_path / "perfect.jsonl", gold),
        "pack": write_pack(tmp_path / "pack"),
        "dir": tmp_path,
    }


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_score_prints_the_json_report_on_stdout_and_the_signature_on_stderr(files, capsys):
    code, out, err = run(capsys, "score", files["pred"], "--gold", files["gold"], "--sources", files["pack"],
                         "--resamples", "100")
    assert code == 0
    report = json.loads(out)
    assert report["schema"] == "sayso-report/2"
    assert report["system"] == "pred" and "system: pred" in err  # the file's stem without --name
    assert report["signature"].endswith("|ent:strict|clm:overlap|att:content-tokens|boot:100|seed:12345")
    # each layer carries its own signature, naming only its own mode, and it is printed
    for layer, key in (("entities", "ent:strict"), ("claims", "clm:overlap"), ("attributions", "att:content-tokens")):
        assert report[layer]["signature"] in err.splitlines()
        assert report[layer]["signature"].endswith(f"|split:custom|{key}|boot:100|seed:12345")
    for mode in ("strict", "exact", "partial", "ent_type"):
        assert set(report["entities"][mode]) >= {"precision", "recall", "f1", "ci"}
    assert report["entities"]["per_type"]["PERSON"]["strict"]["correct"] == 3  # e1 and e6, and t-port's e1
    assert report["claims"]["sentences"]["tp"] == 1
    assert report["attributions"]["match"]["recall"] == 1.0  # both predictions keep the gold attributions


def test_same_inputs_give_byte_identical_reports(files, capsys):
    first = run(capsys, "score", files["pred"], "--gold", files["gold"], "--sources", files["pack"])[1]
    second = run(capsys, "score", files["pred"], "--gold", files["gold"], "--sources", files["pack"])[1]
    assert first == second


def test_outputs_named_means_nothing_on_stdout(files, capsys):
    out_json, out_md = files["dir"] / "r.json", files["dir"] / "r.md"
    code, out, err = run(capsys, "score", files["pred"], "--gold", files["gold"], "--sources", files["pack"],
                         "--json", out_json, "--markdown", out_md, "--layers", "entities")
    assert code == 0 and out == ""
    assert json.loads(out_json.read_text())["claims"] is None
    md = out_md.read_text()
    assert "| entities | strict F1 |" in md and json.loads(out_json.read_text())["signature"] in md
    assert "Kelby" not in md  # reports carry numbers and ids, never text


def test_a_predicted_document_not_in_gold_is_an_error_with_file_line_and_id(files, capsys):
    stranger = Standoff("t-elsewhere", "1" * 64, entities=())
    path = write_jsonl(files["dir"] / "bad.jsonl", [gold_records()[0], stranger])
    code, out, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"])
    assert code == 1 and out == ""
    assert f"{path}:2: t-elsewhere: document is not in the gold — " in err


def test_malformed_lines_are_all_reported_and_nothing_is_scored(files, capsys):
    path = files["dir"] / "broken.jsonl"
    path.write_text('{"id": "t-bridge", "text_sha256": "%s", "entities": [{"id": "e1", "start": 0}]}\nnot json\n'
                    % gold_records()[0].text_sha256)
    code, out, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"])
    assert code == 1 and out == ""
    assert f"{path}:1: t-bridge: entities/0: 'end' is a required property" in err
    assert f"{path}:2: -: not valid JSON" in err


def test_missing_predictions_are_a_warning_with_the_count(files, capsys):
    path = write_jsonl(files["dir"] / "one.jsonl", gold_records()[:1])
    code, out, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"], "--resamples", "0")
    assert code == 0
    assert "warning: 1 of 2 gold documents have no prediction" in err
    assert json.loads(out)["data"]["missing_predictions"] == ["t-port"]


def test_out_of_range_offsets_are_an_error(files, capsys):
    g = gold_records()[0]
    bad = replace(g, entities=(replace(g.entities[0], end=10_000),))
    path = write_jsonl(files["dir"] / "range.jsonl", [bad])
    code, _, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"])
    assert code == 1 and "out of range or empty (text has" in err


def test_sentence_level_predictions_score_like_document_level_ones(files, capsys):
    gold = gold_records()
    b = gold[0]
    s1, s2 = b.sentences[0], b.sentences[2]
    doc_level = replace(b, sentences=None, claims=None, attributions=None,
                        entities=(ent("t-bridge", "e1", "Lina Ortez", "PERSON"), ent("t-bridge", "e6", "Ortez", "ORG", 2)))
    rel = lambda e, s: {"id": e.id, "start": e.start - s.start, "end": e.end - s.start, "label": e.label}
    lines = [{"id": b.id, "sentence": 0, "entities": [rel(doc_level.entities[0], s1)]},
             {"id": b.id, "start": s2.start, "entities": [rel(doc_level.entities[1], s2)]}]
    sent_path = write_jsonl(files["dir"] / "sent.jsonl", lines)
    doc_path = write_jsonl(files["dir"] / "doc.jsonl", [doc_level])
    args = ("--gold", files["gold"], "--sources", files["pack"], "--resamples", "10")
    a = json.loads(run(capsys, "score", sent_path, *args)[1])
    b_ = json.loads(run(capsys, "score", doc_path, *args)[1])
    assert a["entities"] == b_["entities"] and a["entities"]["strict"]["correct"] == 1


def test_sentence_level_line_pointing_nowhere_is_an_error(files, capsys):
    path = write_jsonl(files["dir"] / "sent.jsonl", [{"id": "t-bridge", "sentence": 9, "entities": []}])
    code, _, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"])
    assert code == 1 and f"{path}:1: t-bridge: sentence 9 is not a gold sentence index" in err


def test_compare_reports_differences_per_layer(files, capsys):
    code, out, err = run(capsys, "compare", files["perfect"], files["pred"], "--gold", files["gold"],
                         "--sources", files["pack"], "--resamples", "200")
    assert code == 0
    result = json.loads(out)
    assert result["signature"].endswith("|boot:200|seed:12345|test:paired-bs")
    diff = result["differences"]["entities"]["strict.f1"]
    assert diff["diff"] > 0 and 0 < diff["p_value"] <= 1 and len(diff["ci"]) == 2
    assert set(result["differences"]) == {"entities", "claims", "attributions"}
    assert "strict.f1" in err


def test_unknown_layer_and_mode_are_errors(files, capsys):
    code, _, err = run(capsys, "score", files["pred"], "--gold", files["gold"], "--layers", "quotes")
    assert code == 1 and "unknown layer(s) quotes" in err
    with pytest.raises(SystemExit):
        run(capsys, "score", files["pred"], "--gold", files["gold"], "--sources", files["pack"], "--entity-mode", "loose")
    assert "invalid choice: 'loose' (choose from 'strict', 'exact', 'partial', 'ent_type')" in capsys.readouterr().err


def make_corpus(root, splits):
    gold = gold_records()
    (root / "gold").mkdir(parents=True)
    write_jsonl(root / "manifest.jsonl", [{"id": g.id, "split": splits[g.id], "text_sha256": g.text_sha256}
                                          for g in gold])
    write_jsonl(root / "gold" / "batch-1.jsonl", gold)
    return root


def test_load_gold_reads_the_split_from_the_corpus_manifest(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"t-bridge": "test", "t-port": "train"})
    gold = load_gold("test", corpus_dir=corpus)
    assert [r.id for r in gold.records] == ["t-bridge"]
    assert gold.data.label.startswith("sayso-v0.1@") and gold.data.split == "test"
    assert load_gold("train", corpus).records[0].id == "t-port"  # a corpus folder given as --gold


def test_load_gold_errors_clearly_when_there_is_no_gold_for_the_split(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", {"t-bridge": "test", "t-port": "train"})
    with pytest.raises(InputError, match="no documents in split 'validation' — choose --split from: test, train"):
        load_gold("validation", corpus_dir=corpus)
    with pytest.raises(InputError, match="no corpus manifest"):
        load_gold("test", corpus_dir=tmp_path / "nowhere")
    (corpus / "gold" / "batch-1.jsonl").write_text("")
    with pytest.raises(InputError, match="no gold annotations for split 'test'"):
        load_gold("test", corpus_dir=corpus)


def broken_predictions():
    """(name, a prediction record that `sayso validate` refuses, what it says)."""
    b = gold_records()[0]
    a1, a2 = b.attributions
    return [
        ("dangling claim link", replace(b, claims=(replace(b.claims[0], attribution="a9"),)),
         "claim c1 links to attribution 'a9', which does not exist"),
        ("duplicate ids", replace(b, entities=(b.entities[0], replace(b.entities[1], id="e1")) + b.entities[2:]),
         "id 'e1' — give every item of a layer its own id"),  # validate.py says "entitie" (helper-13's file)
        ("overlapping entities", replace(b, entities=b.entities + (ent("t-bridge", "e9", "Mayor Lina", "PERSON"),)),
         "overlap — entity mentions are flat"),
        ("parent cycle", replace(b, attributions=(replace(a1, parent="a2"), replace(a2, parent="a1"))),
         "is its own ancestor (cycle in parent links)"),
    ]


@pytest.mark.parametrize("case", range(4))
def test_score_and_compare_refuse_what_validate_refuses(files, capsys, case):
    """Issue 12: these were scored with exit 0."""
    name, record, message = broken_predictions()[case]
    path = write_jsonl(files["dir"] / "broken.jsonl", [record])
    code, _, validate_err = run(capsys, "validate", path, "--sources", files["pack"])
    assert code == 1 and message in validate_err, name
    problems = [line for line in validate_err.splitlines() if line.startswith(str(path))]
    code, out, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"])
    assert code == 1 and out == "" and [line for line in err.splitlines() if line.startswith(str(path))] == problems
    code, out, err = run(capsys, "compare", files["perfect"], path, "--gold", files["gold"], "--sources", files["pack"])
    assert code == 1 and out == "" and message in err


@pytest.mark.filterwarnings("ignore::sayso.eval.api.MissingPredictionsWarning")
def test_the_api_refuses_them_too_given_the_texts():
    from sayso.eval import InvalidRecords, score
    from test_eval_fixtures import TEXTS

    for name, record, message in broken_predictions():
        with pytest.raises(InvalidRecords, match=re.escape(message)):
            score(gold_records(), [record], TEXTS, resamples=0)


def test_reports_name_the_system(files, capsys):
    """--name, else the predictions file's stem, in the JSON, Markdown and on the terminal."""
    md = files["dir"] / "r.md"
    code, out, err = run(capsys, "score", files["pred"], "--gold", files["gold"], "--sources", files["pack"],
                         "--resamples", "0", "--name", "my system", "--json", "-", "--markdown", md)
    assert code == 0 and json.loads(out)["system"] == "my system" and "system: my system" in err
    assert md.read_text().startswith("# SaySo score report: my system\n")


def test_compare_names_both_systems(files, capsys):
    md = files["dir"] / "c.md"
    code, out, err = run(capsys, "compare", files["perfect"], files["pred"], "--gold", files["gold"],
                         "--sources", files["pack"], "--resamples", "50", "--markdown", md, "--json", "-")
    assert code == 0
    assert json.loads(out)["systems"] == {"a": "perfect", "b": "pred"}
    assert "A = perfect" in err and "B = pred" in err
    assert "# SaySo comparison: perfect (A) vs pred (B)" in md.read_text()
    code, out, _ = run(capsys, "compare", files["perfect"], files["pred"], "--gold", files["gold"],
                       "--sources", files["pack"], "--resamples", "0", "--names", "gold copy,weak")
    assert json.loads(out)["systems"] == {"a": "gold copy", "b": "weak"}


def test_baselines_name_the_system_on_every_block(tmp_path):
    from sayso.eval.system_reports import score_baseline
    from test_eval_fixtures import TEXTS

    gold = load_gold("test", write_jsonl(tmp_path / "gold.jsonl", gold_records()))
    summary = score_baseline("floor", "test", gold_records(), TEXTS, gold, 0, 1, tmp_path)
    assert summary.splitlines()[0] == "system: floor"
    assert json.loads((tmp_path / "report-test.json").read_text())["system"] == "floor"


def test_template_writes_one_empty_line_per_gold_document(files, capsys):
    code, out, err = run(capsys, "template", "--gold", files["gold"])
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [x["id"] for x in lines] == ["t-bridge", "t-port"]
    assert lines[0] == {"id": "t-bridge", "text_sha256": gold_records()[0].text_sha256,
                        "entities": [], "claims": [], "attributions": []}
    template = files["dir"] / "mine.jsonl"
    template.write_text(out)
    code, out, err = run(capsys, "score", template, "--gold", files["gold"], "--sources", files["pack"],
                         "--resamples", "0")
    assert code == 0 and json.loads(out)["entities"]["strict"]["recall"] == 0.0  # a valid, empty system


def test_only_predicted_scores_just_the_predicted_documents_and_says_so(files, capsys):
    path = write_jsonl(files["dir"] / "one.jsonl", gold_records()[:1])
    code, out, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"],
                         "--resamples", "0", "--only-predicted")
    report = json.loads(out)
    assert code == 0 and "no prediction" not in err
    assert report["data"]["documents"] == 1 and report["data"]["subset"] == "predicted"
    assert "|split:custom|docs:predicted|ent:strict|" in report["entities"]["signature"]
    assert report["entities"]["strict"]["f1"] == 1.0
    full = json.loads(run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"],
                          "--resamples", "0")[1])
    assert full["entities"]["strict"]["recall"] < 1.0 and full["data"]["sha256"] != report["data"]["sha256"]


@pytest.mark.parametrize("kind", ["array", "pretty", "label-studio"])
def test_a_file_that_is_not_json_lines_gets_one_line_saying_what_it_is(files, capsys, kind):
    records = [r.to_dict() for r in gold_records()]
    content = {
        "array": json.dumps(records, indent=1),
        "pretty": json.dumps(records[0], indent=2),
        "label-studio": json.dumps([{"id": 1, "data": {"doc_id": "t-bridge", "text": "…"}, "annotations": []}]),
    }[kind]
    path = files["dir"] / "wrong.json"
    path.write_text(content)
    code, out, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"])
    problem_lines = [line for line in err.splitlines() if line.startswith(str(path))]
    assert code == 1 and len(problem_lines) == 1
    expected = {"array": ("one JSON array of 2 items", "jq -c"),
                "pretty": ("one pretty-printed JSON object over", "jq -c ."),
                "label-studio": ("a Label Studio JSON export (1 tasks)", f"sayso studio convert {path} --out")}[kind]
    assert all(x in problem_lines[0] for x in expected)


def test_a_sentence_level_layer_that_is_not_a_list_is_a_clear_error(files, capsys):
    """Issue 13: this raised a TypeError."""
    path = write_jsonl(files["dir"] / "sent.jsonl", [{"id": "t-bridge", "sentence": 0, "entities": 5}])
    code, _, err = run(capsys, "score", path, "--gold", files["gold"], "--sources", files["pack"])
    assert code == 1 and f"{path}:1: t-bridge: entities: 5 is not of type 'array'" in err


def test_a_second_gold_track_is_a_declaration(files, capsys, monkeypatch):
    """A gold source registered by name: --gold NAME:SPLIT, named in the signature."""
    from sayso.eval.gold import GOLD_SOURCES, GoldSet, GoldSource
    from sayso.eval.signature import DataInfo, data_hash

    class ToyGold(GoldSource):
        name = "toy"

        def load(self, split):
            gold = load_gold(split, files["gold"])
            records = [i.record for i in gold.lines]
            return GoldSet(gold.lines, DataInfo("toy", "1.0.0", data_hash(records), split,
                                                "{name}-{version}@{hash8}"), self.name)

    monkeypatch.setitem(GOLD_SOURCES, "toy", ToyGold())
    code, out, err = run(capsys, "score", files["perfect"], "--gold", "toy:dev", "--sources", files["pack"],
                         "--resamples", "0", "--layers", "entities")
    report = json.loads(out)
    assert code == 0 and report["entities"]["strict"]["f1"] == 1.0
    assert "|data:toy-1.0.0@" in report["entities"]["signature"] and "|split:dev|" in report["entities"]["signature"]
    code, _, err = run(capsys, "score", files["perfect"], "--gold", "nowhere:dev", "--sources", files["pack"])
    assert code == 1 and "no gold source of that name" in err and "sayso:SPLIT, polnear:SPLIT, toy:SPLIT" in err


def test_the_system_record_beside_the_predictions_goes_into_the_report_and_its_signatures(files, capsys):
    info = {"kind": "model", "name": "llm-m1", "model": "m1", "prompt": "llm-v1", "usage": {"prompt_tokens": 10}}
    (files["dir"] / "perfect.system.json").write_text(json.dumps(info))
    code, out, err = run(capsys, "score", files["perfect"], "--gold", files["gold"], "--sources", files["pack"],
                         "--resamples", "0", "--layers", "entities")
    report = json.loads(out)
    assert code == 0 and report["system"] == "llm-m1" and report["system_info"] == info
    assert report["signature"].endswith("|boot:0|model:m1|prompt:llm-v1")
    assert report["entities"]["signature"].endswith("|ent:strict|boot:0|model:m1|prompt:llm-v1")
