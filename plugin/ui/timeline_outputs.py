"""The timeline's outputs from the panel: Create timeline layers, and its two maps as editable print layouts.

Rules:

* *Create timeline layers* runs ``sectorclusters:clustertimeline`` with the panel's settings (the same ones the
  panel's own timeline used) into its own GeoPackage beside the panel's: ``<name>_timeline.gpkg`` with the tables
  ``regions``, ``clusters`` and ``ended``, and the HTML report ``<name>_timeline.html``. (A file of its own: the
  sector layers stay open on theirs while it is written.) Creating again replaces the three tables; the layers go
  into a group *Sector Clusters — timeline <periods>*, the regions coloured by the shown sector's trajectory, its
  latest clusters outlined.
* With *Map* = trajectory map or small multiples, *Open layout*, *Reset layout* and *Export…* act on the shown
  sector's timeline layout (``gis.timeline_maps``), made the first time and then kept as the user edits it, as
  the sector map's layout is. Each layout keeps the look its maps had when it was built (the layers' styles are
  stored in its maps), so showing another sector, or building the other kind, does not change it.
"""
from __future__ import annotations

import os
from pathlib import Path

from qgis.core import Qgis, QgsProject, QgsVectorLayer

from ..core import codes
from ..core.safecsv import write_csv
from ..i18n import tr
from ..steps import words
from ..steps.settings import MapSettings
from .jobs import JobKind
from .layer_roles import ROLE, created_settings

REGIONS_ROLE, CLUSTERS_ROLE = "timeline_regions", "timeline_clusters"


class TimelineOutputs:
    """The timeline's layers and layouts for a PanelModel (its OutputController holds one)."""

    def __init__(self, model, outputs):
        self.model = model
        self.outputs = outputs  # the OutputController: the GeoPackage path, confirm()

    @property
    def state(self) -> dict:
        return self.model.state

    # ----------------------------------------------------------------------------------- layers
    @staticmethod
    def layers() -> tuple[QgsVectorLayer, QgsVectorLayer | None] | None:
        """(regions, clusters) of the timeline this panel added to the project, if they are still there."""
        regions = clusters = None
        for layer in QgsProject.instance().mapLayers().values():
            role = layer.customProperty(ROLE)
            if role == REGIONS_ROLE:
                regions = layer
            elif role == CLUSTERS_ROLE:
                clusters = layer
        return (regions, clusters) if regions is not None else None

    def output_path(self) -> str:
        """'<the panel's GeoPackage>_timeline.gpkg' ('' while the panel's has no place yet)."""
        path = self.outputs.output_path()
        return str(Path(path).with_name(f"{Path(path).stem}_timeline.gpkg")) if path else ""

    def layers_stale(self) -> bool:
        out = self.layers()
        if out is None:
            return False
        from . import state as panel_state

        made = created_settings(out[0])
        return made is not None and panel_state.record_inputs(made, panel_state.TIMELINE_KEYS) != \
            panel_state.timeline_inputs(self.state)

    def can_create(self) -> bool:
        m = self.model
        return m.periods.current() and m.layer() is not None and not m.jobs.running(JobKind.TIMELINE_LAYERS)

    def parameters(self, path: str) -> dict:
        """sectorclusters:clustertimeline's parameters for the panel's settings, writing into ``path``."""
        from ..steps.timeline import TimelineSettings
        from .timeline import period_sources, report_path

        m, s = self.model, self.state

        def dest(table: str, geometry: bool = True) -> str:
            escaped = path.replace("'", "\\'")
            return f"ogr:dbname='{escaped}' table=\"{table}\"" + (" (geom)" if geometry else "")

        params = {
            "INPUT": m.layer().id(), "INPUT_KEY": s["key_field"], **period_sources(s).to_parameters(),
            **TimelineSettings.from_state(s).to_parameters(),
            "OUTPUT_CLUSTERS": dest("clusters"), "OUTPUT_ENDED": dest("ended", False),
            "OUTPUT_REGIONS": dest("regions"), "OUTPUT_REPORT": report_path(path)}
        if s["aliases"]:
            aliases = os.path.join(m.tmpdir, f"aliases_{m.jobs.generation(JobKind.TIMELINE_LAYERS) + 1}.csv")
            write_csv(aliases, ["table", "layer"], sorted(s["aliases"].items()))
            params["ALIASES"] = aliases
        return params

    def create_layers(self) -> None:
        """Write the timeline's layers (clustertimeline) and add them to the map in a group."""
        m = self.model
        if not self.can_create():
            m.report(tr("Wait for the timeline of the current settings, then create its layers."), Qgis.Warning)
            return
        if not self.outputs.ensure_output_path():  # the timeline's file goes beside the panel's
            return
        path = self.output_path()
        from . import state as panel_state

        params = self.parameters(path)
        inputs = panel_state.timeline_inputs(self.state)
        self._remove_layers()  # the file's tables are about to be replaced
        m.jobs.bump(JobKind.TIMELINE_LAYERS)
        self.outputs.start_writing(JobKind.TIMELINE_LAYERS, "sectorclusters:clustertimeline", params,
                                   lambda run: self._created(run, path, inputs), tr("Writing the timeline's layers…"),
                                   tr("The timeline's layers could not be written."))

    def _created(self, run, path: str, inputs: dict) -> None:
        m = self.model
        span = words.period_span(m.periods.timeline.periods) if m.periods.timeline is not None else ""
        if self.outputs.add_written_layers(path, tr("Sector Clusters — timeline {}").format(span),
                                           (tr("Regions — trajectories"), tr("Clusters per period")),
                                           (REGIONS_ROLE, CLUSTERS_ROLE), inputs) is None:
            return
        self._rebuild_layouts()
        self.restyle()
        m.report(tr("Wrote {} (the timeline's regions, clusters and ended tracks) and its report {}.").format(
            path, run.results.get("OUTPUT_REPORT", "")), Qgis.Success)
        m.outputsChanged.emit()

    def _rebuild_layouts(self) -> None:
        """Timeline layouts made on the earlier timeline layers are rebuilt on the new ones, with a word.

        Their maps, legends and tables read the layers just replaced: left alone they showed an empty map, a
        legend without classes and a table without columns. A layout whose sector the new layers lack is
        removed instead. Changes made in the designer are not kept, and the message says so."""
        from ..gis import layout as base
        from ..gis import timeline_maps as tm

        out = self.layers()
        if out is None:
            return
        regions, clusters = out
        project, s = QgsProject.instance(), self.state
        rebuilt, removed = [], []
        for layout, kind, field in tm.timeline_layouts(project):
            name = layout.name()
            page = base.layout_page(layout) or (s["page_size"], s["orientation"])
            project.layoutManager().removeLayout(layout)
            spec = tm.TimelineMapSpec(field, keep_styles=True, **MapSettings.from_state(s).on_page(*page).spec_fields())
            try:
                tm.build_timeline_layout(kind, project, regions, clusters, spec)
                rebuilt.append(name)
            except tm.TimelineMapError:
                removed.append(name)
        if rebuilt:
            self.model.report(tr("Rebuilt the timeline layouts {0} on the new timeline layers (changes made to them "
                                 "in the layout designer are not kept).").format(words.join_names(rebuilt)),
                              Qgis.Info)
        if removed:
            self.model.report(tr("Removed the timeline layouts {0}: the new timeline layers do not hold their "
                                 "sector.").format(words.join_names(removed)), Qgis.Info)

    @staticmethod
    def _remove_layers() -> None:
        project = QgsProject.instance()
        for layer in list(project.mapLayers().values()):
            if layer.customProperty(ROLE) in (REGIONS_ROLE, CLUSTERS_ROLE):
                project.removeMapLayer(layer.id())

    def field(self) -> str:
        """The timeline layers' field of the shown sector ('' when they do not hold it)."""
        from ..gis.timeline_maps import TimelineMapError, resolve_timeline_field

        out = self.layers()
        if out is None:
            return ""
        m = self.model
        sector = m.periods.sector()
        for wanted in (sector.field if sector is not None else "", m.sector(), m.shown.label()):
            if not wanted:
                continue
            try:
                return resolve_timeline_field(out[0], wanted)
            except TimelineMapError:
                continue
        return ""

    def restyle(self) -> None:
        """The timeline layers on the map: the shown sector's trajectories, its latest clusters outlined (no
        layout changes: each keeps its own look)."""
        out, field = self.layers(), self.field()
        if out is None or not field:
            return
        from ..gis import timeline_maps as tm

        regions, clusters = out
        try:
            counts: dict[str, int] = {}
            for f in regions.getFeatures():
                counts[str(f[f"{field}_traj"])] = counts.get(str(f[f"{field}_traj"]), 0) + 1
            regions.setRenderer(tm.trajectory_renderer(field, counts))
            regions.triggerRepaint()
            periods = tm.timeline_periods(regions)
            if clusters is not None and periods:
                tm.style_timeline_clusters(clusters, field, tm.TrackOutlines.latest(periods[-1], labels_below=True))
        except Exception as exc:  # noqa: BLE001 - a style problem must not break the panel
            self.model.report_error(exc)
            return
        iface = self.model.iface
        if iface is not None and hasattr(iface, "layerTreeView") and iface.layerTreeView() is not None:
            iface.layerTreeView().refreshLayerSymbology(regions.id())

    # ----------------------------------------------------------------------------------- layouts
    def kind(self) -> str:
        return self.state["map_kind"] if self.state["map_kind"] != codes.SECTOR_MAP else codes.TRAJECTORY_MAP

    def sector_label(self) -> str:
        from ..gis.timeline_maps import timeline_sectors

        out, field = self.layers(), self.field()
        if out is None or not field:
            return self.model.shown.label()
        return timeline_sectors(out[0]).get(field, field)

    def layout_name(self) -> str:
        from ..gis.layout_items import layout_name

        return layout_name(self.sector_label(), self.kind())

    def _existing(self):
        from ..gis.layout import find_layout

        return find_layout(QgsProject.instance(), self.layout_name())

    def _ready(self) -> bool:
        m = self.model
        if self.layers() is None:
            m.report(tr("Create the timeline's layers first (Create timeline layers)."), Qgis.Warning)
            return False
        if not self.field():
            m.report(words.sector_not_in_periods(m.shown.label()), Qgis.Warning)
            return False
        return True

    def _build(self, page_size: str | None = None, orientation: str | None = None):
        from ..gis import timeline_maps as tm

        s = self.state
        regions, clusters = self.layers()
        settings = MapSettings.from_state(s).on_page(page_size, orientation)
        spec = tm.TimelineMapSpec(self.field(), keep_styles=True, **settings.spec_fields())
        layout = tm.build_timeline_layout(self.kind(), QgsProject.instance(), regions, clusters, spec)
        self.restyle()  # the map shows the trajectories again; the layout keeps what it was built with
        return layout

    def layout(self, create: bool = True):
        """The shown sector's timeline layout as the user left it; built when there is none yet (``create``)."""
        if not self._ready():
            return None
        layout = self._existing()
        if layout is not None or not create:
            return layout
        try:
            return self._build()
        except Exception as exc:  # noqa: BLE001 - in plain words, details in the log
            import traceback

            self.model.report_error(exc, traceback.format_exc())
            return None

    def open_layout(self):
        return self.outputs.in_designer(self.layout())

    def reset_layout(self):
        if not self._ready():
            return None
        if self._existing() is not None and not self.outputs.confirm(
                tr("Reset layout"), tr("Rebuild the layout “{}” from the panel's settings? Changes made in the "
                                       "layout designer are lost.").format(self.layout_name())):
            return None
        try:
            return self._build()
        except Exception as exc:  # noqa: BLE001
            self.model.report_error(exc)
            return None

    def default_texts(self) -> dict[str, str]:
        from ..gis.layout_items import default_attribution

        m = self.model
        t = m.periods.timeline
        periods = t.periods if t is not None else []
        label = self.sector_label()
        if not label:
            return {}
        if self.kind() == codes.SMALL_MULTIPLES:
            title = words.small_multiples_title(label, periods)
            subtitle = words.small_multiples_subtitle(words.region_noun(t.meta), t.meta) if t is not None else ""
        else:
            title = words.trajectory_title(label, periods)
            subtitle = words.trajectory_subtitle(words.region_noun(t.meta), t.meta, periods[-1]) if periods else ""
        return {"title": title, "subtitle": subtitle, "attribution": default_attribution()}

    def suggested_path(self, suffix: str = "pdf") -> str:
        """'Manufacturing_trajectories_2015-2020.pdf' beside the project (or the GeoPackage, or at home)."""
        t = self.model.periods.timeline
        what = tr("periods") if self.kind() == codes.SMALL_MULTIPLES else tr("trajectories")
        span = words.period_span(t.periods).replace("–", "-") if t is not None else ""
        parts = [words.sector_title(self.sector_label() or "map"), what, span]
        stem = "_".join("".join(ch if ch.isalnum() or ch in ".-" else "_" for ch in p).strip("_") for p in parts if p)
        project = QgsProject.instance()
        out = self.outputs.output_path()
        folder = project.absolutePath() if project.fileName() else (str(Path(out).parent) if out else str(Path.home()))
        return str(Path(folder) / f"{stem}.{suffix}")

    def export(self, path: str, page_size: str | None = None, orientation: str | None = None,
               dpi: int | None = None) -> list[str]:
        """Export the shown sector's timeline layout as the user sees it (PDF, PNG or SVG; one page)."""
        from .export_dialog import MapExport

        return self.outputs.export_file(MapExport(path, page_size, orientation, dpi), self.layout, self._build)
