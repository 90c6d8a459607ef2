"""Every slot the plugin connects to a Qt signal is safe with that signal's arguments, and the Export… button
exports when clicked.

A signal passes its arguments positionally: ``clicked(bool)`` fills the first positional parameter of the slot.
A slot ``export_dialog(self, run=None)`` thus got ``run=False`` on every click ("'bool' object is not
callable") while every test called it directly. The walk below reads every ``<signal>.connect(<slot>)`` in the
plugin's source, finds the slot's definition (a method, a local function or a lambda) and fails on any
positional parameter with a default that the signal's arguments would fill. How many arguments a signal sends
is read from Qt's and QGIS's own meta-objects and from the plugin's ``pyqtSignal`` declarations (the largest
overload counts); a signal the walk cannot name counts as sending any number.
"""
from __future__ import annotations

import ast
import importlib
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
from qgis.core import QgsProject
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QMetaMethod, Qt, QTimer
from qgis.PyQt.QtGui import QImage
from qgis.PyQt.QtWidgets import QApplication, QComboBox, QDialogButtonBox, QLineEdit

from tests.qgis.panel_fixtures import MANUFACTURING, WAIT, field_for, load_bres, pdf_text, pick_sector, wait_idle

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)
PLUGIN = Path(__file__).resolve().parents[2] / "plugin"
ANY = 99  # a signal the walk cannot name: it may send any number of arguments
QT_MODULES = ("qgis.PyQt.QtCore", "qgis.PyQt.QtGui", "qgis.PyQt.QtWidgets", "qgis.core", "qgis.gui")


@lru_cache(maxsize=1)
def qt_signal_arity() -> dict[str, int]:
    """Signal name → the most arguments any Qt or QGIS class's signal of that name sends."""
    arity: dict[str, int] = {}
    for name in QT_MODULES:
        module = importlib.import_module(name)
        for attr in dir(module):
            meta = getattr(getattr(module, attr, None), "staticMetaObject", None)
            if meta is None or not hasattr(meta, "methodCount"):
                continue
            for i in range(meta.methodCount()):
                method = meta.method(i)
                if method.methodType() == QMetaMethod.MethodType.Signal:
                    signal = bytes(method.name()).decode()
                    arity[signal] = max(arity.get(signal, 0), method.parameterCount())
    return arity


def plugin_sources() -> dict[Path, ast.Module]:
    return {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(PLUGIN.rglob("*.py"))
            if "core" not in path.relative_to(PLUGIN).parts}  # the core never touches Qt


def own_signal_arity(trees: dict[Path, ast.Module]) -> dict[str, int]:
    """``name = pyqtSignal(types…)`` in the plugin: name → number of arguments."""
    out: dict[str, int] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and getattr(node.value.func, "id", "") == "pyqtSignal"):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        out[target.id] = max(out.get(target.id, 0), len(node.value.args))
    return out


def filled_defaults(args: ast.arguments, is_method: bool, sent: int) -> list[str]:
    """Positional parameters with a default that ``sent`` signal arguments would fill."""
    positional = [a.arg for a in args.posonlyargs + args.args][1 if is_method else 0:]
    first_default = len(positional) - len(args.defaults)
    return [name for i, name in enumerate(positional) if i >= first_default and i < sent]


def connect_calls(node: ast.AST, cls: ast.ClassDef | None, func: ast.FunctionDef | None, where: str, out: list):
    """Collect every ``signal.connect(slot)`` under ``node`` with its enclosing class and function."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.ClassDef):
            connect_calls(child, child, None, where, out)
            continue
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            connect_calls(child, cls, child, where, out)
            continue
        if (isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute) and child.func.attr == "connect"
                and len(child.args) == 1 and ast.unparse(child.func.value) != "sqlite3"):
            target = child.func.value  # ``x.clicked``: named; ``signal`` (a variable): unknown
            signal = target.attr if isinstance(target, ast.Attribute) else None
            out.append((f"{where}:{child.lineno}", signal, child.args[0], cls, func))
        connect_calls(child, cls, func, where, out)


def connections(trees: dict[Path, ast.Module]) -> list:
    """Every ``signal.connect(slot)``: (where, signal name or None, slot node, enclosing class, enclosing def)."""
    out: list = []
    for path, tree in trees.items():
        connect_calls(tree, None, None, str(path.relative_to(PLUGIN.parent)), out)
    return out


def methods_named(trees: dict[Path, ast.Module], name: str, cls: ast.ClassDef | None):
    """The plugin's definitions of method ``name``: the enclosing class's own if it has one, else any class's."""
    def own(c):
        return [n for n in c.body if isinstance(n, ast.FunctionDef) and n.name == name]

    if cls is not None and own(cls):
        return own(cls)
    return [f for tree in trees.values() for c in ast.walk(tree) if isinstance(c, ast.ClassDef) for f in own(c)]


def unsafe_slots() -> tuple[list[str], int]:
    trees = plugin_sources()
    arity = {**qt_signal_arity(), **own_signal_arity(trees)}
    problems, checked = [], 0
    for where, signal, slot, cls, func in connections(trees):
        sent = arity.get(signal, ANY) if signal is not None else ANY
        if isinstance(slot, ast.Lambda):
            found = [(slot.args, False)]
        elif isinstance(slot, ast.Name):  # a local function or a module-level one
            scope = func.body if func is not None else []
            defs = [n for n in scope if isinstance(n, ast.FunctionDef) and n.name == slot.id]
            found = [(d.args, False) for d in defs]
        elif isinstance(slot, ast.Attribute):
            receiver_is_self = isinstance(slot.value, ast.Name) and slot.value.id == "self"
            found = [(d.args, True) for d in methods_named(trees, slot.attr, cls if receiver_is_self else None)]
        else:
            found = []
        for args, is_method in found:  # nothing found: a Qt method (setText…) or a signal, safe by type
            checked += 1
            filled = filled_defaults(args, is_method, sent)
            if filled:
                problems.append(f"{where}: {ast.unparse(slot)} connected to {signal or 'a signal'} "
                                f"({sent if sent != ANY else 'any number of'} arguments) would get {filled}")
    return problems, checked


def test_no_slot_has_a_default_a_signal_would_fill():
    problems, checked = unsafe_slots()
    assert checked > 20, "the walk found the panel's slots"
    assert not problems, "\n".join(problems)


def test_the_walk_finds_a_slot_whose_default_a_click_fills():
    """The walk itself: the old Export… slot is caught, the keyword-only one is not."""
    old = ast.parse("def export_dialog(self, run=None): pass").body[0]
    new = ast.parse("def export_dialog(self, *, run=None): pass").body[0]
    clicked = qt_signal_arity()["clicked"]
    assert clicked == 1
    assert filled_defaults(old.args, True, clicked) == ["run"]
    assert filled_defaults(new.args, True, clicked) == []
    assert filled_defaults(ast.parse("lambda _i, v=1: v", mode="eval").body.args, False, 1) == []
    assert filled_defaults(ast.parse("lambda v=1: v", mode="eval").body.args, False, 1) == ["v"]


# ------------------------------------------------------------------------------------- the button itself
def answer_export_dialog(found: list, path: Path, fmt_label: str, dpi: int) -> None:
    """As a person: pick the format by its text, type the file name, set the resolution, press OK."""
    from qgis.PyQt.QtTest import QTest

    dialog = QApplication.activeModalWidget()
    if dialog is None or dialog.objectName() != "sc_export_dialog":
        QTimer.singleShot(100, lambda: answer_export_dialog(found, path, fmt_label, dpi))
        return
    found.append(dialog.windowTitle())
    combo = dialog.findChild(QComboBox, "sc_export_format")
    combo.setCurrentIndex(combo.findText(fmt_label))
    edit = dialog.findChild(QgsFileWidget, "sc_export_file").lineEdit()
    edit.selectAll()
    QTest.keyClicks(edit, str(path))
    dpi_box = dialog.findChild(QLineEdit, "qt_spinbox_lineedit")
    dpi_box.selectAll()
    QTest.keyClicks(dpi_box, str(dpi))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    QTest.mouseClick(ok, Qt.MouseButton.LeftButton)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_clicking_export_writes_the_files(dock, qtbot, project, lep_path, bres2020, tmp_path):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    wait_idle(qtbot, dock)
    dock.output.output_widget.setFilePath(str(tmp_path / "clusters.gpkg"))
    qtbot.mouseClick(dock.output.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    dock.output.title_edit.setText("Makers of England")
    assert dock.output.export_button.isEnabled()

    shown: list[str] = []
    QTimer.singleShot(100, lambda: answer_export_dialog(shown, tmp_path / "map.pdf", "PDF (vector, text kept as "
                                                        "text)", 72))
    qtbot.mouseClick(dock.output.export_button, Qt.MouseButton.LeftButton)
    assert shown == ["Export the map"]
    pdf = tmp_path / "map.pdf"
    assert pdf.is_file()
    assert "Makers of England" in pdf_text(str(pdf))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.276 pts (A4)" in info or "842 x 595 pts (A4)" in info, info

    QTimer.singleShot(100, lambda: answer_export_dialog(shown, tmp_path / "map.png", "PNG image", 50))
    qtbot.mouseClick(dock.output.export_button, Qt.MouseButton.LeftButton)
    assert shown == ["Export the map"] * 2
    image = QImage(str(tmp_path / "map.png"))
    assert (image.width(), image.height()) == (585, 413)  # A4 landscape at 50 dpi
    assert not [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name().endswith(".png")]
