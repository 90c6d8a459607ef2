"""Processing as QGIS users expect it: every algorithm has an icon, a Help button that opens its section of the
bundled help, help on every parameter, and declares every output it returns; page sizes come from QGIS's
registry; the shipped example model runs under qgis_process and writes a map."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QUrl

from tests.conftest import REPO
from tests.e2e.test_qgis_process import qgis_process  # noqa: F401 - the fixture
from tests.qgis.processing_run import run

MODEL = REPO / "resources" / "models" / "sector_clusters_example.model3"
HELP = REPO / "resources" / "help" / "index.html"


def algorithms():
    return QgsApplication.processingRegistry().providerById("sectorclusters").algorithms()


def test_every_algorithm_has_icon_help_url_and_parameter_help(processing_ready):
    html = HELP.read_text(encoding="utf-8")
    names = []
    for alg in algorithms():
        names.append(alg.name())
        assert not alg.icon().isNull(), alg.name()
        url = QUrl(alg.helpUrl())
        assert url.isLocalFile() and Path(url.toLocalFile()) == HELP, alg.helpUrl()
        assert url.fragment() == alg.name() and f'id="{alg.name()}"' in html
        missing = [p.name() for p in alg.parameterDefinitions() if not p.help().strip()]
        assert missing == [], f"{alg.name()}: parameters without help: {missing}"
    assert len(names) == 9
    assert 'id="models"' in html and "sector_clusters_example.model3" in html


def test_detect_and_join_declare_what_they_return(processing_ready, lep_path, bres2020, tmp_path):
    ok, joined, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "OUTPUT": str(tmp_path / "j.gpkg"),
        "UNMATCHED": str(tmp_path / "u.csv")})
    assert ok, fb.errors
    join_outputs = {o.name() for o in QgsApplication.processingRegistry().algorithmById(
        "sectorclusters:joinscores").outputDefinitions()}
    assert set(joined) <= join_outputs and joined["REGIONS"] == 38
    ok, found, fb = run("sectorclusters:detectclusters", {
        "INPUT": joined["OUTPUT"], "BASELINE": 3, "THRESHOLD": 1.25,
        "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    detect_outputs = {o.name() for o in QgsApplication.processingRegistry().algorithmById(
        "sectorclusters:detectclusters").outputDefinitions()}
    assert set(found) <= detect_outputs and "CLUSTERS" in detect_outputs and found["CLUSTERS"] > 0


def test_page_sizes_from_the_registry(processing_ready):
    from plugin.core import codes
    from plugin.gis.layout import page_mm

    registry = {e.name for e in QgsApplication.pageSizeRegistry().entries()}
    assert codes.PAGE_SIZES[:2] == ("A4", "A3")  # saved models' PAGE_SIZE=0/1
    assert {"A4", "A3", "Letter", "Legal"} <= registry
    assert page_mm("Letter", "portrait") == (215.9, 279.4)
    assert page_mm("Tabloid", "portrait") == (279.4, 431.8)
    alg = QgsApplication.processingRegistry().algorithmById("sectorclusters:exportmap")
    assert "Tabloid" in alg.parameterDefinition("PAGE_SIZE").options()


@pytest.mark.e2e
def test_example_model_runs_under_qgis_process(qgis_process, lep_path, bres2020):  # noqa: F811
    call, root = qgis_process
    pdf = root / "model_map.pdf"
    # the join's and the baseline's warnings (two renamed LEPs, sectors T and U without employment) are printed
    # by qgis_process as "ERROR:" lines inside a model, so the exit status and the map are what is checked
    proc = call("run", str(MODEL), "--", f"REGIONS={lep_path}", "KEY=LEP21CD", f"TABLE={bres2020}", f"PDF={pdf}",
                check=False)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert "coordinate operation" not in proc.stderr and "+proj=" not in proc.stderr, proc.stderr  # no PROJ noise
    assert re.search(r"Executed 4 algorithm(s|\(s\))", proc.stdout + proc.stderr)  # 3.22 / 3.40 wording
    assert pdf.is_file() and pdf.read_bytes()[:5] == b"%PDF-"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Agriculture" in text and re.search(r"multi-region cluster", text)


def test_file_pickers_remember_their_folder(qgis_app, tmp_path):
    from qgis.core import QgsSettings

    from plugin.ui.dock import last_folder, remember_folder

    key = "SectorClusters/last_folder_tables"
    before = QgsSettings().value(key, "")
    try:
        remember_folder("tables", str(tmp_path / "scores_2019.csv"))
        assert last_folder("tables") == str(tmp_path)
        remember_folder("tables", "")  # a cancelled dialog keeps the folder
        assert last_folder("tables") == str(tmp_path)
    finally:
        QgsSettings().setValue(key, before or "")
