"""Writing the steps' results: one writer for "the input's features plus new fields", one for outlines.

Both take plain results (``steps.analysis.Column``, ``steps.outlines.Outline``) and a feature sink, so every
algorithm writes the same way; the input is read through a LayerSnapshot, never changed.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from qgis.core import QgsFeature, QgsFeatureSink, QgsFields, QgsGeometry

from ..core.errors import Cancelled, UserError
from ..i18n import tr
from .compat import make_field
from .layers import to_layer_geometry


class WriteError(UserError):
    code = "write_failed"


def add_feature(sink, feature: QgsFeature) -> None:
    if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
        raise WriteError(tr("Could not write a feature to the output: {}").format(sink.lastError()))


class FormulaSafeSink:
    """A feature sink writing a CSV file: every text attribute starting like a formula (= + - @ tab CR) gets a
    leading apostrophe (``core.safecsv``), so a spreadsheet shows a region named "=HYPERLINK(…)" as text and never
    runs it; numbers (ints, floats, "-12.5") are written as they are. QGIS's own CSV writer knows nothing of this.
    """

    def __init__(self, sink):
        self.sink = sink

    @staticmethod
    def _safe(feature: QgsFeature) -> QgsFeature:
        from ..core.safecsv import neutralise

        out = QgsFeature(feature)
        out.setAttributes([neutralise(v) for v in feature.attributes()])
        return out

    def addFeature(self, feature: QgsFeature, flags=None) -> bool:
        return self.sink.addFeature(self._safe(feature), QgsFeatureSink.Flags() if flags is None else flags)

    def addFeatures(self, features, flags=None) -> bool:
        return self.sink.addFeatures([self._safe(f) for f in features],
                                     QgsFeatureSink.Flags() if flags is None else flags)

    def __getattr__(self, name: str):  # lastError, flushBuffer…: the sink's own
        return getattr(self.sink, name)


def formula_safe(created: tuple) -> tuple:
    """``parameterAsSink``'s (sink, destination id) with the sink wrapped in FormulaSafeSink when the
    destination is a CSV file."""
    from ..core.safecsv import is_csv_destination

    sink, dest = created
    if sink is not None and is_csv_destination(dest):
        return FormulaSafeSink(sink), dest
    return sink, dest


def fields_with(base: QgsFields, columns: Sequence) -> QgsFields:
    """``base`` followed by one field per column (name, kind, alias)."""
    fields = QgsFields(base)
    for c in columns:
        fields.append(make_field(c.name, c.kind, c.alias, c.length, c.precision))
    return fields


@dataclass(frozen=True)
class RegionRows:
    """What ``write_regions`` writes: ``source``'s features (a layer or a LayerSnapshot, read in feature order,
    the order every reader used), their repaired ``geometries`` and the ``columns`` to append (value n of
    each column is feature n's)."""

    source: Any
    geometries: Sequence
    columns: Sequence


def write_regions(sink, fields: QgsFields, rows: RegionRows, is_cancelled: Callable[[], bool] | None = None,
                  progress: Callable[[float], None] | None = None) -> int:
    """Copy the rows' features (attributes; the repaired geometries as multi-part) and append their columns."""
    geometries, columns = rows.geometries, rows.columns
    n_total = max(len(geometries), 1)
    written = 0
    for n, feat in enumerate(rows.source.getFeatures()):
        if is_cancelled is not None and n % 256 == 0 and is_cancelled():
            raise Cancelled()
        out = QgsFeature(fields)
        out.setAttributes(list(feat.attributes()) + [c.values[n] for c in columns])
        g = geometries[n] if n < len(geometries) else None
        if g is not None:
            g = QgsGeometry(g)
            g.convertToMultiType()
            out.setGeometry(g)
        add_feature(sink, out)
        written += 1
        if progress is not None and n % 64 == 0:
            progress(100.0 * n / n_total)
    return written


def outline_fields(spec: Sequence[tuple[str, str]]) -> QgsFields:
    fields = QgsFields()
    for name, kind in spec:
        fields.append(make_field(name, kind))
    return fields


def write_outlines(sink, fields: QgsFields, outlines: Sequence, to_layer) -> int:
    """One multi-polygon per outline, its shape taken back from the measuring CRS to the layer's."""
    names = fields.names()
    for rec in outlines:
        f = QgsFeature(fields)
        f.setAttributes([rec.attributes.get(name) for name in names])
        g = to_layer_geometry(rec.shape, to_layer)
        g.convertToMultiType()
        f.setGeometry(g)
        add_feature(sink, f)
    return len(outlines)



# The global_moran table (steps.statistics.GLOBAL_MORAN_COLUMNS, in that order; a test holds them together).
# Literal SQL: no statement is built from values or names (values are bound parameters).
GLOBAL_MORAN_DDL = (
    'CREATE TABLE global_moran (fid INTEGER PRIMARY KEY AUTOINCREMENT, field TEXT, label TEXT, "I" REAL, '
    "expected REAL, z_norm REAL, z_rand REAL, p_norm REAL, p_rand REAL, p_sim REAL, permutations INTEGER, "
    "seed INTEGER, n INTEGER, n_isolated INTEGER, note TEXT)"
)
GLOBAL_MORAN_INSERT = (
    'INSERT INTO global_moran (field, label, "I", expected, z_norm, z_rand, p_norm, p_rand, p_sim, permutations, '
    "seed, n, n_isolated, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
GLOBAL_MORAN_NAMES = ("field", "label", "I", "expected", "z_norm", "z_rand", "p_norm", "p_rand", "p_sim",
                      "permutations", "seed", "n", "n_isolated", "note")


def write_global_moran(destination: str, rows: Sequence[dict]) -> bool:
    """The ``global_moran`` table (no geometry, one row per sector) in the GeoPackage ``destination`` points at.

    sqlite3 through ``gis.meta.connect``, so any thread may call it. The table is registered in
    ``gpkg_contents`` as attributes (QGIS and GDAL list it as a layer) with an integer ``fid`` key; an older
    table is replaced. False when ``destination`` is not a GeoPackage (nothing written: the layer record
    still carries the values).
    """
    from .meta import connect, gpkg_location

    where = gpkg_location(destination)
    if not where:
        return False
    with connect(where[0], timeout=10) as con:
        con.execute("DROP TABLE IF EXISTS global_moran")
        con.execute("DELETE FROM gpkg_contents WHERE table_name='global_moran'")
        con.execute(GLOBAL_MORAN_DDL)
        con.executemany(GLOBAL_MORAN_INSERT, [tuple(row.get(c) for c in GLOBAL_MORAN_NAMES) for row in rows])
        con.execute("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) "
                    "VALUES ('global_moran', 'attributes', 'global_moran', ?)",
                    ("Sector Clusters: global Moran's I per sector",))
    return True
