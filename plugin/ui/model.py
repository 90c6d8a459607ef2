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
from .outputs import OutputController
from .points_source import PointClusters, points_on, start_points_match
from .preview import PreviewLayers
from .project_sync import ProjectSync
from .shown_sector import ShownSector
from .table_source import TableSource
from .tasks import TAG, graph_job, match_job
from .timeline_model import TimelineModel

DEBOUNCE_MS = 250


def table_options(state: dict) -> dict:
    """How to read the table, as ``steps.join.join_table`` takes it."""
    return {"table_key": state["table_key"], "shape": state["shape"], "sector_column": state["sector_column"],
            "score_column": state["score_column"], "row_filter": state["row_filter"],
            "keep_columns": state["keep_columns"], "sheet": state["sheet"]}


def debounce_timer(parent: QObject, slot) -> QTimer:
    """A single-shot timer that runs ``slot`` once the user has paused: a burst of changes runs a step once."""
    t = QTimer(parent)
    t.setSingleShot(True)
    t.setInterval(DEBOUNCE_MS)
    t.timeout.connect(slot)
    return t


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
        self.iface = iface
        self.state = panel_state.normalise({})
        self.jobs = JobRunner(self)
        self.jobs.busyChanged.connect(lambda _b: self.busyChanged.emit(self.busy()))
        self.jobs.statusChanged.connect(self.statusChanged)
        self.tmpdir = tempfile.mkdtemp(prefix="sector_clusters_")
        self.restoring = False  # the settings are being restored: nothing is saved or redone meanwhile
        self.closed = False  # shut down (plugin unloaded): it says and does nothing any more
        self.loading = False  # the project is being cleared or read: layers must not be added or removed
        self._reported: set[str] = set()
        self._overlay_said: tuple | None = None  # (overlay, name field, problem) last said
        self.last_error = ""
        self.table = TableSource(self)
        self.periods = TimelineModel(self, lambda slot: debounce_timer(self, slot))
        self.shown = ShownSector(self)
        self._clear_all()
        self.match_timer = debounce_timer(self, self._start_match)
        self.analyse_timer = debounce_timer(self, self._start_analysis)
        self.outputs = OutputController(self)
        self.preview = PreviewLayers(self)
        self.point_clusters = PointClusters(self)
        self.project = ProjectSync(self)

    def _clear_all(self) -> None:
        self.table.clear()
        self._clear_match()
        self.regions = None  # gis.layers.Regions of the regions layer
        self.graph = None
        self.graph_key: tuple | None = None
        self._overlay_cache: tuple | None = None  # (key, (OverlayData, parts)) of the last overlay read
        self.periods.clear()

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
        self.shown.clear()

    # ------------------------------------------------------------------------------------- settings
    def layer(self) -> QgsVectorLayer | None:
        layer = QgsProject.instance().mapLayer(self.state["layer_id"]) if self.state["layer_id"] else None
        return layer if isinstance(layer, QgsVectorLayer) else None

    def tolerance_m(self) -> float:
        return float(self.state["tolerance_km"]) * 1000.0

    def update(self, **changes) -> None:
        """Change settings as the user did: what depends on them runs again; the project keeps them."""
        if self.closed:
            return
        changed = self._apply(changes)
        if changed and not self.restoring:
            self.project.save()
            self._react(changed)

    def overlay_layer(self) -> QgsVectorLayer | None:
        """The overlay of official boundaries the clusters may cross, if one is chosen and loaded."""
        lid = self.state["overlay_id"]
        layer = QgsProject.instance().mapLayer(lid) if lid else None
        return layer if isinstance(layer, QgsVectorLayer) else None

    def _apply(self, changes: dict) -> set[str]:
        new = panel_state.normalise({**self.state, **changes})
        if "sheet" not in changes and new["table_path"] != self.state["table_path"]:
            new["sheet"] = ""  # a sheet chosen in another workbook
        if "baseline" in changes and "threshold" not in changes and new["baseline"] != self.state["baseline"]:
            new["threshold"] = options.DEFAULT_THRESHOLD[new["baseline"]]  # 75 for percentile, 1 else
        # The Map choice stays the user's: choosing periods once switched it to the trajectory map, which greyed
        # out Open layout and Export… (no timeline layers yet) with no word why.
        if new["periods_source"] == codes.PERIODS_COLUMN and not new["period_column"]:
            new["period_column"] = self.table.period_column()
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
            self.periods.timer.start()
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
            self.shown.refresh()
        if changed & ({"scheme", "preview"} | panel_state.ANALYSIS_KEYS):
            self.preview.refresh_later()
        if changed & {"sector"}:
            self.timelineChanged.emit()  # the shown sector's tracks (nothing runs again)
        if changed & (panel_state.POINT_CLUSTER_KEYS | {"sector"}):
            self.point_clusters.refresh()
        self.outputsChanged.emit()

    # ---------------------------------------------------------------------------------- the table
    def _new_table(self) -> None:
        """A new table file: everything shown of the previous one goes, and the file is read (once)."""
        self.jobs.bump(JobKind.TABLE, JobKind.MATCH, JobKind.ANALYSE, JobKind.OUTLINES, JobKind.SENSITIVITY)
        self.table.clear()
        self._clear_match()
        self.tableChanged.emit()
        self.matchChanged.emit()
        self.analysisChanged.emit()
        self.preview.refresh()
        if points_on(self):  # points are counted into the regions: no file to read
            self._start_match()
            return
        self.table.read()

    def table_ready(self) -> None:
        """The table is read (``self.table``): show it, find its period column if periods come from it, match it."""
        self.tableChanged.emit()
        period_column = self.table.period_column()
        if self.state["periods_source"] == codes.PERIODS_COLUMN and not self.state["period_column"] and period_column:
            self.update(period_column=period_column)
        self._start_match()

    # ---------------------------------------------------------------------------------- matching
    def _start_match(self) -> None:
        """Match the table's cells to the regions in the background (steps.join.join_table)."""
        if points_on(self):
            start_points_match(self)
            return
        layer, key, path = self.layer(), self.state["key_field"], self.state["table_path"]
        if layer is None or not key or not path or self.table.raw is None:
            if self.matched is not None:
                self._clear_match()
                self.matchChanged.emit()
                self.analysisChanged.emit()
            return
        if self.table.changed_on_disk():
            self._new_table()
            return
        from ..gis.snapshot import LayerSnapshot

        job = match_job(LayerSnapshot(layer), key, self.table.raw, path, dict(self.state["aliases"]),
                        **table_options(self.state))
        self.jobs.start_task(JobKind.MATCH, tr("Sector Clusters: matching the table to the regions"), job,
                             self._match_done, tr("Matching…"))
        self._ensure_graph()

    def _match_done(self, job) -> None:
        if not self.jobs.is_current(job) or job.cancelled:
            return
        if job.error is not None:
            self._clear_match()
            unpicked = self.table.rows_to_pick()
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
            self.project.save()
        self.matchChanged.emit()
        self._start_analysis()

    # ---------------------------------------------------------------------------------- neighbours
    def graph_key_now(self) -> tuple | None:
        layer = self.layer()
        return None if layer is None else (layer.id(), self.state["neighbours"], self.tolerance_m())

    def _ensure_graph(self) -> None:
        """Build the neighbour graph in the background unless the current one fits."""
        key = self.graph_key_now()
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
        if not self.jobs.is_current(job) or job.cancelled or job.key != self.graph_key_now():
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
        self.periods.start()

    # ---------------------------------------------------------------------------------- analysis
    def method(self) -> str:
        return self.state["method"] or codes.RULE

    def analysis_current(self) -> bool:
        return self.analysis is not None and self.analysis_for == panel_state.inputs(self.state)

    def _start_analysis(self) -> None:
        """Flag and cluster every sector with the current settings (the rule or a local statistic), as the
        toolbox's algorithms do, in the background; the neighbour graph and the matched scores are reused."""
        if self.matched is None or self.graph is None or self.graph_key != self.graph_key_now():
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
            if analysis.sector(field) is not None:
                analysis.sector_columns(field)  # the preview's columns made here, not on the main thread
            crossings = None
            if overlay is not None:
                try:
                    crossings = (overlay.key, overlay.add_to(analysis, task.poll))
                except UserError as exc:
                    crossings = exc.with_traceback(None)  # no cycle through this frame (the snapshot in it)
            prepared = None
            if prepare and analysis.sector(field) is not None:
                try:  # the preview's new features, here rather than on the main thread
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
        self.shown.refresh()

    def sector(self) -> str:
        return self.state["sector"]

    def sector_result(self, field: str | None = None):
        """The shown sector's result (steps.analysis.SectorOutcome)."""
        return self.analysis.sector(field or self.sector()) if self.analysis is not None else None

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
            or self.periods.timer.isActive() or self.point_clusters.busy() or self.preview.pending() \
            or self.shown.pending()

    # ---------------------------------------------------------------------------------- the project
    def restore(self, state: dict | None) -> None:
        """Show ``state`` (missing keys take their defaults; its layers found by id, else by source) and redo
        every step."""
        from .layer_roles import find_layer

        s = panel_state.normalise(state)
        s["layer_id"] = find_layer(s["layer_id"], s["layer_source"])
        s["overlay_id"] = find_layer(s["overlay_id"], s["overlay_source"])
        s["points_id"] = find_layer(s["points_id"], s["points_source"])
        self.restoring = True
        try:
            self.jobs.bump(*JobKind)
            self.graph_key = None
            self._apply(s)
            self.stateChanged.emit(set(s))
        finally:
            self.restoring = False
        self._reported.clear()
        if not s["layer_id"]:
            self.project.preselect_layer()
        self._new_table()
        self._ensure_graph()
        self.outputs.restyle_all()
        self.outputsChanged.emit()

    def forget_project(self) -> None:
        """The project was cleared: the work stops, the settings take their defaults, every result goes."""
        self.jobs.cancel_all()
        self.jobs.bump(*JobKind)
        self.preview.forget()
        self.point_clusters.forget()
        self.restoring = True
        try:
            self._apply(panel_state.normalise({}))
        finally:
            self.restoring = False
        self._clear_all()
        for signal in (self.tableChanged, self.matchChanged, self.regionsChanged, self.analysisChanged,
                       self.timelineChanged, self.outputsChanged):
            signal.emit()

    def shutdown(self) -> None:
        """Plugin unload: stop the jobs, remove the preview, let go of the project's signals."""
        self.closed = True
        self.jobs.cancel_all()
        self.jobs.blockSignals(True)  # jobs still finishing report to nobody
        self.match_timer.stop()
        self.analyse_timer.stop()
        self.periods.timer.stop()
        self.preview.stop()
        self.shown.stop()
        self.preview.remove()
        self.point_clusters.timer.stop()
        self.point_clusters.remove()
        self.project.disconnect()
        shutil.rmtree(self.tmpdir, ignore_errors=True)
        self.blockSignals(True)
