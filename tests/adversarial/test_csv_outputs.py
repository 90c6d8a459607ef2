"""Vector outputs saved as CSV open in a spreadsheet as text, never as formulas (OWASP "CSV injection").

QGIS's own CSV writer writes a region named ``=HYPERLINK("http://example.com","x")`` as it is; Excel and
LibreOffice then run it. Through ``qgis_process`` as a user types it: the regions and the clusters of
detectclusters written as .csv get a leading apostrophe on every text cell that starts like a formula
(= + - @), while numbers, negative ones included, stay numbers. The regions are keyed by their names here, so
the clusters' members start with the formula-like name too.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.adversarial.test_duplicates import grid
from tests.qgis.cli import QgisProcess

pytestmark = [pytest.mark.qgis, pytest.mark.e2e]

LINK = '=HYPERLINK("http://example.com","x")'


@pytest.fixture(scope="module")
def cli(processing_ready, tmp_path_factory) -> QgisProcess:
    return QgisProcess(tmp_path_factory.mktemp("csv_qp"))


def rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_regions_and_clusters_saved_as_csv_hold_no_formula(cli, tmp_path):
    layer = grid(tmp_path, {"K1": 10.0, "K2": 10.0, "K5": -3.0},
                 names={"K1": LINK, "K2": "@SUM(A1:A9)", "K3": "+cmd|' /C calc'!A0", "K4": "-2+3"})
    outcome = cli.run("detectclusters", {"INPUT": layer, "KEY": "name", "FIELDS": "score", "BASELINE": 0,
                                         "THRESHOLD": 1.0, "MIN_REGIONS": 2, "NEIGHBOURS": 0,
                                         "OUTPUT_REGIONS": tmp_path / "r.csv", "OUTPUT_CLUSTERS": tmp_path / "c.csv"})
    assert outcome.code == 0, outcome.text
    names = {r["code"]: r["name"] for r in rows(tmp_path / "r.csv")}
    assert names["K1"] == "'" + LINK
    assert names["K2"] == "'@SUM(A1:A9)" and names["K3"] == "'+cmd|' /C calc'!A0" and names["K4"] == "'-2+3"
    assert names["K6"] == "Region K6"
    scores = {r["code"]: r["score"] for r in rows(tmp_path / "r.csv")}
    assert float(scores["K5"]) == -3.0 and not scores["K5"].startswith("'")  # a number stays a number
    clusters = rows(tmp_path / "c.csv")
    assert len(clusters) == 1, clusters
    assert clusters[0]["members"] == "'" + LINK + "; @SUM(A1:A9)", clusters[0]
    assert clusters[0]["n_regions"] == "2" and float(clusters[0]["mean_score"]) == 10.0
    for r in rows(tmp_path / "r.csv") + clusters:
        for value in r.values():
            assert not value.startswith(("=", "+", "@")), value
            assert not value.startswith("-") or _number(value), value


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
