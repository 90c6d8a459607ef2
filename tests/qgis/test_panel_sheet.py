"""The panel's sheet picker: a workbook with several data sheets offers them, a choice re-reads the table."""
from __future__ import annotations

import openpyxl
import pytest
from qgis.core import QgsVectorLayer

from tests.qgis.panel_fixtures import WAIT, wait_idle

pytestmark = pytest.mark.qgis
pytest_plugins = ("tests.qgis.panel_dock",)  # the project and dock fixtures


def lep_codes(layer: QgsVectorLayer) -> list[str]:
    return sorted(f["LEP21CD"] for f in layer.getFeatures())


def workbook(path, codes: list[str]) -> None:
    """Sheets 2019 and 2020 (Digital = 1 and 2 per row), a hidden 'Old' one (Digital = 99) and a cover sheet."""
    book = openpyxl.Workbook()
    book.active.title = "Cover"
    book.active.append(["Employment by sector (illustrative)"])
    for title, value, state in (("Old", 99, "hidden"), ("2019", 1, "visible"), ("2020", 2, "visible")):
        ws = book.create_sheet(title)
        ws.append(["code", "Digital", "Life sciences"])
        for i, code in enumerate(codes):
            ws.append([code, value * (i + 1), 5])
        ws.sheet_state = state
    book.save(path)


def test_sheet_picker_offers_the_data_sheets_and_reads_the_one_chosen(dock, qtbot, project, lep_path, tmp_path):
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    project.addMapLayer(layer)
    dock.regions.layer_combo.setLayer(layer)
    book = tmp_path / "scores.xlsx"
    workbook(book, lep_codes(layer))

    dock.scores.file_widget.setFilePath(str(book))
    qtbot.waitUntil(lambda: dock.scores.preview.rowCount() > 0, timeout=WAIT)
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    combo = dock.scores.sheet_combo
    assert not combo.isHidden() and not dock.scores.sheet_label.isHidden()
    assert [combo.itemText(i) for i in range(combo.count())] == ["First data sheet (2019)", "2019", "2020"]
    assert dock.scores.preview.item(0, 1).text() == "1"  # the first visible data sheet: not the cover, not hidden 'Old'
    assert "Read sheet '2019' of scores.xlsx" in dock.scores.notes_label.text()

    combo.setCurrentIndex(combo.findText("2020"))  # the user picks the sheet by its name
    qtbot.waitUntil(lambda: dock.scores.preview.item(0, 1) is not None and dock.scores.preview.item(0, 1).text() == "2",
                    timeout=WAIT)
    wait_idle(qtbot, dock.model)
    assert dock.model.state["sheet"] == "2020" and dock.model.table.raw.sheet == "2020"
    assert "Read sheet '2020' of scores.xlsx" in dock.scores.notes_label.text()
    assert dock.scores.match_label.text() == "38 of 38 regions matched"
    assert combo.currentText() == "2020"

    csv_path = tmp_path / "scores.csv"
    csv_path.write_text("code,Digital\n" + "".join(f"{c},3\n" for c in lep_codes(layer)), encoding="utf-8")
    dock.scores.file_widget.setFilePath(str(csv_path))
    qtbot.waitUntil(lambda: dock.scores.preview.item(0, 1) is not None and dock.scores.preview.item(0, 1).text() == "3",
                    timeout=WAIT)
    assert dock.model.state["sheet"] == "" and combo.isHidden()  # a CSV has no sheets: no picker
