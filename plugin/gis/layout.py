"""Print layouts for one sector, or an atlas with one page per sector.

Item look (fonts, frames, colours) comes from ``resources/layouts/sector_map.qpt``
when present, so users can restyle it in the layout designer; positions are
computed here for the chosen page so A4/A3 in either orientation all fit.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsGeometry,
    QgsLayerTreeModel,
    QgsLayout,
    QgsLayoutFrame,
    QgsLayoutItem,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutMeasurement,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLayoutTable,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsPathResolver,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsSymbolLayerUtils,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor, QFont
from qgis.PyQt.QtXml import QDomDocument

from ..i18n import tr, tr_noop
from ..steps.words import (
    cluster_note,
    describe_method,
    global_moran_note,
    region_noun,
    rows_words,
    sector_title,
    short_name,
)
from . import sectors as sectors_mod
from . import style
from .compat import make_field
from .transforms import use_available_operations

#: the layer-tree property a layout legend shows as a layer's title (saved with the project)
LEGEND_TITLE = "legend/title-label"
LAYOUTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "layouts"
TEMPLATE = "sector_map_a4_landscape.qpt"
NORTH_ARROW = "arrows/NorthArrow_02.svg"
DEFAULT_ATTRIBUTION = tr_noop(
    "Contains National Statistics data © Crown copyright and database right. "
    "Contains OS data © Crown copyright and database right."
)
PAGE_MM = {"A4": (210.0, 297.0), "A3": (297.0, 420.0)}
ITEM_IDS = ("title", "subtitle", "map", "legend", "scalebar", "north", "attribution", "date")
TABLE_ID = "clusters_table"
ATLAS_PROPERTY = "sector_clusters/atlas_coverage"
FONT = style.FONT_FAMILY


def default_attribution() -> str:
    return tr(DEFAULT_ATTRIBUTION)


def layout_name(label: str | None, atlas: bool = False) -> str:
    """Name in the layout manager; re-running replaces the layout with this name."""
    if atlas:
        return tr("Sector Clusters — all sectors (atlas)")
    return tr("Sector Clusters — {0}").format(label)


PAGE_ALIASES = {"tabloid": "ANSI B", "ledger": "ANSI B"}  # US names some QGIS releases list only as ANSI


def registry_page_mm(name: str) -> tuple[float, float] | None:
    """(short side, long side) in mm of the page size ``name`` (any case) from QgsApplication.pageSizeRegistry()."""
    from qgis.core import QgsApplication, QgsLayoutMeasurementConverter, QgsUnitTypes

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
        raise ValueError(tr("Unknown page size '{0}' (use one QGIS knows, e.g. A4, A3, Letter or Tabloid).").format(
            page_size))
    short, long_ = size
    if orientation == "landscape":
        return long_, short
    if orientation == "portrait":
        return short, long_
    raise ValueError(tr("Unknown orientation '{0}' (use landscape or portrait).").format(orientation))


# ---------------------------------------------------------------- small helpers
def _text_format(size: float, bold: bool = False, colour: str = "#1a1a1a") -> QgsTextFormat:
    fmt = QgsTextFormat()
    font = QFont(FONT)
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setSizeUnit(QgsUnitTypes.RenderPoints)
    fmt.setColor(QColor(colour))
    return fmt


def _set_label_format(label: QgsLayoutItemLabel, size: float, bold: bool = False, colour: str = "#1a1a1a") -> None:
    if hasattr(label, "setTextFormat"):  # QGIS >= 3.24
        label.setTextFormat(_text_format(size, bold, colour))
    else:
        font = QFont(FONT)
        font.setPointSizeF(size)
        font.setBold(bold)
        label.setFont(font)
        label.setFontColor(QColor(colour))


def _set_legend_format(legend: QgsLayoutItemLegend, which: int, size: float, bold: bool = False) -> None:
    st = legend.rstyle(which)
    if hasattr(st, "setTextFormat"):  # QGIS >= 3.30
        st.setTextFormat(_text_format(size, bold))
    else:
        font = QFont(FONT)
        font.setPointSizeF(size)
        font.setBold(bold)
        st.setFont(font)


def fit_font_size(texts: list[str], width_mm: float, size: float, minimum: float = 11.0, bold: bool = True) -> float:
    """The largest point size (from ``size`` down to ``minimum``) at which every text fits ``width_mm``."""
    from qgis.core import QgsLayoutUtils

    font = QFont(FONT)
    font.setBold(bold)
    while size > minimum:
        font.setPointSizeF(size)
        if max((QgsLayoutUtils.textWidthMM(font, t) for t in texts if t), default=0.0) <= width_mm:
            return size
        size -= 0.5
    return minimum


def _km() -> object:
    return Qgis.DistanceUnit.Kilometers if hasattr(Qgis, "DistanceUnit") else QgsUnitTypes.DistanceKilometers


def _place(item: QgsLayoutItem, x: float, y: float, w: float, h: float) -> None:
    item.attemptMove(QgsLayoutPoint(x, y, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(w, h, QgsUnitTypes.LayoutMillimeters))


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
    from qgis.core import QgsFeatureRequest

    from .snapshot import combined

    return combined([f.geometry().boundingBox() for f in layer.getFeatures(QgsFeatureRequest().setNoAttributes())
                     if f.hasGeometry()])


def map_extent(layer: QgsVectorLayer, crs: QgsCoordinateReferenceSystem, margin: float = 0.03) -> QgsRectangle:
    ext = features_extent(layer)
    if layer.crs() != crs:
        project = layer.project() or QgsProject.instance()
        use_available_operations(project, crs, [layer])
        ext = QgsCoordinateTransform(layer.crs(), crs, project.transformContext()).transformBoundingBox(ext)
    dx, dy = ext.width() * margin, ext.height() * margin
    return QgsRectangle(ext.xMinimum() - dx, ext.yMinimum() - dy, ext.xMaximum() + dx, ext.yMaximum() + dy)


def count_clusters(clusters: QgsVectorLayer | None, field: str) -> int:
    if clusters is None:
        return 0
    return sum(1 for f in clusters.getFeatures() if f["sector"] == field)


# ---------------------------------------------------------------- texts
def _sector_title(title: str | None, label: str, atlas: bool) -> str:
    """The title: the sector's name without Nomis' code ("Manufacturing"), or the user's, where "{sector}"
    is the sector's name."""
    if not title:
        return sector_title(label)
    if "{sector}" in title:
        return title.replace("{sector}", label)
    return f"{title}: {label}" if atlas else title


def _sector_subtitle(subtitle: str | None, meta: dict, n_clusters: int, noun: str, field: str | None = None) -> str:
    """Method, threshold and source in one line; then what the clusters' regions passed, or 'No multi-region
    clusters' (statistics: then the sector's global Moran's I)."""
    note = cluster_note(meta, n_clusters, noun)
    moran = global_moran_note(meta, field)
    note = f"{note} · {moran}" if moran else note
    if subtitle:
        return f"{subtitle}\n{note}"
    parts = [describe_method(meta)]
    source = meta.get("source")
    year = meta.get("year")
    if source or year:
        data = " ".join(str(x) for x in (source, year) if x)
        rows = rows_words(meta.get("rows") or "")  # the period and level read from the table, when chosen
        parts.append(tr("Data: {0}").format(f"{data}, {rows}" if rows else data))
    return " · ".join(parts) + "\n" + note


# ---------------------------------------------------------------- items
def _new_label(layout: QgsLayout, item_id: str, size: float, bold: bool = False,
               colour: str = "#1a1a1a") -> QgsLayoutItemLabel:
    label = QgsLayoutItemLabel(layout)
    label.setId(item_id)
    _set_label_format(label, size, bold, colour)
    label.setMarginX(0)
    label.setMarginY(0)
    layout.addLayoutItem(label)
    return label


def _create_items(layout: QgsLayout) -> None:
    """Create any standard item the template did not provide."""
    have = {i for i in ITEM_IDS if layout.itemById(i) is not None}
    if "title" not in have:
        _new_label(layout, "title", 18, True)
    if "subtitle" not in have:
        _new_label(layout, "subtitle", 9, False, "#333333")
    if "map" not in have:
        m = QgsLayoutItemMap(layout)
        m.setId("map")
        m.setFrameEnabled(True)
        m.setFrameStrokeWidth(QgsLayoutMeasurement(0.25, QgsUnitTypes.LayoutMillimeters))
        m.setFrameStrokeColor(QColor("#7f7f7f"))
        m.setBackgroundColor(QColor("#ffffff"))
        layout.addLayoutItem(m)
    if "legend" not in have:
        lg = QgsLayoutItemLegend(layout)
        immediate_legend(lg)  # before anything can start its deferred update (see immediate_legend)
        lg.setId("legend")
        lg.setTitle(tr("Legend"))
        _set_legend_format(lg, QgsLegendStyle.Title, 10, True)
        _set_legend_format(lg, QgsLegendStyle.Group, 9, True)
        _set_legend_format(lg, QgsLegendStyle.Subgroup, 9, True)
        _set_legend_format(lg, QgsLegendStyle.SymbolLabel, 8.5)
        lg.setSymbolWidth(8)
        lg.setSymbolHeight(5)
        lg.setBackgroundEnabled(False)
        layout.addLayoutItem(lg)
    if "scalebar" not in have:
        sb = QgsLayoutItemScaleBar(layout)
        sb.setId("scalebar")
        sb.setStyle("Single Box")
        sb.setTextFormat(_text_format(7.5))
        layout.addLayoutItem(sb)
    if "north" not in have:
        pic = QgsLayoutItemPicture(layout)
        pic.setId("north")
        layout.addLayoutItem(pic)
    if "attribution" not in have:
        _new_label(layout, "attribution", 6.5, False, "#4d4d4d")
    if "date" not in have:
        d = _new_label(layout, "date", 6.5, False, "#4d4d4d")
        d.setHAlign(Qt.AlignmentFlag.AlignRight)


def _find_table(layout: QgsLayout) -> QgsLayoutItemAttributeTable | None:
    for mf in layout.multiFrames():
        if isinstance(mf, QgsLayoutItemAttributeTable):
            return mf
    return None


def _new_table(layout: QgsLayout) -> QgsLayoutItemAttributeTable:
    table = QgsLayoutItemAttributeTable.create(layout)
    layout.addMultiFrame(table)
    frame = QgsLayoutFrame(layout, table)
    frame.setId(TABLE_ID)
    layout.addLayoutItem(frame)
    table.addFrame(frame)
    table.setHeaderTextFormat(_text_format(7.5, True))
    table.setContentTextFormat(_text_format(7))
    table.setGridStrokeWidth(0.15)
    table.setGridColor(QColor("#9a9a9a"))
    table.setCellMargin(0.8)
    table.setHeaderHAlignment(QgsLayoutTable.FollowColumn)
    return table


def load_template(layout: QgsPrintLayout, path: Path | None = None) -> bool:
    """Load item styles from the .qpt; False when there is none (defaults are used)."""
    path = path or LAYOUTS_DIR / TEMPLATE
    if not path.is_file():
        return False
    doc = QDomDocument()
    if not doc.setContent(path.read_text(encoding="utf-8")):
        return False
    _items, ok = layout.loadFromTemplate(doc, QgsReadWriteContext())
    return bool(ok)


def _coverage_layer(regions: QgsVectorLayer, clusters: QgsVectorLayer | None, sectors: dict[str, str],
                    meta: dict, title: str | None, subtitle: str | None, store: str | None) -> QgsVectorLayer:
    """One feature per sector (field, label, title, subtitle); geometry = regions' extent."""
    crs = regions.crs().authid() or "EPSG:4326"
    cov = QgsVectorLayer(f"Polygon?crs={crs}", tr("Sector Clusters atlas pages"), "memory")
    cov.dataProvider().addAttributes([
        make_field("page", "int"), make_field("field", "string"), make_field("label", "string"),
        make_field("short", "string"), make_field("title", "string"),
        make_field("subtitle", "string"), make_field("n_clusters", "int"),
    ])
    cov.updateFields()
    geom = QgsGeometry.fromRect(features_extent(regions))
    noun = region_noun(meta)
    feats = []
    for page, (field, label) in enumerate(sectors.items(), start=1):
        n = count_clusters(clusters, field)
        f = QgsFeature(cov.fields())
        f.setGeometry(geom)
        f.setAttributes([page, field, label, short_name(label), _sector_title(title, label, True),
                         _sector_subtitle(subtitle, meta, n, noun, field), n])
        feats.append(f)
    cov.dataProvider().addFeatures(feats)
    if store:
        cov = _store_pages(store, cov)
    cov.setCustomProperty(ATLAS_PROPERTY, True)
    return cov


ATLAS_TABLE = "sector_clusters_atlas_pages"


def _store_pages(store: str, cov: QgsVectorLayer) -> QgsVectorLayer:
    """Keep the atlas pages in ``store``, so a saved project's atlas survives reopening.

    ``store`` is the panel's own output GeoPackage; it is used only when it holds the plugin's record, so a
    user's file is never modified, and an export (which passes no store) never writes to its inputs. Without
    a store the pages stay in memory, which is enough for an export.
    """
    from qgis.core import QgsCoordinateTransformContext, QgsVectorFileWriter

    from .meta import gpkg_location, read_gpkg_meta

    where = gpkg_location(store)
    if not where or read_gpkg_meta(*where) is None:
        return cov
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = ATLAS_TABLE
    options.actionOnExistingFile = QgsVectorFileWriter.CreateOrOverwriteLayer
    result = QgsVectorFileWriter.writeAsVectorFormatV3(cov, where[0], QgsCoordinateTransformContext(), options)
    if result[0] != QgsVectorFileWriter.NoError:
        return cov
    stored = QgsVectorLayer(f"{where[0]}|layername={ATLAS_TABLE}", cov.name(), "ogr")
    return stored if stored.isValid() and stored.featureCount() == cov.featureCount() else cov


def _remove_old(project: QgsProject, name: str, atlas: bool) -> None:
    manager = project.layoutManager()
    old = manager.layoutByName(name)
    if old is not None:
        if atlas and old.atlas().coverageLayer() is not None:
            cov = old.atlas().coverageLayer()
            if cov.customProperty(ATLAS_PROPERTY) and project.mapLayer(cov.id()) is not None:
                project.removeMapLayer(cov.id())
        manager.removeLayout(old)


# ---------------------------------------------------------------- build
@dataclass
class MapSpec:
    """What the map shows and how it is printed; every field has the default a report map wants."""

    field: str | None = None  # the sector (name or label); empty: the first
    title: str | None = None  # empty: the sector's name; "{sector}" is replaced by it
    subtitle: str | None = None  # empty: method, threshold and source
    attribution: str | None = None  # empty: the OGL statement
    page_size: str = "A4"
    orientation: str = "landscape"
    atlas: bool = False  # one page per sector
    scheme: str = "classes"
    show_members: bool = False
    date_text: str | None = None
    apply_style: bool = True  # style the given layers (pass clones to keep the user's styles)
    template: Path | None = None
    atlas_store: str | None = None  # the plugin's own GeoPackage that keeps the atlas pages (else memory)


def build_layout(project: QgsProject, regions: QgsVectorLayer, clusters: QgsVectorLayer | None,
                 spec: MapSpec | None = None, meta: dict | None = None) -> QgsPrintLayout:
    """A print-ready layout for one sector (or every sector with ``spec.atlas``) in ``project``.

    A layout of the same name is replaced.
    """
    spec = spec or MapSpec()
    atlas = spec.atlas
    meta = sectors_mod.layer_meta(regions, meta)
    field = sectors_mod.resolve_field(regions, spec.field, meta)
    sectors = sectors_mod.sector_fields(regions, meta)
    sectors = {f: lbl for f, lbl in sectors.items() if sectors_mod.analysed(f, regions.fields().names())}
    label = sectors.get(field, field)
    noun = region_noun(meta)
    if clusters is not None and not clusters.isValid():
        clusters = None
    title, subtitle, attribution, date_text = spec.title, spec.subtitle, spec.attribution, spec.date_text

    if spec.apply_style:
        style.style_regions(regions, field, spec.scheme, meta, atlas=atlas)
        if clusters is not None:
            style.style_clusters(clusters, field, spec.show_members, meta, atlas=atlas, regions=regions)

    name = layout_name(label, atlas)
    _remove_old(project, name, atlas)
    layout = QgsPrintLayout(project)
    if not load_template(layout, spec.template):
        layout.initializeDefaults()
    _drop_template_legend(layout)
    layout.setName(name)  # after the template, which carries a name of its own
    if layout.pageCollection().pageCount() == 0:
        layout.initializeDefaults()
    while layout.pageCollection().pageCount() > 1:
        layout.pageCollection().deletePage(layout.pageCollection().pageCount() - 1)
    width, height = page_mm(spec.page_size, spec.orientation)
    orientation = spec.orientation
    page = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutMillimeters))
    _create_items(layout)
    table = _find_table(layout) if clusters is not None else None
    if clusters is not None and table is None:
        table = _new_table(layout)
    elif clusters is None:
        old = _find_table(layout)
        if old is not None:
            layout.removeMultiFrame(old)

    title_item: QgsLayoutItemLabel = layout.itemById("title")
    sub_item: QgsLayoutItemLabel = layout.itemById("subtitle")
    map_item: QgsLayoutItemMap = layout.itemById("map")
    legend: QgsLayoutItemLegend = layout.itemById("legend")
    scalebar: QgsLayoutItemScaleBar = layout.itemById("scalebar")
    north: QgsLayoutItemPicture = layout.itemById("north")
    attr_item: QgsLayoutItemLabel = layout.itemById("attribution")
    date_item: QgsLayoutItemLabel = layout.itemById("date")

    # texts
    if atlas:
        title_item.setText("[% attribute(@atlas_feature, 'title') %]")
        sub_item.setText("[% attribute(@atlas_feature, 'subtitle') %]")
    else:
        title_item.setText(_sector_title(title, label, False))
        sub_item.setText(_sector_subtitle(subtitle, meta, count_clusters(clusters, field), noun, field))
    attr_item.setText(attribution if attribution is not None else default_attribution())
    date_item.setText(date_text if date_text is not None
                      else tr("Map produced {0}").format("[% format_date(now(), 'd MMMM yyyy') %]"))

    # map
    crs = map_crs(regions)
    map_item.setCrs(crs)
    layers = [lyr for lyr in (clusters, regions) if lyr is not None]
    for lyr in layers:
        if project.mapLayer(lyr.id()) is None:
            project.addMapLayer(lyr, False)
    map_item.setLayers(layers)
    use_available_operations(project, crs, layers)
    map_item.setKeepLayerSet(True)
    map_item.setAtlasDriven(False)

    extent = map_extent(regions, crs)
    geometry = _geometry(width, height, orientation, extent.width() / max(extent.height(), 1e-9))
    _place(title_item, *geometry["title"])
    _place(sub_item, *geometry["subtitle"])
    # Long titles (atlas: the longest sector's) shrink to fit one line rather than wrap into the subtitle.
    titles = [_sector_title(title, lbl, True) for lbl in sectors.values()] if atlas else [title_item.text()]
    _set_label_format(title_item, fit_font_size(titles, geometry["title"][2], 18.0), True)
    for item in (title_item, sub_item, attr_item):
        item.setHAlign(Qt.AlignmentFlag.AlignLeft)  # a template may carry Justify, which stretches short lines
    map_item.setExtent(extent)  # a template's map may hold an empty (NaN) extent; resizes the item
    _place(map_item, *geometry["map"])
    map_item.zoomToExtent(extent)

    # north arrow and scale bar
    north.setPicturePath(QgsSymbolLayerUtils.svgSymbolNameToPath(NORTH_ARROW, QgsPathResolver()))
    north.setResizeMode(QgsLayoutItemPicture.Zoom)
    north.setLinkedMap(map_item)
    _place(north, *geometry["north"])
    scalebar.setLinkedMap(map_item)
    scalebar.setUnits(_km())
    scalebar.setUnitLabel(tr("km"))
    scalebar.setNumberOfSegmentsLeft(0)
    scalebar.setNumberOfSegments(4)
    km_per_mm = map_item.extent().width() / 1000.0 / geometry["map"][2]
    scalebar.setUnitsPerSegment(_nice_segment(km_per_mm * geometry["scalebar"][2] * 0.9 / 4.0))
    scalebar.setHeight(2.0)
    scalebar.update()
    scalebar.attemptMove(QgsLayoutPoint(geometry["scalebar"][0], geometry["scalebar"][1],
                                        QgsUnitTypes.LayoutMillimeters))
    _place(attr_item, *geometry["attribution"])
    _place(date_item, *geometry["date"])

    # legend: only our two layers, filtered to what the map shows
    _keep_styles(map_item)
    legend.setLinkedMap(map_item)
    legend.setTitle(tr("Legend"))
    # a fixed box: the legend's own size estimate is unreliable headless (far too wide/tall)
    lx, ly, lw, lh = geometry["legend"]
    _reg_node, extra_lines = _fill_legend(legend, regions, clusters, _legend_titles(label, noun, atlas), lw)
    # every symbol row counts: the clusters' too (a cluster crossing official boundaries has a row of its own)
    n_items = len(regions.renderer().legendSymbolItems()) + (
        len(clusters.renderer().legendSymbolItems()) if clusters is not None and clusters.renderer() else 0)
    legend_h = min(legend_height(n_items, extra_lines), lh)
    legend.setResizeToContents(False)
    _place(legend, lx, ly, lw, legend_h)
    legend.setLegendFilterByMapEnabled(True)

    # clusters table under the legend (landscape) or beside it (portrait)
    if table is not None:
        _setup_table(table, clusters, field, atlas)
        tx, ty, tw, th = geometry["table"]
        if orientation == "landscape":
            ty = ly + legend_h + 6
            th = geometry["table"][1] + geometry["table"][3] - ty
        _set_table_columns(table, tw)
        frame = table.frame(0)
        _place(frame, tx, ty, tw, max(th, 15))

    if atlas:
        cov = _coverage_layer(regions, clusters, sectors, meta, title, subtitle, spec.atlas_store)
        project.addMapLayer(cov, False)
        at = layout.atlas()
        at.setCoverageLayer(cov)
        at.setEnabled(True)
        at.setHideCoverage(True)
        at.setPageNameExpression('"field"')
        at.setFilenameExpression("'sector_' || \"field\"")
        at.setSortFeatures(True)
        at.setSortExpression('"page"')
    _record_texts(layout)
    layout.setCustomProperty(PLUGIN_LAYOUT, "" if atlas else field)
    if not project.layoutManager().addLayout(layout):
        raise RuntimeError(tr("Could not add the layout '{0}' to the project.").format(name))
    layout.refresh()
    return layout


def legend_height(n_items: int, extra_lines: int = 0) -> float:
    """Legend box height in mm: title, group heading, one row per symbol and any wrapped second lines."""
    return 10.0 + 6.0 + n_items * 6.5 + extra_lines * 3.6 + 2.0


def _legend_layer(root, layer: QgsVectorLayer, title: str):
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


def wrap_text(text: str, width_mm: float, font: QFont) -> str:
    """``text`` on as many lines as it needs to fit ``width_mm``: first after " — ", then between words."""
    from qgis.core import QgsLayoutUtils

    def fits(line: str) -> bool:
        return QgsLayoutUtils.textWidthMM(font, line) <= width_mm

    if fits(text):
        return text
    head, dash, tail = text.partition(" — ")
    if dash and fits(head + " —"):
        return head + " —\n" + wrap_text(tail, width_mm, font)
    lines: list[str] = []
    for word in text.split(" "):
        if lines and fits(f"{lines[-1]} {word}"):
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return "\n".join(lines)


def _wrap_legend_labels(legend: QgsLayoutItemLegend, node, width_mm: float) -> int:
    """Wrap the layer's legend labels that do not fit the box (the layers panel keeps them on one line);
    returns the number of lines added."""
    from qgis.core import QgsMapLayerLegendUtils

    font = QFont(FONT)
    font.setPointSizeF(8.5)
    available = width_mm - legend.symbolWidth() - 8.0
    model = legend.model()
    added = 0
    for i, legend_node in enumerate(model.layerOriginalLegendNodes(node)):
        text = str(legend_node.data(Qt.ItemDataRole.DisplayRole) or "")
        wrapped = wrap_text(text, available, font)
        if wrapped != text:
            # a node's custom property: the model refreshes the node's legend itself
            QgsMapLayerLegendUtils.setLegendNodeUserLabel(node, i, wrapped)
            added += wrapped.count("\n")
    return added


def _styles_of(layers) -> dict[str, str]:
    """{layer id: its style now}, as a map item's layer style overrides."""
    from qgis.core import QgsMapLayerStyle

    out = {}
    for layer in layers:
        if layer is None or not layer.isValid():
            continue
        st = QgsMapLayerStyle()
        st.readFromLayer(layer)
        out[layer.id()] = st.xmlData()
    return out


def _keep_styles(map_item: QgsLayoutItemMap) -> None:
    """The map keeps the look its layers have now (the atlas: its page-following style), so styling the
    layers for another sector later (the panel does, on a sector switch) does not change this layout."""
    layout = map_item.layout()
    for item in (layout.items() if layout is not None else []):
        if isinstance(item, QgsLayoutItemLegend):  # new overrides refresh the legends: at once (see above)
            immediate_legend(item)
    map_item.setKeepLayerStyles(True)
    map_item.setLayerStyleOverrides(_styles_of(map_item.layers()))


PLUGIN_LAYOUT = "sector_clusters/field"  # on the layouts build_layout made: their sector ("" for an atlas)


def refresh_styles(layout: QgsLayout, field: str, regions: QgsVectorLayer,
                   clusters: QgsVectorLayer | None = None) -> None:
    """The layout of sector ``field`` takes its layers' look now (the panel restyled them for ``field``); its
    legend follows (other classes: other labels, another height)."""
    map_item = layout.itemById("map")
    if layout.customProperty(PLUGIN_LAYOUT) != field or not isinstance(map_item, QgsLayoutItemMap):
        return
    if regions.id() not in {lyr.id() for lyr in map_item.layers()}:
        return  # a layout of other layers (an earlier run's): their look is theirs
    _keep_styles(map_item)
    _refit_legend(layout, regions, clusters, len(regions.renderer().legendSymbolItems()))


def _refit_legend(layout: QgsLayout, regions: QgsVectorLayer, clusters: QgsVectorLayer | None, n_classes: int) -> None:
    """The legend filled again for the layers' look now, keeping its place, width and layer titles; its height
    fits the classes, and the clusters table placed under it moves with it."""
    legend = layout.itemById("legend")
    if not isinstance(legend, QgsLayoutItemLegend):
        return
    nodes = legend.model().rootGroup().findLayers()
    old = [legend_title(n) for n in nodes]
    titles = (old[0] if old else regions.name(), old[1] if len(old) > 1 else tr("Multi-region clusters"))
    pos, size = legend.positionWithUnits(), legend.sizeWithUnits()
    wanted = [lyr.id() for lyr in (regions, clusters) if lyr is not None]
    if [n.layerId() for n in nodes] == wanted:
        # The same layers, restyled: refresh their entries in place. Removing and re-adding the nodes here
        # left the legend model's deferred map-filter refresh pointing at deleted nodes (a crash in QGIS
        # 3.40/3.44: QgsLayerTreeModel::invalidateLegendMapBasedData from a timer).
        extra = _refresh_legend(legend, nodes[0], nodes[1:], size.width())
    else:
        _node, extra = _fill_legend(legend, regions, clusters, titles, size.width())
    height = legend_height(n_classes + (1 if clusters is not None else 0), extra)
    frame = layout.itemById(TABLE_ID)
    if frame is not None:
        below = frame.positionWithUnits()
        if abs(below.y() - (pos.y() + size.height() + 6.0)) < 0.5 and below.x() >= pos.x() - 0.5:
            top = pos.y() + height + 6.0
            bottom = below.y() + frame.sizeWithUnits().height()
            _place(frame, below.x(), top, frame.sizeWithUnits().width(), max(bottom - top, 15.0))
    _place(legend, pos.x(), pos.y(), size.width(), height)


def _refresh_legend(legend: QgsLayoutItemLegend, reg_node, other_nodes, width_mm: float) -> int:
    """The legend entries of nodes already in the legend, for their layers' look now: the legend refreshed its
    entries when the map's style overrides changed (``_keep_styles``); the wrapped labels of the old classes
    are dropped and the new ones wrapped. Returns the lines the wrapping added."""
    immediate_legend(legend)
    for key in [k for k in reg_node.customProperties() if k.startswith("legend/label-")]:
        reg_node.removeCustomProperty(key)
    return _wrap_legend_labels(legend, reg_node, width_mm)


def _legend_titles(label: str, noun: str, atlas: bool) -> tuple[str, str]:
    return (noun[:1].upper() + noun[1:] if atlas else f"{label} — {noun}"), tr("Multi-region clusters")


def _drop_template_legend(layout: QgsLayout) -> None:
    """The template's legend goes; ``_create_items`` makes ours, in the same style. A legend read from the
    template was built on the project's layer tree with deferred updates, which may already be pending when we
    fill it (see ``immediate_legend``)."""
    legend = layout.itemById("legend")
    if isinstance(legend, QgsLayoutItemLegend):
        layout.removeLayoutItem(legend)


def immediate_legend(legend: QgsLayoutItemLegend) -> None:
    """Legend updates done at once, not on the model's 10 ms timer.

    QGIS 3.40/3.44 keep the layer-tree nodes a deferred legend update will revisit in a list that removing
    a node from the tree does not clean (QgsLayerTreeModel::invalidateLegendMapBasedData): the panel
    restyles and re-fills legends and replaces layers quickly enough for the timer to find a deleted node.
    """
    legend.model().setFlag(QgsLayerTreeModel.DeferredLegendInvalidation, False)


def _fill_legend(legend: QgsLayoutItemLegend, regions: QgsVectorLayer, clusters: QgsVectorLayer | None,
                 titles: tuple[str, str], width_mm: float):
    """Only our two layers in the legend (the clusters' own entry hidden); returns (regions node, lines added)."""
    immediate_legend(legend)
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    reg_node = _legend_layer(root, regions, titles[0])
    if clusters is not None:
        cl_node = _legend_layer(root, clusters, titles[1])
        QgsLegendRenderer.setNodeLegendStyle(cl_node, QgsLegendStyle.Hidden)
    return reg_node, _wrap_legend_labels(legend, reg_node, width_mm)


def layout_sectors(layout: QgsLayout) -> list[str]:
    """The sector fields a layout ``build_layout`` made shows: its own, or its atlas' pages' ([] for another)."""
    field = layout.customProperty(PLUGIN_LAYOUT)
    if field is None:
        return []
    if field:
        return [str(field)]
    cov = layout.atlas().coverageLayer() if isinstance(layout, QgsPrintLayout) else None
    if cov is None or not cov.isValid() or "field" not in cov.fields().names():
        return []
    return [str(f["field"]) for f in cov.getFeatures()]


def layout_fits(layout: QgsLayout, regions: QgsVectorLayer) -> bool:
    """``regions`` holds every sector the layout shows: it can be pointed at them (a layout made for an
    earlier table cannot: its map, legend and table would read fields the layer lacks)."""
    names = regions.fields().names()
    return all(sectors_mod.analysed(f, names) for f in layout_sectors(layout))


def repoint_layout(layout: QgsLayout, regions: QgsVectorLayer, clusters: QgsVectorLayer | None,
                   scheme: str = "classes") -> None:
    """Show new output layers (the panel wrote them again) in a layout the user may have edited: the map,
    its kept styles, the legend and the clusters table follow; positions, texts and added items stay."""
    field = layout.customProperty(PLUGIN_LAYOUT)
    atlas = field == ""
    map_item, legend, table = layout.itemById("map"), layout.itemById("legend"), _find_table(layout)
    meta = sectors_mod.layer_meta(regions)
    layers = [lyr for lyr in (clusters, regions) if lyr is not None]
    n_classes = len(regions.renderer().legendSymbolItems())
    if isinstance(map_item, QgsLayoutItemMap):
        map_item.setLayers(layers)
        styled = []
        for layer in layers:
            clone = layer.clone()
            if layer is regions:
                style.style_regions(clone, field or None, scheme, meta, atlas=atlas)
                n_classes = len(clone.renderer().legendSymbolItems())
            else:
                style.style_clusters(clone, field or None, meta=None, atlas=atlas, regions=regions)
            styled.append((layer.id(), clone))
        overrides = _styles_of([c for _i, c in styled])
        map_item.setKeepLayerStyles(True)
        map_item.setLayerStyleOverrides({i: overrides[c.id()] for i, c in styled})
    if isinstance(legend, QgsLayoutItemLegend):
        _refit_legend(layout, regions, clusters, n_classes)
    if table is not None and clusters is not None:
        table.setVectorLayer(clusters)
    if not atlas:
        spec = MapSpec(field=field)
        mine = plugin_texts(layout)
        texts = layout_texts(regions, clusters, spec, meta)
        sync_texts(layout, {k: v for k, v in texts.items() if k == "subtitle" or k not in mine})
    layout.refresh()


# ---------------------------------------------------------------- layouts the user may have edited
TEXTS_PROPERTY = "sector_clusters/texts"  # on a layout: {item id: the text the plugin put there}
TEXT_IDS = ("title", "subtitle", "attribution")


def find_layout(project: QgsProject, name: str) -> QgsPrintLayout | None:
    """The print layout called ``name`` in the project's layout manager (as the user left it), or None."""
    layout = project.layoutManager().layoutByName(name)
    return layout if isinstance(layout, QgsPrintLayout) else None


def plugin_texts(layout: QgsLayout) -> dict[str, str]:
    import json

    try:
        return dict(json.loads(layout.customProperty(TEXTS_PROPERTY) or "{}"))
    except (TypeError, ValueError):
        return {}


def _record_texts(layout: QgsLayout) -> None:
    import json

    texts = {i: layout.itemById(i).text() for i in TEXT_IDS if isinstance(layout.itemById(i), QgsLayoutItemLabel)}
    layout.setCustomProperty(TEXTS_PROPERTY, json.dumps(texts, ensure_ascii=False))


def sync_texts(layout: QgsLayout, texts: dict[str, str]) -> list[str]:
    """Put the panel's title/subtitle/attribution into ``layout`` where the layout designer left the plugin's
    own text; a text edited in the designer is kept. Returns the ids of the texts kept that way."""
    import json

    mine = plugin_texts(layout)
    kept = []
    for item_id, text in texts.items():
        item = layout.itemById(item_id)
        if not isinstance(item, QgsLayoutItemLabel) or text is None:
            continue
        if item_id in mine and item.text() != mine[item_id]:
            kept.append(item_id)
            continue
        if item.text() != text:
            item.setText(text)
        mine[item_id] = text
    layout.setCustomProperty(TEXTS_PROPERTY, json.dumps(mine, ensure_ascii=False))
    return kept


def layout_page(layout: QgsLayout) -> tuple[str, str] | None:
    """(page size, orientation) of the layout's first page, when it is one of ours (codes.PAGE_SIZES), else None."""
    page = layout.pageCollection().page(0) if layout.pageCollection().pageCount() else None
    if page is None:
        return None
    size = layout.renderContext().measurementConverter().convert(page.pageSize(), QgsUnitTypes.LayoutMillimeters)
    from ..core.codes import PAGE_SIZES

    for name in PAGE_SIZES:
        for orientation in ("landscape", "portrait"):
            w, h = page_mm(name, orientation)
            if abs(size.width() - w) < 0.5 and abs(size.height() - h) < 0.5:
                return name, orientation
    return None


def layout_texts(regions: QgsVectorLayer, clusters: QgsVectorLayer | None, spec: MapSpec,
                 meta: dict | None = None) -> dict[str, str]:
    """The title, subtitle and attribution ``build_layout`` writes for ``spec`` (one sector, not an atlas)."""
    meta = sectors_mod.layer_meta(regions, meta)
    field = sectors_mod.resolve_field(regions, spec.field, meta)
    label = sectors_mod.sector_label(regions, field, meta)
    if clusters is not None and not clusters.isValid():
        clusters = None
    return {"title": _sector_title(spec.title, label, False),
            "subtitle": _sector_subtitle(spec.subtitle, meta, count_clusters(clusters, field), region_noun(meta)),
            "attribution": spec.attribution if spec.attribution is not None else default_attribution()}


def _nice_segment(km: float) -> float:
    """Round a segment length down to 1, 2, 2.5 or 5 × 10^n km so the bar fits its slot."""
    import math

    if km <= 0:
        return 10.0
    exp = 10 ** math.floor(math.log10(km))
    best = exp
    for step in (1, 2, 2.5, 5):
        if step * exp <= km:
            best = step * exp
    return best


def _setup_table(table: QgsLayoutItemAttributeTable, clusters: QgsVectorLayer, field: str, atlas: bool) -> None:
    table.setVectorLayer(clusters)
    table.setDisplayOnlyVisibleFeatures(False)
    table.setFilterFeatures(True)
    table.setFeatureFilter(style.cluster_filter(field, atlas))
    table.setMaximumNumberOfFeatures(30)
    table.setEmptyTableBehavior(QgsLayoutTable.ShowMessage)
    table.setEmptyTableMessage(tr("No multi-region clusters"))
    table.setWrapBehavior(QgsLayoutTable.WrapText)
    table.setResizeMode(QgsLayoutMultiFrame.UseExistingFrames)


# Member names as written ("; " between them): names hold commas ("Derby, Derbyshire, Nottingham and
# Nottinghamshire" is one region), so a list of names is never joined with commas.
MEMBERS_EXPRESSION = 'coalesce("member_names", "members")'


def _set_table_columns(table: QgsLayoutItemAttributeTable, width: float) -> None:
    """Cluster id, number of regions and member names, sorted by cluster id.

    Columns go through the table's XML because ``setColumns`` with Python-made
    QgsLayoutTableColumn objects corrupts memory in QGIS 3.22's bindings.
    """
    members_w = max(width - 26.0 - 6 * table.cellMargin() - 4 * table.gridStrokeWidth() - 1.0, 20.0)
    crosses_w = _crosses_width(table, members_w)
    members_w -= crosses_w
    specs = [
        (tr("Cluster"), '"cluster_id"', 13.0, int(Qt.AlignmentFlag.AlignHCenter)),
        (tr("Regions"), '"n_regions"', 13.0, int(Qt.AlignmentFlag.AlignHCenter)),
        (tr("Members"), MEMBERS_EXPRESSION, members_w, int(Qt.AlignmentFlag.AlignLeft)),
    ]
    if crosses_w:  # the units of the overlay each cluster crosses (names keep their commas, so '; ')
        specs.append((tr("Crosses"), '"crosses"', crosses_w, int(Qt.AlignmentFlag.AlignLeft)))
    table_columns(table, specs)


def table_columns(table: QgsLayoutItemAttributeTable, specs, sort: tuple | None = None) -> None:
    """Set a table's display columns, sorted by the first (or by ``sort``, a spec of the same shape whose
    expression need not be shown), through its XML (``setColumns`` with Python-made QgsLayoutTableColumn objects
    corrupts memory in QGIS 3.22's bindings). ``specs``: (heading, expression, width mm, horizontal alignment)."""
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


def _crosses_width(table: QgsLayoutItemAttributeTable, members_w: float) -> float:
    """The Crosses column's width: a third of the text columns when the clusters layer has a ``crosses``
    field with a value (made with an overlay), else 0 (no column)."""
    layer = table.vectorLayer()
    idx = layer.fields().indexFromName("crosses") if layer is not None else -1
    from .layers import is_null

    if idx < 0 or not any(not is_null(v) and str(v).strip() for v in layer.uniqueValues(idx)):
        return 0.0
    return max(members_w * 0.35, 12.0) if members_w > 30.0 else 0.0


def _geometry(width: float, height: float, orientation: str,
              aspect: float) -> dict[str, tuple[float, float, float, float]]:
    """Item rectangles (x, y, w, h) in mm for the page; the map keeps the data's aspect where it can."""
    m = 10.0
    top = m + 23.0
    foot_h = 12.0
    foot_y = height - m - foot_h
    g: dict[str, tuple[float, float, float, float]] = {
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


def save_template(path: Path | None = None) -> Path:
    """Write the default item styles as a .qpt (used to create the shipped template)."""
    path = path or LAYOUTS_DIR / TEMPLATE
    project = QgsProject()
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.setName("Sector Clusters")
    page: QgsLayoutItemPage = layout.pageCollection().page(0)
    page.setPageSize(QgsLayoutSize(297, 210, QgsUnitTypes.LayoutMillimeters))
    _create_items(layout)
    _new_table(layout)
    g = _geometry(297, 210, "landscape", 0.85)
    for item_id in ITEM_IDS:
        _place(layout.itemById(item_id), *g[item_id])
    _place(layout.itemById(TABLE_ID), *g["table"])
    layout.itemById("title").setText("[% attribute(@atlas_feature, 'title') %]")
    layout.itemById("subtitle").setText("[% attribute(@atlas_feature, 'subtitle') %]")
    layout.itemById("north").setPicturePath(NORTH_ARROW)
    layout.itemById("map").setCrs(QgsCoordinateReferenceSystem("EPSG:27700"))
    layout.itemById("map").setExtent(QgsRectangle(80000, -20000, 680000, 680000))
    path.parent.mkdir(parents=True, exist_ok=True)
    layout.saveAsTemplate(str(path), QgsReadWriteContext())
    return path


__all__ = ["DEFAULT_ATTRIBUTION", "MapSpec", "build_layout", "default_attribution", "find_layout", "layout_name",
           "layout_page", "layout_texts", "page_mm", "save_template", "sync_texts", "wrap_text"]
