"""Scorer fixtures: two short documents written for these tests (no article text), their
gold standoff, and helpers to build predictions by naming phrases instead of counting
offsets. The few tests here check that the fixtures are what the other tests assume."""
from __future__ import annotations

import json
from pathlib import Path

from sayso.corpus.model import Attribution, Claim, Entity, Sentence, Span, Standoff, text_sha256

TEXTS = {
    "t-bridge": ("Mayor Lina Ortez said on Monday that the Kelby bridge will reopen in June. "
                 "The city spent $4 million on repairs. "
                 "Ortez told reporters that traffic had fallen by 30%."),
    "t-port": ("Port officials said the harbour would close for a week. "
               "Ortez, citing a survey, warned that costs could double. "
               "Rain fell all night."),
}


def span(doc: str, phrase: str, n: int = 1) -> Span:
    """The ``n``-th occurrence of ``phrase`` in fixture document ``doc``."""
    text, start = TEXTS[doc], -1
    for _ in range(n):
        start = text.index(phrase, start + 1)
    return Span(start, start + len(phrase))


def ent(doc: str, eid: str, phrase: str, label: str, n: int = 1) -> Entity:
    s = span(doc, phrase, n)
    return Entity(eid, s.start, s.end, label)


def claim(doc: str, cid: str, phrase: str, kind: str, attribution: str | None = None) -> Claim:
    s = span(doc, phrase)
    return Claim(cid, s.start, s.end, kind, attribution)


def attribution(doc: str, aid: str, source: str | None, cue: str | None, content: str, type_: str = "indirect",
                source_kind: str | None = "person", source_entity: str | None = None,
                parent: str | None = None) -> Attribution:
    return Attribution(aid, span(doc, source) if source else None, span(doc, cue) if cue else None,
                       (span(doc, content),), type_, source_kind, source_entity, parent)


def sentences(doc: str) -> tuple[Sentence, ...]:
    text, out, start = TEXTS[doc], [], 0
    for k, ch in enumerate(text):
        if ch == "." and (k + 1 == len(text) or text[k + 1] == " "):
            out.append(Sentence(start, k + 1))
            start = k + 2
    return tuple(out)


def gold_records() -> list[Standoff]:
    b, p = "t-bridge", "t-port"
    bridge = Standoff(
        b, text_sha256(TEXTS[b]), sentences=sentences(b),
        entities=(ent(b, "e1", "Lina Ortez", "PERSON"), ent(b, "e2", "Monday", "DATE"),
                  ent(b, "e3", "Kelby", "GPE"), ent(b, "e4", "June", "DATE"),
                  ent(b, "e5", "$4 million", "MONEY"), ent(b, "e6", "Ortez", "PERSON", 2),
                  ent(b, "e7", "30%", "PERCENT")),
        claims=(claim(b, "c1", "the Kelby bridge will reopen in June", "prediction", "a1"),
                claim(b, "c2", "The city spent $4 million on repairs", "numerical"),
                claim(b, "c3", "traffic had fallen by 30%", "numerical", "a2")),
        attributions=(attribution(b, "a1", "Mayor Lina Ortez", "said", "the Kelby bridge will reopen in June",
                                  source_entity="e1"),
                      attribution(b, "a2", "Ortez", "told", "traffic had fallen by 30%", source_entity="e6")),
    )
    port = Standoff(
        p, text_sha256(TEXTS[p]), sentences=sentences(p),
        entities=(ent(p, "e1", "Ortez", "PERSON"), ent(p, "e2", "a week", "DATE")),
        claims=(claim(p, "c1", "the harbour would close for a week", "prediction", "a1"),
                claim(p, "c2", "costs could double", "prediction", "a3"),
                claim(p, "c3", "Rain fell all night", "factual")),
        attributions=(attribution(p, "a1", "Port officials", "said", "the harbour would close for a week",
                                  source_kind="unnamed"),
                      attribution(p, "a2", "a survey", "citing", "costs could double", source_kind="document",
                                  parent="a3"),
                      attribution(p, "a3", "Ortez", "warned", "costs could double", source_entity="e1")),
    )
    return [bridge, port]


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r.to_dict() if hasattr(r, "to_dict") else r) + "\n" for r in records),
                    encoding="utf-8")
    return path


def write_pack(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = [{"id": k, "title": f"Fixture {k}", "publisher": "SaySo tests", "license": "CC0-1.0", "text": v}
            for k, v in TEXTS.items()]
    write_jsonl(folder / "fixtures.jsonl", rows)
    return folder


def test_fixture_spans_cover_the_phrases_they_name():
    bridge = gold_records()[0]
    text = TEXTS["t-bridge"]
    assert [text[e.start:e.end] for e in bridge.entities] == [
        "Lina Ortez", "Monday", "Kelby", "June", "$4 million", "Ortez", "30%"]
    assert [text[s.start:s.end] for s in bridge.sentences][1] == "The city spent $4 million on repairs."


def test_fixture_gold_is_valid_standoff():
    from sayso.corpus.validate import validate_record

    for record in gold_records():
        assert validate_record(record, TEXTS[record.id]) == []
