"""Rendering regression: the styled HVM map must match a committed reference image.

Rendering is deterministic (fixed size, extent, DPI, font, no date text), so a
change of colours, outline widths or labels shows up as differing pixels.
Regenerate after an intended style change with SC_UPDATE_REFERENCE=1.
"""
from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsMapRendererCustomPainterJob,
    QgsMapSettings,
    QgsProject,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage, QPainter

from plugin.gis import style
from tests.qgis.map_fixtures import build_layers

pytestmark = pytest.mark.qgis
REFERENCE = Path(__file__).resolve().parents[1] / "reference_images" / "hvm_map.png"
SIZE = QSize(480, 560)
EXTENT = QgsRectangle(80000, -10000, 660000, 667000)  # England in British National Grid
HVM = "High_Value_Manufacturing"


def render(regions, clusters) -> QImage:
    ms = QgsMapSettings()
    ms.setLayers([clusters, regions])
    ms.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:27700"))
    ms.setOutputSize(SIZE)
    ms.setOutputDpi(96)
    ms.setExtent(EXTENT)
    ms.setBackgroundColor(QColor("#ffffff"))
    ms.setFlag(QgsMapSettings.Antialiasing, True)
    img = QImage(SIZE, QImage.Format_ARGB32_Premultiplied)
    img.fill(QColor("#ffffff"))
    painter = QPainter(img)
    # synchronous: no worker thread, no queued signals left for later event processing
    job = QgsMapRendererCustomPainterJob(ms, painter)
    job.renderSynchronously()
    painter.end()
    return img.convertToFormat(QImage.Format_RGB32)


def pixels(img: QImage) -> np.ndarray:
    img = img.convertToFormat(QImage.Format_RGB32)
    ptr = img.constBits()
    ptr.setsize(img.height() * img.bytesPerLine())
    arr = np.frombuffer(bytes(ptr), dtype=np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)
    return arr[:, : img.width(), :3].astype(np.int16)


def differing_share(a: np.ndarray, b: np.ndarray, tol: int = 40) -> float:
    return float((np.abs(a - b).max(axis=2) > tol).mean())


@pytest.fixture(scope="module")
def styled(qgs, shared_data, tmp_path_factory):
    regions, clusters = build_layers(shared_data, tmp_path_factory.mktemp("render"))
    # owned by the project, so QGIS (not Python's garbage collector) deletes them
    QgsProject.instance().addMapLayers([regions, clusters], False)
    style.style_regions(regions, HVM)
    style.style_clusters(clusters, HVM, regions=regions)
    yield regions, clusters
    QgsProject.instance().removeMapLayers([regions.id(), clusters.id()])


def test_hvm_map_matches_reference(styled, tmp_path):
    img = render(*styled)
    if os.environ.get("SC_UPDATE_REFERENCE") or not REFERENCE.exists():
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        assert img.save(str(REFERENCE), "PNG")
        pytest.skip(f"reference image written: {REFERENCE}")
    ref = QImage(str(REFERENCE))
    assert ref.size() == img.size()
    got, want = pixels(img), pixels(ref)
    share = differing_share(got, want)
    mean = float(np.abs(got - want).mean())
    if share >= 0.005 or mean >= 1.5:
        img.save(str(tmp_path / "hvm_map_actual.png"))
    assert share < 0.005, f"{share:.2%} of pixels differ (actual image in {tmp_path})"
    assert mean < 1.5, f"mean absolute difference {mean:.2f}"


def test_a_styling_change_would_fail(styled):
    """The tolerance is tight enough to catch a swapped colour scheme."""
    regions, clusters = styled
    ref = pixels(QImage(str(REFERENCE))) if REFERENCE.exists() else pixels(render(regions, clusters))
    style.style_regions(regions, HVM, scheme="graduated")
    try:
        changed = pixels(render(regions, clusters))
    finally:
        style.style_regions(regions, HVM)
    assert differing_share(changed, ref) > 0.02
