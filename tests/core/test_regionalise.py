"""SKATER-style regionalisation on grids where the right answer is obvious, plus spopt agreement."""
from __future__ import annotations

import json
import subprocess
from functools import partial
from pathlib import Path

import numpy as np
import pytest

from plugin.core.graph import NeighbourGraph
from plugin.core.regionalise import (
    RegionalisationError,
    choose_k,
    distinctive_sectors,
    minimum_spanning_forest,
    pseudo_f,
    skater,
    standardise,
)
from tests.core.grids import grid as lattice

ROOT = Path(__file__).resolve().parents[2]
REF_PY = ROOT / ".venv-ref" / "bin" / "python"
SCRIPT = ROOT / "tests" / "reference" / "esda_reference.py"


grid = partial(lattice, queen=False)  # rook lattices: the groups here are stripes


def blocks(rows: int, cols: int, bounds: list[int], noise: float = 0.05,
           seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Vertical stripes split at column ``bounds``, each with its own 3-sector profile."""
    rng = np.random.default_rng(seed)
    col = np.tile(np.arange(cols), rows)
    truth = np.searchsorted(bounds, col, side="right")
    profiles = np.array([[5.0, 0, 0], [0, 5, 0], [0, 0, 5], [5, 5, 0], [0, 5, 5]])
    data = profiles[truth] + rng.normal(scale=noise, size=(rows * cols, 3))
    return data, truth


def contiguous(graph: NeighbourGraph, labels: np.ndarray) -> bool:
    return all(
        len(set(graph.components(labels == g)[labels == g])) == 1 for g in np.unique(labels)
    )


def same_partition(a: np.ndarray, b: np.ndarray) -> bool:
    pairs = set(zip(a.tolist(), b.tolist()))
    return len(pairs) == len(set(a.tolist())) == len(set(b.tolist()))


def test_two_blocks_are_found_exactly() -> None:
    g = grid(5, 6)
    data, truth = blocks(5, 6, [3])
    labels = skater(data, g, k=2)
    assert same_partition(labels, truth)
    assert labels[0] == 0 and set(labels.tolist()) == {0, 1}


def test_groups_are_contiguous_and_numbered() -> None:
    g = grid(6, 6)
    data = np.random.default_rng(5).normal(size=(36, 4))
    for k in (2, 4, 7):
        labels = skater(data, g, k=k)
        assert set(labels.tolist()) == set(range(k))
        assert contiguous(g, labels)
        firsts = [int(np.flatnonzero(labels == c)[0]) for c in range(k)]
        assert firsts == sorted(firsts)


def test_min_size_respected() -> None:
    g = grid(4, 5)
    data, _ = blocks(4, 5, [1, 4])  # a one-column stripe of 4 regions on the right
    data[0] += 20  # a single outlier would be split off first without a minimum size
    free = skater(data, g, k=3)
    assert np.bincount(free).min() == 1
    labels = skater(data, g, k=3, min_size=4)
    assert np.bincount(labels).min() >= 4
    assert contiguous(g, labels)
    with pytest.raises(RegionalisationError, match="minimum size"):
        skater(data, g, k=3, min_size=8)


def test_errors() -> None:
    g = grid(3, 3)
    data = np.arange(18.0).reshape(9, 2)
    with pytest.raises(RegionalisationError, match="between 1 and"):
        skater(data, g, k=10)
    two_parts = NeighbourGraph.from_pairs(6, np.array([(0, 1), (1, 2), (3, 4), (4, 5)]))
    with pytest.raises(RegionalisationError, match="2 separate parts"):
        skater(np.arange(6.0), two_parts, k=1)
    labels = skater(np.arange(6.0), two_parts, k=2)
    assert labels.tolist() == [0, 0, 0, 1, 1, 1]
    with pytest.raises(RegionalisationError, match="fewer than 4"):
        skater(np.arange(6.0), two_parts, k=2, min_size=4)
    with pytest.raises(RegionalisationError, match="one row"):
        skater(np.arange(5.0), g, k=2)
    assert issubclass(RegionalisationError, ValueError)


def test_missing_values_warn_and_use_column_mean() -> None:
    data = np.array([[1.0, 2], [np.nan, 4], [3, np.nan], [5, 8]])
    z, missing = standardise(data)
    assert missing == 2 and z[1, 0] == 0 and z[2, 1] == 0
    np.testing.assert_allclose(z[[0, 2, 3], 0], [-1.224744871, 0, 1.224744871])
    g = grid(2, 2)
    with pytest.warns(UserWarning, match="2 missing"):
        skater(data, g, k=2)
    z, _ = standardise(np.column_stack([np.ones(4), np.arange(4.0)]))
    assert (z[:, 0] == 0).all()


def test_mst_is_minimal_on_a_small_graph() -> None:
    g = grid(2, 3)
    z = np.array([[0.0], [1], [5], [0.5], [1.5], [6]])
    edges = minimum_spanning_forest(g, z)
    assert len(edges) == 5
    cost = sum(abs(z[a, 0] - z[b, 0]) for a, b in edges)
    assert cost == pytest.approx(0.5 + 0.5 + 1 + 1 + 4)  # 0-3, 1-4, 2-5, 0-1 or 3-4, then 1-2
    # Brute force over all spanning trees of this 7-edge graph.
    from itertools import combinations

    best = np.inf
    for subset in combinations(range(len(g.pairs)), 5):
        es = g.pairs[list(subset)]
        if len(set(NeighbourGraph.from_pairs(6, es).components().tolist())) == 1:
            best = min(best, sum(abs(z[a, 0] - z[b, 0]) for a, b in es))
    assert cost == pytest.approx(best)


def test_choose_k_finds_planted_k() -> None:
    g = grid(6, 9)
    data, truth = blocks(6, 9, [3, 6], noise=0.2, seed=1)
    best, scores = choose_k(data, g, range(2, 8))
    assert best == 3
    assert set(scores) == set(range(2, 8))
    assert same_partition(skater(data, g, k=3), truth)
    z, _ = standardise(data)
    assert scores[3] == pytest.approx(pseudo_f(z, skater(data, g, k=3)))


def test_choose_k_skips_infeasible_k() -> None:
    two_parts = NeighbourGraph.from_pairs(6, np.array([(0, 1), (1, 2), (3, 4), (4, 5)]))
    best, scores = choose_k(np.array([1.0, 1.1, 5, 9, 9.2, 9.1]), two_parts, range(1, 6))
    assert min(scores) == 2 and max(scores) == 5
    assert best in scores


def test_pseudo_f_by_hand() -> None:
    z = np.array([[0.0], [2], [10], [12]])
    # SSW = 2 + 2 = 4, SSB = 2·(1-6)² + 2·(11-6)² = 100; F = (100/1)/(4/2) = 50.
    assert pseudo_f(z, np.array([0, 0, 1, 1])) == pytest.approx(50)


def test_distinctive_sectors() -> None:
    data, truth = blocks(4, 6, [3])
    got = distinctive_sectors(data, truth, ["A", "B", "C"], top=1)
    assert got == {0: ["A"], 1: ["B"]}
    assert len(distinctive_sectors(data, truth, ["A", "B", "C"], top=3)[0]) == 3


@pytest.mark.skipif(not REF_PY.exists(), reason="reference venv .venv-ref missing")
def test_agrees_with_spopt(tmp_path) -> None:
    ok = subprocess.run([str(REF_PY), "-c", "import spopt, esda, sklearn"], check=False, capture_output=True)
    if ok.returncode != 0:
        pytest.skip("spopt/esda/sklearn not importable in .venv-ref")
    g = grid(6, 7)
    data = np.random.default_rng(11).normal(size=(42, 3))
    z, _ = standardise(data)
    for k, floor in ((3, 1), (5, 4)):
        src, dst = tmp_path / f"in{k}.json", tmp_path / f"out{k}.json"
        src.write_text(json.dumps({
            "n": g.n, "pairs": g.pairs.tolist(), "values": np.arange(42.0)[:, None].tolist(),
            "permutations": 9, "seed": 1, "skater": {"k": k, "floor": floor, "data": z.tolist()},
        }))
        subprocess.run([str(REF_PY), str(SCRIPT), str(src), str(dst)], check=True, capture_output=True)
        theirs = np.array(json.loads(dst.read_text())["skater_labels"])
        assert same_partition(skater(data, g, k=k, min_size=floor), theirs), k
