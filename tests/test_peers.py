"""Peers: spaCy's en_core_web_sm entities and textacy's direct quotations, on texts written
for these tests. They need the ``peers`` extra, which tests/run.sh installs."""
from __future__ import annotations

import pytest

from helpers import fixture_pack
from sayso.corpus.model import ENTITY_LABELS, Document
from sayso.corpus.validate import validate_record
from sayso.eval.systems.peers import PEERS, get_peer
from sayso.eval.systems.peers.textacy_quotes import quote_interior

pytest.importorskip("spacy", reason='the peers extra is not installed: pip install -e ".[peers]"')


def doc(text: str, doc_id: str = "fx-peer") -> Document:
    return Document(doc_id, "peer test", text)


def covered(text, span):
    return text[span.start:span.end]


@pytest.mark.parametrize("name", sorted(PEERS))
def test_every_peer_predicts_valid_standoff_for_its_layers_only(name):
    peer = get_peer(name)
    for document in fixture_pack():
        record = peer.predict(document)
        assert validate_record(record, document.text) == []
        assert {x for x in ("entities", "claims", "attributions") if record.layer(x) is not None} == set(peer.layers)
        assert record == get_peer(name).predict(document)  # deterministic


def test_spacy_entities_use_the_ontonotes_labels_unchanged():
    text = "Foreign Minister John Smith flew to Lima on Monday with 40 engineers from Kestrel Telecom."
    record = get_peer("spacy-sm").predict(doc(text))
    found = {(covered(text, e), e.label) for e in record.entities}
    assert all(label in ENTITY_LABELS for _, label in found)
    assert {("John Smith", "PERSON"), ("Lima", "GPE"), ("Monday", "DATE"), ("40", "CARDINAL"),
            ("Kestrel Telecom", "ORG")} == found


def test_textacy_quotes_are_direct_with_the_quotation_interior_as_content():
    text = "“The port will reopen in May,” the harbour master said on Friday. Prices rose, officials said."
    [a] = get_peer("textacy-quotes").predict(doc(text)).attributions
    assert (covered(text, a.source), covered(text, a.cue), [covered(text, c) for c in a.content]) == \
        ("harbour master", "said", ["The port will reopen in May"])  # textacy leaves out determiners
    assert (a.type, a.source_kind, a.source_entity) == ("direct", None, None)  # textacy does not classify speakers


def test_a_paragraph_with_an_unclosed_quotation_is_refused_alone_and_counted():
    peer = get_peer("textacy-quotes")
    text = "“The port will reopen,” she said.\nThe Joneses' boat is red.\n“The ships are back in the harbour,” the pilot said."
    record = peer.predict(doc(text))
    assert [covered(text, a.content[0]) for a in record.attributions] == ["The port will reopen",
                                                                     "The ships are back in the harbour"]
    assert peer.refused == 1 and peer.system_info()["paragraphs_refused_unbalanced_quotes"] == 1


def test_peers_name_their_exact_versions():
    import spacy
    import textacy

    info = get_peer("textacy-quotes").system_info()
    assert info["kind"] == "peer" and f"textacy {textacy.__version__}" in info["tool"]
    assert f"spaCy {spacy.__version__}" in info["pipeline"] and "en_core_web_sm 3.8.0" in info["pipeline"]


def test_quote_interior_strips_marks_and_inner_punctuation_only():
    text = 'x "Yes, we will." y'
    assert covered(text, quote_interior(text, 2, 17)) == "Yes, we will"
    assert quote_interior(text, 2, 3) is None


def test_unknown_peer_lists_the_known_ones():
    with pytest.raises(ValueError, match="Unknown peer 'stanza'; choose one of spacy-sm, textacy-quotes"):
        get_peer("stanza")


def test_sayso_compare_takes_a_peer_and_a_baseline_on_the_layer_both_predict(tmp_path):
    import json

    from helpers import PACK_DIR, make_corpus
    from sayso.cli import main

    corpus = make_corpus(tmp_path, splits={"fx-bridge": "test", "fx-closed": "test", "fx-harbour": "test"})
    common = ["--split", "test", "--corpus", str(corpus), "--sources", str(PACK_DIR)]
    assert main(["predict", "--system", "spacy-sm", *common, "--out", str(tmp_path / "spacy" / "p.jsonl")]) == 0
    info = json.loads((tmp_path / "spacy" / "p.system.json").read_text(encoding="utf-8"))
    assert info["kind"] == "peer" and info["name"] == "spacy-en_core_web_sm-3.8.0"
    assert main(["predict", "--system", "floor", *common, "--out", str(tmp_path / "floor.jsonl")]) == 0
    out = tmp_path / "compare.json"
    assert main(["compare", str(tmp_path / "spacy" / "p.jsonl"), str(tmp_path / "floor.jsonl"), "--split", "test",
                 "--gold", str(corpus), "--sources", str(PACK_DIR), "--resamples", "50", "--json", str(out)]) == 0
    result = json.loads(out.read_text(encoding="utf-8"))
    assert set(result["differences"]) == {"entities"}  # the floor predicts all layers, spaCy entities only
    assert "spacy-en_core_web_sm-3.8.0" in json.dumps(result)


def test_the_readme_table_of_direct_recall_is_regenerated_from_the_committed_reports():
    from sayso.corpus.sources import REPO_ROOT
    from sayso.eval.systems.peers.direct_table import BEGIN, END, render

    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(BEGIN) + len(BEGIN) + 1:readme.index(END)]
    assert block == render(REPO_ROOT / "eval" / "systems" / "textacy-0.13.0-quotes"), "run `sayso peers`"
    assert block.count("\n") == 4  # header, rule, test, validation
