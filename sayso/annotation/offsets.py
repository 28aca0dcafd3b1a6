"""Offsets at the Label Studio boundary: SaySo counts code points; JavaScript counts
UTF-16 code units. Label Studio 1.23 stores code points (see :mod:`sayso.annotation.convert`);
these functions map an export that counted UTF-16 units.
"""
from __future__ import annotations

UNITS = ("codepoint", "utf16")


def codepoint_to_utf16(text: str, offset: int) -> int:
    """The UTF-16 code-unit offset of code-point ``offset`` in ``text``.

    >>> codepoint_to_utf16("😀ab", 2)
    3
    """
    return offset + sum(1 for ch in text[:offset] if ord(ch) > 0xFFFF)


def utf16_to_codepoint(text: str, offset: int) -> int | None:
    """The code-point offset of UTF-16 offset ``offset``; None inside a surrogate pair or past the end.

    >>> utf16_to_codepoint("😀ab", 3), utf16_to_codepoint("😀ab", 1)
    (2, None)
    """
    units = 0
    for index, ch in enumerate(text):
        if units == offset:
            return index
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > offset:
            return None
    return len(text) if units == offset else None


