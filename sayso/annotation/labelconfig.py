"""The versioned Label Studio labeling config and what the converter reads from it.

``annotation/labeling-config.xml`` is the single source: its version (an XML comment
``sayso-labeling-config-version: X.Y.Z``), its label and choice sets, and its relation
labels. :func:`load_config` parses it once and checks that it still matches SaySo's data
model (the 18 OntoNotes labels, the claim kinds, the attribution types and source kinds),
so that a config edited out of step with :mod:`sayso.corpus.model` fails loudly.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sayso.corpus.model import ATTRIBUTION_TYPES, CLAIM_KINDS, ENTITY_LABELS, SOURCE_KINDS
from sayso.errors import InputError, Problem

REPO_ROOT = Path(__file__).resolve().parents[2]
CONFIG_PATH = REPO_ROOT / "annotation" / "labeling-config.xml"
GUIDELINES_PATH = REPO_ROOT / "annotation" / "guidelines.md"
VERSION_RE = re.compile(r"sayso-labeling-config-version:\s*([0-9][\w.\-]*)")

# Control names the converter relies on (see the comment at the top of the XML).
TEXT_NAME = "text"
SENTENCE, ENTITY, CLAIM, ROLE = "sentence", "entity", "claim", "role"
CLAIM_KIND, ATTRIBUTION_TYPE, SOURCE_KIND = "claim_kind", "attribution_type", "source_kind"
SENTENCE_LABEL, CLAIM_LABEL = "SENTENCE", "CLAIM"
SOURCE_ROLE, CUE_ROLE, CONTENT_ROLE = "SOURCE", "CUE", "CONTENT"
PARENT_REL, SOURCE_ENTITY_REL, CLAIM_REL = "parent", "source_entity", "claim"


@dataclass(frozen=True)
class LabelingConfig:
    """A parsed labeling config: its XML, version and the values each control allows."""

    xml: str
    version: str
    labels: dict[str, frozenset[str]]    # Labels control name -> label values
    choices: dict[str, frozenset[str]]   # Choices control name -> choice values
    relations: frozenset[str]            # relation labels

    def control_type(self, name: str) -> str | None:
        if name in self.labels:
            return "labels"
        if name in self.choices:
            return "choices"
        return None


def parse_config(xml: str, source: str = "<config>") -> LabelingConfig:
    """Parse a labeling config and check it against SaySo's label sets.

    Raises :class:`InputError` naming every mismatch.
    """
    match = VERSION_RE.search(xml)
    problems: list[Problem] = []
    if not match:
        problems.append(Problem(source, None, None, "no `sayso-labeling-config-version: X.Y.Z` comment",
                                "keep the version comment at the top of the config"))
    try:
        root = ET.fromstring(xml)
    except ET.ParseError as exc:
        raise InputError(Problem(source, exc.position[0], None, f"not well-formed XML ({exc})",
                                 "fix the XML")) from exc
    labels: dict[str, frozenset[str]] = {}
    choices: dict[str, frozenset[str]] = {}
    for element in root.iter("Labels"):
        labels[element.get("name", "")] = frozenset(x.get("value", "") for x in element.iter("Label"))
    for element in root.iter("Choices"):
        choices[element.get("name", "")] = frozenset(x.get("value", "") for x in element.iter("Choice"))
    relations = frozenset(x.get("value", "") for x in root.iter("Relation"))
    expected = {
        ("labels", SENTENCE): {SENTENCE_LABEL}, ("labels", ENTITY): set(ENTITY_LABELS),
        ("labels", CLAIM): {CLAIM_LABEL}, ("labels", ROLE): {SOURCE_ROLE, CUE_ROLE, CONTENT_ROLE},
        ("choices", CLAIM_KIND): set(CLAIM_KINDS), ("choices", ATTRIBUTION_TYPE): set(ATTRIBUTION_TYPES),
        ("choices", SOURCE_KIND): set(SOURCE_KINDS),
    }
    for (kind, name), values in expected.items():
        found = (labels if kind == "labels" else choices).get(name)
        if found is None:
            problems.append(Problem(source, None, None, f"no <{kind.capitalize()} name=\"{name}\"> control",
                                    "restore the control the converter reads"))
        elif set(found) != values:
            problems.append(Problem(source, None, None,
                                    f"{name} allows {sorted(found)}, the data model {sorted(values)}",
                                    "keep the config's values equal to sayso.corpus.model's"))
    for rel in (PARENT_REL, SOURCE_ENTITY_REL, CLAIM_REL):
        if rel not in relations:
            problems.append(Problem(source, None, None, f"no <Relation value=\"{rel}\">",
                                    "restore the relation label the converter reads"))
    if problems:
        raise InputError(problems)
    return LabelingConfig(xml=xml, version=match.group(1) if match else "", labels=labels,
                          choices=choices, relations=relations)


@lru_cache(maxsize=4)
def load_config(path: str | Path = CONFIG_PATH) -> LabelingConfig:
    """The labeling config at ``path`` (default: the repository's), parsed and checked."""
    path = Path(path)
    try:
        xml = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(Problem(str(path), None, None, f"cannot read the labeling config ({exc})",
                                 "run from a SaySo checkout, or pass the config path")) from exc
    return parse_config(xml, str(path))


GUIDELINES_VERSION_RE = re.compile(r"^\W*version\W*[:=]?\W*v?([0-9][\w.\-]*)", re.IGNORECASE | re.MULTILINE)


def guidelines_version(path: str | Path = GUIDELINES_PATH) -> str | None:
    """The guidelines' version: a ``Version: X.Y`` line near the top, else ``sha256:<12 hex>``.

    None when the guidelines file does not exist.
    """
    import hashlib

    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    head = "\n".join(text.splitlines()[:40])
    match = GUIDELINES_VERSION_RE.search(head)
    if match:
        return match.group(1).rstrip(".")
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
