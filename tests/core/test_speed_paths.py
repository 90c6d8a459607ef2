"""The fast paths give what the plain ones give, on real boundaries (ONS Local Authority Districts, 2021).

- connected components: scipy's csgraph and the numpy fallback, against a breadth-first search;
- clusters: the member sets of a plain grouping of the components;
- outlines with a gap tolerance: finding the piece that holds each member through an STR-tree gives the same
  outline (symmetric difference empty) as testing every piece, as the outline did before.

Each check runs here (shapely 1.8 on Debian 12's QGIS, or 2.x) and in the reference venv (shapely 2), so both
shapely paths are held to the same answers.
"""
from __future__ import annotations

import json
import subprocess
from collections import deque
from itertools import product

import numpy as np
import pytest

from plugin.core import geometry
from plugin.core.clusters import find_clusters
from plugin.core.geometry import SHAPELY2, from_wkb
from plugin.core.graph import build_neighbour_graph, component_labels
from tests.conftest import LAD_SHP, REPO

REF_PY = REPO / ".venv-ref" / "bin" / "python"
SEEDS = (1, 2, 3)
GAPS = (5000.0, 20000.0)
SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from shapely import wkb
from tests.core.test_speed_paths import check_all
geoms = [wkb.loads(bytes.fromhex(h)) for h in json.load(open(sys.argv[2]))]
print(json.dumps(check_all(geoms)))
"""


def england_lads() -> list:
    """The English districts (code E…) of the LAD 2021 BUC shapefile, British National Grid metres."""
    from osgeo import ogr

    source = ogr.Open(str(LAD_SHP))
    assert source is not None, LAD_SHP
    layer = source.GetLayer(0)
    geoms = [from_wkb(bytes(f.GetGeometryRef().ExportToWkb())) for f in layer if f.GetField("LAD21CD").startswith("E")]
    assert len(geoms) > 300
    return geoms


def bfs_labels(graph, mask: np.ndarray) -> np.ndarray:
    """Components by breadth-first search, numbered in order of their lowest node (-1 outside ``mask``)."""
    labels = np.full(graph.n, -1, dtype=np.int64)
    count = 0
    for start in range(graph.n):
        if not mask[start] or labels[start] >= 0:
            continue
        labels[start] = count
        queue = deque([start])
        while queue:
            i = queue.popleft()
            for j in graph.neighbours(i):
                if mask[j] and labels[j] < 0:
                    labels[j] = count
                    queue.append(int(j))
        count += 1
    return labels


def brute_first_piece(pieces, points) -> list[int]:
    """Every piece tested for every point: what the outline's bridging did before the STR-tree."""
    return [next((k for k, p in enumerate(pieces) if p.intersects(pt)), -1) for pt in points]


def masks(n: int) -> list[np.ndarray]:
    return [np.random.default_rng(seed).random(n) < 0.35 for seed in SEEDS]


def check_components(geoms) -> dict:
    graph = build_neighbour_graph(geoms, "queen", 0.0)
    agree = []
    for mask in [np.ones(graph.n, dtype=bool), *masks(graph.n)]:
        expected = bfs_labels(graph, mask)
        agree.append(bool(np.array_equal(graph.components(mask), expected)
                          and np.array_equal(graph.components(mask, use_scipy=False), expected)))
    return {"agree": agree, "n_components_all": int(graph.components().max() + 1)}


def check_clusters(geoms) -> dict:
    graph = build_neighbour_graph(geoms, "queen", 0.0)
    keys = [f"K{i:04d}" for i in range(graph.n)]
    same = []
    for mask in masks(graph.n):
        labels = bfs_labels(graph, mask)
        expected = {tuple(np.flatnonzero(labels == k)) for k in range(labels.max() + 1)}
        expected = {m for m in expected if len(m) >= 2}
        got = [tuple(int(i) for i in c.members) for c in find_clusters(graph, mask, keys, 2)]
        ordered = all(len(a) >= len(b) for a, b in zip(got, got[1:]))
        same.append(bool(set(got) == expected and len(got) == len(expected) and ordered))
    return {"same": same}


def check_outlines(geoms) -> dict:
    """Outline every cluster of the random masks at each gap, with the STR-tree lookup and with the brute one."""
    out = {"bridged": 0, "outlines": 0, "different": [], "lookup_same": True}
    for gap in GAPS:
        graph = build_neighbour_graph(geoms, "queen", gap)
        keys = [str(i) for i in range(graph.n)]
        for mask in masks(graph.n):
            for c in find_clusters(graph, mask, keys, 2):
                members = [geoms[i] for i in c.members]
                merged = geometry.outline(members, 0.0)
                pieces = geometry._parts(merged)
                points = [m.representative_point() for m in members]
                if geometry.first_piece_containing(pieces, points) != brute_first_piece(pieces, points):
                    out["lookup_same"] = False
                fast = geometry.outline(members, gap)
                kept = geometry.first_piece_containing
                geometry.first_piece_containing = brute_first_piece
                try:
                    slow = geometry.outline(members, gap)
                finally:
                    geometry.first_piece_containing = kept
                out["outlines"] += 1
                out["bridged"] += len(pieces) > 1
                if not fast.symmetric_difference(slow).is_empty:
                    out["different"].append([gap, [int(i) for i in c.members]])
    return out


def check_boxes(geoms) -> dict:
    """The extents from GEOS equal ``g.bounds``; the box pairs (from the grid, or for up to ALL_BOX_PAIRS boxes
    from all pairs at once) equal comparing every two boxes."""
    every = geometry.bounds_array(geoms)
    same_bounds = bool(np.array_equal(every, np.array([g.bounds for g in geoms])))
    assert len(every) > geometry.ALL_BOX_PAIRS + 1
    same_pairs = []
    for bounds, reach in product((every, every[:geometry.ALL_BOX_PAIRS + 1], every[::7]), (0.0, 1e-3, 5000.0)):
        lo, hi = bounds[:, :2] - reach / 2, bounds[:, 2:] + reach / 2
        meet = ((lo[:, None, 0] <= hi[None, :, 0]) & (lo[None, :, 0] <= hi[:, None, 0])
                & (lo[:, None, 1] <= hi[None, :, 1]) & (lo[None, :, 1] <= hi[:, None, 1]))
        i, j = np.nonzero(np.triu(meet, 1))
        got = geometry.box_pairs(bounds, reach)
        same_pairs.append(bool(np.array_equal(got[0], i) and np.array_equal(got[1], j)))
    return {"bounds": same_bounds, "pairs": same_pairs}


def check_all(geoms) -> dict:
    return {"shapely2": SHAPELY2, "boxes": check_boxes(geoms), "components": check_components(geoms),
            "clusters": check_clusters(geoms),
            "outlines": check_outlines(geoms)}


@pytest.fixture(scope="module")
def lads() -> list:
    return england_lads()


def test_box_candidates_match_comparing_every_two_boxes(lads):
    assert check_boxes(lads) == {"bounds": True, "pairs": [True] * 9}


def test_components_scipy_numpy_and_search_agree(lads):
    got = check_components(lads)
    assert got["agree"] == [True] * (1 + len(SEEDS))
    assert got["n_components_all"] < 20  # islands (Scilly, Wight…) apart, England is one piece


def test_numpy_components_on_a_chain_and_isolated_nodes():
    labels = component_labels(7, np.array([5, 4, 3, 0]), np.array([6, 5, 4, 1]), use_scipy=False)
    assert labels[0] == labels[1] and len({labels[i] for i in (3, 4, 5, 6)}) == 1
    assert len({labels[0], labels[2], labels[3]}) == 3


def test_cluster_member_sets_match_a_plain_search(lads):
    assert check_clusters(lads)["same"] == [True] * len(SEEDS)


def test_outlines_with_a_gap_match_testing_every_piece(lads):
    got = check_outlines(lads)
    assert got["lookup_same"]
    assert got["different"] == []
    assert got["bridged"] >= 5, got  # the bridging step really ran on several clusters


def test_both_shapely_paths_give_the_same_answers(lads, tmp_path):
    if not REF_PY.exists():
        pytest.skip("the reference venv (.venv-ref) is not built")
    data = tmp_path / "lads.json"
    data.write_text(json.dumps([geometry.to_wkb(g).hex() for g in lads]))
    proc = subprocess.run([str(REF_PY), "-c", SCRIPT, str(REPO), str(data)], capture_output=True, text=True,
                          check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    theirs = json.loads(proc.stdout)
    assert theirs["boxes"] == {"bounds": True, "pairs": [True] * 9}
    assert theirs["components"]["agree"] == [True] * (1 + len(SEEDS))
    assert theirs["clusters"]["same"] == [True] * len(SEEDS)
    assert theirs["outlines"]["lookup_same"] and theirs["outlines"]["different"] == []
    assert theirs["outlines"]["bridged"] >= 5


@pytest.mark.skipif(SHAPELY2, reason="the direct GEOS loop is the shapely 1.8 path")
def test_direct_geos_pair_tests_match_shapely_wrappers(lads):
    """Shapely 1.8: the pair loop calling GEOS directly gives the pairs of the loop through shapely's own
    wrappers (the loop before the direct calls), for touching (with the 1 mm snap) and for a gap tolerance."""
    assert geometry._geos_pair_tests() is not None  # Debian 12's GEOS 3.11 has every call
    got = [geometry.intersecting_pairs(lads, snap=1e-3), geometry.pairs_within(lads, 5000.0)]
    kept = geometry._PAIR_TESTS[:]
    geometry._PAIR_TESTS[:] = [None]
    try:
        wrapped = [geometry.intersecting_pairs(lads, snap=1e-3), geometry.pairs_within(lads, 5000.0)]
    finally:
        geometry._PAIR_TESTS[:] = kept
    assert all(np.array_equal(a, b) for a, b in zip(got, wrapped))
    assert len(got[0]) > 800 and len(got[1]) > len(got[0])
