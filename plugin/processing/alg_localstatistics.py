"""sectorclusters:localstatistics — Local Moran's I and Getis-Ord Gi* with permutation inference (steps.statistics)."""
from __future__ import annotations

from qgis.core import QgsProcessing, QgsProcessingParameterFeatureSink, QgsProcessingParameterNumber

from ..i18n import tr
from ..steps import options
from .common import AnalysisSinks, RegionAnalysis, enum_parameter, report_regions, user_errors

MAX_PERMUTATIONS = options.MAX_PERMUTATIONS


class LocalStatisticsAlgorithm(RegionAnalysis):
    METHOD, PERMUTATIONS, SEED, CORRECTION, ALPHA = "METHOD", "PERMUTATIONS", "SEED", "CORRECTION", "ALPHA"

    def name(self) -> str:
        return "localstatistics"

    def displayName(self) -> str:
        return self.tr("Local statistics (Moran's I, Getis-Ord Gi*)")

    def shortHelpString(self) -> str:
        return self.tr(
            "Tests, region by region, whether a sector's scores are spatially clustered: Local Moran's I "
            "(High-High, Low-Low and the outliers High-Low, Low-High) or Getis-Ord Gi* (hot and cold spots at "
            "90/95/99 %). Significance comes from conditional permutations (999 by default; set SEED to repeat a "
            "run exactly) and can be corrected for testing many regions at once (false discovery rate by "
            "default, or Bonferroni). Per sector the regions get F_stat (local I, or the Gi* z-value), F_p (the "
            "pseudo p-value as esda reports it), F_p_adj (after the correction; this is the one compared with "
            "the significance level), F_type and F_cluster. Touching High-High (Moran) or hot-spot (Gi*) regions "
            "form clusters, outlined as in 'Detect multi-region clusters'. Regions without a score are 'nodata', "
            "regions without a neighbour 'isolated'; a sector that cannot be analysed (e.g. all values equal) is "
            "skipped with a warning. For each sector the log and a table global_moran in the regions' GeoPackage "
            "give the global Moran's I on the same neighbours and seed: I, its expectation, z under normality and "
            "randomisation and the permutation pseudo p. With an OVERLAY each significant cluster lists the units "
            "of the overlay it crosses (crosses, n_crossed)."
        )

    def initAlgorithm(self, config=None):
        self.add_region_inputs()
        self.addParameter(enum_parameter(self.METHOD, self.tr("Statistic"), options.STATISTICS,
                                         options.STATISTICS.default))
        self.add_neighbour_inputs()
        self.addParameter(QgsProcessingParameterNumber(
            self.PERMUTATIONS, self.tr("Permutations"), QgsProcessingParameterNumber.Integer,
            defaultValue=options.DEFAULT_PERMUTATIONS, minValue=1, maxValue=options.MAX_PERMUTATIONS))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed (empty: a new one each run, reported in the log)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=0))
        self.addParameter(enum_parameter(self.CORRECTION, self.tr("Correction for testing many regions"),
                                         options.CORRECTIONS, options.DEFAULT_CORRECTION))
        self.addParameter(QgsProcessingParameterNumber(
            self.ALPHA, self.tr("Significance level"), QgsProcessingParameterNumber.Double,
            defaultValue=options.DEFAULT_ALPHA, minValue=0.0, maxValue=1.0))
        self.add_min_regions()
        self.add_overlay_inputs()
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_REGIONS, self.tr("Regions with local statistics"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_CLUSTERS, self.tr("Significant cluster outlines"), QgsProcessing.TypeVectorPolygon))

    def statistics_settings(self, parameters, context):
        """METHOD, PERMUTATIONS, SEED, CORRECTION, ALPHA and MIN_REGIONS as a checked
        ``steps.settings.StatisticsSettings``."""
        from ..steps.settings import StatisticsSettings

        return StatisticsSettings.from_parameters(self.parameter_values(parameters, context))

    def number_settings(self, parameters, context) -> tuple:
        return (*super().number_settings(parameters, context), self.statistics_settings(parameters, context))

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        with user_errors():
            self.prepare_regions(parameters, context)
            self.settings = self.statistics_settings(parameters, context)
            self.prepare_overlay(parameters, context)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        from ..gis.writers import write_global_moran
        from ..steps.outlines import (
            CLUSTER_FIELDS,
            STATISTICS_CLUSTER_FIELDS,
            cluster_fields,
            cluster_outlines,
            duplicate_key_note,
        )
        from ..steps.overlay import add_crossings, crossing_lines
        from ..steps.statistics import detect_by_statistic, global_lines, global_moran_rows, report_lines

        with user_errors():
            data, graph = self.read_data(feedback)
            overlay, parts = self.overlay_data(data.regions, feedback)
            analysis = detect_by_statistic(data, graph, self.settings, self.neighbours, feedback.isCanceled)
            if overlay is not None:
                add_crossings(analysis, overlay, parts)
            feedback.setProgress(50)
            outlines = cluster_outlines(analysis, feedback.isCanceled)
            report_regions(data, graph, feedback, tr(", typed 'isolated'"))
            if duplicate_key_note(data.keys):
                feedback.pushWarning(duplicate_key_note(data.keys))
            for note in analysis.notes:
                feedback.pushInfo(note)
            for f, why in analysis.skipped.items():
                feedback.pushWarning(tr("Skipped {} ({}): {}").format(data.labels[data.fields.index(f)], f, why))
            for line in report_lines(analysis) + global_lines(analysis) + crossing_lines(analysis):
                feedback.pushInfo(line)
            results = self.write_analysis(parameters, context, feedback, analysis, outlines, AnalysisSinks(
                cluster_fields(analysis, CLUSTER_FIELDS + STATISTICS_CLUSTER_FIELDS)))
            if not write_global_moran(results[self.OUTPUT_REGIONS], global_moran_rows(analysis)):
                feedback.pushInfo(tr("Global Moran's I is kept in the layer's record (the regions output is not a "
                                     "GeoPackage, so it has no global_moran table)."))
        results.update(CLUSTERS=len(outlines), SEED=analysis.settings["seed"], ANALYSED=len(analysis.sectors),
                       SKIPPED=len(analysis.skipped))
        return results
