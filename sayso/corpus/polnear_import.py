"""PolNeAR's brat annotations as SaySo standoff records (``sayso import polnear``).

One brat event (``E``, type ``Attribution`` or ``Attribution-no-source``) becomes one
SaySo attribution:

- ``source``: the Source span; null for ``Attribution-no-source``. A Source span that
  several events name (one speaker, several cues) is copied into each attribution.
- ``cue``: the Cue span. SaySo's cue and source are single spans, so a **discontinuous
  cue or source** (PolNeAR has 1 cue and 10 sources) becomes the span from its first
  fragment's start to its last fragment's end; its fragments are kept in the record's
  ``polnear.fragments`` field so nothing is lost.
- Every fragment is trimmed of leading and trailing whitespace (PolNeAR spans sometimes
  take in a space or line break; SaySo spans never start or end on one); a fragment
  that is only whitespace is dropped.
- ``content``: every fragment of every Content/Content2/... span, in text order.
- ``type``, ``source_kind``, ``source_entity``: null (PolNeAR does not annotate them);
  ``parent``: null (PolNeAR annotates only outermost attributions: "No nested
  attributions"). The sentences, entities and claims layers are absent (not annotated).

Events with no content (PolNeAR has a few empty ones) cannot be SaySo attributions and
are left out, each with a warning. ``Discard``/``Discuss`` spans and annotator notes are
not attributions and are ignored. Attribution ids are ``a1, a2, ...`` in text order.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from sayso.corpus.brat import AnnFile, TextBound, check_spans, read_ann
from sayso.corpus.model import Attribution, Span, Standoff, text_sha256
from sayso.corpus.polnear import Article, read_metadata, read_text
from sayso.errors import InputError, Problem

EVENT_TYPES = {"Attribution": True, "Attribution-no-source": False}  # type -> has a source
CONTENT_ROLE = re.compile(r"^Content\d*$")


@dataclass(frozen=True)
class Notice:
    """Something odd but importable, named by file, line and document."""

    file: str
    line: int | None
    doc_id: str
    what: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.doc_id}: warning: {self.what}"


@dataclass
class ImportResult:
    """Records (with the annotator who made each) plus warnings and counts."""

    records: list[tuple[Article, str, Standoff]] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The fragment without leading/trailing whitespace (SaySo spans never start or end on it)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _fragments(span: TextBound, text: str, counts: Counter) -> list[tuple[int, int]]:
    out = []
    for s, e in span.fragments:
        ts, te = _trim(text, s, e)
        counts["fragments_trimmed"] += (ts, te) != (s, e)
        if ts < te:
            out.append((ts, te))
    return out


def _hull(fragments: list[tuple[int, int]]) -> Span | None:
    if not fragments:
        return None
    return Span(min(s for s, _ in fragments), max(e for _, e in fragments))


def convert_ann(ann: AnnFile, text: str, doc_id: str, annotator: str,
                warnings: list[Notice], counts: Counter) -> Standoff:
    """One annotator's .ann file of one article as a standoff record (spans already checked)."""
    built: list[tuple[tuple[int, int], Attribution, dict[str, Any]]] = []
    for event in ann.events:
        if event.type not in EVENT_TYPES:
            raise InputError(Problem(str(ann.path), event.line, doc_id, f"unknown event type {event.type!r}",
                                     f"PolNeAR events are {', '.join(EVENT_TYPES)}; is this a PolNeAR file?"))
        roles: dict[str, list[TextBound]] = {}
        for role, ref in event.args:
            key = "Content" if CONTENT_ROLE.match(role) else role
            if key not in ("Source", "Cue", "Content"):
                raise InputError(Problem(str(ann.path), event.line, doc_id, f"{event.id} has unknown role {role!r}",
                                         "PolNeAR roles are Source, Cue and Content (Content2, ...)"))
            roles.setdefault(key, []).append(ann.spans[ref])
        for key in ("Source", "Cue"):
            if len(roles.get(key, [])) > 1:
                raise InputError(Problem(str(ann.path), event.line, doc_id, f"{event.id} has {len(roles[key])} {key} "
                                         "arguments", "a PolNeAR attribution has at most one source and one cue"))
        contents = sorted(Span(s, e) for t in roles.get("Content", []) for s, e in _fragments(t, text, counts))
        if not contents:
            warnings.append(Notice(str(ann.path), event.line, doc_id,
                                     f"{event.id} ({event.type}) has no content: left out"))
            counts["relations_left_out"] += 1
            continue
        fragments: dict[str, Any] = {}
        hulls: dict[str, Span | None] = {}
        for key in ("source", "cue"):
            span = roles.get(key.capitalize(), [None])[0]
            pieces = _fragments(span, text, counts) if span is not None else []
            hulls[key] = _hull(pieces)
            if len(pieces) > 1:
                fragments[key] = [list(f) for f in pieces]
                counts[f"discontinuous_{key}s"] += 1
        counts["relations"] += 1
        counts["relations_without_source"] += hulls["source"] is None
        counts["relations_without_cue"] += hulls["cue"] is None
        attribution = Attribution(
            id="", source=hulls["source"], cue=hulls["cue"],
            content=tuple(contents), type=None, source_kind=None, source_entity=None, parent=None)
        anchor = min(s.start for s in (attribution.cue, attribution.source, *contents) if s is not None)
        built.append(((anchor, contents[0].start), attribution, fragments))
    built.sort(key=lambda item: item[0])
    attributions = []
    all_fragments = {}
    for n, (_, a, frags) in enumerate(built, start=1):
        attributions.append(Attribution(f"a{n}", a.source, a.cue, a.content, a.type, None, None, None))
        if frags:
            all_fragments[f"a{n}"] = frags
    shared = Counter(ref for e in ann.events for role, ref in e.args if role == "Source")
    counts["shared_source_spans"] += sum(1 for n in shared.values() if n > 1)
    extra = {"polnear": {"annotator": annotator, **({"fragments": all_fragments} if all_fragments else {})}}
    return Standoff(id=doc_id, text_sha256=text_sha256(text), attributions=tuple(attributions), extra=extra)


def import_article(article: Article, text: str, annotator: str, result: ImportResult) -> Standoff:
    """Read, check and convert one annotator's file; problems raise, oddities warn."""
    path = article.ann_path(annotator)
    if not path.is_file():
        raise InputError(Problem(str(path), None, article.doc_id,
                                 f"annotation file missing (metadata.tsv line {article.line} lists annotator {annotator})",
                                 "restore the .ann file from your PolNeAR clone (git checkout data/)"))
    ann = read_ann(path, article.doc_id)
    problems, odd = check_spans(ann, text, article.doc_id)
    if problems:
        raise InputError(problems)
    for span in odd:
        result.warnings.append(Notice(str(path), span.line, article.doc_id,
                                        f"{span.id} ({span.label}) records text that differs from its fragments "
                                        "joined by a space; its offsets are used"))
    for span in ann.spans.values():
        if "\n" in span.text:
            result.warnings.append(Notice(str(path), span.line, article.doc_id,
                                            f"{span.id} ({span.label}, {len(span.fragments)} fragment(s)) records its "
                                            f"text over {span.text.count(chr(10)) + 1} lines of the .ann file; read "
                                            "as one span (offsets checked against the text)"))
    result.counts["files"] += 1
    result.counts["spans"] += len(ann.spans)
    result.counts["events"] += len(ann.events)
    return convert_ann(ann, text, article.doc_id, annotator, result.warnings, result.counts)


def iter_articles(root: Path, split: str | None = None) -> Iterator[Article]:
    for article in read_metadata(root):
        if split is None or article.split == split:
            yield article


def import_polnear(root: Path, *, all_annotators: bool = False, split: str | None = None) -> ImportResult:
    """Every core article's gold (first listed annotator), or every annotator's records.

    Every problem in every file is collected before raising, so one run lists them all.
    """
    result = ImportResult()
    problems: list[Problem] = []
    for article in iter_articles(root, split):
        if not article.annotators:
            problems.append(Problem(str(root / "data" / "metadata.tsv"), article.line, article.doc_id,
                                    "metadata row lists no annotator", "restore metadata.tsv from your PolNeAR clone"))
            continue
        try:
            text = read_text(article)
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        result.counts["articles"] += 1
        result.counts["multiply_annotated"] += len(article.annotators) > 1
        for annotator in article.annotators if all_annotators else article.annotators[:1]:
            try:
                record = import_article(article, text, annotator, result)
            except InputError as exc:
                problems.extend(exc.problems)
                continue
            result.records.append((article, annotator, record))
    if problems:
        raise InputError(problems)
    return result


def polnear_gold(pack: Any, split: str | None = None, all_annotators: bool = False) -> list[tuple[Article, str, Standoff]]:
    """PolNeAR records of a split from the PolNeAR checkout in a source pack's folders:
    (article, annotator, record) — the gold (first annotator) unless ``all_annotators``."""
    from sayso.corpus.sources import polnear_roots

    checkouts = [c for root in pack.roots or (pack.root,) for c in polnear_roots(root)]
    if not checkouts:
        raise InputError(Problem(str(pack.root), None, None, "no PolNeAR checkout in the sources",
                                 "clone PolNeAR and add --sources PATH/TO/PolNeAR (or list it in $SAYSO_SOURCES)"))
    return import_polnear(checkouts[0], all_annotators=all_annotators, split=split).records
