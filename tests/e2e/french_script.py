"""Run inside the real QGIS desktop started in French (``qgis --code``, by tests/e2e/test_french.py): open the
panel as a user does, read its labels, type "1,25" into the threshold and "2,5" into the gap tolerance, and
report what the panel shows and uses.

Environment: SC_STATUS (the JSON written at the end), SC_LEP, SC_TABLE (input data), SC_SHOT (PNG of the panel).
Asynchronous (QTimer polling): this runs on QGIS's GUI thread.
"""
from __future__ import annotations

import importlib
import json
import os
import time
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject, QgsVectorLayer
from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import QLocale, Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import plugins

ALIASES = {"Buckinghamshire Thames Valley": "E37000043", "Hull and East Riding": "E37000061"}
GROUPS = ("sc_group_regions", "sc_group_scores", "sc_group_method", "sc_group_results", "sc_group_output")
status: dict = {"steps": [], "errors": [], "messages": []}
_keep: list = []  # the polling timers (Qt holds no Python reference)


def log_message(message: str, tag: str, level) -> None:
    if tag in ("Python error", "Python warning") or (tag == "Sector Clusters" and level == Qgis.Critical):
        status["messages"].append(f"{tag}: {message}")


QgsApplication.messageLog().messageReceived.connect(log_message)


def finish(ok: bool) -> None:
    status["ok"] = ok
    status["elapsed_s"] = round(time.time() - START, 1)
    with open(os.environ["SC_STATUS"], "w", encoding="utf-8") as fh:
        json.dump(status, fh, indent=2, ensure_ascii=False)
    QTimer.singleShot(200, lambda: os._exit(0))


def wait_for(cond, then, what: str, timeout: float = 90.0) -> None:
    """Poll ``cond`` every 100 ms, then call ``then``; give up (and report) after ``timeout`` seconds."""
    start = time.time()
    timer = QTimer()
    _keep.append(timer)

    def check() -> None:
        try:
            if cond():
                timer.stop()
                status["steps"].append(what)
                then()
            elif time.time() - start > timeout:
                timer.stop()
                status["errors"].append(f"timed out waiting for: {what}")
                finish(False)
        except Exception:  # noqa: BLE001 - reported in the status, the test fails on it
            timer.stop()
            status["errors"].append(traceback.format_exc())
            finish(False)

    timer.timeout.connect(check)
    timer.start(100)


def guarded(fn):
    def run(*args) -> None:
        try:
            fn(*args)
        except Exception:  # noqa: BLE001 - reported in the status, the test fails on it
            status["errors"].append(traceback.format_exc())
            finish(False)
    return run


def type_into(spin, text: str) -> None:
    """As a user: select the field's text, type ``text``, press Enter."""
    edit = spin.lineEdit()
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def cluster_rows(dock) -> list[list]:
    """[member keys, area text] of each cluster listed (the keys are the item's UserRole data)."""
    tree = dock.results.cluster_list
    return [[sorted(tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole)), tree.topLevelItem(i).text(2)]
            for i in range(tree.topLevelItemCount())]



def fix_alias(dock, name: str, code: str) -> None:
    """Match a table row by hand as the user does: choose the region in the row's picker."""
    combo = dock.scores.unmatched.combo(name)
    combo.setCurrentIndex(combo.findData(code))

@guarded
def open_panel() -> None:
    plugin = plugins["sector_clusters"]
    package = type(plugin).__module__.split(".")[0]  # the plugin's folder name, as QGIS imported it
    i18n = importlib.import_module(f"{package}.plugin.i18n")
    status["qt_locale"] = QLocale().name()
    status["plugin_language"] = i18n.installed_language()
    plugin.action.trigger()  # Vector ▸ Sector Clusters, as the user opens it
    dock = plugin.dock
    status["dock_title"] = dock.windowTitle()
    status["groups"] = [dock.findChild(QgsCollapsibleGroupBox, name).title() for name in GROUPS]
    status["buttons"] = [dock.output.create_button.text(), dock.output.export_button.text(),
            dock.output.help_button.text()]
    status["threshold_label"] = dock.method.threshold_label.text()
    layer = QgsVectorLayer(os.environ["SC_LEP"], "LEP", "ogr")
    QgsProject.instance().addMapLayer(layer)
    wait_for(lambda: dock.regions.layer_combo.currentLayer() is layer, lambda: choose_table(dock), "layer preselected")


@guarded
def choose_table(dock) -> None:
    dock.scores.file_widget.setFilePath(os.environ["SC_TABLE"])
    wait_for(lambda: dock.model.matched is not None and not dock.busy(), lambda: fix_names(dock), "table matched")


@guarded
def fix_names(dock) -> None:
    status["match_before"] = dock.scores.match_label.text()
    for name, code in ALIASES.items():
        fix_alias(dock, name, code)
    wait_for(lambda: dock.scores.match_label.text() != status["match_before"] and dock.model.sector_result() is not None
             and not dock.busy(), lambda: threshold(dock), "names fixed")


@guarded
def threshold(dock) -> None:
    status["match_after"] = dock.scores.match_label.text()
    dock.method.sector_combo.setCurrentIndex(dock.method.sector_combo.findText("C : Manufacturing"))
    type_into(dock.method.threshold_spin, "1,25")
    wait_for(lambda: not dock.busy() and cluster_rows(dock) and all(r[1] != "…" for r in cluster_rows(dock)),
             lambda: tolerance(dock), "threshold typed, areas measured")


@guarded
def tolerance(dock) -> None:
    status["threshold_state"] = dict(dock.model.state)["threshold"]
    status["threshold_text"] = dock.method.threshold_spin.text()
    status["summary"] = dock.results.summary_label.text()
    status["counts"] = list(dock.model.shown.counts())
    status["clusters"] = cluster_rows(dock)
    type_into(dock.method.tolerance_spin, "2,5")
    wait_for(lambda: not dock.busy(), lambda: report(dock), "tolerance typed")


@guarded
def report(dock) -> None:
    status["tolerance_m"] = dock.model.tolerance_m()
    status["tolerance_text"] = dock.method.tolerance_spin.text()
    dock.widget().ensureWidgetVisible(dock.results.cluster_list)
    QApplication.processEvents()
    dock.grab().save(os.environ["SC_SHOT"])
    finish(True)


START = time.time()
QTimer.singleShot(1000, open_panel)
