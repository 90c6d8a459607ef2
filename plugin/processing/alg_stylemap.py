"""Processing algorithm: style Detect clusters' outputs in the project for one sector."""
from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterVectorLayer,
)

from ..gis import style
from ..gis.meta import read_meta
from ..gis.style import tr
from .alg_exportmap import (
    chosen_field,
    field_parameter,
    no_threading_flag,
    polygon_type,
)

SCHEMES = ["classes", "graduated"]


class StyleMapAlgorithm(QgsProcessingAlgorithm):
    REGIONS = "REGIONS"
    CLUSTERS = "CLUSTERS"
    FIELD = "FIELD"
    SCHEME = "SCHEME"
    SHOW_MEMBERS = "SHOW_MEMBERS"
    OUTPUT_REGIONS = "OUTPUT_REGIONS"
    OUTPUT_CLUSTERS = "OUTPUT_CLUSTERS"

    def createInstance(self) -> StyleMapAlgorithm:
        return StyleMapAlgorithm()

    def name(self) -> str:
        return "stylemap"

    def displayName(self) -> str:
        return tr("Style sector cluster map")

    def group(self) -> str:
        return tr("Maps")

    def groupId(self) -> str:
        return "maps"

    def shortHelpString(self) -> str:
        return tr(
            "Styles the Regions and Clusters layers in the project for one sector: regions above / at or "
            "below the baseline (or graduated by the index), clusters as labelled outlines. The look comes "
            "from the plugin's .qml styles; legend labels describe the baseline and threshold in words."
        )

    def flags(self) -> Any:
        return super().flags() | no_threading_flag()

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.REGIONS, tr("Regions (Detect clusters output)"), [polygon_type()]))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.CLUSTERS, tr("Clusters (Detect clusters output)"), [polygon_type()], optional=True))
        self.addParameter(field_parameter(self.FIELD, tr("Sector field (empty = first sector)"), self.REGIONS))
        self.addParameter(QgsProcessingParameterEnum(
            self.SCHEME, tr("Colour scheme"), [tr("Above / at or below (classes)"), tr("Graduated index")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SHOW_MEMBERS, tr("Show member names in cluster labels"), defaultValue=False))
        self.addOutput(QgsProcessingOutputString(self.OUTPUT_REGIONS, tr("Styled regions layer id")))
        self.addOutput(QgsProcessingOutputString(self.OUTPUT_CLUSTERS, tr("Styled clusters layer id")))

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        regions = self.parameterAsVectorLayer(parameters, self.REGIONS, context)
        if regions is None or not regions.isValid():
            raise QgsProcessingException(tr("The regions layer could not be opened."))
        clusters = self.parameterAsVectorLayer(parameters, self.CLUSTERS, context)
        meta = read_meta(regions) or {}
        scheme = SCHEMES[self.parameterAsEnum(parameters, self.SCHEME, context)]
        try:
            field = style.resolve_field(regions, chosen_field(self, parameters, context), meta)
            style.style_regions(regions, field, scheme, meta)
            if clusters is not None and clusters.isValid():
                if "sector" not in clusters.fields().names():
                    raise ValueError(tr("The clusters layer has no 'sector' field."))
                style.style_clusters(
                    clusters, field, self.parameterAsBool(parameters, self.SHOW_MEMBERS, context),
                    meta, regions=regions,
                )
        except ValueError as err:
            raise QgsProcessingException(str(err)) from None
        feedback.pushInfo(tr("Styled {0} for {1}").format(regions.name(), style.sector_label(regions, field, meta)))
        return {
            self.OUTPUT_REGIONS: regions.id(),
            self.OUTPUT_CLUSTERS: clusters.id() if clusters is not None else "",
        }
