"""sectorclusters:profileregions — contiguous groups of regions with similar sector profiles, and co-location
(steps.profile)."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
)

from ..i18n import tr
from ..steps import options
from .common import AnalysisSinks, RegionAnalysis, enum_parameter, report_regions, user_errors


class ProfileRegionsAlgorithm(RegionAnalysis):
    K, MIN_SIZE, CHOOSE_K, K_MIN, K_MAX, PROFILE = "K", "MIN_SIZE", "CHOOSE_K", "K_MIN", "K_MAX", "PROFILE"
    BASELINE, THRESHOLD = "BASELINE", "THRESHOLD"
    OUTPUT_GROUPS = "OUTPUT_GROUPS"
    OUTPUT_COLOCATION_CSV, OUTPUT_REPORT_HTML = "OUTPUT_COLOCATION_CSV", "OUTPUT_REPORT_HTML"

    def name(self) -> str:
        return "profileregions"

    def displayName(self) -> str:
        return self.tr("Sector-profile regions (spatially constrained clustering)")

    def shortHelpString(self) -> str:
        return self.tr(
            "Splits the regions into K contiguous groups whose sector profiles are alike (SKATER: a minimum "
            "spanning tree of neighbouring regions, cut where the groups become most homogeneous). Each sector is "
            "standardised first, so no sector dominates by size; choose 'share of each region's total' to group "
            "by sector mix rather than by size. With 'Choose K' the number of groups with the best pseudo-F "
            "between K_MIN and K_MAX is used. Each region gets group_id and group_top (the group's three most "
            "distinctive sectors). Optionally writes the sector co-location table (CSV; Jaccard overlap of the "
            "sectors' multi-region clusters, found as in 'Detect multi-region clusters') and an HTML report."
        )

    def initAlgorithm(self, config=None):
        self.add_region_inputs()
        self.add_neighbour_inputs()
        self.addParameter(QgsProcessingParameterNumber(
            self.K, self.tr("Number of groups (K)"), QgsProcessingParameterNumber.Integer,
            defaultValue=options.DEFAULT_K, minValue=1))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_SIZE, self.tr("Minimum regions per group"), QgsProcessingParameterNumber.Integer,
            defaultValue=1, minValue=1))
        self.addParameter(QgsProcessingParameterBoolean(
            self.CHOOSE_K, self.tr("Choose K by the best pseudo-F (ignores K)"), defaultValue=False))
        self.addParameter(QgsProcessingParameterNumber(
            self.K_MIN, self.tr("Smallest K to try"), QgsProcessingParameterNumber.Integer, defaultValue=2,
            minValue=2))
        self.addParameter(QgsProcessingParameterNumber(
            self.K_MAX, self.tr("Largest K to try"), QgsProcessingParameterNumber.Integer, defaultValue=10,
            minValue=2))
        self.addParameter(enum_parameter(self.PROFILE, self.tr("Profile"), options.PROFILES, options.PROFILES.default))
        self.addParameter(enum_parameter(self.BASELINE, self.tr("Co-location: baseline for the sector clusters"),
                                         options.BASELINES, options.DEFAULT_BASELINE))
        self.addParameter(QgsProcessingParameterNumber(
            self.THRESHOLD, self.tr("Co-location: threshold (empty: 1.0, or 75 for percentile)"),
            QgsProcessingParameterNumber.Double, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_REGIONS, self.tr("Regions with profile group"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_GROUPS, self.tr("Profile group outlines"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_COLOCATION_CSV, self.tr("Sector co-location table"), self.tr("CSV files (*.csv)"),
            optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT_HTML, self.tr("Co-location report"), self.tr("HTML files (*.html)"),
            optional=True, createByDefault=False))

    def profile_settings(self, parameters, context):
        """K, MIN_SIZE, CHOOSE_K, K_MIN, K_MAX, PROFILE and the co-location BASELINE/THRESHOLD as a checked
        ``steps.settings.ProfileSettings``."""
        from ..steps.settings import ProfileSettings

        return ProfileSettings.from_parameters(self.parameter_values(parameters, context))

    def number_settings(self, parameters, context) -> tuple:
        return (*super().number_settings(parameters, context), self.profile_settings(parameters, context))

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        with user_errors():
            self.prepare_regions(parameters, context)
            self.settings = self.profile_settings(parameters, context)
            self.csv_path = self.parameterAsFileOutput(parameters, self.OUTPUT_COLOCATION_CSV, context)
            self.html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT_HTML, context)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        from ..gis.export import atomic_file, check_writable
        from ..steps.outlines import GROUP_FIELDS
        from ..steps.profile import group_outlines, profile_regions, report_html, report_lines

        with user_errors():
            for path in (self.csv_path, self.html_path):  # refused before any layer is written, not after
                if path:
                    check_writable(path)
            data, graph = self.read_data(feedback)
            analysis = profile_regions(data, graph, self.settings, self.neighbours, feedback.isCanceled)
            if analysis.colocation_error and (self.csv_path or self.html_path):
                raise QgsProcessingException(tr("The co-location table cannot be made: {}").format(
                    analysis.colocation_error))
            feedback.setProgress(50)
            outlines = group_outlines(analysis, feedback.isCanceled)
            report_regions(data, graph, feedback)
            for level, text in report_lines(analysis):
                (feedback.pushWarning if level == "warning" else feedback.pushInfo)(text)
            sinks = AnalysisSinks(GROUP_FIELDS, self.OUTPUT_REGIONS, self.OUTPUT_GROUPS, "groups")
            results = self.write_analysis(parameters, context, feedback, analysis, outlines, sinks)
        if self.csv_path:
            from ..core.safecsv import write_frame

            with user_errors(), atomic_file(self.csv_path) as tmp:  # written whole or not at all
                write_frame(tmp, analysis.colocation, float_format="%.4f")  # sector names: no formulas
            results[self.OUTPUT_COLOCATION_CSV] = self.csv_path
        if self.html_path:
            page = report_html(analysis, tr("Sector co-location: {}").format(self.input.name()))
            with user_errors(), atomic_file(self.html_path) as tmp:
                tmp.write_text(page, encoding="utf-8")
            results[self.OUTPUT_REPORT_HTML] = self.html_path
        feedback.setProgress(100)
        results.update(K=analysis.k, PSEUDO_F=analysis.pseudo_f.get(analysis.k))
        return results
