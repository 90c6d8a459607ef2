"""Each region's path over the periods in one sector: above the baseline when, and which kind of path.

A region's class uses only the periods in which it has data (a score); a period without data is never
counted as below. With data in fewer than two periods there is no path to classify: **no data**.
Otherwise, with "the start" its first period with data and "the end" its last two periods with data
(only the last one when it has data in just two periods, so the end never includes the start):

* **persistent** — above in every period with data;
* **never** — above in none;
* **emerging** — below at the start, above throughout the end (two periods: below, then above);
* **fading** — above at the start, below throughout the end (two periods: above, then below);
* **intermittent** — any other mix (e.g. below, above, below; or above, below, above, above).
"""
from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np

from .timeline import TimelineError

PERSISTENT, EMERGING, FADING, INTERMITTENT, NEVER, NO_DATA = (
    "persistent", "emerging", "fading", "intermittent", "never", "no data")
CLASSES = (PERSISTENT, EMERGING, FADING, INTERMITTENT, NEVER, NO_DATA)
YEAR_SEP = ";"


def above_matrix(above: Sequence[np.ndarray], has_data: Sequence[np.ndarray]) -> np.ndarray:
    """regions × periods: 1.0 above, 0.0 at or below, NaN no data — from each period's ``Flags.above`` and
    ``Flags.has_data`` (one array per period, all of the same regions in the same order)."""
    if len(above) != len(has_data):
        raise TimelineError("above and has_data need one array per period each.")
    if not above:
        return np.empty((0, 0))
    cols = []
    for a, h in zip(above, has_data):
        a, h = np.asarray(a, dtype=bool), np.asarray(h, dtype=bool)
        if a.shape != h.shape or a.shape != np.asarray(above[0]).shape:
            raise TimelineError("Every period must list the same regions.")
        cols.append(np.where(h, a.astype(float), np.nan))
    return np.column_stack(cols)


def _check(above: np.ndarray) -> np.ndarray:
    x = np.asarray(above, dtype=float)
    if x.ndim != 2:
        raise TimelineError("The above-baseline flags must be a table of regions × periods.")
    finite = x[np.isfinite(x)]
    if finite.size and not np.isin(finite, (0.0, 1.0)).all():
        raise TimelineError("The above-baseline flags must be 1 (above), 0 (not above) or empty (no data).")
    return x


def classify(series: Sequence[float]) -> str:
    """The class of one region's series (1 above, 0 not, NaN no data), in time order."""
    x = np.asarray(series, dtype=float)
    d = x[np.isfinite(x)]
    n = len(d)
    if n < 2:
        return NO_DATA
    if d.all():
        return PERSISTENT
    if not d.any():
        return NEVER
    end = d[-min(2, n - 1):]
    if d[0] == 0 and end.all():
        return EMERGING
    if d[0] == 1 and not end.any():
        return FADING
    return INTERMITTENT


def trajectory(above: np.ndarray) -> list[str]:
    """Per region (row) of ``above`` (regions × periods in time order; 1 / 0 / NaN), its class."""
    return [classify(row) for row in _check(above)]


def years_above(above: np.ndarray, periods: Sequence[int], sep: str = YEAR_SEP) -> list[str]:
    """Per region, the periods in which it is above, as text ("2016;2018;2019"; "" when never)."""
    x = _check(above)
    if x.shape[1] != len(periods):
        raise TimelineError(f"{x.shape[1]} columns of flags but {len(periods)} periods.")
    return [sep.join(str(p) for p, v in zip(periods, row) if v == 1) for row in x]


def trajectory_counts(classes: Sequence[str]) -> dict[str, int]:
    """Regions per class, every class listed (zeros included) in the order of ``CLASSES``."""
    c = Counter(classes)
    strange = set(c) - set(CLASSES)
    if strange:
        raise TimelineError(f"Unknown trajectory class(es): {', '.join(sorted(strange))}.")
    return {k: c.get(k, 0) for k in CLASSES}
