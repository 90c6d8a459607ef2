"""Issue 11 in the panel: strength stars as "stars ≥ k" (k = 1…3), the official boundaries each cluster crosses,
and global Moran's I beside a local-statistics result. Real widget, real QGIS; each number shown is compared
with an independent run of the step on a layer joined by sectorclusters:joinscores."""
from __future__ import annotations

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer

from tests.conftest import BRES_ALIASES, DEMO
from tests.qgis.panel_fixtures import (
    ICT,
    MANUFACTURING,
    WAIT,
    adjacency,
    field_for,
    lep_scores,
    load_bres,
    pick,
    pick_sector,
    wait_idle,
)
from tests.qgis.test_algorithms import run

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)
HVM = "High Value Manufacturing"
KEYS_ROLE = 0x0100  # widgets.KEYS_ROLE (Qt.ItemDataRole.UserRole)


def joined_data(layer_path, table, tmp_path, aliases: dict | None = None):
    """The table joined by joinscores, read back as the steps read it (RegionData), with its own graph."""
    params = {"INPUT": str(layer_path), "INPUT_KEY": "LEP21CD", "TABLE": str(table),
              "OUTPUT": str(tmp_path / "joined.gpkg")}
    if aliases:
        path = tmp_path / "aliases.csv"
        path.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in aliases.items()))
        params["ALIASES"] = str(path)
    ok, res, fb = run("sectorclusters:joinscores", params)
    assert ok and res["MATCHED"] == 38, fb.errors
    from plugin.gis.reading import read_region_data

    layer = QgsVectorLayer(res["OUTPUT"], "joined", "ogr")
    return read_region_data(layer), layer


def shown_clusters(dock) -> list[tuple[int, frozenset[str]]]:
    tree = dock.results.cluster_list
    return sorted((int(tree.topLevelItem(i).text(0)), frozenset(tree.topLevelItem(i).data(0, KEYS_ROLE)))
                  for i in range(tree.topLevelItemCount()))


def test_strength_stars_threshold_is_a_whole_number_of_stars(dock, qtbot, project, lep_path, bres2020, tmp_path):
    from plugin.steps.neighbours import neighbour_graph
    from plugin.steps.rule import detect_by_rule
    from plugin.steps.settings import NeighbourSettings, RuleSettings

    load_bres(dock, qtbot, project, lep_path, bres2020)
    spin = dock.method.threshold_spin
    assert (spin.decimals(), spin.maximum()) == (2, 100.0)
    pick(dock.method.baseline_combo, "stars")
    wait_idle(qtbot, dock)
    assert dock.method.baseline_combo.currentText() == "Strength stars"  # the long label would widen the combo
    assert (spin.decimals(), spin.minimum(), spin.maximum(), spin.singleStep()) == (0, 1.0, 3.0, 1.0)
    assert spin.value() == 1 and dock.method.threshold_label.text() == "Stars ≥"
    assert "the number of stars a region needs (1, 2 or 3)" in spin.toolTip()
    spin.setValue(5)
    assert spin.value() == 3 and dict(dock.model.state)["threshold"] == 3.0
    dock.model.update(threshold=2.4)  # a saved or scripted value: rounded to whole stars
    assert dict(dock.model.state)["threshold"] == 2.0 and spin.value() == 2
    dock.model.update(threshold=0.0)
    assert dict(dock.model.state)["threshold"] == 1.0

    data, _layer = joined_data(lep_path, bres2020, tmp_path, BRES_ALIASES)
    graph = neighbour_graph(data.regions, NeighbourSettings("queen", 0.0))
    seen = set()
    for label in (MANUFACTURING, ICT):
        pick_sector(dock, field_for(dock, label))
        for k in (1, 2, 3):
            spin.setValue(k)
            wait_idle(qtbot, dock)
            field = dock.model.sector()
            want = detect_by_rule(data, graph, RuleSettings("stars", k, 2),
                                  NeighbourSettings("queen", 0.0)).sector(field)
            assert dock.model.shown.counts() == (want.n_above, len(want.clusters)), (label, k)
            assert shown_clusters(dock) == sorted(
                (c.cluster_id, frozenset(data.keys[i] for i in c.members)) for c in want.clusters), (label, k)
            seen.add(dock.model.shown.counts())
            assert f"Strength stars ≥ {k}" in dock.results.summary_label.toolTip()
    assert len(seen) > 2  # the counts change with k: the comparison is not of empty results

    # another baseline: the threshold is a ratio again, and its default
    pick(dock.method.baseline_combo, "lq")
    assert (spin.decimals(), spin.maximum(), spin.value()) == (2, 100.0, 1.0)
    assert dock.method.threshold_label.text() == "Threshold"
    pick(dock.method.baseline_combo, "percentile")
    assert spin.value() == 75.0  # not clamped to the stars' 3


def test_the_clusters_list_what_they_cross(dock, qtbot, project, tmp_path):
    from plugin.gis.reading import read_overlay
    from plugin.steps.neighbours import neighbour_graph
    from plugin.steps.overlay import add_crossings
    from plugin.steps.rule import detect_by_rule
    from plugin.steps.settings import NeighbourSettings, RuleSettings

    leps = QgsVectorLayer(str(DEMO / "lep_boundaries.geojson"), "LEPs (demo)", "ogr")
    overlay = QgsVectorLayer(str(DEMO / "pan_regional_partnerships.geojson"), "pan-regional partnerships", "ogr")
    project.addMapLayers([leps, overlay])
    dock.regions.layer_combo.setLayer(leps)
    table = DEMO / "sector_scores_illustrative.csv"
    dock.scores.file_widget.setFilePath(str(table))
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    assert dock.method.overlay_combo.currentLayer() is None and dock.method.overlay_combo.currentText() == "None"
    assert not dock.method.overlay_name_combo.isVisibleTo(dock)
    dock.method.tolerance_spin.setValue(35.0)
    pick_sector(dock, field_for(dock, HVM))
    wait_idle(qtbot, dock)
    assert dock.results.cluster_list.isColumnHidden(3)  # no overlay: no Crosses column

    dock.method.overlay_combo.setLayer(overlay)
    assert dock.method.overlay_name_combo.currentField() == "name" and dock.method.overlay_name_combo.isVisibleTo(dock)
    wait_idle(qtbot, dock)
    tree = dock.results.cluster_list
    assert not tree.isColumnHidden(3) and tree.headerItem().text(3) == "Crosses"
    assert tree.topLevelItemCount() == 1
    item = tree.topLevelItem(0)
    assert (item.text(1), item.text(3)) == ("5", "3")
    assert item.data(3, KEYS_ROLE) == ["Midlands Engine", "South East", "Northern Powerhouse"]
    assert ("High Value Manufacturing, cluster 1: crosses 3 units of pan-regional partnerships: Midlands Engine"
            in item.toolTip(0))

    # an independent run of the steps on the layer joinscores wrote: the same crossings, every sector
    data, _layer = joined_data(DEMO / "lep_boundaries.geojson", table, tmp_path)
    graph = neighbour_graph(data.regions, NeighbourSettings("queen", 35000.0))
    analysis = detect_by_rule(data, graph, RuleSettings("mean", 1.0, 2), NeighbourSettings("queen", 35000.0))
    add_crossings(analysis, read_overlay(overlay, "name", data.regions, QgsProject.instance().transformContext(),
                                         leps.crs()))
    for s in analysis.sectors:
        pick_sector(dock, s.field)
        n = len(s.clusters)
        qtbot.waitUntil(lambda n=n: tree.topLevelItemCount() == n, timeout=WAIT)
        shown = {int(tree.topLevelItem(i).text(0)): tree.topLevelItem(i).data(3, KEYS_ROLE)
                 for i in range(tree.topLevelItemCount())}
        assert shown == {c.cluster_id: list(analysis.crossings[(s.field, c.cluster_id)].crosses)
                         for c in s.clusters}, s.label
        assert all(tree.topLevelItem(i).text(3) == str(len(shown[int(tree.topLevelItem(i).text(0))]))
                   for i in range(tree.topLevelItemCount()))

    # Create layers passes the overlay to detectclusters: the clusters layer says what the panel said
    pick_sector(dock, field_for(dock, HVM))
    dock.output.output_widget.setFilePath(str(tmp_path / "out.gpkg"))
    dock.output.create_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    _regions, clusters = dock.model.outputs.layers()
    hvm = [f for f in clusters.getFeatures() if f["sector"] == dock.model.sector()]
    assert [(f["crosses"], f["n_crossed"]) for f in hvm] == [("Midlands Engine; South East; Northern Powerhouse", 3)]
    assert dock.results.summary_label.text().find("earlier settings") < 0
    # the preview, while the settings differ from the layers', highlights crossing clusters too
    dock.model.update(overlay_name="code")
    wait_idle(qtbot, dock)
    assert tree.topLevelItem(0).data(3, KEYS_ROLE) == ["ME", "SE", "NP"]
    assert "earlier settings" in dock.results.summary_label.text()
    preview = dock.model.preview.clusters
    assert preview is not None and "n_crossed" in preview.fields().names()
    assert [f["crosses"] for f in preview.getFeatures()] == ["ME; SE; NP"]

    # the project keeps the overlay and its field
    state = dict(dock.model.state)
    assert (state["overlay_id"], state["overlay_name"]) == (overlay.id(), "code")
    qgz = tmp_path / "p.qgz"
    assert project.write(str(qgz))
    project.clear()
    assert project.read(str(qgz))
    qtbot.waitUntil(lambda: dock.method.overlay_combo.currentLayer() is not None, timeout=WAIT)
    wait_idle(qtbot, dock)
    assert dock.method.overlay_combo.currentLayer().name() == "pan-regional partnerships"
    assert dock.method.overlay_name_combo.currentField() == "code"
    qtbot.waitUntil(lambda: dock.results.cluster_list.topLevelItemCount() == 1, timeout=WAIT)
    assert dock.results.cluster_list.topLevelItem(0).text(3) == "3"


def test_an_overlay_that_covers_nothing_is_said_and_the_clusters_stand(dock, qtbot, project, qgis_iface):
    leps = QgsVectorLayer(str(DEMO / "lep_boundaries.geojson"), "LEPs (demo)", "ogr")
    far = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "Pacific islands", "memory")
    f = QgsFeature(far.fields())
    f.setAttributes(["Nowhere"])
    f.setGeometry(QgsGeometry.fromPolygonXY([[QgsPointXY(-170, -10), QgsPointXY(-169, -10), QgsPointXY(-169, -9),
                                              QgsPointXY(-170, -10)]]))
    far.dataProvider().addFeatures([f])
    project.addMapLayers([leps, far])
    dock.regions.layer_combo.setLayer(leps)
    dock.scores.file_widget.setFilePath(str(DEMO / "sector_scores_illustrative.csv"))
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    pick_sector(dock, field_for(dock, HVM))
    wait_idle(qtbot, dock)
    before = shown_clusters(dock)
    qgis_iface.messageBar().clear_messages()
    dock.method.overlay_combo.setLayer(far)
    wait_idle(qtbot, dock)
    assert shown_clusters(dock) == before and dock.results.cluster_list.isColumnHidden(3)
    note = dock.method.overlay_note.text()
    assert dock.method.overlay_note.isVisibleTo(dock)
    assert "Pacific islands" in note and "Traceback" not in note
    assert note == dock.model.last_error
    dock.method.threshold_spin.setValue(1.1)  # the same problem after a re-run: not said again
    wait_idle(qtbot, dock)
    dock.method.threshold_spin.setValue(1.0)
    wait_idle(qtbot, dock)
    bar = qgis_iface.messageBar()
    from qgis.core import Qgis

    said = [m for m in bar.get_messages(Qgis.Warning) if "Pacific islands" in m]
    assert len(said) == 1  # once for this overlay, not at every new threshold
    assert dock.method.overlay_note.text() == note  # and still shown beside the overlay
    dock.method.overlay_combo.setLayer(None)
    wait_idle(qtbot, dock)
    assert not dock.method.overlay_note.isVisibleTo(dock)


def test_global_morans_i_beside_a_statistics_result(dock, qtbot, project, lep_path, bres2020):
    import numpy as np

    from plugin.core.globalstats import global_moran
    from plugin.core.graph import NeighbourGraph
    from plugin.steps import words
    from plugin.steps.statistics import global_record

    layer = load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    wait_idle(qtbot, dock)
    assert not dock.results.global_label.isVisibleTo(dock)  # the rule: no global statistic
    pick(dock.method.method_combo, "moran")
    wait_idle(qtbot, dock)
    codes = [f["LEP21CD"] for f in layer.getFeatures()]
    adj = adjacency(layer)
    index = {c: i for i, c in enumerate(codes)}
    pairs = np.array([(index[a], index[b]) for a in adj for b in adj[a] if index[a] < index[b]])
    scores = lep_scores(layer, bres2020, BRES_ALIASES, MANUFACTURING)
    values = np.array([[scores.get(c, np.nan)] for c in codes], dtype=float)
    want = global_moran(values, NeighbourGraph.from_pairs(len(codes), pairs), 999, 12345)[0]
    text = words.global_moran_text(global_record(want))
    assert text.startswith("Moran's I = ") and " (p = " in text
    assert dock.results.global_label.isVisibleTo(dock) and dock.results.global_label.text() == text
    assert dock.results.global_label.toolTip().startswith("Global Moran's I, C : Manufacturing: I = ")
    assert f"z = {want.z_rand:.2f}" in dock.results.global_label.toolTip()
    pick(dock.method.method_combo, "gistar")  # the same global statistic (the same weights and seed)
    wait_idle(qtbot, dock)
    assert dock.results.global_label.text() == text
    pick(dock.method.method_combo, "rule")
    wait_idle(qtbot, dock)
    assert not dock.results.global_label.isVisibleTo(dock)
