"""sectorclusters:detectclusters — above-baseline regions and multi-region clusters."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from qgis.core import (
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .common import Algorithm, add_feature, output_layer, report_regions, tr, user_errors

BASELINE_OPTIONS = ["Mean of regions", "Median of regions", "National/reference value",
                    "Location quotient", "z-score", "Top percentile"]


@dataclass
class Analysis:
    """Everything detect produced, ready to be written or shown."""

    layer: object
    key_field: str
    name_field: Optional[str]
    keys: list[str]
    names: list[str]
    fields: list[str]
    labels: list[str]
    regions: object  # gis.layers.Regions
    graph: object
    results: list
    skipped: dict
    method: str
    threshold: float
    rule: str
    tolerance: float
    min_regions: int
    meta: dict = field(default_factory=dict)


def score_fields(layer, meta: Optional[dict], chosen: list[str]) -> tuple[list[str], list[str]]:
    """The fields to analyse and their labels; default all sector fields joinscores wrote."""
    from ..gis.layers import NUMERIC_TYPES

    sectors = (meta or {}).get("sectors") or {}
    names = chosen or [f for f in sectors if layer.fields().indexFromName(f) >= 0]
    if not names:
        raise QgsProcessingException(tr(
            "This layer was not made by 'Join sector scores', so there are no default score fields: "
            "choose the score FIELDS."))
    labels = []
    for n in names:
        idx = layer.fields().indexFromName(n)
        if idx < 0:
            raise QgsProcessingException(tr("The layer has no field {!r}.").format(n))
        fld = layer.fields().at(idx)
        if fld.type() not in NUMERIC_TYPES:
            raise QgsProcessingException(tr(
                "Field {!r} holds {} values, not numbers; choose numeric score fields.").format(n, fld.typeName()))
        labels.append(sectors.get(n) or fld.alias() or n)
    return names, labels


def analyse(layer, key_field: str = "", fields: Optional[list[str]] = None, baseline: int = 0,
            threshold: Optional[float] = None, neighbours: int = 0, tolerance: float = 0.0,
            min_regions: int = 2, is_cancelled=None, graph=None, regions=None) -> Analysis:
    """The detect step shared by the algorithm, the panel and `make demo`. Writes nothing.

    ``graph``/``regions`` may be passed in to reuse a neighbour graph (the panel
    re-runs thresholds without rebuilding it).
    """
    import numpy as np

    from ..core import baselines
    from ..core.engine import detect, region_totals
    from ..core.graph import QUEEN, ROOK, build_neighbour_graph
    from ..gis.layers import as_text, check_polygon_layer, field_values, is_null, read_regions
    from ..gis.meta import read_meta

    check_polygon_layer(layer, tr("The regions layer"))
    meta = read_meta(layer) or {}
    key_field = key_field or meta.get("key") or ""
    if not key_field or layer.fields().indexFromName(key_field) < 0:
        raise QgsProcessingException(tr("Choose the region KEY field (the layer has no field {!r}).").format(key_field))
    names_, labels = score_fields(layer, meta, list(fields or []))
    if not 0 <= baseline < len(baselines.METHODS):
        raise QgsProcessingException(tr("Unknown baseline {}.").format(baseline))
    if min_regions < 1:
        raise QgsProcessingException(tr("The minimum number of regions must be at least 1."))
    if tolerance < 0:
        raise QgsProcessingException(tr("The gap tolerance cannot be negative."))
    method = baselines.METHODS[baseline]
    thr = baselines.DEFAULT_THRESHOLD[method] if threshold is None else float(threshold)
    keys = [as_text(v) for v in field_values(layer, key_field)]
    name_field = meta.get("name_field")
    if name_field and layer.fields().indexFromName(name_field) >= 0:
        names = [as_text(v) for v in field_values(layer, name_field)]
    else:
        name_field, names = None, list(keys)

    def column(name: str) -> np.ndarray:
        return np.array([np.nan if is_null(v) else float(v) for v in field_values(layer, name)], dtype=float)

    values = np.column_stack([column(n) for n in names_]) if names_ else np.empty((len(keys), 0))
    totals = ref_total = None
    reference = meta.get("reference")
    if method == baselines.LQ:
        every = [f for f in (meta.get("sectors") or {}) if layer.fields().indexFromName(f) >= 0] or names_
        all_values = np.column_stack([column(n) for n in every])
        totals = region_totals(all_values)
        if reference:
            ref_total = float(np.nansum([reference.get(f, np.nan) for f in every]))
    rule = (QUEEN, ROOK)[neighbours]
    if regions is None:
        regions = read_regions(layer, is_cancelled)
    if graph is None:
        graph = build_neighbour_graph(regions.shapes, rule, tolerance, is_cancelled)
    results, skipped = detect(values, names_, labels, keys, graph, method, thr, min_regions,
                              reference, totals, ref_total)
    meta = dict(meta, key=key_field, name_field=name_field, baseline=method,
                baseline_label=baselines.LABELS[method], threshold=thr, neighbours=rule,
                gap_tolerance=tolerance, min_regions=min_regions,
                analysed=[r.field for r in results])
    return Analysis(layer, key_field, name_field, keys, names, names_, labels, regions, graph, results, skipped,
                    method, thr, rule, tolerance, min_regions, meta)


def cluster_outlines(analysis: Analysis, is_cancelled=None) -> list[dict]:
    """One record per (sector, cluster): attributes and the outline in the layer CRS."""
    groups = [(r.field, r.label, r.scores, r.clusters) for r in analysis.results]
    extra = {"baseline": analysis.method, "threshold": analysis.threshold}
    return outline_records(groups, analysis, extra, is_cancelled)


def sliver_area(shapes) -> float:
    """Holes below 1 % of the median region's area are gaps in the boundary data, not enclaves."""
    import numpy as np

    areas = [g.area for g in shapes if g is not None and not g.is_empty]
    return 0.01 * float(np.median(areas)) if areas else 0.0


def outline_records(groups, analysis, extra: dict, is_cancelled=None) -> list[dict]:
    """Cluster records for (field, label, scores, clusters) groups; every analysis writes clusters this way.

    ``analysis`` provides regions (shapes, to_layer), keys, names and tolerance.
    """
    import numpy as np

    from ..core.geometry import Cancelled, outline
    from ..gis.layers import to_layer_geometry

    out = []
    shapes: dict[tuple, object] = {}  # sectors often share a member set: outline it once
    min_hole = sliver_area(analysis.regions.shapes)
    for field_name, label, scores, clusters in groups:
        for c in clusters:
            if is_cancelled is not None and is_cancelled():
                raise Cancelled()
            members = tuple(int(i) for i in c.members)
            if members not in shapes:
                shapes[members] = outline([analysis.regions.shapes[i] for i in members], analysis.tolerance,
                                          min_hole)
            shape = shapes[members]
            out.append({
                "sector": field_name, "sector_label": label, "cluster_id": c.cluster_id, "n_regions": c.size,
                "members": "; ".join(analysis.keys[i] for i in c.members),
                "member_names": "; ".join(analysis.names[i] for i in c.members),
                "mean_score": float(np.nanmean(scores[c.members])),
                "area_km2": round(shape.area / 1e6, 3),
                **extra,
                "geometry": to_layer_geometry(shape, analysis.regions.to_layer),
            })
    return out


CLUSTER_FIELDS = (("sector", QVariant.String), ("sector_label", QVariant.String), ("cluster_id", QVariant.Int),
                  ("n_regions", QVariant.Int), ("members", QVariant.String), ("member_names", QVariant.String),
                  ("mean_score", QVariant.Double), ("area_km2", QVariant.Double), ("baseline", QVariant.String),
                  ("threshold", QVariant.Double))


def cluster_fields(extra=()) -> QgsFields:
    fields = QgsFields()
    for name, typ in (*CLUSTER_FIELDS, *extra):
        fields.append(QgsField(name, typ))
    return fields


def report(analysis: Analysis, feedback) -> None:
    """The log a user reads: per sector, above/no-data counts and the clusters with members."""
    report_regions(analysis.regions, analysis.graph, analysis.names, feedback)
    for f, why in analysis.skipped.items():
        feedback.reportError(tr("Skipped {}: {}").format(f, why), False)
    for r in analysis.results:
        nodata = int((~r.flags.has_data).sum())
        feedback.pushInfo(tr("{}: {} above, {} no data, {} multi-region cluster(s)").format(
            r.label, r.n_above, nodata, len(r.clusters)))
        for c in r.clusters:
            feedback.pushInfo("  #{} ({}): {}".format(
                c.cluster_id, c.size, "; ".join(analysis.names[i] for i in c.members)))


class DetectClustersAlgorithm(Algorithm):
    INPUT, KEY, FIELDS, BASELINE, THRESHOLD = "INPUT", "KEY", "FIELDS", "BASELINE", "THRESHOLD"
    NEIGHBOURS, GAP_TOLERANCE, MIN_REGIONS = "NEIGHBOURS", "GAP_TOLERANCE", "MIN_REGIONS"
    OUTPUT_REGIONS, OUTPUT_CLUSTERS = "OUTPUT_REGIONS", "OUTPUT_CLUSTERS"

    def name(self) -> str:
        return "detectclusters"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Detect multi-region clusters")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Flags the regions above a baseline in each sector (mean or median of regions, the national value, "
            "location quotient, z-score or top percentile) and finds groups of neighbouring above-baseline "
            "regions (queen or rook contiguity, optionally bridging gaps up to a tolerance in metres). "
            "Regions without a score are 'no data', never below average. Outputs the regions with index, "
            "flag and cluster id per sector, and one outline per cluster."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_region_inputs()
        self.addParameter(QgsProcessingParameterEnum(
            self.BASELINE, self.tr("Baseline"), BASELINE_OPTIONS, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            self.THRESHOLD, self.tr("Threshold (ratio for mean/median/national/LQ, z for z-score, percentile); "
                                    "empty: 1.0, or 75 for percentile"),
            QgsProcessingParameterNumber.Double, optional=True))
        self.add_neighbour_inputs()
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_REGIONS, self.tr("Minimum regions in a cluster"), QgsProcessingParameterNumber.Integer,
            defaultValue=2, minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_REGIONS, self.tr("Regions flagged"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_CLUSTERS, self.tr("Cluster outlines"), QgsProcessing.TypeVectorPolygon))

    def threshold(self, parameters, context) -> Optional[float]:
        if parameters.get(self.THRESHOLD) in (None, ""):
            return None
        return self.parameterAsDouble(parameters, self.THRESHOLD, context)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        with user_errors():
            analysis = analyse(
                layer, self.parameterAsString(parameters, self.KEY, context),
                self.parameterAsFields(parameters, self.FIELDS, context),
                self.parameterAsEnum(parameters, self.BASELINE, context), self.threshold(parameters, context),
                self.parameterAsEnum(parameters, self.NEIGHBOURS, context),
                self.parameterAsDouble(parameters, self.GAP_TOLERANCE, context),
                self.parameterAsInt(parameters, self.MIN_REGIONS, context), feedback.isCanceled)
            feedback.setProgress(50)
            outlines = cluster_outlines(analysis, feedback.isCanceled)
        report(analysis, feedback)
        return write_outputs(self, parameters, context, feedback, analysis, outlines)


def region_fields(analysis: Analysis) -> QgsFields:
    fields = QgsFields(analysis.layer.fields())
    for r in analysis.results:
        for suffix, typ, words in (("_idx", QVariant.Double, "index"), ("_above", QVariant.Int, "above"),
                                   ("_cluster", QVariant.Int, "cluster")):
            f = QgsField(r.field + suffix, typ)
            f.setAlias(f"{r.label} ({words})")
            fields.append(f)
    fields.append(QgsField("sc_isolated", QVariant.Int))
    return fields


def region_rows(analysis: Analysis) -> list[list]:
    """Per region, the values appended after the input attributes."""
    import numpy as np

    from ..core.clusters import cluster_ids

    n = len(analysis.keys)
    columns = []
    for r in analysis.results:
        ids = cluster_ids(n, r.clusters)
        idx = [None if not np.isfinite(v) else float(v) for v in r.flags.index]
        above = [int(a) if h else None for a, h in zip(r.flags.above, r.flags.has_data)]
        cl = [int(c) if c else None for c in ids]
        columns += [idx, above, cl]
    columns.append([int(v) for v in analysis.graph.isolated])
    return [list(row) for row in zip(*columns)] if columns else [[] for _ in range(n)]


def write_outputs(alg, parameters, context, feedback, analysis: Analysis, outlines: list[dict],
                  extra_region_fields=(), extra_region_rows=None, cluster_extra=(), cluster_values=None) -> dict:
    from ..gis.meta import persist_aliases, write_meta_for_destination

    layer = analysis.layer
    fields = region_fields(analysis)
    for f in extra_region_fields:
        fields.append(f)
    sink, regions_id = alg.parameterAsSink(parameters, alg.OUTPUT_REGIONS, context, fields,
                                           analysis.regions.wkb_type, layer.crs())
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, alg.OUTPUT_REGIONS))
    rows = region_rows(analysis)
    for n, feat in enumerate(layer.getFeatures()):
        out = QgsFeature(fields)
        extra = extra_region_rows[n] if extra_region_rows is not None else []
        out.setAttributes(list(feat.attributes()) + rows[n] + list(extra))
        g = analysis.regions.geometries[n]
        if g is not None:
            g = QgsGeometry(g)
            g.convertToMultiType()
            out.setGeometry(g)
        add_feature(sink, out)
    del sink
    cfields = cluster_fields(cluster_extra)
    csink, clusters_id = alg.parameterAsSink(parameters, alg.OUTPUT_CLUSTERS, context, cfields,
                                             QgsWkbTypes.MultiPolygon, layer.crs())
    if csink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, alg.OUTPUT_CLUSTERS))
    for rec in outlines:
        f = QgsFeature(cfields)
        values = [rec[name] for name, _ in CLUSTER_FIELDS] + [rec.get(name) for name, _ in cluster_extra]
        f.setAttributes(values)
        g = rec["geometry"]
        g.convertToMultiType()
        f.setGeometry(g)
        add_feature(csink, f)
    del csink
    write_meta_for_destination(regions_id, analysis.meta, output_layer(regions_id, context))
    labels = dict(zip(analysis.fields, analysis.labels))
    persist_aliases(regions_id, {**labels, **{f.name(): f.alias() for f in fields if f.alias()}})
    write_meta_for_destination(clusters_id, dict(analysis.meta, role="clusters"), output_layer(clusters_id, context))
    feedback.setProgress(100)
    return {alg.OUTPUT_REGIONS: regions_id, alg.OUTPUT_CLUSTERS: clusters_id,
            "CLUSTERS": len(outlines)}
