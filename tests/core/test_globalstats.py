"""Global Moran's I: definition on dense matrices, exact permutation moments, edge cases, invariances."""
from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core.globalstats import MAX_PERMUTATIONS, GlobalMoran, StatisticsError, global_moran
from plugin.core.graph import NeighbourGraph
from plugin.core.localstats import PermutationTest, local_moran
from tests.core.grids import grid


def dense_w(g: NeighbourGraph) -> np.ndarray:
    """Row-standardised binary W as a dense matrix; isolated rows stay zero."""
    w = np.zeros((g.n, g.n))
    for i in range(g.n):
        nb = g.neighbours(i)
        if nb.size:
            w[i, nb] = 1.0 / nb.size
    return w


def textbook(y: np.ndarray, w: np.ndarray) -> dict:
    """Cliff & Ord's formulas written on the dense matrix, independent of the implementation's edge lists."""
    n = len(y)
    z = y - y.mean()
    s0 = w.sum()
    s1 = 0.5 * ((w + w.T) ** 2).sum()
    s2 = ((w.sum(axis=1) + w.sum(axis=0)) ** 2).sum()
    i = n / s0 * (z @ w @ z) / (z @ z)
    ei = -1 / (n - 1)
    vn = (n * n * s1 - n * s2 + 3 * s0 ** 2) / ((n - 1) * (n + 1) * s0 ** 2) - ei ** 2
    k = (z ** 4).sum() / n / ((z ** 2).sum() / n) ** 2
    a = n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 ** 2)
    b = k * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 ** 2)
    vr = (a - b) / ((n - 1) * (n - 2) * (n - 3) * s0 ** 2) - ei ** 2
    return {"I": i, "EI": ei, "VI_norm": vn, "VI_rand": vr}


def check_against_textbook(res: GlobalMoran, y: np.ndarray, g: NeighbourGraph) -> None:
    t = textbook(y, dense_w(g))
    assert res.stat == pytest.approx(t["I"], abs=1e-12)
    assert res.expected == pytest.approx(t["EI"], abs=1e-15)
    assert res.var_norm == pytest.approx(t["VI_norm"], abs=1e-12)
    assert res.var_rand == pytest.approx(t["VI_rand"], abs=1e-12)
    assert res.z_norm == pytest.approx((t["I"] - t["EI"]) / math.sqrt(t["VI_norm"]), abs=1e-9)
    assert res.z_rand == pytest.approx((t["I"] - t["EI"]) / math.sqrt(t["VI_rand"]), abs=1e-9)
    assert res.p_norm == pytest.approx(math.erfc(abs(res.z_norm) / math.sqrt(2)), abs=1e-12)


def same(a: GlobalMoran, b: GlobalMoran) -> None:
    assert (a.p_sim, a.n, a.n_isolated, a.error) == (b.p_sim, b.n, b.n_isolated, b.error)
    for name in ("stat", "z_norm", "z_rand", "mean_sim", "sd_sim", "z_sim", "var_rand"):
        assert getattr(a, name) == pytest.approx(getattr(b, name), rel=1e-12, abs=1e-15), name


def test_statistic_and_moments_match_the_textbook_on_a_grid() -> None:
    g = grid(5, 6)
    rng = np.random.default_rng(3)
    y = rng.gamma(2.0, 10.0, g.n) + np.repeat(np.arange(5), 6) * 30  # a north-south trend: positive I
    res = global_moran(y, g, permutations=199, seed=1)[0]
    check_against_textbook(res, y, g)
    assert res.stat > 0.2 and res.z_norm > 3 and res.p_sim <= 0.01
    assert res.n == 30 and res.n_isolated == 0 and res.permutations == 199 and res.error is None


def test_checkerboard_is_negative() -> None:
    g = grid(6, 6, queen=False)
    y = (np.indices((6, 6)).sum(axis=0) % 2).ravel().astype(float)
    res = global_moran(y, g, permutations=999, seed=0)[0]
    assert res.stat == pytest.approx(-1.0)  # every rook neighbour is on the other colour
    assert res.z_norm < -5 and res.p_sim == pytest.approx(1 / 1000)


def test_permutation_moments_are_exact_on_all_permutations() -> None:
    """E[I] = -1/(n-1) and Var[I] = VI_rand over the full permutation distribution (here all 7! of them)."""
    g = NeighbourGraph.from_pairs(7, np.array([(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (1, 5), (2, 6)]))
    y = np.array([3.0, 8, 1, 9, 4, 4.5, 12])
    w = dense_w(g)
    sims = []
    for p in itertools.permutations(range(7)):
        sims.append(textbook(y[list(p)], w)["I"])
    sims = np.array(sims)
    res = global_moran(y, g, permutations=99_999, seed=11)[0]
    assert sims.mean() == pytest.approx(res.expected, abs=1e-12)
    assert sims.var() == pytest.approx(res.var_rand, rel=1e-10)
    # The sampled distribution converges to the exact one (99,999 draws: sd of the mean ~ 0.001).
    assert res.mean_sim == pytest.approx(sims.mean(), abs=5 * sims.std() / math.sqrt(99_999))
    assert res.sd_sim == pytest.approx(sims.std(), rel=0.02)
    exact_larger = (sims >= res.stat - 1e-12).sum() / sims.size
    exact_p = min(exact_larger, (sims <= res.stat + 1e-12).sum() / sims.size)
    assert res.p_sim == pytest.approx(exact_p, abs=4 * math.sqrt(exact_p * (1 - exact_p) / 99_999) + 1e-4)


def test_isolated_regions_stay_in_the_mean_and_variance() -> None:
    """As in localstats (and esda with islands): n counts them, their row of W is zero."""
    g = NeighbourGraph.from_pairs(9, np.array([(i, i + 1) for i in range(6)]))  # 7 and 8 have no neighbour
    y = np.array([1.0, 2, 4, 8, 7, 5, 3, 50, -20])
    res = global_moran(y, g, permutations=99, seed=2)[0]
    assert res.n == 9 and res.n_isolated == 2
    check_against_textbook(res, y, g)
    # The isolated values move the mean and variance, so they change I although they have no weights.
    y2 = y.copy()
    y2[7:] = y[:7].mean()
    assert global_moran(y2, g, permutations=99, seed=2)[0].stat != pytest.approx(res.stat)
    # The local statistics keep the same regions in their z-values.
    local = local_moran(y, g, PermutationTest(permutations=99, seed=2))[0]
    assert local.types[7:] == ["isolated", "isolated"]
    # Global I is the row-standardised average of the local I's over the regions with a neighbour (S0 = 7).
    assert np.nansum(local.stat) * (9 / (9 - 1)) / 7 == pytest.approx(res.stat, abs=1e-12)


def test_no_data_regions_are_dropped_with_their_edges() -> None:
    g = grid(4, 4)
    y = np.arange(16, dtype=float) ** 1.5
    y_nan = y.copy()
    y_nan[[5, 10]] = np.nan
    res = global_moran(y_nan, g, permutations=99, seed=4)[0]
    keep = np.isfinite(y_nan)
    index = np.cumsum(keep) - 1
    sub = NeighbourGraph.from_pairs(14, np.array([index[[a, b]] for a, b in g.pairs if keep[a] and keep[b]]))
    assert res.n == 14
    check_against_textbook(res, y[keep], sub)


def test_region_whose_neighbours_have_no_data_becomes_isolated() -> None:
    g = NeighbourGraph.from_pairs(6, np.array([(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]))
    y = np.array([np.nan, 3.0, np.nan, 1, 5, 2])
    res = global_moran(y, g, permutations=99, seed=0)[0]
    assert res.n == 4 and res.n_isolated == 1  # region 1 lost both neighbours


def test_sectors_are_independent_of_each_other_and_seeded() -> None:
    g = grid(6, 7)
    rng = np.random.default_rng(8)
    y = rng.gamma(2.0, 3.0, (g.n, 5))
    y[3, 2] = np.nan  # one sector with another set of regions
    together = global_moran(y, g, permutations=499, seed=42)
    for j in range(5):
        alone = global_moran(y[:, j], g, permutations=499, seed=42)[0]
        same(alone, together[j])  # same draws, so the same pseudo p; sums may differ in the last bit
    again = global_moran(y, g, permutations=499, seed=42)
    assert again == together
    other = global_moran(y, g, permutations=499, seed=43)
    assert [r.stat for r in other] == [r.stat for r in together]
    assert [r.p_sim for r in other] != [r.p_sim for r in together]


def test_large_case_in_chunks_matches_small_blocks(monkeypatch) -> None:
    """Chunking of draws and blocks of sectors changes nothing."""
    import plugin.core.globalstats as gs

    g = grid(12, 12)
    y = np.random.default_rng(1).normal(size=(g.n, 3)) + np.arange(g.n)[:, None] / 50
    ref = gs.global_moran(y, g, permutations=300, seed=5)
    monkeypatch.setattr(gs, "_ROW_WIDTH", 2)
    monkeypatch.setattr(gs, "_DRAW_CELLS", 1000)
    for a, b in zip(gs.global_moran(y, g, permutations=300, seed=5), ref):
        same(a, b)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(-100, 100, allow_nan=False), min_size=9, max_size=9).filter(lambda v: np.std(v) > 1e-3),
       st.floats(0.1, 50), st.floats(-1000, 1000))
def test_invariant_under_affine_change_of_units(values, scale, shift) -> None:
    g = grid(3, 3)
    y = np.array(values)
    a = global_moran(y, g, permutations=49, seed=1)[0]
    b = global_moran(y * scale + shift, g, permutations=49, seed=1)[0]
    c = global_moran(-y, g, permutations=49, seed=1)[0]
    for other in (b, c):
        assert other.stat == pytest.approx(a.stat, abs=1e-9)
        assert other.z_rand == pytest.approx(a.z_rand, abs=1e-6)


def test_relabelling_regions_changes_nothing_but_the_draws() -> None:
    g = grid(4, 5)
    y = np.random.default_rng(6).gamma(3.0, size=g.n)
    perm = np.random.default_rng(7).permutation(g.n)
    inverse = np.argsort(perm)
    g2 = NeighbourGraph.from_pairs(g.n, inverse[g.pairs])
    a = global_moran(y, g, permutations=99, seed=1)[0]
    b = global_moran(y[perm], g2, permutations=99, seed=1)[0]
    assert b.stat == pytest.approx(a.stat, abs=1e-12) and b.z_norm == pytest.approx(a.z_norm, abs=1e-9)


def test_errors_and_skip() -> None:
    g = grid(3, 3)
    with pytest.raises(StatisticsError, match="same value"):
        global_moran(np.full(9, 4.0), g)
    with pytest.raises(StatisticsError, match="at least 3"):
        global_moran(np.array([1.0, 2] + [np.nan] * 7), g)
    with pytest.raises(StatisticsError, match="neighbour"):
        global_moran(np.array([1.0, 2, 3, 4]), NeighbourGraph.from_pairs(4, np.empty((0, 2))))
    with pytest.raises(StatisticsError, match="between 1 and"):
        global_moran(np.arange(9.0), g, permutations=0)
    with pytest.raises(StatisticsError, match="between 1 and"):
        global_moran(np.arange(9.0), g, permutations=MAX_PERMUTATIONS + 1)
    with pytest.raises(StatisticsError, match="one value per region"):
        global_moran(np.arange(5.0), g)
    with pytest.raises(StatisticsError, match="errors must be"):
        global_moran(np.arange(9.0), g, errors="ignore")
    both = global_moran(np.column_stack([np.arange(9.0), np.full(9, 2.0)]), g, permutations=9, errors="skip")
    assert both[0].error is None and "same value" in both[1].error and math.isnan(both[1].stat)


def test_three_regions_have_no_randomisation_variance() -> None:
    g = NeighbourGraph.from_pairs(3, np.array([(0, 1), (1, 2)]))
    res = global_moran(np.array([1.0, 2.0, 4.0]), g, permutations=9, seed=0)[0]
    assert math.isnan(res.var_rand) and math.isnan(res.z_rand) and math.isfinite(res.z_norm)
