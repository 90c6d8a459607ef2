"""The official units a cluster crosses, on hand-made squares whose answers can be read off a sketch."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import MultiPolygon, Polygon, box

from plugin.core.overlay import (
    NO_NAME,
    Crossing,
    OverlayError,
    RegionParts,
    check_covered,
    cluster_crossing,
    crossings,
    join_names,
    region_parts,
)

# Two overlay units side by side: West = x 0..10, East = x 10..30 (y 0..10 for both).
WEST, EAST = box(0, 0, 10, 10), box(10, 0, 30, 10)
UNITS, NAMES = [WEST, EAST], ["West", "East"]


def test_cluster_crossing_two_units() -> None:
    # Region a: x 2..8 (all in West); b: x 8..14 (2 in West, 4 in East); c: x 14..20 (East).
    a, b, c = box(2, 2, 8, 8), box(8, 2, 14, 8), box(14, 2, 20, 8)
    (res,) = crossings([[a, b, c]], UNITS, NAMES)
    assert isinstance(res, Crossing)
    assert res.member_units == ("West", "East", "East")
    # Cluster area 108: West holds 36 + 12 = 48, East 24 + 36 = 60.
    assert res.crosses == ("East", "West") and res.n_crossed == 2 and res.n_outside == 0
    assert dict(res.shares) == pytest.approx({"East": 60 / 108, "West": 48 / 108})
    assert res.crosses_text == "East; West" and res.area == pytest.approx(108)


def test_unit_overlapped_but_holding_no_largest_part_is_not_crossed() -> None:
    # b is mostly West; East only gets a sliver of b: shown in shares, not in crosses.
    a, b = box(2, 2, 8, 8), box(8, 2, 11, 8)
    (res,) = crossings([[a, b]], UNITS, NAMES)
    assert res.crosses == ("West",) and res.n_crossed == 1
    assert [n for n, _ in res.shares] == ["West", "East"]
    assert res.share_of("East") == pytest.approx(6 / 54) and res.share_of("Nowhere") == 0.0


def test_ties_go_by_name() -> None:
    # A region split exactly in half belongs to the first name alphabetically; equal shares order by name.
    half = box(5, 0, 15, 10)  # 50 in West, 50 in East... East spans 10..30 so 50 each
    (res,) = crossings([[half]], UNITS, NAMES)
    assert res.member_units == ("East",)  # "East" < "West"
    assert res.shares == (("East", 0.5), ("West", 0.5))
    # Two members, one in each unit, equal areas: crosses ordered by name.
    (two,) = crossings([[box(0, 0, 5, 5), box(20, 0, 25, 5)]], UNITS, ["Zeta", "Alpha"])
    assert two.crosses == ("Alpha", "Zeta")


def test_members_outside_every_unit_are_counted_not_assigned() -> None:
    inside, outside, touching = box(2, 2, 8, 8), box(100, 100, 110, 110), box(-5, 0, 0, 5)  # touches West's edge
    (res,) = crossings([[inside, outside, touching]], UNITS, NAMES)
    assert res.member_units == ("West", None, None)
    assert res.n_outside == 2 and res.crosses == ("West",)
    assert res.share_of("West") == pytest.approx(36 / (36 + 100 + 25))


def test_overlay_covering_nothing_is_an_error() -> None:
    far = [box(1000, 1000, 1010, 1010), box(2000, 0, 2010, 10)]
    with pytest.raises(OverlayError, match="covers none of the regions"):
        crossings([[box(2, 2, 8, 8)], [box(12, 2, 18, 8)]], far, ["A", "B"])
    # Only some clusters uncovered: fine, they cross nothing.
    res = crossings([[box(2, 2, 8, 8)], [box(500, 500, 510, 510)]], UNITS, NAMES)
    assert res[0].crosses == ("West",) and res[1].crosses == () and res[1].n_outside == 1
    assert crossings([], UNITS, NAMES) == []


def test_features_with_the_same_name_are_one_unit() -> None:
    # "North" is two separate squares; a region over both is wholly in North.
    north = [box(0, 0, 10, 10), box(20, 0, 30, 10)]
    south = box(10, 0, 20, 10)
    region = box(5, 0, 27, 10)  # 5 + 7 = 12 wide in North, 10 wide in South
    (res,) = crossings([[region]], north + [south], ["North", "North", "South"])
    assert res.member_units == ("North",) and res.crosses == ("North",)
    assert res.share_of("North") == pytest.approx(12 / 22)


def test_missing_names_and_bad_lengths() -> None:
    (res,) = crossings([[box(2, 2, 8, 8)]], UNITS, [None, "East"])
    assert res.crosses == (NO_NAME,)
    with pytest.raises(OverlayError, match="one name per overlay feature"):
        crossings([[box(2, 2, 8, 8)]], UNITS, ["West"])


def test_names_with_commas_are_joined_with_semicolons() -> None:
    (res,) = crossings([[box(2, 2, 8, 8), box(14, 2, 20, 8)]], UNITS, ["Bristol, City of", "Bath and North East"])
    assert res.crosses == ("Bath and North East", "Bristol, City of")  # equal shares: by name
    assert res.crosses_text == join_names(res.crosses) == "Bath and North East; Bristol, City of"


def test_invalid_and_empty_shapes() -> None:
    bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10)])  # self-intersecting: repaired, not an error
    (res,) = crossings([[bowtie, Polygon()]], UNITS, NAMES)
    assert res.member_units[0] == "West" and res.member_units[1] is None
    parts = region_parts([None, box(2, 2, 8, 8)], [Polygon(), WEST], ["empty", "West"])
    assert parts[0] == RegionParts(0.0, {}) and parts[1].unit == "West"


def test_region_parts_once_then_clusters() -> None:
    """The cheap path for many sectors: intersect every region once, then combine per cluster."""
    regions = [box(2, 2, 8, 8), box(8, 2, 14, 8), box(14, 2, 20, 8), MultiPolygon([box(0, 0, 1, 1), box(29, 0, 30, 1)])]
    parts = region_parts(regions, UNITS, NAMES)
    check_covered(parts)
    assert parts[3].parts == pytest.approx({"West": 1.0, "East": 1.0}) and parts[3].unit == "East"
    assert cluster_crossing([parts[0], parts[1]]).crosses == ("West", "East")  # 36 + 12 West vs 24 East
    assert cluster_crossing([parts[i] for i in (0, 1, 2)]) == crossings([regions[:3]], UNITS, NAMES)[0]
    with pytest.raises(OverlayError):
        check_covered([RegionParts(5.0, {})])
    check_covered([RegionParts(0.0, {})])  # nothing with an area: nothing to judge


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 28), st.integers(0, 8), st.integers(1, 6), st.integers(1, 6)),
                min_size=1, max_size=6))
def test_invariants(rects) -> None:
    members = [box(x, y, x + w, y + h) for x, y, w, h in rects]
    (res,) = crossings([members], UNITS, NAMES)
    shares = dict(res.shares)
    # Shares of the two disjoint units add up to the part of the cluster inside them.
    inside = sum(m.intersection(box(0, 0, 30, 10)).area for m in members) / sum(m.area for m in members)
    assert sum(shares.values()) == pytest.approx(inside)
    assert set(res.crosses) <= set(shares) and len(set(res.crosses)) == res.n_crossed
    assert [shares[u] for u in res.crosses] == sorted((shares[u] for u in res.crosses), reverse=True)
    assert res.n_crossed + (res.n_outside == len(members)) >= 1
    # Feature order and member order do not change the answer.
    (flipped,) = crossings([members[::-1]], UNITS[::-1], NAMES[::-1])
    assert flipped.crosses == res.crosses and flipped.member_units == res.member_units[::-1]
    assert np.allclose([s for _, s in flipped.shares], [s for _, s in res.shares])
