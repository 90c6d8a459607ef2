"""One translation context for every user-visible string of the plugin.

Without QGIS (the core's and the wording's tests) ``tr`` returns the English text unchanged.
"""
from __future__ import annotations

CONTEXT = "SectorClusters"

try:
    from qgis.PyQt.QtCore import QCoreApplication
except ImportError:  # pragma: no cover - only outside QGIS
    QCoreApplication = None


def tr(text: str) -> str:
    if QCoreApplication is None:
        return text
    return QCoreApplication.translate(CONTEXT, text)
