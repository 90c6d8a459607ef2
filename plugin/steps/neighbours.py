"""The neighbour graph every analysis uses, with the settings checked in one place."""
from __future__ import annotations

from collections.abc import Callable

from ..core.errors import SettingsError
from ..i18n import tr
from . import options


def check_neighbours(neighbours: object, tolerance: float) -> str:
    """The rule's code; a clear error for an unknown rule or a negative tolerance."""
    rule = options.code_of(options.NEIGHBOURS, neighbours, "neighbour rule")
    if tolerance is None or float(tolerance) < 0:
        raise SettingsError(tr("The gap tolerance cannot be negative."), code="negative_tolerance")
    return rule


def check_min_regions(min_regions: int) -> int:
    if int(min_regions) < 1:
        raise SettingsError(tr("The minimum number of regions in a cluster must be at least 1."), code="min_regions")
    return int(min_regions)


def neighbour_graph(regions, neighbours: object = options.DEFAULT_NEIGHBOURS, tolerance: float = 0.0,
                    is_cancelled: Callable[[], bool] | None = None):
    """Queen/rook contiguity plus pairs within ``tolerance`` metres (ground metres: ``regions`` are in the
    measuring CRS ``gis.layers.read_regions`` chose)."""
    from ..core.graph import build_neighbour_graph

    rule = check_neighbours(neighbours, tolerance)
    return build_neighbour_graph(regions.shapes, rule, float(tolerance), is_cancelled)


def require_neighbours(graph) -> None:
    """Statistics compare each region with its neighbours: none at all is a setting to change, not a result."""
    if graph.n and graph.isolated.all():
        raise SettingsError(tr(
            "None of the {} regions has a neighbour, so there is nothing to compare. Set a gap tolerance "
            "(metres) so that regions separated by water or small gaps count as neighbours.").format(graph.n),
            code="no_neighbours")
