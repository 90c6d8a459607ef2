"""Running a Processing algorithm as the toolbox would, and what it said: shared by the algorithm tests."""
from __future__ import annotations

import hashlib
from pathlib import Path

from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject


class Capture(QgsProcessingFeedback):
    """Keeps the errors, warnings and infos an algorithm reports."""

    def __init__(self):
        super().__init__()
        self.errors, self.warnings, self.infos = [], [], []

    def reportError(self, text, fatalError=False):  # noqa: N802, N803
        self.errors.append(text)

    def pushWarning(self, text):  # noqa: N802
        self.warnings.append(text)

    def pushInfo(self, text):  # noqa: N802
        self.infos.append(text)


def run(alg_id: str, params: dict):
    """(ok, results, feedback) without raising, as the toolbox would show it."""
    alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = Capture()
    results, ok = alg.run(params, context, feedback)
    return ok, results, feedback


def sha1(path: Path) -> str:
    return hashlib.sha1(Path(path).read_bytes()).hexdigest()
