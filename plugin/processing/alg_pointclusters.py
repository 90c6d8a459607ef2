"""sectorclusters:pointclusters — density clusters of firms (points) per sector (steps.points).

prepare (main thread: parameters checked, snapshots of the points and of REGIONS) → process (read the points in
ground metres, weighted DBSCAN per sector, outlines and figures, write) → postProcess (records). The outlines
are written in the point layer's CRS (taken back from the measuring CRS, as every outline of the plugin).
"""
from __future__ import annotations

from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsWkbTypes,
)

from ..core.errors import Cancelled
from ..i18n import tr, tr_noop
from .common import Algorithm, user_errors

POINT_HELP = {
    "INPUT": tr_noop("The points to cluster (firms, sites, listings), in any CRS; the layer is never modified."),
    "SECTOR_FIELD": tr_noop("Optional: the field giving each point's sector; each sector is clustered on its own."),
    "SECTORS": tr_noop("Optional: the sectors to cluster, as the field writes them, separated by ';' (or ','); "
                       "empty: every sector."),
    "WEIGHT_FIELD": tr_noop("Optional: a numeric field (employees, turnover…) weighting each point; "
                            "empty: 1 per point."),
    "RADIUS": tr_noop("The neighbourhood of a point, in metres on the ground (whatever the layer's CRS)."),
    "MIN_WEIGHT": tr_noop("A point is a core point when the weight within the radius, its own included, reaches "
                          "this (with no weight field: a number of points)."),
    "REGIONS": tr_noop("Optional polygons (LEPs, combined authorities…): each cluster lists the regions it spans."),
    "REGIONS_NAME": tr_noop("The REGIONS field that names the regions; empty: a field called like a name."),
    "OUTPUT_POINTS": tr_noop("The points with their sector, cluster and role (core, border or noise)."),
    "OUTPUT_CLUSTERS": tr_noop("One outline per cluster: sector, rank by weight, points, weight, share, location "
                               "quotient, area in km² (and the regions it spans)."),
}


def help_for(algorithm, help_texts: dict, parameter) -> object:
    """``parameter`` with its help set here: the provider-wide help table (processing/help.py) describes these
    names differently for the region algorithms, or not at all."""
    text = help_texts.get(parameter.name())
    if text:
        parameter.setHelp(algorithm.tr(text))
    return parameter


class PointClustersAlgorithm(Algorithm):
    INPUT, SECTOR_FIELD, SECTORS, WEIGHT_FIELD = "INPUT", "SECTOR_FIELD", "SECTORS", "WEIGHT_FIELD"
    RADIUS, MIN_WEIGHT, REGIONS, REGIONS_NAME = "RADIUS", "MIN_WEIGHT", "REGIONS", "REGIONS_NAME"
    OUTPUT_POINTS, OUTPUT_CLUSTERS = "OUTPUT_POINTS", "OUTPUT_CLUSTERS"

    def name(self) -> str:
        return "pointclusters"

    def displayName(self) -> str:
        return self.tr("Density clusters of points")

    def shortHelpString(self) -> str:
        return self.tr(
            "Finds dense groups of points (firms, sites) in each sector with weighted DBSCAN: a point is a core "
            "point when the summed weight of the points within RADIUS ground metres, its own included, reaches "
            "MIN_WEIGHT (scikit-learn's min_samples with sample_weight); core points within the radius of each "
            "other form a cluster, a point within the radius of a core point joins it (border), every other "
            "point is noise. Each sector is clustered on its own. Outputs the points with sector, cluster and "
            "role, and one outline per cluster (the ground within the radius of its core points, in the point "
            "layer's CRS) with its rank by weight in the sector, points, weight, share of the sector's weight, "
            "area in km² and location quotient: the sector's share of the weight of all points (every sector) "
            "inside the outline, over its share of all points read. With REGIONS each cluster lists the regions "
            "holding its points by share of its weight (spans, n_spans). Distances are measured in the layer's "
            "CRS when it is in metres and true to scale, else in a Lambert azimuthal equal-area projection "
            "centred on the points. Points without geometry, or with a NULL weight or sector, are skipped and "
            "counted in the log; a negative weight is refused."
        )

    def initAlgorithm(self, config=None):
        h = POINT_HELP
        self.addParameter(help_for(self, h, QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Points (firms, sites)"), [QgsProcessing.TypeVectorPoint])))
        self.addParameter(help_for(self, h, QgsProcessingParameterField(
            self.SECTOR_FIELD, self.tr("Sector field (optional)"), parentLayerParameterName=self.INPUT,
            optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterString(
            self.SECTORS, self.tr("Sectors to cluster (separated by ';'; empty: all)"), defaultValue="",
            optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterField(
            self.WEIGHT_FIELD, self.tr("Weight field (optional; empty: 1 per point)"),
            parentLayerParameterName=self.INPUT, type=QgsProcessingParameterField.Numeric, optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterNumber(
            self.RADIUS, self.tr("Radius (ground metres)"), QgsProcessingParameterNumber.Double,
            defaultValue=500.0)))
        self.addParameter(help_for(self, h, QgsProcessingParameterNumber(
            self.MIN_WEIGHT, self.tr("Weight within the radius that makes a core point"),
            QgsProcessingParameterNumber.Double, defaultValue=10.0)))
        self.addParameter(help_for(self, h, QgsProcessingParameterVectorLayer(
            self.REGIONS, self.tr("Regions the clusters may span (optional polygons)"),
            [QgsProcessing.TypeVectorPolygon], optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterField(
            self.REGIONS_NAME, self.tr("Region name field (default: a name field)"),
            parentLayerParameterName=self.REGIONS, optional=True)))
        self.addParameter(help_for(self, h, QgsProcessingParameterFeatureSink(
            self.OUTPUT_POINTS, self.tr("Points with clusters"), QgsProcessing.TypeVectorPoint)))
        self.addParameter(help_for(self, h, QgsProcessingParameterFeatureSink(
            self.OUTPUT_CLUSTERS, self.tr("Point cluster outlines"), QgsProcessing.TypeVectorPolygon)))
        self.addOutput(QgsProcessingOutputNumber("CLUSTERS", self.tr("Number of point clusters")))

    def number_settings(self, parameters, context) -> tuple:
        return (self.point_settings(parameters, context),)

    def point_settings(self, parameters: dict, context):
        from ..steps.points import PointSettings

        return PointSettings(self.given(parameters, self.RADIUS, context),
                             self.given(parameters, self.MIN_WEIGHT, context))

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        from ..gis.layers import LayerError, check_polygon_layer, guess_name_field
        from ..gis.point_layers import check_point_layer
        from ..gis.snapshot import LayerSnapshot
        from ..steps.points import split_sectors

        with user_errors():
            self.settings = self.point_settings(parameters, context)
            layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
            check_point_layer(layer, tr("The point layer"))
            self.input = LayerSnapshot(layer)
            self.sector_field = self.parameterAsString(parameters, self.SECTOR_FIELD, context)
            self.weight_field = self.parameterAsString(parameters, self.WEIGHT_FIELD, context)
            self.sectors = split_sectors(self.parameterAsString(parameters, self.SECTORS, context))
            if self.sectors and not self.sector_field:
                raise LayerError(tr("SECTORS lists sectors but no SECTOR_FIELD is chosen; choose the field that "
                                    "holds them."), code="sectors_without_field")
            self.regions = self.regions_name = None
            if parameters.get(self.REGIONS) not in (None, ""):
                regions = self.parameterAsVectorLayer(parameters, self.REGIONS, context)
                check_polygon_layer(regions, tr("The regions layer"))
                chosen = self.parameterAsString(parameters, self.REGIONS_NAME, context)
                name = chosen or guess_name_field(regions, "") or ""
                if not name or regions.fields().indexFromName(name) < 0:
                    raise LayerError(tr("REGIONS_NAME: choose the field that names the regions of '{0}'.").format(
                        regions.name()), code="no_name_field")
                self.regions, self.regions_name = LayerSnapshot(regions), name
        return True

    def processAlgorithm(self, parameters, context, feedback):
        from ..gis.point_layers import read_points
        from ..steps.points import choose_sectors, cluster_points

        with user_errors():
            read = read_points(self.input, self.weight_field, self.sector_field, "", None, feedback.isCanceled)
            data = read.data
            (feedback.pushWarning if read.measure.warning else feedback.pushInfo)(read.measure.note)
            for note in data.notes:
                feedback.pushWarning(note)
            chosen = choose_sectors(data.sectors, self.sectors, self.sector_field) if self.sector_field else [""]
            regions = self.span_regions(read, feedback)
            feedback.setProgress(10)
            outcome = cluster_points(data, self.settings, chosen, regions, feedback.isCanceled,
                                     lambda p: feedback.setProgress(10 + 0.8 * p))
            for line in outcome.summary:
                feedback.pushInfo(line)
            for c in outcome.clusters:
                a = c.attributes
                if a.get("n_spans", 0) > 1:
                    feedback.pushInfo(tr("{0}, cluster {1}: spans {2}").format(a["sector"] or tr("all points"),
                                                                               a["cluster"], a["spans"]))
            if feedback.isCanceled():
                raise Cancelled()
            results = self.write(parameters, context, feedback, read, outcome, regions is not None)
        results["CLUSTERS"] = len(outcome.clusters)
        feedback.setProgress(100)
        return results

    def span_regions(self, read, feedback):
        """REGIONS as shapely shapes in the points' measuring CRS with their names, or None without REGIONS."""
        if self.regions is None:
            return None
        from ..gis.reading import read_overlay
        from ..steps.points import SpanRegions

        regions = _FakeRegions(read)
        overlay = read_overlay(self.regions, self.regions_name, regions, self.input.transform_context,
                               read.layer_crs, feedback.isCanceled)
        for note in overlay.notes:
            feedback.pushInfo(note)
        return SpanRegions(overlay.shapes, [n or "" for n in overlay.names])

    def write(self, parameters, context, feedback, read, outcome, with_spans: bool) -> dict:
        from ..gis.layers import to_layer_geometry
        from ..gis.writers import add_feature, fields_with, outline_fields
        from ..steps.analysis import Column
        from ..steps.points import CLUSTER_FIELDS, POINT_FIELDS, SPAN_FIELDS

        src, data = self.input, read.data
        n = src.featureCount()
        sector, cluster, role = [None] * n, [None] * n, [None] * n
        position = {}
        for i, row in enumerate(data.rows.tolist()):
            position[row] = i
        for row, i in position.items():
            if row < n:
                sector[row] = data.sectors[i] or None
            if row < n and outcome.roles[i] is not None:
                cluster[row] = int(outcome.cluster_of[i]) if outcome.cluster_of[i] > 0 else None
                role[row] = str(outcome.roles[i])
        columns = [Column(name, kind, "", values) for (name, kind), values in
                   zip(POINT_FIELDS, (sector, cluster, role))]
        fields = fields_with(src.fields(), _unclashed(columns, src.fields().names()))
        sink, points_id = self.parameterAsSink(parameters, self.OUTPUT_POINTS, context, fields, src.wkbType(),
                                               read.layer_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_POINTS))
        for k, feat in enumerate(src.getFeatures()):
            if k % 1024 == 0 and feedback.isCanceled():
                raise Cancelled()
            out = QgsFeature(fields)
            out.setAttributes(list(feat.attributes()) + [sector[k] if k < n else None,
                                                         cluster[k] if k < n else None, role[k] if k < n else None])
            if feat.hasGeometry():
                out.setGeometry(QgsGeometry(feat.geometry()))
            add_feature(sink, out)
        del sink
        spec = list(CLUSTER_FIELDS) + (list(SPAN_FIELDS) if with_spans else [])
        cfields = outline_fields(spec)
        csink, clusters_id = self.parameterAsSink(parameters, self.OUTPUT_CLUSTERS, context, cfields,
                                                  QgsWkbTypes.MultiPolygon, read.layer_crs)
        if csink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_CLUSTERS))
        names = cfields.names()
        for c in outcome.clusters:
            f = QgsFeature(cfields)
            f.setAttributes([c.attributes.get(name) for name in names])
            g = to_layer_geometry(c.shape, read.to_layer) if not read.measure.own else _geometry(c.shape)
            g.convertToMultiType()
            f.setGeometry(g)
            add_feature(csink, f)
        del csink
        record = {"role": "point_clusters", "points": src.name(), "sector_field": self.sector_field or None,
                  "weight_field": self.weight_field or None, "radius_m": self.settings.radius,
                  "min_weight": self.settings.min_weight, "measured_in": read.measure.crs.authid()
                  or read.measure.crs.toProj()}
        self.keep_record(points_id, dict(record, role="point_roles"))
        self.keep_record(clusters_id, record)
        return {self.OUTPUT_POINTS: points_id, self.OUTPUT_CLUSTERS: clusters_id}


def _geometry(shape) -> QgsGeometry:
    from ..core.geometry import to_wkb

    g = QgsGeometry()
    g.fromWkb(to_wkb(shape))
    return g


def _unclashed(columns, existing) -> list:
    """The new columns, renamed ``sector_2``… where the point layer already has a field of that name."""
    taken = {e.lower() for e in existing}
    for c in columns:
        base, k = c.name, 2
        while c.name.lower() in taken:
            c.name = f"{base}_{k}"
            k += 1
        taken.add(c.name.lower())
    return columns


class _FakeRegions:
    """What ``gis.reading.read_overlay`` reads of the regions it projects an overlay onto: the measuring CRS
    and the CRS the layer's coordinates were taken to be in (here: the points')."""

    def __init__(self, read):
        self.crs = read.measure.crs
        self.layer_crs = read.layer_crs
