"""Timeline layouts follow new timeline layers: Create timeline layers again rebuilds the open trajectory layout
on the new layers (its map, legend and table read them), with a word to the user; the panel's buttons are
clicked as a person does."""
from __future__ import annotations

import pytest
from qgis.core import Qgis, QgsLayoutItemLegend, QgsLayoutItemMap, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest

from tests.conftest import BRES, need
from tests.qgis.panel_fixtures import MANUFACTURING, WAIT, field_for, load_bres, pick_sector, wait_idle

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)


def messages(iface, text: str) -> list[str]:
    bar = iface.messageBar()
    return [m for level in (Qgis.Info, Qgis.Warning, Qgis.Critical, Qgis.Success)
            for m in bar.get_messages(level) if text in m]


def test_create_timeline_layers_again_rebuilds_the_trajectory_layout(dock, qtbot, project, lep_path, bres2020,
                                                                     tmp_path, qgis_iface):
    files = [str(need(BRES[y])) for y in range(2015, 2021)]
    load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    dock.model.update(periods_source="files", period_files=files)
    wait_idle(qtbot, dock)
    dock.output.map_kind_combo.setCurrentIndex(dock.output.map_kind_combo.findData("trajectory"))
    dock.output.output_widget.setFilePath(str(tmp_path / "out.gpkg"))

    QTest.mouseClick(dock.periods.create_timeline_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.model.outputs.timeline.layers() is not None and not dock.busy(), timeout=WAIT)
    first = dock.model.outputs.timeline.layers()[0].id()
    dock.output.layout_button.setFocus()
    project_layouts = QgsProject.instance().layoutManager()
    QTest.mouseClick(dock.output.layout_button, Qt.MouseButton.LeftButton)  # Open layout: made, shown in the designer
    name = "Sector Clusters — C : Manufacturing — trajectories"
    qtbot.waitUntil(lambda: project_layouts.layoutByName(name) is not None, timeout=WAIT)

    QTest.mouseClick(dock.periods.create_timeline_button, Qt.MouseButton.LeftButton)  # the layers are written again
    qtbot.waitUntil(lambda: dock.model.outputs.timeline.layers() is not None and
            dock.model.outputs.timeline.layers()[0].id() != first
                    and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.model.outputs.timeline.layers()
    layout = project_layouts.layoutByName(name)
    assert layout is not None, "the trajectory layout is still there"
    maps = [i for i in layout.items() if isinstance(i, QgsLayoutItemMap)]
    assert maps and all(regions.id() in [lyr.id() for lyr in m.layers()] for m in maps), "the map reads the new layers"
    legend = next(i for i in layout.items() if isinstance(i, QgsLayoutItemLegend))
    assert [n.layerId() for n in legend.model().rootGroup().findLayers()][:1] == [regions.id()]
    table = layout.itemById("clusters_table").multiFrame()
    assert table.vectorLayer() is not None and table.vectorLayer().id() == clusters.id()
    assert len(table.columns()) == 4, "the table keeps its columns"
    assert messages(qgis_iface, "Rebuilt the timeline layouts"), "the user is told"
