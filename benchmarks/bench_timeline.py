"""Cluster dynamics over time: sectorclusters:clustertimeline against the same periods run one by one.

6 periods × 21 sectors on two layers:

* the 38 LEPs with the real BRES 2015–2020 exports (the 21 SIC sections; aliases for the two 2020 names);
* the 309 English LADs (December 2021, codes starting E) with synthetic scores: for each sector a smooth
  surface over the districts' centroids (its own wavelength and phase, drifting a little each year) times
  deterministic noise (numpy seed 10), so every year has real multi-district clusters that move.

For each: the timeline algorithm (one join per period, one neighbour graph, writing the three layers and the
report), against 6 separate runs of detectclusters (each on its period's joinscores output, as a user must do
today), and against 6 × (joinscores + detectclusters). Best of REPEAT runs, after QGIS is up. Run with the system
Python (/usr/bin/python3). Writes benchmarks/results/timeline.md. Needs ../shared/data.
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
LAD = SHARED / "lad_2021_buc" / "LAD_DEC_2021_UK_BUC.shp"
BRES = [SHARED / "bres_lep_sic_section" / f"Employment by sector - BRES {y}.csv" for y in range(2015, 2021)]
YEARS = list(range(2015, 2021))
REPEAT = 3
N_SECTORS = 21


def best(fn, repeat: int = REPEAT) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def synthetic_tables(layer_path: str, folder: Path) -> tuple[list[Path], list[str]]:
    """Six yearly wide CSVs (code + 21 sectors) for the LADs of ``layer_path``."""
    import numpy as np
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(layer_path, "lad", "ogr")
    codes, xs, ys = [], [], []
    for f in layer.getFeatures():
        c = f.geometry().centroid().asPoint()
        codes.append(f["LAD21CD"])
        xs.append(c.x())
        ys.append(c.y())
    x, y = (np.array(xs) - np.mean(xs)) / 1e5, (np.array(ys) - np.mean(ys)) / 1e5  # 100 km units (EPSG:27700)
    rng = np.random.default_rng(10)
    sectors = [f"Sector {chr(65 + s)}" for s in range(N_SECTORS)]
    wave = rng.uniform(0.6, 2.0, N_SECTORS)
    phase = rng.uniform(0, 2 * np.pi, (N_SECTORS, 2))
    paths = []
    for k, year in enumerate(YEARS):
        drift = 0.15 * k
        cols = []
        for s in range(N_SECTORS):
            surface = np.sin(x * wave[s] + phase[s, 0] + drift) * np.cos(y * wave[s] + phase[s, 1] - drift / 2)
            noise = rng.lognormal(0.0, 0.25, len(codes))
            cols.append(np.round(1000 * (1.6 + surface) * noise, 1))
        lines = ["code," + ",".join(sectors)]
        lines += [f"{c}," + ",".join(f"{col[i]:.1f}" for col in cols) for i, c in enumerate(codes)]
        path = folder / f"synthetic lad scores {year}.csv"
        path.write_text("\n".join(lines) + "\n")
        paths.append(path)
    return paths, sectors


def bench_layer(name: str, layer: str, key: str, tables: list[Path], sectors: list[str], aliases: str,
                tmp: Path, baselines=((0, "mean"), (3, "LQ")), tolerances=(0, 35000)) -> list[str]:
    import processing
    from qgis.core import QgsVectorLayer

    from plugin.gis.meta import read_meta

    rows = []
    # joinscores once per period (outside the detect-only timing), as a user would before detectclusters
    joined = []
    t_join, n = 0.0, 0
    for k, table in enumerate(tables):
        params = {"INPUT": layer, "INPUT_KEY": key, "TABLE": str(table), "OUTPUT": str(tmp / f"{name}_j{k}.gpkg")}
        if aliases:
            params["ALIASES"] = aliases
        t = time.perf_counter()
        joined.append(processing.run("sectorclusters:joinscores", params)["OUTPUT"])
        t_join += time.perf_counter() - t
        n += 1
    meta = read_meta(QgsVectorLayer(joined[0], "j", "ogr"))
    source = QgsVectorLayer(layer, name, "ogr")
    by_label = {label: f for f, label in meta["sectors"].items()}
    fields = [by_label[s] for s in sectors]
    counter = iter(range(10**6))
    for baseline, bname in baselines:
        for tol in tolerances:
            def timeline(baseline=baseline, tol=tol):
                k = next(counter)
                params = {"INPUT": layer, "INPUT_KEY": key, "TABLES": [str(p) for p in tables],
                          "SECTORS": "\n".join(sectors), "BASELINE": baseline, "GAP_TOLERANCE": tol,
                          "OUTPUT_CLUSTERS": str(tmp / f"{name}_tc{k}.gpkg"),
                          "OUTPUT_ENDED": str(tmp / f"{name}_te{k}.csv"),
                          "OUTPUT_REGIONS": str(tmp / f"{name}_tr{k}.gpkg"),
                          "OUTPUT_REPORT": str(tmp / f"{name}_t{k}.html")}
                if aliases:
                    params["ALIASES"] = aliases
                return processing.run("sectorclusters:clustertimeline", params)

            def detect_each(baseline=baseline, tol=tol):
                total = 0
                for j in joined:
                    k = next(counter)
                    res = processing.run("sectorclusters:detectclusters", {
                        "INPUT": j, "FIELDS": fields, "BASELINE": baseline, "GAP_TOLERANCE": tol,
                        "OUTPUT_REGIONS": str(tmp / f"{name}_dr{k}.gpkg"),
                        "OUTPUT_CLUSTERS": str(tmp / f"{name}_dc{k}.gpkg")})
                    total += res["CLUSTERS"]
                return total

            def step_alone(bname=bname, tol=tol):
                """What the panel waits for before it can list tracks: read, graph, tables, join, detect, track."""
                from plugin.gis.layers import read_regions
                from plugin.gis.reading import read_layer_keys
                from plugin.gis.snapshot import LayerSnapshot
                from plugin.steps.join import load_aliases
                from plugin.steps.neighbours import neighbour_graph
                from plugin.steps.reading import PeriodSources
                from plugin.steps.settings import NeighbourSettings, RuleSettings
                from plugin.steps.timeline import TimelineInputs, TimelineSettings, load_period_tables, run_timeline

                snap = LayerSnapshot(source)
                regions = read_regions(snap)
                graph = neighbour_graph(regions, NeighbourSettings("queen", tol))
                tables_ = load_period_tables(PeriodSources([str(p) for p in tables]))
                inputs = TimelineInputs(read_layer_keys(snap, key), regions, graph, tables_, load_aliases(aliases),
                                        snap.name())
                settings = TimelineSettings(RuleSettings(bname.lower(), None, 2), NeighbourSettings("queen", tol),
                                            sectors)
                return run_timeline(inputs, settings)

            t_tl, res = best(timeline)
            t_step, _ = best(step_alone)
            t_det, n_det = best(detect_each)
            assert res["CLUSTERS"] == n_det, (res["CLUSTERS"], n_det)  # the same clusters, period by period
            rows.append(f"| {name} | {bname} | {tol / 1000:g} km | {res['CLUSTERS']} | {res['TRACKS']} | "
                        f"{t_step:.2f} | {t_tl:.2f} | {t_det:.2f} | {t_det + t_join:.2f} | "
                        f"{(t_det + t_join) / t_tl:.1f}× |")
    return rows


def main() -> int:
    missing = [p for p in (LEP, LAD, *BRES) if not p.exists()]
    if missing:
        print(f"shared data not found: {missing[0]}", file=sys.stderr)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    t = time.perf_counter()
    from plugin.headless import start_qgis

    start_qgis()
    qgis_up = time.perf_counter() - t
    import processing

    tmp = Path(tempfile.mkdtemp())
    aliases = tmp / "aliases.csv"
    aliases.write_text("table,layer\nBuckinghamshire Thames Valley,E37000043\nHull and East Riding,E37000061\n")
    from plugin.core.tables import load_scores

    sections = load_scores(BRES[-1]).sectors[:N_SECTORS]  # A … U
    lads = processing.run("native:extractbyexpression", {
        "INPUT": str(LAD), "EXPRESSION": "left(\"LAD21CD\", 1) = 'E'", "OUTPUT": str(tmp / "england_lads.gpkg")})
    lad_layer = lads["OUTPUT"]
    lad_tables, lad_sectors = synthetic_tables(lad_layer, tmp)

    rows = bench_layer("38 LEPs, BRES 2015–2020", str(LEP), "LEP21CD", BRES, sections, str(aliases), tmp)
    rows += bench_layer("309 LADs, synthetic", lad_layer, "LAD21CD", lad_tables, lad_sectors, "", tmp)
    lines = [
        "# clustertimeline benchmark (6 periods × 21 sectors)", "",
        f"QGIS start-up {qgis_up:.2f} s (not counted). Best of {REPEAT} runs each, through `processing.run`, "
        "every run writing its GeoPackages (and, for the timeline, the ended-tracks CSV and the HTML report).", "",
        "* **timeline**: `sectorclusters:clustertimeline` on the six tables (six joins, one neighbour graph, six "
        "detects, tracking, trajectories, three layers and the report);",
        "* **6 × detect**: `sectorclusters:detectclusters` on each period's joinscores output (the joins done "
        "beforehand, not counted);",
        "* **6 × (join + detect)**: the same plus the six `joinscores` runs, i.e. what a user runs today for six "
        "maps to compare by eye; the last column is this over the timeline.", "",
        "* **step alone**: `steps.timeline.run_timeline` with its inputs read (snapshot, regions, graph, tables) but "
        "no outlines and no files: what the panel waits for before it can list the tracks.", "",
        "The script asserts that the timeline finds as many clusters as the six detect runs together. Outlining "
        "the clusters (`core.geometry.outline`, which bridges gaps up to the tolerance) is most of the time at "
        "35 km, in the timeline as in each detect run; the timeline outlines a member set once however many "
        "periods and sectors share it.", "",
        "| layer | baseline | gap tolerance | clusters | tracks | step alone (s) | timeline (s) | 6 × detect (s) | "
        "6 × (join + detect) (s) | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
        *rows, "",
        f"Peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB. Machine: {os.cpu_count()} "
        f"cores (shared with other work; load average {os.getloadavg()[0]:.1f} at the end).",
        "The 309 LADs' synthetic scores are made by this script (numpy seed 10). The 2015 and 2020 BRES files of "
        "the shared data are byte-identical (same md5, a defect of the shared data): timing does not depend on it.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "timeline.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
