"""Fixtures for tests that need a real QGIS (offscreen).

pytest-qgis starts one QgsApplication for the session (``qgis_app``); the
fallback below does the same when the plugin is not installed. ``shared_data``
comes from tests/conftest.py.
"""
from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

try:
    import pytest_qgis  # noqa: F401

    HAVE_PYTEST_QGIS = True
except ImportError:  # pragma: no cover - depends on the environment
    HAVE_PYTEST_QGIS = False

if not HAVE_PYTEST_QGIS:  # pragma: no cover

    @pytest.fixture(scope="session")
    def qgis_app():
        from qgis.core import QgsApplication

        QgsApplication.setPrefixPath("/usr", True)
        app = QgsApplication([], False)
        app.initQgis()
        yield app
        app.exitQgis()


@pytest.fixture(scope="session")
def qgs(qgis_app):
    """The session's QgsApplication, whoever started it."""
    return qgis_app


def pytest_sessionfinish(session, exitstatus):
    """Stop any PostGIS test server: the suite leaves with os._exit, which skips atexit handlers."""
    import sys

    module = sys.modules.get("tests.qgis.postgis_server")
    if module is not None:
        module.stop_all()
