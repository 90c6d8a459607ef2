"""`make demo`: join → detect → style → export on the built-in demo data, headless.

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
        "INPUT": joined["OUTPUT"], "BASELINE": 0, "THRESHOLD": 1.0, "NEIGHBOURS": 0, "GAP_TOLERANCE": GAP_M,
        "MIN_REGIONS": 2, "OVERLAY": overlay, "OVERLAY_NAME": "name",
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
    print(f"\nOutputs in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
