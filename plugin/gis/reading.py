"""A regions layer as plain data for the analysis steps: keys, names, score columns, geometry in metres.

Reads a ``LayerSnapshot`` (or a layer, on the main thread) in two passes: the attributes the analysis needs
in one request without geometry, then the geometries (``read_regions``). What it read becomes a
``steps.regions.RegionData`` through ``steps.regions.build_region_data``, the builder the timeline's join and the
panel's match use too, so the steps see the same data whichever way the regions came. Nothing here writes.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from qgis.core import QgsFeatureRequest

from ..core.errors import SettingsError
from ..i18n import tr
from ..steps.regions import RegionData, RegionIds, ScoreColumns, build_region_data
from .layers import LayerError, Regions, as_text, check_polygon_layer, is_null, read_regions


def score_fields(layer, meta: dict | None, chosen: Sequence[str]) -> tuple[list[str], list[str]]:
    """The fields to analyse and their labels; default all sector fields joinscores wrote."""
    sectors = (meta or {}).get("sectors") or {}
    names = list(chosen) or [f for f in sectors if layer.fields().indexFromName(f) >= 0]
    if not names:
        raise SettingsError(tr(
            "This layer was not made by 'Join sector scores', so there are no default score fields: "
            "choose the score FIELDS."), code="no_score_fields")
    labels = []
    for n in names:
        idx = layer.fields().indexFromName(n)
        if idx < 0:
            raise SettingsError(tr("The layer has no field {!r}.").format(n), code="unknown_field")
        fld = layer.fields().at(idx)
        if not fld.isNumeric():
            raise SettingsError(tr(
                "Field {!r} holds {} values, not numbers; choose numeric score fields.").format(n, fld.typeName()),
                code="not_numeric")
        labels.append(sectors.get(n) or fld.alias() or n)
    return names, labels


def read_region_data(layer, key_field: str = "", fields: Sequence[str] | None = None,
                     is_cancelled: Callable[[], bool] | None = None, meta: dict | None = None,
                     regions: Regions | None = None) -> RegionData:
    """Check the layer and read its regions: defaults (key, sector fields, names) from the join's record.

    ``layer`` is a LayerSnapshot in a worker thread (or a layer on the main thread); ``meta`` defaults to
    the snapshot's record; ``regions`` already read from the same features (the panel reuses them) are not
    read again.
    """
    import numpy as np

    check_polygon_layer(layer, tr("The regions layer"))
    if meta is None:  # a snapshot carries its record; a layer is asked for it
        meta = dict(layer.meta if hasattr(layer, "meta") else _read_meta(layer) or {})
    key_field = key_field or meta.get("key") or ""
    if not key_field or layer.fields().indexFromName(key_field) < 0:
        raise LayerError(tr("Choose the region KEY field (the layer has no field {!r}).").format(key_field),
                         code="no_key_field")
    names_, labels = score_fields(layer, meta, list(fields or []))
    name_field = meta.get("name_field")
    if not name_field or layer.fields().indexFromName(name_field) < 0:
        name_field = None
    every = [f for f in (meta.get("sectors") or {}) if layer.fields().indexFromName(f) >= 0] or names_
    wanted = [key_field] + ([name_field] if name_field else []) + list(dict.fromkeys(names_ + every))
    index = {name: layer.fields().indexFromName(name) for name in wanted}
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(
        list(index.values()))
    keys, names, rows = [], [], []
    numeric = [n for n in wanted if n not in (key_field, name_field)]
    for n, feat in enumerate(layer.getFeatures(request)):
        if is_cancelled is not None and n % 1024 == 0 and is_cancelled():
            from ..core.errors import Cancelled

            raise Cancelled()
        attrs = feat.attributes()
        keys.append(as_text(attrs[index[key_field]]))
        names.append(as_text(attrs[index[name_field]]) if name_field else keys[-1])
        rows.append([np.nan if is_null(attrs[index[f]]) else float(attrs[index[f]]) for f in numeric])
    if regions is None:
        regions = read_regions(layer, is_cancelled)
    sectors = meta.get("sectors") or {}
    label = dict(zip(names_, labels))
    columns = ScoreColumns(numeric, [label.get(f) or sectors.get(f) or f for f in numeric],
                           np.array(rows, dtype=float).reshape(len(rows), len(numeric)), every)
    return build_region_data(RegionIds(key_field, name_field, keys, names), columns, regions, meta, names_,
                             layer.name())


def _read_meta(layer) -> dict | None:
    from .meta import read_meta

    return read_meta(layer)


def read_layer_keys(layer, key_field: str):
    """The regions' keys and other text values for matching (a LayerSnapshot anywhere, a layer on the main
    thread)."""
    from ..steps.join import LayerKeys
    from .layers import guess_name_field, string_fields

    check_polygon_layer(layer)
    if layer.fields().indexFromName(key_field) < 0:
        raise LayerError(tr("The layer has no field {!r}.").format(key_field), code="no_key_field")
    others = [n for n in string_fields(layer) if n != key_field]
    idx = [layer.fields().indexFromName(n) for n in [key_field, *others]]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(idx)
    keys, names = [], []
    for f in layer.getFeatures(request):
        attrs = f.attributes()
        keys.append(as_text(attrs[idx[0]]))
        # tuples: 34,753 small lists (empty for a layer with no other text field) were 35,000 more objects for
        # every full garbage collection to walk while the panel holds them; a tuple of strings is untracked
        names.append(tuple([as_text(attrs[i]) for i in idx[1:]]))
    return LayerKeys(key_field, keys, names, [f.name() for f in layer.fields()], guess_name_field(layer, key_field),
                     others)


def read_overlay(layer, name_field: str, regions: Regions, context, regions_crs=None,
                 is_cancelled: Callable[[], bool] | None = None):
    """The overlay layer (a LayerSnapshot in a worker) as ``steps.overlay.OverlayData`` in ``regions.crs``.

    Geometries are read as the regions are (linear 2D copies, repaired) and reprojected into the regions'
    measuring CRS with ``context``, the transform context the regions were measured with (another context
    can take another datum path and shift the overlay by metres). An overlay without a CRS is taken to be
    in ``regions_crs`` (the regions layer's own CRS), with a note. Features without geometry, or that cannot
    be reprojected, are skipped with a note.
    """
    from qgis.core import QgsCoordinateTransform, QgsCsException, QgsGeometry

    from ..core.geometry import from_wkb, make_valid
    from ..steps.overlay import OverlayData
    from .compat import POLYGON_GEOMETRY
    from .layers import _polygon_parts, analysis_geometry, undefined_crs, without_degenerate_rings

    what = tr("The overlay layer")
    check_polygon_layer(layer, what)
    idx = layer.fields().indexFromName(name_field)
    if idx < 0:
        raise LayerError(tr("The overlay layer '{0}' has no field {1!r}; choose the field that names its units "
                            "(OVERLAY_NAME).").format(layer.name(), name_field), code="overlay_no_name_field")
    notes: list[str] = []
    source = layer.crs()
    if getattr(regions, "layer_crs", None) is not None and (regions_crs is None or undefined_crs(regions_crs)):
        regions_crs = regions.layer_crs  # regions without a CRS whose lon/lat were taken as WGS 84
    if undefined_crs(source, layer.extent()) and regions_crs is not None:
        notes.append(tr("The overlay layer '{0}' has no CRS; its coordinates are taken to be in the regions' CRS "
                        "({1}).").format(layer.name(), regions_crs.authid() or regions_crs.description()))
        source = regions_crs
    target = regions.crs
    forward = None
    if source.isValid() and target.isValid() and source != target:
        forward = QgsCoordinateTransform(source, target, context)
    request = QgsFeatureRequest().setSubsetOfAttributes([idx])
    shapes, names = [], []
    no_geometry = failed = 0
    for n, feat in enumerate(layer.getFeatures(request)):
        if is_cancelled is not None and n % 256 == 0 and is_cancelled():
            from ..core.errors import Cancelled

            raise Cancelled()
        g = feat.geometry()
        if g.isNull() or g.isEmpty():
            no_geometry += 1
            continue
        g, _curved = analysis_geometry(g)
        g, _degenerate = without_degenerate_rings(g)  # rings of under 4 points: no area, and GEOS refuses them
        if g.isEmpty():
            no_geometry += 1
            continue
        if not g.isGeosValid():
            fixed = g.makeValid()
            g = fixed if fixed.type() == POLYGON_GEOMETRY else _polygon_parts(fixed)
            if g.isEmpty():
                no_geometry += 1
                continue
        if forward is not None:
            try:
                g = QgsGeometry(g)
                g.transform(forward)
            except QgsCsException:
                failed += 1
                continue
        shapes.append(make_valid(from_wkb(g.asWkb())))
        names.append(as_text(feat.attributes()[idx]) if not is_null(feat.attributes()[idx]) else None)
    if no_geometry:
        notes.append(tr("{0} overlay features without a polygon were skipped.").format(no_geometry))
    if failed:
        notes.append(tr("{0} overlay features could not be reprojected into the regions' CRS and were skipped.")
                     .format(failed))
    if not shapes:
        raise LayerError(tr("The overlay layer '{0}' has no usable polygons.").format(layer.name()),
                         code="overlay_empty")
    return OverlayData(shapes, names, name_field, layer.name(), notes)

