"""The panel's timeline: the clusters followed through the periods, apart from the analysis of the shown table.

It runs on the analysis model's regions and neighbour graph (it waits for them) and tells the panel through the
model's ``timelineChanged``; what it keeps is current while the settings it was made with
(``state.timeline_inputs``) equal the settings now."""
from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog

from ..core import codes
from ..i18n import tr
from ..steps import words
from . import state as panel_state
from .jobs import JobKind
from .points_source import points_on
from .tasks import TAG


class TimelineModel:
    """The periods' timeline of the panel ``model`` (``ui.model.PanelModel``): started, kept, said."""

    def __init__(self, model, make_timer) -> None:
        self.model = model
        self.timer = make_timer(self.start)  # the debounce before a new run (a QTimer child of the model)
        self.clear()

    def clear(self) -> None:
        self.timeline = None  # steps.timeline.Timeline of the periods
        self.made_for: dict | None = None  # state.timeline_inputs it was made with
        self.error = ""  # why there is none, in words
        self.error_code = ""  # the UserError's code (no_period, region_sets, period_…), for the dock

    def on(self) -> bool:
        """The user asked for periods (points are counted without periods in the panel; the toolbox's
        pointstoregions has PERIOD_FIELD)."""
        m = self.model
        return m.state["periods_source"] != codes.PERIODS_NONE and not points_on(m)

    def current(self) -> bool:
        return self.timeline is not None and self.made_for == panel_state.timeline_inputs(self.model.state)

    def start(self) -> None:
        """Every period joined, detected and tracked with the panel's settings (steps.timeline), in the background,
        on the panel's regions and neighbour graph (it waits for them)."""
        from .timeline import not_ready, timeline_job

        m = self.model
        if not self.on():
            if self.timeline is not None or self.error:
                self.clear()
                m.timelineChanged.emit()
            return
        why = not_ready(m.state)
        layer, key = m.layer(), m.state["key_field"]
        if why or layer is None or not key:
            self.clear()
            self.error = why  # said here only: the user is still choosing
            m.timelineChanged.emit()
            return
        if m.graph is None or m.graph_key != m.graph_key_now() or self.current():
            return  # the graph's end starts it
        from ..gis.snapshot import LayerSnapshot

        s = m.state
        inputs = panel_state.timeline_inputs(s)
        job = timeline_job(LayerSnapshot(layer), s, m.regions, m.graph)
        m.jobs.start_task(JobKind.TIMELINE, tr("Sector Clusters: clusters through the periods"), job,
                          lambda j: self._done(j, inputs), tr("Following the clusters through time…"), key=inputs)
        m.timelineChanged.emit()

    def _done(self, job, inputs: dict) -> None:
        m = self.model
        if not m.jobs.is_current(job) or job.cancelled:
            return
        self.clear()
        if job.error is not None:
            self.error = m.error_words(job.error)
            self.error_code = str(getattr(job.error, "code", "") or "")
            m.timelineChanged.emit()
            m.report_error(job.error, job.details)
            return
        self.timeline, self.made_for = job.result, inputs
        for note in self.timeline.notes:
            QgsMessageLog.logMessage(note, TAG, Qgis.Info)
        m.timelineChanged.emit()
        m.outputsChanged.emit()

    def sector(self):
        """The shown sector in the timeline (steps.timeline.TimelineSector), or None."""
        from .timeline import timeline_sector

        m = self.model
        if self.timeline is None:
            return None
        field = m.sector()
        if not field and m.matched is None:
            return self.timeline.sectors[0] if self.timeline.sectors else None
        return timeline_sector(self.timeline, field, m.shown.label())

    def summary(self) -> str:
        """The periods in a sentence, or why there is no timeline."""
        from .timeline import not_ready

        m = self.model
        if not self.on():
            return ""
        why = not_ready(m.state)  # said at once, before any file is read
        if why or self.error:
            return why or self.error
        if self.timeline is None:
            return tr("Following the clusters through time…") if m.busy() else "—"
        sector = self.sector()
        if sector is None:
            return words.sector_not_in_periods(m.shown.label())
        text = words.timeline_panel_summary(self.timeline.periods, sector.label, len(sector.tracks.tracks()),
                                            len(sector.tracks.ended))
        if not self.current():
            text += " " + tr("(updating…)")
        return text
