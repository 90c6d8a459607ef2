"""The preview's regions layer, changed in place, holds what a fresh fill would.

A new threshold changes the values of the layer's features; another sector renames its fields and changes
their values; neither makes the layer anew. After each, every feature's attributes must be the shown result's
(key, name, the sector's columns) and its geometry the region's, as when the layer is first made.
"""
from __future__ import annotations

import pytest

from tests.qgis.panel_fixtures import ICT, MANUFACTURING, field_for, load_bres, wait_idle

pytestmark = [pytest.mark.qgis]
pytest_plugins = ("tests.qgis.panel_dock",)  # the project and dock fixtures


def expected(model) -> dict[str, list]:
    a, field = model.analysis, model.sector()
    columns = [c for c in a.columns if c.name.startswith(f"{field}_")]
    return {a.keys[i]: [a.keys[i], a.names[i]] + [c.values[i] for c in columns] for i in range(len(a.keys))}


def check_layer(model) -> None:
    layer = model.preview.regions
    a, field = model.analysis, model.sector()
    assert layer is not None
    names = [f.name() for f in layer.fields()]
    assert names[2:] == [c.name for c in a.columns if c.name.startswith(f"{field}_")]
    want = expected(model)
    got = {}
    geoms = {a.keys[i]: g for i, g in enumerate(a.regions.geometries)}
    for f in layer.getFeatures():
        got[f["key"]] = [None if v is None or (hasattr(v, "isNull") and v.isNull()) else v for v in f.attributes()]
        g = f.geometry()
        assert g.equals(geoms[f["key"]]) or g.isGeosEqual(geoms[f["key"]]), f["key"]
    assert got.keys() == want.keys()
    for key, values in want.items():
        assert got[key] == values, key  # doubles round-trip exactly through a memory layer
    assert layer.featureCount() == len(want)


def manufacturing_shown(dock, qtbot, project, lep_path, bres2020) -> tuple:
    """The LEPs and BRES 2020 in the panel, Manufacturing shown and the panel idle: (model, Manufacturing's
    field, ICT's field, the sector combo)."""
    load_bres(dock, qtbot, project, lep_path, bres2020)
    manu, ict = field_for(dock, MANUFACTURING), field_for(dock, ICT)
    combo = dock.method.sector_combo
    combo.setCurrentIndex(combo.findData(manu))
    wait_idle(qtbot, dock)
    return dock.model, manu, ict, combo


def test_preview_changed_in_place(dock, qtbot, project, lep_path, bres2020):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    m = dock.model
    dock.method.sector_combo.setCurrentIndex(dock.method.sector_combo.findData(field_for(dock, MANUFACTURING)))
    wait_idle(qtbot, dock)
    check_layer(m)
    layer_id = m.preview.regions.id()
    for threshold in (1.2, 1.5, 0.9):
        dock.method.threshold_spin.setValue(threshold)
        wait_idle(qtbot, dock)
        assert m.analysis.settings["threshold"] == pytest.approx(threshold)
        check_layer(m)
        assert m.preview.regions.id() == layer_id  # values changed, not a new layer
    dock.method.sector_combo.setCurrentIndex(dock.method.sector_combo.findData(field_for(dock, ICT)))
    wait_idle(qtbot, dock)
    check_layer(m)
    assert m.preview.regions.id() == layer_id  # fields renamed, not a new layer
    assert m.preview.regions.renderer() is not None


def test_preview_written_over_several_turns_and_interrupted(dock, qtbot, project, lep_path, bres2020, monkeypatch):
    """At LSOA scale the regions' rows are written a piece per event-loop turn (the main thread stays free):
    with pieces of 5 rows the 38 LEPs take several turns; a sector picked while rows are being written (new
    values, then new features) must still end with the layer holding exactly the shown result."""
    from qgis.PyQt.QtCore import QCoreApplication

    from plugin.ui import preview as preview_module

    monkeypatch.setattr(preview_module, "ROWS_PER_TURN", 5)

    def one_turn_at_a_time_until(condition) -> None:
        for _ in range(2000):
            if condition():
                return
            QCoreApplication.processEvents()
        raise AssertionError("not reached")

    m, manu, ict, combo = manufacturing_shown(dock, qtbot, project, lep_path, bres2020)
    check_layer(m)
    layer = m.preview.regions

    def renamed_values() -> int:  # features whose new sector's index is already written
        return sum(1 for f in layer.getFeatures() if f[f"{ict}_idx"] is not None and f[f"{ict}_idx"] ==
                   m.analysis.sector_columns(ict)[0].values[list(m.analysis.keys).index(f["key"])])

    combo.setCurrentIndex(combo.findData(ict))
    assert m.preview.pending()  # the preview's refresh waits for the next turn of the event loop
    one_turn_at_a_time_until(lambda: m.preview._writing is not None)
    assert 0 < renamed_values() < 38  # part written, the rest at the next turns
    wait_idle(qtbot, dock)
    check_layer(m)
    assert m.preview.regions.id() == layer.id()

    # another sector while the rows are being written: the mixed layer is not trusted
    combo.setCurrentIndex(combo.findData(manu))
    one_turn_at_a_time_until(lambda: m.preview._writing is not None)
    combo.setCurrentIndex(combo.findData(ict))
    wait_idle(qtbot, dock)
    check_layer(m)

    # new features (the preview switched off and on), interrupted by another sector
    dock.method.preview_check.setChecked(False)
    assert m.preview.regions is None  # switched off: gone at once
    dock.method.preview_check.setChecked(True)
    one_turn_at_a_time_until(lambda: m.preview._writing is not None and m.preview._writing.features is not None)
    assert 0 < m.preview.regions.featureCount() < 38
    combo.setCurrentIndex(combo.findData(manu))
    wait_idle(qtbot, dock)
    check_layer(m)
    assert m.preview.regions.featureCount() == 38


def test_outlines_of_the_sector_left_are_cancelled_when_another_is_picked(dock, qtbot, project, lep_path, bres2020,
                                                                          monkeypatch):
    """Picking another sector cancels the outlines still being made for the one left at once, not after the new
    preview is written (a task that will be thrown away kept a core and the interpreter busy meanwhile); the new
    sector's outlines then arrive as usual."""
    import time

    from plugin.ui import results as results_module
    from plugin.ui.jobs import JobKind

    m, manu, ict, combo = manufacturing_shown(dock, qtbot, project, lep_path, bres2020)
    real = results_module.outline_job
    started = []

    def slow_outline_job(analysis, field):
        def job(task):  # waits to be cancelled, as LSOA outlines take seconds
            started.append(field)
            end = time.monotonic() + 30
            while not task.isCanceled() and time.monotonic() < end:
                time.sleep(0.01)
            return {}
        return job

    monkeypatch.setattr(results_module, "outline_job", slow_outline_job)
    dock.method.threshold_spin.setValue(1.3)  # a new result: its outlines start once its preview is written
    qtbot.waitUntil(lambda: started == [manu], timeout=15_000)
    old = [j for j in m.jobs.running(JobKind.OUTLINES)]
    assert len(old) == 1 and old[0].key[1] == manu and not old[0].handle.isCanceled()
    monkeypatch.setattr(results_module, "outline_job", real)
    combo.setCurrentIndex(combo.findData(ict))
    assert old[0].handle.isCanceled()  # at the pick, before the event loop turns again
    assert m.preview.pending() and m.shown.pending()  # the preview, then the new sector's outlines
    wait_idle(qtbot, dock)
    assert m.shown.outlines_for == (id(m.analysis), ict) and m.shown.outlines
    assert started == [manu] and old[0].cancelled  # the thrown-away task ended as cancelled
