"""Multi-region clusters: connected groups of above-baseline regions."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .graph import NeighbourGraph


@dataclass
class Cluster:
    cluster_id: int
    members: np.ndarray  # region indices, ascending

    @property
    def size(self) -> int:
        return len(self.members)


def find_clusters(
    graph: NeighbourGraph, above: np.ndarray, keys: Sequence[str], min_regions: int = 2
) -> list[Cluster]:
    """Connected components of the above regions with at least ``min_regions`` regions (distinct keys: see
    :func:`region_count`).

    Ids run 1.. largest first (in regions); ties are broken by the members' smallest key, so
    the numbering does not depend on the order of the features in the layer.
    """
    if min_regions < 1:
        raise ValueError("The minimum number of regions in a cluster must be at least 1.")
    labels = graph.components(np.asarray(above, dtype=bool))
    nodes = np.flatnonzero(labels >= 0)
    if not len(nodes):
        return []
    # group the nodes by label with one stable sort: each group's members stay ascending
    order = nodes[np.argsort(labels[nodes], kind="stable")]
    starts = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    sizes = np.diff(np.r_[starts, len(order)])
    groups = [order[s:s + k].astype(np.int64) for s, k in zip(starts, sizes)]
    counted = [(region_count(keys, m), m) for m in groups]
    kept = [(n, m) for n, m in counted if n >= min_regions]
    kept.sort(key=lambda nm: (-nm[0], min(str(keys[i]) for i in nm[1])))
    return [Cluster(cluster_id=n + 1, members=m) for n, (_count, m) in enumerate(kept)]


def region_count(keys: Sequence[str], members: Sequence[int]) -> int:
    """How many regions ``members`` are: a key held by several features (a region listed twice in the layer)
    counts once, so two features of one region never make a 2-region cluster; features without a key count
    one each (as ``steps.outlines.distinct_members`` lists them)."""
    seen: set[str] = set()
    count = 0
    for i in members:
        key = keys[i]
        if key and key in seen:
            continue
        seen.add(key)
        count += 1
    return count


def cluster_ids(n: int, clusters: Sequence[Cluster]) -> np.ndarray:
    """Per region, its cluster id or 0."""
    out = np.zeros(n, dtype=np.int64)
    for c in clusters:
        out[c.members] = c.cluster_id
    return out
