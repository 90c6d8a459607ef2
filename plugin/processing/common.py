"""Shared bits of the Processing algorithms: translation, errors, sinks."""
from __future__ import annotations

import contextlib
from typing import Iterator

from qgis.core import (
    QgsFeatureSink,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingUtils,
)
from qgis.PyQt.QtCore import QCoreApplication

GROUP_ANALYSIS = ("Cluster analysis", "analysis")


def tr(text: str) -> str:
    return QCoreApplication.translate("SectorClusters", text)


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
