"""joinscores / detectclusters in real QGIS: outputs, metadata and bad input.

Bad input must give a plain message (no traceback), write nothing and leave
the input untouched.
"""
from __future__ import annotations

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsVectorLayer,
)

from plugin.gis.layers import is_null
from tests.conftest import BRES_ALIASES, LAD_SHP, need
from tests.qgis.processing_run import run, sha1


@pytest.fixture()
def aliases(tmp_path):
    p = tmp_path / "aliases.csv"
    p.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    return p


def test_join_outputs_fields_aliases_unmatched_and_meta(processing_ready, lep_path, bres2020, tmp_path):
    before = sha1(lep_path), sha1(bres2020)
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020),
        "OUTPUT": str(tmp_path / "j.gpkg"), "UNMATCHED": str(tmp_path / "u.csv")})
    assert ok, fb.errors
    assert res["MATCHED"] == 36 and res["REGIONS"] == 38
    assert any("Match rate: 36 of 38 regions matched" in i for i in fb.infos)
    layer = QgsVectorLayer(res["OUTPUT"], "j", "ogr")
    assert layer.featureCount() == 38
    names = layer.fields().names()
    assert "C_Manufacturing" in names and "LEP21NM" in names
    row = next(f for f in layer.getFeatures() if f["LEP21NM"] == "Black Country")
    assert row["C_Manufacturing"] == 60000
    bucks = next(f for f in layer.getFeatures() if f["LEP21CD"] == "E37000043")
    assert is_null(bucks["C_Manufacturing"])  # unmatched region: no data, not zero
    unmatched = QgsVectorLayer(res["UNMATCHED"], "u", "ogr")
    rows = {(f["source"], f["key"]): f for f in unmatched.getFeatures()}
    assert rows[("table", "Buckinghamshire Thames Valley")]["candidates"].startswith("E37000043")
    assert ("layer", "E37000061") in rows
    assert sum(1 for k in rows if k[0] == "table") == 170  # 2 LEP names + 168 NUTS3 rows of another level
    from plugin.gis.meta import read_meta
    meta = read_meta(layer)
    assert meta["key"] == "LEP21CD" and meta["reference_name"] == "England"
    assert meta["sectors"]["C_Manufacturing"] == "C : Manufacturing"
    assert meta["reference"]["C_Manufacturing"] == 2024000
    assert (sha1(lep_path), sha1(bres2020)) == before


def test_detect_defaults_come_from_join_meta(processing_ready, lep_path, bres2020, aliases, tmp_path):
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "ALIASES": str(aliases),
        "OUTPUT": str(tmp_path / "j.gpkg")})
    assert ok and res["MATCHED"] == 38
    ok, det, fb = run("sectorclusters:detectclusters", {
        "INPUT": res["OUTPUT"], "BASELINE": 3, "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
        "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    regions = QgsVectorLayer(det["OUTPUT_REGIONS"], "r", "ogr")
    names = regions.fields().names()
    assert {"C_Manufacturing_idx", "C_Manufacturing_above", "C_Manufacturing_cluster", "sc_isolated"} <= set(names)
    # 21 sections + 18 groups, minus T and U which have no employment: skipped with a reason, not fatal
    assert sum(n.endswith("_above") for n in names) == 37
    assert any("Skipped T_" in e and "no employment" in e for e in fb.errors)
    manuf = [f for f in regions.getFeatures() if f["C_Manufacturing_above"] == 1]
    assert len(manuf) == 27  # the "one blob": 27 LEPs with LQ > 1 in manufacturing
    clusters = QgsVectorLayer(det["OUTPUT_CLUSTERS"], "c", "ogr")
    c = [f for f in clusters.getFeatures() if f["sector"] == "C_Manufacturing"]
    assert len(c) == 1 and c[0]["n_regions"] == 27
    assert c[0].geometry().isGeosValid() and c[0]["area_km2"] > 50000
    assert clusters.crs().authid() == "EPSG:4326"
    assert set(clusters.fields().names()) >= {"sector", "cluster_id", "n_regions", "members", "mean_score",
                                              "area_km2"}


def test_4326_and_27700_give_the_same_clusters(processing_ready, lep_path, bres2020, aliases, tmp_path):
    import processing

    bng = processing.run("native:reprojectlayer", {"INPUT": str(lep_path), "TARGET_CRS": "EPSG:27700",
                                                   "OUTPUT": str(tmp_path / "bng.gpkg")})["OUTPUT"]
    sets = []
    for src, tag in ((str(lep_path), "wgs"), (bng, "bng")):
        ok, res, _ = run("sectorclusters:joinscores", {
            "INPUT": src, "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "ALIASES": str(aliases),
            "OUTPUT": str(tmp_path / f"j_{tag}.gpkg")})
        ok, det, fb = run("sectorclusters:detectclusters", {
            "INPUT": res["OUTPUT"], "GAP_TOLERANCE": 35000, "OUTPUT_REGIONS": "TEMPORARY_OUTPUT",
            "OUTPUT_CLUSTERS": str(tmp_path / f"c_{tag}.gpkg")})
        assert ok, fb.errors
        layer = QgsVectorLayer(det["OUTPUT_CLUSTERS"], tag, "ogr")
        sets.append({(f["sector"], f["members"]) for f in layer.getFeatures()})
        areas = {f["members"]: f["area_km2"] for f in layer.getFeatures()}
        sets.append(areas)
    assert sets[0] == sets[2] and len(sets[0]) > 20
    for members, area in sets[1].items():  # equal-area vs BNG areas agree to 0.5 %
        assert sets[3][members] == pytest.approx(area, rel=5e-3)


def test_invalid_geometries_repaired_in_output_not_input(processing_ready, tmp_path):
    shp = need(LAD_SHP)
    before = {p.name: sha1(p) for p in shp.parent.iterdir()}
    lad = QgsVectorLayer(str(shp), "lad", "ogr")
    invalid = [f["LAD21CD"] for f in lad.getFeatures() if not f.geometry().isGeosValid()]
    assert invalid, "the shared LAD layer is known to hold an invalid geometry"
    table = tmp_path / "lad_scores.csv"
    codes = [f["LAD21CD"] for f in lad.getFeatures()]
    table.write_text("code,digital\n" + "".join(f"{c},{(i * 37) % 101}\n" for i, c in enumerate(codes)))
    ok, res, fb = run("sectorclusters:joinscores", {"INPUT": str(shp), "INPUT_KEY": "LAD21CD", "TABLE": str(table),
                                                    "OUTPUT": str(tmp_path / "j.gpkg")})
    assert ok, fb.errors
    assert any("invalid geometries were repaired" in w for w in fb.warnings)
    out = QgsVectorLayer(res["OUTPUT"], "j", "ogr")
    assert out.featureCount() == lad.featureCount() == 374
    assert all(f.geometry().isGeosValid() for f in out.getFeatures())
    ok, det, fb = run("sectorclusters:detectclusters", {"INPUT": res["OUTPUT"], "OUTPUT_REGIONS": "TEMPORARY_OUTPUT",
                                                        "OUTPUT_CLUSTERS": "TEMPORARY_OUTPUT"})
    assert ok, fb.errors
    assert any("Isolated regions" in w for w in fb.warnings)  # islands (e.g. Orkney, Shetland, Isles of Scilly)
    assert {p.name: sha1(p) for p in shp.parent.iterdir()} == before


def test_no_data_is_never_below_average(processing_ready, lep_path, tmp_path):
    table = tmp_path / "t.csv"
    lep = QgsVectorLayer(str(lep_path), "lep", "ogr")
    codes = [f["LEP21CD"] for f in lep.getFeatures()]
    table.write_text("code,x\n" + "".join(f"{c},{'c' if i < 3 else i}\n" for i, c in enumerate(codes)))
    ok, res, fb = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD",
                                                    "TABLE": str(table), "OUTPUT": str(tmp_path / "j.gpkg")})
    assert any("3 cell(s) are empty or suppressed" in i for i in fb.infos)
    ok, det, fb = run("sectorclusters:detectclusters", {
        "INPUT": res["OUTPUT"], "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": "TEMPORARY_OUTPUT"})
    regions = QgsVectorLayer(det["OUTPUT_REGIONS"], "r", "ogr")
    nodata = [f for f in regions.getFeatures() if f["LEP21CD"] in codes[:3]]
    assert len(nodata) == 3 and all(is_null(f["x_above"]) and is_null(f["x_idx"]) for f in nodata)
    assert any("3 no data" in i for i in fb.infos)


def point_layer():
    layer = QgsVectorLayer("Point?crs=EPSG:27700&field=code:string", "points", "memory")
    f = QgsFeature(layer.fields())
    f.setAttributes(["A"])
    f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(1, 1)))
    layer.dataProvider().addFeatures([f])
    return layer


def empty_layer():
    return QgsVectorLayer("Polygon?crs=EPSG:27700&field=code:string", "empty", "memory")


@pytest.mark.parametrize("case,message", [
    ("points", "holds points; it must hold polygons"),
    ("empty", "has no features"),
    ("missing_table", "does not exist"),
    ("no_match", "No row of the table matches a region"),
    ("ragged", "rows are ragged"),
    ("bad_key_column", "no column 'nope'"),
])
def test_join_bad_input_clear_message_nothing_written(processing_ready, lep_path, tmp_path, case, message):
    table = tmp_path / "t.csv"
    table.write_text("code,x\nE37000001,1\nE37000003,2\n")
    params = {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(table),
              "OUTPUT": str(tmp_path / "out.gpkg"), "UNMATCHED": str(tmp_path / "unmatched.csv")}
    if case == "points":
        layer = point_layer()
        QgsProject.instance().addMapLayer(layer)
        params.update(INPUT=layer.id(), INPUT_KEY="code")
    elif case == "empty":
        layer = empty_layer()
        QgsProject.instance().addMapLayer(layer)
        params.update(INPUT=layer.id(), INPUT_KEY="code")
    elif case == "missing_table":
        params["TABLE"] = str(tmp_path / "missing.csv")
    elif case == "no_match":
        table.write_text("code,x\nXX1,1\nXX2,2\n")
    elif case == "ragged":
        table.write_text("code,x\nE37000001,1\nE37000003,2,3\n")
    elif case == "bad_key_column":
        params["TABLE_KEY"] = "nope"
    ok, _, fb = run("sectorclusters:joinscores", params)
    assert not ok
    text = " ".join(fb.errors)
    assert message in text and "Traceback" not in text
    assert not (tmp_path / "out.gpkg").exists() and not (tmp_path / "unmatched.csv").exists()


@pytest.mark.parametrize("case,message", [
    ("text_field", "holds String values, not numbers"),
    ("no_meta", "choose the score FIELDS"),
    ("national_without_reference", "needs a reference row"),
    ("constant", "same score"),
])
def test_detect_bad_input(processing_ready, lep_path, tmp_path, case, message):
    table = tmp_path / "t.csv"
    lep = QgsVectorLayer(str(lep_path), "lep", "ogr")
    codes = [f["LEP21CD"] for f in lep.getFeatures()]
    value = "5" if case == "constant" else None
    table.write_text("code,x\n" + "".join(f"{c},{value or i}\n" for i, c in enumerate(codes)))
    ok, res, fb = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD",
                                                    "TABLE": str(table), "OUTPUT": str(tmp_path / "j.gpkg")})
    params = {"INPUT": res["OUTPUT"], "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
              "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")}
    if case == "text_field":
        params["FIELDS"] = ["LEP21NM"]
    elif case == "no_meta":
        params["INPUT"] = str(lep_path)
        params["KEY"] = "LEP21CD"
    elif case == "national_without_reference":
        params["BASELINE"] = 2
    elif case == "constant":
        params["BASELINE"] = 4
    ok, _, fb = run("sectorclusters:detectclusters", params)
    assert not ok
    text = " ".join(fb.errors)
    assert message in text and "Traceback" not in text
    assert not (tmp_path / "r.gpkg").exists() and not (tmp_path / "c.gpkg").exists()


def test_sector_labels_survive_as_aliases_when_the_gpkg_is_reopened(processing_ready, lep_path, bres2020, tmp_path):
    ok, res, _ = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD",
                                                   "TABLE": str(bres2020), "OUTPUT": str(tmp_path / "j.gpkg")})
    ok, det, _ = run("sectorclusters:detectclusters", {
        "INPUT": res["OUTPUT"], "FIELDS": ["C_Manufacturing"], "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
        "OUTPUT_CLUSTERS": "TEMPORARY_OUTPUT"})
    joined = QgsVectorLayer(str(tmp_path / "j.gpkg"), "fresh", "ogr")
    assert joined.attributeAlias(joined.fields().indexFromName("C_Manufacturing")) == "C : Manufacturing"
    regions = QgsVectorLayer(str(tmp_path / "r.gpkg"), "fresh", "ogr")
    alias = {n: regions.attributeAlias(regions.fields().indexFromName(n))
             for n in ("C_Manufacturing", "C_Manufacturing_above")}
    assert alias == {"C_Manufacturing": "C : Manufacturing", "C_Manufacturing_above": "C : Manufacturing (above)"}


def test_row_filter_joins_an_ons_long_by_year_table(processing_ready, lep_path, shared_data, tmp_path):
    aps = shared_data / "aps_lep_industry" / "D_EmpInd_APS1822.csv"
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(aps),
        "ROW_FILTER": "year=2022; geographic_level=LEP|COUNTRY", "OUTPUT": str(tmp_path / "aps.gpkg")})
    assert ok, fb.errors
    assert res["MATCHED"] == 38 and not fb.errors
    assert any("Row 'England' is used as the national/reference value" in i for i in fb.infos)
    from plugin.gis.meta import read_meta
    meta = read_meta(QgsVectorLayer(res["OUTPUT"], "aps", "ogr"))
    assert meta["reference"]["Manufacturing"] > 2_000_000 and "year" not in meta["sectors"]
