"""The `sectorclusters` Processing provider.

The plugin registers it when QGIS starts, and registering imports every algorithm module and builds its
parameters: so an algorithm module imports only qgis and the plugin's light modules at import time, and
what it computes with (numpy, shapely, the steps and the layer readers) inside the methods that run it.
tests/qgis/test_startup.py checks that loading the provider imports none of numpy, pandas, shapely or scipy.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from qgis.core import Qgis, QgsMessageLog, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

ICON = Path(__file__).resolve().parents[2] / "resources" / "icons" / "sector_clusters.svg"
# module, class: one module per algorithm; a module that is missing or fails to
# import is logged and skipped, so one broken algorithm never hides the others.
ALGORITHMS = (
    ("alg_joinscores", "JoinScoresAlgorithm"),
    ("alg_detectclusters", "DetectClustersAlgorithm"),
    ("alg_localstatistics", "LocalStatisticsAlgorithm"),
    ("alg_profileregions", "ProfileRegionsAlgorithm"),
    ("alg_stylemap", "StyleMapAlgorithm"),
    ("alg_exportmap", "ExportMapAlgorithm"),
    ("alg_clustertimeline", "ClusterTimelineAlgorithm"),
    ("alg_pointclusters", "PointClustersAlgorithm"),
    ("alg_pointstoregions", "PointsToRegionsAlgorithm"),
)


class SectorClustersProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "sectorclusters"

    def name(self) -> str:
        return "Sector Clusters"

    def longName(self) -> str:
        return "Sector Clusters: sector scores, multi-region clusters and maps"

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def loadAlgorithms(self) -> None:
        for module, cls in ALGORITHMS:
            try:
                mod = importlib.import_module(f"{__package__}.{module}")
            except ModuleNotFoundError as exc:
                if exc.name and exc.name.endswith(module):
                    continue
                QgsMessageLog.logMessage(f"{module}: {exc}", "Sector Clusters", Qgis.Critical)
                continue
            except Exception as exc:  # noqa: BLE001 - keep the rest of the provider usable
                QgsMessageLog.logMessage(f"{module}: {exc}", "Sector Clusters", Qgis.Critical)
                continue
            self.addAlgorithm(getattr(mod, cls)())
