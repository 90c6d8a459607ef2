"""Weighted DBSCAN and points counted into regions (plugin.core.points), without QGIS.

The numpy paths and the scipy paths (cKDTree, connected components) must give the same labels; the
definition is checked by brute force on generated data (weights, duplicates, collinear points, one point,
all noise). Agreement with scikit-learn itself is tests/core/test_points_reference.py.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from plugin.core.points import Density, SearchOptions, assign_to_regions, dbscan, sum_by_region


def brute(xy: np.ndarray, w: np.ndarray, radius: float, min_weight: float):
    """Core flags and the clusters each point may legally join, straight from the definition."""
    d = np.sqrt(((xy[:, None, :] - xy[None, :, :]) ** 2).sum(-1))
    near = d <= radius
    core = (near * w[None, :]).sum(1) >= min_weight
    comp = -np.ones(len(xy), dtype=int)
    k = 0
    for s in np.nonzero(core)[0]:
        if comp[s] >= 0:
            continue
        stack = [s]
        comp[s] = k
        while stack:
            p = stack.pop()
            for q in np.nonzero(near[p] & core)[0]:
                if comp[q] < 0:
                    comp[q] = k
                    stack.append(q)
        k += 1
    may_join = [set(comp[near[i] & core]) for i in range(len(xy))]
    return core, comp, may_join


def check_labels(xy, w, radius, min_weight, result) -> None:
    core, comp, may_join = brute(xy, w, radius, min_weight)
    assert (result.core == core).all()
    pair = {}
    for ours, theirs in zip(result.labels[core], comp[core]):  # the same partition of the core points
        assert pair.setdefault(ours, theirs) == theirs
    assert len(set(pair.values())) == len(pair)
    inverse = {v: k for k, v in pair.items()}
    for i in np.nonzero(~core)[0]:
        if may_join[i]:
            assert result.labels[i] in {inverse[c] for c in may_join[i]}
        else:
            assert result.labels[i] == -1


coords = st.lists(st.tuples(st.integers(0, 40), st.integers(0, 40)), min_size=1, max_size=60)


@settings(max_examples=120, deadline=None)
@given(coords, st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.5, 4.0]), min_size=60, max_size=60),
       st.sampled_from([1.0, 2.0, 3.0, 5.5, 8.0]), st.sampled_from([0.5, 1.0, 2.0, 3.0, 6.0]),
       st.sampled_from([7, 100, 1 << 20]), st.booleans())
def test_labels_follow_the_definition(points, weights, radius, min_weight, max_pairs, use_scipy):
    """Integer coordinates give exact ties at the radius, duplicates and collinear runs; dyadic weights exact
    sums at min_weight; small max_pairs splits every comparison into many chunks."""
    xy = np.array(points, dtype=float) * 0.5
    w = np.array(weights[:len(points)])
    check_labels(xy, w, radius, min_weight, dbscan(xy, Density(radius, min_weight), w,
                                                   search=SearchOptions(use_scipy=use_scipy, max_pairs=max_pairs)))


def test_numpy_and_scipy_paths_agree_on_dense_cores():
    rng = np.random.default_rng(5)
    centres = rng.uniform(0, 50_000, (8, 2))
    xy = np.concatenate([centres[rng.integers(0, 8, 6000)] + rng.normal(0, 400, (6000, 2)),
                         rng.uniform(0, 50_000, (2000, 2))])
    w = rng.integers(1, 20, len(xy)).astype(float)
    a = dbscan(xy, Density(150.0, 60.0), w, search=SearchOptions(use_scipy=True))
    b = dbscan(xy, Density(150.0, 60.0), w, search=SearchOptions(use_scipy=False, max_pairs=5000))
    assert a.n_clusters > 5
    assert (a.core == b.core).all() and (a.labels[a.core] == b.labels[b.core]).all()
    assert ((a.labels < 0) == (b.labels < 0)).all()
    check_labels(xy[:3000], w[:3000], 150.0, 60.0, dbscan(xy[:3000], Density(150.0, 60.0), w[:3000],
                                                          search=SearchOptions(use_scipy=False)))


def test_single_point_all_noise_and_one_cluster():
    one = dbscan(np.array([[3.0, 4.0]]), Density(10.0, 1.0))
    assert one.labels.tolist() == [0] and one.core.tolist() == [True]
    assert dbscan(np.array([[3.0, 4.0]]), Density(10.0, 2.0)).labels.tolist() == [-1]
    line = np.column_stack([np.arange(10) * 100.0, np.zeros(10)])
    assert dbscan(line, Density(99.0, 2.0)).labels.tolist() == [-1] * 10
    assert dbscan(line, Density(100.0, 2.0)).labels.tolist() == [0] * 10  # distance == radius is within
    assert list(dbscan(line, Density(100.0, 2.0)).roles) == ["core"] * 10


@pytest.mark.parametrize("bad", [np.nan, -1.0])
def test_rejects_nan_and_negative_weights(bad):
    with pytest.raises(ValueError):
        dbscan(np.zeros((2, 2)), Density(1.0, 1.0), np.array([1.0, bad]))


def test_points_go_to_one_region_each():
    """Interiors first (overlaps: the first region in order), then boundaries: the first region in order."""
    squares = [box(0, 0, 1, 1), box(1, 0, 2, 1), None, box(0.5, 0.5, 1.5, 1.5)]
    pts = np.array([[0.5, 0.5], [1, 0.25], [1.2, 0.2], [1.0, 1.0], [3, 3], [1.2, 0.7], [0, 0], [0.7, 0.7]])
    region = assign_to_regions(pts, squares)
    assert region.tolist() == [0, 0, 1, 3, -1, 1, 0, 0]
    sums = sum_by_region(region, np.array([0, 1, 0, 1, 0, 1, 0, 0]), 4, 2, np.array([1, 2, 3, 4, 5, 6, 7, 0.5]))
    assert sums.tolist() == [[8.5, 2.0], [3.0, 6.0], [0.0, 0.0], [0.0, 4.0]]


def test_outline_holds_every_disc_and_not_the_empty_land_between():
    """Two dense blobs 5 km apart: two parts, each core point's disc inside (within the snapping), the gap
    between them outside (a convex hull would cover it)."""
    from shapely.geometry import Point

    from plugin.core.point_outlines import disc_outline

    rng = np.random.default_rng(3)
    xy = np.concatenate([rng.normal(0, 150, (400, 2)), rng.normal(0, 150, (400, 2)) + [5000, 0]])
    shape = disc_outline(xy, 200.0)
    assert len(shape.geoms) == 2
    assert not shape.contains(Point(2500, 0))
    for p in xy[::37]:
        assert shape.buffer(200.0 / 20).contains(Point(p).buffer(200.0, 8))
