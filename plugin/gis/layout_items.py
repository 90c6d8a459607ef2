"""The pieces every print layout of the plugin is made of, under one set of public names.

Three kinds of layout are assembled from them: the sector map (``gis.layout``, which starts from the .qpt
template and creates whatever item the template lacks), the timeline maps (``gis.timeline_maps``, built in
code) and the point clusters laid over a sector map (``gis.point_map``). Keeping the pieces here means the
three look alike by construction: one page geometry, one set of text formats, one way to wrap text, one legend,
scale bar, north arrow and attribute table style, one name per layout in the layout manager.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsLayerTreeModel,
    QgsLayout,
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutMeasurementConverter,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLayoutUtils,
    QgsLegendStyle,
    QgsMapLayerStyle,
    QgsPathResolver,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsSymbolLayerUtils,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont
from qgis.PyQt.QtXml import QDomDocument

from ..core import codes
from ..core.errors import SettingsError
from ..i18n import tr, tr_noop
from . import style
from .snapshot import combined
from .style import text_format
from .transforms import use_available_operations

FONT = style.FONT_FAMILY
NORTH_ARROW = "arrows/NorthArrow_02.svg"
DEFAULT_ATTRIBUTION = tr_noop(
    "Contains National Statistics data © Crown copyright and database right. "
    "Contains OS data © Crown copyright and database right."
)
#: the layer-tree property a layout legend shows as a layer's title (saved with the project)
LEGEND_TITLE = "legend/title-label"
#: on an atlas coverage layer the plugin made: removed with the layout it served
ATLAS_PROPERTY = "sector_clusters/atlas_coverage"
# Member names as written ("; " between them): names hold commas ("Derby, Derbyshire, Nottingham and
# Nottinghamshire" is one region), so a list of names is never joined with commas.
MEMBERS_EXPRESSION = 'coalesce("member_names", "members")'
MARGIN_MM = 10.0  # around the page
FOOTER_MM = 12.0  # the scale bar, attribution and date along the bottom
LEGEND_LINE_MM = 3.6  # one more line of 8.5 pt legend text
Rect = tuple[float, float, float, float]  # x, y, width, height in mm


# ---------------------------------------------------------------- names and texts
def default_attribution() -> str:
    return tr(DEFAULT_ATTRIBUTION)


def date_line(date_text: str | None) -> str:
    """The footer's date: the given text, else "Map produced <today>" (an expression, so it is the export's day)."""
    if date_text is not None:
        return date_text
    return tr("Map produced {0}").format("[% format_date(now(), 'd MMMM yyyy') %]")


def layout_name(label: str | None, kind: str = codes.SECTOR_MAP, atlas: bool = False) -> str:
    """Name in the layout manager of the ``kind`` (codes.MAP_LAYOUTS) of map of the sector ``label``; re-running
    replaces the layout with this name, so each kind has a name of its own."""
    if kind == codes.SMALL_MULTIPLES:
        return tr("Sector Clusters — {0} — periods").format(label)
    if kind == codes.TRAJECTORY_MAP:
        return tr("Sector Clusters — {0} — trajectories").format(label)
    if atlas:
        return tr("Sector Clusters — all sectors (atlas)")
    return tr("Sector Clusters — {0}").format(label)


# ---------------------------------------------------------------- pages
PAGE_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
PAGE_ALIASES = {"tabloid": "ANSI B", "ledger": "ANSI B"}  # US names some QGIS releases list only as ANSI


def registry_page_mm(name: str) -> tuple[float, float] | None:
    """(short side, long side) in mm of the page size ``name`` (any case) from QgsApplication.pageSizeRegistry()."""
    registry = QgsApplication.pageSizeRegistry()
    for wanted in (name, PAGE_ALIASES.get(name.lower(), "")):
        for entry in registry.entries() if wanted else ():
            if entry.name.lower() == wanted.lower():
                mm = QgsLayoutMeasurementConverter().convert(entry.size, QgsUnitTypes.LayoutMillimeters)
                return tuple(sorted((round(mm.width(), 1), round(mm.height(), 1))))
    if name.upper() in PAGE_MM:
        return PAGE_MM[name.upper()]
    return None


def page_mm(page_size: str = "A4", orientation: str = "landscape") -> tuple[float, float]:
    """(width, height) in mm of a page size QGIS's page size registry knows (A4, Letter, Tabloid…)."""
    size = registry_page_mm(str(page_size))
    if size is None:
        raise SettingsError(tr("Unknown page size '{0}' (use one QGIS knows, e.g. A4, A3, Letter or Tabloid).").format(
            page_size))
    short, long_ = size
    if orientation == "landscape":
        return long_, short
    if orientation == "portrait":
        return short, long_
    raise SettingsError(tr("Unknown orientation '{0}' (use landscape or portrait).").format(orientation))


def new_page_layout(project: QgsProject, name: str, page_size: str, orientation: str) -> QgsPrintLayout:
    """An empty one-page layout called ``name`` (a layout of that name is removed first)."""
    remove_layout(project, name)
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName(name)
    width, height = page_mm(page_size, orientation)
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutMillimeters))
    return layout


def footer_y(height: float) -> float:
    """Where the footer (scale bar, attribution, date) starts on a page ``height`` mm high."""
    return height - MARGIN_MM - FOOTER_MM


def page_geometry(width: float, height: float, orientation: str, aspect: float) -> dict[str, Rect]:
    """Item rectangles (x, y, w, h) in mm for the page; the map keeps the data's aspect where it can."""
    m = MARGIN_MM
    top = m + 23.0
    foot_y = footer_y(height)
    g: dict[str, Rect] = {
        "title": (m, m, width - 2 * m, 10.0),
        "subtitle": (m, m + 11.5, width - 2 * m, 10.0),
    }
    if orientation == "landscape":
        map_h = foot_y - 4.0 - top
        side_min = 80.0
        map_w = min(map_h * aspect, width - 2 * m - side_min - 6.0)
        map_w = max(map_w, (width - 2 * m) * 0.45)
        g["map"] = (m, top, map_w, map_h)
        side_x = m + map_w + 6.0
        side_w = width - m - side_x
        g["legend"] = (side_x, top, side_w, map_h * 0.45)
        g["table"] = (side_x, top + map_h * 0.45, side_w, map_h * 0.55)
    else:
        avail = foot_y - 4.0 - top
        map_w = width - 2 * m
        map_h = min(map_w / max(aspect, 1e-6), avail * 0.66)
        g["map"] = (m, top, map_w, map_h)
        panel_y = top + map_h + 5.0
        panel_h = foot_y - 4.0 - panel_y
        left_w = (width - 2 * m) * 0.44
        g["legend"] = (m, panel_y, left_w, panel_h)
        g["table"] = (m + left_w + 6.0, panel_y, width - 2 * m - left_w - 6.0, panel_h)
    mx, my, mw, _mh = g["map"]
    g["north"] = (mx + mw - 14.0, my + 4.0, 10.0, 14.0)
    g["scalebar"] = (m, foot_y + 1.0, 55.0, 10.0)
    g["attribution"] = (m + 62.0, foot_y + 1.5, width - 2 * m - 62.0 - 45.0, 10.0)
    g["date"] = (width - m - 42.0, foot_y + 1.5, 42.0, 6.0)
    return g


def place(item: QgsLayoutItem, x: float, y: float, w: float, h: float) -> None:
    """Move and size ``item`` in mm."""
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))


# ---------------------------------------------------------------- the layout manager
def remove_layout(project: QgsProject, name: str) -> None:
    """Remove the layout called ``name``, and the atlas pages layer the plugin made for it (if any)."""
    manager = project.layoutManager()
    old = manager.layoutByName(name)
    if old is None:
        return
    cov = old.atlas().coverageLayer() if isinstance(old, QgsPrintLayout) else None
    if cov is not None and cov.customProperty(ATLAS_PROPERTY) and project.mapLayer(cov.id()) is not None:
        project.removeMapLayer(cov.id())
    manager.removeLayout(old)


def add_layers(project: QgsProject, layers) -> None:
    """Layers a map item shows must be in the layout's project (not in its layer tree: the user's stays as is)."""
    for layer in layers:
        if project.mapLayer(layer.id()) is None:
            project.addMapLayer(layer, False)


def add_layout(project: QgsProject, layout: QgsPrintLayout) -> None:
    """Hand the finished ``layout`` to the project's layout manager and draw it."""
    if not project.layoutManager().addLayout(layout):
        raise RuntimeError(tr("Could not add the layout '{0}' to the project.").format(layout.name()))
    layout.refresh()


# ---------------------------------------------------------------- text
def plugin_font(size: float, bold: bool = False) -> QFont:
    """The plugin's font at ``size`` points (what layout texts are measured in)."""
    font = QFont(FONT)
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def set_label_format(label: QgsLayoutItemLabel, size: float, bold: bool = False, colour: str = "#1a1a1a") -> None:
    if hasattr(label, "setTextFormat"):  # QGIS >= 3.24
        label.setTextFormat(text_format(size, bold, colour))
    else:
        label.setFont(plugin_font(size, bold))
        label.setFontColor(QColor(colour))


def set_legend_format(legend: QgsLayoutItemLegend, which: int, size: float, bold: bool = False) -> None:
    st = legend.rstyle(which)
    if hasattr(st, "setTextFormat"):  # QGIS >= 3.30
        st.setTextFormat(text_format(size, bold))
    else:
        st.setFont(plugin_font(size, bold))


def fit_font_size(texts: list[str], width_mm: float, size: float, minimum: float = 11.0, bold: bool = True) -> float:
    """The largest point size (from ``size`` down to ``minimum``) at which every text fits ``width_mm``."""
    font = QFont(FONT)
    font.setBold(bold)
    while size > minimum:
        font.setPointSizeF(size)
        if max((QgsLayoutUtils.textWidthMM(font, t) for t in texts if t), default=0.0) <= width_mm:
            return size
        size -= 0.5
    return minimum


def _bracket_words(text: str) -> list[str]:
    """Split at spaces, keeping a short bracketed group ("(LQ ≤ 1.0)") in one piece."""
    out, depth, current = [], 0, ""
    for ch in text:
        if ch == " " and depth == 0:
            out.append(current)
            current = ""
            continue
        depth += (ch == "(") - (ch == ")")
        current += ch
    out.append(current)
    merged: list[str] = []
    for w in out:  # a long bracketed phrase may still break: only groups of up to 16 characters stay whole
        if w.startswith("(") and len(w) > 16:
            merged.extend(w.split(" "))
        else:
            merged.append(w)
    return [w for w in merged if w]


def wrap_text(text: str, width_mm: float, font: QFont, dash_first: bool = True, keep_brackets: bool = False) -> str:
    """``text`` on as many lines as it needs to fit ``width_mm`` in ``font``, each of its own lines wrapped alone.

    A line that fits stays whole. Else, with ``dash_first``, it breaks after " — " when the part before fits
    (the sector map's legend: "Location quotient above 1.25 —" / "at least 25 % more…"); then between words,
    as many on a line as fit. ``keep_brackets`` keeps a short bracketed group ("(LQ ≤ 1.0)") on one line (the
    timeline maps' legends and subtitles).
    """
    def fits(line: str) -> bool:
        return QgsLayoutUtils.textWidthMM(font, line) <= width_mm

    def wrap(line: str) -> list[str]:
        if fits(line):
            return [line]
        head, dash, tail = line.partition(" — ")
        if dash_first and dash and fits(head + " —"):
            return [head + " —", *wrap(tail)]
        lines: list[str] = []
        for word in _bracket_words(line) if keep_brackets else line.split(" "):
            if lines and fits(f"{lines[-1]} {word}"):
                lines[-1] = f"{lines[-1]} {word}"
            else:
                lines.append(word)
        return lines or [""]

    return "\n".join(out for line in str(text).split("\n") for out in wrap(line))


# ---------------------------------------------------------------- items
def new_label(layout: QgsLayout, item_id: str, size: float, bold: bool = False,
              colour: str = "#1a1a1a") -> QgsLayoutItemLabel:
    """A text item in the plugin's font, no margins, added to ``layout``."""
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    set_label_format(label, size, bold, colour)
    label.setMarginX(0)
    label.setMarginY(0)
    layout.addLayoutItem(label)
    return label


def new_map_item(layout: QgsLayout, item_id: str = "map") -> QgsLayoutItemMap:
    """A map item in a thin grey frame on white, added to ``layout``."""
    m = QgsLayoutItemMap(layout)
    m.setId(item_id)
    m.setFrameEnabled(True)
    m.setFrameStrokeWidth(QgsLayoutMeasurement(0.25, QgsUnitTypes.LayoutMillimeters))
    m.setFrameStrokeColor(QColor("#7f7f7f"))
    m.setBackgroundColor(QColor("#ffffff"))
    layout.addLayoutItem(m)
    return m


def show_layers(map_item: QgsLayoutItemMap, crs: QgsCoordinateReferenceSystem, layers) -> None:
    """The map draws ``layers`` (and only them, whatever the project shows) in ``crs``."""
    map_item.setCrs(crs)
    map_item.setLayers(layers)
    use_available_operations(map_item.layout().project(), crs, layers)
    map_item.setKeepLayerSet(True)


def immediate_legend(legend: QgsLayoutItemLegend) -> None:
    """Legend updates done at once, not on the model's 10 ms timer.

    QGIS 3.40/3.44 keep the layer-tree nodes a deferred legend update will revisit in a list that removing
    a node from the tree does not clean (QgsLayerTreeModel::invalidateLegendMapBasedData): the panel
    restyles and re-fills legends and replaces layers quickly enough for the timer to find a deleted node.
    """
    legend.model().setFlag(QgsLayerTreeModel.DeferredLegendInvalidation, False)


def new_legend(layout: QgsLayout) -> QgsLayoutItemLegend:
    """The legend item ("legend", titled Legend) in the plugin's text sizes and symbol size, added to ``layout``."""
    lg = QgsLayoutItemLegend(layout)
    immediate_legend(lg)  # before anything can start its deferred update (see immediate_legend)
    lg.setId("legend")
    lg.setTitle(tr("Legend"))
    set_legend_format(lg, QgsLegendStyle.Title, 10, True)
    set_legend_format(lg, QgsLegendStyle.Group, 9, True)
    set_legend_format(lg, QgsLegendStyle.Subgroup, 9, True)
    set_legend_format(lg, QgsLegendStyle.SymbolLabel, 8.5)
    lg.setSymbolWidth(8)
    lg.setSymbolHeight(5)
    lg.setBackgroundEnabled(False)
    layout.addLayoutItem(lg)
    return lg


def legend_height(n_items: int, extra_lines: int = 0) -> float:
    """Legend box height in mm: title, group heading, one row per symbol and any wrapped second lines."""
    return 10.0 + 6.0 + n_items * 6.5 + extra_lines * LEGEND_LINE_MM + 2.0


def legend_layer(root, layer: QgsVectorLayer, title: str):
    """``layer`` in the legend under ``title``, the layer's own name untouched.

    While a layer-tree node uses its layer's name, ``setName`` renames the layer itself (in the project's
    layers panel too), so the node is told to keep a name of its own first. The title is also the node's
    ``legend/title-label`` (what the legend's Edit… button sets): a node's own name is not saved with the
    project, so without it a reopened project's legend fell back to the layer's name.
    """
    node = root.addLayer(layer)
    node.setUseLayerName(False)
    node.setName(title)
    node.setCustomProperty(LEGEND_TITLE, title)
    return node


def legend_title(node) -> str:
    """The title a legend shows for a layer node: its title label when it has one, else its name."""
    return node.customProperty(LEGEND_TITLE) or node.name()


def km_unit() -> object:
    return Qgis.DistanceUnit.Kilometers if hasattr(Qgis, "DistanceUnit") else QgsUnitTypes.DistanceKilometers


def nice_segment(km: float) -> float:
    """Round a segment length down to 1, 2, 2.5 or 5 × 10^n km so the bar fits its slot."""
    if km <= 0:
        return 10.0
    exp = 10 ** math.floor(math.log10(km))
    best = exp
    for step in (1, 2, 2.5, 5):
        if step * exp <= km:
            best = step * exp
    return best


def new_scalebar(layout: QgsLayout) -> QgsLayoutItemScaleBar:
    """A single-box scale bar ("scalebar") in the plugin's font, added to ``layout``."""
    sb = QgsLayoutItemScaleBar(layout)
    sb.setId("scalebar")
    sb.setStyle("Single Box")
    sb.setTextFormat(text_format(7.5))
    layout.addLayoutItem(sb)
    return sb


def link_scalebar(scalebar: QgsLayoutItemScaleBar, map_item: QgsLayoutItemMap, map_width_mm: float,
                  x: float, y: float, width_mm: float = 55.0) -> None:
    """The scale bar of ``map_item`` (``map_width_mm`` wide) at (x, y): km, segments of a round length that fill
    about 90 % of ``width_mm``."""
    scalebar.setLinkedMap(map_item)
    scalebar.setUnits(km_unit())
    scalebar.setUnitLabel(tr("km"))
    scalebar.setNumberOfSegmentsLeft(0)
    scalebar.setNumberOfSegments(4 if width_mm >= 40 else 2)
    km_per_mm = map_item.extent().width() / 1000.0 / map_width_mm
    scalebar.setUnitsPerSegment(nice_segment(km_per_mm * width_mm * 0.9 / scalebar.numberOfSegments()))
    scalebar.setHeight(2.0)
    scalebar.update()
    scalebar.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))


def new_north_arrow(layout: QgsLayout) -> QgsLayoutItemPicture:
    pic = QgsLayoutItemPicture(layout)
    pic.setId("north")
    layout.addLayoutItem(pic)
    return pic


def link_north_arrow(north: QgsLayoutItemPicture, map_item: QgsLayoutItemMap, rect: Rect) -> None:
    """The plugin's north arrow, turning with ``map_item``, at ``rect``."""
    north.setPicturePath(QgsSymbolLayerUtils.svgSymbolNameToPath(NORTH_ARROW, QgsPathResolver()))
    north.setResizeMode(QgsLayoutItemPicture.Zoom)
    north.setLinkedMap(map_item)
    place(north, *rect)


# ---------------------------------------------------------------- tables
@dataclass(frozen=True)
class TableRows:
    """Which features of which layer an attribute table lists, and what it says when there are none."""

    layer: QgsVectorLayer
    feature_filter: str  # an expression; empty: every feature
    max_rows: int
    empty_message: str


def new_table(layout: QgsLayout, frame_id: str) -> QgsLayoutItemAttributeTable:
    """An attribute table in the plugin's look, in one frame called ``frame_id``."""
    table = QgsLayoutItemAttributeTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(frame_id)
    layout.addLayoutItem(frame)
    table.addFrame(frame)
    table.setHeaderTextFormat(text_format(7.5, True))
    table.setContentTextFormat(text_format(7))
    table.setGridStrokeWidth(0.15)
    table.setGridColor(QColor("#9a9a9a"))
    table.setCellMargin(0.8)
    table.setHeaderHAlignment(QgsLayoutTable.FollowColumn)
    return table


def show_rows(table: QgsLayoutItemAttributeTable, rows: TableRows) -> None:
    """The table lists ``rows`` (whether the map shows them or not), wrapping long cells, in its own frames."""
    table.setVectorLayer(rows.layer)
    table.setDisplayOnlyVisibleFeatures(False)
    table.setFilterFeatures(bool(rows.feature_filter))
    table.setFeatureFilter(rows.feature_filter)
    table.setMaximumNumberOfFeatures(rows.max_rows)
    table.setEmptyTableBehavior(QgsLayoutTable.ShowMessage)
    table.setEmptyTableMessage(rows.empty_message)
    table.setWrapBehavior(QgsLayoutTable.WrapText)
    table.setResizeMode(QgsLayoutMultiFrame.UseExistingFrames)


def table_columns(table: QgsLayoutItemAttributeTable, specs, sort: tuple | None = None) -> None:
    """Set a table's display columns, sorted by the first (or by ``sort``, a spec of the same shape whose
    expression need not be shown), through its XML (``setColumns`` with Python-made QgsLayoutTableColumn objects
    corrupts memory in QGIS 3.22's bindings). ``specs``: (heading, expression, width mm, horizontal alignment).
    The XML round trip makes a new frame: place ``table.frame(0)`` after this."""
    doc = QDomDocument()
    root = doc.createElement("root")
    doc.appendChild(root)
    context = QgsReadWriteContext()
    table.writeXml(root, doc, context, True)
    elem = root.firstChildElement("LayoutMultiFrame")
    for tag, items in (("displayColumns", specs), ("sortColumns", [sort] if sort else specs[:1])):
        old = elem.firstChildElement(tag)
        new = doc.createElement(tag)
        for heading, attr, w, align in items:
            col = doc.createElement("column")
            for key, value in (("heading", heading), ("attribute", attr), ("width", str(w)),
                               ("hAlignment", str(int(align))),
                               ("vAlignment", str(int(Qt.AlignmentFlag.AlignVCenter))),
                               ("sortOrder", "0"), ("sortByRank", "1" if tag == "sortColumns" else "0")):
                col.setAttribute(key, value)
            new.appendChild(col)
        if old.isNull():
            elem.appendChild(new)
        else:
            elem.replaceChild(new, old)
    table.readXml(elem, doc, context, True)


# ---------------------------------------------------------------- map content
def styles_of(layers) -> dict[str, str]:
    """{layer id: its style now}, as a map item's layer style overrides."""
    out = {}
    for layer in layers:
        if layer is None or not layer.isValid():
            continue
        st = QgsMapLayerStyle()
        st.readFromLayer(layer)
        out[layer.id()] = st.xmlData()
    return out


def keep_styles(map_item: QgsLayoutItemMap) -> None:
    """The map keeps the look its layers have now (the atlas: its page-following style), so styling the
    layers for another sector later (the panel does, on a sector switch) does not change this layout."""
    layout = map_item.layout()
    for item in (layout.items() if layout is not None else []):
        if isinstance(item, QgsLayoutItemLegend):  # new overrides refresh the legends: at once (see above)
            immediate_legend(item)
    map_item.setKeepLayerStyles(True)
    map_item.setLayerStyleOverrides(styles_of(map_item.layers()))


def map_crs(layer: QgsVectorLayer) -> QgsCoordinateReferenceSystem:
    """A projected CRS for the map: the layer's own, British National Grid for GB, else UTM."""
    crs = layer.crs()
    if crs.isValid() and not crs.isGeographic():
        return crs
    wgs = QgsCoordinateReferenceSystem("EPSG:4326")
    ext = QgsCoordinateTransform(crs, wgs, QgsProject.instance()).transformBoundingBox(layer.extent())
    if -9.0 <= ext.xMinimum() and ext.xMaximum() <= 2.5 and 49.0 <= ext.yMinimum() and ext.yMaximum() <= 61.5:
        return QgsCoordinateReferenceSystem("EPSG:27700")
    lon = (ext.xMinimum() + ext.xMaximum()) / 2
    zone = int((lon + 180) // 6) + 1
    base = 32600 if (ext.yMinimum() + ext.yMaximum()) / 2 >= 0 else 32700
    return QgsCoordinateReferenceSystem(f"EPSG:{base + zone}")


def features_extent(layer: QgsVectorLayer) -> QgsRectangle:
    """The features' combined box. QGIS 3.22's layer.extent() also works out a WGS 84 extent, which on
    British National Grid prints PROJ's "Using non-preferred coordinate operation … OSTN15" lines."""
    return combined([f.geometry().boundingBox() for f in layer.getFeatures(QgsFeatureRequest().setNoAttributes())
                     if f.hasGeometry()])


def map_extent(layer: QgsVectorLayer, crs: QgsCoordinateReferenceSystem, margin: float = 0.03) -> QgsRectangle:
    """The features' box in ``crs`` with ``margin`` (a share of each side) around it."""
    ext = features_extent(layer)
    if layer.crs() != crs:
        project = layer.project() or QgsProject.instance()
        use_available_operations(project, crs, [layer])
        ext = QgsCoordinateTransform(layer.crs(), crs, project.transformContext()).transformBoundingBox(ext)
    dx, dy = ext.width() * margin, ext.height() * margin
    return QgsRectangle(ext.xMinimum() - dx, ext.yMinimum() - dy, ext.xMaximum() + dx, ext.yMaximum() + dy)


__all__ = ["ATLAS_PROPERTY", "DEFAULT_ATTRIBUTION", "MEMBERS_EXPRESSION", "TableRows", "add_layers", "add_layout",
           "date_line", "default_attribution", "features_extent", "fit_font_size", "immediate_legend", "keep_styles",
           "layout_name", "legend_height", "legend_layer", "legend_title", "link_north_arrow", "link_scalebar",
           "map_crs", "map_extent", "new_label", "new_legend", "new_map_item", "new_north_arrow", "new_page_layout",
           "new_scalebar", "new_table", "page_geometry", "page_mm", "place", "plugin_font", "set_label_format",
           "set_legend_format", "show_layers", "show_rows", "table_columns", "text_format", "wrap_text"]
