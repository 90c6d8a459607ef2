"""Neighbour graph of polygons: queen, rook, and gap-tolerance contiguity.

Pure shapely/numpy so it can be tested and benchmarked without QGIS. Geometries
must already be in a projected CRS in metres (the GIS bridge reprojects).

Exactness matters more than speed tricks: libpysal's queen hashes shared vertices
and so misses polygons whose boundaries meet between vertices; here candidate
pairs come from the polygons' bounding boxes (an STR-tree on shapely 2, a numpy
grid on 1.8: ``core.geometry``) and every pair is confirmed by a GEOS predicate.
``component_labels`` also joins the point clusters' cells (``core.points``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from . import geometry as geom
from .codes import NEIGHBOUR_RULES as RULES
from .codes import QUEEN, ROOK

__all__ = ["QUEEN", "ROOK", "RULES", "TOUCH", "NeighbourGraph", "build_neighbour_graph", "component_labels"]
# Polygons this close (metres) touch: reprojection moves a vertex that lay on a neighbour's
# edge by ~1e-10 m, and neighbours must not depend on the layer's CRS. Far below any real
# gap in boundary data, far above floating-point noise.
TOUCH = 1e-3


@dataclass(frozen=True)
class NeighbourGraph:
    """Undirected, symmetric adjacency of ``n`` regions in CSR form."""

    n: int
    indptr: np.ndarray
    indices: np.ndarray
    _pairs: np.ndarray = field(repr=False, default=None)  # type: ignore[assignment]

    @classmethod
    def from_pairs(cls, n: int, pairs: np.ndarray) -> NeighbourGraph:
        pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        pairs = pairs[pairs[:, 0] != pairs[:, 1]]
        lo = np.minimum(pairs[:, 0], pairs[:, 1])
        hi = np.maximum(pairs[:, 0], pairs[:, 1])
        # each pair as one number lo * n + hi: sorting those orders the pairs as (lo, hi) rows would be ordered,
        # several times faster than np.unique(axis=0) or a lexsort over two columns
        width = np.int64(max(n, int(hi.max(initial=-1)) + 1, 1))
        key = np.unique(lo * width + hi)
        uniq = np.stack([key // width, key % width], axis=1)
        both = np.sort(np.concatenate([key, uniq[:, 1] * width + uniq[:, 0]]))
        src, dst = both // width, both % width
        indptr = np.zeros(n + 1, dtype=np.int64)
        indptr[1:] = np.cumsum(np.bincount(src, minlength=n)) if len(src) else 0
        return cls(n=n, indptr=indptr, indices=dst.astype(np.int64), _pairs=uniq)

    @property
    def pairs(self) -> np.ndarray:
        """Each edge once, as ``(i, j)`` with ``i < j``, sorted."""
        return self._pairs

    @property
    def degree(self) -> np.ndarray:
        return np.diff(self.indptr)

    @property
    def isolated(self) -> np.ndarray:
        return self.degree == 0

    def neighbours(self, i: int) -> np.ndarray:
        return self.indices[self.indptr[i]:self.indptr[i + 1]]

    def components(self, mask: Optional[np.ndarray] = None, use_scipy: bool = True) -> np.ndarray:
        """Connected-component label per node of the subgraph induced by ``mask``.

        Nodes outside ``mask`` get -1. Labels are 0.. in order of each
        component's lowest node index, so they do not depend on edge order.
        ``use_scipy=False`` forces the numpy path (the same labels; tests compare both).
        """
        keep = np.ones(self.n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        a, b = self._pairs[:, 0], self._pairs[:, 1]
        inside = keep[a] & keep[b]
        raw = component_labels(self.n, a[inside], b[inside], use_scipy)
        labels = np.full(self.n, -1, dtype=np.int64)
        kept = np.flatnonzero(keep)
        if len(kept):
            # number the components in order of their lowest node (kept is ascending, so first occurrence)
            roots, first, which = np.unique(raw[kept], return_index=True, return_inverse=True)
            rank = np.empty(len(roots), dtype=np.int64)
            rank[np.argsort(first, kind="stable")] = np.arange(len(roots))
            labels[kept] = rank[which.ravel()]
        return labels


def _scipy_components():
    """scipy's C connected components where scipy is importable (QGIS's Python on Debian has it), else None."""
    try:
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components
    except ImportError:
        return None

    def run(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        matrix = coo_matrix((np.ones(len(a), dtype=np.int8), (a, b)), shape=(n, n))
        return connected_components(matrix, directed=False)[1].astype(np.int64)

    return run


def component_labels(n: int, a: np.ndarray, b: np.ndarray, use_scipy: bool = True) -> np.ndarray:
    """A component label per node 0..n-1 of the undirected graph with edges ``a[k]``–``b[k]``.

    Labels identify components but are otherwise arbitrary. scipy's csgraph when present and
    ``use_scipy``; else whole-array numpy (no Python loop over edges): every edge hooks the larger of
    its two labels onto the smaller, then labels jump to their roots, until nothing changes.
    """
    a = np.asarray(a, dtype=np.int64)
    b = np.asarray(b, dtype=np.int64)
    run = _scipy_components() if use_scipy else None
    if run is not None:
        return run(n, a, b)
    label = np.arange(n, dtype=np.int64)
    while True:
        la, lb = label[a], label[b]
        new = label.copy()
        np.minimum.at(new, np.maximum(la, lb), np.minimum(la, lb))
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, label):
            return label
        label = new


def build_neighbour_graph(
    geometries: Sequence,
    rule: str = QUEEN,
    tolerance: float = 0.0,
    is_cancelled: Optional[Callable[[], bool]] = None,
) -> NeighbourGraph:
    """Neighbours by ``rule`` plus, when ``tolerance`` > 0, any pair closer than it.

    queen: the polygons share at least one point (touching anywhere, overlapping),
    up to ``TOUCH`` (1 mm) of floating-point noise;
    rook: they share a boundary stretch of positive length, or overlap (pairs within
    ``TOUCH`` but not in exact contact: along at least 1 m).
    tolerance: polygons separated by a gap of at most this many metres are
    neighbours whatever the rule (the rule only decides between touching pairs).
    ``None``/empty geometries have no neighbours.
    """
    if rule not in RULES:
        raise ValueError(f"Unknown neighbour rule {rule!r}; use one of {RULES}.")
    if tolerance < 0:
        raise ValueError("The gap tolerance cannot be negative.")
    geoms = list(geometries)
    touching = geom.intersecting_pairs(geoms, is_cancelled, TOUCH)
    pairs = touching
    if rule == ROOK:
        pairs = touching[geom.share_edge_or_overlap(geoms, touching, TOUCH)]
    if tolerance > 0:
        near = geom.pairs_within(geoms, tolerance, is_cancelled)
        # Pairs that touch are governed by the rule; the tolerance adds pairs across a gap.
        n = max(len(geoms), 1)
        gap_only = ~np.isin(near[:, 0] * n + near[:, 1], touching[:, 0] * n + touching[:, 1])
        pairs = np.concatenate([pairs, near[gap_only]])
    return NeighbourGraph.from_pairs(len(geoms), pairs)
