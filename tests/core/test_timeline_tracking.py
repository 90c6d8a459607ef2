"""Following clusters over time: the tracking rule on hand-made lattices, tie-breaks, and its properties.

Each period is drawn as a picture of a rook lattice ("X" = above the baseline); its clusters are found by
the same ``find_clusters`` detectclusters uses, so the cases are what a user would see on a map.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugin.core.clusters import find_clusters
from plugin.core.timeline import TimelineError
from plugin.core.tracking import (
    CONTINUING,
    GROWN,
    MERGED,
    NEW,
    SHRUNK,
    SPLIT,
    PeriodClusters,
    track_clusters,
)
from tests.core.grids import grid


def lattice(period: int, *picture: str) -> PeriodClusters:
    """Clusters of a picture like ("XX.", "..X"): cells are keys "r0c0", "r0c1", … rook neighbours."""
    rows, cols = len(picture), len(picture[0])
    keys = [f"r{r}c{c}" for r in range(rows) for c in range(cols)]
    above = np.array([ch == "X" for line in picture for ch in line])
    clusters = find_clusters(grid(rows, cols, queen=False), above, keys, min_regions=2)
    return PeriodClusters.of(period, [[keys[i] for i in c.members] for c in clusters],
                             [c.cluster_id for c in clusters])


def by_members(result, period: int) -> dict[str, tuple]:
    """members text -> (track, change, predecessor, sources) in one period."""
    return {c.members_text: (c.track, c.change, c.predecessor, c.sources) for c in result.in_period(period)}


def test_first_period_is_new_and_identical_period_continues():
    a = lattice(2015, "XX..", "....", "..XX")
    r = track_clusters([a, lattice(2016, "XX..", "....", "..XX")])
    assert by_members(r, 2015) == {"r0c0; r0c1": (1, NEW, None, ()), "r2c2; r2c3": (2, NEW, None, ())}
    assert by_members(r, 2016) == {"r0c0; r0c1": (1, CONTINUING, 1, (1,)), "r2c2; r2c3": (2, CONTINUING, 2, (2,))}
    assert r.ended == []


def test_grown_shrunk_and_new():
    r = track_clusters([
        lattice(1, "XX...", ".....", "XXX.."),
        lattice(2, "XXX..", ".....", "XX..X", "....X"),  # top grows, bottom shrinks, a new pair appears
    ])
    got = by_members(r, 2)
    assert got["r0c0; r0c1; r0c2"] == (2, GROWN, 2, (2,))
    assert got["r2c0; r2c1"] == (1, SHRUNK, 1, (1,))
    assert got["r2c4; r3c4"] == (3, NEW, None, ())
    assert [c.overlap for c in r.in_period(2)] == [2, 2, 0]


def test_same_size_other_regions_is_continuing_with_the_overlap_saying_how_many_stayed():
    r = track_clusters([lattice(1, "XXX."), lattice(2, ".XXX")])
    (c,) = r.in_period(2)
    assert (c.track, c.change, c.overlap, c.members) == (1, CONTINUING, 2, ("r0c1", "r0c2", "r0c3"))


def test_merge_keeps_the_track_of_the_largest_overlap_and_the_other_track_ends_absorbed():
    r = track_clusters([
        lattice(2018, "XXX.XX", "......"),
        lattice(2019, "XXXXXX", "......"),  # the bridge r0c3 joins them
    ])
    (c,) = r.in_period(2019)
    assert (c.track, c.change, c.predecessor, c.overlap, c.sources) == (1, MERGED, 1, 3, (1, 2))
    (e,) = r.ended
    assert (e.track, e.last_period, e.ended, e.members, e.absorbed_into) == (2, 2018, 2019, ("r0c4", "r0c5"), (1,))


def test_split_larger_overlap_keeps_the_track_the_other_part_starts_a_new_one():
    r = track_clusters([
        lattice(1, "XXXXXX"),
        lattice(2, "XXX.XX"),  # the middle cell drops below
        lattice(3, "XXX.XX"),
    ])
    assert by_members(r, 2) == {"r0c0; r0c1; r0c2": (1, SHRUNK, 1, (1,)), "r0c4; r0c5": (2, SPLIT, 1, (1,))}
    assert by_members(r, 3) == {"r0c0; r0c1; r0c2": (1, CONTINUING, 1, (1,)),
                                "r0c4; r0c5": (2, CONTINUING, 2, (2,))}
    assert r.ended == []


def test_a_track_that_vanishes_ends_in_the_next_period_and_does_not_resume():
    r = track_clusters([
        lattice(2015, "XX.XX"),
        lattice(2016, "XX..."),
        lattice(2017, "XX.XX"),  # the same pair comes back: a new track, not track 2 again
    ])
    (e,) = r.ended
    assert (e.track, e.last_period, e.ended, e.absorbed_into) == (2, 2015, 2016, ())
    assert by_members(r, 2017)["r0c3; r0c4"] == (3, NEW, None, ())


def test_a_period_without_clusters_ends_every_track():
    r = track_clusters([lattice(1, "XX.XX"), lattice(2, "....."), lattice(3, "XX...")])
    assert [(e.track, e.ended) for e in r.ended] == [(1, 2), (2, 2)]
    assert by_members(r, 3) == {"r0c0; r0c1": (3, NEW, None, ())}


def test_lost_claim_that_also_took_a_second_cluster_is_split_with_both_sources():
    # 1: A = six cells (track 1), B = a pair (track 2). 2: A keeps three cells; its last two join all of B.
    # That cluster shares 2 with A and 2 with B: tie -> A, but A's three-cell rest shares more with A and wins.
    r = track_clusters([
        lattice(1, "XXXXXX.XX"),
        lattice(2, "XXX.XXXXX"),
    ])
    got = by_members(r, 2)
    assert got["r0c0; r0c1; r0c2"] == (1, SHRUNK, 1, (1,))
    assert got["r0c4; r0c5; r0c6; r0c7; r0c8"] == (3, SPLIT, 1, (1, 2))
    (e,) = r.ended
    assert (e.track, e.absorbed_into) == (2, (3,))


def test_predecessor_tie_goes_to_the_lowest_track():
    # Two previous pairs, tracks 1 and 2; the new cluster takes one cell of each: equal overlap -> track 1.
    p1 = PeriodClusters.of(1, [["a", "b"], ["c", "d"]])
    p2 = PeriodClusters.of(2, [["b", "c"]])
    (c,) = track_clusters([p1, p2]).in_period(2)
    assert (c.track, c.change, c.predecessor, c.sources) == (1, MERGED, 1, (1, 2))


def test_claimants_with_equal_overlap_the_larger_cluster_keeps_the_track():
    p1 = PeriodClusters.of(1, [["a", "b", "c", "d"]])
    p2 = PeriodClusters.of(2, [["a", "b"], ["c", "d", "x", "y", "z"]])
    got = by_members(track_clusters([p1, p2]), 2)
    assert got == {"c; d; x; y; z": (1, GROWN, 1, (1,)), "a; b": (2, SPLIT, 1, (1,))}


def test_claimants_equal_in_overlap_and_size_the_first_key_keeps_the_track():
    p1 = PeriodClusters.of(1, [["a", "b", "c", "d"]])
    p2 = PeriodClusters.of(2, [["c", "d"], ["a", "b"]])  # listed in the "wrong" order on purpose
    got = by_members(track_clusters([p1, p2]), 2)
    assert got == {"a; b": (1, SHRUNK, 1, (1,)), "c; d": (2, SPLIT, 1, (1,))}


def test_track_ids_follow_first_appearance_largest_first():
    r = track_clusters([PeriodClusters.of(7, [["z", "y"], ["a", "b", "c"], ["m", "n"]])])
    assert [(c.track, c.members_text) for c in r.clusters] == [(1, "a; b; c"), (2, "m; n"), (3, "y; z")]
    assert [c.ref for c in r.clusters] == [2, 3, 1]  # the caller's ids come back untouched


def test_every_change_value_occurs_in_one_run():
    r = track_clusters([
        lattice(1, "XXXXXX.XX.XX.XX.", "................", "XX.XX..........."),
        lattice(2, "XXX.XXXXX.XX.XXX", "................", "XXXXX.......XX.."),
    ])
    assert {c.change for c in r.in_period(1)} == {NEW}
    got = {c.members_text: c.change for c in r.in_period(2)}
    assert got == {
        "r0c0; r0c1; r0c2": SHRUNK,  # the bigger part of the six-cell cluster
        "r0c4; r0c5; r0c6; r0c7; r0c8": SPLIT,  # the rest of it, joined with the pair to its right
        "r0c10; r0c11": CONTINUING,
        "r0c13; r0c14; r0c15": GROWN,
        "r2c0; r2c1; r2c2; r2c3; r2c4": MERGED,
        "r2c12; r2c13": NEW,
    }
    tracks = {c.members_text: c.track for c in r.clusters}
    assert [(e.members_text, e.absorbed_into) for e in r.ended] == [
        ("r0c7; r0c8", (tracks["r0c4; r0c5; r0c6; r0c7; r0c8"],)),
        ("r2c3; r2c4", (tracks["r2c0; r2c1; r2c2; r2c3; r2c4"],)),
    ]


def test_bad_input_is_a_plain_error():
    with pytest.raises(TimelineError, match="region 'b' is in two clusters"):
        track_clusters([PeriodClusters.of(1, [["a", "b"], ["b", "c"]])])
    with pytest.raises(TimelineError, match="period 1 is listed twice"):
        track_clusters([PeriodClusters.of(1, [["a", "b"]]), PeriodClusters.of(1, [["a", "b"]])])
    with pytest.raises(TimelineError, match="has no regions"):
        track_clusters([PeriodClusters.of(1, [[]])])


# ----------------------------------------------------------------------------- properties

KEYS = [f"k{i:02d}" for i in range(24)]


@st.composite
def period_clusters(draw, period: int) -> PeriodClusters:
    """A random period: each key is in no cluster (-1) or in one of up to 6 clusters."""
    labels = draw(st.lists(st.integers(-1, 5), min_size=len(KEYS), max_size=len(KEYS)))
    groups: dict[int, list[str]] = {}
    for k, lab in zip(KEYS, labels):
        if lab >= 0:
            groups.setdefault(lab, []).append(k)
    return PeriodClusters.of(period, list(groups.values()))


@st.composite
def histories(draw, min_periods=1, max_periods=5) -> list[PeriodClusters]:
    n = draw(st.integers(min_periods, max_periods))
    return [draw(period_clusters(2000 + t)) for t in range(n)]


def check_invariants(result) -> None:
    """What holds for every run: one keeper per track, new tracks exactly for new/split, ids by appearance."""
    seen: list[int] = []
    for period in result.periods:
        current = result.in_period(period)
        tracks = [c.track for c in current]
        assert len(tracks) == len(set(tracks))
        for c in current:
            starts = c.track not in seen
            assert starts == (c.change in (NEW, SPLIT))
            if starts:
                assert c.track == len(seen) + 1
                seen.append(c.track)
            else:
                assert c.track == c.predecessor
    ended = {e.track for e in result.ended}
    last = {c.track for c in result.in_period(result.periods[-1])}
    assert ended | last == set(seen) and not ended & last


@settings(max_examples=150, deadline=None)
@given(histories(min_periods=1, max_periods=4))
def test_a_period_repeated_twice_gives_only_continuing_on_the_same_tracks(history):
    last = history[-1]
    repeated = PeriodClusters(last.period + 1, last.clusters)
    result = track_clusters([*history, repeated])
    check_invariants(result)
    before = {c.members: c.track for c in result.in_period(last.period)}
    after = result.in_period(repeated.period)
    assert all(c.change == CONTINUING for c in after)
    assert {c.members: c.track for c in after} == before
    assert not [e for e in result.ended if e.ended == repeated.period]


@st.composite
def coarsenings(draw):
    """A period and a later one whose clusters are unions of groups of its clusters, plus regions that were in
    no cluster before (a clean merge picture: nothing is split, nothing vanishes)."""
    before = draw(period_clusters(1))
    clusters = [sorted(c.members) for c in before.clusters]
    group_of = draw(st.lists(st.integers(0, 3), min_size=len(clusters), max_size=len(clusters)))
    free = [k for k in KEYS if not any(k in c for c in clusters)]
    extra_of = draw(st.lists(st.integers(-1, 3), min_size=len(free), max_size=len(free)))
    groups: dict[int, list[str]] = {}
    for c, g in zip(clusters, group_of):
        groups.setdefault(g, []).extend(c)
    for k, g in zip(free, extra_of):
        if g in groups:
            groups[g].append(k)
    return before, PeriodClusters.of(2, list(groups.values()))


@settings(max_examples=200, deadline=None)
@given(coarsenings())
def test_reversing_time_turns_each_merge_into_splits(case):
    """Property: when every later cluster is a union of whole earlier clusters (plus regions that were in no
    cluster), then forward in time exactly the later clusters built from g >= 2 earlier clusters are merged;
    backward in time (later period first) exactly g - 1 of those g earlier clusters are split, and the one that
    keeps the merged cluster's track is the one whose track the merge kept going forward."""
    before, after = case
    forward = track_clusters([before, PeriodClusters(2, after.clusters)])
    backward = track_clusters([PeriodClusters(2, after.clusters), PeriodClusters(3, before.clusters)])
    check_invariants(forward)
    check_invariants(backward)
    first_track = {c.members: c.track for c in forward.in_period(1)}
    back_track = {c.members: c for c in backward.in_period(2)}
    n_split = 0
    for merged in forward.in_period(2):
        parts = [c for c in forward.in_period(1) if set(c.members) <= set(merged.members)]
        assert (merged.change == MERGED) == (len(parts) >= 2)
        back = [c for c in backward.in_period(3) if set(c.members) <= set(merged.members)]
        assert {c.members for c in back} == {c.members for c in parts}
        splits = [c for c in back if c.change == SPLIT]
        keepers = [c for c in back if c.change != SPLIT]
        assert len(splits) == len(parts) - 1 and len(keepers) == 1
        assert keepers[0].track == back_track[merged.members].track
        assert first_track[keepers[0].members] == merged.track  # the same earlier cluster both ways
        n_split += len(splits)
    assert n_split == len(forward.ended)  # each absorbed track ended forward is one split backward
    assert all(c.change != MERGED for c in backward.in_period(3))


@settings(max_examples=150, deadline=None)
@given(histories(min_periods=2, max_periods=5), st.randoms(use_true_random=False))
def test_track_ids_do_not_depend_on_the_order_clusters_are_listed_in(history, rnd):
    shuffled = []
    for pc in history:
        clusters = list(pc.clusters)
        rnd.shuffle(clusters)
        shuffled.append(PeriodClusters(pc.period, tuple(clusters)))
    a, b = track_clusters(history), track_clusters(shuffled)
    check_invariants(a)

    def view(r):
        return sorted((c.period, c.members, c.track, c.change, c.predecessor, c.overlap, c.sources)
                      for c in r.clusters)

    assert view(a) == view(b)
    assert a.ended == b.ended
