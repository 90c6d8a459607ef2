"""Baselines against plain formulas (and scipy's z-score where it is installed)."""
from __future__ import annotations

import numpy as np
import pytest

from plugin.core.baselines import LQ, MEAN, MEDIAN, NATIONAL, PERCENTILE, ZSCORE, BaselineError, Reference, flag
from plugin.steps.words import describe

X = np.array([1.0, 2.0, 3.0, np.nan, 10.0])


def test_mean_is_over_regions_with_data_and_strict():
    f = flag(X, MEAN, 1.0)
    assert f.baseline == 4.0
    assert f.above.tolist() == [False, False, False, False, True]
    assert f.has_data.tolist() == [True, True, True, False, True]
    assert np.isnan(f.index[3])
    eq = flag(np.array([1.0, 2.0, 3.0]), MEAN, 1.0)  # 2 == mean is not above
    assert eq.above.tolist() == [False, False, True]


def test_median_and_national():
    assert flag(X, MEDIAN).baseline == 2.5
    f = flag(X, NATIONAL, 1.5, against=Reference(value=2.0))
    assert f.above.tolist() == [False, False, False, False, True]
    with pytest.raises(BaselineError, match="reference row"):
        flag(X, NATIONAL)


def test_z_score_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    f = flag(X, ZSCORE, 1.0)
    expected = stats.zscore(X[np.isfinite(X)])
    assert np.allclose(f.index[np.isfinite(X)], expected)
    assert f.above.tolist() == (np.nan_to_num(f.index, nan=-9) >= 1.0).tolist()


def test_percentile_top_quarter():
    x = np.arange(1.0, 9.0)  # 1..8, 75th percentile = 6.25
    f = flag(x, PERCENTILE, 75)
    assert f.baseline == pytest.approx(6.25)
    assert f.above.tolist() == [False] * 6 + [True, True]


def test_location_quotient_with_and_without_reference():
    sector = np.array([10.0, 30.0, 0.0])
    totals = np.array([100.0, 100.0, 50.0])
    f = flag(sector, LQ, 1.0, against=Reference(region_totals=totals))
    # national share from the regions: 40 / 250
    assert np.allclose(f.index, (sector / totals) / (40 / 250))
    g = flag(sector, LQ, 1.0, against=Reference(value=100.0, region_totals=totals, total=1000.0))
    assert np.allclose(g.index, (sector / totals) / 0.1)
    assert g.above.tolist() == [False, True, False]
    with pytest.raises(BaselineError, match="counts"):
        flag(np.array([-1.0, 2.0]), LQ, against=Reference(region_totals=np.array([1.0, 2.0])))


def test_errors_are_plain_words():
    with pytest.raises(BaselineError, match="No region has a score for Digital"):
        flag(np.array([np.nan, np.nan]), MEAN, label="Digital")
    with pytest.raises(BaselineError, match="same score"):
        flag(np.array([2.0, 2.0]), ZSCORE)
    with pytest.raises(BaselineError, match="zero"):
        flag(np.array([0.0, 0.0]), MEAN)


def test_describe():
    assert describe(LQ, 1.25) == "LQ > 1.25"
    assert describe(PERCENTILE, 75) == "in the top 25 % (≥ 75th percentile)"
    assert describe(NATIONAL, 1, "England") == "ratio to the England value > 1"
