"""Neighbour graph of polygons: queen, rook, and gap-tolerance contiguity.

Pure shapely/numpy so it can be tested and benchmarked without QGIS. Geometries
must already be in a projected CRS in metres (the GIS bridge reprojects).

Exactness matters more than speed tricks: libpysal's queen hashes shared vertices
and so misses polygons whose boundaries meet between vertices; here candidate
pairs come from an STR-tree and every pair is confirmed by a GEOS predicate.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional, Sequence

import numpy as np

from . import geometry as geom
from .codes import NEIGHBOUR_RULES as RULES
from .codes import QUEEN, ROOK

__all__ = ["QUEEN", "ROOK", "RULES", "TOUCH", "NeighbourGraph", "build_neighbour_graph"]
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
        uniq = np.unique(np.stack([lo, hi], axis=1), axis=0) if len(lo) else np.empty((0, 2), np.int64)
        src = np.concatenate([uniq[:, 0], uniq[:, 1]])
        dst = np.concatenate([uniq[:, 1], uniq[:, 0]])
        order = np.lexsort((dst, src))
        src, dst = src[order], dst[order]
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.add.at(indptr, src + 1, 1)
        indptr = np.cumsum(indptr)
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

    def components(self, mask: Optional[np.ndarray] = None) -> np.ndarray:
        """Connected-component label per node of the subgraph induced by ``mask``.

        Nodes outside ``mask`` get -1. Labels are 0.. in order of each
        component's lowest node index, so they do not depend on edge order.
        """
        keep = np.ones(self.n, dtype=bool) if mask is None else np.asarray(mask, dtype=bool)
        parent = np.arange(self.n)

        def find(x: int) -> int:
            root = x
            while parent[root] != root:
                root = parent[root]
            while parent[x] != root:
                parent[x], x = root, parent[x]
            return root

        for i, j in self._pairs:
            if keep[i] and keep[j]:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        labels = np.full(self.n, -1, dtype=np.int64)
        roots: dict[int, int] = {}
        for i in np.flatnonzero(keep):
            r = find(int(i))
            labels[i] = roots.setdefault(r, len(roots))
        return labels


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
