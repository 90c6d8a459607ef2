"""Where distances and areas are measured: a lon/lat layer without a CRS, and British National Grid.

- libpysal's us48.shp (lon/lat, no .prj) at a 50 km gap tolerance gives the four clusters a true equal-area
  projection gives, not one 18-state cluster from degrees taken as metres.
- An EPSG:27700 layer (every ONS boundary) is measured in its own CRS (scale within 0.5 % over the UK), and a
  working projection, when one is needed, is built on the layer's own datum: no datum shift, no PROJ grid,
  no PROJ lines in the output.
"""
from __future__ import annotations

import shutil

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsProject,
    QgsVectorLayer,
)

from tests.conftest import LAD_SHP, SHARED, need
from tests.qgis.cli import QgisProcess
from tests.qgis.processing_run import run, sha1

US48 = SHARED / "us48"
# The 18 states above the 48-state mean of 2009 per-capita income fall in these four groups when states
# within 50 km are neighbours, measured in the ground metres of EPSG:5070 (CONUS Albers) with geopandas and
# shapely in the reference venv (a script kept with the notes: union-find over pairwise distances).
US48_CLUSTERS_50KM = {
    frozenset({"Minnesota", "North Dakota"}),
    frozenset({"Colorado", "Wyoming"}),
    frozenset({"California", "Nevada"}),
    frozenset({"Connecticut", "Delaware", "Maryland", "Massachusetts", "New Hampshire", "New Jersey", "New York",
               "Pennsylvania", "Rhode Island", "Virginia"}),
}
# Lines PROJ/GDAL print through QGIS when a transformation needs a datum shift or grid it cannot use.
PROJ_NOISE = ("PROJ", "non-preferred", "proj_create", "hgridshift", "helmert", "GDAL", "ERROR")


def clusters(path: str) -> set[frozenset[str]]:
    layer = QgsVectorLayer(path, "clusters", "ogr")
    return {frozenset(f["members"].split("; ")) for f in layer.getFeatures()}


@pytest.fixture
def us48_bare(tmp_path):
    """us48 as shipped: .shp/.shx/.dbf, no .prj (copied: nothing may be written beside the vendored file)."""
    for ext in ("shp", "shx", "dbf"):
        shutil.copy(need(US48 / f"us48.{ext}"), tmp_path / f"us48.{ext}")
    return tmp_path / "us48.shp"


def test_lon_lat_without_crs_is_taken_as_wgs84_and_gives_the_true_clusters(processing_ready, us48_bare,
                                                                           tmp_path):
    layer = QgsVectorLayer(str(us48_bare), "us48", "ogr")
    assert layer.isValid() and not layer.crs().isValid()
    before = sha1(us48_bare)
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(us48_bare), "INPUT_KEY": "STATE_NAME", "TABLE": str(need(US48 / "us48_income_2009.csv")),
        "OUTPUT": str(tmp_path / "joined.gpkg")})
    assert ok and res["MATCHED"] == 48, fb.errors
    ok, det, fb = run("sectorclusters:detectclusters", {
        "INPUT": res["OUTPUT"], "GAP_TOLERANCE": 50000, "OUTPUT_REGIONS": str(tmp_path / "regions.gpkg"),
        "OUTPUT_CLUSTERS": str(tmp_path / "clusters.gpkg")})
    assert ok, fb.errors
    assert clusters(str(tmp_path / "clusters.gpkg")) == US48_CLUSTERS_50KM
    said = " ".join(fb.warnings)
    assert "no coordinate reference system" in said and "taken as WGS 84 longitude/latitude" in said, fb.warnings
    assert sha1(us48_bare) == before


def test_the_same_states_with_their_crs_give_the_same_clusters(processing_ready, us48_bare, tmp_path):
    """Assigning EPSG:4326 (what the .prj would say) changes nothing: the guess is the true CRS."""
    us48_bare.with_suffix(".prj").write_text(QgsCoordinateReferenceSystem("EPSG:4326").toWkt())
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(us48_bare), "INPUT_KEY": "STATE_NAME", "TABLE": str(need(US48 / "us48_income_2009.csv")),
        "OUTPUT": str(tmp_path / "joined.gpkg")})
    assert ok, fb.errors
    ok, det, fb = run("sectorclusters:detectclusters", {
        "INPUT": res["OUTPUT"], "GAP_TOLERANCE": 50000, "OUTPUT_REGIONS": "TEMPORARY_OUTPUT",
        "OUTPUT_CLUSTERS": str(tmp_path / "clusters.gpkg")})
    assert ok, fb.errors
    assert clusters(str(tmp_path / "clusters.gpkg")) == US48_CLUSTERS_50KM
    assert not any("taken as WGS 84" in w for w in fb.warnings + fb.infos)


def test_metre_coordinates_without_crs_keep_the_existing_warning(processing_ready):
    """Coordinates beyond ±180/±90 cannot be degrees: measured in the layer's units, with the old warning."""
    from plugin.gis.layers import read_regions

    layer = QgsVectorLayer(str(need(LAD_SHP)), "lad", "ogr")
    layer.setCrs(QgsCoordinateReferenceSystem())
    regions = read_regions(layer)
    assert regions.measure.own and regions.measure.warning
    assert "taken as metres" in regions.measure_note and "WGS 84" not in regions.measure_note


def test_british_national_grid_is_kept_and_says_its_scale(processing_ready):
    from plugin.gis.layers import read_regions

    layer = QgsVectorLayer(str(need(LAD_SHP)), "lad", "ogr")
    regions = read_regions(layer)
    assert regions.measure.own and regions.crs.authid() == "EPSG:27700"
    lo, hi = regions.measure.layer_scale
    assert 0.9995 < lo < 1.0 < hi < 1.002  # BNG over the UK: ×0.9996 to ×1.0015
    assert regions.measure_note.startswith("Distances and areas in EPSG:27700 (the layer's CRS; scale within 0.1")


def test_bng_areas_are_ground_km2(processing_ready):
    """Every LAD's area as analysed is its ellipsoidal area (QgsDistanceArea on Airy 1830) within 0.5 %."""
    from plugin.gis.layers import read_regions

    layer = QgsVectorLayer(str(need(LAD_SHP)), "lad", "ogr")
    regions = read_regions(layer)
    da = QgsDistanceArea()
    da.setSourceCrs(layer.crs(), QgsProject.instance().transformContext())
    da.setEllipsoid("EPSG:7001")
    names = {f.id(): f["LAD21NM"] for f in layer.getFeatures()}
    worst = 0.0
    for fid, geom, shape in zip(regions.fids, regions.geometries, regions.shapes):
        ground = da.measureArea(geom) / 1e6
        worst = max(worst, abs(shape.area / 1e6 / ground - 1))
        if names[fid] == "Cornwall":
            assert abs(shape.area / 1e6 - ground) / ground < 5e-3 and 3500 < ground < 3600
    assert worst < 5e-3


def test_a_working_projection_is_built_on_the_layers_own_datum(processing_ready):
    """OSGB36 degrees need a projection: an equal-area one on the Airy ellipsoid, reached with no datum shift."""
    from plugin.gis.layers import working_crs

    layer = QgsVectorLayer(str(need(LAD_SHP)), "lad", "ogr")
    osgb36 = QgsCoordinateReferenceSystem("EPSG:4277")
    context = QgsProject.instance().transformContext()
    extent = QgsCoordinateTransform(layer.crs(), osgb36, context).transformBoundingBox(layer.extent())
    measure = working_crs(osgb36, extent, None, context)
    assert not measure.own and "+proj=laea" in measure.crs.toProj()
    assert "+a=6377563.396" in measure.crs.toProj()  # Airy 1830, OSGB36's ellipsoid
    for source in (osgb36, layer.crs()):
        pipeline = QgsCoordinateTransform(source, measure.crs, context).instantiatedCoordinateOperationDetails()
        assert "helmert" not in pipeline.proj and "grid" not in pipeline.proj, pipeline.proj


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    return QgisProcess(tmp_path_factory.mktemp("qp_crs"))


@pytest.mark.parametrize("what", ["lad_bng", "us48_no_crs"])
def test_no_proj_lines_in_a_run(cli, tmp_path, us48_bare, what):
    """qgis_process detectclusters on the ONS LAD shapefile (EPSG:27700) and on us48 prints no PROJ line."""
    if what == "lad_bng":
        params = {"INPUT": str(need(LAD_SHP)), "KEY": "LAD21CD", "FIELDS": ["BNG_N"], "GAP_TOLERANCE": 2000}
    else:
        params = {"INPUT": str(us48_bare), "KEY": "STATE_NAME", "FIELDS": ["AREA"], "GAP_TOLERANCE": 50000}
    got = cli.run("detectclusters", dict(params, OUTPUT_REGIONS=str(tmp_path / "r.gpkg"),
                                         OUTPUT_CLUSTERS=str(tmp_path / "c.gpkg")))
    assert got.code == 0, got.text
    assert got.results["CLUSTERS"] >= 1
    noise = [line for line in got.lines if any(word in line for word in PROJ_NOISE)]
    assert not noise, "\n".join(noise)
    assert "Traceback" not in got.text


def test_no_proj_lines_in_a_map_export_on_bng(cli, tmp_path):
    """The map of a British National Grid layer (page and atlas) is made without any PROJ line."""
    got = cli.run("detectclusters", {"INPUT": str(need(LAD_SHP)), "KEY": "LAD21CD", "FIELDS": ["BNG_N"],
                                     "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
                                     "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert got.code == 0, got.text
    for atlas in ("false", "true"):
        pdf = tmp_path / f"map_{atlas}.pdf"
        got = cli.run("exportmap", {"REGIONS": str(tmp_path / "r.gpkg"), "CLUSTERS": str(tmp_path / "c.gpkg"),
                                    "FIELD": "BNG_N", "ATLAS": atlas, "OUTPUT_PDF": str(pdf)})
        assert got.code == 0, got.text
        assert pdf.stat().st_size > 10_000
        noise = [line for line in got.lines if any(word in line for word in PROJ_NOISE)]
        assert not noise, "\n".join(noise)
