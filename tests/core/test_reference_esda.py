"""Agreement with esda on the 38 real LEPs and real BRES 2020 sectors.

esda lives only in ``.venv-ref``, so it runs as a subprocess
(tests/reference/esda_reference.py) on exactly our neighbour pairs.
"""
from __future__ import annotations

import csv
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import shape

from plugin.core.graph import build_neighbour_graph
from plugin.core.localstats import PermutationTest, local_gstar, local_moran
from tests.shapes import transform_xy

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
LEPS = DATA / "lep_2021_buc" / "Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson"
BRES = DATA / "bres_lep_sic_section" / "Employment by sector - BRES 2020.csv"
REF_PY = ROOT / ".venv-ref" / "bin" / "python"
SCRIPT = ROOT / "tests" / "reference" / "esda_reference.py"
# Nomis names that differ from the 2021 boundary names.
ALIASES = {"Buckinghamshire Thames Valley": "Buckinghamshire", "Hull and East Riding": "Hull and East Yorkshire"}
SECTORS = ("A", "C", "F", "G", "J", "K", "M", "Q")
PERMS = 999


def _skip_reason() -> str | None:
    if not REF_PY.exists():
        return f"reference venv missing ({REF_PY})"
    ok = subprocess.run([str(REF_PY), "-c", "import esda, libpysal"], check=False, capture_output=True)
    if ok.returncode != 0:
        return "esda/libpysal not importable in .venv-ref"
    return None


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))


def lep_graph():
    """LEP polygons in a local equirectangular projection (metres) and their queen graph."""
    features = json.loads(LEPS.read_text(encoding="utf-8"))["features"]
    names = [f["properties"]["LEP21NM"] for f in features]
    lat0 = np.radians(52.5)
    radius = 6_371_000.0

    def project(x, y, z=None):
        return (np.radians(np.asarray(x)) * radius * np.cos(lat0), np.radians(np.asarray(y)) * radius)

    geoms = [transform_xy(project, shape(f["geometry"])) for f in features]
    return names, build_neighbour_graph(geoms, rule="queen", tolerance=0.0)


def bres_table(names: list[str]) -> tuple[list[str], np.ndarray]:
    """Employment per LEP (rows in ``names`` order) for the SIC sections in SECTORS."""
    with BRES.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    cols = {h.split(" : ")[0]: i for i, h in enumerate(header) if " : " in h}
    by_name = {}
    for row in rows:
        if row and row[0].startswith("lep:"):
            name = row[0][4:]
            by_name[ALIASES.get(name, name)] = row
    values = np.array([[float(by_name[n][cols[s]]) for s in SECTORS] for n in names])
    return list(SECTORS), values


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    names, graph = lep_graph()
    sectors, values = bres_table(names)
    tmp = tmp_path_factory.mktemp("esda")
    src, dst = tmp / "in.json", tmp / "out.json"
    src.write_text(json.dumps({
        "n": graph.n, "pairs": graph.pairs.tolist(), "values": values.tolist(),
        "permutations": PERMS, "seed": 12345,
    }))
    subprocess.run([str(REF_PY), str(SCRIPT), str(src), str(dst)], check=True, capture_output=True)
    return graph, sectors, values, json.loads(dst.read_text())["sectors"]


def test_lep_graph_is_sane(reference) -> None:
    graph = reference[0]
    assert graph.n == 38
    assert graph.degree.min() >= 1  # every LEP touches another on the mainland


def _within_mc_error(ours: np.ndarray, theirs: np.ndarray) -> np.ndarray:
    p = np.clip(theirs, 1 / (PERMS + 1), 1)
    return np.abs(ours - theirs) <= 4 * np.sqrt(p * (1 - p) / PERMS) + 0.01


def test_moran_local_agrees(reference) -> None:
    graph, sectors, values, ref = reference
    ours = local_moran(values, graph, PermutationTest(permutations=PERMS, seed=7))
    for j, name in enumerate(sectors):
        r = ref[j]
        np.testing.assert_allclose(ours[j].stat, r["Is"], rtol=0, atol=1e-9, err_msg=name)
        q = np.where(ours[j].z > 0, np.where(ours[j].lag > 0, 1, 4), np.where(ours[j].lag > 0, 2, 3))
        np.testing.assert_array_equal(q, r["q"], err_msg=name)
        ok = _within_mc_error(ours[j].p, np.asarray(r["p_sim"]))
        assert ok.all(), (name, np.flatnonzero(~ok), ours[j].p[~ok], np.asarray(r["p_sim"])[~ok])


def test_g_local_star_agrees(reference) -> None:
    graph, sectors, values, ref = reference
    ours = local_gstar(values, graph, PermutationTest(permutations=PERMS, seed=7))
    for j, name in enumerate(sectors):
        r = ref[j]
        np.testing.assert_allclose(ours[j].stat, r["Zs"], rtol=0, atol=1e-9, err_msg=name)
        ok = _within_mc_error(ours[j].p, np.asarray(r["p_sim_g"]))
        assert ok.all(), (name, np.flatnonzero(~ok), ours[j].p[~ok], np.asarray(r["p_sim_g"])[~ok])
