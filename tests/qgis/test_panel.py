"""The Sector Clusters panel as a user drives it: real widget, real QGIS, real LEP/BRES data."""
from __future__ import annotations

import json
import sqlite3

import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsRuleBasedRenderer,
    QgsVectorLayer,
)

from tests.conftest import BRES_ALIASES
from tests.qgis.panel_fixtures import (
    ICT,
    MANUFACTURING,
    WAIT,
    adjacency,
    expected_counts,
    field_for,
    lep_scores,
    load_bres,
    pick_sector,
    wait_idle,
)

pytestmark = pytest.mark.qgis
pytest_plugins = ("tests.qgis.panel_dock",)  # the project and dock fixtures


@pytest.mark.timeout(300, method="thread")  # a hang in a GeoPackage write must fail, not stall the suite
def test_panel_end_to_end(dock, qtbot, project, lep_path, bres2020, tmp_path, qgis_iface):
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    assert layer.isValid()
    project.addMapLayer(layer)
    source_before = layer.source()

    # 1 boundaries: the GSS code field is pre-selected
    dock.regions.layer_combo.setLayer(layer)
    assert dock.regions.key_combo.currentField() == "LEP21CD"

    # 2 scores: preview, detected shape, match
    dock.scores.file_widget.setFilePath(str(bres2020))
    qtbot.waitUntil(lambda: dock.scores.preview.rowCount() > 0, timeout=WAIT)  # the file is read in the background
    assert "nomis" in dock.scores.shape_combo.itemText(0)
    assert dock.scores.table_key_combo.findData("Area") >= 0
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "36 of 38 regions matched", timeout=WAIT)
    assert sorted(dock.scores.unmatched.values()) == sorted(BRES_ALIASES)

    # fix the two names through their dropdowns; the closest region is offered
    for n, (name, code) in enumerate(BRES_ALIASES.items(), start=1):
        qtbot.waitUntil(lambda name=name: dock.scores.unmatched.combo(name) is not None, timeout=WAIT)
        combo = dock.scores.unmatched.combo(name)
        assert combo.itemData(1) == code, "closest candidate first"
        combo.setCurrentIndex(combo.findData(code))
        qtbot.waitUntil(lambda n=n: dock.scores.match_label.text() == f"{36 + n} of 38 regions matched", timeout=WAIT)
    assert dict(dock.model.state["aliases"]) == BRES_ALIASES
    wait_idle(qtbot, dock)
    assert dock.model.sector_result() is not None

    # 3 sector and threshold against an independent computation
    adj = adjacency(layer)
    for label, thr in ((MANUFACTURING, 1.0), (MANUFACTURING, 1.2), (ICT, 1.0), (ICT, 1.2)):
        pick_sector(dock, field_for(dock, label))
        dock.method.threshold_spin.setValue(thr)
        wait_idle(qtbot, dock)
        expected = expected_counts(lep_scores(layer, bres2020, BRES_ALIASES, label), adj, thr)
        assert dock.model.shown.counts() == expected, (label, thr)
        assert dock.results.cluster_list.topLevelItemCount() == expected[1]
    # a higher threshold flags fewer regions
    dock.method.threshold_spin.setValue(1.0)
    wait_idle(qtbot, dock)
    low = dock.model.shown.counts()
    dock.method.threshold_spin.setValue(1.5)
    wait_idle(qtbot, dock)
    assert dock.model.shown.counts()[0] < low[0]
    dock.method.threshold_spin.setValue(1.0)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    wait_idle(qtbot, dock)

    # 4 clicking a cluster selects its members in the regions layer and zooms there
    assert dock.results.cluster_list.topLevelItemCount() > 0
    item = dock.results.cluster_list.topLevelItem(0)
    canvas = qgis_iface.mapCanvas()
    far = canvas.extent()  # start away from the cluster (an earlier test may have left the canvas on it)
    far.scale(0.01, far.xMaximum(), far.yMaximum())
    canvas.setExtent(far)
    before = canvas.extent()
    dock.results.cluster_list.itemClicked.emit(item, 0)
    assert layer.selectedFeatureCount() == len(item.data(0, 0x0100))
    assert canvas.extent() != before
    layer.removeSelection()

    # 5 create layers in a GeoPackage
    gpkg = tmp_path / "out" / "sc.gpkg"
    gpkg.parent.mkdir()
    dock.output.output_widget.setFilePath(str(gpkg))
    dock.output.create_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.model.outputs.layers()
    assert regions.providerType() == "ogr" and clusters.providerType() == "ogr"
    assert regions.source().startswith(str(gpkg)) and "layername=regions" in regions.source()
    assert "layername=clusters" in clusters.source()
    assert regions.featureCount() == 38
    with sqlite3.connect(gpkg) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    assert {"regions", "clusters"} <= tables
    group = project.layerTreeRoot().findGroup(f"Sector Clusters — {bres2020.stem}")
    assert group is not None and len(group.findLayers()) == 2
    manu = field_for(dock, MANUFACTURING)
    assert isinstance(regions.renderer(), QgsCategorizedSymbolRenderer)
    assert regions.renderer().classAttribute() == f"{manu}_above"
    assert isinstance(clusters.renderer(), QgsRuleBasedRenderer)
    n_manu = sum(1 for f in clusters.getFeatures() if f["sector"] == manu)
    assert n_manu == dock.model.shown.counts()[1]

    # switching sector restyles at once, without a new join
    ict = field_for(dock, ICT)
    pick_sector(dock, ict)
    assert regions.renderer().classAttribute() == f"{ict}_above"
    assert ict in clusters.renderer().rootRule().children()[0].filterExpression()
    from plugin.ui.jobs import JobKind  # only the shown sector's outlines and guide run, no read, match or analysis

    assert not any(dock.model.jobs.running(k) for k in (JobKind.TABLE, JobKind.MATCH, JobKind.ANALYSE))
    assert not dock.model.match_timer.isActive() and not dock.model.analyse_timer.isActive()

    # layout and export (main thread, the exportmap algorithm)
    layout = dock.model.outputs.open_layout()
    assert layout is not None and project.layoutManager().layoutByName(layout.name()) is not None
    pdf = tmp_path / "map.pdf"
    files = dock.model.outputs.export_map(str(pdf))
    assert files and pdf.is_file() and pdf.stat().st_size > 10_000, dock.model.last_error
    assert regions.renderer().classAttribute() == f"{ict}_above"

    # new settings, create again: the two tables in the file are replaced, the group keeps two layers
    dock.method.threshold_spin.setValue(1.2)
    wait_idle(qtbot, dock)
    ict_counts = dock.model.shown.counts()
    dock.output.create_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.model.outputs.layers()
    assert len(group.findLayers()) == 2
    assert sum(1 for f in clusters.getFeatures() if f["sector"] == ict) == ict_counts[1]
    assert sum(1 for f in regions.getFeatures() if f[f"{ict}_above"] == 1) == ict_counts[0]
    assert {f["threshold"] for f in clusters.getFeatures()} == {1.2}
    assert regions.renderer().classAttribute() == f"{ict}_above"

    # the user's layer is untouched
    assert layer.source() == source_before
    assert not layer.isModified()
    assert [f.name() for f in layer.fields()][-1] == "GlobalID"

    # save, clear, reopen: layers, styles, aliases and panel state come back
    state = dict(dock.model.state)
    json.dumps(state)
    qgz = tmp_path / "proj" / "panel.qgz"
    qgz.parent.mkdir()
    assert project.write(str(qgz))
    project.clear()
    assert dock.model.outputs.layers() is None
    assert project.read(str(qgz))
    qtbot.waitUntil(lambda: dict(dock.model.state["aliases"]) == BRES_ALIASES, timeout=WAIT)
    wait_idle(qtbot, dock)
    restored = dict(dock.model.state)
    for key in ("key_field", "table_path", "aliases", "sector", "baseline", "threshold", "neighbours",
                "tolerance_km", "min_regions", "output_path", "scheme"):
        assert restored[key] == state[key], key
    assert dock.regions.layer_combo.currentLayer() is not None
    assert dock.regions.layer_combo.currentLayer().name() == "LEPs"
    assert dock.scores.match_label.text() == "38 of 38 regions matched"
    out = dock.model.outputs.layers()
    assert out is not None
    regions, clusters = out
    assert regions.providerType() == "ogr" and regions.source().startswith(str(gpkg))
    assert regions.renderer().classAttribute() == f"{ict}_above"
    assert isinstance(clusters.renderer(), QgsRuleBasedRenderer)
    assert dock.model.sector() == ict
    assert dock.model.sector_result() is not None


def test_state_round_trip_and_defaults(dock):
    from plugin.ui import state as panel_state

    s = dict(dock.model.state)
    assert json.loads(json.dumps(s)) == s
    assert set(s) == set(panel_state.DEFAULTS)
    s2 = dict(s, threshold=1.3, neighbours="rook", tolerance_km=2.5, min_regions=3, baseline="lq",
              aliases={"A": "B"}, scheme="graduated")
    dock.model.restore(s2)
    got = dict(dock.model.state)
    for key in ("threshold", "neighbours", "tolerance_km", "min_regions", "baseline", "aliases", "scheme"):
        assert got[key] == s2[key], key
    assert panel_state.normalise({"threshold": "x", "bogus": 1})["threshold"] == 1.0


def test_bad_table_is_reported_in_words(dock, qtbot, project, lep_path, tmp_path, qgis_iface):
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    project.addMapLayer(layer)
    dock.regions.layer_combo.setLayer(layer)
    bad = tmp_path / "bad.csv"
    bad.write_text("just one column\nvalue\n", encoding="utf-8")
    dock.scores.file_widget.setFilePath(str(bad))
    wait_idle(qtbot, dock)
    assert "one column" in dock.model.last_error
    assert "Traceback" not in dock.model.last_error
    assert dock.model.sector_result() is None


def test_drop_a_table_file(dock, bres2020, qtbot):
    from qgis.PyQt.QtCore import QMimeData, QPoint, Qt, QUrl
    from qgis.PyQt.QtGui import QDragEnterEvent, QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile("/tmp/picture.png")])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    dock.dragEnterEvent(enter)
    assert not enter.isAccepted()
    mime.setUrls([QUrl.fromLocalFile(str(bres2020))])
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    dock.dragEnterEvent(enter)
    assert enter.isAccepted()
    dock.dropEvent(QDropEvent(QPoint(5, 5), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    assert dock.scores.file_widget.filePath() == str(bres2020)
    qtbot.waitUntil(lambda: dock.scores.preview.rowCount() > 0, timeout=WAIT)
    assert "nomis" in dock.scores.shape_combo.itemText(0)


def test_help_page_exists():
    from plugin.ui.dock import HELP

    assert HELP.is_file() and "Sector Clusters" in HELP.read_text(encoding="utf-8")


def independent_types(layer, bres2020, label: str, kind: str, seed: int, correction: str, alpha: float,
                      permutations: int = 999) -> dict[str, str]:
    """Region code -> type from the core's local_moran/local_gstar on a graph and values built here."""
    import numpy as np

    from plugin.core.graph import NeighbourGraph
    from plugin.core.localstats import PermutationTest, local_gstar, local_moran

    codes = [f["LEP21CD"] for f in layer.getFeatures()]
    adj = adjacency(layer)
    index = {c: i for i, c in enumerate(codes)}
    pairs = np.array([(index[a], index[b]) for a in adj for b in adj[a] if index[a] < index[b]])
    graph = NeighbourGraph.from_pairs(len(codes), pairs)
    scores = lep_scores(layer, bres2020, BRES_ALIASES, label)
    values = np.array([scores.get(c, np.nan) for c in codes], dtype=float)
    fn = local_moran if kind == "moran" else local_gstar
    res = fn(values, graph, PermutationTest(permutations, seed, correction, alpha))[0]
    return dict(zip(codes, res.types))


def panel_types(dock) -> dict[str, str]:
    r = dock.model.sector_result()
    assert r is not None and r.stats is not None, "a local statistics result is shown"
    return dict(zip(dock.model.analysis.keys, r.stats.types))


@pytest.mark.timeout(300, method="thread")
def test_panel_local_statistics(dock, qtbot, project, lep_path, bres2020, tmp_path, qgis_iface):
    from plugin.core.codes import GISTAR, MORAN, RULE

    layer = load_bres(dock, qtbot, project, lep_path, bres2020)
    assert dock.model.method() == RULE and not dock.method.stats_box.isVisibleTo(dock)
    assert dock.method.baseline_combo.isEnabled() and dock.method.threshold_spin.isEnabled()
    manu = field_for(dock, MANUFACTURING)
    pick_sector(dock, manu)

    # Local Moran's I, no correction, 999 permutations, alpha 0.05
    dock.method.method_combo.setCurrentIndex(dock.method.method_combo.findData(MORAN))
    assert dock.method.stats_box.isVisibleTo(dock)
    assert not dock.method.baseline_combo.isEnabled() and not dock.method.threshold_spin.isEnabled()
    assert dock.method.permutations_spin.value() == 999 and dock.method.alpha_spin.value() == pytest.approx(0.05)
    assert dock.method.correction_combo.currentData() == "fdr", "FDR by default"
    dock.method.correction_combo.setCurrentIndex(0)
    wait_idle(qtbot, dock)
    seed = dock.method.seed_spin.value()
    assert seed == 12345
    got = panel_types(dock)
    want = independent_types(layer, bres2020, MANUFACTURING, "moran", seed, "none", 0.05)
    hh = {k for k, t in got.items() if t == "HH"}
    assert hh == {k for k, t in want.items() if t == "HH"}
    assert hh, "Manufacturing has High-High regions at alpha 0.05 without correction"
    assert got == want
    moran_counts = dock.model.shown.type_counts()
    assert f"High-High: {moran_counts['HH']}" in dock.results.summary_label.text()  # words, not "HH"
    assert dock.model.shown.counts()[0] == len(hh)
    assert dock.results.cluster_list.topLevelItemCount() == dock.model.shown.counts()[1]
    for i in range(dock.results.cluster_list.topLevelItemCount()):  # each listed cluster is High-High regions only
        assert set(dock.results.cluster_list.topLevelItem(i).data(0, 0x0100)) <= hh
    if dock.results.cluster_list.topLevelItemCount():
        item = dock.results.cluster_list.topLevelItem(0)
        dock.results.cluster_list.itemClicked.emit(item, 0)
        assert layer.selectedFeatureCount() == len(item.data(0, 0x0100))
        layer.removeSelection()

    # Getis-Ord Gi*: other types and counts, equal to the core's
    dock.method.method_combo.setCurrentIndex(dock.method.method_combo.findData(GISTAR))
    wait_idle(qtbot, dock)
    gi = panel_types(dock)
    assert gi == independent_types(layer, bres2020, MANUFACTURING, "gistar", seed, "none", 0.05)
    gi_counts = dock.model.shown.type_counts()
    assert gi_counts != moran_counts
    assert set(gi_counts) <= {"hot99", "hot95", "hot90", "ns", "cold90", "cold95", "cold99", "isolated", "nodata"}
    assert sum(gi_counts.values()) == 38

    # create layers: localstatistics into the GeoPackage; types as the panel showed them
    gpkg = tmp_path / "out" / "stats.gpkg"
    gpkg.parent.mkdir()
    dock.output.output_widget.setFilePath(str(gpkg))
    dock.output.create_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.model.outputs.layers()
    assert regions.fields().indexFromName(f"{manu}_type") >= 0
    assert clusters.fields().indexFromName("method") >= 0
    written = {f["LEP21CD"]: f[f"{manu}_type"] for f in regions.getFeatures()}
    assert written == gi
    manu_clusters = [f for f in clusters.getFeatures() if f["sector"] == manu]
    assert len(manu_clusters) == dock.model.shown.counts()[1]
    assert {f["method"] for f in manu_clusters} <= {"Getis-Ord Gi*"}
    assert isinstance(regions.renderer(), QgsCategorizedSymbolRenderer)
    assert regions.renderer().classAttribute() == f"{manu}_type"
    assert {c.value() for c in regions.renderer().categories()} >= set(gi_counts)
    assert isinstance(clusters.renderer(), QgsRuleBasedRenderer)
    ict = field_for(dock, ICT)
    pick_sector(dock, ict)  # restyles at once
    assert regions.renderer().classAttribute() == f"{ict}_type"

    # save, clear, reopen: the method and its settings come back, and so do the results
    dock.method.permutations_spin.setValue(499)
    dock.method.alpha_spin.setValue(0.1)
    wait_idle(qtbot, dock)
    before = panel_types(dock)
    state = dict(dock.model.state)
    assert (state["method"], state["correction"], state["permutations"], state["alpha"], state["seed"]) == \
        (GISTAR, "none", 499, pytest.approx(0.1), 12345)
    qgz = tmp_path / "proj" / "stats.qgz"
    qgz.parent.mkdir()
    assert project.write(str(qgz))
    project.clear()
    assert project.read(str(qgz))
    qtbot.waitUntil(lambda: dict(dock.model.state["aliases"]) == BRES_ALIASES, timeout=WAIT)
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.model.sector_result() is not None, timeout=WAIT)
    restored = dict(dock.model.state)
    for key in ("method", "correction", "permutations", "alpha", "seed", "sector"):
        assert restored[key] == state[key], key
    assert dock.method.method_combo.currentData() == GISTAR and dock.method.stats_box.isVisibleTo(dock)
    assert not dock.method.baseline_combo.isEnabled()
    assert panel_types(dock) == before, "same seed, same significant regions"
    regions, _clusters = dock.model.outputs.layers()
    assert regions.renderer().classAttribute() == f"{ict}_type"


def test_state_method_settings_round_trip(dock):
    from plugin.ui import state as panel_state

    s = dict(dict(dock.model.state), method="moran", permutations=99, correction="bonferroni", alpha=0.01, seed=7)
    dock.model.restore(s)
    got = dict(dock.model.state)
    for key in ("method", "permutations", "correction", "alpha", "seed"):
        assert got[key] == s[key], key
    assert dock.method.stats_box.isVisibleTo(dock) and not dock.method.threshold_spin.isEnabled()
    dock.model.restore(dict(s, method="rule"))
    assert not dock.method.stats_box.isVisibleTo(dock) and dock.method.threshold_spin.isEnabled()
    d = panel_state.normalise({})
    assert (d["method"], d["permutations"], d["correction"], d["alpha"], d["seed"]) == ("rule", 999, "fdr", 0.05, 12345)
    # projects saved by version 1 stored combo positions: they are read as the same choices
    old = panel_state.normalise({"version": 1, "method": 1, "correction": 1, "baseline": 3, "neighbours": 1,
                                 "shape": ""})
    assert (old["method"], old["correction"], old["baseline"], old["neighbours"], old["shape"]) == (
        "moran", "bonferroni", "lq", "rook", "auto")
