"""Outlines of groups of regions (clusters, profile groups): one implementation for every analysis.

Shapes stay in the measuring CRS of ``gis.layers.read_regions`` (ground metres, so the gap tolerance and the
areas are true); ``gis.writers`` takes them back to the layer's CRS when it writes them.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..core.errors import check_cancelled
from ..core.geometry import outline
from ..core.many_outlines import outline_sets
from ..i18n import tr
from . import words
from .overlay import CROSSING_FIELDS, crossing_attributes


@dataclass
class Outline:
    """One outline record: its attributes (in output order) and its shape in the measuring CRS."""

    attributes: dict
    shape: object  # shapely geometry
    members: tuple[int, ...] = field(default=())


def sliver_area(shapes) -> float:
    """Holes below 1 % of the median region's area are gaps in the boundary data, not enclaves."""
    areas = [g.area for g in shapes if g is not None and not g.is_empty]
    return 0.01 * float(np.median(areas)) if areas else 0.0


class OutlineMaker:
    """Outlines member sets of one layer; sectors often share a member set, which is outlined once.

    ``outline_all`` outlines many sets at once (``core.many_outlines``: vectorised GEOS calls over batches of
    sets under shapely 2, batches on every core); each outline is computed from the shapes alone, so it is the
    same whichever batch or thread computes it, and the same as ``core.geometry.outline`` of the set.
    """

    def __init__(self, shapes: Sequence, tolerance: float):
        self.shapes = shapes
        self.tolerance = float(tolerance)
        self.min_hole = sliver_area(shapes)
        self._done: dict[tuple[int, ...], object] = {}

    def __call__(self, members: Sequence[int]):
        key = tuple(int(i) for i in members)
        if key not in self._done:
            self._done[key] = self._outline(key)
        return self._done[key]

    def outline_all(self, member_sets: Iterable[Sequence[int]], is_cancelled: Callable[[], bool] | None = None,
                    workers: int | None = None) -> None:
        """Outline every set not outlined yet, batch by batch on every core (largest sets first); later calls
        for these sets return at once. Raises ``Cancelled`` when ``is_cancelled`` answers True."""
        todo = {tuple(int(i) for i in m) for m in member_sets} - self._done.keys()
        order = sorted(todo, key=lambda key: (-len(key), key))
        shapes = outline_sets(self.shapes, order, self.tolerance, self.min_hole, is_cancelled, workers)
        self._done.update(zip(order, shapes))

    def _outline(self, key: tuple[int, ...]):
        return outline([self.shapes[i] for i in key], self.tolerance, self.min_hole)


def distinct_members(keys: Sequence[str], members: Sequence[int]) -> list[int]:
    """``members`` with one feature per region: a key on several features (a region listed twice in the
    layer) is kept at its first feature; features without a key stay, each its own region."""
    seen: set[str] = set()
    out = []
    for i in members:
        key = keys[i]
        if key and key in seen:
            continue
        seen.add(key)
        out.append(int(i))
    return out


def duplicate_key_note(keys: Sequence[str]) -> str:
    """The log line for keys on several features ("" when every key is on one feature)."""
    twice = {k: n for k, n in Counter(k for k in keys if k).items() if n > 1}
    if not twice:
        return ""
    listed = words.join_names(f"{k!r} ({n} features)" for k, n in sorted(twice.items()))
    return tr("Duplicated region keys: {0}. Each such region is listed and counted once in a cluster's members "
              "and n_regions.").format(listed)


def members_attributes(keys: Sequence[str], names: Sequence[str], members: Sequence[int]) -> dict:
    """members, member_names and n_regions: each region listed and counted once, however many features
    carry its key."""
    regions = distinct_members(keys, members)
    return {"n_regions": len(regions), "members": words.join_names(keys[i] for i in regions),
            "member_names": words.join_names(names[i] for i in regions)}


def area_km2(shape) -> float:
    return round(shape.area / 1e6, 3)


def cluster_outlines(analysis, is_cancelled: Callable[[], bool] | None = None) -> list[Outline]:
    """One record per (sector, cluster) of an analysis, in the clusters layer's schema."""
    make = OutlineMaker(analysis.regions.shapes, analysis.tolerance)
    make.outline_all((c.members for s in analysis.sectors for c in s.clusters), is_cancelled)
    crossings = getattr(analysis, "crossings", None)
    out = []
    for s in analysis.sectors:
        for c in s.clusters:
            check_cancelled(is_cancelled)
            shape = make(c.members)
            crossing = crossings.get((s.field, int(c.cluster_id))) if crossings is not None else None
            out.append(Outline({
                "sector": s.field, "sector_label": s.label, "cluster_id": c.cluster_id,
                **members_attributes(analysis.keys, analysis.names, c.members),
                "mean_score": float(np.nanmean(s.scores[c.members])), "area_km2": area_km2(shape),
                **analysis.cluster_attributes,
                **(crossing_attributes(crossing) if crossing is not None else {}),
            }, shape, tuple(int(i) for i in c.members)))
    return out


def cluster_fields(analysis, spec=None) -> tuple:
    """The clusters layer's schema for ``analysis``: ``spec`` (default CLUSTER_FIELDS), then the overlay's
    fields when an overlay was given."""
    spec = tuple(CLUSTER_FIELDS if spec is None else spec)
    return spec + (CROSSING_FIELDS if getattr(analysis, "crossings", None) is not None else ())


CLUSTER_FIELDS = (("sector", "string"), ("sector_label", "string"), ("cluster_id", "int"), ("n_regions", "int"),
                  ("members", "string"), ("member_names", "string"), ("mean_score", "double"),
                  ("area_km2", "double"), ("baseline", "string"), ("threshold", "double"))
STATISTICS_CLUSTER_FIELDS = (("method", "string"), ("alpha", "double"), ("correction", "string"))
GROUP_FIELDS = (("group_id", "int"), ("n_regions", "int"), ("members", "string"), ("member_names", "string"),
                ("top_sectors", "string"), ("area_km2", "double"))
