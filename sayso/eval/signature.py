"""The reproducibility signature printed with every SaySo score.

In the spirit of sacreBLEU's version signatures: a ``key:value|…`` string that names
everything a number depends on, so that numbers with equal signatures are comparable
across papers::

    sayso:0.1.0|data:sayso-v0.1@ab12cd34|split:test|ent:strict|clm:overlap|att:content-tokens|boot:1000|seed:12345

Fields, in this order:

* ``sayso`` — scorer version;
* ``data`` — dataset name, version and the first 8 hex digits of the SHA-256 of the
  gold records scored, serialised canonically (:func:`data_hash`); ``custom`` names
  gold that is not the corpus (``--gold FILE``);
* ``split`` — the corpus split (``custom`` for ``--gold``);
* ``ent`` / ``clm`` / ``att`` — for each scored layer, its headline matching mode;
* ``boot`` — bootstrap resamples (0: no confidence intervals), then ``seed``;
  ``level`` only when the CI level is not 0.95;
* ``test`` — only for ``sayso compare``: ``paired-bs`` (paired bootstrap).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Iterable

from sayso import DATASET_NAME, DATASET_VERSION, __version__
from sayso.corpus.model import Standoff
from sayso.corpus.standoff_io import dumps_standoff

LAYER_KEYS = {"entities": "ent", "claims": "clm", "attributions": "att"}


def data_hash(records: Iterable[Standoff]) -> str:
    """SHA-256 (hex) of the gold records in SaySo's canonical JSONL serialisation
    (:func:`sayso.corpus.standoff_io.dumps_standoff`: sorted by id, fixed separators)."""
    return hashlib.sha256(dumps_standoff(records).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DataInfo:
    """What the gold is: ``name-vversion@hash`` and split."""

    name: str
    version: str | None
    sha256: str
    split: str

    @classmethod
    def corpus(cls, records: Iterable[Standoff], split: str) -> "DataInfo":
        return cls(DATASET_NAME, DATASET_VERSION, data_hash(records), split)

    @classmethod
    def custom(cls, records: Iterable[Standoff]) -> "DataInfo":
        return cls("custom", None, data_hash(records), "custom")

    @property
    def label(self) -> str:
        version = f"-v{self.version}" if self.version else ""
        return f"{self.name}{version}@{self.sha256[:8]}"

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256, "split": self.split}


@dataclass(frozen=True)
class Signature:
    data: DataInfo
    modes: tuple[tuple[str, str], ...]
    resamples: int
    seed: int
    level: float = 0.95
    test: str | None = None
    version: str = __version__

    def format(self) -> str:
        parts = [f"sayso:{self.version}", f"data:{self.data.label}", f"split:{self.data.split}"]
        parts += [f"{LAYER_KEYS[layer]}:{mode}" for layer, mode in self.modes]
        parts.append(f"boot:{self.resamples}")
        if self.resamples:
            parts.append(f"seed:{self.seed}")
            if self.level != 0.95:
                parts.append(f"level:{self.level:g}")
        if self.test:
            parts.append(f"test:{self.test}")
        return "|".join(parts)

    def __str__(self) -> str:
        return self.format()
