"""The panel's model and controller: its settings, what each step produced, and the background jobs.

No widgets here. The dock shows what this holds and forwards the user's actions (``update``, ``set_layer``,
``set_alias``, ``create_layers``…); every decision on what to redo, what is stale and what to say is made
here, once:

* ``update(**changes)`` is the one way a setting changes. Which steps run again follows from
  ``state.TABLE_KEYS`` / ``MATCH_KEYS`` / ``GRAPH_KEYS`` / ``ANALYSIS_KEYS``: a new file is read (once: the
  cells are cached by path, size and modification time and serve the preview, the match and the joined
  layer); matching settings match again; neighbour settings rebuild the graph; the rule's settings re-run
  the analysis only; the sector and the map colours re-run nothing.
* A result is *current* when the settings it was made with equal ``state.inputs`` of the settings now;
  the created layers record theirs, so "the map layers show earlier settings" is a comparison, also after
  reopening a project.
* A problem is said once (message bar and log) until the inputs change; the dock shows it in one place.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile

from qgis.core import Qgis, QgsMessageLog, QgsProject, QgsVectorLayer
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal

from ..core import codes
from ..i18n import tr
from ..steps import options, words
from . import state as panel_state
from .jobs import JobKind, JobRunner
from .layer_roles import SETTINGS_PROPERTY, own_layer, polygon_layer
from .table_rows import RawCache
from .tasks import TAG, graph_job, match_job, table_job

DEBOUNCE_MS = 250


class PanelModel(QObject):
    """Settings (``state``, the dict of ``ui.state``), results and jobs of the Sector Clusters panel."""

    stateChanged = pyqtSignal(object)  # the set of keys that changed
    tableChanged = pyqtSignal()
    matchChanged = pyqtSignal()
    regionsChanged = pyqtSignal()
    analysisChanged = pyqtSignal()
    outlinesChanged = pyqtSignal()
    guideChanged = pyqtSignal()
    outputsChanged = pyqtSignal()
    timelineChanged = pyqtSignal()
    busyChanged = pyqtSignal(bool)
    statusChanged = pyqtSignal(str)
    pointsChanged = pyqtSignal()  # the point clusters shown (or why none are)

    def __init__(self, iface=None, parent: QObject | None = None):
        super().__init__(parent)
        from .outputs import OutputController
        from .preview import PreviewLayers

        self.iface = iface
        self.state = panel_state.normalise({})
        self.jobs = JobRunner(self)
        self.jobs.busyChanged.connect(lambda _b: self.busyChanged.emit(self.busy()))
        self.jobs.statusChanged.connect(self.statusChanged)
        self.cache = RawCache()
        self.tmpdir = tempfile.mkdtemp(prefix="sector_clusters_")
        self._restoring = False
        self.closed = False  # shut down (plugin unloaded): it says and does nothing any more
        self.loading = False  # the project is being cleared or read: layers must not be added or removed
        self._load_epoch = 0  # bumped by every sign of a project being cleared or read
        self._reported: set[str] = set()
        self._overlay_said: tuple | None = None  # (overlay, name field, problem) last said
        self.last_error = ""
        self._clear_all()
        self.match_timer = self._timer(self._start_match)
        self.analyse_timer = self._timer(self._start_analysis)
        self.timeline_timer = self._timer(self._start_timeline)
        self.outputs = OutputController(self)
        self.preview = PreviewLayers(self)
        from .points_source import PointClusters

        self.point_clusters = PointClusters(self)
        project = QgsProject.instance()
        project.writeProject.connect(self._on_write_project)
        project.readProject.connect(self._on_read_project)
        project.cleared.connect(self._on_project_cleared)
        project.loadingLayer.connect(self._on_loading_layer)
        project.layersAdded.connect(self._on_layers_added)
        project.layersWillBeRemoved.connect(self._on_layers_will_be_removed)

    def _timer(self, slot) -> QTimer:
        t = QTimer(self)
        t.setSingleShot(True)
        t.setInterval(DEBOUNCE_MS)
        t.timeout.connect(slot)
        return t

    def _clear_all(self) -> None:
        self.raw = None  # core.tables.RawTable of the table file
        self.table_error = ""
        self.detected_shape = ""
        self.row_columns: list = []  # table_rows.RowColumn
        self._clear_match()
        self.regions = None  # gis.layers.Regions of the regions layer
        self.graph = None
        self.graph_key: tuple | None = None
        self._overlay_cache: tuple | None = None  # (key, (OverlayData, parts)) of the last overlay read
        self._clear_timeline()

    def _clear_timeline(self) -> None:
        self.timeline = None  # steps.timeline.Timeline of the periods
        self.timeline_for: dict | None = None  # state.timeline_inputs it was made with
        self.timeline_error = ""  # why there is none, in words
        self.timeline_error_code = ""  # the UserError's code (no_period, region_sets, period_…), for the dock

    def _clear_match(self) -> None:
        self.matched = None  # joined.Matched
        self.match_error = ""
        self._data = None
        self._data_for: tuple | None = None
        self._clear_analysis()

    def _clear_analysis(self) -> None:
        self.analysis = None  # steps.analysis.Analysis
        self.analysis_for: dict | None = None
        self.analysis_error = ""
        self.overlay_error = ""  # why the overlay's crossings could not be added (the analysis stands)
        self.outlines: dict[int, tuple] = {}  # cluster id -> (area km², QgsGeometry in the layer CRS)
        self.outlines_for: tuple | None = None
        self.guide: list = []  # results.GuideRow
        self.guide_for: tuple | None = None

    # ------------------------------------------------------------------------------------- settings
    def layer(self) -> QgsVectorLayer | None:
        layer = QgsProject.instance().mapLayer(self.state["layer_id"]) if self.state["layer_id"] else None
        return layer if isinstance(layer, QgsVectorLayer) else None

    def points_on(self) -> bool:
        """The scores come from a point layer counted into the regions (ui/points_source.py)."""
        return self.state["scores_source"] == codes.SCORES_POINTS

    def tolerance_m(self) -> float:
        return float(self.state["tolerance_km"]) * 1000.0

    def update(self, **changes) -> None:
        """Change settings as the user did: what depends on them runs again; the project keeps them."""
        if self.closed:
            return
        changed = self._apply(changes)
        if changed and not self._restoring:
            self._save()
            self._react(changed)

    def set_layer(self, layer: QgsVectorLayer | None) -> None:
        """A new regions layer: its likely key field is chosen (a GSS code such as LEP21CD, else a name)."""
        changes = {"layer_id": layer.id() if layer is not None else "",
                   "layer_source": layer.source() if layer is not None else ""}
        if layer is not None and layer.id() != self.state["layer_id"]:
            from ..gis.layers import guess_key_field

            changes["key_field"] = guess_key_field(layer) or ""
        elif layer is None:
            changes["key_field"] = ""
        self.update(**changes)

    def overlay_layer(self) -> QgsVectorLayer | None:
        """The overlay of official boundaries the clusters may cross, if one is chosen and loaded."""
        lid = self.state["overlay_id"]
        layer = QgsProject.instance().mapLayer(lid) if lid else None
        return layer if isinstance(layer, QgsVectorLayer) else None

    def set_overlay(self, layer: QgsVectorLayer | None) -> None:
        """A new overlay (None: none): its name field is chosen when one names each unit (else the user is
        asked)."""
        changes = {"overlay_id": layer.id() if layer is not None else "",
                   "overlay_source": layer.source() if layer is not None else ""}
        if layer is None:
            changes["overlay_name"] = ""
        elif layer.id() != self.state["overlay_id"]:
            from .crossings import guess_overlay_name

            changes["overlay_name"] = guess_overlay_name(layer, self.layer())
        self.update(**changes)

    def set_alias(self, table_value: str, region_key: str | None) -> None:
        """Match ``table_value`` to the region ``region_key`` by hand ('' or None removes the fix)."""
        aliases = dict(self.state["aliases"])
        if region_key:
            aliases[table_value] = region_key
        else:
            aliases.pop(table_value, None)
        self.update(aliases=aliases)

    def _apply(self, changes: dict) -> set[str]:
        new = panel_state.normalise({**self.state, **changes})
        if "sheet" not in changes and new["table_path"] != self.state["table_path"]:
            new["sheet"] = ""  # a sheet chosen in another workbook
        if "baseline" in changes and "threshold" not in changes and new["baseline"] != self.state["baseline"]:
            new["threshold"] = options.DEFAULT_THRESHOLD[new["baseline"]]  # 75 for percentile, 1 else
        # The Map choice stays the user's: choosing periods once switched it to the trajectory map, which greyed
        # out Open layout and Export… (no timeline layers yet) with no word why.
        if new["periods_source"] == codes.PERIODS_COLUMN and not new["period_column"]:
            new["period_column"] = self.detected_period_column()
        changed = {k for k in new if new[k] != self.state[k]}
        self.state = new
        if changed:
            self.stateChanged.emit(changed)
        return changed

    def _react(self, changed: set[str]) -> None:
        if changed & (panel_state.ANALYSIS_KEYS | panel_state.TIMELINE_KEYS):
            self._reported.clear()
        if changed & panel_state.TIMELINE_KEYS:
            self.jobs.bump(JobKind.TIMELINE)
            self.timeline_timer.start()
        if changed & panel_state.TABLE_KEYS:
            self._new_table()
        elif changed & panel_state.MATCH_KEYS:
            self.jobs.bump(JobKind.MATCH, JobKind.ANALYSE)
            self.match_timer.start()
        if changed & panel_state.GRAPH_KEYS:
            self._ensure_graph()
        if changed & (panel_state.ANALYSIS_KEYS - panel_state.MATCH_KEYS - panel_state.GRAPH_KEYS):
            self.jobs.bump(JobKind.ANALYSE)
            self.analyse_timer.start()
        if changed & {"sector"}:
            self.outputs.restyle_all()
        elif changed & {"scheme"}:
            self.outputs.restyle()
        if changed & {"sector"}:
            self._sector_shown()
        if changed & ({"scheme", "preview"} | panel_state.ANALYSIS_KEYS):
            self.preview.refresh()
        if changed & {"sector"}:
            self.timelineChanged.emit()  # the shown sector's tracks (nothing runs again)
        if changed & (panel_state.POINT_CLUSTER_KEYS | {"sector"}):
            self.point_clusters.refresh()
        self.outputsChanged.emit()

    def table_options(self) -> dict:
        """How to read the table, as ``steps.join.join_table`` takes it."""
        s = self.state
        return {"table_key": s["table_key"], "shape": s["shape"], "sector_column": s["sector_column"],
                "score_column": s["score_column"], "row_filter": s["row_filter"], "keep_columns": s["keep_columns"],
                "sheet": s["sheet"]}

    # ---------------------------------------------------------------------------------- the table
    def _new_table(self) -> None:
        """A new table file: everything shown of the previous one goes, and the file is read (once)."""
        self.jobs.bump(JobKind.TABLE, JobKind.MATCH, JobKind.ANALYSE, JobKind.OUTLINES, JobKind.SENSITIVITY)
        self.raw, self.table_error, self.detected_shape, self.row_columns = None, "", "", []
        self._clear_match()
        self.tableChanged.emit()
        self.matchChanged.emit()
        self.analysisChanged.emit()
        self.preview.refresh()
        if self.points_on():  # points are counted into the regions: no file to read
            self._start_match()
            return
        path = self.state["table_path"]
        if not path:
            return
        if not os.path.isfile(path):  # perhaps still being typed: said in the dock only
            self._table_failed(tr("The table file {} does not exist.").format(path), quiet=True)
            return
        sheet = self.state["sheet"]
        raw = self.cache.get(path, sheet)
        if raw is not None:
            self._table_ready(raw)
            return
        stamp = self.cache.stamp(path)
        read = table_job(path, sheet)

        def job(task):
            # the shape and the row pickers are read in the worker too: on the main thread they froze QGIS
            # ~0.9 s for a 34,753-row table (issue 19)
            raw = read(task)
            return raw, self._table_layout(raw)

        self.jobs.start_task(JobKind.TABLE, tr("Sector Clusters: reading the table"), job,
                             lambda job: self._table_done(job, path, stamp, sheet), tr("Reading the table…"))

    def _table_done(self, job, path: str, stamp, sheet: str = "") -> None:
        if not self.jobs.is_current(job) or job.cancelled:
            return
        if job.error is not None:
            self._table_failed(self.error_words(job.error), job.error, job.details)
            return
        raw, layout = job.result
        self.cache.put(path, raw, stamp, sheet)
        self._table_ready(raw, layout)

    @staticmethod
    def _table_layout(raw) -> tuple:
        """(detected shape, row-filter columns) of ``raw``: pure Python, safe in a worker."""
        from ..core.tables import detect_shape
        from .table_rows import row_filter_columns

        shape = detect_shape(raw)
        return shape, row_filter_columns(raw, shape)

    def _table_ready(self, raw, layout: tuple | None = None) -> None:
        self.raw = raw
        self.detected_shape, self.row_columns = layout if layout is not None else self._table_layout(raw)
        self.tableChanged.emit()
        if self.state["periods_source"] == codes.PERIODS_COLUMN and not self.state["period_column"] \
                and self.detected_period_column():
            self.update(period_column=self.detected_period_column())
        self._start_match()

    def rows_to_pick(self) -> list[str]:
        """The table's row-filter columns (period, level) with no value picked yet."""
        from .table_rows import filter_choices

        choices = filter_choices(self.state["row_filter"], self.row_columns)
        return [c.column for c in self.row_columns if not choices.get(c.column)]

    def detected_period_column(self) -> str:
        """The table's period column as the row pickers found it ('' when it has none)."""
        return next((c.column for c in self.row_columns if c.role == "period"), "")

    def _table_failed(self, text: str, exc: BaseException | None = None, details: str = "",
                      quiet: bool = False) -> None:
        self.table_error = text
        self.last_error = text
        self.tableChanged.emit()
        self.matchChanged.emit()
        if exc is not None:
            self.report_error(exc, details)
        elif not quiet:
            self.report(text, Qgis.Warning)

    # ---------------------------------------------------------------------------------- matching
    def _start_match(self) -> None:
        """Match the table's cells to the regions in the background (steps.join.join_table)."""
        if self.points_on():
            from .points_source import start_points_match

            start_points_match(self)
            return
        layer, key, path = self.layer(), self.state["key_field"], self.state["table_path"]
        if layer is None or not key or not path or self.raw is None:
            if self.matched is not None:
                self._clear_match()
                self.matchChanged.emit()
                self.analysisChanged.emit()
            return
        if self.cache.get(path, self.state["sheet"]) is not self.raw:  # the file changed on disk since it was read
            self._new_table()
            return
        from ..gis.snapshot import LayerSnapshot

        job = match_job(LayerSnapshot(layer), key, self.raw, path, dict(self.state["aliases"]),
                        **self.table_options())
        self.jobs.start_task(JobKind.MATCH, tr("Sector Clusters: matching the table to the regions"), job,
                             self._match_done, tr("Matching…"))
        self._ensure_graph()

    def _match_done(self, job) -> None:
        if not self.jobs.is_current(job) or job.cancelled:
            return
        if job.error is not None:
            self._clear_match()
            unpicked = self.rows_to_pick()
            # a table with a row per period or level fails to match until its rows are picked: the pickers come
            # first (no warning about the duplicates the user is about to remove)
            self.match_error = words.pick_rows_first(unpicked) if unpicked else self.error_words(job.error)
            self.matchChanged.emit()
            self.analysisChanged.emit()
            self.preview.refresh()
            if not unpicked:
                self.report_error(job.error, job.details)
            return
        self.matched = job.result
        self.match_error = ""
        self._data, self._data_for = None, None
        for note in self.matched.table.notes + self.matched.result.notes:
            QgsMessageLog.logMessage(note, TAG, Qgis.Info)
        fields = self.matched.result.fields
        if fields and self.state["sector"] not in fields:
            self._apply({"sector": fields[0]})
            self._save()
        self.matchChanged.emit()
        self._start_analysis()

    def region_labels(self) -> dict[str, str]:
        """Region key -> 'Buckinghamshire (E37000043)', for the hand fixes."""
        return self.matched.labels() if self.matched is not None else {}

    def key_warnings(self) -> list[str]:
        """Duplicate and missing keys of the layer, naming the features by id once the regions are read."""
        from ..core.engine import key_warnings

        if self.matched is None:
            return []
        fids = self.regions.fids if self._regions_of_layer() else None
        return key_warnings(self.matched.result, fids)

    def _regions_of_layer(self) -> bool:
        layer = self.layer()
        return self.regions is not None and layer is not None and self.graph_key is not None \
            and self.graph_key[0] == layer.id()

    # ---------------------------------------------------------------------------------- neighbours
    def _graph_key_now(self) -> tuple | None:
        layer = self.layer()
        return None if layer is None else (layer.id(), self.state["neighbours"], self.tolerance_m())

    def _ensure_graph(self) -> None:
        """Build the neighbour graph in the background unless the current one fits."""
        key = self._graph_key_now()
        if key is None or self.graph_key == key:
            return
        if any(j.key == key and self.jobs.is_current(j) for j in self.jobs.running(JobKind.GRAPH)):
            return
        from ..gis.snapshot import LayerSnapshot

        snapshot = LayerSnapshot(self.layer())  # here, on the main thread
        self.jobs.start_task(JobKind.GRAPH, tr("Sector Clusters: finding neighbouring regions"),
                             graph_job(snapshot, key[1], key[2]), self._graph_done, tr("Finding neighbours…"),
                             key=key)

    def _graph_done(self, job) -> None:
        if not self.jobs.is_current(job) or job.cancelled or job.key != self._graph_key_now():
            return
        if job.error is not None:
            self.analysis_error = self.error_words(job.error)
            self.analysisChanged.emit()
            self.report_error(job.error, job.details)
            return
        self.regions, self.graph = job.result
        self.graph_key = job.key
        self._data, self._data_for = None, None
        if self.regions.measure_note:
            QgsMessageLog.logMessage(self.regions.measure_note, TAG, Qgis.Info)
        self.regionsChanged.emit()
        self._start_analysis()
        self._start_timeline()

    # ---------------------------------------------------------------------------------- analysis
    def method(self) -> str:
        return self.state["method"] or codes.RULE

    def analysis_current(self) -> bool:
        return self.analysis is not None and self.analysis_for == panel_state.inputs(self.state)

    def _start_analysis(self) -> None:
        """Flag and cluster every sector with the current settings (the rule or a local statistic), as the
        toolbox's algorithms do, in the background; the neighbour graph and the matched scores are reused."""
        if self.matched is None or self.graph is None or self.graph_key != self._graph_key_now():
            return
        if self.analysis_current():
            return
        inputs = panel_state.inputs(self.state)
        matched, regions, graph = self.matched, self.regions, self.graph
        cached = self._data if self._data_for == (id(matched), id(regions)) else None
        state = dict(self.state)  # the settings are checked in the job: a bad one is said as the step's errors are
        if self.method() == codes.RULE:
            def step(data, task):
                from ..steps.rule import detect_by_rule
                from ..steps.settings import NeighbourSettings, RuleSettings

                return detect_by_rule(data, graph, RuleSettings.from_state(state), NeighbourSettings.from_state(state))

            description = tr("Sector Clusters: flagging regions and finding clusters")
        else:
            def step(data, task):
                from ..steps.settings import NeighbourSettings, StatisticsSettings
                from ..steps.statistics import detect_by_statistic

                return detect_by_statistic(data, graph, StatisticsSettings.from_state(state),
                                           NeighbourSettings.from_state(state), task.poll)

            description = tr("Sector Clusters: local statistics (permutation test)")

        from ..core.errors import UserError
        from .crossings import overlay_input

        try:
            overlay = overlay_input(self.overlay_layer(), self.state["overlay_name"], self.layer(), regions,
                                    self._overlay_cache)
            overlay_error = ""
        except UserError as exc:  # the analysis runs all the same; the overlay's problem is said beside it
            overlay, overlay_error = None, self.error_words(exc)

        field, prepare = self.sector(), self.preview.wants_features(regions)

        def job(task):
            from .joined import region_data
            from .preview import PreviewLayers

            data = cached or region_data(matched, regions)
            analysis = step(data, task)
            crossings = None
            if overlay is not None:
                try:
                    crossings = (overlay.key, overlay.add_to(analysis, task.poll))
                except UserError as exc:
                    crossings = exc.with_traceback(None)  # no cycle through this frame (the snapshot in it)
            prepared = None
            if prepare and analysis.sector(field) is not None:
                try:  # the preview's new features, here rather than on the main thread (issue 19)
                    prepared = PreviewLayers.region_features(analysis, field)
                except Exception:  # noqa: BLE001 - the preview then makes them itself
                    prepared = None
            return data, analysis, crossings if overlay is not None else overlay_error, prepared

        self.jobs.start_task(JobKind.ANALYSE, description, job,
                             lambda j: self._analysis_done(j, inputs, (id(matched), id(regions))),
                             tr("Finding clusters…"), key=inputs)

    def _analysis_done(self, job, inputs: dict, data_for: tuple) -> None:
        if not self.jobs.is_current(job) or job.cancelled:
            return
        if job.error is not None:
            self._clear_analysis()
            self.analysis_error = self.error_words(job.error)
            self.analysisChanged.emit()
            self.preview.refresh()
            self.report_error(job.error, job.details)
            return
        self._data, analysis, crossings, prepared = job.result
        self.preview.offer(prepared)
        self._data_for = data_for
        self._clear_analysis()
        self.analysis, self.analysis_for = analysis, inputs
        if isinstance(crossings, BaseException):
            self.overlay_error = self.error_words(crossings)
        elif isinstance(crossings, str):
            self.overlay_error = crossings
        elif crossings is not None:
            self._overlay_cache = crossings
        said = (self.state["overlay_id"], self.state["overlay_name"], self.overlay_error)
        if self.overlay_error and said != self._overlay_said:  # once per overlay, not at every new threshold
            self.report(self.overlay_error, Qgis.Warning)
        self._overlay_said = said
        for f, why in analysis.skipped.items():
            QgsMessageLog.logMessage(tr("Skipped {}: {}").format(f, why), TAG, Qgis.Info)
        self.analysisChanged.emit()
        self.outputsChanged.emit()
        self._sector_shown()

    def sector(self) -> str:
        return self.state["sector"]

    def sector_result(self, field: str | None = None):
        """The shown sector's result (steps.analysis.SectorOutcome)."""
        return self.analysis.sector(field or self.sector()) if self.analysis is not None else None

    def _sector_shown(self) -> None:
        """The shown sector's outlines (areas, preview) and threshold guide, in the background."""
        from .results import guide_job, guide_thresholds, outline_job

        a, field = self.analysis, self.sector()
        self.point_clusters.refresh()
        if a is None or a.sector(field) is None:
            self.preview.refresh()
            return
        key = (id(a), field)
        if self.outlines_for != key:
            self.outlines, self.outlines_for = {}, None
            self.jobs.start_task(JobKind.OUTLINES, tr("Sector Clusters: cluster outlines"), outline_job(a, field),
                                 lambda j: self._outlines_done(j, key), tr("Outlining clusters…"), key=key)
        if a.kind == codes.RULE and self.guide_for != key:
            self.guide, self.guide_for = [], None
            thresholds = guide_thresholds(a.settings["baseline"], a.settings["threshold"])
            self.jobs.start_task(JobKind.SENSITIVITY, tr("Sector Clusters: other thresholds"),
                                 guide_job(a.data, a.graph, field, a.settings, thresholds),
                                 lambda j: self._guide_done(j, key), tr("Trying other thresholds…"), key=key)
        self.preview.refresh()

    def _outlines_done(self, job, key: tuple) -> None:
        if not self.jobs.is_current(job) or job.cancelled or job.error is not None:
            if job.error is not None:
                QgsMessageLog.logMessage(job.details or str(job.error), TAG, Qgis.Warning)
            return
        self.outlines, self.outlines_for = job.result, key
        self.outlinesChanged.emit()
        self.preview.refresh()

    def _guide_done(self, job, key: tuple) -> None:
        if not self.jobs.is_current(job) or job.cancelled or job.error is not None:
            return
        self.guide, self.guide_for = job.result, key
        self.guideChanged.emit()

    # ---------------------------------------------------------------------------------- periods
    def periods_on(self) -> bool:
        # points are counted without periods in the panel (the toolbox's pointstoregions has PERIOD_FIELD)
        return self.state["periods_source"] != codes.PERIODS_NONE and not self.points_on()

    def timeline_current(self) -> bool:
        return self.timeline is not None and self.timeline_for == panel_state.timeline_inputs(self.state)

    def _start_timeline(self) -> None:
        """Every period joined, detected and tracked with the panel's settings (steps.timeline), in the background,
        on the panel's regions and neighbour graph (it waits for them)."""
        from .timeline import not_ready, timeline_job

        if not self.periods_on():
            if self.timeline is not None or self.timeline_error:
                self._clear_timeline()
                self.timelineChanged.emit()
            return
        why = not_ready(self.state)
        layer, key = self.layer(), self.state["key_field"]
        if why or layer is None or not key:
            self._clear_timeline()
            self.timeline_error = why  # said here only: the user is still choosing
            self.timelineChanged.emit()
            return
        if self.graph is None or self.graph_key != self._graph_key_now() or self.timeline_current():
            return  # the graph's end starts it
        from ..gis.snapshot import LayerSnapshot

        s = self.state
        inputs = panel_state.timeline_inputs(s)
        job = timeline_job(LayerSnapshot(layer), s, self.regions, self.graph)
        self.jobs.start_task(JobKind.TIMELINE, tr("Sector Clusters: clusters through the periods"), job,
                             lambda j: self._timeline_done(j, inputs), tr("Following the clusters through time…"),
                             key=inputs)
        self.timelineChanged.emit()

    def _timeline_done(self, job, inputs: dict) -> None:
        if not self.jobs.is_current(job) or job.cancelled:
            return
        self._clear_timeline()
        if job.error is not None:
            self.timeline_error = self.error_words(job.error)
            self.timeline_error_code = str(getattr(job.error, "code", "") or "")
            self.timelineChanged.emit()
            self.report_error(job.error, job.details)
            return
        self.timeline, self.timeline_for = job.result, inputs
        for note in self.timeline.notes:
            QgsMessageLog.logMessage(note, TAG, Qgis.Info)
        self.timelineChanged.emit()
        self.outputsChanged.emit()

    def timeline_sector(self):
        """The shown sector in the timeline (steps.timeline.TimelineSector), or None."""
        from .timeline import timeline_sector

        if self.timeline is None:
            return None
        field = self.sector()
        if not field and self.matched is None:
            return self.timeline.sectors[0] if self.timeline.sectors else None
        return timeline_sector(self.timeline, field, self.sector_label())

    def sector_label(self) -> str:
        """The shown sector's label in the panel's table ('C : Manufacturing'), else its field name."""
        r = self.matched.result if self.matched is not None else None
        field = self.sector()
        return r.labels[r.fields.index(field)] if r is not None and field in r.fields else field

    def timeline_summary(self) -> str:
        """The periods in a sentence, or why there is no timeline."""
        from .timeline import not_ready

        if not self.periods_on():
            return ""
        why = not_ready(self.state)  # said at once, before any file is read
        if why or self.timeline_error:
            return why or self.timeline_error
        if self.timeline is None:
            return tr("Following the clusters through time…") if self.busy() else "—"
        sector = self.timeline_sector()
        if sector is None:
            return words.sector_not_in_periods(self.sector_label())
        text = words.timeline_panel_summary(self.timeline.periods, sector.label, len(sector.tracks.tracks()),
                                            len(sector.tracks.ended))
        if not self.timeline_current():
            text += " " + tr("(updating…)")
        return text

    # ---------------------------------------------------------------------------------- what to say
    def counts(self) -> tuple[int, int]:
        """(regions flagged, multi-region clusters) for the shown sector.

        Flagged = above the baseline (rule), High-High (Moran) or in a hot-spot bin (Gi*).
        """
        r = self.sector_result()
        if r is None:
            return (0, 0)
        if r.stats is not None:
            from ..steps.statistics import cluster_types

            wanted = cluster_types(self.analysis.kind)
            return (sum(1 for t in r.stats.types if t in wanted), len(r.clusters))
        return (r.n_above, len(r.clusters))

    def type_counts(self) -> dict[str, int]:
        r = self.sector_result()
        return r.counts() if r is not None and r.stats is not None else {}

    def summary(self) -> str:
        """The results in a sentence or two (or why there are none)."""
        from .results import with_data

        if self.analysis_error:
            return self.analysis_error
        r = self.sector_result()
        if r is None:
            skipped = self.analysis.skipped.get(self.sector()) if self.analysis is not None else None
            return skipped or "—"
        a = self.analysis
        if r.stats is not None:
            text = words.statistics_summary(a.settings, r.counts(), len(r.clusters))
        else:
            text = words.rule_summary(r.n_above, with_data(a, self.sector()), len(r.clusters), a.meta)
            nodata = int((~r.flags.has_data).sum())
            if nodata:
                text += " " + tr("{} regions have no data.").format(nodata)
        if self.outputs.layers_stale():
            text += " " + words.stale_layers_note()
        return text

    def global_moran(self) -> tuple[str, str]:
        """(line, tooltip) of the shown sector's global Moran's I for a local-statistics result, else ('', '')."""
        a, r = self.analysis, self.sector_result()
        if a is None or r is None or r.stats is None or r.field not in a.global_moran:
            return "", ""
        from ..steps.statistics import global_record

        record = global_record(a.global_moran[r.field])
        line = words.global_moran_line(r.label, record)
        return words.global_moran_text(record) or line, line

    def hints(self) -> list[str]:
        """Advice on the shown result: one cluster everywhere, nothing significant, counts tested."""
        from .results import one_big_cluster
        from .table_rows import looks_like_counts

        r = self.sector_result()
        if r is None:
            return []
        a, out = self.analysis, []
        big = one_big_cluster(a, self.sector()) if r.flags is not None else None
        if big is not None:
            out.append(words.one_cluster_warning(big[0], big[1], a.meta))
        counts = looks_like_counts(r.scores)
        if r.stats is not None:
            significant = sum(n for t, n in r.counts().items() if t not in ("ns", "isolated", "nodata"))
            if not significant:
                variable = r.label + (" " + tr("(counts)") if counts else "")
                out.append(words.no_significant_hint(a.kind, a.settings["correction"], a.data.n,
                                                     a.settings["alpha"], variable))
        uses_counts = r.stats is not None or a.settings.get("baseline") in (
            codes.MEAN, codes.MEDIAN, codes.NATIONAL, codes.ZSCORE, codes.PERCENTILE)
        if counts and uses_counts:
            out.append(words.counts_hint(r.label, r.stats is not None))
        return out

    # ---------------------------------------------------------------------------------- reporting
    @staticmethod
    def error_words(exc: BaseException) -> str:
        """The steps' and Processing's errors carry plain words: those; anything else, named."""
        from qgis.core import QgsProcessingException

        from ..core.errors import UserError
        from ..steps.error_words import error_message

        if isinstance(exc, UserError):
            return error_message(exc)  # the core's English messages behind translated words
        if isinstance(exc, QgsProcessingException):
            return str(exc.args[0] if exc.args else exc)
        return tr("Something went wrong: {}").format(str(exc).strip() or type(exc).__name__)

    def report(self, text: str, level=Qgis.Info) -> None:
        """Plain words to the message bar and the log (tag 'Sector Clusters'), once until the inputs change."""
        if level in (Qgis.Warning, Qgis.Critical):
            self.last_error = text
            if text in self._reported:
                return
            self._reported.add(text)
        QgsMessageLog.logMessage(text, TAG, level)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(tr("Sector Clusters"), text, level=level, duration=0 if level == Qgis.Critical else 8)

    def report_error(self, exc: BaseException, details: str = "") -> None:
        from ..core.errors import UserError

        self.report(self.error_words(exc), Qgis.Warning if isinstance(exc, UserError) else Qgis.Critical)
        if details and not isinstance(exc, UserError):
            QgsMessageLog.logMessage(details, TAG, Qgis.Info)

    # ---------------------------------------------------------------------------------- jobs
    def busy(self) -> bool:
        """Work is running or about to (a debounce timer is pending)."""
        if sip.isdeleted(self):
            return False
        return self.jobs.busy() or self.match_timer.isActive() or self.analyse_timer.isActive() \
            or self.timeline_timer.isActive() or self.point_clusters.busy()

    def cancel(self) -> None:
        self.jobs.cancel_all()

    # ---------------------------------------------------------------------------------- the project
    def _save(self) -> None:
        if self._restoring or self.loading:
            return
        try:
            panel_state.save(QgsProject.instance(), self.state)
        except RuntimeError:  # the project is being torn down
            pass

    def restore(self, state: dict | None) -> None:
        """Show ``state`` (missing keys take their defaults) and redo every step."""
        s = panel_state.normalise(state)
        project = QgsProject.instance()
        layer = project.mapLayer(s["layer_id"]) if s["layer_id"] else None
        if layer is None and s["layer_source"]:
            layer = next((lyr for lyr in project.mapLayers().values()
                          if isinstance(lyr, QgsVectorLayer) and lyr.source() == s["layer_source"]
                          and not own_layer(lyr)), None)
        s["layer_id"] = layer.id() if layer is not None else ""
        overlay = project.mapLayer(s["overlay_id"]) if s["overlay_id"] else None
        if overlay is None and s["overlay_source"]:
            overlay = next((lyr for lyr in project.mapLayers().values()
                            if isinstance(lyr, QgsVectorLayer) and lyr.source() == s["overlay_source"]
                            and not own_layer(lyr)), None)
        s["overlay_id"] = overlay.id() if overlay is not None else ""
        from .points_source import find_layer

        s["points_id"] = find_layer(s["points_id"], s["points_source"])
        self._restoring = True
        try:
            self.jobs.bump(*JobKind)
            self.graph_key = None
            self._apply(s)
            self.stateChanged.emit(set(s))
        finally:
            self._restoring = False
        self._reported.clear()
        if not s["layer_id"]:
            self.preselect_layer()
        self._new_table()
        self._ensure_graph()
        self.outputs.restyle_all()
        self.outputsChanged.emit()

    def restore_from_project(self) -> None:
        s = panel_state.load(QgsProject.instance())
        if s is not None:
            self.restore(s)
        else:
            self.preselect_layer()

    def preselect_layer(self) -> None:
        """No regions layer chosen: take the active polygon layer, else the only polygon layer loaded."""
        if self.layer() is not None or self.loading:
            return
        candidates = [lyr for lyr in QgsProject.instance().mapLayers().values()
                      if polygon_layer(lyr) and not own_layer(lyr)]
        active = self.iface.activeLayer() if self.iface is not None and hasattr(self.iface, "activeLayer") else None
        if active is not None and active in candidates:
            self.set_layer(active)
        elif len(candidates) == 1:
            self.set_layer(candidates[0])

    def unusable_layers(self) -> list[str]:
        """Names of the loaded vector layers that cannot be regions (points, lines, tables)."""
        return [lyr.name() for lyr in QgsProject.instance().mapLayers().values()
                if isinstance(lyr, QgsVectorLayer) and not polygon_layer(lyr) and not own_layer(lyr)]

    def _on_layers_added(self, layers) -> None:
        if not self._restoring and not self.loading and self.layer() is None:
            QTimer.singleShot(0, self.preselect_layer)  # once the layer combos know the new layers too

    def _on_write_project(self, *args) -> None:
        panel_state.save(QgsProject.instance(), self.state)

    def _on_read_project(self, *args) -> None:
        # readProject fires before the layers are all resolved in some versions: finish on the next turn
        epoch = self._loading_now()
        QTimer.singleShot(0, lambda: self._loaded(epoch, restore=True))

    def _loading_now(self) -> int:
        """A project is being cleared or read (QGIS may process events meanwhile): the panel waits until the
        last sign of it is a turn of the event loop old."""
        self.loading = True
        self._load_epoch += 1
        return self._load_epoch

    def _on_loading_layer(self, *_args) -> None:
        self._loading_now()

    def _on_layers_will_be_removed(self, ids) -> None:
        """Layers are going (the user, or a project being cleared): a preview layer among them is not
        removed again by the panel."""
        self.preview.going(ids)
        self.point_clusters.going(ids)

    def _on_project_cleared(self) -> None:
        # reading a project clears it first: the panel acts again once the reading is over
        epoch = self._loading_now()
        QTimer.singleShot(0, lambda: self._loaded(epoch))
        self.cancel()
        self.jobs.bump(*JobKind)
        self.preview.forget()
        self.point_clusters.forget()
        self._restoring = True
        try:
            self._apply(panel_state.normalise({}))
        finally:
            self._restoring = False
        self._clear_all()
        for signal in (self.tableChanged, self.matchChanged, self.regionsChanged, self.analysisChanged,
                       self.timelineChanged, self.outputsChanged):
            signal.emit()

    def _loaded(self, epoch: int, restore: bool = False) -> None:
        if epoch != self._load_epoch:
            return  # still reading
        self.loading = False
        if restore:
            self.restore_from_project()
        elif panel_state.load(QgsProject.instance()) is None:
            self.preselect_layer()

    def shutdown(self) -> None:
        """Plugin unload: stop the jobs, remove the preview, let go of the project's signals."""
        self.closed = True
        self.cancel()
        self.jobs.blockSignals(True)  # jobs still finishing report to nobody
        self.match_timer.stop()
        self.analyse_timer.stop()
        self.timeline_timer.stop()
        self.preview.remove()
        self.point_clusters.timer.stop()
        self.point_clusters.remove()
        project = QgsProject.instance()
        for signal, slot in ((project.writeProject, self._on_write_project),
                             (project.readProject, self._on_read_project),
                             (project.cleared, self._on_project_cleared),
                             (project.loadingLayer, self._on_loading_layer),
                             (project.layersAdded, self._on_layers_added),
                             (project.layersWillBeRemoved, self._on_layers_will_be_removed)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.blockSignals(True)

    # ---------------------------------------------------------------------------------- output
    def can_create(self) -> bool:
        return self.analysis_current() and self.layer() is not None and not self.jobs.running(JobKind.CREATE)

    def created_settings(self, layer: QgsVectorLayer) -> dict | None:
        text = layer.customProperty(SETTINGS_PROPERTY)
        try:
            return json.loads(text) if text else None
        except (TypeError, ValueError):
            return None

    def current_inputs(self) -> dict:
        return json.loads(json.dumps(panel_state.inputs(self.state)))
