"""Neighbour graph and clusters: exact contiguity and the properties a user relies on."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import Polygon, box

from plugin.core import baselines
from plugin.core.clusters import find_clusters
from plugin.core.geometry import joining_links, outline
from plugin.core.graph import NeighbourGraph, build_neighbour_graph


def pairs(graph) -> set:
    return {tuple(p) for p in graph.pairs.tolist()}


def test_queen_includes_vertex_on_edge_touch():
    # b's corner touches the middle of a's top edge, where a has no vertex:
    a = box(0, 0, 2, 1)
    b = Polygon([(1, 1), (2, 3), (0, 3)])
    c = box(5, 5, 6, 6)
    g = build_neighbour_graph([a, b, c], "queen")
    assert pairs(g) == {(0, 1)}
    assert g.isolated.tolist() == [False, False, True]
    assert pairs(build_neighbour_graph([a, b, c], "rook")) == set()


def test_rook_needs_a_shared_line_and_overlaps_count():
    grid = [box(x, y, x + 1, y + 1) for y in range(2) for x in range(2)]
    assert pairs(build_neighbour_graph(grid, "queen")) == {(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)}
    assert pairs(build_neighbour_graph(grid, "rook")) == {(0, 1), (0, 2), (1, 3), (2, 3)}
    overlapping = [box(0, 0, 2, 2), box(1, 1, 3, 3)]
    assert pairs(build_neighbour_graph(overlapping, "rook")) == {(0, 1)}


def test_gap_tolerance_bridges_gaps_up_to_the_distance():
    a, b, c = box(0, 0, 10, 10), box(15, 0, 25, 10), box(40, 0, 50, 10)
    assert pairs(build_neighbour_graph([a, b, c], "queen", 4.9)) == set()
    assert pairs(build_neighbour_graph([a, b, c], "queen", 5.0)) == {(0, 1)}
    assert pairs(build_neighbour_graph([a, b, c], "rook", 15.0)) == {(0, 1), (1, 2)}


def test_empty_geometries_have_no_neighbours():
    g = build_neighbour_graph([box(0, 0, 1, 1), None, Polygon(), box(1, 0, 2, 1)])
    assert pairs(g) == {(0, 3)}


def test_bad_rule_and_tolerance():
    with pytest.raises(ValueError, match="Unknown neighbour rule"):
        build_neighbour_graph([box(0, 0, 1, 1)], "bishop")
    with pytest.raises(ValueError, match="negative"):
        build_neighbour_graph([box(0, 0, 1, 1)], "queen", -1)


def test_outline_closes_gaps_and_keeps_members():
    a, b = box(0, 0, 10, 10), box(13, 0, 23, 10)
    o = outline([a, b], gap=4)
    assert o.is_valid and o.geom_type == "Polygon"
    assert o.contains(a) and o.contains(b)
    assert outline([a, b]).geom_type == "MultiPolygon"


# ---------------------------------------------------------------- properties of clusters on random grids


@st.composite
def grids(draw):
    w = draw(st.integers(2, 7))
    h = draw(st.integers(2, 7))
    n = w * h
    score = st.floats(0, 100, allow_nan=False, allow_subnormal=False)
    values = draw(st.lists(st.one_of(st.none(), score), min_size=n, max_size=n))
    if not any(v for v in values):  # the mean must be positive for ratios: all-zero input is an error case
        values[0] = 1.0
    perm = draw(st.permutations(list(range(n))))
    rule = draw(st.sampled_from(["queen", "rook"]))
    return w, h, np.array([np.nan if v is None else v for v in values]), list(perm), rule


def run(w, h, values, order, rule):
    cells = [box(i % w, i // w, i % w + 1, i // w + 1) for i in range(w * h)]
    keys = [f"r{i:03d}" for i in range(w * h)]
    geoms = [cells[i] for i in order]
    vals = values[order]
    k = [keys[i] for i in order]
    graph = build_neighbour_graph(geoms, rule)
    flags = baselines.flag(vals, "mean", 1.0)
    clusters = find_clusters(graph, flags.above, k, 2)
    return graph, flags, clusters, k


@settings(max_examples=60, deadline=None)
@given(grids())
def test_cluster_properties(case):
    w, h, values, order, rule = case
    graph, flags, clusters, keys = run(w, h, values, list(range(w * h)), rule)
    members = {frozenset(keys[i] for i in c.members) for c in clusters}
    # 1. feature order does not change the member sets nor the numbering
    _, _, shuffled, keys2 = run(w, h, values, order, rule)
    assert {frozenset(keys2[i] for i in c.members) for c in shuffled} == members
    assert [sorted(keys[i] for i in c.members) for c in clusters] == \
        [sorted(keys2[i] for i in c.members) for c in shuffled]
    in_cluster = np.zeros(len(keys), bool)
    for c in clusters:
        # 2. every member is above the threshold (and has data)
        assert flags.above[c.members].all() and np.isfinite(values[c.members]).all()
        assert (flags.index[c.members] > 1.0).all()
        # 3. every cluster is connected
        sub = set(c.members.tolist())
        seen, todo = set(), [c.members[0]]
        while todo:
            i = todo.pop()
            if i in seen:
                continue
            seen.add(i)
            todo += [j for j in graph.neighbours(i) if j in sub]
        assert seen == sub
        in_cluster[c.members] = True
    # 4. no above-average region adjacent to a cluster is left out
    for c in clusters:
        for i in c.members:
            for j in graph.neighbours(i):
                if flags.above[j]:
                    assert in_cluster[j]


def test_components_do_not_depend_on_edge_order():
    g1 = NeighbourGraph.from_pairs(5, np.array([[0, 1], [3, 4], [1, 2]]))
    g2 = NeighbourGraph.from_pairs(5, np.array([[4, 3], [2, 1], [1, 0]]))
    assert g1.components().tolist() == g2.components().tolist() == [0, 0, 0, 1, 1]
    assert g1.components(np.array([1, 0, 1, 1, 1], bool)).tolist() == [0, -1, 1, 2, 2]


def test_outline_bridges_corner_to_corner_gaps():
    # Two squares whose nearest points are corners 14 units apart diagonally: a closing
    # with gap 15 cannot join them, the bridge must.
    a, b = box(0, 0, 10, 10), box(20, 20, 30, 30)
    assert a.distance(b) < 15
    o = outline([a, b], gap=15)
    assert o.is_valid and o.geom_type == "Polygon"
    assert o.contains(a) and o.contains(b)
    assert o.area < a.area + b.area + 200  # a neck, not a hull of everything
    assert outline([a, b], gap=10).geom_type == "MultiPolygon"  # beyond the tolerance: no bridge


def test_outline_fills_slivers_but_keeps_enclaves():
    # Two regions whose shared edge does not quite meet in the middle (a thin sliver hole), around
    # a non-member region (an enclave hole of 100 square units).
    enclave = box(10, 10, 20, 20)
    left = Polygon([(0, 0), (15, 0), (14.9, 5), (15, 10), (15, 30), (0, 30)]).difference(enclave)
    right = box(15, 0, 30, 30).difference(enclave)
    raw = outline([left, right])
    assert sorted(round(Polygon(r).area, 2) for r in raw.interiors) == [0.5, 100.0]
    o = outline([left, right], min_hole=1.0)
    assert o.geom_type == "Polygon" and [round(Polygon(r).area) for r in o.interiors] == [100]


@settings(max_examples=40, deadline=None)
@given(gap=st.floats(min_value=0.0, max_value=5e-4), shift=st.floats(min_value=-3.0, max_value=3.0))
def test_reprojection_noise_does_not_change_neighbours(gap, shift):
    """Squares whose edges lie up to 0.5 mm apart (a vertex moved by reprojection) still touch:
    sharing an edge (rook and queen) or only a corner (queen only), as in exact arithmetic."""
    edge = [box(0, 0, 10, 10), box(10 + gap, shift, 20 + gap, 10 + shift)]
    corner = [box(0, 0, 10, 10), box(10 + gap, 10 + gap, 20, 20)]
    for rule in ("queen", "rook"):
        assert build_neighbour_graph(edge, rule).pairs.tolist() == [[0, 1]]
    assert build_neighbour_graph(corner, "queen").pairs.tolist() == [[0, 1]]
    assert build_neighbour_graph(corner, "rook").pairs.tolist() == []


def test_a_real_gap_is_not_noise():
    apart = [box(0, 0, 10, 10), box(10.01, 0, 20, 10)]  # 1 cm: a gap in the data, bridged only by a tolerance
    assert build_neighbour_graph(apart, "queen").pairs.tolist() == []
    assert build_neighbour_graph(apart, "queen", 0.02).pairs.tolist() == [[0, 1]]


def test_joining_links_keeps_each_link_that_joins_two_pieces_not_yet_joined():
    # pieces 0-1-2 joined by the first two links; the third closes a loop; 3-4 is its own pair; a link from a
    # piece to itself never joins anything
    assert joining_links([(0, 1), (1, 2), (2, 0), (3, 3), (4, 3), (3, 4)], 5) == [0, 1, 4]
    assert joining_links([], 3) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=30))
def test_joining_links_span_what_all_links_connect(links):
    """The chosen links connect exactly the pieces all the links connect, with no loop (a spanning forest)."""
    chosen = joining_links(links, 8)
    label = list(range(8))

    def root(k):
        while label[k] != k:
            k = label[k]
        return k

    for i, j in links:
        label[root(i)] = root(j)
    every = {k: root(k) for k in range(8)}
    label = list(range(8))
    for k in chosen:
        i, j = links[k]
        assert root(i) != root(j)  # no chosen link closes a loop
        label[root(i)] = root(j)
    kept = {k: root(k) for k in range(8)}
    same = {(a, b) for a in range(8) for b in range(8) if every[a] == every[b]}
    assert same == {(a, b) for a in range(8) for b in range(8) if kept[a] == kept[b]}


def test_a_large_grid_has_exactly_its_lattice_neighbours():
    """130 x 130 squares give some 100,000 candidate pairs, tested in several chunks shared by the cores under
    shapely 2 (``geometry.PAIR_CHUNK``): the graph is the lattice's, edge for edge and in CSR order, for queen,
    rook and a gap tolerance that adds nothing (the squares tile)."""
    from plugin.core import geometry
    from tests.core.grids import grid

    rows = cols = 130
    squares = [box(c * 100.0, r * 100.0, (c + 1) * 100.0, (r + 1) * 100.0) for r in range(rows) for c in range(cols)]
    for rule, tolerance, lattice in (("queen", 0.0, grid(rows, cols)), ("rook", 0.0, grid(rows, cols, queen=False)),
                                     ("queen", 50.0, grid(rows, cols))):
        got = build_neighbour_graph(squares, rule, tolerance)
        assert np.array_equal(got.pairs, lattice.pairs), rule
        assert np.array_equal(got.indptr, lattice.indptr) and np.array_equal(got.indices, lattice.indices)
    assert len(grid(rows, cols).pairs) > 3 * geometry.PAIR_CHUNK


def test_a_cancel_stops_the_graph():
    from plugin.core.errors import Cancelled

    squares = [box(c, r, c + 1, r + 1) for r in range(60) for c in range(60)]
    with pytest.raises(Cancelled):
        build_neighbour_graph(squares, "queen", 0.0, is_cancelled=lambda: True)
