"""Global Moran's I per sector, with analytical and permutation inference.

Same weights and the same handling of missing and isolated regions as
``local_moran`` in localstats.py, so the global and local statistics of a sector
describe the same data:

* regions with no data (NaN) are dropped with their edges;
* weights are binary contiguity, row-standardised (w_ij = 1/k_i);
* a region left without a neighbour among the regions with data ("isolated")
  keeps its value in the mean, the variance and the permutations, but has no
  weights (its row of W is zero, so S0 = number of regions with a neighbour).
  That is how localstats treats isolated regions (its z, I and draws are over
  every region with data) and how esda's ``Moran`` treats a W with islands, so
  every number is comparable with esda's on the same W.

The statistic and its moments follow esda's ``Moran`` (transformation "r"):
I = n / S0 · Σ_i z_i Σ_j w_ij z_j / Σ_i z_i², E[I] = −1/(n−1), variances under
normality and randomisation from S0, S1, S2 and the kurtosis, two-tailed normal
p-values, and the permutation pseudo p folded as esda does (count of permuted
I ≥ observed, folded to the smaller tail, (count + 1) / (permutations + 1)).
As in localstats, a permuted I *equal* to the observed one (within rounding)
counts as extreme in both tails, so with ties our pseudo p can be slightly larger
than esda's, never smaller.

Permutations shuffle all n values (total randomisation). They are drawn once per
set of missing regions and shared by every sector with that set, from a
generator reseeded with ``seed`` for each such set, so a sector's result does
not depend on which other sectors are in the run.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .graph import NeighbourGraph
from .localstats import MAX_PERMUTATIONS, PermutationTest, StatisticsError, _prepare, _problem, _subgraph

# Permutations are drawn in chunks of about this many indices; edge products are
# evaluated on rows of at least _ROW_WIDTH numbers (permutations × sectors per pass),
# wider on small graphs so that a pass holds about _PASS_CELLS products.
_DRAW_CELLS = 2_000_000
_ROW_WIDTH = 16
_PASS_CELLS = 1 << 18

__all__ = ["GlobalMoran", "MAX_PERMUTATIONS", "StatisticsError", "global_moran"]


@dataclass
class GlobalMoran:
    """Global Moran's I of one sector; names map to esda's ``Moran`` attributes.

    ``stat`` = I, ``expected`` = EI, ``var_norm`` / ``var_rand`` = VI_norm /
    VI_rand, ``z_norm``, ``z_rand``, ``p_norm``, ``p_rand`` (two-tailed, as
    esda's default), ``p_sim``, ``mean_sim`` = EI_sim, ``sd_sim`` = seI_sim
    (population sd), ``z_sim``, ``p_z_sim`` (one-tailed, as esda). ``n`` counts
    the regions with data, ``n_isolated`` those among them without a neighbour
    with data. ``error`` is set (and every number NaN) when the sector was
    skipped with ``errors="skip"``.
    """

    stat: float
    expected: float
    var_norm: float
    z_norm: float
    p_norm: float
    var_rand: float
    z_rand: float
    p_rand: float
    p_sim: float
    mean_sim: float
    sd_sim: float
    z_sim: float
    p_z_sim: float
    n: int
    n_isolated: int
    permutations: int
    error: str | None = None


def global_moran(
    values: np.ndarray,
    graph: NeighbourGraph,
    permutations: int = 999,
    seed: int | None = None,
    errors: str = "raise",
) -> list[GlobalMoran]:
    """Global Moran's I for each sector (column of ``values``; a 1-D array is one sector).

    ``values`` is regions × sectors on the regions of ``graph``. Problems that
    make a sector's statistic undefined (fewer than 3 regions with data, no
    region with a neighbour, constant values) raise :class:`StatisticsError`,
    or with ``errors="skip"`` give a result whose ``error`` says why. With n = 3
    the variance under randomisation is undefined (NaN), as in esda.
    """
    if errors not in ("raise", "skip"):
        raise StatisticsError(f"errors must be 'raise' or 'skip' (got {errors!r}).")
    y = _prepare(values, graph, PermutationTest(permutations, None, "none", 0.05))
    n_all, s = y.shape
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**63))
    results: list[GlobalMoran | None] = [None] * s
    by_mask: dict[bytes, list[int]] = {}
    for j in range(s):
        by_mask.setdefault(np.isnan(y[:, j]).tobytes(), []).append(j)
    for cols in by_mask.values():
        keep = ~np.isnan(y[:, cols[0]])
        sub = _subgraph(graph, keep)
        good = []
        for j in cols:
            problem = _problem("moran", y[keep, j], sub)
            if problem is None:
                good.append(j)
            elif errors == "raise":
                raise StatisticsError(problem)
            else:
                results[j] = _skipped(int(keep.sum()), int((sub.degree == 0).sum()), permutations, problem)
        if good:
            rng = np.random.default_rng(seed)
            for j, res in zip(good, _compute(y[keep][:, good], sub, permutations, rng)):
                results[j] = res
    return [r for r in results if r is not None]


def _skipped(n: int, n_isolated: int, permutations: int, message: str) -> GlobalMoran:
    nan = float("nan")
    return GlobalMoran(nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, nan, n, n_isolated,
                       permutations, message)


def _weights(sub: NeighbourGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray, float, float, float]:
    """Edges (i < j), their symmetric weight w_ij + w_ji, and S0, S1, S2 of the row-standardised W."""
    deg = sub.degree.astype(float)
    a, b = sub.pairs[:, 0], sub.pairs[:, 1]
    c = 1.0 / deg[a] + 1.0 / deg[b]
    s0 = float((deg > 0).sum())
    s1 = float((c * c).sum())  # ½ Σ_ij (w_ij + w_ji)², each unordered edge twice
    col = np.zeros(sub.n)
    np.add.at(col, a, 1.0 / deg[b])
    np.add.at(col, b, 1.0 / deg[a])
    s2 = float(((deg > 0) + col) @ ((deg > 0) + col))  # Σ_i (row sum + column sum)²
    return a, b, c, s0, s1, s2


def _compute(y: np.ndarray, sub: NeighbourGraph, permutations: int, rng: np.random.Generator) -> list[GlobalMoran]:
    n, s = y.shape
    a, b, c, s0, s1, s2 = _weights(sub)
    z = y - y.mean(axis=0)
    z2ss = (z * z).sum(axis=0)
    scale = n / s0 / z2ss  # (s,)
    stat = scale * (c @ (z[a] * z[b]))

    expected = -1.0 / (n - 1)
    n2, s02 = n * n, s0 * s0
    var_norm = (n2 * s1 - n * s2 + 3 * s02) / ((n - 1) * (n + 1) * s02) - expected ** 2
    kurt = (z ** 4).sum(axis=0) / n / ((z2ss / n) ** 2)
    big_a = n * ((n2 - 3 * n + 3) * s1 - n * s2 + 3 * s02)
    big_b = kurt * ((n2 - n) * s1 - 2 * n * s2 + 6 * s02)
    with np.errstate(divide="ignore", invalid="ignore"):
        var_rand = (big_a - big_b) / ((n - 1) * (n - 2) * (n - 3) * s02) - expected ** 2
    if n <= 3:
        var_rand = np.full(s, np.nan)

    sim = _permuted(z, a, b, c, permutations, rng) * scale  # (permutations, s)
    # Equal within rounding counts in both tails (see the module docstring).
    tol = 64 * np.finfo(float).eps * np.maximum(np.abs(stat), 1.0)
    ge = (sim >= stat - tol).sum(axis=0)
    le = (sim <= stat + tol).sum(axis=0)
    p_sim = (np.minimum(ge, le) + 1.0) / (permutations + 1.0)
    mean_sim = sim.mean(axis=0)
    sd_sim = sim.std(axis=0)

    out = []
    for j in range(s):
        z_norm = _ratio(stat[j] - expected, math.sqrt(var_norm) if var_norm > 0 else float("nan"))
        se_rand = math.sqrt(var_rand[j]) if var_rand[j] > 0 else float("nan")
        z_rand = _ratio(stat[j] - expected, se_rand)
        z_sim = _ratio(stat[j] - mean_sim[j], sd_sim[j])
        out.append(GlobalMoran(
            stat=float(stat[j]), expected=expected, var_norm=float(var_norm), z_norm=z_norm,
            p_norm=_two_tailed(z_norm), var_rand=float(var_rand[j]), z_rand=z_rand, p_rand=_two_tailed(z_rand),
            p_sim=float(p_sim[j]), mean_sim=float(mean_sim[j]), sd_sim=float(sd_sim[j]), z_sim=z_sim,
            p_z_sim=_one_tailed(z_sim), n=n, n_isolated=int((sub.degree == 0).sum()), permutations=permutations,
        ))
    return out


def _permuted(z: np.ndarray, a: np.ndarray, b: np.ndarray, c: np.ndarray, permutations: int,
              rng: np.random.Generator) -> np.ndarray:
    """Σ_edges c_e z_π(a) z_π(b) for each permutation π of the regions (permutations × sectors).

    Permutations are drawn in chunks whose size depends on n only, so the
    stream of permutations (and the result for a sector) does not depend on the
    number of sectors. The work is gathering rows: the permuted values are laid
    out regions × (a few permutations × a few sectors), at least ``_ROW_WIDTH``
    numbers per row, so each edge end is one short contiguous read (one
    permutation of one sector at a time is three times slower on 35,000 LSOAs,
    whole chunks at once twice); small graphs take many permutations per pass.
    """
    n, s = z.shape
    out = np.empty((permutations, s))
    chunk = max(1, _DRAW_CELLS // n)
    width = max(_ROW_WIDTH, _PASS_CELLS // max(1, len(a)))
    group = min(s, width)  # sectors per pass
    per = max(1, width // group)  # permutations per pass
    for p0 in range(0, permutations, chunk):
        rows = min(chunk, permutations - p0)
        perm = np.tile(np.arange(n), (rows, 1))
        rng.permuted(perm, axis=1, out=perm)
        for g0 in range(0, s, group):
            zg = z[:, g0:g0 + group]
            k = zg.shape[1]
            for q0 in range(0, rows, per):
                pq = perm[q0:q0 + per]
                m = len(pq)
                zp = np.take(zg, pq.T, axis=0).reshape(n, m * k)  # row r: values at r under each π, per sector
                prod = np.take(zp, a, axis=0)
                prod *= np.take(zp, b, axis=0)
                out[p0 + q0:p0 + q0 + m, g0:g0 + k] = np.einsum("e,ek->k", c, prod).reshape(m, k)
    return out


def _ratio(num: float, den: float) -> float:
    if not np.isfinite(den) or den == 0:
        return float("nan")
    return float(num / den)


def _normal_sf(x: float) -> float:
    return 0.5 * math.erfc(x / math.sqrt(2.0))


def _one_tailed(z: float) -> float:
    """esda: the normal tail on the side of z (sf when z > 0, else cdf)."""
    if not np.isfinite(z):
        return float("nan")
    return _normal_sf(z) if z > 0 else _normal_sf(-z)


def _two_tailed(z: float) -> float:
    p = _one_tailed(z)
    return min(1.0, 2.0 * p) if np.isfinite(p) else p
