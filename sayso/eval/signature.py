"""The reproducibility signature printed with every SaySo score.

In the spirit of sacreBLEU's version signatures: a ``key:value|…`` string that names
everything a number depends on, so that numbers with equal signatures are comparable
across papers::

    sayso:0.1.0|data:sayso-v0.1@ab12cd34|split:test|ent:strict|boot:1000|seed:12345

Each layer's result carries its own signature, naming only its own mode; a report's
top-line signature names every scored layer's mode. Fields, in this order:

* ``sayso`` — scorer version;
* ``data`` — the gold source's label (:attr:`DataInfo.label`: name, version and the
  first 8 hex digits of the SHA-256 of the gold records scored, serialised canonically,
  :func:`data_hash`); ``custom`` names gold given as a file (``--gold FILE``);
* ``split`` — the split (``custom`` for ``--gold FILE``);
* ``docs`` — only when not every gold document was scored: ``predicted``
  (``--only-predicted``: the documents the predictions hold);
* a layer key (:attr:`sayso.eval.layers.Layer.key`: ``ent``, ``clm``, ``att``) with the
  layer's mode, for each scored layer;
* ``boot`` — bootstrap resamples (0: no confidence intervals), then ``seed``;
  ``level`` only when the CI level is not 0.95;
* ``test`` — only for ``sayso compare``: ``paired-bs`` (paired bootstrap);
* last, what else the numbers depend on: ``model:NAME|prompt:VERSION`` for a language
  model (from the system record beside its predictions).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from typing import Iterable

from sayso import DATASET_NAME, DATASET_VERSION, __version__
from sayso.corpus.model import Standoff
from sayso.corpus.standoff_io import dumps_standoff

def data_hash(records: Iterable[Standoff]) -> str:
    """SHA-256 (hex) of the gold records in SaySo's canonical JSONL serialisation
    (:func:`sayso.corpus.standoff_io.dumps_standoff`: sorted by id, fixed separators)."""
    return hashlib.sha256(dumps_standoff(records).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class DataInfo:
    """What the gold is: its name, version, hash and split. A gold source names itself
    (:mod:`sayso.eval.gold`); ``label`` is ``name-vversion@hash8`` unless ``label_format``
    says otherwise (e.g. ``"{name}-{version}@{hash8}"``)."""

    name: str
    version: str | None
    sha256: str
    split: str
    label_format: str | None = None

    @classmethod
    def corpus(cls, records: Iterable[Standoff], split: str) -> "DataInfo":
        return cls(DATASET_NAME, DATASET_VERSION, data_hash(records), split)

    @classmethod
    def custom(cls, records: Iterable[Standoff]) -> "DataInfo":
        return cls("custom", None, data_hash(records), "custom")

    @property
    def label(self) -> str:
        if self.label_format:
            return self.label_format.format(name=self.name, version=self.version, hash8=self.sha256[:8])
        version = f"-v{self.version}" if self.version else ""
        return f"{self.name}{version}@{self.sha256[:8]}"

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "version": self.version, "sha256": self.sha256, "split": self.split}


@dataclass(frozen=True)
class Signature:
    """Everything a number depends on; ``modes`` is ``((layer name, mode), ...)``."""

    data: DataInfo
    modes: tuple[tuple[str, str], ...]
    resamples: int
    seed: int
    level: float = 0.95
    test: str | None = None
    subset: str | None = None
    #: what else the numbers depend on, last: ``model:NAME|prompt:VERSION`` for a language model
    extra: tuple[tuple[str, str], ...] = ()
    version: str = __version__

    def for_layer(self, layer: str) -> "Signature":
        """The signature of one layer's numbers: only that layer's mode."""
        return replace(self, modes=tuple((name, mode) for name, mode in self.modes if name == layer))

    def format(self) -> str:
        from sayso.eval.layers import LAYERS

        parts = [f"sayso:{self.version}", f"data:{self.data.label}", f"split:{self.data.split}"]
        if self.subset:
            parts.append(f"docs:{self.subset}")
        parts += [f"{LAYERS[layer].key}:{mode}" for layer, mode in self.modes]
        parts.append(f"boot:{self.resamples}")
        if self.resamples:
            parts.append(f"seed:{self.seed}")
            if self.level != 0.95:
                parts.append(f"level:{self.level:g}")
        if self.test:
            parts.append(f"test:{self.test}")
        parts += [f"{key}:{value}" for key, value in self.extra]
        return "|".join(parts)

    def __str__(self) -> str:
        return self.format()
