"""Standoff records <-> Label Studio results, both ways, as pure functions.

**Offsets at the boundary.** SaySo counts offsets in Python code points, end-exclusive.
Label Studio 1.23's editor stores ``value.start``/``value.end`` of a region on a ``<Text>``
object in code points too (its editor converts the browser's UTF-16 selection; its own
end-to-end test "Should calculate offsets by code points in text" pins that), and the
server stores and returns whatever offsets it is sent (measured on 1.23.2). So the
boundary convention is: **Label Studio offsets are code points, the same numbers as ours**,
and every region carries ``value.text`` = ``text[start:end]`` so that a disagreement shows.
On the way in, each region's ``value.text`` is checked against the document; when it
only matches under UTF-16 code units (an older editor, a script counting in JavaScript),
the problem says so. :func:`results_to_standoff` takes ``units="utf16"`` to read such an
export on purpose; :func:`utf16_to_codepoint` / :func:`codepoint_to_utf16` do the mapping.

**How the layers are drawn** (see ``annotation/labeling-config.xml``): SENTENCE regions;
entity regions; CLAIM regions with a per-region ``claim_kind``; SOURCE / CUE / CONTENT
regions of the ``role`` control tied by relations. An attribution is anchored on its CUE
(else on its SOURCE, else on its first CONTENT); the anchor carries the per-region choices
``attribution_type`` and ``source_kind`` (read from the linked SOURCE when the cue has
none). Relations: SOURCE–CUE, anchor–CONTENT, SOURCE–entity (``source_entity``),
CLAIM–role region of the attribution it belongs to (``claim``), and child→parent between
any role regions of two attributions (``parent``, the only relation whose direction counts).

Problems (labels outside the config, dangling relations, roles without a relation,
offsets that do not fit the text…) are returned, never raised, each naming the region.

The work is split by job: :mod:`sayso.annotation.offsets` (code points and UTF-16),
:mod:`sayso.annotation.to_studio` (standoff -> results), :mod:`sayso.annotation.from_studio`
(results -> standoff) and :mod:`sayso.annotation.export_file` (a whole JSON export, offline:
``sayso studio convert``). This module names them together.
"""
from __future__ import annotations

from sayso.annotation.from_studio import results_to_standoff
from sayso.annotation.offsets import UNITS, codepoint_to_utf16, utf16_to_codepoint
from sayso.annotation.to_studio import standoff_to_results

__all__ = ["UNITS", "codepoint_to_utf16", "utf16_to_codepoint", "standoff_to_results", "results_to_standoff"]
