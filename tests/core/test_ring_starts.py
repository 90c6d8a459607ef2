"""Where the closing's simplified copy starts each ring (``geometry.fixed_ring_starts``): a vertex fixed on the
ground, so the same regions give the same outline whatever their order, their rings' starts or the CRS's axes."""
from __future__ import annotations

import math

from shapely import affinity
from shapely.geometry import MultiPolygon, Polygon, box

from plugin.core.geometry import fixed_ring_starts

# an irregular ring with one clearly farthest vertex from its centroid, (9, 1), in counter-clockwise order
SHELL = [(0.0, 0.0), (9.0, 1.0), (6.0, 4.0), (3.0, 5.0), (0.0, 3.0)]
HOLE = [(2.0, 1.0), (2.0, 2.0), (3.0, 2.0), (3.2, 1.1)]


def turned(ring: list, k: int, backwards: bool) -> list:
    ring = ring[::-1] if backwards else ring
    return ring[k:] + ring[:k]


def test_a_ring_starts_at_its_farthest_vertex_whatever_its_start_and_direction():
    wanted = fixed_ring_starts(Polygon(SHELL, [HOLE]))
    assert wanted.exterior.coords[0] == (9.0, 1.0)
    assert wanted.exterior.is_ccw and not wanted.interiors[0].is_ccw
    for k in range(5):
        for backwards in (False, True):
            again = fixed_ring_starts(Polygon(turned(SHELL, k, backwards), [turned(HOLE, k % 4, not backwards)]))
            assert list(again.exterior.coords) == list(wanted.exterior.coords)
            assert list(again.interiors[0].coords) == list(wanted.interiors[0].coords)
            assert again.equals(wanted)


def test_the_start_stays_on_the_same_ground_when_the_crs_turns_the_axes():
    """A projection change looks locally like a turn and a scale: the lowest coordinate (``normalize``) moves to
    another vertex under a 20 degree turn, the farthest-from-centroid vertex does not."""
    def move(g):
        return affinity.scale(affinity.rotate(g, 20, origin=(0, 0)), 1.0004, 1.0004, origin=(0, 0))

    shape = Polygon(SHELL)
    start = move(fixed_ring_starts(shape)).exterior.coords[0]
    assert math.dist(start, fixed_ring_starts(move(shape)).exterior.coords[0]) < 1e-9
    normalised = move(shape.normalize()).exterior.coords[0]
    assert math.dist(normalised, move(shape).normalize().exterior.coords[0]) > 1.0  # normalize's start moves


def test_ties_on_a_regular_grid_go_to_the_lowest_coordinate_and_parts_and_z_are_kept_apart():
    square = fixed_ring_starts(Polygon([(1, 1, 5), (1, 0, 5), (0, 0, 5), (0, 1, 5)]))
    assert square.exterior.coords[0] == (0.0, 0.0) and not square.has_z  # outlines are drawn in 2D
    two = fixed_ring_starts(MultiPolygon([box(0, 0, 1, 1), box(5, 5, 7, 6)]))
    assert [p.exterior.coords[0] for p in two.geoms] == [(0.0, 0.0), (5.0, 5.0)]
    assert fixed_ring_starts(Polygon()).is_empty
