"""PostGIS layers as INPUT of every algorithm (outputs stay GeoPackage), on a real server.

The server is a throw-away PostgreSQL + PostGIS from Debian's packages, started on
loopback in a temporary directory (tests/qgis/postgis_server.py) and stopped at the
end; the tests skip, with the reason, only where those packages are not installed.
The real LEP boundaries are loaded with ogr2ogr; join -> detect must give exactly the
clusters the GeoJSON gives, and the PostGIS tables must be untouched.
"""
from __future__ import annotations

import pytest
from qgis.core import QgsDataSourceUri, QgsProject, QgsVectorLayer

from plugin.gis.layers import is_null
from tests.conftest import BRES_ALIASES
from tests.qgis.processing_run import run

SECTORS = ["C_Manufacturing", "J_Information_and_communication", "K_Financial_and_insurance_activities",
           "M_Professional_scientific_and_technical_activities", "F_Construction"]


@pytest.fixture(scope="module")
def server(processing_ready, lep_path, tmp_path_factory):
    from tests.qgis import postgis_server

    try:
        srv = postgis_server.start_server()
    except postgis_server.Unavailable as exc:
        pytest.skip(f"no PostGIS server here: {exc}")
    try:
        srv.load(lep_path, "leps", "-nlt", "PROMOTE_TO_MULTI")
        srv.load(lep_path, "leps_bng", "-nlt", "PROMOTE_TO_MULTI", "-t_srs", "EPSG:27700")
        yield srv
    finally:
        srv.stop()
        assert postgis_server.wait_gone(srv), "the PostGIS test server is still listening"


def pg_layer(srv, table: str) -> QgsVectorLayer:
    uri = QgsDataSourceUri()
    uri.setConnection(srv.host, str(srv.port), srv.dbname, srv.user, "", QgsDataSourceUri.SslDisable)
    uri.setDataSource("public", table, "geom", "", "ogc_fid")
    layer = QgsVectorLayer(uri.uri(False), table, "postgres")
    assert layer.isValid(), f"PostGIS layer {table} did not open"
    QgsProject.instance().addMapLayer(layer)
    return layer


def checksum(srv, table: str) -> str:
    return srv.psql(f"SELECT count(*) || ':' || md5(string_agg(ogc_fid::text || ST_AsEWKT(geom) || "
                    f"coalesce(lep21cd, ''), '|' ORDER BY ogc_fid)) FROM {table}")


@pytest.fixture(scope="module")
def aliases(tmp_path_factory):
    p = tmp_path_factory.mktemp("pg_aliases") / "aliases.csv"
    p.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    return p


def clusters(path: str) -> set:
    layer = QgsVectorLayer(path, "c", "ogr")
    return {(f["sector"], frozenset(f["members"].split("; "))) for f in layer.getFeatures()}


def join_detect(source, key: str, bres2020, aliases, tmp, tag: str, tolerance: float, baseline: int):
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": source, "INPUT_KEY": key, "TABLE": str(bres2020), "ALIASES": str(aliases),
        "OUTPUT": str(tmp / f"j_{tag}.gpkg")})
    assert ok, fb.errors
    ok, det, fb2 = run("sectorclusters:detectclusters", {
        "INPUT": res["OUTPUT"], "FIELDS": SECTORS, "BASELINE": baseline, "GAP_TOLERANCE": tolerance,
        "OUTPUT_REGIONS": str(tmp / f"r_{tag}.gpkg"), "OUTPUT_CLUSTERS": str(tmp / f"c_{tag}.gpkg")})
    assert ok, fb2.errors
    return res, det, fb, fb2


@pytest.mark.parametrize("table", ["leps", "leps_bng"])
@pytest.mark.parametrize("tolerance,baseline", [(0.0, 0), (0.0, 3), (35000.0, 3), (20000.0, 0)])
def test_postgis_join_detect_equals_geojson(server, lep_path, bres2020, aliases, tmp_path, table, tolerance,
                                            baseline):
    before = checksum(server, table)
    layer = pg_layer(server, table)
    assert layer.featureCount() == 38
    res_pg, det_pg, fb, _ = join_detect(layer.id(), "lep21cd", bres2020, aliases, tmp_path, "pg", tolerance,
                                        baseline)
    res_js, det_js, _, _ = join_detect(str(lep_path), "LEP21CD", bres2020, aliases, tmp_path, "js", tolerance,
                                       baseline)
    assert res_pg["MATCHED"] == res_js["MATCHED"] == 38
    for out in (res_pg["OUTPUT"], det_pg["OUTPUT_REGIONS"], det_pg["OUTPUT_CLUSTERS"]):
        assert out.endswith(".gpkg") and QgsVectorLayer(out, "o", "ogr").isValid()
    got, want = clusters(det_pg["OUTPUT_CLUSTERS"]), clusters(det_js["OUTPUT_CLUSTERS"])
    assert got == want and len(got) >= 3
    # Every region got its own scores (the output is written in the order the provider returns features).
    pg_scores = {f["lep21cd"]: f["C_Manufacturing"] for f in QgsVectorLayer(res_pg["OUTPUT"], "j", "ogr").getFeatures()}
    js_scores = {f["LEP21CD"]: f["C_Manufacturing"] for f in QgsVectorLayer(res_js["OUTPUT"], "j", "ogr").getFeatures()}
    assert pg_scores == js_scores
    assert checksum(server, table) == before
    QgsProject.instance().removeMapLayer(layer.id())


@pytest.fixture(scope="module")
def joined_in_postgis(server, lep_path, bres2020, aliases, tmp_path_factory):
    """The joined regions as a PostGIS table (a user who keeps everything in the database)."""
    tmp = tmp_path_factory.mktemp("pg_joined")
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "ALIASES": str(aliases),
        "OUTPUT": str(tmp / "j.gpkg")})
    assert ok, fb.errors
    server.load(res["OUTPUT"], "leps_joined", "-nlt", "PROMOTE_TO_MULTI", "-lco", "LAUNDER=NO", layer="j")
    return res["OUTPUT"], tmp


@pytest.mark.parametrize("alg,params,outputs", [
    # Mean, not LQ: a PostGIS copy carries no join record (reference row, all sectors), which LQ uses.
    ("sectorclusters:detectclusters", {"BASELINE": 0, "GAP_TOLERANCE": 20000.0},
     ("OUTPUT_REGIONS", "OUTPUT_CLUSTERS")),
    ("sectorclusters:localstatistics", {"SEED": 7, "PERMUTATIONS": 99}, ("OUTPUT_REGIONS", "OUTPUT_CLUSTERS")),
    ("sectorclusters:profileregions", {"K": 4}, ("OUTPUT_REGIONS", "OUTPUT_GROUPS")),
])
def test_every_analysis_accepts_a_postgis_input(server, joined_in_postgis, tmp_path, alg, params, outputs):
    gpkg, _ = joined_in_postgis
    before = server.psql("SELECT count(*) || ':' || md5(string_agg(ogc_fid::text || ST_AsEWKT(geom), '|' "
                         "ORDER BY ogc_fid)) FROM leps_joined")
    layer = pg_layer(server, "leps_joined")
    answers = []
    for tag, source in (("pg", layer.id()), ("file", gpkg)):
        args = {"INPUT": source, "KEY": "LEP21CD", "FIELDS": SECTORS, **params}
        args.update({o: str(tmp_path / f"{tag}_{o}.gpkg") for o in outputs})
        ok, res, fb = run(alg, args)
        assert ok, fb.errors
        assert any(i.startswith("Distances and areas in") for i in fb.infos)
        regions = QgsVectorLayer(res[outputs[0]], "r", "ogr")
        second = QgsVectorLayer(res[outputs[1]], "c", "ogr")
        assert regions.featureCount() == 38 and res[outputs[0]].endswith(".gpkg")
        per_region = sorted(
            (f["LEP21CD"], tuple(None if is_null(f[n]) else f[n] for n in regions.fields().names()
                                 if n.endswith(("_cluster", "_above", "_type", "group_id"))))
            for f in regions.getFeatures())
        outlines = sorted(str(f["members"]) for f in second.getFeatures())
        answers.append((per_region, outlines))
    assert answers[0] == answers[1]
    assert server.psql("SELECT count(*) || ':' || md5(string_agg(ogc_fid::text || ST_AsEWKT(geom), '|' "
                       "ORDER BY ogc_fid)) FROM leps_joined") == before
    QgsProject.instance().removeMapLayer(layer.id())


def test_layer_metadata_on_a_postgres_source(server, monkeypatch):
    """No GeoPackage behind a PostGIS layer: no sqlite is opened, the record lives on the layer."""
    import sqlite3

    from plugin.gis import meta

    layer = pg_layer(server, "leps")

    def no_sqlite(*args, **kwargs):
        raise AssertionError(f"sqlite opened on a PostGIS source: {args}")

    monkeypatch.setattr(meta.sqlite3, "connect", no_sqlite)
    assert meta.gpkg_location(layer.source()) is None
    assert meta.read_meta(layer) is None
    meta.write_meta(layer, {"key": "lep21cd"})
    assert meta.read_meta(layer) == {"key": "lep21cd"}
    assert meta.persist_aliases(layer.source(), {"a": "b"}) is False
    monkeypatch.setattr(meta.sqlite3, "connect", sqlite3.connect)
    QgsProject.instance().removeMapLayer(layer.id())


def test_missing_packages_give_a_clear_reason(monkeypatch):
    from tests.qgis import postgis_server

    monkeypatch.setattr(postgis_server, "_server_bindirs", lambda: [])
    with pytest.raises(postgis_server.Unavailable, match="apt-get install postgresql"):
        postgis_server.start_server()
    monkeypatch.setattr(postgis_server, "_server_bindirs", lambda: [postgis_server.Path("/usr/lib/postgresql/99/bin")])
    monkeypatch.setattr(postgis_server, "_has_postgis", lambda d: False)
    with pytest.raises(postgis_server.Unavailable, match="PostGIS is not installed for PostgreSQL 99"):
        postgis_server.start_server()
