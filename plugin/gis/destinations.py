"""Where a run writes and what it reads, resolved to real files, so an output never replaces an input.

Every destination (plain, relative or symlinked paths, ``path|layername=x``, ``ogr:dbname='…' table="…"``,
CSV/HTML/PDF/PNG/SVG files) and every input (layer sources with ``|layername=``, tables, aliases, overlays,
period tables) becomes a :class:`Location`: the real file and the layer in it (None: the whole file). A write
to a whole file clashes with any input in that file; a write to one layer of a GeoPackage clashes only with an
input that is that layer (adding a new layer beside the inputs is allowed: ``gis.staging`` writes it into a
copy of the GeoPackage, whose other tables are copied unchanged).
Two outputs of one run clash the same way. Used by every Processing algorithm (``processing.common``, before
anything is written) and by the panel (``ui.outputs``).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..core.errors import UserError
from ..i18n import tr

_OGR_URI = re.compile(r"^ogr:(.*)$", re.IGNORECASE | re.DOTALL)
_DBNAME = re.compile(r"""dbname\s*=\s*(?:'((?:[^'\\]|\\.)*)'|(\S+))""", re.IGNORECASE)
_TABLE = re.compile(r"""table\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+))""", re.IGNORECASE)
_LAYERNAME = re.compile(r"\|layername=([^|]*)", re.IGNORECASE)
_NOT_FILES = ("memory:", "postgres:", "postgis:", "spatialite:", "mssql:", "oracle:", "TEMPORARY_OUTPUT")


class DestinationError(UserError):
    """An output would replace or change an input, or two outputs share one destination."""

    code = "output_is_input"


@dataclass(frozen=True)
class Location:
    """A real file (symlinks and relative parts resolved) and the layer in it; layer None is the whole file."""

    path: str
    layer: str | None = None

    def same_file(self, other: Location) -> bool:
        if self.path == other.path:
            return True
        try:
            return os.path.samefile(self.path, other.path)  # hard links
        except OSError:
            return False

    def overlaps(self, other: Location) -> bool:
        """True when writing one changes the other: the same file and the whole of it, or the same layer
        (GeoPackage table names are case-insensitive, as SQLite's are)."""
        if not self.same_file(other):
            return False
        if self.layer is None or other.layer is None:
            return True
        return self.layer.casefold() == other.layer.casefold()


def real_path(path: str, base: str | None = None) -> str:
    """The absolute path with symlinks resolved (relative to ``base`` or the working folder)."""
    path = os.path.expanduser(path.strip())
    if base and not os.path.isabs(path):
        path = os.path.join(base, path)
    return os.path.realpath(os.path.abspath(path))


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def resolve(value: str, base: str | None = None, whole_file_layer: bool = False) -> Location | None:
    """The Location a destination or source string names; None when it is no file (memory, database).

    ``ogr:dbname='f.gpkg' table="t"`` and ``f.gpkg|layername=t`` name the layer t; a plain path names the whole
    file, as QGIS replaces a file given as a plain path. With ``whole_file_layer`` (inputs) a plain GeoPackage path
    names the layer QGIS opens from it (the first one), so a new layer may still be added beside it.
    """
    text = str(value or "").strip()
    if not text or any(text.startswith(prefix) for prefix in _NOT_FILES):
        return None
    m = _OGR_URI.match(text)
    if m:
        db = _DBNAME.search(m.group(1))
        if not db:
            return None
        path = _unquote(db.group(1) if db.group(1) is not None else db.group(2))
        t = _TABLE.search(m.group(1))
        layer = None if not t else _unquote(next(g for g in t.groups() if g is not None))
        return Location(real_path(path, base), layer or None)
    layer = None
    found = _LAYERNAME.search(text)
    if found:
        layer = found.group(1) or None
    path = text.split("|", 1)[0]
    if path.lower().startswith("file://"):
        path = path[7:]
    if "://" in path or path.lower().startswith(("pg:", "dbname=", "service=")):
        return None
    path = real_path(path, base)
    if layer is None and whole_file_layer and path.lower().endswith(".gpkg"):
        layer = first_layer(path)
    return Location(path, layer)


def first_layer(path: str) -> str | None:
    """The layer QGIS opens from a GeoPackage given without a layer name (GDAL's first), or None."""
    try:
        from osgeo import gdal, ogr
    except ImportError:  # pragma: no cover - GDAL comes with QGIS
        return None
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = ogr.Open(path, 0)
        if ds is None or ds.GetLayerCount() == 0:
            return None
        return ds.GetLayer(0).GetName()
    finally:
        gdal.PopErrorHandler()


def sink_path(destination: str) -> str:
    """A plain sink path as QGIS writes it: with '.gpkg' added when its extension names no vector format."""
    text = str(destination or "")
    if not text or "|" in text or _OGR_URI.match(text) or any(text.startswith(p) for p in _NOT_FILES):
        return text
    ext = os.path.splitext(text)[1].lstrip(".")
    try:
        from qgis.core import QgsVectorFileWriter

        known = bool(ext) and bool(QgsVectorFileWriter.driverForExtension(ext))
    except ImportError:  # pragma: no cover
        known = bool(ext)
    return text if known else text + ".gpkg"


def layer_uri(destination: str) -> str | None:
    """``f.gpkg|layername=x`` (a GeoPackage layer as QGIS names its sources) as the destination QGIS's writer
    understands, ``ogr:dbname='f.gpkg' table="x" (geom)``; None for any other destination."""
    found = re.match(r"^(?!ogr:)([^|]+\.gpkg)\|layername=([^|]+)$", str(destination or "").strip(), re.IGNORECASE)
    if not found:
        return None
    path = found.group(1).replace("\\", "\\\\").replace("'", "\\'")
    table = found.group(2).replace("\\", "\\\\").replace('"', '\\"')
    return f"ogr:dbname='{path}' table=\"{table}\" (geom)"


def describe(location: Location) -> str:
    return f"{location.path} (layer {location.layer})" if location.layer else location.path


def check_destinations(outputs: Iterable[tuple[str, Location | None]],
                       inputs: Iterable[tuple[str, Location | None]]) -> None:
    """Raise DestinationError naming the parameters when an output would replace or change an input, or when
    two outputs share a destination. ``outputs`` and ``inputs`` are (parameter name, Location or None)."""
    outs = [(name, loc) for name, loc in outputs if loc is not None]
    ins = [(name, loc) for name, loc in inputs if loc is not None]
    for name, out in outs:
        for in_name, src in ins:
            if out.overlaps(src):
                what = tr("the input {0}").format(in_name)
                if out.layer is None and src.layer is not None:
                    how = tr("writing {0} would replace the whole file {1}, which holds {2} (layer {3})").format(
                        name, out.path, what, src.layer)
                else:
                    how = tr("writing {0} to {1} would replace {2}").format(name, describe(out), what)
                raise DestinationError(tr("Choose another destination for {0}: {1}. Outputs never overwrite "
                                          "inputs; a new layer may be added to the same GeoPackage.").format(
                    name, how))
    for i, (name, out) in enumerate(outs):
        for other_name, other in outs[i + 1:]:
            if out.overlaps(other):
                raise DestinationError(
                    tr("{0} and {1} are both written to {2}: one would replace the other. Choose a different "
                       "file or layer for each.").format(name, other_name, describe(out)),
                    code="outputs_share_destination")


def panel_clash(path: str, layers: Iterable[str | None], sources: Iterable[tuple[str, str]]) -> str:
    """Why the panel may not write ``layers`` (None: the whole file) to ``path``, or '' when it may.

    ``sources`` are (what the user calls it, layer source or file path) of everything the panel reads.
    """
    outs = [(tr("the output {0}").format(os.path.basename(path)), Location(real_path(path), name))
            for name in layers]
    ins = [(label, resolve(src, whole_file_layer=True)) for label, src in sources if src]
    try:
        check_destinations(outs, ins)
    except DestinationError as exc:
        return exc.message
    return ""
