"""Reading JSON Lines strictly, with a problem per bad line instead of a crash at the first.

Python's ``json`` module accepts things a data file should not hold and crashes on
others. Every reader of SaySo's files goes through :func:`parse_json_line`, which turns
each of these into a :class:`JsonLineError` with a one-line reason:

* bytes that are not UTF-8 (``UnicodeDecodeError`` otherwise);
* nesting deeper than :data:`MAX_DEPTH` (``RecursionError`` otherwise, from 1,000 levels);
* an integer of more than 4,300 digits (``ValueError`` otherwise: Python's limit);
* duplicate keys in an object (silently "last one wins" otherwise);
* ``NaN``, ``Infinity`` (not JSON);
* a string with a lone surrogate escape such as ``"\\ud800"`` (cannot be written as UTF-8).
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from sayso.errors import Problem

# Deep enough for any SaySo record (a span inside a list inside an attribution inside a
# layer is depth 5) and far below the interpreter's recursion limit.
MAX_DEPTH = 64
# Only a \uD800-\uDFFF escape can put a surrogate into a decoded string: look for one
# before walking the value.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")


class JsonLineError(ValueError):
    """One line is not acceptable JSON; ``str(exc)`` says why, in a phrase."""


class _DuplicateKey(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return obj


def _no_constant(name: str) -> Any:
    raise JsonLineError(f"{name} is not a JSON number")


_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_constant=_no_constant)


def check_value(value: Any, *, depth: bool = True, strings: bool = True) -> None:
    """Depth and lone surrogates of a parsed value, without recursion; :class:`JsonLineError`."""
    check_strings = strings
    if not depth and not check_strings:
        return
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            if level > MAX_DEPTH:
                raise JsonLineError(f"nested more than {MAX_DEPTH} levels deep")
            if check_strings:
                stack.extend((k, level) for k in item)
            stack.extend((v, level + 1) for v in item.values())
        elif isinstance(item, list):
            if level > MAX_DEPTH:
                raise JsonLineError(f"nested more than {MAX_DEPTH} levels deep")
            stack.extend((v, level + 1) for v in item)
        elif check_strings and isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                raise JsonLineError(f"string {item[:20]!r}… holds a lone surrogate escape (not valid Unicode)") from None


def decode_line(raw: bytes, number: int = 1) -> str:
    """A line's bytes as text; :class:`JsonLineError` if they are not UTF-8."""
    try:
        return raw.decode("utf-8-sig" if number == 1 else "utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start:exc.start + 1].hex()
        raise JsonLineError(f"not valid UTF-8 (byte 0x{bad} at byte {exc.start + 1} of the line)") from None


def parse_json_line(raw: str | bytes, number: int = 1, *, check_depth: bool = True) -> Any:
    """One line of JSON Lines, parsed strictly; :class:`JsonLineError` says what is wrong.

    ``check_depth=False`` leaves the depth check to the caller (:func:`check_value`), for
    readers that know the shape of most of the value and need not walk all of it.
    """
    text = decode_line(raw, number) if isinstance(raw, bytes) else raw
    try:
        value = _DECODER.decode(text)
    except json.JSONDecodeError as exc:
        raise JsonLineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except _DuplicateKey as exc:
        raise JsonLineError(f"duplicate key {exc.args[0]!r} in an object") from None
    except RecursionError:
        raise JsonLineError(f"nested more than {MAX_DEPTH} levels deep") from None
    except JsonLineError:
        raise
    except ValueError:  # Python's limit on the digits of an integer (sys.get_int_max_str_digits)
        raise JsonLineError("an integer has more digits than Python reads (4,300)") from None
    few_brackets = text.count("[") + text.count("{") <= MAX_DEPTH  # then it cannot be too deep
    check_value(value, depth=check_depth and not few_brackets, strings=has_surrogate_escape(text))
    return value


def has_surrogate_escape(text: str) -> bool:
    """True if ``text`` might decode to a string with a lone surrogate."""
    return bool(_SURROGATE_ESCAPE.search(text))


def numbered_lines(source: Iterable[str | bytes]) -> Iterator[tuple[int, str | bytes]]:
    """``(line number, line)`` of every non-blank line."""
    for number, raw in enumerate(source, start=1):
        if raw.strip():
            yield number, raw


def parsed_lines(path: str | Path, todo: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """``(line number, parsed value)`` for every non-blank, acceptable line of ``path``.

    A line that is not acceptable JSON is appended to ``problems`` (with ``todo`` as the
    advice) and skipped, so callers can report every bad line in one run.
    """
    with Path(path).open("rb") as handle:
        for number, raw in numbered_lines(handle):
            try:
                yield number, parse_json_line(raw, number)
            except JsonLineError as exc:
                problems.append(Problem(str(path), number, None, str(exc), todo))


def json_lines(path: Path, todo: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """Kept for callers: :func:`parsed_lines` (which it is)."""
    return parsed_lines(path, todo, problems)
