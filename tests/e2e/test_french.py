"""QGIS in French: the plugin's translation installed as its start-up installs it, Qt's locale French (as QGIS
sets it from locale/userLocale). An algorithm's name and help, and a map exported to PDF, read in French
with French numbers (pdftotext)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

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


# ------------------------------------------------------------------------------- the panel in QGIS started in French
FRENCH_INI = """[PythonPlugins]
sector_clusters=true

[qgis]
checkVersion=false
showTips=false
allowVersionCheck=false

[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true

[locale]
overrideFlag=true
userLocale=fr
globalLocale=fr_FR
showGroupSeparator=true
"""
GROUPING = "\u202f\u00a0 "  # French digit grouping: a narrow no-break space (CLDR), a no-break or plain space


@pytest.mark.timeout(240)
def test_panel_in_qgis_started_in_french(tmp_path, lep_path, bres2020):
    """QGIS itself started in French (Settings ▸ Options ▸ General: locale fr, overridden, with the group
    separator shown, in the profile; QGIS's default omits it, and the panel then writes 12935 as QGIS does): the
    plugin installs its translation at start-up, the panel's labels are French, "1,25" typed into the threshold
    is 1.25 for the analysis (the regions and clusters an independent count finds at 1.25), the areas are
    grouped the French way, and "2,5" km of gap tolerance is 2,500 m."""
    from qgis.core import QgsVectorLayer

    from tests.conftest import BRES_ALIASES
    from tests.qgis.panel_fixtures import adjacency, expected_counts, lep_scores

    for tool in ("qgis", "xvfb-run"):
        if shutil.which(tool) is None:
            pytest.skip(f"{tool} is not installed")
    repo = Path(__file__).resolve().parents[2]
    artefacts = repo / "tests" / "artefacts"
    artefacts.mkdir(exist_ok=True)
    profile = tmp_path / "profiles" / "default"
    (profile / "QGIS").mkdir(parents=True)
    (profile / "QGIS" / "QGIS3.ini").write_text(FRENCH_INI, encoding="utf-8")
    (profile / "python" / "plugins").mkdir(parents=True)
    (profile / "python" / "plugins" / "sector_clusters").symlink_to(repo, target_is_directory=True)
    status_file, shot = tmp_path / "status.json", artefacts / "french_panel.png"
    shot.unlink(missing_ok=True)
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # the real desktop under Xvfb
    env.update(SC_STATUS=str(status_file), SC_LEP=str(lep_path), SC_TABLE=str(bres2020), SC_SHOT=str(shot),
               XDG_RUNTIME_DIR=env.get("XDG_RUNTIME_DIR") or str(tmp_path / "xdg"))
    Path(env["XDG_RUNTIME_DIR"]).mkdir(mode=0o700, exist_ok=True)
    cmd = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--profiles-path", str(tmp_path),
           "--nologo", "--noversioncheck", "--code", str(Path(__file__).with_name("french_script.py"))]
    try:
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=200)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"QGIS did not finish in time; stderr: {(exc.stderr or b'')[-3000:]!r}")
    (artefacts / "french_stderr.txt").write_text(proc.stderr or "", encoding="utf-8")
    assert status_file.is_file(), f"no status written; stderr:\n{proc.stderr[-3000:]}"
    status = json.loads(status_file.read_text(encoding="utf-8"))
    assert not status["errors"], "\n".join(status["errors"])
    assert not status["messages"], status["messages"]
    assert status["ok"]

    # QGIS set the locale, the plugin followed it
    assert status["qt_locale"] == "fr_FR" and status["plugin_language"] == "fr"
    assert status["groups"] == ["1. Régions", "2. Scores", "3. Secteur et méthode", "4. Résultats",
                                "5. Couches et carte"], status["groups"]
    assert status["buttons"][0] == "Créer les couches" and status["threshold_label"] == "Seuil"
    assert status["match_before"] == "36 des 38 régions appariées"
    assert status["match_after"] == "38 des 38 régions appariées"

    # "1,25" typed: 1.25 for the analysis, 1,25 in the field and in the words
    assert status["threshold_state"] == 1.25 and status["threshold_text"] == "1,25"
    assert "1,25" in status["summary"] and "1.25" not in status["summary"], status["summary"]
    layer = QgsVectorLayer(str(lep_path), "LEP", "ogr")
    scores = lep_scores(layer, bres2020, BRES_ALIASES, "C : Manufacturing")
    assert tuple(status["counts"]) == expected_counts(scores, adjacency(layer), 1.25)
    assert len(status["clusters"]) == status["counts"][1]
    areas = [area for _keys, area in status["clusters"]]
    assert all(re.fullmatch(r"\d{1,3}([" + GROUPING + r"]\d{3})*", a) for a in areas), areas
    assert any(ch in a for a in areas for ch in GROUPING), areas  # thousands of km², grouped
    # "2,5" km typed: 2,500 m between regions, shown back with its comma
    assert status["tolerance_m"] == 2500.0 and status["tolerance_text"] == "2,50 km"
    assert shot.is_file() and shot.stat().st_size > 5_000
