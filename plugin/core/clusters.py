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
    """Connected components of the above regions with at least ``min_regions`` members.

    Ids run 1.. largest first; ties are broken by the members' smallest key, so
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
    kept = [order[s:s + k].astype(np.int64) for s, k in zip(starts, sizes) if k >= min_regions]
    kept.sort(key=lambda m: (-len(m), min(str(keys[i]) for i in m)))
    return [Cluster(cluster_id=n + 1, members=m) for n, m in enumerate(kept)]


def cluster_ids(n: int, clusters: Sequence[Cluster]) -> np.ndarray:
    """Per region, its cluster id or 0."""
    out = np.zeros(n, dtype=np.int64)
    for c in clusters:
        out[c.members] = c.cluster_id
    return out
