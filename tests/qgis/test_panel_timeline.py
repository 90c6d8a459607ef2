"""Issue 10 in the panel: a Periods choice that runs the timeline as a task and lists the shown sector's tracks;
a click selects a track's members. Real widget, real QGIS, the real BRES 2015–2020 exports and the APS long table;
the tracks shown are compared with an independent call of ``steps.timeline.run_timeline``.

The shared 2015 BRES export is byte-identical to the 2020 one: nothing here assumes they differ.
"""
from __future__ import annotations

import shutil
from functools import partial

import pytest
from qgis.core import Qgis, QgsVectorLayer

from tests.conftest import APS, BRES, BRES_ALIASES, need
from tests.qgis.panel_fixtures import MANUFACTURING, WAIT, field_for, load_bres, pick, pick_sector, wait_idle
from tests.qgis.test_panel_fit import ARTEFACTS, DOCK_WIDTH, past_viewport
from tests.qgis.test_panel_locale_files import answer_file_dialog, click_browse

pytestmark = [pytest.mark.qgis, pytest.mark.timeout(300, method="thread")]
pytest_plugins = ("tests.qgis.panel_dock",)


def independent(lep_path, label: str, sources: dict, aliases: dict, baseline: str = "mean", threshold=None,
                tolerance: float = 0.0, min_regions: int = 2, wait=None) -> list:
    """(track, [(period, change, member keys)]) of ``label`` from run_timeline on the layer read here.

    ``wait`` (the dock's wait for its jobs) runs first: shapely 1.8 (QGIS 3.22 on Debian 12) shares one GEOS context
    between threads, so this main-thread read must not overlap the panel's workers that use shapely."""
    if wait is not None:
        wait()
    from plugin.gis.layers import read_regions
    from plugin.gis.reading import read_layer_keys
    from plugin.steps.neighbours import neighbour_graph
    from plugin.steps.reading import PeriodSources, TableReading
    from plugin.steps.settings import NeighbourSettings, RuleSettings
    from plugin.steps.timeline import TimelineInputs, TimelineSettings, load_period_tables, run_timeline

    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    keys = read_layer_keys(layer, "LEP21CD")
    regions = read_regions(layer)
    graph = neighbour_graph(regions, NeighbourSettings("queen", tolerance))
    reading = TableReading(row_filter=sources.get("row_filter", ""))
    periods = PeriodSources(**{k: v for k, v in sources.items() if k != "row_filter"}, reading=reading)
    inputs = TimelineInputs(keys, regions, graph, load_period_tables(periods), aliases)
    settings = TimelineSettings(RuleSettings(baseline, threshold, min_regions), NeighbourSettings("queen", tolerance))
    timeline = run_timeline(inputs, settings)
    sector = timeline.sector(label)
    return [(track, [(p, c.change, frozenset(c.members)) for p, c in sorted(by_period.items())])
            for track, by_period in sorted(sector.tracks.tracks().items())], timeline


def bar_messages(iface, text: str) -> list[str]:
    bar = iface.messageBar()
    return [m for level in (Qgis.Info, Qgis.Warning, Qgis.Critical, Qgis.Success)
            for m in bar.get_messages(level) if text in m]


def test_tracks_of_the_bres_exports(dock, qtbot, project, lep_path, bres2020, tmp_path, qgis_iface):
    files = [str(need(BRES[y])) for y in range(2015, 2021)]
    settle = partial(wait_idle, qtbot, dock)
    layer = load_bres(dock, qtbot, project, lep_path, bres2020)
    pick_sector(dock, field_for(dock, MANUFACTURING))
    wait_idle(qtbot, dock)
    assert not dock.periods.period_files.isVisibleTo(dock) and not dock.periods.track_tree.isVisibleTo(dock)
    assert not dock.output.map_kind_box.isVisibleTo(dock)

    # several tables, added through the Add tables field's … dialog
    pick(dock.periods.periods_combo, "files")
    assert dock.periods.period_files.isVisibleTo(dock) and not dock.periods.period_column_combo.isVisibleTo(dock)
    assert dock.periods.timeline_note.text() == "Add the tables, one per period (at least two)."
    answer_file_dialog(f'"{files[0]}"')
    click_browse(dock.periods.period_files.adder)
    wait_idle(qtbot, dock)
    assert dock.periods.timeline_note.text() == "Add at least one more table: a timeline compares two periods or more."
    assert not dock.periods.track_tree.isVisibleTo(dock)
    answer_file_dialog(" ".join(f'"{f}"' for f in files))
    click_browse(dock.periods.period_files.adder)
    assert dict(dock.model.state)["period_files"] == files  # the one already listed is not added twice
    wait_idle(qtbot, dock)
    listed = [dock.periods.period_files.list.item(i).text() for i in range(dock.periods.period_files.list.count())]
    assert listed == [f"{y} — Employment by sector - BRES {y}.csv" for y in range(2015, 2021)]
    qtbot.waitUntil(lambda: dock.periods.track_tree.isVisibleTo(dock), timeout=WAIT)

    want, timeline = independent(lep_path, MANUFACTURING, {"tables": files}, BRES_ALIASES, wait=settle)
    assert dock.periods.track_tree.tracks() == want
    assert dock.periods.timeline_note.text().startswith("6 periods (2015–2020). C : Manufacturing: ")
    tree = dock.periods.track_tree
    first = tree.topLevelItem(0)
    track, steps = want[0]
    assert (first.text(0), first.text(1)) == (str(track), "2015–2020")
    assert first.text(3) == str(len(steps[-1][2]))
    assert first.toolTip(0).startswith(f"track {track}: 2015 {steps[0][1]} ({len(steps[0][2])})")

    # clicking a period selects that period's members; the track, its latest period's
    period_item = first.child(1)  # 2016
    dock.periods.track_tree.itemClicked.emit(period_item, 0)
    selected = {f["LEP21CD"] for f in layer.selectedFeatures()}
    assert selected == set(steps[1][2])
    dock.periods.track_tree.itemClicked.emit(first, 0)
    assert {f["LEP21CD"] for f in layer.selectedFeatures()} == set(steps[-1][2])
    period_item.setExpanded(True)
    names = [period_item.child(i).text(0) for i in range(period_item.childCount())]
    name_of = timeline.name_of()
    assert names == [name_of[k] for k in sorted(steps[1][2], key=[*timeline.keys].index)]
    dock.periods.track_tree.itemClicked.emit(period_item.child(0), 0)  # a member's row: its period's members
    assert {f["LEP21CD"] for f in layer.selectedFeatures()} == set(steps[1][2])
    layer.removeSelection()

    # another sector, another threshold: the tracks follow (the sector without re-running)
    from plugin.ui.jobs import JobKind

    ict = "J : Information and communication"
    pick_sector(dock, field_for(dock, ict))
    assert not dock.model.jobs.running(JobKind.TIMELINE) and not dock.model.periods.timer.isActive()
    assert dock.periods.track_tree.tracks() == independent(lep_path, ict, {"tables": files}, BRES_ALIASES,
            wait=settle)[0]
    pick(dock.method.baseline_combo, "lq")
    dock.method.threshold_spin.setValue(1.25)
    wait_idle(qtbot, dock)
    assert dock.periods.track_tree.tracks() == independent(lep_path, ict, {"tables": files}, BRES_ALIASES, "lq",
            1.25, wait=settle)[0]

    # the dock still fits 280 px with the periods, the files and the tracks shown
    dock.resize(DOCK_WIDTH, 1000)
    for item in (tree.topLevelItem(i) for i in range(tree.topLevelItemCount())):
        item.setExpanded(True)
    qtbot.wait(100)
    assert not past_viewport(dock), past_viewport(dock)
    # every column of the tracks is in view and the periods readable (a stretched first column once hid the rest)
    sections = [tree.header().sectionSize(i) for i in range(4)]
    assert sum(sections) <= tree.viewport().width() and min(sections) >= 12 and sections[1] >= 40, sections
    ARTEFACTS.mkdir(exist_ok=True)
    dock.widget().widget().grab().save(str(ARTEFACTS / "panel_periods_280px.png"))  # looked at by hand

    # save, clear, reopen: the periods and their tracks come back
    state = dict(dock.model.state)
    # the Map choice is the user's: choosing periods leaves it at the sector map
    assert (state["periods_source"], state["period_files"], state["map_kind"]) == ("files", files, "sector")
    qgz = tmp_path / "timeline.qgz"
    assert project.write(str(qgz))
    project.clear()
    assert project.read(str(qgz))
    qtbot.waitUntil(lambda: dict(dock.model.state["aliases"]) == BRES_ALIASES, timeout=WAIT)
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.periods.track_tree.topLevelItemCount() > 0, timeout=WAIT)
    assert dock.periods.periods_combo.currentData() == "files" and dict(dock.model.state)["period_files"] == files
    assert dock.periods.track_tree.tracks() == independent(lep_path, ict, {"tables": files}, BRES_ALIASES, "lq",
            1.25, wait=settle)[0]


def test_tracks_of_the_aps_long_table(dock, qtbot, project, lep_path):
    aps = need(APS)
    settle = partial(wait_idle, qtbot, dock)
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    project.addMapLayer(layer)
    qtbot.waitUntil(lambda: dock.regions.layer_combo.currentLayer() is layer, timeout=WAIT)
    dock.scores.file_widget.setFilePath(str(aps))
    wait_idle(qtbot, dock)
    pick(dock.scores.row_pickers.combos["year"], "2022")
    wait_idle(qtbot, dock)
    pick(dock.scores.row_pickers.combos["geographic_level"], "LEP")
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    pick_sector(dock, field_for(dock, "Manufacturing"))
    dock.model.update(baseline="lq")
    wait_idle(qtbot, dock)

    pick(dock.periods.periods_combo, "column")
    assert dock.periods.period_column_combo.isVisibleTo(dock) and not dock.periods.period_files.isVisibleTo(dock)
    assert dock.periods.period_column_combo.currentData() == "year"  # the table's period column, found for the user
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.periods.track_tree.topLevelItemCount() > 0, timeout=WAIT)
    sources = {"table": str(aps), "period_column": "year", "row_filter": "geographic_level=LEP|COUNTRY"}
    want, timeline = independent(lep_path, "Manufacturing", sources, {}, "lq", wait=settle)
    assert timeline.periods == [2018, 2019, 2020, 2021, 2022]
    assert dock.periods.track_tree.tracks() == want
    assert dock.periods.timeline_note.text().startswith("5 periods (2018–2022). Manufacturing: ")
    for label in ("Banking, Finance and Insurance", "Construction"):
        pick_sector(dock, field_for(dock, label))
        assert dock.periods.track_tree.tracks() == independent(lep_path, label, sources, {}, "lq",
                wait=settle)[0], label
    # the one-period analysis above is still that of 2022
    assert dict(dock.model.state)["row_filter"] == "geographic_level=LEP|COUNTRY; year=2022"


def test_bad_periods_are_said_once_plainly(dock, qtbot, project, lep_path, bres2020, tmp_path, qgis_iface):
    load_bres(dock, qtbot, project, lep_path, bres2020)
    a, b = tmp_path / "first.csv", tmp_path / "second.csv"
    shutil.copy(need(BRES[2016]), a)
    shutil.copy(need(BRES[2017]), b)
    qgis_iface.messageBar().clear_messages()
    dock.model.update(periods_source="files", period_files=[str(a), str(b)])
    wait_idle(qtbot, dock)
    note = dock.periods.timeline_note.text()
    assert note.startswith("Give the period of each table: the file name 'first.csv' holds no four-digit year")
    assert "Traceback" not in note and dock.model.periods.error_code == "no_period"
    assert dock.periods.periods_edit.isVisibleTo(dock) and "c0392b" in dock.periods.periods_edit.styleSheet()  \
        # where to fix it
    listed = [dock.periods.period_files.list.item(i).text() for i in range(2)]
    assert listed == ["? — first.csv", "? — second.csv"]
    assert not dock.periods.track_tree.isVisibleTo(dock) and not dock.periods.create_timeline_button.isEnabled()
    assert len(bar_messages(qgis_iface, "Give the period of each table")) == 1
    dock.method.threshold_spin.setValue(1.1)  # other settings, the same problem: said in the dock, once more at most
    wait_idle(qtbot, dock)
    assert dock.periods.timeline_note.text() == note

    dock.periods.periods_edit.setText("2016; 2017")  # the years in the order of the tables
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.periods.track_tree.topLevelItemCount() > 0, timeout=WAIT)
    assert dock.periods.periods_edit.styleSheet() == ""
    assert [dock.periods.period_files.list.item(i).text() for i in range(2)] == ["2016 — first.csv",
            "2017 — second.csv"]
    assert dock.periods.timeline_note.text().startswith("2 periods (2016–2017).")

    # a region missing from one period: said, with the way out beside it
    text = b.read_text(encoding="utf-8-sig")
    b.write_text("\n".join(line for line in text.split("\n") if not line.startswith('"lep:Cumbria"')
                           and not line.startswith("lep:Cumbria")), encoding="utf-8")
    dock.model.update(periods="2016; 2018")
    wait_idle(qtbot, dock)
    assert dock.model.periods.error_code == "region_sets", dock.periods.timeline_note.text()
    assert "Cumbria" in dock.periods.timeline_note.text()
    assert dock.periods.allow_missing_check.isVisibleTo(dock)
    dock.periods.allow_missing_check.setChecked(True)
    wait_idle(qtbot, dock)
    qtbot.waitUntil(lambda: dock.periods.track_tree.topLevelItemCount() > 0, timeout=WAIT)
    assert dock.model.periods.timeline is not None and dock.model.periods.timeline.periods == [2016, 2018]

    # back to one table: the periods' results go, the map is the sector map again
    pick(dock.periods.periods_combo, "none")
    wait_idle(qtbot, dock)
    assert not dock.periods.track_tree.isVisibleTo(dock) and not dock.periods.timeline_note.isVisibleTo(dock)
    assert dict(dock.model.state)["map_kind"] == "sector" and dock.model.periods.timeline is None


def test_old_projects_load_with_the_new_keys_at_their_defaults():
    from plugin.ui import state as panel_state

    old = panel_state.normalise({"version": 2, "baseline": "lq", "threshold": 1.25, "layer_id": "x"})
    assert (old["periods_source"], old["period_files"], old["periods"], old["period_column"]) == ("none", [], "", "")
    assert (old["overlay_id"], old["overlay_name"], old["map_kind"], old["allow_missing"]) == ("", "", "sector", False)
    assert panel_state.normalise({"period_files": "one.csv"})["period_files"] == ["one.csv"]
    assert panel_state.normalise({"periods_source": 2})["periods_source"] == "column"  # a position, as v1 stored
    # a layer made before the overlay existed is not "made with other settings" for that alone
    record = {k: v for k, v in panel_state.inputs(old).items() if k not in panel_state.OVERLAY_KEYS}
    assert panel_state.record_inputs(record) == panel_state.inputs(old)
    assert panel_state.normalise({"baseline": "stars", "threshold": 7})["threshold"] == 3.0


def test_timeline_layers_and_maps(dock, qtbot, project, lep_path, bres2020, tmp_path):
    import numpy as np

    from plugin.gis.layout import MEMBERS_EXPRESSION
    from tests.qgis.panel_fixtures import png_pixels

    files = [str(need(BRES[y])) for y in range(2015, 2021)]
    load_bres(dock, qtbot, project, lep_path, bres2020)
    manu = field_for(dock, MANUFACTURING)
    pick_sector(dock, manu)
    dock.model.update(periods_source="files", period_files=files)
    wait_idle(qtbot, dock)
    assert dock.output.map_kind_box.isVisibleTo(dock) and dock.output.map_kind_combo.currentData() == "sector"
    dock.output.map_kind_combo.setCurrentIndex(dock.output.map_kind_combo.findData("trajectory"))
    assert not dock.output.layout_button.isEnabled() and not dock.output.atlas_check.isEnabled()
    assert dock.periods.create_timeline_button.isEnabled()
    dock.output.output_widget.setFilePath(str(tmp_path / "out.gpkg"))
    dock.periods.create_timeline_button.click()
    qtbot.waitUntil(lambda: dock.model.outputs.timeline.layers() is not None and not dock.busy(), timeout=WAIT)
    regions, clusters = dock.model.outputs.timeline.layers()
    assert regions.source().startswith(str(tmp_path / "out_timeline.gpkg"))
    assert (tmp_path / "out_timeline.html").is_file()
    assert regions.featureCount() == 38 and f"{manu}_traj" in regions.fields().names()
    names = (regions.name(), clusters.name())
    assert names == ("Regions — trajectories", "Clusters per period")
    timeline = dock.model.periods.timeline
    assert clusters.featureCount() == len(timeline.cluster_outlines())  # every period, sector and cluster
    assert regions.renderer().classAttribute() == f"{manu}_traj"
    shown = {(f["period"], f["track"], f["change"]) for f in clusters.getFeatures() if f["sector"] == manu}
    assert shown == {(p, t, c) for t, steps in dock.periods.track_tree.tracks() for p, c, _m in steps}
    assert dock.output.layout_button.isEnabled()

    # the trajectory map: a layout of the shown sector, exported as the user sees it
    layout = dock.model.outputs.open_layout()
    assert layout.name() == "Sector Clusters — C : Manufacturing — trajectories"
    table = layout.itemById("clusters_table").multiFrame()
    assert table.columns()[3].attribute() == MEMBERS_EXPRESSION
    dialog = dock.output.make_export_dialog()
    assert not dialog.atlas_check.isVisibleTo(dialog)
    assert dialog.values()["path"].endswith("/Manufacturing_trajectories_2015-2020.pdf")
    png = tmp_path / "trajectories.png"
    assert dock.model.outputs.export_map(str(png), dpi=100) == [str(png)], dock.model.last_error
    before = png_pixels(png)

    # small multiples, built on the same layers, leave the trajectory layout as it was
    dock.output.map_kind_combo.setCurrentIndex(dock.output.map_kind_combo.findData("small_multiples"))
    multiples = dock.model.outputs.open_layout()
    assert multiples.name() == "Sector Clusters — C : Manufacturing — periods"
    png2 = tmp_path / "periods.png"
    assert dock.model.outputs.export_map(str(png2), dpi=100) == [str(png2)], dock.model.last_error
    assert regions.renderer().classAttribute() == f"{manu}_traj"  # the map shows the trajectories again
    pick_sector(dock, field_for(dock, "J : Information and communication"))  # the canvas: another sector
    assert regions.renderer().classAttribute().endswith("_traj") and manu not in regions.renderer().classAttribute()
    wait_idle(qtbot, dock)
    pick_sector(dock, manu)
    wait_idle(qtbot, dock)
    dock.output.map_kind_combo.setCurrentIndex(dock.output.map_kind_combo.findData("trajectory"))
    assert dock.model.outputs.open_layout() is layout  # kept, not rebuilt
    pick_sector(dock, field_for(dock, "J : Information and communication"))
    wait_idle(qtbot, dock)
    pick_sector(dock, manu)
    wait_idle(qtbot, dock)
    png3 = tmp_path / "trajectories_again.png"
    assert dock.model.outputs.export_map(str(png3), dpi=100) == [str(png3)]
    assert np.array_equal(png_pixels(png3), before)
    assert (regions.name(), clusters.name()) == names  # no layout renamed them

    # other settings: the timeline layers say they are older
    dock.method.threshold_spin.setValue(1.2)
    wait_idle(qtbot, dock)
    assert "The timeline layers show earlier settings" in dock.periods.timeline_note.text()
