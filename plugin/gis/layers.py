"""Layers <-> shapely geometries and plain values: the only place the core meets QGIS types."""
from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsDistanceArea,
    QgsEllipsoidUtils,
    QgsFeatureRequest,
    QgsGeometry,
    QgsPointXY,
    QgsPolygon,
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


# The layer's CRS is used when its lengths are within 0.5 % of the ellipsoid's over the data: British National
# Grid (×0.9996 to ×1.0015 over the UK) is kept, so ONS boundaries are measured without any reprojection.
SCALE_TOLERANCE = 5e-3
WGS84_ELLIPSOID = "EPSG:7030"
WGS84 = "EPSG:4326"


@dataclass
class Measure:
    """Where distances and areas are measured, and how true that is over the data.

    ``crs`` is in metres; ``own`` says it is the layer's own CRS. ``layer_scale``
    is the (lowest, highest) ratio of planar to ellipsoidal length of the layer's
    CRS over the sample segments (None when it cannot be measured: geographic or
    no CRS); ``error`` is the largest relative length error of ``crs`` itself over
    the same segments. ``note`` is the sentence for the log.
    """

    crs: QgsCoordinateReferenceSystem
    own: bool
    layer_scale: tuple[float, float] | None
    error: float
    note: str
    warning: bool = False  # the note is a warning: no CRS, or data too large for one projection


WIDE_ERROR = 0.01  # beyond 1 % length error over the data, the note warns that distances are approximate


def _ellipsoid(name: str | None = None) -> str:
    """The ellipsoid for ground lengths: the project's (read on the main thread), else WGS84."""
    if name is None:
        name = QgsProject.instance().ellipsoid()
    return name if name and name.upper() != "NONE" else WGS84_ELLIPSOID


def measuring_settings(layer) -> tuple:
    """(transform context, ellipsoid): a LayerSnapshot carries the project's, taken on the main thread."""
    if hasattr(layer, "transform_context"):
        return layer.transform_context, layer.ellipsoid
    project = QgsProject.instance()  # a layer: we are on the main thread
    return project.transformContext(), project.ellipsoid()


def sample_segments(extent) -> list[tuple[QgsPointXY, QgsPointXY]]:
    """Segments across ``extent`` (a QgsRectangle): diagonals, edges, and short east-west and
    north-south segments at the corners and the centre (where a projection's scale differs most)."""
    x0, y0, x1, y1 = extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()
    w, h = x1 - x0, y1 - y0
    s = max(min(w, h), max(w, h) * 0.05) / 50.0 or 1.0
    P = QgsPointXY  # noqa: N806
    out = [(P(x0, y0), P(x1, y1)), (P(x0, y1), P(x1, y0)),
           (P(x0, y0), P(x1, y0)), (P(x0, y1), P(x1, y1)), (P(x0, y0), P(x0, y1)), (P(x1, y0), P(x1, y1))]
    cx, cy = x0 + w / 2, y0 + h / 2
    for x, y in ((x0, y0), (x1, y0), (x0, y1), (x1, y1), (cx, cy)):
        ex = x if x + s <= x1 or w == 0 else x - s
        ny = y if y + s <= y1 or h == 0 else y - s
        out += [(P(ex, y), P(ex + s, y)), (P(x, ny), P(x, ny + s))]
    return [(a, b) for a, b in out if a.distance(b) > 0]


def scale_ratios(crs: QgsCoordinateReferenceSystem, segments, context, ellipsoid: str | None = None) -> list[float]:
    """Planar length (in metres, through the CRS's unit) over ellipsoidal length, per segment."""
    factor = QgsUnitTypes.fromUnitToUnitFactor(crs.mapUnits(), QgsUnitTypes.DistanceMeters)
    da = QgsDistanceArea()
    da.setSourceCrs(crs, context)
    da.setEllipsoid(_ellipsoid(ellipsoid))
    out = []
    for a, b in segments:
        ground = da.measureLine(a, b)
        if ground > 0 and math.isfinite(ground):
            out.append(a.distance(b) * factor / ground)
    return out


def ellipsoid_terms(crs: QgsCoordinateReferenceSystem) -> str:
    """PROJ terms for the ellipsoid of ``crs`` alone (``+a=… +b=…``), WGS 84's when it has none.

    A CRS built on these terms has no named datum, so PROJ moves coordinates between it and ``crs`` with
    no datum shift and no grid: the same datum, a different projection (no "non-preferred coordinate
    operation" lines, no Helmert shift of ~100 m).
    """
    params = QgsEllipsoidUtils.ellipsoidParameters(crs.ellipsoidAcronym()) if crs.isValid() else None
    if params is None or not params.valid or not params.semiMajor > 0:
        params = QgsEllipsoidUtils.ellipsoidParameters(WGS84_ELLIPSOID)
    return f"+a={params.semiMajor!r} +b={params.semiMinor!r}"


def own_geographic(crs: QgsCoordinateReferenceSystem) -> QgsCoordinateReferenceSystem:
    """Longitude/latitude on the datum of ``crs`` (see :func:`ellipsoid_terms`): where its data lie on Earth
    without a datum shift (a few hundred metres off WGS 84 at most, which no centring needs)."""
    if crs.isGeographic():
        return crs
    return QgsCoordinateReferenceSystem.fromProj(f"+proj=longlat {ellipsoid_terms(crs)} +no_defs")


def _laea(lat: float, lon: float, crs: QgsCoordinateReferenceSystem) -> QgsCoordinateReferenceSystem:
    """A Lambert azimuthal equal-area projection centred on (lat, lon), on the datum of ``crs``."""
    return QgsCoordinateReferenceSystem.fromProj(
        f"+proj=laea +lat_0={lat:.2f} +lon_0={lon:.2f} +x_0=0 +y_0=0 {ellipsoid_terms(crs)} +units=m +no_defs")


def _degrees(lat: float, lon: float) -> str:
    return f"{abs(lat):.1f}° {'N' if lat >= 0 else 'S'} {abs(lon):.1f}° {'E' if lon >= 0 else 'W'}"


def _pct(x: float) -> str:
    return f"{100 * x:.2f} %" if x < 0.01 else f"{100 * x:.1f} %"


def _scale_words(lo: float, hi: float) -> str:
    """"×1.63", "×1.55 to ×1.78", or near 1 "×0.9996 to ×1.0016" (enough digits to show the error)."""
    digits = 4 if max(abs(lo - 1), abs(hi - 1)) < 0.01 else 2
    a, b = f"{lo:.{digits}f}", f"{hi:.{digits}f}"
    return f"×{a}" if a == b else f"×{a} to ×{b}"


def degrees_extent(extent) -> bool:
    """Whether ``extent`` lies within ±180° of longitude and ±90° of latitude (coordinates that can be
    degrees: a lon/lat shapefile without its .prj)."""
    return extent is not None and not extent.isEmpty() and all(
        math.isfinite(v) for v in (extent.xMinimum(), extent.xMaximum(), extent.yMinimum(), extent.yMaximum())) \
        and max(abs(extent.xMinimum()), abs(extent.xMaximum())) <= 180 \
        and max(abs(extent.yMinimum()), abs(extent.yMaximum())) <= 90


def assumed_crs(crs: QgsCoordinateReferenceSystem, extent=None) -> tuple[QgsCoordinateReferenceSystem, bool]:
    """(the CRS the layer's coordinates are analysed in, whether it is WGS 84 taken for a layer without one).

    A layer without a usable CRS whose coordinates all lie within ±180°/±90° is taken to be WGS 84
    longitude/latitude: metres that small would be a region a few hundred metres across, degrees are what
    such files hold (libpysal's us48.shp, many web downloads without a .prj)."""
    if undefined_crs(crs, extent) and degrees_extent(extent):
        return QgsCoordinateReferenceSystem(WGS84), True
    return crs, False


def undefined_crs(crs: QgsCoordinateReferenceSystem, extent=None) -> bool:
    """No usable CRS: none at all, GDAL's placeholder ("Undefined geographic SRS", which a GeoPackage gets
    when written from a layer without CRS), or degrees that cannot be degrees (|lat| > 90, |lon| > 540)."""
    if not crs.isValid() or crs.description().lower().startswith("undefined"):
        return True
    if extent is not None and not extent.isEmpty() and crs.mapUnits() == QgsUnitTypes.DistanceDegrees:
        return max(abs(extent.yMinimum()), abs(extent.yMaximum())) > 90 or \
            max(abs(extent.xMinimum()), abs(extent.xMaximum())) > 540
    return False


def working_crs(crs: QgsCoordinateReferenceSystem, extent=None, centre: tuple[float, float] | None = None,
                context=None, ellipsoid: str | None = None) -> Measure:
    """The CRS the analysis measures in, so that a gap tolerance means ground metres and an area ground km².

    Rule: the layer's own CRS when it is in metres and true to scale over the data,
    i.e. for every sample segment across ``extent`` (layer CRS) planar length and the
    ellipsoidal length (project ellipsoid, else WGS84) agree within 0.5 % (British
    National Grid over the whole UK: ×0.9996 to ×1.0015). Otherwise (Web Mercator, a
    continental LAEA far from its centre, a CRS for another part of the world, feet,
    degrees) a Lambert azimuthal equal-area projection centred on the data (``centre``
    = (lat, lon), default the extent's centre) on the layer's own datum, so no datum
    shift or grid is involved: areas exact, lengths within ``Measure.error`` (0.05 % at
    400 km from the centre, 0.3 % at 1,000 km). A layer without a CRS is measured in
    its own units, taken as metres (``read_regions`` first takes lon/lat-sized
    coordinates as WGS 84, see :func:`assumed_crs`).
    """
    context = context or QgsProject.instance().transformContext()
    name = crs.authid() or crs.description() or "the layer's CRS"
    if undefined_crs(crs, extent):
        return Measure(crs, True, None, float("nan"),
                       "Distances and areas in the layer's own coordinates, taken as metres: the layer has no "
                       "coordinate reference system (set it for true distances).", warning=True)
    segments = sample_segments(extent) if extent is not None and not extent.isEmpty() else []
    ratios = [] if crs.isGeographic() else scale_ratios(crs, segments, context, ellipsoid)
    scale = (min(ratios), max(ratios)) if ratios else None
    metres = crs.mapUnits() == QgsUnitTypes.DistanceMeters
    if metres and scale and max(abs(scale[0] - 1), abs(scale[1] - 1)) <= SCALE_TOLERANCE:
        err = max(abs(scale[0] - 1), abs(scale[1] - 1))
        return Measure(crs, True, scale, err,
                       f"Distances and areas in {name} (the layer's CRS; scale within {_pct(err)} over the data).")
    if centre is None:
        try:
            c = QgsCoordinateTransform(crs, own_geographic(crs), context).transform(extent.center()) \
                if extent else QgsPointXY()
            centre = (c.y(), c.x())
        except Exception:  # noqa: BLE001 - an untransformable extent: centre on 0, 0
            centre = (0.0, 0.0)
    lat, lon = centre
    laea = _laea(lat, lon, crs)
    err = float("nan")
    if segments:
        tr = QgsCoordinateTransform(crs, laea, context)
        moved = [(_transformed(tr, a), _transformed(tr, b)) for a, b in segments]
        # a sample outside the projection's domain gives no figure
        own = scale_ratios(laea, [(a, b) for a, b in moved if a is not None and b is not None], context, ellipsoid)
        err = max(abs(r - 1) for r in own) if own else float("nan")
    if crs.isGeographic():
        why = f"the layer's CRS {name} is geographic (degrees)"
    elif scale is None:
        why = f"the scale of the layer's CRS {name} could not be measured here"
    elif not metres and max(abs(scale[0] - 1), abs(scale[1] - 1)) <= SCALE_TOLERANCE:
        why = f"the layer's CRS {name} measures in {QgsUnitTypes.toString(crs.mapUnits())}"
    else:
        span = _scale_words(*scale)
        why = f"the layer's CRS {name} is not true to scale here ({span})"
    within = "" if err != err else f"; lengths within {_pct(err)}"
    wide = err == err and err > WIDE_ERROR
    tail = (" The data spans too much of the Earth for one flat projection: gap distances are approximate; "
            "analyse a smaller area for exact ones.") if wide else ""
    return Measure(laea, False, scale, err,
                   f"Distances and areas in a Lambert azimuthal equal-area projection centred on "
                   f"{_degrees(lat, lon)} (areas exact{within}): {why}.{tail}", warning=wide)


def _transformed(tr: QgsCoordinateTransform, point: QgsPointXY) -> QgsPointXY | None:
    """``point`` through ``tr``, or None where the point lies outside the target's domain."""
    try:
        return tr.transform(point)
    except QgsCsException:
        return None


def data_centre(geoms: list, crs: QgsCoordinateReferenceSystem, context) -> tuple[float, float] | None:
    """(lat, lon) of the middle of the features' bounding-box centres: the same data gives
    (nearly) the same centre whatever its CRS, which the layer extent's centre does not (on the layer's own
    datum: no datum shift, no PROJ grid)."""
    tr = QgsCoordinateTransform(crs, own_geographic(crs), context)
    lats, lons = [], []
    for g in geoms:
        if g is None:
            continue
        p = _transformed(tr, g.boundingBox().center())
        if p is not None and math.isfinite(p.x()) and math.isfinite(p.y()):
            lats.append(p.y())
            lons.append(p.x())
    if not lats:
        return None
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


@dataclass
class Regions:
    """The geometry and identity of every feature, in feature order."""

    fids: list[int]
    geometries: list  # repaired, linearised 2D QgsGeometry in the layer CRS (None when empty)
    shapes: list  # shapely geometries in ``crs`` (metres)
    crs: QgsCoordinateReferenceSystem
    to_layer: QgsCoordinateTransform
    repaired: int
    empty: int
    measure: Measure | None = None
    linearised: int = 0  # features whose curves were replaced by straight segments
    dropped_zm: str = ""  # "Z", "M" or "Z/M" when the layer has them (dropped for the analysis)
    # the CRS the layer's coordinates were taken to be in: its own, or WGS 84 for lon/lat without a CRS
    layer_crs: QgsCoordinateReferenceSystem | None = None
    degenerate: list[int] = field(default_factory=list)  # ids of features with rings of under 4 points

    @property
    def measure_note(self) -> str:
        """One sentence for the log: which CRS distances and areas are measured in, and why."""
        return self.measure.note if self.measure is not None else ""

    @property
    def geometry_notes(self) -> list[str]:
        """Plain-words notes on what was done to the geometries (the input itself is never changed)."""
        out = []
        if self.linearised:
            out.append(f"{self.linearised} curved geometries were converted to straight segments "
                       "(the input is unchanged).")
        if self.dropped_zm:
            out.append(f"The layer's {self.dropped_zm} values are not used: the analysis and the outputs are 2D "
                       "(the input is unchanged).")
        if self.degenerate:
            ids = ", ".join(str(i) for i in self.degenerate[:20]) + (" …" if len(self.degenerate) > 20 else "")
            out.append(f"{len(self.degenerate)} feature(s) had a polygon ring of fewer than 4 points (no area), "
                       f"which was left out; a feature with nothing else has no geometry in the analysis "
                       f"(feature ids {ids}; the input is unchanged).")
        return out

    @property
    def wkb_type(self) -> int:
        """The geometry type the outputs declare: the geometries are linear, 2D and made multi."""
        return QgsWkbTypes.MultiPolygon


def analysis_geometry(g: QgsGeometry) -> tuple[QgsGeometry, bool]:
    """A linear 2D copy of ``g`` for GEOS/shapely (which read neither curves nor a MultiSurface type),
    and whether it had real arcs."""
    curved = False
    if QgsWkbTypes.isCurvedType(g.wkbType()):  # MultiSurface/CurvePolygon, even when every ring is straight
        curved = g.constGet().hasCurvedSegments()
        g = QgsGeometry(g.constGet().segmentize())  # default: at most 1° of arc per segment
    else:
        g = QgsGeometry(g)
    if QgsWkbTypes.hasZ(g.wkbType()) or QgsWkbTypes.hasM(g.wkbType()):
        inner = g.get()
        inner.dropZValue()
        inner.dropMValue()
    return g, curved


def read_regions(
    layer: QgsVectorLayer, is_cancelled: Callable[[], bool] | None = None
) -> Regions:
    """Repaired linear 2D geometries (never touching the layer) and their shapely copies in metres.

    Curves are linearised, Z/M dropped and invalid geometries repaired on copies;
    distances and areas are measured in the CRS :func:`working_crs` decides.
    """
    from ..core.geometry import Cancelled, from_wkb, make_valid

    fids, geoms = [], []
    degenerate: list[int] = []
    repaired = empty = linearised = 0
    request = QgsFeatureRequest().setNoAttributes()
    for n, feat in enumerate(layer.getFeatures(request)):
        if is_cancelled is not None and n % 256 == 0 and is_cancelled():
            raise Cancelled()
        fids.append(feat.id())
        g = feat.geometry()
        if g.isNull() or g.isEmpty():
            empty += 1
            geoms.append(None)
            continue
        g, curved = analysis_geometry(g)
        linearised += curved
        g, dropped = without_degenerate_rings(g)
        if dropped:
            degenerate.append(feat.id())
            if g.isEmpty():
                empty += 1
                geoms.append(None)
                continue
        if not g.isGeosValid():
            fixed = g.makeValid()
            if fixed.type() != POLYGON_GEOMETRY:
                fixed = _polygon_parts(fixed)
            g = fixed
            repaired += 1
        geoms.append(g)
    from .snapshot import combined

    ctx, ellipsoid = measuring_settings(layer)
    # the geometries' own box: no second pass over the layer (a file layer's first extent() scans it)
    boxes = [g.boundingBox() for g in geoms if g is not None]
    extent = combined(boxes) if boxes else layer.extent()
    source, taken_as_wgs84 = assumed_crs(layer.crs(), extent)
    centre = None if undefined_crs(source, extent) else data_centre(geoms, source, ctx)
    measure = working_crs(source, extent, centre, ctx, ellipsoid)
    if taken_as_wgs84:
        measure.warning = True
        measure.note = ("The layer has no coordinate reference system; its coordinates lie within ±180°/±90° and "
                        "are taken as WGS 84 longitude/latitude (EPSG:4326; set the layer's CRS if they are "
                        "not). " + measure.note)
    forward = QgsCoordinateTransform(source, measure.crs, ctx)
    back = QgsCoordinateTransform(measure.crs, source, ctx)
    shapes = []
    for n, g in enumerate(geoms):
        if is_cancelled is not None and n % 256 == 0 and is_cancelled():
            raise Cancelled()
        if g is None:
            shapes.append(None)
            continue
        t = QgsGeometry(g)
        if not measure.own:
            t.transform(forward)
        shapes.append(make_valid(from_wkb(t.asWkb())))
    wkb = layer.wkbType()
    zm = "/".join(x for x, has in (("Z", QgsWkbTypes.hasZ(wkb)), ("M", QgsWkbTypes.hasM(wkb))) if has)
    return Regions(fids, geoms, shapes, measure.crs, back, repaired, empty, measure, linearised, zm, source,
                   degenerate)


def without_degenerate_rings(g: QgsGeometry) -> tuple[QgsGeometry, bool]:
    """``g`` without rings of fewer than 4 points, and whether there were any. QGIS reads such a ring
    (``POLYGON((0 0, 1 0, 0 0))``) but GEOS/shapely cannot build it: it would end the run with
    "Could not create geometry because of errors while reading input". Such a ring has no area."""
    def short(ring) -> bool:
        return ring is None or ring.numPoints() < 4

    parts = [p for p in g.constParts() if QgsWkbTypes.geometryType(p.wkbType()) == POLYGON_GEOMETRY]
    if not any(short(p.exteriorRing()) or any(short(p.interiorRing(k)) for k in range(p.numInteriorRings()))
               for p in parts):
        return g, False
    kept = []
    for p in parts:
        if short(p.exteriorRing()):
            continue
        polygon = QgsPolygon()
        polygon.setExteriorRing(p.exteriorRing().clone())
        for k in range(p.numInteriorRings()):
            if not short(p.interiorRing(k)):
                polygon.addInteriorRing(p.interiorRing(k).clone())
        kept.append(QgsGeometry(polygon))
    return (QgsGeometry.collectGeometry(kept) if kept else QgsGeometry()), True


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
