"""Run in .venv-ref: our weighted DBSCAN against scikit-learn's on points Hypothesis generates — duplicates,
collinear points, zero and fractional weights, a single point, all noise — and print one JSON line: the number
of cases and the first disagreement (null when every case agreed).

Points lie on a unit grid (so duplicates are frequent) and the radii are never a grid distance (0.5, 1.5, 2.5,
3.7: their squares are not whole numbers), so no pair sits exactly on the radius, where the two
implementations' rounding could differ.
"""
from __future__ import annotations

import json
import sys

import numpy as np
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

sys.path.insert(0, sys.argv[1])
sys.path.insert(0, sys.argv[1] + "/tests/reference")
from points_reference import agreement  # noqa: E402

CASES: list = []
FAILED: list = []

cells = st.integers(min_value=0, max_value=12)
points = st.lists(st.tuples(cells, cells), min_size=1, max_size=80)
weights = st.sampled_from([0.0, 0.25, 0.5, 1.0, 2.0, 3.5])


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(points, st.data(), st.booleans(), st.sampled_from([0.5, 1.5, 2.5, 3.7]), st.sampled_from([1, 2, 3, 5, 8]),
       st.booleans())
def check(cells_xy, data, collinear, radius, min_samples, use_scipy):
    xy = np.array(cells_xy, dtype=float)
    if collinear:
        xy[:, 1] = 0.0
    w = np.array(data.draw(st.lists(weights, min_size=len(xy), max_size=len(xy))), dtype=float)
    assume(w.any())  # scikit-learn refuses weights that are all zero (ours: every point noise)
    got = agreement(xy, w, radius, min_samples, use_scipy)
    CASES.append(1)
    ok = got["core_equal"] and got["noise_equal"] and got["partition_equal"] and (
        got["borders_legal"] == got["borders"]) and got["clusters"] == got["clusters_ref"]
    if not ok and not FAILED:
        FAILED.append({"xy": xy.tolist(), "w": w.tolist(), "radius": radius, "min_samples": min_samples,
                       "use_scipy": use_scipy, "figures": got})


if __name__ == "__main__":
    check()
    print(json.dumps({"cases": len(CASES), "first_disagreement": FAILED[0] if FAILED else None}))
