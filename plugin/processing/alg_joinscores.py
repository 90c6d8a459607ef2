"""sectorclusters:joinscores — join a table of sector scores to a boundary layer (steps.join)."""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..i18n import tr
from .common import TABLE_FILE_FILTER, Algorithm, user_errors

UNMATCHED_FIELDS = (("source", "string"), ("key", "string"), ("reason", "string"), ("candidates", "string"),
                    ("best_score", "double"))


def report(outcome, feedback) -> None:
    """Notes, the match rate, and every unmatched row and region with its closest candidates."""
    from ..steps.words import join_names

    for note in outcome.result.notes:
        feedback.pushInfo(note)
    m = outcome.match
    rate = 100.0 * m.matched_features / max(m.n_features, 1)
    feedback.pushInfo(tr("Match rate: {} ({:.0f} % of regions).").format(m.summary(), rate))
    for u in m.unmatched_rows:
        if u.fixable:
            feedback.reportError(tr("Unmatched table row {!r}: {}. Closest: {}").format(
                u.key, u.reason, join_names(c.label for c in u.candidates) or "—"), False)
    for u in m.unmatched_features:
        feedback.pushWarning(tr("Region {} has no row in the table. Closest rows: {}").format(
            u.key, join_names(c.label for c in u.candidates) or "—"))


class JoinScoresAlgorithm(Algorithm):
    INPUT, INPUT_KEY, TABLE, TABLE_KEY, ALIASES = "INPUT", "INPUT_KEY", "TABLE", "TABLE_KEY", "ALIASES"
    TABLE_SHAPE, SECTOR_COLUMN, SCORE_COLUMN = "TABLE_SHAPE", "SECTOR_COLUMN", "SCORE_COLUMN"
    ROW_FILTER, KEEP_COLUMNS = "ROW_FILTER", "KEEP_COLUMNS"
    OUTPUT, UNMATCHED = "OUTPUT", "UNMATCHED"

    def name(self) -> str:
        return "joinscores"

    def displayName(self) -> str:
        return self.tr("Join sector scores")

    def shortHelpString(self) -> str:
        return self.tr(
            "Joins a table of scores per region and sector (CSV, XLSX or ODS; long, wide or a Nomis/ONS export "
            "as downloaded) to a polygon layer. Rows match features by exact code, then by normalised name, "
            "then through an optional alias table (two columns: table value, layer key or name). "
            "Every row and feature that does not match is listed in the Unmatched table with its closest "
            "candidates. The national/reference row (e.g. country:England) is kept for baselines. "
            "Columns that look like identifiers (FIPS, *_CD, id, zero-padded or the regions' own codes) are not "
            "joined unless listed in 'Columns to join as sectors'. Features sharing a key (islands stored "
            "separately) each get the row's scores and are named in a warning; features without a key get none. "
            "The input layer and the table are never modified."
        )

    def initAlgorithm(self, config=None):
        self.add_boundary_inputs()
        self.addParameter(QgsProcessingParameterFile(
            self.TABLE, self.tr("Scores table (.csv, .xlsx, .ods)"), fileFilter=TABLE_FILE_FILTER))
        self.addParameter(QgsProcessingParameterString(
            self.TABLE_KEY, self.tr("Key column in the table (empty: detect)"), defaultValue="", optional=True))
        self.add_aliases_input()
        self.add_advanced([
            *self.table_reading_parameters("year=2022; geographic_level=LEP|COUNTRY"),
            QgsProcessingParameterString(
                self.KEEP_COLUMNS, self.tr("Columns to join as sectors although they look like identifiers "
                                           "(e.g. STATE_FIPS; comma-separated)"), defaultValue="", optional=True),
        ])
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Regions with scores"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNMATCHED, self.tr("Unmatched rows and regions"), QgsProcessing.TypeVector, optional=True,
            createByDefault=True))
        self.addOutput(QgsProcessingOutputNumber("MATCHED", self.tr("Regions matched to a table row")))
        self.addOutput(QgsProcessingOutputNumber("REGIONS", self.tr("Regions in the layer")))

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        with user_errors():
            self.input = self.snapshot(parameters, self.INPUT, context)
            self.key = self.parameterAsString(parameters, self.INPUT_KEY, context)
            self.table_path = self.parameterAsFile(parameters, self.TABLE, context)
            self.aliases_path = self.parameterAsFile(parameters, self.ALIASES, context)
            self.reading = self.table_reading(parameters, context)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        from ..core.engine import key_warnings
        from ..gis.layers import read_regions
        from ..gis.meta import persist_aliases
        from ..gis.reading import read_layer_keys
        from ..gis.writers import RegionRows, fields_with, write_regions
        from ..steps.join import join_record, join_table, load_aliases

        with user_errors():
            keys = read_layer_keys(self.input, self.key)
            outcome = join_table(keys, self.table_path, self.reading, load_aliases(self.aliases_path))
            regions = read_regions(self.input, feedback.isCanceled)
            report(outcome, feedback)
            for text in key_warnings(outcome.result, regions.fids):
                feedback.pushWarning(text)
            for note in regions.geometry_notes:
                feedback.pushInfo(note)
            if regions.repaired:
                feedback.pushWarning(self.tr("{} invalid geometries were repaired in the output.").format(
                    regions.repaired))
            columns = outcome.columns()
            fields = fields_with(self.input.fields(), columns)
            sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, regions.wkb_type,
                                                 self.input.crs())
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
            write_regions(sink, fields, RegionRows(self.input, regions.geometries, columns), feedback.isCanceled,
                          feedback.setProgress)
            del sink
            unmatched_id = self.write_unmatched(parameters, context, outcome)
            self.keep_record(dest_id, join_record(keys, outcome, self.table_path, self.reading.row_filter))
            persist_aliases(dest_id, dict(zip(outcome.result.fields, outcome.result.labels)))
        m = outcome.match
        return {self.OUTPUT: dest_id, self.UNMATCHED: unmatched_id,
                "MATCHED": m.matched_features, "REGIONS": m.n_features}

    def write_unmatched(self, parameters, context, outcome) -> str | None:
        from ..core.safecsv import is_csv_destination, neutralise_row
        from ..gis.writers import add_feature, outline_fields
        from ..steps.words import join_names

        if parameters.get(self.UNMATCHED) is None:
            return None
        fields = outline_fields(UNMATCHED_FIELDS)
        sink, dest = self.parameterAsSink(parameters, self.UNMATCHED, context, fields, QgsWkbTypes.NoGeometry)
        if sink is None:
            return None
        m = outcome.match
        cells = neutralise_row if is_csv_destination(dest) else list  # a CSV opened in a spreadsheet: no formulas
        for u in [*m.unmatched_rows, *m.unmatched_features]:
            f = QgsFeature(fields)
            best = u.candidates[0].score if u.candidates else None
            f.setAttributes(cells([u.source, u.key, u.reason, join_names(c.label for c in u.candidates), best]))
            add_feature(sink, f)
        del sink
        return dest
