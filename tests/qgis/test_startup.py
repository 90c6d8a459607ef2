"""Loading the plugin and its provider must not import the heavy packages: QGIS start-up stays fast."""
from __future__ import annotations

import os
import subprocess

from tests.conftest import REPO

SCRIPT = """
import sys
sys.path.insert(0, {repo!r})
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
before = set(sys.modules)
import plugin.main
from plugin.processing.provider import SectorClustersProvider
provider = SectorClustersProvider()
QgsApplication.processingRegistry().addProvider(provider)
names = sorted(a.name() for a in provider.algorithms())
heavy = sorted(m for m in ("numpy", "pandas", "shapely", "scipy") if m in sys.modules and m not in before)
print(names)
print(heavy)
"""


def test_provider_loads_every_algorithm_without_heavy_imports():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(["/usr/bin/python3", "-c", SCRIPT.format(repo=str(REPO))], capture_output=True, text=True,
                          env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    names_line, heavy_line = proc.stdout.strip().splitlines()[-2:]
    for name in ("joinscores", "detectclusters", "stylemap", "exportmap"):
        assert name in names_line
    assert heavy_line == "[]", f"imported at start-up: {heavy_line}"


def test_missing_dependency_is_named_in_the_message_bar(qgis_app, monkeypatch):
    from qgis.gui import QgsMessageBar

    from plugin import main

    monkeypatch.setitem(main.REQUIRED, "sector_clusters_no_such_module", "python3-no-such-package")
    bar = QgsMessageBar()
    main.SectorClustersPlugin.check_dependencies(bar)
    texts = [item.text() for item in bar.items()]
    assert any("python3-no-such-package" in t and "install" in t for t in texts), texts
    assert main.missing_packages({"numpy": "python3-numpy"}) == []


DOCK_SCRIPT = """
import sys
sys.path.insert(0, {repo!r})
from qgis.core import QgsApplication, QgsProject
app = QgsApplication([], True)
app.initQgis()
before = set(sys.modules)
from plugin.ui.dock import SectorClustersDock
dock = SectorClustersDock(None, None)  # what initGui registers with the main window
QgsProject.instance().clear()  # the dock's project handlers run
app.processEvents()
heavy = sorted(m for m in ("numpy", "pandas", "shapely", "scipy") if m in sys.modules and m not in before)
print(dock.objectName(), dock.model is None)
print(heavy)
dock.show()  # the first show builds the panel (and may import what the analysis needs)
app.processEvents()
print(dock.model is not None, dock.regions.layer_combo.objectName())
"""


def test_the_dock_is_registered_without_heavy_imports():
    """initGui registers the dock (View ▸ Panels, restored where it was left); its first show builds it."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.run(["/usr/bin/python3", "-c", DOCK_SCRIPT.format(repo=str(REPO))], capture_output=True,
                          text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    name_line, heavy_line, built_line = proc.stdout.strip().splitlines()[-3:]
    assert name_line == "SectorClustersDock True", "registered, not built"
    assert heavy_line == "[]", f"imported before the dock was shown: {heavy_line}"
    assert built_line == "True sc_layer"
