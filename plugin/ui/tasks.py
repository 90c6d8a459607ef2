"""Background work for the panel, in QGIS's task manager (progress bar, Cancel).

``CoreTask`` runs a plain function on a worker thread and hands its result back
on the main thread; the function gets the task so it can report progress and
poll ``task.isCanceled()``. ``run_algorithm`` does the same for a Processing
algorithm through ``QgsProcessingAlgRunnerTask``. Callers must keep a Python
reference to running tasks (QGIS owns the C++ side, Python would otherwise
collect the wrapper and the callbacks with it).
"""
from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsMessageLog,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsTask,
)

TAG = "Sector Clusters"


class CoreTask(QgsTask):
    """Run ``job(task)`` off the main thread; ``on_done(task)`` runs on the main thread.

    After it ends: ``result`` (what ``job`` returned), ``error`` (the exception,
    if any), ``cancelled`` (True when stopped by Cancel).
    """

    def __init__(self, description: str, job: Callable[[CoreTask], Any],
                 on_done: Callable[[CoreTask], None] | None = None):
        super().__init__(description, QgsTask.CanCancel)
        self.job = job
        self.on_done = on_done
        self.result: Any = None
        self.error: BaseException | None = None
        self.details = ""
        self.cancelled = False

    def run(self) -> bool:  # worker thread
        from ..core.errors import Cancelled

        if self.job is None:  # handed in again as a fresh task (jobs.JobRunner): this one does nothing
            return False
        try:
            self.result = self.job(self)
        except Cancelled:
            self.cancelled = True
            return False
        except Exception as exc:  # noqa: BLE001 - reported on the main thread in plain words
            self.details = traceback.format_exc()
            # kept without its traceback, which would hold this task and the job's frames (its snapshots) in a
            # reference cycle until the garbage collector runs, on whichever thread and whenever that is
            self.error = exc.with_traceback(None)
            return False
        if self.isCanceled():
            self.cancelled = True
            return False
        return True

    def finished(self, ok: bool) -> None:  # main thread
        if not ok and self.isCanceled():
            self.cancelled = True
        if self.on_done is not None:
            self.on_done(self)

    def poll(self) -> bool:
        """The ``is_cancelled`` callback for the core."""
        return self.isCanceled()


def table_job(path: str, sheet: str = "") -> Callable[[CoreTask], object]:
    """Read the table's cells (core.tables.read_raw): the one read of the file per change of file or sheet."""

    def job(task: CoreTask):
        from ..core.tables import read_raw

        task.setProgress(5)
        return read_raw(path, sheet) if sheet else read_raw(path)

    return job


def graph_job(snapshot, rule: str, tolerance_m: float, regions=None) -> Callable[[CoreTask], tuple]:
    """Read the regions (unless ``regions`` of the same layer are given) and build their neighbour graph.

    ``snapshot`` is a gis.snapshot.LayerSnapshot taken on the main thread: the worker never touches a layer.
    """

    def job(task: CoreTask):
        from ..gis.layers import read_regions
        from ..steps.neighbours import neighbour_graph
        from ..steps.settings import NeighbourSettings

        task.setProgress(1)
        got = regions if regions is not None else read_regions(snapshot, task.poll)
        task.setProgress(30)
        graph = neighbour_graph(got, NeighbourSettings(rule, tolerance_m), task.poll)
        task.setProgress(100)
        return got, graph

    return job


def match_job(snapshot, key_field: str, raw, table_path: str, aliases: dict,
              **table_options) -> Callable[[CoreTask], object]:
    """Match the table already read (``raw``) to the regions: the join step of ``sectorclusters:joinscores``."""

    def job(task: CoreTask):
        from .joined import match

        task.setProgress(5)
        out = match(snapshot, key_field, raw, table_path, aliases, **table_options)
        task.setProgress(100)
        return out

    return job


class AlgorithmRun:
    """One Processing algorithm running in the background, and what it produced.

    Holds the context and feedback alive for the task's lifetime, as QGIS requires.
    """

    def __init__(self, alg_id: str, parameters: dict, on_done: Callable[[AlgorithmRun], None]):
        self.alg_id = alg_id
        self.parameters = parameters
        self.on_done = on_done
        self.ok = False
        self.results: dict = {}
        self.messages: list[str] = []
        self.context = QgsProcessingContext()
        self.context.setProject(QgsProject.instance())
        self.feedback = _Feedback(self.messages)
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        if alg is None:
            raise RuntimeError(f"The Processing algorithm {alg_id} is not available.")
        self.alg = alg
        self.task = QgsProcessingAlgRunnerTask(alg, parameters, self.context, self.feedback)
        self.task.executed.connect(self._executed)

    def start(self) -> None:
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        self.feedback.cancel()
        try:
            self.task.cancel()
        except RuntimeError:  # already deleted by the task manager
            pass

    @property
    def cancelled(self) -> bool:
        return self.feedback.isCanceled()

    def error_text(self) -> str:
        """The algorithm's own words for what went wrong (its reported errors)."""
        return self.feedback.errors[-1] if self.feedback.errors else ""

    def _executed(self, ok: bool, results: dict) -> None:
        self.ok = bool(ok)
        self.results = dict(results or {})
        self.on_done(self)


class _Feedback(QgsProcessingFeedback):
    """Collects the algorithm's messages; errors apart (the last one is shown to the user)."""

    def __init__(self, sink: list[str]):
        super().__init__()
        self.sink = sink
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def reportError(self, error: str, fatalError: bool = False) -> None:
        self.errors.append(error)
        super().reportError(error, fatalError)

    def pushWarning(self, warning: str) -> None:
        self.warnings.append(warning)
        QgsMessageLog.logMessage(warning, TAG, Qgis.Warning)

    def pushInfo(self, info: str) -> None:
        self.sink.append(info)
