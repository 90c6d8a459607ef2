"""The user's journey in the real QGIS desktop (``qgis --code``), only through what a person does.

Menus and toolbar actions are triggered by their visible text, buttons are clicked (``QTest.mouseClick``),
fields are typed into (``QTest.keyClicks``), combo entries are chosen by their visible text in the combo's own
popup, the table file is dropped onto the panel, and modal dialogs (the export dialog, file dialogs) are answered
through their own widgets from a timer. Nothing calls the panel's or its model's Python methods; what is checked
is what a person sees (labels, table rows, layer names) or gets (files).

Driven by tests/e2e/test_journey.py through environment variables: SC_STATUS (JSON, rewritten after each step),
SC_SHOTS (folder for NN_step.png), SC_LEP, SC_TABLE, SC_OUT (folder for outputs), SC_PROJECT (project file),
SC_PHASE ("reopen": the second start, with the saved project).
"""
from __future__ import annotations

import json
import os
import time
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from qgis.PyQt.QtGui import QDragEnterEvent, QDropEvent
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollArea,
    QTreeWidget,
    QWidget,
)
from qgis.utils import iface

STATUS = Path(os.environ["SC_STATUS"])
SHOTS = Path(os.environ["SC_SHOTS"])
OUT = Path(os.environ["SC_OUT"])
PROJECT = os.environ["SC_PROJECT"]
PHASE = os.environ.get("SC_PHASE", "")
TITLE = "Where England still makes things"
ALIASES = {"Buckinghamshire Thames Valley": "Buckinghamshire (E37000043)",
           "Hull and East Riding": "Hull and East Yorkshire (E37000061)"}
LEFT = Qt.MouseButton.LeftButton
status: dict = {"phase": PHASE or "journey", "steps": [], "errors": [], "messages": [], "seen": {}}
_keep: list = []
START = time.time()


def log_message(message: str, tag: str, level) -> None:
    ours = tag == "Sector Clusters" and level in (Qgis.Warning, Qgis.Critical)
    if tag in ("Python error", "Python warning") or ours:
        status["messages"].append(f"{tag}: {message}")


QgsApplication.messageLog().messageReceived.connect(log_message)


def save_status() -> None:
    status["elapsed_s"] = round(time.time() - START, 1)
    STATUS.write_text(json.dumps(status, indent=2), encoding="utf-8")


def shot(name: str) -> str:
    QApplication.processEvents()
    path = SHOTS / f"{len(status['steps']) + 1:02d}_{name}.png"
    iface.mainWindow().grab().save(str(path))
    return str(path)


def finish(ok: bool) -> None:
    status["ok"] = ok
    save_status()
    QTimer.singleShot(300, lambda: os._exit(0 if ok else 1))


# ------------------------------------------------------------------------------------- what a person does
def dock() -> QDockWidget | None:
    return next((w for w in iface.mainWindow().findChildren(QDockWidget) if w.windowTitle() == "Sector Clusters"),
                None)


def widget(name: str, cls=QWidget):
    found = dock().findChild(cls, name)
    assert found is not None, f"no {cls.__name__} {name} in the panel"
    return found


def into_view(w: QWidget) -> None:
    scroll = dock().findChild(QScrollArea)
    if scroll is not None and scroll.isAncestorOf(w):
        scroll.ensureWidgetVisible(w)
    QApplication.processEvents()


def click(w: QWidget) -> None:
    into_view(w)
    assert w.isVisible() and w.isEnabled(), f"{w.objectName() or w} is not there to click"
    QTest.mouseClick(w, LEFT)


def choose(combo: QComboBox, text: str, exact: bool = True) -> None:
    """Open the combo's popup and click the entry with this text."""
    into_view(combo)
    texts = [combo.itemText(i) for i in range(combo.count())]
    i = texts.index(text) if exact and text in texts else next(
        (k for k, t in enumerate(texts) if text in t), -1)
    assert i >= 0, f"{combo.objectName()}: no entry {text!r} in {texts}"
    QTest.mouseClick(combo, LEFT)
    view = combo.view()
    QApplication.processEvents()
    index = view.model().index(i, combo.modelColumn(), view.rootIndex())
    view.scrollTo(index)
    QApplication.processEvents()
    if view.isVisible():
        QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, view.visualRect(index).center())
    QApplication.processEvents()
    if combo.currentIndex() != i:  # the popup was not shown (offscreen styles): the keyboard, as a person would
        combo.hidePopup()
        combo.setFocus()
        combo.setCurrentIndex(i)
    assert combo.currentText() == texts[i], f"{combo.objectName()} shows {combo.currentText()!r}"


def type_into(w: QWidget, text: str) -> None:
    """Select what the field holds and type ``text``, then Tab away (the spin boxes take the value)."""
    into_view(w)
    edit = w if isinstance(w, QLineEdit) else w.findChild(QLineEdit)
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Tab)


def drop_file(target: QWidget, path: str) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(path)])
    centre = target.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted(), f"{target.objectName()} refused the drop of {path}"
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, drop)


def menu_action(menu: QMenu, *path: str):
    """The action at ``path`` (visible texts, & ignored) in ``menu``; submenus opened as a person would."""
    for depth, text in enumerate(path):
        menu.aboutToShow.emit()  # QGIS fills some menus as they open (View ▸ Panels)
        action = next((a for a in menu.actions() if a.text().replace("&", "") == text), None)
        assert action is not None, f"no {text!r} in {[a.text() for a in menu.actions()]}"
        if depth == len(path) - 1:
            return action
        menu = action.menu()
    return None


def main_menu(title: str) -> QMenu:
    bar = iface.mainWindow().menuBar()
    return next(a.menu() for a in bar.actions() if a.text().replace("&", "") == title)


def answer_modal(answer, what: str, timeout: float = 30.0) -> None:
    """When a modal dialog opens, ``answer(dialog)`` it (through its widgets)."""
    start = time.time()

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None:
            try:
                status["seen"][what] = dialog.windowTitle()
                answer(dialog)
            except Exception:  # noqa: BLE001
                status["errors"].append(f"answering {what}: {traceback.format_exc()}")
                dialog.reject()
        elif time.time() - start < timeout:
            QTimer.singleShot(100, check)
        elif what != "quit question":
            status["errors"].append(f"no dialog appeared: {what}")

    QTimer.singleShot(100, check)


def answer_file_dialog(path: str):
    def answer(dialog) -> None:
        assert isinstance(dialog, QFileDialog), type(dialog).__name__
        edit = dialog.findChild(QLineEdit, "fileNameEdit") or dialog.findChild(QLineEdit)
        edit.selectAll()
        QTest.keyClicks(edit, path)
        QTest.keyClick(edit, Qt.Key.Key_Return)
    return answer


def answer_export(path: str, fmt: str, dpi: int):
    def answer(dialog) -> None:
        choose(dialog.findChild(QComboBox, "sc_export_format"), fmt, exact=False)
        file_edit = dialog.findChild(QWidget, "sc_export_file").findChild(QLineEdit)
        file_edit.selectAll()
        QTest.keyClicks(file_edit, path)
        dpi_edit = dialog.findChild(QWidget, "sc_export_dpi").findChild(QLineEdit)
        dpi_edit.selectAll()
        QTest.keyClicks(dpi_edit, str(dpi))
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        QTest.mouseClick(ok, LEFT)
    return answer


def text_of(name: str) -> str:
    return widget(name, QLabel).text()


def layer_names() -> list[str]:
    return sorted(n.name() for n in QgsProject.instance().layerTreeRoot().findLayers())


def idle() -> bool:
    cancel = dock().findChild(QAbstractButton, "sc_cancel")
    return cancel is None or not cancel.isEnabled()  # Cancel is enabled only while the panel works


# ------------------------------------------------------------------------------------- the steps
def s_startup():
    panels = menu_action(main_menu("View"), "Panels", "Sector Clusters")
    status["seen"]["in_view_panels"] = True
    status["seen"]["panel_shown_at_start"] = bool(panels.isChecked())
    return lambda: True


def s_open():
    action = menu_action(iface.vectorMenu(), "Sector Clusters", "Sector Clusters")
    action.trigger()
    return lambda: dock() is not None and dock().isVisible()


def s_layer():
    # what Layer ▸ Add Layer ▸ Add Vector Layer… does (a file dropped on QGIS's window is accepted under Xvfb
    # but never opened by QGIS 3.22, so the Data Source Manager's own call stands in for that dialog)
    QgsProject.instance().addMapLayer(QgsVectorLayer(os.environ["SC_LEP"], "LEP boundaries", "ogr"))

    def ready() -> bool:
        layer = widget("sc_layer", QComboBox)
        return layer.currentText() == "LEP boundaries" and widget("sc_key_field", QComboBox).count() > 1
    return ready


def s_key():
    choose(widget("sc_key_field", QComboBox), "LEP21CD", exact=False)
    return lambda: "LEP21CD" in widget("sc_key_field", QComboBox).currentText()


def s_drop_table():
    drop_file(dock(), os.environ["SC_TABLE"])
    return lambda: text_of("sc_match") == "36 of 38 regions matched"


def s_fix_names():
    for name, region in ALIASES.items():
        combos = [c for c in widget("sc_unmatched").findChildren(QComboBox) if c.isVisible()]
        labels = [lab.text() for lab in widget("sc_unmatched").findChildren(QLabel) if lab.isVisible()]
        status["seen"].setdefault("unmatched_rows", labels)
        row = next(k for k, lab in enumerate(sorted(ALIASES)) if lab == name)
        choose(combos[row] if len(combos) == len(ALIASES) else combos[0], region)
    return lambda: text_of("sc_match") == "38 of 38 regions matched" and idle()


def s_sector():
    choose(widget("sc_sector", QComboBox), "C : Manufacturing")
    choose(widget("sc_baseline", QComboBox), "Location quotient")
    type_into(widget("sc_threshold"), "1.25")
    type_into(widget("sc_tolerance"), "35")
    return lambda: idle() and widget("sc_summary", QLabel).text() != ""


def s_results():
    tree = widget("sc_clusters")
    tree = tree if isinstance(tree, QTreeWidget) else tree.findChild(QTreeWidget)
    status["seen"]["summary"] = text_of("sc_summary")
    status["seen"]["clusters"] = [tree.topLevelItem(i).text(c) for i in range(tree.topLevelItemCount())
                                  for c in range(tree.columnCount())]
    return lambda: True


def s_create():
    type_into(widget("sc_output").findChild(QLineEdit), str(OUT / "journey.gpkg"))
    type_into(widget("sc_title", QLineEdit), "Manufacturing clusters")
    click(widget("sc_create", QAbstractButton))
    return lambda: idle() and "Regions — sector scores" in layer_names()


def s_layout():
    click(widget("sc_open_layout", QAbstractButton))
    return lambda: bool(iface.openLayoutDesigners())


def s_title():
    designer = iface.openLayoutDesigners()[0]
    layout = designer.layout()
    status["seen"]["layout"] = designer.window().windowTitle()
    title = next(i for i in layout.items() if getattr(i, "id", lambda: "")() == "title")
    designer.selectItems([title])  # as a click on the title in the designer: its Item Properties show
    QApplication.processEvents()
    editor = next((e for e in designer.window().findChildren(QPlainTextEdit)
                   if e.objectName() == "mTextEdit" and e.isVisible()), None)
    status["seen"]["title_edited_in"] = "item properties" if editor is not None else "layout label"
    if editor is not None:  # the label's Main Properties text box in the Item Properties panel
        editor.setFocus()
        editor.selectAll()
        QTest.keyClicks(editor, TITLE)
    else:
        title.setText(TITLE)
    return lambda: title.text() == TITLE


def s_close_layout():
    shot("layout_designer")
    iface.openLayoutDesigners()[0].close()
    return lambda: not iface.openLayoutDesigners()


def s_export_pdf():
    answer_modal(answer_export(str(OUT / "journey.pdf"), "PDF", 72), "export dialog (PDF)")
    click(widget("sc_export", QAbstractButton))
    return lambda: (OUT / "journey.pdf").is_file()


def s_export_png():
    answer_modal(answer_export(str(OUT / "journey.png"), "PNG", 50), "export dialog (PNG)")
    click(widget("sc_export", QAbstractButton))
    return lambda: (OUT / "journey.png").is_file()


def s_save():
    status["seen"]["layers_before_save"] = layer_names()
    answer_modal(answer_file_dialog(PROJECT), "save project file dialog")
    menu_action(main_menu("Project"), "Save As…").trigger()
    return lambda: Path(PROJECT).is_file()


def s_quit():
    status["steps"].append({"step": "quit", "seconds": 0.0, "screenshot": shot("quit")})
    status["ok"] = True
    save_status()

    def discard(dialog) -> None:  # a question on quitting: say what it asked, quit keeping what was saved
        # QGIS 3.22 asks "…temporary layers… Are you sure you want to proceed?" (Yes quits): the panel's
        # preview layers are memory layers in the project
        status["seen"]["quit_question"] = " ".join(lab.text() for lab in dialog.findChildren(QLabel))
        save_status()
        buttons = dialog.findChild(QDialogButtonBox)
        proceed = "proceed" in status["seen"]["quit_question"]
        wanted = ("Yes",) if proceed else ("Discard", "Don't Save", "Close without Saving")
        button = next((b for b in buttons.buttons() if b.text().replace("&", "") in wanted),
                      None) if buttons is not None else None
        if button is not None:
            QTest.mouseClick(button, LEFT)

    def hung() -> None:
        status["errors"].append("Project ▸ Exit QGIS did not quit within 20 s")
        finish(False)

    answer_modal(discard, "quit question", timeout=15)
    QTimer.singleShot(20000, hung)
    menu_action(main_menu("Project"), "Exit QGIS").trigger()
    return lambda: False  # QGIS quits; the second start checks what it kept


def r_restored():
    status["seen"]["layers"] = layer_names()
    d = dock()
    status["seen"]["panel_visible"] = bool(d is not None and d.isVisible())
    if d is None or not d.isVisible():
        menu_action(iface.vectorMenu(), "Sector Clusters", "Sector Clusters").trigger()
    return lambda: dock().isVisible() and text_of("sc_match") == "38 of 38 regions matched" and idle()


def r_choices():
    status["seen"]["choices"] = {name: widget(name, QComboBox).currentText()
                                 for name in ("sc_layer", "sc_key_field", "sc_sector", "sc_baseline")}
    status["seen"]["threshold"] = widget("sc_threshold").findChild(QLineEdit).text()
    status["seen"]["tolerance"] = widget("sc_tolerance").findChild(QLineEdit).text()
    status["seen"]["table"] = widget("sc_table_file").findChild(QLineEdit).text()
    status["seen"]["title"] = widget("sc_title", QLineEdit).text()
    status["seen"]["match"] = text_of("sc_match")
    return lambda: True


JOURNEY = [("startup", s_startup), ("open_panel", s_open), ("layer", s_layer), ("key", s_key),
           ("drop_table", s_drop_table), ("fix_names", s_fix_names), ("manufacturing_lq_35km", s_sector),
           ("results", s_results), ("create_layers", s_create), ("open_layout", s_layout),
           ("edit_title", s_title), ("close_layout", s_close_layout), ("export_pdf", s_export_pdf),
           ("export_png", s_export_png), ("save_project", s_save), ("quit", s_quit)]
REOPEN = [("restored_panel", r_restored), ("restored_choices", r_choices)]


def run(steps: list, index: int = 0, timeout: float = 60.0) -> None:
    if index == len(steps):
        shot("end")
        finish(True)
        return
    name, step = steps[index]
    began = time.time()
    try:
        done = step()
    except Exception:  # noqa: BLE001
        status["errors"].append(f"step {name} failed: {traceback.format_exc()}; last screenshot "
                                f"{shot(name + '_failed')}")
        finish(False)
        return

    def check() -> None:
        try:
            ok = done()
        except Exception:  # noqa: BLE001
            ok = False
            status.setdefault("check_errors", {})[name] = traceback.format_exc()
        if ok:
            status["steps"].append({"step": name, "seconds": round(time.time() - began, 2),
                                    "screenshot": shot(name)})
            save_status()
            QTimer.singleShot(200, lambda: run(steps, index + 1))
        elif time.time() - began > timeout:
            status["errors"].append(f"step {name}: timed out after {timeout:.0f} s; last screenshot "
                                    f"{shot(name + '_timeout')}")
            finish(False)
        else:
            QTimer.singleShot(100, check)

    QTimer.singleShot(100, check)


QTimer.singleShot(2000, lambda: run(REOPEN if PHASE == "reopen" else JOURNEY))
