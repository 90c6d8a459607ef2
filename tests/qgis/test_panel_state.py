"""Stale or missing state and one read of the table per change, as a user
meets them in the panel: real widget, real LEP/BRES files, real project save and reopen."""
from __future__ import annotations

import os
import time

import pytest
from qgis.core import Qgis, QgsVectorLayer
from qgis.PyQt.QtWidgets import QLabel

from tests.qgis.panel_fixtures import MANUFACTURING, WAIT, field_for, load_bres, pick_sector, wait_idle

pytestmark = pytest.mark.qgis
pytest_plugins = ("tests.qgis.panel_dock",)
STALE = "The map layers show earlier settings"


def bar_messages(iface, text: str) -> list[str]:
    bar = iface.messageBar()
    return [m for level in (Qgis.Info, Qgis.Warning, Qgis.Critical, Qgis.Success)
            for m in bar.get_messages(level) if text in m]


def dock_labels(dock, text: str) -> list[str]:
    return [lab.text() for lab in dock.widget().widget().findChildren(QLabel)
            if lab.isVisibleTo(dock) and text in lab.text()]


def test_the_only_polygon_layer_is_chosen_and_a_point_layer_says_why(dock, qtbot, project, lep_path, qgis_iface,
                                                                       tmp_path):
    points = QgsVectorLayer("Point?crs=EPSG:4326&field=name:string", "Railway stations", "memory")
    project.addMapLayer(points)
    qtbot.waitUntil(lambda: "Railway stations" in dock.regions.layer_note.text(), timeout=WAIT)
    assert dock.regions.layer_combo.currentLayer() is None
    assert dock.regions.layer_note.text() == "Not offered: Railway stations (the regions layer must hold polygons)."
    leps = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    project.addMapLayer(leps)
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is leps, timeout=WAIT)
    assert dock.regions.key_combo.currentField() == "LEP21CD"
    assert "Railway stations" not in dock.regions.layer_note.text()

    # with several polygon layers loaded, the panel opened the first time takes the active one
    dock.shutdown()
    project.clear()
    copies = []
    for name in ("a.geojson", "b.geojson"):
        (tmp_path / name).write_bytes(lep_path.read_bytes())
        copies.append(QgsVectorLayer(str(tmp_path / name), name, "ogr"))
    project.addMapLayers(copies)
    b = copies[1]
    qgis_iface.setActiveLayer(b)
    from plugin.ui.dock import SectorClustersDock

    second = SectorClustersDock(qgis_iface, None)
    qtbot.addWidget(second)
    second.show()
    try:
        qtbot.waitUntil(lambda: second.regions.layer_combo.currentLayer() is b, timeout=WAIT)
    finally:
        second.shutdown()


@pytest.mark.timeout(300, method="thread")
def test_a_bad_table_clears_the_results_and_is_said_once(dock, qtbot, project, lep_path, bres2020, tmp_path,
                                                         qgis_iface):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    wait_idle(qtbot, dock)
    assert dock.model.shown.counts()[0] > 0 and dock.results.cluster_list.topLevelItemCount() > 0
    assert dock.output.create_button.isEnabled() and dock.method.sector_combo.count() > 30
    qgis_iface.messageBar().clear_messages()

    bad = tmp_path / "bad.csv"
    bad.write_text("just one column\nvalue\n", encoding="utf-8")
    dock.scores.file_widget.setFilePath(str(bad))
    wait_idle(qtbot, dock)
    error = dock.model.last_error
    assert "one column" in error and "Traceback" not in error
    # the previous file's results are gone and what cannot run is disabled
    assert dock.model.sector_result() is None and dock.model.shown.counts() == (0, 0)
    assert dock.results.cluster_list.topLevelItemCount() == 0
    assert dock.method.sector_combo.count() == 0
    assert dock.results.summary_label.text() == "—"
    assert not dock.scores.unmatched.values()
    assert not dock.output.create_button.isEnabled()
    assert "nomis" not in dock.scores.shape_combo.itemText(0)
    # said once: one message in the bar, one place in the dock
    assert len(bar_messages(qgis_iface, error)) == 1, bar_messages(qgis_iface, error)
    assert len(dock_labels(dock, error)) == 1, dock_labels(dock, error)
    dock.method.threshold_spin.setValue(1.3)  # other settings do not repeat it
    wait_idle(qtbot, dock)
    assert len(bar_messages(qgis_iface, error)) == 1

    # a path being typed that does not exist (yet) is said in the dock, not in the message bar
    dock.scores.file_widget.setFilePath(str(tmp_path / "no such file.csv"))
    wait_idle(qtbot, dock)
    assert "does not exist" in dock.scores.match_label.text()
    assert not bar_messages(qgis_iface, "does not exist")

    # the good file again: everything comes back
    dock.scores.file_widget.setFilePath(str(bres2020))
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    wait_idle(qtbot, dock)
    assert dock.output.create_button.isEnabled() and dock.model.sector_result() is not None


@pytest.mark.timeout(300, method="thread")
def test_reopening_a_project_does_not_claim_the_layers_are_stale(dock, qtbot, project, lep_path, bres2020,
                                                                 tmp_path):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    dock.output.output_widget.setFilePath(str(tmp_path / "out.gpkg"))
    dock.output.create_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    assert STALE not in dock.results.summary_label.text()
    dock.method.threshold_spin.setValue(1.3)
    wait_idle(qtbot, dock)
    assert STALE in dock.results.summary_label.text()  # true: the layers are of threshold 1.0
    dock.method.threshold_spin.setValue(1.0)
    wait_idle(qtbot, dock)
    assert STALE not in dock.results.summary_label.text()  # the same settings again

    qgz = tmp_path / "p.qgz"
    assert project.write(str(qgz))
    project.clear()
    assert project.read(str(qgz))
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and dock.model.sector_result() is not None,
            timeout=WAIT)
    wait_idle(qtbot, dock)
    assert dock.scores.match_label.text() == "38 of 38 regions matched"
    assert STALE not in dock.results.summary_label.text(), dock.results.summary_label.text()
    assert not any(lyr.customProperty("sector_clusters/role") == "preview" for lyr in project.mapLayers().values())


@pytest.mark.timeout(300, method="thread")
def test_the_table_is_read_once_per_change(dock, qtbot, project, lep_path, bres2020, tmp_path, monkeypatch):
    """Preview, match, hand fixes, thresholds, sectors and Create layers share one read of the file; a new
    version of the file on disk is read again."""
    from plugin.core import tables

    reads: list[str] = []
    real = tables.read_raw

    def counting(path):
        reads.append(str(path))
        return real(path)

    monkeypatch.setattr(tables, "read_raw", counting)
    table = tmp_path / "bres.csv"
    table.write_bytes(bres2020.read_bytes())
    load_bres(dock, qtbot, project, lep_path, table)  # preview, match, two hand fixes
    assert reads == [str(table)]
    dock.method.threshold_spin.setValue(1.2)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    dock.model.update(baseline="lq", min_regions=3, neighbours="rook")
    wait_idle(qtbot, dock)
    dock.output.output_widget.setFilePath(str(tmp_path / "out.gpkg"))
    dock.output.create_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.model.outputs.layers()
    manu = field_for(dock, MANUFACTURING)
    assert sum(1 for f in regions.getFeatures() if f[f"{manu}_above"] == 1) == dock.model.shown.counts()[0]
    assert sum(1 for f in clusters.getFeatures() if f["sector"] == manu) == dock.model.shown.counts()[1]
    assert reads == [str(table)], "the joined layer Create layers analyses comes from the match"
    assert dock.model.table.cache.reads == 1

    # the file changes on disk: the next change of a table option reads it again (once)
    later = time.time() + 5
    os.utime(table, (later, later))
    dock.model.update(table_key="Area")
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched" and not dock.busy(),
            timeout=WAIT)
    assert reads == [str(table), str(table)]
