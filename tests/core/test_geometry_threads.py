"""Boxes and pairs read in several threads at once are the same as read alone.

Why: the panel's background tasks and a Processing run can build neighbour graphs at the same time. On shapely
1.8 the extents come from GEOS through ctypes; one output buffer shared by every call let one thread read
another's value, so a few hundred of 20,000 boxes came back wrong (and once a negative cell count stopped
profileregions with "repeats may not contain negative values"). Each call now has its own buffer.
"""
from __future__ import annotations

import threading

import numpy as np
from shapely.geometry import box

from plugin.core.geometry import bounds_array


def test_extents_read_in_three_threads_at_once_are_each_geometrys_own():
    geoms = [box(i, -i, i + 1 + (i % 7), -i + 2) for i in range(20_000)]
    expected = np.array([g.bounds for g in geoms])
    wrong: list[int] = []

    def read() -> None:
        for _ in range(4):
            wrong.append(int((bounds_array(geoms) != expected).any(axis=1).sum()))

    threads = [threading.Thread(target=read) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == [0] * 12
