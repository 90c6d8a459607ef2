"""Layers <-> shapely geometries and plain values: the only place the core meets QGIS types."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProject,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.errors import UserError
from .compat import POLYGON_GEOMETRY, is_text_field


class LayerError(UserError):
    """A layer the plugin cannot use; the message says why."""

    code = "layer"


def check_polygon_layer(layer: QgsVectorLayer | None, what: str = "The boundary layer") -> None:
    if layer is None or not layer.isValid():
        raise LayerError(f"{what} could not be opened.", code="invalid_layer")
    if layer.geometryType() != POLYGON_GEOMETRY:
        kind = QgsWkbTypes.geometryDisplayString(layer.geometryType())
        raise LayerError(f"{what} '{layer.name()}' holds {kind.lower()}s; it must hold polygons (regions).",
                         code="not_polygons")
    if layer.featureCount() == 0:
        raise LayerError(f"{what} '{layer.name()}' has no features.", code="empty_layer")


def working_crs(crs: QgsCoordinateReferenceSystem, extent_wgs84=None) -> QgsCoordinateReferenceSystem:
    """A CRS in metres for distances: the layer's own when projected in metres,
    else a Lambert azimuthal equal-area CRS centred on the data (areas stay true)."""
    if crs.isValid() and not crs.isGeographic() and crs.mapUnits() == QgsUnitTypes.DistanceMeters:
        return crs
    lon, lat = (0.0, 0.0) if extent_wgs84 is None else (extent_wgs84.center().x(), extent_wgs84.center().y())
    return QgsCoordinateReferenceSystem.fromProj(
        f"+proj=laea +lat_0={lat:.4f} +lon_0={lon:.4f} +x_0=0 +y_0=0 +ellps=WGS84 +units=m +no_defs"
    )


def _extent_wgs84(layer: QgsVectorLayer):
    wgs = QgsCoordinateReferenceSystem("EPSG:4326")
    tr = QgsCoordinateTransform(layer.crs(), wgs, QgsProject.instance().transformContext())
    try:
        return tr.transformBoundingBox(layer.extent())
    except Exception:  # noqa: BLE001 - an untransformable extent: centre on 0,0
        return None


@dataclass
class Regions:
    """The geometry and identity of every feature, in feature order."""

    fids: list[int]
    geometries: list  # repaired QgsGeometry in the layer CRS (None when empty)
    shapes: list  # shapely geometries in ``crs`` (metres)
    crs: QgsCoordinateReferenceSystem
    to_layer: QgsCoordinateTransform
    repaired: int
    empty: int


def read_regions(
    layer: QgsVectorLayer, is_cancelled: Callable[[], bool] | None = None
) -> Regions:
    """Repaired geometries (never touching the layer) and their shapely copies in metres."""
    from ..core.geometry import from_wkb, make_valid

    crs = working_crs(layer.crs(), _extent_wgs84(layer))
    ctx = QgsProject.instance().transformContext()
    forward = QgsCoordinateTransform(layer.crs(), crs, ctx)
    back = QgsCoordinateTransform(crs, layer.crs(), ctx)
    fids, geoms, shapes = [], [], []
    repaired = empty = 0
    request = QgsFeatureRequest().setNoAttributes()
    for n, feat in enumerate(layer.getFeatures(request)):
        if is_cancelled is not None and n % 256 == 0 and is_cancelled():
            from ..core.geometry import Cancelled
            raise Cancelled()
        fids.append(feat.id())
        g = QgsGeometry(feat.geometry())
        if g.isNull() or g.isEmpty():
            empty += 1
            geoms.append(None)
            shapes.append(None)
            continue
        if not g.isGeosValid():
            fixed = g.makeValid()
            if fixed.type() != POLYGON_GEOMETRY:
                fixed = _polygon_parts(fixed)
            g = fixed
            repaired += 1
        geoms.append(g)
        t = QgsGeometry(g)
        t.transform(forward)
        shapes.append(make_valid(from_wkb(t.asWkb())))
    return Regions(fids, geoms, shapes, crs, back, repaired, empty)


def _polygon_parts(g: QgsGeometry) -> QgsGeometry:
    parts = [QgsGeometry(p.clone()) for p in g.constParts()
             if QgsWkbTypes.geometryType(p.wkbType()) == POLYGON_GEOMETRY]
    return QgsGeometry.collectGeometry(parts) if parts else QgsGeometry()


def to_layer_geometry(shape, back: QgsCoordinateTransform) -> QgsGeometry:
    from ..core.geometry import to_wkb

    g = QgsGeometry()
    g.fromWkb(to_wkb(shape))
    g.transform(back)
    if not g.isGeosValid():
        # Reprojection can nudge near-touching rings into tiny self-intersections;
        # buffer(0) mends those ten times faster than makeValid, with the same area.
        fixed = g.buffer(0, 1)
        g = fixed if fixed.isGeosValid() and not fixed.isEmpty() else g.makeValid()
    return g


def field_values(layer: QgsVectorLayer, name: str) -> list:
    idx = layer.fields().indexFromName(name)
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([idx])
    return [f.attribute(idx) for f in layer.getFeatures(request)]


def is_null(value) -> bool:
    return value is None or (hasattr(value, "isNull") and value.isNull())


def as_text(value) -> str:
    return "" if is_null(value) else str(value).strip()


def string_fields(layer: QgsVectorLayer) -> list[str]:
    return [f.name() for f in layer.fields() if is_text_field(f)]


def guess_key_field(layer: QgsVectorLayer) -> str | None:
    """A GSS-code field (like LEP21CD) if there is one, else a name field, else the first text field."""
    import re

    names = string_fields(layer)
    code = re.compile(r"^[A-Z]\d{8}$|^[A-Z]{2}[A-Z0-9]{1,3}$")
    sample = list(layer.getFeatures(QgsFeatureRequest().setLimit(20).setFlags(QgsFeatureRequest.NoGeometry)))
    for name in names:
        values = [as_text(f[name]) for f in sample]
        if values and all(code.match(v) for v in values if v) and any(values):
            return name
    for name in names:
        if name.lower().endswith(("nm", "name", "_nm")):
            return name
    return names[0] if names else None


def guess_name_field(layer: QgsVectorLayer, key: str) -> str | None:
    for name in string_fields(layer):
        if name != key and name.lower().endswith(("nm", "name")):
            return name
    return None
