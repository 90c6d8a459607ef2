"""Outlines and the neighbour graph on 34,753 LSOAs: issue 19's code against the code before it, same run.

Run with .venv-ref/bin/python. The data are bench_pipeline's (its cached GeoPackage and scores, built there with
make_data("lsoa")). For each interpreter (this one, shapely 2; /usr/bin/python3, shapely 1.8 under Debian 12's
QGIS 3.22) a child process finds the clusters of the pipeline benchmark (21 sectors, LQ > 1.25, queen, at least
2 regions) at gap 0 and 500 m, then, in alternating rounds, outlines every cluster with the previous code
(tests/core/test_outline_reference.py) and with the current one (``steps.outlines.OutlineMaker.outline_all``, as
the plugin runs it: each member set once, in batches on every core). Last it compares each distinct member set's
two outlines: symmetric difference area relative to the outline's area, same number of parts, identical
coordinates. Against geopandas: the same clusters dissolved by ``GeoDataFrame.dissolve`` (shapely 2, one core as
geopandas uses), in the same rounds and process as ours, wall and CPU seconds on both sides; then ``--pairs`` pairs
of fresh processes, ours and dissolve back to back (the order alternating), at 500 m.

The graph: queen contiguity on shapely 1.8 with the direct GEOS loop and with shapely's wrappers (what the loop
was before), alternating, against libpysal's Queen.from_dataframe (shapely 2, its own process). Seconds are
process CPU time (the machine is shared; CPU time is steadier than wall time), median of the rounds.
Writes benchmarks/results/outlines.md.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pipeline import GAP, SYSTEM_PY, THRESHOLD, make_data, read_regions_ogr  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def clusters(shapes: list, codes: list, csv: Path) -> dict[float, list[tuple[int, ...]]]:
    """Every cluster's members at gap 0 and GAP, as the pipeline benchmark finds them."""
    from plugin.core.engine import SectorTable, detect, join_scores
    from plugin.core.graph import build_neighbour_graph
    from plugin.core.tables import load_scores

    joined = join_scores(load_scores(csv), codes)
    out = {}
    for gap in (0.0, GAP):
        graph = build_neighbour_graph(shapes, "queen", gap)
        results, _ = detect(SectorTable(joined.values, joined.labels, joined.labels, codes), graph, "lq", THRESHOLD, 2)
        out[gap] = [tuple(int(i) for i in c.members) for r in results for c in r.clusters]
    return out


def outline_all(kind: str, shapes: list, sets: list, gap: float) -> dict:
    """Outlines of ``sets`` (each distinct set once) with the current code ("new"), the previous code as it drew
    them ("old": rings of the closing's copy started where the union left them, the closing shrunk exactly as far
    as it grew) or the previous code with the current definition ("reference": those rings started on the
    ground and the closing shrunk ``CLOSING_INSET`` of the gap further, as the current code does)."""
    from plugin.steps.outlines import OutlineMaker, sliver_area
    from tests.core.test_outline_reference import reference_outline

    if kind == "new":
        make = OutlineMaker(shapes, gap)
        make.outline_all(sets)
        return {key: make(key) for key in sets}
    min_hole = sliver_area(shapes)
    done: dict = {}
    for key in sets:
        if key not in done:
            done[key] = reference_outline([shapes[i] for i in key], gap, min_hole, fixed_starts=kind == "reference",
                                          inset=kind == "reference")
    return done


def moved(new: dict, old: dict) -> dict:
    """How far the current outlines lie from the earlier drawing: the sets that differ at all, and the
    Hausdorff distance (metres) of those, median, 99th percentile and largest."""
    import numpy as np

    far = [new[key].hausdorff_distance(a) for key, a in old.items() if not new[key].equals_exact(a, 0.0)
           and new[key].symmetric_difference(a).area > 1e-9 * max(a.area, 1e-12)]
    if not far:
        return {"differ": 0, "median": 0.0, "p99": 0.0, "max": 0.0}
    return {"differ": len(far), "median": float(np.median(far)), "p99": float(np.percentile(far, 99)),
            "max": float(max(far))}


def run_child(gpkg: Path, csv: Path, rounds: int) -> dict:
    sys.path.insert(0, str(ROOT))
    import shapely

    from plugin.core import geometry
    from plugin.core.graph import build_neighbour_graph

    codes, shapes = read_regions_ogr(gpkg)
    found = clusters(shapes, codes, csv)
    try:  # geopandas is there for the shapely 2 interpreter only
        import geopandas as gpd
    except ImportError:
        gdf = None
    else:
        gdf = gpd.read_file(gpkg)
    kinds = ["old", "new"] + (["dissolve"] if gdf is not None else [])
    times: dict[str, list[float]] = {}
    last: dict = {}
    for k in range(rounds):
        for kind in kinds[k % len(kinds):] + kinds[:k % len(kinds)]:
            for gap in (0.0, GAP):
                t, wall = time.process_time(), time.perf_counter()
                if kind == "dissolve":
                    dissolve_clusters(gdf, found[gap])
                    times.setdefault(f"{kind}{gap:g}", []).append(time.process_time() - t)
                    times.setdefault(f"{kind}{gap:g}_wall", []).append(time.perf_counter() - wall)
                    continue
                last[(kind, gap)] = outline_all(kind, shapes, found[gap], gap)
                times.setdefault(f"{kind}{gap:g}", []).append(time.process_time() - t)
                times.setdefault(f"{kind}{gap:g}_wall", []).append(time.perf_counter() - wall)
        if not geometry.SHAPELY2:  # the graph loop: direct GEOS calls against shapely 1.8's wrappers
            for kind in (("wrapped", "direct") if k % 2 == 0 else ("direct", "wrapped")):
                geometry._PAIR_TESTS[:] = [None] if kind == "wrapped" else []
                t = time.process_time()
                graph = build_neighbour_graph(shapes, "queen", 0.0)
                times.setdefault(f"graph_{kind}", []).append(time.process_time() - t)
                times.setdefault(f"pairs_{kind}", []).append(len(graph.pairs))
            geometry._PAIR_TESTS[:] = []
    same = {}
    for gap in (0.0, GAP):
        old, new = outline_all("reference", shapes, found[gap], gap), last[("new", gap)]
        worst, exact, parts, positive = 0.0, 0, 0, 0
        for key, a in old.items():
            b = new[key]
            sd = b.symmetric_difference(a).area / max(a.area, 1e-12)
            worst = max(worst, sd)
            positive += sd > 0
            exact += bool(a.equals_exact(b, 0.0))
            parts += len(geometry._parts(a)) != len(geometry._parts(b))
        same[f"{gap:g}"] = {"sets": len(old), "clusters": len(found[gap]), "worst": worst, "positive": positive,
                            "exact": exact, "parts_differ": parts, "moved": moved(new, last[("old", gap)])}
    return {"shapely": shapely.__version__, "times": times, "same": same}


def run_libpysal(gpkg: Path, rounds: int) -> list[float]:
    import geopandas as gpd
    from libpysal.weights import Queen

    gdf = gpd.read_file(gpkg)
    out = []
    for _ in range(rounds):
        t = time.process_time()
        Queen.from_dataframe(gdf, use_index=False, silence_warnings=True)
        out.append(time.process_time() - t)
    return out


def dissolve_clusters(gdf, sets: list) -> None:
    """geopandas' dissolve of ``sets`` (a label per cluster, as bench_pipeline's script does per sector)."""
    import numpy as np

    rows = np.concatenate([np.asarray(m) for m in sets])
    labels = np.repeat(np.arange(len(sets)), [len(m) for m in sets])
    done = gdf.iloc[rows][["geometry"]].assign(label=labels).dissolve("label")
    assert len(done) == len(sets)


def write_sets(gpkg: Path, csv: Path, path: Path) -> int:
    """The clusters at GAP as lists of members, for the head-to-head children to read instead of finding them."""
    sys.path.insert(0, str(ROOT))
    codes, shapes = read_regions_ogr(gpkg)
    found = clusters(shapes, codes, csv)[GAP]
    path.write_text(json.dumps(found))
    return len(found)


def run_one(kind: str, gpkg: Path, sets_path: Path) -> dict:
    """One timed run in a fresh process: ours (``OutlineMaker.outline_all`` at GAP) or geopandas' dissolve of the
    same clusters. The data are read before the clock starts, as in the rounds above."""
    sys.path.insert(0, str(ROOT))
    sets = [tuple(m) for m in json.loads(sets_path.read_text())]
    if kind == "ours":
        from plugin.steps.outlines import OutlineMaker

        _, shapes = read_regions_ogr(gpkg)
        t, wall = time.process_time(), time.perf_counter()
        OutlineMaker(shapes, GAP).outline_all(sets)
    else:
        import geopandas as gpd

        gdf = gpd.read_file(gpkg)
        t, wall = time.process_time(), time.perf_counter()
        dissolve_clusters(gdf, sets)
    return {"wall": time.perf_counter() - wall, "cpu": time.process_time() - t}


def head_to_head(gpkg: Path, csv: Path, pairs: int) -> list[tuple[float, float]] | None:
    """(ours, dissolve) wall seconds per pair of fresh processes, the order alternating from pair to pair."""
    sets_path = Path(os.environ.get("TMPDIR", "/tmp")) / "sc_bench_pipeline" / "outline_sets.json"
    if child(sys.executable, ["sets", str(gpkg), str(csv), str(sets_path)]) is None:
        return None
    out = []
    for k in range(pairs):
        got = {}
        for kind in (("ours", "dissolve") if k % 2 == 0 else ("dissolve", "ours")):
            got[kind] = child(sys.executable, ["one", kind, str(gpkg), str(sets_path)])
        if got["ours"] is None or got["dissolve"] is None:
            return None
        out.append((got["ours"]["wall"], got["dissolve"]["wall"]))
        print(f"pair {k + 1}: ours {out[-1][0]:.2f} s, dissolve {out[-1][1]:.2f} s", flush=True)
    return out


def child(python: str, args: list[str]) -> dict | list | None:
    if not Path(python).exists():
        return None
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONWARNINGS="ignore")
    proc = subprocess.run([python, __file__, "--child", *args], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        print(f"{python} failed:\n{proc.stderr[-3000:]}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def med(xs: list[float]) -> str:
    return f"{statistics.median(xs):.2f} ({min(xs):.2f})"


def main() -> int:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        if sys.argv[2] == "libpysal":
            print(json.dumps(run_libpysal(Path(sys.argv[3]), int(sys.argv[4]))))
        elif sys.argv[2] == "sets":
            print(json.dumps(write_sets(Path(sys.argv[3]), Path(sys.argv[4]), Path(sys.argv[5]))))
        elif sys.argv[2] == "one":
            print(json.dumps(run_one(sys.argv[3], Path(sys.argv[4]), Path(sys.argv[5]))))
        else:
            print(json.dumps(run_child(Path(sys.argv[3]), Path(sys.argv[4]), int(sys.argv[5]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pairs", type=int, default=8, help="head-to-head pairs of fresh processes, ours and "
                        "dissolve at the 500 m gap")
    args = parser.parse_args()
    gpkg, csv, n = make_data("lsoa")
    loads = [os.getloadavg()[0]]
    got = {}
    for name, python in (("shapely 2", sys.executable), ("shapely 1.8, QGIS 3.22 Python", SYSTEM_PY)):
        got[name] = child(python, ["ours", str(gpkg), str(csv), str(args.rounds)])
        loads.append(os.getloadavg()[0])
        print(name, got[name] and got[name]["times"], flush=True)
    queen = child(sys.executable, ["libpysal", str(gpkg), str(args.rounds)])
    loads.append(os.getloadavg()[0])
    paired = head_to_head(gpkg, csv, args.pairs) if args.pairs > 0 else None
    loads.append(os.getloadavg()[0])
    lines = ["# Outlines and the neighbour graph on shapely 2 and 1.8: issue 19 against the code before it", "",
             f"{n:,} LSOAs, the clusters of bench_pipeline (21 sectors, LQ > {THRESHOLD}, queen, at least 2 "
             f"regions) at gap 0 and {GAP:g} m. {args.rounds} rounds, previous and current code alternating in "
             "one process per interpreter; process CPU seconds, median (best). Load average (1 min) before, "
             f"between and after the children: {', '.join(f'{x:.1f}' for x in loads)} on {os.cpu_count()} "
             "cores.", "",
             "| shapely | stage | clusters (distinct sets) | before | now | now / before |",
             "|---|---|---|---|---|---|"]
    for name, res in got.items():
        if res is None:
            lines.append(f"| {name} | not run | | | | |")
            continue
        for gap in (0.0, GAP):
            t = res["times"]
            old, new = t[f"old{gap:g}"], t[f"new{gap:g}"]
            s = res["same"][f"{gap:g}"]
            lines.append(f"| {name} [{res['shapely']}] | outlines, gap {gap:g} m | {s['clusters']} ({s['sets']}) | "
                         f"{med(old)} | {med(new)} | {statistics.median(new) / statistics.median(old):.2f}× |")
    ours = got.get("shapely 2")
    if ours is not None and "dissolve0_wall" in ours["times"]:
        lines += ["", "## Against geopandas' dissolve of the same clusters", "",
                  f"Ours: `OutlineMaker.outline_all` on {os.cpu_count()} cores (shapely 2, one outline per distinct "
                  "member set); geopandas: `dissolve` by cluster, one core, no gap closing or bridging. Both in the "
                  "rounds above, in the same process (which also runs the previous code: after that, both run "
                  "5–8 % slower than in a fresh process). Seconds, median (best) of the rounds.", "",
                  "| gap | clusters | ours wall | ours CPU | dissolve wall | dissolve CPU | wall ratio |",
                  "|---|---|---|---|---|---|---|"]
        for gap in (0.0, GAP):
            t = ours["times"]
            wall, cpu = t[f"new{gap:g}_wall"], t[f"new{gap:g}"]
            dw, dc = t[f"dissolve{gap:g}_wall"], t[f"dissolve{gap:g}"]
            lines.append(f"| {gap:g} m | {ours['same'][f'{gap:g}']['clusters']} | {med(wall)} | {med(cpu)} | "
                         f"{med(dw)} | {med(dc)} | {statistics.median(wall) / statistics.median(dw):.2f}× |")
    if paired:
        ratios = [a / b for a, b in paired]
        lines += ["", f"## Head to head at {GAP:g} m: fresh processes, alternating", "",
                  f"{len(paired)} pairs of fresh processes (shapely 2), ours first in odd pairs and dissolve first in "
                  "even ones; each reads the data and the clusters (found once, before the pairs) before its clock "
                  "starts, and nothing else runs in it. Wall seconds.", "",
                  "| pair | ours | dissolve | ratio |", "|---|---|---|---|"]
        for k, ((a, b), r) in enumerate(zip(paired, ratios), 1):
            lines.append(f"| {k} | {a:.2f} | {b:.2f} | {r:.2f}× |")
        lines.append(f"| median | {statistics.median(a for a, _ in paired):.2f} | "
                     f"{statistics.median(b for _, b in paired):.2f} | {statistics.median(ratios):.2f}× "
                     f"({sum(r <= 1.0 for r in ratios)} of {len(ratios)} pairs at most 1.00×; "
                     f"{min(ratios):.2f}–{max(ratios):.2f}×) |")
    lines += ["", "## Same outlines?", "", "Per distinct member set, the current outline against the previous code "
              "drawing the current definition (the closing's simplified copy starts each ring at a vertex fixed on "
              "the ground, and the closing shrinks back a millionth of the gap further than it grew).", "",
              "| shapely | gap | sets | symmetric difference > 0 | worst (relative to area) | "
              "parts differ | identical coordinates |", "|---|---|---|---|---|---|---|"]
    for name, res in got.items():
        if res is None:
            continue
        for gap, s in res["same"].items():
            lines.append(f"| {name} | {gap} m | {s['sets']} | {s['positive']} | {s['worst']:.1e} | "
                         f"{s['parts_differ']} | {s['exact']} |")
    lines += ["", "## How far outlines moved with the fixed ring starts and the closing's inset", "",
              "Per distinct member set, the current outline against the earlier drawing (the closing's copy "
              "simplified from wherever the union started each ring, the closing shrunk as far as it grew): sets "
              "that differ by more than 1e-9 of their area, and their Hausdorff distance in metres.",
              "", "| shapely | gap | sets | differ | median | 99th percentile | largest |",
              "|---|---|---|---|---|---|---|"]
    for name, res in got.items():
        if res is None:
            continue
        for gap, s in res["same"].items():
            m = s["moved"]
            lines.append(f"| {name} | {gap} m | {s['sets']} | {m['differ']} | {m['median']:.1f} | {m['p99']:.1f} | "
                         f"{m['max']:.1f} |")
    old18 = got.get("shapely 1.8, QGIS 3.22 Python")
    if old18 is not None and "graph_direct" in old18["times"]:
        t = old18["times"]
        lines += ["", "## Queen graph on shapely 1.8 against libpysal", "",
                  "| contender | CPU seconds | ratio to libpysal Queen | pairs |", "|---|---|---|---|"]
        base = statistics.median(queen) if queen else float("nan")
        for kind, label in (("direct", "ours, GEOS called directly (now)"), ("wrapped", "ours, through shapely "
                                                                                       "1.8's wrappers (before)")):
            lines.append(f"| {label} | {med(t[f'graph_{kind}'])} | {statistics.median(t[f'graph_{kind}']) / base:.2f}× "
                         f"| {int(t[f'pairs_{kind}'][0])} |")
        if queen:
            lines.append(f"| libpysal Queen.from_dataframe (shapely 2) | {med(queen)} | 1.00× | |")
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "outlines.md").write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
