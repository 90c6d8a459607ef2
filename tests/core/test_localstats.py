"""Local Moran's I / Gi*: hand-checked grids, edge cases, corrections and invariances."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core.graph import NeighbourGraph
from plugin.core.localstats import (
    LocalResult,
    PermutationTest,
    StatisticsError,
    _draw_ids,
    adjust_pvalues,
    local_gstar,
    local_moran,
    significant_clusters,
)
from tests.core.grids import grid


def hot_corner(size: int = 7, hot: int = 3) -> np.ndarray:
    """Background 1 with a ``hot`` × ``hot`` block of 10 in the top-left corner (plus a tiny ramp)."""
    v = np.ones((size, size)) + np.arange(size * size).reshape(size, size) * 1e-3
    v[:hot, :hot] += 9.0
    return v.ravel()


def brute_moran(y: np.ndarray, g: NeighbourGraph) -> np.ndarray:
    z = (y - y.mean()) / y.std()
    lag = np.array([z[g.neighbours(i)].mean() if g.degree[i] else np.nan for i in range(g.n)])
    return (len(y) - 1) * z * lag / (z @ z)


def brute_gstar_z(y: np.ndarray, g: NeighbourGraph) -> np.ndarray:
    n = len(y)
    gi = np.array([(y[i] + y[g.neighbours(i)].sum()) / (g.degree[i] + 1) for i in range(n)]) / y.sum()
    var = y.var()
    return (gi - 1 / n) / np.sqrt(var / (n ** 2 * y.mean() ** 2))


def test_moran_statistic_matches_definition_on_3x3() -> None:
    g = grid(3, 3)
    y = np.array([9.0, 8, 1, 7, 2, 1, 1, 1, 3])
    res = local_moran(y, g, PermutationTest(permutations=9, seed=1))[0]
    assert isinstance(res, LocalResult)
    np.testing.assert_allclose(res.stat, brute_moran(y, g), atol=1e-12)
    # Hand check for the corner (0): neighbours 1, 3, 4.
    z = (y - y.mean()) / y.std()
    assert res.stat[0] == pytest.approx(8 * z[0] * z[[1, 3, 4]].mean() / 9)


def test_hot_corner_is_hh_and_hot() -> None:
    g = grid(7, 7)
    y = hot_corner()
    m = local_moran(y, g, PermutationTest(permutations=999, seed=0, correction="none"))[0]
    gs = local_gstar(y, g, PermutationTest(permutations=999, seed=0, correction="none"))[0]
    assert m.types[0] == "HH" and gs.types[0].startswith("hot")
    assert m.types[1] == "HH" and m.types[7] == "HH"
    corner = {0, 1, 2, 7, 8, 9, 14, 15, 16}
    assert {i for i, t in enumerate(m.types) if t == "HH"} <= corner
    assert {i for i, t in enumerate(gs.types) if t.startswith("hot")} <= corner | {3, 10, 17, 21, 22, 23, 24}
    np.testing.assert_allclose(gs.stat, brute_gstar_z(y, g), atol=1e-12)
    # Corner: all 3 neighbours hot; chance of drawing 3 of the 8 other hot cells is C(8,3)/C(48,3) = 0.0032.
    assert gs.p[0] < 0.02 and m.p[0] < 0.02
    assert all(t in ("HH", "LL", "HL", "LH", "ns") for t in m.types)


def test_significant_clusters_are_connected_and_all_hh() -> None:
    g = grid(7, 7)
    y = hot_corner()
    y[-1] += 9  # a single hot cell in the opposite corner: not a multi-region cluster
    res = local_moran(y, g, PermutationTest(permutations=999, seed=2, correction="none"))[0]
    clusters = significant_clusters(g, res.types, {"HH"}, min_regions=2)
    assert clusters and 0 in clusters[0]
    for members in clusters:
        assert all(res.types[i] == "HH" for i in members)
        assert len(members) >= 2
        labels = g.components(np.isin(np.arange(g.n), members))
        assert set(labels[members]) == {0}
    sizes = [len(c) for c in clusters]
    assert sizes == sorted(sizes, reverse=True)


def test_significant_clusters_order_and_min_regions() -> None:
    g = grid(1, 9, queen=False)  # a path 0-1-…-8
    types = ["HH", "HH", "ns", "HH", "HH", "ns", "HH", "HH", "HH"]
    got = significant_clusters(g, types, {"HH"}, min_regions=2)
    assert [c.tolist() for c in got] == [[6, 7, 8], [0, 1], [3, 4]]
    assert significant_clusters(g, types, {"HH"}, min_regions=3)[0].tolist() == [6, 7, 8]
    assert significant_clusters(g, ["ns"] * 9, {"HH"}) == []


def test_isolated_region() -> None:
    g = NeighbourGraph.from_pairs(6, np.array([(0, 1), (1, 2), (2, 3), (3, 4)]))  # 5 has no neighbour
    y = np.array([1.0, 5, 2, 8, 3, 4])
    test = PermutationTest(permutations=99, seed=1)
    for res in (local_moran(y, g, test)[0], local_gstar(y, g, test)[0]):
        assert res.types[5] == "isolated"
        assert np.isnan(res.stat[5]) and np.isnan(res.p[5]) and np.isnan(res.p_adjusted[5])
        assert np.isfinite(res.stat[:5]).all()
    # The isolated region still counts in the mean and sd (as in esda).
    np.testing.assert_allclose(local_moran(y, g, PermutationTest(permutations=9))[0].stat[:5], brute_moran(y, g)[:5],
                               atol=1e-12)


def test_nodata_region_is_dropped_with_its_edges() -> None:
    g = grid(3, 3)
    y = np.array([9.0, 8, 1, 7, 2, 1, 1, 1, 3])
    y_nan = y.copy()
    y_nan[4] = np.nan  # the centre
    res = local_moran(y_nan, g, PermutationTest(permutations=99, seed=1))[0]
    assert res.types[4] == "nodata" and np.isnan(res.stat[4])
    keep = np.arange(9) != 4
    sub_pairs = [(a, b) for a, b in g.pairs if a != 4 and b != 4]
    index = np.cumsum(keep) - 1
    sub = NeighbourGraph.from_pairs(8, index[np.array(sub_pairs)])
    np.testing.assert_allclose(res.stat[keep], brute_moran(y[keep], sub), atol=1e-12)


def test_region_whose_neighbours_have_no_data_becomes_isolated() -> None:
    g = NeighbourGraph.from_pairs(6, np.array([(0, 1), (1, 2), (2, 3), (3, 4), (4, 5)]))
    y = np.array([np.nan, 3.0, np.nan, 1, 5, 2])
    res = local_gstar(y, g, PermutationTest(permutations=99, seed=0))[0]
    assert res.types[:3] == ["nodata", "isolated", "nodata"]
    assert np.isnan(res.stat[1])


@pytest.mark.parametrize("func", [local_moran, local_gstar])
def test_errors(func) -> None:
    g = grid(3, 3)
    with pytest.raises(StatisticsError, match="same value"):
        func(np.full(9, 4.0), g)
    with pytest.raises(StatisticsError, match="at least 3"):
        func(np.array([1.0, 2] + [np.nan] * 7), g)
    lonely = NeighbourGraph.from_pairs(4, np.empty((0, 2)))
    with pytest.raises(StatisticsError, match="neighbour"):
        func(np.array([1.0, 2, 3, 4]), lonely)
    for bad in (0, -5, 100_000):
        with pytest.raises(StatisticsError, match="permutations"):
            func(np.arange(9.0), g, PermutationTest(permutations=bad))
    with pytest.raises(StatisticsError, match="correction"):
        func(np.arange(9.0), g, PermutationTest(correction="holm"))
    with pytest.raises(StatisticsError, match="one value per region"):
        func(np.arange(8.0), g)
    assert issubclass(StatisticsError, ValueError)


def test_skip_bad_sectors_keeps_the_others() -> None:
    g = grid(3, 3)
    y = np.column_stack([np.arange(9.0), np.zeros(9), np.arange(9.0) ** 2])
    res = local_moran(y, g, PermutationTest(permutations=99, seed=4), errors="skip")
    assert len(res) == 3
    assert res[1].error and "same value" in res[1].error and set(res[1].types) == {"nodata"}
    assert res[0].error is None and res[2].error is None
    alone = local_moran(y[:, 2], g, PermutationTest(permutations=99, seed=4))[0]
    np.testing.assert_array_equal(res[2].p, alone.p)


def test_seed_reproducible_and_sector_independent() -> None:
    g = grid(6, 6)
    rng = np.random.default_rng(0)
    y = rng.gamma(2.0, 3.0, size=(36, 4))
    a = local_moran(y, g, PermutationTest(permutations=199, seed=42))
    b = local_moran(y, g, PermutationTest(permutations=199, seed=42))
    for ra, rb in zip(a, b):
        np.testing.assert_array_equal(ra.p, rb.p)
        assert ra.types == rb.types
    # Sector results do not depend on which other sectors are in the call.
    single = local_moran(y[:, 2], g, PermutationTest(permutations=199, seed=42))[0]
    np.testing.assert_array_equal(single.p, a[2].p)
    c = local_moran(y, g, PermutationTest(permutations=199, seed=43))
    assert any(not np.array_equal(ra.p, rc.p) for ra, rc in zip(a, c))
    # p-values live on the permutation lattice.
    lattice = a[0].p * 200
    np.testing.assert_allclose(lattice, np.round(lattice), atol=1e-9)
    assert (a[0].p >= 1 / 200).all() and (a[0].p <= 1).all()


def test_pseudo_p_matches_brute_force_distribution() -> None:
    """Our shared draws give the same p as an explicit per-region conditional permutation."""
    g = grid(5, 5)
    rng = np.random.default_rng(3)
    y = rng.normal(size=25)
    perms = 4999
    ours = local_moran(y, g, PermutationTest(permutations=perms, seed=11))[0].p
    z = (y - y.mean()) / y.std()
    brute = np.empty(25)
    for i in range(25):
        k = g.degree[i]
        others = np.delete(z, i)
        draws = np.array([rng.choice(others, size=k, replace=False).mean() for _ in range(perms)])
        sims = z[i] * draws
        obs = z[i] * z[g.neighbours(i)].mean()
        larger = (sims >= obs).sum()
        brute[i] = (min(larger, perms - larger) + 1) / (perms + 1)
    tol = 4 * np.sqrt(brute * (1 - brute) / perms) + 0.005
    assert (np.abs(ours - brute) <= tol).all()


def test_draw_ids_rows_are_distinct_and_uniform() -> None:
    rng = np.random.default_rng(0)
    for pool, kmax in ((10, 9), (5000, 12)):
        ids = _draw_ids(rng, 3000, pool, kmax)
        assert ids.shape == (3000, kmax)
        assert all(len(set(row)) == kmax for row in ids[:200])
        assert ids.min() >= 0 and ids.max() < pool
    ids = _draw_ids(rng, 20000, 10, 3)
    counts = np.bincount(ids[:, 2], minlength=10)
    assert counts.min() > 1700 and counts.max() < 2300


def test_adjust_pvalues_by_hand() -> None:
    p = np.array([0.01, 0.04, 0.03, np.nan, 0.20])
    np.testing.assert_allclose(adjust_pvalues(p, "bonferroni"), [0.04, 0.16, 0.12, np.nan, 0.8])
    # BH: sorted 0.01, 0.03, 0.04, 0.20 → ×4/1, 4/2, 4/3, 4/4 = 0.04, 0.06, 0.0533, 0.20.
    np.testing.assert_allclose(adjust_pvalues(p, "fdr"), [0.04, 0.05333333333, 0.05333333333, np.nan, 0.2])
    np.testing.assert_allclose(adjust_pvalues(p, "none"), p)
    np.testing.assert_allclose(adjust_pvalues(np.array([0.5, 0.9]), "bonferroni"), [1.0, 1.0])
    assert np.isnan(adjust_pvalues(np.array([np.nan]), "fdr")).all()


def test_correction_changes_types_only_through_p_adjusted() -> None:
    g = grid(7, 7)
    y = hot_corner()
    none = local_gstar(y, g, PermutationTest(permutations=999, seed=5, correction="none", alpha=0.10))[0]
    bonf = local_gstar(y, g, PermutationTest(permutations=999, seed=5, correction="bonferroni", alpha=0.10))[0]
    np.testing.assert_array_equal(none.p, bonf.p)
    n_tests = np.isfinite(none.p).sum()
    np.testing.assert_allclose(bonf.p_adjusted, np.minimum(none.p * n_tests, 1))
    hot = sum(t.startswith("hot") for t in none.types)
    assert sum(t.startswith("hot") for t in bonf.types) <= hot
    for t, q, s in zip(none.types, none.p_adjusted, none.stat):
        if q <= 0.01:
            assert t == ("hot99" if s > 0 else "cold99")
        elif q <= 0.05:
            assert t in ("hot95", "cold95")
        elif q <= 0.10:
            assert t in ("hot90", "cold90")
        else:
            assert t == "ns"


def test_alpha_caps_gstar_bins() -> None:
    g = grid(7, 7)
    res = local_gstar(hot_corner(), g, PermutationTest(permutations=999, seed=5, correction="none", alpha=0.05))[0]
    assert not any(t.endswith("90") for t in res.types)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=4, max_value=7),
    st.integers(min_value=0, max_value=2**32 - 1),
)
def test_statistics_invariant_to_region_order(size: int, seed: int) -> None:
    """Relabelling regions (values and graph together) permutes the statistics the same way."""
    rng = np.random.default_rng(seed)
    g = grid(size, size)
    y = rng.normal(size=g.n) + rng.integers(0, 3, size=g.n)
    if y.std() == 0:
        return
    order = rng.permutation(g.n)  # new region i is old region order[i]
    inverse = np.argsort(order)
    g2 = NeighbourGraph.from_pairs(g.n, inverse[g.pairs])
    for func in (local_moran, local_gstar):
        a = func(y, g, PermutationTest(permutations=1, seed=0))[0]
        b = func(y[order], g2, PermutationTest(permutations=1, seed=0))[0]
        np.testing.assert_allclose(b.stat, a.stat[order], atol=1e-12)
        np.testing.assert_allclose(b.lag, a.lag[order], atol=1e-12)
