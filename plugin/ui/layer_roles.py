"""How the panel recognises layers: the ones it added itself (a custom property) and the ones that can be regions.

Apart from the model so that the outputs, the preview and the point clusters can mark and find their layers
without importing the model that owns them (the model imports them)."""
from __future__ import annotations

import json

from qgis.core import QgsProject, QgsVectorLayer

ROLE = "sector_clusters/role"  # custom property on the layers the panel adds: regions, clusters, preview
SETTINGS_PROPERTY = "sector_clusters/settings"  # on the created regions layer: state.inputs it was made with


def polygon_layer(layer) -> bool:
    from ..gis.compat import POLYGON_GEOMETRY

    return isinstance(layer, QgsVectorLayer) and layer.isValid() and layer.geometryType() == POLYGON_GEOMETRY


def own_layer(layer) -> bool:
    return bool(layer.customProperty(ROLE))


def find_layer(layer_id: str, source: str) -> str:
    """The id of the project's layer ``layer_id``, else of a layer with ``source`` (ids change when a project is
    rebuilt), else ''."""
    project = QgsProject.instance()
    if layer_id and project.mapLayer(layer_id) is not None:
        return layer_id
    if source:
        for lyr in project.mapLayers().values():
            if isinstance(lyr, QgsVectorLayer) and lyr.source() == source and not own_layer(lyr):
                return lyr.id()
    return ""


def created_settings(layer: QgsVectorLayer) -> dict | None:
    """The panel settings (``state.inputs``) a created layer was made with, as recorded on it; None if none."""
    text = layer.customProperty(SETTINGS_PROPERTY)
    try:
        return json.loads(text) if text else None
    except (TypeError, ValueError):
        return None
