"""What every section of the panel shares: the flag that tells the user's edits from the panel's own, the way a
section builds a combo or a spin box, and zooming the map to a cluster (from the results and from the tracks)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qgis.core import Qgis, QgsCoordinateTransform, QgsExpression, QgsMapLayerProxyModel, QgsProject, QgsRectangle


class Showing:
    """Set while the panel puts the model's values into its widgets: their change signals are then the panel's,
    not the user's, and must not go back to the model. Nested uses restore the outer value."""

    def __init__(self) -> None:
        self.on = False
        self._outer: list[bool] = []

    def __enter__(self) -> Showing:
        self._outer.append(self.on)
        self.on = True
        return self

    def __exit__(self, *_exc) -> None:
        self.on = self._outer.pop()

    def __bool__(self) -> bool:
        return self.on


class Section:
    """One part of the panel. ``panel`` is the dock: the model, the ``Showing`` flag and the parent of dialogs."""

    def __init__(self, panel) -> None:
        self.panel = panel

    @property
    def model(self):
        return self.panel.model

    @property
    def showing(self) -> Showing:
        return self.panel.showing

    def bound(self) -> dict:
        """The state keys this section's widgets show, each with its widget (for the dock's one binding loop)."""
        return {}

    def connect(self, model) -> None:
        """Forward the user's actions on this section's widgets (other than the bound ones) to ``model``."""

    def before_values(self, keys: set) -> None:
        """What must change before the bound values are shown (a range the value has to fit in)."""

    def show_state(self, keys: set) -> None:
        """Show what the changed settings ``keys`` change in this section besides the bound values (the dock's
        ``Showing`` flag is set)."""


@dataclass(frozen=True)
class SpinRange:
    """A spin box's range, default (also its clear value), step, decimals and suffix."""

    low: float
    high: float
    value: float
    step: float | None = None
    decimals: int | None = None
    suffix: str = ""


def spin(name: str, cls, limits: SpinRange, tip: str) -> Any:
    """A spin box of class ``cls`` (QSpinBox, QgsDoubleSpinBox) named ``name`` with ``limits``."""
    s = cls()
    s.setObjectName(name)
    if limits.decimals is not None:
        s.setDecimals(limits.decimals)
    s.setRange(limits.low, limits.high)
    s.setValue(limits.value)
    if limits.step is not None:
        s.setSingleStep(limits.step)
    if limits.suffix:
        s.setSuffix(limits.suffix)
    if hasattr(s, "setClearValue"):
        s.setClearValue(limits.value)
    s.setToolTip(tip)
    return s


def combo(name: str, choices=None, tip: str = ""):
    """A narrow combo box named ``name``, filled with ``choices`` (steps.options) when given."""
    from qgis.PyQt.QtWidgets import QComboBox

    from .. import widgets as w

    c = w.narrow(QComboBox())
    c.setObjectName(name)
    if choices is not None:
        w.fill_combo(c, choices)
    if tip:
        c.setToolTip(tip)
    return c


def polygon_filter():
    """The polygon-layer filter, wherever this QGIS keeps it (Qgis.LayerFilter since 3.34)."""
    flags = getattr(Qgis, "LayerFilter", None)
    if flags is not None and hasattr(flags, "PolygonLayer"):
        return flags.PolygonLayer
    return QgsMapLayerProxyModel.PolygonLayer


@dataclass(frozen=True)
class ClusterPick:
    """The regions a clicked cluster or track holds: their keys and row numbers; ``regions``: their geometries
    (the analysis' by default); ``layer``: the layer to select them in (the created regions layer, else the
    panel's)."""

    keys: list
    members: list
    regions: Any = None
    layer: Any = None


def zoom_to_cluster(model, iface, pick: ClusterPick) -> None:
    """Zoom the canvas to the picked member regions and select them in the regions layer."""
    m = model
    out = m.outputs.layers()
    layer = pick.layer
    if layer is None:
        layer = out[0] if out is not None else m.layer()
    key = m.state["key_field"]
    if layer is None or not key or not pick.keys:
        return
    values = ", ".join(QgsExpression.quotedValue(k) for k in pick.keys)
    layer.selectByExpression(f"{QgsExpression.quotedColumnRef(key)} IN ({values})")
    regions = pick.regions
    if regions is None:
        regions = m.analysis.regions if m.analysis is not None else None
    geoms = [regions.geometries[i] for i in pick.members if regions is not None and i < len(regions.geometries)]
    boxes = [g.boundingBox() for g in geoms if g is not None]
    rect = QgsRectangle(boxes[0]) if boxes else QgsRectangle()
    for box in boxes[1:]:
        rect.combineExtentWith(box)
    if rect.isEmpty() and layer.selectedFeatureCount():
        rect = layer.boundingBoxOfSelected()
    canvas = iface.mapCanvas() if iface is not None else None
    if canvas is None or rect.isEmpty():
        return
    src = m.layer() if geoms else layer
    xform = QgsCoordinateTransform(src.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
    try:
        rect = xform.transformBoundingBox(rect)
    except Exception:  # noqa: BLE001 - leave the view as it is rather than fail
        return
    rect.scale(1.15)
    canvas.setExtent(rect)
    canvas.refresh()
