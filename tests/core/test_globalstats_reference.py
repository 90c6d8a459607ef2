"""Global Moran's I against esda's ``Moran`` on the same weights (row-standardised, exactly our pairs).

Real data: the 38 LEPs' queen graph and BRES 2020 SIC sections (helpers shared with
test_reference_esda.py). Islands: a lattice with isolated cells, where esda gets a W
with islands, and a lattice with no-data cells, where esda gets the subgraph of the
regions with data (it cannot take NaN); both are exactly how our statistic treats them.

Monte Carlo bounds: our pseudo p and esda's are independent estimates from R
permutations each, so their difference has sd sqrt(2 p (1 - p) / R); we allow 4 sd
(p taken as the larger of the two, which only widens the bound below 0.5) plus
2 / (R + 1) for the +1 in both numerators and the fold. The mean of the simulated
I's differs by at most 4 sqrt(2 / R) sd, their sd by at most 5 sd / sqrt(R).
"""
from __future__ import annotations

import json
import math
import subprocess

import numpy as np
import pytest

from plugin.core.globalstats import global_moran
from plugin.core.graph import NeighbourGraph
from tests.core.grids import grid
from tests.core.test_reference_esda import REF_PY, SCRIPT, _skip_reason, bres_table, lep_graph

pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))
PERMS = 999


def esda_moran(tmp_path, graph: NeighbourGraph, values: np.ndarray, seed: int = 12345) -> list[dict]:
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps({
        "n": graph.n, "pairs": graph.pairs.tolist(), "values": np.asarray(values).reshape(graph.n, -1).tolist(),
        "permutations": PERMS, "seed": seed, "local": False,
    }))
    subprocess.run([str(REF_PY), str(SCRIPT), str(src), str(dst)], check=True, capture_output=True)
    return [s["moran"] for s in json.loads(dst.read_text())["sectors"]]


def assert_agrees(ours, ref: dict, name: str) -> None:
    for mine, theirs in (("stat", "I"), ("expected", "EI"), ("var_norm", "VI_norm"), ("var_rand", "VI_rand"),
                         ("z_norm", "z_norm"), ("z_rand", "z_rand"), ("p_norm", "p_norm"), ("p_rand", "p_rand")):
        assert getattr(ours, mine) == pytest.approx(ref[theirs], rel=0, abs=1e-9), (name, mine)
    assert ours.n == ref["n"], name
    p = max(ours.p_sim, ref["p_sim"])
    bound = 4 * math.sqrt(2 * p * (1 - p) / PERMS) + 2 / (PERMS + 1)
    assert abs(ours.p_sim - ref["p_sim"]) <= bound, (name, ours.p_sim, ref["p_sim"], bound)
    sd = ref["seI_sim"]
    assert abs(ours.mean_sim - ref["EI_sim"]) <= 4 * math.sqrt(2 / PERMS) * sd, (name, ours.mean_sim, ref["EI_sim"])
    assert abs(ours.sd_sim - sd) <= 5 * sd / math.sqrt(PERMS), (name, ours.sd_sim, sd)


@pytest.fixture(scope="module")
def leps(tmp_path_factory):
    names, graph = lep_graph()
    sectors, values = bres_table(names)
    return graph, sectors, values, esda_moran(tmp_path_factory.mktemp("moran"), graph, values)


def test_global_moran_agrees_on_real_leps(leps) -> None:
    graph, sectors, values, ref = leps
    ours = global_moran(values, graph, permutations=PERMS, seed=7)
    assert len(ours) == len(sectors) == len(ref)
    for res, r, name in zip(ours, ref, sectors):
        assert res.n_isolated == 0
        assert_agrees(res, r, name)


def test_real_leps_what_a_user_reads(leps) -> None:
    """Employment is spatially autocorrelated in some sections: at least one is significant either way."""
    graph, sectors, values, ref = leps
    ours = {s: r for s, r in zip(sectors, global_moran(values, graph, permutations=PERMS, seed=7))}
    assert any(r.p_sim <= 0.05 and r.z_norm > 1.96 for r in ours.values())
    assert all(-1 < r.stat < 1 for r in ours.values())


def test_islands_agree_with_esda(tmp_path) -> None:
    g = grid(6, 6)
    keep = np.ones(36, dtype=bool)
    keep[[0, 17, 35]] = False  # three cells cut loose from the lattice
    pairs = np.array([p for p in g.pairs if keep[p[0]] and keep[p[1]]])
    islands = NeighbourGraph.from_pairs(36, pairs)
    assert islands.isolated.sum() == 3
    rng = np.random.default_rng(9)
    y = rng.gamma(2.0, 5.0, (36, 3)) + np.arange(36)[:, None] * np.array([0.0, 0.5, 2.0])
    ref = esda_moran(tmp_path, islands, y)
    for j, res in enumerate(global_moran(y, islands, permutations=PERMS, seed=3)):
        assert res.n == 36 and res.n_isolated == 3
        assert_agrees(res, ref[j], f"islands {j}")


def test_no_data_agrees_with_esda_on_the_subgraph(tmp_path) -> None:
    g = grid(6, 6)
    rng = np.random.default_rng(10)
    y = rng.gamma(2.0, 5.0, 36) + np.arange(36) * 0.8
    y[[7, 8, 13, 30, 24]] = np.nan  # scattered gaps
    y[[4, 10, 11]] = np.nan  # the corner cell 5 keeps no neighbour with data: isolated
    keep = np.isfinite(y)
    index = np.cumsum(keep) - 1
    sub = NeighbourGraph.from_pairs(int(keep.sum()), np.array([index[[a, b]] for a, b in g.pairs
                                                               if keep[a] and keep[b]]))
    assert sub.isolated.sum() == 1
    ref = esda_moran(tmp_path, sub, y[keep])
    res = global_moran(y, g, permutations=PERMS, seed=4)[0]
    assert res.n == keep.sum() and res.n_isolated == sub.isolated.sum()
    assert_agrees(res, ref[0], "no data")
