"""What joinscores/detectclusters record about a layer, so later steps need no re-asking.

In a GeoPackage the record is a row of the attribute table ``sector_clusters_meta``
in the same file (it survives copying the file and reopening the project); on
any other layer it is a custom property, which lives as long as the layer.
"""
from __future__ import annotations

import json
import sqlite3

from qgis.core import QgsProviderRegistry, QgsVectorLayer

TABLE = "sector_clusters_meta"
PROPERTY = "sector_clusters/meta"


def gpkg_location(source: str) -> tuple[str, str] | None:
    """(file path, layer name) when ``source`` is a GeoPackage layer, else None."""
    parts = QgsProviderRegistry.instance().decodeUri("ogr", source)
    path = parts.get("path") or ""
    if not path.lower().endswith(".gpkg"):
        return None
    name = parts.get("layerName") or ""
    if not name:
        name = _single_layer_name(path)
    return (path, name) if name else None


def _single_layer_name(path: str) -> str:
    try:
        with sqlite3.connect(path) as con:
            rows = con.execute(
                "SELECT table_name FROM gpkg_contents WHERE data_type='features'"
            ).fetchall()
    except sqlite3.Error:
        return ""
    return rows[0][0] if len(rows) == 1 else ""


def write_gpkg_meta(path: str, layer_name: str, meta: dict) -> None:
    """Record ``meta`` for ``layer_name`` inside the GeoPackage at ``path``."""
    text = json.dumps(meta, ensure_ascii=False)
    with sqlite3.connect(path) as con:
        con.execute(f"CREATE TABLE IF NOT EXISTS {TABLE} (layer TEXT PRIMARY KEY, meta TEXT)")
        con.execute(f"INSERT OR REPLACE INTO {TABLE} (layer, meta) VALUES (?, ?)", (layer_name, text))
        registered = con.execute(
            "SELECT 1 FROM gpkg_contents WHERE table_name=?", (TABLE,)
        ).fetchone()
        if not registered:
            con.execute(
                "INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                "VALUES (?, 'attributes', ?, ?)",
                (TABLE, TABLE, "Sector Clusters: how each layer was made"),
            )


def read_gpkg_meta(path: str, layer_name: str) -> dict | None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            row = con.execute(f"SELECT meta FROM {TABLE} WHERE layer=?", (layer_name,)).fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


def write_meta(layer: QgsVectorLayer, meta: dict) -> None:
    layer.setCustomProperty(PROPERTY, json.dumps(meta, ensure_ascii=False))
    where = gpkg_location(layer.source())
    if where:
        write_gpkg_meta(where[0], where[1], meta)


def write_meta_for_destination(destination: str, meta: dict, layer: QgsVectorLayer | None = None) -> None:
    """After a Processing sink is closed: record ``meta`` in the file or on the layer."""
    where = gpkg_location(destination)
    if where:
        write_gpkg_meta(where[0], where[1], meta)
    if layer is not None:
        layer.setCustomProperty(PROPERTY, json.dumps(meta, ensure_ascii=False))


def read_meta(layer: QgsVectorLayer) -> dict | None:
    """The record for ``layer``, from its GeoPackage or its custom property."""
    where = gpkg_location(layer.source())
    if where:
        found = read_gpkg_meta(*where)
        if found is not None:
            return found
    text = layer.customProperty(PROPERTY)
    if text:
        try:
            return json.loads(text)
        except (TypeError, ValueError):
            return None
    return None


def persist_aliases(destination: str, aliases: dict) -> bool:
    """Store field aliases (sector labels) as the GeoPackage layer's default style.

    QGIS 3.22's writer drops aliases and GDAL < 3.7 cannot keep them in a
    GeoPackage, but QGIS applies a default style from the file's layer_styles
    table whenever the layer is opened, so the labels come back everywhere.
    """
    where = gpkg_location(destination)
    if not where or not aliases:
        return False
    layer = QgsVectorLayer(f"{where[0]}|layername={where[1]}", where[1], "ogr")
    if not layer.isValid():
        return False
    for name, alias in aliases.items():
        idx = layer.fields().indexFromName(name)
        if idx >= 0:
            layer.setFieldAlias(idx, alias)
    result = layer.saveStyleToDatabase("sector_clusters", "Sector Clusters: field labels", True, "")
    error = result[-1] if isinstance(result, tuple) else result
    return not error
