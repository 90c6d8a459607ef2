"""Every bad number typed into an algorithm is refused with its name and range; odd layers give clear outcomes.

A table of cases run through `qgis_process` exactly as a user types them (qgis_process hands the algorithm the
typed text: `THRESHOLD=abc` used to be taken as 0 and flag all 38 LEPs, `nan` wrote NaN into the record,
`GAP_TOLERANCE=1e308` and `SEED=nan` ended in tracebacks, `K=nan`/`DPI=nan` said "got -2147483648"). Each
refused case: a non-zero exit, the parameter's name and range in the message, no traceback, no output file,
the input unchanged (sha1). Then, in-process, layers with a region listed twice and with a 3-point ring.
"""
from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsVectorLayer

from tests.conftest import BRES_ALIASES
from tests.qgis.cli import QgisProcess
from tests.qgis.processing_run import run, sha1

MANUF = "C_Manufacturing"
OUTPUTS = {"detectclusters": ("OUTPUT_REGIONS", "OUTPUT_CLUSTERS"),
           "localstatistics": ("OUTPUT_REGIONS", "OUTPUT_CLUSTERS"),
           "profileregions": ("OUTPUT_REGIONS", "OUTPUT_GROUPS"),
           "exportmap": ("OUTPUT_PDF",)}
RANGE = {"THRESHOLD": "THRESHOLD: the threshold for the baseline 'Mean of regions' must be a number from 0 to 1,000",
         "GAP_TOLERANCE": "GAP_TOLERANCE: the gap tolerance in metres must be a number from 0 to 1,000,000",
         "MIN_REGIONS": "MIN_REGIONS: the minimum number of regions in a cluster must be a whole number from 1 to",
         "SEED": "SEED: the random seed must be a whole number from 0 to",
         "PERMUTATIONS": "PERMUTATIONS: the number of permutations must be a whole number from 1 to 99,999",
         "ALPHA": "ALPHA: the significance level must be a number above 0 and below 1",
         "K": "K: the number of groups must be a whole number from 1 to 10,000",
         "MIN_SIZE": "MIN_SIZE: the minimum regions per group must be a whole number from 1 to",
         "DPI": "DPI: the resolution in dots per inch must be a whole number from 30 to 1,200"}

# (algorithm, parameter, value as typed)
REFUSED = [
    ("detectclusters", "THRESHOLD", "abc"),
    ("detectclusters", "THRESHOLD", "nan"),
    ("detectclusters", "THRESHOLD", "inf"),
    ("detectclusters", "THRESHOLD", "1e308"),
    ("detectclusters", "THRESHOLD", "-1"),
    ("detectclusters", "GAP_TOLERANCE", "nan"),
    ("detectclusters", "GAP_TOLERANCE", "1e308"),
    ("detectclusters", "GAP_TOLERANCE", "-5"),
    ("detectclusters", "MIN_REGIONS", "2.5"),
    ("detectclusters", "MIN_REGIONS", "nan"),
    ("localstatistics", "SEED", "nan"),
    ("localstatistics", "PERMUTATIONS", "abc"),
    ("localstatistics", "ALPHA", "1.5"),
    ("localstatistics", "GAP_TOLERANCE", "nan"),
    ("profileregions", "K", "nan"),
    ("profileregions", "MIN_SIZE", "0"),
    ("exportmap", "DPI", "nan"),
    ("exportmap", "DPI", "10"),
]


@pytest.fixture(scope="module")
def work(processing_ready, lep_path, bres2020, tmp_path_factory) -> Path:
    """The 38 LEPs joined to BRES 2020 (once), and a qgis_process profile with the plugin."""
    root = tmp_path_factory.mktemp("adversarial_parameters")
    aliases = root / "aliases.csv"
    aliases.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "ALIASES": str(aliases),
        "OUTPUT": str(root / "joined.gpkg")})
    assert ok and res["MATCHED"] == 38, fb.errors
    return root


@pytest.fixture(scope="module")
def cli(work) -> QgisProcess:
    return QgisProcess(work / "qp")


def base_parameters(alg: str, joined: Path, out: Path) -> dict:
    if alg == "exportmap":
        return {"REGIONS": str(joined), "FIELD": MANUF, "OUTPUT_PDF": str(out / "map.pdf")}
    params = {"INPUT": str(joined), "FIELDS": [MANUF], **{name: str(out / f"{name.lower()}.gpkg")
                                                       for name in OUTPUTS[alg]}}
    if alg == "localstatistics":
        params["PERMUTATIONS"] = 99
    return params


@pytest.mark.parametrize("alg,name,value", REFUSED, ids=[f"{a}-{n}={v}" for a, n, v in REFUSED])
def test_a_bad_number_is_named_with_its_range(cli, work, tmp_path, alg, name, value):
    joined = work / "joined.gpkg"
    before = sha1(joined)
    got = cli.run(alg, dict(base_parameters(alg, joined, tmp_path), **{name: value}))
    assert got.code != 0, got.text
    assert RANGE[name] in got.text and f"got {value!r}" in got.text, got.text
    assert "Traceback" not in got.text and "-2147483648" not in got.text
    assert sha1(joined) == before
    assert not any(tmp_path.iterdir()), list(tmp_path.iterdir())  # nothing written, no leftovers


def test_a_good_threshold_as_text_is_the_number(cli, work, tmp_path):
    """THRESHOLD=1.2 typed is 1.2: the record says 1.2 (never NaN), and the clusters are those of 1.2 in-process."""
    joined = work / "joined.gpkg"
    got = cli.run("detectclusters", dict(base_parameters("detectclusters", joined, tmp_path), THRESHOLD="1.2"))
    assert got.code == 0, got.text
    with sqlite3.connect(tmp_path / "output_clusters.gpkg") as con:
        meta = json.loads(con.execute("SELECT meta FROM sector_clusters_meta").fetchall()[0][0])
    con.close()
    typed = {(f["members"],) for f in QgsVectorLayer(str(tmp_path / "output_clusters.gpkg"), "c", "ogr").getFeatures()}
    assert meta["threshold"] == 1.2 and "NaN" not in json.dumps(meta)
    ok, res, fb = run("sectorclusters:detectclusters", dict(
        base_parameters("detectclusters", joined, tmp_path / "in"), THRESHOLD=1.2,
        OUTPUT_REGIONS="TEMPORARY_OUTPUT", OUTPUT_CLUSTERS=str(tmp_path / "in.gpkg")))
    assert ok, fb.errors
    layer = QgsVectorLayer(str(tmp_path / "in.gpkg"), "c", "ogr")
    assert {(f["members"],) for f in layer.getFeatures()} == typed and typed


def test_in_process_callers_get_the_same_message(work):
    """The toolbox and Python callers pass numbers, not text: a NaN is refused the same way."""
    ok, _, fb = run("sectorclusters:detectclusters", dict(
        base_parameters("detectclusters", work / "joined.gpkg", work), GAP_TOLERANCE=float("nan")))
    assert not ok and RANGE["GAP_TOLERANCE"] in " ".join(fb.errors), fb.errors


def layer_with(tmp_path: Path, source: Path, extra_wkt: str | None, duplicate_first: bool) -> Path:
    """A GeoPackage copy of the joined LEPs with the first feature listed twice and/or one more feature."""
    out = tmp_path / "odd.gpkg"
    shutil.copy(source, out)
    layer = QgsVectorLayer(f"{out}|layername=joined", "odd", "ogr")
    assert layer.isValid()
    first = next(layer.getFeatures())
    feats = []
    if duplicate_first:
        f = QgsFeature(first)
        f.setAttribute(0, None)  # a new fid
        feats.append(f)
    if extra_wkt is not None:
        f = QgsFeature(first)
        f.setAttribute(0, None)
        f.setAttribute("LEP21CD", "E99999999")
        f.setGeometry(QgsGeometry.fromWkt(extra_wkt))
        feats.append(f)
    assert layer.dataProvider().addFeatures(feats)[0]
    del layer
    return out


def test_a_region_listed_twice_is_counted_once(work, tmp_path):
    joined = layer_with(tmp_path, work / "joined.gpkg", None, duplicate_first=True)
    first = next(QgsVectorLayer(f"{joined}|layername=joined", "j", "ogr").getFeatures())["LEP21CD"]
    ok, res, fb = run("sectorclusters:detectclusters", {
        "INPUT": f"{joined}|layername=joined", "FIELDS": [MANUF], "THRESHOLD": 0.0,
        "OUTPUT_REGIONS": "TEMPORARY_OUTPUT", "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    rows = [(f["members"].split("; "), f["n_regions"]) for f in
            QgsVectorLayer(str(tmp_path / "c.gpkg"), "c", "ogr").getFeatures()]
    holding = [(members, n) for members, n in rows if first in members]
    assert len(holding) == 1
    members, n = holding[0]
    assert members.count(first) == 1 and n == len(members) == len(set(members))
    assert any("Duplicated region keys" in w and first in w for w in fb.warnings), fb.warnings


def test_a_three_point_ring_is_named_and_left_out(work, tmp_path):
    """A degenerate ring (QGIS reads it, GEOS cannot build it) ends with a note naming the feature, not a
    WKBReadingError traceback."""
    joined = layer_with(tmp_path, work / "joined.gpkg", "POLYGON((-1 52, 0 52, -1 52))", duplicate_first=False)
    before = sha1(joined)
    ok, res, fb = run("sectorclusters:detectclusters", {
        "INPUT": f"{joined}|layername=joined", "FIELDS": [MANUF],
        "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    said = " ".join(fb.infos + fb.warnings)
    assert "polygon ring of fewer than 4 points" in said and "feature ids 39" in said, said
    assert sha1(joined) == before
    assert QgsVectorLayer(str(tmp_path / "r.gpkg"), "r", "ogr").featureCount() == 39


def test_an_unwritable_colocation_table_is_refused_before_any_layer_is_written(work, tmp_path):
    """The co-location CSV's folder is checked first: no GeoPackage is left behind by a run that then fails."""
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the folder should be")
    ok, _, fb = run("sectorclusters:profileregions", {
        "INPUT": str(work / "joined.gpkg"), "FIELDS": [MANUF, "F_Construction"], "K": 3,
        "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_GROUPS": str(tmp_path / "g.gpkg"),
        "OUTPUT_COLOCATION_CSV": str(blocker / "colocation.csv")})
    assert not ok
    assert "The output folder does not exist or is not a folder" in " ".join(fb.errors), fb.errors
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not_a_folder"]


def test_a_device_as_table_is_named_not_called_a_folder(work, lep_path, tmp_path):
    ok, _, fb = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD",
                                                  "TABLE": "/dev/zero", "OUTPUT": str(tmp_path / "j.gpkg")})
    text = " ".join(fb.errors)
    assert not ok and "is not a regular file" in text and "folder" not in text, text
    assert not any(tmp_path.iterdir())


def test_a_map_of_a_layer_without_any_geometry_says_so(work, tmp_path):
    """Every geometry NULL: a plain message, not "cannot convert float NaN to integer", and no file."""
    ok, res, fb = run("sectorclusters:detectclusters", {
        "INPUT": str(work / "joined.gpkg"), "FIELDS": [MANUF], "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
        "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    regions = QgsVectorLayer(str(tmp_path / "r.gpkg"), "r", "ogr")
    assert regions.dataProvider().changeGeometryValues({f.id(): QgsGeometry() for f in regions.getFeatures()})
    del regions
    for output in ("OUTPUT_PNG", "OUTPUT_PDF"):
        target = tmp_path / f"map.{output[-3:].lower()}"
        ok, _, fb = run("sectorclusters:exportmap", {"REGIONS": str(tmp_path / "r.gpkg"), "FIELD": MANUF,
                                                     output: str(target)})
        text = " ".join(fb.errors)
        assert not ok and "has no geometry to map" in text and "NaN" not in text, text
        assert not target.exists()


def test_a_three_point_ring_in_the_overlay_is_skipped_with_a_note(work, tmp_path):
    from qgis.core import QgsProject

    overlay = QgsVectorLayer("Polygon?crs=EPSG:4326&field=name:string", "overlay", "memory")
    feats = []
    for name, wkt in (("England", "POLYGON((-6 49, 2 49, 2 56, -6 56, -6 49))"),
                      ("Sliver", "POLYGON((0 50, 1 50, 0 50))")):
        f = QgsFeature(overlay.fields())
        f.setAttributes([name])
        f.setGeometry(QgsGeometry.fromWkt(wkt))
        feats.append(f)
    overlay.dataProvider().addFeatures(feats)
    QgsProject.instance().addMapLayer(overlay)
    try:
        ok, _, fb = run("sectorclusters:detectclusters", {
            "INPUT": str(work / "joined.gpkg"), "FIELDS": [MANUF], "OVERLAY": overlay.id(), "OVERLAY_NAME": "name",
            "OUTPUT_REGIONS": "TEMPORARY_OUTPUT", "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    finally:
        QgsProject.instance().removeMapLayer(overlay.id())
    assert ok, fb.errors
    assert any("1 overlay features without a polygon were skipped" in t for t in fb.infos + fb.warnings), fb.infos


def test_local_statistics_count_a_region_listed_twice_once(work, tmp_path):
    joined = layer_with(tmp_path, work / "joined.gpkg", None, duplicate_first=True)
    ok, _, fb = run("sectorclusters:localstatistics", {
        "INPUT": f"{joined}|layername=joined", "FIELDS": [MANUF], "PERMUTATIONS": 99, "SEED": 1,
        "OUTPUT_REGIONS": "TEMPORARY_OUTPUT", "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    assert any("Duplicated region keys" in w for w in fb.warnings), fb.warnings
    for f in QgsVectorLayer(str(tmp_path / "c.gpkg"), "c", "ogr").getFeatures():
        members = f["members"].split("; ")
        assert f["n_regions"] == len(members) == len(set(members))
