"""The panel's outputs: the created layers, their styles, the print layouts and the map export.

Rules:

* *Create layers* writes one GeoPackage with two tables, ``regions`` and ``clusters`` (the outputs of
  sectorclusters:detectclusters, or localstatistics), by default beside the project file. The joined scores
  it analyses are written from the panel's match (the table is not read again).
* The layout the user opened (and perhaps edited in the layout designer) is the one exported: it is found
  in the project's layout manager by name and never rebuilt silently. *Reset layout* rebuilds it after a
  confirmation. The panel's title, subtitle and attribution go into the layout where the designer left the
  plugin's own text; a text edited in the designer is kept.
* A layout keeps the style of its sector (the map's layer style overrides), so switching the panel to
  another sector restyles the layers without changing the layout; the panel's *Map colours* do reach the
  shown sector's layout.
* Creating the layers again keeps the layouts: they are pointed at the new layers, not rebuilt.
* With *Map* set to a timeline map (trajectory map, small multiples), Open layout, Reset layout and Export act
  on the timeline's layers and layouts instead (``ui/timeline_outputs.py``, the same rules).
"""
from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

from qgis.core import Qgis, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QObject

from ..core import codes
from ..i18n import tr
from ..steps import words
from ..steps.settings import MapSettings, NeighbourSettings, RuleSettings, StatisticsSettings
from .export_dialog import MapExport
from .jobs import JobKind
from .layer_roles import ROLE, SETTINGS_PROPERTY, created_settings
from .points_source import points_on


def _confirm_nothing(title: str, text: str) -> bool:
    return False


class OutputController(QObject):
    """Create layers, restyle them, open/reset the layout and export the map, for a PanelModel."""

    def __init__(self, model):
        super().__init__(model)
        self.model = model
        # asked before anything the user made is replaced (the dock sets a QMessageBox question; tests their own)
        self.confirm: Callable[[str, str], bool] = _confirm_nothing
        # asked for the GeoPackage when the project has not been saved (the dock sets a file dialog)
        self.ask_output_path: Callable[[], str] = lambda: ""
        from .timeline_outputs import TimelineOutputs

        self.timeline = TimelineOutputs(model, self)

    def timeline_map(self) -> bool:
        """Open layout / Export make a timeline map (the Map choice), not the sector map."""
        return self.model.state["map_kind"] != codes.SECTOR_MAP

    def why_disabled(self) -> dict[str, str]:
        """Why each output button is greyed out, in words ({} when all can be pressed): ``create`` (Create
        layers), ``map`` (Open layout, Reset layout, Export…), ``timeline`` (Create timeline layers)."""
        from . import timeline as tl

        m, s = self.model, self.model.state
        out: dict[str, str] = {}
        if m.jobs.running(JobKind.CREATE):
            out["create"] = words.writing_layers_note()
        elif not can_create_layers(m):
            out["create"] = words.create_needs_note(m.layer() is not None, bool(s["key_field"]),
                                                    m.matched is not None, m.busy())
        if self.map_layers() is None:
            out["map"] = words.map_needs_layers_note(s["map_kind"])
        if m.periods.on() and not self.timeline.can_create():
            out["timeline"] = words.timeline_needs_note(
                m.jobs.running(JobKind.TIMELINE_LAYERS), tl.not_ready(s) or m.periods.error, m.busy())
        return out

    def map_layers(self):
        """The layers the chosen map is made of: the timeline's for a timeline map, else the sector's."""
        return self.timeline.layers() if self.timeline_map() else self.layers()

    # ----------------------------------------------------------------------------------- layers
    def output_path(self) -> str:
        """The GeoPackage to write: the chosen path, else beside the project file ('' when unsaved)."""
        path = self.model.state["output_path"].strip()
        if not path:
            project = QgsProject.instance()
            if not project.fileName():
                return ""
            stem = self.scores_name() or "scores"
            safe = "".join(ch if ch.isalnum() else "_" for ch in stem).strip("_") or "scores"
            path = str(Path(project.absolutePath()) / f"sector_clusters_{safe}.gpkg")
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return path

    def scores_name(self) -> str:
        """What the scores are called in file and group names: the table's file name, or the point layer's name
        when points are counted (a table chosen before must not name them)."""
        if points_on(self.model):
            from .points_source import points_layer

            points = points_layer(self.model)
            return points.name() if points is not None else ""
        return Path(self.model.state["table_path"]).stem if self.model.state["table_path"] else ""

    @staticmethod
    def layers() -> tuple[QgsVectorLayer, QgsVectorLayer | None] | None:
        """(regions, clusters) this panel added to the project, if they are still there."""
        regions = clusters = None
        for layer in QgsProject.instance().mapLayers().values():
            role = layer.customProperty(ROLE)
            if role == "regions":
                regions = layer
            elif role == "clusters":
                clusters = layer
        return (regions, clusters) if regions is not None else None

    def layers_stale(self) -> bool:
        """The created layers were made with other settings than the panel's now (False when unknown)."""
        out = self.layers()
        if out is None:
            return False
        made = created_settings(out[0])
        from . import state as panel_state

        return made is not None and panel_state.record_inputs(made) != current_inputs(self.model.state)

    def ensure_output_path(self) -> str:
        """The panel's GeoPackage, asked for when the project has no place for it yet, in a folder that can be
        written to; '' (and said why) when there is none."""
        m = self.model
        path = self.output_path()
        if not path:
            path = self.ask_output_path()
            if not path:
                m.report(tr("Choose where to save the GeoPackage (the project has not been saved yet)."),
                         Qgis.Warning)
                return ""
            path = path if path.lower().endswith(".gpkg") else path + ".gpkg"
            m.update(output_path=path)
        folder = Path(path).parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            m.report(tr("The folder {} does not exist or cannot be written to.").format(folder), Qgis.Critical)
            return ""
        from ..gis.destinations import panel_clash

        timeline = str(Path(path).with_name(f"{Path(path).stem}_timeline.gpkg"))
        reason = (panel_clash(path, ("regions", "clusters"), self.input_sources())
                  or panel_clash(timeline, ("regions", "clusters", "ended"), self.input_sources()))
        if reason:  # an output never replaces what the panel reads
            m.report(reason, Qgis.Critical)
            return ""
        return path

    def input_sources(self) -> list[tuple[str, str]]:
        """(what the user calls it, source) of every file the panel reads: the layer, the table, the overlay, the
        point layer and the period tables."""
        m = self.model
        from .points_source import points_layer

        layer, overlay, points = m.layer(), m.overlay_layer(), points_layer(m)
        return [(tr("the boundary layer"), layer.source() if layer is not None else ""),
                (tr("the scores table"), self.model.state.get("table_path") or ""),
                (tr("the overlay"), overlay.source() if overlay is not None else ""),
                (tr("the point layer"), points.source() if points is not None and points_on(m) else ""),
                *((tr("a period table"), path) for path in self.model.state.get("period_files") or ())]

    def add_written_layers(self, path: str, group_name: str, names: tuple[str, str], roles: tuple[str, str],
                           inputs: dict):
        """Open a GeoPackage's ``regions`` and ``clusters`` tables as layers named ``names``, tagged with their
        ``roles`` and the settings that made them, at the top of the group ``group_name`` (made when missing,
        else where the user moved it): (regions, clusters), or None (and said why) when they do not open."""
        project = QgsProject.instance()
        regions = QgsVectorLayer(f"{path}|layername=regions", names[0], "ogr")
        clusters = QgsVectorLayer(f"{path}|layername=clusters", names[1], "ogr")
        if not regions.isValid() or not clusters.isValid():
            self.model.report(tr("The layers written to {} could not be opened.").format(path), Qgis.Critical)
            return None
        root = project.layerTreeRoot()
        group = root.findGroup(group_name) or root.insertGroup(0, group_name)
        regions.setCustomProperty(ROLE, roles[0])
        clusters.setCustomProperty(ROLE, roles[1])
        regions.setCustomProperty(SETTINGS_PROPERTY, json.dumps(inputs, sort_keys=True))
        project.addMapLayer(regions, False)
        project.addMapLayer(clusters, False)
        group.insertLayer(0, clusters)
        group.insertLayer(1, regions)
        return regions, clusters

    def create_layers(self) -> None:
        """Write the joined scores from the current match, run detectclusters (localstatistics for the
        statistics) into the GeoPackage, and add the two layers to the map in a group."""
        m = self.model
        if not can_create_layers(m):
            m.report(tr("Wait for the results of the current settings, then create the layers."), Qgis.Warning)
            return
        path = self.ensure_output_path()
        if not path:
            return
        from ..gis.snapshot import LayerSnapshot
        from .joined import write_joined

        snapshot = LayerSnapshot(m.layer())  # on the main thread
        matched, regions, inputs = m.matched, m.regions, current_inputs(m.state)
        joined = os.path.join(m.tmpdir, f"joined_{m.jobs.generation(JobKind.CREATE) + 1}.gpkg")
        m.jobs.start_task(JobKind.CREATE, tr("Sector Clusters: writing the joined scores"),
                          lambda task: write_joined(joined, snapshot, regions, matched, task.poll),
                          lambda job: self._joined_done(job, path, inputs), tr("Writing layers…"))
        m.outputsChanged.emit()

    def _joined_done(self, job, path: str, inputs: dict) -> None:
        m = self.model
        if not m.jobs.is_current(job) or job.cancelled:
            m.outputsChanged.emit()
            return
        if job.error is not None:
            m.report_error(job.error, job.details)
            m.outputsChanged.emit()
            return
        remove_created_layers()  # the file's two tables are about to be replaced

        def dest(table: str) -> str:
            escaped = path.replace("'", "\\'")
            return f"ogr:dbname='{escaped}' table=\"{table}\" (geom)"

        s = self.model.state
        params = {"INPUT": job.result, "KEY": s["key_field"], **NeighbourSettings.from_state(s).to_parameters(),
                  "OUTPUT_REGIONS": dest("regions"), "OUTPUT_CLUSTERS": dest("clusters")}
        overlay = m.overlay_layer()
        if overlay is not None:  # the clusters get crosses / n_crossed, as the panel showed them
            params.update(OVERLAY=overlay.id(), OVERLAY_NAME=s["overlay_name"])
        if m.method() == codes.RULE:
            alg_id, what = "sectorclusters:detectclusters", tr("Detecting clusters…")
            params.update(RuleSettings.from_state(s).to_parameters())
        else:
            alg_id, what = "sectorclusters:localstatistics", tr("Computing local statistics…")
            params.update(StatisticsSettings.from_state(s).to_parameters())
        self.start_writing(JobKind.CREATE, alg_id, params, lambda run: self._create_done(run, path, inputs), what,
                           tr("Detecting clusters failed."))

    def start_writing(self, kind, alg_id: str, params: dict, on_written: Callable, what: str, failed: str) -> None:
        """Run an algorithm that writes the panel's layers as a job; ``on_written(run)`` once it has, when the
        job is still the current one; a failure is said (``failed`` when the algorithm gives no reason)."""
        m = self.model

        def done(job) -> None:
            run = job.handle
            if run.cancelled or not m.jobs.is_current(job):
                m.outputsChanged.emit()
            elif not run.ok:
                m.report(run.error_text() or failed, Qgis.Critical)
                m.outputsChanged.emit()
            else:
                on_written(run)

        try:
            m.jobs.start_algorithm(kind, alg_id, params, done, what)
        except RuntimeError as exc:
            m.report_error(exc)
        m.outputsChanged.emit()

    def _create_done(self, run, path: str, inputs: dict) -> None:
        m = self.model
        table = self.scores_name() or tr("scores")
        if run.alg_id.endswith(":localstatistics"):
            names = (tr("Regions — local statistics"), tr("Significant clusters"))
        else:
            names = (tr("Regions — sector scores"), tr("Multi-region clusters"))
        added = self.add_written_layers(path, tr("Sector Clusters — {}").format(table), names,
                                        ("regions", "clusters"), inputs)
        if added is None:
            return
        regions, clusters = added
        self.restyle()
        repoint_layouts(self.model, regions, clusters)
        m.report(tr("Wrote {} (layers regions and clusters).").format(path), Qgis.Success)
        m.outputsChanged.emit()
        m.preview.refresh()
        from .points_source import write_with_layers

        write_with_layers(self, path, tr("Sector Clusters — {}").format(table))  # the point clusters, if shown

    def restyle(self) -> None:
        """Point the created layers' styles at the shown sector (no re-run); its layout follows the colours."""
        out = self.layers()
        field = self.model.state["sector"]
        if out is None or not field:
            return
        regions, clusters = out
        names = regions.fields().names()
        if f"{field}_type" not in names and f"{field}_above" not in names:
            return
        from ..gis import style

        try:
            style.style_regions(regions, field, self.model.state["scheme"] or codes.CLASSES, None)
            if clusters is not None:
                style.style_clusters(clusters, field, regions=regions)
        except Exception as exc:  # noqa: BLE001 - a style problem must not break the panel
            self.model.report_error(exc)
            return
        layout = self._existing_layout(False)
        if layout is not None:
            from ..gis.layout import refresh_styles

            refresh_styles(layout, field, regions, clusters)
        iface = self.model.iface
        if iface is not None and hasattr(iface, "layerTreeView") and iface.layerTreeView() is not None:
            iface.layerTreeView().refreshLayerSymbology(regions.id())

    def restyle_all(self) -> None:
        """The shown sector on every layer the panel made: the sector's and the timeline's."""
        self.restyle()
        self.timeline.restyle()

    # ----------------------------------------------------------------------------------- layouts
    def sector_label(self) -> str:
        out = self.layers()
        field = self.model.state["sector"]
        matched = self.model.matched
        if out is None and matched is not None and field in matched.result.fields:
            return matched.result.labels[matched.result.fields.index(field)]
        if out is None or not field:
            return field
        from ..gis import sectors

        return sectors.sector_label(out[0], field)

    def layout_name(self, atlas: bool | None = None) -> str:
        from ..gis.layout_items import layout_name

        atlas = self.model.state["atlas"] if atlas is None else atlas
        return layout_name(self.sector_label(), atlas=atlas)

    def _existing_layout(self, atlas: bool | None = None):
        """The layout of that name, unless it shows sectors the panel's layers do not hold (then it is rebuilt)."""
        from ..gis.layout import find_layout, layout_fits

        layout = find_layout(QgsProject.instance(), self.layout_name(atlas))
        out = self.layers()
        return layout if layout is None or out is None or layout_fits(layout, out[0]) else None

    def spec(self, atlas: bool | None = None, page_size: str | None = None, orientation: str | None = None):
        """What the panel asks of the map: sector, colours, texts, page."""
        from ..gis.layout import MapSpec

        s = self.model.state
        out = self.layers()
        settings = MapSettings.from_state(s).on_page(page_size, orientation)
        return MapSpec(field=s["sector"], atlas=s["atlas"] if atlas is None else atlas,
                       scheme=s["scheme"] or codes.CLASSES, atlas_store=out[0].source() if out else None,
                       **settings.spec_fields())

    def default_texts(self) -> dict[str, str]:
        """The texts a new layout gets for the shown sector with the panel's fields empty (placeholders)."""
        if self.timeline_map():
            return self.timeline.default_texts()
        out = self.layers()
        label = self.sector_label()
        if out is None:
            from ..gis.layout_items import default_attribution

            a = self.model.analysis
            sector = self.model.sector_result()
            subtitle = "" if a is None or sector is None else "{}\n{}".format(
                words.describe_method(a.meta), words.cluster_note(a.meta, len(sector.clusters),
                                                                  words.region_noun(a.meta)))
            return {"title": words.sector_title(label) if label else "", "subtitle": subtitle,
                    "attribution": default_attribution()}
        from ..core.errors import UserError
        from ..gis.layout import MapSpec, layout_texts

        try:
            return layout_texts(out[0], out[1], MapSpec(field=self.model.state["sector"]))
        except UserError:  # the layers were made from another table: no such sector in them
            return {"title": words.sector_title(label) if label else "", "subtitle": "", "attribution": ""}

    def _build(self, spec):
        from ..gis.layout import build_layout

        regions, clusters = self.layers()
        layout = build_layout(QgsProject.instance(), regions, clusters, spec)
        from .points_source import add_to_layout

        add_to_layout(self, layout, spec)  # the point clusters Create layers wrote, over the region clusters
        if spec.atlas:
            self.restyle()  # an atlas layout styled the layers by page; the map shows the panel's sector again
        return layout

    def layout(self, atlas: bool | None = None, create: bool = True):
        """The shown sector's layout as the user left it, with the panel's texts where the designer left the
        plugin's own; built when there is none yet (``create``)."""
        from ..gis.layout import layout_texts, sync_texts

        if self.layers() is None:
            self.model.report(tr("Create the layers first."), Qgis.Warning)
            return None
        layout = self._existing_layout(atlas)
        try:
            if layout is None:
                return self._build(self.spec(atlas)) if create else None
            spec = self.spec(atlas)
            if not spec.atlas:
                regions, clusters = self.layers()
                kept = sync_texts(layout, layout_texts(regions, clusters, spec))
                if kept:
                    self.model.report(tr("The layout keeps the texts edited in the layout designer ({}); "
                                         "Reset layout to use the panel's.").format(", ".join(kept)), Qgis.Info)
            return layout
        except Exception as exc:  # noqa: BLE001 - in plain words, details in the log
            import traceback

            self.model.report_error(exc, traceback.format_exc())
            return None

    def open_layout(self):
        """Open the shown sector's layout in the layout designer (built the first time only)."""
        if self.timeline_map():
            return self.timeline.open_layout()
        return self.in_designer(self.layout())

    def in_designer(self, layout):
        """Open ``layout`` in QGIS's layout designer (when there is one and a desktop to show it); returns it."""
        iface = self.model.iface
        if layout is not None and iface is not None and hasattr(iface, "openLayoutDesigner"):
            iface.openLayoutDesigner(layout)
        return layout

    def reset_layout(self):
        """Rebuild the shown sector's layout from the panel's settings, after asking when one exists."""
        if self.timeline_map():
            return self.timeline.reset_layout()
        if self.layers() is None:
            self.model.report(tr("Create the layers first."), Qgis.Warning)
            return None
        name = self.layout_name()
        if self._existing_layout() is not None and not self.confirm(
                tr("Reset layout"), tr("Rebuild the layout “{}” from the panel's settings? Changes made in the "
                                       "layout designer are lost.").format(name)):
            return None
        try:
            return self._build(self.spec())
        except Exception as exc:  # noqa: BLE001
            self.model.report_error(exc)
            return None

    # ----------------------------------------------------------------------------------- export
    def suggested_path(self, suffix: str = "pdf") -> str:
        """Beside the project (or the GeoPackage, or at home): 'Manufacturing_LQ_1.25.pdf'."""
        if self.timeline_map():
            return self.timeline.suggested_path(suffix)
        s = self.model.state
        label = words.sector_title(self.sector_label() or "map")
        parts = [tr("all_sectors") if s["atlas"] else label]
        if self.model.method() == codes.RULE:
            parts += [s["baseline"].upper(), words.fmt_number(s["threshold"])]
        else:
            parts.append(self.model.method())
        stem = "_".join("".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in p).strip("_") for p in parts)
        project = QgsProject.instance()
        folder = project.absolutePath() if project.fileName() else (
            str(Path(self.output_path()).parent) if self.output_path() else str(Path.home()))
        return str(Path(folder) / f"{stem}.{suffix}")

    def export_map(self, path: str, page_size: str | None = None, orientation: str | None = None,
                   dpi: int | None = None, atlas: bool | None = None) -> list[str]:
        """Export the layout the user sees (built first if there is none) as PDF, PNG or SVG, on the main
        thread (:meth:`export_file`); the timeline's when the Map choice is a timeline map."""
        m = self.model
        if self.timeline_map():
            return self.timeline.export(path, page_size, orientation, dpi)
        if self.layers() is None:
            m.report(tr("Create the layers first."), Qgis.Warning)
            return []
        atlas = self.model.state["atlas"] if atlas is None else atlas
        return self.export_file(MapExport(path, page_size, orientation, dpi, atlas), lambda: self.layout(atlas),
                                lambda: self._build(self.spec(atlas)))

    def export_file(self, request: MapExport, get_layout: Callable, rebuild: Callable) -> list[str]:
        """Export ``get_layout()`` (the sector's or a timeline layout, as the user sees it) as PDF, PNG or SVG
        (PDF when the request's path names none). A page size or orientation other than the layout's (the export
        dialog) rebuilds it with ``rebuild()``, after asking; without one the layout's own page is kept."""
        from ..gis.export import MapFiles, export_layout
        from ..gis.layout import layout_page

        m = self.model
        path, page_size, orientation, dpi, atlas = request
        suffix = Path(path).suffix.lower().lstrip(".")
        if suffix not in ("pdf", "png", "svg"):
            path, suffix = path + ".pdf", "pdf"
        from ..gis.destinations import panel_clash

        shown = [(tr("the map's layer {}").format(lay.name()), lay.source())
                 for lay in (self.map_layers() or ()) if lay is not None]
        reason = panel_clash(path, (None,), self.input_sources() + shown)
        if reason:  # a map file never replaces what the panel reads or shows
            m.report(reason, Qgis.Critical)
            return []
        changes = {k: v for k, v in (("page_size", page_size), ("orientation", orientation), ("dpi", dpi))
                   if v is not None}
        if changes:
            m.update(**changes)
        layout = get_layout()
        if layout is None:
            return []
        wanted = (m.state["page_size"], m.state["orientation"])
        asked = page_size is not None or orientation is not None  # the export dialog's page, else the layout's
        if asked and layout_page(layout) not in (None, wanted):
            if not self.confirm(tr("Export"), tr("The layout is {} {}; rebuild it as {} {}? Changes made in the "
                                                 "layout designer are lost.").format(*layout_page(layout), *wanted)):
                return []
            layout = rebuild()
        try:
            written = export_layout(layout, MapFiles(**{suffix: path}), dpi=m.state["dpi"], atlas=atlas)
        except Exception as exc:  # noqa: BLE001 - shown in plain words, details in the log
            import traceback

            m.report_error(exc, traceback.format_exc())
            return []
        files = written.get(suffix, [])
        m.report(tr("Exported {}.").format("; ".join(files) or path), Qgis.Success)
        return files


def remove_created_layers() -> None:
    """Drop the layers an earlier run added: the panel keeps one pair, and the file is rewritten.
    Their group stays where the user put it; the new layers go into it."""
    project = QgsProject.instance()
    for layer in list(project.mapLayers().values()):
        if layer.customProperty(ROLE) in ("regions", "clusters"):
            project.removeMapLayer(layer.id())


def repoint_layouts(model, regions, clusters) -> None:
    """The plugin's layouts follow the new layers; one made for an earlier table whose sectors the new layers
    lack is removed, with a word (its layers were just replaced: left alone it would read fields that are
    gone, which QGIS 3.22's layout tables do not survive)."""
    from ..gis.layout import PLUGIN_LAYOUT, layout_fits, layout_sectors, repoint_layout

    manager = QgsProject.instance().layoutManager()
    for layout in manager.printLayouts():
        if layout.customProperty(PLUGIN_LAYOUT) is not None and not layout_fits(layout, regions):
            name, sectors = layout.name(), layout_sectors(layout)
            manager.removeLayout(layout)
            model.report(words.retired_layout_note(name, sectors), Qgis.Info)
        elif layout.customProperty(PLUGIN_LAYOUT) is not None:
            try:
                table_follows(layout, clusters)
                repoint_layout(layout, regions, clusters, model.state["scheme"] or codes.CLASSES)
            except Exception as exc:  # noqa: BLE001 - a layout that cannot follow must not stop the panel
                model.report_error(exc)

def table_follows(layout, clusters) -> None:
    """The layout's clusters table shows the new clusters layer, with its columns, before anything in the
    layout moves.

    Removing the old layer (its file is rewritten) makes QGIS drop the table's columns but keep its rows;
    a frame moved then (the legend refitted under a layout open in the designer) measured rows against no
    columns: QGIS 3.22 crashed in QgsLayoutTable::calculateMaxRowHeights (Create layers
    again with the layout open). Given the new layer, QGIS shows all its fields: the table gets the
    plugin's columns again (Cluster, Regions, Members, Crosses)."""
    from qgis.core import QgsLayoutItemAttributeTable

    from ..gis.layout import TABLE_ID, set_cluster_table_columns

    if clusters is None:
        return
    frame = layout.itemById(TABLE_ID)
    width = frame.sizeWithUnits().width() if frame is not None else 0.0  # before the table widens it
    from .points_source import point_table

    for table in layout.multiFrames():  # (the point clusters' table follows their layer: not this one)
        if isinstance(table, QgsLayoutItemAttributeTable) and table.vectorLayer() is None \
                and not point_table(table):
            table.setVectorLayer(clusters)
            if width > 0:
                set_cluster_table_columns(table, width)


def current_inputs(state: dict) -> dict:
    """``state.inputs`` of the panel's settings as a layer records them (through JSON: lists, not tuples)."""
    from . import state as panel_state

    return json.loads(json.dumps(panel_state.inputs(state)))


def can_create_layers(model) -> bool:
    """Create layers can be pressed: the analysis is current for the settings shown, and no layers are being
    written."""
    return model.analysis_current() and model.layer() is not None and not model.jobs.running(JobKind.CREATE)
