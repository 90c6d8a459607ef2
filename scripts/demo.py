"""`make demo`: join → detect → style → export on the built-in demo data, headless; then cluster dynamics over
time on the illustrative yearly scores (2016–2020) with the HVM small multiples and trajectory map; then density
clusters of the illustrative manufacturing firms, printed over the HVM LEP clusters.

Runs the same Processing algorithms as the toolbox and the panel.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEMO = ROOT / "resources" / "demo"
BOUNDARIES = DEMO / "lep_boundaries.geojson"
SCORES = DEMO / "sector_scores_illustrative.csv"
OVERLAY = DEMO / "pan_regional_partnerships.geojson"  # built by scripts/build_demo_overlay.py (make demo-data)
GAP_M = 35000  # joins Sheffield City Region (about 32 km from its nearest partner) to the HVM line
YEARS = range(2016, 2021)
YEARLY = [DEMO / f"sector_scores_illustrative_{year}.csv" for year in YEARS]  # scripts/build_demo_timeline.py
FIRMS = DEMO / "firms_illustrative.geojson"  # scripts/build_demo_points.py
RADIUS_M, MIN_WEIGHT = 500, 200  # firms within 500 m employing 200 or more together make a core point


def demo_settings() -> dict:
    """The demo's rule and neighbours as Processing parameters, from the settings objects every front end builds:
    above the mean of regions, clusters of two LEPs or more, queen neighbours bridging gaps up to GAP_M."""
    from plugin.core import codes
    from plugin.steps.settings import NeighbourSettings, RuleSettings

    return {**RuleSettings(codes.MEAN, 1.0, 2).to_parameters(),
            **NeighbourSettings(codes.QUEEN, GAP_M).to_parameters()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="out")
    args = parser.parse_args()
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)

    from plugin.headless import start_qgis

    start_qgis()
    import processing
    from qgis.core import QgsProcessingFeedback, QgsVectorLayer

    feedback = QgsProcessingFeedback()
    t0 = time.perf_counter()
    joined = processing.run("sectorclusters:joinscores", {
        "INPUT": str(BOUNDARIES), "INPUT_KEY": "LEP21CD", "TABLE": str(SCORES),
        "OUTPUT": str(out / "regions_scores.gpkg"), "UNMATCHED": str(out / "unmatched.csv"),
    }, feedback=feedback)
    print(f"Joined: {joined['MATCHED']} of {joined['REGIONS']} regions matched.")
    overlay = QgsVectorLayer(str(OVERLAY), "pan-regional partnerships", "ogr")
    detected = processing.run("sectorclusters:detectclusters", {
        "INPUT": joined["OUTPUT"], **demo_settings(), "OVERLAY": overlay, "OVERLAY_NAME": "name",
        "OUTPUT_REGIONS": str(out / "regions_clusters.gpkg"), "OUTPUT_CLUSTERS": str(out / "cluster_outlines.gpkg"),
    }, feedback=feedback)
    print(f"Detected clusters in {time.perf_counter() - t0:.2f} s "
          f"(baseline: mean of regions, ratio > 1.0, queen, gap tolerance {GAP_M / 1000:g} km)")
    clusters = QgsVectorLayer(detected["OUTPUT_CLUSTERS"], "clusters", "ogr")
    by_sector: dict[str, list] = {}
    for f in clusters.getFeatures():
        by_sector.setdefault(f["sector_label"], []).append(f)
    for sector, feats in by_sector.items():
        print(f"\n{sector}")
        for f in sorted(feats, key=lambda f: f["cluster_id"]):
            print(f"  cluster {f['cluster_id']}: {f['n_regions']} LEPs, {f['area_km2']:,.0f} km² — {f['member_names']}")
            if f["n_crossed"] and f["n_crossed"] > 1:
                print(f"    crosses {f['n_crossed']} {overlay.name()}: {f['crosses_shares']}")

    from qgis.core import QgsApplication
    if QgsApplication.processingRegistry().algorithmById("sectorclusters:exportmap") is not None:
        regions = detected["OUTPUT_REGIONS"]
        common = {"REGIONS": regions, "CLUSTERS": detected["OUTPUT_CLUSTERS"],
                  "SUBTITLE": "", "PAGE_SIZE": 0, "ORIENTATION": 1, "DPI": 300}
        single = processing.run("sectorclusters:exportmap", dict(
            common, FIELD="High_Value_Manufacturing", TITLE="High Value Manufacturing: multi-LEP clusters",
            OUTPUT_PDF=str(out / "hvm_map.pdf"), OUTPUT_PNG=str(out / "hvm_map.png")), feedback=feedback)
        atlas = processing.run("sectorclusters:exportmap", dict(
            common, ATLAS=True, TITLE="Sector clusters in England's LEPs",
            OUTPUT_PDF=str(out / "sector_atlas.pdf")), feedback=feedback)
        print("\nMaps:")
        for path in (single.get("OUTPUT_PDF"), single.get("OUTPUT_PNG"), atlas.get("OUTPUT_PDF")):
            if path:
                print(f"  {path}")
    timeline(out, feedback)
    point_clusters(out, detected, feedback)
    print(f"\nOutputs in {out}")
    return 0


def timeline(out: Path, feedback) -> None:
    """clustertimeline on the yearly illustrative scores, the HVM tracks, and its two maps."""
    import csv

    import processing
    from qgis.core import QgsApplication, QgsVectorLayer

    t0 = time.perf_counter()
    res = processing.run("sectorclusters:clustertimeline", {
        "INPUT": str(BOUNDARIES), "INPUT_KEY": "LEP21CD", "TABLES": [str(p) for p in YEARLY], **demo_settings(),
        "OUTPUT_CLUSTERS": str(out / "timeline_clusters.gpkg"), "OUTPUT_ENDED": str(out / "timeline_ended.csv"),
        "OUTPUT_REGIONS": str(out / "timeline_regions.gpkg"), "OUTPUT_REPORT": str(out / "timeline_report.html"),
    }, feedback=feedback)
    print(f"\nCluster dynamics {YEARS[0]}–{YEARS[-1]} in {time.perf_counter() - t0:.2f} s "
          "(illustrative yearly scores; same settings as above)")
    clusters = QgsVectorLayer(res["OUTPUT_CLUSTERS"], "timeline", "ogr")
    tracks: dict[int, list] = {}
    for f in clusters.getFeatures():
        if f["sector"] == "High_Value_Manufacturing":
            tracks.setdefault(f["track"], []).append((f["period"], f["change"], f["n_regions"]))
    with open(res["OUTPUT_ENDED"], newline="", encoding="utf-8") as fh:
        ended = {int(r["track"]): r for r in csv.DictReader(fh) if r["sector"] == "High_Value_Manufacturing"}
    print("High Value Manufacturing")
    for track, steps in sorted(tracks.items()):
        line = ", ".join(f"{p} {change} ({n} LEPs)" for p, change, n in sorted(steps))
        if track in ended:
            into = ended[track]["absorbed_into"]
            line += f"; ended {ended[track]['ended']}" + (f" (its LEPs went to track {into})" if into else "")
        print(f"  track {track}: {line}")
    regions = QgsVectorLayer(res["OUTPUT_REGIONS"], "trajectories", "ogr")
    counts: dict[str, int] = {}
    for f in regions.getFeatures():
        counts[f["High_Value_Manufacturing_traj"]] = counts.get(f["High_Value_Manufacturing_traj"], 0) + 1
    order = ("persistent", "emerging", "fading", "intermittent", "never", "no data")
    print("  LEPs by trajectory: " + ", ".join(f"{k} {counts[k]}" for k in order if counts.get(k)))
    if QgsApplication.processingRegistry().algorithmById("sectorclusters:exportmap") is None:
        return
    maps = []
    for layout, name in ((1, "hvm_small_multiples"), (2, "hvm_trajectories")):
        done = processing.run("sectorclusters:exportmap", {
            "REGIONS": res["OUTPUT_REGIONS"], "CLUSTERS": res["OUTPUT_CLUSTERS"], "FIELD": "High_Value_Manufacturing",
            "LAYOUT": layout, "PAGE_SIZE": 0, "ORIENTATION": 0, "DPI": 300,
            "OUTPUT_PDF": str(out / f"{name}.pdf"), "OUTPUT_PNG": str(out / f"{name}.png")}, feedback=feedback)
        maps += [done.get("OUTPUT_PDF"), done.get("OUTPUT_PNG")]
    print("Timeline maps and report:")
    for path in [*maps, res["OUTPUT_REPORT"]]:
        if path:
            print(f"  {path}")


def point_clusters(out: Path, detected: dict, feedback) -> None:
    """pointclusters on the illustrative manufacturing firms (weighted by employees), then the HVM map with
    those clusters over the LEP clusters."""
    import processing
    from qgis.core import QgsApplication, QgsVectorLayer

    t0 = time.perf_counter()
    res = processing.run("sectorclusters:pointclusters", {
        "INPUT": str(FIRMS), "SECTOR_FIELD": "sector", "SECTORS": "Manufacturing", "WEIGHT_FIELD": "employees",
        "RADIUS": RADIUS_M, "MIN_WEIGHT": MIN_WEIGHT, "REGIONS": str(BOUNDARIES), "REGIONS_NAME": "LEP21NM",
        "OUTPUT_POINTS": str(out / "firms_clusters.gpkg"), "OUTPUT_CLUSTERS": str(out / "point_clusters.gpkg"),
    }, feedback=feedback)
    print(f"\nPoint clusters of manufacturing firms in {time.perf_counter() - t0:.2f} s "
          f"(illustrative firms; within {RADIUS_M} m, {MIN_WEIGHT} employees)")
    clusters = QgsVectorLayer(res["OUTPUT_CLUSTERS"], "point clusters", "ogr")
    for f in sorted(clusters.getFeatures(), key=lambda f: f["rank"]):
        print(f"  {f['rank']:>2}. {f['points']} firms, {f['weight']:,.0f} employees, {f['area_km2']:.1f} km² — "
              f"{f['spans']}")
    if QgsApplication.processingRegistry().algorithmById("sectorclusters:exportmap") is None:
        return
    done = processing.run("sectorclusters:exportmap", {
        "REGIONS": detected["OUTPUT_REGIONS"], "CLUSTERS": detected["OUTPUT_CLUSTERS"],
        "FIELD": "High_Value_Manufacturing", "POINT_CLUSTERS": res["OUTPUT_CLUSTERS"],
        "TITLE": "High Value Manufacturing: firm clusters and multi-LEP clusters", "SUBTITLE": "",
        "PAGE_SIZE": 0, "ORIENTATION": 1, "DPI": 300,
        "OUTPUT_PDF": str(out / "hvm_point_clusters.pdf"), "OUTPUT_PNG": str(out / "hvm_point_clusters.png"),
    }, feedback=feedback)
    print("Point cluster map:")
    for path in (done.get("OUTPUT_PDF"), done.get("OUTPUT_PNG")):
        if path:
            print(f"  {path}")


if __name__ == "__main__":
    sys.exit(main())
