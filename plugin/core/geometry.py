"""Shapely helpers that work on shapely 1.8 (Debian 12's QGIS) and 2.x (Debian 13): pairs of polygons that
touch or lie within a distance (the neighbour graph), unions and outlines of groups of regions.

Shapely 2 gets vectorised GEOS calls (bulk STR-tree queries with predicates). On 1.8 candidate pairs come
from a numpy grid of bounding boxes and each is confirmed by GEOS, called directly through 1.8's own ctypes
handle where GEOS exports the calls (else a loop over prepared geometries). Every path gives the same pairs.
"""
from __future__ import annotations

import ctypes
import logging
import struct
import threading
from typing import Sequence

import numpy as np
import shapely
from shapely import wkb as _wkb
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import nearest_points, unary_union
from shapely.prepared import prep
from shapely.strtree import STRtree

from .errors import Cancelled, check_cancelled
from .workers import run_all

__all__ = ["Cancelled", "SHAPELY2", "dissolve", "fixed_ring_starts", "intersecting_pairs", "make_valid", "outline",
           "pairs_within", "union"]

try:  # shapely >= 1.8
    from shapely.validation import make_valid as _make_valid
except ImportError:  # pragma: no cover - very old shapely
    _make_valid = None

# Shapely 2 has vectorised GEOS functions at the top level (shapely.intersects on arrays); 1.8 has not.
# Detected by feature: version strings are unreliable (Debian sid's shapely 2.2 reports "0+unknown").
SHAPELY2 = callable(getattr(shapely, "intersects", None)) and callable(getattr(shapely, "relate", None))
_CHECK_EVERY = 512


_check = check_cancelled


def from_wkb(data: bytes):
    return _wkb.loads(bytes(data))


def to_wkb(g) -> bytes:
    return _wkb.dumps(g)


def make_valid(g):
    """A valid version of ``g`` keeping only its polygonal parts."""
    if g is None or g.is_empty:
        return g
    if g.is_valid:
        return g
    fixed = _make_valid(g) if _make_valid is not None else g.buffer(0)
    return polygonal_part(fixed)


def polygonal_part(g):
    if g.geom_type in ("Polygon", "MultiPolygon"):
        return g
    if g.geom_type == "GeometryCollection":
        polys = [p for p in g.geoms if p.geom_type in ("Polygon", "MultiPolygon") and not p.is_empty]
        return unary_union(polys) if polys else Polygon()
    return Polygon()


def _usable(geoms: Sequence) -> list[int]:
    if SHAPELY2:  # one call (34,753 LSOAs: 1 ms, against 15 ms asking each shape)
        arr = np.empty(len(geoms), dtype=object)
        arr[:] = list(geoms)
        return np.flatnonzero(~(shapely.is_missing(arr) | shapely.is_empty(arr))).tolist()
    return [i for i, g in enumerate(geoms) if g is not None and not g.is_empty]


def _as_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    keep = a < b
    return np.stack([a[keep], b[keep]], axis=1).astype(np.int64)


def intersecting_pairs(geoms: Sequence, is_cancelled=None, snap: float = 0.0) -> np.ndarray:
    """Pairs ``i < j`` whose polygons share at least one point, or lie at most ``snap`` apart.

    ``snap`` absorbs floating-point noise: a vertex that lies exactly on a neighbour's
    edge in one CRS lies 1e-10 m beside it after reprojection, so an exact test
    would make the neighbours depend on the layer's CRS.
    """
    return _pairs_by(geoms, 0.0, is_cancelled, snap)


def pairs_within(geoms: Sequence, distance: float, is_cancelled=None) -> np.ndarray:
    """Pairs ``i < j`` whose polygons lie at most ``distance`` apart."""
    return _pairs_by(geoms, float(distance), is_cancelled)


# Candidate pairs are tested this many at a time (shapely 2): 34,753 LSOAs give 136,000, nine chunks shared by
# the cores, each short enough that a cancel is noticed within a few hundredths of a second.
PAIR_CHUNK = 16384


def _pairs_by(geoms: Sequence, distance: float, is_cancelled, snap: float = 0.0) -> np.ndarray:
    idx = _usable(geoms)
    if len(idx) < 2:
        return np.empty((0, 2), np.int64)
    sub = [geoms[i] for i in idx]
    lookup = np.asarray(idx, dtype=np.int64)
    if SHAPELY2:
        arr = np.asarray(sub, dtype=object)
        tree = STRtree(arr)
        reach = distance if distance > 0 else snap
        if reach > 0:
            lo = shapely.bounds(arr)
            probes = shapely.box(lo[:, 0] - reach, lo[:, 1] - reach, lo[:, 2] + reach, lo[:, 3] + reach)
            left, right = tree.query(probes)
        else:
            left, right = tree.query(arr)  # envelopes only: cheap
        keep = left < right  # test each candidate pair once, not in both directions
        left, right = left[keep], right[keep]
        hit = np.zeros(len(left), dtype=bool)

        def test(start: int) -> None:
            a, b = arr[left[start:start + PAIR_CHUNK]], arr[right[start:start + PAIR_CHUNK]]
            if distance > 0:
                hit[start:start + PAIR_CHUNK] = _within(a, b, distance)
            else:
                got = shapely.intersects(a, b)
                if snap > 0 and not got.all():
                    got[~got] = _within(a[~got], b[~got], snap)
                hit[start:start + PAIR_CHUNK] = got

        # chunks on every core (each predicate call runs without Python's lock; each chunk writes its own slice
        # of ``hit``); a cancel is noticed between chunks
        run_all(range(0, len(left), PAIR_CHUNK), test, is_cancelled, parallel_from=2)
        return np.stack([lookup[left[hit]], lookup[right[hit]]], axis=1).astype(np.int64)
    # shapely 1.8: candidate pairs by their boxes in numpy (one pass, no per-polygon tree query or probe
    # geometry), then each pair confirmed once by GEOS, with the left polygon prepared
    reach = distance if distance > 0 else snap
    left, right = box_pairs(bounds_array(sub), reach)
    direct = _geos_pair_tests()
    if direct is not None:
        hit = direct(sub, left, right, distance, snap, is_cancelled)
    else:
        hit = _shapely_pair_tests(sub, left, right, distance, snap, is_cancelled)
    return np.stack([lookup[left[hit]], lookup[right[hit]]], axis=1).astype(np.int64)


def _shapely_pair_tests(sub: Sequence, left: np.ndarray, right: np.ndarray, distance: float, snap: float,
                        is_cancelled) -> np.ndarray:
    """shapely 1.8 without a usable GEOS handle: per candidate pair (``left`` sorted), whether the two lie
    within ``distance`` (> 0), else whether they meet or lie at most ``snap`` apart; the left polygon prepared
    once for its run of pairs."""
    hit = np.zeros(len(left), dtype=bool)
    prepared = None
    current = -1
    for k in range(len(left)):
        if k % (_CHECK_EVERY * 8) == 0:
            _check(is_cancelled)
        i, j = left[k], right[k]
        g, h = sub[i], sub[j]
        if distance > 0:
            hit[k] = g.distance(h) <= distance
            continue
        if i != current:
            prepared, current = prep(g), i
        hit[k] = prepared.intersects(h) or (snap > 0 and g.distance(h) <= snap)
    return hit


_PAIR_TESTS: list = []


def _geos_pair_tests():
    """The shapely 1.8 pair loop with GEOS called directly through 1.8's own ctypes handle, or None where GEOS or
    shapely lack the calls.

    The same GEOS functions as 1.8's ``prep(g).intersects(h)`` and ``g.distance(h)`` (so the same pairs), without
    shapely 1.8's Python wrappers around each call, which cost more than the tests themselves on small polygons:
    1.5 of 2.1 s for the 136,000 candidate pairs of 34,753 LSOAs.
    """
    if not _PAIR_TESTS:
        _PAIR_TESTS.append(_make_geos_pair_tests())
    return _PAIR_TESTS[0]


def _make_geos_pair_tests():
    try:
        from shapely.geos import lgeos
        lib = lgeos._lgeos
        for name in ("GEOSPrepare_r", "GEOSPreparedGeom_destroy_r", "GEOSPreparedIntersects_r", "GEOSDistance_r"):
            getattr(lib, name)
    except (ImportError, AttributeError):
        return None
    within = getattr(lib, "GEOSPreparedDistanceWithin_r", None)  # GEOS 3.10+
    pointer, double = ctypes.c_void_p, ctypes.c_double
    # private function objects (not lib.X, which shapely's own calls share), prototyped here
    prepare = ctypes.CFUNCTYPE(pointer, pointer, pointer)(("GEOSPrepare_r", lib))
    release = ctypes.CFUNCTYPE(None, pointer, pointer)(("GEOSPreparedGeom_destroy_r", lib))
    meets = ctypes.CFUNCTYPE(ctypes.c_byte, pointer, pointer, pointer)(("GEOSPreparedIntersects_r", lib))
    apart = ctypes.CFUNCTYPE(ctypes.c_int, pointer, pointer, pointer, ctypes.POINTER(double))(("GEOSDistance_r", lib))
    if within is not None:
        within = ctypes.CFUNCTYPE(ctypes.c_byte, pointer, pointer, pointer, double)(
            ("GEOSPreparedDistanceWithin_r", lib))

    def run(sub: Sequence, left: np.ndarray, right: np.ndarray, distance: float, snap: float,
            is_cancelled) -> np.ndarray:
        # per candidate pair, as _shapely_pair_tests answers it
        handle = lgeos.geos_handle  # this thread's GEOS context (1.8's lgeos is thread-local)
        handles = [g._geom for g in sub]  # the geometries stay alive in ``sub`` for the whole loop
        value = double()
        ref = ctypes.byref(value)
        hit = np.zeros(len(left), dtype=bool)
        prepared, current = None, -1
        try:
            for k, (i, j) in enumerate(zip(left.tolist(), right.tolist())):
                if k % (_CHECK_EVERY * 8) == 0:
                    _check(is_cancelled)
                g, h = handles[i], handles[j]
                if i != current and (distance <= 0 or within is not None):
                    if prepared:
                        release(handle, prepared)
                    prepared, current = prepare(handle, g), i
                if distance > 0:
                    got = within(handle, prepared, h, distance) if within is not None and prepared else 2
                    if got == 2:
                        got = (value.value <= distance) if apart(handle, g, h, ref) else (
                            sub[i].distance(sub[j]) <= distance)  # GEOS failed: let shapely raise or answer
                    hit[k] = bool(got)
                    continue
                got = meets(handle, prepared, h) if prepared else 2
                if got == 2:  # GEOS failed: shapely's own call (raises as before, or answers)
                    got = prep(sub[i]).intersects(sub[j])
                if not got and snap > 0:
                    got = (value.value <= snap) if apart(handle, g, h, ref) else sub[i].distance(sub[j]) <= snap
                hit[k] = bool(got)
        finally:
            if prepared:
                release(handle, prepared)
        return hit

    return run


def bounds_array(geoms: Sequence) -> np.ndarray:
    """(minx, miny, maxx, maxy) per geometry as an n x 4 array.

    shapely 1.8 computes ``g.bounds`` in Python from the coordinates (about 40 µs a polygon, a second on
    35,000 LSOAs); GEOS (3.7+) has the extent in C, reached through 1.8's own ctypes handle where it exports
    it. Checked by feature; plain ``g.bounds`` otherwise.
    """
    if SHAPELY2:
        return shapely.bounds(np.asarray(geoms, dtype=object))
    extent = _geos_extent()
    if extent is None:
        return np.array([g.bounds for g in geoms], dtype=float).reshape(-1, 4)
    return np.array([extent(g) for g in geoms], dtype=float).reshape(-1, 4)


_EXTENT: list = []


def _geos_extent():
    """A function giving a 1.8 geometry's extent from GEOS directly, or None where GEOS or shapely lack it."""
    if not _EXTENT:
        _EXTENT.append(_make_geos_extent())
    return _EXTENT[0]


def _make_geos_extent():
    try:
        from shapely.geos import lgeos
        lib = lgeos._lgeos
        calls = [getattr(lib, f"GEOSGeom_get{c}_r") for c in ("XMin", "YMin", "XMax", "YMax")]
    except (ImportError, AttributeError):
        return None
    for call in calls:
        call.restype = ctypes.c_int
        call.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(ctypes.c_double)]

    def extent(g) -> tuple:
        # a buffer and a GEOS context per thread: the panel's tasks, Processing and the outline workers read
        # extents in different threads at once (1.8's lgeos is thread-local: each thread has its own context)
        handle = lgeos.geos_handle
        value = ctypes.c_double()
        ref = ctypes.byref(value)
        out = []
        for call in calls:
            if not call(handle, g._geom, ref):
                return g.bounds
            out.append(value.value)
        return tuple(out)

    return extent


ALL_BOX_PAIRS = 128  # up to this many boxes, box_pairs compares every pair (faster than its grid below ~150)


def box_pairs(bounds: np.ndarray, reach: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Pairs ``i < j`` (sorted by ``i``) whose boxes (minx, miny, maxx, maxy rows) lie at most ``reach`` apart
    on each axis: a superset of the pairs within ``reach`` of each other, found with whole-array numpy.

    Boxes are dropped into a grid of cells about one typical box wide; two boxes are compared in every cell
    they share, and a pair is kept only in the first cell they share (so once) when the boxes really meet.
    Up to ``ALL_BOX_PAIRS`` boxes every pair is compared at once instead (bridging a cluster's pieces asks for
    its few dozen members' pairs thousands of times, where the grid's fixed cost was most of the time).
    """
    n = len(bounds)
    if n < 2:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    b = np.asarray(bounds, dtype=float).copy()
    b[:, :2] -= reach / 2.0  # two boxes grown by half the reach each meet when they were at most reach apart
    b[:, 2:] += reach / 2.0
    if n <= ALL_BOX_PAIRS:
        meet = ((b[:, None, 0] <= b[None, :, 2]) & (b[None, :, 0] <= b[:, None, 2])
                & (b[:, None, 1] <= b[None, :, 3]) & (b[None, :, 1] <= b[:, None, 3]))
        i, j = np.nonzero(np.triu(meet, 1))  # row by row: sorted by i, then j
        return i.astype(np.int64), j.astype(np.int64)
    size = float(np.median(np.maximum(b[:, 2] - b[:, 0], b[:, 3] - b[:, 1])))
    if not size > 0:
        size = 1.0
    x0, y0 = b[:, 0].min(), b[:, 1].min()
    ix0 = ((b[:, 0] - x0) // size).astype(np.int64)
    iy0 = ((b[:, 1] - y0) // size).astype(np.int64)
    ix1 = ((b[:, 2] - x0) // size).astype(np.int64)
    iy1 = ((b[:, 3] - y0) // size).astype(np.int64)
    nx, ny = ix1 - ix0 + 1, iy1 - iy0 + 1
    counts = nx * ny
    box_of = np.repeat(np.arange(n, dtype=np.int64), counts)
    offset = np.arange(len(box_of), dtype=np.int64) - np.repeat(np.cumsum(counts) - counts, counts)
    width = np.repeat(nx, counts)
    cx = np.repeat(ix0, counts) + offset % width
    cy = np.repeat(iy0, counts) + offset // width
    rows = int(iy1.max()) + 1
    cell = cx * rows + cy
    order = np.lexsort((box_of, cell))
    cell, box_of = cell[order], box_of[order]
    # within each cell, every entry is paired with the entries after it
    group_end = np.r_[np.flatnonzero(np.diff(cell)) + 1, len(cell)]
    ends = np.repeat(group_end, np.diff(np.r_[0, group_end]))
    partners = ends - np.arange(len(cell)) - 1
    first = np.repeat(np.arange(len(cell), dtype=np.int64), partners)
    second = first + 1 + (np.arange(len(first), dtype=np.int64) - np.repeat(np.cumsum(partners) - partners, partners))
    i, j, where = box_of[first], box_of[second], cell[first]
    meet = (b[i, 0] <= b[j, 2]) & (b[j, 0] <= b[i, 2]) & (b[i, 1] <= b[j, 3]) & (b[j, 1] <= b[i, 3])
    once = (where // rows == np.maximum(ix0[i], ix0[j])) & (where % rows == np.maximum(iy0[i], iy0[j]))
    keep = meet & once
    i, j = i[keep], j[keep]
    order = np.lexsort((j, i))
    return i[order], j[order]


def _within(a, b, distance: float):
    """shapely.dwithin where it exists (2.1+); plain distances on 2.0 (Debian 13 may ship either)."""
    if hasattr(shapely, "dwithin"):
        return shapely.dwithin(a, b, distance)
    return shapely.distance(a, b) <= distance


def _query_items(tree, g):  # shapely 1.8 only
    return tree.query_items(g)


SHARED_LINE = 1.0  # metres of boundary two snapped (not exactly touching) polygons must run along each other


def share_edge_or_overlap(geoms: Sequence, pairs: np.ndarray, snap: float = 0.0) -> np.ndarray:
    """Rook test for intersecting pairs: interiors overlap, or boundaries share a line.

    With ``snap`` > 0, a pair whose exact contact is at most a point (often a boundary
    that runs 1e-10 m beside its neighbour's after reprojection, touching it here and
    there) shares a line when one boundary runs within ``snap`` of the other for at
    least ``SHARED_LINE``.
    """
    if len(pairs) == 0:
        return np.zeros(0, dtype=bool)
    if SHAPELY2:
        arr = np.asarray(geoms, dtype=object)
        matrices = shapely.relate(arr[pairs[:, 0]], arr[pairs[:, 1]])
    else:
        matrices = [geoms[i].relate(geoms[j]) for i, j in pairs]
    out = np.array([m[0] == "2" or m[4] == "1" for m in matrices], dtype=bool)
    if snap > 0:
        for k in np.flatnonzero(~out):
            a, b = geoms[pairs[k, 0]], geoms[pairs[k, 1]]
            out[k] = a.boundary.intersection(b.buffer(snap, 2)).length >= SHARED_LINE
    return out


def union(geoms: Sequence):
    parts = [g for g in geoms if g is not None and not g.is_empty]
    if not parts:
        return Polygon()
    return make_valid(unary_union(parts))


# A coverage union is accepted when its area is the members' summed area to this relative tolerance: GEOS
# itself refuses beyond 1e-6; a tighter bound leaves any doubtful set to the general union.
COVERAGE_AREA_TOLERANCE = 1e-9
# The closing shrinks back this fraction of the gap further than it grew (0.5 mm at 500 m, 3.5 cm at 35 km), so
# where it follows the members its edges lie just inside theirs instead of on them: the overlay that adds the
# members back then does not node thousands of nearly coincident edges, which took half its time.
CLOSING_INSET = 1e-6


def dissolve(geoms: Sequence):
    """The union of regions that tile without overlapping (a cluster's members): ``union``'s shape, faster.

    GEOS's coverage union only drops the edges two members share, several times faster than a general
    union, but it trusts its input: on boundaries that are not exactly noded (a vertex of one region lying
    on its neighbour's edge, not at a vertex) it raises or returns an invalid shape. Its result is kept only
    when it is a valid polygonal shape whose area is the members' summed area (a union of members that do
    not overlap has exactly that area, and a valid result is built from the members' own edges, so it covers
    the same ground); otherwise the general union is computed, as ``union`` does. Compared shape by shape
    with the general union on LAD and LEP layers (tests/core/test_outline_equivalence.py) and on the
    clusters of 34,753 LSOAs (benchmarks/bench_outlines.py).
    """
    parts = [g for g in geoms if g is not None and not g.is_empty]
    if len(parts) < 2:
        return union(parts)
    fast = _coverage_union(parts)
    if fast is not None and fast.geom_type in ("Polygon", "MultiPolygon") and not fast.is_empty:
        # one vectorised call under shapely 2 (a Python loop of .area holds the lock the outline threads share)
        total = float(shapely.area(np.asarray(parts, dtype=object)).sum()) if SHAPELY2 else sum(g.area for g in parts)
        if abs(fast.area - total) <= COVERAGE_AREA_TOLERANCE * total and fast.is_valid:
            return fast
    return make_valid(unary_union(parts))


def _coverage_union(parts: Sequence):
    """GEOS's coverage union of ``parts``, or None where it refuses them or is not available."""
    if SHAPELY2:
        if not hasattr(shapely, "coverage_union_all"):
            return None
        try:
            return shapely.coverage_union_all(np.asarray(parts, dtype=object))
        except shapely.errors.GEOSException:
            return None
    call = _geos_coverage_union()
    return call(parts) if call is not None else None


_COVERAGE: list = []


def _geos_coverage_union():
    """A coverage union for shapely 1.8, through its own ctypes handle on GEOS (3.8+ has
    GEOSCoverageUnion_r; Debian 12 ships 3.11), or None where GEOS or shapely lack it."""
    if not _COVERAGE:
        _COVERAGE.append(_make_geos_coverage_union())
    return _COVERAGE[0]


class _Quiet(threading.local):
    """A logging filter that drops shapely 1.8's GEOS error lines while a refused coverage union is expected
    (the general union then runs; the message would only alarm a user reading QGIS's log).

    Installed once and switched per thread: GEOS reports through shapely's handler in the calling thread, and
    adding and removing a filter around each call let one outline worker's removal unmute another's refusal.
    """

    active = False

    def filter(self, record) -> bool:
        return not self.active


def _make_geos_coverage_union():
    try:
        from shapely.geometry.base import geom_factory
        from shapely.geos import lgeos
        lib = lgeos._lgeos
        for name in ("GEOSCoverageUnion_r", "GEOSGeom_clone_r", "GEOSGeom_createCollection_r", "GEOSGeom_destroy_r"):
            getattr(lib, name)
    except (ImportError, AttributeError):
        return None
    pointer = ctypes.c_void_p
    # prototypes set on private function objects (ctypes caches one per name), so shapely's own calls keep theirs
    cover = ctypes.CFUNCTYPE(pointer, pointer, pointer)(("GEOSCoverageUnion_r", lib))
    clone = ctypes.CFUNCTYPE(pointer, pointer, pointer)(("GEOSGeom_clone_r", lib))
    collect = ctypes.CFUNCTYPE(pointer, pointer, ctypes.c_int, pointer, ctypes.c_uint)(
        ("GEOSGeom_createCollection_r", lib))
    destroy = ctypes.CFUNCTYPE(None, pointer, pointer)(("GEOSGeom_destroy_r", lib))
    quiet = _Quiet()
    logging.getLogger("shapely.geos").addFilter(quiet)

    def run(parts: Sequence):
        # the collection owns its members, so it gets clones (freed with it), never the members' own GEOS objects;
        # the calling thread's GEOS context, as shapely 1.8's own calls use (its lgeos is thread-local)
        handle = lgeos.geos_handle
        members = (pointer * len(parts))(*[clone(handle, g._geom) for g in parts])
        collection = collect(handle, 6, members, len(parts))  # 6: GEOS_GEOMETRYCOLLECTION
        if not collection:
            return None
        quiet.active = True
        try:
            result = cover(handle, collection)
        finally:
            quiet.active = False
            destroy(handle, collection)
        return geom_factory(result) if result else None

    return run


def outline(geoms: Sequence, gap: float = 0.0, min_hole: float = 0.0):
    """Union of ``geoms`` with gaps up to ``gap`` closed: one shape when the gap tolerance links them.

    Two steps. A morphological closing (grow by gap/2, shrink by gap/2) fills inlets and narrow gaps between
    facing boundaries while leaving convex corners where they were; it runs on a copy simplified to gap/20 with 4
    segments per quarter circle (within 350 m of a true arc at 35 km), several times faster and invisible at that
    scale, and the exact union is added back so no member is cut. The shrink goes a millionth of the gap deeper
    than the grow (``CLOSING_INSET``) so that the closing's edges do not lie on the members' own. A closing cannot
    bridge two corners that merely come near each other, so members still in separate pieces but within ``gap``
    of each other are then joined by a bridge: the hull of the two boundary stretches nearest each other
    (shortest links first, one per pair of pieces).

    Holes smaller than ``min_hole`` (square units) are filled: on generalised
    boundaries the union of neighbours keeps slivers where their edges do not
    quite meet, and an outline should not draw them. A real enclave (a region
    that is not a member) is as large as a region and stays open.
    """
    if gap <= 0:
        return fill_holes(dissolve(geoms), min_hole)
    merged = fill_holes(dissolve(geoms), min_hole)
    if merged.is_empty:
        return merged
    half = gap / 2.0
    # Douglas-Peucker keeps each ring's first vertex, so the simplified copy depends on where rings start: fixed
    # on the ground first, the outline no longer depends on the members' order or on which union built them.
    rough = fixed_ring_starts(merged).simplify(gap / 20.0, preserve_topology=True)
    closed = rough.buffer(half, 4).buffer(-half - gap * CLOSING_INSET, 4)
    # the binary overlay, a fifth faster than a unary union of the two. (With the union's own ring starts it moved a
    # cluster's area in a far-off CRS on GEOS 3.13: LAD in EPSG:2263 at 35 km 0.57 % from the source layer's;
    # from fixed starts it is 0.31 % on GEOS 3.11, 3.13 and 3.14 alike, tests/qgis/test_real_layers.py.)
    result = make_valid(_overlay_union(merged, closed))
    return _bridge(result, [g for g in geoms if g is not None and not g.is_empty], gap)


def fixed_ring_starts(g):
    """``g`` with every ring started at a point fixed on the ground: its vertex farthest from the ring's centroid.

    Rings are oriented too (exterior counter-clockwise, holes clockwise). An overlay starts rings wherever its
    noding leaves them, which depends on the order of its inputs; shapely's ``normalize`` starts them at the
    lowest coordinate, which depends on the CRS's axes (a layer in EPSG:3035 would then be simplified from
    other vertices than the same layer in EPSG:27700). Distances to the centroid barely change between
    projections; exact ties (regular grids) go to the lowest coordinate. The rings are rewritten in the
    shape's WKB (2D) and read back in one call: building them as shapely rings cost as much as the
    coverage union saves under shapely 1.8.
    """
    if g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
        return g
    data = bytearray(_wkb.dumps(g, output_dimension=2))
    _restart_rings(data, 0)
    return from_wkb(bytes(data))


def _restart_rings(data: bytearray, pos: int) -> int:
    """Rewrite in place the rings of the WKB polygon or multipolygon at ``pos``; the offset after it."""
    order = "<" if data[pos] == 1 else ">"
    kind, count = struct.unpack_from(order + "II", data, pos + 1)
    pos += 9
    if kind == 6:
        for _ in range(count):
            pos = _restart_rings(data, pos)
        return pos
    if kind != 3:
        raise ValueError(f"not a 2D polygon in WKB (type {kind})")
    for ring in range(count):
        (points,) = struct.unpack_from(order + "I", data, pos)
        coords = np.frombuffer(data, dtype=order + "f8", count=2 * points, offset=pos + 4).reshape(-1, 2)
        coords[:] = _started(coords, 1.0 if ring == 0 else -1.0)
        pos += 4 + 16 * points
    return pos


def _started(ring: np.ndarray, sign: float) -> np.ndarray:
    """A closed ring's vertices turning the way ``sign`` says (1: counter-clockwise), farthest vertex first."""
    if len(ring) < 4:
        return ring.copy()
    rel = ring - ring[0]  # about a vertex: far-off CRS coordinates (1e6 m) would cost the shoelace its precision
    x, y = rel[:, 0], rel[:, 1]
    cross = x[:-1] * y[1:] - x[1:] * y[:-1]
    area = cross.sum()
    if area != 0:
        cx = ((x[:-1] + x[1:]) * cross).sum() / (3.0 * area)
        cy = ((y[:-1] + y[1:]) * cross).sum() / (3.0 * area)
    else:
        cx, cy = x[:-1].mean(), y[:-1].mean()
    far = (x[:-1] - cx) ** 2 + (y[:-1] - cy) ** 2
    vertices = ring[:-1]
    if area * sign < 0:
        vertices, far = vertices[::-1], far[::-1]
    ties = np.flatnonzero(far >= far.max() * (1.0 - 1e-12))
    first = int(ties[0] if len(ties) == 1 else ties[np.lexsort((vertices[ties, 1], vertices[ties, 0]))[0]])
    return np.concatenate([vertices[first:], vertices[:first + 1]])


def _overlay_union(a, b):
    """``a.union(b)``. Under shapely 2.2 the method holds Python's lock through the whole overlay (two threads
    took as long as one on the LSOAs' outlines); the module function releases it. Under 1.8 the method calls
    GEOS through ctypes, which releases it."""
    return shapely.union(a, b) if SHAPELY2 else a.union(b)


def fill_holes(g, min_area: float):
    """``g`` without the interior rings smaller than ``min_area``."""
    if min_area <= 0 or g.is_empty or g.geom_type not in ("Polygon", "MultiPolygon"):
        return g
    parts = _parts(g)
    small = [[Polygon(r).area < min_area for r in p.interiors] for p in parts]
    if not any(any(s) for s in small):
        return g  # most outlines have no sliver: the shape as it is, not a rebuilt copy to validate again

    def fill(p, drop):
        return Polygon(p.exterior, [r for r, d in zip(p.interiors, drop) if not d])

    parts = [fill(p, drop) for p, drop in zip(parts, small)]
    return make_valid(parts[0] if len(parts) == 1 else MultiPolygon(parts))


def _parts(g) -> list:
    return list(g.geoms) if g.geom_type == "MultiPolygon" else [g]


def first_piece_containing(pieces: Sequence, points: Sequence) -> list[int]:
    """Per point, the lowest index of a piece it intersects, or -1.

    Each point is tested only against the pieces whose box holds it (testing every piece grew with members ×
    pieces): shapely 2 asks an STR-tree for all points in one call; 1.8 compares the points with the pieces'
    boxes in numpy and tests the few candidates with prepared pieces. (1.8's STRtree warns on construction,
    and silencing it with ``warnings.catch_warnings`` is not safe in the outline worker threads.)
    """
    if not len(points):
        return []
    if SHAPELY2:
        tree = STRtree(np.asarray(pieces, dtype=object))
        which, piece = tree.query(np.asarray(points, dtype=object), predicate="intersects")
        out = np.full(len(points), len(pieces), dtype=np.int64)
        np.minimum.at(out, which, piece)
        out[out == len(pieces)] = -1
        return [int(k) for k in out]
    boxes = bounds_array(pieces)
    xy = np.array([(p.x, p.y) for p in points], dtype=float).reshape(-1, 2)
    inside = ((boxes[None, :, 0] <= xy[:, None, 0]) & (xy[:, None, 0] <= boxes[None, :, 2])
              & (boxes[None, :, 1] <= xy[:, None, 1]) & (xy[:, None, 1] <= boxes[None, :, 3]))
    prepared: dict[int, object] = {}

    def holds(k: int, point) -> bool:
        if k not in prepared:
            prepared[k] = prep(pieces[k])
        return prepared[k].intersects(point)

    return [next((int(k) for k in np.flatnonzero(row) if holds(int(k), point)), -1)
            for row, point in zip(inside, points)]


def _links(members: Sequence, piece_of: np.ndarray, gap: float) -> list[tuple[float, int, int]]:
    """(distance, i, j) for the members ``i < j`` in different pieces that lie at most ``gap`` apart.

    Candidates come from the members' boxes and pairs in one piece are dropped before any distance is
    measured: most members within the gap of each other are in the same piece, and measuring them all
    (``pairs_within``) was most of the bridging's time.
    """
    left, right = box_pairs(bounds_array(members), gap)
    a, b = piece_of[left], piece_of[right]
    keep = (a != b) & (a >= 0) & (b >= 0)
    left, right = left[keep], right[keep]
    if not len(left):
        return []
    if SHAPELY2:
        arr = np.asarray(members, dtype=object)
        near = _within(arr[left], arr[right], gap)
        left, right = left[near], right[near]
        apart = shapely.distance(arr[left], arr[right])
        return [(float(d), int(i), int(j)) for d, i, j in zip(apart, left, right)]
    out = []
    for i, j in zip(left.tolist(), right.tolist()):
        d = members[i].distance(members[j])
        if d <= gap:
            out.append((d, i, j))
    return out


def joining_links(links: Sequence[tuple[int, int]], n: int) -> list[int]:
    """Indices of the ``links`` (pairs of pieces numbered below ``n``, taken in the order given) that join two
    pieces no earlier link has joined, directly or through others: Kruskal's choice when the links come
    shortest first."""
    parent = list(range(n))

    def find(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    chosen = []
    for k, (i, j) in enumerate(links):
        a, b = find(int(i)), find(int(j))
        if a != b:
            parent[a] = b
            chosen.append(k)
    return chosen


def _bridge(shape, members: Sequence, gap: float):
    pieces = _parts(shape)
    if len(pieces) < 2:
        return shape
    piece_of = first_piece_containing(pieces, [m.representative_point() for m in members])
    links = sorted(_links(members, np.asarray(piece_of, dtype=np.int64), gap))
    bridges = []
    for k in joining_links([(piece_of[i], piece_of[j]) for _, i, j in links], len(pieces)):
        dist, i, j = links[k]
        p, q = nearest_points(members[i], members[j])
        reach = max(dist, gap / 4.0)
        ends = [members[i].intersection(q.buffer(reach * 1.2, 8)), members[j].intersection(p.buffer(reach * 1.2, 8))]
        bridges.append(unary_union([e for e in ends if not e.is_empty] + [p, q]).convex_hull)
    if not bridges:
        return shape
    return make_valid(unary_union([shape, *bridges]))
