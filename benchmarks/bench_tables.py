"""Reading and joining score tables at scale: a long table of 1,000,000 rows x 11,000 keys, and wide tables of
34,753 (LSOAs) and 150,000 rows x 21 sectors.

Each case runs in its own subprocess (``--case NAME``), so its peak memory (``ru_maxrss``) is its own; the file
size and the interpreter's memory before reading are reported beside it. Times are the best of ``--rounds``
(default 3) runs. Writes ``benchmarks/results/tables.md`` and prints it.

    /usr/bin/python3 benchmarks/bench_tables.py            # all cases (QGIS's Python, no QGIS needed)
    /usr/bin/python3 benchmarks/bench_tables.py --case long --rounds 1

Stages timed: ``read`` = file to cells (header, number convention), ``scores`` = cells to the score matrix,
``join`` = matching the rows to the regions' keys and names and spreading the scores (``core.engine.join_scores``).
The regions' keys are the table's own (every row matches), their names ``Region <n>``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
TMP = Path(os.environ.get("TMPDIR", "/tmp")) / "sc_bench_tables"
SECTIONS = [f"{chr(65 + i)} : Section {chr(65 + i)} of the economy" for i in range(21)]

CASES = {
    # name: (what, file maker, target seconds)
    "long": "long table, 1,000,000 rows x 11,000 keys (key, sector, value)",
    "wide_lsoa": "wide table, 34,753 rows x 21 sectors (LSOAs)",
    "wide_150k": "wide table, 150,000 rows x 21 sectors",
    "wide_lsoa_eu": "wide table, 34,753 x 21, ';' and decimal commas (1.234,5)",
}
TARGETS = {"long": 20.0, "wide_lsoa": 1.0, "wide_150k": 3.0, "wide_lsoa_eu": 1.0}


def code(i: int) -> str:
    return f"E{i + 1:08d}"


def make_long(path: Path, keys: int = 11_000, rows: int = 1_000_000) -> None:
    """About ``rows`` rows over ``keys`` keys: every key gets the same sectors (91), each a value."""
    import random

    rng = random.Random(17)
    per_key = -(-rows // keys)  # 91 sectors per key: 1,001,000 rows
    sectors = [f"{s:03d} Sector {s:03d} of industry" for s in range(per_key)]
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("area_code,industry,employment\n")
        for k in range(keys):
            c = code(k)
            for s in sectors:
                fh.write(f"{c},{s},{rng.lognormvariate(5, 1.5):.1f}\n")


def make_wide(path: Path, rows: int, european: bool = False) -> None:
    import random

    rng = random.Random(19)
    sep = ";" if european else ","
    with path.open("w", encoding="utf-8", newline="") as fh:
        header = ["LSOA11CD", "name", *SECTIONS]
        fh.write(sep.join(f'"{h}"' if sep in h else h for h in header) + "\n")
        for i in range(rows):
            values = [rng.lognormvariate(4, 1.2) for _ in SECTIONS]
            if european:
                cells = [f"{v:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".") for v in values]
            else:
                cells = [f"{v:.1f}" for v in values]
            fh.write(sep.join([code(i), f"Region {i + 1}", *cells]) + "\n")


def ensure_file(case: str) -> Path:
    TMP.mkdir(parents=True, exist_ok=True)
    path = TMP / f"{case}.csv"
    if not path.exists():
        part = path.with_suffix(".part")
        if case == "long":
            make_long(part)
        elif case == "wide_lsoa":
            make_wide(part, 34_753)
        elif case == "wide_150k":
            make_wide(part, 150_000)
        elif case == "wide_lsoa_eu":
            make_wide(part, 34_753, european=True)
        part.replace(path)
    return path


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def run_case(case: str, rounds: int) -> dict:
    """In this process: read, score and join the case's file ``rounds`` times; the best time of each stage."""
    sys.path.insert(0, str(ROOT))
    path = ensure_file(case)
    import numpy as np  # noqa: F401 - imported before the baseline, as the plugin always has it

    from plugin.core.engine import join_scores
    from plugin.core.tables import read_raw, scores_from_raw

    base = peak_mb()
    best = {"read": float("inf"), "scores": float("inf"), "join": float("inf"), "total": float("inf")}
    for _ in range(rounds):
        t0 = time.perf_counter()
        raw = read_raw(path)
        t1 = time.perf_counter()
        table = scores_from_raw(raw)
        t2 = time.perf_counter()
        del raw
        keys = list(table.keys)  # the regions, as a layer would give them (not timed)
        names = [[f"Region {i + 1}"] for i in range(len(keys))]
        t3 = time.perf_counter()
        result = join_scores(table, keys, names, {}, ["fid", "code", "name"], "code")
        t4 = time.perf_counter()
        for stage, seconds in (("read", t1 - t0), ("scores", t2 - t1), ("join", t4 - t3),
                               ("total", t2 - t0 + t4 - t3)):
            best[stage] = min(best[stage], seconds)
        shape = (len(table.keys), len(table.sectors), table.shape, result.match.matched_features)
        notes = [n for n in table.notes if n.startswith("Numbers read")]
        del table, result, keys, names
    return {"case": case, "file_mb": path.stat().st_size / 1e6, "base_mb": base, "peak_mb": peak_mb(),
            "best": best, "keys": shape[0], "sectors": shape[1], "shape": shape[2], "matched": shape[3],
            "notes": notes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", choices=sorted(CASES), help="run one case in this process (JSON on stdout)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.rounds)))
        return
    results = []
    for case in CASES:
        ensure_file(case)
        out = subprocess.run([sys.executable, __file__, "--case", case, "--rounds", str(args.rounds)],
                             capture_output=True, text=True, check=True)
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(f"{case}: {results[-1]['best']['total']:.2f} s", file=sys.stderr)
    report = render(results, args.rounds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tables.md").write_text(report, encoding="utf-8")
    print(report)


def render(results: list[dict], rounds: int) -> str:
    load = os.getloadavg()[0]
    lines = [
        "# Tables at scale: read, score and join",
        "",
        f"Python {platform.python_version()} ({sys.executable}), best of {rounds} round(s), each case in its own "
        f"process; load average {load:.2f} at the end ({os.cpu_count()} CPUs). Peak = the process's max RSS "
        "(ru_maxrss); before = after importing numpy and the plugin's core, before reading.",
        "",
        "| case | file | rows x sectors | read | scores | join | total | target | peak RSS | before | peak / file |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        b = r["best"]
        lines.append(
            f"| {CASES[r['case']]} | {r['file_mb']:.1f} MB | {r['keys']:,} x {r['sectors']} ({r['shape']}) | "
            f"{b['read']:.2f} s | {b['scores']:.2f} s | {b['join']:.2f} s | **{b['total']:.2f} s** | "
            f"< {TARGETS[r['case']]:g} s | {r['peak_mb']:.0f} MB | {r['base_mb']:.0f} MB | "
            f"{r['peak_mb'] / r['file_mb']:.1f}x |")
    lines += ["", "Every row matched its region in every case. Number conventions said: " + "; ".join(
        f"{r['case']}: {r['notes'][0] if r['notes'] else 'decimal point (default)'}" for r in results) + ".", ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
