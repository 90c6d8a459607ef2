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


@pytest.fixture(scope="session")
def joined_bres2020(processing_ready, lep_path, bres2020, tmp_path_factory) -> str:
    """The real LEPs joined to the real BRES 2020 export (38 of 38 matched), once for the whole session."""
    from tests.conftest import BRES_ALIASES
    from tests.qgis.processing_run import run

    tmp = tmp_path_factory.mktemp("join_bres2020")
    aliases = tmp / "aliases.csv"
    aliases.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "ALIASES": str(aliases),
        "OUTPUT": str(tmp / "j.gpkg")})
    assert ok and res["MATCHED"] == 38, fb.errors
    return res["OUTPUT"]
