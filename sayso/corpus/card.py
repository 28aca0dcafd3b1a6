"""The dataset card (README.md with YAML metadata) and LICENSES.md of a build."""
from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from sayso import DATASET_VERSION, __version__
from sayso.corpus.features import CONFIGS, features
from sayso.corpus.licences import ATTRIBUTION
from sayso.corpus.stats import stats_table
from sayso.corpus.store import SPLITS

if TYPE_CHECKING:
    from sayso.corpus.gold_corpus import GoldDocument

CITATION = """@misc{sayso2026,
  title  = {SaySo: an open benchmark for who claimed what in news},
  author = {{SaySo contributors}},
  year   = {2026},
  note   = {Dataset version %s}
}""" % DATASET_VERSION


def _yaml_header(rows: dict[str, dict[str, list[dict[str, Any]]]]) -> str:
    import yaml
    from datasets import DatasetInfo

    # `datasets` cannot load a split with no rows, so empty splits (and configs) are left out.
    present = {c: [s for s in SPLITS if rows[c][s]] for c in CONFIGS}
    configs = [{
        "config_name": config,
        "data_files": [{"split": split, "path": f"{config}/{split}-*.parquet"} for split in present[config]],
        **({"default": True} if config == "documents" else {}),
    } for config in CONFIGS if present[config]]
    infos = []
    for config in CONFIGS:
        if not present[config]:
            continue
        info = DatasetInfo(features=features(config))._to_yaml_dict()
        infos.append({"config_name": config, **info,
                      "splits": [{"name": s, "num_examples": len(rows[config][s])} for s in present[config]]})
    meta = {
        "pretty_name": "SaySo", "language": ["en"], "license": "other",
        "license_name": "sayso-mixed",
        "license_link": "LICENSES.md",
        "task_categories": ["token-classification", "text-classification"],
        "tags": ["attribution", "claims", "named-entity-recognition", "news", "standoff"],
    }
    if configs:
        meta.update(configs=configs, dataset_info=infos)
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def withheld(corpus: list["GoldDocument"]) -> list["GoldDocument"]:
    return [gd for gd in corpus if not gd.public]


def render_card(corpus: list["GoldDocument"], rows: dict[str, dict[str, list[dict[str, Any]]]],
                stats: dict[str, Any], restored: int | None = None) -> str:
    from sayso.corpus.polnear_build import card_section
    licences = Counter(gd.document.license for gd in corpus)
    held = withheld(corpus)
    held_lines = "\n".join(f"- `{gd.document.id}` ({gd.document.publisher}; {gd.document.license})" for gd in held)
    annotated = Counter(("double, adjudicated" if gd.provenance.get("adjudicated") else "single")
                        for gd in corpus)
    return f"""{_yaml_header(rows)}
# SaySo {DATASET_VERSION}: who claimed what in news

SaySo annotates real news articles with three layers — **entities** (OntoNotes 5 types),
**claims** (checkable assertions: factual, numerical, prediction) and **attributions**
(PARC-style source, cue and content, with type, source kind, source entity and
nesting) — over gold **sentences**. Offsets are Unicode code points, end-exclusive.

Built by `sayso build` {__version__} from the SaySo repository's standoff annotations and
the source pack; the build is deterministic (see `SHA256SUMS`).

## Configs

- `documents`: one row per document, the text and all layers.
- `sentences`: one row per gold sentence; items wholly inside it, offsets re-based to
  the sentence start; `attributions_crossing` counts attributions that cross its edges.
- `polnear` (local builds with `--with-polnear-gold` only): PolNeAR's own gold
  attributions over its 1,008 articles (below), in the `documents` columns; no text.
- `ner`: one row per sentence, tokens and IOB2 tags (`ner_tags`) over the OntoNotes
  labels. Tokens: runs of word characters (joined by inner hyphens/apostrophes, or
  dots/commas between digits), or any single other non-space character.

```python
from datasets import load_dataset
ds = load_dataset("path/to/this/folder", "documents")
```

## Counts

{stats_table(stats)}
## Licences

{"".join(f"- {name}: {n} document(s)" + chr(10) for name, n in sorted(licences.items()))}
Attribution and full terms: `LICENSES.md`.

### Documents shipped without text

The licence of these documents forbids redistributing their text, so they ship with
offsets, labels and `text_sha256` only (`title` and `text` are null) in the `documents`
and `sentences` configs, and not at all in `ner`. Join them with your own licensed
copy of the text; `text_sha256` tells you whether your copy matches byte for byte.

{held_lines or "- none"}

{card_section(rows, restored)}
## How the data was made

Each document was read in full by an annotator working from the SaySo guidelines
(`annotation/guidelines.md` in the repository, versioned; each document records the
version), who marked every layer; annotations went through Label Studio and were
pulled, validated and, for double-annotated documents, adjudicated. Annotation per
document: {dict(annotated) or "none yet"}. **The annotators, reviewers and adjudicators
are AI helper sessions (instances of one language model), not people**: their agreement
with each other is high but is not human agreement; SaySo's agreement with PolNeAR's
human annotators on the PolNeAR articles, and a reading of the disagreements, are in
`DATASHEET.md`. No system pre-annotated any document (sentence boundaries were proposed
by SaySo's splitter and corrected). See `DATASHEET.md` for agreement figures,
provenance and limitations.

## Citation

```bibtex
{CITATION}
```
"""


def render_licences(corpus: list["GoldDocument"]) -> str:
    lines = ["# Licences\n", "Annotations (offsets and labels): CC BY 4.0, SaySo contributors.\n"]
    for licence in sorted({gd.document.license for gd in corpus}):
        ids = [gd.document.id for gd in corpus if gd.document.license == licence]
        text = ATTRIBUTION.get(licence, "Text not redistributed: offsets and hashes only.")
        lines.append(f"## {licence}\n\n{text}\n\nDocuments: {len(ids)}.\n")
    return "\n".join(lines)
