"""`make package` builds a zip the official plugin repository would accept."""
from __future__ import annotations

import configparser
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO

REQUIRED = ("name", "qgisMinimumVersion", "description", "about", "version", "author", "email", "repository",
            "tracker", "homepage", "tags", "icon", "changelog", "hasProcessingProvider")


def test_metadata_is_complete():
    cfg = configparser.ConfigParser()
    cfg.read(REPO / "metadata.txt")
    general = cfg["general"]
    for key in REQUIRED:
        assert general.get(key, "").strip(), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["qgisMaximumVersion"] == "4.99"  # QGIS 4 (Qt6) and the plugin repository accept it
    assert "supportsQt6" not in general  # retired: qgisMaximumVersion is what counts
    assert general["hasProcessingProvider"] == "yes"
    assert (REPO / general["icon"]).exists()


def build_zip(folder: Path) -> Path:
    subprocess.run([sys.executable, str(REPO / "scripts" / "package.py"), "--out", str(folder)], check=True,
                   capture_output=True)
    (zip_path,) = folder.glob("sector_clusters-*.zip")
    return zip_path


def test_zip_contents(tmp_path):
    names = zipfile.ZipFile(build_zip(tmp_path)).namelist()
    assert all(n.startswith("sector_clusters/") for n in names)
    for needed in ("LICENSE", "metadata.txt", "__init__.py", "plugin/main.py", "plugin/processing/provider.py",
                   "resources/icons/sector_clusters.svg", "resources/demo/lep_boundaries.geojson", "README.md",
                   "docs/demo_map.png"):
        assert f"sector_clusters/{needed}" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".so", ".pyd", ".dll", ".exe"))]
    assert not [n for n in names if n.startswith(("sector_clusters/tests/", "sector_clusters/.ci/"))]
    assert not [n for n in names if n.split("/")[-1].startswith(("ui_", "resources_rc"))]


def test_bandit_finds_nothing_in_the_zip(tmp_path):
    """The plugin repository's upload scanner runs Bandit on the zip and refuses any finding."""
    bandit = Path(sys.executable).parent / "bandit"
    if not bandit.exists():
        pytest.skip("bandit is not installed in the test venv (make test installs it)")
    with zipfile.ZipFile(build_zip(tmp_path)) as z:
        z.extractall(tmp_path / "unpacked")
    proc = subprocess.run([str(bandit), "-r", "-q", "-f", "json", str(tmp_path / "unpacked")], capture_output=True,
                          text=True)
    report = json.loads(proc.stdout)
    findings = [f"{r['filename'].split('unpacked/')[-1]}:{r['line_number']} {r['test_id']} {r['issue_text']}"
                for r in report["results"]]
    assert not findings, "\n".join(findings)
    assert report["metrics"]["_totals"]["loc"] > 5000  # it really scanned the plugin
