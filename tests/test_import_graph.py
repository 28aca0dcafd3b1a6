"""No import circles inside the package (issue 12 cut build/card/stats and api/report),
counting every import statement: top-level, lazy (inside functions) and TYPE_CHECKING."""
from __future__ import annotations

import re
from pathlib import Path

import sayso

ROOT = Path(sayso.__file__).parent


def import_graph() -> dict[str, set[str]]:
    modules = {".".join(p.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(".__init__"): p
               for p in ROOT.rglob("*.py")}

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = re.findall(r"^\s*(?:from|import) (sayso[\w.]*)", path.read_text(encoding="utf-8"), re.M)
        graph[module] = {t for t in map(resolve, targets) if t and t not in (module, "sayso")}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_checker_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_package_has_no_import_circle():
    graph = import_graph()
    assert "sayso.corpus.gold_corpus" in graph["sayso.corpus.card"]
    assert cycles(graph) == []


def test_the_layer_registry_offers_the_scorers_modes():
    from sayso.eval.attributions import MATCHING as ATTRIBUTION_MATCHING
    from sayso.eval.claims import MATCHING as CLAIM_MATCHING
    from sayso.eval.layers import LAYERS

    assert LAYERS["claims"].modes == CLAIM_MATCHING
    assert LAYERS["attributions"].modes == ATTRIBUTION_MATCHING
