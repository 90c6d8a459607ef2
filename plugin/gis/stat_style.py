"""A categorized renderer on ``<F>_type`` for the regions written by ``sectorclusters:localstatistics``.

``style.style_regions`` uses it for layers that carry ``<F>_type`` instead of
``<F>_above``, so the panel, stylemap and exportmap (atlas included) colour a
statistics layer the same way. Colours are colour-blind safe (ColorBrewer RdBu/Oranges
family): High-High and hot spots dark red-brown, Low-Low and cold spots blue,
the outliers High-Low / Low-High light tones, not significant light grey,
isolated and no data white with a grey outline.
"""
from __future__ import annotations

from qgis.core import QgsCategorizedSymbolRenderer, QgsFillSymbol, QgsRendererCategory, QgsVectorLayer

from ..i18n import tr
from ..steps.words import type_legend

OUTLINE = "#969696"

# Fill colour per type; the legend's words and order come from steps.words.
COLOURS = {
    "HH": "#8c2d04", "LL": "#2166ac", "HL": "#f4a582", "LH": "#92c5de",
    "hot99": "#8c2d04", "hot95": "#d94801", "hot90": "#fdae6b",
    "cold90": "#c6dbef", "cold95": "#6baed6", "cold99": "#2166ac",
    "ns": "#e0e0e0", "isolated": "#ffffff", "nodata": "#ffffff",
}


def layer_method(layer: QgsVectorLayer, field: str) -> str:
    """'moran' or 'gistar': from the layer's metadata record, else from the type values present."""
    try:
        from .meta import read_meta

        method = (read_meta(layer) or {}).get("method")
    except Exception:  # noqa: BLE001 - fall back to the values
        method = None
    if method in ("moran", "gistar"):
        return method
    idx = layer.fields().indexFromName(f"{field}_type")
    values = {str(v) for v in layer.uniqueValues(idx)} if idx >= 0 else set()
    return "gistar" if any(v.startswith(("hot", "cold")) for v in values) else "moran"


def type_symbol(colour: str) -> QgsFillSymbol:
    white = colour.lower() == "#ffffff"
    return QgsFillSymbol.createSimple({
        "color": colour, "outline_color": OUTLINE if white else "#ffffff",
        "outline_width": "0.3" if white else "0.2", "outline_width_unit": "MM",
    })


def type_renderer(field: str, method: str, attribute: str | None = None) -> QgsCategorizedSymbolRenderer:
    """Categories of ``<field>_type`` (or the expression ``attribute``) for ``method`` ('moran' or 'gistar')."""
    cats = [QgsRendererCategory(value, type_symbol(COLOURS[value]), tr(words))
            for value, words in type_legend(method)]
    return QgsCategorizedSymbolRenderer(attribute or f"{field}_type", cats)


def style_types(layer: QgsVectorLayer, field: str, method: str | None = None) -> None:
    """Colour the regions by their local-statistics type for sector ``field``."""
    layer.setRenderer(type_renderer(field, method or layer_method(layer, field)))
    layer.triggerRepaint()
