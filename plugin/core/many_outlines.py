"""Outlines of many member sets at once: ``geometry.outline`` for each set, as vectorised GEOS calls.

``geometry.outline`` is the definition of an outline; this module computes exactly that shape (the same GEOS
operations on the same inputs, so the same coordinates: tests/core/test_many_outlines.py compares them WKB
for WKB) for a whole batch of sets. Under shapely 2 each step runs as one call over an array of shapes:
the coverage unions over ragged collections of members, the ring starts in numpy, simplify, the two buffers,
the overlay with the members. Those calls release Python's lock for their whole length, where a set at a
time spends much of its time in Python between short GEOS calls, with the lock that the outline threads
share (two threads gave 0.64× of one thread's time, not 0.5×). Bridging the sets left in pieces is vectorised
too (``bridged``). Sets that need Python anyway go through the set-at-a-time functions: a refused coverage union
(the general union), holes to fill, an invalid overlay. Under shapely 1.8 every set is outlined by
``geometry.outline``.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import chain

import numpy as np
import shapely

from .errors import check_cancelled
from .geometry import (
    CLOSING_INSET,
    COVERAGE_AREA_TOLERANCE,
    SHAPELY2,
    _within,
    box_pairs,
    dissolve,
    fill_holes,
    joining_links,
    make_valid,
    outline,
)
from .workers import run_all, worker_count

# A batch ends at this many sets or members, whichever comes first: large enough that Python's share is small,
# small enough that a cancel is noticed within a fraction of a second. Fewer sets are split into at least
# BATCHES_PER_THREAD batches per thread, so that every core has work (the largest sets come first).
BATCH_SETS = 128
BATCH_MEMBERS = 4000
BATCHES_PER_THREAD = 4
# coverage unions are asked this many sets per GEOS call (see _coverage_unions)
COVERAGE_CHUNK = 16

_LIB = getattr(shapely, "lib", None)
VECTORISED = SHAPELY2 and all(callable(getattr(_LIB, name, None)) for name in ("coverage_union", "create_collection"))


def outline_sets(shapes: Sequence, member_sets: Sequence[Sequence[int]], gap: float = 0.0, min_hole: float = 0.0,
                 is_cancelled: Callable[[], bool] | None = None, workers: int | None = None) -> list:
    """``[outline([shapes[i] for i in s], gap, min_hole) for s in member_sets]``, batch by batch on every core.

    Raises ``Cancelled`` when ``is_cancelled`` answers True (checked between batches and between a batch's
    steps)."""
    sets = [tuple(int(i) for i in s) for s in member_sets]
    if not VECTORISED:
        # without a gap a set's outline is one coverage union, mostly Python around a short GEOS call: threads
        # then wait on each other (34,753 LSOAs: 1.44 s in one thread, 1.55 s in two)
        done = run_all(range(len(sets)), lambda k: outline([shapes[i] for i in sets[k]], gap, min_hole),
                       is_cancelled, 1 if gap <= 0 else workers)
        return [done[k] for k in range(len(sets))]
    arr = np.empty(len(shapes), dtype=object)
    arr[:] = list(shapes)
    usable = ~(shapely.is_missing(arr) | shapely.is_empty(arr))
    threads = worker_count() if workers is None else max(1, int(workers))
    batches = _batches([len(s) for s in sets], min(BATCH_SETS, -(-len(sets) // (BATCHES_PER_THREAD * threads))))
    done = run_all(batches, lambda batch: _outline_batch(arr, usable, sets[slice(*batch)], gap, min_hole,
                                                         is_cancelled),
                   is_cancelled, threads, parallel_from=2)
    out: list = []
    for batch in batches:
        out.extend(done[batch])
    return out


def _batches(sizes: Sequence[int], most: int = BATCH_SETS) -> list[tuple[int, int]]:
    """(start, stop) ranges of consecutive sets, each at most ``most`` sets and BATCH_MEMBERS members (or one
    set)."""
    most = max(1, most)
    out = []
    start, members = 0, 0
    for k, n in enumerate(sizes):
        if k > start and (k - start >= most or members + n > BATCH_MEMBERS):
            out.append((start, k))
            start, members = k, 0
        members += n
    if start < len(sizes):
        out.append((start, len(sizes)))
    return out


def _outline_batch(shapes: np.ndarray, usable: np.ndarray, sets: list[tuple[int, ...]], gap: float,
                   min_hole: float, is_cancelled: Callable[[], bool] | None = None) -> list:
    merged = _merged(shapes, usable, sets, min_hole)
    if gap <= 0:
        return list(merged)
    check_cancelled(is_cancelled)
    half = gap / 2.0
    out = merged.copy()
    todo = np.flatnonzero(~shapely.is_empty(merged))
    if not len(todo):
        return list(out)
    base = merged[todo]
    rough = shapely.simplify(fixed_ring_starts_all(base), gap / 20.0, preserve_topology=True)
    closed = shapely.buffer(shapely.buffer(rough, half, quad_segs=4), -half - gap * CLOSING_INSET, quad_segs=4)
    check_cancelled(is_cancelled)
    result = shapely.union(base, closed)
    check_cancelled(is_cancelled)
    for k in np.flatnonzero(~shapely.is_valid(result)):
        result[k] = make_valid(result[k])
    several = np.flatnonzero((shapely.get_type_id(result) == 6) & (shapely.get_num_geometries(result) >= 2))
    if len(several):
        check_cancelled(is_cancelled)
        members = [shapes[[i for i in sets[todo[k]] if usable[i]]] for k in several]
        result[several] = bridged(result[several], members, gap, is_cancelled)
    out[todo] = result
    return list(out)


def bridged(shapes: np.ndarray, members: list[np.ndarray], gap: float,
            is_cancelled: Callable[[], bool] | None = None) -> np.ndarray:
    """``geometry._bridge(shapes[k], list(members[k]), gap)`` for every k (each shape a multipolygon of two or more
    pieces), every GEOS step called once over all the sets.

    Set by set, bridging spent two thirds of its time in Python between short GEOS calls, holding the lock the
    outline threads share (the 1,745 LSOA sets with pieces at 500 m: 1.0 s, of which 0.32 s the final unions).
    Here only Kruskal's choice of links is a Python loop; it runs over all sets' links at once, which is the
    same choice per set because no link joins two sets' pieces. Each step takes the same inputs in the same order
    as ``_bridge`` (tests/core/test_many_outlines.py compares the outlines WKB for WKB).
    """
    out = shapes.copy()
    pieces, piece_set = shapely.get_parts(shapes, return_index=True)
    sizes = np.fromiter((len(m) for m in members), dtype=np.int64, count=len(members))
    flat = np.empty(int(sizes.sum()), dtype=object)
    flat[:] = list(chain.from_iterable(members))
    member_set = np.repeat(np.arange(len(shapes)), sizes)
    start = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    # each member's piece: the first of its set's pieces holding its representative point (first_piece_containing)
    # (tested against its own set's pieces only: one tree over every set's pieces tested each point against the
    # other sets' overlapping pieces too, half a second on the LSOA sets)
    points = shapely.point_on_surface(flat)
    which, piece = _own_pieces(member_set, piece_set)
    xy = shapely.get_coordinates(points)[which]
    box = shapely.bounds(pieces)[piece]
    inside = (box[:, 0] <= xy[:, 0]) & (xy[:, 0] <= box[:, 2]) & (box[:, 1] <= xy[:, 1]) & (xy[:, 1] <= box[:, 3])
    which, piece = which[inside], piece[inside]
    shapely.prepare(pieces)
    hit = shapely.intersects(pieces[piece], points[which])
    piece_of = np.full(len(flat), len(pieces), dtype=np.int64)
    np.minimum.at(piece_of, which[hit], piece[hit])
    piece_of[piece_of == len(pieces)] = -1
    # candidate links (_links): members of one set in different pieces whose boxes lie within the gap
    bounds = shapely.bounds(flat)
    pairs = [box_pairs(bounds[a:a + n], gap) for a, n in zip(start.tolist(), sizes.tolist())]
    left = np.concatenate([i + a for (i, _), a in zip(pairs, start)]).astype(np.int64)
    right = np.concatenate([j + a for (_, j), a in zip(pairs, start)]).astype(np.int64)
    a, b = piece_of[left], piece_of[right]
    keep = (a != b) & (a >= 0) & (b >= 0)
    left, right = left[keep], right[keep]
    near = _within(flat[left], flat[right], gap)
    left, right = left[near], right[near]
    apart = shapely.distance(flat[left], flat[right])
    check_cancelled(is_cancelled)
    # Kruskal per set, links shortest first (ties by member order, as sorted() orders _bridge's tuples)
    order = np.lexsort((right, left, apart, member_set[left]))
    chosen = order[joining_links(list(zip(piece_of[left[order]].tolist(), piece_of[right[order]].tolist())),
                                 len(pieces))]
    if not len(chosen):
        return out
    i, j, dist = left[chosen], right[chosen], apart[chosen]
    line = shapely.shortest_line(flat[i], flat[j])  # nearest_points: p on member i, q on member j
    p, q = shapely.get_point(line, 0), shapely.get_point(line, 1)
    reach = np.maximum(dist, gap / 4.0) * 1.2
    ends = np.column_stack([shapely.intersection(flat[i], shapely.buffer(q, reach, quad_segs=8)),
                            shapely.intersection(flat[j], shapely.buffer(p, reach, quad_segs=8)), p, q])
    used = np.ones(ends.shape, dtype=bool)
    used[:, :2] = ~shapely.is_empty(ends[:, :2])
    hulls = shapely.convex_hull(_LIB.unary_union(shapely.geometrycollections(
        ends[used], indices=np.repeat(np.arange(len(chosen)), used.sum(axis=1)))))
    check_cancelled(is_cancelled)
    # each set's pieces with its bridges, in the order they were chosen: one union per set
    owner = member_set[i]
    sets = np.unique(owner)
    grouped = np.concatenate([shapes[sets], hulls])
    group = np.concatenate([np.arange(len(sets)), np.searchsorted(sets, owner)])
    joined = _LIB.unary_union(shapely.geometrycollections(grouped[np.argsort(group, kind="stable")],
                                                          indices=np.sort(group, kind="stable")))
    for k in np.flatnonzero(~shapely.is_valid(joined)):
        joined[k] = make_valid(joined[k])
    out[sets] = joined
    return out


def _own_pieces(member_set: np.ndarray, piece_set: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (member, piece) pair of one set, both given by the set they belong to (each sorted by set)."""
    sets = max(int(member_set.max(initial=-1)), int(piece_set.max(initial=-1))) + 1
    pieces = np.bincount(piece_set, minlength=sets)
    first_piece = np.concatenate([[0], np.cumsum(pieces)[:-1]])
    per_member = pieces[member_set]
    which = np.repeat(np.arange(len(member_set)), per_member)
    piece = first_piece[member_set][which] + _ranges(per_member)
    return which, piece


def _merged(shapes: np.ndarray, usable: np.ndarray, sets: list[tuple[int, ...]], min_hole: float) -> np.ndarray:
    """``fill_holes(dissolve(members), min_hole)`` per set (``usable``: the shapes neither missing nor empty)."""
    out = np.empty(len(sets), dtype=object)
    sizes = np.fromiter((len(s) for s in sets), dtype=np.int64, count=len(sets))
    flat = np.fromiter(chain.from_iterable(sets), dtype=np.int64, count=int(sizes.sum()))
    owner = np.repeat(np.arange(len(sets)), sizes)
    keep = usable[flat]
    flat, owner = flat[keep], owner[keep]
    counts = np.bincount(owner, minlength=len(sets))
    fast = np.flatnonzero(counts >= 2)  # fewer members: dissolve's own path (a union of one or none)
    slow = set(np.flatnonzero(counts < 2).tolist())
    if len(fast):
        take = counts[owner] >= 2
        flat, owner = flat[take], np.searchsorted(fast, owner[take])
        cover = _coverage_unions(shapely.geometrycollections(shapes[flat], indices=owner))
        starts = np.concatenate([[0], np.cumsum(counts[fast])[:-1]])
        total = np.add.reduceat(shapely.area(shapes[flat]), starts)
        polygonal = np.isin(shapely.get_type_id(cover), (3, 6)) & ~shapely.is_empty(cover)
        accept = polygonal & (np.abs(shapely.area(cover) - total) <= COVERAGE_AREA_TOLERANCE * total)
        accept[accept] = shapely.is_valid(cover[accept])
        out[fast[accept]] = cover[accept]
        slow |= set(fast[~accept].tolist())
    for k in sorted(slow):
        out[k] = dissolve(list(shapes[list(sets[k])]))
    if min_hole > 0:
        for k in _with_holes(out):
            out[k] = fill_holes(out[k], min_hole)
    return out


def _coverage_unions(collections: np.ndarray) -> np.ndarray:
    """GEOS's coverage union of each collection, None where GEOS refuses it.

    One refused collection fails a whole call, whose collections are then asked one at a time; so the calls
    take COVERAGE_CHUNK collections each, and a refusal costs a few sets a second union, not a whole batch
    (34,753 LSOAs at 500 m: 65 of the 14,171 sets are refused, and in batches of 128 sets 5,019 were asked
    twice)."""
    out = np.empty(len(collections), dtype=object)
    for start in range(0, len(collections), COVERAGE_CHUNK):
        chunk = collections[start:start + COVERAGE_CHUNK]
        try:
            out[start:start + len(chunk)] = _LIB.coverage_union(chunk)
        except shapely.errors.GEOSException:
            out[start:start + len(chunk)] = [_one_coverage_union(c) for c in chunk]
    return out


def _one_coverage_union(collection):
    try:
        return _LIB.coverage_union(collection)
    except shapely.errors.GEOSException:
        return None


def _with_holes(geoms: np.ndarray) -> np.ndarray:
    """Indices of the polygonal shapes with at least one interior ring."""
    parts, owner = shapely.get_parts(geoms, return_index=True)
    holes = shapely.get_num_interior_rings(parts) > 0
    return np.unique(owner[holes])


def fixed_ring_starts_all(geoms: np.ndarray) -> np.ndarray:
    """``geometry.fixed_ring_starts`` of every shape in ``geoms``, in numpy over all the rings of its polygons and
    multipolygons at once (other shapes are returned as they are): every ring oriented (exterior
    counter-clockwise, holes clockwise) and started at its vertex farthest from the ring's centroid, ties at the
    lowest coordinate."""
    geoms = np.asarray(geoms, dtype=object)
    kinds = shapely.get_type_id(geoms)
    polygonal = np.isin(kinds, (3, 6)) & ~shapely.is_empty(geoms)
    if not polygonal.all():  # anything else as it is, as fixed_ring_starts leaves it
        out = geoms.copy()
        if polygonal.any():
            out[polygonal] = fixed_ring_starts_all(geoms[polygonal])
        return out
    polygons, polygon_owner = shapely.get_parts(geoms, return_index=True)
    rings, ring_polygon = shapely.get_rings(polygons, return_index=True)
    coords, ring_of = shapely.get_coordinates(rings, return_index=True)
    counts = np.bincount(ring_of, minlength=len(rings))
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    exterior = np.ones(len(rings), dtype=bool)
    exterior[1:] = ring_polygon[1:] != ring_polygon[:-1]
    new = coords.copy()
    rows = np.flatnonzero(counts >= 4)  # shorter rings are copied as they are
    if len(rows):
        new = _restarted(coords, starts, counts, exterior, rows)
    shells = shapely.linearrings(new, indices=ring_of)
    built = shapely.polygons(shells, indices=ring_polygon)
    out = np.empty(len(geoms), dtype=object)
    single = kinds == 3
    out[single] = built[np.flatnonzero(single[polygon_owner])]
    multi = np.flatnonzero(~single)
    if len(multi):
        take = ~single[polygon_owner]
        grouped = shapely.multipolygons(built[take], indices=np.searchsorted(multi, polygon_owner[take]))
        out[multi] = grouped
    return out


def _restarted(coords: np.ndarray, starts: np.ndarray, counts: np.ndarray, exterior: np.ndarray,
               rows: np.ndarray) -> np.ndarray:
    """The coordinates with the rings ``rows`` restarted and oriented as ``geometry._started`` does one ring."""
    new = coords.copy()
    n = counts[rows]
    first = starts[rows]
    ring = np.repeat(np.arange(len(rows)), n)  # position of each coordinate's ring within rows
    at = _ranges(n)
    xy = coords[first[ring] + at]
    rel = xy - coords[first][ring]
    x, y = rel[:, 0], rel[:, 1]
    last = at == n[ring] - 1  # the closing vertex: no edge starts there
    nxt = np.where(last, 0, np.arange(len(x)) + 1)
    cross = np.where(last, 0.0, x * y[nxt] - x[nxt] * y)
    bounds = np.concatenate([[0], np.cumsum(n)[:-1]])
    area = np.add.reduceat(cross, bounds)
    sx = np.add.reduceat(np.where(last, 0.0, (x + x[nxt]) * cross), bounds)
    sy = np.add.reduceat(np.where(last, 0.0, (y + y[nxt]) * cross), bounds)
    flat = area == 0
    safe = np.where(flat, 1.0, area)
    cx = np.where(flat, 0.0, sx / (3.0 * safe))
    cy = np.where(flat, 0.0, sy / (3.0 * safe))
    if flat.any():  # no area: the mean of the vertices, as for one ring
        m = np.maximum(n - 1, 1)
        cx = np.where(flat, np.add.reduceat(np.where(last, 0.0, x), bounds) / m, cx)
        cy = np.where(flat, np.add.reduceat(np.where(last, 0.0, y), bounds) / m, cy)
    far = np.where(last, -np.inf, (x - cx[ring]) ** 2 + (y - cy[ring]) ** 2)
    top = np.maximum.reduceat(far, bounds)
    tie = (far >= top[ring] * (1.0 - 1e-12)) & ~last
    cand = np.flatnonzero(tie)
    order = np.lexsort((xy[cand, 1], xy[cand, 0], ring[cand]))
    cand = cand[order]
    keep = np.ones(len(cand), dtype=bool)
    keep[1:] = ring[cand][1:] != ring[cand][:-1]
    pick = at[cand[keep]]  # per ring, the start vertex's index in the ring as stored
    sign = np.where(exterior[rows], 1.0, -1.0)
    backwards = area * sign < 0
    m = n - 1
    j = at
    start_fwd = pick[ring]
    fwd = (start_fwd + j) % m[ring]
    start_rev = (m - 1 - pick)[ring]
    rev = m[ring] - 1 - ((start_rev + j) % m[ring])
    source = np.where(backwards[ring], rev, fwd)
    new[first[ring] + at] = coords[first[ring] + source]
    return new


def _ranges(n: np.ndarray) -> np.ndarray:
    """0..n[0]-1, 0..n[1]-1, … concatenated."""
    total = int(n.sum())
    offsets = np.repeat(np.cumsum(n) - n, n)
    return np.arange(total) - offsets
