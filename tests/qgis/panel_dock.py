"""The ``project`` and ``dock`` fixtures of the panel tests: a test module loads them with
``pytest_plugins = ("tests.qgis.panel_dock",)``."""
from __future__ import annotations

import pytest
from qgis.core import QgsProject

from tests.qgis.panel_fixtures import WAIT


@pytest.fixture
def project():
    prj = QgsProject.instance()
    prj.clear()
    yield prj
    prj.clear()


@pytest.fixture
def dock(qgis_iface, qtbot, processing_ready, project):
    from plugin.ui.dock import SectorClustersDock

    panel = SectorClustersDock(qgis_iface, None)
    # as the plugin's unload does: shut down (cancel the work), then the widget goes (pytest-qt deletes it
    # before fixtures are torn down)
    qtbot.addWidget(panel, before_close_func=lambda w: w.shutdown())
    panel.show()
    yield panel
    panel.shutdown()
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)
