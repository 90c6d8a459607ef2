"""SKATER-style contiguous regions of similar sector profiles.

Pure numpy (no scipy, so it runs inside QGIS): a minimum spanning tree of the
neighbour graph weighted by the distance between standardised profiles, then
greedy pruning. Each step evaluates every edge of the current forest and cuts
the one whose removal lowers the total within-group sum of squared deviations
(SSD) the most, as spopt's ``Skater`` does with a squared-Euclidean objective.
Cutting a tree edge always leaves two connected parts, so groups are contiguous.

Subtree sums make one step O(n × sectors): the SSD of any set is
``sum(x²) - |sum(x)|² / count``, and every candidate part is a rooted subtree.
"""
from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

from .errors import UserError
from .graph import NeighbourGraph


class RegionalisationError(UserError):
    """Regionalisation impossible for this input, with a plain-English reason."""

    code = "regionalisation"


def standardise(data: np.ndarray) -> tuple[np.ndarray, int]:
    """Z-score per column (ddof=0), NaN replaced by the column mean (i.e. 0); returns (z, n_missing).

    Constant or empty columns become 0 so they neither divide by zero nor
    influence distances.
    """
    x = np.asarray(data, dtype=float)
    if x.ndim == 1:
        x = x[:, None]
    x = np.where(np.isfinite(x), x, np.nan)
    missing = int(np.isnan(x).sum())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(x, axis=0)
        sd = np.nanstd(x, axis=0)
    ok = np.isfinite(sd) & (sd > 0)
    z = np.zeros_like(x)
    z[:, ok] = (x[:, ok] - mean[ok]) / sd[ok]
    z[np.isnan(z)] = 0.0
    return z, missing


def _standardised(data: np.ndarray, graph: NeighbourGraph) -> np.ndarray:
    z, missing = standardise(data)
    if z.shape[0] != graph.n:
        raise RegionalisationError(f"Expected one row of data per region ({graph.n}), got {z.shape[0]}.")
    if missing:
        warnings.warn(f"{missing} missing value(s) replaced by the sector mean.", stacklevel=3)
    return z


def minimum_spanning_forest(graph: NeighbourGraph, z: np.ndarray) -> np.ndarray:
    """Kruskal on the graph's edges with Euclidean profile distance; (n - components, 2) edges.

    Ties are broken by edge order (graph.pairs is sorted), so the result is deterministic.
    """
    pairs = graph.pairs
    if not len(pairs):
        return np.empty((0, 2), dtype=np.int64)
    cost = np.sqrt(((z[pairs[:, 0]] - z[pairs[:, 1]]) ** 2).sum(axis=1))
    parent = list(range(graph.n))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    chosen = []
    for e in np.argsort(cost, kind="mergesort"):
        a, b = find(int(pairs[e, 0])), find(int(pairs[e, 1]))
        if a != b:
            parent[max(a, b)] = min(a, b)
            chosen.append(e)
    return pairs[np.array(chosen, dtype=np.int64)]


def _rooted(n: int, edges: np.ndarray) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Forest rooted at each tree's lowest node: (component labels, parent (-1 at roots), BFS levels)."""
    tree = NeighbourGraph.from_pairs(n, edges)
    labels = tree.components()
    roots = np.unique(labels, return_index=True)[1]
    parent = np.full(n, -1, dtype=np.int64)
    seen = np.zeros(n, dtype=bool)
    seen[roots] = True
    levels = [roots]
    frontier = roots
    while frontier.size:
        counts = tree.degree[frontier]
        starts = np.repeat(tree.indptr[frontier], counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        nxt = tree.indices[starts + offsets]
        src = np.repeat(frontier, counts)
        fresh = ~seen[nxt]
        nxt, src = nxt[fresh], src[fresh]
        parent[nxt] = src
        seen[nxt] = True
        frontier = nxt
        if nxt.size:
            levels.append(nxt)
    return labels, parent, levels


def _skater_path(z: np.ndarray, graph: NeighbourGraph, kmax: int, min_size: int) -> dict[int, np.ndarray]:
    """Labels for every k from the number of components up to ``kmax`` (fewer if no cut is feasible)."""
    n = z.shape[0]
    edges = minimum_spanning_forest(graph, z)
    sq = (z ** 2).sum(axis=1)
    path: dict[int, np.ndarray] = {}
    while True:
        labels, parent, levels = _rooted(n, edges)
        k = int(labels.max()) + 1
        path[k] = labels
        if k >= kmax:
            return path
        # Subtree count, sum and sum of squares for every node, leaves upwards.
        cnt = np.ones(n)
        tot = z.copy()
        tsq = sq.copy()
        for level in reversed(levels[1:]):
            np.add.at(cnt, parent[level], cnt[level])
            np.add.at(tot, parent[level], tot[level])
            np.add.at(tsq, parent[level], tsq[level])
        roots = levels[0]
        group_cnt, group_tot, group_sq = cnt[roots][labels], tot[roots][labels], tsq[roots][labels]
        child = np.flatnonzero(parent >= 0)
        c_in, c_out = cnt[child], group_cnt[child] - cnt[child]
        ssd_in = tsq[child] - (tot[child] ** 2).sum(axis=1) / c_in
        s_out = group_tot[child] - tot[child]
        ssd_out = (group_sq[child] - tsq[child]) - (s_out ** 2).sum(axis=1) / c_out
        ssd_group = group_sq[child] - (group_tot[child] ** 2).sum(axis=1) / group_cnt[child]
        gain = ssd_group - ssd_in - ssd_out
        gain[(c_in < min_size) | (c_out < min_size)] = -np.inf
        if not child.size or not np.isfinite(gain.max()):
            return path
        best = child[int(np.argmax(gain))]  # ties: lowest child index
        a, b = min(best, parent[best]), max(best, parent[best])
        edges = edges[~((edges[:, 0] == a) & (edges[:, 1] == b))]


def _parts(graph: NeighbourGraph, min_size: int) -> int:
    """Number of separate parts of the graph; error if one is smaller than ``min_size``."""
    if min_size < 1:
        raise RegionalisationError("The minimum group size must be at least 1.")
    if graph.n == 0:
        raise RegionalisationError("There are no regions to group.")
    labels = graph.components()
    sizes = np.bincount(labels)
    if (sizes < min_size).any():
        raise RegionalisationError(
            f"{int((sizes < min_size).sum())} separate part(s) have fewer than {min_size} regions, "
            "so the minimum group size cannot be met."
        )
    return len(sizes)


def _check_k(graph: NeighbourGraph, k: int, min_size: int) -> None:
    n = graph.n
    if k < 1 or k > n:
        raise RegionalisationError(f"The number of groups must be between 1 and the number of regions ({n}); got {k}.")
    parts = _parts(graph, min_size)
    if k < parts:
        raise RegionalisationError(
            f"The regions form {parts} separate parts (islands or detached groups); "
            f"ask for at least {parts} groups or add a gap tolerance."
        )


def skater(data: np.ndarray, graph: NeighbourGraph, k: int, min_size: int = 1) -> np.ndarray:
    """Split the regions into ``k`` contiguous groups of similar profile; labels 0..k-1.

    ``data`` is (regions × sectors), standardised here per column. Labels are
    numbered in order of each group's lowest region index.
    """
    z = _standardised(data, graph)
    _check_k(graph, k, min_size)
    path = _skater_path(z, graph, k, min_size)
    if k not in path:
        raise RegionalisationError(
            f"Only {max(path)} groups can be formed with at least {min_size} regions each; "
            f"lower the number of groups or the minimum size."
        )
    return path[k]


def pseudo_f(z: np.ndarray, labels: np.ndarray) -> float:
    """Calinski–Harabasz: (SSB / (k-1)) / (SSW / (n-k)); inf when groups are internally identical."""
    n, k = z.shape[0], int(labels.max()) + 1
    if k < 2 or k >= n:
        return float("nan")
    grand = z.mean(axis=0)
    ssw = ssb = 0.0
    for g in range(k):
        members = z[labels == g]
        centre = members.mean(axis=0)
        ssw += float(((members - centre) ** 2).sum())
        ssb += members.shape[0] * float(((centre - grand) ** 2).sum())
    if ssw == 0:
        return float("inf")
    return (ssb / (k - 1)) / (ssw / (n - k))


def choose_k(
    data: np.ndarray,
    graph: NeighbourGraph,
    k_range: Sequence[int] = range(2, 11),
    min_size: int = 1,
) -> tuple[int, dict[int, float]]:
    """The k in ``k_range`` with the highest pseudo-F, and pseudo-F for every feasible k.

    SKATER's cuts are nested, so one pruning run gives every k.
    """
    z = _standardised(data, graph)
    ks = sorted(int(k) for k in k_range)
    if not ks:
        raise RegionalisationError("No numbers of groups to try.")
    parts = _parts(graph, min_size)
    path = _skater_path(z, graph, min(max(ks), graph.n), min_size)
    scores = {k: pseudo_f(z, path[k]) for k in ks if k in path and k >= max(parts, 2)}
    scores = {k: f for k, f in scores.items() if not np.isnan(f)}
    if not scores:
        raise RegionalisationError(
            f"None of the requested numbers of groups ({ks[0]}–{ks[-1]}) can be formed "
            f"(the regions form {parts} separate part(s); minimum size {min_size})."
        )
    best = max(scores, key=lambda k: (scores[k], -k))
    return best, scores


def distinctive_sectors(
    data: np.ndarray, labels: np.ndarray, names: Sequence[str], top: int = 3
) -> dict[int, list[str]]:
    """Per group, the ``top`` sectors with the largest mean standardised score (what sets it apart)."""
    z, _ = standardise(data)
    if z.shape[1] != len(names):
        raise RegionalisationError(f"Got {len(names)} sector names for {z.shape[1]} columns.")
    labels = np.asarray(labels)
    out: dict[int, list[str]] = {}
    for g in np.unique(labels):
        means = z[labels == g].mean(axis=0)
        order = np.argsort(-means, kind="mergesort")[:top]
        out[int(g)] = [names[i] for i in order]
    return out
