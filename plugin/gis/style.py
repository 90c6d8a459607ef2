"""Styles for detectclusters' outputs: above/below classes, graduated index, cluster outlines.

The look lives in ``resources/styles/*.qml`` so users can tweak colours and fonts
without touching code; the code only loads them and points them at the chosen
sector's fields and writes legend labels in words from the layer's metadata.
"""
from __future__ import annotations

import re
from pathlib import Path

from qgis.core import (
    QgsCategorizedSymbolRenderer,
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

from ..i18n import tr
from .compat import LABEL_HORIZONTAL, LABEL_OVER_POINT, MULTILINE_CENTER, POINT_GEOMETRY, QUADRANT_OVER
from .meta import read_meta

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

BASELINE_CODES = {0: "mean", 1: "median", 2: "national", 3: "lq", 4: "z", 5: "percentile"}
_BASELINE_ALIASES = {
    "location_quotient": "lq", "locationquotient": "lq", "zscore": "z", "z-score": "z",
    "z_score": "z", "pct": "percentile", "percentile_rank": "percentile", "reference": "national",
}
ATLAS_FIELD = "attribute(@atlas_feature, 'field')"
STYLE_CATEGORIES = QgsMapLayer.Symbology | QgsMapLayer.Labeling


# ---------------------------------------------------------------- metadata helpers
def layer_meta(layer: QgsVectorLayer, meta: dict | None = None) -> dict:
    """The metadata record, or an empty dict so callers can use defaults."""
    if meta is not None:
        return meta
    return read_meta(layer) or {}


def analysed(name: str, names) -> bool:
    """A sector field the engine analysed: the rule writes ``_above``, local statistics ``_type``."""
    return f"{name}_above" in names or f"{name}_type" in names


def sector_fields(layer: QgsVectorLayer, meta: dict | None = None) -> dict[str, str]:
    """{field: label} of analysed sectors in the layer's field order.

    The layer's field order is used because the metadata's JSON may have lost
    table order; without metadata, sectors are found from ``<F>_above`` fields.
    """
    meta = layer_meta(layer, meta)
    names = layer.fields().names()
    known = dict(meta.get("sectors") or {})
    found: dict[str, str] = {}
    for name in names:
        if name in known or analysed(name, names):
            idx = layer.fields().indexOf(name)
            alias = layer.fields().at(idx).alias()
            found[name] = known.get(name) or alias or name
    for name, label in known.items():
        if name not in found:
            found[name] = label
    return found


def resolve_field(layer: QgsVectorLayer, field: str | None, meta: dict | None = None) -> str:
    """The sector field for a field name or its label; the first sector when empty.

    Raises ValueError with a plain message when the field is not an analysed sector.
    """
    sectors = sector_fields(layer, meta)
    names = layer.fields().names()
    if not field:
        for name in sectors:
            if analysed(name, names):
                return name
        raise ValueError(tr("The layer has no analysed sector fields (no '<sector>_above' field)."))
    if field.endswith(("_above", "_idx", "_cluster", "_type")) and field.rsplit("_", 1)[0] in sectors:
        field = field.rsplit("_", 1)[0]
    if field not in sectors:
        by_label = {label.casefold(): name for name, label in sectors.items()}
        field = by_label.get(field.casefold(), field)
    if field not in sectors or not analysed(field, names):
        raise ValueError(
            tr("Unknown sector field '{0}'. Analysed sectors: {1}.").format(field, ", ".join(sectors) or "-")
        )
    return field


def sector_label(layer: QgsVectorLayer, field: str, meta: dict | None = None) -> str:
    return sector_fields(layer, meta).get(field, field)


def short_name(label: str) -> str:
    """A short sector name for labels: "Manufacturing" for "C : Manufacturing",
    initials for long names (High Value Manufacturing -> HVM, "10 : Information &
    communication (J)" -> I&C). Nomis' code prefixes and section letters are dropped."""
    core = re.sub(r"^\s*[A-Za-z0-9]{1,3}\s*:\s*", "", label.strip())
    core = re.sub(r"\s*\([^)]*\)\s*$", "", core).strip() or label.strip()
    words = [w for w in re.split(r"[\s_]+", core) if w]
    if len(core) <= 14 or len(words) < 2:
        return core
    stop = {"and", "of", "the", "for", "in", "on", "to"}
    parts = []
    for w in words:
        if w in {"&", "+"}:
            parts.append("&")
        elif w.isdigit():
            parts.append(w)
        elif w.lower() not in stop and w[0].isalnum():
            parts.append(w[0].upper())
    return "".join(parts) or core


def region_noun(meta: dict) -> str:
    return meta.get("region_noun") or tr("regions")


def baseline_code(meta: dict) -> str:
    b = meta.get("baseline", "mean")
    if isinstance(b, (int, float)) and not isinstance(b, bool):
        return BASELINE_CODES.get(int(b), "mean")
    text = str(b or "mean").strip().lower()
    if text.isdigit():
        return BASELINE_CODES.get(int(text), "mean")
    return _BASELINE_ALIASES.get(text, text)


def fmt_number(value: float) -> str:
    """1 -> '1.0', 1.25 -> '1.25': at least one decimal, at most two."""
    text = f"{float(value):.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _percentile(meta: dict) -> int:
    p = meta.get("percentile")
    if p is None:
        t = float(meta.get("threshold", 75) or 75)
        p = t if t > 1 else 75
    p = float(p)
    return round(p * 100 if p <= 1 else p)


def index_info(meta: dict) -> dict:
    """How the index is named and what it is compared with, for legends and subtitles."""
    code = baseline_code(meta)
    threshold = float(meta.get("threshold", 1.0) if meta.get("threshold") is not None else 1.0)
    ref_name = meta.get("reference_name") or tr("the reference")
    label = meta.get("baseline_label")
    if code in ("mean", "median"):
        default = tr("mean of regions") if code == "mean" else tr("median of regions")
        reference = tr("the {0}").format(label or default)
        index = tr("ratio")
    elif code == "national":
        reference = tr("{0} average").format(ref_name)
        index = tr("ratio")
    elif code == "lq":
        reference = tr("{0} average").format(ref_name)
        index = tr("LQ")
    elif code == "z":
        reference = tr("the mean of regions")
        index = "z"
    elif code == "percentile":
        reference = tr("the {0} percentile").format(_ordinal(_percentile(meta)))
        index = tr("ratio")
        threshold = 1.0 if threshold > 1 else threshold
    else:
        reference = label or tr("the baseline")
        index = tr("index")
    return {"code": code, "threshold": threshold, "reference": reference, "index": index,
            "baseline_label": label or reference}


def class_labels(meta: dict) -> tuple[str, str, str]:
    """Legend labels (above, at-or-below, no data) in words."""
    info = index_info(meta)
    t = fmt_number(info["threshold"])
    if info["code"] == "z":
        return (tr("z ≥ {0}").format(t), tr("z < {0}").format(t), tr("No data"))
    if info["code"] == "percentile":
        p = _percentile(meta)
        return (
            tr("In the top {0} % (≥ {1} percentile)").format(100 - p, _ordinal(p)),
            tr("Below the {0} percentile").format(_ordinal(p)),
            tr("No data"),
        )
    ref, idx = info["reference"], info["index"]
    return (
        tr("Above {0} ({1} > {2})").format(ref, idx, t),
        tr("At or below {0} ({1} ≤ {2})").format(ref, idx, t),
        tr("No data"),
    )


def describe_method(meta: dict) -> str:
    """One line for subtitles: which baseline and threshold (or which statistic) were used."""
    if meta.get("analysis") == "localstatistics":
        return tr("{0}, {1} permutations, {2}, significance level {3}").format(
            meta.get("method_label") or meta.get("method"), meta.get("permutations"),
            meta.get("correction_label") or meta.get("correction"), fmt_number(meta.get("alpha", 0.05)))
    info = index_info(meta)
    t = fmt_number(info["threshold"])
    if info["code"] == "z":
        return tr("z-score against the mean of regions, threshold z ≥ {0}").format(t)
    if info["code"] == "percentile":
        return tr("compared with the {0} percentile").format(_ordinal(_percentile(meta)))
    text = tr("{0} to {1}, threshold {2}").format(info["index"], info["reference"], t)
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------- default symbols
def _boundary(layer: QgsSimpleFillSymbolLayer) -> None:
    layer.setStrokeColor(QColor(BOUNDARY_COLOUR))
    layer.setStrokeWidth(0.2)
    layer.setStrokeWidthUnit(QgsUnitTypes.RenderMillimeters)


def _fill(colour: str) -> QgsFillSymbol:
    sym = QgsFillSymbol()
    sl = QgsSimpleFillSymbolLayer(QColor(colour))
    _boundary(sl)
    sym.changeSymbolLayer(0, sl)
    return sym


def nodata_symbol() -> QgsFillSymbol:
    """White with a grey hatch: reads as 'no data' in colour and in greyscale."""
    sym = _fill(NODATA_COLOUR)
    hatch = QgsLinePatternFillSymbolLayer()
    hatch.setLineAngle(45)
    hatch.setDistance(1.2)
    hatch.setDistanceUnit(QgsUnitTypes.RenderMillimeters)
    line = QgsLineSymbol()
    line_layer = QgsSimpleLineSymbolLayer(QColor("#9a9a9a"), 0.15)
    line_layer.setWidthUnit(QgsUnitTypes.RenderMillimeters)
    line.changeSymbolLayer(0, line_layer)
    hatch.setSubSymbol(line)
    sym.insertSymbolLayer(1, hatch)
    return sym


def default_above_renderer(attr: str = "__SECTOR___above") -> QgsCategorizedSymbolRenderer:
    cats = [
        QgsRendererCategory(1, _fill(ABOVE_COLOUR), "Above"),
        QgsRendererCategory(0, _fill(BELOW_COLOUR), "At or below"),
        QgsRendererCategory("", nodata_symbol(), "No data"),
    ]
    return QgsCategorizedSymbolRenderer(attr, cats)


def default_graduated_renderer(attr: str = "__SECTOR___idx") -> QgsGraduatedSymbolRenderer:
    from qgis.core import QgsGradientColorRamp, QgsGradientStop

    stops = [QgsGradientStop(i / (len(RAMP) - 1), QColor(c)) for i, c in enumerate(RAMP[1:-1], start=1)]
    ramp = QgsGradientColorRamp(QColor(RAMP[0]), QColor(RAMP[-1]), False, stops)
    r = QgsGraduatedSymbolRenderer(attr, [])
    r.setSourceSymbol(_fill(RAMP[0]))
    r.setSourceColorRamp(ramp)
    for i, c in enumerate(RAMP):
        r.addClassRange(QgsRendererRange(float(i), float(i + 1), _fill(c), f"class {i + 1}"))
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


def default_cluster_labels() -> QgsPalLayerSettings:
    s = QgsPalLayerSettings()
    s.fieldName = "'cluster ' || \"cluster_id\""
    s.isExpression = True
    fmt = QgsTextFormat()
    font = QFont(FONT_FAMILY)
    font.setBold(True)
    fmt.setFont(font)
    fmt.setSize(8.0)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor("#1a1a1a"))
    buf = QgsTextBufferSettings()
    buf.setEnabled(True)
    buf.setSize(1.0)
    buf.setSizeUnit(QgsUnitTypes.RenderMillimeters)
    buf.setColor(QColor("#ffffff"))
    fmt.setBuffer(buf)
    s.setFormat(fmt)
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


def _load_qml(layer: QgsVectorLayer, name: str, categories=QgsMapLayer.Symbology) -> bool:
    path = STYLES_DIR / name
    if not path.is_file():
        return False
    _msg, ok = layer.loadNamedStyle(str(path), categories)
    return bool(ok)


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
    elif scheme == "graduated":
        layer.setRenderer(graduated_renderer(layer, field, meta, atlas))
    elif scheme == "classes":
        layer.setRenderer(above_renderer(layer, field, meta, atlas))
    else:
        raise ValueError(tr("Unknown scheme '{0}' (use 'classes' or 'graduated').").format(scheme))
    layer.triggerRepaint()


def above_renderer(layer: QgsVectorLayer, field: str, meta: dict, atlas: bool = False) -> QgsCategorizedSymbolRenderer:
    probe = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "probe", "memory")
    renderer = probe.renderer() if _load_qml(probe, ABOVE_QML) else None
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


def class_breaks(meta: dict) -> list[float]:
    """Upper bounds of the graduated classes; the threshold is always one of them."""
    info = index_info(meta)
    t = info["threshold"]
    base = [-1.0, 0.0, 1.0, 2.0] if info["code"] == "z" else [0.5, 0.8, 1.0, 1.25, 2.0]
    return sorted(set(base) | {t})


def _graduated_labels(meta: dict, breaks: list[float]) -> list[tuple[float, float, str]]:
    """(lower, upper, words) per class; open ends use a wide sentinel range."""
    info = index_info(meta)
    t = info["threshold"]
    idx = info["index"]
    lo_sentinel, hi_sentinel = -1e12, 1e12
    edges = [lo_sentinel] + breaks + [hi_sentinel]
    n_below = sum(1 for b in breaks if b <= t)
    words_below = [tr("Far below"), tr("Well below"), tr("Below"), tr("Just below")][-n_below:] if n_below else []
    while len(words_below) < n_below:
        words_below.insert(0, tr("Far below"))
    n_above = len(edges) - 1 - n_below
    words_above = [tr("Just above"), tr("Above"), tr("Well above"), tr("Far above")][:n_above]
    while len(words_above) < n_above:
        words_above.append(tr("Far above"))
    words = words_below + words_above
    out = []
    for i in range(len(edges) - 1):
        lo, hi = edges[i], edges[i + 1]
        if lo == lo_sentinel:
            rng = tr("{0} ≤ {1}").format(idx, fmt_number(hi))
        elif hi == hi_sentinel:
            rng = tr("{0} > {1}").format(idx, fmt_number(lo))
        else:
            rng = tr("{0} {1} – {2}").format(idx, fmt_number(lo), fmt_number(hi))
        out.append((lo, hi, f"{words[i]} ({rng})"))
    return out


def graduated_renderer(layer: QgsVectorLayer, field: str, meta: dict, atlas: bool = False) -> QgsRuleBasedRenderer:
    """Index bands around the threshold, plus a hatched 'No data' class.

    Built as graduated ranges (colours from the qml's ramp) and converted to rules
    because a graduated renderer has no class for NULL.
    """
    probe = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "probe", "memory")
    src = probe.renderer() if _load_qml(probe, GRADUATED_QML) else None
    if not isinstance(src, QgsGraduatedSymbolRenderer):
        src = default_graduated_renderer()
    ramp = src.sourceColorRamp()
    symbol = src.sourceSymbol() or _fill(RAMP[0])
    classes = _graduated_labels(meta, class_breaks(meta))
    attr = _attr(field, "_idx", atlas)
    expr = attr if atlas else f'"{attr}"'
    root = QgsRuleBasedRenderer.Rule(None)
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
        root.appendChild(QgsRuleBasedRenderer.Rule(sym, 0, 0, flt, label))
    nodata = QgsRuleBasedRenderer.Rule(_nodata_from_qml(), 0, 0, "ELSE", class_labels(meta)[2])
    root.appendChild(nodata)
    return QgsRuleBasedRenderer(root)


def _nodata_from_qml() -> QgsSymbol:
    probe = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "probe", "memory")
    r = probe.renderer() if _load_qml(probe, ABOVE_QML) else None
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
        expr += " || '\\n' || wordwrap(replace(coalesce(\"member_names\", \"members\"), '; ', ', '), 40)"
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
    probe = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "probe", "memory")
    loaded = _load_qml(probe, CLUSTERS_QML, STYLE_CATEGORIES)
    symbol: QgsSymbol | None = None
    settings: QgsPalLayerSettings | None = None
    if loaded:
        r = probe.renderer()
        if r is not None and hasattr(r, "symbol") and r.symbol() is not None:
            symbol = r.symbol().clone()
        elif isinstance(r, QgsRuleBasedRenderer) and r.rootRule().children():
            symbol = r.rootRule().children()[0].symbol().clone()
        lab = probe.labeling()
        if isinstance(lab, QgsVectorLayerSimpleLabeling):
            settings = QgsPalLayerSettings(lab.settings())
    symbol = symbol or default_cluster_symbol()
    settings = settings or default_cluster_labels()
    flt = cluster_filter(field, atlas)
    root = QgsRuleBasedRenderer.Rule(None)
    root.appendChild(QgsRuleBasedRenderer.Rule(symbol, 0, 0, flt, tr("Multi-region cluster")))
    layer.setRenderer(QgsRuleBasedRenderer(root))
    settings.fieldName = cluster_label_expression(meta, sectors, show_members)
    settings.isExpression = True
    one_label_per_cluster(settings)
    lroot = QgsRuleBasedLabeling.Rule(None)
    rule = QgsRuleBasedLabeling.Rule(settings)
    if flt:
        rule.setFilterExpression(flt)
    lroot.appendChild(rule)
    layer.setLabeling(QgsRuleBasedLabeling(lroot))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()
