"""The licence rule: which documents may ship their text in the public dataset.

A whitelist, not a blacklist: a licence we do not recognise as permitting
redistribution is treated as forbidding it, so a new source pack can never leak text
by accident. Such documents ship with offsets and hashes only (``text`` is null), and
not at all in configs that cannot exist without text (the token-level ``ner`` config).
"""
from __future__ import annotations

import re

REDISTRIBUTABLE = re.compile(r"^\s*(CC[ -]BY(?:[ -]SA)?[ -]\d(?:\.\d)?|CC0(?:[ -]1\.0)?|public domain)\s*$",
                             re.IGNORECASE)

# What the dataset card says for each licence we ship text under.
ATTRIBUTION = {
    "CC BY 2.5": ("Text from Wikinews (https://en.wikinews.org), CC BY 2.5 "
                  "(https://creativecommons.org/licenses/by/2.5/); authors: Wikinews contributors. "
                  "Each article's page (field `url`) lists its authors and edit history. Changes: markup, "
                  "templates, captions and source sections removed; whitespace normalised (NFC)."),
}


def is_redistributable(licence: str) -> bool:
    """True when the licence lets us publish the document's text.

    >>> is_redistributable("CC BY 2.5"), is_redistributable("All rights reserved")
    (True, False)
    """
    return bool(REDISTRIBUTABLE.match(licence or ""))
