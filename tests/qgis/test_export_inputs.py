"""Exports never write to their inputs: every file an export reads is byte-for-byte the same afterwards.

Through the real pipeline (joinscores → detectclusters into GeoPackages the plugin wrote, which are the files
an atlas would once have stored its pages in), then exportmap as a single map and as an atlas, as PDF and PNG.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject

from tests.conftest import BRES_ALIASES

pytestmark = pytest.mark.qgis


def sha1(path: Path) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()


def run(alg_id: str, params: dict) -> dict:
    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    results, ok = alg.run(params, context, QgsProcessingFeedback())
    assert ok, alg_id
    return results


@pytest.fixture(scope="module")
def outputs(processing_ready, lep_path, bres2020, tmp_path_factory):
    root = tmp_path_factory.mktemp("exports")
    aliases = root / "aliases.csv"
    aliases.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    joined = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(bres2020),
                                               "ALIASES": str(aliases), "OUTPUT": str(root / "joined.gpkg")})
    run("sectorclusters:detectclusters", {
        "INPUT": joined["OUTPUT"], "BASELINE": 3, "FIELDS": ["C_Manufacturing", "J_Information_and_communication"],
        "OUTPUT_REGIONS": str(root / "regions.gpkg"), "OUTPUT_CLUSTERS": str(root / "clusters.gpkg")})
    return root


@pytest.mark.parametrize("atlas", [False, True], ids=["single", "atlas"])
def test_exportmap_leaves_its_inputs_unchanged(outputs, lep_path, tmp_path, atlas):
    inputs = [outputs / "regions.gpkg", outputs / "clusters.gpkg", lep_path]
    before = {p: sha1(p) for p in inputs}
    listing = sorted(p.name for p in outputs.iterdir())
    res = run("sectorclusters:exportmap", {
        "REGIONS": str(outputs / "regions.gpkg"), "CLUSTERS": str(outputs / "clusters.gpkg"),
        "FIELD": "C_Manufacturing", "ATLAS": atlas, "DPI": 60,
        "OUTPUT_PDF": str(tmp_path / "map.pdf"), "OUTPUT_PNG": str(tmp_path / "map.png")})
    assert res["OUTPUT_FILES"]
    assert {p: sha1(p) for p in inputs} == before
    assert sorted(p.name for p in outputs.iterdir()) == listing  # no side files (-wal, -shm, .aux.xml) either
