"""Issue 22, the panel in French QGIS: with the plugin's French translation installed (as its start-up does when
QGIS speaks French) and Qt's default locale French (as QGIS sets it from locale/userLocale), the panel's labels
are French, its decimal fields take "1,25" typed by the user and show it so, the analysis gets 1.25 (the same
clusters as "1.25" typed in the English panel), and areas are written with French digit grouping.

Real QGIS offscreen, the real LEP boundaries and BRES 2020 export; the fields are typed into with QTest.
"""
from __future__ import annotations

import re

import pytest
from qgis.core import QgsVectorLayer
from qgis.gui import QgsCollapsibleGroupBox
from qgis.PyQt.QtCore import QLocale, Qt
from qgis.PyQt.QtTest import QTest

from plugin.i18n import install_translator, remove_translator
from tests.conftest import BRES_ALIASES
from tests.qgis.panel_fixtures import MANUFACTURING, WAIT, field_for, fix_alias, pick_sector, wait_idle

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)  # the project fixture

GROUPING = "\u202f\u00a0 "  # French digit grouping: a narrow no-break space (CLDR), a no-break or plain space


@pytest.fixture
def language(qgis_iface, qtbot, processing_ready, project):
    """``open_panel(lang)``: a new panel in ``lang`` ("en" or "fr"): the translator and Qt's locale set first,
    as QGIS sets them before any plugin starts. Everything is put back afterwards."""
    from plugin.ui.dock import SectorClustersDock

    before = QLocale()
    panels = []

    def open_panel(lang: str):
        for old in panels:
            old.shutdown()
            qtbot.waitUntil(lambda old=old: not old.busy(), timeout=WAIT)
            old.hide()
        project.clear()
        if lang == "fr":
            assert install_translator("fr") == "fr"
            QLocale.setDefault(QLocale("fr_FR"))
        else:
            remove_translator()
            QLocale.setDefault(QLocale("en_GB"))
        panel = SectorClustersDock(qgis_iface, None)
        qtbot.addWidget(panel, before_close_func=lambda w: w.shutdown())
        panel.show()
        panels.append(panel)
        return panel

    yield open_panel
    for panel in panels:
        panel.shutdown()
        qtbot.waitUntil(lambda panel=panel: not panel.busy(), timeout=WAIT)
    remove_translator()
    QLocale.setDefault(before)


def load(dock, qtbot, project, lep_path, bres2020, matched: str) -> None:
    """LEPs and BRES 2020 with the two names fixed; ``matched``: the match line's words for 38 of 38."""
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    assert layer.isValid()
    project.addMapLayer(layer)
    dock.regions.layer_combo.setLayer(layer)
    dock.scores.file_widget.setFilePath(str(bres2020))
    qtbot.waitUntil(lambda: dock.model.matched is not None, timeout=WAIT)
    for name, code in BRES_ALIASES.items():
        fix_alias(dock, name, code)
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == matched, timeout=WAIT)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    wait_idle(qtbot, dock)


def type_into(qtbot, spin, text: str) -> None:
    """Select the field's text, type ``text`` as a user does and press Enter."""
    edit = spin.lineEdit()
    edit.setFocus()
    edit.selectAll()
    QTest.keyClicks(edit, text)
    QTest.keyClick(edit, Qt.Key.Key_Return)


def clusters(qtbot, dock) -> list[tuple[frozenset, str]]:
    """(member keys, area text) of every cluster listed, once the areas are measured."""
    from plugin.ui.widgets import KEYS_ROLE

    tree = dock.results.cluster_list

    def rows():
        return [(frozenset(tree.topLevelItem(i).data(0, KEYS_ROLE)), tree.topLevelItem(i).text(2))
                for i in range(tree.topLevelItemCount())]

    qtbot.waitUntil(lambda: rows() and all(area != "…" for _k, area in rows()), timeout=WAIT)
    return rows()


def test_french_panel_reads_and_writes_french_numbers(language, qtbot, project, lep_path, bres2020):
    # English first: "1.25" typed into the threshold
    dock = language("en")
    load(dock, qtbot, project, lep_path, bres2020, "38 of 38 regions matched")
    type_into(qtbot, dock.method.threshold_spin, "1.25")
    wait_idle(qtbot, dock)
    assert dict(dock.model.state)["threshold"] == 1.25 and dock.method.threshold_spin.text() == "1.25"
    assert "1.25" in dock.results.summary_label.text()
    english_counts, english = dock.model.shown.counts(), clusters(qtbot, dock)
    assert english and any("," in area for _k, area in english)  # an area of thousands of km²: grouped

    # the same in French
    dock = language("fr")
    texts = {name: dock.findChild(QgsCollapsibleGroupBox, name).title()
             for name in ("sc_group_regions", "sc_group_results", "sc_group_periods")}
    assert texts == {"sc_group_regions": "1. Régions", "sc_group_results": "4. Résultats",
                     "sc_group_periods": "Périodes dans le temps"}
    assert dock.output.create_button.text() == "Créer les couches"
    assert dock.method.threshold_label.text() == "Seuil"
    assert dock.periods.period_files.adder.dialogTitle() == "Ajoutez des tableaux, un par période"
    assert dock.output.output_widget.dialogTitle() == "Enregistrer les couches sous"
    load(dock, qtbot, project, lep_path, bres2020, "38 des 38 régions appariées")

    type_into(qtbot, dock.method.threshold_spin, "1,25")
    wait_idle(qtbot, dock)
    assert dict(dock.model.state)["threshold"] == 1.25  # a plain float for the analysis
    assert dock.method.threshold_spin.text() == "1,25"
    summary = dock.results.summary_label.text()
    assert "1,25" in summary and "1.25" not in summary, summary
    assert "mean of regions" not in summary and "moyenne des régions" in summary, summary  # no English baseline
    assert dock.model.shown.counts() == english_counts
    french = clusters(qtbot, dock)
    assert [k for k, _a in french] == [k for k, _a in english]  # the same clusters, in the same order
    for (_k, en_area), (_k2, fr_area) in zip(english, french):
        assert re.fullmatch(r"\d{1,3}([" + GROUPING + r"]\d{3})*", fr_area), fr_area
        assert re.sub("[" + GROUPING + "]", ",", fr_area) == en_area  # 76 753 in French is 76,753 in English
    assert any(ch in area for _k, area in french for ch in GROUPING)

    # the gap tolerance too: 2,5 km typed, 2 500 m used, shown with its decimal comma
    type_into(qtbot, dock.method.tolerance_spin, "2,5")
    wait_idle(qtbot, dock)
    assert dock.model.tolerance_m() == 2500.0 and dict(dock.model.state)["tolerance_km"] == 2.5
    assert dock.method.tolerance_spin.text() == "2,50 km"
    # a point typed in French is read as the decimal mark too (not as 25)
    type_into(qtbot, dock.method.tolerance_spin, "0.5")
    wait_idle(qtbot, dock)
    assert dict(dock.model.state)["tolerance_km"] == 0.5 and dock.method.tolerance_spin.text() == "0,50 km"
