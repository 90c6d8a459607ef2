"""The panel's table of scores: read once in the background (the cells are cached by path, size and modification
time and serve the preview, the match and the joined layer), its shape and row pickers found in the worker too.

Apart from the analysis model (``ui/model.py``): reading a file is its own concern; the model only says what to
do once the table is ready (match it)."""
from __future__ import annotations

import os

from qgis.core import Qgis

from ..i18n import tr
from .jobs import JobKind
from .table_rows import RawCache
from .tasks import table_job


class TableSource:
    """The table file of the panel ``model`` (``ui.model.PanelModel``), as read."""

    def __init__(self, model) -> None:
        self.model = model
        self.cache = RawCache()
        self.clear()

    def clear(self) -> None:
        self.raw = None  # core.tables.RawTable of the table file
        self.error = ""  # why it could not be read, in words
        self.detected_shape = ""
        self.row_columns: list = []  # table_rows.RowColumn

    def read(self) -> None:
        """Read the state's table file (once: a file read before and unchanged comes from the cache)."""
        m = self.model
        path = m.state["table_path"]
        if not path:
            return
        if not os.path.isfile(path):  # perhaps still being typed: said in the dock only
            self._failed(tr("The table file {} does not exist.").format(path), quiet=True)
            return
        sheet = m.state["sheet"]
        raw = self.cache.get(path, sheet)
        if raw is not None:
            self._ready(raw)
            return
        stamp = self.cache.stamp(path)
        read = table_job(path, sheet)

        def job(task):
            # the shape and the row pickers are read in the worker too: on the main thread they froze QGIS
            # ~0.9 s for a 34,753-row table
            raw = read(task)
            return raw, self.layout(raw)

        m.jobs.start_task(JobKind.TABLE, tr("Sector Clusters: reading the table"), job,
                          lambda job: self._done(job, path, stamp, sheet), tr("Reading the table…"))

    def changed_on_disk(self) -> bool:
        """The file read is no longer the one on disk (or another sheet is chosen)."""
        s = self.model.state
        return self.cache.get(s["table_path"], s["sheet"]) is not self.raw

    def _done(self, job, path: str, stamp, sheet: str = "") -> None:
        m = self.model
        if not m.jobs.is_current(job) or job.cancelled:
            return
        if job.error is not None:
            self._failed(m.error_words(job.error), job.error, job.details)
            return
        raw, layout = job.result
        self.cache.put(path, raw, stamp, sheet)
        self._ready(raw, layout)

    @staticmethod
    def layout(raw) -> tuple:
        """(detected shape, row-filter columns) of ``raw``: pure Python, safe in a worker."""
        from ..core.tables import detect_shape
        from .table_rows import row_filter_columns

        shape = detect_shape(raw)
        return shape, row_filter_columns(raw, shape)

    def _ready(self, raw, layout: tuple | None = None) -> None:
        self.raw = raw
        self.detected_shape, self.row_columns = layout if layout is not None else self.layout(raw)
        self.model.table_ready()

    def rows_to_pick(self) -> list[str]:
        """The table's row-filter columns (period, level) with no value picked yet."""
        from .table_rows import filter_choices

        choices = filter_choices(self.model.state["row_filter"], self.row_columns)
        return [c.column for c in self.row_columns if not choices.get(c.column)]

    def period_column(self) -> str:
        """The table's period column as the row pickers found it ('' when it has none)."""
        return next((c.column for c in self.row_columns if c.role == "period"), "")

    def _failed(self, text: str, exc: BaseException | None = None, details: str = "", quiet: bool = False) -> None:
        m = self.model
        self.error = text
        m.last_error = text
        m.tableChanged.emit()
        m.matchChanged.emit()
        if exc is not None:
            m.report_error(exc, details)
        elif not quiet:
            m.report(text, Qgis.Warning)
