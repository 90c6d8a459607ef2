"""Region totals, stars columns, wording, overlay and global Moran in the steps layer, without QGIS."""
from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from plugin.core import codes
from plugin.core.globalstats import global_moran
from plugin.core.stars import legend, star_rating
from plugin.core.totals import code_family, families, total_columns
from plugin.steps import words
from plugin.steps.overlay import (
    CROSSING_FIELDS,
    OverlayData,
    OverlayUserError,
    add_crossings,
    cluster_crossings,
    crossing_attributes,
    overlay_parts,
)
from plugin.steps.rule import detect_by_rule
from plugin.steps.settings import RuleSettings, StatisticsSettings
from plugin.steps.statistics import GLOBAL_MORAN_COLUMNS, global_moran_by_sector, global_record
from tests.conftest import BRES, need
from tests.core.grids import grid

# ------------------------------------------------------------------------------------------ region totals


def test_code_families() -> None:
    assert code_family("C : Manufacturing") == "letters"
    assert code_family("3 : Manufacturing (C)") == "digits"
    assert code_family("High Value Manufacturing") is None
    assert code_family("Agri-food") is None
    assert families(["A : x", "1 : y", "B : z", "Other", "2 : w"]) == {"letters": [0, 2], "digits": [1, 4]}


@pytest.mark.parametrize("case,expected", [
    # two classifications of the same jobs: the first family counts
    ("same_jobs", [0, 1, 2]),
    # numbered fields that are not another classification (sums differ): every field counts
    ("unrelated", [0, 1, 2, 3, 4]),
    # a single family: every field counts
    ("one_family", [0, 1, 2]),
])
def test_total_columns(case, expected) -> None:
    sections = np.array([[100.0, 200, 300], [50, 50, 900], [10, 20, 30]])
    if case == "same_jobs":
        labels = ["A : a", "B : b", "C : c", "1 : ab (A, B)", "2 : c (C)"]
        groups = np.column_stack([sections[:, 0] + sections[:, 1] + 1, sections[:, 2]])  # rounded separately
        values = np.hstack([sections, groups])
    elif case == "unrelated":
        labels = ["A : a", "B : b", "C : c", "1 : jobs", "2 : more"]
        values = np.hstack([sections, 3 * sections[:, :2]])
    else:
        labels = ["A : a", "B : b", "C : c"]
        values = sections
    cols, note = total_columns(labels, values)
    assert cols == expected
    assert (note is not None) == (case == "same_jobs")
    if note:
        assert "3 fields" in note and "count every job twice" in note


@pytest.mark.parametrize("year", sorted(BRES))
def test_bres_exports_total_over_the_21_sections(year) -> None:
    raw = pd.read_csv(need(BRES[year]), encoding="utf-8-sig", skiprows=[1], dtype=str)
    raw = raw[[c for c in raw.columns if not c.startswith("Flags")]]
    labels = [c for c in raw.columns if c != "Area"]
    values = raw[labels].apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    cols, note = total_columns(labels, values)
    assert [labels[j][0] for j in cols] == list("ABCDEFGHIJKLMNOPQRSTU")
    assert note and "18 other coded fields" in note


# ------------------------------------------------------------------------------------------ stars columns


def fake_data(values: np.ndarray, labels: list[str] | None = None, reference: dict | None = None):
    """What detect_by_rule reads of steps.regions.RegionData, as plain Python."""
    n, s = values.shape
    fields = [f"f{j}" for j in range(s)]
    labels = labels or [f"Sector {j}" for j in range(s)]
    return SimpleNamespace(values=values, fields=fields, labels=labels, keys=[f"R{i}" for i in range(n)],
                           names=[f"Region {i}" for i in range(n)], key_field="code", name_field=None,
                           meta={"sectors": dict(zip(fields, labels)), "reference": reference},
                           sector_fields=fields, sector_values=values, n=n, regions=None)


def columns_of(analysis) -> dict[str, list]:
    return {c.name: c.values for c in analysis.columns}


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.integers(0, 500), min_size=3, max_size=3), min_size=12, max_size=30),
       st.integers(1, 3))
def test_stars_columns_hold_together(rows, k) -> None:
    """F_stars is the sum of the criteria, F_above is F_stars >= k, and each equals core.stars on the totals."""
    values = np.array(rows, dtype=float) + np.arange(3)  # no all-zero sector
    n = len(rows)
    g = grid(n // 3, 3) if n % 3 == 0 else grid(1, n)
    a = detect_by_rule(fake_data(values), g, RuleSettings(codes.STARS, k, 2))
    cols = columns_of(a)
    totals = values.sum(axis=1)
    for j, f in enumerate(a.data.fields):
        if f not in {s.field for s in a.sectors}:
            continue
        r = star_rating(values[:, j], totals)
        has = r.has_data
        assert cols[f"{f}_stars"] == [int(v) if h else None for v, h in zip(r.stars, has)]
        for suffix, arr in (("_size", r.size), ("_spec", r.specialisation), ("_focus", r.focus)):
            assert cols[f + suffix] == [int(v) if h else None for v, h in zip(arr, has)]
        total = [None if s is None else a_ + b_ + c_ for s, a_, b_, c_ in
                 zip(cols[f"{f}_stars"], cols[f"{f}_size"], cols[f"{f}_spec"], cols[f"{f}_focus"])]
        assert total == cols[f"{f}_stars"]
        assert cols[f"{f}_above"] == [None if s is None else int(s >= k) for s in cols[f"{f}_stars"]]


def test_stars_columns_only_for_the_stars_baseline() -> None:
    values = np.array([[1.0, 9], [2, 8], [3, 7], [4, 6], [5, 5]])
    names = set(columns_of(detect_by_rule(fake_data(values), grid(1, 5), RuleSettings(codes.LQ, 1.0, 2))))
    assert names == {"f0_idx", "f0_above", "f0_cluster", "f1_idx", "f1_above", "f1_cluster", "sc_isolated"}
    stars = columns_of(detect_by_rule(fake_data(values), grid(1, 5), RuleSettings(codes.STARS, 1, 2)))
    assert {"f0_stars", "f0_size", "f0_spec", "f0_focus"} <= set(stars)


def test_no_data_is_null_in_every_stars_column() -> None:
    values = np.array([[10.0, 90], [np.nan, np.nan], [30, 70], [5, 95], [50, 50]])
    cols = columns_of(detect_by_rule(fake_data(values), grid(1, 5), RuleSettings(codes.STARS, 1, 2)))
    assert [cols[f"f0{s}"][1] for s in ("_stars", "_size", "_spec", "_focus", "_above", "_idx")] == [None] * 6


def test_stars_use_one_classification_for_totals() -> None:
    """Sections and broad groups in one table: the totals (and so the focus star) come from the sections."""
    rng = np.random.default_rng(3)
    sec = rng.integers(100, 10_000, size=(20, 3)).astype(float)
    groups = np.column_stack([sec[:, 0] + sec[:, 1], sec[:, 2]]) + rng.integers(-5, 5, size=(20, 2))
    values = np.hstack([sec, groups])
    labels = ["A : a", "B : b", "C : c", "1 : ab", "2 : c"]
    a = detect_by_rule(fake_data(values, labels), grid(4, 5), RuleSettings(codes.STARS, 1, 2))
    assert a.notes and "3 fields" in a.notes[0]
    exact = star_rating(values[:, 0], sec.sum(axis=1))
    np.testing.assert_array_equal(a.sectors[0].flags.index, exact.stars)


# ------------------------------------------------------------------------------------------ words


def test_stars_words() -> None:
    meta = {"baseline": "stars", "threshold": 2.0}
    assert words.class_labels(meta) == ("At least 2 stars (★★)", "Fewer than 2 stars", "No data")
    assert words.class_labels(dict(meta, threshold=1))[:2] == ("At least 1 star (★)", "No star")
    assert words.describe_method(meta) == "Strength stars ≥ 2 (European Cluster Observatory)"
    assert words.describe_method({"baseline": 6, "threshold": 3}) == "Strength stars ≥ 3 (European Cluster Observatory)"
    assert words.cluster_note(meta, 1, "LEPs") == "1 multi-region cluster: neighbouring LEPs with at least 2 stars (★★)"
    assert words.stars_legend() == legend()
    assert dict(words.stars_legend())[3] == "★★ size and specialisation"
    assert words.stars_count_legend()[0] == (3, "★★★ 3 stars") and words.stars_count_legend()[-1] == (0, "No star")
    line = words.stars_summary("C : Manufacturing", [3.0, 2, 1, 1, 0, float("nan")], 1, 5)
    assert "★★★ 1, ★★ 1, ★ 2, no star 1" in line and "top 1 of 5" in line


def test_global_moran_words() -> None:
    rec = {"I": 0.4512, "expected": -0.027, "z_norm": 4.1, "z_rand": 4.2, "p_sim": 0.001, "permutations": 999,
           "n": 38, "n_isolated": 0}
    assert words.global_moran_text(rec) == "Moran's I = 0.45 (p = 0.001)"
    assert words.global_moran_text(dict(rec, p_sim=0.0001)) == "Moran's I = 0.45 (p = 0.0001)"
    assert words.global_moran_text(dict(rec, I=None)) == "" and words.global_moran_text(None) == ""
    meta = {"analysis": "localstatistics", "method_label": "Local Moran's I", "permutations": 999,
            "correction_label": "false discovery rate", "alpha": 0.05, "global_moran": {"C": rec}}
    assert words.global_moran_note(meta, "C") == "Moran's I = 0.45 (p = 0.001)"
    assert words.global_moran_note(meta, "X") == "" and words.global_moran_note(meta, None) == ""
    assert words.global_moran_note(dict(meta, analysis="detectclusters"), "C") == ""
    assert "Moran's I =" not in words.describe_method(meta)
    line = words.global_moran_line("C : Manufacturing", dict(rec, n_isolated=2))
    assert line == ("Global Moran's I, C : Manufacturing: I = 0.451, E[I] = -0.027, z = 4.20 (randomisation; "
                    "4.10 under normality), pseudo p = 0.001 (999 permutations), 38 regions, 2 without a neighbour")
    assert "not computed (constant)" in words.global_moran_line("X", {"I": None, "note": "constant"})


# ------------------------------------------------------------------------------------------ overlay


def strip_overlay():
    """Regions: a 1 × 6 row of 10 km squares; units: West (x < 25 km), East (x >= 25 km), stored in 3 pieces."""
    regions = [box(i * 10_000, 0, (i + 1) * 10_000, 10_000) for i in range(6)]
    units = [box(-1, -1, 25_000, 10_001), box(25_000, -1, 45_000, 10_001), box(45_000, -1, 70_000, 10_001)]
    return regions, OverlayData(units, ["West", "East", "East"], "name", "Halves")


def test_crossings_of_member_sets() -> None:
    regions, overlay = strip_overlay()
    parts = overlay_parts(regions, overlay)
    west, across, east = cluster_crossings(parts, [[0, 1], [1, 2, 3], [4, 5]])
    assert west.crosses == ("West",) and west.n_crossed == 1
    # region 2 is half West, half East: a tie goes to the first name in alphabetical order (East)
    assert across.crosses == ("East", "West") and across.n_crossed == 2
    assert crossing_attributes(across) == {"crosses": "East; West", "n_crossed": 2,
                                           "crosses_shares": "East 50.0 %; West 50.0 %"}
    assert east.crosses == ("East",)
    assert [name for name, _t in CROSSING_FIELDS] == ["crosses", "n_crossed", "crosses_shares"]


def test_overlay_that_covers_nothing_is_refused_with_a_code() -> None:
    regions, overlay = strip_overlay()
    far = OverlayData([box(1e7, 1e7, 1e7 + 1, 1e7 + 1)], ["Far"], "name", "Elsewhere")
    with pytest.raises(OverlayUserError, match="Elsewhere.*covers none of the regions") as err:
        overlay_parts(regions, far)
    assert err.value.code == "overlay_covers_nothing"


def test_add_crossings_keys_every_cluster_and_records_the_overlay() -> None:
    from plugin.core.clusters import Cluster

    regions, overlay = strip_overlay()
    sector = SimpleNamespace(field="f", clusters=[Cluster(1, np.array([1, 2, 3])), Cluster(2, np.array([5]))])
    analysis = SimpleNamespace(sectors=[sector], regions=SimpleNamespace(shapes=regions), meta={}, notes=[],
                               crossings=None)
    add_crossings(analysis, overlay)
    assert set(analysis.crossings) == {("f", 1), ("f", 2)}
    assert analysis.crossings[("f", 1)].crosses == ("East", "West")
    assert analysis.meta["overlay"] == {"layer": "Halves", "name_field": "name", "units": 2}


# ------------------------------------------------------------------------------------------ global Moran


def test_global_moran_by_sector_is_the_core_on_the_same_seed() -> None:
    g = grid(5, 5)
    rng = np.random.default_rng(0)
    values = rng.normal(size=(25, 11)) + np.arange(25)[:, None] / 5  # 11 sectors: two chunks
    values[3, 4] = np.nan
    data = fake_data(values)
    sectors = [SimpleNamespace(field=f) for f in data.fields]
    ours = global_moran_by_sector(data, sectors, g, StatisticsSettings(permutations=199, seed=17))
    core = global_moran(values, g, 199, 17)
    assert list(ours) == data.fields
    for f, r in zip(data.fields, core):
        same(ours[f], r)
    # A sector's result does not depend on the others in the run (nor on the chunking).
    alone = global_moran_by_sector(data, [SimpleNamespace(field="f4")], g,
                                   StatisticsSettings(permutations=199, seed=17))
    same(alone["f4"], ours["f4"])


def same(a, b) -> None:
    """Equal permutation counts; moments equal up to the order of floating-point sums."""
    assert (a.p_sim, a.n, a.n_isolated, a.permutations, a.error) == (b.p_sim, b.n, b.n_isolated, b.permutations,
                                                                     b.error)
    for name in ("stat", "expected", "z_norm", "z_rand", "p_norm", "p_rand", "mean_sim", "sd_sim"):
        assert getattr(a, name) == pytest.approx(getattr(b, name), rel=1e-12, abs=1e-15), name


def test_global_record_is_plain_json() -> None:
    import json

    r = global_moran(np.array([1.0, 1, 1, 1, 2, 1]), grid(2, 3), 9, 1, errors="skip")[0]
    rec = global_record(r)
    assert set(rec) == {name for name, _t, attr in GLOBAL_MORAN_COLUMNS if attr}
    json.dumps(rec, allow_nan=False)
    constant = global_record(global_moran(np.ones(6), grid(2, 3), 9, 1, errors="skip")[0])
    assert constant["I"] is None and constant["note"] and constant["n"] == 6
    assert all(isinstance(rec[k], int) for k in ("permutations", "n", "n_isolated"))
    assert math.isfinite(rec["I"])


def test_columns_are_made_when_read_and_one_sector_alone_when_the_panel_asks():
    """The panel shows one sector: its columns alone are made (not 2.2 million values for 21 LSOA sectors at
    each threshold change); a writer reading every column gets them in the order an eager build gave."""
    values = np.array([[1.0, 9, 4], [2, 8, 4], [3, 7, 5], [4, 6, 5], [5, 5, 6], [6, 4, 6]])
    a = detect_by_rule(fake_data(values), grid(2, 3), RuleSettings(codes.LQ, 1.0, 2))
    lazy = a.columns
    one = a.sector_columns("f1")
    assert [c.name for c in one] == ["f1_idx", "f1_above", "f1_cluster"]
    assert lazy._all is None and set(lazy._sectors) == {1}  # only f1 made
    assert [c.name for c in a.columns] == ["f0_idx", "f0_above", "f0_cluster", "f1_idx", "f1_above", "f1_cluster",
                                           "f2_idx", "f2_above", "f2_cluster", "sc_isolated"]
    assert a.sector_columns("f1") == [c for c in a.columns if c.name.startswith("f1_")]
    assert a.sector_columns("f1")[0] is one[0]  # made once
    assert a.sector_columns("absent") == []
    assert len(a.columns) == 10 and a.columns[-1].name == "sc_isolated"
