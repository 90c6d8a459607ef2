"""The timeline's maps: small multiples and the trajectory map, as layouts and through exportmap (real QGIS).

Built on a real clustertimeline run (38 LEPs, BRES 2015–2020, location quotient). What a reader would notice is
asserted: every item on the page and none over another, each small map drawing its own period (the share of the
"above" colour follows the area of that period's above-baseline LEPs), one legend and one scale bar, the
trajectory classes told apart in greyscale, and the exports.
"""
from __future__ import annotations

import shutil
import subprocess

import numpy as np
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextScope,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsProject,
    QgsVectorLayer,
)

from plugin.gis import style
from plugin.gis import timeline_maps as tm
from tests.conftest import BRES, BRES_ALIASES, need
from tests.qgis.processing_run import run, sha1
from tests.qgis.test_maps import colour_share, png_size
from tests.qgis.test_timeline_algorithm import outputs

pytestmark = pytest.mark.qgis
ICT = "J_Information_and_communication"
POPPLER = shutil.which("pdftotext") is not None


@pytest.fixture(scope="module")
def timeline(processing_ready, lep_path, shared_data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tlmaps")
    aliases = folder / "aliases.csv"
    aliases.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    ok, res, fb = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLES": [str(need(p)) for p in BRES.values()],
        "ALIASES": str(aliases), "BASELINE": 3, "SECTORS": "J : Information and communication\nC : Manufacturing",
        **outputs(folder)})
    assert ok, fb.errors
    return res


@pytest.fixture()
def project():
    """A private project; its layouts and layers are removed even when a test fails (a project garbage-collected
    with them still inside can crash QGIS 3.22 at exit)."""
    p = QgsProject()
    yield p
    p.layoutManager().clear()
    p.removeAllMapLayers()


def layers(res):
    regions = QgsVectorLayer(res["OUTPUT_REGIONS"], "regions", "ogr")
    clusters = QgsVectorLayer(res["OUTPUT_CLUSTERS"], "clusters", "ogr")
    assert regions.isValid() and clusters.isValid()
    return regions, clusters


def rect(item):
    r = item.sceneBoundingRect()
    return r.x(), r.y(), r.x() + r.width(), r.y() + r.height()


def overlap(a, b) -> bool:
    return a[0] < b[2] - 0.01 and b[0] < a[2] - 0.01 and a[1] < b[3] - 0.01 and b[1] < a[3] - 0.01


def check_page(layout, width, height):
    """Every item inside the page; maps, labels, legend and scale bar never over one another."""
    items = [i for i in layout.items() if isinstance(i, (QgsLayoutItemMap, QgsLayoutItemLabel, QgsLayoutItemLegend,
                                                          QgsLayoutItemScaleBar))]
    for item in items:
        x0, y0, x1, y1 = rect(item)
        assert x0 >= 0 and y0 >= 0 and x1 <= width + 0.01 and y1 <= height + 0.01, item.id()
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            assert not overlap(rect(a), rect(b)), (a.id(), b.id())
    return items


@pytest.mark.parametrize("size,orientation", [("A4", "landscape"), ("A4", "portrait"), ("A3", "landscape"),
                                              ("A3", "portrait")])
def test_small_multiples_page(timeline, project, size, orientation):
    regions, clusters = layers(timeline)
    layout = tm.build_small_multiples(project, regions, clusters,
                                      tm.TimelineMapSpec(ICT, page_size=size, orientation=orientation))
    from plugin.gis.layout import page_mm

    items = check_page(layout, *page_mm(size, orientation))
    maps = sorted((i for i in items if isinstance(i, QgsLayoutItemMap)), key=lambda m: m.id())
    assert [m.id() for m in maps] == [f"period {y}" for y in BRES]
    scales = {round(m.scale()) for m in maps}
    assert len(scales) == 1  # one scale bar is true for every map
    assert sum(isinstance(i, QgsLayoutItemLegend) for i in items) == 1
    assert sum(isinstance(i, QgsLayoutItemScaleBar) for i in items) == 1
    labels = {i.id(): i.text() for i in items if isinstance(i, QgsLayoutItemLabel)}
    assert labels["label 2015"] == "2015 · 1 cluster"
    assert labels["title"] == "J : Information and communication: clusters 2015–2020"
    assert layout.name() == "Sector Clusters — J : Information and communication — periods"
    assert [lay.name() for lay in project.layoutManager().layouts()] == [layout.name()]


def test_each_small_map_draws_its_own_period(timeline, project, tmp_path):
    """The share of the 'above' colour in each map follows the area of that period's above LEPs."""
    regions, clusters = layers(timeline)
    layout = tm.build_small_multiples(project, regions, clusters, tm.TimelineMapSpec(ICT))
    png = tmp_path / "sm.png"
    dpi = 100
    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = dpi
    assert QgsLayoutExporter(layout).exportToImage(str(png), settings) == QgsLayoutExporter.Success
    from qgis.PyQt.QtGui import QImage

    image = QImage(str(png)).convertToFormat(QImage.Format.Format_RGB888)
    ptr = image.constBits()
    ptr.setsize(image.height() * image.bytesPerLine())
    img = np.frombuffer(ptr, np.uint8).reshape(image.height(), image.bytesPerLine())[:, : image.width() * 3]
    img = img.reshape(image.height(), image.width(), 3)
    to_bng = QgsCoordinateTransform(regions.crs(), QgsCoordinateReferenceSystem("EPSG:27700"), QgsProject.instance())
    shares, areas = [], []
    for year in BRES:
        item = layout.itemById(f"period {year}")
        x0, y0, x1, y1 = (round(v * dpi / 25.4) for v in rect(item))
        shares.append(colour_share(img[y0 + 3:y1 - 3, x0 + 3:x1 - 3], style.ABOVE_COLOUR, tol=6))
        area = 0.0
        for f in regions.getFeatures():
            if f[f"{ICT}_above_{year}"] == 1:
                g = f.geometry()
                g.transform(to_bng)
                area += g.area()
        areas.append(area)
    ratio = np.array(shares) / np.array(areas)
    assert ratio.max() / ratio.min() < 1.12, (shares, areas)  # the halo and outlines cover a little of each
    assert len({round(a) for a in areas}) > 1  # the periods do differ, so the maps do
    assert shares[0] == pytest.approx(shares[-1], rel=0.02)  # 2015 and 2020: the shared data's identical files


def test_the_period_of_the_map_being_drawn():
    expr = QgsExpression(tm.map_period_expression(2020))
    for map_id, expected in (("period 2016", 2016), ("canvas", 2020), (None, 2020)):
        ctx = QgsExpressionContext()
        scope = QgsExpressionContextScope()
        if map_id is not None:
            scope.setVariable("map_id", map_id)
        ctx.appendScope(scope)
        assert expr.evaluate(ctx) == expected, map_id


@pytest.mark.parametrize("orientation", ["landscape", "portrait"])
def test_trajectory_map_page_legend_and_table(timeline, project, orientation):
    regions, clusters = layers(timeline)
    layout = tm.build_trajectory_map(project, regions, clusters,
                                     tm.TimelineMapSpec(ICT, orientation=orientation))
    from plugin.gis.layout import page_mm

    check_page(layout, *page_mm("A4", orientation))
    labels = [c.label() for c in regions.renderer().categories()]
    counts = {}
    for f in regions.getFeatures():
        counts[f[f"{ICT}_traj"]] = counts.get(f[f"{ICT}_traj"], 0) + 1
    assert labels[0] == f"Persistent: above in every period ({counts['persistent']})"
    assert [c.value() for c in regions.renderer().categories()] == [
        "persistent", "emerging", "fading", "intermittent", "never", "no data"]
    rule = clusters.renderer().rootRule().children()[0]
    assert rule.filterExpression() == f"\"sector\" = '{ICT}' AND \"period\" = 2020"
    frame = layout.itemById("clusters_table")
    table = frame.multiFrame()
    assert table.featureFilter() == f"\"sector\" = '{ICT}' AND \"period\" = 2020"
    assert [c.heading() for c in table.columns()] == ["Track", "Change", "Regions", "Members"]
    # member names keep their commas ("Derby, Derbyshire, Nottingham and Nottinghamshire" is one LEP): "; " between
    from plugin.gis.layout import MEMBERS_EXPRESSION

    assert table.columns()[3].attribute() == MEMBERS_EXPRESSION
    written = {str(f["track"]): f["member_names"] for f in clusters.getFeatures()
               if f["sector"] == ICT and f["period"] == 2020}
    shown = {str(row[0]): str(row[3]) for row in table.contents()}
    assert shown == written and all("; " in names for names in shown.values())
    x0, y0, x1, y1 = rect(frame)
    w, h = page_mm("A4", orientation)
    assert x1 <= w and y1 <= h and not overlap(rect(frame), rect(layout.itemById("legend")))
    assert not overlap(rect(frame), rect(layout.itemById("map")))


def test_trajectory_colours_are_told_apart_in_greyscale():
    def luminance(hex_colour: str) -> float:
        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)

    order = ["persistent", "fading", "intermittent", "emerging", "never"]
    lum = [luminance(tm.TRAJECTORY_COLOURS[k]) for k in order]
    assert lum == sorted(lum)  # darkest = above throughout, lightest = never above
    contrast = [(b + 0.05) / (a + 0.05) for a, b in zip(lum, lum[1:])]
    assert min(contrast) >= 1.25, contrast  # neighbouring greys differ; intermittent also has its own lines
    sym = tm.trajectory_symbol("intermittent")
    assert sym.symbolLayerCount() == 2  # fill + horizontal lines: not emerging's plain fill
    assert tm.trajectory_symbol("no data").symbolLayerCount() == style.nodata_symbol().symbolLayerCount()


def _export(res, tmp_path, **params):
    base = {"REGIONS": res["OUTPUT_REGIONS"], "CLUSTERS": res["OUTPUT_CLUSTERS"], "FIELD": ICT, "DPI": 100}
    base.update(params)
    return run("sectorclusters:exportmap", base)


@pytest.mark.parametrize("layout_kind,title", [(1, "clusters 2015–2020"), (2, "trajectories 2015–2020")])
def test_exportmap_writes_timeline_maps(timeline, tmp_path, layout_kind, title):
    before = [sha1(timeline[k]) for k in ("OUTPUT_REGIONS", "OUTPUT_CLUSTERS")]
    ok, out, fb = _export(timeline, tmp_path, LAYOUT=layout_kind, ORIENTATION=1,
                          OUTPUT_PDF=str(tmp_path / "m.pdf"), OUTPUT_PNG=str(tmp_path / "m.png"),
                          OUTPUT_SVG=str(tmp_path / "m.svg"))
    assert ok, fb.errors
    assert png_size(tmp_path / "m.png") == (827, 1169)  # A4 portrait at 100 dpi
    assert (tmp_path / "m.svg").stat().st_size > 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.pdf", "m.png", "m.svg"]  # no partial files
    if POPPLER:
        text = subprocess.run(["pdftotext", str(tmp_path / "m.pdf"), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert title in text
        if layout_kind == 1:
            assert all(f"{y} · " in text for y in BRES)
        else:
            assert "Persistent: above in every period" in text and "Track" in text
    assert [sha1(timeline[k]) for k in ("OUTPUT_REGIONS", "OUTPUT_CLUSTERS")] == before  # inputs untouched


@pytest.mark.parametrize("case,message", [
    ("atlas", "Atlas pages are for sector maps"),
    ("unknown_sector", "Unknown sector 'Fishing'"),
    ("detect_layer", "holds no trajectories"),
])
def test_exportmap_timeline_errors(timeline, processing_ready, lep_path, tmp_path, case, message):
    params = {"LAYOUT": 1, "OUTPUT_PDF": str(tmp_path / "m.pdf")}
    res = dict(timeline)
    if case == "atlas":
        params["ATLAS"] = True
    elif case == "unknown_sector":
        params["FIELD"] = "Fishing"
    elif case == "detect_layer":
        res["OUTPUT_REGIONS"] = str(lep_path)
        params["FIELD"] = ""
    ok, _, fb = _export(res, tmp_path, **params)
    assert not ok and message in " ".join(fb.errors)
    assert not (tmp_path / "m.pdf").exists()


def test_layouts_that_keep_their_styles_survive_restyling(timeline, project):
    """The panel's way: both maps on the same layers, each keeping the look it was built with, the layers restyled
    for another sector between builds (QGIS 3.22 crashed when the styles were stored after the legend was linked)."""
    regions, clusters = layers(timeline)
    project.addMapLayers([regions, clusters], False)
    manu = "C_Manufacturing"
    for i in range(6):
        kind = ("trajectory", "small_multiples")[i % 2]
        layout = tm.build_timeline_layout(kind, project, regions, clusters, tm.TimelineMapSpec(manu, keep_styles=True))
        maps = [item for item in layout.items() if isinstance(item, QgsLayoutItemMap)]
        assert maps and all(m.keepLayerStyles() and regions.id() in m.layerStyleOverrides() for m in maps)
        for field in (ICT, manu):
            regions.setRenderer(tm.trajectory_renderer(field, {}))
            tm.style_timeline_clusters(clusters, field, tm.TrackOutlines("2020", "clusters"))
    assert {layout.name() for layout in project.layoutManager().printLayouts()} == {
        "Sector Clusters — C : Manufacturing — trajectories", "Sector Clusters — C : Manufacturing — periods"}
    assert regions.name() == "regions"  # a legend's title never renames the layer
