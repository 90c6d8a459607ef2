"""Global Moran's I from sectorclusters:localstatistics: the global_moran table, the log, the record, the subtitle.

I, E[I], z (normality and randomisation) and the normal p equal esda's ``Moran`` on the same weights (the
algorithm's own queen graph, row-standardised) to 1e-9 on the 38 real LEPs with BRES 2020; the permutation
pseudo p agrees within Monte Carlo error (two independent estimates from R = 999 permutations: 4 sd of their
difference plus 2 / (R + 1)). Isolated regions: a lattice with two far-away squares, where esda gets a W with
islands, which is how our statistic treats them too.
"""
from __future__ import annotations

import json
import math
import sqlite3
import subprocess
import unicodedata

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsRectangle, QgsVectorLayer

from plugin.gis.layers import is_null
from tests.conftest import REPO
from tests.qgis.processing_run import run

ALG = "sectorclusters:localstatistics"
REF_PY = REPO / ".venv-ref" / "bin" / "python"
ESDA_SCRIPT = REPO / "tests" / "reference" / "esda_reference.py"
FIELDS = ["C_Manufacturing", "J_Information_and_communication", "K_Financial_and_insurance_activities",
          "F_Construction", "A_Agriculture_forestry_and_fishing", "M_Professional_scientific_and_technical_activities",
          "Q_Human_health_and_social_work_activities", "G_Wholesale_and_retail_trade_repair_of_motor_vehic",
          "P_Education"]  # nine: more than one chunk of the steps' loop
PERMS = 999
needs_esda = pytest.mark.skipif(not REF_PY.exists(), reason="reference venv .venv-ref missing")


@pytest.fixture(scope="module")
def joined(joined_bres2020) -> str:
    return joined_bres2020


def table_rows(gpkg: str) -> list[dict]:
    with sqlite3.connect(gpkg) as con:
        con.row_factory = sqlite3.Row
        rows = [dict(r) for r in con.execute("SELECT * FROM global_moran ORDER BY fid")]
    return rows


def graph_of(path: str, keep=None):
    """The queen graph of a layer, built as the algorithm builds it (plain Python objects only)."""
    from plugin.core.graph import build_neighbour_graph
    from plugin.gis.layers import read_regions

    layer = QgsVectorLayer(path, "g", "ogr") if isinstance(path, str) else path
    graph = build_neighbour_graph(read_regions(layer).shapes, "queen", 0.0)
    return graph


def column(path: str, name: str) -> list[float]:
    layer = QgsVectorLayer(path, "c", "ogr")
    out = [np.nan if is_null(f[name]) else float(f[name]) for f in layer.getFeatures()]
    del layer
    return out


def esda(tmp_path, graph, values: np.ndarray) -> list[dict]:
    spec = {"n": graph.n, "pairs": graph.pairs.tolist(), "values": np.asarray(values).reshape(graph.n, -1).tolist(),
            "permutations": PERMS, "seed": 12345, "local": False}
    (tmp_path / "in.json").write_text(json.dumps(spec))
    done = subprocess.run([str(REF_PY), str(ESDA_SCRIPT), str(tmp_path / "in.json"), str(tmp_path / "out.json")],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"esda reference failed: {done.stderr[-300:]}")
    return [s["moran"] for s in json.loads((tmp_path / "out.json").read_text())["sectors"]]


def assert_esda(row: dict, ref: dict, what: str) -> None:
    for ours, theirs in (("I", "I"), ("expected", "EI"), ("z_norm", "z_norm"), ("z_rand", "z_rand"),
                         ("p_norm", "p_norm"), ("p_rand", "p_rand")):
        assert row[ours] == pytest.approx(ref[theirs], rel=0, abs=1e-9), (what, ours)
    assert row["n"] == ref["n"], what
    p = max(row["p_sim"], ref["p_sim"])
    bound = 4 * math.sqrt(2 * p * (1 - p) / PERMS) + 2 / (PERMS + 1)
    assert abs(row["p_sim"] - ref["p_sim"]) <= bound, (what, row["p_sim"], ref["p_sim"])


@pytest.fixture(scope="module")
def lep_run(joined, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("gm")
    ok, res, fb = run(ALG, {"INPUT": joined, "FIELDS": FIELDS, "SEED": 21, "PERMUTATIONS": PERMS,
                            "OUTPUT_REGIONS": str(tmp / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp / "c.gpkg")})
    assert ok, fb.errors
    return res, fb


@needs_esda
def test_global_moran_table_equals_esda_on_real_leps(joined, lep_run, tmp_path):
    res, _ = lep_run
    rows = table_rows(res["OUTPUT_REGIONS"])
    assert [r["field"] for r in rows] == FIELDS
    graph = graph_of(joined)
    values = np.column_stack([column(joined, f) for f in FIELDS])
    for row, ref in zip(rows, esda(tmp_path, graph, values)):
        assert_esda(row, ref, row["field"])
        assert row["permutations"] == PERMS and row["seed"] == 21 and row["n_isolated"] == 0 and row["note"] is None
    assert rows[0]["label"] == "C : Manufacturing"


def test_global_moran_equals_the_core_with_the_runs_seed(joined, lep_run):
    from plugin.core.globalstats import global_moran

    res, _ = lep_run
    rows = table_rows(res["OUTPUT_REGIONS"])
    values = np.column_stack([column(joined, f) for f in FIELDS])
    for row, core in zip(rows, global_moran(values, graph_of(joined), PERMS, 21)):
        assert row["p_sim"] == core.p_sim  # the same draws: the seed is handled as for the local statistic
        assert row["I"] == pytest.approx(core.stat, rel=1e-12)
        assert row["z_rand"] == pytest.approx(core.z_rand, rel=1e-12)


def test_log_record_and_qgis_can_open_the_table(lep_run):
    from plugin.gis.meta import read_meta

    res, fb = lep_run
    lines = [i for i in fb.infos if i.startswith("Global Moran's I, ")]
    assert len(lines) == len(FIELDS)
    assert lines[0].startswith("Global Moran's I, C : Manufacturing: I = ")
    assert "(randomisation;" in lines[0] and "pseudo p = " in lines[0] and "(999 permutations), 38 regions" in lines[0]
    regions = QgsVectorLayer(res["OUTPUT_REGIONS"], "r", "ogr")
    meta = read_meta(regions)
    rows = {r["field"]: r for r in table_rows(res["OUTPUT_REGIONS"])}
    assert set(meta["global_moran"]) == set(FIELDS)
    for f, rec in meta["global_moran"].items():
        assert rec["I"] == pytest.approx(rows[f]["I"], rel=1e-15) and rec["p_sim"] == rows[f]["p_sim"]
    path = res["OUTPUT_REGIONS"].split("|")[0]
    table = QgsVectorLayer(f"{path}|layername=global_moran", "global_moran", "ogr")
    assert table.isValid() and table.featureCount() == len(FIELDS)
    assert {"field", "label", "I", "expected", "z_norm", "z_rand", "p_norm", "p_sim", "permutations", "n",
            "n_isolated"} <= set(table.fields().names())


def test_layout_subtitle_says_morans_i_for_the_shown_sector(lep_run, tmp_path):
    res, _ = lep_run
    rows = {r["field"]: r for r in table_rows(res["OUTPUT_REGIONS"])}
    pdf = tmp_path / "m.pdf"
    ok, out, fb = run("sectorclusters:exportmap", {"REGIONS": res["OUTPUT_REGIONS"], "CLUSTERS": res["OUTPUT_CLUSTERS"],
                                                   "FIELD": "J_Information_and_communication", "OUTPUT_PDF": str(pdf),
                                                   "DPI": 72})
    assert ok, fb.errors
    text = unicodedata.normalize("NFKC", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                                        check=True).stdout)
    j = rows["J_Information_and_communication"]
    p = f"{j['p_sim']:.3f}"
    assert f"Moran's I = {j['I']:.2f} (p = {p})" in " ".join(text.split())


def test_table_matches_the_writer_spec():
    from plugin.gis import writers
    from plugin.steps.statistics import GLOBAL_MORAN_COLUMNS

    assert tuple(name for name, _t, _a in GLOBAL_MORAN_COLUMNS) == writers.GLOBAL_MORAN_NAMES
    for name, sql, _a in GLOBAL_MORAN_COLUMNS:
        quoted = f'"{name}" {sql}' if name == "I" else f"{name} {sql}"
        assert quoted in writers.GLOBAL_MORAN_DDL


def lattice_with_islands() -> QgsVectorLayer:
    """A 4 × 4 lattice of touching 1 km squares and two squares 50 km away from everything (isolated)."""
    layer = QgsVectorLayer("Polygon?crs=EPSG:27700&field=code:string&field=x:double", "islands", "memory")
    rng = np.random.default_rng(5)
    feats = []
    cells = [(c, r) for r in range(4) for c in range(4)] + [(50, 0), (100, 0)]
    for i, (c, r) in enumerate(cells):
        f = QgsFeature(layer.fields())
        f.setAttributes([f"R{i}", float(c + r + rng.normal())])
        x, y = 400_000 + c * 1000, 300_000 + r * 1000
        f.setGeometry(QgsGeometry.fromRect(QgsRectangle(x, y, x + 1000, y + 1000)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


@needs_esda
def test_isolated_regions_as_the_local_statistics_handle_them(processing_ready, tmp_path):
    layer = lattice_with_islands()
    QgsProject.instance().addMapLayer(layer)
    ok, res, fb = run(ALG, {"INPUT": layer.id(), "KEY": "code", "FIELDS": ["x"], "SEED": 2,
                            "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    (row,) = table_rows(res["OUTPUT_REGIONS"])
    assert row["n"] == 18 and row["n_isolated"] == 2
    assert any("2 without a neighbour" in i for i in fb.infos if i.startswith("Global Moran's I"))
    types = QgsVectorLayer(res["OUTPUT_REGIONS"], "r", "ogr")
    assert [f["x_type"] for f in types.getFeatures()][-2:] == ["isolated", "isolated"]
    del types
    graph = graph_of(layer)
    assert int(graph.isolated.sum()) == 2
    values = np.array([[f["x"]] for f in layer.getFeatures()])
    (ref,) = esda(tmp_path, graph, values)
    assert_esda(row, ref, "islands")


def test_not_a_geopackage_keeps_the_values_in_the_record(joined, tmp_path):
    ok, res, fb = run(ALG, {"INPUT": joined, "FIELDS": ["C_Manufacturing"], "SEED": 1, "PERMUTATIONS": 99,
                            "OUTPUT_REGIONS": "TEMPORARY_OUTPUT", "OUTPUT_CLUSTERS": "TEMPORARY_OUTPUT"})
    assert ok, fb.errors
    assert any("kept in the layer's record" in i and "no global_moran table" in i for i in fb.infos)

