"""Print-ready maps: styles, layouts, export and the exportmap/stylemap algorithms (real QGIS)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsReadWriteContext,
    QgsRuleBasedRenderer,
)
from qgis.PyQt.QtXml import QDomDocument

from plugin.gis import layout as maplayout
from plugin.gis import sectors, style
from plugin.gis.export import ExportError, MapFiles, export_layout
from plugin.gis.layout import MapSpec
from plugin.processing.alg_exportmap import ExportMapAlgorithm
from plugin.processing.alg_stylemap import StyleMapAlgorithm
from plugin.steps import words
from tests.qgis.map_fixtures import SECTORS, build_layers

pytestmark = pytest.mark.qgis
HVM = "High_Value_Manufacturing"
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdfinfo", "pdftoppm"))
needs_poppler = pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext/pdfinfo/pdftoppm) not installed")


# ---------------------------------------------------------------- helpers
def owned(pair):
    """Layers owned by the project: QGIS, not Python's garbage collector, deletes them."""
    QgsProject.instance().addMapLayers(list(pair), False)
    yield pair
    QgsProject.instance().removeMapLayers([lyr.id() for lyr in pair])


@pytest.fixture(scope="module")
def layers(qgs, shared_data, tmp_path_factory):
    yield from owned(build_layers(shared_data, tmp_path_factory.mktemp("maps")))


@pytest.fixture(scope="module")
def empty_layers(qgs, shared_data, tmp_path_factory):
    yield from owned(build_layers(shared_data, tmp_path_factory.mktemp("empty"), empty_clusters=True))


@pytest.fixture(scope="module")
def national_layers(qgs, shared_data, tmp_path_factory):
    yield from owned(build_layers(shared_data, tmp_path_factory.mktemp("national"),
                                  meta_extra={"baseline": "national"}))


def run_alg(alg_class, params: dict) -> dict:
    alg = alg_class().create()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    results, ok = alg.run(params, context, QgsProcessingFeedback(), {}, False)
    assert ok
    return results


def export(regions, clusters, **params) -> dict:
    base = {"REGIONS": regions, "CLUSTERS": clusters}
    base.update(params)
    return run_alg(ExportMapAlgorithm, base)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n"
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", out.stdout)


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.MULTILINE).group(1))


def read_ppm(path: Path) -> np.ndarray:
    data = path.read_bytes()
    parts = data.split(maxsplit=4)
    assert parts[0] == b"P6"
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(parts[4][: w * h * 3], dtype=np.uint8).reshape(h, w, 3)


def rasterise(pdf: Path, out_dir: Path, dpi: int = 30) -> list[np.ndarray]:
    subprocess.run(["pdftoppm", "-r", str(dpi), str(pdf), str(out_dir / "page")], check=True)
    return [read_ppm(p) for p in sorted(out_dir.glob("page*.ppm"))]


def colour_share(img: np.ndarray, hex_colour: str, tol: int = 12) -> float:
    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    close = np.all(np.abs(img.astype(np.int16) - rgb) <= tol, axis=2)
    return float(close.mean())


def style_xml(layer) -> str:
    doc = QDomDocument()
    layer.exportNamedStyle(doc, QgsReadWriteContext())
    return doc.toString()


# ---------------------------------------------------------------- labels and styles
def test_class_labels_in_words():
    assert words.class_labels({"baseline": "mean", "baseline_label": "mean of regions", "threshold": 1.0})[0] == (
        "Above the mean of regions (ratio > 1.0)")
    # the legend says what was tested, never "above average" for a threshold above 1
    assert words.class_labels({"baseline": "lq", "reference_name": "England", "threshold": 1.25})[:2] == (
        "Location quotient above 1.25 — at least 25 % more concentrated than England",
        "Location quotient 1.25 or below")
    assert words.class_labels({"baseline": "lq", "reference_name": "England", "threshold": 1})[:2] == (
        "Location quotient above 1.0 — more concentrated than England",
        "Location quotient 1.0 or below — not more concentrated than England")
    assert words.class_labels({"baseline": "lq", "threshold": 0.8})[0] == (
        "Location quotient above 0.8 — at most 20 % less concentrated than all regions together")
    assert words.class_labels({"baseline": "mean", "threshold": 1.25})[:2] == (
        "More than 1.25 × the mean of regions (ratio > 1.25)", "At most 1.25 × the mean of regions (ratio ≤ 1.25)")
    lq = {"baseline": "lq", "reference_name": "England", "threshold": 1.25, "region_noun": "LEPs"}
    assert words.cluster_note(lq, 1, "LEPs") == (
        "1 multi-region cluster: neighbouring LEPs with location quotient above 1.25")
    assert "above-average" not in words.cluster_note(lq, 3, "LEPs")
    assert words.sector_title("C : Manufacturing") == "Manufacturing"
    assert words.sector_title("10 : Information & communication (J)") == "Information & communication"
    assert words.short_type_word("gistar", "hot95") == "Hot spot, 95 %" and \
        words.short_type_word("moran", "HH") == "High-High"
    assert words.class_labels({"baseline": 4, "threshold": 1})[0] == "z ≥ 1.0"
    assert words.class_labels({"baseline": "percentile", "threshold": 75})[0] == "In the top 25 % (≥ 75th percentile)"
    assert words.short_name("High Value Manufacturing") == "HVM"
    assert words.short_name("Agri-food") == "Agri-food"
    # Nomis labels: code prefix and section letter dropped, numbers never cut to one digit
    assert words.short_name("C : Manufacturing") == "Manufacturing"
    assert words.short_name("10 : Information & communication (J)") == "I&C"


def test_palette_is_legible_in_greyscale():
    def luminance(hex_colour: str) -> float:
        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)

    above, below = luminance(style.ABOVE_COLOUR), luminance(style.BELOW_COLOUR)
    assert (below + 0.05) / (above + 0.05) >= 3.0
    ramp = [luminance(c) for c in style.RAMP]
    assert ramp == sorted(ramp, reverse=True)  # sequential: darker = higher


def test_style_regions_classes_and_graduated(layers):
    regions, clusters = layers
    style.style_regions(regions, HVM)
    r = regions.renderer()
    assert isinstance(r, QgsCategorizedSymbolRenderer)
    assert r.classAttribute() == f"{HVM}_above"
    labels = [c.label() for c in r.categories()]
    assert "Above the mean of regions (ratio > 1.0)" in labels and "No data" in labels
    style.style_regions(regions, "High Value Manufacturing", scheme="graduated")  # a label works too
    g = regions.renderer()
    assert isinstance(g, QgsRuleBasedRenderer)
    rules = g.rootRule().children()
    assert any(f"{HVM}_idx\" > 1.0" in (x.filterExpression() or "") for x in rules)  # threshold is a break
    assert rules[-1].label() == "No data"
    style.style_clusters(clusters, HVM, regions=regions)
    rule = clusters.renderer().rootRule().children()[0]
    assert rule.filterExpression() == f"\"sector\" = '{HVM}'"
    expr = clusters.labeling().rootRule().children()[0].settings().fieldName
    assert "'HVM'" in expr and "LEPs" in expr


def test_unknown_field_raises(layers):
    with pytest.raises(ValueError, match="Unknown sector field"):
        sectors.resolve_field(layers[0], "Not_A_Sector")


# ---------------------------------------------------------------- layouts
def test_build_layout_twice_keeps_one(layers):
    regions, clusters = layers
    project = QgsProject()
    a = maplayout.build_layout(project, regions.clone(), clusters.clone(), MapSpec(HVM, date_text=""))
    name = a.name()
    maplayout.build_layout(project, regions.clone(), clusters.clone(), MapSpec(HVM, date_text=""))
    names = [lay.name() for lay in project.layoutManager().layouts()]
    assert names.count(name) == 1 and name == "Sector Clusters — High Value Manufacturing"
    for orientation in ("landscape", "portrait"):
        for size in ("A4", "A3"):
            lay = maplayout.build_layout(project, regions.clone(), clusters.clone(),
                                         MapSpec(HVM, page_size=size, orientation=orientation))
            w, h = maplayout.page_mm(size, orientation)
            for item_id in maplayout.ITEM_IDS:
                item = lay.itemById(item_id)
                pos, sz = item.positionWithUnits(), item.sizeWithUnits()
                assert pos.x() >= 0 and pos.y() >= 0, item_id
                assert pos.x() + sz.width() <= w + 0.01 and pos.y() + sz.height() <= h + 0.01, item_id
            map_item = lay.itemById("map")
            m = map_item.positionWithUnits().y() + map_item.sizeWithUnits().height()
            assert lay.itemById("scalebar").positionWithUnits().y() >= m  # footer below the map
    assert len(project.layoutManager().layouts()) == 1
    project.layoutManager().clear()
    project.removeAllMapLayers()


def test_export_layout_needs_an_output(layers):
    project = QgsProject()
    lay = maplayout.build_layout(project, layers[0].clone(), layers[1].clone(), MapSpec(HVM))
    with pytest.raises(ExportError):
        export_layout(lay)
    project.layoutManager().clear()


# ---------------------------------------------------------------- the exportmap algorithm
@needs_poppler
def test_export_a4_landscape_pdf_png_svg(layers, tmp_path):
    regions, clusters = layers
    before = style_xml(regions), style_xml(clusters)
    out = export(regions, clusters, FIELD=HVM, TITLE="Advanced manufacturing clusters",
                 OUTPUT_PDF=str(tmp_path / "map.pdf"), OUTPUT_PNG=str(tmp_path / "map.png"),
                 OUTPUT_SVG=str(tmp_path / "map.svg"), DPI=300)
    for key in ("OUTPUT_PDF", "OUTPUT_PNG", "OUTPUT_SVG"):
        assert Path(out[key]).is_file() and Path(out[key]).stat().st_size > 1000
    assert png_size(tmp_path / "map.png") == (3508, 2480)
    assert pdf_pages(tmp_path / "map.pdf") == 1
    text = pdf_text(tmp_path / "map.pdf")
    assert "Advanced manufacturing clusters" in text
    assert "Above the mean of regions (ratio > 1.0)" in text
    assert "Contains National Statistics data © Crown copyright and database right." in text
    assert "HVM cluster 1" in text
    assert "No multi-region clusters" not in text
    assert not list(tmp_path.glob(".*partial*"))
    assert (style_xml(regions), style_xml(clusters)) == before  # the user's styles are untouched


@needs_poppler
def test_export_reference_average_legend(national_layers, tmp_path):
    out = export(*national_layers, OUTPUT_PDF=str(tmp_path / "national.pdf"))
    text = pdf_text(Path(out["OUTPUT_PDF"]))
    assert "Above England average (ratio > 1.0)" in text
    assert "At or below England average (ratio ≤ 1.0)" in text


def test_export_a3_portrait_png_size(layers, tmp_path):
    out = export(*layers, FIELD=HVM, PAGE_SIZE=1, ORIENTATION=1, DPI=150, OUTPUT_PNG=str(tmp_path / "a3.png"))
    assert png_size(Path(out["OUTPUT_PNG"])) == (1754, 2480)


@needs_poppler
def test_atlas_one_page_per_sector_with_different_fills(layers, tmp_path):
    out = export(*layers, ATLAS=True, DPI=100, OUTPUT_PDF=str(tmp_path / "atlas.pdf"))
    pdf = Path(out["OUTPUT_PDF"])
    assert pdf_pages(pdf) == len(SECTORS)
    text = pdf_text(pdf)
    for label in SECTORS.values():
        assert label in text
    assert "D&T cluster 1" in text and "Agri-food cluster 3" in text
    pages = rasterise(pdf, tmp_path)
    assert len(pages) == len(SECTORS)
    shares = [colour_share(p, style.ABOVE_COLOUR) for p in pages]
    assert all(s > 0.005 for s in shares), shares  # every page shows above-average regions
    for i in range(len(pages)):
        for j in range(i + 1, len(pages)):
            diff = np.abs(pages[i].astype(np.int16) - pages[j].astype(np.int16)).max(axis=2) > 40
            assert diff.mean() > 0.01, (i, j)  # the fills differ page to page


def test_atlas_png_one_file_per_sector(layers, tmp_path):
    out = export(*layers, ATLAS=True, DPI=50, OUTPUT_PNG=str(tmp_path / "atlas.png"))
    files = out["OUTPUT_FILES"].split("; ")
    assert len(files) == len(SECTORS)
    assert {Path(f).name for f in files} == {f"atlas_{f}.png" for f in SECTORS}


@needs_poppler
def test_empty_clusters_layer_says_no_clusters(empty_layers, tmp_path):
    out = export(*empty_layers, FIELD=HVM, OUTPUT_PDF=str(tmp_path / "empty.pdf"))
    text = pdf_text(Path(out["OUTPUT_PDF"]))
    assert "No multi-region clusters" in text
    assert "Above the mean of regions" in text


@needs_poppler
def test_without_clusters_layer(layers, tmp_path):
    out = export(layers[0], None, OUTPUT_PDF=str(tmp_path / "noclusters.pdf"))
    assert "No multi-region clusters" in pdf_text(Path(out["OUTPUT_PDF"]))


def test_unknown_field_is_a_processing_error(layers, tmp_path):
    with pytest.raises(QgsProcessingException, match="Unknown sector field"):
        export(*layers, FIELD="Not_A_Sector", OUTPUT_PDF=str(tmp_path / "x.pdf"))
    assert list(tmp_path.iterdir()) == []


def test_no_output_is_a_processing_error(layers):
    with pytest.raises(QgsProcessingException, match="at least one output"):
        export(*layers, FIELD=HVM)


def test_missing_folder_is_a_processing_error(layers, tmp_path):
    not_a_folder = tmp_path / "file.txt"
    not_a_folder.write_text("x")
    for target in (tmp_path / "missing" / "map.pdf", not_a_folder / "map.pdf"):
        with pytest.raises(QgsProcessingException, match="folder"):
            export(*layers, OUTPUT_PDF=str(target))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux procfs")
def test_folder_nobody_can_write_is_a_processing_error(layers):
    """/proc refuses new files even to root (CI runs as root), so this runs everywhere on Linux."""
    target = "/proc/self/sector_clusters_map.pdf"
    with pytest.raises(QgsProcessingException, match="not writable"):
        export(*layers, OUTPUT_PDF=target)
    assert not os.path.exists(target)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can write to read-only folders")
def test_read_only_folder_is_a_processing_error(layers, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(QgsProcessingException, match="not writable"):
            export(*layers, OUTPUT_PDF=str(folder / "map.pdf"))
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can replace read-only files")
def test_read_only_existing_file_is_a_processing_error(layers, tmp_path):
    target = tmp_path / "map.pdf"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(QgsProcessingException, match="cannot be replaced"):
        export(*layers, OUTPUT_PDF=str(target))
    assert target.read_bytes() == b"old"


def test_failed_export_leaves_no_partial_file(layers, tmp_path):
    project = QgsProject()
    lay = maplayout.build_layout(project, layers[0].clone(), layers[1].clone(), MapSpec(HVM))
    with pytest.raises(ExportError, match="DPI"):
        export_layout(lay, MapFiles(pdf=tmp_path / "x.pdf"), dpi=5)
    assert list(tmp_path.iterdir()) == []
    project.layoutManager().clear()


# ---------------------------------------------------------------- the stylemap algorithm
def test_stylemap_styles_project_layers(layers):
    regions, clusters = layers[0].clone(), layers[1].clone()
    QgsProject.instance().addMapLayers([regions, clusters])
    try:
        out = run_alg(StyleMapAlgorithm, {"REGIONS": regions.id(), "CLUSTERS": clusters.id(),
                                          "FIELD": "Digital_Technology", "SCHEME": 0})
        assert out["OUTPUT_REGIONS"] == regions.id() and out["OUTPUT_CLUSTERS"] == clusters.id()
        assert regions.renderer().classAttribute() == "Digital_Technology_above"
        assert "Digital_Technology" in clusters.renderer().rootRule().children()[0].filterExpression()
        run_alg(StyleMapAlgorithm, {"REGIONS": regions.id(), "FIELD": "Agri_food", "SCHEME": 1})
        assert isinstance(regions.renderer(), QgsRuleBasedRenderer)
        with pytest.raises(QgsProcessingException, match="Unknown sector field"):
            run_alg(StyleMapAlgorithm, {"REGIONS": regions.id(), "FIELD": "nope"})
    finally:
        QgsProject.instance().removeMapLayers([regions.id(), clusters.id()])


# ---------------------------------------------------------------- through the Processing framework
@needs_poppler
def test_exportmap_via_processing_run(processing_ready, layers, tmp_path):
    """The registered algorithm, called by id as the panel, `make demo` and qgis_process do."""
    import processing
    from qgis.core import QgsApplication

    if QgsApplication.processingRegistry().algorithmById("sectorclusters:exportmap") is None:
        pytest.skip("sectorclusters:exportmap is not registered by the provider")
    regions, clusters = layers
    out = processing.run("sectorclusters:exportmap", {
        "REGIONS": regions.source(), "CLUSTERS": clusters.source(), "FIELD": "Digital & Technology",
        "OUTPUT_PDF": str(tmp_path / "dt.pdf"),
    })
    assert Path(out["OUTPUT_PDF"]).is_file()
    assert not out.get("OUTPUT_PNG") and not (tmp_path / "dt.png").exists()
    assert "D&T cluster 1" in pdf_text(Path(out["OUTPUT_PDF"]))


def test_atlas_pages_survive_saving_and_reopening_the_project(qgs, shared_data, tmp_path):
    """The atlas coverage is stored in the plugin's GeoPackage, never only in memory."""
    from qgis.core import QgsProject

    regions, clusters = build_layers(shared_data, tmp_path)
    project = QgsProject()
    project.addMapLayers([regions, clusters])
    layout = maplayout.build_layout(project, regions, clusters, MapSpec(atlas=True, atlas_store=regions.source()))
    coverage = layout.atlas().coverageLayer()
    assert coverage.providerType() == "ogr" and maplayout.ATLAS_TABLE in coverage.source()
    path = tmp_path / "atlas.qgz"
    assert project.write(str(path))
    name = layout.name()
    reopened = QgsProject()
    assert reopened.read(str(path))
    again = reopened.layoutManager().layoutByName(name)
    assert again is not None and again.atlas().enabled()
    cov = again.atlas().coverageLayer()
    assert cov is not None and cov.isValid() and cov.featureCount() == len(SECTORS)


def test_a_users_own_geopackage_is_not_written_to(qgs, shared_data, tmp_path):
    """Regions in a GeoPackage the plugin did not write: the atlas pages stay in memory."""
    import sqlite3

    from plugin.gis.meta import TABLE

    regions, clusters = build_layers(shared_data, tmp_path)
    path = regions.source().split("|")[0]
    with sqlite3.connect(path) as con:
        con.execute(f"DROP TABLE {TABLE}")
        con.execute("DELETE FROM gpkg_contents WHERE table_name=?", (TABLE,))
    from qgis.core import QgsProject, QgsVectorLayer

    plain = QgsVectorLayer(regions.source(), "plain", "ogr")

    project = QgsProject()
    project.addMapLayers([plain, clusters])
    layout = maplayout.build_layout(project, plain, clusters, MapSpec(atlas=True, atlas_store=plain.source()),
                                    meta={"sectors": SECTORS, "key": "LEP21CD"})
    assert layout.atlas().coverageLayer().providerType() == "memory"
    with sqlite3.connect(path) as con:
        tables = {r[0] for r in con.execute("SELECT table_name FROM gpkg_contents")}
    assert maplayout.ATLAS_TABLE not in tables


def test_layouts_keep_layer_names_and_designer_texts(layers):
    """A layout names its legend entries without renaming the layers; texts edited in the designer are kept
    when the plugin's texts change; the page is read back."""
    from qgis.PyQt.QtGui import QFont

    regions, clusters = layers[0].clone(), layers[1].clone()
    regions.setName("My regions")
    clusters.setName("My clusters")
    project = QgsProject()
    project.addMapLayers([regions, clusters])
    lay = maplayout.build_layout(project, regions, clusters, MapSpec(HVM, orientation="portrait", date_text=""))
    assert (regions.name(), clusters.name()) == ("My regions", "My clusters")
    legend_names = [n.name() for n in lay.itemById("legend").model().rootGroup().findLayers()]
    assert legend_names == ["High Value Manufacturing — LEPs", "Multi-region clusters"]
    assert maplayout.find_layout(project, lay.name()) is lay
    assert maplayout.layout_page(lay) == ("A4", "portrait")
    lay.itemById("title").setText("Edited in the designer")
    kept = maplayout.sync_texts(lay, {"title": "From the panel", "subtitle": "New subtitle"})
    assert kept == ["title"]
    assert lay.itemById("title").text() == "Edited in the designer"
    assert lay.itemById("subtitle").text() == "New subtitle"
    font = QFont(style.FONT_FAMILY)
    font.setPointSizeF(8.5)
    label = "Location quotient above 1.25 — at least 25 % more concentrated than England"
    assert maplayout.wrap_text(label, 75, font) == (
        "Location quotient above 1.25 —\nat least 25 % more concentrated than England")
    assert maplayout.wrap_text(label, 500, font) == label
    project.layoutManager().clear()
    project.removeAllMapLayers()


def test_a_reopened_project_keeps_the_legend_titles(layers, tmp_path):
    """The legend's layer titles ("High Value Manufacturing — LEPs") come back with the project: a layer-tree
    node's own name is not saved, so a reopened legend showed the layer's name ("Regions — sector scores")."""
    from qgis.core import QgsVectorLayer
    from qgis.PyQt.QtCore import Qt

    regions = QgsVectorLayer(layers[0].source(), "Regions — sector scores", "ogr")
    clusters = QgsVectorLayer(layers[1].source(), "Multi-region clusters layer", "ogr")
    project = QgsProject()
    project.addMapLayers([regions, clusters])
    lay = maplayout.build_layout(project, regions, clusters, MapSpec(HVM, date_text=""))
    name = lay.name()
    assert project.write(str(tmp_path / "legend.qgz"))
    project.layoutManager().clear()
    project.removeAllMapLayers()

    again = QgsProject()
    assert again.read(str(tmp_path / "legend.qgz"))
    legend = maplayout.find_layout(again, name).itemById("legend")
    model = legend.model()
    root = model.index(0, 0).parent()
    shown = [model.data(model.index(row, 0, root), Qt.ItemDataRole.DisplayRole) for row in range(model.rowCount(root))]
    assert shown[:1] == ["High Value Manufacturing — LEPs"], shown
    assert [maplayout.legend_title(n) for n in legend.model().rootGroup().findLayers()] == [
        "High Value Manufacturing — LEPs", "Multi-region clusters"]
    again.layoutManager().clear()
    again.removeAllMapLayers()
