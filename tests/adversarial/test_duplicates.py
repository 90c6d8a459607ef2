"""A region listed twice in the layer (two features, one key) is one region: it never makes a cluster on its own,
whatever MIN_REGIONS says, and it is listed and counted once, in detectclusters and clustertimeline alike.

A 3 x 3 grid of 10 km squares (keys K1…K9, British National Grid) whose K1 is split into two features that both
carry the key K1, run through `qgis_process` as a user types it. K1 and K9 (far apart) are the high ones: at
MIN_REGIONS=2 neither is a cluster (K1's two features are one region); with K2 high too, K1 and K2 are one
2-region cluster listed as "K1; K2" (K1 once).
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.qgis.cli import QgisProcess

pytestmark = [pytest.mark.qgis, pytest.mark.e2e]

SIDE = 10_000
KEYS = [f"K{n}" for n in range(1, 10)]


def square(col: int, row: int, x0: float = 0.0, x1: float = 1.0) -> list:
    """The ring of grid cell (col, row), the part from x0 to x1 of its width."""
    left, bottom = 400_000 + col * SIDE, 300_000 + row * SIDE
    a, b = left + x0 * SIDE, left + x1 * SIDE
    return [[[a, bottom], [b, bottom], [b, bottom + SIDE], [a, bottom + SIDE], [a, bottom]]]


def grid(folder: Path, scores: dict[str, float], names: dict[str, str] | None = None) -> Path:
    """The grid as GeoJSON with a key, a name and a score per feature; K1 as two features (its west and east
    halves); ``names`` replaces some regions' names."""
    features = []
    for n, key in enumerate(KEYS):
        col, row = n % 3, n // 3
        parts = [(0.0, 0.5), (0.5, 1.0)] if key == "K1" else [(0.0, 1.0)]
        for x0, x1 in parts:
            name = (names or {}).get(key, f"Region {key}")
            features.append({"type": "Feature",
                             "properties": {"code": key, "name": name, "score": scores.get(key, 1.0)},
                             "geometry": {"type": "Polygon", "coordinates": square(col, row, x0, x1)}})
    path = folder / "grid.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection",
                                "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::27700"}},
                                "features": features}), encoding="utf-8")
    return path


def period_table(folder: Path, year: int, scores: dict[str, float]) -> Path:
    """A wide table for one period: one row per region key (K1 once), one sector column."""
    path = folder / f"scores_{year}.csv"
    path.write_text("code,Manufacturing\n" + "".join(f"{k},{scores.get(k, 1.0)}\n" for k in KEYS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def cli(processing_ready, tmp_path_factory) -> QgisProcess:
    return QgisProcess(tmp_path_factory.mktemp("duplicates_qp"))


def clusters_of(path: Path) -> list[tuple]:
    """(n_regions, members) of every cluster written to the GeoPackage ``path``."""
    with sqlite3.connect(path) as con:
        table = con.execute("SELECT table_name FROM gpkg_contents WHERE data_type='features'").fetchone()[0]
        return con.execute(f'SELECT n_regions, members FROM "{table}" ORDER BY cluster_id').fetchall()  # noqa: S608


@pytest.mark.parametrize("high, expected", [
    ({"K1": 10.0, "K9": 10.0}, []),  # K1's two features are one region: no 2-region cluster
    ({"K1": 10.0, "K2": 10.0, "K9": 10.0}, [(2, "K1; K2")]),  # K1 listed once
], ids=["one_region_on_two_features_is_not_a_cluster", "a_2_region_cluster_lists_the_region_once"])
def test_detectclusters_counts_regions_not_features(cli, tmp_path, high, expected):
    layer = grid(tmp_path, high)
    outcome = cli.run("detectclusters", {"INPUT": layer, "KEY": "code", "FIELDS": "score", "BASELINE": 0,
                                         "THRESHOLD": 1.0, "MIN_REGIONS": 2, "NEIGHBOURS": 0,
                                         "OUTPUT_REGIONS": tmp_path / "r.gpkg", "OUTPUT_CLUSTERS": tmp_path / "c.gpkg"})
    assert outcome.code == 0, outcome.text
    assert clusters_of(tmp_path / "c.gpkg") == expected
    assert outcome.results["CLUSTERS"] == len(expected)
    assert "Duplicated region keys: 'K1' (2 features)" in outcome.text, outcome.text


@pytest.mark.parametrize("high, expected", [
    ({"K1": 10.0, "K9": 10.0}, []),
    ({"K1": 10.0, "K2": 10.0, "K9": 10.0}, [(2, "K1; K2"), (2, "K1; K2")]),  # one per period
], ids=["one_region_on_two_features_is_not_a_cluster", "a_2_region_cluster_lists_the_region_once"])
def test_clustertimeline_counts_regions_not_features(cli, tmp_path, high, expected):
    layer = grid(tmp_path, {})
    tables = [period_table(tmp_path, year, high) for year in (2019, 2020)]
    outcome = cli.run("clustertimeline", {"INPUT": layer, "INPUT_KEY": "code", "TABLES": tables, "BASELINE": 0,
                                          "THRESHOLD": 1.0, "MIN_REGIONS": 2, "NEIGHBOURS": 0,
                                          "OUTPUT_CLUSTERS": tmp_path / "c.gpkg", "OUTPUT_REGIONS": tmp_path / "r.gpkg",
                                          "OUTPUT_ENDED": tmp_path / "e.csv", "OUTPUT_REPORT": tmp_path / "t.html"})
    assert outcome.code == 0, outcome.text
    assert clusters_of(tmp_path / "c.gpkg") == expected
    assert "Duplicated region keys: 'K1' (2 features)" in outcome.text, outcome.text
