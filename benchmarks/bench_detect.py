"""The full detectclusters run on the 38 LEPs × 21 BRES sectors, after QGIS is up.

Run with the system Python (/usr/bin/python3), as QGIS runs the plugin.
Writes benchmarks/results/detect.md. Needs ../shared/data.
"""
from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
LEP = SHARED / "lep_2021_buc" / "Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson"
BRES = SHARED / "bres_lep_sic_section" / "Employment by sector - BRES 2020.csv"
REPEAT = 5


def main() -> int:
    if not LEP.exists() or not BRES.exists():
        print(f"shared data not found under {SHARED}", file=sys.stderr)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t = time.perf_counter()
    from plugin.headless import start_qgis

    start_qgis()
    qgis_up = time.perf_counter() - t
    import processing
    from qgis.core import QgsVectorLayer

    from plugin.gis.meta import read_meta

    tmp = Path(tempfile.mkdtemp())
    aliases = tmp / "aliases.csv"
    aliases.write_text("table,layer\nBuckinghamshire Thames Valley,E37000043\nHull and East Riding,E37000061\n")
    t = time.perf_counter()
    joined = processing.run("sectorclusters:joinscores", {
        "INPUT": str(LEP), "INPUT_KEY": "LEP21CD", "TABLE": str(BRES), "ALIASES": str(aliases),
        "OUTPUT": str(tmp / "joined.gpkg")})["OUTPUT"]
    t_join = time.perf_counter() - t
    sectors = list(read_meta(QgsVectorLayer(joined, "j", "ogr"))["sectors"])[:21]  # the 21 SIC sections

    lines = ["# detectclusters benchmark (38 LEPs × 21 BRES 2020 SIC sections)", "",
             f"QGIS start-up {qgis_up:.2f} s (not counted); joinscores {t_join:.2f} s. Best of {REPEAT} runs of "
             "`processing.run('sectorclusters:detectclusters')` writing both GeoPackages.", "",
             "| baseline | gap tolerance | clusters | time (s) |", "|---|---|---|---|"]
    for baseline, name in ((0, "mean"), (3, "LQ")):
        for tol in (0, 35000):
            times = []
            for k in range(REPEAT):
                t = time.perf_counter()
                res = processing.run("sectorclusters:detectclusters", {
                    "INPUT": joined, "FIELDS": sectors, "BASELINE": baseline, "GAP_TOLERANCE": tol,
                    "OUTPUT_REGIONS": str(tmp / f"r{baseline}{tol}{k}.gpkg"),
                    "OUTPUT_CLUSTERS": str(tmp / f"c{baseline}{tol}{k}.gpkg")})
                times.append(time.perf_counter() - t)
            lines.append(f"| {name} | {tol / 1000:g} km | {res['CLUSTERS']} | {min(times):.2f} |")
    lines += ["", f"Peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB."]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "detect.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
