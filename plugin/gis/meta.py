"""What joinscores/detectclusters record about a layer, so later steps need no re-asking.

In a GeoPackage the record is a row of the attribute table ``sector_clusters_meta``
in the same file (it survives copying the file and reopening the project); on
any other layer it is a custom property, which lives as long as the layer.
"""
from __future__ import annotations

import contextlib
import html
import json
import os
import sqlite3
from collections.abc import Iterator
from urllib.parse import quote

from qgis.core import QgsProviderRegistry, QgsVectorLayer

TABLE = "sector_clusters_meta"
PROPERTY = "sector_clusters/meta"
# The table's DDL and queries are constants: no SQL is built from values (those are bound parameters).
_META_DDL = "CREATE TABLE IF NOT EXISTS sector_clusters_meta (layer TEXT PRIMARY KEY, meta TEXT)"
_META_UPSERT = "INSERT OR REPLACE INTO sector_clusters_meta (layer, meta) VALUES (?, ?)"
_META_SELECT = "SELECT meta FROM sector_clusters_meta WHERE layer=?"


@contextlib.contextmanager
def connect(path: str, read_only: bool = False, timeout: float = 5.0) -> Iterator[sqlite3.Connection]:
    """A connection that commits on success, rolls back on error and is always closed.

    (``with sqlite3.connect(...)`` alone only ends the transaction; the file stays open until garbage
    collection, which Python 3.13 reports as ``ResourceWarning: unclosed database``.)
    """
    if read_only:  # a URI, so the path is percent-encoded (names with '#', '?' or '%')
        con = sqlite3.connect(f"file:{quote(os.path.abspath(path))}?mode=ro", uri=True, timeout=timeout)
    else:
        con = sqlite3.connect(path, timeout=timeout)
    try:
        with con:
            yield con
    finally:
        con.close()


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
        with connect(path, read_only=True) as con:
            rows = con.execute(
                "SELECT table_name FROM gpkg_contents WHERE data_type='features'"
            ).fetchall()
    except sqlite3.Error:
        return ""
    return rows[0][0] if len(rows) == 1 else ""


def write_gpkg_meta(path: str, layer_name: str, meta: dict) -> None:
    """Record ``meta`` for ``layer_name`` inside the GeoPackage at ``path``."""
    text = json.dumps(meta, ensure_ascii=False)
    with connect(path) as con:
        con.execute(_META_DDL)
        con.execute(_META_UPSERT, (layer_name, text))
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
        with connect(path, read_only=True) as con:
            row = con.execute(_META_SELECT, (layer_name,)).fetchone()
    except sqlite3.Error:
        return None
    return json.loads(row[0]) if row else None


def write_gpkg_record(destination: str, meta: dict) -> bool:
    """Record ``meta`` inside the GeoPackage ``destination`` points at (any thread: sqlite only)."""
    where = gpkg_location(destination)
    if not where:
        return False
    write_gpkg_meta(where[0], where[1], meta)
    return True


def write_layer_record(layer: QgsVectorLayer, meta: dict) -> None:
    """Keep ``meta`` on the layer object itself (main thread): how non-GeoPackage outputs carry it."""
    layer.setCustomProperty(PROPERTY, json.dumps(meta, ensure_ascii=False))


def write_meta(layer: QgsVectorLayer, meta: dict) -> None:
    """Both: on the layer, and in its GeoPackage when it is one."""
    write_layer_record(layer, meta)
    write_gpkg_record(layer.source(), meta)


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
    """Store field aliases (sector labels) as the GeoPackage layer's default QGIS style.

    QGIS 3.22's writer drops aliases and GDAL < 3.7 cannot keep them in a
    GeoPackage, but QGIS applies the default style in the file's layer_styles
    table whenever the layer is opened, so the labels come back everywhere.
    The row is written with sqlite3, like the metadata: QGIS's own style saving
    is not thread-safe and blocks on a file that a previous run left open.
    """
    where = gpkg_location(destination)
    if not where or not aliases:
        return False
    path, table = where
    qml = _aliases_qml(aliases)
    try:
        with connect(path, timeout=10) as con:
            geom = con.execute(
                "SELECT column_name FROM gpkg_geometry_columns WHERE table_name=?", (table,)
            ).fetchone()
            con.execute(_LAYER_STYLES_DDL)
            registered = con.execute("SELECT 1 FROM gpkg_contents WHERE table_name='layer_styles'").fetchone()
            if not registered:
                con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier) "
                            "VALUES ('layer_styles', 'attributes', 'layer_styles')")
            con.execute("UPDATE layer_styles SET useAsDefault=0 WHERE f_table_name=?", (table,))
            con.execute("DELETE FROM layer_styles WHERE f_table_name=? AND styleName=?", (table, STYLE_NAME))
            con.execute(
                "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, "
                "styleName, styleQML, styleSLD, useAsDefault, description, owner, ui) "
                "VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', '')",
                (table, geom[0] if geom else "", STYLE_NAME, qml, "Sector Clusters: sector labels as field aliases"),
            )
    except sqlite3.Error:
        return False
    return True


STYLE_NAME = "sector_clusters"
_LAYER_STYLES_DDL = (
    "CREATE TABLE IF NOT EXISTS layer_styles (id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog TEXT(256), "
    "f_table_schema TEXT(256), f_table_name TEXT(256), f_geometry_column TEXT(256), styleName TEXT(30), "
    "styleQML TEXT, styleSLD TEXT, useAsDefault BOOLEAN, description TEXT, owner TEXT(30), ui TEXT(30), "
    "update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')))"
)


def _aliases_qml(aliases: dict) -> str:
    """A QML holding only the Fields category: QGIS matches aliases by field name."""
    def quoteattr(text: str) -> str:
        return '"' + html.escape(text, quote=True) + '"'

    rows = "".join(f"    <alias field={quoteattr(str(k))} name={quoteattr(str(v))}/>\n" for k, v in aliases.items())
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            "<qgis styleCategories=\"Fields\" version=\"3.22\">\n  <aliases>\n" + rows + "  </aliases>\n</qgis>\n")
