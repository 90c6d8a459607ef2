"""Python's cyclic garbage collector paused while a table is read, scored and joined.

Reading a 150,000-row table makes some half a million tuples and lists (rows, cells per column, matches), none
of them in a reference cycle. Each few hundred new containers start a collection, and the older generations'
collections walk every container alive, so the collector's passes took a sixth of the time (150,000 x 21:
2.8 s with it, 2.3 s paused, best of 3 in benchmarks/bench_tables.py). Nothing here makes cycles, and plain reference
counting still frees everything at once; the collector runs again as soon as the outermost paused call ends.
"""
from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

T = TypeVar("T")


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside, and on again after if it was on before (nested or overlapping pauses in other
    threads leave it as they found it: the first to pause it turns it back on)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def with_collector_paused(func: Callable[..., T]) -> Callable[..., T]:
    """``func`` run with the collector paused (``collector_paused``)."""
    @functools.wraps(func)
    def run(*args, **kwargs) -> T:
        with collector_paused():
            return func(*args, **kwargs)
    return run
