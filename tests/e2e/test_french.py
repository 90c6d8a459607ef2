"""QGIS in French: the plugin's translation installed as its start-up installs it, Qt's locale French (as QGIS
sets it from locale/userLocale). An algorithm's name and help, and a map exported to PDF, read in French
with French numbers (pdftotext)."""
from __future__ import annotations

import shutil
import subprocess

import pytest
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QLocale

from plugin.i18n import install_translator, remove_translator
from tests.qgis.processing_run import run

pytestmark = pytest.mark.e2e


@pytest.fixture
def french(processing_ready):
    before = QLocale()
    assert install_translator("fr") == "fr"
    QLocale.setDefault(QLocale("fr_FR"))
    yield
    remove_translator()
    QLocale.setDefault(before)


def test_algorithm_and_exported_legend_in_french(french, lep_path, bres2020, tmp_path):
    alg = QgsApplication.processingRegistry().createAlgorithmById("sectorclusters:detectclusters")
    assert alg.displayName() == "Détecter les clusters multirégionaux"
    assert alg.shortHelpString().startswith("Repère les régions au-dessus d'une référence")
    assert alg.group() == "Analyse des clusters"
    assert alg.parameterDefinition("BASELINE").options()[3] == "Quotient de localisation"
    assert alg.parameterDefinition("NEIGHBOURS").help().startswith("Reine")
    assert alg.helpUrl().endswith("index_fr.html#detectclusters")

    ok, joined, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020), "OUTPUT": str(tmp_path / "j.gpkg")})
    assert ok, fb.errors
    ok, found, fb = run("sectorclusters:detectclusters", {
        "INPUT": joined["OUTPUT"], "BASELINE": 3, "THRESHOLD": 1.25,
        "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert ok, fb.errors
    pdf = tmp_path / "carte.pdf"
    ok, _res, fb = run("sectorclusters:exportmap", {
        "REGIONS": found["OUTPUT_REGIONS"], "CLUSTERS": found["OUTPUT_CLUSTERS"], "OUTPUT_PDF": str(pdf)})
    assert ok and pdf.is_file(), fb.errors
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext (poppler-utils) is needed to read the exported legend")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Légende" in text
    assert "Quotient de localisation" in text  # the legend's classes, in words
    assert "1,25" in text and "1.25" not in text  # the threshold as French writes it
    assert "Cluster multirégional" in text or "clusters multirégionaux" in text
