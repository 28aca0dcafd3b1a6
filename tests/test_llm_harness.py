"""The language-model harness end to end against a stand-in OpenAI-compatible server on
127.0.0.1 (tests/llm_standin.py): prompt, concurrency, retries, time-outs, cache, answer
resolution. The stand-in answers from the fixture drafts; it is not a model."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from helpers import DRAFTS_DIR, fixture_pack, fixture_records
from llm_standin import StandIn
from sayso.corpus.model import ATTRIBUTION_TYPES, CLAIM_KINDS, ENTITY_LABELS, SOURCE_KINDS, Document, text_sha256
from sayso.corpus.sources import REPO_ROOT
from sayso.corpus.validate import validate_record
from sayso.eval.systems.llm.answer import MalformedAnswer, answer_to_standoff, parse_answer
from sayso.eval.systems.llm.cache import AnswerCache
from sayso.eval.systems.llm.client import ChatClient
from sayso.eval.systems.llm.harness import LlmRunError, run_llm
from sayso.eval.systems.llm.prompt import Prompt, guidelines_version

DOC_IDS = ("fx-bridge", "fx-closed", "fx-harbour")
USAGE = {"prompt_tokens": 1000, "completion_tokens": 200, "total_tokens": 1200}


def draft_answer(doc_id: str, **changes) -> str:
    """A fixture draft's three layers as a model would answer them."""
    draft = json.loads((DRAFTS_DIR / f"{doc_id}.json").read_text(encoding="utf-8"))
    answer = {layer: draft.get(layer, []) for layer in ("entities", "attributions", "claims")}
    for layer, extra in changes.items():
        answer[layer] = answer[layer] + extra
    return json.dumps(answer, ensure_ascii=False)


def good(doc_id: str) -> dict:
    return {"content": draft_answer(doc_id), "usage": USAGE}


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    pack = fixture_pack()
    return [pack.get(d) for d in DOC_IDS]


@pytest.fixture(scope="module")
def gold():
    return fixture_records()


def spans(entities):
    return [(e.start, e.end, e.label) for e in entities]


def layers(record):
    return record.entities, record.claims, record.attributions


def client(standin: StandIn, **options) -> ChatClient:
    defaults = dict(timeout=5.0, retries=3, backoff=0.01)
    return ChatClient(standin.base_url, "standin-model", **{**defaults, **options})


# -- the prompt ---------------------------------------------------------------------------------

def test_prompt_defines_every_label_of_the_guidelines_and_names_its_version(documents):
    prompt = Prompt.load()
    for label in (*ENTITY_LABELS, *CLAIM_KINDS, *ATTRIBUTION_TYPES, *SOURCE_KINDS):
        assert label in prompt.system, f"{label} is not defined in prompt {prompt.version}"
    system, user = prompt.messages(documents[0])
    assert system["role"] == "system" and user["role"] == "user"
    assert "[s1] VALDORA, Norland" in user["content"] and "Document fx-bridge." in user["content"]


def test_prompt_was_written_from_the_current_major_version_of_the_guidelines():
    current = guidelines_version(REPO_ROOT / "annotation" / "guidelines.md")
    assert Prompt.load().guidelines_version.split(".")[0] == current.split(".")[0], \
        "the guidelines changed major version: write a new prompt version from them"


def test_full_guidelines_are_appended_only_when_asked_and_change_the_version():
    path = REPO_ROOT / "annotation" / "guidelines.md"
    full = Prompt.load(full_guidelines=path)
    assert full.version.startswith(f"llm-v1+guidelines-{guidelines_version(path)}@")
    assert len(full.system) > 5 * len(Prompt.load().system)


def test_unknown_prompt_lists_the_known_ones():
    with pytest.raises(ValueError, match="no prompt 'llm-v9'.*choose one of llm-v1"):
        Prompt.load("llm-v9")


# -- answers to records --------------------------------------------------------------------------

def test_an_answer_in_draft_shape_resolves_to_the_same_offsets_as_the_annotators_draft(documents, gold):
    for doc in documents:
        record, drops = answer_to_standoff(parse_answer(draft_answer(doc.id)), doc)
        assert layers(record) == layers(gold[doc.id]) and not drops
        assert record.sentences is None  # sentences are not predicted


def test_unresolvable_spans_and_bad_labels_are_dropped_and_counted_never_guessed(documents, gold):
    doc = documents[0]
    answer = parse_answer(draft_answer(
        "fx-bridge",
        entities=[["Atlantis", "GPE"], ["Valdora@s1", "CITY"]],
        attributions=[{"id": "a9", "source": "Engineers", "cue": "shouted", "content": ["the repairs would cost"],
                       "type": "indirect", "source_kind": "unnamed", "source_entity": None, "parent": None}],
        claims=[{"id": "c9", "span": "Not everyone agreed", "kind": "factual", "attribution": "a9"},
                {"id": "c10", "span": "said", "kind": "factual", "attribution": None}]))
    record, drops = answer_to_standoff(answer, doc)
    # Atlantis and "shouted" are not in the text; "said" occurs three times; CITY is no label.
    assert drops == {"span not found": 2, "ambiguous span": 1, "label not in the guidelines": 1,
                     "link to a dropped item": 1}
    assert spans(record.entities) == spans(gold["fx-bridge"].entities)  # ids may differ, mentions do not
    named = lambda r: [(replace(a, source_entity=None), spans([r.entity_by_id()[a.source_entity]]) if a.source_entity
                        else None) for a in r.attributions]
    assert named(record) == named(gold["fx-bridge"])
    assert [c.id for c in record.claims] == ["c1", "c2", "c3", "c4", "c9"] and record.claims[-1].attribution is None
    assert validate_record(record, doc.text) == []


def test_overlapping_entities_are_both_dropped_and_links_to_them_cleared(documents, gold):
    doc = documents[0]
    record, drops = answer_to_standoff(parse_answer(draft_answer("fx-bridge", entities=[["Mayor Ana", "PERSON"]])), doc)
    assert drops == {"overlapping entity": 2, "link to a dropped item": 1}
    text = doc.text
    assert "Ana Ruiz" not in [text[e.start:e.end] for e in record.entities]
    assert len(record.entities) == len(gold["fx-bridge"].entities) - 1
    assert record.attributions[0].source_entity is None  # it named "Ana Ruiz"
    assert validate_record(record, doc.text) == []


def test_labels_outside_the_guidelines_are_dropped(documents):
    doc = documents[0]
    answer = {"entities": [["Ana Ruiz", "PER"]], "claims": [{"span": "Not everyone agreed", "kind": "opinion"}],
              "attributions": [{"source": "Engineers", "cue": "said@s5", "content": ["the repairs would cost $4.5 million"],
                                "type": "reported", "source_kind": "unnamed"}]}
    record, drops = answer_to_standoff(answer, doc)
    assert layers(record) == ((), (), ()) and drops == {"label not in the guidelines": 3}


@pytest.mark.parametrize("content", ["I cannot help with that.", "[1, 2]", '{"entities": "Ana Ruiz"}', "```json\n{\n```"])
def test_malformed_answers_are_refused(content):
    with pytest.raises(MalformedAnswer):
        parse_answer(content)


# -- the harness against the stand-in server ----------------------------------------------------

def test_end_to_end_with_a_malformed_answer_a_429_and_a_timeout(documents, gold, tmp_path, capsys):
    script = {
        "fx-bridge": [{"status": 429, "retry_after": "0"}, good("fx-bridge")],
        "fx-closed": [{"content": "Here are the entities: Valdora (GPE).", "usage": USAGE}],
        "fx-harbour": [{"sleep": 1.5}, good("fx-harbour")],
    }
    with StandIn(script) as standin:
        run = run_llm(documents, client(standin, timeout=0.5), Prompt.load(), AnswerCache(tmp_path), concurrency=3)
    assert standin.requests == {"fx-bridge": 2, "fx-closed": 1, "fx-harbour": 2}
    by_id = {r.id: r for r in run.records}
    assert layers(by_id["fx-bridge"]) == layers(gold["fx-bridge"])
    assert layers(by_id["fx-harbour"]) == layers(gold["fx-harbour"])
    assert layers(by_id["fx-closed"]) == ((), (), ())  # the model answered nothing usable
    assert [r.id for r in run.records] == list(DOC_IDS)
    stats = run.stats.to_dict()
    assert stats["malformed_answers"] == 1 and stats["retries"] == {"429": 1, "timeout": 1}
    assert stats["usage"] == {"prompt_tokens": 3000, "completion_tokens": 600, "total_tokens": 3600,
                              "answers_without_usage": 0}
    assert standin.bodies[0]["model"] == "standin-model" and standin.bodies[0]["temperature"] == 0.0
    err = capsys.readouterr().err
    assert "tokens in 3,000 out 600" in err


def test_a_restart_resumes_from_the_cache_and_a_rerun_costs_nothing(documents, gold, tmp_path):
    cache = AnswerCache(tmp_path / "cache")
    broken = {d: [good(d)] for d in DOC_IDS} | {"fx-harbour": [{"status": 503}]}
    with StandIn(broken) as standin, pytest.raises(LlmRunError) as failure:
        run_llm(documents, client(standin, retries=1), Prompt.load(), cache, progress=False)
    assert "1 of 3 documents got no answer" in str(failure.value) and "fx-harbour: HTTP 503" in str(failure.value)
    assert standin.requests == {"fx-bridge": 1, "fx-closed": 1, "fx-harbour": 2}

    with StandIn({d: [good(d)] for d in DOC_IDS}) as standin:
        run = run_llm(documents, client(standin), Prompt.load(), cache, progress=False)
    assert standin.requests == {"fx-harbour": 1}  # the two answered documents came from the cache
    assert run.stats.from_cache == 2 and run.stats.requested == 1
    assert [layers(r) for r in run.records] == [layers(gold[d]) for d in DOC_IDS]

    with StandIn({}) as standin:
        again = run_llm(documents, client(standin), Prompt.load(), cache, progress=False)
    assert sum(standin.requests.values()) == 0 and again.records == run.records
    assert again.stats.from_cache == 3 and again.stats.prompt_tokens == 3000  # token counts come with the cache


def test_the_cache_is_keyed_by_model_prompt_version_and_document_hash(documents, tmp_path):
    cache = AnswerCache(tmp_path)
    with StandIn({d: [good(d)] for d in DOC_IDS}) as standin:
        run_llm(documents[:1], client(standin), Prompt.load(), cache, progress=False)
        run_llm(documents[:1], replace(client(standin), model="other-model"), Prompt.load(), cache, progress=False)
        longer = Prompt.load(full_guidelines=REPO_ROOT / "annotation" / "guidelines.md")
        run_llm(documents[:1], client(standin), longer, cache, progress=False)
        edited = replace(documents[0], text=documents[0].text + " ")
        run_llm([edited], client(standin), Prompt.load(), cache, progress=False)
        run_llm(documents[:1], client(standin), Prompt.load(), cache, progress=False)
    assert standin.requests == {"fx-bridge": 4}
    assert len(list(tmp_path.glob("*/*.json"))) == 4


def test_requests_run_concurrently_within_the_limit(tmp_path):
    docs = [Document(f"fx-many-{i}", "t", f"Ana Ruiz said the port would reopen, number {i}.") for i in range(8)]
    with StandIn({}, delay=0.2) as standin:
        run = run_llm(docs, client(standin), Prompt.load(), AnswerCache(tmp_path), concurrency=3, progress=False)
    assert standin.max_in_flight == 3 and len(run.records) == 8


def test_the_api_key_is_sent_and_never_stored(documents, tmp_path, monkeypatch):
    key = "sk-test-" + "7" * 24
    cache = AnswerCache(tmp_path / "cache")
    with StandIn({d: [good(d)] for d in DOC_IDS}, api_key=key) as standin:
        run = run_llm(documents, client(standin, api_key=key), Prompt.load(), cache, progress=False)
    assert {h["Authorization"] for h in standin.headers} == {f"Bearer {key}"}
    stored = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "cache").rglob("*.json"))
    assert key not in stored and key not in json.dumps(run.system_info("llm-x")) and key not in repr(client(standin, api_key=key))


def test_a_wrong_key_stops_at_the_first_refusal_with_a_hint(documents, tmp_path):
    with StandIn({}, api_key="right") as standin, pytest.raises(LlmRunError, match="api-key-env"):
        run_llm(documents, client(standin, api_key="wrong"), Prompt.load(), AnswerCache(tmp_path), concurrency=1,
                progress=False)
    assert sum(standin.requests.values()) == 0 and len(standin.bodies) == 1


def test_a_server_that_is_not_there_is_named(documents, tmp_path):
    dead = ChatClient("http://127.0.0.1:9/v1", "m", timeout=1.0, retries=1, backoff=0.01)
    with pytest.raises(LlmRunError, match="is the server running at --base-url http://127.0.0.1:9/v1"):
        run_llm(documents[:1], dead, Prompt.load(), AnswerCache(tmp_path), progress=False)


@pytest.mark.parametrize("name", ["sayso.eval.systems.llm.answer", "sayso.eval.systems.llm.prompt",
                                  "sayso.eval.systems.record", "sayso.eval.systems.peers.direct",
                                  "sayso.eval.systems.peers.textacy_quotes"])
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# -- whatever a model answers, the record is valid or the answer is refused ---------------------

from hypothesis import HealthCheck, event, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = ["said", "Ruiz", "Ana Ruiz", "Valdora", "told@s2", "said#2", "said@s9", "the bridge ... 2023", "#2",
          "The steel is tired", "Atlantis", "", "Mar. 2", "$4.5 million", "Engineers", "one driver"]
_REF = st.one_of(st.sampled_from(_WORDS), st.text(max_size=12), st.none(), st.integers(), st.lists(st.text(max_size=3)))
_LABEL = st.one_of(st.sampled_from([*ENTITY_LABELS, *CLAIM_KINDS, *ATTRIBUTION_TYPES, *SOURCE_KINDS, "PER"]), st.none(),
                   st.integers())
_ID = st.one_of(st.sampled_from(["a1", "a2", "a3", "c1", "c2"]), st.none(), st.integers(), st.lists(st.integers()))
# spans that resolve in fx-bridge, so that many items survive to the link and label checks
_FOUND = st.sampled_from(["Engineers", "The steel is tired", "Mar. 2", "$4.5 million", "one driver", "told",
                          "said@s5", "the repairs would cost $4.5 million", "It looks fine to me", "Ruiz@s2"])
_SPAN = st.one_of(_FOUND, _FOUND, _REF)
_ENTITY = st.one_of(st.tuples(_FOUND, st.sampled_from(ENTITY_LABELS)).map(list),
                    st.lists(st.one_of(st.sampled_from(_WORDS), st.sampled_from(ENTITY_LABELS)), max_size=3),
                    st.tuples(st.sampled_from(_WORDS), st.sampled_from(ENTITY_LABELS)).map(list),
                    st.tuples(st.sampled_from(_WORDS).map(lambda w: w + "#*"), _LABEL).map(list), _REF)
_ATTRIBUTION = st.one_of(st.fixed_dictionaries(
    {"id": _ID, "source": _SPAN, "cue": _SPAN, "content": st.one_of(st.lists(_SPAN, min_size=1, max_size=2), _SPAN),
     "type": st.one_of(st.sampled_from(ATTRIBUTION_TYPES), _LABEL),
     "source_kind": st.one_of(st.sampled_from(SOURCE_KINDS), _LABEL), "source_entity": _SPAN, "parent": _ID}), _REF)
_CLAIM = st.one_of(st.fixed_dictionaries({"id": _ID, "span": _SPAN, "kind": st.one_of(st.sampled_from(CLAIM_KINDS), _LABEL),
                                          "attribution": _ID}), _REF)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(entities=st.lists(_ENTITY, max_size=6), attributions=st.lists(_ATTRIBUTION, max_size=6),
       claims=st.lists(_CLAIM, max_size=4))
def test_any_answer_gives_a_valid_record_or_is_refused(entities, attributions, claims):
    doc = fixture_pack().get("fx-bridge")
    content = json.dumps({"entities": entities, "attributions": attributions, "claims": claims})
    record, drops = answer_to_standoff(parse_answer(content), doc)
    assert validate_record(record, doc.text) == []
    assert all(n > 0 for n in drops.values())
    event(f"attributions kept: {min(len(record.attributions), 2)}+, claims kept: {min(len(record.claims), 2)}+")
    json.dumps(record.to_dict())  # writable as standoff


def test_an_interrupted_run_stops_asking_and_keeps_what_arrived(tmp_path):
    class InterruptedCache(AnswerCache):
        def put(self, *args, **kwargs):
            super().put(*args, **kwargs)
            if len(list(self.folder.glob("*/*.json"))) == 2:
                raise KeyboardInterrupt  # Ctrl-C right after the second answer was stored

    docs = [Document(f"fx-many-{i}", "t", f"Ana Ruiz said the port would reopen, number {i}.") for i in range(12)]
    cache = InterruptedCache(tmp_path)
    with StandIn({}, delay=0.05) as standin, pytest.raises(KeyboardInterrupt):
        run_llm(docs, client(standin), Prompt.load(), cache, concurrency=2, progress=False)
    assert sum(standin.requests.values()) <= 4  # the queued requests were never sent
    cached = len(list(tmp_path.glob("*/*.json")))
    assert cached >= 2
    with StandIn({}) as standin:
        run = run_llm(docs, client(standin), Prompt.load(), AnswerCache(tmp_path), progress=False)
    assert sum(standin.requests.values()) == 12 - cached and run.stats.from_cache == cached


def test_a_local_server_is_reached_even_with_a_proxy_set_for_the_outside(documents, tmp_path, monkeypatch):
    monkeypatch.setenv("http_proxy", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    with StandIn({"fx-bridge": [good("fx-bridge")]}) as standin:
        run = run_llm(documents[:1], client(standin, retries=0), Prompt.load(), AnswerCache(tmp_path), progress=False)
    assert standin.requests == {"fx-bridge": 1} and run.stats.requested == 1
