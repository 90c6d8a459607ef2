"""Local Moran's I and Getis-Ord Gi* with conditional-permutation inference.

Pure numpy so the same code runs in QGIS, in tests and in benchmarks. The
statistics follow esda (``Moran_Local`` and ``G_Local(star=True)`` on
row-standardised weights) so values can be checked against it to 1e-9.

Speed comes from the shape of the problem: with binary neighbours and row
standardisation every weight of region i is 1/k_i, so a permuted statistic only
depends on the *sum* of k_i randomly drawn values. As in esda, one matrix of
draws (permutations × max degree, sampled without replacement) is shared by all
regions and, here, by all sectors: region i uses the first k_i columns. The sums
of the first k columns are computed once per degree and sorted, so each
region's count of "at least as extreme" draws is a binary search; the few draws
that happen to hit region i itself are fixed up afterwards (index i stands for
the last region, which keeps each region's sample uniform over the *other*
regions). Cost is O(permutations × max degree × sectors + n × sectors × log
permutations) with tiny memory, instead of O(n × permutations × degree).

Pseudo p-values use esda's definition for both statistics ("directed"/folded):
``larger`` = number of permuted statistics >= the observed one, folded to
``min(larger, permutations - larger)``, and p = (larger + 1) / (permutations + 1).
One deliberate difference: a permuted statistic *equal* to the observed one
counts as extreme in both tails (esda's fold counts it on one side only, and
which side depends on floating-point noise), so with tied data (rounded counts)
our p can be slightly larger, never smaller.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .codes import CORRECTIONS
from .errors import UserError
from .graph import NeighbourGraph

MAX_PERMUTATIONS = 99_999
MORAN_TYPES = ("HH", "LL", "HL", "LH", "ns", "isolated", "nodata")
GSTAR_TYPES = ("hot99", "hot95", "hot90", "ns", "cold90", "cold95", "cold99", "isolated", "nodata")
HOT_TYPES = frozenset({"hot99", "hot95", "hot90"})
COLD_TYPES = frozenset({"cold99", "cold95", "cold90"})
_GSTAR_LEVELS = ((0.01, "99"), (0.05, "95"), (0.10, "90"))
# Sum of draws arrays are kept below this many float64 cells (about 100 MB).
_BLOCK_CELLS = 12_500_000


class StatisticsError(UserError):
    """Input that a local statistic cannot be computed on, with a plain-English reason."""

    code = "statistics"


@dataclass(frozen=True)
class PermutationTest:
    """How a local statistic's significance is decided, the same for every sector of a run: conditional
    permutations (how many, from which ``seed``; None draws one), the ``correction`` for testing many regions at
    once (none, bonferroni, fdr) and ``alpha``, the level a region's corrected pseudo p may not exceed."""

    permutations: int = 999
    seed: int | None = None
    correction: str = "fdr"
    alpha: float = 0.05


@dataclass
class LocalResult:
    """Result of one local statistic for one sector; arrays have one entry per region.

    ``stat`` is local I (Moran) or the Gi* z-value; ``stat``, ``p`` and
    ``p_adjusted`` are NaN for isolated and no-data regions. ``z`` is the value
    standardised over regions with data (ddof=0) and ``lag`` the mean of the
    neighbours' ``z`` (the Moran scatter plot axes). ``error`` is set, and every
    region typed ``nodata``, when the sector was skipped (``errors="skip"``).
    """

    stat: np.ndarray
    p: np.ndarray
    p_adjusted: np.ndarray
    types: list[str]
    z: np.ndarray
    lag: np.ndarray
    error: str | None = None


# --------------------------------------------------------------------------- p-values


def adjust_pvalues(p: np.ndarray, method: str = "fdr") -> np.ndarray:
    """Multiple-testing correction over the non-NaN entries of ``p``.

    ``none`` returns a copy, ``bonferroni`` multiplies by the number of tests,
    ``fdr`` gives Benjamini–Hochberg adjusted p-values (p <= alpha is then
    exactly the BH rejection at level alpha). NaN entries are not tests and stay NaN.
    """
    method = _check_correction(method)
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    m = int(ok.sum())
    if m == 0:
        return out
    q = p[ok]
    if method == "none":
        adj = q.copy()
    elif method == "bonferroni":
        adj = np.minimum(q * m, 1.0)
    else:
        order = np.argsort(q, kind="mergesort")
        scaled = q[order] * m / np.arange(1, m + 1)
        # Step-up: each adjusted p is the smallest scaled p at or after its rank.
        mono = np.minimum.accumulate(scaled[::-1])[::-1]
        adj = np.empty(m)
        adj[order] = np.minimum(mono, 1.0)
    out[ok] = adj
    return out


def _check_correction(method: str) -> str:
    key = str(method).lower().replace("-", "_")
    key = {"fdr_bh": "fdr", "bh": "fdr", "benjamini_hochberg": "fdr", "bonf": "bonferroni"}.get(key, key)
    if key not in CORRECTIONS:
        raise StatisticsError(f"Unknown p-value correction {method!r}; use one of {', '.join(CORRECTIONS)}.")
    return key


# --------------------------------------------------------------------------- permutations


def _draw_ids(rng: np.random.Generator, permutations: int, pool: int, kmax: int) -> np.ndarray:
    """(permutations, kmax) indices into ``range(pool)``, distinct within a row, in random order.

    Every prefix of a row is then a uniform sample without replacement, which is
    what lets regions of every degree share the same draws.
    """
    if kmax == 0:
        return np.empty((permutations, 0), dtype=np.int64)
    if kmax * 4 > pool or pool <= 64:
        rows = max(1, 4_000_000 // pool)
        parts = [
            np.argsort(rng.random((min(rows, permutations - s), pool)), axis=1)[:, :kmax]
            for s in range(0, permutations, rows)
        ]
        return np.concatenate(parts).astype(np.int64)
    ids = rng.integers(0, pool, size=(permutations, kmax), dtype=np.int64)
    for c in range(1, kmax):
        dup = np.flatnonzero((ids[:, :c] == ids[:, c:c + 1]).any(axis=1))
        while dup.size:
            ids[dup, c] = rng.integers(0, pool, size=dup.size)
            dup = dup[(ids[dup, :c] == ids[dup, c:c + 1]).any(axis=1)]
    return ids


def _pseudo_p(
    y: np.ndarray,
    degree: np.ndarray,
    observed: np.ndarray,
    flat: np.ndarray,
    permutations: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """esda's folded pseudo p-values for statistics monotone in the sum of neighbour values.

    ``y`` (m, s) values, ``observed`` (m, s) sums over each region's neighbours,
    ``flat`` (m, s) marks statistics that do not depend on the sum (Moran's I of
    a region exactly at the mean): p = 1. Isolated regions get NaN.
    """
    m, s = y.shape
    kmax = int(degree.max()) if m else 0
    p = np.full((m, s), np.nan)
    if kmax == 0:
        return p
    ids = _draw_ids(rng, permutations, m - 1, kmax)
    # Draws that land on region r itself (index r stands in for region m-1 then).
    hit = np.arange(kmax)[None, :] < degree[ids]
    hp, hc = np.nonzero(hit)
    hr = ids[hp, hc]
    hk = degree[hr]
    groups = [(k, np.flatnonzero(degree == k)) for k in np.unique(degree[degree > 0])]
    block = max(1, _BLOCK_CELLS // (permutations * kmax))
    for b0 in range(0, s, block):
        yb = y[:, b0:b0 + block]
        ob = observed[:, b0:b0 + block]
        sums = np.cumsum(yb[ids], axis=1)  # (perms, kmax, sb): sum of the first k draws
        # Ties matter (counts are often whole numbers): sums within rounding count as equal.
        tol = 64 * np.finfo(float).eps * kmax * np.abs(yb).max(axis=0)
        lo, hi = ob - tol, ob + tol
        ge = np.zeros(ob.shape, dtype=np.int64)
        le = np.zeros(ob.shape, dtype=np.int64)
        for k, regions in groups:
            srt = np.sort(sums[:, k - 1, :], axis=0)
            for j in range(yb.shape[1]):
                ge[regions, j] = permutations - np.searchsorted(srt[:, j], lo[regions, j], "left")
                le[regions, j] = np.searchsorted(srt[:, j], hi[regions, j], "right")
        if hr.size:
            wrong = sums[hp, hk - 1, :]
            right = wrong + (yb[m - 1] - yb[hr])
            np.add.at(ge, hr, (right >= lo[hr]).astype(np.int64) - (wrong >= lo[hr]))
            np.add.at(le, hr, (right <= hi[hr]).astype(np.int64) - (wrong <= hi[hr]))
        # esda folds count(>=) with permutations - count(>=); taking count(<=) for the
        # other tail is the same without ties and counts ties as extreme on both sides.
        pb = (np.minimum(ge, le) + 1.0) / (permutations + 1.0)
        pb[flat[:, b0:b0 + block]] = 1.0
        pb[degree == 0] = np.nan
        p[:, b0:b0 + block] = pb
    return p


# --------------------------------------------------------------------------- driver


def _subgraph(graph: NeighbourGraph, keep: np.ndarray) -> NeighbourGraph:
    """The graph induced by ``keep`` with nodes renumbered 0..keep.sum()-1."""
    index = np.full(graph.n, -1, dtype=np.int64)
    index[keep] = np.arange(int(keep.sum()))
    pairs = graph.pairs
    if len(pairs):
        pairs = pairs[keep[pairs[:, 0]] & keep[pairs[:, 1]]]
    return NeighbourGraph.from_pairs(int(keep.sum()), index[pairs] if len(pairs) else np.empty((0, 2)))


def _neighbour_sums(sub: NeighbourGraph, y: np.ndarray) -> np.ndarray:
    """Sum of each region's neighbours' values, (m, s); 0 for isolated regions."""
    out = np.zeros(y.shape)
    deg = sub.degree
    rows = np.flatnonzero(deg > 0)
    if rows.size:
        out[rows] = np.add.reduceat(y[sub.indices], sub.indptr[:-1][rows], axis=0)
    return out


def _prepare(values: np.ndarray, graph: NeighbourGraph, test: PermutationTest):
    permutations, alpha, correction = test.permutations, test.alpha, test.correction
    if not isinstance(permutations, (int, np.integer)) or isinstance(permutations, bool):
        raise StatisticsError("The number of permutations must be a whole number.")
    if permutations < 1 or permutations > MAX_PERMUTATIONS:
        raise StatisticsError(
            f"The number of permutations must be between 1 and {MAX_PERMUTATIONS:,} (got {permutations})."
        )
    if not 0 < alpha < 1:
        raise StatisticsError(f"The significance level must be between 0 and 1 (got {alpha}).")
    _check_correction(correction)
    y = np.asarray(values, dtype=float)
    if y.ndim == 1:
        y = y[:, None]
    if y.ndim != 2 or y.shape[0] != graph.n:
        raise StatisticsError(
            f"Expected one value per region ({graph.n}), got an array of shape {np.shape(values)}."
        )
    y = np.where(np.isfinite(y), y, np.nan)
    return y


def _run(kind: str, values: np.ndarray, graph: NeighbourGraph, test: PermutationTest | None,
         errors: str) -> list[LocalResult]:
    if errors not in ("raise", "skip"):
        raise StatisticsError(f"errors must be 'raise' or 'skip' (got {errors!r}).")
    test = test or PermutationTest()
    y = _prepare(values, graph, test)
    n, s = y.shape
    seed = test.seed
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**63))
    results: list[LocalResult | None] = [None] * s
    # Sectors with the same regions missing share one subgraph and one set of draws.
    by_mask: dict[bytes, list[int]] = {}
    for j in range(s):
        by_mask.setdefault(np.isnan(y[:, j]).tobytes(), []).append(j)
    for cols in by_mask.values():
        keep = ~np.isnan(y[:, cols[0]])
        sub = _subgraph(graph, keep)
        good = []
        for j in cols:
            problem = _problem(kind, y[keep, j], sub)
            if problem is None:
                good.append(j)
            elif errors == "raise":
                raise StatisticsError(problem)
            else:
                results[j] = _skipped(n, problem)
        if good:
            rng = np.random.default_rng(seed)  # same draws for every mask group: results per sector
            for j, res in zip(good, _compute(kind, y[keep][:, good], sub, keep, test, rng)):
                results[j] = res
    return [r for r in results if r is not None]


def _problem(kind: str, v: np.ndarray, sub: NeighbourGraph) -> str | None:
    if v.size < 3:
        return f"Only {v.size} region(s) have data; at least 3 are needed."
    if sub.degree.max() == 0:
        return "No region with data has a neighbour with data, so there is nothing to compare."
    if not np.std(v) > 0:
        return "All regions with data have the same value, so the statistic is undefined."
    if kind == "gstar" and v.sum() == 0:
        return "The values add up to zero, so Getis-Ord Gi* (a share of the total) is undefined."
    return None


def _skipped(n: int, message: str) -> LocalResult:
    nan = np.full(n, np.nan)
    return LocalResult(nan, nan.copy(), nan.copy(), ["nodata"] * n, nan.copy(), nan.copy(), message)


def _compute(kind: str, y: np.ndarray, sub: NeighbourGraph, keep: np.ndarray, test: PermutationTest,
             rng: np.random.Generator) -> list[LocalResult]:
    """The statistic of every sector (column of ``y``) on the regions kept (``keep``; ``sub`` their graph)."""
    m = y.shape[0]
    deg = sub.degree
    iso = deg == 0
    z = y - y.mean(axis=0)
    z /= y.std(axis=0)
    nb_y = _neighbour_sums(sub, y)
    with np.errstate(invalid="ignore", divide="ignore"):
        lag = _neighbour_sums(sub, z) / deg[:, None]
    lag[iso] = np.nan
    if kind == "moran":
        stat = (m - 1) * z * lag / (z * z).sum(axis=0)
        flat = z == 0
    else:
        total = y.sum(axis=0)
        # esda: W row-standardised with w_ii = 1 first, so every weight is 1/(k+1).
        g = (y + nb_y) / (deg[:, None] + 1.0) / total
        card = 1.0
        mean = total / m
        var = (y ** 2).sum(axis=0) / m - mean ** 2
        expected_var = card * (m - card) / (m - 1) / m ** 2 * var / mean ** 2
        stat = (g - card / m) / np.sqrt(expected_var)
        flat = np.zeros(y.shape, dtype=bool)
    stat[iso] = np.nan
    p = _pseudo_p(y, deg, nb_y, flat, test.permutations, rng)
    out = []
    for j in range(y.shape[1]):
        padj = adjust_pvalues(p[:, j], test.correction)
        if kind == "moran":
            kinds = _moran_types(z[:, j], lag[:, j], padj, iso, test.alpha)
        else:
            kinds = _gstar_types(stat[:, j], padj, iso, test.alpha)
        out.append(LocalResult(
            stat=_expand(stat[:, j], keep),
            p=_expand(p[:, j], keep),
            p_adjusted=_expand(padj, keep),
            types=_expand_types(kinds, keep),
            z=_expand(z[:, j], keep),
            lag=_expand(lag[:, j], keep),
        ))
    return out


def _expand(a: np.ndarray, keep: np.ndarray) -> np.ndarray:
    out = np.full(keep.shape, np.nan)
    out[keep] = a
    return out


def _expand_types(kinds: np.ndarray, keep: np.ndarray) -> list[str]:
    out = np.full(keep.shape, "nodata", dtype=object)
    out[keep] = kinds
    return [str(t) for t in out]


def _moran_types(z: np.ndarray, lag: np.ndarray, padj: np.ndarray, iso: np.ndarray, alpha: float) -> np.ndarray:
    # Quadrants as esda: "high" means strictly above the mean (z > 0).
    hi, lag_hi = z > 0, lag > 0
    quad = np.where(hi, np.where(lag_hi, "HH", "HL"), np.where(lag_hi, "LH", "LL")).astype(object)
    with np.errstate(invalid="ignore"):
        quad[~(padj <= alpha)] = "ns"
    quad[iso] = "isolated"
    return quad


def _gstar_types(zs: np.ndarray, padj: np.ndarray, iso: np.ndarray, alpha: float) -> np.ndarray:
    out = np.full(zs.shape, "ns", dtype=object)
    with np.errstate(invalid="ignore"):
        sig = padj <= alpha
        for level, label in reversed(_GSTAR_LEVELS):  # tightest level written last
            inside = sig & (padj <= level)
            out[inside & (zs > 0)] = "hot" + label
            out[inside & (zs < 0)] = "cold" + label
    out[iso] = "isolated"
    return out


# --------------------------------------------------------------------------- public API


def local_moran(values: np.ndarray, graph: NeighbourGraph, test: PermutationTest | None = None,
                errors: str = "raise") -> list[LocalResult]:
    """Local Moran's I per sector (column of ``values``; a 1-D array is one sector).

    Row-standardised binary weights on the subgraph of regions with data (NaN
    regions and their edges are dropped); ``test`` the permutations, seed, correction
    and alpha (default: 999, a new seed, fdr, 0.05). Types: HH/LL/HL/LH when the corrected
    pseudo p <= ``alpha``, else ``ns``; ``isolated`` (no neighbour with data),
    ``nodata``. A region exactly at the mean has I = 0 and p = 1 (esda reports
    1/(permutations+1) there, an artefact of counting ties). ``errors="skip"``
    turns per-sector problems (constant, < 3 regions, no neighbours) into
    ``LocalResult.error`` instead of raising, so one empty sector cannot stop a run.
    """
    return _run("moran", values, graph, test, errors)


def local_gstar(values: np.ndarray, graph: NeighbourGraph, test: PermutationTest | None = None,
                errors: str = "raise") -> list[LocalResult]:
    """Getis-Ord Gi* per sector; ``stat`` is esda's ``G_Local(star=True).Zs``.

    Bins: hot/cold (sign of z) at 99/95/90 % from the corrected pseudo p
    (<= 0.01 / 0.05 / 0.10); a region counts as significant only when its
    corrected p is also <= ``alpha``, so at the default 0.05 there are no 90 %
    bins. Other behaviour as :func:`local_moran`.
    """
    return _run("gstar", values, graph, test, errors)


def significant_clusters(
    graph: NeighbourGraph,
    types: Sequence[str],
    wanted: Iterable[str] = ("HH",),
    min_regions: int = 2,
) -> list[np.ndarray]:
    """Connected groups of regions whose type is in ``wanted`` (e.g. HH, or the hot bins).

    Largest first, ties by lowest member index; each array is sorted.
    """
    wanted = set(wanted)
    mask = np.array([t in wanted for t in types], dtype=bool)
    if mask.size != graph.n:
        raise StatisticsError(f"Expected {graph.n} region types, got {mask.size}.")
    labels = graph.components(mask)
    groups = [np.flatnonzero(labels == c) for c in range(int(labels.max()) + 1)] if mask.any() else []
    groups = [g for g in groups if g.size >= max(1, min_regions)]
    groups.sort(key=lambda g: (-g.size, int(g[0])))
    return groups
