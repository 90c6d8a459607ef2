"""What a worker thread may read of a layer, taken on the main thread.

QGIS layers must not be read from another thread; a ``QgsVectorLayerFeatureSource`` is QGIS's own snapshot
for that (the renderer uses it). ``LayerSnapshot`` pairs one with copies of everything else the engine reads
(fields, CRS, extent, name, record), and offers the few methods of a layer the readers call, so
``gis.layers`` reads a snapshot exactly as it would read the layer, in any thread.
"""
from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeatureRequest,
    QgsFields,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsVectorLayerFeatureSource,
)

from .meta import read_meta


def combined(boxes) -> QgsRectangle:
    """The rectangle holding every box (an empty one for none)."""
    boxes = [b for b in boxes if not b.isNull()]
    out = QgsRectangle(boxes[0]) if boxes else QgsRectangle()
    for b in boxes[1:]:
        out.combineExtentWith(b)
    return out


class LayerSnapshot:
    """A thread-safe, read-only stand-in for a vector layer (create it on the main thread)."""

    def __init__(self, layer: QgsVectorLayer):
        self._valid = layer is not None and layer.isValid()
        self._name = layer.name() if layer is not None else ""
        if not self._valid:
            self._source = None
            return
        self._source = QgsVectorLayerFeatureSource(layer)
        self._fields = QgsFields(layer.fields())
        self._crs = QgsCoordinateReferenceSystem(layer.crs())
        self._extent: QgsRectangle | None = None  # on demand: a big file's first extent() scans it (0.5 s)
        self._wkb_type = layer.wkbType()
        self._geometry_type = layer.geometryType()
        self._count = layer.featureCount()
        self._uri = layer.source()
        self._provider = layer.providerType()
        self.layer_id = layer.id()
        self.meta = read_meta(layer) or {}
        project = QgsProject.instance()  # how this project measures and transforms, for gis.layers
        self.transform_context = project.transformContext()
        self.ellipsoid = project.ellipsoid()

    # the layer API the readers use ---------------------------------------------------------------
    def isValid(self) -> bool:  # mirrors QgsVectorLayer
        return self._valid

    def name(self) -> str:
        return self._name

    def fields(self) -> QgsFields:
        return self._fields

    def crs(self) -> QgsCoordinateReferenceSystem:
        return self._crs

    def extent(self) -> QgsRectangle:
        """The features' combined bounding box, read through the snapshot (any thread) the first time."""
        if self._extent is None:
            boxes = [f.geometry().boundingBox() for f in self.getFeatures(QgsFeatureRequest().setNoAttributes())
                     if f.hasGeometry()]
            self._extent = combined(boxes)
        return QgsRectangle(self._extent)

    def wkbType(self):
        return self._wkb_type

    def geometryType(self):
        return self._geometry_type

    def featureCount(self) -> int:
        return self._count

    def source(self) -> str:
        return self._uri

    def providerType(self) -> str:
        return self._provider

    def getFeatures(self, request: QgsFeatureRequest | None = None):
        return self._source.getFeatures(request or QgsFeatureRequest())
