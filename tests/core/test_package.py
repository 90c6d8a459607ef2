"""`make package` builds a zip the official plugin repository would accept."""
from __future__ import annotations

import configparser
import subprocess
import sys
import zipfile

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
    assert general["hasProcessingProvider"] == "yes"
    assert (REPO / general["icon"]).exists()


def test_zip_contents(tmp_path):
    subprocess.run([sys.executable, str(REPO / "scripts" / "package.py"), "--out", str(tmp_path)], check=True,
                   capture_output=True)
    (zip_path,) = tmp_path.glob("sector_clusters-*.zip")
    names = zipfile.ZipFile(zip_path).namelist()
    assert all(n.startswith("sector_clusters/") for n in names)
    for needed in ("LICENSE", "metadata.txt", "__init__.py", "plugin/main.py", "plugin/processing/provider.py",
                   "resources/icons/sector_clusters.svg", "resources/demo/lep_boundaries.geojson"):
        assert f"sector_clusters/{needed}" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".so", ".pyd", ".dll", ".exe"))]
    assert not [n for n in names if n.startswith(("sector_clusters/tests/", "sector_clusters/.ci/"))]
    assert not [n for n in names if n.split("/")[-1].startswith(("ui_", "resources_rc"))]
