"""sectorclusters:detectclusters — above-baseline regions and multi-region clusters (steps.rule)."""
from __future__ import annotations

from qgis.core import QgsProcessing, QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink

from .common import AnalysisSinks, RegionAnalysis, report_regions, tr, user_errors


def report(analysis, feedback) -> None:
    """The log a user reads: per sector, above/no-data counts and the clusters with members (and the units of
    the overlay they cross); with strength stars, the regions per number of stars."""
    from ..core.stars import top_count
    from ..steps.outlines import distinct_members, duplicate_key_note
    from ..steps.overlay import crossing_lines
    from ..steps.words import join_names, stars_summary

    report_regions(analysis.data, analysis.graph, feedback)
    duplicated = duplicate_key_note(analysis.data.keys)
    if duplicated:
        feedback.pushWarning(duplicated)
    for note in analysis.notes:
        feedback.pushInfo(note)
    for f, why in analysis.skipped.items():
        feedback.reportError(tr("Skipped {}: {}").format(f, why), False)
    for s in analysis.sectors:
        nodata = int((~s.flags.has_data).sum())
        feedback.pushInfo(tr("{}: {} above, {} no data, {} multi-region cluster(s)").format(
            s.label, s.n_above, nodata, len(s.clusters)))
        if "size" in s.flags.extra:
            n = int(s.flags.has_data.sum())
            feedback.pushInfo("  " + stars_summary(s.label, s.flags.index, top_count(n), n))
        for c in s.clusters:
            regions = distinct_members(analysis.data.keys, c.members)
            feedback.pushInfo("  #{} ({}): {}".format(c.cluster_id, len(regions), join_names(analysis.names[i]
                                                                                           for i in regions)))
    for line in crossing_lines(analysis):
        feedback.pushInfo(line)


class DetectClustersAlgorithm(RegionAnalysis):
    BASELINE, THRESHOLD = "BASELINE", "THRESHOLD"

    def name(self) -> str:
        return "detectclusters"

    def displayName(self) -> str:
        return self.tr("Detect multi-region clusters")

    def shortHelpString(self) -> str:
        return self.tr(
            "Flags the regions above a baseline in each sector (mean or median of regions, the national value, "
            "location quotient, z-score, top percentile or strength stars) and finds groups of neighbouring "
            "above-baseline regions (queen or rook contiguity, optionally bridging gaps up to a tolerance in "
            "metres). Regions without a score are 'no data', never below average. Outputs the regions with "
            "index, flag and cluster id per sector, and one outline per cluster. Strength stars (European Cluster "
            "Observatory) need employment counts: each region gets one star per criterion met (size: top 10 % of "
            "regions by employment in the sector; specialisation: location quotient >= 2; focus: top 10 % by the "
            "sector's share of the region's employment), written as F_stars and F_size, F_spec, F_focus; the "
            "threshold is the number of stars (1, 2 or 3). With an OVERLAY (ITL1 regions, combined authorities, "
            "pan-regional partnerships…) each cluster lists the units it crosses (crosses, n_crossed): the units "
            "holding its member regions' largest parts, by share of the cluster's area."
        )

    def initAlgorithm(self, config=None):
        self.add_region_inputs()
        self.add_rule_inputs()
        self.add_neighbour_inputs()
        self.add_min_regions()
        self.add_overlay_inputs()
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_REGIONS, self.tr("Regions flagged"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_CLUSTERS, self.tr("Cluster outlines"), QgsProcessing.TypeVectorPolygon))
        self.addOutput(QgsProcessingOutputNumber("CLUSTERS", self.tr("Number of multi-region clusters")))

    def number_settings(self, parameters, context) -> tuple:
        return (*super().number_settings(parameters, context), self.rule_settings(parameters, context))

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        with user_errors():
            self.prepare_regions(parameters, context)
            self.rule = self.rule_settings(parameters, context)
            self.prepare_overlay(parameters, context)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        from ..steps.outlines import cluster_fields, cluster_outlines
        from ..steps.overlay import add_crossings
        from ..steps.rule import detect_by_rule

        with user_errors():
            data, graph = self.read_data(feedback)
            overlay, parts = self.overlay_data(data.regions, feedback)
            analysis = detect_by_rule(data, graph, self.rule, self.neighbours)
            if overlay is not None:
                add_crossings(analysis, overlay, parts)
            feedback.setProgress(50)
            outlines = cluster_outlines(analysis, feedback.isCanceled)
            report(analysis, feedback)
            results = self.write_analysis(parameters, context, feedback, analysis, outlines,
                                          AnalysisSinks(cluster_fields(analysis)))
        results["CLUSTERS"] = len(outlines)
        return results
