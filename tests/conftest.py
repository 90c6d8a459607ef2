"""Fixtures every test folder may use: where the repository and the vendored test data are."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
# Real public data vendored under tests/data (its README gives sources and licences): the suite runs from a
# fresh clone alone. ../shared/data is for benchmarks and large optional checks only.
SHARED = REPO / "tests" / "data"
LEP_GEOJSON = SHARED / "lep_2021_buc" / "Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson"
LAD_SHP = SHARED / "lad_2021_buc" / "LAD_DEC_2021_UK_BUC.shp"
BRES = {year: SHARED / "bres_lep_sic_section" / f"Employment by sector - BRES {year}.csv" for year in range(2015, 2021)}
APS = SHARED / "aps_lep_industry" / "D_EmpInd_APS1822.csv"  # ONS APS 2018-2022, one row per year and level
DEMO = REPO / "resources" / "demo"
# The two 2020 LEP names in the BRES exports that differ from the May 2021 boundaries.
BRES_ALIASES = {"Buckinghamshire Thames Valley": "E37000043", "Hull and East Riding": "E37000061"}


def need(path: Path) -> Path:
    """The vendored file or folder; its absence fails the test (a fresh clone must run the whole suite)."""
    if not path.exists():
        pytest.fail(f"test data missing from the repository: {path}")
    return path


@pytest.fixture(scope="session")
def lep_path() -> Path:
    return need(LEP_GEOJSON)


@pytest.fixture(scope="session")
def bres2020() -> Path:
    return need(BRES[2020])


@pytest.fixture(scope="session")
def processing_ready(qgis_app):
    """QGIS with Processing and the sectorclusters provider registered."""
    from plugin.headless import start_qgis

    start_qgis()
    return qgis_app


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """tests/data, the vendored real data (fails when absent)."""
    return need(SHARED)


# QGIS 3.22 can crash while tearing itself down after the last test (layers, tasks and
# the processing registry are destroyed in an order PyQt does not control), which would
# turn a green run into exit 139. Once pytest has printed its summary, leave with pytest's
# own exit status and skip that teardown: nothing is left to report or write.
_EXIT_STATUS = {"code": 0}


def pytest_sessionfinish(session, exitstatus):
    _EXIT_STATUS["code"] = int(exitstatus)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config):
    if os.environ.get("SC_NORMAL_EXIT"):
        return
    import sys

    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_EXIT_STATUS["code"])
