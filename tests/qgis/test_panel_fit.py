"""The dock as it opens in QGIS: 280 px wide with nothing cut off, names in the
pickers, clusters as a small table, an object name on every widget a user (or a test) can operate."""
from __future__ import annotations

import pytest
from qgis.core import QgsVectorLayer
from qgis.gui import QgsFileWidget
from qgis.PyQt.QtCore import QPoint
from qgis.PyQt.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QWidget,
)

from tests.conftest import BRES_ALIASES, REPO
from tests.qgis.panel_fixtures import (
    MANUFACTURING,
    WAIT,
    expanded_members,
    field_for,
    fix_alias,
    load_bres,
    pick_sector,
    wait_idle,
)

pytestmark = pytest.mark.qgis
pytest_plugins = ("tests.qgis.panel_dock",)
DOCK_WIDTH = 280
ARTEFACTS = REPO / "tests" / "artefacts"


def past_viewport(dock) -> list[str]:
    """Visible widgets whose right edge lies beyond the scroll area's viewport (cut off at 280 px)."""
    scroll = dock.widget()
    viewport, body = scroll.viewport(), scroll.widget()
    out = []
    if body.width() > viewport.width():
        out.append(f"the panel's content is {body.width()} px wide in a {viewport.width()} px viewport")
    for w in body.findChildren(QWidget):
        if not w.isVisibleTo(body) or w.width() == 0:
            continue
        right = w.mapTo(viewport, QPoint(w.width() - 1, 0)).x()
        if right >= viewport.width():
            out.append(f"{type(w).__name__} {w.objectName()!r} ends at {right} px")
    return out


def interactive(body: QWidget) -> list[QWidget]:
    """What a user operates: buttons, combos, spin boxes, line edits, file pickers, lists and tables (not the
    parts QGIS and Qt build inside them)."""
    kinds = (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit, QgsFileWidget, QAbstractItemView)
    composite = (QComboBox, QAbstractSpinBox, QgsFileWidget, QAbstractItemView)
    out = []
    for w in body.findChildren(QWidget):
        if not isinstance(w, kinds):
            continue
        parent, inside = w.parentWidget(), False
        while parent is not None and parent is not body:
            inside = inside or isinstance(parent, composite)
            parent = parent.parentWidget()
        if not inside:
            out.append(w)
    return out


@pytest.mark.timeout(300, method="thread")
def test_the_dock_fits_280_px(dock, qtbot, project, lep_path, bres2020):
    dock.resize(DOCK_WIDTH, 1000)
    layer = QgsVectorLayer(str(lep_path), "Local Enterprise Partnerships (May 2021) EN BUC", "ogr")
    project.addMapLayer(layer)
    dock.scores.file_widget.setFilePath(str(bres2020))
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "36 of 38 regions matched", timeout=WAIT)
    wait_idle(qtbot, dock)
    qtbot.wait(100)
    assert not past_viewport(dock), past_viewport(dock)  # the unmatched rows' pickers fit too

    # the pickers name the regions as a user knows them, code in brackets, closest first
    combo = dock.scores.unmatched.combo("Buckinghamshire Thames Valley")
    assert combo.itemText(1) == "Buckinghamshire (E37000043)"
    assert combo.itemText(1) == combo.itemText(combo.findData("E37000043"))
    assert dock.scores.unmatched.combo("Hull and East Riding").itemText(1) == "Hull and East Yorkshire (E37000061)"
    for name, code in BRES_ALIASES.items():
        fix_alias(dock, name, code)
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    dock.model.update(baseline="lq", threshold=1.25, method="moran")  # the statistics settings shown too
    wait_idle(qtbot, dock)
    dock.model.update(method="rule")
    wait_idle(qtbot, dock)
    qtbot.wait(100)
    for box in dock.findChildren(QWidget):  # every section open, as a user scrolling through would see it
        if hasattr(box, "setCollapsed"):
            box.setCollapsed(False)
    qtbot.wait(100)
    assert not past_viewport(dock), past_viewport(dock)
    ARTEFACTS.mkdir(exist_ok=True)
    body = dock.widget().widget()
    body.grab().save(str(ARTEFACTS / "panel_280px.png"))  # the whole panel at 280 px, looked at by hand

    # clusters as a small table: number, regions, area; members on hover and when expanded
    tree = dock.results.cluster_list
    qtbot.waitUntil(lambda: tree.topLevelItemCount() and tree.topLevelItem(0).text(2) != "…", timeout=WAIT)
    item = tree.topLevelItem(0)
    assert [tree.headerItem().text(i) for i in range(3)] == ["Cluster", "Regions", "km²"]
    assert item.text(0) == "1"
    names = expanded_members(tree, item)
    assert len(names) == int(item.text(1))
    assert "Derby, Derbyshire, Nottingham and Nottinghamshire" in names  # one region, though it holds commas
    assert item.toolTip(0).split("\n") == names
    assert float(item.text(2).replace(",", "")) > 1000


def test_every_interactive_widget_has_an_object_name(dock, qtbot, project, lep_path, bres2020):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    body = dock.widget().widget()
    widgets = interactive(body)
    assert len(widgets) > 30
    unnamed = [f"{type(w).__name__} ({w.toolTip()[:40] or w.text() if hasattr(w, 'text') else ''})"
               for w in widgets if not w.objectName()]
    assert not unnamed, unnamed
    names = [w.objectName() for w in widgets]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    for name in ("sc_layer", "sc_key_field", "sc_table_file", "sc_sector", "sc_baseline", "sc_threshold",
                 "sc_create", "sc_open_layout", "sc_reset_layout", "sc_export", "sc_title", "sc_clusters"):
        assert body.findChild(QWidget, name) is not None, name


def test_rebuilt_pickers_show_at_once(qgis_app):
    """Pickers remade on a visible panel are visible straight away, not after a later event-loop turn (Qt shows a
    child added to a visible widget through a queued call; reading them before it ran failed now and then)."""
    from types import SimpleNamespace

    from qgis.PyQt.QtWidgets import QVBoxLayout, QWidget

    from plugin.ui.widgets import KeepColumns, RowPickers, UnmatchedList

    panel = QWidget()
    lay = QVBoxLayout(panel)
    keep, unmatched = KeepColumns(lambda _c: None), UnmatchedList(lambda _v, _k: None)
    rows = RowPickers(lambda _c: None)
    for w in (keep, unmatched, rows):
        lay.addWidget(w)
    panel.show()
    # no event processing between the rebuild and the look, as when a test or a slot reads them at once
    keep.show_columns({"LEP_ID": "zero-padded codes"}, [])
    unmatched.show_rows([("Buckinghamshire Thames Valley", "", [])], {}, ["E37000043"])
    rows.show_columns([SimpleNamespace(column="year", role="period", values=["2021", "2022"],
                                       reference_values=[])], {}, "")
    assert keep.boxes["LEP_ID"].isVisibleTo(panel)
    assert unmatched.combo("Buckinghamshire Thames Valley").isVisibleTo(panel)
    assert rows.combos["year"].isVisibleTo(panel)
    panel.close()
