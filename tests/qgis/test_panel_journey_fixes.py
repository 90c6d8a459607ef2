"""What the clicked desktop journey showed, each step acted through the panel's real widgets:
buttons clicked with the mouse, combo entries chosen by their visible text, text typed. Asserted on what a person
sees: labels, tooltips, table rows, layouts in the project and their rendered pages, the rendered map."""
from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsLayoutExporter, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QLabel, QWidget

from plugin.ui.widgets import NAMES_ROLE
from tests.conftest import APS, REPO, need
from tests.qgis.panel_fixtures import MANUFACTURING, WAIT, expanded_members, load_bres, wait_idle

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)
ARTEFACTS = REPO / "tests" / "artefacts"


# ------------------------------------------------------------------------------- acting as a person does
def click(widget) -> None:
    """A left click in the middle of ``widget`` (it must be enabled and visible to do anything)."""
    assert widget.isVisible(), widget.objectName()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def choose(combo, text: str) -> None:
    """Choose the combo entry showing ``text`` as a person does: open its list and click the entry (fails,
    listing the entries, when none shows that text). A layer combo follows only a user's pick (``activated``)."""
    i = combo.findText(text)
    assert i >= 0, (text, [combo.itemText(j) for j in range(combo.count())])
    combo.showPopup()
    view = combo.view()
    index = view.model().index(i, combo.modelColumn(), view.rootIndex())
    view.scrollTo(index)
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center())
    if combo.currentIndex() != i:  # the offscreen list may not take the click: the pick, as Qt signals it
        combo.hidePopup()
        combo.setCurrentIndex(i)
        combo.activated.emit(i)
    assert combo.currentIndex() == i, (text, combo.currentText())


def type_into(edit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)


def open_table(dock, path: Path) -> None:
    """The table chosen in the file widget, as its file dialog does (the path typed into its line)."""
    dock.scores.file_widget.setFilePath(str(path))


def grab(dock, name: str) -> Path:
    """The whole panel at the default dock width (280 px), as a PNG in tests/artefacts (looked at by hand)."""
    ARTEFACTS.mkdir(exist_ok=True)
    out = ARTEFACTS / name
    if dock.width() != 280:
        dock.resize(280, 1000)
        QTest.qWait(50)
    dock.widget().widget().grab().save(str(out))
    return out


def layouts() -> dict[str, object]:
    return {lay.name(): lay for lay in QgsProject.instance().layoutManager().printLayouts()}


def render(layout):
    """The layout's first page as the designer draws it (every item, the attribute tables too)."""
    return QgsLayoutExporter(layout).renderPageToImage(0, dpi=40)


def add_leps(dock, qtbot, project, lep_path) -> QgsVectorLayer:
    """The LEP boundaries added to the project: the panel takes them as its regions layer (the only one)."""
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    project.addMapLayer(layer)
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is layer, timeout=WAIT)
    return layer


def aps_manufacturing_layers(dock, qtbot, project, lep_path, folder: Path) -> None:
    """LEPs, the APS table's LEP rows of 2022, Manufacturing, location quotients: layers created."""
    add_leps(dock, qtbot, project, lep_path)
    aps_leps_2022(dock, qtbot)
    choose(dock.method.sector_combo, "Manufacturing")
    choose(dock.method.baseline_combo, "Location quotient")
    dock.output.output_widget.setFilePath(str(folder / "aps.gpkg"))
    wait_idle(qtbot, dock)
    create_layers(dock, qtbot)


def aps_leps_2022(dock, qtbot) -> None:
    """The APS table in the file widget, Level LEP and Period 2022 from the panel's pickers."""
    open_table(dock, need(APS))
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: set(dock.scores.row_pickers.combos) == {"year", "geographic_level"}, timeout=WAIT)
    choose(dock.scores.row_pickers.combos["geographic_level"], "LEP")
    wait_idle(qtbot, dock)
    choose(dock.scores.row_pickers.combos["year"], "2022")
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    wait_idle(qtbot, dock)


def create_layers(dock, qtbot) -> None:
    qtbot.waitUntil(lambda: dock.output.create_button.isEnabled(), timeout=WAIT)
    before = dock.model.outputs.layers()
    click(dock.output.create_button)
    qtbot.waitUntil(lambda: dock.model.outputs.layers() is not None and dock.model.outputs.layers() != before
                    and not dock.busy(), timeout=WAIT)


# ------------------------------------------------------------------------------- 1. no crash, no stale layout
def test_a_layout_of_an_earlier_table_never_reads_a_field_its_layers_lack(dock, qtbot, project, lep_path, bres2020,
                                                                          tmp_path, qgis_iface):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    choose(dock.method.sector_combo, MANUFACTURING)
    dock.output.output_widget.setFilePath(str(tmp_path / "clusters.gpkg"))
    wait_idle(qtbot, dock)
    create_layers(dock, qtbot)
    click(dock.output.layout_button)
    assert [lay.customProperty("sector_clusters/field") for lay in layouts().values()] == ["C_Manufacturing"]

    aps_leps_2022(dock, qtbot)
    choose(dock.method.sector_combo, "Manufacturing")
    wait_idle(qtbot, dock)
    qgis_iface.messageBar().clear_messages()
    create_layers(dock, qtbot)
    said = " ".join(m for level in range(4) for m in qgis_iface.messageBar().get_messages(level))
    assert "Something went wrong" not in said and "Unknown sector field" not in said, said
    # the BRES layout went, with a word; nothing is left reading C_Manufacturing
    assert "The layout “Sector Clusters — C : Manufacturing” was made for an earlier table: the new layers do " \
           "not hold C_Manufacturing, so it was removed" in said, said
    assert layouts() == {}
    click(dock.output.layout_button)
    assert [lay.customProperty("sector_clusters/field") for lay in layouts().values()] == ["Manufacturing"]
    choose(dock.periods.periods_combo, "The table's period column")
    wait_idle(qtbot, dock)
    create_layers(dock, qtbot)
    said = " ".join(m for level in range(4) for m in qgis_iface.messageBar().get_messages(level))
    assert "Something went wrong" not in said, said
    regions = dock.model.outputs.layers()[0]
    names = set(regions.fields().names())
    for layout in layouts().values():
        field = layout.customProperty("sector_clusters/field")
        if field is not None and field != "":
            # every layout the panel keeps shows the layers it reads, and they hold its field
            assert f"{field}_above" in names or f"{field}_type" in names, (layout.name(), field)
        assert not render(layout).isNull()
    assert [lay.customProperty("sector_clusters/field") for lay in layouts().values()] == ["Manufacturing"]


# ------------------------------------------------------------------------------- 3. greyed out, and why
def test_periods_keep_the_map_choice_and_a_greyed_button_says_why(dock, qtbot, project, lep_path, tmp_path):
    add_leps(dock, qtbot, project, lep_path)
    dock.resize(280, 1000)
    aps_leps_2022(dock, qtbot)
    choose(dock.method.sector_combo, "Manufacturing")
    wait_idle(qtbot, dock)
    reason = "Open layout and Export… need the layers: press Create layers first."
    assert not dock.output.export_button.isEnabled() and not dock.output.layout_button.isEnabled()
    assert dock.output.buttons_note.isVisibleTo(dock) and dock.output.buttons_note.text() == reason
    assert reason in dock.output.export_button.toolTip() and reason in dock.output.layout_button.toolTip()

    choose(dock.periods.periods_combo, "The table's period column")
    wait_idle(qtbot, dock)
    assert dock.output.map_kind_box.isVisibleTo(dock)
    assert dock.output.map_kind_combo.currentText() == "Sector map"  # the user's choice, not switched behind their back
    dock.output.output_widget.setFilePath(str(tmp_path / "aps.gpkg"))
    create_layers(dock, qtbot)
    assert dock.output.layout_button.isEnabled() and dock.output.export_button.isEnabled()
    assert not dock.output.buttons_note.isVisibleTo(dock)
    assert "press" not in dock.output.export_button.toolTip()
    grab(dock, "panel_buttons_ready.png")

    choose(dock.output.map_kind_combo, "Trajectory map")
    assert not dock.output.layout_button.isEnabled() and not dock.output.export_button.isEnabled()
    why = dock.output.buttons_note.text()
    assert dock.output.buttons_note.isVisibleTo(dock) and \
        why.startswith("Open layout and Export… make the trajectory map")
    assert "Create timeline layers" in why and why in dock.output.export_button.toolTip()
    grab(dock, "panel_buttons_why.png")
    qtbot.waitUntil(lambda: dock.periods.create_timeline_button.isEnabled(), timeout=WAIT)
    click(dock.periods.create_timeline_button)
    qtbot.waitUntil(lambda: dock.model.outputs.timeline.layers() is not None and not dock.busy(), timeout=WAIT)
    assert dock.output.layout_button.isEnabled() and not dock.output.buttons_note.isVisibleTo(dock)


# ------------------------------------------------------------------------------- 6. what is missing, said
def test_the_match_line_names_only_what_is_missing(dock, qtbot, project, lep_path):
    assert dock.scores.match_label.text() == \
        "Choose a regions layer, its key field and a table of scores (or drop one on the " \
                                "panel)."
    add_leps(dock, qtbot, project, lep_path)
    assert dock.regions.key_combo.currentField() == "LEP21CD"
    assert dock.scores.match_label.text() == "Choose a table of scores (or drop one on the panel)."
    create = dock.output.create_button
    assert create.toolTip().endswith("Create layers needs a table matched to the regions (2. Scores).")
    assert dock.output.buttons_note.text() == "Create layers needs a table matched to the regions (2. Scores)."


# ------------------------------------------------------------------------------- 8. the threshold guide
def guide_rows(dock) -> dict[str, list[str]]:
    table = dock.results.guide_table
    return {table.item(r, 0).text(): [table.item(r, c).text() for c in range(1, 4)] for r in range(table.rowCount())}


def test_the_guide_shows_whole_stars_and_only_when_one_cluster_holds_most(dock, qtbot, project, lep_path, bres2020):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    choose(dock.method.sector_combo, MANUFACTURING)
    choose(dock.method.baseline_combo, "Location quotient")
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.results.guide_table.rowCount() > 0, timeout=WAIT)
    assert "One cluster holds 27 of the 38 LEPs with data" in dock.results.hints_label.text()
    assert dock.results.guide_box.isVisibleTo(dock) and not dock.results.guide_box.isCollapsed()
    table = dock.results.guide_table
    row = [table.item(r, 0).text() for r in range(table.rowCount())].index("1.25")
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualItemRect(table.item(row, 1)).center())
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: guide_rows(dock).get("1.25", [""])[0] == "17", timeout=WAIT)
    assert "One cluster holds" not in dock.results.hints_label.text()
    assert not dock.results.guide_box.isVisibleTo(dock)  # no cluster holds most regions: no guide (the help's word)

    choose(dock.method.baseline_combo, "Strength stars")
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.results.guide_table.rowCount() > 0 and "★" in dock.results.guide_table.item(0,
            0).text(),
                    timeout=WAIT)
    assert dock.results.guide_table.horizontalHeaderItem(0).text() == "Stars ≥"
    assert list(guide_rows(dock)) == ["1 ★", "2 ★", "3 ★"]
    assert dock.results.guide_box.isVisibleTo(dock) == ("One cluster holds" in dock.results.hints_label.text())


# ------------------------------------------------------------------------------- 2. the overlay's names
def partnerships(lep_layer, dissolved: bool) -> QgsVectorLayer:
    """Three partnerships of LEPs by latitude: dissolved (as native:dissolve writes them: each unit keeps its
    first LEP's LEP21CD and LEP21NM, then ``partnership``), or one feature per LEP with only ``partnership``."""
    from qgis.core import QgsFeature, QgsGeometry

    from plugin.gis.compat import make_field

    def group(f) -> str:
        y = f.geometry().centroid().asPoint().y()
        return "North" if y > 53.6 else "Midlands" if y > 52.3 else "South"

    fields = ["LEP21CD", "LEP21NM", "partnership"] if dissolved else ["partnership"]
    layer = QgsVectorLayer(f"MultiPolygon?crs={lep_layer.crs().authid()}",
                           "Partnerships" if dissolved else "Partnership pieces", "memory")
    layer.dataProvider().addAttributes([make_field(n, "string") for n in fields])
    layer.updateFields()
    groups: dict[str, list] = {}
    for f in lep_layer.getFeatures():
        groups.setdefault(group(f), []).append(f)
    out = []
    for name, members in groups.items():
        parts = [(QgsGeometry.unaryUnion([m.geometry() for m in members]), members[0])] if dissolved else \
            [(m.geometry(), m) for m in members]
        for geometry, first in parts:
            feature = QgsFeature(layer.fields())
            feature.setGeometry(geometry)
            feature.setAttributes([first["LEP21CD"], first["LEP21NM"], name] if dissolved else [name])
            out.append(feature)
    layer.dataProvider().addFeatures(out)
    return layer


def test_the_overlay_units_are_named_by_a_field_that_names_each_one(dock, qtbot, project, lep_path, bres2020):
    layer = load_bres(dock, qtbot, project, lep_path, bres2020)
    choose(dock.method.sector_combo, MANUFACTURING)
    wait_idle(qtbot, dock)
    dissolved = partnerships(layer, True)
    pieces = partnerships(layer, False)
    project.addMapLayers([dissolved, pieces])
    choose(dock.method.overlay_combo, "Partnerships")
    wait_idle(qtbot, dock)
    assert dock.method.overlay_name_combo.isVisibleTo(dock)
    assert dock.method.overlay_name_combo.currentField() == "partnership"  # not LEP21NM, carried over from the LEPs
    assert not dock.method.overlay_note.isVisibleTo(dock)
    qtbot.waitUntil(lambda: not dock.results.cluster_list.isColumnHidden(3), timeout=WAIT)
    import re

    tips = [dock.results.cluster_list.topLevelItem(i).toolTip(0) for i in
            range(dock.results.cluster_list.topLevelItemCount())]
    crossed = [re.search(r"crosses \d+ units? of Partnerships: (.*)", tip) for tip in tips]
    assert all(crossed), tips
    names = {part.rsplit(" ", 2)[0] for c in crossed for part in c.group(1).split("; ")}
    assert names <= {"North", "Midlands", "South"} and names, names  # the partnerships, never a LEP's name

    # no field names each feature once: nothing is chosen for the user, and the panel asks
    choose(dock.method.overlay_combo, "Partnership pieces")
    wait_idle(qtbot, dock)
    assert dock.method.overlay_name_combo.currentField() == ""
    assert dock.method.overlay_note.isVisibleTo(dock)
    assert dock.method.overlay_note.text() == "Choose the field that names the units of the overlay layer " \
                                       "'Partnership pieces'."
    grab(dock, "panel_overlay_ask.png")


# ------------------------------------------------------------------------------- 5. the pickers before warnings
def bar_texts(iface) -> list[str]:
    bar = iface.messageBar()
    return [m for level in range(4) for m in bar.get_messages(level)]


def test_a_table_with_a_row_per_year_and_level_shows_its_pickers_before_any_warning(dock, qtbot, project, lep_path,
                                                                                    qgis_iface):
    add_leps(dock, qtbot, project, lep_path)
    qgis_iface.messageBar().clear_messages()
    open_table(dock, need(APS))
    wait_idle(qtbot, dock)
    assert dock.scores.row_pickers.isVisibleTo(dock) and set(dock.scores.row_pickers.combos) == {"year",
            "geographic_level"}
    assert dock.scores.match_label.text() == \
        "Pick the rows above (geographic_level, year) to match the table to the regions."
    assert not [m for m in bar_texts(qgis_iface) if "duplicate" in m], bar_texts(qgis_iface)
    grab(dock, "panel_aps_pickers_first.png")
    choose(dock.scores.row_pickers.combos["geographic_level"], "LEP")
    wait_idle(qtbot, dock)
    assert dock.scores.match_label.text() == "Pick the rows above (year) to match the table to the regions."
    choose(dock.scores.row_pickers.combos["year"], "2022")
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    wait_idle(qtbot, dock)
    assert not [m for m in bar_texts(qgis_iface) if "duplicate" in m], bar_texts(qgis_iface)

    # what remains after the user's choice is still said: all years of one level repeat every LEP
    choose(dock.scores.row_pickers.combos["year"], "All rows")
    wait_idle(qtbot, dock)
    assert dock.scores.match_label.text() == "Pick the rows above (year) to match the table to the regions."


# ------------------------------------------------------------------------------- 7. member names readable
def test_a_clicked_cluster_lists_its_members_whole_at_the_dock_width(dock, qtbot, project, lep_path, bres2020):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    dock.resize(280, 1000)
    choose(dock.method.sector_combo, MANUFACTURING)
    choose(dock.method.baseline_combo, "Location quotient")
    type_into(dock.method.threshold_spin.lineEdit(), "1.25")
    type_into(dock.method.tolerance_spin.lineEdit(), "35")
    QTest.keyClick(dock.method.tolerance_spin.lineEdit(), Qt.Key.Key_Return)
    wait_idle(qtbot, dock)
    assert dict(dock.model.state)["threshold"] == pytest.approx(1.25) and dict(dock.model.state)["tolerance_km"] \
        == pytest.approx(35)
    tree = dock.results.cluster_list
    qtbot.waitUntil(lambda: tree.topLevelItemCount() > 0, timeout=WAIT)
    stoke = "Stoke-on-Trent and Staffordshire"
    rows = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    item = next(r for r in rows if stoke in (r.data(0, NAMES_ROLE) or []))
    assert not tree.details.isVisibleTo(dock)
    tree.scrollToItem(item)
    QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(item).center())
    details = tree.details
    assert details.isVisibleTo(dock)
    names = expanded_members(tree, item)
    assert details.text().startswith(f"Cluster {item.text(0)} ({len(names)} regions): ")
    assert stoke in details.text() and all(n in details.text() for n in names)
    # wrapped inside the dock: every name readable without hovering
    assert details.wordWrap() and details.width() <= dock.widget().viewport().width()
    assert details.heightForWidth(details.width()) > details.fontMetrics().height()  # more than one line
    QApplication.processEvents()
    # the longer page scrolls; nothing in it is squeezed: every field and label as tall as it needs, none over
    # another (the rows of Gap tolerance, Min. regions and Boundaries crossed were drawn over each other)
    body = dock.widget().widget()
    shown = [w for w in body.findChildren(QWidget) if w.isVisibleTo(body) and w.parent() is not None
             and isinstance(w, (QLabel, QAbstractSpinBox, QComboBox)) and not isinstance(w.parent(), (QAbstractSpinBox,
                                                                                                        QComboBox))]
    squeezed = [w.objectName() or w.text() if isinstance(w, QLabel) else w.objectName() for w in shown
                if w.height() < min(w.minimumSizeHint().height(), w.sizeHint().height())
                or (isinstance(w, QLabel) and w.wordWrap() and w.height() < w.heightForWidth(w.width()))]
    assert not squeezed, squeezed
    boxes = [(w, w.geometry().translated(w.parentWidget().mapTo(body, w.parentWidget().rect().topLeft())))
             for w in shown]
    overlapping = [(a.objectName() or getattr(a, "text", str)(), b.objectName() or getattr(b, "text", str)())
                   for i, (a, ra) in enumerate(boxes) for b, rb in boxes[i + 1:]
                   if ra.intersects(rb) and not (a.isAncestorOf(b) or b.isAncestorOf(a))]
    assert not overlapping, overlapping
    grab(dock, "panel_cluster_details.png")


# ------------------------------------------------------------------------------- 4. the map names its period
@pytest.mark.skipif(__import__("shutil").which("pdftotext") is None, reason="poppler-utils not installed")
def test_the_map_says_which_rows_and_period_it_shows(dock, qtbot, project, lep_path, tmp_path):
    from tests.qgis.panel_fixtures import pdf_text
    from tests.qgis.processing_run import run

    aps_manufacturing_layers(dock, qtbot, project, lep_path, tmp_path)
    click(dock.output.layout_button)
    layout = next(iter(layouts().values()))
    subtitle = layout.itemById("subtitle").text()
    rows = "rows where geographic_level is LEP or COUNTRY and year is 2022"
    assert f"Data: D_EmpInd_APS1822.csv, {rows}" in subtitle, subtitle
    assert rows in dock.output.subtitle_edit.placeholderText()  # the panel says what the map will say

    # the Processing path reads the same record from the layers
    regions, clusters = dock.model.outputs.layers()
    pdf = tmp_path / "aps.pdf"
    ok, _res, fb = run("sectorclusters:exportmap", {"REGIONS": regions, "CLUSTERS": clusters,
                                                     "FIELD": "Manufacturing", "OUTPUT_PDF": str(pdf)})
    assert ok, fb.errors
    assert "year is 2022" in pdf_text(pdf)


# ------------------------------------------------------------------------------- 9. labels apart on the map
def test_cluster_and_track_labels_do_not_collide_on_the_map(dock, qtbot, project, lep_path, tmp_path):
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    aps_manufacturing_layers(dock, qtbot, project, lep_path, tmp_path)
    choose(dock.periods.periods_combo, "The table's period column")
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.periods.create_timeline_button.isEnabled(), timeout=WAIT)
    click(dock.periods.create_timeline_button)
    qtbot.waitUntil(lambda: dock.model.outputs.timeline.layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.model.outputs.layers()
    _t_regions, tracks = dock.model.outputs.timeline.layers()

    settings = QgsMapSettings()
    settings.setLayers([tracks, clusters, regions])
    settings.setDestinationCrs(regions.crs())
    settings.setExtent(clusters.extent().buffered(clusters.extent().width() * 0.15))
    settings.setOutputSize(QSize(900, 900))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    ARTEFACTS.mkdir(exist_ok=True)
    job.renderedImage().save(str(ARTEFACTS / "map_cluster_and_track_labels.png"))  # looked at by hand
    labels = job.takeLabelingResults().allLabels()
    mine = [lab for lab in labels if lab.layerID == clusters.id()]
    theirs = [lab for lab in labels if lab.layerID == tracks.id()]
    assert mine and theirs, (len(mine), len(theirs))
    for a in mine:
        for b in theirs:
            assert not a.labelRect.intersects(b.labelRect), (a.labelText, b.labelText)
