"""Print layouts for one sector, or an atlas with one page per sector.

Item look (fonts, frames, colours) comes from ``resources/layouts/sector_map.qpt``
when present, so users can restyle it in the layout designer; an item the template lacks is made by
``layout_items`` (the pieces the timeline maps and the point clusters use too); positions are
computed here for the chosen page so A4/A3 in either orientation all fit.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsGeometry,
    QgsLayout,
    QgsLayoutItemAttributeTable,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPage,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsLayoutSize,
    QgsLegendRenderer,
    QgsLegendStyle,
    QgsMapLayerLegendUtils,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsUnitTypes,
    QgsVectorFileWriter,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtXml import QDomDocument

from ..core.codes import PAGE_SIZES
from ..i18n import tr
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
from .layers import is_null
from .layout_items import (
    ATLAS_PROPERTY,
    MEMBERS_EXPRESSION,
    NORTH_ARROW,
    TableRows,
    add_layers,
    add_layout,
    date_line,
    default_attribution,
    features_extent,
    fit_font_size,
    immediate_legend,
    keep_styles,
    layout_name,
    legend_height,
    legend_layer,
    legend_title,
    link_north_arrow,
    link_scalebar,
    map_crs,
    map_extent,
    new_label,
    new_legend,
    new_map_item,
    new_north_arrow,
    new_scalebar,
    new_table,
    page_geometry,
    page_mm,
    place,
    plugin_font,
    remove_layout,
    set_label_format,
    show_layers,
    show_rows,
    styles_of,
    table_columns,
    wrap_text,
)
from .meta import gpkg_location, read_gpkg_meta

LAYOUTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "layouts"
TEMPLATE = "sector_map_a4_landscape.qpt"
ITEM_IDS = ("title", "subtitle", "map", "legend", "scalebar", "north", "attribution", "date")
TABLE_ID = "clusters_table"


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
def _create_items(layout: QgsLayout) -> None:
    """Create any standard item the template did not provide."""
    have = {i for i in ITEM_IDS if layout.itemById(i) is not None}
    if "title" not in have:
        new_label(layout, "title", 18, True)
    if "subtitle" not in have:
        new_label(layout, "subtitle", 9, False, "#333333")
    if "map" not in have:
        new_map_item(layout)
    if "legend" not in have:
        new_legend(layout)
    if "scalebar" not in have:
        new_scalebar(layout)
    if "north" not in have:
        new_north_arrow(layout)
    if "attribution" not in have:
        new_label(layout, "attribution", 6.5, False, "#4d4d4d")
    if "date" not in have:
        d = new_label(layout, "date", 6.5, False, "#4d4d4d")
        d.setHAlign(Qt.AlignmentFlag.AlignRight)


def _find_table(layout: QgsLayout) -> QgsLayoutItemAttributeTable | None:
    for mf in layout.multiFrames():
        if isinstance(mf, QgsLayoutItemAttributeTable):
            return mf
    return None


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
                    meta: dict, spec: MapSpec) -> QgsVectorLayer:
    """One feature per sector (field, label, title, subtitle from ``spec``'s); geometry = regions' extent; kept in
    ``spec.atlas_store`` when it is the plugin's own GeoPackage."""
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
        f.setAttributes([page, field, label, short_name(label), _sector_title(spec.title, label, True),
                         _sector_subtitle(spec.subtitle, meta, n, noun, field), n])
        feats.append(f)
    cov.dataProvider().addFeatures(feats)
    if spec.atlas_store:
        cov = _store_pages(spec.atlas_store, cov)
    cov.setCustomProperty(ATLAS_PROPERTY, True)
    return cov


ATLAS_TABLE = "sector_clusters_atlas_pages"


def _store_pages(store: str, cov: QgsVectorLayer) -> QgsVectorLayer:
    """Keep the atlas pages in ``store``, so a saved project's atlas survives reopening.

    ``store`` is the panel's own output GeoPackage; it is used only when it holds the plugin's record, so a
    user's file is never modified, and an export (which passes no store) never writes to its inputs. Without
    a store the pages stay in memory, which is enough for an export.
    """
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


@dataclass(frozen=True)
class _SectorPage:
    """What one build of the sector map works from, resolved once: the layers, the sector (``field``, its
    ``label``), the region noun, the record, every analysed sector (the atlas' pages) and the spec."""

    regions: QgsVectorLayer
    clusters: QgsVectorLayer | None
    field: str
    label: str
    noun: str
    meta: dict
    sectors: dict
    spec: MapSpec


def build_layout(project: QgsProject, regions: QgsVectorLayer, clusters: QgsVectorLayer | None,
                 spec: MapSpec | None = None, meta: dict | None = None) -> QgsPrintLayout:
    """A print-ready layout for one sector (or every sector with ``spec.atlas``) in ``project``.

    A layout of the same name is replaced.
    """
    spec = spec or MapSpec()
    meta = sectors_mod.layer_meta(regions, meta)
    field = sectors_mod.resolve_field(regions, spec.field, meta)
    sectors = sectors_mod.sector_fields(regions, meta)
    sectors = {f: lbl for f, lbl in sectors.items() if sectors_mod.analysed(f, regions.fields().names())}
    if clusters is not None and not clusters.isValid():
        clusters = None
    page = _SectorPage(regions, clusters, field, sectors.get(field, field), region_noun(meta), meta, sectors, spec)

    if spec.apply_style:
        style.style_regions(regions, field, spec.scheme, meta, atlas=spec.atlas)
        if clusters is not None:
            style.style_clusters(clusters, field, spec.show_members, meta, atlas=spec.atlas, regions=regions)

    layout, table = _start_layout(project, layout_name(page.label, atlas=spec.atlas), spec, clusters is not None)
    _write_texts(layout, page)

    map_item: QgsLayoutItemMap = layout.itemById("map")
    crs = map_crs(regions)
    layers = [lyr for lyr in (clusters, regions) if lyr is not None]
    add_layers(project, layers)
    show_layers(map_item, crs, layers)
    map_item.setAtlasDriven(False)
    extent = map_extent(regions, crs)
    width, height = page_mm(spec.page_size, spec.orientation)
    geometry = page_geometry(width, height, spec.orientation, extent.width() / max(extent.height(), 1e-9))
    _place_texts(layout, page, geometry)
    _place_map(layout, extent, geometry)
    legend_bottom = _fill_side_panel(layout, page, geometry)
    if table is not None:  # the clusters table under the legend (landscape) or beside it (portrait)
        show_rows(table, TableRows(clusters, style.cluster_filter(field, spec.atlas), 30,
                                   tr("No multi-region clusters")))
        tx, ty, tw, th = geometry["table"]
        if spec.orientation == "landscape":
            ty = legend_bottom + 6
            th = geometry["table"][1] + geometry["table"][3] - ty
        set_cluster_table_columns(table, tw)
        place(table.frame(0), tx, ty, tw, max(th, 15))
    if spec.atlas:
        _set_atlas(layout, _coverage_layer(regions, clusters, sectors, meta, spec))
    _record_texts(layout)
    layout.setCustomProperty(PLUGIN_LAYOUT, "" if spec.atlas else field)
    add_layout(project, layout)
    return layout


def _start_layout(project: QgsProject, name: str, spec: MapSpec,
                  with_table: bool) -> tuple[QgsPrintLayout, QgsLayoutItemAttributeTable | None]:
    """The layout called ``name`` (replacing one of that name) from the template, one page of the spec's size,
    every standard item, and the clusters table when ``with_table`` (else none, even if the template has one)."""
    remove_layout(project, name)
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
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(width, height, QgsUnitTypes.LayoutMillimeters))
    _create_items(layout)
    table = _find_table(layout) if with_table else None
    if with_table and table is None:
        table = new_table(layout, TABLE_ID)
    elif not with_table:
        old = _find_table(layout)
        if old is not None:
            layout.removeMultiFrame(old)
    return layout, table


def _write_texts(layout: QgsLayout, page: _SectorPage) -> None:
    """Title and subtitle (an atlas': each page's, from its coverage feature), attribution and date."""
    spec = page.spec
    if spec.atlas:
        layout.itemById("title").setText("[% attribute(@atlas_feature, 'title') %]")
        layout.itemById("subtitle").setText("[% attribute(@atlas_feature, 'subtitle') %]")
    else:
        layout.itemById("title").setText(_sector_title(spec.title, page.label, False))
        layout.itemById("subtitle").setText(_sector_subtitle(
            spec.subtitle, page.meta, count_clusters(page.clusters, page.field), page.noun, page.field))
    layout.itemById("attribution").setText(spec.attribution if spec.attribution is not None
                                           else default_attribution())
    layout.itemById("date").setText(date_line(spec.date_text))


def _place_texts(layout: QgsLayout, page: _SectorPage, geometry: dict) -> None:
    """Title and subtitle at their places, the title's size fitted to one line, the texts aligned left."""
    title_item, sub_item = layout.itemById("title"), layout.itemById("subtitle")
    place(title_item, *geometry["title"])
    place(sub_item, *geometry["subtitle"])
    # Long titles (atlas: the longest sector's) shrink to fit one line rather than wrap into the subtitle.
    titles = [_sector_title(page.spec.title, lbl, True) for lbl in page.sectors.values()] if page.spec.atlas \
        else [title_item.text()]
    set_label_format(title_item, fit_font_size(titles, geometry["title"][2], 18.0), True)
    for item in (title_item, sub_item, layout.itemById("attribution")):
        item.setHAlign(Qt.AlignmentFlag.AlignLeft)  # a template may carry Justify, which stretches short lines


def _place_map(layout: QgsLayout, extent: QgsRectangle, geometry: dict) -> None:
    """The map showing ``extent`` at its place, its north arrow and scale bar, and the footer's texts."""
    map_item: QgsLayoutItemMap = layout.itemById("map")
    map_item.setExtent(extent)  # a template's map may hold an empty (NaN) extent; resizes the item
    place(map_item, *geometry["map"])
    map_item.zoomToExtent(extent)
    north: QgsLayoutItemPicture = layout.itemById("north")
    link_north_arrow(north, map_item, geometry["north"])
    scalebar: QgsLayoutItemScaleBar = layout.itemById("scalebar")
    sx, sy, sw, _sh = geometry["scalebar"]
    link_scalebar(scalebar, map_item, geometry["map"][2], sx, sy, sw)
    place(layout.itemById("attribution"), *geometry["attribution"])
    place(layout.itemById("date"), *geometry["date"])


def _fill_side_panel(layout: QgsLayout, page: _SectorPage, geometry: dict) -> float:
    """The legend: only our two layers, filtered to what the map shows, in a fixed box (the legend's own size
    estimate is unreliable headless: far too wide or tall). Returns the legend's bottom (mm)."""
    map_item: QgsLayoutItemMap = layout.itemById("map")
    legend: QgsLayoutItemLegend = layout.itemById("legend")
    keep_styles(map_item)
    legend.setLinkedMap(map_item)
    legend.setTitle(tr("Legend"))
    lx, ly, lw, lh = geometry["legend"]
    regions, clusters = page.regions, page.clusters
    _reg_node, extra_lines = _fill_legend(legend, regions, clusters,
                                          _legend_titles(page.label, page.noun, page.spec.atlas), lw)
    # every symbol row counts: the clusters' too (a cluster crossing official boundaries has a row of its own)
    n_items = len(regions.renderer().legendSymbolItems()) + (
        len(clusters.renderer().legendSymbolItems()) if clusters is not None and clusters.renderer() else 0)
    legend_h = min(legend_height(n_items, extra_lines), lh)
    legend.setResizeToContents(False)
    place(legend, lx, ly, lw, legend_h)
    legend.setLegendFilterByMapEnabled(True)
    return ly + legend_h


def _set_atlas(layout: QgsPrintLayout, cov: QgsVectorLayer) -> None:
    """One page per feature of ``cov`` (one per sector), in page order, named by sector field."""
    layout.project().addMapLayer(cov, False)
    at = layout.atlas()
    at.setCoverageLayer(cov)
    at.setEnabled(True)
    at.setHideCoverage(True)
    at.setPageNameExpression('"field"')
    at.setFilenameExpression("'sector_' || \"field\"")
    at.setSortFeatures(True)
    at.setSortExpression('"page"')


def _wrap_legend_labels(legend: QgsLayoutItemLegend, node, width_mm: float) -> int:
    """Wrap the layer's legend labels that do not fit the box (the layers panel keeps them on one line);
    returns the number of lines added."""
    font = plugin_font(8.5)
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
    keep_styles(map_item)
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
            place(frame, below.x(), top, frame.sizeWithUnits().width(), max(bottom - top, 15.0))
    place(legend, pos.x(), pos.y(), size.width(), height)


def _refresh_legend(legend: QgsLayoutItemLegend, reg_node, other_nodes, width_mm: float) -> int:
    """The legend entries of nodes already in the legend, for their layers' look now: the legend refreshed its
    entries when the map's style overrides changed (``keep_styles``); the wrapped labels of the old classes
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


def _fill_legend(legend: QgsLayoutItemLegend, regions: QgsVectorLayer, clusters: QgsVectorLayer | None,
                 titles: tuple[str, str], width_mm: float):
    """Only our two layers in the legend (the clusters' own entry hidden); returns (regions node, lines added)."""
    immediate_legend(legend)
    legend.setAutoUpdateModel(False)
    root = legend.model().rootGroup()
    root.removeAllChildren()
    reg_node = legend_layer(root, regions, titles[0])
    if clusters is not None:
        cl_node = legend_layer(root, clusters, titles[1])
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
        overrides = styles_of([c for _i, c in styled])
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
    try:
        return dict(json.loads(layout.customProperty(TEXTS_PROPERTY) or "{}"))
    except (TypeError, ValueError):
        return {}


def _record_texts(layout: QgsLayout) -> None:
    texts = {i: layout.itemById(i).text() for i in TEXT_IDS if isinstance(layout.itemById(i), QgsLayoutItemLabel)}
    layout.setCustomProperty(TEXTS_PROPERTY, json.dumps(texts, ensure_ascii=False))


def sync_texts(layout: QgsLayout, texts: dict[str, str]) -> list[str]:
    """Put the panel's title/subtitle/attribution into ``layout`` where the layout designer left the plugin's
    own text; a text edited in the designer is kept. Returns the ids of the texts kept that way."""
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


def set_cluster_table_columns(table: QgsLayoutItemAttributeTable, width: float) -> None:
    """The clusters table's columns for a frame ``width`` mm wide: cluster id, number of regions, member names
    (and the overlay units each cluster crosses, when its layer has them), sorted by cluster id."""
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


def _crosses_width(table: QgsLayoutItemAttributeTable, members_w: float) -> float:
    """The Crosses column's width: a third of the text columns when the clusters layer has a ``crosses``
    field with a value (made with an overlay), else 0 (no column)."""
    layer = table.vectorLayer()
    idx = layer.fields().indexFromName("crosses") if layer is not None else -1
    if idx < 0 or not any(not is_null(v) and str(v).strip() for v in layer.uniqueValues(idx)):
        return 0.0
    return max(members_w * 0.35, 12.0) if members_w > 30.0 else 0.0


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
    new_table(layout, TABLE_ID)
    g = page_geometry(297, 210, "landscape", 0.85)
    for item_id in ITEM_IDS:
        place(layout.itemById(item_id), *g[item_id])
    place(layout.itemById(TABLE_ID), *g["table"])
    layout.itemById("title").setText("[% attribute(@atlas_feature, 'title') %]")
    layout.itemById("subtitle").setText("[% attribute(@atlas_feature, 'subtitle') %]")
    layout.itemById("north").setPicturePath(NORTH_ARROW)
    layout.itemById("map").setCrs(QgsCoordinateReferenceSystem("EPSG:27700"))
    layout.itemById("map").setExtent(QgsRectangle(80000, -20000, 680000, 680000))
    path.parent.mkdir(parents=True, exist_ok=True)
    layout.saveAsTemplate(str(path), QgsReadWriteContext())
    return path


__all__ = ["ITEM_IDS", "MapSpec", "PLUGIN_LAYOUT", "TABLE_ID", "build_layout", "find_layout", "layout_fits",
           "layout_page", "layout_sectors", "layout_texts", "refresh_styles", "repoint_layout", "save_template",
           "set_cluster_table_columns", "sync_texts"]
