"""Region trajectories over the periods: classes on hand-made series, no-data periods, years above."""
from __future__ import annotations

import numpy as np
import pytest

from plugin.core.timeline import TimelineError
from plugin.core.trajectory import (
    CLASSES,
    EMERGING,
    FADING,
    INTERMITTENT,
    NEVER,
    NO_DATA,
    PERSISTENT,
    above_matrix,
    classify,
    trajectory,
    trajectory_counts,
    years_above,
)

N = np.nan


@pytest.mark.parametrize("series, expected", [
    ([1, 1, 1, 1, 1], PERSISTENT),
    ([0, 0, 0, 0, 0], NEVER),
    ([0, 0, 0, 1, 1], EMERGING),
    ([0, 1, 0, 1, 1], EMERGING),  # wobbles, but below at the start and above in the last two
    ([1, 1, 1, 0, 0], FADING),
    ([1, 0, 1, 0, 0], FADING),
    ([0, 0, 0, 0, 1], INTERMITTENT),  # above only in the last period: not yet emerging
    ([1, 0, 1, 1, 1], INTERMITTENT),  # above at the start, dipped once
    ([0, 1, 1, 1, 0], INTERMITTENT),
    ([0, 1, 1], EMERGING),
    ([1, 0, 0], FADING),
    ([0, 1], EMERGING),  # two periods: below then above (the end never includes the start)
    ([1, 0], FADING),
    ([1, 1], PERSISTENT),
    ([0, 0], NEVER),
    ([1], NO_DATA),
    ([N, N, N], NO_DATA),
    ([N, 1, N], NO_DATA),  # data in one period only
    ([N, 0, N, 1, N], EMERGING),  # only the periods with data count: 0, 1
    ([1, N, 1, N, 1], PERSISTENT),  # no data is never "below"
    ([0, 1, 1, N], EMERGING),  # the last two periods *with data*
    ([0, 1, N, 1], EMERGING),
    ([0, N, 0, 1], INTERMITTENT),
    ([N, 1, 0, 0, N], FADING),
])
def test_classes_on_hand_made_series(series, expected):
    assert classify(series) == expected


def test_trajectory_years_above_and_counts_over_a_matrix():
    periods = [2015, 2016, 2017, 2018, 2019, 2020]
    above = np.array([
        [1, 1, 1, 1, 1, 1],
        [0, 1, 0, 1, 1, 0],
        [0, 0, 0, 0, 1, 1],
        [N, N, N, N, N, N],
        [1, N, 1, 0, 0, N],
    ], dtype=float)
    classes = trajectory(above)
    assert classes == [PERSISTENT, INTERMITTENT, EMERGING, NO_DATA, FADING]
    assert years_above(above, periods) == ["2015;2016;2017;2018;2019;2020", "2016;2018;2019", "2019;2020", "",
                                           "2015;2017"]
    counts = trajectory_counts(classes)
    assert list(counts) == list(CLASSES)
    assert counts == {PERSISTENT: 1, EMERGING: 1, FADING: 1, INTERMITTENT: 1, NEVER: 0, NO_DATA: 1}


def test_above_matrix_from_flags_keeps_no_data_apart_from_below():
    above = [np.array([True, False, False]), np.array([True, True, False])]
    has = [np.array([True, True, False]), np.array([True, True, True])]
    m = above_matrix(above, has)
    assert m.shape == (3, 2)
    np.testing.assert_array_equal(m[:2], [[1, 1], [0, 1]])
    assert np.isnan(m[2, 0]) and m[2, 1] == 0
    assert trajectory(m) == [PERSISTENT, EMERGING, NO_DATA]


def test_bad_flags_are_plain_errors():
    with pytest.raises(TimelineError, match="1 \\(above\\), 0"):
        trajectory(np.array([[1, 2]], dtype=float))
    with pytest.raises(TimelineError, match="regions × periods"):
        trajectory(np.array([1, 0], dtype=float))
    with pytest.raises(TimelineError, match="2 columns of flags but 3 periods"):
        years_above(np.array([[1, 0]], dtype=float), [1, 2, 3])
    with pytest.raises(TimelineError, match="same regions"):
        above_matrix([np.array([True]), np.array([True, False])], [np.array([True]), np.array([True, True])])
    with pytest.raises(TimelineError, match="Unknown trajectory class"):
        trajectory_counts(["rising"])
