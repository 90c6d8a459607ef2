"""Print layouts of a timeline (sectorclusters:clustertimeline outputs): small multiples and a trajectory map.

* **Small multiples**: one map per period on one A4/A3 page, all at the same extent and scale, with the same
  above / at-or-below / no-data classes and the same cluster outlines (numbered by track, so the same number is
  the same cluster through time), a period label over each map, one legend and one scale bar.
* **Trajectory map**: regions coloured by their trajectory class (persistent, emerging, fading, intermittent,
  never, no data), the clusters of the latest period outlined and a table of them.

Both are ordinary, editable print layouts added to the project (re-running replaces a layout of the same name).
One regions layer draws every small map: its renderer reads the period from the map item's id
(``period 2018``, the ``@map_id`` of the map being drawn), so the layout needs no copy of the layer per period;
on the canvas (no such map) it shows the latest period. Page sizes, text formats, the scale bar rule and the
legend sizing come from ``gis.layout_items``, as the sector map's do.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsFillSymbol,
    QgsLayoutItemMap,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRendererCategory,
    QgsRuleBasedLabeling,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt

from ..core import codes
from ..core.errors import UserError
from ..i18n import tr
from ..steps import words
from . import layout_items as items
from . import style
from .compat import QUADRANT_BELOW
from .layers import is_null
from .meta import read_meta

MAP_ID_PREFIX = "period "
#: the layout property recording which timeline map a layout is and of which sector field
TIMELINE_LAYOUT = "sector_clusters/timeline_layout"
#: Trajectory colours: colour-blind safe (orange/purple, ColorBrewer PuOr) and ordered in lightness, so they stay
#: apart in greyscale (relative luminance 0.06 / 0.20 / 0.43 + horizontal lines / 0.56 / 0.86; no data is white
#: with the plugin's grey 45° hatch).
TRAJECTORY_COLOURS = {
    "persistent": "#7f2704",
    "fading": "#8073ac",
    "intermittent": "#b2abd2",
    "emerging": "#fdb863",
    "never": "#f2efe6",
}
INTERMITTENT_LINES = "#3f2a73"
SMALL_OUTLINE_MM = (0.55, 1.1)  # cluster line and halo on the small maps (the sector map's are 0.8 / 1.6)


class TimelineMapError(UserError):
    """A timeline layer the maps cannot use; the message says why."""

    code = "timeline_map"


# ---------------------------------------------------------------- what the layers hold
def timeline_meta(regions: QgsVectorLayer, meta: dict | None = None) -> dict:
    return dict(meta if meta is not None else read_meta(regions) or {})


def timeline_periods(regions: QgsVectorLayer, meta: dict | None = None) -> list[int]:
    """The periods of a timeline regions layer: from its record, else from its ``<F>_above_<year>`` fields."""
    meta = timeline_meta(regions, meta)
    if meta.get("periods"):
        return [int(p) for p in meta["periods"]]
    found = set()
    for name in regions.fields().names():
        head, _, tail = name.rpartition("_above_")
        if head and tail.isdigit() and len(tail) == 4:
            found.add(int(tail))
    return sorted(found)


def timeline_sectors(regions: QgsVectorLayer, meta: dict | None = None) -> dict[str, str]:
    """{field: label} of the sectors a timeline regions layer holds (those with a ``<F>_traj`` field)."""
    meta = timeline_meta(regions, meta)
    known = dict(meta.get("sectors") or {})
    names = regions.fields().names()
    out = {}
    for name in names:
        if name.endswith("_traj"):
            f = name[: -len("_traj")]
            alias = regions.fields().at(regions.fields().indexOf(name)).alias()
            out[f] = known.get(f) or (alias[: -len(" (trajectory)")] if alias.endswith(" (trajectory)") else f)
    return out


def resolve_timeline_field(regions: QgsVectorLayer, field: str | None, meta: dict | None = None) -> str:
    """The sector for a field name or label (case-insensitive); the first when empty. Raises TimelineMapError."""
    sectors = timeline_sectors(regions, meta)
    if not sectors:
        raise TimelineMapError(tr(
            "The regions layer holds no trajectories (no '<sector>_traj' field): use the 'Regions with "
            "trajectories' output of Cluster dynamics over time."))
    if not field:
        return next(iter(sectors))
    folded = field.casefold()
    for f, label in sectors.items():
        if folded in (f.casefold(), label.casefold()):
            return f
    raise TimelineMapError(tr("Unknown sector '{0}'. Sectors of this timeline: {1}.").format(
        field, "; ".join(sectors.values())))


def check_timeline_clusters(clusters: QgsVectorLayer | None) -> None:
    if clusters is not None and not {"period", "sector", "track"} <= set(clusters.fields().names()):
        raise TimelineMapError(tr(
            "The clusters layer has no 'period', 'sector' and 'track' fields: use the 'Clusters per period' "
            "output of Cluster dynamics over time."))


# ---------------------------------------------------------------- styles
def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def map_period_expression(last: int) -> str:
    """The period of the map being drawn: from its item id ('period 2018'), else ``last`` (the canvas)."""
    n = len(MAP_ID_PREFIX)
    return (f"to_int(if(left(coalesce(@map_id, ''), {n}) = {_quote(MAP_ID_PREFIX)}, "
            f"substr(@map_id, {n + 1}), {_quote(last)}))")


def small_multiples_renderer(field: str, meta: dict, last: int) -> QgsCategorizedSymbolRenderer:
    """The sector map's above / at-or-below / no-data classes, on the drawn map's period."""
    probe = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "probe", "memory")
    renderer = style.above_renderer(probe, field, meta)
    renderer.setClassAttribute(
        f"attribute($currentfeature, {_quote(field + '_above_')} || to_string({map_period_expression(last)}))")
    return renderer


def trajectory_symbol(kind: str) -> QgsFillSymbol:
    if kind == "no data":
        return style.nodata_symbol()
    sym = style.fill_symbol(TRAJECTORY_COLOURS[kind])
    if kind == "intermittent":  # a texture of its own, so it never reads as emerging in greyscale
        style.add_hatch(sym, INTERMITTENT_LINES, 0.0, (1.3, 0.18))
    return sym


def trajectory_renderer(field: str, counts: dict[str, int] | None = None) -> QgsCategorizedSymbolRenderer:
    """Categories of ``<field>_traj`` in legend order, labelled in words (with the number of regions)."""
    cats = []
    for kind, text in words.TRAJECTORY_WORDS:
        label = tr(text)
        if counts is not None:
            label = f"{label} ({counts.get(kind, 0)})"
        cats.append(QgsRendererCategory(kind, trajectory_symbol(kind), label))
    return QgsCategorizedSymbolRenderer(f"{field}_traj", cats)


def _cluster_symbol(small: bool):
    sym = style.default_cluster_symbol()
    if small:
        line, halo = SMALL_OUTLINE_MM
        sym.symbolLayer(0).setWidth(halo)
        sym.symbolLayer(1).setWidth(line)
    return sym


# How far below its cluster's centre a track's label sits on a map that also shows the sector's clusters (whose
# labels, up to two lines of 8 pt with a 1 mm halo, are centred on the same point): mm.
TRACK_LABEL_DROP_MM = 5.0


def _track_labels(expression: str, size: float, flt: str, below: bool = False) -> QgsRuleBasedLabeling:
    """Track labels, centred in each cluster; ``below``: under the centre, clear of the sector's cluster label
    there (the canvas, once the timeline layers join the sector's: the two labels were drawn over each other)."""
    s = QgsPalLayerSettings()
    s.fieldName = expression
    s.isExpression = True
    s.setFormat(style.halo_text_format(size, 0.8))
    s.priority = 9
    style.one_label_per_cluster(s)
    if below:
        s.quadOffset = QUADRANT_BELOW
        s.yOffset = TRACK_LABEL_DROP_MM
        s.offsetUnits = QgsUnitTypes.RenderMillimeters
    return style.rule_labeling(s, flt)


@dataclass(frozen=True)
class TrackOutlines:
    """How ``style_timeline_clusters`` draws a sector's clusters of one period, numbered by track."""

    period_expression: str  # the period drawn: a year, or an expression (the small maps: their own period)
    legend_label: str
    small: bool = False  # the small multiples' thinner outline and smaller labels
    label_expression: str = "to_string(\"track\")"
    labels_below: bool = False  # under the clusters' centres, for a map that also labels the sector's clusters

    @classmethod
    def latest(cls, period: int, labels_below: bool = False) -> TrackOutlines:
        """The clusters of ``period`` (the trajectory map's and the canvas' latest), labelled "track 3"."""
        return cls(str(int(period)), tr("Multi-region cluster in {0}").format(period), False,
                   "'track ' || to_string(\"track\")", labels_below)


def style_timeline_clusters(layer: QgsVectorLayer, field: str, outlines: TrackOutlines) -> None:
    """Outline the sector's clusters of the period ``outlines.period_expression`` evaluates to, labelled by track
    (``labels_below``: under the clusters' centres, for a map that also labels the sector's clusters there)."""
    flt = f"\"sector\" = {_quote(field)} AND \"period\" = {outlines.period_expression}"
    layer.setRenderer(style.rule_renderer([style.rule(_cluster_symbol(outlines.small), flt, outlines.legend_label)]))
    layer.setLabeling(_track_labels(outlines.label_expression, 7.5 if outlines.small else 8.0, flt,
                                    outlines.labels_below))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


# ---------------------------------------------------------------- layout pieces
@dataclass
class TimelineMapSpec:
    """What a timeline map shows and how it is printed; every field has the default a report wants."""

    field: str | None = None  # the sector (field name or label); empty: the first
    title: str | None = None  # empty: "<sector>: clusters 2015–2020" / "<sector>: trajectories 2015–2020"
    subtitle: str | None = None  # empty: what the map shows and the method
    attribution: str | None = None  # empty: the OGL statement
    page_size: str = "A4"
    orientation: str = "landscape"
    date_text: str | None = None
    apply_style: bool = True  # style the given layers (pass clones to keep the user's styles)
    # every map keeps the look its layers have when it is made (their styles stored in it, before the legend is
    # linked to it), so styling the layers again later (another sector, the other timeline map on the same
    # layers) does not change this layout; the panel's layouts do, exportmap's clones need not
    keep_styles: bool = False


@dataclass(frozen=True)
class MapView:
    """What every map item of a timeline layout shows: the layers, in one CRS, at one extent."""

    crs: QgsCoordinateReferenceSystem
    layers: list
    extent: QgsRectangle
    keep_styles: bool = False  # store the layers' styles in the item now (see TimelineMapSpec.keep_styles)


@dataclass(frozen=True)
class PageTexts:
    """The texts around a timeline map: title, subtitle (wrapped to the page), attribution and date."""

    title: str
    subtitle: str
    attribution: str | None = None  # None: the OGL statement
    date_text: str | None = None  # None: "Map produced <today>"


@dataclass(frozen=True)
class LegendContent:
    """What the one legend of a timeline layout lists: the regions' classes under ``heading``, then the
    clusters' outline (its layer heading hidden)."""

    regions: QgsVectorLayer
    clusters: QgsVectorLayer | None
    heading: str


def _new_map(layout: QgsPrintLayout, item_id: str, view: MapView, rect: items.Rect) -> QgsLayoutItemMap:
    """A framed map item at ``rect`` (x, y, w, h mm) showing ``view`` (placed first: a map item of size 0 given
    an extent gets a NaN one); with ``view.keep_styles`` it stores its layers' styles now."""
    m = items.new_map_item(layout, item_id)
    items.show_layers(m, view.crs, view.layers)
    if view.keep_styles:
        items.keep_styles(m)
    items.place(m, *rect)
    m.setExtent(view.extent)  # resizes the item to the extent's shape…
    items.place(m, *rect)  # …so size it again, and fit the extent inside
    m.zoomToExtent(view.extent)
    return m


def _texts(layout: QgsPrintLayout, texts: PageTexts, width: float, height: float) -> float:
    """Title, subtitle (as many lines as it needs), attribution and date where the sector map has them; returns
    the subtitle's bottom (mm)."""
    g = items.page_geometry(width, height, "landscape", 1.0)  # (the texts' places do not depend on the map)
    title_item = items.new_label(layout, "title", 18, True)
    title_item.setText(texts.title)
    items.place(title_item, *g["title"])
    items.set_label_format(title_item, items.fit_font_size([texts.title], g["title"][2], 18.0), True)
    sub = items.new_label(layout, "subtitle", 9, False, "#333333")
    x, y, w, _h = g["subtitle"]
    lines = items.wrap_text(texts.subtitle, w - 1.0, items.plugin_font(9), dash_first=False,
                            keep_brackets=True).split("\n")
    sub.setText("\n".join(lines))
    sub_h = 4.2 * len(lines) + 1.0
    items.place(sub, x, y, w, sub_h)
    attr = items.new_label(layout, "attribution", 6.5, False, "#4d4d4d")
    attr.setText(texts.attribution if texts.attribution is not None else items.default_attribution())
    items.place(attr, *g["attribution"])
    date = items.new_label(layout, "date", 6.5, False, "#4d4d4d")
    date.setHAlign(Qt.AlignmentFlag.AlignRight)
    date.setText(items.date_line(texts.date_text))
    items.place(date, *g["date"])
    for item in (title_item, sub, attr):
        item.setHAlign(Qt.AlignmentFlag.AlignLeft)
    return y + sub_h


def _wrapped(text: str, width_mm: float, size: float, bold: bool = False) -> list[str]:
    """The lines of ``text`` wrapped as timeline legends are: short bracketed groups kept whole."""
    return items.wrap_text(text, width_mm, items.plugin_font(size, bold), dash_first=False,
                           keep_brackets=True).split("\n")


def _legend(layout: QgsPrintLayout, map_item: QgsLayoutItemMap, content: LegendContent, rect: items.Rect) -> float:
    """The one legend (the regions' classes, then the cluster outline) at ``rect`` (x, y, width, most height),
    labels wrapped to its width; returns its height."""
    x, y, w, h_max = rect
    regions, clusters = content.regions, content.clusters
    lg = items.new_legend(layout)
    lg.setWrapString("\n")
    lg.setLinkedMap(map_item)
    lg.setAutoUpdateModel(False)
    root = lg.model().rootGroup()
    root.removeAllChildren()
    text_w = w - 8.0 - 6.0  # symbol and the gaps beside it
    heading = _wrapped(content.heading, w - 2.0, 9, True)
    node = root.addLayer(regions)
    node.setUseLayerName(False)  # the legend's own title: the layer keeps its name (another layout may use it)
    node.setName("\n".join(heading))
    extra = len(heading) - 1
    n_items = 0
    for lyr, lnode in ((regions, node), (clusters, root.addLayer(clusters) if clusters is not None else None)):
        if lnode is None:
            continue
        for i, item in enumerate(lyr.renderer().legendSymbolItems()):
            lines = _wrapped(item.label(), text_w, 8.5)
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(lnode, i, "\n".join(lines))
            extra += len(lines) - 1
            n_items += 1
        lg.model().refreshLayerLegend(lnode)
        if lyr is clusters:
            QgsLegendRenderer.setNodeLegendStyle(lnode, QgsLegendStyle.Hidden)
    height = min(items.legend_height(n_items) + 6.0 + items.LEGEND_LINE_MM * extra, h_max)
    lg.setResizeToContents(False)
    items.place(lg, x, y, w, height)
    return height


def _grid(n: int, area_w: float, area_h: float, aspect: float, gap: float = 4.0,
          label_h: float = 6.0) -> tuple[int, int, float, float]:
    """(columns, rows, map width, map height) giving the largest maps of ``aspect`` (width/height) in the area."""
    best = (1, n, 0.0, 0.0, -1.0)
    for cols in range(1, n + 1):
        rows = math.ceil(n / cols)
        cell_w = (area_w - (cols - 1) * gap) / cols
        cell_h = (area_h - (rows - 1) * gap) / rows - label_h
        if cell_w <= 0 or cell_h <= 0:
            continue
        map_w = min(cell_w, cell_h * aspect)
        map_h = map_w / aspect
        if map_w * map_h > best[4]:
            best = (cols, rows, map_w, map_h, map_w * map_h)
    return best[0], best[1], best[2], best[3]


def _count_clusters(clusters: QgsVectorLayer | None, field: str) -> dict[int, int]:
    out: dict[int, int] = {}
    if clusters is None:
        return out
    for f in clusters.getFeatures():
        if f["sector"] == field:
            out[int(f["period"])] = out.get(int(f["period"]), 0) + 1
    return out


def _analysed_periods(regions: QgsVectorLayer, field: str, periods: list[int]) -> set[int]:
    """Periods in which some region has a flag (a sector not analysed in a period has none)."""
    names = regions.fields().names()
    out = set()
    for f in regions.getFeatures():
        for p in periods:
            name = f"{field}_above_{p}"
            if name in names and not is_null(f[name]):
                out.add(p)
    return out


def _map_inputs(regions: QgsVectorLayer, clusters: QgsVectorLayer | None, spec: TimelineMapSpec | None,
                meta: dict | None):
    """What both timeline maps start from, checked: (spec, meta, sector field, its label, periods)."""
    spec = spec or TimelineMapSpec()
    meta = timeline_meta(regions, meta)
    field = resolve_timeline_field(regions, spec.field, meta)
    check_timeline_clusters(clusters)
    return spec, meta, field, timeline_sectors(regions, meta)[field], timeline_periods(regions, meta)


# ---------------------------------------------------------------- small multiples
@dataclass(frozen=True)
class _Cells:
    """The small maps' grid: its top left corner, the number of columns, each map's size and the gaps (mm)."""

    x0: float
    top: float
    cols: int
    map_w: float
    map_h: float
    gap: float
    label_h: float  # the period's caption over each map

    def corner(self, i: int) -> tuple[float, float]:
        """Top left of the ``i``-th cell (its caption; the map is ``label_h`` below), row by row."""
        r, c = divmod(i, self.cols)
        return self.x0 + c * (self.map_w + self.gap), self.top + r * (self.map_h + self.label_h + self.gap)


def _period_note(n_clusters: int, analysed: bool) -> str:
    """"3 clusters", "1 cluster", "no cluster" or "not analysed" (no region flagged in the period)."""
    if not analysed:
        return tr("not analysed")
    if n_clusters == 0:
        return tr("no cluster")
    return tr("1 cluster") if n_clusters == 1 else tr("{0} clusters").format(n_clusters)


def _period_maps(layout: QgsPrintLayout, captions: dict[int, str], view: MapView,
                 cells: _Cells) -> list[QgsLayoutItemMap]:
    """One captioned map per period (``captions``: period → caption), in the grid's cells in order; each map's
    id names its period, which the regions' renderer reads (see map_period_expression)."""
    maps = []
    for i, (period, caption) in enumerate(captions.items()):
        x, y = cells.corner(i)
        cap = items.new_label(layout, f"label {period}", 10, True)
        cap.setText(caption)
        items.place(cap, x, y, cells.map_w, cells.label_h - 1.0)
        maps.append(_new_map(layout, f"{MAP_ID_PREFIX}{period}", view,
                             (x, y + cells.label_h, cells.map_w, cells.map_h)))
    return maps


def build_small_multiples(project: QgsProject, regions: QgsVectorLayer, clusters: QgsVectorLayer | None,
                          spec: TimelineMapSpec | None = None, meta: dict | None = None) -> QgsPrintLayout:
    """One map per period of the sector on one page (see the module docstring)."""
    spec, meta, field, label, periods = _map_inputs(regions, clusters, spec, meta)
    if not periods:
        raise TimelineMapError(tr("The regions layer names no periods (no '<sector>_above_<year>' fields)."))
    if len(periods) > 12:
        raise TimelineMapError(tr("{0} periods do not fit on one page: at most 12.").format(len(periods)))
    last = periods[-1]
    noun = words.region_noun(meta)
    if spec.apply_style:
        regions.setRenderer(small_multiples_renderer(field, meta, last))
        regions.triggerRepaint()
        if clusters is not None:
            style_timeline_clusters(clusters, field, TrackOutlines(
                map_period_expression(last), tr("Multi-region cluster, numbered by track"), small=True))
    layout = items.new_page_layout(project, items.layout_name(label, codes.SMALL_MULTIPLES), spec.page_size,
                                   spec.orientation)
    width, height = items.page_mm(spec.page_size, spec.orientation)
    m = items.MARGIN_MM
    foot_y = items.footer_y(height)
    texts = PageTexts(spec.title or words.small_multiples_title(label, periods),
                      spec.subtitle or words.small_multiples_subtitle(noun, meta), spec.attribution, spec.date_text)
    top = max(m + 24.0, _texts(layout, texts, width, height) + 3.0)

    crs = items.map_crs(regions)
    extent = items.map_extent(regions, crs)
    aspect = extent.width() / max(extent.height(), 1e-9)
    landscape = spec.orientation == "landscape"
    side_w = 70.0 if landscape else 0.0
    legend_items = len(regions.renderer().legendSymbolItems()) + (1 if clusters is not None else 0)
    legend_block = 0.0 if landscape else items.legend_height(legend_items) + 12.0
    area_w = width - 2 * m - (side_w + 6.0 if landscape else 0.0)
    area_h = foot_y - 4.0 - top - legend_block
    cols, rows, map_w, map_h = _grid(len(periods), area_w, area_h, aspect)
    gap, label_h = 4.0, 6.0
    used_w = cols * map_w + (cols - 1) * gap
    x0 = m + (area_w - used_w) / 2.0
    layers = [lyr for lyr in (clusters, regions) if lyr is not None]
    items.add_layers(project, layers)
    view = MapView(crs, layers, extent, spec.keep_styles)
    counts = _count_clusters(clusters, field)
    analysed = _analysed_periods(regions, field, periods)
    captions = {p: f"{p} · {_period_note(counts.get(p, 0), p in analysed)}" for p in periods}
    maps = _period_maps(layout, captions, view, _Cells(x0, top, cols, map_w, map_h, gap, label_h))
    content = LegendContent(regions, clusters, tr("{0} — {1}").format(label, noun))
    if landscape:
        _legend(layout, maps[0], content, (width - m - side_w, top, side_w, foot_y - top))
    else:
        ly = top + rows * (map_h + label_h) + (rows - 1) * gap + 4.0
        _legend(layout, maps[0], content, (m, ly, width - 2 * m, foot_y - 2.0 - ly))
    items.link_scalebar(items.new_scalebar(layout), maps[0], map_w, m, foot_y + 1.0)
    items.add_layout(project, layout)
    return layout


# ---------------------------------------------------------------- trajectory map
def _trajectory_counts(regions: QgsVectorLayer, field: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in regions.getFeatures():
        kind = f[f"{field}_traj"]
        out[str(kind)] = out.get(str(kind), 0) + 1
    return out


def _latest_table(layout: QgsPrintLayout, clusters: QgsVectorLayer, field: str, last: int,
                  rect: items.Rect) -> None:
    """The sector's clusters of the period ``last``, by track, at ``rect`` (x, y, w, h mm)."""
    x, y, w, h = rect
    table = items.new_table(layout, "clusters_table")
    items.show_rows(table, items.TableRows(clusters, f"\"sector\" = {_quote(field)} AND \"period\" = {int(last)}",
                                           30, tr("No multi-region cluster in {0}").format(last)))
    fixed = 11.0 + 15.0 + 11.0
    members_w = max(w - fixed - 8 * table.cellMargin() - 5 * table.gridStrokeWidth() - 1.0, 20.0)
    centre, left = Qt.AlignmentFlag.AlignHCenter, Qt.AlignmentFlag.AlignLeft
    items.table_columns(table, [
        (tr("Track"), '"track"', 11.0, centre),
        (tr("Change"), '"change"', 15.0, centre),
        (tr("Regions"), '"n_regions"', 11.0, centre),
        (tr("Members"), items.MEMBERS_EXPRESSION, members_w, left),  # "; " between names: names hold commas
    ])
    items.place(table.frame(0), x, y, w, max(h, 15.0))  # the XML round trip made a new frame


def build_trajectory_map(project: QgsProject, regions: QgsVectorLayer, clusters: QgsVectorLayer | None,
                         spec: TimelineMapSpec | None = None, meta: dict | None = None) -> QgsPrintLayout:
    """Regions coloured by trajectory, the latest period's clusters outlined and listed."""
    spec, meta, field, label, periods = _map_inputs(regions, clusters, spec, meta)
    last = periods[-1] if periods else 0
    noun = words.region_noun(meta)
    if spec.apply_style:
        regions.setRenderer(trajectory_renderer(field, _trajectory_counts(regions, field)))
        regions.triggerRepaint()
        if clusters is not None:
            style_timeline_clusters(clusters, field, TrackOutlines.latest(last))
    layout = items.new_page_layout(project, items.layout_name(label, codes.TRAJECTORY_MAP), spec.page_size,
                                   spec.orientation)
    width, height = items.page_mm(spec.page_size, spec.orientation)
    crs = items.map_crs(regions)
    extent = items.map_extent(regions, crs)
    g = items.page_geometry(width, height, spec.orientation, extent.width() / max(extent.height(), 1e-9))
    texts = PageTexts(spec.title or words.trajectory_title(label, periods),
                      spec.subtitle or words.trajectory_subtitle(noun, meta, last), spec.attribution, spec.date_text)
    below = _texts(layout, texts, width, height) + 3.0
    shift = max(0.0, below - g["map"][1])  # a subtitle of three lines moves everything under it down
    if shift:
        beside = ("legend", "table") if spec.orientation == "landscape" else ()
        for key in ("map", "north", *beside):
            x, y, w, h = g[key]
            g[key] = (x, y + shift, w, h - (shift if key in ("map", "table") else 0.0))
    layers = [lyr for lyr in (clusters, regions) if lyr is not None]
    items.add_layers(project, layers)
    item = _new_map(layout, "map", MapView(crs, layers, extent, spec.keep_styles), g["map"])
    items.link_north_arrow(items.new_north_arrow(layout), item, g["north"])
    items.link_scalebar(items.new_scalebar(layout), item, g["map"][2], g["scalebar"][0], g["scalebar"][1])
    lx, ly, lw, lh = g["legend"]
    content = LegendContent(regions, clusters, tr("{0} — {1}, {2}").format(label, noun, words.period_span(periods)))
    legend_h = _legend(layout, item, content,
                       (lx, ly, lw, lh + (g["table"][3] - 20.0 if spec.orientation == "landscape" else 0.0)))
    if clusters is not None:
        tx, ty, tw, th = g["table"]
        if spec.orientation == "landscape":
            ty = ly + legend_h + 6.0
            th = g["table"][1] + g["table"][3] - ty
        _latest_table(layout, clusters, field, last, (tx, ty, tw, th))
    items.add_layout(project, layout)
    return layout


BUILDERS = {codes.SMALL_MULTIPLES: build_small_multiples, codes.TRAJECTORY_MAP: build_trajectory_map}


def build_timeline_layout(kind: str, project: QgsProject, regions: QgsVectorLayer,
                          clusters: QgsVectorLayer | None, spec: TimelineMapSpec | None = None,
                          meta: dict | None = None) -> QgsPrintLayout:
    """``kind`` is ``small_multiples`` or ``trajectory`` (codes.MAP_LAYOUTS)."""
    if kind not in BUILDERS:
        raise TimelineMapError(tr("Unknown timeline map '{0}' (use small_multiples or trajectory).").format(kind))
    layout = BUILDERS[kind](project, regions, clusters, spec, meta)
    # what it was built from, so that new timeline layers can rebuild it (see timeline_layouts)
    layout.setCustomProperty(TIMELINE_LAYOUT, json.dumps({"kind": kind, "field": (spec.field if spec else None)}))
    return layout


def timeline_layouts(project: QgsProject) -> list[tuple[QgsPrintLayout, str, str | None]]:
    """(layout, kind, sector field) of every timeline layout in ``project`` that ``build_timeline_layout`` made."""
    found = []
    for layout in project.layoutManager().printLayouts():
        recorded = layout.customProperty(TIMELINE_LAYOUT)
        if recorded:
            built = json.loads(recorded)
            found.append((layout, built.get("kind", ""), built.get("field")))
    return found


__all__ = ["TimelineMapError", "TimelineMapSpec", "build_small_multiples", "build_timeline_layout",
           "build_trajectory_map", "resolve_timeline_field", "timeline_layouts", "timeline_periods", "timeline_sectors"]
