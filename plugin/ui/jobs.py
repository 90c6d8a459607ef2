"""The panel's background jobs as typed records: what kind of work, for which generation of the settings.

A job's result is used only while its generation is the current one of its kind: starting a new job of a
kind (``JobRunner.start``) or asking for a fresh start (``bump``) makes every older job of that kind stale
and cancels it. No attributes are hung on QGIS tasks; a job knows its kind, generation and key.

A task QGIS 3.22's task manager left queued while the thread pool has free threads is handed in again (a fresh
task for the same work): that manager can drop a queued task from the pool (it cancels a finished task's
runnable by its address, which a new runnable may have taken), and the panel would then wait for ever.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from qgis.core import Qgis, QgsApplication, QgsMessageLog, QgsTask
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, QThreadPool, QTimer, pyqtSignal

from .tasks import TAG, AlgorithmRun, CoreTask


class JobKind(Enum):
    TABLE = "table"  # read the table file (cells and header)
    MATCH = "match"  # match its rows to the regions (steps.join)
    GRAPH = "graph"  # read the regions' geometry and build the neighbour graph
    ANALYSE = "analyse"  # the rule or a local statistic on every sector
    OUTLINES = "outlines"  # the shown sector's cluster outlines and areas (results table, preview)
    SENSITIVITY = "sensitivity"  # the shown sector at other thresholds
    CREATE = "create"  # write the layers (joined regions, then the Processing analysis)
    TIMELINE = "timeline"  # every period's table joined, detected and tracked (steps.timeline)
    TIMELINE_LAYERS = "timeline_layers"  # write the timeline's layers (sectorclusters:clustertimeline)
    POINT_CLUSTERS = "point_clusters"  # the shown sector's point clusters (sectorclusters:pointclusters)


@dataclass(eq=False)
class Job:
    """One piece of background work: a CoreTask or an AlgorithmRun, and what it was started for."""

    kind: JobKind
    generation: int
    handle: Any  # CoreTask | AlgorithmRun
    key: Any = None  # what the result is for (e.g. the neighbour graph's settings)
    words: str = ""  # what the status line says while it runs
    extra: dict = field(default_factory=dict)

    @property
    def error(self) -> BaseException | None:
        return getattr(self.handle, "error", None)

    @property
    def details(self) -> str:
        return getattr(self.handle, "details", "")

    @property
    def cancelled(self) -> bool:
        return bool(self.handle.cancelled)

    @property
    def result(self) -> Any:
        return self.handle.result if isinstance(self.handle, CoreTask) else self.handle.results

    def cancel(self) -> None:
        try:
            self.handle.cancel()
        except RuntimeError:  # the C++ task is already gone
            pass


def task_pool() -> QThreadPool:
    """The threads QGIS's task manager runs tasks on: its own pool from QGIS 3.34 (``threadPool()``), Qt's
    global one before (3.22), so whether every thread is taken is read where the tasks really wait."""
    manager = QgsApplication.taskManager()
    own = getattr(manager, "threadPool", None)
    return own() if own is not None else QThreadPool.globalInstance()


class JobRunner(QObject):
    """Starts jobs in QGIS's task manager, keeps them alive while they run, and knows which are current."""

    busyChanged = pyqtSignal(bool)
    statusChanged = pyqtSignal(str)

    WATCH_MS = 1000  # how often queued tasks are looked at
    STUCK_TICKS = 2  # looks, each with a free thread, after which a queued task is handed in again

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._running: list[Job] = []
        self._generation: dict[JobKind, int] = {k: 0 for k in JobKind}
        self._watch = QTimer(self)
        self._watch.setInterval(self.WATCH_MS)
        self._watch.timeout.connect(self._requeue_lost)

    def generation(self, kind: JobKind) -> int:
        return self._generation[kind]

    def bump(self, *kinds: JobKind) -> None:
        """Make every job of ``kinds`` stale (their results will be dropped) and cancel those running."""
        for kind in kinds:
            self._generation[kind] += 1
            for job in self.running(kind):
                job.cancel()

    def is_current(self, job: Job) -> bool:
        return job.generation == self._generation[job.kind]

    def running(self, kind: JobKind | None = None) -> list[Job]:
        return [j for j in self._running if kind is None or j.kind == kind]

    def start_task(self, kind: JobKind, description: str, fn: Callable[[CoreTask], Any],
                   on_done: Callable[[Job], None], words: str = "", key: Any = None) -> Job:
        """Run ``fn`` in a worker; ``on_done(job)`` runs on the main thread. Older jobs of ``kind`` go stale."""
        self.bump(kind)
        return self.add_task(kind, description, fn, on_done, words, key)

    def add_task(self, kind: JobKind, description: str, fn: Callable[[CoreTask], Any],
                 on_done: Callable[[Job], None], words: str = "", key: Any = None) -> Job:
        """Run ``fn`` in a worker beside the jobs of ``kind`` already running (none goes stale)."""
        job = Job(kind, self._generation[kind], None, key, words)
        job.handle = CoreTask(description, fn, lambda _task: self._finished(job, on_done))
        self._add(job)
        QgsApplication.taskManager().addTask(job.handle)
        return job

    def start_algorithm(self, kind: JobKind, alg_id: str, parameters: dict, on_done: Callable[[Job], None],
                        words: str = "", key: Any = None) -> Job:
        """Run a Processing algorithm in the background (the generation is not bumped: it is a later step)."""
        job = Job(kind, self._generation[kind], None, key, words)
        job.handle = AlgorithmRun(alg_id, parameters, lambda _run: self._finished(job, on_done))
        self._add(job)
        job.handle.start()
        return job

    def cancel_all(self) -> None:
        for job in list(self._running):
            job.cancel()

    def busy(self) -> bool:
        return bool(self._running)

    def _add(self, job: Job) -> None:
        was_busy = self.busy()
        self._running.append(job)
        self.statusChanged.emit(job.words)
        if not self._watch.isActive():
            self._watch.start()
        if not was_busy:
            self.busyChanged.emit(True)

    def _requeue_lost(self) -> None:
        """Hand in again a task still queued although a thread has been free at two looks in a row."""
        if not self._running:
            self._watch.stop()
            return
        pool = task_pool()
        if pool.activeThreadCount() >= pool.maxThreadCount():
            for job in self._running:
                job.extra.pop("queued_looks", None)  # waiting for a thread, as it should
            return
        for job in list(self._running):
            old = job.handle
            if not isinstance(old, CoreTask) or sip.isdeleted(old):
                continue
            try:
                queued = old.status() == QgsTask.Queued
            except RuntimeError:
                continue
            looks = job.extra.get("queued_looks", 0) + 1 if queued else 0
            job.extra["queued_looks"] = looks
            if looks < self.STUCK_TICKS:
                continue
            new = CoreTask(old.description(), old.job, old.on_done)
            old.on_done, old.job = None, None  # the lost one reports nothing, should it ever run
            job.handle = new
            job.extra["queued_looks"] = 0
            old.cancel()
            QgsApplication.taskManager().addTask(new)
            QgsMessageLog.logMessage(f"{new.description()}: handed to the task manager again (it had left the task "
                                     "queued with threads free).", TAG, Qgis.Info)

    def _finished(self, job: Job, on_done: Callable[[Job], None]) -> None:
        if job in self._running:
            self._running.remove(job)
        try:
            if not sip.isdeleted(self) and not self.signalsBlocked():  # else the panel was shut down meanwhile
                on_done(job)
        finally:
            # break the task -> callback -> job -> task cycle: the task and what its job held (snapshots,
            # Processing contexts) go now, while QGIS is sure to be up, not whenever the collector runs
            job.handle.on_done = None
            if isinstance(job.handle, CoreTask):
                job.handle.job = None
            if not sip.isdeleted(self) and not self.signalsBlocked():
                self.statusChanged.emit(self._running[-1].words if self._running else "")
                if not self._running:
                    self._watch.stop()
                    self.busyChanged.emit(False)
