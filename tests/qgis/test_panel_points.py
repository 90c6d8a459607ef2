"""Points as the panel's scores source: a user picks *Points: firms, patents, grants…*, the firms
layer and its fields, and sees the match line, the clusters, the point clusters on the map, the created layers
and the exported map — each compared with what the toolbox (pointstoregions + detectclusters, pointclusters)
makes of the same inputs.

Everything is done through the real widgets (combo entries clicked, numbers typed, boxes ticked, buttons
pressed) and read back as a user sees it (labels, table rows, layer names, the PDF's text).
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QGroupBox

from plugin.gis.point_map import TABLE_FRAME_ID
from tests.conftest import DEMO, REPO
from tests.qgis.panel_fixtures import WAIT, expanded_members, pdf_text, wait_idle
from tests.qgis.test_panel_signals import answer_export_dialog

pytest_plugins = ("tests.qgis.panel_dock",)
pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]

FIRMS = DEMO / "firms_illustrative.geojson"
SECTOR = "Manufacturing"
RADIUS, MIN_WEIGHT = 500, 200
ARTEFACTS = REPO / "tests" / "artefacts"


def run(alg: str, params: dict) -> dict:
    import processing

    return processing.run(alg, params)


def choose(qtbot, combo, text: str) -> None:
    """As a person: open the combo's list and click the entry reading ``text`` (as test_panel_journey_fixes; the
    offscreen list may not take the click: then the pick as Qt signals it)."""
    i = combo.findText(text)
    assert i >= 0, (text, [combo.itemText(j) for j in range(combo.count())])
    combo.showPopup()
    view = combo.view()
    index = view.model().index(i, combo.modelColumn(), view.rootIndex())
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    if combo.currentIndex() != i:
        combo.hidePopup()
        combo.setCurrentIndex(i)
        combo.activated.emit(i)
    qtbot.wait(20)
    assert combo.currentText() == text


def type_number(spin, value) -> None:
    edit = spin.lineEdit()
    edit.selectAll()
    QTest.keyClicks(edit, str(value))
    QTest.keyClick(edit, Qt.Key.Key_Return)
    assert spin.value() == value


def render(points, path: Path) -> None:
    """The map as the canvas draws it (the project's layers, the preview on top) around the point clusters, as a
    PNG in tests/artefacts (looked at by hand)."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize

    path.parent.mkdir(parents=True, exist_ok=True)
    project = QgsProject.instance()
    settings = QgsMapSettings()
    settings.setLayers([lyr for lyr in project.layerTreeRoot().layerOrder()
                        if project.layerTreeRoot().findLayer(lyr.id()).isVisible()])
    settings.setDestinationCrs(points.crs())
    extent = points.extent()
    extent.scale(1.3)
    settings.setExtent(extent)
    settings.setOutputSize(QSize(700, 700))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(str(path))


def panel_clusters(dock) -> list[frozenset[str]]:
    """The clusters table's rows as a user reads them: each cluster's member names."""
    tree = dock.results.cluster_list
    out = []
    for i in range(tree.topLevelItemCount()):
        item = tree.topLevelItem(i)
        out.append(frozenset(expanded_members(tree, item)))
    return out


@pytest.fixture(scope="module")
def toolbox(processing_ready, lep_path, tmp_path_factory) -> dict:
    """What the toolbox makes of the same inputs: the points counted into the LEPs and their clusters (the
    panel's defaults: mean of regions, threshold 1, queen, no gap, 2 regions), the point clusters."""
    out = tmp_path_factory.mktemp("panel_points")
    counted = run("sectorclusters:pointstoregions", {
        "INPUT": str(FIRMS), "REGIONS": str(lep_path), "REGIONS_KEY": "LEP21CD", "SECTOR_FIELD": "sector",
        "WEIGHT_FIELD": "employees", "OUTPUT": str(out / "counted.gpkg")})
    detected = run("sectorclusters:detectclusters", {
        "INPUT": counted["OUTPUT"], "BASELINE": 0, "THRESHOLD": 1.0, "NEIGHBOURS": 0, "GAP_TOLERANCE": 0,
        "MIN_REGIONS": 2, "OUTPUT_REGIONS": str(out / "regions.gpkg"), "OUTPUT_CLUSTERS": str(out / "clusters.gpkg")})
    common = {"INPUT": str(FIRMS), "SECTOR_FIELD": "sector", "WEIGHT_FIELD": "employees", "RADIUS": RADIUS,
              "MIN_WEIGHT": MIN_WEIGHT, "REGIONS": str(lep_path), "REGIONS_NAME": "LEP21NM"}
    one = run("sectorclusters:pointclusters", dict(common, SECTORS=SECTOR, OUTPUT_POINTS=str(out / "p1.gpkg"),
                                                   OUTPUT_CLUSTERS=str(out / "pc1.gpkg")))
    every = run("sectorclusters:pointclusters", dict(common, OUTPUT_POINTS=str(out / "p2.gpkg"),
                                                     OUTPUT_CLUSTERS=str(out / "pc2.gpkg")))
    regions = QgsVectorLayer(detected["OUTPUT_REGIONS"], "regions", "ogr")
    counts = QgsVectorLayer(counted["OUTPUT"], "counted", "ogr")
    field = next(f.name() for f in counts.fields() if counts.attributeAlias(counts.fields().indexOf(f.name()))
                 == SECTOR or f.name() == SECTOR)
    members: dict[int, set[str]] = {}
    for f in regions.getFeatures():
        cid = f[f"{field}_cluster"]
        if cid not in (None, 0) and str(cid) != "NULL":
            members.setdefault(int(cid), set()).add(f["LEP21NM"])
    sectors_fields = [n for n in counts.fields().names() if n not in QgsVectorLayer(str(lep_path), "l", "ogr")
                      .fields().names() and n != "fid"]
    with_points = sum(1 for f in counts.getFeatures() if sum(float(f[n] or 0) for n in sectors_fields) > 0)
    return {"inside": int(counted["INSIDE"]), "outside": int(counted["OUTSIDE"]), "regions": with_points,
            "clusters": sorted(map(frozenset, members.values()), key=sorted),
            "one": QgsVectorLayer(one["OUTPUT_CLUSTERS"], "pc", "ogr").featureCount(),
            "every": QgsVectorLayer(every["OUTPUT_CLUSTERS"], "pc", "ogr").featureCount()}


def test_points_as_the_scores_source(dock, qtbot, project, lep_path, toolbox, tmp_path):
    leps = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    firms = QgsVectorLayer(str(FIRMS), "Firms (illustrative)", "ogr")
    assert leps.isValid() and firms.isValid()
    project.addMapLayers([leps, firms])
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is leps, timeout=WAIT)  # the only polygon layer
    assert dock.scores.points_ui.box.isHidden() and not dock.scores.table_box.isHidden()

    # 1 the source: points, the firms, sector and weight fields
    choose(qtbot, dock.scores.points_ui.source_combo, "Points: firms, patents, grants…")
    assert not dock.scores.points_ui.box.isHidden() and dock.scores.table_box.isHidden()
    assert dock.findChild(QGroupBox, "sc_group_periods").isHidden()  # periods come from tables
    choose(qtbot, dock.scores.points_ui.layer_combo, "Firms (illustrative)")
    choose(qtbot, dock.scores.points_ui.sector_combo, "sector")
    choose(qtbot, dock.scores.points_ui.weight_combo, "employees")
    line = (f"{toolbox['inside']:,} points counted into {toolbox['regions']} regions; {toolbox['outside']:,} outside"
            if toolbox["outside"] else f"{toolbox['inside']:,} points counted into {toolbox['regions']} regions")
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == line, timeout=WAIT)
    wait_idle(qtbot, dock)
    assert dict(dock.model.state)["scores_source"] == "points"
    assert dict(dock.model.state)["point_sector_field"] == "sector" and \
        dict(dock.model.state)["point_weight_field"] == "employees"

    # 2 the clusters of Manufacturing are the toolbox's
    choose(qtbot, dock.method.sector_combo, SECTOR)
    wait_idle(qtbot, dock)
    assert sorted(panel_clusters(dock), key=sorted) == toolbox["clusters"]
    assert toolbox["clusters"], "the illustrative firms make at least one cluster of LEPs"

    # 3 the point clusters of the sector on the map
    assert not dock.scores.points_ui.radius_spin.isEnabled()  # until the box is ticked
    qtbot.mouseClick(dock.scores.points_ui.clusters_check, Qt.MouseButton.LeftButton)
    assert dock.scores.points_ui.clusters_check.isChecked()
    type_number(dock.scores.points_ui.radius_spin, RADIUS)
    type_number(dock.scores.points_ui.min_weight_spin, MIN_WEIGHT)
    qtbot.waitUntil(lambda: dock.model.point_clusters.layer is not None and not dock.busy(), timeout=WAIT)
    layer = dock.model.point_clusters.layer
    assert layer.name() == f"Point clusters — {SECTOR}"
    assert QgsProject.instance().mapLayer(layer.id()) is layer
    assert layer.featureCount() == toolbox["one"] > 0
    assert {f["sector"] for f in layer.getFeatures()} == {SECTOR}
    assert sorted(f["rank"] for f in layer.getFeatures()) == list(range(1, toolbox["one"] + 1))
    assert layer.labelsEnabled() and layer.labeling() is not None  # the ranks
    render(layer, ARTEFACTS / "panel_points_map.png")
    first = next(f for f in layer.getFeatures() if f["rank"] == 1)
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(layer))
    context.setFeature(first)
    tip = QgsExpression.replaceExpressionText(layer.mapTipTemplate(), context)  # what hovering shows
    assert tip.startswith("<b>Point cluster 1</b>") and first["spans"] in tip and first["spans"], tip
    note = dock.scores.points_ui.note.text()
    assert note.startswith(f"{toolbox['one']} point cluster(s) of {SECTOR}"), note
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    dock.resize(280, 1500)  # the default dock width
    qtbot.wait(100)
    dock.widget().widget().grab().save(str(ARTEFACTS / "panel_points.png"))

    # 4 Create layers writes the point clusters too
    dock.output.output_widget.setFilePath(str(tmp_path / "clusters.gpkg"))
    qtbot.mouseClick(dock.output.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    written = [lyr for lyr in QgsProject.instance().mapLayers().values()
               if lyr.customProperty("sector_clusters/role") == "point_clusters"]
    assert len(written) == 1 and written[0].name() == "Point clusters"
    assert written[0].featureCount() == toolbox["every"]
    assert "layername=point_clusters" in written[0].source()
    group = QgsProject.instance().layerTreeRoot().findLayer(written[0].id()).parent()
    assert group.name() == "Sector Clusters — Firms (illustrative)"
    # the created layer shows the sector's clusters (the preview, now the same, goes)
    assert dock.model.point_clusters.layer is None
    assert "'Manufacturing'" in written[0].renderer().rootRule().children()[0].filterExpression()
    assert dock.scores.points_ui.note.text() == "The point clusters are on the created layer Point clusters."

    # 5 Export… draws them with their table
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    shown: list[str] = []
    pdf = tmp_path / "map.pdf"
    QTimer.singleShot(100, lambda: answer_export_dialog(shown, pdf, "PDF (vector, text kept as text)", 72))
    qtbot.mouseClick(dock.output.export_button, Qt.MouseButton.LeftButton)
    assert shown == ["Export the map"]
    assert pdf.is_file()
    text = pdf_text(pdf)
    assert f"Point clusters of {SECTOR}, by weight" in text, text
    for header in ("Rank", "Points", "Weight", "Regions spanned"):
        assert header in text
    assert "Point clusters (firms within 500 m, weight ≥ 200)" in text

    # 6 Create layers again with the layout made: the layout's point clusters table keeps its layer and columns
    qtbot.mouseClick(dock.output.create_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dock.busy(), timeout=WAIT)
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    again = [lyr for lyr in QgsProject.instance().mapLayers().values()
             if lyr.customProperty("sector_clusters/role") == "point_clusters"]
    assert again == written and again[0].featureCount() == toolbox["every"]
    layouts = [lay for lay in QgsProject.instance().layoutManager().printLayouts()
               if lay.itemById(TABLE_FRAME_ID) is not None]
    assert len(layouts) == 1
    table = layouts[0].itemById(TABLE_FRAME_ID).multiFrame()
    assert table.vectorLayer() is written[0]
    assert [c.heading() for c in table.columns()] == ["Rank", "Points", "Weight", "Regions spanned"]


def test_the_choice_is_kept_with_the_project(dock, qtbot, project, lep_path, tmp_path):
    """Saved and read again, the project brings the points back (found by source when ids change)."""
    leps = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    firms = QgsVectorLayer(str(FIRMS), "Firms (illustrative)", "ogr")
    project.addMapLayers([leps, firms])
    dock.model.restore({"layer_id": leps.id(), "key_field": "LEP21CD", "scores_source": "points",
                    "points_id": firms.id(), "point_sector_field": "section", "point_weight_field": "",
                    "point_radius": 750.0})
    qtbot.waitUntil(lambda: "points counted into" in dock.scores.match_label.text(), timeout=WAIT)
    wait_idle(qtbot, dock)
    path = Path(tmp_path / "points.qgz")
    assert project.write(str(path))
    project.clear()
    qtbot.waitUntil(lambda: not dock.busy(), timeout=WAIT)
    assert project.read(str(path))
    qtbot.waitUntil(lambda: "points counted into" in dock.scores.match_label.text(), timeout=WAIT)
    wait_idle(qtbot, dock)
    s = dict(dock.model.state)
    assert s["scores_source"] == "points" and s["point_sector_field"] == "section" and s["point_radius"] == 750.0
    assert dock.scores.points_ui.layer_combo.currentLayer().name() == "Firms (illustrative)"
    assert dock.scores.points_ui.sector_combo.currentField() == "section"
    assert dock.scores.points_ui.weight_combo.currentField() == ""
    assert dock.scores.points_ui.radius_spin.value() == 750.0
    assert not dock.scores.points_ui.box.isHidden()


def test_without_sector_field_and_with_a_field_of_ids(dock, qtbot, project, lep_path):
    """No sector field: every point is one sector (named by the weight field) and its clusters are every point's;
    a field of ids as the sector field is refused in the match line, in words."""
    leps = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    firms = QgsVectorLayer(str(FIRMS), "Firms (illustrative)", "ogr")
    project.addMapLayers([leps, firms])
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is leps, timeout=WAIT)
    choose(qtbot, dock.scores.points_ui.source_combo, "Points: firms, patents, grants…")
    choose(qtbot, dock.scores.points_ui.layer_combo, "Firms (illustrative)")
    choose(qtbot, dock.scores.points_ui.sector_combo, "firm")
    qtbot.waitUntil(lambda: "distinct values" in dock.scores.match_label.text(), timeout=WAIT)
    assert dock.scores.match_label.text() == \
        ("The sector field 'firm' holds 1,280 distinct values, more than 500 sectors: "
                                 "choose the field that gives each point's sector."), dock.scores.match_label.text()
    assert dock.method.sector_combo.count() == 0

    dock.scores.points_ui.sector_combo.setField("")  # the empty entry: no sector field
    qtbot.waitUntil(lambda: "points counted into 38 regions" in dock.scores.match_label.text(), timeout=WAIT)
    wait_idle(qtbot, dock)
    assert [dock.method.sector_combo.itemText(i) for i in range(dock.method.sector_combo.count())] == ["employees"]
    qtbot.mouseClick(dock.scores.points_ui.clusters_check, Qt.MouseButton.LeftButton)
    type_number(dock.scores.points_ui.min_weight_spin, 400)
    qtbot.waitUntil(lambda: dock.model.point_clusters.layer is not None and not dock.busy(), timeout=WAIT)
    layer = dock.model.point_clusters.layer
    assert layer.featureCount() > 0
    assert dock.scores.points_ui.note.text().startswith(f"{layer.featureCount()} point cluster(s) of employees")


def test_removing_the_point_layer(dock, qtbot, project, lep_path):
    """The point layer removed from the project: the panel says what it needs, and shows no clusters."""
    leps = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    firms = QgsVectorLayer(str(FIRMS), "Firms (illustrative)", "ogr")
    project.addMapLayers([leps, firms])
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is leps, timeout=WAIT)
    choose(qtbot, dock.scores.points_ui.source_combo, "Points: firms, patents, grants…")
    choose(qtbot, dock.scores.points_ui.layer_combo, "Firms (illustrative)")
    qtbot.waitUntil(lambda: "points counted into 38 regions" in dock.scores.match_label.text(), timeout=WAIT)
    qtbot.mouseClick(dock.scores.points_ui.clusters_check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dock.model.point_clusters.layer is not None and not dock.busy(), timeout=WAIT)
    project.removeMapLayer(firms.id())
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "Choose a point layer.", timeout=WAIT)
    wait_idle(qtbot, dock)
    assert dock.method.sector_combo.count() == 0 and dock.results.cluster_list.topLevelItemCount() == 0
    assert dock.model.point_clusters.layer is None
    assert not [lyr for lyr in project.mapLayers().values() if lyr.name().startswith("Point clusters")]
