"""Strength stars: hand-made cases for every rule, and real BRES 2020 against pandas."""
from __future__ import annotations

import math
import re
from collections import deque

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core import baselines
from plugin.core.baselines import STARS, BaselineError, Reference, flag
from plugin.core.engine import SectorTable, detect, region_totals
from plugin.core.graph import NeighbourGraph
from plugin.core.stars import (
    METHOD_TEXT,
    SOURCE,
    CountDataError,
    check_counts,
    criteria_code,
    criteria_words,
    legend,
    star_rating,
    top_count,
    top_share_mask,
)
from plugin.steps.words import describe
from tests.conftest import BRES, need

# --------------------------------------------------------------------------- the rules


def test_top_count_is_ceil_of_a_tenth_in_integers() -> None:
    assert [top_count(n) for n in (0, 1, 5, 9, 10, 11, 20, 30, 38, 100, 101)] == [0, 1, 1, 1, 1, 2, 2, 3, 4, 10, 11]
    assert all(top_count(n) == math.ceil(n / 10) for n in range(1, 5000))


def test_ties_at_the_cut_off_all_get_the_star() -> None:
    v = np.array([10.0, 9, 9, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1])  # n = 20: top 2
    mask, cut = top_share_mask(v, np.isfinite(v))
    assert cut == 9.0
    assert mask.tolist() == [True, True, True, True] + [False] * 16
    # No tie: exactly the top 2.
    w = v.copy()
    w[2:4] = 8.0
    assert top_share_mask(w, np.isfinite(w))[0].sum() == 2


def test_zero_never_earns_a_star() -> None:
    v = np.array([5.0] + [0.0] * 14)  # n = 15: top 2, the second value is 0
    mask, cut = top_share_mask(v, np.isfinite(v))
    assert mask.tolist() == [True] + [False] * 14
    assert cut == 5.0  # the smallest value that earned the star
    nothing, cut0 = top_share_mask(np.zeros(5), np.ones(5, bool))
    assert not nothing.any() and math.isnan(cut0)


def _table(counts, totals):
    return np.asarray(counts, dtype=float), np.asarray(totals, dtype=float)


def test_size_alone() -> None:
    # 12 regions (top 2). Region 0 is big (count 100 of 10,000: share 1 %, LQ < 2); regions 1, 2 are the
    # most focused (share 25 %) but tiny. National share = 300 / 30,200, so LQ(0) ≈ 1.0.
    x, t = _table([100, 50, 50] + [10] * 9, [10_000, 200, 200] + [2_200] * 9)
    r = star_rating(x, t)
    assert r.n == 12 and r.n_top == 2
    assert r.size.tolist() == [True, True, True] + [False] * 9  # 50 ties 50 at the cut-off
    assert not r.specialisation[0] and not r.focus[0]
    assert r.stars[0] == 1 and criteria_words(r.size[0], r.specialisation[0], r.focus[0]) == "★ size"


def test_specialisation_alone_and_inclusive_at_exactly_two() -> None:
    # 12 regions, top 2. National share from the reference row: 10 / 100 = 0.1.
    # Regions 0, 1 have share 0.5 (focus), regions 2, 3 exactly 0.2 (LQ = 2, inclusive), the rest 0.1.
    t = np.full(12, 1000.0)
    x = np.array([500.0, 500, 200, 200] + [100] * 8)
    t[2] = t[3] = 1000.0
    r = star_rating(x, t, reference=10.0, reference_total=100.0)
    assert r.lq[2] == pytest.approx(2.0)
    assert r.specialisation.tolist() == [True] * 4 + [False] * 8
    assert r.focus.tolist() == [True, True] + [False] * 10
    assert r.size.tolist() == [True, True] + [False] * 10
    assert r.stars.tolist() == [3, 3, 1, 1] + [0] * 8
    assert r.labels()[2] == "★ specialisation"
    # LQ exactly 2 in exact arithmetic is exactly 2.0 in floating point too, whatever the counts.
    rng = np.random.default_rng(5)
    for _ in range(200):
        nat, tot = int(rng.integers(1, 10**6)), int(rng.integers(2 * 10**6, 10**8))
        m = int(rng.integers(1, 10**5))
        t2, x2 = float(m * tot), float(2 * nat * m)  # x2 / t2 = 2 nat / tot exactly; all below 2**53
        r2 = star_rating(np.array([x2, 1.0]), np.array([t2, t2]), reference=float(nat), reference_total=float(tot))
        assert r2.lq[0] == 2.0 and r2.specialisation[0]
    just_below = star_rating(np.array([199.0] + [100] * 11), np.full(12, 1000.0), reference=10.0,
                             reference_total=100.0)
    assert just_below.lq[0] == pytest.approx(1.99) and not just_below.specialisation[0]


def test_focus_alone() -> None:
    # Specialisation and focus rank the same quantity within a sector (LQ = share / national share), so focus
    # without specialisation needs a sector whose most focused regions are below twice the national share.
    x = np.array([150.0, 60] + [90.0 - i for i in range(9)])  # 11 regions: top 2
    t = np.array([1000.0, 600] + [20 * (90.0 - i) for i in range(9)])  # shares 0.15, 0.10, then 0.05
    r = star_rating(x, t, reference=1000.0, reference_total=10_000.0)  # national share 0.1
    assert r.focus.tolist() == [True, True] + [False] * 9
    assert not r.specialisation.any()  # LQ 1.5 and 1.0
    assert r.size.tolist() == [True, False, True] + [False] * 8  # counts 150 and 90
    assert r.labels()[:3] == ["★★ size and focus", "★ focus", "★ size"]


def test_few_regions_top_one_and_tied_shares() -> None:
    x, t = _table([5, 20, 10, 15], [100, 100, 50, 1000])  # n = 4 < 10: the top 1 region
    r = star_rating(x, t)
    assert r.n_top == 1
    assert r.size.tolist() == [False, True, False, False]
    # 20 / 100 and 10 / 50 are the same share: both tie at the cut-off and both get the focus star.
    assert r.share[1] == r.share[2] == 0.2
    assert r.focus.tolist() == [False, True, True, False]


def test_no_data_regions() -> None:
    x = np.array([np.nan, 10.0, 20, 30, 0])
    t = np.array([100.0, np.nan, 100, 100, 0])  # region 1: no total; region 4: total 0
    r = star_rating(x, t)
    assert r.has_data.tolist() == [False, False, True, True, False]
    assert np.isnan(r.stars[[0, 1, 4]]).all() and r.n == 2
    assert not (r.size | r.specialisation | r.focus)[[0, 1, 4]].any()
    assert r.labels()[0] is None and r.code.tolist()[0] == -1
    with pytest.raises(BaselineError, match="No region has a score"):
        star_rating(np.full(3, np.nan), np.ones(3))


def test_words_codes_and_legend() -> None:
    assert criteria_words(False, False, False) == "No star"
    assert criteria_words(True, True, False) == "★★ size and specialisation"
    assert criteria_words(True, True, True) == "★★★ size, specialisation and focus"
    assert criteria_words(False, True, True) == "★★ specialisation and focus"
    assert criteria_code(True, False, True) == 5
    assert criteria_code(np.array([True, False]), np.array([True, True]), np.array([False, True])).tolist() == [3, 6]
    codes = [c for c, _ in legend()]
    assert sorted(codes) == list(range(8)) and codes[0] == 7 and codes[-1] == 0
    assert [w for _, w in legend()][:2] == ["★★★ size, specialisation and focus", "★★ size and specialisation"]
    assert "Sölvell" in SOURCE and "Europe INNOVA Paper No. 12" in SOURCE
    assert "38 LEPs: the top 4" in METHOD_TEXT and "http" not in SOURCE


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 50), min_size=1, max_size=60))
def test_top_share_invariants(values) -> None:
    v = np.asarray(values, dtype=float)
    mask, cut = top_share_mask(v, np.ones(v.size, bool))
    k = top_count(v.size)
    positive = int((v > 0).sum())
    # At least the top k (unless fewer are positive), more only through ties, never a zero.
    assert mask.sum() >= min(k, positive)
    assert not mask[v == 0].any()
    if mask.any():
        assert (v[mask] >= v[~mask].max(initial=-1)).all()
        assert cut == v[mask].min() and (v > cut).sum() < k


# --------------------------------------------------------------------------- the baseline


def test_stars_baseline_through_flag() -> None:
    x = np.array([500.0, 500, 200, 200] + [100] * 8)
    t = np.full(12, 1000.0)
    for k, expected in ((1, [1, 1, 1, 1] + [0] * 8), (2, [1, 1] + [0] * 10), (3, [1, 1] + [0] * 10)):
        f = flag(x, STARS, k, against=Reference(value=10.0, region_totals=t, total=100.0))
        assert f.above.astype(int).tolist() == expected
        assert f.index.tolist() == [3, 3, 1, 1] + [0] * 8
        assert f.extra["specialisation"].tolist() == [True] * 4 + [False] * 8
        assert f.extra["code"].tolist()[:3] == [7, 7, 2]
    assert flag(x, STARS, against=Reference(region_totals=t)).above.sum() >= 1  # default k = 1
    assert baselines.METHODS[-1] == STARS and baselines.METHODS.index(baselines.PERCENTILE) == 5
    assert baselines.DEFAULT_THRESHOLD[STARS] == 1 and describe(STARS, 2) == "strength stars ≥ 2"
    # Other methods carry no extra arrays.
    assert flag(x, baselines.MEAN).extra == {}


@pytest.mark.parametrize("k", [0, 4, 1.5, -1])
def test_k_outside_one_to_three(k) -> None:
    with pytest.raises(BaselineError, match="k = 1, 2 or 3"):
        flag(np.array([1.0, 2, 3]), STARS, k, against=Reference(region_totals=np.array([10.0, 10, 10])))


def test_stars_need_totals() -> None:
    with pytest.raises(BaselineError, match="total employment"):
        flag(np.array([1.0, 2, 3]), STARS, 1)


def test_bad_input_is_refused_in_plain_words() -> None:
    t = np.full(12, 1000.0)
    with pytest.raises(CountDataError, match="negative"):
        star_rating(np.array([-5.0] + [10] * 11), t)
    with pytest.raises(CountDataError, match="shares or ratios"):
        star_rating(np.linspace(0.05, 0.6, 12), np.ones(12))
    with pytest.raises(CountDataError, match="larger than its total"):
        star_rating(np.array([2000.0] + [10] * 11), t)
    # A Nomis 'percent' table: each region's sectors add up to ~100 (here sections + broad groups: ~200).
    pct = np.array([12.3, 4.5, 30.1, 7.7, 9.9, 15.0])
    with pytest.raises(CountDataError, match="percentages"):
        star_rating(pct, np.array([200.1, 199.8, 200.0, 199.9, 200.3, 200.0]))
    with pytest.raises(CountDataError, match="national"):
        check_counts(np.array([1.0, 2.0]), np.array([5.0, 5.0]), reference=50.0, reference_total=10.0)
    # Counts in thousands are counts.
    thousands = star_rating(np.array([1.2, 3.4, 0.5, 12.0, 2.2]), np.array([30.5, 40.1, 12.2, 95.0, 60.0]))
    assert thousands.n == 5
    # Through the baseline and detect: a clear message, not a traceback.
    with pytest.raises(CountDataError, match="negative"):
        flag(np.array([-1.0, 2.0, 3.0]), STARS, 1, against=Reference(region_totals=np.array([5.0, 5.0, 5.0])))
    g = NeighbourGraph.from_pairs(3, np.array([(0, 1), (1, 2)]))
    with pytest.raises(CountDataError, match="shares or ratios"):
        detect(SectorTable(np.array([[0.1, 0.5], [0.2, 0.3], [0.4, 0.6]]), ["a", "b"], ["A", "B"], ["x", "y", "z"]), g,
               STARS)


# --------------------------------------------------------------------------- real data: BRES 2020 per LEP

SECTION = re.compile(r"^[A-U] : ")


@pytest.fixture(scope="module")
def bres():
    """The plugin's reading of the export, and an independent pandas reading of the raw CSV."""
    from plugin.core.tables import load_scores

    path = need(BRES[2020])
    table = load_scores(path)
    rows = [i for i, g in enumerate(table.geography) if g == "lep"]
    keys = [table.keys[i] for i in rows]
    values = table.values[rows]
    reference = np.array([table.reference[s] for s in table.sectors])

    raw = pd.read_csv(path, encoding="utf-8-sig", skiprows=[1], dtype=str)
    raw = raw[[c for c in raw.columns if not c.startswith("Flags")]]
    england = raw[raw["Area"] == "country:England"].iloc[0].drop("Area").astype(float)
    leps = raw[raw["Area"].str.startswith("lep:")].copy()
    leps.index = leps.pop("Area").str[4:]
    leps = leps.astype(float).loc[keys]
    return table, keys, values, reference, leps, england


def pandas_stars(leps: pd.DataFrame, england: pd.Series, column: str, totals: pd.Series,
                 national_total: float) -> pd.DataFrame:
    """The rating written from the definition: ranks with ties sharing the best rank (method='min')."""
    x = leps[column]
    share = x / totals
    lq = share / (england[column] / national_total)
    k = math.ceil(len(x) / 10)
    size = (x.rank(method="min", ascending=False) <= k) & (x > 0)
    focus = (share.rank(method="min", ascending=False) <= k) & (share > 0)
    spec = lq >= 2
    return pd.DataFrame({"size": size, "specialisation": spec, "focus": focus, "lq": lq, "share": share,
                         "stars": size.astype(int) + spec.astype(int) + focus.astype(int)})


def test_bres_2020_stars_against_pandas(bres) -> None:
    table, keys, values, reference, leps, england = bres
    sections = [c for c in leps.columns if SECTION.match(c)]
    assert len(sections) == 21 and len(keys) == 38
    totals = leps[sections].sum(axis=1)  # each job once: the SIC sections partition employment
    national_total = float(england[sections].sum())
    rated = 0
    for j, label in enumerate(table.sectors):
        if england[label] == 0:  # T and U: no employment in England
            with pytest.raises(BaselineError, match="no employment nationally"):
                star_rating(values[:, j], totals.to_numpy(), reference[j], national_total, label)
            continue
        ours = star_rating(values[:, j], totals.to_numpy(), reference[j], national_total, label)
        theirs = pandas_stars(leps, england, label, totals, national_total)
        assert ours.n == 38 and ours.n_top == 4
        for crit in ("size", "specialisation", "focus"):
            np.testing.assert_array_equal(getattr(ours, crit), theirs[crit].to_numpy(), err_msg=f"{label} {crit}")
        np.testing.assert_array_equal(ours.stars, theirs["stars"].to_numpy(), err_msg=label)
        np.testing.assert_allclose(ours.lq, theirs["lq"].to_numpy(), rtol=1e-12, err_msg=label)
        np.testing.assert_allclose(ours.share, theirs["share"].to_numpy(), rtol=1e-12, err_msg=label)
        assert ours.size.sum() >= 4 and ours.focus.sum() >= 4
        rated += 1
    assert rated == 37  # 39 columns without T and U


def test_bres_2020_what_a_user_sees(bres) -> None:
    """Spot checks a regional analyst can verify by eye in the export."""
    table, keys, values, reference, leps, england = bres
    sections = [c for c in leps.columns if SECTION.match(c)]
    totals = leps[sections].sum(axis=1).to_numpy()
    j = table.sectors.index("K : Financial and insurance activities")
    r = star_rating(values[:, j], totals, reference[j], float(england[sections].sum()))
    by_key = dict(zip(keys, r.stars))
    assert by_key["London"] == 3  # the largest, most specialised and most focused financial centre
    # Size ties in the rounded counts of B (mining): more than 4 LEPs share the star.
    b = star_rating(values[:, 1], totals, reference[1], float(england[sections].sum()))
    assert b.size.sum() > 4 and len(set(values[b.size, 1])) < b.size.sum()


def test_bres_2020_detect_with_the_engines_totals(bres) -> None:
    """detect gives the stars the LQ's totals: every field of the export, sections and broad groups.

    Both classifications partition employment, so every total counts each job twice (up to the rounding
    of the published counts: 1.996–2.004×). Shares halve uniformly and the LQ is unchanged, so the stars
    are the same except where two regions' shares lie within that rounding of the focus cut-off.
    """
    table, keys, values, reference, leps, england = bres
    sections = [c for c in leps.columns if SECTION.match(c)]
    usable = [j for j, s in enumerate(table.sectors) if england[s] > 0]
    fields = [f"f{j}" for j in usable]
    ref = {f"f{j}": float(reference[j]) for j in range(len(table.sectors))}
    graph = NeighbourGraph.from_pairs(38, np.array([(i, i + 1) for i in range(37)]))  # a chain: clusters are runs
    results, skipped = detect(SectorTable(values[:, usable], fields, [table.sectors[j] for j in usable], keys,
                                          reference={f: ref[f] for f in fields}, totals=region_totals(values),
                                          reference_total=float(np.nansum(reference))), graph, STARS, 2)
    assert skipped == {} and len(results) == len(usable)
    exact_totals = leps[sections].sum(axis=1).to_numpy()
    national_total = float(england[sections].sum())
    changed = 0
    for res, j in zip(results, usable):
        label = table.sectors[j]
        assert set(res.flags.extra) >= {"size", "specialisation", "focus", "lq", "share", "code"}
        exact = star_rating(values[:, j], exact_totals, reference[j], national_total, label)
        np.testing.assert_array_equal(res.flags.extra["size"], exact.size, err_msg=label)
        np.testing.assert_array_equal(res.flags.extra["specialisation"], exact.specialisation, err_msg=label)
        diff = np.flatnonzero(res.flags.extra["focus"] != exact.focus)
        for i in diff:  # only regions within the rounding band of the focus cut-off
            assert abs(exact.share[i] / exact.focus_cutoff - 1) < 0.005, (label, keys[i])
        changed += diff.size
        assert (res.flags.above == (res.flags.index >= 2)).all()
        # Multi-region clusters are runs of neighbours on the chain, all with >= 2 stars.
        for c in res.clusters:
            assert (res.flags.index[c.members] >= 2).all() and c.size >= 2
            assert np.all(np.diff(np.sort(c.members)) == 1)
        assert len(res.clusters) == _runs(res.flags.above)
    assert changed <= 2  # BRES 2020: two LEPs swap the focus star in "7 : Retail (Part G)"


def _runs(mask: np.ndarray) -> int:
    """Independent count of maximal runs of >= 2 True values on a chain (breadth-first, as a user would)."""
    seen, runs = set(), 0
    for start in np.flatnonzero(mask):
        if start in seen:
            continue
        queue, size = deque([int(start)]), 0
        seen.add(int(start))
        while queue:
            i = queue.popleft()
            size += 1
            for j in (i - 1, i + 1):
                if 0 <= j < len(mask) and mask[j] and j not in seen:
                    seen.add(j)
                    queue.append(j)
        runs += size >= 2
    return runs
