"""The analysis' shown sector: its cluster outlines and threshold guide, worked out in the background once per
analysis and sector, and what the panel says of it in figures and words (summary, hints, global Moran's I).

Apart from the analysis model (``ui/model.py``), which runs the analysis of every sector: this is only about the
one sector the panel shows, and is redone when the user picks another."""
from __future__ import annotations

from qgis.core import Qgis, QgsMessageLog

from ..core import codes
from ..i18n import tr
from ..steps import words
from .jobs import JobKind
from .tasks import TAG


class ShownSector:
    """The shown sector of the panel ``model`` (``ui.model.PanelModel``)."""

    def __init__(self, model) -> None:
        from qgis.PyQt.QtCore import QTimer

        self.model = model
        # The shown sector's background work starts at the event loop's next turn, after the preview has taken
        # the new result: a task running Python beside the main thread halves the main thread's share of the
        # interpreter, and the preview's refill (the longest piece of main-thread work) took twice as long.
        self._start = QTimer(model)
        self._start.setSingleShot(True)
        self._start.setInterval(0)
        self._start.timeout.connect(self._start_jobs)
        self.clear()

    def clear(self) -> None:
        self.outlines: dict[int, tuple] = {}  # cluster id -> (area km², QgsGeometry in the layer CRS)
        self.outlines_for: tuple | None = None
        self.guide: list = []  # results.GuideRow
        self.guide_for: tuple | None = None

    def refresh(self) -> None:
        """The shown sector's outlines (areas, preview) and threshold guide, in the background (started at the
        event loop's next turn, after the preview's refresh); what is shown of another sector goes now."""
        m = self.model
        a, field = m.analysis, m.sector()
        m.point_clusters.refresh()
        if a is not None and a.sector(field) is not None:
            key = (id(a), field)
            if self.outlines_for != key:
                self.outlines, self.outlines_for = {}, None
            if self.guide_for != key:
                self.guide, self.guide_for = [], None
            self._cancel_others(key)
            self._start.start()
        m.preview.refresh_later()

    def _cancel_others(self, key: tuple) -> None:
        """Outlines or a guide still being made for another sector or result are cancelled now, not when this
        one's tasks start (after the preview is written): a task whose result will be thrown away kept a core and the
        interpreter busy while the main thread wrote the preview (LSOA panel benchmark, alternating runs: stall
        of a sector change 103/74 ms before, 86/67 ms after)."""
        jobs = self.model.jobs
        for kind in (JobKind.OUTLINES, JobKind.SENSITIVITY):
            for job in jobs.running(kind):
                if job.key != key:
                    job.cancel()

    def pending(self) -> bool:
        """Background work waits for the event loop's next turn."""
        return self._start.isActive()

    def stop(self) -> None:
        self._start.stop()

    def _start_jobs(self) -> None:
        from .results import guide_job, guide_thresholds, outline_job

        m = self.model
        if getattr(m, "closed", False):
            return
        if m.preview.pending():  # the preview's rows first, alone on the main thread (see __init__)
            self._start.start()
            return
        a, field = m.analysis, m.sector()
        if a is None or a.sector(field) is None:
            return
        key = (id(a), field)
        if self.outlines_for != key:
            m.jobs.start_task(JobKind.OUTLINES, tr("Sector Clusters: cluster outlines"), outline_job(a, field),
                              lambda j: self._outlines_done(j, key), tr("Outlining clusters…"), key=key)
        if a.kind == codes.RULE and self.guide_for != key:
            thresholds = guide_thresholds(a.settings["baseline"], a.settings["threshold"])
            m.jobs.start_task(JobKind.SENSITIVITY, tr("Sector Clusters: other thresholds"),
                              guide_job(a.data, a.graph, field, a.settings, thresholds),
                              lambda j: self._guide_done(j, key), tr("Trying other thresholds…"), key=key)

    def _outlines_done(self, job, key: tuple) -> None:
        m = self.model
        if not m.jobs.is_current(job) or job.cancelled or job.error is not None:
            if job.error is not None:
                QgsMessageLog.logMessage(job.details or str(job.error), TAG, Qgis.Warning)
            return
        self.outlines, self.outlines_for = job.result, key
        m.outlinesChanged.emit()
        m.preview.refresh_later()

    def _guide_done(self, job, key: tuple) -> None:
        m = self.model
        if not m.jobs.is_current(job) or job.cancelled or job.error is not None:
            return
        self.guide, self.guide_for = job.result, key
        m.guideChanged.emit()

    def label(self) -> str:
        """The shown sector's label in the panel's table ('C : Manufacturing'), else its field name."""
        m = self.model
        r = m.matched.result if m.matched is not None else None
        field = m.sector()
        return r.labels[r.fields.index(field)] if r is not None and field in r.fields else field

    def counts(self) -> tuple[int, int]:
        """(regions flagged, multi-region clusters) for the shown sector.

        Flagged = above the baseline (rule), High-High (Moran) or in a hot-spot bin (Gi*).
        """
        m = self.model
        r = m.sector_result()
        if r is None:
            return (0, 0)
        if r.stats is not None:
            from ..steps.statistics import cluster_types

            wanted = cluster_types(m.analysis.kind)
            return (sum(1 for t in r.stats.types if t in wanted), len(r.clusters))
        return (r.n_above, len(r.clusters))

    def type_counts(self) -> dict[str, int]:
        m = self.model
        r = m.sector_result()
        return r.counts() if r is not None and r.stats is not None else {}

    def summary(self) -> str:
        """The results in a sentence or two (or why there are none)."""
        from .results import with_data

        m = self.model
        if m.analysis_error:
            return m.analysis_error
        r = m.sector_result()
        if r is None:
            skipped = m.analysis.skipped.get(m.sector()) if m.analysis is not None else None
            return skipped or "—"
        a = m.analysis
        if r.stats is not None:
            text = words.statistics_summary(a.settings, r.counts(), len(r.clusters))
        else:
            text = words.rule_summary(r.n_above, with_data(a, m.sector()), len(r.clusters), a.meta)
            nodata = int((~r.flags.has_data).sum())
            if nodata:
                text += " " + tr("{} regions have no data.").format(nodata)
        if m.outputs.layers_stale():
            text += " " + words.stale_layers_note()
        return text

    def global_moran(self) -> tuple[str, str]:
        """(line, tooltip) of the shown sector's global Moran's I for a local-statistics result, else ('', '')."""
        m = self.model
        a, r = m.analysis, m.sector_result()
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

        m = self.model
        r = m.sector_result()
        if r is None:
            return []
        a, out = m.analysis, []
        big = one_big_cluster(a, m.sector()) if r.flags is not None else None
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
