"""The panel at LSOA scale (issue 19): how long the user waits, and how long QGIS's main thread freezes.

Drives the real dock and PanelModel headless (QGIS offscreen, no iface) on bench_pipeline's LSOA GeoPackage and
CSV (34,753 regions × 21 sectors): add the layer, choose the table (until matched and idle), then change the
threshold six times and the sector three times. For each step it reports the time until the summary shows the new
result, until the outlines are in the preview, until the panel is idle, and the longest event-loop stall: a 10 ms
QTimer records the gaps between its ticks; the longest gap minus 10 ms is the stall (the time the main thread
could not answer the user). Prints a Markdown table (benchmarks/results/panel.md records runs of it).

The data are built with .venv-ref (geopandas, libpysal) when missing:
    .venv-ref/bin/python -c "import sys; sys.path.insert(0,'benchmarks'); import bench_pipeline as b;
                             b.make_data('lsoa')"
Run: QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_panel.py [--profile]
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TMP = Path(os.environ.get("TMPDIR", "/tmp")) / "sc_bench_pipeline"  # bench_pipeline's cache
OUT = ROOT / "benchmarks" / "results" / "panel.md"
TICK_MS = 10
TIMEOUT_S = 300.0
THRESHOLDS = (1.1, 1.2, 1.3, 1.4, 1.5, 1.25)
SECTORS = 3


def lsoa_data() -> tuple[Path, Path]:
    """bench_pipeline's cached LSOA files (made with .venv-ref when absent: this venv has no geopandas)."""
    gpkg, csv = TMP / "lsoa.gpkg", TMP / "lsoa.csv"
    if not (gpkg.exists() and csv.exists()):
        subprocess.run([str(ROOT / ".venv-ref" / "bin" / "python"), "-c",
                        "import sys; sys.path.insert(0, 'benchmarks'); import bench_pipeline as b; "
                        "b.make_data('lsoa')"], cwd=ROOT, check=True)
    return gpkg, csv


class Ticker:
    """The longest gap between ticks of a 10 ms QTimer on the main thread, since the last reset."""

    def __init__(self) -> None:
        from qgis.PyQt.QtCore import QTimer

        self.timer = QTimer()
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.last = time.perf_counter()
        self.max_gap = 0.0

    def start(self) -> None:
        self.reset()
        self.timer.start()

    def reset(self) -> None:
        self.last = time.perf_counter()
        self.max_gap = 0.0

    def tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now

    def stall_ms(self) -> float:
        """Up to now: a change made by the benchmark itself blocks the loop too, as the user's click would."""
        self.tick()
        return max(0.0, self.max_gap * 1000.0 - TICK_MS)


def run_until(condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> None:
    """Run the real event loop (timers, queued signals, finished tasks) until ``condition()`` holds."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    check = QTimer()
    check.setInterval(2)
    deadline = time.perf_counter() + timeout

    def poll() -> None:
        if condition() or time.perf_counter() > deadline:
            loop.quit()

    check.timeout.connect(poll)
    check.start()
    if not condition():
        loop.exec_()
    check.stop()
    if not condition():
        raise TimeoutError(f"not reached in {timeout:.0f} s")


class Step:
    """One user action timed: result shown, outlines shown, idle, longest stall."""

    def __init__(self, dock, ticker: Ticker) -> None:
        self.dock, self.model, self.ticker = dock, dock.model, ticker

    def outlines_shown(self) -> bool:
        m = self.model
        key = (id(m.analysis), m.sector())
        shown = m.preview._shown
        return m.shown.outlines_for == key and shown is not None and shown[0] == id(m.analysis) and \
            shown[1] == m.sector() and shown[2] == id(m.shown.outlines)

    def run(self, action: Callable[[], None], result_shown: Callable[[], bool]) -> dict[str, float]:
        m = self.model
        self.ticker.reset()
        t0 = time.perf_counter()
        action()
        run_until(result_shown)
        t_result = time.perf_counter() - t0
        run_until(self.outlines_shown)
        t_outlines = time.perf_counter() - t0
        run_until(lambda: not m.busy())
        t_idle = time.perf_counter() - t0
        return {"result": t_result, "outlines": t_outlines, "idle": t_idle, "stall": self.ticker.stall_ms()}


def drive(profile: str = "") -> tuple[list[tuple[str, dict]], int]:
    """Rows of (step, timings) and the number of regions."""
    from qgis.core import QgsProject, QgsVectorLayer

    from plugin.headless import start_qgis

    start_qgis()
    from plugin.ui.dock import SectorClustersDock

    gpkg, csv = lsoa_data()
    project = QgsProject.instance()
    project.clear()
    dock = SectorClustersDock(None, None)
    dock.show()
    dock.ensure_built()
    m = dock.model
    ticker = Ticker()
    ticker.start()
    step = Step(dock, ticker)
    rows: list[tuple[str, dict]] = []

    layer = QgsVectorLayer(str(gpkg), "LSOA", "ogr")
    assert layer.isValid(), gpkg
    n = layer.featureCount()
    project.addMapLayer(layer)

    def add_layer() -> None:
        dock.regions.layer_combo.setLayer(layer)
        if dock.regions.key_combo.currentField() != "code":
            dock.regions.key_combo.setField("code")

    ticker.reset()
    t0 = time.perf_counter()
    add_layer()
    run_until(lambda: not m.busy())
    rows.append(("add the layer, key `code` (graph)", {"idle": time.perf_counter() - t0, "stall": ticker.stall_ms()}))

    def matched() -> bool:
        return dock.scores.match_label.text().startswith(f"{n:,} of") or \
            dock.scores.match_label.text().startswith(f"{n} of")

    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile()
    if prof is not None and profile == "table":
        prof.enable()
    rows.append(("choose the table", step.run(lambda: dock.scores.file_widget.setFilePath(str(csv)),
                                              lambda: matched() and m.analysis is not None)))
    if prof is not None:
        prof.disable()
    print(rows[-1], dock.scores.match_label.text(), file=sys.stderr)

    def threshold_result(t: float) -> Callable[[], bool]:
        return lambda: m.analysis is not None and abs(float(m.analysis.settings["threshold"]) - t) < 1e-9 \
            and dock.results.summary_label.text() == m.shown.summary()

    for t in THRESHOLDS:
        if prof is not None and profile == "threshold":
            prof.enable()
        rows.append((f"threshold → {t:g}", step.run(lambda t=t: dock.method.threshold_spin.setValue(t),
                threshold_result(t))))
        if prof is not None:
            prof.disable()
        print(rows[-1], file=sys.stderr)
    fields = [dock.method.sector_combo.itemData(i) for i in range(dock.method.sector_combo.count())]
    for field in fields[1:1 + SECTORS]:
        label = dock.method.sector_combo.itemText(dock.method.sector_combo.findData(field))

        def pick(field=field) -> None:
            dock.method.sector_combo.setCurrentIndex(dock.method.sector_combo.findData(field))

        if prof is not None and profile == "sector":
            prof.enable()
        rows.append((f"sector → {label}", step.run(
            pick, lambda field=field: m.sector() == field and m.sector_result() is not None
            and dock.results.summary_label.text() == m.shown.summary())))
        if prof is not None:
            prof.disable()
        print(rows[-1], file=sys.stderr)
    ticker.timer.stop()
    if prof is not None:
        import pstats

        pstats.Stats(prof, stream=sys.stderr).sort_stats("cumulative").print_stats(40)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(25)
    dock.shutdown()
    run_until(lambda: not m.busy())
    return rows, n


def versions() -> str:
    import shapely
    from qgis.core import Qgis

    load = os.getloadavg()
    geos = getattr(shapely, "geos_version_string", None)  # shapely 2; 1.8 has it in shapely.geos
    if geos is None:
        from shapely.geos import geos_version_string as geos
    return (f"QGIS {Qgis.QGIS_VERSION}, shapely {shapely.__version__} (GEOS {geos}), "
            f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
            f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1 / 5 / 15 min, at the end)")


def table(rows: list[tuple[str, dict]]) -> list[str]:
    def cell(d: dict, k: str) -> str:
        return f"{d[k]:.2f}" if k in d else "—"

    lines = ["| step | result shown (s) | outlines shown (s) | idle (s) | longest stall (ms) |",
             "|---|---|---|---|---|"]
    lines += [f"| {name} | {cell(d, 'result')} | {cell(d, 'outlines')} | {cell(d, 'idle')} | {d['stall']:.0f} |"
              for name, d in rows]
    thr = [d for name, d in rows if name.startswith("threshold")]
    sec = [d for name, d in rows if name.startswith("sector")]
    for what, group in (("threshold (6 changes)", thr), ("sector (3 changes)", sec)):
        if group:
            lines.append(f"| **{what}, worst** | {max(d['result'] for d in group):.2f} | "
                         f"{max(d['outlines'] for d in group):.2f} | {max(d['idle'] for d in group):.2f} | "
                         f"{max(d['stall'] for d in group):.0f} |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=("table", "threshold", "sector"), default="",
                        help="cProfile choosing the table, the threshold or the sector changes (to stderr)")
    parser.add_argument("--label", default="", help="a heading for this run's table in the printout")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    rows, n = drive(args.profile)
    lines = [f"### {args.label or 'run'}", "", f"{n:,} LSOA regions × 21 sectors; {versions()}.", ""] + table(rows)
    print("\n".join(lines))
    sys.stdout.flush()
    # QGIS torn down by the interpreter's exit (the dock's widgets, the task manager) crashed once at exit:
    # the measurements are out, so leave without it
    os._exit(0)


if __name__ == "__main__":
    main()
