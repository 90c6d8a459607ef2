"""Which official units (ITL1 regions, combined authorities…) a cluster crosses.

Shapes come in one projected CRS in metres, as the neighbour graph gets them.
Rules:

* Overlay features are grouped by name: features with the same name are one
  unit (an ITL1 region stored as several polygons). A missing name is the unit
  ``"(no name)"``.
* A member region belongs to the unit that holds its largest part (area of
  intersection). Equal parts (within 1e-9 of the region's area) go to the
  first name in alphabetical order, so the answer never depends on feature order.
  A region whose intersections all have zero area (outside every unit, or only
  touching one along a boundary) belongs to no unit; it is counted in
  ``n_outside``, never assigned to an invented unit.
* A cluster ``crosses`` the distinct units its members belong to, ordered by
  their share of the cluster's area — the sum of the members' intersections
  with the unit over the sum of the members' areas — largest first, ties by name.
  Shares are also given for every unit the cluster overlaps at all, for a tooltip.
  (Sums over members, so a stretch where two members overlap counts twice on both
  sides of the ratio; overlapping units can make shares add up to more than 1.)
* An overlay that covers none of the member regions is a mistake (wrong layer,
  wrong CRS): :class:`OverlayError`.

Candidates come from an STR-tree (shapely 1.8 and 2.x, as in geometry.py); each
region's parts are computed once, so many clusters of the same regions are cheap.
"""
from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import shapely
from shapely.strtree import STRtree

from . import geometry as geom
from .errors import UserError

NO_NAME = "(no name)"
SEPARATOR = "; "  # names contain commas ("Bristol, City of"): never join them with commas
_TIE_RTOL = 1e-9


class OverlayError(UserError):
    """The overlay cannot be used with these regions; the message says why (in English: ``core`` is not
    translated; ``steps.overlay`` says which layer)."""

    code = "overlay"


@dataclass(frozen=True)
class RegionParts:
    """One region's area and the area of its intersection with each unit it overlaps (> 0 only)."""

    area: float
    parts: dict[str, float] = field(default_factory=dict)

    @property
    def unit(self) -> Optional[str]:
        """The unit holding the largest part; ties (within 1e-9 of the area) by name; None outside every unit."""
        if not self.parts:
            return None
        best = max(self.parts.values())
        tied = [name for name, a in self.parts.items() if a >= best - _TIE_RTOL * max(self.area, best)]
        return min(tied)


@dataclass(frozen=True)
class Crossing:
    """The units one cluster crosses.

    ``crosses``: the distinct units holding a member's largest part, largest
    share first. ``shares``: (unit, share of the cluster's area) for every unit
    the cluster overlaps, largest first, ties by name. ``member_units``: each
    member's unit (None when outside every unit), in member order.
    """

    crosses: tuple[str, ...]
    shares: tuple[tuple[str, float], ...]
    member_units: tuple[Optional[str], ...]
    area: float

    @property
    def n_crossed(self) -> int:
        return len(self.crosses)

    @property
    def n_outside(self) -> int:
        """Members that lie in no overlay unit."""
        return sum(u is None for u in self.member_units)

    @property
    def crosses_text(self) -> str:
        return join_names(self.crosses)

    def share_of(self, unit: str) -> float:
        return dict(self.shares).get(unit, 0.0)


def join_names(names: Sequence[str]) -> str:
    """Names joined with ``"; "`` (names may contain commas)."""
    return SEPARATOR.join(str(n) for n in names)


def _names(overlay_names: Sequence, count: int) -> list[str]:
    names = ["" if v is None else str(v).strip() for v in overlay_names]
    if len(names) != count:
        raise OverlayError(f"Expected one name per overlay feature ({count}), got {len(names)}.")
    return [n or NO_NAME for n in names]


def region_parts(
    region_shapes: Sequence,
    overlay_shapes: Sequence,
    overlay_names: Sequence,
    is_cancelled: Optional[Callable[[], bool]] = None,
) -> list[RegionParts]:
    """Each region's area and its intersection areas with the overlay units (features grouped by name).

    ``None``/empty regions have area 0 and no parts. Invalid shapes are
    repaired (polygonal part of make_valid) before intersecting.
    """
    names = _names(overlay_names, len(overlay_shapes))
    regions = [None if g is None or g.is_empty else geom.make_valid(g) for g in region_shapes]
    units = [None if g is None or g.is_empty else geom.make_valid(g) for g in overlay_shapes]
    usable = [k for k, g in enumerate(units) if g is not None and not g.is_empty]
    out = [dict() for _ in regions]
    if usable:
        for i, k, area in _intersections(regions, [units[k] for k in usable], is_cancelled):
            if area > 0:
                name = names[usable[k]]
                out[i][name] = out[i].get(name, 0.0) + area
    return [RegionParts(0.0 if g is None else float(g.area), parts) for g, parts in zip(regions, out)]


def _intersections(regions: list, units: list, is_cancelled) -> list[tuple[int, int, float]]:
    """(region index, unit index, intersection area) for every pair whose envelopes meet."""
    found: list[tuple[int, int, float]] = []
    if geom.SHAPELY2:
        uarr = np.asarray(units, dtype=object)
        tree = STRtree(uarr)
        idx = [i for i, g in enumerate(regions) if g is not None]
        if not idx:
            return found
        arr = np.asarray([regions[i] for i in idx], dtype=object)
        left, right = tree.query(arr, predicate="intersects")
        step = 4096
        for start in range(0, len(left), step):
            geom._check(is_cancelled)
            lo, hi = left[start:start + step], right[start:start + step]
            areas = shapely.area(shapely.intersection(arr[lo], uarr[hi]))
            found.extend((idx[int(i)], int(k), float(a)) for i, k, a in zip(lo, hi, areas))
        return found
    from shapely.prepared import prep

    with warnings.catch_warnings():  # 1.8 warns that STRtree changes in 2.0; this branch is 1.8 only
        warnings.simplefilter("ignore")
        tree = STRtree(units)
    for i, g in enumerate(regions):
        if g is None:
            continue
        if i % 64 == 0:
            geom._check(is_cancelled)
        pg = prep(g)
        for k in geom._query_items(tree, g):
            if pg.intersects(units[k]):
                found.append((i, int(k), float(g.intersection(units[k]).area)))
    return found


def check_covered(parts: Sequence[RegionParts]) -> None:
    """Raise :class:`OverlayError` when no region with an area overlaps any overlay unit."""
    if any(p.area > 0 for p in parts) and not any(p.parts for p in parts):
        raise OverlayError(
            "The overlay layer covers none of the regions: check that it is the intended layer (e.g. ITL1 "
            "regions or combined authorities for the same country) and that both layers' CRS are set correctly."
        )


def cluster_crossing(members: Sequence[RegionParts]) -> Crossing:
    """The units a cluster crosses, from its members' parts (see the module rules)."""
    total = float(sum(p.area for p in members))
    sums: dict[str, float] = {}
    for p in members:
        for name, a in p.parts.items():
            sums[name] = sums.get(name, 0.0) + a
    shares = sorted(((name, a / total if total > 0 else 0.0) for name, a in sums.items()),
                    key=lambda t: (-t[1], t[0]))
    units = tuple(p.unit for p in members)
    held = {u for u in units if u is not None}
    crosses = tuple(name for name, _ in shares if name in held)
    return Crossing(crosses=crosses, shares=tuple(shares), member_units=units, area=total)


def crossings(
    member_shapes_per_cluster: Sequence[Sequence],
    overlay_shapes: Sequence,
    overlay_names: Sequence,
    is_cancelled: Optional[Callable[[], bool]] = None,
) -> list[Crossing]:
    """For each cluster (a list of its member regions' shapes) the overlay units it crosses.

    Raises :class:`OverlayError` when the overlay covers none of the members.
    When many clusters share regions (one set per sector), call
    :func:`region_parts` once for all regions and :func:`cluster_crossing` per cluster.
    """
    flat = [g for members in member_shapes_per_cluster for g in members]
    parts = region_parts(flat, overlay_shapes, overlay_names, is_cancelled)
    check_covered(parts)
    out, start = [], 0
    for members in member_shapes_per_cluster:
        out.append(cluster_crossing(parts[start:start + len(members)]))
        start += len(members)
    return out
