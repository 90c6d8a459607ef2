"""Tables are read, scored and joined with Python's cyclic collector paused (``core.gc_pause``): it no longer
walks every row the reading has made, and it is back on afterwards, also after a refused table."""
from __future__ import annotations

import gc

import pytest

from plugin.core.engine import join_scores
from plugin.core.errors import UserError
from plugin.core.gc_pause import collector_paused
from plugin.core.tables import read_raw, scores_from_raw


@pytest.fixture
def collections():
    """The collections the collector starts while the test runs."""
    started: list[int] = []

    def note(phase, info):
        if phase == "start":
            started.append(info["generation"])

    gc.callbacks.append(note)
    try:
        yield started
    finally:
        gc.callbacks.remove(note)


def write_wide(path, rows: int) -> None:
    lines = ["code,name," + ",".join(f"Sector {s}" for s in "ABCDEFGH")]
    lines += [f"E{i:08d},Region {i}," + ",".join(f"{(i * 7 + s) % 997 / 10:.1f}" for s in range(8))
              for i in range(rows)]
    path.write_text("\n".join(lines) + "\n")


def test_a_large_table_is_read_without_a_collection(tmp_path, collections):
    """30,000 rows make some 100,000 tuples and lists: with the collector on, it starts dozens of times in each
    call. Paused, it runs once or twice as each call ends (what was due meanwhile), not during it."""
    assert gc.isenabled()
    path = tmp_path / "wide.csv"
    write_wide(path, 30_000)
    during = {}

    def count(name, call):
        collections.clear()
        out = call()
        during[name] = len(collections)
        return out

    raw = count("read", lambda: read_raw(path))
    table = count("scores", lambda: scores_from_raw(raw))
    keys = list(table.keys)
    names = [[f"Region {i}"] for i in range(len(keys))]
    result = count("join", lambda: join_scores(table, keys, names, {}, ["fid", "code", "name"], "code"))
    assert all(n <= 2 for n in during.values()), during
    assert gc.isenabled()
    assert result.match.matched_features == 30_000
    assert table.values.shape == (30_000, 8) and table.values[3, 1] == pytest.approx(2.2)


def test_the_collector_is_on_again_after_a_refused_table(tmp_path):
    path = tmp_path / "one_column.csv"
    path.write_text("code\nE1\nE2\n")
    with pytest.raises(UserError):
        read_raw(path)
    assert gc.isenabled()


def test_a_pause_leaves_the_collector_as_it_found_it():
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the inner pause found it off and leaves it off
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # off before (someone else's choice): still off
    finally:
        gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a failed read")
    assert gc.isenabled()
