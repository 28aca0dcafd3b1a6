"""Shared fixtures: two project-written studio documents, their annotations, and a live
Label Studio server started once per test session.

The documents are short texts written for the tests (no article text), with curly quotes,
an emoji and a non-BMP letter before annotated spans, so that any code-unit confusion at
the Label Studio boundary shifts a span and shows.
"""
from __future__ import annotations

import json
import os
import secrets
import socket
import time
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from sayso.corpus.model import Attribution, Claim, Entity, Sentence, Span, Standoff, text_sha256

STUDIO_DOCS = {
    "fx-bridge": {
        "title": "Bridge to reopen, mayor says",
        "text": ("Mayor Ana Ruiz 🌉 said on Tuesday that the bridge would reopen in May. "
                 "“We expect 40% more traffic,” she told reporters.\n\n"
                 "The council, citing a report by Valdora Engineering 𝔼, warned that repairs could cost "
                 "$3 million."),
    },
    "fx-rain": {
        "title": "Two hurt in Port Mera floods",
        "text": ("Police in Port Mera 🚓 said two people were hurt on Sunday. "
                 "“More rain is coming,” forecaster Lee Tan 🌧️ said, adding that the river had risen 2 metres."),
    },
}


def at(text: str, phrase: str, n: int = 1) -> Span:
    """The ``n``-th occurrence of ``phrase`` in ``text`` as a code-point span."""
    start = -1
    for _ in range(n):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def _sentences(text: str, *firsts: str) -> tuple[Sentence, ...]:
    starts = [at(text, f).start for f in firsts]
    ends = []
    for i, s in enumerate(starts):
        stop = starts[i + 1] if i + 1 < len(starts) else len(text)
        ends.append(len(text[:stop].rstrip()))
    return tuple(Sentence(s, e) for s, e in zip(starts, ends))


def _ent(text: str, eid: str, phrase: str, label: str, n: int = 1) -> Entity:
    span = at(text, phrase, n)
    return Entity(eid, span.start, span.end, label)


def _claim(text: str, cid: str, phrase: str, kind: str, attribution: str | None) -> Claim:
    span = at(text, phrase)
    return Claim(cid, span.start, span.end, kind, attribution)


def annotator_records() -> dict[str, dict[str, Standoff]]:
    """What two annotators, ann-a and ann-b, hand in. Ids are in text order (canonical).

    ann-a annotates both documents; ann-b annotates fx-bridge only, and disagrees with
    ann-a there on one entity label, one claim kind and one attribution type.
    """
    t = STUDIO_DOCS["fx-bridge"]["text"]
    bridge_a = Standoff(
        id="fx-bridge", text_sha256=text_sha256(t),
        sentences=_sentences(t, "Mayor Ana", "“We expect", "The council"),
        entities=(
            _ent(t, "e1", "Ana Ruiz", "PERSON"),
            _ent(t, "e2", "Tuesday", "DATE"),
            _ent(t, "e3", "May", "DATE", n=2),  # the first "May" is in "Mayor"
            _ent(t, "e4", "40%", "PERCENT"),
            _ent(t, "e5", "Valdora Engineering", "ORG"),
            _ent(t, "e6", "$3 million", "MONEY"),
        ),
        claims=(
            _claim(t, "c1", "the bridge would reopen in May", "prediction", "a1"),
            _claim(t, "c2", "repairs could cost $3 million", "numerical", "a4"),
        ),
        attributions=(
            Attribution("a1", at(t, "Mayor Ana Ruiz"), at(t, "said"), (at(t, "the bridge would reopen in May"),),
                        "indirect", "person", "e1", None),
            Attribution("a2", at(t, "she"), at(t, "told"), (at(t, "We expect 40% more traffic"),),
                        "direct", "person", "e1", None),
            Attribution("a3", at(t, "a report by Valdora Engineering 𝔼"), at(t, "citing"),
                        (at(t, "repairs could cost $3 million"),), "indirect", "document", "e5", "a4"),
            Attribution("a4", at(t, "The council"), at(t, "warned"), (at(t, "repairs could cost $3 million"),),
                        "indirect", "organisation", None, None),
        ),
    )
    bridge_b = replace(
        bridge_a,
        entities=tuple(replace(e, label="CARDINAL") if e.id == "e4" else e for e in bridge_a.entities),
        claims=(bridge_a.claims[0], replace(bridge_a.claims[1], kind="factual")),
        attributions=(bridge_a.attributions[0], replace(bridge_a.attributions[1], type="mixed"),
                      *bridge_a.attributions[2:]),
    )
    r = STUDIO_DOCS["fx-rain"]["text"]
    rain_a = Standoff(
        id="fx-rain", text_sha256=text_sha256(r),
        sentences=_sentences(r, "Police in", "“More rain"),
        entities=(
            _ent(r, "e1", "Port Mera", "GPE"),
            _ent(r, "e2", "two", "CARDINAL"),
            _ent(r, "e3", "Sunday", "DATE"),
            _ent(r, "e4", "Lee Tan", "PERSON"),
            _ent(r, "e5", "2 metres", "QUANTITY"),
        ),
        claims=(
            _claim(r, "c1", "two people were hurt on Sunday", "numerical", "a1"),
            _claim(r, "c2", "More rain is coming", "prediction", "a2"),
            _claim(r, "c3", "the river had risen 2 metres", "numerical", "a3"),
        ),
        attributions=(
            Attribution("a1", at(r, "Police in Port Mera"), at(r, "said"), (at(r, "two people were hurt on Sunday"),),
                        "indirect", "organisation", None, None),
            Attribution("a2", at(r, "forecaster Lee Tan"), at(r, "said", 2), (at(r, "More rain is coming"),),
                        "direct", "person", "e4", None),
            Attribution("a3", at(r, "forecaster Lee Tan"), at(r, "adding"), (at(r, "the river had risen 2 metres"),),
                        "indirect", "person", "e4", None),
        ),
    )
    return {"ann-a": {"fx-bridge": bridge_a, "fx-rain": rain_a}, "ann-b": {"fx-bridge": bridge_b}}


def write_pack(folder: Path) -> Path:
    """A source pack holding the studio fixture documents."""
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for doc_id, doc in sorted(STUDIO_DOCS.items()):
        lines.append(json.dumps({"id": doc_id, "title": doc["title"], "date": "2026-11-01", "url": None,
                                 "revision_id": None, "publisher": "SaySo tests", "license": "CC0-1.0",
                                 "text": doc["text"], "topics": [], "origin": "tests/conftest.py"},
                                ensure_ascii=False))
    (folder / "studio.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def studio_pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack")


@pytest.fixture
def studio_records() -> dict[str, dict[str, Standoff]]:
    return annotator_records()


# --- the live server ------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class LiveStudio:
    url: str
    data_dir: Path
    log: Path
    seconds_to_health: float | None
    token: str


@pytest.fixture(scope="session")
def live_studio(tmp_path_factory: pytest.TempPathFactory):
    """Label Studio on a fresh data dir and a free port, once per session, with a random token.

    Installs the server's environment on first use (``.studio/venv``; minutes). If the
    server cannot start, the test fails with the server's log tail: never a skip.
    """
    from sayso.annotation import server

    # Settings a user's shell might hold that would make Label Studio report to someone: the
    # server must not inherit them (tests/test_studio_server.py checks the running server).
    hostile = {"SENTRY_DSN": "https://key@hostile.invalid/1", "HEARTEX_SENTRY_DSN": "https://key@hostile.invalid/2",
               "HEARTEX_FRONTEND_SENTRY_DSN": "https://key@hostile.invalid/3", "COLLECT_ANALYTICS": "true",
               "LABEL_STUDIO_COLLECT_ANALYTICS": "true", "HEARTEX_LATEST_VERSION_CHECK": "true"}
    saved = {k: os.environ.get(k) for k in (server.ENV_TOKEN, server.ENV_PASSWORD, server.ENV_USERNAME, server.ENV_URL,
                                            *hostile)}
    os.environ.update(hostile)
    token = secrets.token_hex(20)
    os.environ[server.ENV_TOKEN] = token
    os.environ[server.ENV_PASSWORD] = secrets.token_urlsafe(16)
    os.environ[server.ENV_USERNAME] = "admin@sayso.local"
    data_dir = tmp_path_factory.mktemp("studio-data")
    began = time.monotonic()
    try:
        state = server.start(data_dir, _free_port(), say=lambda m: print(m))
    except server.StudioError as exc:
        pytest.fail(f"Label Studio could not start:\n{exc}", pytrace=False)
    os.environ[server.ENV_URL] = state.url
    print(f"[live_studio] up in {time.monotonic() - began:.1f} s (health after {state.seconds_to_health} s)")
    try:
        yield LiveStudio(state.url, data_dir, Path(state.log), state.seconds_to_health, token)
    finally:
        server.stop(data_dir, say=lambda m: None)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
