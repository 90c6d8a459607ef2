"""The plugin's layers import one way only: core ← steps ← gis ← (processing, ui) (docs/architecture.md).

Why: the core and the steps run without QGIS (tests, ``make demo``, a worker thread on plain data), and a step
that reached into gis would need QGIS again; processing and the panel are two front ends on the same steps,
so neither may depend on the other.

Read from the source (the AST of every module under plugin/, imports inside functions and under
TYPE_CHECKING too), so nothing is imported to check it:

* core imports nothing of the plugin and never Qt or QGIS;
* steps imports core and the shared top-level modules, never Qt or QGIS;
* gis imports core and steps; processing imports core, steps and gis; ui imports core, steps and gis;
  processing and ui never import each other;
* the shared top-level modules (``i18n``, ``help_pages``) are leaves every layer but core may import: they
  import nothing of the layers (only each other);
* the other top-level modules (``main.py`` starts the plugin, ``headless.py`` runs it without a desktop,
  ``__init__.py`` is QGIS's entry point) put the layers together and may import anything.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PLUGIN = Path(__file__).resolve().parents[2] / "plugin"
QT = ("qgis", "PyQt5", "PyQt6", "PyQt")
SHARED = frozenset({"i18n", "help_pages"})  # top-level leaves any layer but core may import
FREE = frozenset({"__init__", "main", "headless"})  # top-level modules that may import anything
LAYERS = ("core", "steps", "gis", "processing", "ui")
MAY_IMPORT = {
    "core": frozenset(),
    "steps": frozenset({"core"}) | SHARED,
    "gis": frozenset({"core", "steps"}) | SHARED,
    "processing": frozenset({"core", "steps", "gis"}) | SHARED,
    "ui": frozenset({"core", "steps", "gis"}) | SHARED,
    "shared": SHARED,  # i18n, help_pages: only each other
}
WITHOUT_QT = frozenset({"core", "steps"})


def module_name(path: Path) -> str:
    parts = path.relative_to(PLUGIN.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(path: Path) -> str | None:
    """The layer a module belongs to; None for the top-level modules that may import anything."""
    parts = path.relative_to(PLUGIN).parts
    if len(parts) > 1:
        return parts[0]
    stem = path.stem
    if stem in SHARED:
        return "shared"
    return None if stem in FREE else stem


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) of every import in the file, relative ones resolved."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            if node.module:
                out.append((node.lineno, ".".join([*base, node.module])))
            else:  # from . import options, words
                out += [(node.lineno, ".".join([*base, a.name])) for a in node.names]
    return out


def offences(path: Path) -> list[str]:
    """What ``path`` imports that its layer may not, as 'module:line imports target (why)'."""
    layer = layer_of(path)
    if layer is None:
        return []
    where = f"{module_name(path)} ({path.relative_to(PLUGIN.parent)})"
    out = []
    for line, target in imports(path):
        parts = target.split(".")
        if parts[0] in QT and layer in WITHOUT_QT:
            out.append(f"{where}:{line} imports {target} (the {layer} layer runs without Qt and QGIS)")
        if parts[0] != "plugin" or len(parts) < 2:
            continue
        other = parts[1]
        if other == layer:
            continue
        if other not in MAY_IMPORT[layer]:
            allowed = ", ".join(sorted(MAY_IMPORT[layer])) or "nothing of the plugin"
            out.append(f"{where}:{line} imports {target} (the {layer} layer may import {allowed})")
    return out


def modules() -> list[Path]:
    return sorted(PLUGIN.rglob("*.py"))


def test_every_module_has_a_layer():
    """A new top-level module is either a shared leaf or free, said here; a new folder is a new layer."""
    unknown = sorted({str(layer_of(p)) for p in modules()} - {*LAYERS, "shared", "None"})
    assert not unknown, f"modules outside the layers {LAYERS}: {unknown}; add them to SHARED, FREE or a layer"


@pytest.mark.parametrize("layer", [*LAYERS, "shared"])
def test_layers_import_one_way(layer):
    found = [o for p in modules() if layer_of(p) == layer for o in offences(p)]
    assert not found, "imports against the layers (core ← steps ← gis ← processing, ui):\n" + "\n".join(found)


def test_core_imports_no_qgis():
    """Kept by name: the core never imports Qt or QGIS (the oldest of these rules)."""
    found = [o for p in (PLUGIN / "core").glob("*.py") for o in offences(p) if "without Qt" in o]
    assert not found, "\n".join(found)


def test_the_check_names_the_module_and_the_import(tmp_path, monkeypatch):
    """The check itself: a step importing gis is reported with the module, the line and the import."""
    fake = tmp_path / "plugin"
    (fake / "steps").mkdir(parents=True)
    bad = fake / "steps" / "bad.py"
    bad.write_text("from ..core import codes\n\n\ndef f():\n    from ..gis.reading import read_layer_keys\n"
                   "    import qgis.core\n")
    monkeypatch.setitem(globals(), "PLUGIN", fake)
    found = offences(bad)
    assert found == [
        "plugin.steps.bad (plugin/steps/bad.py):5 imports plugin.gis.reading (the steps layer may import core, "
        "help_pages, i18n)",
        "plugin.steps.bad (plugin/steps/bad.py):6 imports qgis.core (the steps layer runs without Qt and QGIS)"]
