"""Outlines computed on several cores are the outlines computed in one thread, and stop cleanly.

Why: with a gap tolerance the outlines are most of a small-area run (20 of 23 s on 34,753 LSOAs at 500 m), and
they are GEOS work that runs without Python's lock, so ``OutlineMaker.outline_all`` spreads the member sets
over threads (``core.workers.run_all``). What a user would notice if that went wrong: a different outline, a
run that cannot be cancelled, an error lost in a thread, or GEOS's refusal lines in QGIS's log.
"""
from __future__ import annotations

import logging
import threading

import numpy as np
import pytest

from plugin.core import workers
from plugin.core.clusters import find_clusters
from plugin.core.errors import Cancelled
from plugin.core.geometry import to_wkb
from plugin.core.graph import build_neighbour_graph
from plugin.steps.outlines import OutlineMaker
from tests.conftest import LAD_SHP
from tests.core.test_outline_equivalence import read_layer


@pytest.fixture(scope="module")
def lads() -> list:
    return read_layer(LAD_SHP)


def member_sets(shapes: list, gap: float, seeds=range(1, 13)) -> list[tuple[int, ...]]:
    """Clusters of random member masks over the layer's graph at ``gap`` (many sets, large and small; sparser
    masks at wide gaps, where dense ones make a few sets spanning the country)."""
    share = 0.45 if gap < 10_000 else 0.04
    graph = build_neighbour_graph(shapes, "queen", gap)
    keys = [str(i) for i in range(len(shapes))]
    out: set[tuple[int, ...]] = set()
    for seed in seeds:
        mask = np.random.default_rng(seed).random(len(shapes)) < share
        out.update(tuple(int(i) for i in c.members) for c in find_clusters(graph, mask, keys, 2))
    return sorted(out)


@pytest.mark.parametrize("gap", [0.0, 2000.0, 35000.0])
def test_outlines_in_four_threads_are_byte_identical_to_one_thread(lads, gap):
    sets = member_sets(lads, gap)
    assert len(sets) >= workers.PARALLEL_FROM  # so the threads really run
    alone, shared = OutlineMaker(lads, gap), OutlineMaker(lads, gap)
    alone.outline_all(sets, workers=1)
    shared.outline_all(sets, workers=4)
    assert [to_wkb(shared(s)) for s in sets] == [to_wkb(alone(s)) for s in sets]


def test_outline_all_keeps_what_was_outlined_and_calls_return_it(lads):
    sets = member_sets(lads, 2000.0)
    make = OutlineMaker(lads, 2000.0)
    first = make(sets[0])
    make.outline_all(sets, workers=2)
    assert make(sets[0]) is first  # not outlined again
    assert all(make(s) is make(s) for s in sets)


def test_cancelling_stops_every_thread_and_raises_cancelled(lads):
    sets = member_sets(lads, 2000.0)
    asked = []
    lock = threading.Lock()

    def is_cancelled() -> bool:
        with lock:
            asked.append(1)
            return len(asked) > 5

    before = threading.active_count()
    with pytest.raises(Cancelled):
        OutlineMaker(lads, 2000.0).outline_all(sets, is_cancelled, workers=3)
    assert threading.active_count() == before  # no worker left running
    assert len(asked) < len(sets)  # stopped early, not after outlining everything


def test_an_error_in_one_thread_reaches_the_caller_and_stops_the_others():
    started = []

    def work(job: int) -> int:
        started.append(job)
        if job == 3:
            raise ValueError("job 3 failed")
        return job * 2

    with pytest.raises(ValueError, match="job 3 failed"):
        workers.run_all(range(10_000), work, workers=2)
    assert len(started) < 10_000


def test_results_do_not_depend_on_the_number_of_threads():
    jobs = list(range(500))
    expected = {j: j * j for j in jobs}
    for n in (1, 2, 3, 8):
        assert workers.run_all(jobs, lambda j: j * j, workers=n) == expected


def test_few_jobs_run_in_the_calling_thread():
    seen = set()
    workers.run_all(range(workers.PARALLEL_FROM - 1), lambda j: seen.add(threading.get_ident()), workers=4)
    assert seen == {threading.get_ident()}


def test_worker_count_is_the_usable_cores_capped():
    assert 1 <= workers.worker_count() <= workers.MAX_WORKERS


def test_refused_coverage_unions_in_threads_write_nothing_to_the_log(lads, caplog):
    """GEOS refuses the coverage union of overlapping members; shapely 1.8 would log that refusal, which the
    plugin mutes for that call only, per thread (the general union then answers)."""
    from plugin.core.geometry import dissolve

    overlapping = [(i, i + 1) for i in range(0, 60)]
    shapes = [g.buffer(50.0) for g in lads[:61]]  # grown: neighbours overlap, so the coverage union refuses
    with caplog.at_level(logging.DEBUG, logger="shapely.geos"):
        out = workers.run_all(overlapping, lambda s: dissolve([shapes[i] for i in s]), workers=3)
        logging.getLogger("shapely.geos").error("after the runs: still heard")
    assert all(not g.is_empty for g in out.values())
    # (GEOS's validity notices, "Self-intersection at or near point", are INFO lines from the guard's is_valid)
    heard = [r.getMessage() for r in caplog.records if r.name == "shapely.geos" and r.levelno >= logging.WARNING]
    assert heard == ["after the runs: still heard"]
