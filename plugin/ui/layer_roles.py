"""How the panel recognises layers: the ones it added itself (a custom property) and the ones that can be regions.

Apart from the model so that the outputs, the preview and the point clusters can mark and find their layers
without importing the model that owns them (the model imports them)."""
from __future__ import annotations

from qgis.core import QgsVectorLayer

ROLE = "sector_clusters/role"  # custom property on the layers the panel adds: regions, clusters, preview
SETTINGS_PROPERTY = "sector_clusters/settings"  # on the created regions layer: state.inputs it was made with


def polygon_layer(layer) -> bool:
    from ..gis.compat import POLYGON_GEOMETRY

    return isinstance(layer, QgsVectorLayer) and layer.isValid() and layer.geometryType() == POLYGON_GEOMETRY


def own_layer(layer) -> bool:
    return bool(layer.customProperty(ROLE))
