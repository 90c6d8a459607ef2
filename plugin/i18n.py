"""One translation context for every user-visible string of the plugin."""
from __future__ import annotations

from qgis.PyQt.QtCore import QCoreApplication

CONTEXT = "SectorClusters"


def tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)
