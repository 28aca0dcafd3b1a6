"""Systems other than SaySo's own baselines: *peers* (the tools users would pick instead)
and *models* (any OpenAI-compatible chat server, :mod:`sayso.eval.systems.llm`).

Each kind of system says what it is, so that the leaderboard can put a "kind" column
next to every row: ``baseline`` (ours), ``peer`` (a third-party tool, exact version
named) or ``model`` (a language model with a versioned prompt). Peers and the HTTP
harness live in optional extras of pyproject.toml and are imported only when they run.
"""
from __future__ import annotations

SYSTEM_KINDS: tuple[str, ...] = ("baseline", "peer", "model")
