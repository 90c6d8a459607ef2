"""Layers are read on the main thread only; workers get LayerSnapshots and plain data.

``WatchedLayer`` is a real QgsVectorLayer (the LEP GeoJSON) that notes each call of its reading methods
made off the main thread. The panel's background work and a threaded Processing run must leave that list
empty; a control task that does read the layer in a worker shows that the watch sees such a call.
"""
from __future__ import annotations

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QCoreApplication, QThread

from tests.conftest import BRES_ALIASES

pytestmark = pytest.mark.qgis
WAIT = 60_000
READERS = ("getFeatures", "getFeature", "extent", "fields", "featureCount", "crs", "uniqueValues", "source",
           "customProperty", "dataProvider", "wkbType", "geometryType", "isValid", "name")


class WatchedLayer(QgsVectorLayer):
    """Notes every reading call made off the main thread (Python calls: the plugin's own code)."""

    def __init__(self, *args):
        super().__init__(*args)
        self.off_main: list[str] = []


def _watch(name):
    def method(self, *args, **kwargs):
        if QThread.currentThread() != QCoreApplication.instance().thread():
            self.off_main.append(name)
        return getattr(QgsVectorLayer, name)(self, *args, **kwargs)

    method.__name__ = name
    return method


for _name in READERS:
    setattr(WatchedLayer, _name, _watch(_name))


@pytest.fixture
def watched(processing_ready, lep_path):
    layer = WatchedLayer(str(lep_path), "LEPs", "ogr")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    yield layer
    QgsProject.instance().removeMapLayer(layer.id())


def test_the_watch_sees_a_worker_reading_a_layer(watched, qtbot):
    from plugin.ui.tasks import CoreTask

    done = {}
    task = CoreTask("reads the layer in a worker (control)", lambda t: sum(1 for _ in watched.getFeatures()),
                    lambda t: done.setdefault("n", t.result))
    QgsApplication.taskManager().addTask(task)
    qtbot.waitUntil(lambda: "n" in done, timeout=WAIT)
    assert done["n"] == 38 and "getFeatures" in watched.off_main


def test_threaded_processing_reads_the_input_on_the_main_thread(watched, bres2020, tmp_path, qtbot):
    """joinscores then detectclusters, each in a QgsProcessingAlgRunnerTask as the panel runs them."""
    aliases = tmp_path / "aliases.csv"
    aliases.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    results = {}

    def run(alg_id: str, params: dict) -> dict:
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        feedback = QgsProcessingFeedback()
        task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
        task.executed.connect(lambda ok, res: results.update({alg_id: (ok, res)}))
        QgsApplication.taskManager().addTask(task)
        qtbot.waitUntil(lambda: alg_id in results, timeout=WAIT)
        ok, res = results[alg_id]
        assert ok, alg_id
        return res

    joined = run("sectorclusters:joinscores", {"INPUT": watched, "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020),
                                               "ALIASES": str(aliases), "OUTPUT": str(tmp_path / "j.gpkg")})
    joined_layer = WatchedLayer(joined["OUTPUT"], "joined", "ogr")
    QgsProject.instance().addMapLayer(joined_layer)
    try:
        detected = run("sectorclusters:detectclusters", {
            "INPUT": joined_layer, "BASELINE": 3, "GAP_TOLERANCE": 35000,
            "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
        assert detected["CLUSTERS"] > 0
        assert not watched.off_main and not joined_layer.off_main, (watched.off_main, joined_layer.off_main)
    finally:
        QgsProject.instance().removeMapLayer(joined_layer.id())


def test_the_panel_reads_layers_on_the_main_thread(watched, qgis_iface, qtbot, bres2020):
    from plugin.ui.dock import SectorClustersDock

    dock = SectorClustersDock(qgis_iface, None)
    qtbot.addWidget(dock)
    dock.show()  # the user opens the panel: its widgets are built
    try:
        dock.regions.layer_combo.setLayer(watched)
        dock.scores.file_widget.setFilePath(str(bres2020))
        qtbot.waitUntil(lambda: dock.scores.match_label.text() == "36 of 38 regions matched", timeout=WAIT)
        qtbot.waitUntil(lambda: dock.model.sector_result() is not None and not dock.busy(), timeout=WAIT)
        dock.method.tolerance_spin.setValue(35.0)  # a new graph and a new analysis
        qtbot.wait(400)
        qtbot.waitUntil(lambda: not dock.busy() and dock.model.sector_result() is not None, timeout=WAIT)
        assert dock.model.shown.counts()[1] > 0
        assert not watched.off_main, watched.off_main
    finally:
        dock.shutdown()
        qtbot.waitUntil(lambda: not dock.busy(), timeout=WAIT)


def test_threaded_runs_read_the_overlay_on_the_main_thread(watched, tmp_path, qtbot):
    """detectclusters and localstatistics with an OVERLAY, in runner tasks: the overlay is a snapshot."""
    from tests.conftest import DEMO

    overlay = WatchedLayer(str(DEMO / "pan_regional_partnerships.geojson"), "partnerships", "ogr")
    from tests.conftest import LEP_GEOJSON

    source = QgsVectorLayer(str(LEP_GEOJSON), "codes", "ogr")
    codes = [f["LEP21CD"] for f in source.getFeatures()]
    del source
    table = tmp_path / "t.csv"
    table.write_text("code,x\n" + "".join(f"{c},{i % 7}\n" for i, c in enumerate(codes)))
    QgsProject.instance().addMapLayer(overlay)
    results = {}

    def run(alg_id: str, params: dict) -> dict:
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        feedback = QgsProcessingFeedback()  # kept alive until the task has run
        task = QgsProcessingAlgRunnerTask(alg, params, context, feedback)
        task.executed.connect(lambda ok, res: results.update({alg_id: (ok, res)}))
        QgsApplication.taskManager().addTask(task)
        qtbot.waitUntil(lambda: alg_id in results, timeout=WAIT)
        assert results[alg_id][0], alg_id
        return results[alg_id][1]

    try:
        joined = run("sectorclusters:joinscores", {"INPUT": watched, "INPUT_KEY": "LEP21CD", "TABLE": str(table),
                                                   "OUTPUT": str(tmp_path / "j.gpkg")})
        for alg_id in ("sectorclusters:detectclusters", "sectorclusters:localstatistics"):
            run(alg_id, {"INPUT": joined["OUTPUT"], "OVERLAY": overlay, "OVERLAY_NAME": "name",
                         "OUTPUT_REGIONS": str(tmp_path / f"{alg_id[15:]}_r.gpkg"),
                         "OUTPUT_CLUSTERS": str(tmp_path / f"{alg_id[15:]}_c.gpkg")})
        assert not overlay.off_main and not watched.off_main, (overlay.off_main, watched.off_main)
    finally:
        QgsProject.instance().removeMapLayer(overlay.id())
