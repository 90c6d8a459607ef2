"""Which sectors a layer holds and what they are called, from its record and its fields."""
from __future__ import annotations

from qgis.core import QgsVectorLayer

from ..core.errors import UserError
from ..i18n import tr
from .meta import read_meta

ANALYSED_SUFFIXES = ("_above", "_idx", "_cluster", "_type")


def layer_meta(layer: QgsVectorLayer, meta: dict | None = None) -> dict:
    """The layer's record, or an empty dict so callers can use defaults."""
    if meta is not None:
        return meta
    return read_meta(layer) or {}


def analysed(name: str, names) -> bool:
    """A sector field the engine analysed: the rule writes ``_above``, local statistics ``_type``."""
    return f"{name}_above" in names or f"{name}_type" in names


def sector_fields(layer: QgsVectorLayer, meta: dict | None = None) -> dict[str, str]:
    """{field: label} of analysed sectors in the layer's field order.

    The layer's field order is used because the record's JSON may have lost table order; without a record,
    sectors are found from ``<F>_above`` fields.
    """
    meta = layer_meta(layer, meta)
    names = layer.fields().names()
    known = dict(meta.get("sectors") or {})
    found: dict[str, str] = {}
    for name in names:
        if name in known or analysed(name, names):
            alias = layer.fields().at(layer.fields().indexOf(name)).alias()
            found[name] = known.get(name) or alias or name
    for name, label in known.items():
        if name not in found:
            found[name] = label
    return found


def resolve_field(layer: QgsVectorLayer, field: str | None, meta: dict | None = None) -> str:
    """The sector field for a field name or its label; the first sector when empty.

    Raises a UserError (code ``sector_field``; a ValueError) with a plain message when the field is not an
    analysed sector.
    """
    sectors = sector_fields(layer, meta)
    names = layer.fields().names()
    if not field:
        for name in sectors:
            if analysed(name, names):
                return name
        raise UserError(tr("The layer has no analysed sector fields (no '<sector>_above' field)."), code="sector_field")
    if field.endswith(ANALYSED_SUFFIXES) and field.rsplit("_", 1)[0] in sectors:
        field = field.rsplit("_", 1)[0]
    if field not in sectors:
        by_label = {label.casefold(): name for name, label in sectors.items()}
        field = by_label.get(field.casefold(), field)
    if field not in sectors or not analysed(field, names):
        raise UserError(
            tr("Unknown sector field '{0}'. Analysed sectors: {1}.").format(field, ", ".join(sectors) or "-"),
            code="sector_field")
    return field


def sector_label(layer: QgsVectorLayer, field: str, meta: dict | None = None) -> str:
    return sector_fields(layer, meta).get(field, field)
