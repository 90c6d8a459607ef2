"""Build the demo overlay: the demo LEPs dissolved into three pan-regional groupings.

Why: `make demo` shows which official boundaries a cluster crosses (the seed's High Value
Manufacturing line "cuts across ... the boundaries of the Northern Powerhouse and Midlands
Engine"), and it must do so offline with data we can ship. The overlay is made from the demo
LEP boundaries (resources/demo/lep_boundaries.geojson) and the committed membership table
resources/demo/lep21_partnerships.csv (each LEP's ITL1 region and its grouping: Northern
Powerhouse, Midlands Engine, South East, or none; resources/demo/README.md says how it was
decided). LEPs with no grouping (the South West, the East of England, London) are not in the
overlay, so the overlay also shows a region that lies in no unit.

Output: resources/demo/pan_regional_partnerships.geojson, EPSG:4326, one (multi)polygon per
grouping with ``name``, ``code`` and ``leps`` (number of member LEPs), sorted by name,
coordinates rounded to 5 decimals as the LEP file. Deterministic: the same inputs give the
same bytes. Needs only shapely (1.8 or 2.x) and the standard library; `make demo-data` runs it
with the reference venv.
"""
from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo"
LEPS = DEMO / "lep_boundaries.geojson"
MEMBERSHIP = DEMO / "lep21_partnerships.csv"
OUTPUT = DEMO / "pan_regional_partnerships.geojson"
CODES = {"Northern Powerhouse": "NP", "Midlands Engine": "ME", "South East": "SE"}


def read_membership(path: Path = MEMBERSHIP) -> dict[str, str]:
    """LEP21CD -> grouping name ('' for none), checked against the known groupings."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    out = {row["lep21cd"]: row["partnership"].strip() for row in rows}
    unknown = sorted({p for p in out.values() if p and p not in CODES})
    if unknown:
        raise SystemExit(f"{path.name}: unknown groupings {unknown}")
    return out


def polygons(geom) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom]
    return [g for g in getattr(geom, "geoms", []) if isinstance(g, Polygon)]


def rounded(coords: Any) -> Any:
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(c), 5) for c in coords]
    return [rounded(c) for c in coords]


def tidy(geom) -> Polygon | MultiPolygon:
    """Exterior rings counter-clockwise (RFC 7946), parts largest first, so the output is stable."""
    parts = sorted((orient(p, sign=1.0) for p in polygons(geom) if not p.is_empty),
                   key=lambda p: (-round(p.area, 10), p.bounds))
    return parts[0] if len(parts) == 1 else MultiPolygon(parts)


def build(leps: Path = LEPS, membership: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """One feature per grouping: the union of its member LEPs."""
    membership = read_membership() if membership is None else membership
    features = json.loads(leps.read_text(encoding="utf-8"))["features"]
    codes = {f["properties"]["LEP21CD"] for f in features}
    if codes != set(membership):
        raise SystemExit(f"{MEMBERSHIP.name} and {leps.name} list different LEPs: {sorted(codes ^ set(membership))}")
    groups: dict[str, list] = {}
    for f in sorted(features, key=lambda f: f["properties"]["LEP21CD"]):
        name = membership[f["properties"]["LEP21CD"]]
        if name:
            groups.setdefault(name, []).append(shape(f["geometry"]))
    out = []
    for name in sorted(groups):
        geom = tidy(unary_union(groups[name]))
        check = shape({"type": geom.geom_type, "coordinates": rounded(mapping(geom)["coordinates"])})
        if not check.is_valid:
            raise SystemExit(f"{name}: invalid after rounding")
        out.append({"type": "Feature",
                    "properties": {"name": name, "code": CODES[name], "leps": len(groups[name])},
                    "geometry": {"type": geom.geom_type, "coordinates": rounded(mapping(geom)["coordinates"])}})
    return out


def write(features: list[dict[str, Any]], path: Path = OUTPUT) -> int:
    doc = {"type": "FeatureCollection", "name": "pan_regional_partnerships",
           "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
           "features": features}
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    features = build()
    size = write(features, args.output)
    summary = ", ".join(f"{f['properties']['name']} ({f['properties']['leps']} LEPs)" for f in features)
    print(f"wrote {args.output}: {summary}; {size / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
