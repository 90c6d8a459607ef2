"""Issue 22, the panel's file pickers are QGIS's: the periods' tables and the layers' GeoPackage are chosen in
QgsFileWidgets (their … dialog, a drop, or a typed path), and each dialog opens in the folder last used for its
kind of file (kept in QgsSettings across sessions), not where any QGIS file widget was last used.

Real QGIS offscreen, the real LEP boundaries and BRES exports; the dialogs are the widgets' own QFileDialogs,
answered by typing into their file name field.
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsProject, QgsSettings
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QFileDialog, QLineEdit

from tests.conftest import BRES, need
from tests.qgis.panel_fixtures import WAIT, load_bres, pick, wait_idle

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)

FOLDER_KEYS = ("SectorClusters/last_folder_tables", "SectorClusters/last_folder_outputs")


def answer_file_dialog(text: str | None, seen: dict | None = None, tries: int = 100) -> None:
    """When the next file dialog opens, put ``text`` in its file name field and press Enter (None: cancel).
    ``seen`` gets the dialog's title and folder. Gives up (Escape) after ``tries`` looks, so a dialog that
    opened elsewhere cannot hang the test."""

    def open_dialog() -> QFileDialog | None:
        modal = QApplication.activeModalWidget()
        if isinstance(modal, QFileDialog):
            return modal
        # not always the active modal widget (QGIS 3.44 on sid, offscreen): any file dialog on screen
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()),
                    None)

    def answer(left: int = tries) -> None:
        dialog = open_dialog()
        if dialog is None:
            if left:
                QTimer.singleShot(50, lambda: answer(left - 1))
            return
        if seen is not None:
            seen.update(title=dialog.windowTitle(), folder=dialog.directory().absolutePath())
        edit = dialog.findChild(QLineEdit, "fileNameEdit")
        if text is None or edit is None:
            dialog.reject()
            return
        edit.setText(text)  # whole: typed letter by letter, the dialog's completer rewrites a list of paths
        QTest.keyClick(edit, Qt.Key.Key_Return)
        QTimer.singleShot(2000, lambda: stuck(dialog))

    def stuck(dialog) -> None:
        if not sip.isdeleted(dialog) and dialog.isVisible():  # it did not take the name: fail, do not hang
            if seen is not None:
                seen["stuck"] = dialog.selectedFiles()
            dialog.reject()

    QTimer.singleShot(0, answer)


def click_browse(widget) -> None:
    """Press the file widget's … button (its dialog is modal: this returns once it is answered)."""
    from plugin.ui.widgets import browse_button

    QTest.mouseClick(browse_button(widget), Qt.MouseButton.LeftButton)


@pytest.fixture
def fresh_folders():
    """No folder remembered yet; the user's own values put back afterwards."""
    settings = QgsSettings()
    before = {k: settings.value(k, "") for k in FOLDER_KEYS}
    for k in FOLDER_KEYS:
        settings.remove(k)
    yield
    for k, v in before.items():
        settings.setValue(k, v or "")


def test_tables_added_by_dialog_and_by_typing(dock, qtbot, project, lep_path, bres2020, tmp_path, fresh_folders):
    folder = tmp_path / "periods"
    folder.mkdir()
    files = []
    for y in (2016, 2017, 2018):
        files.append(str(folder / f"bres_{y}.csv"))
        Path(files[-1]).write_bytes(need(BRES[y]).read_bytes())
    load_bres(dock, qtbot, project, lep_path, bres2020)
    pick(dock.periods.periods_combo, "files")
    adder = dock.periods.period_files.adder
    assert adder.objectName() == "sc_period_add" and adder.isVisibleTo(dock)

    # the … dialog: titled for the job, two tables chosen at once
    seen: dict = {}
    answer_file_dialog(" ".join(f'"{f}"' for f in files[:2]), seen)
    click_browse(adder)
    assert seen["title"] == "Add tables, one per period"
    assert dict(dock.model.state)["period_files"] == files[:2]
    assert adder.filePath() == ""  # emptied for the next ones
    assert QgsSettings().value(FOLDER_KEYS[0]) == str(folder)

    # typed: nothing is added while the path is being typed (bres_201 is not a file, bres_2016.csv… would be)
    edit = adder.lineEdit()
    QTest.keyClicks(edit, files[2])
    assert dict(dock.model.state)["period_files"] == files[:2]
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert dict(dock.model.state)["period_files"] == files
    # a table already listed is not added twice; a path that is no file stays in the field
    QTest.keyClicks(edit, files[0])
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert dict(dock.model.state)["period_files"] == files and adder.filePath() == ""
    QTest.keyClicks(edit, str(folder / "missing.csv"))
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert dict(dock.model.state)["period_files"] == files and adder.filePath().endswith("missing.csv")
    adder.setFilePath("")
    wait_idle(qtbot, dock)
    listed = [dock.periods.period_files.list.item(i).text() for i in range(dock.periods.period_files.list.count())]
    assert listed == [f"{y} — bres_{y}.csv" for y in (2016, 2017, 2018)]

    # the next dialog opens in that folder; cancelling it adds nothing and forgets nothing
    seen.clear()
    answer_file_dialog(None, seen)
    click_browse(adder)
    assert Path(seen["folder"]) == folder
    assert dict(dock.model.state)["period_files"] == files


def test_layers_saved_where_the_dialog_says(dock, qtbot, project, lep_path, bres2020, tmp_path, fresh_folders):
    """An unsaved project and no GeoPackage chosen: Create layers asks with the GeoPackage field's own dialog,
    writes there, and the next dialog opens in that folder."""
    assert not QgsProject.instance().fileName()
    load_bres(dock, qtbot, project, lep_path, bres2020)
    assert dock.output.output_widget.objectName() == "sc_output" and dock.output.output_widget.filePath() == ""
    out = tmp_path / "chosen"
    out.mkdir()

    # cancelled: nothing written, the panel says why
    answer_file_dialog(None)
    QTest.mouseClick(dock.output.create_button, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dock)
    assert dock.model.outputs.layers() is None and not list(out.iterdir())

    seen: dict = {}
    answer_file_dialog(str(out / "clusters"), seen)  # the .gpkg is added, as the filter says
    QTest.mouseClick(dock.output.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    assert seen["title"] == "Save the layers as"
    gpkg = out / "clusters.gpkg"
    assert dict(dock.model.state)["output_path"] == str(gpkg) and dock.output.output_widget.filePath() == str(gpkg)
    regions, _clusters = dock.model.outputs.layers()
    assert regions.source().startswith(str(gpkg)) and regions.featureCount() == 38
    with sqlite3.connect(gpkg) as con:
        assert {"regions", "clusters"} <= {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    assert QgsSettings().value(FOLDER_KEYS[1]) == str(out)

    # emptied again, the field's dialog starts in the folder last used for outputs
    dock.output.output_widget.setFilePath("")
    seen.clear()
    answer_file_dialog(None, seen)
    click_browse(dock.output.output_widget)
    assert Path(seen["folder"]) == out
