"""The demo overlay (resources/demo/pan_regional_partnerships.geojson) is what its script builds from the
committed inputs, and says what resources/demo/README.md says it does.

Standard library, shapely 1.8 or 2.x: the build must give the same units (names, codes, members) and the same
shapes under either; the last digits of a dissolved boundary differ between GEOS releases (Debian sid's GEOS
orders and rounds the union's vertices differently), so shapes are compared by area, not by bytes.
"""
from __future__ import annotations

import csv
import importlib.util
import json
from collections import Counter

from shapely.geometry import shape
from shapely.ops import unary_union

from tests.conftest import DEMO, REPO

OVERLAY = DEMO / "pan_regional_partnerships.geojson"
MEMBERSHIP = DEMO / "lep21_partnerships.csv"
# NP11: the eleven Local Enterprise Partnerships of the North of England
NORTHERN = {"Cheshire and Warrington", "Cumbria", "Greater Manchester", "Hull and East Yorkshire", "Lancashire",
            "Leeds City Region", "Liverpool City Region", "North East", "Sheffield City Region", "Tees Valley",
            "York and North Yorkshire"}


def build_module():
    spec = importlib.util.spec_from_file_location("build_demo_overlay", REPO / "scripts" / "build_demo_overlay.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows() -> list[dict]:
    with MEMBERSHIP.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_the_committed_overlay_is_what_the_script_builds(tmp_path) -> None:
    module = build_module()
    out = tmp_path / "overlay.geojson"
    module.write(module.build(), out)
    built, committed = (json.loads(p.read_text(encoding="utf-8"))["features"] for p in (out, OVERLAY))
    assert [f["properties"] for f in built] == [f["properties"] for f in committed]
    for a, b in zip(built, committed):
        ga, gb = shape(a["geometry"]), shape(b["geometry"])
        assert ga.symmetric_difference(gb).area <= 1e-6 * gb.area, a["properties"]["name"]


def test_membership_rules() -> None:
    table = rows()
    demo = {f["properties"]["LEP21CD"]: f["properties"]["LEP21NM"]
            for f in json.loads((DEMO / "lep_boundaries.geojson").read_text(encoding="utf-8"))["features"]}
    assert {r["lep21cd"]: r["lep21nm"] for r in table} == demo  # every demo LEP, named as in the boundaries
    by = {r["lep21nm"]: r for r in table}
    assert {n for n, r in by.items() if r["partnership"] == "Northern Powerhouse"} == NORTHERN
    # The rule: the grouping of the LEP's (largest-area) ITL1 region.
    grouping = {"North East": "Northern Powerhouse", "North West": "Northern Powerhouse",
                "Yorkshire and The Humber": "Northern Powerhouse", "East Midlands": "Midlands Engine",
                "West Midlands": "Midlands Engine", "South East": "South East"}
    for r in table:
        assert r["partnership"] == grouping.get(r["itl1"], ""), r
    assert Counter(r["partnership"] for r in table) == {"Northern Powerhouse": 11, "Midlands Engine": 10,
                                                       "South East": 7, "": 10}


def test_overlay_units_are_the_union_of_their_leps() -> None:
    features = json.loads(OVERLAY.read_text(encoding="utf-8"))["features"]
    assert [f["properties"]["name"] for f in features] == ["Midlands Engine", "Northern Powerhouse", "South East"]
    leps = {f["properties"]["LEP21CD"]: shape(f["geometry"])
            for f in json.loads((DEMO / "lep_boundaries.geojson").read_text(encoding="utf-8"))["features"]}
    members: dict[str, list] = {}
    for r in rows():
        if r["partnership"]:
            members.setdefault(r["partnership"], []).append(leps[r["lep21cd"]])
    for f in features:
        unit = shape(f["geometry"])
        assert unit.is_valid and f["properties"]["leps"] == len(members[f["properties"]["name"]])
        union = unary_union(members[f["properties"]["name"]])
        assert abs(unit.area - union.area) < 1e-6 * union.area
        assert unit.symmetric_difference(union).area < 1e-6 * union.area
    units = [shape(f["geometry"]) for f in features]
    for i in range(3):
        for j in range(i + 1, 3):
            assert units[i].intersection(units[j]).area < 1e-9 * units[i].area  # no overlap between groupings
