"""The few QGIS APIs that differ between 3.22 and 3.40/3.44/4.x, each chosen once by feature, not by version.

Everything here prefers the newest API and falls back to the 3.22 one where the new one does not exist; the
reason for each guard is in its comment. Nothing parses a version string.
"""
from __future__ import annotations

from functools import lru_cache

from qgis.core import Qgis, QgsField, QgsPalLayerSettings, QgsProcessingAlgorithm, QgsWkbTypes
from qgis.PyQt.QtCore import QMetaType, QVariant

# Qgis.GeometryType replaced QgsWkbTypes.GeometryType in 3.30; the old names are gone in QGIS 4.
if hasattr(Qgis, "GeometryType"):
    POLYGON_GEOMETRY = Qgis.GeometryType.Polygon
    POINT_GEOMETRY = Qgis.GeometryType.Point
else:  # QGIS 3.22
    POLYGON_GEOMETRY = QgsWkbTypes.PolygonGeometry
    POINT_GEOMETRY = QgsWkbTypes.PointGeometry

# Label settings take Qgis.LabelPlacement & co. since 3.26; 3.40 rejects the old QgsPalLayerSettings values
# with "TypeError: a member of enum 'LabelPlacement' is expected".
if hasattr(Qgis, "LabelPlacement"):
    LABEL_OVER_POINT = Qgis.LabelPlacement.OverPoint
    LABEL_HORIZONTAL = Qgis.LabelPlacement.Horizontal
else:  # QGIS 3.22
    LABEL_OVER_POINT = QgsPalLayerSettings.OverPoint
    LABEL_HORIZONTAL = QgsPalLayerSettings.Horizontal
if hasattr(Qgis, "LabelQuadrantPosition"):
    QUADRANT_OVER = Qgis.LabelQuadrantPosition.Over
    QUADRANT_BELOW = Qgis.LabelQuadrantPosition.Below
else:  # QGIS 3.22
    QUADRANT_OVER = QgsPalLayerSettings.QuadrantOver
    QUADRANT_BELOW = QgsPalLayerSettings.QuadrantBelow
if hasattr(Qgis, "LabelMultiLineAlignment"):
    MULTILINE_CENTER = Qgis.LabelMultiLineAlignment.Center
else:  # QGIS 3.22
    MULTILINE_CENTER = QgsPalLayerSettings.MultiCenter

# Field types: QgsField takes QMetaType.Type since 3.38 and deprecates QVariant.Type; 3.22 takes only QVariant.
_KINDS = {
    "double": ("Double", "Double", "double"),
    "int": ("Int", "Int", "integer"),
    "int64": ("LongLong", "LongLong", "integer64"),
    "string": ("QString", "String", "string"),
}


@lru_cache(maxsize=1)
def _metatype_fields() -> bool:
    try:
        QgsField("probe", QMetaType.Type.Double)
    except TypeError:  # QGIS < 3.38: only QVariant.Type overloads
        return False
    return True


def make_field(name: str, kind: str, alias: str = "", length: int = 0, precision: int = 0) -> QgsField:
    """A QgsField of ``kind`` (double, int, int64, string) with the constructor this QGIS prefers."""
    meta_name, variant_name, type_name = _KINDS[kind]
    if _metatype_fields():
        field = QgsField(name, getattr(QMetaType.Type, meta_name), type_name, length, precision)
    else:
        field = QgsField(name, getattr(QVariant, variant_name), type_name, length, precision)
    if alias:
        field.setAlias(alias)
    return field


def is_text_field(field: QgsField) -> bool:
    """A string field, whichever enum this QGIS reports field types in (QVariant.Type or QMetaType.Type)."""
    wanted = {int(getattr(QMetaType.Type, "QString", 10)), int(getattr(QVariant, "String", 10))}
    try:
        return int(field.type()) in wanted
    except TypeError:
        return False


def parameter_as_strings(alg: QgsProcessingAlgorithm, parameters: dict, name: str, context) -> list[str]:
    """A multiple field parameter's values: parameterAsStrings since 3.32 (parameterAsFields is deprecated)."""
    if hasattr(alg, "parameterAsStrings"):
        return list(alg.parameterAsStrings(parameters, name, context))
    return list(alg.parameterAsFields(parameters, name, context))  # QGIS 3.22
