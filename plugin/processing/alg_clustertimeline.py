"""sectorclusters:clustertimeline — clusters through time: which persist, emerge, grow, merge, split or fade
(steps.timeline)."""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from .common import RegionAnalysis, report_geometry, tr, user_errors


def report(timeline, feedback) -> None:
    """The log: each period's match, what did not line up, and per sector its tracks."""
    from ..steps.words import join_names

    for p in timeline.periods:
        outcome = timeline.joins[p]
        feedback.pushInfo(tr("{} ({}): {}").format(p, timeline.sources[p], outcome.match.summary()))
        for u in outcome.match.unmatched_rows:
            if u.fixable:
                feedback.pushWarning(tr("{}: unmatched table row {!r}: {}. Closest: {}").format(
                    p, u.key, u.reason, join_names(c.label for c in u.candidates) or "—"))
    for note in timeline.notes:
        feedback.pushWarning(note)
    for label, why in timeline.skipped.items():
        feedback.reportError(tr("Skipped {}: {}").format(label, why), False)
    for line in timeline.log_lines():
        feedback.pushInfo(line)


def write_text_file(path: str, text: str) -> None:
    """Write ``text`` to a hidden name beside ``path`` and rename it into place: never a partial report."""
    from ..gis.export import atomic_file

    with atomic_file(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


class ClusterTimelineAlgorithm(RegionAnalysis):
    INPUT, INPUT_KEY = "INPUT", "INPUT_KEY"
    TABLES, PERIODS, TABLE, PERIOD_COLUMN = "TABLES", "PERIODS", "TABLE", "PERIOD_COLUMN"
    TABLE_KEY, TABLE_SHAPE, SECTOR_COLUMN, SCORE_COLUMN, ROW_FILTER = (
        "TABLE_KEY", "TABLE_SHAPE", "SECTOR_COLUMN", "SCORE_COLUMN", "ROW_FILTER")
    ALIASES, SECTORS, BASELINE, THRESHOLD = "ALIASES", "SECTORS", "BASELINE", "THRESHOLD"
    ALLOW_MISSING = "ALLOW_MISSING"
    OUTPUT_CLUSTERS, OUTPUT_ENDED, OUTPUT_REGIONS, OUTPUT_REPORT = (
        "OUTPUT_CLUSTERS", "OUTPUT_ENDED", "OUTPUT_REGIONS", "OUTPUT_REPORT")

    def name(self) -> str:
        return "clustertimeline"

    def displayName(self) -> str:
        return self.tr("Cluster dynamics over time")

    def shortHelpString(self) -> str:
        return self.tr(
            "Follows multi-region clusters through several periods. Give one table per period (the period is the "
            "four-digit year in each file name, or set Periods as \"file.csv=2018; other.csv=2019\" or as the years "
            "in the order of the tables), or one long table and its period column (e.g. year). Each period is "
            "joined as 'Join sector scores' joins it and analysed as 'Detect clusters' analyses it, on one "
            "neighbour graph. Sectors are matched by label across periods (what did not line up is reported). "
            "Each cluster continues the track of the previous cluster it shares most regions with; it is new, "
            "continuing, grown, shrunk, merged or split; tracks no cluster kept are listed as ended. Each region "
            "gets the years it was above the baseline and a trajectory: persistent, emerging, fading, "
            "intermittent, never or no data. Outputs: the clusters of every period, the ended tracks, the regions "
            "with their trajectories, and an HTML report that opens in any browser without a network."
        )

    def initAlgorithm(self, config=None):
        self.add_boundary_inputs()
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.TABLES, self.tr("Scores tables, one per period (.csv, .xlsx, .ods)"), QgsProcessing.TypeFile,
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.PERIODS, self.tr("Periods of the tables when their names hold no year: \"file.csv=2018; "
                                  "other.csv=2019\", or the years in order \"2018; 2019\""),
            defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLE, self.tr("Or: one long table holding every period"), optional=True,
            fileFilter="Tables (*.csv *.txt *.tsv *.xlsx *.ods);;All files (*)"))
        self.addParameter(QgsProcessingParameterString(
            self.PERIOD_COLUMN, self.tr("Period column of the long table (e.g. year)"), defaultValue="",
            optional=True))
        self.add_aliases_input()
        self.addParameter(QgsProcessingParameterString(
            self.SECTORS, self.tr("Sectors, labels as in the tables: one per line or separated by | "
                                  "(empty: every sector common to all periods)"),
            defaultValue="", multiLine=True, optional=True))
        self.add_rule_inputs()
        self.add_neighbour_inputs()
        self.add_min_regions()
        self.addParameter(QgsProcessingParameterBoolean(
            self.ALLOW_MISSING, self.tr("Allow periods that miss some regions (they count as no data there)"),
            defaultValue=False))
        self.add_advanced([
            QgsProcessingParameterString(self.TABLE_KEY, self.tr("Key column in the tables (empty: detect)"),
                                         defaultValue="", optional=True),
            *self.table_reading_parameters("geographic_level=LEP|COUNTRY"),
        ])
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_CLUSTERS, self.tr("Clusters per period"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_ENDED, self.tr("Ended tracks"), QgsProcessing.TypeVector, optional=True,
            createByDefault=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_REGIONS, self.tr("Regions with trajectories"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_REPORT, self.tr("Timeline report (HTML)"), self.tr("HTML files (*.html)"), optional=True,
            createByDefault=True))

    def number_settings(self, parameters, context) -> tuple:
        return (*super().number_settings(parameters, context), self.rule_settings(parameters, context))

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        from ..steps.reading import PeriodSources, TableReading
        from ..steps.timeline import TimelineSettings

        with user_errors():
            self.input = self.snapshot(parameters, self.INPUT, context)
            self.key = self.parameterAsString(parameters, self.INPUT_KEY, context)
            values = dict(self.parameter_values(parameters, context))
            values.update(self.text_values(parameters, context, [*TableReading.PARAMETERS.values(), self.PERIODS,
                                                                 self.PERIOD_COLUMN, self.SECTORS]))
            values.update(TABLES=self.parameterAsFileList(parameters, self.TABLES, context)
                          if parameters.get(self.TABLES) else [],
                          TABLE=self.parameterAsFile(parameters, self.TABLE, context))
            self.sources = PeriodSources.from_parameters(values)
            self.settings = TimelineSettings.from_parameters(values)
            self.aliases_path = self.parameterAsFile(parameters, self.ALIASES, context)
            self.report_path = (self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT, context)
                                if parameters.get(self.OUTPUT_REPORT) else "")
        return True

    def processAlgorithm(self, parameters, context, feedback):
        from ..gis.export import check_writable
        from ..gis.layers import read_regions
        from ..gis.reading import read_layer_keys
        from ..steps.join import load_aliases
        from ..steps.neighbours import neighbour_graph
        from ..steps.timeline import TimelineInputs, load_period_tables, run_timeline

        with user_errors():
            if self.report_path:
                check_writable(self.report_path)
            keys = read_layer_keys(self.input, self.key)
            tables = load_period_tables(self.sources)
            feedback.setProgress(10)
            regions = read_regions(self.input, feedback.isCanceled)
            near = self.settings.neighbours
            graph = neighbour_graph(regions, near, feedback.isCanceled)
            feedback.setProgress(30)
            inputs = TimelineInputs(keys, regions, graph, tables, load_aliases(self.aliases_path), self.input.name())
            timeline = run_timeline(inputs, self.settings, feedback.isCanceled)
            feedback.setProgress(50)
            outlines = timeline.cluster_outlines(feedback.isCanceled)
            html = timeline.report_html() if self.report_path else ""
            report_geometry(regions, feedback)
            isolated = [timeline.names[i] for i, flag in enumerate(graph.isolated) if flag]
            if isolated:
                feedback.pushWarning(tr("Isolated regions (no neighbour): {}").format("; ".join(isolated)))
            report(timeline, feedback)
            feedback.setProgress(60)
            results = self.write_outputs(parameters, context, feedback, timeline, outlines)
            if self.report_path:
                write_text_file(self.report_path, html)
                results[self.OUTPUT_REPORT] = self.report_path
        feedback.setProgress(100)
        results.update(PERIODS="; ".join(map(str, timeline.periods)), CLUSTERS=len(outlines),
                       TRACKS=sum(len(s.tracks.tracks()) for s in timeline.sectors))
        return results

    def write_outputs(self, parameters, context, feedback, timeline, outlines) -> dict:
        """The clusters of every period, the ended tracks and the regions, with their records and aliases."""
        from ..gis.meta import persist_aliases
        from ..gis.writers import RegionRows, add_feature, fields_with, outline_fields, write_outlines, write_regions
        from ..steps.timeline import ENDED_FIELDS, TIMELINE_CLUSTER_FIELDS

        src, regions = self.input, timeline.regions
        cfields = outline_fields(TIMELINE_CLUSTER_FIELDS)
        csink, clusters_id = self.parameterAsSink(parameters, self.OUTPUT_CLUSTERS, context, cfields,
                                                  QgsWkbTypes.MultiPolygon, src.crs())
        if csink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_CLUSTERS))
        write_outlines(csink, cfields, outlines, regions.to_layer)
        del csink
        ended_id = None
        if parameters.get(self.OUTPUT_ENDED) is not None:
            efields = outline_fields(ENDED_FIELDS)
            esink, ended_id = self.parameterAsSink(parameters, self.OUTPUT_ENDED, context, efields,
                                                   QgsWkbTypes.NoGeometry)
            if esink is not None:
                from ..core.safecsv import is_csv_destination, neutralise_row

                names = efields.names()
                cells = neutralise_row if is_csv_destination(ended_id) else list  # no formulas in a CSV
                for row in timeline.ended_rows():
                    f = QgsFeature(efields)
                    f.setAttributes(cells([row[n] for n in names]))
                    add_feature(esink, f)
                del esink
        columns = timeline.region_columns()
        rfields = fields_with(src.fields(), columns)
        rsink, regions_id = self.parameterAsSink(parameters, self.OUTPUT_REGIONS, context, rfields,
                                                 regions.wkb_type, src.crs())
        if rsink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_REGIONS))
        feedback.setProgress(70)
        write_regions(rsink, rfields, RegionRows(src, regions.geometries, columns), feedback.isCanceled)
        del rsink
        record = timeline.meta
        self.keep_record(regions_id, dict(record, role="timeline_regions"))
        persist_aliases(regions_id, {f.name(): f.alias() for f in rfields if f.alias()})
        self.keep_record(clusters_id, dict(record, role="timeline_clusters"))
        out = {self.OUTPUT_CLUSTERS: clusters_id, self.OUTPUT_REGIONS: regions_id}
        if ended_id is not None:
            self.keep_record(ended_id, dict(record, role="timeline_ended"))
            out[self.OUTPUT_ENDED] = ended_id
        return out
