"""The illustrative yearly demo scores (resources/demo/sector_scores_illustrative_<year>.csv): up to date with
scripts/build_demo_timeline.py, and telling the HVM story its docstring promises (no QGIS)."""
from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_demo_timeline.py"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_demo_timeline", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_files_are_the_scripts_output(builder):
    built = builder.build()
    assert [p.name for p in built] == [f"sector_scores_illustrative_{y}.csv" for y in range(2016, 2021)]
    for path, text in built.items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name}: run `make demo-data`"
    assert builder.main(["--check"]) == 0
    source = (REPO / "resources" / "demo" / "sector_scores_illustrative.csv").read_text(encoding="utf-8")
    assert built[builder.DEMO / "sector_scores_illustrative_2020.csv"] == source  # 2020 = the demo's own scores


def test_hvm_above_the_mean_as_the_story_says(builder):
    for year, expected in builder.HVM_ABOVE.items():
        with (builder.DEMO / f"sector_scores_illustrative_{year}.csv").open(newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        scores = {r["lep21cd"]: float(r[builder.HVM]) for r in rows}
        mean = sum(scores.values()) / len(scores)
        above = {k for k, v in scores.items() if v / mean > 1.0}
        assert above == expected, year
        margin = min(abs(v / mean - 1.0) for v in scores.values())
        assert margin > 0.02, year  # no LEP sits on the threshold: the story does not hang on rounding


def test_other_sectors_change_a_little_and_keep_their_empty_cells(builder):
    def table(year):
        with (builder.DEMO / f"sector_scores_illustrative_{year}.csv").open(newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))

    first, last = table(2016), table(2020)
    for a, b in zip(first, last):
        for sector in ("Digital and Creative", "Space and Satellites"):
            if not b[sector]:
                assert not a[sector]
            else:
                assert 0.95 <= float(a[sector]) / float(b[sector]) <= 1.05
