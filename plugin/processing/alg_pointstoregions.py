"""sectorclusters:pointstoregions — points counted (or their weights summed) per region and sector.

The output is a regions layer as joinscores writes one: the regions' own fields, then one double field per
sector (names made from the labels as joinscores makes them), the labels as aliases, and the record
(``gis.meta``: key, name field, region noun, sectors, reference) that detectclusters, localstatistics and
exportmap read for their defaults. The reference row (the "national" value) is the total over every point read,
the points outside every region included.
"""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterVectorLayer,
)

from ..core.errors import Cancelled
from ..i18n import tr, tr_noop
from .alg_pointclusters import help_for
from .common import Algorithm, user_errors

REGION_HELP = {
    "INPUT": tr_noop("The points to count (firms, sites, listings), in any CRS; the layer is never modified."),
    "REGIONS": tr_noop("The polygon layer of regions the points are counted into (it is never modified)."),
    "REGIONS_KEY": tr_noop("The field that identifies each region: a code such as E37000001, or a name."),
    "SECTOR_FIELD": tr_noop("Optional: the field giving each point's sector; one output field per sector."),
    "WEIGHT_FIELD": tr_noop("Optional: a numeric field (employees, turnover…) summed instead of counting points; "
                            "fractions are kept."),
    "PERIOD_FIELD": tr_noop("Optional: a field of periods (years); one output field per sector and period."),
    "OUTPUT": tr_noop("The regions with one field per sector: the count (or summed weight) of their points."),
    "OUTPUT_OUTSIDE": tr_noop("Optional: the points that fall in no region."),
}


class PointsToRegionsAlgorithm(Algorithm):
    INPUT, REGIONS, REGIONS_KEY = "INPUT", "REGIONS", "REGIONS_KEY"
    SECTOR_FIELD, WEIGHT_FIELD, PERIOD_FIELD = "SECTOR_FIELD", "WEIGHT_FIELD", "PERIOD_FIELD"
    OUTPUT, OUTPUT_OUTSIDE = "OUTPUT", "OUTPUT_OUTSIDE"

    def name(self) -> str:
        return "pointstoregions"

    def displayName(self) -> str:
        return self.tr("Count points into regions")

    def shortHelpString(self) -> str:
        return self.tr(
            "Counts points (firms, sites) in each region, one field per sector (and per period with a period "
            "field), or sums a weight field instead (fractions kept). Each point is counted once: a point on a "
            "boundary two regions share, or inside regions that overlap, goes to the first of them in the "
            "layer's order. Points in no region are counted and listed in the log (first feature ids) and may be "
            "written to OUTSIDE. The output is read by Detect multi-region clusters, Local statistics and the "
            "map export as the output of Join sector scores is: the national value of each sector is its total "
            "over every point read. The regions' boundaries are measured as in every analysis (the layer's CRS "
            "when true to scale, else an equal-area projection centred on the regions)."
        )

    def initAlgorithm(self, config=None):
        h = REGION_HELP
        self.addParameter(help_for(self, h, QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Points (firms, sites)"), [QgsProcessing.TypeVectorPoint])))
        self.addParameter(help_for(self, h, QgsProcessingParameterVectorLayer(
            self.REGIONS, self.tr("Regions (polygons)"), [QgsProcessing.TypeVectorPolygon])))
        self.addParameter(help_for(self, h, QgsProcessingParameterField(
            self.REGIONS_KEY, self.tr("Region key field (code or name)"), parentLayerParameterName=self.REGIONS)))
        self.addParameter(help_for(self, h, QgsProcessingParameterField(
            self.SECTOR_FIELD, self.tr("Sector field (optional)"), parentLayerParameterName=self.INPUT,
            optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterField(
            self.WEIGHT_FIELD, self.tr("Weight field (optional; empty: count points)"),
            parentLayerParameterName=self.INPUT, type=QgsProcessingParameterField.Numeric, optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterField(
            self.PERIOD_FIELD, self.tr("Period field (optional)"), parentLayerParameterName=self.INPUT,
            optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Regions with point counts"), QgsProcessing.TypeVectorPolygon)))
        self.addParameter(help_for(self, h, QgsProcessingParameterFeatureSink(
            self.OUTPUT_OUTSIDE, self.tr("Points in no region"), QgsProcessing.TypeVectorPoint, optional=True,
            createByDefault=False)))
        self.addOutput(QgsProcessingOutputNumber("INSIDE", self.tr("Points counted into a region")))
        self.addOutput(QgsProcessingOutputNumber("OUTSIDE", self.tr("Points in no region")))

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        from ..gis.layers import LayerError, check_polygon_layer, guess_name_field
        from ..gis.point_layers import check_point_layer
        from ..gis.snapshot import LayerSnapshot

        with user_errors():
            layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
            check_point_layer(layer, tr("The point layer"))
            self.input = LayerSnapshot(layer)
            regions = self.parameterAsVectorLayer(parameters, self.REGIONS, context)
            check_polygon_layer(regions, tr("The regions layer"))
            self.key = self.parameterAsString(parameters, self.REGIONS_KEY, context)
            if regions.fields().indexFromName(self.key) < 0:
                raise LayerError(tr("REGIONS_KEY: the regions layer has no field {!r}.").format(self.key),
                                 code="no_key_field")
            self.name_field = guess_name_field(regions, self.key)
            self.regions = LayerSnapshot(regions)
            self.sector_field = self.parameterAsString(parameters, self.SECTOR_FIELD, context)
            self.weight_field = self.parameterAsString(parameters, self.WEIGHT_FIELD, context)
            self.period_field = self.parameterAsString(parameters, self.PERIOD_FIELD, context)
        return True

    def processAlgorithm(self, parameters, context, feedback):
        from ..gis.layers import read_regions
        from ..gis.meta import persist_aliases
        from ..gis.point_layers import read_points
        from ..gis.writers import RegionRows, fields_with, write_regions
        from ..steps.analysis import Column, numbers
        from ..steps.points import choose_sectors, count_into_regions, id_list
        from ..steps.words import region_noun_for_key

        with user_errors():
            regions = read_regions(self.regions, feedback.isCanceled)
            if regions.measure_note:
                feedback.pushInfo(regions.measure_note)
            for note in regions.geometry_notes:
                feedback.pushInfo(note)
            feedback.setProgress(10)
            read = read_points(self.input, self.weight_field, self.sector_field, self.period_field, regions.crs,
                               feedback.isCanceled)
            data = read.data
            for note in data.notes:
                feedback.pushWarning(note)
            if self.sector_field:
                choose_sectors(data.sectors, [], self.sector_field)  # refuses a field of ids (too many values)
            feedback.setProgress(30)
            total_label = self.weight_field or tr("points")
            counts = count_into_regions(data, regions.shapes, self.regions.fields().names(), total_label,
                                        feedback.isCanceled, lambda p: feedback.setProgress(30 + 0.4 * p))
            outside = counts.outside
            inside = len(data.fids) - len(outside)
            matched = int((counts.values.sum(axis=1) > 0).sum())  # regions holding at least one point's weight
            feedback.pushInfo(tr("{0:,} of {1:,} point(s) counted into {2:,} region(s).").format(
                inside, len(data.fids), matched))
            if len(outside):
                feedback.pushWarning(tr("{0:,} point(s) lie in no region (feature ids {1}).").format(
                    len(outside), id_list([data.fids[i] for i in outside.tolist()])))
            if feedback.isCanceled():
                raise Cancelled()
            columns = [Column(f, "double", label, numbers(counts.values[:, j]), 20, 6)
                       for j, (f, label) in enumerate(zip(counts.fields, counts.labels))]
            fields = fields_with(self.regions.fields(), columns)
            sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, regions.wkb_type,
                                                 self.regions.crs())
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
            write_regions(sink, fields, RegionRows(self.regions, regions.geometries, columns), feedback.isCanceled)
            del sink
            outside_id = self.write_outside(parameters, context, feedback, data, outside)
            record = {
                "key": self.key, "name_field": self.name_field, "region_noun": region_noun_for_key(self.key),
                "sectors": dict(zip(counts.fields, counts.labels)),
                "reference": counts.totals, "reference_name": tr("all points"),
                "source": self.input.name(), "table_shape": "points",
                "match": {"regions": len(regions.fids), "matched": matched},
                "points": {"layer": self.input.name(), "sector_field": self.sector_field or None,
                           "weight_field": self.weight_field or None, "period_field": self.period_field or None,
                           "points": len(data.fids), "outside": int(len(outside))},
            }
            if self.period_field:
                record["periods"] = counts.periods
            self.keep_record(dest_id, record)
            persist_aliases(dest_id, dict(zip(counts.fields, counts.labels)))
        feedback.setProgress(100)
        return {self.OUTPUT: dest_id, self.OUTPUT_OUTSIDE: outside_id, "INSIDE": inside, "OUTSIDE": len(outside)}

    def write_outside(self, parameters, context, feedback, data, outside) -> str | None:
        """The points in no region, with their attributes and geometry as in the input."""
        from ..gis.writers import add_feature

        if parameters.get(self.OUTPUT_OUTSIDE) in (None, ""):
            return None
        src = self.input
        sink, dest = self.parameterAsSink(parameters, self.OUTPUT_OUTSIDE, context, src.fields(), src.wkbType(),
                                          src.crs())
        if sink is None:
            return None
        fids = [data.fids[i] for i in outside.tolist()]
        if fids:
            for feat in src.getFeatures(QgsFeatureRequest().setFilterFids(fids)):
                out = QgsFeature(src.fields())
                out.setAttributes(feat.attributes())
                if feat.hasGeometry():
                    out.setGeometry(QgsGeometry(feat.geometry()))
                add_feature(sink, out)
        del sink
        return dest
