"""The plugin in the real QGIS desktop under Xvfb: loads, opens its panel, runs the pipeline.

Starts ``qgis`` with a fresh profile in a temporary folder where the plugin is
installed (a symlink named sector_clusters) and enabled, and ``--code`` runs
tests/e2e/desktop_script.py, which writes a JSON status and screenshots to
tests/artefacts/ and quits. A second start of the same profile checks that QGIS
restores the panel where the first run left it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BRES, LEP_GEOJSON

pytestmark = pytest.mark.e2e
REPO = Path(__file__).resolve().parents[2]
ARTEFACTS = REPO / "tests" / "artefacts"
SCRIPT = Path(__file__).with_name("desktop_script.py")
INI = """[PythonPlugins]
sector_clusters=true

[qgis]
checkVersion=false
showTips=false
allowVersionCheck=false

[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true
"""


def make_profile(root: Path) -> Path:
    profile = root / "profiles" / "default"
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text(INI, encoding="utf-8")
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    (plugins / "sector_clusters").symlink_to(REPO, target_is_directory=True)
    return root


def run_qgis(tmp_path: Path, profiles: Path, status_file: Path, **extra: str) -> dict:
    """Start the real QGIS under Xvfb on ``profiles`` with the script; its JSON status."""
    status_file.unlink(missing_ok=True)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the real desktop under Xvfb, not offscreen
    env.update(SC_STATUS=str(status_file), SC_LEP=str(LEP_GEOJSON), SC_TABLE=str(BRES[2020]), SC_OUT=str(out),
               XDG_RUNTIME_DIR=env.get("XDG_RUNTIME_DIR") or str(tmp_path / "xdg"), **extra)
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--profiles-path", str(profiles), "--nologo",
           "--noversioncheck", "--code", str(SCRIPT)]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=150)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"QGIS did not finish in time; stderr: {(exc.stderr or b'')[-3000:]!r}")
    name = "desktop_stderr.txt" if not extra.get("SC_PHASE") else f"desktop_stderr_{extra['SC_PHASE']}.txt"
    (ARTEFACTS / name).write_text(proc.stderr or "", encoding="utf-8")
    assert status_file.exists(), f"no status written; stderr:\n{proc.stderr[-3000:]}"
    status = json.loads(status_file.read_text(encoding="utf-8"))
    problems = [line for line in (proc.stderr or "").splitlines()
                if "Traceback" in line or "sector_clusters" in line and "Error" in line]
    assert not problems, "\n".join(problems)
    assert not status["errors"], "\n".join(status["errors"])
    assert not [m for m in status["messages"] if m.startswith("Python")], status["messages"]  # no Python warnings
    return status


@pytest.mark.timeout(330)
def test_desktop_panel(tmp_path):
    for tool in ("qgis", "xvfb-run"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    ARTEFACTS.mkdir(exist_ok=True)
    status_file = ARTEFACTS / "desktop_status.json"
    shot, dock_shot = ARTEFACTS / "desktop_panel.png", ARTEFACTS / "desktop_dock.png"
    for f in (shot, dock_shot):
        f.unlink(missing_ok=True)
    profiles = make_profile(tmp_path / "qgis-profiles")
    status = run_qgis(tmp_path, profiles, status_file, SC_SHOT=str(shot), SC_DOCK_SHOT=str(dock_shot))
    # registered at start-up, before first use: in View ▸ Panels, hidden, not yet built (start-up stays cheap)
    assert status["registered_before_use"] and status["in_panels_menu_before_use"], "not in View ▸ Panels"
    assert not status["visible_before_use"] and not status["built_before_use"]
    assert status["plugin_loaded"] and status["dock_visible"]
    assert status["in_panels_menu"], "the panel is missing from View ▸ Panels"
    # the dock as QGIS opens it: names in the pickers, nothing cut off
    assert status["pickers"] == {"Buckinghamshire Thames Valley": "Buckinghamshire (E37000043)",
                                 "Hull and East Riding": "Hull and East Yorkshire (E37000061)"}
    assert not status["past_viewport_unmatched"] and not status["past_viewport_results"], status
    assert dock_shot.is_file() and dock_shot.stat().st_size > 5_000
    assert "LEP boundaries" in status["layer_names_after_create"]  # the user's layer keeps its name
    assert status["action_in_vector_menu"]
    assert sorted(status["unmatched"]) == sorted(["Buckinghamshire Thames Valley", "Hull and East Riding"])
    assert status["ok"]
    assert "desktop.gpkg|layername=regions" in status["regions_source"]
    assert status["class_attribute"].endswith("_above")
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert status["unloaded"] and status["dock_gone_after_unload"] and status["provider_gone_after_unload"]
    # the canvas's own labelling results: each cluster is labelled once (3.22 once drew one label dozens of times)
    labels = [tuple(lab[:2]) for lab in status["canvas_labels"]]
    assert labels and len(labels) == len(set(labels)), status["canvas_labels"]
    assert all("cluster 1 — 14 LEPs" in lab[2] for lab in status["canvas_labels"])

    # started again with the same profile: QGIS puts the panel back where it was left (left, shown)
    again = run_qgis(tmp_path, profiles, ARTEFACTS / "desktop_status_restore.json", SC_SHOT=str(
        ARTEFACTS / "desktop_restored.png"), SC_PHASE="restore")
    assert again["plugin_loaded"]
    assert again["restored_visible"] and again["restored_area"] == 1, again  # Qt.LeftDockWidgetArea
    assert again["restored_action_checked"]
