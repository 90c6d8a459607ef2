"""The shapely 1.8 loop and the shapely 2 vectorised path give the same pairs.

Debian 12's QGIS runs shapely 1.8 and Debian 13's shapely 2; the reference venv
(.venv-ref, shapely 2 from PyPI) lets one machine check both paths on real data.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from shapely.geometry import shape

from plugin.core.geometry import SHAPELY2
from plugin.core.graph import build_neighbour_graph
from tests.conftest import REPO
from tests.shapes import transform_xy

REF_PY = REPO / ".venv-ref" / "bin" / "python"
CASES = [("queen", 0.0), ("rook", 0.0), ("queen", 20000.0), ("rook", 35000.0)]

SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from shapely.geometry import shape
from plugin.core.geometry import SHAPELY2
from plugin.core.graph import build_neighbour_graph
data = json.load(open(sys.argv[2]))
geoms = [shape(g) for g in data["geoms"]]
out = {f"{r}:{t}": build_neighbour_graph(geoms, r, t).pairs.tolist() for r, t in data["cases"]}
print(json.dumps({"shapely2": SHAPELY2, "pairs": out}))
"""


def lep_metres(lep_path: Path):
    """LEPs in a simple equal-area projection (cos-lat scaled), enough for a same-input comparison."""
    import math

    feats = json.loads(lep_path.read_text())["features"]

    def proj(x, y, z=None):
        return (x * 111320.0 * math.cos(math.radians(53.0)), y * 110540.0)

    return [transform_xy(proj, shape(f["geometry"])).buffer(0) for f in feats]


def test_both_shapely_paths_agree(lep_path, tmp_path):
    if not REF_PY.exists():
        pytest.skip("the reference venv (.venv-ref) is not built")
    geoms = lep_metres(lep_path)
    data = tmp_path / "in.json"
    data.write_text(json.dumps({"geoms": [g.__geo_interface__ for g in geoms], "cases": CASES}))
    proc = subprocess.run([str(REF_PY), "-c", SCRIPT, str(REPO), str(data)], capture_output=True, text=True,
                          check=True)
    theirs = json.loads(proc.stdout)
    if theirs["shapely2"] == SHAPELY2:
        # QGIS 3.40/3.44 ship shapely 2 like the reference venv: there is no 1.8 path to compare with there
        pytest.skip("both interpreters take the same shapely code path")
    for rule, tol in CASES:
        ours = build_neighbour_graph(geoms, rule, tol).pairs.tolist()
        assert ours == theirs["pairs"][f"{rule}:{tol}"], (rule, tol)
