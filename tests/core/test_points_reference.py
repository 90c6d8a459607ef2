"""Weighted DBSCAN against scikit-learn's on real point data libpysal ships (Snow's cholera deaths, 324
addresses weighted by deaths; Prenzlauer Berg Airbnb listings, 2,203 points weighted by beds).

scikit-learn lives only in ``.venv-ref``, so tests/reference/points_reference.py runs there as a subprocess
(our core is pure numpy and runs there too) and reports agreement per data set, CRS, radius and path.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REF_PY = ROOT / ".venv-ref" / "bin" / "python"
SCRIPT = ROOT / "tests" / "reference" / "points_reference.py"


def _skip_reason() -> str | None:
    if not REF_PY.exists():
        return f"reference venv missing ({REF_PY})"
    ok = subprocess.run([str(REF_PY), "-c", "import sklearn, geopandas, libpysal"], check=False, capture_output=True)
    return None if ok.returncode == 0 else "scikit-learn/geopandas/libpysal not importable in .venv-ref"


pytestmark = pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))


def test_same_core_noise_and_clusters_as_scikit_learn():
    done = subprocess.run([str(REF_PY), str(SCRIPT), str(ROOT)], check=True, capture_output=True, text=True)
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(figures) == 2 * 2 * 3 * 2
    for key, f in figures.items():
        assert f["core_equal"] and f["noise_equal"] and f["partition_equal"], key
        assert f["borders_legal"] == f["borders"], key
        assert f["clusters"] == f["clusters_ref"], key
    # the settings make real clusters (Snow: 22 at 20 m, Berlin: 16 at 80 m), not only all noise or one blob
    for name in ("snow", "berlin"):
        assert max(f["clusters"] for k, f in figures.items() if k.startswith(name)) >= 10
    # the same clusters whatever the projection (ground metres either way)
    for name, radius, mins in [("snow", 35.0, 8), ("berlin", 150.0, 40)]:
        a, b = figures[f"{name}|projected|{radius}|{mins}|True"], figures[f"{name}|laea|{radius}|{mins}|True"]
        assert (a["core"], a["noise"], a["clusters"]) == (b["core"], b["noise"], b["clusters"])


def test_same_labels_as_scikit_learn_on_generated_points():
    """Hypothesis' points (duplicates, collinear, zero and fractional weights, one point, all noise): identical
    core points, noise and clusters, every border point in a cluster it may join."""
    script = ROOT / "tests" / "reference" / "points_hypothesis.py"
    done = subprocess.run([str(REF_PY), str(script), str(ROOT)], check=True, capture_output=True, text=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["cases"] >= 200
    assert result["first_disagreement"] is None, result["first_disagreement"]
