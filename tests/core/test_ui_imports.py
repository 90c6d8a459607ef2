"""The panel's modules (plugin/ui) import each other one way: no circle, not even through a function-local import.

A circle (model -> outputs -> model) means neither module can be read, tested or changed without the other;
the graph is built from the source by AST, so no module is imported (no QGIS needed)."""
from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "plugin" / "ui"


def _module(path: Path) -> str:
    rel = path.relative_to(UI).with_suffix("")
    return ".".join(p for p in rel.parts if p != "__init__")


def _imports(path: Path, modules: set[str]) -> set[str]:
    """The ui modules ``path`` imports (``from . import x``, ``from .x import y``, ``from ..ui.x import y``)."""
    here = _module(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.ImportFrom) or not node.level:
            continue
        if node.level - 1 > len(package):  # above plugin/ui: "..ui.x" names a ui module again
            parts = (node.module or "").split(".")
            if parts[0] != "ui":
                continue
            base = parts[1:]
        else:
            base = package[:len(package) - (node.level - 1)] + ((node.module or "").split(".") if node.module else [])
        for alias in node.names:
            for name in (".".join([*base, alias.name]), ".".join(base)):
                if name in modules:
                    out.add(name)
                    break
    out.discard(_module(path))
    return out


def ui_graph() -> dict[str, set[str]]:
    paths = sorted(UI.rglob("*.py"))
    modules = {_module(p) for p in paths}
    return {_module(p): _imports(p, modules) for p in paths}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle as [a, b, …, a], or [] when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return path[path.index(node):] + [node]
        if node in done:
            return []
        for nxt in sorted(graph.get(node, ())):
            found = visit(nxt, [*path, node])
            if found:
                return found
        done.add(node)
        return []

    for start in sorted(graph):
        found = visit(start, [])
        if found:
            return found
    return []


def test_graph_sees_the_panel_modules():
    graph = ui_graph()
    assert "model" in graph and "dock" in graph
    assert "model" in graph["dock"] or any("model" in deps for deps in graph.values())


def test_a_circle_is_found():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_among_ui_modules():
    cycle = find_cycle(ui_graph())
    assert not cycle, "ui modules import each other in a circle: " + " -> ".join(cycle)
