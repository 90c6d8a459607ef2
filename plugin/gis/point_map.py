"""Point clusters (sectorclusters:pointclusters' outlines) drawn over a sector map.

``build_layout`` makes the sector map; ``add_point_clusters`` then lays the point clusters of the map's sector
over it: the outlines with their rank, one legend row in words (radius and minimum weight from the layer's
record), a table (rank, points, weight, regions spanned) in the side panel and, when the point layer's sectors
are not named as the regions' (SIC sections against the scores' sectors), a subtitle line saying which points
are shown. Kept apart from ``layout`` so the sector map itself does not change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qgis.core import (
    QgsLayout,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutUtils,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QFont

from ..core.errors import UserError
from ..i18n import tr
from . import layout_items as items
from . import style
from .compat import POLYGON_GEOMETRY
from .layers import as_text, is_null
from .layout import TABLE_ID, plugin_texts, sync_texts
from .meta import read_meta

#: the fields pointclusters writes on every outline (steps.points.CLUSTER_FIELDS); ``spans`` comes with REGIONS
REQUIRED_FIELDS = ("sector", "rank", "points", "weight")
RECORD_ROLE = "point_clusters"
TABLE_FRAME_ID = "point_clusters_table"
HEADING_ID = "point_clusters_heading"
MAX_ROWS = 15  # the heaviest clusters fit the side panel of an A4 page; the heading says when there are more
GAP_MM = 4.0
_SIC_CODE = re.compile(r"^\s*([A-U])\s*(?::|-|–|\s)\s*(?=\S)|\(\s*([A-U])\s*\)\s*$")
_SMALL_WORDS = {"and", "of", "the", "for", "in", "on", "services", "activities", "sector", "industry", "industries"}


class PointClustersError(UserError):
    """A layer given as point clusters that pointclusters did not write; the message says what it lacks."""

    code = "point_clusters"


def check_point_clusters(layer: QgsVectorLayer | None) -> None:
    """Refuse anything but pointclusters' outlines (recognised by their fields), before anything is written."""
    if layer is None or not layer.isValid():
        raise PointClustersError(tr("The point clusters layer could not be opened."))
    names = {n.lower() for n in layer.fields().names()}
    missing = [f for f in REQUIRED_FIELDS if f not in names]
    polygons = layer.geometryType() == POLYGON_GEOMETRY
    if missing or not polygons:
        lacks = (tr("it has no field {0}").format(", ".join(missing)) if missing
                 else tr("it does not hold polygons"))
        raise PointClustersError(tr(
            "'{0}' is not a point clusters layer ({1}): POINT_CLUSTERS takes the Point cluster outlines written "
            "by Density clusters of points (fields sector, rank, points, weight).").format(layer.name(), lacks))


@dataclass
class PointClusterSettings:
    """How the clusters were made, as far as the layer tells: the radius in metres, the weight within it that
    makes a core point, and whether that weight was a field (else a number of points)."""

    radius_m: float | None = None
    min_weight: float | None = None
    weighted: bool = True


def cluster_settings(layer: QgsVectorLayer) -> PointClusterSettings:
    """From pointclusters' record on the layer (its GeoPackage or custom property), else from fields called
    radius/min_weight (a layer saved elsewhere may carry them), else unknown."""
    record = read_meta(layer) or {}
    if record.get("role") == RECORD_ROLE:
        return PointClusterSettings(_number(record.get("radius_m")), _number(record.get("min_weight")),
                                    bool(record.get("weight_field")))
    names = {n.lower(): n for n in layer.fields().names()}
    found = {}
    for key, options in (("radius_m", ("radius_m", "radius")), ("min_weight", ("min_weight", "minweight"))):
        name = next((names[o] for o in options if o in names), None)
        if name is not None:
            found[key] = next((_number(f[name]) for f in layer.getFeatures() if _number(f[name]) is not None), None)
    return PointClusterSettings(found.get("radius_m"), found.get("min_weight"))


def _number(value) -> float | None:
    if is_null(value):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if number == number else None


def _distance(metres: float) -> str:
    return f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"


def legend_words(settings: PointClusterSettings) -> str:
    """"Point clusters (firms within 500 m, weight ≥ 200)", or as much of it as is known."""
    if settings.radius_m is None or settings.min_weight is None:
        return tr("Point clusters (dense groups of firms)")
    if settings.weighted:
        return tr("Point clusters (firms within {0}, weight ≥ {1})").format(
            _distance(settings.radius_m), f"{settings.min_weight:,g}")
    return tr("Point clusters (≥ {1} firms within {0})").format(
        _distance(settings.radius_m), f"{settings.min_weight:,g}")


# ---------------------------------------------------------------- which clusters belong to the map's sector
@dataclass
class SectorMatch:
    """The ``sector`` values shown (empty: every cluster), the filter expression, and the subtitle line
    saying how they were chosen (empty when they are the map's sector by name)."""

    values: list[str]
    expression: str
    note: str


def _code_and_words(text: str) -> tuple[str, frozenset[str]]:
    """('C', {'manufacturing'}) for "C : Manufacturing", "Manufacturing (C)" or "C Manufacturing"."""
    m = _SIC_CODE.search(text)
    code = (m.group(1) or m.group(2)) if m else ""
    rest = _SIC_CODE.sub(" ", text) if m else text
    words = frozenset(w for w in re.findall(r"[a-z0-9]+", rest.replace("_", " ").lower()) if w not in _SMALL_WORDS)
    return code, words


def _alike(value: str, names: list[str]) -> bool:
    """Leniently the same sector: the same SIC letter, or the words of one name all in the other's
    ("Manufacturing" and "High Value Manufacturing")."""
    code, words = _code_and_words(value)
    for name in names:
        other_code, other_words = _code_and_words(name)
        if code and code == other_code:
            return True
        if words and other_words and (words <= other_words or other_words <= words):
            return True
    return False


def _quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def match_sector(layer: QgsVectorLayer, field: str, label: str) -> SectorMatch:
    """The point clusters of the map's sector ``field``/``label``: by the same name, else leniently by name or
    SIC letter (and said so), else all of them (and said so). Clusters made without sectors are all shown."""
    idx = layer.fields().lookupField("sector")
    values = sorted({as_text(v) for v in layer.uniqueValues(idx)} - {""}) if idx >= 0 else []
    if not values:
        return SectorMatch([], "", "")
    names = [n for n in dict.fromkeys((field, label)) if n]
    exact = [v for v in values if v.casefold() in {n.casefold() for n in names}]
    alike = exact or [v for v in values if _alike(v, names)]
    if alike:
        expression = '"sector" IN (' + ", ".join(_quoted(v) for v in alike) + ")"
        if exact:
            return SectorMatch(alike, expression, "")
        note = tr("Point clusters: {0} (the point layer's sector named like {1})").format("; ".join(alike), label)
        return SectorMatch(alike, expression, note)
    if len(values) == 1:
        return SectorMatch([], "", tr("Point clusters: {0} (no sector of the point layer is named like {1})").format(
            values[0], label))
    return SectorMatch([], "", tr("Point clusters: all sectors of the point layer (none is named like {0})").format(
        label))


# ---------------------------------------------------------------- the layout
def add_point_clusters(layout: QgsLayout, layer: QgsVectorLayer, field: str, label: str) -> SectorMatch:
    """Lay the point clusters of sector ``field`` over the sector map ``layout`` (one ``build_layout`` made for a
    single sector): ``layer`` (a private copy, in the layout's project) is styled, drawn above the other layers,
    named in the legend and listed in a table under the region clusters' table."""
    check_point_clusters(layer)
    project = layout.project()
    if project.mapLayer(layer.id()) is None:
        project.addMapLayer(layer, False)
    match = match_sector(layer, field, label)
    words = legend_words(cluster_settings(layer))
    legend = layout.itemById("legend")
    available = (legend.sizeWithUnits().width() if isinstance(legend, QgsLayoutItemLegend) else 80.0) - 16.0
    wrapped = _wrap_words(words, available, items.plugin_font(8.5))
    style.style_point_clusters(layer, match.expression, wrapped)

    map_item = layout.itemById("map")
    if isinstance(map_item, QgsLayoutItemMap):
        map_item.setLayers([layer, *[lyr for lyr in map_item.layers() if lyr.id() != layer.id()]])
        items.keep_styles(map_item)
    if match.note:
        _add_subtitle_line(layout, match.note)
    if isinstance(legend, QgsLayoutItemLegend):
        _add_legend_row(legend, layer, 6.5 + 3.6 * wrapped.count("\n"))
    _add_table(layout, layer, match, label)
    layout.refresh()
    return match


def _wrap_words(words: str, width_mm: float, font: QFont) -> str:
    """The legend words on two lines before their bracket when that fits ("Point clusters" / "(firms within
    500 m, weight ≥ 200)"), else wrapped between words."""
    if QgsLayoutUtils.textWidthMM(font, words) <= width_mm:
        return words
    head, bracket, tail = words.partition(" (")
    if bracket and QgsLayoutUtils.textWidthMM(font, "(" + tail) <= width_mm:
        return f"{head}\n({tail}"
    return items.wrap_text(words, width_mm, font)


def _add_subtitle_line(layout: QgsLayout, note: str) -> None:
    """The note as the subtitle's last line; the map (and its north arrow) move down by that line."""
    sub = layout.itemById("subtitle")
    if not isinstance(sub, QgsLayoutItemLabel):
        return
    text = f"{sub.text()}\n{note}"
    if plugin_texts(layout):  # the layout's record of its own texts follows (an edited one stays)
        sync_texts(layout, {"subtitle": text})
    else:
        sub.setText(text)
    step = 4.2
    size = sub.sizeWithUnits()
    items.place(sub, sub.positionWithUnits().x(), sub.positionWithUnits().y(), size.width(),
                     size.height() + step)
    map_item = layout.itemById("map")
    if isinstance(map_item, QgsLayoutItemMap):
        extent = map_item.extent()
        pos, msize = map_item.positionWithUnits(), map_item.sizeWithUnits()
        items.place(map_item, pos.x(), pos.y() + step, msize.width(), msize.height() - step)
        map_item.zoomToExtent(extent)
    north = layout.itemById("north")
    if north is not None:
        pos, nsize = north.positionWithUnits(), north.sizeWithUnits()
        items.place(north, pos.x(), pos.y() + step, nsize.width(), nsize.height())


def _add_legend_row(legend: QgsLayoutItemLegend, layer: QgsVectorLayer, height_mm: float) -> None:
    """One row (the rule's words) under the others, its layer heading hidden like the clusters'."""
    items.immediate_legend(legend)
    node = items.legend_layer(legend.model().rootGroup(), layer, tr("Point clusters"))
    QgsLegendRenderer.setNodeLegendStyle(node, QgsLegendStyle.Hidden)
    pos, size = legend.positionWithUnits(), legend.sizeWithUnits()
    below = _region_table_frame(legend.layout())
    grow = height_mm
    if below is not None and below.positionWithUnits().y() > pos.y() + 1.0:
        room = below.positionWithUnits().y() - pos.y() - size.height() - 6.0
        if room < grow and abs(below.positionWithUnits().x() - pos.x()) < 0.5:  # landscape: the table follows
            move = grow - max(room, 0.0)
            bpos, bsize = below.positionWithUnits(), below.sizeWithUnits()
            items.place(below, bpos.x(), bpos.y() + move, bsize.width(), max(bsize.height() - move, 15.0))
    items.place(legend, pos.x(), pos.y(), size.width(), size.height() + grow)


def _region_table_frame(layout: QgsLayout) -> QgsLayoutFrame | None:
    frame = layout.itemById(TABLE_ID)
    return frame if isinstance(frame, QgsLayoutFrame) else None


def content_height(table, most: float) -> float:
    """The height in mm (at most ``most``) the table's header and rows need, as QGIS lays them out: the least
    frame height in which ``rowsVisible`` counts every row (a fixed frame's own size says nothing of it)."""
    rows = len(table.contents()) if table is not None else 0
    if table is None or rows == 0 or not hasattr(table, "rowsVisible"):
        return min(most, 15.0)
    context = QgsLayoutUtils.createRenderContextForLayout(table.layout(), None)
    low, high = 1.0, most
    if table.rowsVisible(context, high, 0, True, False) < rows:
        return most
    while high - low > 0.25:
        middle = (low + high) / 2
        if table.rowsVisible(context, middle, 0, True, False) >= rows:
            high = middle
        else:
            low = middle
    return min(most, max(high + 0.5, 10.0))


def _rows_fitting(table, height_mm: float, wanted: int) -> int:
    """How many of the first ``wanted`` rows (with the header) fit ``height_mm``, as QGIS lays them out."""
    if not hasattr(table, "rowsVisible") or wanted <= 0:
        return wanted
    table.refreshAttributes()
    context = QgsLayoutUtils.createRenderContextForLayout(table.layout(), None)
    return min(wanted, table.rowsVisible(context, height_mm, 0, True, False))


def _panel_slot(layout: QgsLayout) -> tuple[float, float, float, float]:
    """(x, y, w, h) mm left for the point clusters' heading and table: under the region clusters' table (its
    frame shrunk to its rows), else where that table would be."""
    frame = _region_table_frame(layout)
    page = layout.pageCollection().page(0).sizeWithUnits()
    bottom = items.footer_y(page.height()) - 4.0  # above the footer (layout_items.page_geometry)
    if frame is not None:
        pos, size = frame.positionWithUnits(), frame.sizeWithUnits()
        used = content_height(frame.multiFrame(), size.height())
        items.place(frame, pos.x(), pos.y(), size.width(), used)
        top = pos.y() + used + GAP_MM
        return pos.x(), top, size.width(), bottom - top
    legend = layout.itemById("legend")
    map_item = layout.itemById("map")
    mpos, msize = map_item.positionWithUnits(), map_item.sizeWithUnits()
    if page.width() > page.height():  # landscape: the side column, under the legend
        lpos, lsize = legend.positionWithUnits(), legend.sizeWithUnits()
        top = lpos.y() + lsize.height() + GAP_MM
        return lpos.x(), top, lsize.width(), bottom - top
    left = (page.width() - 20.0) * 0.44  # portrait: beside the legend, under the map
    x = 10.0 + left + 6.0
    top = mpos.y() + msize.height() + 5.0
    return x, top, page.width() - 10.0 - x, bottom - top


def _add_table(layout: QgsLayout, layer: QgsVectorLayer, match: SectorMatch, label: str) -> None:
    """A heading ("Point clusters of Manufacturing, by weight") and the table of the heaviest clusters."""
    x, y, w, h = _panel_slot(layout)
    shown = [f for f in layer.getFeatures() if not match.values or as_text(f["sector"]) in match.values]
    heading = items.new_label(layout, HEADING_ID, 8.5, True)
    what = "; ".join(match.values) if match.values else label
    text = tr("Point clusters of {0}, by weight").format(what) if match.values or not match.note \
        else tr("Point clusters (all sectors), by weight")
    heading_h = 4.2

    table = items.new_table(layout, TABLE_FRAME_ID)
    items.show_rows(table, items.TableRows(layer, match.expression, MAX_ROWS, tr("No point clusters")))
    centre, left = int(Qt.AlignmentFlag.AlignHCenter), int(Qt.AlignmentFlag.AlignLeft)
    right = int(Qt.AlignmentFlag.AlignRight)
    specs = [(tr("Rank"), '"rank"', 10.0, centre), (tr("Points"), '"points"', 12.0, right),
             (tr("Weight"), "format_number(\"weight\", 0)", 15.0, right)]
    if not match.values and len({as_text(f["sector"]) for f in shown}) > 1:  # ranks restart in each sector
        specs.insert(1, (tr("Sector"), '"sector"', 24.0, left))
    if layer.fields().lookupField("spans") >= 0:
        n_cols = len(specs) + 1
        spans_w = max(w - sum(s[2] for s in specs) - 2 * n_cols * table.cellMargin()
                      - (n_cols + 1) * table.gridStrokeWidth() - 1.0, 20.0)
        specs.append((tr("Regions spanned"), 'coalesce("spans", \'\')', spans_w, left))
    by_weight = ("", '-"weight"', 0.0, left)  # heaviest first (ranks restart in each sector)
    items.table_columns(table, specs, by_weight)  # reads the table back from XML: its frame is a new item
    frame_h = max(h - heading_h - 1.0, 15.0)
    font = items.plugin_font(8.5, True)
    wanted, extra, heading_text = min(len(shown), MAX_ROWS), 0.0, text
    for _attempt in range(3):  # a heading that wraps takes a row's room, which may change what it says
        fits = max(_rows_fitting(table, frame_h - extra, wanted), 1) if shown else 0
        heading_text = text
        if fits < len(shown):  # the heading says so rather than the table cutting rows off
            heading_text += " " + tr("(the {0} heaviest of {1})").format(fits, len(shown))
        heading_text = items.wrap_text(heading_text, w, font)
        if 4.2 * heading_text.count("\n") == extra:
            break
        extra = 4.2 * heading_text.count("\n")
    table.setMaximumNumberOfFeatures(max(fits, 1))
    heading.setText(heading_text)
    items.place(heading, x, y, w, heading_h + extra)
    used = content_height(table, frame_h - extra)
    items.place(table.frame(0), x, y + heading_h + extra + 1.0, w, used)


__all__ = ["PointClusterSettings", "PointClustersError", "SectorMatch", "add_point_clusters", "check_point_clusters",
           "cluster_settings", "legend_words", "match_sector"]
