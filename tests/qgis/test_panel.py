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
    dock.layer_combo.setLayer(layer)
    assert dock.key_combo.currentField() == "LEP21CD"

    # 2 scores: preview, detected shape, match
    dock.file_widget.setFilePath(str(bres2020))
    qtbot.waitUntil(lambda: dock.preview.rowCount() > 0, timeout=WAIT)  # the file is read in the background
    assert "nomis" in dock.shape_combo.itemText(0)
    assert dock.table_key_combo.findData("Area") >= 0
    qtbot.waitUntil(lambda: dock.match_text() == "36 of 38 regions matched", timeout=WAIT)
    assert sorted(dock.unmatched_rows()) == sorted(BRES_ALIASES)

    # fix the two names through their dropdowns; the closest region is offered
    for n, (name, code) in enumerate(BRES_ALIASES.items(), start=1):
        qtbot.waitUntil(lambda name=name: dock.alias_combo(name) is not None, timeout=WAIT)
        combo = dock.alias_combo(name)
        assert combo.itemData(1) == code, "closest candidate first"
        combo.setCurrentIndex(combo.findData(code))
        qtbot.waitUntil(lambda n=n: dock.match_text() == f"{36 + n} of 38 regions matched", timeout=WAIT)
    assert dock.aliases() == BRES_ALIASES
    wait_idle(qtbot, dock)
    assert dock.sector_result() is not None

    # 3 sector and threshold against an independent computation
    adj = adjacency(layer)
    for label, thr in ((MANUFACTURING, 1.0), (MANUFACTURING, 1.2), (ICT, 1.0), (ICT, 1.2)):
        dock.set_sector(field_for(dock, label))
        dock.threshold_spin.setValue(thr)
        wait_idle(qtbot, dock)
        expected = expected_counts(lep_scores(layer, bres2020, BRES_ALIASES, label), adj, thr)
        assert dock.counts() == expected, (label, thr)
        assert dock.cluster_list.topLevelItemCount() == expected[1]
    # a higher threshold flags fewer regions
    dock.threshold_spin.setValue(1.0)
    wait_idle(qtbot, dock)
    low = dock.counts()
    dock.threshold_spin.setValue(1.5)
    wait_idle(qtbot, dock)
    assert dock.counts()[0] < low[0]
    dock.threshold_spin.setValue(1.0)
    dock.set_sector(field_for(dock, MANUFACTURING))
    wait_idle(qtbot, dock)

    # 4 clicking a cluster selects its members in the regions layer and zooms there
    assert dock.cluster_list.topLevelItemCount() > 0
    item = dock.cluster_list.topLevelItem(0)
    canvas = qgis_iface.mapCanvas()
    far = canvas.extent()  # start away from the cluster (an earlier test may have left the canvas on it)
    far.scale(0.01, far.xMaximum(), far.yMaximum())
    canvas.setExtent(far)
    before = canvas.extent()
    dock._cluster_clicked(item)
    assert layer.selectedFeatureCount() == len(item.data(0, 0x0100))
    assert canvas.extent() != before
    layer.removeSelection()

    # 5 create layers in a GeoPackage
    gpkg = tmp_path / "out" / "sc.gpkg"
    gpkg.parent.mkdir()
    dock.output_widget.setFilePath(str(gpkg))
    dock.create_layers()
    qtbot.waitUntil(lambda: dock.output_layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.output_layers()
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
    assert n_manu == dock.counts()[1]

    # switching sector restyles at once, without a new join
    ict = field_for(dock, ICT)
    dock.set_sector(ict)
    assert regions.renderer().classAttribute() == f"{ict}_above"
    assert ict in clusters.renderer().rootRule().children()[0].filterExpression()
    from plugin.ui.jobs import JobKind  # only the shown sector's outlines and guide run, no read, match or analysis

    assert not any(dock.model.jobs.running(k) for k in (JobKind.TABLE, JobKind.MATCH, JobKind.ANALYSE))
    assert not dock.model.match_timer.isActive() and not dock.model.analyse_timer.isActive()

    # layout and export (main thread, the exportmap algorithm)
    layout = dock.open_layout()
    assert layout is not None and project.layoutManager().layoutByName(layout.name()) is not None
    pdf = tmp_path / "map.pdf"
    files = dock.export_map(str(pdf))
    assert files and pdf.is_file() and pdf.stat().st_size > 10_000, dock.last_error()
    assert regions.renderer().classAttribute() == f"{ict}_above"

    # new settings, create again: the two tables in the file are replaced, the group keeps two layers
    dock.threshold_spin.setValue(1.2)
    wait_idle(qtbot, dock)
    ict_counts = dock.counts()
    dock.create_layers()
    qtbot.waitUntil(lambda: dock.output_layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.output_layers()
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
    state = dock.state()
    json.dumps(state)
    qgz = tmp_path / "proj" / "panel.qgz"
    qgz.parent.mkdir()
    assert project.write(str(qgz))
    project.clear()
    assert dock.output_layers() is None
    assert project.read(str(qgz))
    qtbot.waitUntil(lambda: dock.aliases() == BRES_ALIASES, timeout=WAIT)
    wait_idle(qtbot, dock)
    restored = dock.state()
    for key in ("key_field", "table_path", "aliases", "sector", "baseline", "threshold", "neighbours",
                "tolerance_km", "min_regions", "output_path", "scheme"):
        assert restored[key] == state[key], key
    assert dock.layer_combo.currentLayer() is not None
    assert dock.layer_combo.currentLayer().name() == "LEPs"
    assert dock.match_text() == "38 of 38 regions matched"
    out = dock.output_layers()
    assert out is not None
    regions, clusters = out
    assert regions.providerType() == "ogr" and regions.source().startswith(str(gpkg))
    assert regions.renderer().classAttribute() == f"{ict}_above"
    assert isinstance(clusters.renderer(), QgsRuleBasedRenderer)
    assert dock.current_sector() == ict
    assert dock.sector_result() is not None


def test_state_round_trip_and_defaults(dock):
    from plugin.ui import state as panel_state

    s = dock.state()
    assert json.loads(json.dumps(s)) == s
    assert set(s) == set(panel_state.DEFAULTS)
    s2 = dict(s, threshold=1.3, neighbours="rook", tolerance_km=2.5, min_regions=3, baseline="lq",
              aliases={"A": "B"}, scheme="graduated")
    dock.set_state(s2)
    got = dock.state()
    for key in ("threshold", "neighbours", "tolerance_km", "min_regions", "baseline", "aliases", "scheme"):
        assert got[key] == s2[key], key
    assert panel_state.normalise({"threshold": "x", "bogus": 1})["threshold"] == 1.0


def test_bad_table_is_reported_in_words(dock, qtbot, project, lep_path, tmp_path, qgis_iface):
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    project.addMapLayer(layer)
    dock.layer_combo.setLayer(layer)
    bad = tmp_path / "bad.csv"
    bad.write_text("just one column\nvalue\n", encoding="utf-8")
    dock.file_widget.setFilePath(str(bad))
    wait_idle(qtbot, dock)
    assert "one column" in dock.last_error()
    assert "Traceback" not in dock.last_error()
    assert dock.sector_result() is None


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
    assert dock.file_widget.filePath() == str(bres2020)
    qtbot.waitUntil(lambda: dock.preview.rowCount() > 0, timeout=WAIT)
    assert "nomis" in dock.shape_combo.itemText(0)


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
    r = dock.sector_result()
    assert r is not None and r.stats is not None, "a local statistics result is shown"
    return dict(zip(dock.analysis.keys, r.stats.types))


@pytest.mark.timeout(300, method="thread")
def test_panel_local_statistics(dock, qtbot, project, lep_path, bres2020, tmp_path, qgis_iface):
    from plugin.ui.dock import GISTAR, MORAN, RULE

    layer = load_bres(dock, qtbot, project, lep_path, bres2020)
    assert dock.method() == RULE and not dock.stats_box.isVisibleTo(dock)
    assert dock.baseline_combo.isEnabled() and dock.threshold_spin.isEnabled()
    manu = field_for(dock, MANUFACTURING)
    dock.set_sector(manu)

    # Local Moran's I, no correction, 999 permutations, alpha 0.05
    dock.method_combo.setCurrentIndex(dock.method_combo.findData(MORAN))
    assert dock.stats_box.isVisibleTo(dock)
    assert not dock.baseline_combo.isEnabled() and not dock.threshold_spin.isEnabled()
    assert dock.permutations_spin.value() == 999 and dock.alpha_spin.value() == pytest.approx(0.05)
    assert dock.correction_combo.currentData() == "fdr", "FDR by default"
    dock.correction_combo.setCurrentIndex(0)
    wait_idle(qtbot, dock)
    seed = dock.seed_spin.value()
    assert seed == 12345
    got = panel_types(dock)
    want = independent_types(layer, bres2020, MANUFACTURING, "moran", seed, "none", 0.05)
    hh = {k for k, t in got.items() if t == "HH"}
    assert hh == {k for k, t in want.items() if t == "HH"}
    assert hh, "Manufacturing has High-High regions at alpha 0.05 without correction"
    assert got == want
    moran_counts = dock.type_counts()
    assert f"High-High: {moran_counts['HH']}" in dock.summary_label.text()  # words, not "HH"
    assert dock.counts()[0] == len(hh)
    assert dock.cluster_list.topLevelItemCount() == dock.counts()[1]
    for i in range(dock.cluster_list.topLevelItemCount()):  # each listed cluster is High-High regions only
        assert set(dock.cluster_list.topLevelItem(i).data(0, 0x0100)) <= hh
    if dock.cluster_list.topLevelItemCount():
        item = dock.cluster_list.topLevelItem(0)
        dock._cluster_clicked(item)
        assert layer.selectedFeatureCount() == len(item.data(0, 0x0100))
        layer.removeSelection()

    # Getis-Ord Gi*: other types and counts, equal to the core's
    dock.method_combo.setCurrentIndex(dock.method_combo.findData(GISTAR))
    wait_idle(qtbot, dock)
    gi = panel_types(dock)
    assert gi == independent_types(layer, bres2020, MANUFACTURING, "gistar", seed, "none", 0.05)
    gi_counts = dock.type_counts()
    assert gi_counts != moran_counts
    assert set(gi_counts) <= {"hot99", "hot95", "hot90", "ns", "cold90", "cold95", "cold99", "isolated", "nodata"}
    assert sum(gi_counts.values()) == 38

    # create layers: localstatistics into the GeoPackage; types as the panel showed them
    gpkg = tmp_path / "out" / "stats.gpkg"
    gpkg.parent.mkdir()
    dock.output_widget.setFilePath(str(gpkg))
    dock.create_layers()
    qtbot.waitUntil(lambda: dock.output_layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.output_layers()
    assert regions.fields().indexFromName(f"{manu}_type") >= 0
    assert clusters.fields().indexFromName("method") >= 0
    written = {f["LEP21CD"]: f[f"{manu}_type"] for f in regions.getFeatures()}
    assert written == gi
    manu_clusters = [f for f in clusters.getFeatures() if f["sector"] == manu]
    assert len(manu_clusters) == dock.counts()[1]
    assert {f["method"] for f in manu_clusters} <= {"Getis-Ord Gi*"}
    assert isinstance(regions.renderer(), QgsCategorizedSymbolRenderer)
    assert regions.renderer().classAttribute() == f"{manu}_type"
    assert {c.value() for c in regions.renderer().categories()} >= set(gi_counts)
    assert isinstance(clusters.renderer(), QgsRuleBasedRenderer)
    ict = field_for(dock, ICT)
    dock.set_sector(ict)  # restyles at once
    assert regions.renderer().classAttribute() == f"{ict}_type"

    # save, clear, reopen: the method and its settings come back, and so do the results
    dock.permutations_spin.setValue(499)
    dock.alpha_spin.setValue(0.1)
    wait_idle(qtbot, dock)
    before = panel_types(dock)
    state = dock.state()
    assert (state["method"], state["correction"], state["permutations"], state["alpha"], state["seed"]) == \
        (GISTAR, "none", 499, pytest.approx(0.1), 12345)
    qgz = tmp_path / "proj" / "stats.qgz"
    qgz.parent.mkdir()
    assert project.write(str(qgz))
    project.clear()
    assert project.read(str(qgz))
    qtbot.waitUntil(lambda: dock.aliases() == BRES_ALIASES, timeout=WAIT)
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.sector_result() is not None, timeout=WAIT)
    restored = dock.state()
    for key in ("method", "correction", "permutations", "alpha", "seed", "sector"):
        assert restored[key] == state[key], key
    assert dock.method_combo.currentData() == GISTAR and dock.stats_box.isVisibleTo(dock)
    assert not dock.baseline_combo.isEnabled()
    assert panel_types(dock) == before, "same seed, same significant regions"
    regions, _clusters = dock.output_layers()
    assert regions.renderer().classAttribute() == f"{ict}_type"


def test_state_method_settings_round_trip(dock):
    from plugin.ui import state as panel_state

    s = dict(dock.state(), method="moran", permutations=99, correction="bonferroni", alpha=0.01, seed=7)
    dock.set_state(s)
    got = dock.state()
    for key in ("method", "permutations", "correction", "alpha", "seed"):
        assert got[key] == s[key], key
    assert dock.stats_box.isVisibleTo(dock) and not dock.threshold_spin.isEnabled()
    dock.set_state(dict(s, method="rule"))
    assert not dock.stats_box.isVisibleTo(dock) and dock.threshold_spin.isEnabled()
    d = panel_state.normalise({})
    assert (d["method"], d["permutations"], d["correction"], d["alpha"], d["seed"]) == ("rule", 999, "fdr", 0.05, 12345)
    # projects saved by version 1 stored combo positions: they are read as the same choices
    old = panel_state.normalise({"version": 1, "method": 1, "correction": 1, "baseline": 3, "neighbours": 1,
                                 "shape": ""})
    assert (old["method"], old["correction"], old["baseline"], old["neighbours"], old["shape"]) == (
        "moran", "bonferroni", "lq", "rook", "auto")
