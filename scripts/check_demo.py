"""Check what `make demo` printed and wrote: no traceback, warning or error line; the PNG at its exact size.

Usage: ``check_demo.py LOG OUT_DIR``. Standard library only, so it runs with any Python (host or chroot).
"""
from __future__ import annotations

import re
import struct
import sys
from pathlib import Path

BAD = re.compile(r"Traceback|Warning|WARNING|\bERROR\b|\bError\b|Exception|Segmentation fault|core dumped")
EXPECTED_PNG = {"hvm_map.png": (2480, 3508), "hvm_point_clusters.png": (2480, 3508),  # A4 portrait at 300 dpi
                "hvm_small_multiples.png": (3508, 2480), "hvm_trajectories.png": (3508, 2480)}  # A4 landscape
EXPECTED_FILES = ("regions_scores.gpkg", "regions_clusters.gpkg", "cluster_outlines.gpkg", "hvm_map.pdf",
                  "hvm_map.png", "sector_atlas.pdf", "timeline_clusters.gpkg", "timeline_regions.gpkg",
                  "timeline_ended.csv", "timeline_report.html", "hvm_small_multiples.pdf", "hvm_small_multiples.png",
                  "hvm_trajectories.pdf", "hvm_trajectories.png", "firms_clusters.gpkg", "point_clusters.gpkg",
                  "hvm_point_clusters.pdf", "hvm_point_clusters.png")


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def problems(log: str, out: Path) -> list[str]:
    found = [f"demo printed: {line}" for line in log.splitlines() if BAD.search(line)]
    for name in EXPECTED_FILES:
        if not (out / name).is_file() or (out / name).stat().st_size == 0:
            found.append(f"demo did not write {out / name}")
    for name, size in EXPECTED_PNG.items():
        if (out / name).is_file() and png_size(out / name) != size:
            found.append(f"{name} is {png_size(out / name)} px, expected {size}")
    return found


def main(argv: list[str]) -> int:
    log, out = Path(argv[1]), Path(argv[2])
    found = problems(log.read_text(encoding="utf-8", errors="replace"), out)
    for p in found:
        print(p)
    if not found:
        print(f"demo output clean; {', '.join(f'{n} {w}x{h}' for n, (w, h) in EXPECTED_PNG.items())}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
