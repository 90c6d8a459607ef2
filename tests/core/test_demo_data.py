"""Checks on the built-in demo data (resources/demo).

Why: the demo LEP boundaries are rebuilt from LSOA polygons, not copied from ONS, so we check
them against the real May 2021 LEP boundaries vendored in tests/data,
and we check that the illustrative scores give the clusters the demo and the docs promise.
Only json, csv, numpy and shapely (1.8 or 2.x): areas and distances use a spherical Lambert
azimuthal equal-area projection centred on England, which is plenty for ratios and for
distances with a few per cent of margin.
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np
import pytest
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union
from shapely.validation import make_valid

from tests.shapes import transform_xy

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "resources" / "demo"
BOUNDARIES = DEMO / "lep_boundaries.geojson"
SCORES = DEMO / "sector_scores_illustrative.csv"
MEMBERSHIP = DEMO / "lad11_lep21.csv"
REAL_LEPS = REPO / "tests" / "data" / "lep_2021_buc" / "Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson"

EARTH_RADIUS_M = 6_371_007.0
LON0, LAT0 = math.radians(-1.5), math.radians(52.5)

HVM = "High Value Manufacturing"
HVM_ABOVE = {
    "E37000006",  # Coventry and Warwickshire
    "E37000053",  # Oxfordshire
    "E37000054",  # Sheffield City Region
    "E37000021",  # Leicester and Leicestershire
    "E37000012",  # Greater Birmingham and Solihull
}
SHEFFIELD = "E37000054"


def laea(
    x: np.ndarray, y: np.ndarray, z: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Spherical Lambert azimuthal equal-area (metres) from lon/lat degrees; for transform_xy."""
    lon, lat = (
        np.radians(np.asarray(x, dtype=float)),
        np.radians(np.asarray(y, dtype=float)),
    )
    k = np.sqrt(
        2.0
        / (
            1.0
            + math.sin(LAT0) * np.sin(lat)
            + math.cos(LAT0) * np.cos(lat) * np.cos(lon - LON0)
        )
    )
    px = EARTH_RADIUS_M * k * np.cos(lat) * np.sin(lon - LON0)
    py = (
        EARTH_RADIUS_M
        * k
        * (
            math.cos(LAT0) * np.sin(lat)
            - math.sin(LAT0) * np.cos(lat) * np.cos(lon - LON0)
        )
    )
    return px, py


def read_layer(path: Path, key: str) -> dict[str, BaseGeometry]:
    """GeoJSON features keyed by `key`, projected to the equal-area plane."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return {
        f["properties"][key]: transform_xy(laea, shape(f["geometry"]))
        for f in doc["features"]
    }


def read_scores() -> tuple[list[str], list[dict[str, str]]]:
    """Header and rows of the illustrative scores table."""
    with SCORES.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def above_mean(rows: list[dict[str, str]], column: str) -> set[str]:
    """Codes strictly above the unweighted mean of the regions with data."""
    values = {r["lep21cd"]: float(r[column]) for r in rows if r[column].strip()}
    mean = sum(values.values()) / len(values)
    return {code for code, v in values.items() if v > mean}


@pytest.fixture(scope="module")
def demo() -> dict[str, BaseGeometry]:
    return read_layer(BOUNDARIES, "LEP21CD")


@pytest.fixture(scope="module")
def real() -> dict[str, BaseGeometry]:
    assert REAL_LEPS.is_file(), f"vendored LEP boundaries missing: {REAL_LEPS}"
    return {code: make_valid(g) for code, g in read_layer(REAL_LEPS, "LEP21CD").items()}


def test_boundaries_are_small_valid_and_38(demo: dict[str, BaseGeometry]) -> None:
    assert BOUNDARIES.stat().st_size < 3_000_000
    assert len(demo) == 38
    invalid = [code for code, g in demo.items() if not g.is_valid]
    assert invalid == []
    assert all(g.geom_type in ("Polygon", "MultiPolygon") for g in demo.values())


def test_boundaries_do_not_overlap(demo: dict[str, BaseGeometry]) -> None:
    codes = sorted(demo)
    overlaps = [
        (a, b)
        for i, a in enumerate(codes)
        for b in codes[i + 1 :]
        if demo[a].intersects(demo[b]) and demo[a].intersection(demo[b]).area > 1.0
    ]
    assert overlaps == []


def test_codes_and_names_match_real(
    demo: dict[str, BaseGeometry], real: dict[str, BaseGeometry]
) -> None:
    assert sorted(demo) == sorted(real)
    doc_demo = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    doc_real = json.loads(REAL_LEPS.read_text(encoding="utf-8"))
    names = {
        f["properties"]["LEP21CD"]: f["properties"]["LEP21NM"]
        for f in doc_demo["features"]
    }
    real_names = {
        f["properties"]["LEP21CD"]: f["properties"]["LEP21NM"]
        for f in doc_real["features"]
    }
    assert names == real_names


def test_demo_lies_within_real(
    demo: dict[str, BaseGeometry], real: dict[str, BaseGeometry]
) -> None:
    """area(demo ∩ real) / area(demo) >= 0.95 for every LEP."""
    ratios = {
        code: demo[code].intersection(real[code]).area / demo[code].area
        for code in real
    }
    low = {code: round(r, 4) for code, r in ratios.items() if r < 0.95}
    assert low == {}, f"demo LEPs reaching outside the real ones: {low}"


def test_demo_covers_real(
    demo: dict[str, BaseGeometry], real: dict[str, BaseGeometry]
) -> None:
    """area(demo ∩ real) / area(real) >= 0.95, measured on the part of each real LEP no other LEP claims.

    The May 2021 file still has overlapping LEPs (Greater Birmingham and Solihull shares seven
    districts with Staffordshire and Worcestershire); the demo, a partition, gives each shared
    district to one LEP, so the shared parts cannot count against either side.
    """
    ratios: dict[str, float] = {}
    for code, geom in real.items():
        others = [
            g for other, g in real.items() if other != code and g.intersects(geom)
        ]
        own = geom.difference(unary_union(others)) if others else geom
        ratios[code] = demo[code].intersection(own).area / own.area
    low = {code: round(r, 4) for code, r in ratios.items() if r < 0.95}
    assert low == {}, f"real LEPs poorly covered by the demo: {low}"


def test_membership_table_is_complete() -> None:
    with MEMBERSHIP.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    names = [r["lad11nm"] for r in rows]
    assert len(names) == len(set(names)) == 326  # English districts of 2011
    assert len({r["lep21cd"] for r in rows}) == 38


def test_scores_table_matches_boundaries(demo: dict[str, BaseGeometry]) -> None:
    header, rows = read_scores()
    assert header[:3] == ["lep21cd", "lep_name", HVM]
    assert 8 <= len(header) - 2 <= 10
    codes = [r["lep21cd"] for r in rows]
    assert len(codes) == len(set(codes)) == 38
    assert set(codes) == set(demo)
    for row in rows:
        for column in header[2:]:
            cell = row[column].strip()
            if cell:
                assert len(cell.partition(".")[2]) <= 1, (row["lep21cd"], column, cell)
                float(cell)
    blanks = sum(1 for r in rows for c in header[2:] if not r[c].strip())
    assert blanks >= 2


def test_hvm_above_mean_set() -> None:
    _, rows = read_scores()
    assert above_mean(rows, HVM) == HVM_ABOVE


def test_hvm_cluster_geometry(demo: dict[str, BaseGeometry]) -> None:
    """Four above-mean LEPs touch as one group; Sheffield joins only with a ~35 km gap tolerance."""
    core = sorted(HVM_ABOVE - {SHEFFIELD})
    reached = {core[0]}
    frontier = [core[0]]
    while frontier:
        current = frontier.pop()
        for other in core:
            if other not in reached and demo[current].intersects(demo[other]):
                reached.add(other)
                frontier.append(other)
    assert reached == set(core)
    assert not any(demo[SHEFFIELD].intersects(demo[c]) for c in core)
    nearest = min(demo[SHEFFIELD].distance(demo[c]) for c in core)
    assert 30_000 < nearest < 34_000  # 31.7 km in EPSG:27700
