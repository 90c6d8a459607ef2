"""localstatistics in real QGIS on the 38 LEPs with BRES 2020: schema, agreement with the core, seeds, bad input."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsRectangle, QgsVectorLayer

from plugin.gis.layers import is_null
from tests.conftest import REPO
from tests.qgis.processing_run import run

ALG = "sectorclusters:localstatistics"
MANUF = "C_Manufacturing"
CONSTANT_T = "T_Activities_of_households_as_employers_undifferen"  # zero employment everywhere
REF_PY = REPO / ".venv-ref" / "bin" / "python"
ESDA_SCRIPT = REPO / "tests" / "reference" / "esda_reference.py"


@pytest.fixture(scope="module")
def joined(joined_bres2020) -> str:
    return joined_bres2020


def local(joined: str, tmp: Path, tag: str, **params):
    """Run localstatistics into tmp/<tag>_r.gpkg and tmp/<tag>_c.gpkg; (ok, regions, clusters, feedback)."""
    args = {"INPUT": joined, "OUTPUT_REGIONS": str(tmp / f"{tag}_r.gpkg"),
            "OUTPUT_CLUSTERS": str(tmp / f"{tag}_c.gpkg")}
    args.update(params)
    ok, res, fb = run(ALG, args)
    if not ok:
        return ok, None, None, fb
    return ok, QgsVectorLayer(res["OUTPUT_REGIONS"], "r", "ogr"), QgsVectorLayer(res["OUTPUT_CLUSTERS"], "c", "ogr"), fb


def column(layer: QgsVectorLayer, name: str) -> list:
    return [None if is_null(f[name]) else f[name] for f in layer.getFeatures()]


def as_float(values: list) -> np.ndarray:
    return np.array([np.nan if v is None else float(v) for v in values])


@pytest.fixture(scope="module")
def lep_graph(joined):
    """The queen graph of the joined layer, built as the algorithm builds it, and the region keys.

    Only plain Python objects are kept: QGIS objects held by a module fixture
    can crash the interpreter when they are torn down late.
    """
    from plugin.core.graph import build_neighbour_graph
    from plugin.gis.layers import read_regions

    layer = QgsVectorLayer(joined, "j", "ogr")
    graph = build_neighbour_graph(read_regions(layer).shapes, "queen", 0.0)
    keys = [f["LEP21CD"] for f in layer.getFeatures()]
    del layer
    return graph, keys


def joined_column(joined: str, name: str) -> np.ndarray:
    return as_float(column(QgsVectorLayer(joined, "j", "ogr"), name))


def test_fields_types_meta_and_skipped_sectors(joined, tmp_path):
    from plugin.core.localstats import MORAN_TYPES
    from plugin.gis.meta import read_meta

    ok, regions, clusters, fb = local(joined, tmp_path, "m", SEED=11, CORRECTION=0)
    assert ok, fb.errors
    names = regions.fields().names()
    analysed = [n[:-5] for n in names if n.endswith("_stat")]
    assert len(analysed) == 37 and MANUF in analysed and CONSTANT_T not in analysed
    for f in analysed:
        assert {f + "_p", f + "_p_adj", f + "_type", f + "_cluster"} <= set(names)
    assert "sc_isolated" in names and "LEP21NM" in names
    assert set(column(regions, MANUF + "_type")) <= set(MORAN_TYPES)
    assert "HH" in column(regions, MANUF + "_type")
    p = as_float(column(regions, MANUF + "_p"))
    assert np.all((p > 0) & (p <= 1))
    # T and U (no employment anywhere) are skipped with a warning, not fatal.
    assert any("Skipped" in w and CONSTANT_T in w and "same value" in w for w in fb.warnings)
    assert not fb.errors
    assert any("Local Moran's I, 999 permutations, seed 11" in i for i in fb.infos)
    assert any(i.startswith("C : Manufacturing: HH ") for i in fb.infos)
    meta = read_meta(regions)
    assert meta["method"] == "moran" and meta["permutations"] == 999 and meta["seed"] == 11
    assert meta["correction"] == "none" and meta["alpha"] == 0.05 and meta["key"] == "LEP21CD"
    assert meta["sectors"][MANUF] == "C : Manufacturing" and MANUF in meta["analysed"]
    cnames = set(clusters.fields().names())
    assert {"sector", "sector_label", "cluster_id", "n_regions", "members", "member_names", "mean_score",
            "area_km2", "baseline", "threshold", "method", "alpha"} <= cnames
    feats = list(clusters.getFeatures())
    assert feats and all(f["method"] == "Local Moran's I" and f["alpha"] == 0.05 for f in feats)
    assert all(f["baseline"] == "moran" and f.geometry().isGeosValid() for f in feats)
    assert read_meta(clusters)["role"] == "clusters"


def test_random_seed_is_reported_and_recorded(joined, tmp_path):
    from plugin.gis.meta import read_meta

    ok, regions, _, fb = local(joined, tmp_path, "s", FIELDS=[MANUF], PERMUTATIONS=99)
    assert ok, fb.errors
    seed = read_meta(regions)["seed"]
    assert any(f"set SEED to {seed} to repeat" in i for i in fb.infos)
    ok, again, _, fb = local(joined, tmp_path, "s2", FIELDS=[MANUF], PERMUTATIONS=99, SEED=seed)
    assert column(again, MANUF + "_p") == column(regions, MANUF + "_p")


@pytest.mark.parametrize("method", [0, 1])
def test_values_equal_the_core(joined, lep_graph, tmp_path, method):
    from plugin.core.localstats import PermutationTest, local_gstar, local_moran

    graph, _ = lep_graph
    fields = [MANUF, "J_Information_and_communication"]
    ok, regions, _, fb = local(joined, tmp_path, "v", FIELDS=fields, METHOD=method, SEED=5, CORRECTION=2,
                               PERMUTATIONS=499)
    assert ok, fb.errors
    values = np.column_stack([joined_column(joined, f) for f in fields])
    core = (local_moran if method == 0 else local_gstar)(values, graph, PermutationTest(499, 5, "fdr", 0.05))
    for f, r in zip(fields, core):
        np.testing.assert_allclose(as_float(column(regions, f + "_stat")), r.stat, rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(as_float(column(regions, f + "_p")), r.p)
        np.testing.assert_array_equal(as_float(column(regions, f + "_p_adj")), r.p_adjusted)
        assert column(regions, f + "_type") == r.types


@pytest.mark.skipif(not REF_PY.exists(), reason="reference venv .venv-ref missing")
def test_statistic_equals_esda(joined, lep_graph, tmp_path):
    graph, _ = lep_graph
    ok, moran, _, fb = local(joined, tmp_path, "em", FIELDS=[MANUF], SEED=3)
    ok2, gstar, _, fb2 = local(joined, tmp_path, "eg", FIELDS=[MANUF], SEED=3, METHOD=1)
    assert ok and ok2, fb.errors + fb2.errors
    spec = {"n": graph.n, "pairs": graph.pairs.tolist(), "values": [[v] for v in joined_column(joined, MANUF)],
            "permutations": 99, "seed": 1}
    (tmp_path / "in.json").write_text(json.dumps(spec))
    done = subprocess.run([str(REF_PY), str(ESDA_SCRIPT), str(tmp_path / "in.json"), str(tmp_path / "out.json")],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"esda reference failed: {done.stderr[-300:]}")
    ref = json.loads((tmp_path / "out.json").read_text())["sectors"][0]
    np.testing.assert_allclose(as_float(column(moran, MANUF + "_stat")), ref["Is"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(as_float(column(gstar, MANUF + "_stat")), ref["Zs"], rtol=1e-9, atol=1e-12)


def test_same_seed_identical_other_seed_close(joined, tmp_path):
    runs = {}
    for tag, seed in (("a", 42), ("b", 42), ("c", 43)):
        ok, regions, _, fb = local(joined, tmp_path, tag, FIELDS=[MANUF, "F_Construction"], SEED=seed)
        assert ok, fb.errors
        runs[tag] = np.concatenate([as_float(column(regions, f + "_p")) for f in (MANUF, "F_Construction")])
    np.testing.assert_array_equal(runs["a"], runs["b"])
    assert not np.array_equal(runs["a"], runs["c"])
    diff = np.abs(runs["a"] - runs["c"])
    assert diff.mean() < 0.02 and diff.max() < 0.1  # Monte Carlo error of 999 permutations


def _connected(graph, members: list[int]) -> bool:
    mask = np.zeros(graph.n, dtype=bool)
    mask[members] = True
    labels = graph.components(mask)
    return len(set(labels[members].tolist())) == 1


@pytest.mark.parametrize("method,wanted", [(0, {"HH"}), (1, {"hot90", "hot95", "hot99"})])
def test_clusters_are_connected_and_all_members_significant_high(joined, lep_graph, tmp_path, method, wanted):
    graph, keys = lep_graph
    ok, regions, clusters, fb = local(joined, tmp_path, f"k{method}", SEED=1, CORRECTION=0, METHOD=method)
    assert ok, fb.errors
    types = {f: column(regions, f + "_type") for f in {c["sector"] for c in clusters.getFeatures()}}
    feats = list(clusters.getFeatures())
    assert len(feats) >= 5
    for c in feats:
        members = [keys.index(k) for k in c["members"].split("; ")]
        assert len(members) == c["n_regions"] >= 2
        assert _connected(graph, members)
        assert {types[c["sector"]][i] for i in members} <= wanted
        ids = column(regions, c["sector"] + "_cluster")
        assert sorted(i for i, v in enumerate(ids) if v == c["cluster_id"]) == sorted(members)
        log = [i for i in fb.infos if i.startswith(f"  #{c['cluster_id']} ({c['n_regions']}): ")]
        assert any(c["member_names"] in line for line in log)
    # every significant high region with a significant high neighbour is in some cluster
    for sector, t in types.items():
        hi = [i for i, v in enumerate(t) if v in wanted]
        ids = column(regions, sector + "_cluster")
        for i in hi:
            if any(t[j] in wanted for j in graph.neighbours(i)):
                assert ids[i] is not None


def test_fdr_and_bonferroni_flag_no_more_than_none(joined, tmp_path):
    sig = {}
    for corr in (0, 1, 2):
        ok, regions, _, fb = local(joined, tmp_path, f"f{corr}", SEED=9, CORRECTION=corr, METHOD=1)
        assert ok, fb.errors
        fields = [n[:-5] for n in regions.fields().names() if n.endswith("_type")]
        sig[corr] = {(f, i) for f in fields for i, t in enumerate(column(regions, f + "_type"))
                     if t not in ("ns", "isolated", "nodata")}
        raw = np.concatenate([as_float(column(regions, f + "_p")) for f in fields])
        adj = np.concatenate([as_float(column(regions, f + "_p_adj")) for f in fields])
        assert np.all(adj >= raw - 1e-15)
        if corr == 0:
            np.testing.assert_array_equal(adj, raw)
    assert sig[2] <= sig[0] and sig[1] <= sig[0] and len(sig[0]) > len(sig[2])


def test_one_constant_field_among_several_is_skipped(joined, tmp_path):
    ok, regions, _, fb = local(joined, tmp_path, "one", FIELDS=[MANUF, CONSTANT_T], SEED=2)
    assert ok, fb.errors
    assert MANUF + "_stat" in regions.fields().names() and CONSTANT_T + "_stat" not in regions.fields().names()
    assert any(CONSTANT_T in w for w in fb.warnings)


def test_analyse_honours_cancel(joined):
    from plugin.core.geometry import Cancelled
    from plugin.gis.reading import read_region_data
    from plugin.steps.neighbours import neighbour_graph
    from plugin.steps.settings import StatisticsSettings
    from plugin.steps.statistics import detect_by_statistic

    layer = QgsVectorLayer(joined, "j", "ogr")
    with pytest.raises(Cancelled):
        read_region_data(layer, is_cancelled=lambda: True)
    data = read_region_data(layer, fields=[MANUF])  # no Processing needed
    graph = neighbour_graph(data.regions)
    with pytest.raises(Cancelled):
        detect_by_statistic(data, graph, is_cancelled=lambda: True)
    result = detect_by_statistic(data, graph, StatisticsSettings(seed=4, correction="none"))
    assert result.sectors[0].field == MANUF and result.settings["seed"] == 4 and result.graph.n == 38


def islands_layer() -> QgsVectorLayer:
    layer = QgsVectorLayer("Polygon?crs=EPSG:27700&field=code:string&field=x:double", "islands", "memory")
    feats = []
    for i in range(6):
        f = QgsFeature(layer.fields())
        f.setAttributes([f"I{i}", float(i * i)])
        f.setGeometry(QgsGeometry.fromRect(QgsRectangle(i * 2000, 0, i * 2000 + 1000, 1000)))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    return layer


@pytest.mark.parametrize("case,message", [
    ("constant", "same value"),
    ("too_few", "at least 3 are needed"),
    ("islands", "None of the 6 regions has a neighbour"),
    ("perms_zero", "permutations must be a whole number from 1 to 99,999"),
    ("perms_huge", "permutations must be a whole number from 1 to 99,999"),
    ("text_field", "holds String values, not numbers"),
    ("all_constant", "None of the 2 fields could be analysed"),
])
def test_bad_input_clear_message_nothing_written(processing_ready, lep_path, joined, tmp_path, case, message):
    params = {"INPUT": joined, "FIELDS": [MANUF], "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
              "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")}
    if case in ("constant", "too_few"):
        table = tmp_path / "t.csv"
        codes = [f["LEP21CD"] for f in QgsVectorLayer(str(lep_path), "lep", "ogr").getFeatures()]
        rows = codes if case == "constant" else codes[:2]
        table.write_text("code,x\n" + "".join(f"{c},{5 if case == 'constant' else i}\n" for i, c in enumerate(rows)))
        ok, res, fb = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD",
                                                        "TABLE": str(table), "OUTPUT": str(tmp_path / "j.gpkg")})
        assert ok, fb.errors
        params.update(INPUT=res["OUTPUT"], FIELDS=["x"])
    elif case == "islands":
        layer = islands_layer()
        QgsProject.instance().addMapLayer(layer)
        params.update(INPUT=layer.id(), KEY="code", FIELDS=["x"])
    elif case == "perms_zero":
        params["PERMUTATIONS"] = 0
    elif case == "perms_huge":
        params["PERMUTATIONS"] = 1_000_000
    elif case == "text_field":
        params["FIELDS"] = ["LEP21NM"]
    elif case == "all_constant":
        params["FIELDS"] = [CONSTANT_T, "U_Activities_of_extraterritorial_organisations_and"]
    ok, _, fb = run(ALG, params)
    assert not ok
    text = " ".join(fb.errors)
    assert message in text and "Traceback" not in text
    assert not (tmp_path / "r.gpkg").exists() and not (tmp_path / "c.gpkg").exists()


def test_check_parameter_values_explains_permutations(processing_ready, joined):
    from qgis.core import QgsApplication, QgsProcessingContext

    alg = QgsApplication.processingRegistry().createAlgorithmById(ALG)
    ok, message = alg.checkParameterValues({"INPUT": joined, "PERMUTATIONS": 0, "OUTPUT_REGIONS": "TEMPORARY_OUTPUT",
                                            "OUTPUT_CLUSTERS": "TEMPORARY_OUTPUT"}, QgsProcessingContext())
    assert not ok and "from 1 to 99,999" in message


def test_permutation_limit_matches_the_core():
    from plugin.core import localstats
    from plugin.processing import alg_localstatistics
    from plugin.steps import options

    assert alg_localstatistics.MAX_PERMUTATIONS == localstats.MAX_PERMUTATIONS == options.MAX_PERMUTATIONS


def test_statistics_layers_export_as_maps_and_atlas(joined, tmp_path):
    """exportmap colours a statistics layer by type (it has no _above fields), single sector and atlas."""
    import subprocess as sp

    ok, regions, clusters, fb = local(joined, tmp_path, "maps", FIELDS=["C_Manufacturing",
                                      "J_Information_and_communication"], METHOD=0, CORRECTION=0, SEED=7)
    assert ok, fb.errors
    out = {"OUTPUT_REGIONS": regions.source(), "OUTPUT_CLUSTERS": clusters.source()}
    pdf, atlas = tmp_path / "moran.pdf", tmp_path / "moran_atlas.pdf"
    ok, res, fb = run("sectorclusters:exportmap", {
        "REGIONS": out["OUTPUT_REGIONS"], "CLUSTERS": out["OUTPUT_CLUSTERS"], "FIELD": "C_Manufacturing",
        "TITLE": "Manufacturing: Local Moran's I", "OUTPUT_PDF": str(pdf), "DPI": 96})
    assert ok, fb.errors
    import unicodedata

    text = unicodedata.normalize("NFKC", sp.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)
    assert "High-High (cluster of high values)" in text and "Low-Low (cluster of low values)" in text
    assert "Local Moran's I, 999 permutations, no correction, significance level 0.05" in text
    assert "cluster of significant LEPs" in text and "above-average" not in text
    assert "C_Manufacturing_above" not in regions.fields().names()
    ok, res, fb = run("sectorclusters:exportmap", {
        "REGIONS": out["OUTPUT_REGIONS"], "CLUSTERS": out["OUTPUT_CLUSTERS"], "ATLAS": True,
        "OUTPUT_PDF": str(atlas), "DPI": 96})
    assert ok, fb.errors
    pages = sp.run(["pdfinfo", str(atlas)], capture_output=True, text=True).stdout
    assert "Pages:           2" in pages
