"""Running independent GEOS-heavy jobs on every core: threads, since GEOS runs without Python's lock.

Outlining a cluster is a union, a closing and a few buffers in GEOS; shapely 2 releases the GIL for each
call and shapely 1.8 calls GEOS through ctypes, which releases it too, with one GEOS context per thread. So
several clusters can be outlined at once in threads of one process, without copying any geometry. Each job
must only read what it shares with the others (the regions' shapes) and return a new object.
"""
from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping

from .errors import check_cancelled

# Fewer jobs than this run in the calling thread: starting threads costs more than a few small unions.
PARALLEL_FROM = 16
MAX_WORKERS = 8


def worker_count() -> int:
    """Threads to use: the cores this process may run on (its CPU affinity), at most MAX_WORKERS."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(MAX_WORKERS, cores))


def run_all(jobs: Iterable[Hashable], work: Callable[[Hashable], object],
            is_cancelled: Callable[[], bool] | None = None, workers: int | None = None,
            parallel_from: int = PARALLEL_FROM) -> Mapping:
    """``{job: work(job)}`` for every job, computed in ``workers`` threads, the calling one included (default:
    one per core).

    Jobs are taken in the given order from one queue (give the longest first, so that no thread is left
    with a long one at the end). ``is_cancelled`` is checked before each job; the first exception raised by
    any job (``Cancelled`` included) stops the other threads before their next job and is raised here. The
    result does not depend on the number of threads: each job's value is its own. Fewer than ``parallel_from``
    jobs run in the calling thread (a caller whose jobs are each long gives a lower bound).
    """
    queue = deque(jobs)
    workers = worker_count() if workers is None else max(1, int(workers))
    done: dict = {}
    if workers == 1 or len(queue) < parallel_from:
        for job in queue:
            check_cancelled(is_cancelled)
            done[job] = work(job)
        return done
    failed: list[BaseException] = []
    stop = threading.Event()

    def drain() -> None:
        try:
            while not stop.is_set():
                try:
                    job = queue.popleft()  # deque.popleft is atomic: each job is taken once
                except IndexError:
                    return
                check_cancelled(is_cancelled)
                done[job] = work(job)
        except BaseException as error:  # noqa: BLE001 - handed to the calling thread, raised there
            failed.append(error)
            stop.set()

    threads = [threading.Thread(target=drain, name=f"sector-clusters-worker-{k}", daemon=True)
               for k in range(1, min(workers, len(queue)))]
    for thread in threads:
        thread.start()
    drain()  # the calling thread is one of the workers
    for thread in threads:
        thread.join()
    if failed:
        raise failed[0]
    return done
