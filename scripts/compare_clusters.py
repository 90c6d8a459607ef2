"""Compare the clusters qgis_process found on two QGIS versions: member sets exactly, areas within 0.1 %.

Usage: ``compare_clusters.py HOST.json OTHER.json``. The areas differ in the last digits between GEOS/PROJ
releases (outline buffering and reprojection), so they are compared with a tolerance; the members may not differ.
"""
from __future__ import annotations

import json
import sys

AREA_TOLERANCE = 0.001


def main(a_path: str, b_path: str) -> int:
    a, b = (json.load(open(p, encoding="utf-8")) for p in (a_path, b_path))
    problems = []
    if a["clusters"] != b["clusters"]:
        problems.append("cluster member sets differ")
    worst = 0.0
    for key, area in a["area_km2"].items():
        other = b["area_km2"].get(key)
        if other is None:
            continue
        worst = max(worst, abs(other - area) / max(area, 1e-9))
    if worst > AREA_TOLERANCE:
        problems.append(f"areas differ by up to {worst:.3%}")
    for p in problems:
        print(p)
    if not problems:
        print(f"identical member sets ({len(a['clusters'])} clusters); areas within {worst:.4%}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
