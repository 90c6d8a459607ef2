"""Processing algorithm: style Detect clusters' outputs in the project for one sector."""
from __future__ import annotations

from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
)

from ..gis import sectors, style
from ..gis.meta import read_meta
from ..i18n import tr
from ..steps import options
from .alg_exportmap import MapAlgorithm, chosen_field
from .common import enum_parameter, user_errors


class StyleMapAlgorithm(MapAlgorithm):
    SCHEME = "SCHEME"
    SHOW_MEMBERS = "SHOW_MEMBERS"
    OUTPUT_REGIONS = "OUTPUT_REGIONS"
    OUTPUT_CLUSTERS = "OUTPUT_CLUSTERS"

    def name(self) -> str:
        return "stylemap"

    def displayName(self) -> str:
        return tr("Style sector cluster map")

    def shortHelpString(self) -> str:
        return tr(
            "Styles the Regions and Clusters layers in the project for one sector: regions above / at or "
            "below the baseline (or graduated by the index), clusters as labelled outlines. The look comes "
            "from the plugin's .qml styles; legend labels describe the baseline and threshold in words."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.add_map_inputs()
        self.addParameter(enum_parameter(self.SCHEME, tr("Colour scheme"), options.SCHEMES, options.SCHEMES.default))
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
        scheme = self.enum_code(parameters, self.SCHEME, options.SCHEMES, context)
        if clusters is not None and clusters.isValid() and "sector" not in clusters.fields().names():
            raise QgsProcessingException(tr("The clusters layer has no 'sector' field."))
        with user_errors():  # the user's mistakes in plain words; any other exception is a bug (a traceback)
            field = sectors.resolve_field(regions, chosen_field(self, parameters, context), meta)
            style.style_regions(regions, field, scheme, meta)
            if clusters is not None and clusters.isValid():
                style.style_clusters(
                    clusters, field, self.parameterAsBool(parameters, self.SHOW_MEMBERS, context),
                    meta, regions=regions,
                )
        feedback.pushInfo(tr("Styled {0} for {1}").format(regions.name(), sectors.sector_label(regions, field, meta)))
        return {
            self.OUTPUT_REGIONS: regions.id(),
            self.OUTPUT_CLUSTERS: clusters.id() if clusters is not None else "",
        }
