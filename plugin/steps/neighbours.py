"""The neighbour graph every analysis uses, built from checked ``NeighbourSettings``."""
from __future__ import annotations

from collections.abc import Callable

from ..core.errors import SettingsError
from ..i18n import tr
from .settings import NeighbourSettings


def neighbour_graph(regions, settings: NeighbourSettings | None = None,
                    is_cancelled: Callable[[], bool] | None = None):
    """Queen/rook contiguity plus pairs within the settings' gap tolerance (ground metres: ``regions`` are in the
    measuring CRS ``gis.layers.read_regions`` chose). No settings: queen, no tolerance."""
    from ..core.graph import build_neighbour_graph

    settings = settings or NeighbourSettings()
    return build_neighbour_graph(regions.shapes, settings.neighbours, float(settings.gap_tolerance), is_cancelled)


def require_neighbours(graph) -> None:
    """Statistics compare each region with its neighbours: none at all is a setting to change, not a result."""
    if graph.n and graph.isolated.all():
        raise SettingsError(tr(
            "None of the {} regions has a neighbour, so there is nothing to compare. Set a gap tolerance "
            "(metres) so that regions separated by water or small gaps count as neighbours.").format(graph.n),
            code="no_neighbours")
