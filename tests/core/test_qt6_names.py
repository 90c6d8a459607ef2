"""Qt6 readiness: every ``Class.attribute`` the plugin takes from ``qgis.PyQt`` exists under PyQt6 (QGIS 4).

PyQt6 drops the unscoped enum names (``Qt.AlignLeft`` is ``Qt.AlignmentFlag.AlignLeft`` there); the scoped
forms also work on PyQt5 5.15, so one code base serves QGIS 3.22 to 4.x. The plugin's source is walked as an
AST and every attribute chain is resolved against PyQt6 from PyPI in a subprocess (PyQt5 and PyQt6 must not
share a process). ``QVariant`` field types are left alone: QGIS 4 shims them until 3.22 support ends.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

SOURCES = [REPO / "__init__.py", *sorted((REPO / "plugin").rglob("*.py"))]
SHIMMED = {"QVariant"}  # QGIS 4 keeps QVariant.Int & co. for field types

RESOLVE = r"""
import importlib, json, sys
uses = json.load(sys.stdin)
missing = []
for module, name, chain, where in uses:
    if chain is None:  # an imported name: it must exist in that PyQt6 module
        if not hasattr(importlib.import_module("PyQt6." + module), name):
            missing.append([where, module + "." + name, "(imported; not in PyQt6." + module + ")"])
        continue
    try:
        obj = getattr(importlib.import_module("PyQt6." + module), name)
    except (ImportError, AttributeError):
        missing.append([where, module + "." + name, "(not in PyQt6)"])
        continue
    for part in chain:
        if not hasattr(obj, part):
            missing.append([where, module + "." + name, ".".join(chain)])
            break
        obj = getattr(obj, part)
print(json.dumps(missing))
"""


def qt_uses(text: str, where: str) -> list[tuple[str, str, list[str], str]]:
    """(Qt module, class, attribute chain, file:line) for each outermost attribute taken from a qgis.PyQt class.

    Methods and members are checked too: a Qt5-only method fails on QGIS 4 just like an unscoped enum.
    """
    tree = ast.parse(text, where)
    imported: dict[str, tuple[str, str]] = {}
    inner: set[int] = set()
    # try: <Qt6 import> / except ImportError: <Qt5 import> — both sides are a deliberate version switch
    guarded = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try) and _catches_import_error(t)
               for stmt in [*t.body, *(s for h in t.handlers for s in h.body)] for n in ast.walk(stmt)}
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("qgis.PyQt."):
            for alias in node.names:
                imported[alias.asname or alias.name] = (node.module.split(".", 2)[2], alias.name)
                if id(node) not in guarded:  # an import with an ImportError fallback is the fallback's business
                    uses.append((node.module.split(".", 2)[2], alias.name, None, f"{where}:{node.lineno}"))
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            inner.add(id(node.value))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or id(node) in inner:
            continue
        chain, base = [], node
        while isinstance(base, ast.Attribute):
            chain.insert(0, base.attr)
            base = base.value
        if isinstance(base, ast.Name) and base.id in imported and base.id not in SHIMMED:
            module, name = imported[base.id]
            uses.append((module, name, chain, f"{where}:{node.lineno}"))
    return uses


def _catches_import_error(node: ast.Try) -> bool:
    return any(isinstance(h.type, ast.Name) and h.type.id in ("ImportError", "ModuleNotFoundError")
               for h in node.handlers)


def all_uses() -> list[tuple[str, str, list[str], str]]:
    return [u for path in SOURCES for u in qt_uses(path.read_text(encoding="utf-8"), str(path.relative_to(REPO)))]


def resolve(uses: list) -> list[list[str]]:
    """The uses PyQt6 does not have, resolved in a subprocess (PyQt5 is loaded here)."""
    probe = subprocess.run([sys.executable, "-c", "import PyQt6.QtCore"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("PyQt6 is not installed in the test venv (make test installs it from PyPI)")
    proc = subprocess.run([sys.executable, "-c", RESOLVE], input=json.dumps(uses), capture_output=True, text=True,
                          check=True, env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    return json.loads(proc.stdout)


def test_the_walker_finds_unscoped_names():
    text = "from qgis.PyQt.QtCore import Qt\na = Qt.AlignLeft\nb = Qt.AlignmentFlag.AlignLeft\n"
    uses = qt_uses(text, "m.py")
    assert [u[2] for u in uses] == [None, ["AlignLeft"], ["AlignmentFlag", "AlignLeft"]]
    assert resolve(uses) == [["m.py:2", "QtCore.Qt", "AlignLeft"]]
    moved = "from qgis.PyQt.QtWidgets import QAction\n"  # QtGui in Qt6
    assert resolve(qt_uses(moved, "a.py")) == [["a.py:1", "QtWidgets.QAction", "(imported; not in PyQt6.QtWidgets)"]]
    guarded = "try:\n    from qgis.PyQt.QtGui import QAction\nexcept ImportError:\n    pass\n"
    assert qt_uses(guarded, "b.py") == []


def test_every_qt_name_exists_in_pyqt6():
    uses = all_uses()
    assert len(uses) > 20  # the walker sees the plugin's Qt enums and flags
    missing = resolve(uses)
    assert not missing, "Qt5-only names (use the scoped enum, e.g. Qt.AlignmentFlag.AlignLeft):\n" + "\n".join(
        f"  {where}: {cls}.{attr}" for where, cls, attr in missing)
