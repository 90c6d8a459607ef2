"""The whole desktop journey, clicked: the plugin installed from its packaged zip into a fresh QGIS profile,
driven by tests/e2e/journey_script.py only through menus, clicks, typing, a drop and the dialogs' own widgets;
then QGIS started again with the saved project to see the panel's choices restored.

Screenshots per step: tests/artefacts/journey/NN_step.png; seconds per step: tests/artefacts/journey/steps.json.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from qgis.PyQt.QtGui import QImage

from tests.conftest import BRES, LEP_GEOJSON

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "tests" / "artefacts" / "journey"
SCRIPT = Path(__file__).with_name("journey_script.py")
PER_START_S = 240
INI = """[PythonPlugins]
sector_clusters=true

[qgis]
checkVersion=false
showTips=false
allowVersionCheck=false

[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true
"""


def install_packaged_plugin(root: Path, tmp_path: Path) -> Path:
    """A fresh profile with the plugin unzipped from what scripts/package.py builds."""
    dist = tmp_path / "dist"
    subprocess.run(["/usr/bin/python3", str(REPO / "scripts" / "package.py"), "--out", str(dist)], cwd=REPO,
                   check=True, capture_output=True, text=True)
    (archive,) = dist.glob("sector_clusters-*.zip")
    profile = root / "profiles" / "default"
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text(INI, encoding="utf-8")
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(archive) as z:
        z.extractall(plugins)
    assert (plugins / "sector_clusters" / "metadata.txt").is_file()
    return root


def start_qgis(tmp_path: Path, profiles: Path, phase: str, extra_args: list[str]) -> tuple[dict, str]:
    status_file = SHOTS / f"status_{phase}.json"
    status_file.unlink(missing_ok=True)
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the real desktop under Xvfb
    env.update(SC_STATUS=str(status_file), SC_SHOTS=str(SHOTS / phase), SC_LEP=str(LEP_GEOJSON),
               SC_TABLE=str(BRES[2020]), SC_OUT=str(tmp_path / "out"), SC_PROJECT=str(tmp_path / "journey.qgz"),
               SC_PHASE="" if phase == "journey" else phase,
               XDG_RUNTIME_DIR=env.get("XDG_RUNTIME_DIR") or str(tmp_path / "xdg"))
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    (SHOTS / phase).mkdir(parents=True, exist_ok=True)
    (tmp_path / "out").mkdir(exist_ok=True)
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--profiles-path", str(profiles), "--nologo",
           "--noversioncheck", *extra_args, "--code", str(SCRIPT)]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=PER_START_S)
    except subprocess.TimeoutExpired as exc:
        last = json.loads(status_file.read_text()) if status_file.exists() else {}
        pytest.fail(f"{phase}: QGIS did not finish in {PER_START_S} s after steps "
                    f"{[s['step'] for s in last.get('steps', [])]}; stderr: {(exc.stderr or b'')[-2000:]!r}")
    (SHOTS / f"stderr_{phase}.txt").write_text(proc.stderr or "", encoding="utf-8")
    assert status_file.exists(), f"{phase}: no status written; stderr:\n{proc.stderr[-3000:]}"
    status = json.loads(status_file.read_text(encoding="utf-8"))
    assert not status["errors"], f"{phase}: " + "\n".join(status["errors"])
    return status, proc.stderr or ""


@pytest.mark.timeout(2 * PER_START_S + 60)
def test_the_journey_clicked(tmp_path):
    for tool in ("qgis", "xvfb-run", "pdftotext"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    shutil.rmtree(SHOTS, ignore_errors=True)
    SHOTS.mkdir(parents=True)
    profiles = install_packaged_plugin(tmp_path / "qgis-profiles", tmp_path)

    first, stderr = start_qgis(tmp_path, profiles, "journey", [])
    seconds = {s["step"]: s["seconds"] for s in first["steps"]}
    seen = first["seen"]
    assert seen["in_view_panels"] and not seen["panel_shown_at_start"]
    assert seen["clusters"], "the clusters table lists the clusters"
    assert "Regions — sector scores" in seen["layers_before_save"]
    out = tmp_path / "out"
    pdf = subprocess.run(["pdftotext", str(out / "journey.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert "Where England still makes things" in " ".join(pdf.split()), "the title edited in the designer"
    image = QImage(str(out / "journey.png"))
    assert (image.width(), image.height()) == (585, 413), "A4 landscape at 50 dpi"
    assert seen["export dialog (PDF)"] == seen["export dialog (PNG)"] == "Export the map"
    assert "quit" in seconds and (tmp_path / "journey.qgz").is_file()
    problems = [line for line in stderr.splitlines() if "Traceback" in line]
    assert not problems and not [m for m in first["messages"] if m.startswith("Python")], first["messages"]

    again, stderr = start_qgis(tmp_path, profiles, "reopen", [str(tmp_path / "journey.qgz")])
    restored = again["seen"]
    assert restored["choices"]["sc_sector"] == "C : Manufacturing"
    assert restored["choices"]["sc_baseline"] == "Location quotient"
    assert restored["threshold"].startswith("1.25") and restored["tolerance"].startswith("35")
    assert restored["table"].endswith("BRES 2020.csv")
    assert restored["match"] == "38 of 38 regions matched", "the fixed names were kept"
    assert not [line for line in stderr.splitlines() if "Traceback" in line]
    seconds.update({f"reopen:{s['step']}": s["seconds"] for s in again["steps"]})
    (SHOTS / "steps.json").write_text(json.dumps({"steps": seconds, "journey_s": first["elapsed_s"],
                                                  "reopen_s": again["elapsed_s"]}, indent=2), encoding="utf-8")
