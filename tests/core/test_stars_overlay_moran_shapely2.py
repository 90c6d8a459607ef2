"""Overlay, global Moran and stars give the same answers on shapely 2 / NumPy 2 as here (shapely 1.8 / NumPy 1.24).

The reference venv (.venv-ref: shapely 2, NumPy 2 from PyPI) runs the same core code on
the same input, so one machine checks both the STR-tree paths and the NumPy APIs used.
"""
from __future__ import annotations

import json
import subprocess

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from plugin.core.globalstats import global_moran
from plugin.core.overlay import region_parts
from plugin.core.stars import star_rating
from tests.conftest import REPO
from tests.core.grids import grid
from tests.core.test_graph_shapely_versions import lep_metres

REF_PY = REPO / ".venv-ref" / "bin" / "python"

SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
import numpy as np, shapely
from shapely.geometry import shape
from plugin.core.overlay import region_parts
from plugin.core.globalstats import global_moran
from plugin.core.stars import star_rating
from tests.core.grids import grid
data = json.load(open(sys.argv[2]))
regions = [shape(g) for g in data["regions"]]
units = [shape(g) for g in data["units"]]
parts = region_parts(regions, units, data["names"])
y = np.array(data["y"])
gm = global_moran(y, grid(6, 6), permutations=999, seed=1)
st = star_rating(np.array(data["x"]), np.array(data["t"]))
print(json.dumps({"shapely": shapely.__version__, "numpy": np.__version__,
                  "parts": [[p.area, p.parts] for p in parts],
                  "moran": [[r.stat, r.z_norm, r.z_rand, r.p_sim] for r in gm],
                  "stars": st.stars.tolist()}))
"""


def test_same_answers_on_shapely2_and_numpy2(lep_path, tmp_path) -> None:
    if not REF_PY.exists():
        pytest.skip("the reference venv (.venv-ref) is not built")
    regions = lep_metres(lep_path)
    x0, y0, x1, y1 = shapely.geometry.MultiPolygon(
        [p for g in regions for p in getattr(g, "geoms", [g])]).bounds
    step = 60_000.0  # a 60 km grid of "units", three of them sharing the name "Band"
    units, names = [], []
    for i, x in enumerate(np.arange(x0, x1, step)):
        for j, y in enumerate(np.arange(y0, y1, step)):
            units.append(box(x, y, x + step, y + step))
            names.append("Band" if j == 3 and i < 3 else f"U{i}-{j}")
    rng = np.random.default_rng(2)
    y = rng.gamma(2.0, 4.0, (36, 2)) + np.arange(36)[:, None] * 0.3
    x = rng.integers(0, 5000, 40).astype(float)
    t = x + rng.integers(1, 90000, 40)
    data = tmp_path / "in.json"
    data.write_text(json.dumps({"regions": [g.__geo_interface__ for g in regions],
                                "units": [u.__geo_interface__ for u in units], "names": names,
                                "y": y.tolist(), "x": x.tolist(), "t": t.tolist()}))
    proc = subprocess.run([str(REF_PY), "-c", SCRIPT, str(REPO), str(data)], capture_output=True, text=True,
                          check=True)
    theirs = json.loads(proc.stdout)
    assert theirs["shapely"].split(".")[0] == "2" and theirs["numpy"].split(".")[0] == "2"
    ours = region_parts(regions, units, names)
    assert len(ours) == len(theirs["parts"]) == 38
    for mine, (area, parts) in zip(ours, theirs["parts"]):
        assert mine.area == pytest.approx(area, rel=1e-9)
        assert mine.parts.keys() == parts.keys()
        assert list(mine.parts.values()) == pytest.approx([parts[k] for k in mine.parts], rel=1e-6, abs=1e-3)
    assert any(len(p.parts) > 3 for p in ours)
    gm = global_moran(y, grid(6, 6), permutations=999, seed=1)
    for mine, (stat, z_norm, z_rand, p_sim) in zip(gm, theirs["moran"]):
        assert (mine.stat, mine.z_norm, mine.z_rand) == pytest.approx((stat, z_norm, z_rand), abs=1e-12)
        assert abs(mine.p_sim - p_sim) <= 4 * np.sqrt(2 * 0.25 / 999) + 0.002  # the draws may differ by version
    np.testing.assert_array_equal(star_rating(x, t).stars, theirs["stars"])
