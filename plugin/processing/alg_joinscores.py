"""sectorclusters:joinscores — join a table of sector scores to a boundary layer."""
from __future__ import annotations

import re

from qgis.core import (
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .common import Algorithm, add_feature, output_layer, user_errors

SHAPE_OPTIONS = ["auto", "long", "wide", "nomis"]


NOUNS = (("lep", "LEPs"), ("lad", "districts"), ("lau", "districts"), ("cty", "counties"), ("ctyua", "authorities"),
         ("msoa", "MSOAs"), ("lsoa", "LSOAs"), ("itl", "regions"), ("nuts", "regions"), ("rgn", "regions"),
         ("ca", "combined authorities"))


def region_noun(key_field: str) -> str:
    """What to call the regions in labels ("HVM cluster 1 — 5 LEPs"), from the key field's ONS prefix."""
    low = key_field.lower()
    for prefix, noun in sorted(NOUNS, key=lambda x: -len(x[0])):
        if low.startswith(prefix):
            return noun
    return "regions"


def load_aliases(path: str) -> dict[str, str]:
    from ..core.matching import read_aliases
    from ..core.tables import read_raw

    if not path:
        return {}
    raw = read_raw(path)
    return read_aliases([raw.header, *raw.rows])


def run_join(layer, key_field: str, table_path: str, table_key: str = "", aliases=None, shape: str = "",
             sector_column: str = "", score_column: str = "", row_filter: str = "", keep_columns: str = ""):
    """Read, match and join: the step the algorithm and the panel share. Writes nothing."""
    from ..core.engine import join_scores
    from ..core.tables import load_scores, parse_row_filter
    from ..gis.layers import as_text, check_polygon_layer, string_fields

    check_polygon_layer(layer)
    if layer.fields().indexFromName(key_field) < 0:
        raise QgsProcessingException(f"The layer has no field {key_field!r}.")
    table = load_scores(table_path, shape or None, table_key or None, sector_column or None, score_column or None,
                        parse_row_filter(row_filter), [c for c in re.split(r"[;,]", keep_columns or "") if c.strip()])
    others = [n for n in string_fields(layer) if n != key_field]
    keys, names = [], []
    for f in layer.getFeatures():
        keys.append(as_text(f[key_field]))
        names.append([as_text(f[n]) for n in others])
    existing = [f.name() for f in layer.fields()]
    result = join_scores(table, keys, names, aliases or {}, existing, key_field)
    if keys and len(result.null_keys) == len(keys):
        raise QgsProcessingException(f"The key field {key_field!r} is empty (NULL) on every feature: "
                                     "choose the field that holds the region codes or names.")
    if not result.match.row_to_feature:
        raise QgsProcessingException(
            f"No row of the table matches a region by {key_field!r} or by name. "
            f"Table keys look like {', '.join(table.keys[:3])!r}; layer keys like {', '.join(keys[:3])!r}."
        )
    return table, result


class JoinScoresAlgorithm(Algorithm):
    INPUT, INPUT_KEY, TABLE, TABLE_KEY, ALIASES = "INPUT", "INPUT_KEY", "TABLE", "TABLE_KEY", "ALIASES"
    TABLE_SHAPE, SECTOR_COLUMN, SCORE_COLUMN = "TABLE_SHAPE", "SECTOR_COLUMN", "SCORE_COLUMN"
    ROW_FILTER, KEEP_COLUMNS = "ROW_FILTER", "KEEP_COLUMNS"
    OUTPUT, UNMATCHED = "OUTPUT", "UNMATCHED"

    def name(self) -> str:
        return "joinscores"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Join sector scores")

    def shortHelpString(self) -> str:  # noqa: N802
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

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Boundary layer (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.INPUT_KEY, self.tr("Region key field (code or name)"), parentLayerParameterName=self.INPUT))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLE, self.tr("Scores table (.csv, .xlsx, .ods)"),
            fileFilter="Tables (*.csv *.txt *.tsv *.xlsx *.ods);;All files (*)"))
        self.addParameter(QgsProcessingParameterString(
            self.TABLE_KEY, self.tr("Key column in the table (empty: detect)"), defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.ALIASES, self.tr("Alias table (table value → layer key or name)"), optional=True,
            fileFilter="Tables (*.csv *.xlsx *.ods);;All files (*)"))
        for p in (
            QgsProcessingParameterEnum(self.TABLE_SHAPE, self.tr("Table shape"), SHAPE_OPTIONS, defaultValue=0),
            QgsProcessingParameterString(self.SECTOR_COLUMN, self.tr("Sector column (long tables)"),
                                         defaultValue="", optional=True),
            QgsProcessingParameterString(self.SCORE_COLUMN, self.tr("Score column (long tables)"),
                                         defaultValue="", optional=True),
            QgsProcessingParameterString(
                self.ROW_FILTER, self.tr("Row filter, e.g. year=2022; geographic_level=LEP|COUNTRY"),
                defaultValue="", optional=True),
            QgsProcessingParameterString(
                self.KEEP_COLUMNS, self.tr("Columns to join as sectors although they look like identifiers "
                                           "(e.g. STATE_FIPS; comma-separated)"), defaultValue="", optional=True),
        ):
            p.setFlags(p.flags() | p.FlagAdvanced)
            self.addParameter(p)
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Regions with scores"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.UNMATCHED, self.tr("Unmatched rows and regions"), QgsProcessing.TypeVector, optional=True,
            createByDefault=True))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        key_field = self.parameterAsString(parameters, self.INPUT_KEY, context)
        table_path = self.parameterAsFile(parameters, self.TABLE, context)
        shape = SHAPE_OPTIONS[self.parameterAsEnum(parameters, self.TABLE_SHAPE, context)]
        with user_errors():
            if not table_path:
                raise QgsProcessingException(self.tr("Choose a scores table."))
            aliases = load_aliases(self.parameterAsFile(parameters, self.ALIASES, context))
            table, result = run_join(
                layer, key_field, table_path, self.parameterAsString(parameters, self.TABLE_KEY, context), aliases,
                "" if shape == "auto" else shape,
                self.parameterAsString(parameters, self.SECTOR_COLUMN, context),
                self.parameterAsString(parameters, self.SCORE_COLUMN, context),
                self.parameterAsString(parameters, self.ROW_FILTER, context),
                self.parameterAsString(parameters, self.KEEP_COLUMNS, context),
            )
            from ..gis.layers import read_regions
            regions = read_regions(layer, feedback.isCanceled)
        for note in result.notes:
            feedback.pushInfo(note)
        m = result.match
        rate = 100.0 * m.matched_features / max(m.n_features, 1)
        feedback.pushInfo(self.tr("Match rate: {} ({:.0f} % of regions).").format(m.summary(), rate))
        for u in m.unmatched_rows:
            if not u.reason.startswith(("other geography", "used as the national")):
                feedback.reportError(self.tr("Unmatched table row {!r}: {}. Closest: {}").format(
                    u.key, u.reason, "; ".join(c.label for c in u.candidates) or "—"), False)
        for u in m.unmatched_features:
            feedback.pushWarning(self.tr("Region {} has no row in the table. Closest rows: {}").format(
                u.key, "; ".join(c.label for c in u.candidates) or "—"))
        from ..core.engine import key_warnings
        for text in key_warnings(result, regions.fids):
            feedback.pushWarning(text)
        for note in regions.geometry_notes:
            feedback.pushInfo(note)
        if regions.repaired:
            feedback.pushWarning(self.tr("{} invalid geometries were repaired in the output.").format(regions.repaired))

        fields = QgsFields(layer.fields())
        for fname, label in zip(result.fields, result.labels):
            f = QgsField(fname, QVariant.Double, "double", 20, 6)
            f.setAlias(label)
            fields.append(f)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields,
                                             regions.wkb_type, layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        n_in = len(layer.fields())
        for n, feat in enumerate(layer.getFeatures()):
            if feedback.isCanceled():
                break
            out = QgsFeature(fields)
            attrs = list(feat.attributes()) + [None] * len(result.fields)
            for j, v in enumerate(result.values[n]):
                attrs[n_in + j] = None if v != v else float(v)
            out.setAttributes(attrs)
            g = regions.geometries[n]
            if g is not None:
                g = QgsGeometry(g)
                g.convertToMultiType()
                out.setGeometry(g)
            add_feature(sink, out)
            feedback.setProgress(100.0 * n / max(len(regions.fids), 1))
        del sink

        unmatched_id = None
        if parameters.get(self.UNMATCHED) is not None:
            ufields = QgsFields()
            for name, typ in (("source", QVariant.String), ("key", QVariant.String), ("reason", QVariant.String),
                              ("candidates", QVariant.String), ("best_score", QVariant.Double)):
                ufields.append(QgsField(name, typ))
            usink, unmatched_id = self.parameterAsSink(parameters, self.UNMATCHED, context, ufields,
                                                       QgsWkbTypes.NoGeometry)
            if usink is not None:
                for u in [*m.unmatched_rows, *m.unmatched_features]:
                    f = QgsFeature(ufields)
                    best = u.candidates[0].score if u.candidates else None
                    f.setAttributes([u.source, u.key, u.reason, "; ".join(c.label for c in u.candidates), best])
                    add_feature(usink, f)
                del usink

        from ..gis.layers import guess_name_field
        from ..gis.meta import persist_aliases, write_meta_for_destination
        meta = {
            "key": key_field,
            "name_field": guess_name_field(layer, key_field),
            "region_noun": region_noun(key_field),
            "sectors": dict(zip(result.fields, result.labels)),
            "reference": result.reference,
            "reference_name": result.reference_key,
            "source": table_path.replace("\\", "/").split("/")[-1],
            "table_shape": table.shape,
            "match": {"regions": m.n_features, "matched": m.matched_features},
        }
        write_meta_for_destination(dest_id, meta, output_layer(dest_id, context))
        persist_aliases(dest_id, dict(zip(result.fields, result.labels)))
        return {self.OUTPUT: dest_id, self.UNMATCHED: unmatched_id,
                "MATCHED": m.matched_features, "REGIONS": m.n_features}
