"""Run inside the real QGIS desktop (``qgis --code``): open the panel, run the pipeline, report.

Driven by tests/e2e/test_desktop.py through environment variables:
SC_STATUS (JSON written at the end), SC_SHOT (PNG of the main window), SC_DOCK_SHOT (PNG of the panel),
SC_LEP, SC_TABLE (input data), SC_OUT (folder for the GeoPackage), SC_PHASE ("restore": the second start
of the same profile, which only reports where QGIS put the panel).
Everything is asynchronous (QTimer polling) because this runs on QGIS's GUI thread.
"""
from __future__ import annotations

import json
import os
import time
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import QPoint, Qt, QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QMenu, QWidget
from qgis.utils import iface, plugins

STATUS = os.environ["SC_STATUS"]
SHOT = os.environ["SC_SHOT"]
DOCK_SHOT = os.environ.get("SC_DOCK_SHOT", "")
PHASE = os.environ.get("SC_PHASE", "")
ALIASES = {"Buckinghamshire Thames Valley": "E37000043", "Hull and East Riding": "E37000061"}
status: dict = {"steps": [], "errors": [], "messages": []}
_keep: list = []  # Python references to timers/callbacks


def log_message(message: str, tag: str, level) -> None:
    ours = tag == "Sector Clusters" and level in (Qgis.Warning, Qgis.Critical)
    if tag in ("Python error", "Python warning") or ours:
        status["messages"].append(f"{tag}: {message}")


QgsApplication.messageLog().messageReceived.connect(log_message)


def finish(ok: bool, unload: bool = False) -> None:
    status["ok"] = ok
    status["elapsed_s"] = round(time.time() - START, 1)
    try:  # what the canvas's labelling engine actually placed
        results = iface.mapCanvas().labelingResults()
        status["canvas_labels"] = [[lab.layerID, int(lab.featureId), lab.labelText]
                                   for lab in (results.allLabels() if results else [])]
        status["layer_names"] = {lid: lyr.name() for lid, lyr in QgsProject.instance().mapLayers().items()}
        dbg = {"engine_flags": int(QgsProject.instance().labelingEngineSettings().flags())}
        for lyr in QgsProject.instance().mapLayers().values():
            if lyr.name() == "Multi-region clusters":
                rules = lyr.labeling().rootRule().children() if hasattr(lyr.labeling(), "rootRule") else []
                dbg["rules"] = [[r.filterExpression(), r.settings().placement, r.settings().labelPerPart,
                                 r.settings().fieldName] for r in rules]
                dbg["canvas_crs"] = iface.mapCanvas().mapSettings().destinationCrs().authid()
                dbg["layer_crs"] = lyr.crs().authid()
                dbg["dpr"] = iface.mapCanvas().devicePixelRatioF()
        status["debug"] = dbg
    except Exception:  # noqa: BLE001
        status["errors"].append(traceback.format_exc())
    try:
        QApplication.processEvents()
        iface.mainWindow().grab().save(SHOT)
        status["screenshot"] = SHOT
    except Exception:  # noqa: BLE001
        status["errors"].append(traceback.format_exc())
    if unload:  # leave the panel on the left, shown, as a user would before quitting (QGIS saves this state)
        try:
            dock = registered_dock()
            iface.mainWindow().addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
            dock.show()
            QApplication.processEvents()
            settings = QgsSettings()
            settings.setValue("UI/state", iface.mainWindow().saveState())  # what QGIS writes when it quits
            settings.sync()
        except Exception:  # noqa: BLE001
            status["errors"].append(traceback.format_exc())
    if unload:  # the plugin's unload(): the dock's shutdown, menu and provider removed
        try:
            import qgis.utils

            status["unloaded"] = bool(qgis.utils.unloadPlugin("sector_clusters"))
            status["dock_gone_after_unload"] = not any(
                w.objectName() == "SectorClustersDock" and w.isVisible()
                for w in iface.mainWindow().findChildren(QDockWidget))
            status["provider_gone_after_unload"] = (
                QgsApplication.processingRegistry().providerById("sectorclusters") is None)
        except Exception:  # noqa: BLE001
            status["errors"].append(traceback.format_exc())
    with open(STATUS, "w", encoding="utf-8") as fh:
        json.dump(status, fh, indent=2)
    QTimer.singleShot(200, lambda: os._exit(0))


def wait_for(cond, then, what: str, timeout: float = 60.0) -> None:
    """Poll ``cond`` every 100 ms, then call ``then``; give up after ``timeout`` seconds."""
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
        except Exception:  # noqa: BLE001
            timer.stop()
            status["errors"].append(traceback.format_exc())
            finish(False)

    timer.timeout.connect(check)
    timer.start(100)


def guarded(fn):
    def run(*args) -> None:
        try:
            fn(*args)
        except Exception:  # noqa: BLE001
            status["errors"].append(traceback.format_exc())
            finish(False)
    return run


def in_panels_menu() -> bool:
    """Whether View ▸ Panels lists the panel (QGIS fills that menu when it opens)."""
    panels = iface.mainWindow().findChild(QMenu, "mPanelMenu")
    if panels is not None:
        panels.aboutToShow.emit()
        return any(a.text().replace("&", "") == "Sector Clusters" for a in panels.actions())
    return any(a.text().replace("&", "") == "Sector Clusters" for a in iface.mainWindow().createPopupMenu().actions())


def registered_dock():
    return next((w for w in iface.mainWindow().findChildren(QDockWidget) if w.objectName() == "SectorClustersDock"),
                None)


def past_viewport(dock) -> list[str]:
    """Visible parts of the panel whose right edge is beyond the dock's viewport (cut off)."""
    scroll = dock.widget()
    viewport, body = scroll.viewport(), scroll.widget()
    out = [] if body.width() <= viewport.width() else [f"content {body.width()} px > viewport {viewport.width()}"]
    for w in body.findChildren(QWidget):
        if w.isVisibleTo(body) and w.width() and w.mapTo(viewport, QPoint(w.width() - 1, 0)).x() >= viewport.width():
            out.append(f"{type(w).__name__} {w.objectName()}")
    return out



def fix_alias(dock, name: str, code: str) -> None:
    """Match a table row by hand as the user does: choose the region in the row's picker."""
    combo = dock.scores.unmatched.combo(name)
    combo.setCurrentIndex(combo.findData(code))

@guarded
def report_restored() -> None:
    """The second start: where did QGIS put the panel the first run left on the left, shown?"""
    dock = registered_dock()
    status["plugin_loaded"] = "sector_clusters" in plugins
    status["restored_visible"] = bool(dock is not None and dock.isVisible())
    status["restored_area"] = int(iface.mainWindow().dockWidgetArea(dock)) if dock is not None else -1
    status["restored_action_checked"] = bool(plugins["sector_clusters"].action.isChecked())
    finish(True)


@guarded
def open_panel() -> None:
    status["plugin_loaded"] = "sector_clusters" in plugins
    if not status["plugin_loaded"]:
        status["errors"].append("the plugin is not loaded")
        finish(False)
        return
    plugin = plugins["sector_clusters"]
    # before first use: registered (View ▸ Panels), hidden, not built
    status["registered_before_use"] = registered_dock() is plugin.dock is not None
    status["in_panels_menu_before_use"] = in_panels_menu()
    status["visible_before_use"] = bool(plugin.dock is not None and plugin.dock.isVisible())
    status["built_before_use"] = bool(plugin.dock is not None and plugin.dock.model is not None)
    plugin.action.trigger()  # as the user: Vector ▸ Sector Clusters / toolbar
    dock = plugin.dock
    status["dock_visible"] = bool(dock is not None and dock.isVisible())
    status["action_in_vector_menu"] = any(
        a.menu() is not None and plugin.action in a.menu().actions() for a in iface.vectorMenu().actions())
    status["in_panels_menu"] = in_panels_menu()
    layer = QgsVectorLayer(os.environ["SC_LEP"], "LEP boundaries", "ogr")
    QgsProject.instance().addMapLayer(layer)  # the only polygon layer: the panel takes it
    wait_for(lambda: dock.regions.layer_combo.currentLayer() is layer, lambda: choose_table(dock), "layer preselected")


@guarded
def choose_table(dock) -> None:
    dock.scores.file_widget.setFilePath(os.environ["SC_TABLE"])
    wait_for(lambda: dock.scores.match_label.text() == "36 of 38 regions matched", lambda: fix_names(dock),
            "36 of 38 matched")


@guarded
def fix_names(dock) -> None:
    QApplication.processEvents()
    status["unmatched"] = dock.scores.unmatched.values()
    status["pickers"] = {name: dock.scores.unmatched.combo(name).itemText(1) for name in ALIASES}
    status["dock_width"] = dock.width()
    status["past_viewport_unmatched"] = past_viewport(dock)
    for name, code in ALIASES.items():
        fix_alias(dock, name, code)
    wait_for(lambda: dock.scores.match_label.text() == "38 of 38 regions matched" and dock.model.sector_result()
            is not None
             and not dock.busy(), lambda: create(dock), "38 of 38 matched, clusters found")


@guarded
def create(dock) -> None:
    i = dock.method.sector_combo.findText("C : Manufacturing")
    dock.method.sector_combo.setCurrentIndex(i)
    status["counts_manufacturing"] = list(dock.model.shown.counts())
    dock.output.output_widget.setFilePath(os.path.join(os.environ["SC_OUT"], "desktop.gpkg"))
    dock.output.create_button.click()
    wait_for(lambda: dock.model.outputs.layers() is not None and not dock.busy(), lambda: shoot(dock), "layers created")


@guarded
def shoot(dock) -> None:
    regions, clusters = dock.model.outputs.layers()
    status["regions_source"] = regions.source()
    status["renderer"] = regions.renderer().type()
    status["class_attribute"] = getattr(regions.renderer(), "classAttribute", lambda: "")()
    status["layer_names_after_create"] = sorted(lyr.name() for lyr in QgsProject.instance().mapLayers().values())
    if dock.results.cluster_list.topLevelItemCount():
        dock.results.cluster_list.itemClicked.emit(dock.results.cluster_list.topLevelItem(0), 0)
    status["past_viewport_results"] = past_viewport(dock)
    dock.widget().ensureWidgetVisible(dock.results.cluster_list)  # show the results in the screenshot
    if DOCK_SHOT:
        dock.grab().save(DOCK_SHOT)
    iface.mapCanvas().setExtent(regions.extent())
    iface.mapCanvas().refresh()
    wait_for(lambda: not iface.mapCanvas().isDrawing(),
             lambda: QTimer.singleShot(1500, lambda: finish(True, unload=True)), "map drawn", timeout=30)


START = time.time()
QTimer.singleShot(1000, report_restored if PHASE == "restore" else open_panel)
