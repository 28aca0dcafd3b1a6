"""Peers: third-party tools a user would run instead of SaySo's baselines, each scored by
the same scorer and named with its exact version.

* ``spacy-sm`` — entities from spaCy's ``en_core_web_sm`` pipeline (trained on OntoNotes 5:
  its labels are ours, no remapping);
* ``textacy-quotes`` — attributions from textacy's rule-based direct-quotation extractor
  over the same spaCy pipeline: direct quotes only, by design.

Both need the ``peers`` extra (``pip install -e ".[peers]"``); nothing here is imported
by the core install. Claims have no peer that runs here (see the README).
"""
from __future__ import annotations

from typing import Callable

PEERS: dict[str, str] = {
    "spacy-sm": "sayso.eval.systems.peers.spacy_entities:SpacyEntities",
    "textacy-quotes": "sayso.eval.systems.peers.textacy_quotes:TextacyQuotes",
}


def get_peer(name: str) -> object:
    """A fresh instance of the named peer (imports its third-party packages only now)."""
    import importlib

    if name not in PEERS:
        raise ValueError(f"Unknown peer {name!r}; choose one of {', '.join(sorted(PEERS))}.")
    module, _, cls = PEERS[name].partition(":")
    factory: Callable[[], object] = getattr(importlib.import_module(module), cls)
    return factory()
