"""Shared bits of the Processing algorithms: translation, errors, sinks."""
from __future__ import annotations

import contextlib
from typing import Iterator

from qgis.core import (
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
)

from ..i18n import tr

GROUP_ANALYSIS = ("Cluster analysis", "analysis")
NEIGHBOUR_OPTIONS = ["Queen (share any point)", "Rook (share a boundary line)"]


class Algorithm(QgsProcessingAlgorithm):
    """Base: the provider's group, tr(), and instances made from the subclass."""

    group_id = GROUP_ANALYSIS

    def tr(self, text: str) -> str:  # noqa: D102
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def group(self) -> str:
        return self.tr(self.group_id[0])

    def groupId(self) -> str:  # noqa: N802
        return self.group_id[1]

    def add_region_inputs(self) -> None:
        """INPUT, KEY and FIELDS, as every analysis algorithm takes them (defaults from the join's record)."""
        self.addParameter(QgsProcessingParameterVectorLayer(
            "INPUT", self.tr("Regions with scores"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            "KEY", self.tr("Region key field (default: the key Join sector scores used)"),
            parentLayerParameterName="INPUT", optional=True))
        self.addParameter(QgsProcessingParameterField(
            "FIELDS", self.tr("Score fields (default: all sector fields)"), parentLayerParameterName="INPUT",
            type=QgsProcessingParameterField.Numeric, allowMultiple=True, optional=True))

    def add_neighbour_inputs(self) -> None:
        """NEIGHBOURS and GAP_TOLERANCE: one neighbour definition for every analysis."""
        self.addParameter(QgsProcessingParameterEnum(
            "NEIGHBOURS", self.tr("Neighbours"), [self.tr(o) for o in NEIGHBOUR_OPTIONS], defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "GAP_TOLERANCE", self.tr("Gap tolerance (metres)"), QgsProcessingParameterNumber.Double,
            defaultValue=0.0, minValue=0.0))


def report_geometry(regions, feedback) -> None:
    """Log where distances and areas were measured and what was done to copies of the geometries."""
    if regions.measure_note:
        warn = regions.measure is not None and regions.measure.warning
        (feedback.pushWarning if warn else feedback.pushInfo)(regions.measure_note)
    for note in regions.geometry_notes:
        feedback.pushInfo(note)
    if regions.repaired:
        feedback.pushWarning(tr("{} invalid geometries were repaired (the input is unchanged).").format(
            regions.repaired))


def report_regions(regions, graph, names, feedback, isolated_note: str = "") -> None:
    """Log what every analysis shares: the measuring CRS, repaired geometries and isolated regions."""
    report_geometry(regions, feedback)
    isolated = [names[i] for i, flag in enumerate(graph.isolated) if flag]
    if isolated:
        feedback.pushWarning(tr("Isolated regions (no neighbour{}): {}").format(isolated_note, "; ".join(isolated)))


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn the core's plain-words errors into QgsProcessingException (no traceback)."""
    from ..core.baselines import BaselineError
    from ..core.geometry import Cancelled
    from ..core.tables import TableError
    from ..gis.layers import LayerError

    try:
        yield
    except (TableError, BaselineError, LayerError) as exc:
        raise QgsProcessingException(str(exc)) from None
    except Cancelled:
        raise QgsProcessingException(tr("Cancelled.")) from None
    except ValueError as exc:
        raise QgsProcessingException(str(exc)) from None


def add_feature(sink, feature) -> None:
    if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
        raise QgsProcessingException(tr("Could not write a feature to the output: {}").format(sink.lastError()))


def output_layer(dest_id: str, context):
    """The layer behind a sink's destination, when Processing can resolve it."""
    try:
        return QgsProcessingUtils.mapLayerFromString(dest_id, context)
    except Exception:  # noqa: BLE001
        return None
