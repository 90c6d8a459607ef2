"""The faster outlines (coverage union, fewer rebuilt shapes) cover the same ground as the outlines before them.

``reference_outline`` (tests/core/test_outline_reference.py) is the outline code as it was before the faster
path (plugin/core/geometry.py at d83edd9): a general union of the members, holes rebuilt and validated, and the
closing added back with a unary union. The new path (``geometry.outline``) dissolves members with GEOS's
coverage union where its guard accepts the result (gap 0), skips rebuilding shapes without slivers, adds the
closing back with a unary union as before and measures bridging distances only between members in different
pieces.

Real layers (ONS LAD 2021 districts of England, LEP 2021) are outlined both ways: every cluster of random
member masks over the queen graph (gap 0) and the gap graph (2 km, 35 km), and the whole layer at each gap.
Shapes must cover the same ground: symmetric difference area at most 1e-9 of the outline's area (see
``TOLERANCE``), with the same number of parts. Against the outlines drawn before the closing's inset
(``geometry.CLOSING_INSET``), they may move by at most 1 % of the gap, with the same parts. Each check runs
here (shapely 1.8 under Debian 12's QGIS, or 2.x) and again in the reference venv (shapely 2), so both shapely
paths are held to it.
"""
from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence

import numpy as np
import pytest

from plugin.core import geometry
from plugin.core.clusters import find_clusters
from plugin.core.geometry import make_valid
from plugin.core.graph import build_neighbour_graph
from tests.conftest import LAD_SHP, LEP_GEOJSON, REPO
from tests.core.test_outline_reference import _parts, reference_outline, reference_union

REF_PY = REPO / ".venv-ref" / "bin" / "python"
SEEDS = (1, 2)
GAPS = (0.0, 2000.0, 35000.0)
# Relative symmetric-difference area allowed. The coverage union gives exactly the general union's ground
# (0 on every LSOA and LAD cluster under shapely 2.2); under GEOS 3.11 (shapely 1.8) the general union snaps
# away sub-millimetre slivers between members that the coverage union keeps as holes (at most 5e-10 of the
# area, and filled as slivers anyway). The binary union of the closing differs from the unary one by
# floating-point noise in where near-coincident edges cross (below 1e-13 of the area on LSOAs).
TOLERANCE = 1e-9
SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from shapely import wkb
from tests.core.test_outline_equivalence import check_all
layers = {k: [wkb.loads(bytes.fromhex(h)) for h in v] for k, v in json.load(open(sys.argv[2])).items()}
print(json.dumps(check_all(layers["lads"], layers["leps"])))
"""


# --------------------------------------------------------------------------- comparison


def read_layer(path, code_prefix: str = "") -> list:
    """The polygons of a layer (British National Grid metres in both files' use here), valid."""
    from osgeo import ogr, osr

    source = ogr.Open(str(path))
    assert source is not None, path
    layer = source.GetLayer(0)
    bng = osr.SpatialReference()
    bng.ImportFromEPSG(27700)
    bng.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    own = layer.GetSpatialRef()
    if own is not None:
        own.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    move = osr.CoordinateTransformation(own, bng) if own is not None and not own.IsSame(bng) else None
    out = []
    for f in layer:
        code = next((f.GetField(k) for k in range(f.GetFieldCount()) if f.GetFieldDefnRef(k).GetName().endswith("CD")),
                    "")
        if code_prefix and not str(code).startswith(code_prefix):
            continue
        g = f.GetGeometryRef().Clone()
        if move is not None:
            g.Transform(move)
        out.append(make_valid(geometry.from_wkb(bytes(g.ExportToWkb()))))
    return out


def compare(new, old) -> dict:
    """Symmetric difference (relative to the old outline's area) and whether the part counts agree."""
    area = max(old.area, 1e-12)
    return {"sd": float(new.symmetric_difference(old).area / area),
            "parts": len(_parts(new)) == len(_parts(old)), "exact": bool(new.equals_exact(old, 0.0))}


def check_layer(geoms: list, seeds: Sequence[int] = SEEDS) -> dict:
    """Outline every cluster of random masks at each gap both ways; the worst difference and counts."""
    from plugin.steps.outlines import sliver_area

    min_hole = sliver_area(geoms)
    out = {"outlines": 0, "worst_sd": 0.0, "parts_differ": 0, "not_exact": 0, "bridged": 0, "over": [],
           "inset": {"outlines": 0, "worst_sd": 0.0, "worst_moved": 0.0, "parts_differ": 0}}
    sets = []
    for gap in GAPS:
        graph = build_neighbour_graph(geoms, "queen", gap)
        keys = [str(i) for i in range(graph.n)]
        for seed in seeds:
            mask = np.random.default_rng(seed).random(graph.n) < 0.4
            sets += [(gap, tuple(int(i) for i in c.members)) for c in find_clusters(graph, mask, keys, 2)]
        sets.append((gap, tuple(range(len(geoms)))))  # the whole layer in one outline
    for gap, members in sets:
        shapes = [geoms[i] for i in members]
        new = geometry.outline(shapes, gap, min_hole)
        old = reference_outline(shapes, gap, min_hole)
        got = compare(new, old)
        out["outlines"] += 1
        out["bridged"] += gap > 0 and len(_parts(reference_union(shapes))) > 1
        out["worst_sd"] = max(out["worst_sd"], got["sd"])
        out["parts_differ"] += not got["parts"]
        out["not_exact"] += not got["exact"]
        if got["sd"] > TOLERANCE or not got["parts"]:
            out["over"].append([gap, list(members)[:20], got["sd"]])
        if gap > 0:  # how far the closing's inset moved the outline from the one drawn before it
            before = reference_outline(shapes, gap, min_hole, inset=False)
            moved, inset = compare(new, before), out["inset"]
            inset["outlines"] += 1
            inset["worst_sd"] = max(inset["worst_sd"], moved["sd"])
            inset["worst_moved"] = max(inset["worst_moved"], float(new.hausdorff_distance(before)) / gap)
            inset["parts_differ"] += not moved["parts"]
    return out


def restarted(g, step: int = 7):
    """``g`` drawn from other vertices: each ring reversed and started ``step`` vertices further on."""
    from shapely.geometry import MultiPolygon, Polygon

    def ring(coords):
        xy = list(coords)[:-1][::-1]
        k = step % len(xy)
        xy = xy[k:] + xy[:k]
        return xy + xy[:1]

    parts = [Polygon(ring(p.exterior.coords), [ring(r.coords) for r in p.interiors]) for p in _parts(g)]
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def reordered_outlines_differing(geoms: list) -> dict:
    """Per gap, the clusters whose outline changes when the members come in reverse order, drawn from other
    vertices (as another layer's copy of the same regions would be), out of how many were outlined."""
    from plugin.steps.outlines import sliver_area

    min_hole = sliver_area(geoms)
    out = {}
    for gap in GAPS[1:]:
        graph = build_neighbour_graph(geoms, "queen", gap)
        mask = np.random.default_rng(1).random(graph.n) < 0.4
        clusters = find_clusters(graph, mask, [str(i) for i in range(graph.n)], 2)
        differ = 0
        for c in clusters:
            shapes = [geoms[int(i)] for i in c.members]
            first = geometry.outline(shapes, gap, min_hole)
            again = geometry.outline([restarted(g) for g in reversed(shapes)], gap, min_hole)
            differ += compare(again, first)["sd"] > TOLERANCE
        out[str(int(gap))] = [differ, len(clusters)]
    return out


def check_all(lads: list, leps: list) -> dict:
    return {"shapely2": geometry.SHAPELY2, "lads": check_layer(lads), "leps": check_layer(leps, (1, 2, 3, 4)),
            "reordered": reordered_outlines_differing(lads)}


@pytest.fixture(scope="module")
def layers() -> dict:
    return {"lads": read_layer(LAD_SHP, "E"), "leps": read_layer(LEP_GEOJSON)}


@pytest.fixture(scope="module")
def here(layers) -> dict:
    return check_all(layers["lads"], layers["leps"])


def assert_same_ground(got: dict) -> None:
    for name in ("lads", "leps"):
        layer = got[name]
        assert layer["over"] == [], (name, layer)
        assert layer["worst_sd"] <= TOLERANCE and layer["parts_differ"] == 0, (name, layer)
        assert layer["outlines"] >= 20, (name, layer)
        # The closing's inset (a millionth of the gap) moves an outline only where the closing drew it, by far
        # less than the closing's own simplification (gap/20): LEP at 2 km 8.2 m at most, LAD under 0.25 m.
        inset = layer["inset"]
        assert inset["outlines"] >= 10 and inset["parts_differ"] == 0, (name, inset)
        assert inset["worst_moved"] <= 0.01 and inset["worst_sd"] <= 1e-5, (name, inset)
    assert got["lads"]["bridged"] >= 5, got["lads"]  # the closing and bridging really ran on split clusters


def assert_order_free(got: dict) -> None:
    for gap, (differ, outlined) in got["reordered"].items():
        assert differ == 0 and outlined >= 1, (gap, differ, outlined)


def test_outlines_cover_the_same_ground_as_before(here):
    assert_same_ground(here)


def test_an_outline_does_not_depend_on_member_order_or_ring_starts(here):
    """The same regions in another order, their rings drawn from other vertices, give the same outline: the
    simplified copy the closing runs on starts each ring at a vertex fixed on the ground. (Before, with the
    overlay's own ring starts, 2 of 18 LAD clusters at 2 km and the one at 35 km changed.)"""
    assert_order_free(here)


def test_coverage_union_is_refused_on_overlapping_members():
    """Members that overlap fail the area guard: the general union gives the shape."""
    from shapely.geometry import box

    a, b = box(0, 0, 2, 2), box(1, 0, 3, 2)
    got = geometry.dissolve([a, b])
    assert got.is_valid and got.area == pytest.approx(6.0) and got.equals(box(0, 0, 3, 2))


def test_coverage_union_of_touching_and_apart_members():
    from shapely.geometry import box

    got = geometry.dissolve([box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)])
    assert got.geom_type == "MultiPolygon" and got.area == pytest.approx(3.0)
    assert got.symmetric_difference(reference_union([box(0, 0, 2, 1), box(5, 5, 6, 6)])).area == 0


def test_unnoded_members_fall_back_to_the_general_union():
    """A vertex of one square lies on the other's edge (a T-junction): the coverage union cannot drop the
    shared edge; the guard sends the set to the general union, which gives one rectangle."""
    from shapely.geometry import Polygon

    a = Polygon([(0, 0), (1, 0), (1, 2), (0, 2)])
    b = Polygon([(1, 0), (2, 0), (2, 1), (1, 1)])  # (1, 1) is on a's edge, not a vertex of a
    got = geometry.dissolve([a, b])
    assert got.is_valid and got.symmetric_difference(reference_union([a, b])).area == 0


def checked_in_reference_venv(script: str, layers: dict, tmp_path) -> dict:
    """What ``script`` prints (JSON) when run on ``layers`` by the reference venv's Python (shapely 2); skips the
    test where that venv is not built."""
    if not REF_PY.exists():
        pytest.skip("the reference venv (.venv-ref) is not built")
    data = tmp_path / "layers.json"
    data.write_text(json.dumps({k: [geometry.to_wkb(g).hex() for g in v] for k, v in layers.items()}))
    proc = subprocess.run([str(REF_PY), "-c", script, str(REPO), str(data)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


def test_both_shapely_paths_cover_the_same_ground(layers, tmp_path):
    theirs = checked_in_reference_venv(SCRIPT, layers, tmp_path)
    assert theirs["shapely2"]
    assert_same_ground(theirs)
    assert_order_free(theirs)


def test_the_coverage_union_is_really_used():
    """Under shapely 2 and under 1.8 (through its ctypes handle on GEOS) the fast path exists and answers: a
    silent fallback to the general union would keep the outlines right but lose its speed."""
    from shapely.geometry import box

    got = geometry._coverage_union([box(0, 0, 1, 1), box(1, 0, 2, 1)])
    assert got is not None and got.equals(box(0, 0, 2, 1))
