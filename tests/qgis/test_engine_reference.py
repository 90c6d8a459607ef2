"""detectclusters against an independent plain computation on real data.

The reference reads the raw Nomis CSV with pandas, computes baselines with
numpy formulas, decides adjacency with QGIS's own geometry engine in
EPSG:27700 and finds components by breadth-first search: nothing is shared
with the plugin's code path except the input files.
"""
from __future__ import annotations

from collections import deque

import numpy as np
import pandas as pd
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsProject,
    QgsVectorLayer,
)

from tests.conftest import BRES_ALIASES

SECTORS = ["C : Manufacturing", "J : Information and communication", "K : Financial and insurance activities",
           "M : Professional, scientific and technical activities", "3 : Manufacturing (C)"]


@pytest.fixture(scope="module")
def joined(processing_ready, lep_path, bres2020, tmp_path_factory):
    import processing

    tmp = tmp_path_factory.mktemp("ref")
    aliases = tmp / "aliases.csv"
    aliases.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    out = processing.run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "ALIASES": str(aliases),
        "OUTPUT": str(tmp / "joined.gpkg"), "UNMATCHED": str(tmp / "unmatched.csv")})
    assert out["MATCHED"] == 38
    return out["OUTPUT"], tmp


@pytest.fixture(scope="module")
def reference_data(lep_path, bres2020):
    layer = QgsVectorLayer(str(lep_path), "lep", "ogr")
    codes = [f["LEP21CD"] for f in layer.getFeatures()]
    by_name = {f["LEP21NM"]: f["LEP21CD"] for f in layer.getFeatures()}
    raw = pd.read_csv(bres2020, encoding="utf-8-sig", skiprows=[1], dtype=str)
    raw = raw[[c for c in raw.columns if not c.startswith("Flags")]]
    england = raw[raw["Area"] == "country:England"].iloc[0]
    leps = raw[raw["Area"].str.startswith("lep:")].copy()
    leps["code"] = [by_name.get(n[4:], BRES_ALIASES.get(n[4:])) for n in leps["Area"]]
    leps = leps.set_index("code").drop(columns="Area").astype(float).loc[codes]
    national = england.drop("Area").astype(float)
    to_bng = QgsCoordinateTransform(layer.crs(), QgsCoordinateReferenceSystem("EPSG:27700"), QgsProject.instance())
    geoms = []
    for f in layer.getFeatures():
        g = f.geometry()
        g.transform(to_bng)
        geoms.append(g.makeValid() if not g.isGeosValid() else g)
    return codes, leps, national, geoms


TOUCH = 1e-3  # metres: the plugin's documented contact tolerance (reprojection noise is ~1e-10 m)


def adjacency(geoms, tolerance):
    """Pairs that touch (QGIS intersects, or within 1 mm) or lie within ``tolerance`` (QGIS distance)."""
    n = len(geoms)
    adj = {i: set() for i in range(n)}
    for i in range(n):
        for j in range(i + 1, n):
            touch = geoms[i].intersects(geoms[j])
            if touch or geoms[i].distance(geoms[j]) <= max(tolerance, TOUCH):
                adj[i].add(j)
                adj[j].add(i)
    return adj


def components(adj, mask, min_size=2):
    seen, out = set(), []
    for s in range(len(mask)):
        if not mask[s] or s in seen:
            continue
        comp, todo = set(), deque([s])
        while todo:
            i = todo.popleft()
            if i in comp:
                continue
            comp.add(i)
            todo.extend(j for j in adj[i] if mask[j] and j not in comp)
        seen |= comp
        if len(comp) >= min_size:
            out.append(comp)
    return out


def expected_above(leps: pd.DataFrame, national: pd.Series, sector: str, baseline: int, threshold: float):
    x = leps[sector].to_numpy()
    if baseline == 0:
        return x / x.mean() > threshold
    if baseline == 1:
        return x / np.median(x) > threshold
    if baseline == 2:
        return x / national[sector] > threshold
    if baseline == 3:
        totals = leps.sum(axis=1).to_numpy()  # every sector column, as the plugin documents
        lq = (x / totals) / (national[sector] / national.sum())
        return lq > threshold
    if baseline == 4:
        return (x - x.mean()) / x.std(ddof=0) >= threshold
    return x >= np.percentile(x, threshold)


CASES = [(0, 1.0), (1, 1.2), (3, 1.0), (3, 1.25), (4, 0.5), (5, 75.0), (2, 0.04)]


@pytest.mark.parametrize("tolerance", [0.0, 35000.0])
@pytest.mark.parametrize("baseline,threshold", CASES)
def test_member_sets_equal_reference(joined, reference_data, baseline, threshold, tolerance):
    import processing

    path, tmp = joined
    codes, leps, national, geoms = reference_data
    fields = {label: name for name, label in _labels(path).items()}
    out = processing.run("sectorclusters:detectclusters", {
        "INPUT": path, "FIELDS": [fields[s] for s in SECTORS], "BASELINE": baseline, "THRESHOLD": threshold,
        "GAP_TOLERANCE": tolerance, "OUTPUT_REGIONS": "TEMPORARY_OUTPUT", "OUTPUT_CLUSTERS": "TEMPORARY_OUTPUT"})
    clusters = out["OUTPUT_CLUSTERS"]
    clusters = clusters if isinstance(clusters, QgsVectorLayer) else QgsVectorLayer(clusters)
    got = {}
    for f in clusters.getFeatures():
        got.setdefault(f["sector_label"], set()).add(frozenset(f["members"].split("; ")))
    adj = adjacency(geoms, tolerance)
    for sector in SECTORS:
        mask = expected_above(leps, national, sector, baseline, threshold)
        want = {frozenset(codes[i] for i in comp) for comp in components(adj, mask)}
        assert got.get(sector, set()) == want, sector
    regions = out["OUTPUT_REGIONS"]
    regions = regions if isinstance(regions, QgsVectorLayer) else QgsVectorLayer(regions)
    f = fields[SECTORS[0]]
    flagged = {r["LEP21CD"] for r in regions.getFeatures() if r[f + "_above"] == 1}
    mask = expected_above(leps, national, SECTORS[0], baseline, threshold)
    assert flagged == {codes[i] for i in np.flatnonzero(mask)}


def _labels(path):
    from plugin.gis.meta import read_meta

    return read_meta(QgsVectorLayer(path, "j", "ogr"))["sectors"]


def test_graph_matches_qgis_geometry_engine(reference_data):
    """The shapely graph (in a local equal-area CRS) equals QGIS's pairwise test in EPSG:27700."""
    from plugin.core.graph import build_neighbour_graph
    from plugin.gis.layers import read_regions
    from tests.conftest import LEP_GEOJSON

    codes, _, _, geoms = reference_data
    regions = read_regions(QgsVectorLayer(str(LEP_GEOJSON), "lep", "ogr"))
    for tol in (0.0, 35000.0):
        ours = {tuple(p) for p in build_neighbour_graph(regions.shapes, "queen", tol).pairs.tolist()}
        ref = {(i, j) for i, js in adjacency(geoms, tol).items() for j in js if i < j}
        assert ours == ref
