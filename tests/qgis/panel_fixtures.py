"""Helpers for the panel tests: driving the dock, and an independent reading of the BRES export and of LEP
adjacency. (The ``project`` and ``dock`` fixtures are in ``panel_dock.py``.)

Deliberately not the plugin's code: the Nomis CSV is parsed with the csv module
and neighbours come from QgsGeometry.intersects, so the panel's counts are
checked against a second computation.
"""
from __future__ import annotations

import csv
import math
from pathlib import Path

from qgis.core import QgsVectorLayer

from tests.conftest import BRES_ALIASES

WAIT = 60_000
MANUFACTURING = "C : Manufacturing"
ICT = "J : Information and communication"


def bres_lep_values(path: Path) -> tuple[list[str], dict[str, list[float]]]:
    """(sector labels, {LEP name: values}) of the ``lep:`` rows of a Nomis BRES export."""
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    cols = [j for j, h in enumerate(header) if j > 0 and h and h != "Flags"]
    out: dict[str, list[float]] = {}
    for row in rows[1:]:
        if not row or not row[0].startswith("lep:"):
            continue
        vals = []
        for j in cols:
            try:
                vals.append(float(row[j].replace(",", "")))
            except (ValueError, IndexError):
                vals.append(float("nan"))
        out[row[0][4:].strip()] = vals
    return [header[j] for j in cols], out


def lep_scores(layer: QgsVectorLayer, path: Path, aliases: dict[str, str], label: str) -> dict[str, float]:
    """Region code -> score for sector ``label``, matching names exactly or through ``aliases``."""
    labels, table = bres_lep_values(path)
    j = labels.index(label)
    by_name = {f["LEP21NM"]: f["LEP21CD"] for f in layer.getFeatures()}
    out = {}
    for name, values in table.items():
        code = by_name.get(name) or aliases.get(name)
        if code:
            out[code] = values[j]
    return out


def adjacency(layer: QgsVectorLayer) -> dict[str, set[str]]:
    """Queen neighbours (sharing any point or overlapping, up to the plugin's 1 mm contact tolerance:
    1e-8° here, as the layer is in EPSG:4326) by region code."""
    feats = [(f["LEP21CD"], f.geometry()) for f in layer.getFeatures()]
    adj: dict[str, set[str]] = {code: set() for code, _ in feats}
    for i, (a, ga) in enumerate(feats):
        for b, gb in feats[i + 1:]:
            if ga.boundingBoxIntersects(gb) and (ga.intersects(gb) or ga.distance(gb) <= 1e-8):
                adj[a].add(b)
                adj[b].add(a)
    return adj


def expected_counts(scores: dict[str, float], adj: dict[str, set[str]], threshold: float,
                    min_regions: int = 2) -> tuple[int, int]:
    """(regions with score / mean > threshold, groups of >= min_regions neighbouring such regions)."""
    vals = [v for v in scores.values() if not math.isnan(v)]
    mean = sum(vals) / len(vals)
    above = {k for k, v in scores.items() if not math.isnan(v) and v / mean > threshold}
    seen: set[str] = set()
    groups = 0
    for start in above:
        if start in seen:
            continue
        stack, size = [start], 0
        seen.add(start)
        while stack:
            k = stack.pop()
            size += 1
            for n in adj[k] & above:
                if n not in seen:
                    seen.add(n)
                    stack.append(n)
        if size >= min_regions:
            groups += 1
    return len(above), groups


# ------------------------------------------------------------------------------- the dock
def pick(combo, value) -> None:
    """Choose the item of a combo box whose data is ``value`` (fails, listing them, when none is)."""
    i = combo.findData(value)
    assert i >= 0, (value, [combo.itemData(j) for j in range(combo.count())])
    combo.setCurrentIndex(i)


def pick_sector(panel, field: str) -> None:
    """Show the sector ``field`` as the user does: choose it in the Sector combo."""
    pick(panel.method.sector_combo, field)


def fix_alias(panel, table_value: str, region_key: str) -> None:
    """Match a table row by hand as the user does: choose the region in the row's picker."""
    pick(panel.scores.unmatched.combo(table_value), region_key or "")


def wait_idle(qtbot, panel) -> None:
    qtbot.wait(50)
    qtbot.waitUntil(lambda: not panel.busy(), timeout=WAIT)  # busy(): jobs running or a debounce timer pending


def field_for(panel, label: str) -> str:
    i = panel.method.sector_combo.findText(label)
    assert i >= 0, label
    return panel.method.sector_combo.itemData(i)


def load_bres(dock, qtbot, project, lep_path, bres2020) -> QgsVectorLayer:
    """LEPs + BRES 2020 with the two aliases, matched and analysed."""
    layer = QgsVectorLayer(str(lep_path), "LEPs", "ogr")
    assert layer.isValid()
    project.addMapLayer(layer)
    dock.regions.layer_combo.setLayer(layer)
    dock.scores.file_widget.setFilePath(str(bres2020))
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "36 of 38 regions matched", timeout=WAIT)
    for name, code in BRES_ALIASES.items():
        fix_alias(dock, name, code)
    qtbot.waitUntil(lambda: dock.scores.match_label.text() == "38 of 38 regions matched", timeout=WAIT)
    wait_idle(qtbot, dock)
    return layer




# ------------------------------------------------------------------------------- exported files
def pdf_text(path: Path) -> str:
    """The PDF's text as pdftotext reads it (layout order), whitespace collapsed."""
    import re
    import subprocess
    import unicodedata

    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", out.stdout))


def png_pixels(path: Path):
    """The PNG's pixels as an (h, w, 3) uint8 array (read by Qt)."""
    import numpy as np
    from qgis.PyQt.QtGui import QImage

    img = QImage(str(path)).convertToFormat(QImage.Format_RGB32)
    ptr = img.constBits()
    ptr.setsize(img.height() * img.bytesPerLine())
    arr = np.frombuffer(bytes(ptr), dtype=np.uint8).reshape(img.height(), img.bytesPerLine() // 4, 4)
    return arr[:, : img.width(), 2::-1]  # BGRA -> RGB


def colour_share(img, hex_colour: str, tol: int = 10) -> float:
    import numpy as np

    rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.int16)
    return float(np.all(np.abs(img.astype(np.int16) - rgb) <= tol, axis=2).mean())


def expanded_members(tree, item) -> list[str]:
    """A cluster's member names as a user reads them: the row double-clicked open (member rows are made when a
    cluster is first expanded), then its child rows."""
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtTest import QTest

    if not item.isExpanded():
        tree.scrollToItem(item)
        at = tree.visualItemRect(item).center()
        # a real double click: press and release, then the second press (QTest's double click event alone is not
        # one: the view opens only the row the first press was on)
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=at)
        QTest.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=at)
    assert item.isExpanded(), "the cluster did not open on a double click"
    return [item.child(j).text(0) for j in range(item.childCount())]
