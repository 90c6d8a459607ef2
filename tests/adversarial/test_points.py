"""Odd point inputs and bad numbers given to pointclusters and pointstoregions through `qgis_process`, as typed.

Each refused case: a non-zero exit, a message naming what is wrong (and the range of a number), no traceback,
no output file or leftover, the input unchanged (sha1). Each accepted odd case (NULL geometry, NULL weight, no
CRS but longitude/latitude) runs and says in the log what it skipped or assumed.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from osgeo import ogr, osr

from tests.qgis.cli import QgisProcess
from tests.qgis.processing_run import sha1

RADIUS = "RADIUS: the radius in ground metres must be a number above 0 and below 100,000"
MIN_WEIGHT = "MIN_WEIGHT: the weight within the radius that makes a core point must be a number above 0"


def write_points(path: Path, rows: list[tuple], epsg: int | None = 27700, kind: int = ogr.wkbPoint) -> Path:
    """A point file (GeoPackage, or a shapefile without .prj when ``epsg`` is None) of rows
    (wkt or None, sector, staff or None)."""
    driver = ogr.GetDriverByName("GPKG" if path.suffix == ".gpkg" else "ESRI Shapefile")
    ds = driver.CreateDataSource(str(path))
    srs = None
    if epsg is not None:
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(epsg)
    layer = ds.CreateLayer(path.stem, srs, kind)
    layer.CreateField(ogr.FieldDefn("sector", ogr.OFTString))
    layer.CreateField(ogr.FieldDefn("staff", ogr.OFTReal))
    for wkt, sector, staff in rows:
        f = ogr.Feature(layer.GetLayerDefn())
        if wkt is not None:
            f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        f.SetField("sector", sector)
        if staff is not None:
            f.SetField("staff", float(staff))
        layer.CreateFeature(f)
    ds = None
    return path


def grid_rows(x0: float, y0: float, step: float, n: int = 12, sector: str = "C") -> list[tuple]:
    return [(f"POINT({x0 + step * (k % 4)} {y0 + step * (k // 4)})", sector, 2.0) for k in range(n)]


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("adversarial_points")
    good = grid_rows(400000, 300000, 50) + grid_rows(420000, 300000, 50, sector="J")
    return {
        "good": write_points(root / "firms.gpkg", good),
        "negative": write_points(root / "negative.gpkg", good + [("POINT(400010 300010)", "C", -3)]),
        "null_weight": write_points(root / "null_weight.gpkg", good + [("POINT(400010 300010)", "C", None)]),
        "null_geometry": write_points(root / "null_geometry.gpkg", good + [(None, "C", 1), ("POINT EMPTY", "C", 1)]),
        "ids": write_points(root / "ids.gpkg", [(f"POINT({400000 + k} 300000)", f"firm {k}", 1) for k in range(600)]),
        "no_crs_metres": write_points(root / "no_crs_metres.shp", good, epsg=None),
        "no_crs_degrees": write_points(root / "no_crs_degrees.shp",
                                       grid_rows(-2.2, 53.4, 0.0005) + grid_rows(-1.5, 53.8, 0.0005, sector="J"),
                                       epsg=None),
        "polygons": write_points(root / "polygons.gpkg", [("POLYGON((0 0, 1 0, 1 1, 0 0))", "C", 1)],
                                 kind=ogr.wkbPolygon),
        "regions": write_points(root / "regions.gpkg", [
            ("POLYGON((399000 299000, 410000 299000, 410000 310000, 399000 310000, 399000 299000))", "W", 1),
            ("POLYGON((410000 299000, 430000 299000, 430000 310000, 410000 310000, 410000 299000))", "E", 1)],
            kind=ogr.wkbPolygon),
    }


@pytest.fixture(scope="module")
def cli(inputs, tmp_path_factory) -> QgisProcess:
    return QgisProcess(tmp_path_factory.mktemp("qp_points"))


def clusters(points: Path, out: Path, **extra) -> dict:
    return {"INPUT": str(points), "SECTOR_FIELD": "sector", "WEIGHT_FIELD": "staff", "RADIUS": "100",
            "MIN_WEIGHT": "6", "OUTPUT_POINTS": str(out / "points.gpkg"),
            "OUTPUT_CLUSTERS": str(out / "clusters.gpkg"), **extra}


def to_regions(points: Path, regions: Path, out: Path, **extra) -> dict:
    return {"INPUT": str(points), "REGIONS": str(regions), "REGIONS_KEY": "sector", "SECTOR_FIELD": "sector",
            "WEIGHT_FIELD": "staff", "OUTPUT": str(out / "regions.gpkg"), **extra}


# (case id, algorithm, input, extra parameters, what the message must say)
REFUSED = [
    ("radius-0", "pointclusters", "good", {"RADIUS": "0"}, RADIUS + "; got '0'"),
    ("radius-nan", "pointclusters", "good", {"RADIUS": "nan"}, RADIUS + "; got 'nan'"),
    ("radius-10000km", "pointclusters", "good", {"RADIUS": "1e7"}, RADIUS + "; got '1e7'"),
    ("radius-text", "pointclusters", "good", {"RADIUS": "abc"}, RADIUS + "; got 'abc'"),
    ("min-weight-0", "pointclusters", "good", {"MIN_WEIGHT": "0"}, MIN_WEIGHT),
    ("min-weight-negative", "pointclusters", "good", {"MIN_WEIGHT": "-2"}, MIN_WEIGHT),
    ("polygons-as-points", "pointclusters", "polygons", {}, "holds polygons; it must hold points"),
    ("negative-weight", "pointclusters", "negative", {}, "WEIGHT_FIELD: feature 25 has the weight -3.0"),
    ("sector-field-of-ids", "pointclusters", "ids", {}, "holds 600 distinct values, more than 500 sectors"),
    ("unknown-sector", "pointclusters", "good", {"SECTORS": "C; Q"}, "has no value 'Q'"),
    ("no-crs-metres", "pointclusters", "no_crs_metres", {}, "has no coordinate reference system and its "
                                                             "coordinates are not longitude/latitude"),
    ("polygons-as-points", "pointstoregions", "polygons", {}, "holds polygons; it must hold points"),
    ("negative-weight", "pointstoregions", "negative", {}, "WEIGHT_FIELD: feature 25 has the weight -3.0"),
    ("sector-field-of-ids", "pointstoregions", "ids", {}, "holds 600 distinct values"),
    ("points-as-regions", "pointstoregions", "good", {"REGIONS": "good"}, "must hold polygons"),
]


@pytest.mark.parametrize("case,alg,source,extra,message", REFUSED, ids=[f"{r[1]}-{r[0]}" for r in REFUSED])
def test_refused_with_a_clear_message_and_nothing_written(cli, inputs, tmp_path, case, alg, source, extra, message):
    points = inputs[source]
    before = {p: sha1(p) for p in points.parent.iterdir() if p.is_file()}
    extra = {k: (str(inputs[v]) if k == "REGIONS" else v) for k, v in extra.items()}
    params = clusters(points, tmp_path, **extra) if alg == "pointclusters" else \
        to_regions(points, Path(extra.pop("REGIONS", inputs["regions"])), tmp_path, **extra)
    got = cli.run(alg, params)
    assert got.code != 0, got.text
    assert message in got.text, got.text
    assert "Traceback" not in got.text
    assert not any(tmp_path.iterdir()), list(tmp_path.iterdir())
    assert {p: sha1(p) for p in points.parent.iterdir() if p.is_file() and p in before} == before


def test_sectors_listed_let_a_field_of_many_values_run(cli, inputs, tmp_path):
    got = cli.run("pointclusters", clusters(inputs["ids"], tmp_path, SECTORS="firm 1; firm 2", WEIGHT_FIELD=""))
    assert got.code == 0, got.text
    assert (tmp_path / "clusters.gpkg").exists()


@pytest.mark.parametrize("source,said", [
    ("null_weight", "1 feature(s) with a NULL weight in 'staff' were skipped (feature ids 25)"),
    ("null_geometry", "2 feature(s) without a point were skipped (feature ids 25, 26)"),
    ("no_crs_degrees", "taken as WGS 84 longitude/latitude"),
])
def test_odd_but_usable_inputs_run_and_say_what_was_done(cli, inputs, tmp_path, source, said):
    before = sha1(inputs[source])
    got = cli.run("pointclusters", clusters(inputs[source], tmp_path))
    assert got.code == 0, got.text
    assert said in got.text, got.text
    assert sha1(inputs[source]) == before
    (tmp_path / "r").mkdir()
    got = cli.run("pointstoregions", to_regions(inputs[source], inputs["regions"], tmp_path / "r"))
    if source == "no_crs_degrees":  # lon/lat in England against regions in British National Grid: in no region
        assert got.code == 0 and "lie in no region" in got.text, got.text
    else:
        assert got.code == 0 and said in got.text, got.text
