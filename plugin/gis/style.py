"""Styles for the analyses' outputs: above/below classes, graduated index, cluster outlines.

The look lives in ``resources/styles/*.qml`` so users can tweak colours and fonts
without touching code; the code only loads them and points them at the chosen
sector's fields. The words (legend labels) come from ``steps.words``.
"""
from __future__ import annotations

import re
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCategorizedSymbolRenderer,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsGraduatedSymbolRenderer,
    QgsLinePatternFillSymbolLayer,
    QgsLineSymbol,
    QgsMapLayer,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsRendererRange,
    QgsRuleBasedLabeling,
    QgsRuleBasedRenderer,
    QgsSimpleFillSymbolLayer,
    QgsSimpleLineSymbolLayer,
    QgsSymbol,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont

from ..core import codes
from ..core.errors import SettingsError
from ..i18n import tr
from ..steps.words import (
    band_labels,
    baseline_code,
    class_breaks,
    class_labels,
    crossing_legend,
    region_noun,
    short_name,
    stars_count_legend,
    stars_legend,
)
from .compat import LABEL_HORIZONTAL, LABEL_OVER_POINT, MULTILINE_CENTER, POINT_GEOMETRY, QUADRANT_OVER
from .sectors import layer_meta, resolve_field, sector_fields

STYLES_DIR = Path(__file__).resolve().parents[2] / "resources" / "styles"
ABOVE_QML = "regions_above.qml"
GRADUATED_QML = "regions_graduated.qml"
CLUSTERS_QML = "clusters.qml"

#: colour-blind safe and distinct in greyscale (relative luminance ~0.13 / ~0.76 / 1.0 + hatch)
ABOVE_COLOUR = "#a65208"
BELOW_COLOUR = "#e8e1d1"
NODATA_COLOUR = "#ffffff"
BOUNDARY_COLOUR = "#7f7f7f"
#: sequential YlOrBr (ColorBrewer), monotonic in lightness so greyscale keeps the order
RAMP = ["#ffffd4", "#fee391", "#fec44f", "#fe9929", "#d95f0e", "#993404"]
FONT_FAMILY = "DejaVu Sans"
#: strength stars: lightness = number of stars (greyscale keeps the order, contrast >= 1.7 between counts),
#: hue = whether the size star is among them (ColorBrewer Blues with it, Oranges without: a colour-blind safe
#: pair). Within one sector specialisation and focus are nested, so same-coloured combinations never meet.
STARS_NONE = "#f2efe9"
STARS_COLOURS = {1: "#6baed6", 2: "#fd8d3c", 4: "#fd8d3c", 3: "#2171b5", 5: "#2171b5", 6: "#d94801", 7: "#08306b"}
STARS_COUNT_COLOURS = {0: STARS_NONE, 1: "#fd8d3c", 2: "#d94801", 3: "#08306b"}
#: clusters that cross the overlay's units: the dark outline carries light dashes (hazard tape), which reads
#: in colour, in greyscale and for colour-blind readers alike
CROSSING_DASH = "#ffd92f"

ATLAS_FIELD = "attribute(@atlas_feature, 'field')"
STYLE_CATEGORIES = QgsMapLayer.Symbology | QgsMapLayer.Labeling


def rule(symbol: QgsSymbol | None, flt: str = "", label: str = "") -> QgsRuleBasedRenderer.Rule:
    """A renderer rule made by C++ (a clone), to hand to a rule tree.

    A ``QgsRuleBasedRenderer.Rule`` constructed in Python is a sip subclass whose destructor QGIS never calls
    (``Rule`` has no virtual destructor): when its owning renderer deletes it, the Python wrapper still points
    at it and, when released, writes into the freed memory. That was random crashes on QGIS 3.40/3.44 once a
    layout legend swapped a layer's renderer (found with valgrind). A clone is plain C++; the Python-made
    original stays Python's and goes, whole, with its wrapper here. ``symbol`` stays the caller's.
    """
    made = QgsRuleBasedRenderer.Rule(symbol.clone() if symbol is not None else None, 0, 0, flt, label)
    out = made.clone()
    del made
    return out


def rule_labeling(settings: QgsPalLayerSettings, flt: str = "") -> QgsRuleBasedLabeling:
    """Labels by ``settings`` on the features ``flt`` selects (empty: every feature): the filter is the
    labeling's, as the renderer's is, so the layer's data stays whole."""
    root = QgsRuleBasedLabeling.Rule(None)
    labels = QgsRuleBasedLabeling.Rule(settings)
    if flt:
        labels.setFilterExpression(flt)
    root.appendChild(labels)
    return QgsRuleBasedLabeling(root)


def rule_renderer(children) -> QgsRuleBasedRenderer:
    """A rule-based renderer of the (C++-made, see :func:`rule`) ``children``."""
    root = rule(None)
    for child in children:
        root.appendChild(child)
    return QgsRuleBasedRenderer(root)


# ---------------------------------------------------------------- default symbols
def _boundary(layer: QgsSimpleFillSymbolLayer) -> None:
    layer.setStrokeColor(QColor(BOUNDARY_COLOUR))
    layer.setStrokeWidth(0.2)
    layer.setStrokeWidthUnit(QgsUnitTypes.RenderMillimeters)


def fill_symbol(colour: str) -> QgsFillSymbol:
    """A region fill of ``colour`` with the plugin's thin grey boundary."""
    sym = QgsFillSymbol()
    sl = QgsSimpleFillSymbolLayer(QColor(colour))
    _boundary(sl)
    sym.changeSymbolLayer(0, sl)
    return sym


def add_hatch(symbol: QgsFillSymbol, colour: str, angle: float, spacing: tuple[float, float]) -> QgsFillSymbol:
    """Lines of ``colour`` at ``angle`` degrees over the fill (under its boundary); ``spacing``: (distance between
    the lines, their width) in mm. A texture tells a class apart in greyscale."""
    distance, width = spacing
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(angle)
    hatch.setDistance(distance)
    hatch.setDistanceUnit(QgsUnitTypes.RenderMillimeters)
    line = QgsLineSymbol()
    line_layer = QgsSimpleLineSymbolLayer(QColor(colour), width)
    line_layer.setWidthUnit(QgsUnitTypes.RenderMillimeters)
    line.changeSymbolLayer(0, line_layer)
    hatch.setSubSymbol(line)
    symbol.insertSymbolLayer(1, hatch)
    return symbol


def nodata_symbol() -> QgsFillSymbol:
    """White with a grey hatch: reads as 'no data' in colour and in greyscale."""
    return add_hatch(fill_symbol(NODATA_COLOUR), "#9a9a9a", 45, (1.2, 0.15))


def dashed_line(colour: str, width_mm: float, dash_gap_mm: tuple[float, float]) -> QgsSimpleLineSymbolLayer:
    """A line of ``colour`` ``width_mm`` wide, dashed (dash, gap) in mm: the crossing clusters' tape and the
    point clusters' outline."""
    line = QgsSimpleLineSymbolLayer(QColor(colour), width_mm)
    line.setWidthUnit(QgsUnitTypes.RenderMillimeters)
    line.setUseCustomDashPattern(True)
    line.setCustomDashVector(list(dash_gap_mm))
    line.setCustomDashPatternUnit(QgsUnitTypes.RenderMillimeters)
    return line


def default_above_renderer(attr: str = "__SECTOR___above") -> QgsCategorizedSymbolRenderer:
    cats = [
        QgsRendererCategory(1, fill_symbol(ABOVE_COLOUR), "Above"),
        QgsRendererCategory(0, fill_symbol(BELOW_COLOUR), "At or below"),
        QgsRendererCategory("", nodata_symbol(), "No data"),
    ]
    return QgsCategorizedSymbolRenderer(attr, cats)


def default_graduated_renderer(attr: str = "__SECTOR___idx") -> QgsGraduatedSymbolRenderer:
    from qgis.core import QgsGradientColorRamp, QgsGradientStop

    stops = [QgsGradientStop(i / (len(RAMP) - 1), QColor(c)) for i, c in enumerate(RAMP[1:-1], start=1)]
    ramp = QgsGradientColorRamp(QColor(RAMP[0]), QColor(RAMP[-1]), False, stops)
    r = QgsGraduatedSymbolRenderer(attr, [])
    r.setSourceSymbol(fill_symbol(RAMP[0]))
    r.setSourceColorRamp(ramp)
    for i, c in enumerate(RAMP):
        r.addClassRange(QgsRendererRange(float(i), float(i + 1), fill_symbol(c), f"class {i + 1}"))
    return r


def default_cluster_symbol() -> QgsFillSymbol:
    """No fill; a dark 0.8 mm outline over a wider white halo so it reads on any fill."""
    sym = QgsFillSymbol()
    halo = QgsSimpleLineSymbolLayer(QColor("#ffffff"), 1.6)
    halo.setWidthUnit(QgsUnitTypes.RenderMillimeters)
    halo.setPenJoinStyle(Qt.PenJoinStyle.RoundJoin)
    line = QgsSimpleLineSymbolLayer(QColor("#1a1a1a"), 0.8)
    line.setWidthUnit(QgsUnitTypes.RenderMillimeters)
    line.setPenJoinStyle(Qt.PenJoinStyle.RoundJoin)
    sym.changeSymbolLayer(0, halo)
    sym.appendSymbolLayer(line)
    return sym


def crossing_symbol(base: QgsSymbol | None = None) -> QgsSymbol:
    """The cluster outline (``base``, default the shipped one) with light dashes along its dark line."""
    sym = (base or default_cluster_symbol()).clone()
    dash = dashed_line(CROSSING_DASH, 0.45, (2.0, 2.0))
    dash.setPenCapStyle(Qt.PenCapStyle.FlatCap)
    sym.appendSymbolLayer(dash)
    return sym


def one_label_per_cluster(settings: QgsPalLayerSettings) -> None:
    """Label one point, the visual centre of the outline's thickest part, and never drop it.

    An outline on real, generalised boundaries carries islands; the desktop
    canvas (3.22) then placed the same label dozens of times over one feature.
    A single generated point per feature is labelled once, centred; a report
    map must name every cluster, so the label shows even where two meet.
    """
    settings.geometryGeneratorEnabled = True
    settings.geometryGeneratorType = POINT_GEOMETRY
    settings.geometryGenerator = "pole_of_inaccessibility($geometry, sqrt(area($geometry)) / 200)"
    settings.placement = LABEL_OVER_POINT
    settings.quadOffset = QUADRANT_OVER
    settings.labelPerPart = False
    settings.displayAll = True


def text_format(size: float, bold: bool = False, colour: str = "#1a1a1a") -> QgsTextFormat:
    """The plugin's font at ``size`` points in ``colour``: map labels, layout texts, legends and tables."""
    fmt = QgsTextFormat()
    font = QFont(FONT_FAMILY)
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor(colour))
    return fmt


def halo_text_format(size_pt: float, halo_mm: float) -> QgsTextFormat:
    """The map labels' look: bold near-black text with a white halo, legible over any fill."""
    fmt = text_format(size_pt, True)
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(halo_mm)
    buf.setSizeUnit(QgsUnitTypes.RenderMillimeters)
    buf.setColor(QColor("#ffffff"))
    fmt.setBuffer(buf)
    return fmt


def default_cluster_labels() -> QgsPalLayerSettings:
    s = QgsPalLayerSettings()
    s.fieldName = "'cluster ' || \"cluster_id\""
    s.isExpression = True
    s.setFormat(halo_text_format(8.0, 1.0))
    # inside the cluster, horizontal; obstacles and a high priority keep labels apart
    s.placement = LABEL_HORIZONTAL
    s.priority = 9
    s.autoWrapLength = 28
    s.multilineAlign = MULTILINE_CENTER
    one_label_per_cluster(s)
    return s


def write_default_styles(folder: Path = STYLES_DIR) -> None:
    """(Re)create the shipped .qml files from the defaults above."""
    folder.mkdir(parents=True, exist_ok=True)
    lyr = QgsVectorLayer("MultiPolygon?crs=EPSG:4326&field=sector:string", "tmp", "memory")
    lyr.setRenderer(default_above_renderer())
    lyr.saveNamedStyle(str(folder / ABOVE_QML), QgsMapLayer.Symbology)
    lyr.setRenderer(default_graduated_renderer())
    lyr.saveNamedStyle(str(folder / GRADUATED_QML), QgsMapLayer.Symbology)
    lyr.setRenderer(QgsRuleBasedRenderer(default_cluster_symbol()))
    from qgis.core import QgsSingleSymbolRenderer

    lyr.setRenderer(QgsSingleSymbolRenderer(default_cluster_symbol()))
    lyr.setLabeling(QgsVectorLayerSimpleLabeling(default_cluster_labels()))
    lyr.setLabelsEnabled(True)
    lyr.saveNamedStyle(str(folder / CLUSTERS_QML), STYLE_CATEGORIES)


def shipped_style(name: str, categories=QgsMapLayer.Symbology) -> QgsVectorLayer | None:
    """A throw-away layer holding the shipped .qml ``name`` (its renderer and labeling), or None without one."""
    path = STYLES_DIR / name
    if not path.is_file():
        return None
    probe = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "probe", "memory")
    _msg, ok = probe.loadNamedStyle(str(path), categories)
    return probe if ok else None


def shipped_renderer(name: str):
    """A copy of the shipped style's renderer (the probe layer owns the original and goes away)."""
    probe = shipped_style(name)
    renderer = probe.renderer() if probe is not None else None
    return renderer.clone() if renderer is not None else None


# ---------------------------------------------------------------- regions
def sector_expression(field: str, atlas: bool = False) -> str:
    """The sector field name as an expression; in atlas mode the page's sector."""
    if atlas:
        return f"coalesce({ATLAS_FIELD}, '{field}')"
    return f"'{field}'"


def _attr(field: str, suffix: str, atlas: bool) -> str:
    if not atlas:
        return f"{field}{suffix}"
    return f"attribute($currentfeature, {sector_expression(field, True)} || '{suffix}')"


def style_regions(
    layer: QgsVectorLayer,
    field: str,
    scheme: str = "classes",
    meta: dict | None = None,
    atlas: bool = False,
) -> None:
    """Colour regions by above/at-or-below (``classes``) or by index band (``graduated``).

    ``atlas=True`` makes the renderer follow the atlas page's sector (the coverage
    layer's ``field`` attribute) so one layout can print every sector.
    """
    meta = layer_meta(layer, meta)
    field = resolve_field(layer, field, meta)
    if f"{field}_above" not in layer.fields().names():  # a local statistics layer: colour by type
        from .stat_style import layer_method, type_renderer

        layer.setRenderer(type_renderer(field, layer_method(layer, field), _attr(field, "_type", atlas)))
    elif baseline_code(meta) == codes.STARS and f"{field}_stars" in layer.fields().names():
        if scheme not in ("classes", "graduated"):
            raise SettingsError(tr("Unknown scheme '{0}' (use 'classes' or 'graduated').").format(scheme))
        present = None if atlas else stars_present(layer, field, scheme == "graduated")
        layer.setRenderer(stars_renderer(field, scheme == "graduated", atlas, present))
    elif scheme == "graduated":
        layer.setRenderer(graduated_renderer(layer, field, meta, atlas))
    elif scheme == "classes":
        layer.setRenderer(above_renderer(layer, field, meta, atlas))
    else:
        raise SettingsError(tr("Unknown scheme '{0}' (use 'classes' or 'graduated').").format(scheme))
    layer.triggerRepaint()


def above_renderer(layer: QgsVectorLayer, field: str, meta: dict, atlas: bool = False) -> QgsCategorizedSymbolRenderer:
    renderer = shipped_renderer(ABOVE_QML)
    if not isinstance(renderer, QgsCategorizedSymbolRenderer):
        renderer = default_above_renderer()
    renderer = renderer.clone()
    renderer.setClassAttribute(_attr(field, "_above", atlas))
    above, below, nodata = class_labels(meta)
    for i, cat in enumerate(renderer.categories()):
        value = cat.value()
        text = "" if value is None else str(value).strip()
        if text in ("1", "1.0", "true"):
            renderer.updateCategoryLabel(i, above)
        elif text in ("0", "0.0", "false"):
            renderer.updateCategoryLabel(i, below)
        else:
            renderer.updateCategoryLabel(i, nodata)
    return renderer


def graduated_renderer(layer: QgsVectorLayer, field: str, meta: dict, atlas: bool = False) -> QgsRuleBasedRenderer:
    """Index bands around the threshold, plus a hatched 'No data' class.

    Built as graduated ranges (colours from the qml's ramp) and converted to rules
    because a graduated renderer has no class for NULL.
    """
    src = shipped_renderer(GRADUATED_QML)
    if not isinstance(src, QgsGraduatedSymbolRenderer):
        src = default_graduated_renderer()
    ramp = src.sourceColorRamp()
    symbol = src.sourceSymbol() or fill_symbol(RAMP[0])
    classes = band_labels(meta, class_breaks(meta))
    attr = _attr(field, "_idx", atlas)
    expr = attr if atlas else f'"{attr}"'
    rules = []
    n = len(classes)
    for i, (lo, hi, label) in enumerate(classes):
        sym = symbol.clone()
        colour = ramp.color(i / (n - 1)) if ramp is not None and n > 1 else QColor(RAMP[min(i, len(RAMP) - 1)])
        sym.setColor(colour)
        if i == 0:
            flt = f"{expr} <= {hi!r}"
        elif i == n - 1:
            flt = f"{expr} > {lo!r}"
        else:
            flt = f"{expr} > {lo!r} AND {expr} <= {hi!r}"
        rules.append(rule(sym, flt, label))
    rules.append(rule(_nodata_from_qml(), "ELSE", class_labels(meta)[2]))
    return rule_renderer(rules)


def stars_renderer(field: str, by_count: bool = False, atlas: bool = False,
                   present: set | None = None) -> QgsCategorizedSymbolRenderer:
    """Strength stars in words: one class per combination of criteria ("★★ size and specialisation"), or
    with ``by_count`` one per number of stars; hatched "No data" for regions without data.

    Classes come from ``F_size + 2 F_spec + 4 F_focus`` (core.stars' criteria bits), so a layer needs no
    extra field; in atlas mode the expression follows the page's sector. ``present`` (codes or counts found
    in the layer, None for all) keeps the legend to the classes the map can show: a fixed layout legend box
    then fits every entry.
    """
    if by_count:
        attr = _attr(field, "_stars", atlas)
        cats = [QgsRendererCategory(k, fill_symbol(STARS_COUNT_COLOURS[k]), text) for k, text in stars_count_legend()
                if present is None or k in present]
    else:
        parts = [_attr(field, suffix, atlas) for suffix in ("_size", "_spec", "_focus")]
        refs = parts if atlas else [f'"{p}"' for p in parts]
        attr = f"{refs[0]} + 2 * {refs[1]} + 4 * {refs[2]}"
        cats = [QgsRendererCategory(code, fill_symbol(STARS_COLOURS.get(code, STARS_NONE)), text)
                for code, text in stars_legend() if present is None or code in present]
    cats.append(QgsRendererCategory(None, _nodata_from_qml(), tr("No data")))
    return QgsCategorizedSymbolRenderer(attr, cats)


def stars_present(layer: QgsVectorLayer, field: str, by_count: bool = False) -> set[int]:
    """The criteria codes (or numbers of stars) the layer holds for ``field``."""
    from .layers import is_null

    names = [f"{field}_stars"] if by_count else [f"{field}_size", f"{field}_spec", f"{field}_focus"]
    idx = [layer.fields().indexFromName(n) for n in names]
    request = QgsFeatureRequest().setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes(idx)
    found = set()
    for f in layer.getFeatures(request):
        vals = [f.attributes()[i] for i in idx]
        if any(is_null(v) for v in vals):
            continue
        found.add(int(vals[0]) if by_count else int(vals[0]) + 2 * int(vals[1]) + 4 * int(vals[2]))
    return found


def _nodata_from_qml() -> QgsSymbol:
    r = shipped_renderer(ABOVE_QML)
    if isinstance(r, QgsCategorizedSymbolRenderer):
        for cat in r.categories():
            text = "" if cat.value() is None else str(cat.value()).strip()
            if text not in ("0", "1", "0.0", "1.0"):
                return cat.symbol().clone()
    return nodata_symbol()


# ---------------------------------------------------------------- clusters
def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _short_expression(sectors: dict[str, str]) -> str:
    """CASE mapping the ``sector`` attribute to its short name (works in atlas pages too)."""
    if not sectors:
        return '"sector_label"'
    whens = " ".join(f"WHEN \"sector\" = {_quote(f)} THEN {_quote(short_name(lbl))}" for f, lbl in sectors.items())
    return f'CASE {whens} ELSE coalesce("sector_label", "sector") END'


def cluster_label_expression(meta: dict, sectors: dict[str, str], show_members: bool = False) -> str:
    """'HVM cluster 1 — 5 LEPs' as an expression, optionally with member names."""
    template = tr("{short} cluster {id} — {n} {noun}")
    pieces = re.split(r"(\{short\}|\{id\}|\{n\}|\{noun\})", template)
    parts = []
    for p in pieces:
        if p == "{short}":
            parts.append(_short_expression(sectors))
        elif p == "{id}":
            parts.append('to_string("cluster_id")')
        elif p == "{n}":
            parts.append('to_string("n_regions")')
        elif p == "{noun}":
            parts.append(_quote(region_noun(meta)))
        elif p:
            parts.append(_quote(p))
    expr = " || ".join(parts)
    if show_members:
        # names as written, "; " between them: a name may hold commas, so never replace the separator
        expr += " || '\\n' || wordwrap(coalesce(\"member_names\", \"members\"), 40)"
    return expr


def cluster_filter(field: str | None, atlas: bool = False) -> str:
    if atlas:
        return f'"sector" = {sector_expression(field or "", True)}'
    return f'"sector" = {_quote(field)}' if field else ""


def style_clusters(
    layer: QgsVectorLayer,
    field: str | None = None,
    show_members: bool = False,
    meta: dict | None = None,
    atlas: bool = False,
    regions: QgsVectorLayer | None = None,
) -> None:
    """Outline the sector's clusters (no fill, dark line on a white halo) and label them.

    The sector filter is part of the renderer and labeling rules, not a subset
    string, so the layer's data stays whole for other tools and atlas pages.
    """
    meta = dict(layer_meta(layer, meta) or (layer_meta(regions) if regions is not None else {}))
    sectors = sector_fields(regions, meta) if regions is not None else dict(meta.get("sectors") or {})
    if not sectors:
        sectors = {str(f["sector"]): str(f["sector_label"] or f["sector"]) for f in layer.getFeatures()}
    probe = shipped_style(CLUSTERS_QML, STYLE_CATEGORIES)
    symbol: QgsSymbol | None = None
    settings: QgsPalLayerSettings | None = None
    if probe is not None:
        r = probe.renderer()
        if r is not None and hasattr(r, "symbol") and r.symbol() is not None:
            symbol = r.symbol().clone()
        elif isinstance(r, QgsRuleBasedRenderer) and r.rootRule().children():
            symbol = r.rootRule().children()[0].symbol().clone()
        lab = probe.labeling()
        if isinstance(lab, QgsVectorLayerSimpleLabeling):
            # The shipped look (font, size, buffer) as a value; the settings themselves are made afresh: a
            # copy of the probe's QgsPalLayerSettings could keep pointers into the probe, which is deleted
            # when this function returns (seen as crashes writing the layer's style in QGIS 3.40).
            settings = default_cluster_labels()
            settings.setFormat(QgsTextFormat(lab.settings().format()))
    symbol = symbol or default_cluster_symbol()
    settings = settings or default_cluster_labels()
    flt = cluster_filter(field, atlas)
    if "n_crossed" in layer.fields().names():  # made with an overlay: clusters across its units stand out
        both = (lambda extra: f"({flt}) AND {extra}") if flt else (lambda extra: extra)
        overlay = (meta.get("overlay") or {}).get("layer", "")
        rules = [rule(crossing_symbol(symbol), both('"n_crossed" > 1'), crossing_legend(overlay)),
                 rule(symbol, both('coalesce("n_crossed", 0) <= 1'), tr("Multi-region cluster"))]
    else:
        rules = [rule(symbol, flt, tr("Multi-region cluster"))]
    layer.setRenderer(rule_renderer(rules))
    settings.fieldName = cluster_label_expression(meta, sectors, show_members)
    settings.isExpression = True
    one_label_per_cluster(settings)
    layer.setLabeling(rule_labeling(settings, flt))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


# ---------------------------------------------------------------- point clusters
#: density clusters of points over the region clusters: a dark purple dashed outline (their true footprint, a
#: few km across) and a dot ringed in white at each, because at national scale the outline alone is a speck;
#: the rank is written beside the dot, where the labelling engine finds room (two clusters a few km apart would
#: hide each other's numbers inside discs). Dark purple and white differ from the region classes (brown/beige)
#: and the black-and-yellow cluster line in hue and in lightness, so the marks read in greyscale too.
POINT_CLUSTER_COLOUR = "#3f007d"
POINT_CLUSTER_DOT_MM = 2.2
if hasattr(Qgis, "LabelPlacement"):  # as gis.compat: 3.40 refuses the old QgsPalLayerSettings values
    LABEL_AROUND_POINT = Qgis.LabelPlacement.AroundPoint
else:  # QGIS 3.22
    LABEL_AROUND_POINT = QgsPalLayerSettings.AroundPoint


def point_cluster_symbol() -> QgsFillSymbol:
    """No fill; a white halo under a dashed dark outline; a dot of the same colour ringed in white at the
    cluster's point on surface, its rank written beside it."""
    from qgis.core import QgsCentroidFillSymbolLayer, QgsMarkerSymbol

    sym = QgsFillSymbol()
    halo = QgsSimpleLineSymbolLayer(QColor("#ffffff"), 0.9)
    halo.setWidthUnit(QgsUnitTypes.RenderMillimeters)
    halo.setPenJoinStyle(Qt.PenJoinStyle.RoundJoin)
    line = dashed_line(POINT_CLUSTER_COLOUR, 0.45, (1.6, 0.9))
    line.setPenJoinStyle(Qt.PenJoinStyle.RoundJoin)
    sym.changeSymbolLayer(0, halo)
    sym.appendSymbolLayer(line)
    # made by C++ from properties (a marker symbol built from Python-made layers crashed when cloned)
    disc = QgsMarkerSymbol.createSimple({
        "name": "circle", "size": str(POINT_CLUSTER_DOT_MM), "size_unit": "MM", "color": POINT_CLUSTER_COLOUR,
        "outline_color": "255,255,255,255", "outline_width": "0.35", "outline_width_unit": "MM"})
    centre = QgsCentroidFillSymbolLayer()
    centre.setSubSymbol(disc)
    centre.setPointOnSurface(True)
    centre.setPointOnAllParts(False)
    sym.appendSymbolLayer(centre)
    return sym


def point_cluster_labels() -> QgsPalLayerSettings:
    """The rank ("1", "2"…) beside the cluster's dot: bold, dark on a white halo, never dropped (a report names
    every cluster)."""
    s = QgsPalLayerSettings()
    s.fieldName = 'to_string("rank")'
    s.isExpression = True
    fmt = halo_text_format(7.0, 0.7)
    fmt.setColor(QColor(POINT_CLUSTER_COLOUR))
    s.setFormat(fmt)
    s.geometryGeneratorEnabled = True
    s.geometryGeneratorType = POINT_GEOMETRY
    s.geometryGenerator = "point_on_surface($geometry)"  # the dot's place (QgsCentroidFillSymbolLayer)
    s.placement = LABEL_AROUND_POINT
    s.dist = 0.4
    s.distUnits = QgsUnitTypes.RenderMillimeters
    s.labelPerPart = False
    s.displayAll = True
    s.priority = 10
    return s


def style_point_clusters(layer: QgsVectorLayer, flt: str, legend_label: str) -> None:
    """The point clusters of ``flt`` (an expression; empty: all) outlined, numbered by rank and named in the
    legend by ``legend_label``; as for the region clusters, the filter is the renderer's, not a subset."""
    layer.setRenderer(rule_renderer([rule(point_cluster_symbol(), flt, legend_label)]))
    layer.setLabeling(rule_labeling(point_cluster_labels(), flt))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()
