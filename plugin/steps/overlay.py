"""The official units (ITL1 regions, combined authorities, pan-regional partnerships…) each cluster crosses.

Plain data in, crossings out: the overlay's shapes come in the regions' measuring CRS (``gis.reading.
read_overlay`` reprojects them with the regions' transform context), the clusters come from an Analysis.
Each region's parts are computed once (``core.overlay.region_parts``) and every cluster of every sector is
then a sum over its members (``cluster_crossing``). The rules (largest part, ties, order by share) are
core/overlay.py's.

Schema decision: ``crosses`` / ``n_crossed`` / ``crosses_shares`` are added to the cluster records only when
an overlay is given (``CROSSING_FIELDS``), so "not asked" never looks like "crosses nothing".
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..core.errors import UserError, check_cancelled
from ..i18n import tr
from . import words

CROSSING_FIELDS = (("crosses", "string"), ("n_crossed", "int"), ("crosses_shares", "string"))


class OverlayUserError(UserError):
    """An overlay that cannot be used (not polygons, covers nothing, no such name field)."""

    code = "overlay"


@dataclass
class OverlayData:
    """The overlay as plain data: shapes in the regions' measuring CRS, one name per shape."""

    shapes: list
    names: list[str]
    name_field: str
    layer_name: str
    notes: list[str] = field(default_factory=list)  # sentences for the log (CRS assumed, features skipped…)

    @property
    def units(self) -> int:
        return len({n for n in self.names})


def share_text(crossing) -> str:
    """'Midlands Engine 61.2 %; South East 23.9 %; …' for the units in ``crosses``, in that order."""
    return words.join_names(f"{name} {100 * crossing.share_of(name):.1f} %" for name in crossing.crosses)


def overlay_parts(region_shapes: Sequence, overlay: OverlayData,
                  is_cancelled: Callable[[], bool] | None = None) -> list:
    """Each region's parts in the overlay's units (``core.overlay.RegionParts``), computed once for all clusters.

    Raises :class:`OverlayUserError` when the overlay covers none of the regions (a wrong layer or CRS), so
    an algorithm can fail before its analysis runs.
    """
    from ..core.overlay import OverlayError, check_covered, region_parts

    check_cancelled(is_cancelled)
    try:
        parts = region_parts(region_shapes, overlay.shapes, overlay.names, is_cancelled)
        check_covered(parts)
    except OverlayError as exc:
        raise OverlayUserError(tr("The overlay layer '{0}': {1}").format(overlay.layer_name, exc),
                               code="overlay_covers_nothing") from None
    return parts


def cluster_crossings(parts: Sequence, member_sets: Sequence[Sequence[int]]) -> list:
    """A ``core.overlay.Crossing`` per member set (indices into ``parts``)."""
    from ..core.overlay import cluster_crossing

    return [cluster_crossing([parts[int(i)] for i in members]) for members in member_sets]


def add_crossings(analysis, overlay: OverlayData, parts: Sequence | None = None,
                  is_cancelled: Callable[[], bool] | None = None) -> None:
    """Store on ``analysis`` the crossing of every cluster (``analysis.crossings[(field, cluster_id)]``)
    and the overlay in its record (``meta["overlay"]``); ``steps.outlines`` then writes the fields.

    ``parts`` from :func:`overlay_parts` on the same regions (computed here when not given).
    """
    if parts is None:
        parts = overlay_parts(analysis.regions.shapes, overlay, is_cancelled)
    keys, sets = [], []
    for s in analysis.sectors:
        for c in s.clusters:
            keys.append((s.field, int(c.cluster_id)))
            sets.append([int(i) for i in c.members])
    analysis.crossings = dict(zip(keys, cluster_crossings(parts, sets)))
    analysis.meta["overlay"] = {"layer": overlay.layer_name, "name_field": overlay.name_field,
                                "units": overlay.units}
    analysis.notes.extend(overlay.notes)


def crossing_attributes(crossing) -> dict:
    """The cluster record's overlay fields."""
    return {"crosses": crossing.crosses_text, "n_crossed": crossing.n_crossed, "crosses_shares": share_text(crossing)}


def crossing_lines(analysis) -> list[str]:
    """The log's lines: per crossing cluster, the units it crosses with their shares."""
    crossings = getattr(analysis, "crossings", None)
    if crossings is None:
        return []
    layer = analysis.meta.get("overlay", {}).get("layer", "")
    lines = []
    for s in analysis.sectors:
        for c in s.clusters:
            x = crossings.get((s.field, int(c.cluster_id)))
            if x is None:
                continue
            lines.append(words.crossing_line(s.label, int(c.cluster_id), x.n_crossed, share_text(x), layer,
                                             x.n_outside))
    return lines
