"""What a user's pick changes besides itself, worked out before the model is told (``model.update(**changes)``):
a new regions layer brings its likely key field, a new overlay its naming field, a row fixed by hand the
aliases. (A new point layer: ``points_source.point_changes``.)"""
from __future__ import annotations


def layer_changes(layer, state: dict) -> dict:
    """A new regions layer (None: none): its likely key field is chosen (a GSS code such as LEP21CD, else a
    name)."""
    changes = {"layer_id": layer.id() if layer is not None else "",
               "layer_source": layer.source() if layer is not None else ""}
    if layer is not None and layer.id() != state["layer_id"]:
        from ..gis.layers import guess_key_field

        changes["key_field"] = guess_key_field(layer) or ""
    elif layer is None:
        changes["key_field"] = ""
    return changes


def overlay_changes(layer, state: dict, regions_layer) -> dict:
    """A new overlay (None: none): its name field is chosen when one names each unit (else the user is asked)."""
    changes = {"overlay_id": layer.id() if layer is not None else "",
               "overlay_source": layer.source() if layer is not None else ""}
    if layer is None:
        changes["overlay_name"] = ""
    elif layer.id() != state["overlay_id"]:
        from .crossings import guess_overlay_name

        changes["overlay_name"] = guess_overlay_name(layer, regions_layer)
    return changes


def alias_changes(state: dict, table_value: str, region_key: str | None) -> dict:
    """Match ``table_value`` to the region ``region_key`` by hand ('' or None removes the fix)."""
    aliases = dict(state["aliases"])
    if region_key:
        aliases[table_value] = region_key
    else:
        aliases.pop(table_value, None)
    return {"aliases": aliases}
