"""The algorithms through `qgis_process`, with QGIS's own Python (the test venv is hidden).

Debian's /usr/bin/qgis_process wrapper passes --noversioncheck, which 3.22's
binary rejects, so the binary is called directly. The plugin is installed as
a symlink named sector_clusters in a temporary plugin folder and enabled in a
throw-away profile (QGIS_CUSTOM_CONFIG_PATH), so the user's QGIS is untouched.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BRES_ALIASES, REPO

pytestmark = pytest.mark.e2e
# 3.22's binary must be called directly; where only the wrapper exists (newer packaging), it accepts its flags.
BIN = shutil.which("qgis_process.bin") or shutil.which("qgis_process") or "/usr/bin/qgis_process.bin"
# Python warnings (qgis.utils shows them all), tracebacks and GDAL errors are bugs, whatever the exit code.
NOISE = re.compile(r"Warning|Traceback|\bERROR\b|ERROR \d")
# ... except QGIS's own Python warning about itself: on Python 3.14 (Debian sid, QGIS 3.44) qgis/utils.py reads
# every plugin's metadata.txt with codecs.open, which 3.14 deprecates, before any plugin code runs. Not ours to fix.
# QGIS 3.22's qgis_process likewise runs its own start-up code (sip.setapi) as "<string>".
QGIS_OWN = re.compile(r"^(/usr/lib/python3/dist-packages/qgis/|/usr/share/qgis/python/)\S+: DeprecationWarning"
                      r"|^<string>:1: DeprecationWarning: setapi\(\) is deprecated$")
ARTEFACTS = REPO / "tests" / "artefacts"


@pytest.fixture(scope="module")
def qgis_process(tmp_path_factory):
    if not Path(BIN).exists():
        pytest.skip("qgis_process.bin is not installed")
    root = tmp_path_factory.mktemp("qp")
    (root / "plugins").mkdir()
    (root / "plugins" / "sector_clusters").symlink_to(REPO, target_is_directory=True)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
    env["PATH"] = ":".join(p for p in env.get("PATH", "").split(":") if ".venv" not in p)
    env.update(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(root / "plugins"),
               QGIS_CUSTOM_CONFIG_PATH=str(root / "config"), XDG_RUNTIME_DIR=str(root))

    def call(*args: str, check: bool = True) -> subprocess.CompletedProcess:
        proc = subprocess.run([BIN, *args], capture_output=True, text=True, env=env, cwd=root, timeout=300)
        if check and proc.returncode != 0:
            raise AssertionError(f"qgis_process {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
        noise = [line for line in proc.stdout.splitlines() + proc.stderr.splitlines()
                 if NOISE.search(line) and not QGIS_OWN.search(line)]
        assert not (check and noise), f"qgis_process {' '.join(args)} printed:\n" + "\n".join(noise)
        return proc

    call("plugins", "enable", "sector_clusters")
    return call, root


def results(proc) -> dict:
    text = proc.stdout[proc.stdout.index("{"):]
    return json.loads(text)


def test_provider_and_parameter_contract(qgis_process):
    call, _ = qgis_process
    listing = call("list").stdout
    for alg in ("joinscores", "detectclusters"):
        assert f"sectorclusters:{alg}" in listing
    help_text = call("help", "sectorclusters:detectclusters").stdout
    for name in ("INPUT", "KEY", "FIELDS", "BASELINE", "THRESHOLD", "NEIGHBOURS", "GAP_TOLERANCE", "MIN_REGIONS",
                 "OUTPUT_REGIONS", "OUTPUT_CLUSTERS"):
        assert name in help_text
    help_text = call("help", "sectorclusters:joinscores").stdout
    for name in ("INPUT", "INPUT_KEY", "TABLE", "TABLE_KEY", "ALIASES", "OUTPUT", "UNMATCHED"):
        assert name in help_text


def test_join_and_detect_headless(qgis_process, lep_path, bres2020):
    call, root = qgis_process
    aliases = root / "aliases.csv"
    aliases.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    joined = results(call("run", "sectorclusters:joinscores", "--json", "--", f"INPUT={lep_path}",
                          "INPUT_KEY=LEP21CD", f"TABLE={bres2020}", f"ALIASES={aliases}",
                          f"OUTPUT={root / 'joined.gpkg'}", f"UNMATCHED={root / 'unmatched.csv'}"))
    assert joined["results"]["MATCHED"] == 38
    det = results(call("run", "sectorclusters:detectclusters", "--json", "--", f"INPUT={root / 'joined.gpkg'}",
                       "BASELINE=3", "FIELDS=C_Manufacturing", "FIELDS=J_Information_and_communication",
                       "GAP_TOLERANCE=35000", f"OUTPUT_REGIONS={root / 'regions.gpkg'}",
                       f"OUTPUT_CLUSTERS={root / 'clusters.gpkg'}"))
    assert det["results"]["CLUSTERS"] >= 2
    with sqlite3.connect(root / "clusters.gpkg") as con:
        rows = con.execute("SELECT sector, n_regions FROM clusters WHERE sector='C_Manufacturing'").fetchall()
        meta = con.execute("SELECT meta FROM sector_clusters_meta").fetchall()
    con.close()
    assert rows == [("C_Manufacturing", 27)]
    assert json.loads(meta[0][0])["baseline"] == "lq"
    # What every QGIS version must agree on (scripts/versions.sh compares this file across the matrix).
    with sqlite3.connect(root / "clusters.gpkg") as con:
        every = con.execute("SELECT sector, cluster_id, members, area_km2 FROM clusters "
                            "ORDER BY sector, cluster_id").fetchall()
    con.close()
    ARTEFACTS.mkdir(exist_ok=True)
    (ARTEFACTS / "qgis_process_clusters.json").write_text(json.dumps(
        {"clusters": [[s, c, sorted(m.split("; "))] for s, c, m, _a in every],
         "area_km2": {f"{s}#{c}": a for s, c, _m, a in every}}, indent=1) + "\n", encoding="utf-8")


def test_bad_input_message_no_traceback_nothing_written(qgis_process, lep_path):
    call, root = qgis_process
    out = root / "never.gpkg"
    proc = call("run", "sectorclusters:joinscores", "--", f"INPUT={lep_path}", "INPUT_KEY=LEP21CD",
                f"TABLE={root / 'missing.csv'}", f"OUTPUT={out}", check=False)
    assert proc.returncode != 0
    text = proc.stdout + proc.stderr
    assert "does not exist" in text
    assert "Traceback" not in text
    assert not out.exists()
