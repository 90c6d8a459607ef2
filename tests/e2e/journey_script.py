"""The user's journey in the real QGIS desktop (``qgis --code``), only through what a person does.

Menus and toolbar actions are triggered by their visible text, buttons are clicked (``QTest.mouseClick``),
fields are typed into (``QTest.keyClicks``), combo entries are chosen by their visible text in the combo's own
popup, the table file is dropped onto the panel, and modal dialogs (the export dialog, file dialogs) are answered
through their own widgets from a timer. Nothing calls the panel's or its model's Python methods; what is checked
is what a person sees (labels, table rows, layer names) or gets (files). Two stand-ins remain: the LEP and
partnership layers are added as Layer ▸ Add Vector Layer… adds them (QGIS 3.22 under Xvfb accepts a file dropped
on its window but never opens it), and the designer's title is selected as a click on it selects it.

Everything the message bar and the plugin's log say is kept (``bar``, ``log``); a dialog nobody answers (QGIS's
Python error viewer) is said and closed by a watchdog, so a broken build fails with its message, not a hang.

Driven by tests/e2e/test_journey.py through environment variables: SC_STATUS (JSON, rewritten after each step),
SC_SHOTS (folder for NN_step.png), SC_LEP, SC_TABLE, SC_OUT (folder for outputs), SC_PROJECT (project file),
SC_PHASE ("reopen": the second start, with the saved project), SC_OVERLAY (a polygon layer of partnerships,
dissolved from the LEPs), SC_APS (the APS table with a row per year and level).
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
    QTextEdit,
    QTreeWidget,
    QWidget,
)
from qgis.utils import iface

STATUS = Path(os.environ["SC_STATUS"])
SHOTS = Path(os.environ["SC_SHOTS"])
OUT = Path(os.environ["SC_OUT"])
PROJECT = os.environ["SC_PROJECT"]
PHASE = os.environ.get("SC_PHASE", "")
OVERLAY_NAME = "Pan-regional partnerships"
TITLE = "Where England still makes things"
ALIASES = {"Buckinghamshire Thames Valley": "Buckinghamshire (E37000043)",
           "Hull and East Riding": "Hull and East Yorkshire (E37000061)"}
LEFT = Qt.MouseButton.LeftButton
status: dict = {"phase": PHASE or "journey", "steps": [], "errors": [], "messages": [], "seen": {}, "log": [],
                "bar": []}
_keep: list = []
START = time.time()


def log_message(message: str, tag: str, level) -> None:
    ours = tag == "Sector Clusters" and level in (Qgis.Warning, Qgis.Critical)
    if tag in ("Python error", "Python warning") or ours:
        status["messages"].append(f"{tag}: {message}")
    if tag == "Sector Clusters":  # everything the plugin said, at every level (read by the driver)
        status["log"].append(str(message)[:500])


def bar_message(item) -> None:
    """What the message bar shows a person (title: text)."""
    from qgis.gui import QgsMessageBarItem
    from qgis.PyQt import sip

    try:
        item = sip.cast(item, QgsMessageBarItem)
        status["bar"].append(f"{item.title()}: {item.text()}"[:500])
    except Exception:  # noqa: BLE001 - the texts it shows, however it shows them
        texts = [w.text() for w in item.findChildren(QLabel)] + [w.toPlainText() for w in
                                                                  item.findChildren(QTextEdit)]
        status["bar"].append(" ".join(t for t in texts if t)[:500] or type(item).__name__)


QgsApplication.messageLog().messageReceived.connect(log_message)
iface.messageBar().widgetAdded.connect(bar_message)


def save_status() -> None:
    status["elapsed_s"] = round(time.time() - START, 1)
    STATUS.write_text(json.dumps(status, indent=2), encoding="utf-8")


SHOW: dict = {"widget": None}  # what the step's screenshot should show in the panel (scrolled into view)


def shot(name: str, target: QWidget | None = None) -> str:
    """The step's screenshot: ``target``, else the layout designer's own window while one is open, else QGIS's
    main window (with the panel scrolled to what the step showed)."""
    if target is None:
        designers = [] if SHOW.get("main") else iface.openLayoutDesigners()
        target = designers[0].window() if designers else iface.mainWindow()
        shown = SHOW.get("widget")
        if shown is not None and not designers and dock() is not None:
            try:
                into_view(shown)
            except RuntimeError:  # deleted meanwhile
                pass
    QApplication.processEvents()
    path = SHOTS / f"{len(status['steps']) + 1:02d}_{name}.png"
    target.grab().save(str(path))
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
    """Open the combo's popup and click the entry with this text (else pick it with the keyboard, in the open
    list or on the closed combo: arrows and Return, as a person would). QGIS's layer combos follow only such a
    pick (``activated``), never a bare ``setCurrentIndex``."""
    into_view(combo)
    texts = [combo.itemText(i) for i in range(combo.count())]
    i = texts.index(text) if exact and text in texts else next(
        (k for k, t in enumerate(texts) if text in t), -1)
    assert i >= 0, f"{combo.objectName()}: no entry {text!r} in {texts}"
    QTest.mouseClick(combo, LEFT)
    # a person's pause before the second click: Qt ignores a release in the list within a double-click interval
    # of the click that opened it (the entry would not be taken)
    QTest.qWait(QApplication.doubleClickInterval() + 100)
    view = combo.view()
    index = view.model().index(i, combo.modelColumn(), view.rootIndex())
    how = "list clicked"
    if view.isVisible():
        view.scrollTo(index)
        QApplication.processEvents()
        centre = view.visualRect(index).center()
        QTest.mouseMove(view.viewport(), centre)
        QTest.mouseClick(view.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, centre)
        QApplication.processEvents()
    if combo.currentIndex() != i and view.isVisible():  # the open list, by the keyboard
        how = "keys in the list"
        at = view.currentIndex().row() if view.currentIndex().isValid() else combo.currentIndex()
        for _ in range(abs(i - at)):
            QTest.keyClick(view, Qt.Key.Key_Down if i > at else Qt.Key.Key_Up)
        QTest.keyClick(view, Qt.Key.Key_Return)
        QApplication.processEvents()
    if combo.currentIndex() != i:  # the list never opened: arrows on the combo itself
        how = "keys on the combo"
        if view.isVisible():
            combo.hidePopup()
        combo.setFocus()
        at = combo.currentIndex()
        for _ in range(abs(i - at)):
            QTest.keyClick(combo, Qt.Key.Key_Down if i > at else Qt.Key.Key_Up)
        QApplication.processEvents()
    status.setdefault("chosen", []).append(f"{combo.objectName()}={texts[i]} ({how})")
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
        QApplication.processEvents()
        popup = edit.completer().popup() if edit.completer() is not None else None
        if popup is not None and popup.isVisible():  # the completer's list would take the Return: closed first
            QTest.keyClick(popup, Qt.Key.Key_Escape)
        buttons = dialog.findChild(QDialogButtonBox, "buttonBox") or dialog.findChild(QDialogButtonBox)
        accept = next((b for b in buttons.buttons()
                       if buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole), None) if buttons else None
        if accept is not None and accept.isEnabled():
            QTest.mouseClick(accept, LEFT)  # Save
        else:
            QTest.keyClick(edit, Qt.Key.Key_Return)
    return answer


def answer_export(path: str, fmt: str, dpi: int, shot_name: str = ""):
    def answer(dialog) -> None:
        choose(dialog.findChild(QComboBox, "sc_export_format"), fmt, exact=False)
        file_edit = dialog.findChild(QWidget, "sc_export_file").findChild(QLineEdit)
        file_edit.selectAll()
        QTest.keyClicks(file_edit, path)
        dpi_edit = dialog.findChild(QWidget, "sc_export_dpi").findChild(QLineEdit)
        dpi_edit.selectAll()
        QTest.keyClicks(dpi_edit, str(dpi))
        if shot_name:  # the dialog as the person filled it
            status["seen"][f"{shot_name}_screenshot"] = shot(shot_name, dialog)
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


def visible_labels(text: str) -> list[QLabel]:
    """The panel's labels a person sees with exactly this text."""
    return [lab for lab in dock().findChildren(QLabel) if lab.isVisible() and lab.text() == text]


def clusters_tree() -> QTreeWidget:
    tree = widget("sc_clusters")
    return tree if isinstance(tree, QTreeWidget) else tree.findChild(QTreeWidget)


def layout_name(designer) -> str:
    """The name of the layout a designer shows (its window title, without the unsaved-changes star)."""
    master = getattr(designer, "masterLayout", None)
    layout = master() if master is not None else None
    return layout.name() if layout is not None else designer.window().windowTitle().lstrip("*")


def table_headings(designer) -> list[str]:
    """The column headings of the clusters table in the layout a designer shows (read, as a person reads them)."""
    from qgis.core import QgsLayoutItemAttributeTable

    tables = [f for f in designer.layout().multiFrames() if isinstance(f, QgsLayoutItemAttributeTable)]
    status["seen"].setdefault("table_widths_mm", []).append([round(c.width(), 1) for c in tables[0].columns()]
                                                            if tables else [])
    return [c.heading() for c in tables[0].columns()] if tables else []


def legend_titles(designer) -> list[str]:
    """The layer titles the layout's legend shows (its title label where one is set, else the node's name)."""
    from qgis.core import QgsLayoutItemLegend

    legend = designer.layout().itemById("legend")
    if not isinstance(legend, QgsLayoutItemLegend):
        return []
    return [n.customProperty("legend/title-label") or n.name() for n in legend.model().rootGroup().findLayers()]


def layer_ids(name: str) -> set[str]:
    return {n.layerId() for n in QgsProject.instance().layerTreeRoot().findLayers() if n.name() == name}


def group_layers(prefix: str) -> dict[str, list[str]]:
    """The layer tree's groups whose name starts with ``prefix``: their layers' names (as the Layers panel shows)."""
    root = QgsProject.instance().layerTreeRoot()
    return {g.name(): [n.name() for n in g.findLayers()] for g in root.findGroups() if g.name().startswith(prefix)}


def bar_said(*words: str) -> list[str]:
    """What the message bar and the plugin's log said containing any of ``words``."""
    return [m for m in status["bar"] + status["log"] if any(w in m for w in words)]


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


def fix_name(name: str):
    """The picker under "“name” in the table is:": the region it means, chosen by its visible text."""
    def step():
        box = widget("sc_unmatched")
        shown = [box.layout().itemAt(k).widget() for k in range(box.layout().count())]
        shown = [w for w in shown if w is not None and w.isVisible()]
        status["seen"].setdefault("unmatched_rows", [w.text() for w in shown if isinstance(w, QLabel)])
        at = next(k for k, w in enumerate(shown) if isinstance(w, QLabel) and f"“{name}”" in w.text())
        choose(shown[at + 1], ALIASES[name])
        left = len(ALIASES) - 1 - sorted(ALIASES).index(name)
        return lambda: text_of("sc_match") == f"{38 - left} of 38 regions matched" and idle()
    return step


def s_sector():
    choose(widget("sc_sector", QComboBox), "C : Manufacturing")
    choose(widget("sc_baseline", QComboBox), "Location quotient")
    type_into(widget("sc_threshold"), "1.25")
    type_into(widget("sc_tolerance"), "35")
    return lambda: idle() and widget("sc_summary", QLabel).text() != ""


def s_results():
    tree = clusters_tree()
    status["seen"]["summary"] = text_of("sc_summary")
    status["seen"]["clusters"] = [tree.topLevelItem(i).text(c) for i in range(tree.topLevelItemCount())
                                  for c in range(tree.columnCount())]
    return lambda: True


def s_stars():
    """Baseline = Strength stars: the threshold becomes a whole number of stars, the guide writes '1 ★'."""
    choose(widget("sc_baseline", QComboBox), "Strength stars")
    guide = widget("sc_guide")

    def ready() -> bool:
        cell = guide.item(0, 0)
        if not (idle() and visible_labels("Stars ≥") and cell is not None and "★" in cell.text()):
            return False
        box = widget("sc_group_guide")
        status["seen"]["stars"] = {
            "threshold_label": "Stars ≥", "threshold": widget("sc_threshold").findChild(QLineEdit).text(),
            "guide_heading": guide.horizontalHeaderItem(0).text(),
            "guide_rows": [guide.item(r, 0).text() for r in range(guide.rowCount())],
            "guide_shown": box.isVisible(), "hints": text_of("sc_hints"), "summary": text_of("sc_summary")}
        SHOW["widget"] = guide if box.isVisible() else widget("sc_summary")
        return True
    return ready


def s_back_to_lq():
    choose(widget("sc_baseline", QComboBox), "Location quotient")
    type_into(widget("sc_threshold"), "1.25")
    SHOW["widget"] = widget("sc_summary")
    return lambda: idle() and text_of("sc_summary") == status["seen"]["summary"]


def preview_rows() -> dict:
    """The panel's preview regions layer as the map and attribute table show it: field names and rows by key."""
    layers = [lyr for lyr in QgsProject.instance().mapLayers().values()
              if lyr.customProperty("sector_clusters/role") == "preview" and "key" in lyr.fields().names()]
    if len(layers) != 1:
        return {"layers": len(layers)}
    layer = layers[0]
    return {"layers": 1, "id": layer.id(), "fields": layer.fields().names(),
            "rows": {str(f["key"]): [shown(v) for v in f.attributes()] for f in layer.getFeatures()}}


def shown(value) -> str:
    """A value as the attribute table shows it: a NULL written in place reads back as None in Python, a NULL
    of a new feature as a null QVariant; QGIS shows (and ``IS NULL`` finds) both as NULL."""
    return "NULL" if value is None or (hasattr(value, "isNull") and value.isNull()) else str(value)


def preview_module():
    import sys

    return next(mod for name, mod in sys.modules.items()
                if name.endswith(".ui.preview") and hasattr(mod, "ROWS_PER_TURN"))


def s_preview_pieces():
    """The preview's rows written a few per turn of the event loop (as at small-area scale, where 34,753 rows
    would freeze QGIS): with pieces of 5 rows, a sector picked in the combo reaches all 38 regions of the layer."""
    preview = preview_module()
    status["seen"]["preview_pieces"] = seen = {"before": preview_rows(), "rows_per_turn": preview.ROWS_PER_TURN}
    preview.ROWS_PER_TURN = 5
    choose(widget("sc_sector", QComboBox), "Information and communication", exact=False)
    SHOW["widget"] = widget("sc_summary")

    def ready() -> bool:
        if not idle():
            return False
        seen["other"], seen["other_summary"] = preview_rows(), text_of("sc_summary")
        return True
    return ready


def s_preview_pieces_back():
    """Manufacturing picked again, still in pieces of 5 rows: the same rows, in the same layer."""
    seen = status["seen"]["preview_pieces"]
    choose(widget("sc_sector", QComboBox), "C : Manufacturing")

    def ready() -> bool:
        if not idle():
            return False
        seen["after"], seen["summary"] = preview_rows(), text_of("sc_summary")
        preview_module().ROWS_PER_TURN = seen["rows_per_turn"]
        return True
    return ready


def s_overlay_layer():
    # the partnerships' layer added as Layer ▸ Add Layer ▸ Add Vector Layer… adds it (see s_layer)
    QgsProject.instance().addMapLayer(QgsVectorLayer(os.environ["SC_OVERLAY"], OVERLAY_NAME, "ogr"))
    return lambda: widget("sc_overlay", QComboBox).findText(OVERLAY_NAME) >= 0


def s_overlay():
    """Boundaries crossed: the partnerships; 'Units named by' takes partnership (not LEP21NM, which the dissolved
    units carry over from their first LEP); the clusters table gets its Crosses column."""
    choose(widget("sc_overlay", QComboBox), OVERLAY_NAME)
    tree = clusters_tree()
    SHOW["widget"] = tree

    def ready() -> bool:
        if not idle() or tree.isColumnHidden(3) or not tree.topLevelItemCount():
            return False
        named_by = visible_labels("Units named by")
        status["seen"]["overlay"] = {
            "overlay": widget("sc_overlay", QComboBox).currentText(),
            "units_named_by_label": bool(named_by),
            "units_named_by": named_by[0].buddy().currentText() if named_by and named_by[0].buddy() else "",
            "overlay_note": text_of("sc_overlay_note") if widget("sc_overlay_note").isVisible() else "",
            "header": [tree.headerItem().text(c) for c in range(tree.columnCount()) if not tree.isColumnHidden(c)],
            "rows": [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
                     for i in range(tree.topLevelItemCount())],
            "tooltips": [tree.topLevelItem(i).toolTip(3) for i in range(tree.topLevelItemCount())]}
        return True
    return ready


def s_crosses():
    """A click on the first cluster: its members and the partnerships it crosses, with shares, under the table."""
    tree = clusters_tree()
    item = tree.topLevelItem(0)
    into_view(tree)
    tree.scrollToItem(item)
    QTest.mouseClick(tree.viewport(), LEFT, Qt.KeyboardModifier.NoModifier, tree.visualItemRect(item).center())
    details = widget("sc_cluster_details", QLabel)
    SHOW["widget"] = details

    def ready() -> bool:
        if not details.isVisible():
            return False
        status["seen"]["cluster_details"] = details.text()
        return True
    return ready


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
    status["seen"]["legend_titles"] = legend_titles(designer)
    if editor is not None:  # the label's Main Properties text box in the Item Properties panel
        editor.setFocus()
        editor.selectAll()
        QTest.keyClicks(editor, TITLE)
    else:
        title.setText(TITLE)
    return lambda: title.text() == TITLE


def s_close_layout():
    status["seen"]["designer_screenshot"] = shot("layout_designer", iface.openLayoutDesigners()[0].window())
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


def s_aps_table():
    """Issue 18 §2, replayed with clicks after the BRES layout was made: the APS table dropped on the panel."""
    status["seen"]["layouts_before_aps"] = [lay.name() for lay in QgsProject.instance().layoutManager().layouts()]
    drop_file(dock(), os.environ["SC_APS"])
    SHOW["widget"] = widget("sc_row_filter")

    def ready() -> bool:
        if not (idle() and dock().findChild(QComboBox, "sc_rows_level") is not None
                and dock().findChild(QComboBox, "sc_rows_period") is not None):
            return False
        status["seen"]["aps_pickers_match"] = text_of("sc_match")
        return True
    return ready


def s_aps_level():
    choose(widget("sc_rows_level", QComboBox), "LEP")
    return lambda: idle() and "(year)" in text_of("sc_match")


def s_aps_period():
    choose(widget("sc_rows_period", QComboBox), "2022")
    SHOW["widget"] = widget("sc_match")

    def ready() -> bool:
        if not (idle() and text_of("sc_match") == "38 of 38 regions matched"):
            return False
        status["seen"]["aps_match"] = text_of("sc_match")
        return True
    return ready


def s_aps_sector():
    choose(widget("sc_sector", QComboBox), "Manufacturing")
    title = widget("sc_title", QLineEdit)  # emptied: the maps take their own titles (with the periods)
    title.setFocus()
    title.selectAll()
    QTest.keyClick(title, Qt.Key.Key_Delete)
    type_into(widget("sc_output").findChild(QLineEdit), str(OUT / "aps.gpkg"))
    SHOW["widget"] = widget("sc_summary")

    def ready() -> bool:
        if not (idle() and "location quotient above 1.25" in text_of("sc_summary") and title.text() == ""):
            return False
        status["seen"]["aps_summary"] = text_of("sc_summary")
        return True
    return ready


def s_aps_create():
    click(widget("sc_create", QAbstractButton))
    group = "Sector Clusters — D_EmpInd_APS1822"

    def ready() -> bool:
        if not (idle() and "Regions — sector scores" in group_layers(group).get(group, [])):
            return False
        status["seen"]["aps_groups"] = group_layers("Sector Clusters")
        status["seen"]["layouts_after_aps"] = [lay.name() for lay in QgsProject.instance().layoutManager().layouts()]
        return True
    return ready


def s_aps_layout():
    click(widget("sc_open_layout", QAbstractButton))

    def ready() -> bool:
        designers = iface.openLayoutDesigners()
        if not designers:
            return False
        status["seen"]["aps_layout"] = layout_name(designers[0])
        status["seen"]["aps_table_columns"] = table_headings(designers[0])
        return True
    return ready


def s_aps_periods():
    """Periods from the table's own year column, the APS layout still open in its designer."""
    choose(widget("sc_periods_source", QComboBox), "The table's period column")
    SHOW.update(widget=widget("sc_timeline_note"), main=True)

    def ready() -> bool:
        note = widget("sc_timeline_note", QLabel)
        if not (idle() and note.isVisible() and note.text().startswith("5 periods (2018–2022)")):
            return False
        tracks = widget("sc_tracks")
        status["seen"]["periods"] = {
            "period_column": widget("sc_period_column", QComboBox).currentText(), "note": note.text(),
            "tracks": [tracks.topLevelItem(i).text(c) for i in range(tracks.topLevelItemCount())
                       for c in range(tracks.columnCount())],
            "map_choices": [widget("sc_map_kind", QComboBox).itemText(i)
                            for i in range(widget("sc_map_kind", QComboBox).count())]}
        return True
    return ready


def s_aps_create_again():
    """Create layers again with the APS layout open: QGIS 3.22 crashed here once."""
    before = layer_ids("Regions — sector scores")
    click(widget("sc_create", QAbstractButton))
    SHOW["main"] = True

    def ready() -> bool:
        now = layer_ids("Regions — sector scores")
        if not (idle() and now and not now & before):
            return False
        designers = iface.openLayoutDesigners()
        status["seen"]["aps_layout_after_create_again"] = layout_name(designers[0]) if designers else ""
        status["seen"]["aps_table_columns_after_create_again"] = table_headings(designers[0]) if designers else []
        return True
    return ready


def s_close_aps_layout():
    status["seen"]["aps_designer_screenshot"] = shot("aps_layout_designer", iface.openLayoutDesigners()[0].window())
    iface.openLayoutDesigners()[0].close()
    return lambda: not iface.openLayoutDesigners()


def s_export_aps_png():
    """The APS sector map as it is after Create layers again: Export… PNG (looked at: the table's columns)."""
    answer_modal(answer_export(str(OUT / "aps_sector.png"), "PNG", 60), "export dialog (APS PNG)")
    click(widget("sc_export", QAbstractButton))
    return lambda: (OUT / "aps_sector.png").is_file() and idle()


def s_timeline_layers():
    button = widget("sc_create_timeline", QAbstractButton)
    SHOW["widget"] = button
    click(button)

    def ready() -> bool:
        groups = group_layers("Sector Clusters — timeline")
        if not (idle() and any("Regions — trajectories" in names for names in groups.values())):
            return False
        status["seen"]["timeline_groups"] = groups
        return True
    return ready


def s_trajectory_map():
    choose(widget("sc_map_kind", QComboBox), "Trajectory map")
    SHOW["widget"] = widget("sc_export")
    return lambda: idle() and widget("sc_export", QAbstractButton).isEnabled()


def s_export_trajectory():
    answer_modal(answer_export(str(OUT / "trajectories.pdf"), "PDF", 72, "trajectory_export_dialog"),
                 "export dialog (trajectory PDF)")
    click(widget("sc_export", QAbstractButton))
    return lambda: (OUT / "trajectories.pdf").is_file() and idle()


def s_trajectory_layout():
    """Open layout with Map = Trajectory map: the timeline's layout in the designer."""
    click(widget("sc_open_layout", QAbstractButton))

    def ready() -> bool:
        designers = iface.openLayoutDesigners()
        if not designers:
            return False
        status["seen"]["trajectory_layout"] = layout_name(designers[0])
        status["seen"]["trajectory_table_columns"] = table_headings(designers[0])
        return True
    return ready


def s_timeline_layers_again():
    """Create timeline layers again with the trajectory layout open: the panel rebuilds the timeline's layouts
    on the new layers (the designer of the old one closes) and says so in the message bar."""
    before = layer_ids("Regions — trajectories")
    click(widget("sc_create_timeline", QAbstractButton))
    SHOW["main"] = True

    def ready() -> bool:
        now = layer_ids("Regions — trajectories")
        if not (idle() and now and not now & before):
            return False
        status["seen"]["timeline_again_bar"] = [m for m in status["bar"] if "timeline layouts" in m]
        return bool(status["seen"]["timeline_again_bar"])
    return ready


def s_reopen_trajectory_layout():
    """Open layout again: the rebuilt trajectory layout, its table with its columns."""
    if not iface.openLayoutDesigners():
        click(widget("sc_open_layout", QAbstractButton))

    def ready() -> bool:
        designers = iface.openLayoutDesigners()
        if not designers:
            return False
        status["seen"]["trajectory_table_columns_again"] = table_headings(designers[0])
        return True
    return ready


def s_close_trajectory_layout():
    status["seen"]["trajectory_designer_screenshot"] = shot("trajectory_layout_designer",
                                                            iface.openLayoutDesigners()[0].window())
    iface.openLayoutDesigners()[0].close()
    return lambda: not iface.openLayoutDesigners()


def s_export_trajectory_again():
    answer_modal(answer_export(str(OUT / "trajectories_again.pdf"), "PDF", 72), "export dialog (trajectory again)")
    click(widget("sc_export", QAbstractButton))
    return lambda: (OUT / "trajectories_again.pdf").is_file() and idle()


def s_written_layers():
    """The written GeoPackages, read back as QGIS reads them (what the Layers panel would open)."""
    seen = {}
    for name, path in (("aps", OUT / "aps.gpkg"), ("timeline", OUT / "aps_timeline.gpkg")):
        for table in ("regions", "clusters"):
            layer = QgsVectorLayer(f"{path}|layername={table}", f"{name} {table}", "ogr")
            fields = layer.fields().names() if layer.isValid() else []
            rows = []
            for f in layer.getFeatures() if layer.isValid() else []:
                rows.append({k: str(f[k]) for k in fields if k in ("LEP21NM", "Manufacturing_traj", "crosses",
                                                                    "Manufacturing_above", "Manufacturing_lq")})
            seen[f"{name}_{table}"] = {"valid": layer.isValid(), "count": layer.featureCount() if layer.isValid()
                                       else 0, "fields": fields, "rows": rows[:40]}
    layer = QgsVectorLayer(f"{OUT / 'journey.gpkg'}|layername=clusters", "journey clusters", "ogr")
    seen["journey_clusters"] = {"valid": layer.isValid(), "fields": layer.fields().names(),
                                "rows": [{k: str(f[k]) for k in layer.fields().names()
                                          if k in ("cluster_id", "crosses", "n_crossed")} for f in layer.getFeatures()]}
    status["seen"]["written"] = seen
    return lambda: True


def s_quit():
    status["steps"].append({"step": "quit", "seconds": 0.0, "screenshot": shot("quit")})
    status["ok"] = True
    save_status()

    def discard(dialog) -> None:  # a question on quitting: say what it asked, quit keeping what was saved
        # QGIS 3.22 asks "…temporary layers… Are you sure you want to proceed?" (Yes quits): the panel's
        # preview layers are memory layers in the project; the steps after Save As changed the project, so
        # it also asks whether to save it (Discard: the second start reads the saved one)
        question = " ".join(lab.text() for lab in dialog.findChildren(QLabel) if lab.text())
        status["seen"].setdefault("quit_questions", []).append(question)
        status["seen"]["quit_question"] = question
        save_status()
        buttons = dialog.findChild(QDialogButtonBox)
        proceed = "proceed" in question
        wanted = ("Yes",) if proceed else ("Discard", "Don't Save", "Close without Saving", "Discard changes")
        button = next((b for b in buttons.buttons() if b.text().replace("&", "") in wanted),
                      None) if buttons is not None else None
        if button is not None:
            QTest.mouseClick(button, LEFT)

    def answer_every_question() -> None:  # each modal question QGIS asks on the way out, in turn
        dialog = QApplication.activeModalWidget()
        if dialog is not None and not dialog.property("sc_answered"):
            dialog.setProperty("sc_answered", True)
            try:
                discard(dialog)
            except Exception:  # noqa: BLE001
                status["errors"].append(f"answering the quit question: {traceback.format_exc()}")
                save_status()
        QTimer.singleShot(100, answer_every_question)

    def hung() -> None:
        modal = QApplication.activeModalWidget()
        status["errors"].append("Project ▸ Exit QGIS did not quit within 20 s; last screenshot "
                                f"{shot('quit_hung', modal)}")
        finish(False)

    QTimer.singleShot(100, answer_every_question)
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
    status["seen"]["overlay"] = widget("sc_overlay", QComboBox).currentText()
    status["seen"]["overlay_name"] = widget("sc_overlay_name", QComboBox).currentText()
    return lambda: True


def r_layout():
    """Open layout on the panel: the designer shows the layout saved with the project, its title as edited."""
    click(widget("sc_open_layout", QAbstractButton))
    began = time.time()

    def ready() -> bool:
        designers = iface.openLayoutDesigners()
        if not designers or time.time() - began < 3:  # the map drawn for the screenshot
            return False
        status["seen"]["legend_titles"] = legend_titles(designers[0])
        layout = designers[0].layout()
        title = next((i for i in layout.items() if getattr(i, "id", lambda: "")() == "title"), None)
        status["seen"]["reopened_layout"] = layout_name(designers[0])
        status["seen"]["reopened_title"] = title.text() if title is not None else None
        status["seen"]["layouts"] = [lay.name() for lay in QgsProject.instance().layoutManager().layouts()]
        return True
    return ready


def r_close_layout():
    status["seen"]["designer_screenshot"] = shot("reopened_layout_designer", iface.openLayoutDesigners()[0].window())
    iface.openLayoutDesigners()[0].close()
    return lambda: not iface.openLayoutDesigners()


JOURNEY = [("startup", s_startup), ("open_panel", s_open), ("layer", s_layer), ("key", s_key),
           ("drop_table", s_drop_table),
           *((f"fix_name_{n + 1}", fix_name(name)) for n, name in enumerate(sorted(ALIASES))),
           ("manufacturing_lq_35km", s_sector), ("results", s_results),
           # strength stars, then back to location quotients; the overlay and its Crosses column
           ("strength_stars", s_stars), ("back_to_lq", s_back_to_lq), ("preview_pieces", s_preview_pieces),
           ("preview_pieces_back", s_preview_pieces_back),
           ("overlay_layer", s_overlay_layer), ("overlay", s_overlay), ("crosses", s_crosses),
           ("create_layers", s_create), ("open_layout", s_layout),
           ("edit_title", s_title), ("close_layout", s_close_layout), ("export_pdf", s_export_pdf),
           ("export_png", s_export_png), ("save_project", s_save),
           # the layout kept, and the periods: after the save, so the second start reads the BRES project
           ("aps_table", s_aps_table), ("aps_level", s_aps_level), ("aps_period", s_aps_period),
           ("aps_sector", s_aps_sector), ("aps_create_layers", s_aps_create), ("aps_open_layout", s_aps_layout),
           ("aps_periods", s_aps_periods), ("aps_create_again", s_aps_create_again),
           ("aps_close_layout", s_close_aps_layout), ("export_aps_png", s_export_aps_png),
           ("timeline_layers", s_timeline_layers), ("trajectory_map", s_trajectory_map),
           ("export_trajectory_pdf", s_export_trajectory), ("trajectory_layout", s_trajectory_layout),
           ("timeline_layers_again", s_timeline_layers_again),
           ("reopen_trajectory_layout", s_reopen_trajectory_layout),
           ("close_trajectory_layout", s_close_trajectory_layout),
           ("export_trajectory_again", s_export_trajectory_again), ("written_layers", s_written_layers),
           ("quit", s_quit)]
REOPEN = [("restored_panel", r_restored), ("restored_choices", r_choices), ("reopened_layout", r_layout),
          ("reopened_close_layout", r_close_layout)]


def run(steps: list, index: int = 0, timeout: float = 60.0) -> None:
    if index == len(steps):
        shot("end")
        finish(True)
        return
    name, step = steps[index]
    began = time.time()
    SHOW.clear()
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


def watchdog(seen: dict = {}) -> None:  # noqa: B006 - the watchdog's own memory between calls
    """A dialog nobody answers (QGIS's Python error viewer, a question no step expects) is said and closed after
    10 s, so a broken build fails the test with its message instead of hanging QGIS until the driver's
    timeout."""
    modal = QApplication.activeModalWidget()
    if modal is None or modal.property("sc_answered"):
        seen.clear()
    elif seen.get("dialog") is not modal:
        seen.update(dialog=modal, since=time.time())
    elif time.time() - seen["since"] > 10:
        texts = [w.text() for w in modal.findChildren(QLabel)] + [w.toPlainText() for w in
                                                                  modal.findChildren(QTextEdit)]
        status["errors"].append(f"an unexpected dialog {modal.windowTitle()!r} ({type(modal).__name__}): "
                                + " ".join(t for t in texts if t)[:3000])
        save_status()
        seen.clear()
        modal.reject() if hasattr(modal, "reject") else modal.close()
        finish(False)
    QTimer.singleShot(1000, watchdog)


QTimer.singleShot(1000, watchdog)
QTimer.singleShot(2000, lambda: run(REOPEN if PHASE == "reopen" else JOURNEY))
