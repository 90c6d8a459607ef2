"""OVERLAY / OVERLAY_NAME through the algorithms on real boundaries.

``crosses`` in the clusters output is checked against the rule written out with QGIS's own geometry engine
(tests/qgis/test_overlay_reference.qgis_crossing: QgsGeometry.intersection/area in EPSG:27700, no spatial
index), both ways round: LADs as the overlay of LEP clusters, and LEPs as the overlay of LAD clusters. An
overlay in another CRS gives the same answer; bad overlays give a plain message and write nothing.
"""
from __future__ import annotations

import csv

import pytest
from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from tests.conftest import DEMO, LAD_SHP, LEP_GEOJSON, SHARED, need
from tests.qgis.processing_run import run, sha1
from tests.qgis.test_algorithms import point_layer
from tests.qgis.test_overlay_reference import SHARE_TOL, qgis_crossing, qgis_geometries

DETECT = "sectorclusters:detectclusters"
LOCAL = "sectorclusters:localstatistics"
LOOKUP = SHARED / "lad_to_lep_2020" / "lad_to_lep_2020.csv"
SECTORS = ["C_Manufacturing", "J_Information_and_communication", "K_Financial_and_insurance_activities",
           "M_Professional_scientific_and_technical_activities", "A_Agriculture_forestry_and_fishing"]


@pytest.fixture(scope="module")
def joined(joined_bres2020) -> str:
    return joined_bres2020


def cluster_rows(path: str) -> list[dict]:
    layer = QgsVectorLayer(path, "c", "ogr")
    rows = [{name: f[name] for name in layer.fields().names()} for f in layer.getFeatures()]
    del layer
    return rows


def check_against_qgis(rows: list[dict], region_geoms: dict, unit_geoms: list, unit_names: list) -> int:
    """Every cluster's crosses / n_crossed / shares equal the QGIS computation (near-ties may go either way)."""
    checked = 0
    for row in rows:
        members = row["members"].split("; ")
        ref = qgis_crossing([region_geoms[m] for m in members], unit_geoms, unit_names)
        crosses = row["crosses"].split("; ") if row["crosses"] else []
        assert row["n_crossed"] == len(crosses) == len(set(crosses))
        allowed = []
        for area, parts in ref["members"]:
            ranked = sorted(parts.items(), key=lambda t: (-t[1], t[0]))
            if not ranked:
                continue
            clear = len(ranked) == 1 or ranked[0][1] - ranked[1][1] > SHARE_TOL * area
            allowed.append({ranked[0][0]} if clear else {ranked[0][0], ranked[1][0]})
        assert all(a & set(crosses) for a in allowed), (members, crosses)
        assert set(crosses) <= set().union(*allowed) if allowed else not crosses
        shares = [ref["shares"][u] for u in crosses]
        assert all(a >= b - SHARE_TOL for a, b in zip(shares, shares[1:])), (members, crosses)
        written = dict(part.rsplit(" ", 2)[0:2] for part in row["crosses_shares"].split("; ")) if crosses else {}
        for unit in crosses:
            assert float(written[unit]) / 100 == pytest.approx(ref["shares"][unit], abs=SHARE_TOL + 5e-4), unit
        checked += 1
    return checked


@pytest.fixture(scope="module")
def lep_geoms(qgis_app) -> dict:
    layer = QgsVectorLayer(str(need(LEP_GEOJSON)), "leps", "ogr")
    geoms = dict(zip([f["LEP21CD"] for f in layer.getFeatures()], qgis_geometries(layer, "EPSG:27700")))
    names = [f["LEP21NM"] for f in layer.getFeatures()]
    del layer
    return {"by_code": geoms, "list": list(geoms.values()), "names": names}


@pytest.fixture(scope="module")
def lad_geoms(qgis_app) -> dict:
    layer = QgsVectorLayer(str(need(LAD_SHP)), "lads", "ogr")
    codes = [f["LAD21CD"] for f in layer.getFeatures()]
    names = [f["LAD21NM"] for f in layer.getFeatures()]
    geoms = qgis_geometries(layer, "EPSG:27700")
    del layer
    return {"by_code": dict(zip(codes, geoms)), "list": geoms, "names": names, "codes": codes}


@pytest.fixture(scope="module")
def lep_clusters_with_lads(joined, tmp_path_factory) -> tuple[list[dict], str]:
    tmp = tmp_path_factory.mktemp("lep_lads")
    rows = []
    for tag, baseline, thr in (("stars", 6, 1), ("lq", 3, 1.1)):
        ok, res, fb = run(DETECT, {"INPUT": joined, "FIELDS": SECTORS, "BASELINE": baseline, "THRESHOLD": thr,
                                   "OVERLAY": str(LAD_SHP), "OVERLAY_NAME": "LAD21NM",
                                   "OUTPUT_REGIONS": str(tmp / f"{tag}_r.gpkg"),
                                   "OUTPUT_CLUSTERS": str(tmp / f"{tag}_c.gpkg")})
        assert ok, fb.errors
        rows += cluster_rows(res["OUTPUT_CLUSTERS"])
    return rows, str(tmp)


def test_lads_over_lep_clusters_equal_qgis(lep_clusters_with_lads, lep_geoms, lad_geoms):
    rows, _ = lep_clusters_with_lads
    assert len(rows) >= 5
    assert check_against_qgis(rows, lep_geoms["by_code"], lad_geoms["list"], lad_geoms["names"]) == len(rows)
    for row in rows:  # every LEP is made of LADs: each member brings at least its own LAD
        assert row["n_crossed"] >= row["n_regions"]


def test_overlay_in_another_crs_gives_the_same_crosses(joined, lep_clusters_with_lads, tmp_path):
    import processing

    rows, _ = lep_clusters_with_lads
    wanted = {(r["sector"], r["baseline"], r["members"]): r["crosses"] for r in rows}
    for crs in ("EPSG:4326", "EPSG:3857"):
        moved = processing.run("native:reprojectlayer", {"INPUT": str(LAD_SHP), "TARGET_CRS": crs,
                                                         "OUTPUT": str(tmp_path / f"lads_{crs[5:]}.gpkg")})["OUTPUT"]
        got = {}
        for tag, baseline, thr in (("stars", 6, 1), ("lq", 3, 1.1)):
            ok, res, fb = run(DETECT, {"INPUT": joined, "FIELDS": SECTORS, "BASELINE": baseline, "THRESHOLD": thr,
                                       "OVERLAY": moved, "OVERLAY_NAME": "LAD21NM",
                                       "OUTPUT_REGIONS": str(tmp_path / f"{tag}{crs[5:]}_r.gpkg"),
                                       "OUTPUT_CLUSTERS": str(tmp_path / f"{tag}{crs[5:]}_c.gpkg")})
            assert ok, fb.errors
            got.update({(r["sector"], r["baseline"], r["members"]): r["crosses"]
                        for r in cluster_rows(res["OUTPUT_CLUSTERS"])})
        assert got == wanted, crs


@pytest.fixture(scope="module")
def lad_regions(processing_ready, tmp_path_factory) -> str:
    """LADs joined to a made-up score: 10 in the LADs of five 2020 LEPs in two groups, 1 elsewhere."""
    tmp = tmp_path_factory.mktemp("lad_regions")
    groups = {"Coventry and Warwickshire", "Greater Birmingham and Solihull", "Leicester and Leicestershire",
              "The Marches", "Leeds City Region", "Sheffield City Region"}
    with need(LOOKUP).open(encoding="utf-8-sig", newline="") as fh:
        hot = {row["LACD"] for row in csv.DictReader(fh) if row["ERNM"] in groups}
    layer = QgsVectorLayer(str(need(LAD_SHP)), "lads", "ogr")
    english = [f["LAD21CD"] for f in layer.getFeatures() if f["LAD21CD"].startswith("E")]
    del layer
    table = tmp / "scores.csv"
    table.write_text("code,score\n" + "".join(f"{c},{10 if c in hot else 1}\n" for c in english))
    ok, res, fb = run("sectorclusters:joinscores", {"INPUT": str(LAD_SHP), "INPUT_KEY": "LAD21CD",
                                                    "TABLE": str(table), "OUTPUT": str(tmp / "lads.gpkg")})
    assert ok, fb.errors
    return res["OUTPUT"]


def test_leps_over_lad_clusters_equal_qgis(lad_regions, lep_geoms, lad_geoms, tmp_path):
    ok, res, fb = run(DETECT, {"INPUT": lad_regions, "FIELDS": ["score"], "BASELINE": 0,
                               "OVERLAY": str(LEP_GEOJSON), "OVERLAY_NAME": "LEP21NM",
                               "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    rows = cluster_rows(res["OUTPUT_CLUSTERS"])
    assert len(rows) >= 2 and max(r["n_regions"] for r in rows) >= 20
    assert check_against_qgis(rows, lad_geoms["by_code"], lep_geoms["list"], lep_geoms["names"]) == len(rows)
    crosses = {u for r in rows for u in r["crosses"].split("; ")}
    assert {"Leeds City Region", "Sheffield City Region", "Coventry and Warwickshire"} <= crosses
    assert any("crosses" in i and "units of" in i for i in fb.infos)


def test_localstatistics_clusters_cross_too(joined, tmp_path, lep_geoms):
    ok, res, fb = run(LOCAL, {"INPUT": joined, "FIELDS": ["J_Information_and_communication", "C_Manufacturing"],
                              "SEED": 3, "OVERLAY": str(DEMO / "pan_regional_partnerships.geojson"),
                              "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    rows = cluster_rows(res["OUTPUT_CLUSTERS"])
    assert rows and all({"crosses", "n_crossed", "crosses_shares", "method"} <= set(r) for r in rows)
    # guessed name field, said in the log
    assert any("named by its field 'name'" in i for i in fb.infos)
    overlay = QgsVectorLayer(str(DEMO / "pan_regional_partnerships.geojson"), "prp", "ogr")
    units = qgis_geometries(overlay, "EPSG:27700")
    names = [f["name"] for f in overlay.getFeatures()]
    del overlay
    assert check_against_qgis(rows, lep_geoms["by_code"], units, names) == len(rows)


def far_away_overlay() -> QgsVectorLayer:
    """The LEPs moved 5,000 km east: right type and field, covers nothing."""
    src = QgsVectorLayer(str(need(LEP_GEOJSON)), "leps", "ogr")
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:27700&field=name:string", "far away", "memory")
    from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform

    tr = QgsCoordinateTransform(src.crs(), QgsCoordinateReferenceSystem("EPSG:27700"), QgsProject.instance())
    feats = []
    for f in src.getFeatures():
        g = QgsGeometry(f.geometry())
        g.transform(tr)
        g.translate(5_000_000, 0)
        out = QgsFeature(layer.fields())
        out.setAttributes([f["LEP21NM"]])
        out.setGeometry(g)
        feats.append(out)
    layer.dataProvider().addFeatures(feats)
    return layer


@pytest.mark.parametrize("alg", [DETECT, LOCAL])
@pytest.mark.parametrize("case,message", [
    ("points", "holds points; it must hold polygons"),
    ("covers_nothing", "covers none of the regions"),
    ("no_name_field", "has no field 'nope'"),
    ("unguessable_name", "Choose the field that names the overlay's units"),
])
def test_bad_overlay_clear_message_nothing_written(joined, tmp_path, alg, case, message):
    params = {"INPUT": joined, "FIELDS": ["C_Manufacturing"], "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
              "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")}
    if alg == LOCAL:
        params.update(SEED=1, PERMUTATIONS=99)
    if case == "points":
        layer = point_layer()
        QgsProject.instance().addMapLayer(layer)
        params.update(OVERLAY=layer.id(), OVERLAY_NAME="code")
    elif case == "covers_nothing":
        layer = far_away_overlay()
        QgsProject.instance().addMapLayer(layer)
        params.update(OVERLAY=layer.id(), OVERLAY_NAME="name")
    elif case == "no_name_field":
        params.update(OVERLAY=str(LAD_SHP), OVERLAY_NAME="nope")
    else:
        layer = QgsVectorLayer("Polygon?crs=EPSG:27700&field=id:integer", "no names", "memory")
        QgsProject.instance().addMapLayer(layer)
        f = QgsFeature(layer.fields())
        f.setAttributes([1])
        f.setGeometry(QgsGeometry.fromWkt("POLYGON((0 0, 1 0, 1 1, 0 0))"))
        layer.dataProvider().addFeatures([f])
        params.update(OVERLAY=layer.id())
    before = sha1(joined)
    ok, _, fb = run(alg, params)
    assert not ok
    text = " ".join(fb.errors)
    assert message in text and "Traceback" not in text, text
    assert not (tmp_path / "r.gpkg").exists() and not (tmp_path / "c.gpkg").exists()
    assert sha1(joined) == before


def test_demo_hvm_line_crosses_the_three_partnerships(processing_ready, tmp_path):
    """make demo's run: the HVM cluster lists Midlands Engine, South East, Northern Powerhouse, and is highlighted."""
    from plugin.gis import layout, style

    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(DEMO / "lep_boundaries.geojson"), "INPUT_KEY": "LEP21CD",
        "TABLE": str(DEMO / "sector_scores_illustrative.csv"), "OUTPUT": str(tmp_path / "j.gpkg")})
    assert ok, fb.errors
    overlay = QgsVectorLayer(str(DEMO / "pan_regional_partnerships.geojson"), "pan-regional partnerships", "ogr")
    ok, det, fb = run(DETECT, {"INPUT": res["OUTPUT"], "BASELINE": 0, "GAP_TOLERANCE": 35000, "OVERLAY": overlay,
                               "OVERLAY_NAME": "name", "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
                               "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    hvm = [r for r in cluster_rows(det["OUTPUT_CLUSTERS"]) if r["sector"] == "High_Value_Manufacturing"]
    assert len(hvm) == 1 and hvm[0]["n_regions"] == 5
    assert hvm[0]["crosses"] == "Midlands Engine; South East; Northern Powerhouse" and hvm[0]["n_crossed"] == 3
    assert any(i.startswith("High Value Manufacturing, cluster 1: crosses 3 units of pan-regional partnerships")
               for i in fb.infos)

    regions = QgsVectorLayer(det["OUTPUT_REGIONS"], "regions", "ogr")
    clusters = QgsVectorLayer(det["OUTPUT_CLUSTERS"], "clusters", "ogr")
    project = QgsProject()
    project.addMapLayers([regions, clusters], False)
    style.style_clusters(clusters, "High_Value_Manufacturing", regions=regions)
    rules = clusters.renderer().rootRule().children()
    assert [r.label() for r in rules] == ["Cluster crossing 2+ pan-regional partnerships", "Multi-region cluster"]
    assert '"n_crossed" > 1' in rules[0].filterExpression()
    assert rules[0].symbol().symbolLayerCount() == rules[1].symbol().symbolLayerCount() + 1  # the dashes
    built = layout.build_layout(project, regions, clusters, layout.MapSpec(field="High_Value_Manufacturing"))
    table = next(mf for mf in built.multiFrames() if hasattr(mf, "columns"))
    headings = [c.heading() for c in table.columns()]
    assert headings[-1] == "Crosses" and "Members" in headings


def test_no_overlay_no_crosses_column(processing_ready, tmp_path):
    from plugin.gis import layout

    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(DEMO / "lep_boundaries.geojson"), "INPUT_KEY": "LEP21CD",
        "TABLE": str(DEMO / "sector_scores_illustrative.csv"), "OUTPUT": str(tmp_path / "j.gpkg")})
    ok, det, fb = run(DETECT, {"INPUT": res["OUTPUT"], "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
                               "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    regions = QgsVectorLayer(det["OUTPUT_REGIONS"], "regions", "ogr")
    clusters = QgsVectorLayer(det["OUTPUT_CLUSTERS"], "clusters", "ogr")
    assert "crosses" not in clusters.fields().names()
    project = QgsProject()
    project.addMapLayers([regions, clusters], False)
    built = layout.build_layout(project, regions, clusters, layout.MapSpec(field="High_Value_Manufacturing"))
    table = next(mf for mf in built.multiFrames() if hasattr(mf, "columns"))
    assert [c.heading() for c in table.columns()] == ["Cluster", "Regions", "Members"]
    assert [r.label() for r in clusters.renderer().rootRule().children()] == ["Multi-region cluster"]
