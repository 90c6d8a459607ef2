"""Run inside the real QGIS desktop (``qgis --code``): open the panel, run the pipeline, report.

Driven by tests/e2e/test_desktop.py through environment variables:
SC_STATUS (JSON written at the end), SC_SHOT (PNG of the main window),
SC_LEP, SC_TABLE (input data), SC_OUT (folder for the GeoPackage).
Everything is asynchronous (QTimer polling) because this runs on QGIS's GUI thread.
"""
from __future__ import annotations

import json
import os
import time
import traceback

from qgis.core import Qgis, QgsApplication, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication, QDockWidget, QMenu
from qgis.utils import iface, plugins

STATUS = os.environ["SC_STATUS"]
SHOT = os.environ["SC_SHOT"]
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


@guarded
def open_panel() -> None:
    status["plugin_loaded"] = "sector_clusters" in plugins
    if not status["plugin_loaded"]:
        status["errors"].append("the plugin is not loaded")
        finish(False)
        return
    plugin = plugins["sector_clusters"]
    plugin.action.trigger()  # as the user: Vector ▸ Sector Clusters / toolbar
    dock = plugin.dock
    status["dock_visible"] = bool(dock is not None and dock.isVisible())
    status["action_in_vector_menu"] = any(
        a.menu() is not None and plugin.action in a.menu().actions() for a in iface.vectorMenu().actions())
    panels = iface.mainWindow().findChild(QMenu, "mPanelMenu")
    if panels is not None:
        panels.aboutToShow.emit()  # QGIS fills View ▸ Panels when it opens
        status["in_panels_menu"] = any(a.text().replace("&", "") == "Sector Clusters" for a in panels.actions())
    else:
        status["in_panels_menu"] = any(
            a.text().replace("&", "") == "Sector Clusters" for a in iface.mainWindow().createPopupMenu().actions())
    layer = QgsVectorLayer(os.environ["SC_LEP"], "LEP boundaries", "ogr")
    QgsProject.instance().addMapLayer(layer)
    dock.layer_combo.setLayer(layer)
    dock.file_widget.setFilePath(os.environ["SC_TABLE"])
    wait_for(lambda: dock.match_text() == "36 of 38 regions matched", lambda: fix_names(dock), "36 of 38 matched")


@guarded
def fix_names(dock) -> None:
    status["unmatched"] = dock.unmatched_rows()
    for name, code in ALIASES.items():
        dock._aliases[name] = code
    dock._match_inputs_changed()
    wait_for(lambda: dock.match_text() == "38 of 38 regions matched" and dock.sector_result() is not None
             and not dock.busy(), lambda: create(dock), "38 of 38 matched, clusters found")


@guarded
def create(dock) -> None:
    i = dock.sector_combo.findText("C : Manufacturing")
    dock.sector_combo.setCurrentIndex(i)
    status["counts_manufacturing"] = list(dock.counts())
    dock.output_widget.setFilePath(os.path.join(os.environ["SC_OUT"], "desktop.gpkg"))
    dock.create_layers()
    wait_for(lambda: dock.output_layers() is not None and not dock.busy(), lambda: shoot(dock), "layers created")


@guarded
def shoot(dock) -> None:
    regions, clusters = dock.output_layers()
    status["regions_source"] = regions.source()
    status["renderer"] = regions.renderer().type()
    status["class_attribute"] = getattr(regions.renderer(), "classAttribute", lambda: "")()
    if dock.cluster_list.count():
        dock._cluster_clicked(dock.cluster_list.item(0))
    dock.widget().ensureWidgetVisible(dock.cluster_list)  # show the results in the screenshot
    iface.mapCanvas().setExtent(regions.extent())
    iface.mapCanvas().refresh()
    wait_for(lambda: not iface.mapCanvas().isDrawing(),
             lambda: QTimer.singleShot(1500, lambda: finish(True, unload=True)), "map drawn", timeout=30)


START = time.time()
QTimer.singleShot(1000, open_panel)
