"""From panel to published map: the layout the user opened and edited is the
one exported, the panel's colours reach the page, the words say what was tested, names are never joined with
commas, the user's layers keep their names, and the live preview never touches the user's own style.
Read back as a reader would: pdftotext on the PDF, pixel colours of the PNG."""
from __future__ import annotations

import shutil

import pytest
from qgis.core import QgsProject, QgsReadWriteContext
from qgis.PyQt.QtXml import QDomDocument

from tests.qgis.panel_fixtures import (
    ICT,
    MANUFACTURING,
    WAIT,
    colour_share,
    field_for,
    load_bres,
    pdf_text,
    pick_sector,
    png_pixels,
    wait_idle,
)

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread"),
              pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")]
pytest_plugins = ("tests.qgis.panel_dock",)
LQ125 = "Location quotient above 1.25 — at least 25 % more concentrated than England"
LQ1 = "Location quotient above 1.0 — more concentrated than England"
D2N2 = "Derby, Derbyshire, Nottingham and Nottinghamshire"


def create(dock, qtbot) -> None:
    dock.output.create_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and not dock.busy(), timeout=WAIT)


@pytest.fixture
def manufacturing(dock, qtbot, project, lep_path, bres2020, tmp_path):
    """LEPs + BRES 2020 matched, Manufacturing by location quotient above 1.25, layers created."""
    layer = load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    dock.model.update(baseline="lq", threshold=1.25)
    wait_idle(qtbot, dock)
    dock.output.output_widget.setFilePath(str(tmp_path / "clusters.gpkg"))
    create(dock, qtbot)
    return layer


def style_xml(layer) -> str:
    doc = QDomDocument()
    layer.exportNamedStyle(doc, QgsReadWriteContext())
    return doc.toString()


def test_export_gives_the_layout_as_edited(dock, qtbot, manufacturing, tmp_path):
    answers: list[bool] = []
    dock.model.outputs.confirm = lambda title, text: answers.pop(0)  # the QMessageBox question, answered here
    regions, _clusters = dock.model.outputs.layers()
    names = {lyr.id(): lyr.name() for lyr in QgsProject.instance().mapLayers().values()}

    layout = dock.model.outputs.open_layout()
    assert layout.name() == "Sector Clusters — C : Manufacturing"
    assert layout.itemById("title").text() == "Manufacturing"  # not "C : Manufacturing"
    layout.itemById("title").setText("Where England still makes things")  # as in the layout designer
    dock.output.subtitle_edit.setText("Employees by LEP, BRES 2020 (ONS)")  # the panel's field
    text = pdf_text(dock.model.outputs.export_map(str(tmp_path / "edited.pdf"))[0])
    assert "Where England still makes things" in text
    assert "Employees by LEP, BRES 2020 (ONS)" in text  # the designer left the subtitle alone
    assert LQ125 in text and "above-average" not in text and "England average" not in text
    assert D2N2 + ";" in text or "; " + D2N2 in text, "members separated by semicolons"
    assert "Nottingham and Nottinghamshire," not in text

    assert dock.model.outputs.open_layout() is layout, "opened again, not rebuilt"
    assert layout.itemById("title").text() == "Where England still makes things"
    dock.output.title_edit.setText("Manufacturing clusters")  # the designer's title wins until Reset layout
    dock.model.outputs.open_layout()
    assert layout.itemById("title").text() == "Where England still makes things"

    answers.append(False)
    assert dock.model.outputs.reset_layout() is None
    assert layout.itemById("title").text() == "Where England still makes things"
    answers.append(True)
    rebuilt = dock.model.outputs.reset_layout()
    assert rebuilt.itemById("title").text() == "Manufacturing clusters"
    assert not answers
    # the layout never renamed a layer (a layer-tree node's setName would)
    assert {lyr.id(): lyr.name() for lyr in QgsProject.instance().mapLayers().values()} == names
    assert regions.name() == "Regions — sector scores"


def test_the_panel_colours_and_words_reach_the_page(dock, qtbot, manufacturing, tmp_path):
    from plugin.gis import style
    from plugin.gis.export import MapFiles, export_layout

    dock.output.subtitle_edit.setText("")
    text = pdf_text(dock.model.outputs.export_map(str(tmp_path / "lq125.pdf"))[0])
    assert LQ125 in text
    assert "1 multi-region cluster: neighbouring LEPs with location quotient above 1.25" in text
    classes = png_pixels(dock.model.outputs.export_map(str(tmp_path / "classes.png"), dpi=60)[0])
    assert colour_share(classes, style.ABOVE_COLOUR) > 0.02

    dock.method.scheme_combo.setCurrentIndex(dock.method.scheme_combo.findData("graduated"))  # "Index bands"
    graduated = png_pixels(dock.model.outputs.export_map(str(tmp_path / "bands.png"), dpi=60)[0])
    assert colour_share(graduated, style.ABOVE_COLOUR) < 0.001
    bands = sum(colour_share(graduated, c) for c in style.RAMP[2:])
    assert bands > 0.03, bands

    # another sector in the panel restyles the layers, not the Manufacturing layout
    manu_layout = dock.model.outputs.open_layout()
    pick_sector(dock, field_for(dock, ICT))
    wait_idle(qtbot, dock)
    again = export_layout(manu_layout, MapFiles(png=str(tmp_path / "manu_again.png")), dpi=60)["png"][0]
    assert (png_pixels(again) == graduated).mean() > 0.999

    # threshold 1: the legend says so
    pick_sector(dock, field_for(dock, MANUFACTURING))
    dock.method.scheme_combo.setCurrentIndex(dock.method.scheme_combo.findData("classes"))
    dock.method.threshold_spin.setValue(1.0)
    wait_idle(qtbot, dock)
    create(dock, qtbot)
    text = pdf_text(dock.model.outputs.export_map(str(tmp_path / "lq1.pdf"))[0])
    assert LQ1 in text and LQ125 not in text
    assert "1 multi-region cluster: neighbouring LEPs with location quotient above 1.0" in text


def test_the_export_dialog(dock, qtbot, manufacturing, tmp_path):
    from PyQt5.QtGui import QImage

    dialog = dock.output.make_export_dialog()
    v = dialog.values()
    assert v["path"].endswith("Manufacturing_LQ_1.25.pdf")
    assert (v["page_size"], v["orientation"], v["dpi"]) == ("A4", "landscape", 300)
    dialog.format_combo.setCurrentIndex(dialog.format_combo.findData("png"))
    assert dialog.values()["path"].endswith("Manufacturing_LQ_1.25.png")

    def answer(d, path, dpi, orientation="landscape"):
        d.file_widget.setFilePath(str(path))
        d.format_combo.setCurrentIndex(d.format_combo.findData("png"))
        d.dpi_spin.setValue(dpi)
        d.orientation_combo.setCurrentIndex(d.orientation_combo.findData(orientation))
        return True

    files = dock.output.export_dialog(run=lambda d: answer(d, tmp_path / "small.png", 50))
    assert [QImage(f).size().width() for f in files] == [585]  # A4 landscape at 50 dpi
    dock.model.outputs.confirm = lambda title, text: False  # portrait would rebuild the edited layout: no
    assert dock.output.export_dialog(run=lambda d: answer(d, tmp_path / "portrait.png", 50, "portrait")) == []
    assert not (tmp_path / "portrait.png").exists()
    dock.model.outputs.confirm = lambda title, text: True
    files = dock.output.export_dialog(run=lambda d: answer(d, tmp_path / "portrait.png", 50, "portrait"))
    size = QImage(files[0]).size()
    assert (size.width(), size.height()) == (413, 585)
    assert dict(dock.model.state)["orientation"] == "portrait" and dict(dock.model.state)["dpi"] == 50


def test_the_live_preview_never_touches_the_users_style(dock, qtbot, project, lep_path, bres2020, tmp_path):
    from plugin.ui.layer_roles import ROLE

    def preview():
        return {lyr.name(): lyr for lyr in project.mapLayers().values() if lyr.customProperty(ROLE) == "preview"}

    def above(layer, field):
        return sum(1 for f in layer.getFeatures() if f[f"{field}_above"] == 1)

    layer = load_bres(dock, qtbot, project, lep_path, bres2020)
    before = style_xml(layer)
    manu = field_for(dock, MANUFACTURING)
    pick_sector(dock, manu)
    dock.model.update(baseline="lq", threshold=1.0)
    wait_idle(qtbot, dock)
    layers = preview()
    assert set(layers) == {"Preview — C : Manufacturing", "Preview — clusters"}
    regions = layers["Preview — C : Manufacturing"]
    assert regions.featureCount() == 38 and regions.providerType() == "memory"
    assert regions.renderer().classAttribute() == f"{manu}_above"
    assert above(regions, manu) == dock.model.shown.counts()[0] == 27
    assert layers["Preview — clusters"].featureCount() == dock.model.shown.counts()[1]
    dock.method.threshold_spin.setValue(1.25)
    wait_idle(qtbot, dock)
    assert above(regions, manu) == dock.model.shown.counts()[0] == 17
    assert style_xml(layer) == before, "the user's layer keeps its own style"

    dock.output.output_widget.setFilePath(str(tmp_path / "out.gpkg"))
    create(dock, qtbot)
    assert not preview(), "the created layers show the same: no preview over them"
    dock.method.threshold_spin.setValue(1.5)
    wait_idle(qtbot, dock)
    assert preview(), "the layers show earlier settings: the preview shows the new ones"
    dock.method.preview_check.setChecked(False)
    assert not preview()
    assert style_xml(layer) == before
