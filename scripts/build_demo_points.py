"""Build the illustrative firm points of `make demo`: resources/demo/firms_illustrative.geojson.

Why: the point clusters (sectorclusters:pointclusters, issue 21) need firms to cluster, and `make demo` must run
on a fresh machine with no download. No open register of firm locations with employees fits in the repository,
so the points are made up, deterministically: a fixed seed and the standard library only (``random.Random`` and
an even-odd point-in-polygon test on ``lep_boundaries.geojson``), so the script gives the same bytes on every run
and machine (``--check`` tells whether the committed file is up to date).

What is in the file (every firm: SIC section letter, section name, employees):

* a background of firms of every section spread evenly over England (the demo LEPs), plus more manufacturing
  firms in the High Value Manufacturing line of the demo scores (Coventry and Warwickshire, Oxfordshire, Sheffield
  City Region, Leicester and Leicestershire, Greater Birmingham and Solihull) — about 5 km apart on average, too
  sparse to cluster;
* one or two dense groups of manufacturing (C) firms in each LEP of that line and two smaller ones outside it
  (Lancashire, North East), a few hundred metres across: with a 500 m radius and a weight of 200 employees within
  it, each becomes a point cluster;
* dense groups of other sections (J Information and communication in London and Greater Manchester, K Financial
  and insurance in London, M Professional, scientific and technical in Greater Cambridge), so the other sectors
  have clusters of their own.

No firm has 200 employees or more, so no firm is a cluster on its own. The numbers say nothing about any real
firm or place (see resources/demo/README.md).
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "resources" / "demo"
BOUNDARIES = DEMO / "lep_boundaries.geojson"
TARGET = DEMO / "firms_illustrative.geojson"
SEED = 21  # issue 21

#: SIC 2007 sections (letter, name) the firms belong to, with their share of the background firms (per mille)
SECTIONS = [
    ("A", "Agriculture, forestry and fishing", 40), ("C", "Manufacturing", 90), ("F", "Construction", 130),
    ("G", "Wholesale and retail trade", 170), ("H", "Transportation and storage", 50),
    ("I", "Accommodation and food service activities", 90), ("J", "Information and communication", 80),
    ("K", "Financial and insurance activities", 40), ("M", "Professional, scientific and technical activities", 150),
    ("N", "Administrative and support service activities", 80), ("Q", "Human health and social work activities", 80),
]
NAMES = {code: name for code, name, _share in SECTIONS}
HVM_LINE = ("E37000006", "E37000053", "E37000054", "E37000021", "E37000012")
BACKGROUND = 800  # firms of every section over England
HVM_BACKGROUND = 150  # extra manufacturing firms spread over the HVM line
#: dense groups: (LEP code, section, number of groups, firms per group, spread in metres)
GROUPS = [*((code, "C", 1 if code in ("E37000053", "E37000021") else 2, 28, 260.0) for code in HVM_LINE),
          ("E37000019", "C", 1, 16, 220.0), ("E37000025", "C", 1, 14, 220.0),
          ("E37000051", "J", 1, 24, 240.0), ("E37000051", "K", 1, 20, 200.0),
          ("E37000015", "J", 1, 16, 220.0), ("E37000059", "M", 1, 16, 220.0)]
MAX_EMPLOYEES = 190  # below the demo's MIN_WEIGHT of 200: a cluster needs several firms


def rings_of(geometry: dict) -> list[list[list[tuple[float, float]]]]:
    """Polygons as lists of rings (outer first) of (lon, lat)."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[[(float(x), float(y)) for x, y in ring] for ring in poly] for poly in polys]


def inside(lon: float, lat: float, polygons) -> bool:
    """Even-odd rule over every ring: inside an outer ring and outside its holes."""
    hit = False
    for poly in polygons:
        for ring in poly:
            j = len(ring) - 1
            for i in range(len(ring)):
                xi, yi = ring[i]
                xj, yj = ring[j]
                if (yi > lat) != (yj > lat) and lon < (xj - xi) * (lat - yi) / (yj - yi) + xi:
                    hit = not hit
                j = i
    return hit


def bbox(polygons) -> tuple[float, float, float, float]:
    xs = [x for poly in polygons for ring in poly for x, _y in ring]
    ys = [y for poly in polygons for ring in poly for _x, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def random_point(rng: random.Random, polygons, box) -> tuple[float, float]:
    while True:
        lon, lat = rng.uniform(box[0], box[2]), rng.uniform(box[1], box[3])
        if inside(lon, lat, polygons):
            return lon, lat


def employees(rng: random.Random, median: float) -> int:
    """A skewed firm size (log-normal), 1 to MAX_EMPLOYEES."""
    return max(1, min(MAX_EMPLOYEES, int(round(math.exp(rng.gauss(math.log(median), 0.9))))))


def section(rng: random.Random) -> str:
    pick = rng.randrange(sum(share for _c, _n, share in SECTIONS))
    for code, _name, share in SECTIONS:
        if pick < share:
            return code
        pick -= share
    return SECTIONS[-1][0]


def build() -> str:
    """The GeoJSON text: one feature per line, coordinates rounded to 4 decimals (about 10 m)."""
    data = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    leps = {f["properties"]["LEP21CD"]: rings_of(f["geometry"]) for f in data["features"]}
    boxes = {code: bbox(polys) for code, polys in leps.items()}
    rng = random.Random(SEED)
    firms: list[tuple[float, float, str, int]] = []
    england = [poly for polys in leps.values() for poly in polys]
    england_box = bbox(england)
    while len(firms) < BACKGROUND:
        lon, lat = rng.uniform(england_box[0], england_box[2]), rng.uniform(england_box[1], england_box[3])
        code = next((c for c in leps if boxes[c][0] <= lon <= boxes[c][2] and boxes[c][1] <= lat <= boxes[c][3]
                     and inside(lon, lat, leps[c])), None)
        if code is not None:
            firms.append((lon, lat, section(rng), employees(rng, 8)))
    for k in range(HVM_BACKGROUND):
        code = HVM_LINE[k % len(HVM_LINE)]
        lon, lat = random_point(rng, leps[code], boxes[code])
        firms.append((lon, lat, "C", employees(rng, 15)))
    for code, sic, n_groups, n_firms, spread in GROUPS:
        for _g in range(n_groups):
            lon0, lat0 = random_point(rng, leps[code], boxes[code])
            metres_lon = 111320.0 * math.cos(math.radians(lat0))
            for i in range(n_firms):
                dx, dy = rng.gauss(0.0, spread), rng.gauss(0.0, spread)
                own = sic if i % 5 else section(rng)  # a few firms of other sections among them
                firms.append((lon0 + dx / metres_lon, lat0 + dy / 111320.0, own, employees(rng, 22)))
    lines = ['{"type": "FeatureCollection", "name": "firms_illustrative", '
             '"crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}, "features": [']
    for n, (lon, lat, sic, staff) in enumerate(firms, start=1):
        props = json.dumps({"firm": n, "section": sic, "sector": NAMES[sic], "employees": staff},
                           ensure_ascii=False, separators=(",", ":"))
        comma = "," if n < len(firms) else ""
        lines.append(f'{{"type":"Feature","properties":{props},'
                     f'"geometry":{{"type":"Point","coordinates":[{lon:.4f},{lat:.4f}]}}}}{comma}')
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only tell whether the committed file is up to date")
    args = parser.parse_args(argv)
    text = build()
    if args.check:
        same = TARGET.is_file() and TARGET.read_text(encoding="utf-8") == text
        print(f"{TARGET.name}: {'up to date' if same else 'differs from scripts/build_demo_points.py output'}")
        return 0 if same else 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({TARGET.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
