"""The official boundaries (the overlay) the panel's clusters cross, for the live analysis.

The overlay layer is read on the main thread into a LayerSnapshot (``overlay_input``); the worker reads the
snapshot into the regions' measuring CRS and computes each region's parts once (``steps.overlay``, as
detectclusters does), then adds every cluster's crossing to the analysis. The parts are kept for the next
analysis of the same regions and overlay (a new threshold re-uses them: only the member sums change).

Rules: an overlay the analysis cannot use (not polygons, no such field, covers none of the regions) leaves the
analysis as it is and is said in plain words beside the overlay; the clusters then show no crossings.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..i18n import tr


@dataclass
class OverlayInput:
    """What a worker needs to add the overlay's crossings to an analysis; made on the main thread."""

    key: tuple  # (id of the regions, overlay layer id, name field): what ``prepared`` is for
    snapshot: Any  # gis.snapshot.LayerSnapshot of the overlay
    name_field: str
    context: Any  # the project's transform context, as the regions were measured with
    regions_crs: Any  # the regions layer's CRS (for an overlay without one)
    prepared: tuple | None = None  # (steps.overlay.OverlayData, region parts) of an earlier run with this key

    def add_to(self, analysis, is_cancelled: Callable[[], bool] | None = None) -> tuple:
        """Worker: the crossings of every cluster on ``analysis``; returns (OverlayData, parts) for re-use."""
        from ..gis.reading import read_overlay
        from ..steps.overlay import add_crossings, overlay_parts

        if self.prepared is None:
            data = read_overlay(self.snapshot, self.name_field, analysis.regions, self.context, self.regions_crs,
                                is_cancelled)
            self.prepared = (data, overlay_parts(analysis.regions.shapes, data, is_cancelled))
        data, parts = self.prepared
        add_crossings(analysis, data, parts)
        return self.prepared


def overlay_input(overlay, name_field: str, layer, regions, cache: tuple | None = None) -> OverlayInput | None:
    """Main thread: the overlay as a snapshot (None without one); ``cache`` is (key, prepared) of an earlier run.
    Raises ``gis.layers.LayerError`` (a UserError) when it cannot be used: no name field chosen, not polygons."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject

    from ..gis.layers import LayerError, check_polygon_layer
    from ..gis.snapshot import LayerSnapshot

    if overlay is None:
        return None
    check_polygon_layer(overlay, tr("The overlay layer"))
    if not name_field or overlay.fields().indexFromName(name_field) < 0:
        raise LayerError(tr("Choose the field that names the units of the overlay layer '{0}'.").format(
            overlay.name()), code="overlay_no_name_field")
    key = (id(regions), overlay.id(), name_field)
    prepared = cache[1] if cache is not None and cache[0] == key else None
    return OverlayInput(key, LayerSnapshot(overlay), name_field, QgsProject.instance().transformContext(),
                        QgsCoordinateReferenceSystem(layer.crs()), prepared)


def guess_overlay_name(overlay, regions_layer=None) -> str:
    """The overlay's field that names its units, chosen for the user only when it can be trusted: a text field
    with one value per feature, not one the overlay merely carries over from the regions (a layer made by
    Dissolve keeps the first region's LEP21CD/LEP21NM on each of its units; naming the units by them gives
    believable wrong names). '' when no field qualifies: the panel then asks."""
    from ..gis.layers import string_fields

    if overlay is None:
        return ""
    fields = string_fields(overlay)
    values: dict[str, list] = {name: [] for name in fields}
    for feature in overlay.getFeatures():
        for name in fields:
            values[name].append(feature[name])
    region_fields = set(regions_layer.fields().names()) if regions_layer is not None else set()

    def region_values(name: str) -> set:
        return {str(f[name]) for f in regions_layer.getFeatures()} if name in region_fields else set()

    candidates = []
    for name in fields:
        vals = values[name]
        texts = [str(v).strip() for v in vals if v is not None and str(v).strip() and str(v) != "NULL"]
        if not vals or len(texts) != len(vals) or len(set(texts)) != len(texts):
            continue  # empty, or two features share a name
        if name in region_fields and set(texts) <= region_values(name):
            continue  # the regions' own names, carried over
        candidates.append(name)
    named = [n for n in candidates if n.lower().endswith(("nm", "name"))]
    return (named or candidates or [""])[0]
