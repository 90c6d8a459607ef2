"""Point layers → ``steps.points.PointData``: coordinates in ground metres, weights, sector and period labels.

Reads a ``LayerSnapshot`` (any thread) or a layer (main thread); never changes the layer. The measuring CRS is
chosen as for polygons (``gis.layers.working_crs``): the layer's own CRS when it is in metres and true to scale
over the data, else a Lambert azimuthal equal-area projection centred on the data (the middle of the points'
longitude/latitude range, so the same points in EPSG:27700, 3857 or 4326 get the same centre and the same
clusters); a layer without CRS whose coordinates lie within ±180°/±90° is taken as WGS 84, as polygons are.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsPointXY,
    QgsRectangle,
    QgsWkbTypes,
)

from ..core.errors import Cancelled, UserError
from ..i18n import tr
from ..steps.points import PointData, id_list
from .layers import (
    LayerError,
    Measure,
    as_text,
    assumed_crs,
    is_null,
    measuring_settings,
    own_geographic,
    undefined_crs,
    working_crs,
)


class PointInputError(UserError):
    """Points that cannot be analysed as given (wrong geometry, negative weights…); the message says why."""

    code = "points"


def check_point_layer(layer, what: str) -> None:
    """Refuse a layer that is not made of points (a polygon layer given as INPUT) or has no features."""
    if layer is None or not layer.isValid():
        raise LayerError(tr("{0} could not be opened.").format(what), code="invalid_layer")
    if layer.geometryType() != QgsWkbTypes.PointGeometry:
        kind = QgsWkbTypes.geometryDisplayString(layer.geometryType()).lower()
        raise LayerError(tr("{0} '{1}' holds {2}s; it must hold points (one per firm, site or listing).").format(
            what, layer.name(), kind), code="not_points")
    if layer.featureCount() == 0:
        raise LayerError(tr("{0} '{1}' has no features.").format(what, layer.name()), code="empty_layer")


@dataclass
class ReadPoints:
    """``data`` (steps.points.PointData), the measure, and the transform back to ``layer_crs``."""

    data: object
    measure: Measure
    layer_crs: QgsCoordinateReferenceSystem
    to_layer: QgsCoordinateTransform


def _field_index(layer, name: str, parameter: str, numeric: bool = False) -> int:
    if not name:
        return -1
    idx = layer.fields().indexFromName(name)
    if idx < 0:
        raise PointInputError(tr("{0}: the layer '{1}' has no field {2!r}.").format(parameter, layer.name(), name),
                              code="unknown_field", parameter=parameter)
    if numeric and not layer.fields().at(idx).isNumeric():
        raise PointInputError(tr("{0}: the field {1!r} holds {2} values, not numbers; choose a numeric weight "
                                 "field.").format(parameter, name, layer.fields().at(idx).typeName()),
                              code="not_numeric", parameter=parameter)
    return idx


@dataclass(frozen=True)
class _PointFields:
    """The fields read for each point, by name (for the messages) and index (-1: not read)."""

    weight: str
    sector: str
    weight_index: int
    sector_index: int
    period_index: int

    @classmethod
    def of(cls, layer, weight_field: str, sector_field: str, period_field: str) -> _PointFields:
        """The fields checked: each named field must exist, the weight must be numeric."""
        return cls(weight_field, sector_field, _field_index(layer, weight_field, "WEIGHT_FIELD", numeric=True),
                   _field_index(layer, sector_field, "SECTOR_FIELD"), _field_index(layer, period_field, "PERIOD_FIELD"))

    def request(self) -> QgsFeatureRequest:
        """Only the fields read are fetched (with the geometry)."""
        wanted = [i for i in (self.weight_index, self.sector_index, self.period_index) if i >= 0]
        return QgsFeatureRequest().setSubsetOfAttributes(wanted)


@dataclass
class _Gathered:
    """The usable points in the layer's own coordinates (feature order) with their weight, sector, period,
    feature position (``rows``) and id; the ids of the features skipped, by reason; every feature counted."""

    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    periods: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    fids: list[int] = field(default_factory=list)
    no_geometry: list[int] = field(default_factory=list)
    multi: list[int] = field(default_factory=list)
    null_weight: list[int] = field(default_factory=list)
    null_sector: list[int] = field(default_factory=list)
    n_features: int = 0

    def skipped_notes(self, fields: _PointFields) -> list[str]:
        """One log line per reason features were skipped, with the first feature ids."""
        notes = []
        if self.no_geometry:
            notes.append(tr("{0} feature(s) without a point were skipped (feature ids {1}).").format(
                len(self.no_geometry), id_list(self.no_geometry)))
        if self.multi:
            notes.append(tr("{0} feature(s) holding several points were skipped (feature ids {1}); split them "
                            "with 'Multipart to singleparts' to count each point.").format(
                len(self.multi), id_list(self.multi)))
        if self.null_weight:
            notes.append(tr("{0} feature(s) with a NULL weight in {1!r} were skipped (feature ids {2}).").format(
                len(self.null_weight), fields.weight, id_list(self.null_weight)))
        if self.null_sector:
            notes.append(tr("{0} feature(s) with no sector in {1!r} were skipped (feature ids {2}).").format(
                len(self.null_sector), fields.sector, id_list(self.null_sector)))
        return notes


def read_points(layer, weight_field: str = "", sector_field: str = "", period_field: str = "",
                target_crs: QgsCoordinateReferenceSystem | None = None,
                is_cancelled: Callable[[], bool] | None = None) -> ReadPoints:
    """The usable points of ``layer`` in a measuring CRS (``target_crs`` when given: the regions' own).

    Skipped, each counted in a note with the first feature ids: features without geometry (NULL or empty),
    with several points in one feature, with a NULL weight, with a NULL/empty sector, or that cannot be
    reprojected. Refused (nothing is written): a negative, infinite or NaN weight, naming the feature.
    """
    check_point_layer(layer, tr("The point layer"))
    fields = _PointFields.of(layer, weight_field, sector_field, period_field)
    got = _gather(layer, fields, is_cancelled)
    notes = got.skipped_notes(fields)
    if not got.xs:
        raise PointInputError(tr("The point layer '{0}' has no usable point: {1}").format(
            layer.name(), " ".join(notes) or tr("no features.")), code="no_points")
    source, measure, context, taken_as_wgs84 = _measuring_frame(layer, got, target_crs)
    if taken_as_wgs84:
        notes.insert(0, tr("The point layer has no coordinate reference system; its coordinates lie within "
                           "±180°/±90° and are taken as WGS 84 longitude/latitude (EPSG:4326)."))
    x, y = np.asarray(got.xs, dtype=float), np.asarray(got.ys, dtype=float)
    keep = np.ones(len(x), dtype=bool)
    if not measure.own:
        x, y, keep = _reproject(got, QgsCoordinateTransform(source, measure.crs, context), is_cancelled)
        if not keep.all():
            lost = [f for f, k in zip(got.fids, keep.tolist()) if not k]
            notes.append(tr("{0} point(s) could not be reprojected and were skipped (feature ids {1}).").format(
                len(lost), id_list(lost)))
    sel = np.nonzero(keep)[0]
    data = PointData(np.column_stack([x[sel], y[sel]]), np.asarray(got.weights)[sel],
                     [got.sectors[i] for i in sel], [got.periods[i] for i in sel],
                     np.asarray(got.rows, dtype=np.int64)[sel], [got.fids[i] for i in sel], got.n_features, notes)
    back = QgsCoordinateTransform(measure.crs, source, context)
    return ReadPoints(data, measure, source, back)


def _gather(layer, fields: _PointFields, is_cancelled: Callable[[], bool] | None) -> _Gathered:
    """Every feature read once: its single finite point, weight and labels kept, or its id noted as skipped.
    A negative, infinite or NaN weight is refused at once, naming the feature."""
    got = _Gathered()
    w_idx, s_idx, p_idx = fields.weight_index, fields.sector_index, fields.period_index
    for n, feat in enumerate(layer.getFeatures(fields.request())):
        if is_cancelled is not None and n % 1024 == 0 and is_cancelled():
            raise Cancelled()
        got.n_features += 1
        g = feat.geometry()
        if g is None or g.isNull() or g.isEmpty():
            got.no_geometry.append(feat.id())
            continue
        if g.isMultipart():
            parts = g.asMultiPoint()
            if len(parts) != 1:
                got.multi.append(feat.id())
                continue
            p = parts[0]
        else:
            p = g.asPoint()
        if not (math.isfinite(p.x()) and math.isfinite(p.y())):
            got.no_geometry.append(feat.id())
            continue
        attrs = feat.attributes()
        weight = 1.0
        if w_idx >= 0:
            value = attrs[w_idx]
            if is_null(value):
                got.null_weight.append(feat.id())
                continue
            weight = float(value)
            if not math.isfinite(weight) or weight < 0:
                raise PointInputError(tr("WEIGHT_FIELD: feature {0} has the weight {1} in {2!r}; weights must be "
                                         "numbers of 0 or more (correct it, or leave the field empty for a count "
                                         "of points).").format(feat.id(), value, fields.weight),
                                      code="bad_weight", parameter="WEIGHT_FIELD")
        sector = ""
        if s_idx >= 0:
            sector = as_text(attrs[s_idx])
            if not sector:
                got.null_sector.append(feat.id())
                continue
        got.xs.append(p.x())
        got.ys.append(p.y())
        got.weights.append(weight)
        got.sectors.append(sector)
        got.periods.append(as_text(attrs[p_idx]) if p_idx >= 0 else "")
        got.rows.append(n)
        got.fids.append(feat.id())
    return got


def _measuring_frame(layer, got: _Gathered, target_crs: QgsCoordinateReferenceSystem | None) -> tuple:
    """(the CRS the coordinates are in, the measure, the transform context, whether the CRS is WGS 84 taken for
    a layer without one). The measuring CRS is ``target_crs`` when given, else chosen over the points' extent
    as for polygons; a layer without CRS whose coordinates are not degrees is refused."""
    context, ellipsoid = measuring_settings(layer)
    xs, ys = got.xs, got.ys
    extent = QgsRectangle(min(xs), min(ys), max(xs), max(ys))
    source, taken_as_wgs84 = assumed_crs(layer.crs(), extent)
    if undefined_crs(source, extent):
        raise PointInputError(tr("The point layer '{0}' has no coordinate reference system and its coordinates "
                                 "are not longitude/latitude; set the layer's CRS (Layer Properties ▸ Source) "
                                 "so that the radius means metres on the ground.").format(layer.name()),
                              code="no_crs")
    if target_crs is not None:
        measure = Measure(target_crs, source == target_crs, None, float("nan"), "")
    else:
        measure = working_crs(source, extent, _centre(xs, ys, source, context), context, ellipsoid)
    return source, measure, context, taken_as_wgs84


def _reproject(got: _Gathered, forward: QgsCoordinateTransform,
               is_cancelled: Callable[[], bool] | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, y, kept) of the points taken into the measuring CRS; a point that fails or lands on a non-finite
    coordinate is not kept."""
    xs, ys = got.xs, got.ys
    x, y = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
    keep = np.ones(len(xs), dtype=bool)
    for i in range(len(xs)):
        if is_cancelled is not None and i % 4096 == 0 and is_cancelled():
            raise Cancelled()
        try:
            q = forward.transform(QgsPointXY(xs[i], ys[i]))
        except QgsCsException:
            keep[i] = False
            continue
        x[i], y[i] = q.x(), q.y()
    keep &= np.isfinite(x) & np.isfinite(y)
    return x, y, keep


def _centre(xs, ys, crs, context) -> tuple[float, float] | None:
    """(lat, lon) of the middle of the points' longitude/latitude range (on the layer's datum)."""
    tr_ = QgsCoordinateTransform(crs, own_geographic(crs), context)
    lats, lons = [], []
    step = max(1, len(xs) // 20000)  # a sample is enough for a centre rounded to 0.01°; keep the extremes
    order = set(range(0, len(xs), step))
    order.update({xs.index(min(xs)), xs.index(max(xs)), ys.index(min(ys)), ys.index(max(ys))})
    for i in order:
        try:
            p = tr_.transform(QgsPointXY(xs[i], ys[i]))
        except QgsCsException:
            continue
        if math.isfinite(p.x()) and math.isfinite(p.y()):
            lats.append(p.y())
            lons.append(p.x())
    if not lats:
        return None
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2
