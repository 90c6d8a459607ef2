"""sectorclusters:pointclusters and :pointstoregions on real points and real boundaries.

- Snow's cholera deaths (tests/data/points, 324 addresses weighted by deaths) in EPSG:3857 as shipped and
  reprojected by QGIS to EPSG:27700 and EPSG:4326: the algorithm's clusters are core.points' (which
  tests/core/test_points_reference.py holds equal to scikit-learn's) in every version of the same points;
- points generated with a fixed seed over England counted into the 38 LEPs: the same counts and summed weights
  as QGIS's native:countpointsinpolygon (where LEPs do not overlap; where they do, each point in the first
  LEP holding it), a point on a shared boundary counted once, and the output read by detectclusters.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant

from plugin.gis.compat import make_field
from tests.conftest import REPO, need
from tests.qgis.processing_run import run

SNOW = REPO / "tests" / "data" / "points" / "SohoPeople.shp"
SETTINGS = [(20.0, 3.0), (35.0, 8.0), (60.0, 20.0)]


def layer_of(path) -> QgsVectorLayer:
    layer = QgsVectorLayer(str(path), Path(str(path)).stem, "ogr")
    assert layer.isValid(), path
    return layer


def reproject(path: Path, crs: str, out: Path) -> Path:
    ok, res, fb = run("native:reprojectlayer", {"INPUT": str(path), "TARGET_CRS": crs, "OUTPUT": str(out)})
    assert ok, fb.errors
    return out


@pytest.fixture(scope="module")
def snow(processing_ready, tmp_path_factory) -> dict[str, Path]:
    """Snow's points in EPSG:3857 (as shipped), 27700 and 4326."""
    root = tmp_path_factory.mktemp("snow")
    src = need(SNOW)
    return {"EPSG:3857": src, "EPSG:27700": reproject(src, "EPSG:27700", root / "snow_27700.gpkg"),
            "EPSG:4326": reproject(src, "EPSG:4326", root / "snow_4326.gpkg")}


def bng_xy(path: Path) -> tuple[np.ndarray, np.ndarray]:
    """(x, y in British National Grid, deaths) of every feature, in feature order."""
    layer = layer_of(path)
    tr = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:27700"), QgsProject.instance())
    xy, w = [], []
    for f in layer.getFeatures():
        p = tr.transform(f.geometry().asPoint())
        xy.append((p.x(), p.y()))
        w.append(float(f["Count"]))
    return np.array(xy), np.array(w)


def clusters_run(path: Path, out: Path, radius: float, min_weight: float, **extra):
    ok, res, fb = run("sectorclusters:pointclusters", {
        "INPUT": str(path), "WEIGHT_FIELD": "Count", "RADIUS": radius, "MIN_WEIGHT": min_weight,
        "OUTPUT_POINTS": str(out / "points.gpkg"), "OUTPUT_CLUSTERS": str(out / "clusters.gpkg"), **extra})
    assert ok, fb.errors
    pts = layer_of(res["OUTPUT_POINTS"])
    cluster = np.array([-1 if f["cluster"] is None or f["cluster"] == QVariant() else int(f["cluster"])
                        for f in pts.getFeatures()])
    roles = np.array([f["role"] for f in pts.getFeatures()], dtype=object)
    return res, fb, cluster, roles


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two labellings group the same points together (labels themselves may differ)."""
    pair, back = {}, {}
    for x, y in zip(a.tolist(), b.tolist()):
        if pair.setdefault(x, y) != y or back.setdefault(y, x) != x:
            return False
    return True


@pytest.mark.parametrize("radius,min_weight", SETTINGS)
def test_snow_clusters_are_core_points_in_every_crs(snow, tmp_path, radius, min_weight):
    from plugin.core.points import Density, dbscan

    xy, w = bng_xy(snow["EPSG:27700"])
    expected = dbscan(xy, Density(radius, min_weight), w)
    core = expected.core
    for crs, path in snow.items():
        out = tmp_path / crs.replace(":", "_")
        out.mkdir()
        res, fb, cluster, roles = clusters_run(path, out, radius, min_weight)
        assert res["CLUSTERS"] == expected.n_clusters, crs
        assert ((roles == "core") == core).all(), crs
        assert ((cluster < 0) == (expected.labels < 0)).all(), crs
        assert same_partition(cluster[core], expected.labels[core]), crs
        # a border point joins a cluster with a core point within the radius (its nearest)
        for i in np.nonzero((expected.labels >= 0) & ~core)[0]:
            near = core & (np.hypot(*(xy - xy[i]).T) <= radius * 1.001)
            assert cluster[i] in set(cluster[near].tolist()), (crs, i)
        assert any("Distances and areas in" in line for line in fb.infos), crs
    assert expected.n_clusters >= (10 if radius == 20.0 else 1)  # real clusters (22 at 20 m), not all noise


def test_snow_cluster_records(snow, tmp_path):
    res, fb, cluster, roles = clusters_run(snow["EPSG:27700"], tmp_path, 35.0, 8.0)
    clusters = layer_of(res["OUTPUT_CLUSTERS"])
    assert clusters.crs().authid() == "EPSG:27700"
    rows = [f.attributes() for f in clusters.getFeatures()]
    names = clusters.fields().names()
    recs = [dict(zip(names, r)) for r in rows]
    xy, w = bng_xy(snow["EPSG:27700"])
    assert [r["rank"] for r in recs] == list(range(1, len(recs) + 1))
    assert [r["cluster"] for r in recs] == list(range(1, len(recs) + 1))
    weights = [r["weight"] for r in recs]
    assert weights == sorted(weights, reverse=True)
    for r in recs:
        members = cluster == r["cluster"]
        assert r["points"] == int(members.sum())
        assert r["weight"] == pytest.approx(float(w[members].sum()))
        assert r["share"] == pytest.approx(r["weight"] / w.sum())
        assert r["lq"] == pytest.approx(1.0)  # one sector: its share of the outline is its share of all
        assert 0 < r["area_km2"] < 1
    assert any("cluster(s)" in line for line in fb.infos)


def england_points(lep_path: Path, out: Path, n: int = 3000, seed: int = 21) -> Path:
    """``n`` points (fixed seed) over England's bounding box in EPSG:4326, with a sector (A, B, C; A denser in
    the north) and a fractional weight; written as a GeoPackage."""
    rng = np.random.default_rng(seed)
    lep = layer_of(lep_path)
    e = lep.extent()
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "firms", "memory")
    pr = layer.dataProvider()
    pr.addAttributes([make_field("sector", "string"), make_field("staff", "double"), make_field("year", "string")])
    layer.updateFields()
    feats = []
    for k in range(n):
        x = rng.uniform(e.xMinimum(), e.xMaximum())
        y = rng.uniform(e.yMinimum(), e.yMaximum())
        north = (y - e.yMinimum()) / e.height()
        sector = "A" if rng.uniform() < 0.15 + 0.6 * north ** 2 else ("B" if rng.uniform() < 0.5 else "C")
        f = QgsFeature(layer.fields())
        f.setAttributes([sector, float(np.round(rng.gamma(2.0, 3.0), 3)), "2021" if k % 2 else "2022"])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        feats.append(f)
    pr.addFeatures(feats)
    path = out / "firms.gpkg"
    ok, res, fb = run("native:reprojectlayer", {"INPUT": layer, "TARGET_CRS": "EPSG:4326", "OUTPUT": str(path)})
    assert ok, fb.errors
    return path


@pytest.fixture(scope="module")
def firms(processing_ready, lep_path, tmp_path_factory) -> Path:
    return england_points(lep_path, tmp_path_factory.mktemp("firms"))


def leps_holding(lep_path: Path, firms: Path) -> list[list[str]]:
    """Per point, the codes of the LEPs (feature order) whose polygon holds it, boundary included."""
    lep = layer_of(lep_path)
    polys = [(f["LEP21CD"], f.geometry()) for f in lep.getFeatures()]
    return [[code for code, poly in polys if poly.intersects(f.geometry())] for f in layer_of(firms).getFeatures()]


def by_key(path, key: str, fields: list[str]) -> dict[str, list[float]]:
    layer = layer_of(path)
    return {f[key]: [float(f[n]) for n in fields] for f in layer.getFeatures()}


def test_counts_equal_native_countpointsinpolygon(firms, lep_path, tmp_path):
    ok, res, fb = run("sectorclusters:pointstoregions", {
        "INPUT": str(firms), "REGIONS": str(lep_path), "REGIONS_KEY": "LEP21CD",
        "OUTPUT": str(tmp_path / "count.gpkg"), "OUTPUT_OUTSIDE": str(tmp_path / "outside.gpkg")})
    assert ok, fb.errors
    ok, wres, fb2 = run("sectorclusters:pointstoregions", {
        "INPUT": str(firms), "REGIONS": str(lep_path), "REGIONS_KEY": "LEP21CD", "WEIGHT_FIELD": "staff",
        "OUTPUT": str(tmp_path / "weight.gpkg")})
    assert ok, fb2.errors
    ok, native, fb3 = run("native:countpointsinpolygon", {
        "POLYGONS": str(lep_path), "POINTS": str(firms), "FIELD": "NUMPOINTS", "OUTPUT": str(tmp_path / "n.gpkg")})
    assert ok, fb3.errors
    ok, wnative, fb4 = run("native:countpointsinpolygon", {
        "POLYGONS": str(lep_path), "POINTS": str(firms), "WEIGHT": "staff", "FIELD": "NUMPOINTS",
        "OUTPUT": str(tmp_path / "nw.gpkg")})
    assert ok, fb4.errors
    nat = {f["LEP21CD"]: f["NUMPOINTS"] for f in layer_of(native["OUTPUT"]).getFeatures()}
    wnat = {f["LEP21CD"]: f["NUMPOINTS"] for f in layer_of(wnative["OUTPUT"]).getFeatures()}
    ours = by_key(res["OUTPUT"], "LEP21CD", ["points"])
    wours = by_key(wres["OUTPUT"], "LEP21CD", ["staff"])
    holders = leps_holding(lep_path, firms)
    staff = [float(f["staff"]) for f in layer_of(firms).getFeatures()]
    # native counts a point in every LEP holding it (the 2021 LEPs overlap); ours in the first one only
    for k in nat:
        assert nat[k] == sum(1 for h in holders if k in h), k
    twice = {c for h in holders if len(h) > 1 for c in h}
    alone = [k for k in nat if k not in twice]
    assert len(alone) >= 20
    for k in alone:  # LEPs holding no point that another LEP holds too: the very same figures
        assert ours[k][0] == nat[k], k
        assert wours[k][0] == pytest.approx(wnat[k], abs=1e-6), k
    for k in nat:
        assert ours[k][0] == sum(1 for h in holders if h and h[0] == k), k
        assert wours[k][0] == pytest.approx(sum(s for h, s in zip(holders, staff) if h and h[0] == k), abs=1e-6), k
    assert sum(v[0] for v in ours.values()) == sum(1 for h in holders if h)  # each point counted once
    outside = sum(1 for h in holders if not h)
    assert res["OUTSIDE"] == outside > 0 and res["INSIDE"] + outside == 3000
    assert layer_of(res["OUTPUT_OUTSIDE"]).featureCount() == outside
    assert any("lie in no region" in w for w in fb.warnings)
    assert any(v != int(v) for v in (x[0] for x in wours.values()))  # fractions kept


def test_a_point_on_a_shared_boundary_is_counted_once(processing_ready, tmp_path):
    regions = QgsVectorLayer("Polygon?crs=EPSG:27700&field=code:string", "two", "memory")
    pts = QgsVectorLayer("Point?crs=EPSG:27700&field=id:integer", "pts", "memory")
    feats = []
    for code, x0 in (("W", 400000), ("E", 401000)):
        f = QgsFeature(regions.fields())
        f.setAttributes([code])
        f.setGeometry(QgsGeometry.fromWkt(f"POLYGON(({x0} 300000, {x0 + 1000} 300000, {x0 + 1000} 301000, "
                                          f"{x0} 301000, {x0} 300000))"))
        feats.append(f)
    regions.dataProvider().addFeatures(feats)
    pfeats = []
    for k, (x, y) in enumerate([(401000, 300500), (401000, 301000), (400500, 300500), (401500, 300500)]):
        f = QgsFeature(pts.fields())
        f.setAttributes([k])
        f.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
        pfeats.append(f)
    pts.dataProvider().addFeatures(pfeats)
    QgsProject.instance().addMapLayers([regions, pts])
    try:
        ok, res, fb = run("sectorclusters:pointstoregions", {
            "INPUT": pts.id(), "REGIONS": regions.id(), "REGIONS_KEY": "code",
            "OUTPUT": str(tmp_path / "two.gpkg")})
        assert ok, fb.errors
    finally:
        QgsProject.instance().removeMapLayers([regions.id(), pts.id()])
    counts = by_key(res["OUTPUT"], "code", ["points"])
    assert counts == {"W": [3.0], "E": [1.0]}  # the two boundary points go to the first region, once each
    assert res["OUTSIDE"] == 0


def test_points_to_regions_feed_detectclusters(firms, lep_path, tmp_path):
    from plugin.gis.meta import read_meta

    ok, res, fb = run("sectorclusters:pointstoregions", {
        "INPUT": str(firms), "REGIONS": str(lep_path), "REGIONS_KEY": "LEP21CD", "SECTOR_FIELD": "sector",
        "WEIGHT_FIELD": "staff", "OUTPUT": str(tmp_path / "sectors.gpkg")})
    assert ok, fb.errors
    layer = layer_of(res["OUTPUT"])
    meta = read_meta(layer)
    assert meta["key"] == "LEP21CD" and set(meta["sectors"].values()) == {"A", "B", "C"}
    assert set(meta["reference"]) == set(meta["sectors"])
    ok, found, fb = run("sectorclusters:detectclusters", {
        "INPUT": res["OUTPUT"], "BASELINE": 3, "THRESHOLD": 1.2,
        "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    assert found["CLUSTERS"] > 0
    flagged = layer_of(found["OUTPUT_REGIONS"])
    assert flagged.fields().indexFromName("A_cluster") >= 0
    ok, local, fb = run("sectorclusters:localstatistics", {
        "INPUT": res["OUTPUT"], "PERMUTATIONS": 99, "SEED": 1,
        "OUTPUT_REGIONS": str(tmp_path / "lr.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "lc.gpkg")})
    assert ok, fb.errors
    assert layer_of(local["OUTPUT_REGIONS"]).featureCount() == 38


def test_period_field_gives_a_column_per_sector_and_period(firms, lep_path, tmp_path):
    ok, res, fb = run("sectorclusters:pointstoregions", {
        "INPUT": str(firms), "REGIONS": str(lep_path), "REGIONS_KEY": "LEP21CD", "SECTOR_FIELD": "sector",
        "PERIOD_FIELD": "year", "OUTPUT": str(tmp_path / "periods.gpkg")})
    assert ok, fb.errors
    from plugin.gis.meta import read_meta

    meta = read_meta(layer_of(res["OUTPUT"]))
    assert sorted(meta["sectors"].values()) == sorted(f"{s} {y}" for s in "ABC" for y in ("2021", "2022"))
    assert set(meta["periods"].values()) == {"2021", "2022"}


def test_clusters_span_regions_and_location_quotient(firms, lep_path, tmp_path):
    ok, res, fb = run("sectorclusters:pointclusters", {
        "INPUT": str(firms), "SECTOR_FIELD": "sector", "SECTORS": "A; B", "RADIUS": 25000, "MIN_WEIGHT": 40,
        "WEIGHT_FIELD": "staff", "REGIONS": str(lep_path), "REGIONS_NAME": "LEP21NM",
        "OUTPUT_POINTS": str(tmp_path / "p.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    clusters = layer_of(res["OUTPUT_CLUSTERS"])
    assert clusters.crs().authid() == "EPSG:4326"
    recs = [dict(zip(clusters.fields().names(), f.attributes())) for f in clusters.getFeatures()]
    assert recs and {r["sector"] for r in recs} <= {"A", "B"}
    for r in recs:
        assert r["lq"] > 0
        if r["n_spans"] == 0:  # the box around England holds Welsh and Scottish points: in no LEP
            assert r["spans"] in ("", None)
            continue
        shares = [float(part.rsplit(" ", 2)[1]) for part in r["spans"].split("; ")]
        assert len(shares) == r["n_spans"] and shares == sorted(shares, reverse=True)
        assert sum(shares) <= 100 + 0.05 * len(shares)  # each share rounded to 0.1 %
    assert any(r["n_spans"] > 1 for r in recs)
    # sector A is denser in the north: its largest cluster is more A than England as a whole
    assert max(r["lq"] for r in recs if r["sector"] == "A") > 1
    pts = layer_of(res["OUTPUT_POINTS"])
    from plugin.gis.layers import is_null

    roles = {f["sector"]: set() for f in pts.getFeatures()}
    for f in pts.getFeatures():
        roles[f["sector"]].add(None if is_null(f["role"]) else f["role"])
    assert roles["C"] == {None} and roles["A"] >= {"core", "noise"}  # C is not in SECTORS: not analysed
    assert any(" %" in line and "spans" in line for line in fb.infos)


class CancelAfter(QgsProcessingFeedback):
    def __init__(self, ticks: int):
        super().__init__()
        self.ticks = ticks

    def setProgress(self, progress):  # noqa: N802
        super().setProgress(progress)
        self.ticks -= 1
        if self.ticks <= 0:
            self.cancel()


def test_a_cancelled_run_writes_nothing(snow, tmp_path):
    alg = QgsApplication.processingRegistry().createAlgorithmById("sectorclusters:pointclusters")
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    points, outlines = tmp_path / "p.gpkg", tmp_path / "c.gpkg"
    _res, ok = alg.run({"INPUT": str(snow["EPSG:27700"]), "WEIGHT_FIELD": "Count", "RADIUS": 35, "MIN_WEIGHT": 8,
                        "OUTPUT_POINTS": str(points), "OUTPUT_CLUSTERS": str(outlines)}, context, CancelAfter(2))
    assert not ok
    assert not points.exists() and not outlines.exists()
    assert list(tmp_path.iterdir()) == []


def test_counts_equal_native_countpointsinpolygon_on_the_lads(firms, tmp_path):
    """On the 2021 local authority districts (a partition: no overlaps) every district's count and summed
    weight are QGIS's own, and every point inside one is counted once."""
    from tests.conftest import LAD_SHP

    counts = {}
    for weight in ("", "staff"):
        ok, res, fb = run("sectorclusters:pointstoregions", {
            "INPUT": str(firms), "REGIONS": str(LAD_SHP), "REGIONS_KEY": "LAD21CD", "WEIGHT_FIELD": weight,
            "OUTPUT": str(tmp_path / f"lad_{weight or 'count'}.gpkg")})
        assert ok, fb.errors
        ok, native, fb2 = run("native:countpointsinpolygon", {
            "POLYGONS": str(LAD_SHP), "POINTS": str(firms), "WEIGHT": weight, "FIELD": "NUMPOINTS",
            "OUTPUT": str(tmp_path / f"native_{weight or 'count'}.gpkg")})
        assert ok, fb2.errors
        nat = {f["LAD21CD"]: float(f["NUMPOINTS"]) for f in layer_of(native["OUTPUT"]).getFeatures()}
        ours = {k: v[0] for k, v in by_key(res["OUTPUT"], "LAD21CD", [weight or "points"]).items()}
        assert set(ours) == set(nat) and len(nat) > 300
        for k, v in nat.items():
            assert ours[k] == pytest.approx(v, abs=1e-6), k
        counts[weight] = (res["INSIDE"], res["OUTSIDE"], sum(ours.values()))
    inside, outside, total = counts[""]
    assert inside + outside == 3000 and total == inside > 1000
