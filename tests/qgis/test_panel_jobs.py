"""The panel's job runner never waits for ever on a task QGIS's task manager lost.

QGIS 3.22's task manager can drop a queued task from the thread pool (it cancels a finished task's runnable by its
address, which a new runnable may have taken): the task stays "queued" with every thread free, and the panel would
stay busy. Here a task is registered with the runner but never handed to the task manager, as a lost one looks.
"""
from __future__ import annotations

import pytest
from qgis.core import QgsTask

pytestmark = pytest.mark.qgis


def test_a_lost_queued_task_is_handed_in_again(qgis_app, qtbot):
    from plugin.ui.jobs import Job, JobKind, JobRunner
    from plugin.ui.tasks import CoreTask

    runner = JobRunner()
    done = []
    job = Job(JobKind.SENSITIVITY, runner.generation(JobKind.SENSITIVITY), None, words="other thresholds")
    lost = CoreTask("lost", lambda task: 6 * 7, lambda _task: runner._finished(job, done.append))
    job.handle = lost
    runner._add(job)  # registered, never given to the task manager: queued for ever
    assert lost.status() == QgsTask.Queued and runner.busy()
    qtbot.waitUntil(lambda: bool(done), timeout=15_000)
    assert done == [job] and job.result == 42 and job.handle is not lost
    assert not runner.busy()
    assert lost.on_done is None and lost.job is None  # the lost task, should it ever run, reports nothing


def test_a_task_waiting_for_a_busy_pool_is_left_alone(qgis_app, qtbot):
    """Queued because every thread is taken is not lost: nothing is handed in twice."""
    import threading

    from qgis.core import QgsApplication

    from plugin.ui.jobs import JobKind, JobRunner, task_pool

    runner = JobRunner()
    release = threading.Event()
    pool = task_pool()  # the task manager's own from QGIS 3.34, Qt's global one on 3.22
    blockers = []
    for _ in range(pool.maxThreadCount()):
        blockers.append(runner.add_task(JobKind.GRAPH, "blocker", lambda task: release.wait(20), lambda j: None))
    qtbot.waitUntil(lambda: pool.activeThreadCount() >= pool.maxThreadCount(), timeout=10_000)
    results = []
    waiting = runner.start_task(JobKind.OUTLINES, "waiting", lambda task: "ran", results.append)
    first = waiting.handle
    qtbot.wait(3 * JobRunner.WATCH_MS)
    assert waiting.handle is first and first.status() == QgsTask.Queued
    release.set()
    qtbot.waitUntil(lambda: bool(results), timeout=15_000)
    assert results[0].result == "ran" and waiting.handle is first
    qtbot.waitUntil(lambda: not runner.busy(), timeout=15_000)
    assert QgsApplication.taskManager() is not None
