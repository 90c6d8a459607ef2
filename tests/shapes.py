"""Shapely helpers for tests that run on shapely 1.8 (QGIS 3.22) and 2.x (QGIS 3.40/3.44)."""
from __future__ import annotations

from collections.abc import Callable

import numpy as np
import shapely


def transform_xy(fn: Callable, geom):
    """``geom`` with ``fn(x, y) -> (x', y')`` applied to every vertex (arrays in, arrays out).

    shapely.ops.transform is deprecated from shapely 2.2; shapely.transform (2.0+) takes the coordinates as
    one (n, 2) array. Feature-detected, not by version.
    """
    if callable(getattr(shapely, "transform", None)):
        return shapely.transform(geom, lambda xy: np.column_stack(fn(xy[:, 0], xy[:, 1])))
    from shapely.ops import transform  # shapely 1.8

    return transform(lambda x, y, z=None: fn(np.asarray(x), np.asarray(y)), geom)
