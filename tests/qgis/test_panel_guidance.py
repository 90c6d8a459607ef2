"""No dead ends: the APS table filtered to one year and
level from the panel's own pickers, plain words when nothing is significant or counts are tested, the
threshold guide, identifier columns, duplicate/missing keys and where distances are measured."""
from __future__ import annotations

import json

import pytest
from qgis.core import QgsVectorLayer

from tests.conftest import APS, need
from tests.qgis.panel_fixtures import MANUFACTURING, WAIT, field_for, load_bres, pick, pick_sector, wait_idle

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)


def test_the_aps_table_filtered_to_2022_and_leps_from_the_pickers(dock, qtbot, project, lep_path):
    aps = need(APS)
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    project.addMapLayer(layer)
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is layer, timeout=WAIT)
    dock.scores.file_widget.setFilePath(str(aps))
    wait_idle(qtbot, dock)
    # unfiltered, the table repeats every area per year and level: the pickers come first, no warning
    assert dock.scores.match_label.text() == \
        "Pick the rows above (geographic_level, year) to match the table to the regions."
    pickers = dock.scores.row_pickers
    assert pickers.isVisibleTo(dock)
    assert set(pickers.combos) == {"year", "geographic_level"}
    assert "year" in pickers.hint.text() and "geographic_level" in pickers.hint.text()
    years = [pickers.combos["year"].itemData(i) for i in range(1, pickers.combos["year"].count())]
    assert years == ["2022", "2021", "2020", "2019", "2018"]  # the table's own values, latest first
    levels = [pickers.combos["geographic_level"].itemText(i) for i in range(pickers.combos["geographic_level"].count())]
    assert "LEP" in levels and "LSIP" in levels and "COUNTRY" not in levels  # the national row is kept anyway
    pick(pickers.combos["year"], "2022")
    wait_idle(qtbot, dock)
    pick(dock.scores.row_pickers.combos["geographic_level"], "LEP")
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    wait_idle(qtbot, dock)
    assert dict(dock.model.state)["row_filter"] == "geographic_level=LEP|COUNTRY; year=2022"
    assert not dock.scores.row_pickers.hint.isVisibleTo(dock)
    # England stayed as the reference: location quotients against it
    pick_sector(dock, field_for(dock, "Manufacturing"))
    dock.model.update(baseline="lq", threshold=1.25)
    wait_idle(qtbot, dock)
    assert dock.model.analysis.meta["reference_name"] == "England"
    assert "year" not in dock.model.analysis.data.fields and "geographic_level" not in dock.model.analysis.data.fields
    assert dock.model.shown.counts()[0] > 0
    # the pickers come back as they were with the project
    dock.model.restore(dict(dock.model.state))
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    assert dock.scores.row_pickers.combos["year"].currentData() == "2022"
    assert dock.scores.row_pickers.combos["geographic_level"].currentData() == "LEP"


def test_nothing_significant_is_explained_in_words(dock, qtbot, project, lep_path, bres2020):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    pick(dock.method.method_combo, "moran")
    wait_idle(qtbot, dock)
    assert dock.method.correction_combo.currentData() == "fdr"
    counts = dock.model.shown.type_counts()
    assert counts.get("HH", 0) == 0 and counts.get("LL", 0) == 0, counts
    summary = dock.results.summary_label.text()
    assert "Not significant: " in summary and "ns " not in summary  # words, not codes
    hints = dock.results.hints_label.text()
    assert dock.results.hints_label.isVisibleTo(dock)
    assert ("No region is significant after the false discovery rate correction with 38 regions "
            "(significance level 0.05)") in hints
    assert "Local Moran's I tested C : Manufacturing (counts) in 38 regions." in hints
    assert "try Correction None" in hints
    assert "The scores of C : Manufacturing are counts" in hints  # counts tested where LQs may be meant

    # Gi* without correction: hot spots, in words
    pick(dock.method.method_combo, "gistar")
    pick(dock.method.correction_combo, "none")
    wait_idle(qtbot, dock)
    counts = dock.model.shown.type_counts()
    hot = [t for t in counts if t.startswith("hot")]
    assert hot, counts
    words = {"hot99": "Hot spot, 99 %", "hot95": "Hot spot, 95 %", "hot90": "Hot spot, 90 %"}
    for t in hot:
        assert f"{words[t]}: {counts[t]}" in dock.results.summary_label.text()
    assert "hot9" not in dock.results.summary_label.text()
    assert "No region is significant" not in dock.results.hints_label.text()

    # the rule with location quotients: no counts warning (LQs are what specialisation means)
    pick(dock.method.method_combo, "rule")
    dock.model.update(baseline="lq")
    wait_idle(qtbot, dock)
    assert "are counts" not in dock.results.hints_label.text()
    dock.model.update(baseline="mean")
    wait_idle(qtbot, dock)
    assert "are counts" in dock.results.hints_label.text()


def test_the_threshold_guide_sets_the_threshold_in_one_click(dock, qtbot, project, lep_path, bres2020):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    dock.model.update(baseline="lq", threshold=1.0)
    wait_idle(qtbot, dock)
    assert dock.model.shown.counts() == (27, 1)
    assert "One cluster holds 27 of the 38 LEPs with data" in dock.results.hints_label.text()
    table = dock.results.guide_table
    qtbot.waitUntil(lambda: table.rowCount() > 0, timeout=WAIT)
    assert dock.results.guide_box.isVisibleTo(dock) and not dock.results.guide_box.isCollapsed()
    assert table.horizontalHeaderItem(0).text() == "LQ >"
    rows = {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 4)] for r in range(table.rowCount())}
    assert rows["1.0"] == ["27", "1", "27"]
    assert rows["1.25"][0] == "17"  # 17 LEPs above 1.25
    assert int(rows["1.5"][2]) < 19  # and no cluster with more than half of them
    row = [table.item(r, 0).text() for r in range(table.rowCount())].index("1.25")
    from qgis.PyQt.QtCore import Qt

    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualItemRect(table.item(row, 1)).center())
    assert dock.method.threshold_spin.value() == pytest.approx(1.25)
    wait_idle(qtbot, dock)
    assert dock.model.shown.counts()[0] == 17
    assert "One cluster holds" not in dock.results.hints_label.text()


def test_identifier_columns_keys_and_measuring_crs_are_shown(dock, qtbot, project, lep_path, bres2020, tmp_path):
    from tests.qgis.panel_fixtures import bres_lep_values

    # a table with a zero-padded id column beside the scores
    labels, values = bres_lep_values(bres2020)
    leps = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    by_name = {f["LEP21NM"]: f["LEP21CD"] for f in leps.getFeatures()}
    rows = ["LEP21CD,LEP_ID,Manufacturing,Construction"]
    j, k = labels.index(MANUFACTURING), labels.index("F : Construction")
    for n, (name, v) in enumerate(values.items(), start=1):
        if name in by_name:
            rows.append(f"{by_name[name]},{n:03d},{v[j]:.0f},{v[k]:.0f}")
    table = tmp_path / "with_ids.csv"
    table.write_text("\n".join(rows) + "\n", encoding="utf-8")

    # a copy of the LEPs with one key twice and one missing
    data = json.loads(lep_path.read_text(encoding="utf-8"))
    feats = data["features"]
    feats[1]["properties"]["LEP21CD"] = feats[0]["properties"]["LEP21CD"]
    feats[2]["properties"]["LEP21CD"] = None
    path = tmp_path / "leps_dup.geojson"
    path.write_text(json.dumps(data), encoding="utf-8")
    layer = QgsVectorLayer(str(path), "LEPs with a duplicate", "ogr")
    project.addMapLayer(layer)
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is layer, timeout=WAIT)
    dock.scores.file_widget.setFilePath(str(table))
    wait_idle(qtbot, dock)
    fids = [f.id() for f in layer.getFeatures()]
    note = dock.regions.layer_note.text()
    assert f"Key '{feats[0]['properties']['LEP21CD']}' is on 2 features (feature ids {fids[0]}, {fids[1]})" in note
    assert f"1 feature(s) have no key (NULL or empty; feature ids {fids[2]})" in note
    assert "Distances and areas in a Lambert azimuthal equal-area projection" in note  # regions.measure_note
    # the id column is not a sector, and says why; one tick joins it all the same
    sectors = [dock.method.sector_combo.itemText(i) for i in range(dock.method.sector_combo.count())]
    assert sectors == ["Manufacturing", "Construction"]
    box = dock.scores.keep_columns.boxes["LEP_ID"]
    assert box.isVisibleTo(dock) and not box.isChecked()
    assert "zero-padded codes" in box.toolTip() or "code or id" in box.toolTip()
    box.setChecked(True)
    wait_idle(qtbot, dock)
    assert dict(dock.model.state)["keep_columns"] == "LEP_ID"
    sectors = [dock.method.sector_combo.itemText(i) for i in range(dock.method.sector_combo.count())]
    assert sectors == ["LEP_ID", "Manufacturing", "Construction"]
    assert dock.scores.keep_columns.boxes["LEP_ID"].isChecked()
