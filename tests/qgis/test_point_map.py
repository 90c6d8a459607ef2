"""Point clusters on the printed sector map: exportmap's POINT_CLUSTERS, through processing.run.

The regions are the demo's (joinscores + detectclusters on the demo LEPs and illustrative scores, as `make demo`
runs them) and the point clusters are pointclusters' on the demo's illustrative firms: what a user sees is read
back from the files written — the PDF's text (pdftotext), the PNG's pixel size and colours.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from qgis.core import QgsFeatureRequest, QgsProcessingException, QgsVectorLayer

from tests.conftest import DEMO, REPO

pytestmark = pytest.mark.qgis
HVM = "High_Value_Manufacturing"
FIRMS = DEMO / "firms_illustrative.geojson"
POPPLER = shutil.which("pdftotext") is not None
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext) not installed")
PURPLE = "#3f007d"  # plugin.gis.style.POINT_CLUSTER_COLOUR: the clusters' dots and ranks


def run(alg: str, params: dict) -> dict:
    import processing

    return processing.run(alg, params)


@pytest.fixture(scope="module")
def demo(processing_ready, tmp_path_factory) -> dict[str, str]:
    """The demo's LEP clusters and the point clusters of its manufacturing firms (all sectors too)."""
    out = tmp_path_factory.mktemp("point_map")
    joined = run("sectorclusters:joinscores", {
        "INPUT": str(DEMO / "lep_boundaries.geojson"), "INPUT_KEY": "LEP21CD",
        "TABLE": str(DEMO / "sector_scores_illustrative.csv"), "OUTPUT": str(out / "joined.gpkg")})
    detected = run("sectorclusters:detectclusters", {
        "INPUT": joined["OUTPUT"], "BASELINE": 0, "THRESHOLD": 1.0, "NEIGHBOURS": 0, "GAP_TOLERANCE": 35000,
        "MIN_REGIONS": 2, "OUTPUT_REGIONS": str(out / "regions.gpkg"), "OUTPUT_CLUSTERS": str(out / "clusters.gpkg")})
    common = {"INPUT": str(FIRMS), "SECTOR_FIELD": "sector", "WEIGHT_FIELD": "employees", "RADIUS": 500,
              "MIN_WEIGHT": 200, "REGIONS": str(DEMO / "lep_boundaries.geojson"), "REGIONS_NAME": "LEP21NM"}
    manufacturing = run("sectorclusters:pointclusters", dict(
        common, SECTORS="Manufacturing", OUTPUT_POINTS=str(out / "firms_c.gpkg"),
        OUTPUT_CLUSTERS=str(out / "point_clusters_c.gpkg")))
    every = run("sectorclusters:pointclusters", dict(
        common, OUTPUT_POINTS=str(out / "firms_all.gpkg"), OUTPUT_CLUSTERS=str(out / "point_clusters_all.gpkg")))
    return {"regions": detected["OUTPUT_REGIONS"], "clusters": detected["OUTPUT_CLUSTERS"],
            "points_c": manufacturing["OUTPUT_CLUSTERS"], "points_all": every["OUTPUT_CLUSTERS"]}


def export(demo: dict, out: Path, points: str | None, **extra) -> dict:
    params = {"REGIONS": demo["regions"], "CLUSTERS": demo["clusters"], "FIELD": HVM, "PAGE_SIZE": 0,
              "ORIENTATION": 1, "DPI": 60, "OUTPUT_PDF": str(out / "map.pdf"), "OUTPUT_PNG": str(out / "map.png")}
    if points is not None:
        params["POINT_CLUSTERS"] = points
    params.update(extra)
    return run("sectorclusters:exportmap", params)


def pdf_text(path: Path) -> str:
    """The PDF's text, whitespace collapsed and ligatures ("ﬃ") spelled out as a reader copies them."""
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", out.stdout))


def clusters_of(path: str, sector: str | None = None) -> list[dict]:
    layer = QgsVectorLayer(path, "point clusters", "ogr")
    assert layer.isValid()
    rows = [{k: f[k] for k in ("sector", "rank", "points", "weight", "spans")} for f in layer.getFeatures()]
    return sorted((r for r in rows if sector is None or r["sector"] == sector), key=lambda r: -r["weight"])


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def colour_pixels(path: Path, hex_colour: str, tol: int = 40) -> int:
    """Pixels of the PNG within ``tol`` (each channel) of ``hex_colour``."""
    import numpy as np
    from qgis.PyQt.QtGui import QImage

    img = QImage(str(path)).convertToFormat(QImage.Format_RGB888)
    ptr = img.constBits()
    ptr.setsize(img.bytesPerLine() * img.height())
    rows = np.frombuffer(ptr, dtype=np.uint8).reshape(img.height(), img.bytesPerLine())
    rgb = rows[:, : img.width() * 3].reshape(img.height(), img.width(), 3).astype(np.int16)
    want = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return int(np.all(np.abs(rgb - want) <= tol, axis=2).sum())


# ---------------------------------------------------------------- the printed map
@needs_poppler
def test_pdf_lists_the_sectors_point_clusters_by_rank_and_weight(demo, tmp_path):
    done = export(demo, tmp_path, demo["points_c"])
    text = pdf_text(Path(done["OUTPUT_PDF"]))
    clusters = clusters_of(demo["points_c"])
    assert len(clusters) == 10  # the demo firms' manufacturing clusters (scripts/build_demo_points.py)
    assert "Point clusters of Manufacturing, by weight" in text
    assert "Rank Points Weight Regions spanned" in text
    for c in clusters:  # every row: rank, points, weight, the region holding it
        row = f"{c['rank']} {c['points']} {c['weight']:,.0f} {c['spans']}"
        assert row in text, row
    assert "(firms within 500 m, weight ≥ 200)" in text  # the legend, from pointclusters' record
    # "Manufacturing" is not "High Value Manufacturing": matched by name, and the subtitle says so
    assert "Point clusters: Manufacturing (the point layer's sector named like High Value Manufacturing)" in text
    assert "heaviest of" not in text  # all ten fit the A4 page
    assert "1 multi-region cluster" in text and "Coventry and Warwickshire;" in text  # the sector map stays


@needs_poppler
def test_other_sectors_are_shown_all_and_said_so(demo, tmp_path):
    """A map sector no point sector is named like (Financial and Professional Services against SIC sections):
    every cluster, with its sector in the table, the heaviest first, and the subtitle saying it."""
    done = export(demo, tmp_path, demo["points_all"], FIELD="Financial_and_Professional_Services")
    text = pdf_text(Path(done["OUTPUT_PDF"]))
    assert ("Point clusters: all sectors of the point layer (none is named like Financial and Professional "
            "Services)") in text
    assert "Rank Sector Points Weight Regions spanned" in text
    every = clusters_of(demo["points_all"])
    assert {c["sector"] for c in every} >= {"Manufacturing", "Information and communication"}
    shown = re.search(r"Point clusters \(all sectors\), by weight(?: \(the (\d+) heaviest of (\d+)\))?", text)
    assert shown is not None
    if shown.group(1):
        assert int(shown.group(2)) == len(every)
    heaviest = every[0]
    assert f"{heaviest['rank']} {heaviest['sector']} {heaviest['points']} {heaviest['weight']:,.0f}" in text


def test_png_at_a_given_dpi_has_the_page_size_and_the_clusters_marks(demo, tmp_path):
    with_points, without = tmp_path / "with", tmp_path / "without"
    with_points.mkdir()
    without.mkdir()
    done = export(demo, with_points, demo["points_c"], DPI=72, OUTPUT_PDF=None)
    png = Path(done["OUTPUT_PNG"])
    assert png_size(png) == (round(210 / 25.4 * 72), round(297 / 25.4 * 72))  # A4 portrait at 72 dpi: 595 × 842
    assert not (with_points / "map.pdf").exists()
    plain = Path(export(demo, without, None, DPI=72, OUTPUT_PDF=None)["OUTPUT_PNG"])
    assert png_size(plain) == png_size(png)
    # the dark purple dots, ranks and legend patch are there only with the point clusters
    assert colour_pixels(png, PURPLE) > 10 * max(colour_pixels(plain, PURPLE), 10)


def test_a_layer_that_is_not_point_clusters_is_refused_and_nothing_is_written(demo, tmp_path):
    for not_points in (demo["clusters"], demo["regions"]):  # the region clusters' outlines; the regions
        with pytest.raises(QgsProcessingException, match=r"is not a point clusters layer \(it has no field "):
            export(demo, tmp_path, not_points)
        assert list(tmp_path.iterdir()) == []


def test_point_clusters_are_refused_on_an_atlas(demo, tmp_path):
    with pytest.raises(QgsProcessingException, match="Point clusters are drawn on the map of one sector"):
        export(demo, tmp_path, demo["points_c"], ATLAS=True)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- the words
def test_legend_words_from_the_record_else_generic(demo):
    from plugin.gis.point_map import PointClusterSettings, cluster_settings, legend_words

    layer = QgsVectorLayer(demo["points_c"], "point clusters", "ogr")
    assert legend_words(cluster_settings(layer)) == "Point clusters (firms within 500 m, weight ≥ 200)"
    memory = layer.materialize(QgsFeatureRequest())  # the same outlines without pointclusters' record
    assert legend_words(cluster_settings(memory)) == "Point clusters (dense groups of firms)"
    assert legend_words(PointClusterSettings(1500.0, 12.0, weighted=False)) == \
        "Point clusters (≥ 12 firms within 1.5 km)"


def test_sector_names_are_matched_leniently(demo):
    from plugin.gis.point_map import match_sector

    layer = QgsVectorLayer(demo["points_all"], "point clusters", "ogr")
    exact = match_sector(layer, "Manufacturing", "Manufacturing")
    assert exact.values == ["Manufacturing"] and exact.note == ""
    assert match_sector(layer, HVM, "High Value Manufacturing").values == ["Manufacturing"]
    assert match_sector(layer, "C", "C : Manufacturing").values == ["Manufacturing"]  # Nomis' SIC labels
    assert match_sector(layer, "Digital_and_Creative", "Digital and Creative").values == []


# ---------------------------------------------------------------- the demo's firms
def test_demo_firms_are_up_to_date_and_small():
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "build_demo_points.py"), "--check"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert FIRMS.stat().st_size < 300_000


@pytest.mark.parametrize("page,orientation", [("A4", "landscape"), ("A4", "portrait"), ("A3", "portrait")])
def test_the_side_panel_keeps_its_items_apart_and_above_the_footer(demo, page, orientation):
    """The legend, the region clusters' table, the heading and the point clusters' table one under the other
    (or beside), none over another nor over the footer (scale bar, attribution)."""
    from qgis.core import QgsProject

    from plugin.gis import layout as maplayout
    from plugin.gis import point_map

    project = QgsProject()
    regions = QgsVectorLayer(demo["regions"], "regions", "ogr")
    clusters = QgsVectorLayer(demo["clusters"], "clusters", "ogr")
    points = QgsVectorLayer(demo["points_all"], "points", "ogr")
    project.addMapLayers([regions, clusters, points], False)
    try:
        layout = maplayout.build_layout(project, regions, clusters,
                                        maplayout.MapSpec(HVM, page_size=page, orientation=orientation))
        match = point_map.add_point_clusters(layout, points, HVM, "High Value Manufacturing")
        assert match.values == ["Manufacturing"]

        def box(item_id):
            item = layout.itemById(item_id)
            pos, size = item.positionWithUnits(), item.sizeWithUnits()
            return pos.x(), pos.y(), pos.x() + size.width(), pos.y() + size.height()

        def apart(a, b):
            return a[2] <= b[0] + 0.01 or b[2] <= a[0] + 0.01 or a[3] <= b[1] + 0.01 or b[3] <= a[1] + 0.01

        items = {i: box(i) for i in ("map", "legend", maplayout.TABLE_ID, point_map.HEADING_ID,
                                     point_map.TABLE_FRAME_ID, "scalebar", "attribution")}
        names = list(items)
        for i, a in enumerate(names):
            for b in names[i + 1:]:
                assert apart(items[a], items[b]), (a, items[a], b, items[b])
        region_table, heading, table = items[maplayout.TABLE_ID], items[point_map.HEADING_ID], \
            items[point_map.TABLE_FRAME_ID]
        assert region_table[3] < heading[1] < heading[3] <= table[1]  # under the region clusters' table
        assert table[3] < items["scalebar"][1]
        rows = layout.itemById(point_map.TABLE_FRAME_ID).multiFrame().contents()
        assert 1 <= len(rows) <= point_map.MAX_ROWS
    finally:
        project.layoutManager().clear()
        project.removeAllMapLayers()
