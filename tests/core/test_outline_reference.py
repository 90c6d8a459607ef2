"""The outline code as it was before the faster path (plugin/core/geometry.py at d83edd9), kept as the reference the
faster outlines are held to, with two changes of definition since: the simplified copy the closing runs on starts
each ring at a vertex fixed on the ground (``fixed_ring_starts``), so an outline no longer depends on the order
of its members; and the closing shrinks back a millionth of the gap further than it grew
(``geometry.CLOSING_INSET``), so its edges no longer lie on the members' own. ``fixed_starts=False, inset=False``
draws it the earlier way, for benchmarks/bench_outlines.py to measure how far outlines moved.
tests/core/test_outline_equivalence.py compares them on real layers and benchmarks/bench_outlines.py on 34,753
LSOAs. Plain Python and shapely (no pytest needed to import it: the benchmark runs it under QGIS's Python too).
"""
from __future__ import annotations

from collections.abc import Sequence

from plugin.core.geometry import (
    CLOSING_INSET,
    first_piece_containing,
    fixed_ring_starts,
    make_valid,
    pairs_within,
)


def reference_union(geoms: Sequence):
    from shapely.geometry import Polygon
    from shapely.ops import unary_union

    parts = [g for g in geoms if g is not None and not g.is_empty]
    if not parts:
        return Polygon()
    return make_valid(unary_union(parts))


def reference_fill_holes(g, min_area: float):
    from shapely.geometry import MultiPolygon, Polygon

    if min_area <= 0 or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
        return g

    def fill(p):
        keep = [r for r in p.interiors if Polygon(r).area >= min_area]
        return Polygon(p.exterior, keep)

    parts = [fill(p) for p in _parts(g)]
    return make_valid(parts[0] if len(parts) == 1 else MultiPolygon(parts))


def _parts(g) -> list:
    return list(g.geoms) if g.geom_type == "MultiPolygon" else [g]


def reference_bridge(shape, members: Sequence, gap: float):
    from shapely.ops import nearest_points, unary_union

    pieces = _parts(shape)
    if len(pieces) < 2:
        return shape
    piece_of = first_piece_containing(pieces, [m.representative_point() for m in members])
    links = []
    for i, j in pairs_within(members, gap):
        if piece_of[i] != piece_of[j] and piece_of[i] >= 0 and piece_of[j] >= 0:
            links.append((members[i].distance(members[j]), int(i), int(j)))
    parent = list(range(len(pieces)))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    bridges = []
    for dist, i, j in sorted(links):
        a, b = find(piece_of[i]), find(piece_of[j])
        if a == b:
            continue
        parent[a] = b
        p, q = nearest_points(members[i], members[j])
        reach = max(dist, gap / 4.0)
        ends = [members[i].intersection(q.buffer(reach * 1.2, 8)), members[j].intersection(p.buffer(reach * 1.2, 8))]
        bridges.append(unary_union([e for e in ends if not e.is_empty] + [p, q]).convex_hull)
    if not bridges:
        return shape
    return make_valid(unary_union([shape, *bridges]))


def reference_outline(geoms: Sequence, gap: float = 0.0, min_hole: float = 0.0, fixed_starts: bool = True,
                      inset: bool = True):
    """The outline as defined now, or as it was drawn before: ``fixed_starts`` (the closing's simplified copy
    starts each ring at a vertex fixed on the ground; before, wherever the union left them) and ``inset`` (the
    closing shrinks back ``geometry.CLOSING_INSET`` of the gap further than it grew; before, exactly as far)."""
    from shapely.ops import unary_union

    merged = reference_fill_holes(reference_union(geoms), min_hole)
    if gap <= 0 or merged.is_empty:
        return merged
    half = gap / 2.0
    rough = (fixed_ring_starts(merged) if fixed_starts else merged).simplify(gap / 20.0, preserve_topology=True)
    closed = rough.buffer(half, 4).buffer(-half - (gap * CLOSING_INSET if inset else 0.0), 4)
    result = make_valid(unary_union([merged, closed]))
    return reference_bridge(result, [g for g in geoms if g is not None and not g.is_empty], gap)


def test_reference_outline_of_two_squares_and_a_gap():
    """The reference itself: touching squares merge; with a 2-unit gap a third square 1 unit away is bridged."""
    from shapely.geometry import box

    squares = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(3, 0, 4, 1)]
    assert reference_outline(squares[:2]).equals(box(0, 0, 2, 1))
    assert reference_outline(squares, 2.0).geom_type == "Polygon"
