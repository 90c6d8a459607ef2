"""The units a cluster crosses: the core (shapely, STR-tree) against QGIS's own geometry engine on real boundaries.

Two directions, both on ONS boundaries:
* LADs (Dec 2021, 374) as the overlay of real LEP clusters (BRES 2020, strength stars ≥ 1 and LQ > 1.1);
* LEPs (May 2021) as the overlay of LAD clusters (the LADs of each 2020 LEP in the ONS lookup).

The core gets shapely copies in the regions' working CRS, as the engine does
(``plugin.gis.layers.read_regions``; the overlay reprojected into the same CRS). The
independent side is written here with QgsGeometry.intersection/area, no spatial index,
in EPSG:27700 (for LEP regions the core works in a Lambert equal-area CRS, for LAD regions
in 27700 itself). Areas differ by the projections' scale error (< 0.1 %), so shares are
compared to 2e-3 and a member's unit only where its two largest parts are not within
that margin of each other. (EPSG:3035 is no good as a check: PROJ then takes different
datum paths for the OSGB36 LADs and the WGS84 LEPs, shifting one layer by some 15 m
against the other, which moves shares of small LADs by 1 %.)
"""
from __future__ import annotations

import csv

import numpy as np
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsGeometry,
    QgsProject,
    QgsVectorLayer,
)

from plugin.core.baselines import LQ, STARS
from plugin.core.engine import SectorTable, detect, join_scores
from plugin.core.geometry import from_wkb, make_valid
from plugin.core.graph import build_neighbour_graph
from plugin.core.overlay import OverlayError, cluster_crossing, crossings, region_parts
from plugin.core.tables import load_scores
from tests.conftest import BRES_ALIASES, LAD_SHP, LEP_GEOJSON, SHARED, need

LOOKUP = SHARED / "lad_to_lep_2020" / "lad_to_lep_2020.csv"
SECTORS = ("C : Manufacturing", "J : Information and communication", "K : Financial and insurance activities",
           "M : Professional, scientific and technical activities", "A : Agriculture, forestry and fishing")
SHARE_TOL = 2e-3


def layer(path, name: str) -> QgsVectorLayer:
    lyr = QgsVectorLayer(str(need(path)), name, "ogr")
    assert lyr.isValid(), path
    return lyr


def shapes_in(lyr: QgsVectorLayer, crs: QgsCoordinateReferenceSystem) -> list:
    """Shapely copies of a layer's polygons in ``crs`` (how an overlay joins the regions' working CRS)."""
    tr = QgsCoordinateTransform(lyr.crs(), crs, QgsProject.instance().transformContext())
    out = []
    for f in lyr.getFeatures():
        g = QgsGeometry(f.geometry())
        if not g.isGeosValid():
            g = g.makeValid()
        g.transform(tr)
        out.append(make_valid(from_wkb(g.asWkb())))
    return out


def qgis_geometries(lyr: QgsVectorLayer, epsg: str) -> list[QgsGeometry]:
    tr = QgsCoordinateTransform(lyr.crs(), QgsCoordinateReferenceSystem(epsg), QgsProject.instance().transformContext())
    out = []
    for f in lyr.getFeatures():
        g = QgsGeometry(f.geometry())
        g.transform(tr)
        out.append(g.makeValid() if not g.isGeosValid() else g)
    return out


def qgis_crossing(members: list[QgsGeometry], units: list[QgsGeometry], names: list[str]) -> dict:
    """The rule written out with QGIS geometry: parts per member, largest part, shares of the cluster's area."""
    total = sum(m.area() for m in members)
    sums: dict[str, float] = {}
    member_parts = []
    for m in members:
        box = m.boundingBox()
        parts: dict[str, float] = {}
        for u, name in zip(units, names):
            if not box.intersects(u.boundingBox()):
                continue
            a = m.intersection(u).area()
            if a > 0:
                parts[name] = parts.get(name, 0.0) + a
                sums[name] = sums.get(name, 0.0) + a
        member_parts.append((m.area(), parts))
    shares = {n: a / total for n, a in sums.items()}
    return {"shares": shares, "members": member_parts}


def compare(ours, ref: dict, what: str) -> None:
    shares = dict(ours.shares)
    big = {n for n, s in ref["shares"].items() if s > SHARE_TOL}
    assert big <= set(shares), (what, big - set(shares))
    for name, s in ref["shares"].items():
        assert shares.get(name, 0.0) == pytest.approx(s, abs=SHARE_TOL), (what, name)
    for k, (unit, (area, parts)) in enumerate(zip(ours.member_units, ref["members"])):
        if not parts:
            assert unit is None, (what, k)
            continue
        ranked = sorted(parts.items(), key=lambda t: (-t[1], t[0]))
        clear = len(ranked) == 1 or ranked[0][1] - ranked[1][1] > SHARE_TOL * area
        if clear:
            assert unit == ranked[0][0], (what, k, unit, ranked[:2])
        else:
            assert unit in {ranked[0][0], ranked[1][0]}, (what, k)
    # Crosses: the members' units, by share (ties within the margin may swap).
    assert set(ours.crosses) == {u for u in ours.member_units if u is not None}
    ordered = [ref["shares"][u] for u in ours.crosses]
    assert all(a >= b - SHARE_TOL for a, b in zip(ordered, ordered[1:])), what


@pytest.fixture(scope="module")
def leps(qgis_app, lep_path) -> dict:
    """Plain data only: QGIS layers are not kept alive across tests (their late deletion can crash QGIS 3.22)."""
    from plugin.gis.layers import read_regions

    lyr = layer(lep_path, "leps")
    regions = read_regions(lyr)
    out = {"keys": [f["LEP21CD"] for f in lyr.getFeatures()], "names": [f["LEP21NM"] for f in lyr.getFeatures()],
           "shapes": regions.shapes, "qgis": qgis_geometries(lyr, "EPSG:27700")}
    del lyr, regions
    return out


@pytest.fixture(scope="module")
def lads(qgis_app, leps) -> dict:
    from plugin.gis.layers import read_regions

    lyr = layer(LAD_SHP, "lads")
    lep_layer = layer(LEP_GEOJSON, "leps")
    lep_crs = read_regions(lep_layer).crs  # the LEPs' working CRS: the overlay goes there
    regions = read_regions(lyr)
    out = {"codes": [f["LAD21CD"] for f in lyr.getFeatures()], "names": [f["LAD21NM"] for f in lyr.getFeatures()],
           "shapes": regions.shapes, "in_lep_crs": shapes_in(lyr, lep_crs), "qgis": qgis_geometries(lyr, "EPSG:27700"),
           "leps_in_lad_crs": shapes_in(lep_layer, regions.crs)}
    del lyr, lep_layer, regions
    return out


@pytest.fixture(scope="module")
def lep_clusters(leps, bres2020) -> list[list[int]]:
    """Real multi-LEP clusters from the engine: strength stars >= 1 and LQ > 1.1, queen neighbours."""
    keys = leps["keys"]
    joined = join_scores(load_scores(bres2020), keys, [[n] for n in leps["names"]], BRES_ALIASES)
    graph = build_neighbour_graph(leps["shapes"], "queen", 0.0)
    cols = [joined.labels.index(s) for s in SECTORS]
    fields = [joined.fields[j] for j in cols]
    out = []
    for method, thr in ((STARS, 1), (LQ, 1.1)):
        table = SectorTable(joined.values[:, cols], fields, list(SECTORS), keys,
                            reference={f: joined.reference[f] for f in fields},
                            totals=np.nansum(joined.values, axis=1),
                            reference_total=float(np.nansum(list(joined.reference.values()))))
        results, _ = detect(table, graph, method, thr, 2)
        out += [c.members.tolist() for r in results for c in r.clusters]
    assert len(out) >= 5
    return out


def test_lads_over_lep_clusters(leps, lads, lep_clusters) -> None:
    ours = crossings([[leps["shapes"][i] for i in members] for members in lep_clusters], lads["in_lep_crs"],
                     lads["names"])
    for members, res in zip(lep_clusters, ours):
        ref = qgis_crossing([leps["qgis"][i] for i in members], lads["qgis"], lads["names"])
        compare(res, ref, f"LEPs {members}")
        assert res.n_crossed >= len(members)  # every LEP is made of LADs: each member brings its own
        assert res.n_outside == 0
        assert sum(s for _, s in res.shares) == pytest.approx(1.0, abs=0.01)  # LADs tile England


def test_leps_over_lad_clusters(leps, lads) -> None:
    codes = lads["codes"]
    with need(LOOKUP).open(encoding="utf-8-sig", newline="") as fh:
        lookup = list(csv.DictReader(fh))
    groups: dict[str, list[int]] = {}
    for row in lookup:
        if row["LACD"] in codes:
            groups.setdefault(row["ERNM"], []).append(codes.index(row["LACD"]))
    clusters = [sorted(set(v)) for _, v in sorted(groups.items()) if len(set(v)) >= 2]
    assert len(clusters) >= 30
    unit_shapes = lads["leps_in_lad_crs"]
    parts = region_parts(lads["shapes"], unit_shapes, leps["names"])  # once for all LADs, then per cluster
    ours = [cluster_crossing([parts[i] for i in members]) for members in clusters]
    assert ours == crossings([[lads["shapes"][i] for i in m] for m in clusters], unit_shapes, leps["names"])
    for members, res in zip(clusters, ours):
        ref = qgis_crossing([lads["qgis"][i] for i in members], leps["qgis"], leps["names"])
        compare(res, ref, f"LADs {members[:3]}…")
    # A 2020 LEP's LADs mostly lie in one 2021 LEP: the largest share is most of the cluster.
    assert np.median([res.shares[0][1] for res in ours]) > 0.9


def test_overlay_far_away_is_refused(leps) -> None:
    from shapely.affinity import translate

    far = [translate(s, 5_000_000, 0) for s in leps["shapes"][:3]]
    with pytest.raises(OverlayError, match="covers none"):
        crossings([[leps["shapes"][0], leps["shapes"][1]]], far, ["a", "b", "c"])
