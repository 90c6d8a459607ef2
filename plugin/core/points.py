"""Density clusters of weighted points (DBSCAN with weights) and points counted into regions.

The clusters in numpy (scipy's cKDTree and connected components where importable, with numpy fallbacks that
give the same labels); the points into regions with shapely's vectorised point-in-polygon tests. Coordinates
are in a measuring CRS (ground metres), so a radius means metres on the ground.

DBSCAN with weights, as scikit-learn defines it (``DBSCAN(eps, min_samples, sample_weight)``): a point is a
*core* point when the summed weight of the points within ``radius`` of it (itself included, distance <= radius)
reaches ``min_weight``; core points within ``radius`` of each other share a cluster; a non-core point within
``radius`` of a core point is a *border* point and joins the cluster of its nearest core point (scikit-learn
gives it to whichever cluster reaches it first: the same core and noise points, a border point in one of the
clusters it may join); every other point is *noise*.

Why not scikit-learn's way: it materialises every point's neighbourhood, so a dense core of 10,000 points
costs 10^8 indices. Here points are binned into square cells of side radius/√2 (a cell's diagonal is the
radius): every point of a cell lies within the radius of every other, so a cell whose weight reaches
``min_weight`` makes all its points core without looking at pairs, and all its core points share a cluster.
Pairs of points are compared only where needed, in chunks of at most ``max_pairs``: memory stays bounded
however dense the cores.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.prepared import prep

from .errors import check_cancelled
from .graph import component_labels

NOISE = -1
CORE, BORDER, NOISE_ROLE = "core", "border", "noise"
DEFAULT_MAX_PAIRS = 1 << 20  # point pairs compared at once: ~40 MB of temporaries
_SHRINK = 1.0 - 1e-9  # cells a hair smaller than radius/√2: rounding never puts two points of a cell > radius apart
_REL_TOL = 1e-9  # a neighbourhood weight within this fraction of min_weight reaches it (fractional sums' rounding)


def _cKDTree():  # scipy's class name
    try:
        from scipy.spatial import cKDTree
    except ImportError:  # scipy is optional: the numpy path gives the same labels
        return None
    return cKDTree


@dataclass
class PointClusters:
    """Labels per input point (input order): ``labels`` -1 for noise, else 0..n_clusters-1 (clusters numbered
    by their first core point in input order); ``core`` the core points."""

    labels: np.ndarray
    core: np.ndarray
    n_clusters: int

    @property
    def roles(self) -> np.ndarray:
        """'core', 'border' or 'noise' per point."""
        out = np.full(len(self.labels), NOISE_ROLE, dtype=object)
        out[self.labels >= 0] = BORDER
        out[self.core] = CORE
        return out


def check_points(xy: np.ndarray, weights: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """(n × 2 float coordinates, n weights); ValueError on non-finite coordinates or negative/NaN weights."""
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    if not np.isfinite(xy).all():
        raise ValueError("coordinates must be finite")
    w = np.ones(len(xy)) if weights is None else np.asarray(weights, dtype=float).reshape(-1)
    if len(w) != len(xy):
        raise ValueError("one weight per point")
    if len(w) and (not np.isfinite(w).all() or (w < 0).any()):
        raise ValueError("weights must be finite and not negative")
    return xy, w


class _Grid:
    """Points sorted into square cells; cells as sorted integer keys with their first point and count."""

    def __init__(self, xy: np.ndarray, side: float):
        self.side = side
        origin = xy.min(axis=0)
        self.origin_x, self.origin_y = float(origin[0]), float(origin[1])
        cell = np.floor((xy - origin) / side).astype(np.int64) + 2  # +2: offsets down to -2 stay >= 0
        self.height = int(cell[:, 1].max()) + 5
        key = cell[:, 0] * self.height + cell[:, 1]
        self.order = np.argsort(key, kind="stable")
        self.key = key[self.order]
        self.x = xy[self.order, 0]
        self.y = xy[self.order, 1]
        self.cells, self.start, self.count = np.unique(self.key, return_index=True, return_counts=True)
        self.cell_of = np.repeat(np.arange(len(self.cells)), self.count)

    def offsets(self, radius: float, half: bool = False) -> list[int]:
        """Key offsets of the cells that may hold a point within ``radius`` of a point of a cell (the cell
        itself first); ``half``: one of each symmetric pair and not the cell itself."""
        reach = int(np.ceil(radius / self.side)) + 1
        out = []
        for dx in range(-reach, reach + 1):
            for dy in range(-reach, reach + 1):
                gap = (max(abs(dx) - 1, 0) * self.side) ** 2 + (max(abs(dy) - 1, 0) * self.side) ** 2
                if gap > radius * radius:
                    continue
                if half and (dx < 0 or (dx == 0 and dy <= 0)):
                    continue
                out.append(dx * self.height + dy)
        out.sort(key=lambda o: o != 0)
        return out

    def lookup(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index into ``cells``, found) for each key."""
        idx = np.searchsorted(self.cells, keys)
        idx = np.minimum(idx, len(self.cells) - 1)
        return idx, self.cells[idx] == keys


def _cross(a_start: np.ndarray, a_count: np.ndarray, b_start: np.ndarray, b_count: np.ndarray,
           max_pairs: int) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Every (i, j, group) with i in a group's left run [a_start, a_start + a_count) and j in its right run,
    in chunks of about ``max_pairs`` pairs (a group too large for one chunk is split along its left run)."""
    a_start, a_count = a_start.astype(np.int64), a_count.astype(np.int64)
    b_start, b_count = b_start.astype(np.int64), b_count.astype(np.int64)
    keep = (a_count > 0) & (b_count > 0)
    group = np.nonzero(keep)[0]
    a_start, a_count, b_start, b_count = a_start[keep], a_count[keep], b_start[keep], b_count[keep]
    if not len(group):
        return
    step = np.maximum(max_pairs // b_count, 1)
    pieces = -(-a_count // step)
    if (pieces > 1).any():  # split large groups into left slices of ``step`` points
        rep = np.repeat(np.arange(len(group)), pieces)
        k = np.arange(len(rep)) - np.repeat(np.cumsum(pieces) - pieces, pieces)
        first = a_start[rep] + k * step[rep]
        a_count = np.minimum(step[rep], a_start[rep] + a_count[rep] - first)
        a_start, b_start, b_count, group = first, b_start[rep], b_count[rep], group[rep]
    sizes = a_count * b_count
    ends = np.cumsum(sizes)
    lo = 0
    while lo < len(sizes):
        base = ends[lo] - sizes[lo]
        hi = max(int(np.searchsorted(ends, base + max_pairs, side="right")), lo + 1)
        s = sizes[lo:hi]
        rep = np.repeat(np.arange(lo, hi), s)
        within = np.arange(int(s.sum()), dtype=np.int64) - np.repeat(np.cumsum(s) - s, s)
        nb = b_count[rep]
        yield a_start[rep] + within // nb, b_start[rep] + within % nb, group[rep]
        lo = hi


@dataclass(frozen=True)
class Density:
    """What makes a cluster, scikit-learn's ``eps`` and ``min_samples``: a point is core when the summed weight
    of the points within ``radius`` (ground metres) of it, its own included, reaches ``min_weight``. A radius
    that is not a positive number is refused here, once."""

    radius: float
    min_weight: float

    def __post_init__(self) -> None:
        if not (np.isfinite(self.radius) and self.radius > 0):
            raise ValueError("radius must be a positive number")


@dataclass(frozen=True)
class SearchOptions:
    """How the pairs are searched, never what is found: ``use_scipy=False`` forces the numpy paths (the same
    labels; tests compare both), ``max_pairs`` bounds the point pairs compared at once (memory)."""

    use_scipy: bool = True
    max_pairs: int = DEFAULT_MAX_PAIRS


DEFAULT_SEARCH = SearchOptions()


@dataclass(frozen=True)
class _Run:
    """What every stage of one ``dbscan`` call reads: the points binned in ``grid`` (``weights`` in the grid's
    order too), the radius, its square and the core threshold, the search options, cancellation and the
    progress tick."""

    grid: _Grid
    weights: np.ndarray
    radius: float
    r2: float
    threshold: float
    search: SearchOptions
    is_cancelled: Callable[[], bool] | None
    tick: Callable[[], None]


@dataclass(frozen=True)
class _CoreCells:
    """The core points grouped by cell: ``index`` (grid order) of each core point, cells in sorted ``keys``
    with each cell's run (``start``, ``count``) in ``index``, and the core points' coordinates ``x``, ``y``."""

    index: np.ndarray
    keys: np.ndarray
    start: np.ndarray
    count: np.ndarray
    x: np.ndarray
    y: np.ndarray


def dbscan(xy, density: Density, weights=None, is_cancelled: Callable[[], bool] | None = None,
           progress: Callable[[float], None] | None = None,
           search: SearchOptions = DEFAULT_SEARCH) -> PointClusters:
    """Weighted DBSCAN labels of the points ``xy`` (n × 2, metres); see the module docstring."""
    xy, w = check_points(xy, weights)
    n = len(xy)
    if n == 0:
        return PointClusters(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=bool), 0)
    radius, min_weight = float(density.radius), float(density.min_weight)
    grid = _Grid(xy, radius / np.sqrt(2.0) * _SHRINK)
    offsets = grid.offsets(radius)
    run = _Run(grid, w[grid.order], radius, radius * radius, min_weight - _REL_TOL * max(abs(min_weight), 1.0),
               search, is_cancelled, _progress(progress, 3 * len(offsets)))
    core = _core_points(run, offsets)
    labels_sorted = np.full(n, NOISE, dtype=np.int64)
    if core.any():
        _label_clusters(run, core, labels_sorted)

    labels = np.empty(n, dtype=np.int64)
    labels[grid.order] = labels_sorted
    core_in = np.empty(n, dtype=bool)
    core_in[grid.order] = core
    labels = _renumber(labels, core_in)
    if progress is not None:
        progress(100.0)
    return PointClusters(labels, core_in, int(labels.max()) + 1 if n else 0)


def _core_points(run: _Run, offsets: list[int]) -> np.ndarray:
    """Core flag per point (grid order). A cell whose own weight reaches the threshold makes all its points
    core; in the cells below it the weights within the radius are summed point by point, only where the cells
    around could reach the threshold at all."""
    grid, gx, gy, gw = run.grid, run.grid.x, run.grid.y, run.weights
    cell_weight = np.add.reduceat(gw, grid.start)
    dense = cell_weight >= run.threshold
    core = np.repeat(dense, grid.count)
    around = cell_weight.copy()
    for off in offsets[1:]:
        idx, found = grid.lookup(grid.cells + off)
        around[found] += cell_weight[idx[found]]
    open_cells = np.nonzero(~dense & (around >= run.threshold))[0]
    if not len(open_cells):
        return core
    sums = np.zeros(len(gx))
    for off in offsets:
        check_cancelled(run.is_cancelled)
        idx, found = grid.lookup(grid.cells[open_cells] + off)
        a, b = open_cells[found], idx[found]
        for i, j, _g in _cross(grid.start[a], grid.count[a], grid.start[b], grid.count[b], run.search.max_pairs):
            check_cancelled(run.is_cancelled)
            near = (gx[i] - gx[j]) ** 2 + (gy[i] - gy[j]) ** 2 <= run.r2
            i, j = i[near], j[near]
            if len(i):
                lo = int(i.min())
                part = np.bincount(i - lo, weights=gw[j])
                sums[lo:lo + len(part)] += part
        run.tick()
    in_open = np.zeros(len(grid.cells), dtype=bool)
    in_open[open_cells] = True
    point_open = in_open[grid.cell_of]
    core[point_open] = sums[point_open] >= run.threshold
    return core


def _label_clusters(run: _Run, core: np.ndarray, labels_sorted: np.ndarray) -> None:
    """Writes each clustered point's cluster into ``labels_sorted`` (grid order): core points by the connected
    cells of core points, then each border point the cluster of its nearest core point within the radius."""
    core_idx = np.nonzero(core)[0]
    keys, start, count = np.unique(run.grid.key[core_idx], return_index=True, return_counts=True)
    cores = _CoreCells(core_idx, keys, start, count, run.grid.x[core_idx], run.grid.y[core_idx])
    labels_sorted[core_idx] = np.repeat(_core_components(run, cores), count)
    free = np.nonzero(~core)[0]
    if len(free):
        nearest = _nearest_core(run, cores, free)
        has = nearest >= 0
        labels_sorted[free[has]] = labels_sorted[core_idx[nearest[has]]]


def _core_components(run: _Run, cores: _CoreCells) -> np.ndarray:
    """Cluster per cell of core points: cells joined when two of their core points lie within the radius."""
    edges_a, edges_b = [], []
    reps = _extremes(cores.x, cores.y, cores.start, cores.count)
    for off in run.grid.offsets(run.radius, half=True):
        check_cancelled(run.is_cancelled)
        idx = np.minimum(np.searchsorted(cores.keys, cores.keys + off), len(cores.keys) - 1)
        found = cores.keys[idx] == cores.keys + off
        a, b = np.nonzero(found)[0], idx[found]
        joined = _joined(cores, reps, a, b, run.r2)
        rest = ~joined
        if rest.any():  # the extremes did not join them: compare every core point of the two cells
            joined[rest] = _joined_exact(run, cores, a[rest], b[rest])
        edges_a.append(a[joined])
        edges_b.append(b[joined])
        run.tick()
    return component_labels(len(cores.keys), np.concatenate(edges_a), np.concatenate(edges_b),
                            run.search.use_scipy)


def _progress(progress, total: int) -> Callable[[], None]:
    done = [0]

    def tick() -> None:
        done[0] += 1
        if progress is not None:
            progress(min(99.0, 100.0 * done[0] / max(total, 1)))

    return tick


def _renumber(labels: np.ndarray, core: np.ndarray) -> np.ndarray:
    """Clusters numbered 0, 1, … by their first core point in input order (stable whatever the grid)."""
    out = labels.copy()
    if not core.any():
        return np.full(len(labels), NOISE, dtype=np.int64)
    core_labels = labels[core]
    _u, first = np.unique(core_labels, return_index=True)
    by_first = _u[np.argsort(first)]
    mapping = np.full(int(labels.max()) + 1, NOISE, dtype=np.int64)
    mapping[by_first] = np.arange(len(by_first))
    out[labels >= 0] = mapping[labels[labels >= 0]]
    return out


def _extremes(x: np.ndarray, y: np.ndarray, start: np.ndarray, count: np.ndarray) -> np.ndarray:
    """Per cell (runs start/count), the indices of its points extreme in 8 directions (cells × 8)."""
    cell = np.repeat(np.arange(len(start)), count)
    out = np.empty((len(start), 8), dtype=np.int64)
    for k, v in enumerate((x, -x, y, -y, x + y, -x - y, x - y, y - x)):
        order = np.lexsort((v, cell))
        out[:, k] = order[start]
    return out


def _joined(cores: _CoreCells, reps: np.ndarray, a: np.ndarray, b: np.ndarray, r2: float) -> np.ndarray:
    """Per cell pair, whether some extreme point of cell a lies within the radius of one of cell b's (a
    sufficient test that settles most neighbouring dense cells without comparing all their points)."""
    x, y = cores.x, cores.y
    out = np.zeros(len(a), dtype=bool)
    if not len(a):
        return out
    for k in range(8):
        ia = reps[a, k]
        d2 = (x[ia][:, None] - x[reps[b]]) ** 2 + (y[ia][:, None] - y[reps[b]]) ** 2
        out |= (d2 <= r2).any(axis=1)
    return out


def _joined_exact(run: _Run, cores: _CoreCells, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per cell pair, whether any core point of cell a lies within the radius of any of cell b's: only the
    points within the radius of the other cell's square are compared."""
    x, y, start, count, grid, r2 = cores.x, cores.y, cores.start, cores.count, run.grid, run.r2
    out = np.zeros(len(a), dtype=bool)

    def near_other(cells_self, cells_other):
        # the points of each pair's first cell that lie within the radius of the other cell's square
        pair = np.repeat(np.arange(len(cells_self)), count[cells_self])
        pos = np.arange(len(pair)) - np.repeat(np.cumsum(count[cells_self]) - count[cells_self], count[cells_self])
        idx = start[cells_self][pair] + pos
        key = cores.keys[cells_other][pair]
        x0 = (key // grid.height - 2) * grid.side + grid.origin_x
        y0 = (key % grid.height - 2) * grid.side + grid.origin_y
        dx = np.maximum(np.maximum(x0 - x[idx], x[idx] - (x0 + grid.side)), 0.0)
        dy = np.maximum(np.maximum(y0 - y[idx], y[idx] - (y0 + grid.side)), 0.0)
        keep = dx * dx + dy * dy <= r2
        pair, idx = pair[keep], idx[keep]
        n_kept = np.bincount(pair, minlength=len(cells_self))
        return idx, np.cumsum(n_kept) - n_kept, n_kept

    ia, sa, na = near_other(a, b)
    ib, sb, nb = near_other(b, a)
    for i, j, g in _cross(sa, na, sb, nb, run.search.max_pairs):
        check_cancelled(run.is_cancelled)
        pi, pj = ia[i], ib[j]
        near = (x[pi] - x[pj]) ** 2 + (y[pi] - y[pj]) ** 2 <= r2
        out[g[near]] = True
    return out


def _nearest_core(run: _Run, cores: _CoreCells, free: np.ndarray) -> np.ndarray:
    """Per non-core point (indices ``free`` in grid order), the position in ``cores.index`` of its nearest core
    point within the radius, or -1: through scipy's cKDTree where importable and wanted, else cell by cell."""
    tree_cls = _cKDTree() if run.search.use_scipy else None
    if tree_cls is not None:
        return _nearest_core_by_tree(run, cores, free, tree_cls)
    return _nearest_core_by_cells(run, cores, free)


def _nearest_core_by_tree(run: _Run, cores: _CoreCells, free: np.ndarray, tree_cls) -> np.ndarray:
    gx, gy, core_idx = run.grid.x, run.grid.y, cores.index
    tree = tree_cls(np.column_stack([cores.x, cores.y]))
    best = np.full(len(free), -1, dtype=np.int64)
    for lo in range(0, len(free), 65536):
        check_cancelled(run.is_cancelled)
        part = free[lo:lo + 65536]
        d, k = tree.query(np.column_stack([gx[part], gy[part]]), k=1,
                          distance_upper_bound=np.nextafter(run.radius, np.inf))
        ok = np.isfinite(d)
        ok[ok] = (gx[part[ok]] - gx[core_idx[k[ok]]]) ** 2 + (gy[part[ok]] - gy[core_idx[k[ok]]]) ** 2 <= run.r2
        best[lo:lo + len(part)][ok] = k[ok]
    return best


def _nearest_core_by_cells(run: _Run, cores: _CoreCells, free: np.ndarray) -> np.ndarray:
    """numpy: each free point compared with the core points of the cells around it, the nearest kept."""
    grid, gx, gy, core_idx, ccells = run.grid, run.grid.x, run.grid.y, cores.index, cores.keys
    free_cells = np.unique(grid.cell_of[free])
    fstart = np.searchsorted(free, grid.start[free_cells])
    fend = np.searchsorted(free, grid.start[free_cells] + grid.count[free_cells])
    best_d2 = np.full(len(free), np.inf)
    best = np.full(len(free), -1, dtype=np.int64)
    for off in grid.offsets(run.radius):
        check_cancelled(run.is_cancelled)
        idx = np.minimum(np.searchsorted(ccells, grid.cells[free_cells] + off), len(ccells) - 1)
        found = ccells[idx] == grid.cells[free_cells] + off
        for i, j, _g in _cross(fstart[found], (fend - fstart)[found], cores.start[idx[found]],
                               cores.count[idx[found]], run.search.max_pairs):
            p, c = free[i], core_idx[j]
            d2 = (gx[p] - gx[c]) ** 2 + (gy[p] - gy[c]) ** 2
            near = d2 <= run.r2
            i, j, d2 = i[near], j[near], d2[near]
            order = np.lexsort((j, d2, i))  # per free point its nearest (ties: the first core point)
            i, j, d2 = i[order], j[order], d2[order]
            first = np.ones(len(i), dtype=bool)
            first[1:] = i[1:] != i[:-1]
            i, j, d2 = i[first], j[first], d2[first]
            better = (d2 < best_d2[i]) | ((d2 == best_d2[i]) & (j < best[i]))
            best_d2[i[better]] = d2[better]
            best[i[better]] = j[better]
        run.tick()
    return best


def _xy_predicates():
    """(contains, intersects) on a geometry and coordinate arrays: shapely 2's ``contains_xy``/``intersects_xy``,
    else shapely 1.8's ``shapely.vectorized`` (detected by feature, not by version)."""
    if callable(getattr(shapely, "contains_xy", None)) and callable(getattr(shapely, "intersects_xy", None)):
        return shapely.contains_xy, shapely.intersects_xy
    from shapely import vectorized  # shapely 1.8 only (2.x deprecates it): imported where 1.8 is found

    return vectorized.contains, vectorized.touches


def assign_to_regions(xy, shapes, is_cancelled: Callable[[], bool] | None = None,
                      progress: Callable[[float], None] | None = None) -> np.ndarray:
    """The region (index into ``shapes``) each point falls in, -1 outside every region.

    Each point is counted once: a point inside several overlapping regions, or on the boundary two regions
    share, goes to the first of them in ``shapes`` order (feature order). Interiors are settled first; only
    points left over are tested against boundaries. ``shapes`` are polygons in the points' CRS (None skipped).
    """
    xy = np.asarray(xy, dtype=float).reshape(-1, 2)
    out = np.full(len(xy), -1, dtype=np.int64)
    if not len(xy):
        return out
    contains, on_boundary = _xy_predicates()
    shapely2 = _has_xy()  # shapely 2 prepares the geometry itself; 1.8 is given a prepared one
    order = np.argsort(xy[:, 0], kind="stable")
    sx, sy = xy[order, 0], xy[order, 1]
    usable = [(i, g) for i, g in enumerate(shapes) if g is not None and not g.is_empty]
    target = out[order]  # in x order; written back at the end
    for boundary_pass in (False, True):
        left = target < 0
        if not left.any():
            break
        px = sx if not boundary_pass else sx[left]
        py = sy if not boundary_pass else sy[left]
        pos = None if not boundary_pass else np.nonzero(left)[0]
        test = on_boundary if boundary_pass else contains
        for n, (i, g) in enumerate(usable):
            if n % 256 == 0:
                check_cancelled(is_cancelled)
                if progress is not None:
                    progress((50.0 if boundary_pass else 0.0) + 50.0 * n / max(len(usable), 1))
            x0, y0, x1, y1 = g.bounds
            lo, hi = np.searchsorted(px, x0, side="left"), np.searchsorted(px, x1, side="right")
            if hi <= lo:
                continue
            sel = np.arange(lo, hi)
            sel = sel[(py[lo:hi] >= y0) & (py[lo:hi] <= y1)]
            at = sel if pos is None else pos[sel]
            sel = sel[target[at] < 0]
            at = sel if pos is None else pos[sel]
            if not len(sel):
                continue
            hit = np.asarray(test(g if boundary_pass or shapely2 else prep(g), px[sel], py[sel]), dtype=bool)
            target[at[hit]] = i
    out[order] = target
    return out


def _has_xy() -> bool:
    return callable(getattr(shapely, "contains_xy", None))


def sum_by_region(region: np.ndarray, group: np.ndarray, n_regions: int, n_groups: int,
                  weights: np.ndarray | None = None) -> np.ndarray:
    """regions × groups sums of ``weights`` (1 each by default) of the points in each region; points outside
    (region -1) are left out."""
    inside = region >= 0
    w = np.ones(len(region)) if weights is None else np.asarray(weights, dtype=float)
    flat = region[inside] * n_groups + group[inside]
    return np.bincount(flat, weights=w[inside], minlength=n_regions * n_groups).reshape(n_regions, n_groups)
