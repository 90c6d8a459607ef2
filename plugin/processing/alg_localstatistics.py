"""sectorclusters:localstatistics — Local Moran's I and Getis-Ord Gi* with permutation inference.

The detect step asks "which regions are above a baseline"; this one asks "is the
pattern around each region more clustered than chance", so each region gets a
statistic, a pseudo p-value and a type, and significant high values that touch
form clusters outlined exactly as detectclusters outlines its clusters.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
)

from ..gis.compat import make_field, parameter_as_strings
from .alg_detectclusters import Analysis, outline_records, score_fields, write_outputs
from .common import Algorithm, report_regions, tr, user_errors

if TYPE_CHECKING:  # numpy is imported when an algorithm runs, never at QGIS start-up
    import numpy as np

METHODS = ("moran", "gistar")  # the order of the METHOD enum; also the clusters' `baseline` value
METHOD_OPTIONS = ["Local Moran's I", "Getis-Ord Gi*"]
METHOD_LABELS = {"moran": "Local Moran's I", "gistar": "Getis-Ord Gi*"}
CORRECTION_OPTIONS = ["None", "Bonferroni", "False discovery rate (Benjamini-Hochberg)"]
CORRECTION_LABELS = {"none": "no correction", "bonferroni": "Bonferroni", "fdr": "false discovery rate"}
# Detect-only keys a detectclusters output would pass on; they do not describe this output.
_DETECT_KEYS = ("baseline", "baseline_label", "threshold", "percentile")
# The same as core.localstats.MAX_PERMUTATIONS (tested); importing that module here would pull numpy
# and shapely into QGIS start-up, because initAlgorithm runs when the provider loads.
MAX_PERMUTATIONS = 99_999
# Sectors per call of the core: chunks let a cancel take effect between them.
# Results do not depend on the chunking (each sector's draws depend only on the seed).
_CHUNK = 8


@dataclass
class ScoreData:
    """A layer's region keys, names and score columns, as every analysis reads them."""

    key_field: str
    name_field: str | None
    keys: list[str]
    names: list[str]
    fields: list[str]
    labels: list[str]
    values: np.ndarray  # regions × fields, NaN = no data
    meta: dict


def read_scores(layer, key_field: str = "", fields: list[str] | None = None) -> ScoreData:
    """Key, names and numeric score columns, defaults from the joinscores metadata record."""
    import numpy as np

    from ..gis.layers import as_text, check_polygon_layer, field_values, is_null
    from ..gis.meta import read_meta

    check_polygon_layer(layer, tr("The regions layer"))
    meta = read_meta(layer) or {}
    key_field = key_field or meta.get("key") or ""
    if not key_field or layer.fields().indexFromName(key_field) < 0:
        raise QgsProcessingException(tr("Choose the region KEY field (the layer has no field {!r}).").format(key_field))
    names_, labels = score_fields(layer, meta, list(fields or []))
    keys = [as_text(v) for v in field_values(layer, key_field)]
    name_field = meta.get("name_field")
    if name_field and layer.fields().indexFromName(name_field) >= 0:
        names = [as_text(v) for v in field_values(layer, name_field)]
    else:
        name_field, names = None, list(keys)
    columns = [
        np.array([np.nan if is_null(v) else float(v) for v in field_values(layer, n)], dtype=float) for n in names_
    ]
    values = np.column_stack(columns) if columns else np.empty((len(keys), 0))
    return ScoreData(key_field, name_field, keys, names, names_, labels, values, meta)


@dataclass
class SectorStats:
    """One analysed sector: the core's result and its significant clusters (core.clusters.Cluster)."""

    field: str
    label: str
    scores: np.ndarray
    result: object  # core.localstats.LocalResult
    clusters: list

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for t in self.result.types:
            out[t] = out.get(t, 0) + 1
        return out


@dataclass
class LocalAnalysis:
    """Everything the local statistics step produced, ready to be written or shown (no QGIS output yet)."""

    layer: object
    data: ScoreData
    regions: object  # gis.layers.Regions
    graph: object  # core.graph.NeighbourGraph
    sectors: list[SectorStats]
    skipped: dict[str, str]  # field -> reason
    method: str  # "moran" | "gistar"
    permutations: int
    seed: int
    seed_given: bool
    correction: str
    alpha: float
    rule: str
    tolerance: float
    min_regions: int
    meta: dict = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return self.data.keys

    @property
    def names(self) -> list[str]:
        return self.data.names


def cluster_types(method: str) -> frozenset:
    """The region types that make up a cluster: High-High for Moran, any hot bin for Gi*."""
    from ..core.localstats import HOT_TYPES

    return frozenset({"HH"}) if method == "moran" else HOT_TYPES


def analyse(layer, key_field: str = "", fields: list[str] | None = None, method: int = 0, neighbours: int = 0,
            tolerance: float = 0.0, permutations: int = 999, seed: int | None = None, correction: int = 2,
            alpha: float = 0.05, min_regions: int = 2, is_cancelled: Callable[[], bool] | None = None,
            graph=None, regions=None) -> LocalAnalysis:
    """The local-statistics step shared by the algorithm and the panel. Writes nothing.

    One neighbour graph serves every sector. A sector that cannot be analysed
    (constant, too few regions with data) is skipped with its reason when other
    sectors succeed; the run fails only when none does. ``seed=None`` draws a
    seed, which is recorded so the run can be repeated.
    """
    import numpy as np

    from ..core.clusters import find_clusters
    from ..core.geometry import Cancelled
    from ..core.graph import QUEEN, ROOK, build_neighbour_graph
    from ..core.localstats import CORRECTIONS, StatisticsError, local_gstar, local_moran
    from ..gis.layers import read_regions

    def check() -> None:
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()

    if not 0 <= method < len(METHODS):
        raise QgsProcessingException(tr("Unknown method {}.").format(method))
    if not 0 <= correction < len(CORRECTIONS):
        raise QgsProcessingException(tr("Unknown p-value correction {}.").format(correction))
    if not 0 <= neighbours < 2:
        raise QgsProcessingException(tr("Unknown neighbour rule {}.").format(neighbours))
    problem = check_settings(permutations, alpha, min_regions, tolerance)
    if problem:
        raise QgsProcessingException(problem)
    data = read_scores(layer, key_field, fields)
    check()
    kind = METHODS[method]
    rule = (QUEEN, ROOK)[neighbours]
    corr = CORRECTIONS[correction]
    seed_given = seed is not None
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**31 - 1))
    if regions is None:
        regions = read_regions(layer, is_cancelled)
    if graph is None:
        graph = build_neighbour_graph(regions.shapes, rule, tolerance, is_cancelled)
    n = len(data.keys)
    if n and graph.isolated.all():
        raise QgsProcessingException(tr(
            "None of the {} regions has a neighbour, so there is nothing to compare. Set a gap tolerance "
            "(metres) so that regions separated by water or small gaps count as neighbours.").format(n))
    stat_fn = local_moran if kind == "moran" else local_gstar
    results = []
    for c0 in range(0, len(data.fields), _CHUNK):
        check()
        results += stat_fn(data.values[:, c0:c0 + _CHUNK], graph, permutations, seed, corr, alpha, errors="skip")
    check()
    wanted = cluster_types(kind)
    sectors, skipped = [], {}
    for j, (fname, label, res) in enumerate(zip(data.fields, data.labels, results)):
        if res.error:
            skipped[fname] = res.error
            continue
        mask = np.array([t in wanted for t in res.types], dtype=bool)
        clusters = find_clusters(graph, mask, data.keys, min_regions)
        sectors.append(SectorStats(fname, label, data.values[:, j], res, clusters))
    if not sectors:
        first = next(iter(skipped))
        label = data.labels[data.fields.index(first)]
        reason = skipped[first]
        if len(skipped) == 1:
            raise StatisticsError(f"{label}: {reason}")
        raise StatisticsError(tr("None of the {} fields could be analysed; the first, {}: {}").format(
            len(skipped), label, reason))
    meta = {k: v for k, v in data.meta.items() if k not in _DETECT_KEYS}
    meta.update(
        key=data.key_field, name_field=data.name_field, analysis="localstatistics", method=kind,
        method_label=METHOD_LABELS[kind], permutations=int(permutations), seed=int(seed), seed_given=seed_given,
        correction=corr, correction_label=CORRECTION_LABELS[corr], alpha=float(alpha), neighbours=rule,
        gap_tolerance=float(tolerance), min_regions=int(min_regions), analysed=[s.field for s in sectors],
        p_field="_p", p_adjusted_field="_p_adj",
    )
    return LocalAnalysis(layer, data, regions, graph, sectors, skipped, kind, int(permutations), int(seed),
                         seed_given, corr, float(alpha), rule, float(tolerance), int(min_regions), meta)


def check_settings(permutations, alpha: float, min_regions: int, tolerance: float) -> str | None:
    """A plain message for settings no data could make work, else None (also used before Processing runs)."""
    import numpy as np

    if isinstance(permutations, bool) or not isinstance(permutations, (int, np.integer)) \
            or not 1 <= permutations <= MAX_PERMUTATIONS:
        return tr("The number of permutations must be a whole number from 1 to {:,} (got {}); "
                  "999 is usual, 9,999 for more precise p-values.").format(MAX_PERMUTATIONS, permutations)
    if not 0 < alpha < 1:
        return tr("The significance level must be between 0 and 1, e.g. 0.05 (got {}).").format(alpha)
    if min_regions < 1:
        return tr("The minimum number of regions in a cluster must be at least 1.")
    if tolerance < 0:
        return tr("The gap tolerance cannot be negative.")
    return None


def cluster_outlines(analysis: LocalAnalysis, is_cancelled: Callable[[], bool] | None = None) -> list[dict]:
    """One record per (sector, significant cluster), in detectclusters' schema plus method/alpha/correction."""
    groups = [(s.field, s.label, s.scores, s.clusters) for s in analysis.sectors]
    extra = {"baseline": analysis.method, "threshold": None, "method": METHOD_LABELS[analysis.method],
             "alpha": analysis.alpha, "correction": analysis.correction}
    return outline_records(groups, analysis, extra, is_cancelled)


CLUSTER_EXTRA = (("method", "string"), ("alpha", "double"), ("correction", "string"))
SUFFIXES = ("_stat", "_p", "_p_adj", "_type", "_cluster")


def region_fields(analysis: LocalAnalysis) -> list:
    """Per sector: statistic, raw and adjusted pseudo p, type and significant-cluster id (with aliases)."""
    stat_words = tr("local I") if analysis.method == "moran" else tr("Gi* z")
    out = []
    for s in analysis.sectors:
        for suffix, typ, words in (("_stat", "double", stat_words), ("_p", "double", tr("pseudo p")),
                                   ("_p_adj", "double", tr("p, {}").format(analysis.correction)),
                                   ("_type", "string", tr("type")),
                                   ("_cluster", "int", tr("cluster"))):
            f = make_field(s.field + suffix, typ)
            f.setAlias(f"{s.label} ({words})")
            out.append(f)
    return out


def region_rows(analysis: LocalAnalysis) -> list[list]:
    """Per region, the values of :func:`region_fields` (NULL where the value is undefined)."""
    import numpy as np

    from ..core.clusters import cluster_ids

    def num(a: np.ndarray) -> list:
        return [float(v) if np.isfinite(v) else None for v in a]

    n = len(analysis.keys)
    columns: list[list] = []
    for s in analysis.sectors:
        ids = cluster_ids(n, s.clusters)
        columns += [num(s.result.stat), num(s.result.p), num(s.result.p_adjusted), list(s.result.types),
                    [int(c) if c else None for c in ids]]
    return [list(row) for row in zip(*columns)] if columns else [[] for _ in range(n)]


def report(analysis: LocalAnalysis, feedback) -> None:
    """The log a user reads: settings, per sector the counts per type and the clusters with members."""
    report_regions(analysis.regions, analysis.graph, analysis.names, feedback, tr(", typed 'isolated'"))
    for f, why in analysis.skipped.items():
        label = analysis.data.labels[analysis.data.fields.index(f)]
        feedback.pushWarning(tr("Skipped {} ({}): {}").format(label, f, why))
    seed_note = "" if analysis.seed_given else tr(" (random; set SEED to {} to repeat this run)").format(analysis.seed)
    feedback.pushInfo(tr("{}, {} permutations, seed {}{}, {}, significance level {}").format(
        METHOD_LABELS[analysis.method], analysis.permutations, analysis.seed, seed_note,
        CORRECTION_LABELS[analysis.correction], analysis.alpha))
    from ..core.localstats import GSTAR_TYPES, MORAN_TYPES

    order = MORAN_TYPES if analysis.method == "moran" else GSTAR_TYPES
    for s in analysis.sectors:
        counts = s.counts()
        text = ", ".join(f"{t} {counts[t]}" for t in order if counts.get(t))
        feedback.pushInfo(tr("{}: {}; {} significant cluster(s)").format(s.label, text, len(s.clusters)))
        for c in s.clusters:
            feedback.pushInfo("  #{} ({}): {}".format(c.cluster_id, c.size,
                                                     "; ".join(analysis.names[i] for i in c.members)))


def detect_view(analysis: LocalAnalysis) -> Analysis:
    """The analysis as detectclusters' writer sees it: no detect fields, our meta, sc_isolated kept."""
    d = analysis.data
    return Analysis(analysis.layer, d.key_field, d.name_field, d.keys, d.names, [s.field for s in analysis.sectors],
                    [s.label for s in analysis.sectors], analysis.regions, analysis.graph, [], {}, analysis.method,
                    float("nan"), analysis.rule, analysis.tolerance, analysis.min_regions, analysis.meta)


class LocalStatisticsAlgorithm(Algorithm):
    INPUT, KEY, FIELDS, METHOD = "INPUT", "KEY", "FIELDS", "METHOD"
    NEIGHBOURS, GAP_TOLERANCE, PERMUTATIONS, SEED = "NEIGHBOURS", "GAP_TOLERANCE", "PERMUTATIONS", "SEED"
    CORRECTION, ALPHA, MIN_REGIONS = "CORRECTION", "ALPHA", "MIN_REGIONS"
    OUTPUT_REGIONS, OUTPUT_CLUSTERS = "OUTPUT_REGIONS", "OUTPUT_CLUSTERS"

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
            "skipped with a warning."
        )

    def initAlgorithm(self, config=None):
        self.add_region_inputs()
        self.addParameter(QgsProcessingParameterEnum(
            self.METHOD, self.tr("Statistic"), [self.tr(o) for o in METHOD_OPTIONS], defaultValue=0))
        self.add_neighbour_inputs()
        self.addParameter(QgsProcessingParameterNumber(
            self.PERMUTATIONS, self.tr("Permutations"), QgsProcessingParameterNumber.Integer,
            defaultValue=999, minValue=1, maxValue=MAX_PERMUTATIONS))
        self.addParameter(QgsProcessingParameterNumber(
            self.SEED, self.tr("Random seed (empty: a new one each run, reported in the log)"),
            QgsProcessingParameterNumber.Integer, optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.CORRECTION, self.tr("Correction for testing many regions"),
            [self.tr(o) for o in CORRECTION_OPTIONS], defaultValue=2))
        self.addParameter(QgsProcessingParameterNumber(
            self.ALPHA, self.tr("Significance level"), QgsProcessingParameterNumber.Double, defaultValue=0.05,
            minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_REGIONS, self.tr("Minimum regions in a cluster"), QgsProcessingParameterNumber.Integer,
            defaultValue=2, minValue=1))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_REGIONS, self.tr("Regions with local statistics"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT_CLUSTERS, self.tr("Significant cluster outlines"), QgsProcessing.TypeVectorPolygon))

    def seed(self, parameters, context) -> int | None:
        if parameters.get(self.SEED) in (None, ""):
            return None
        return self.parameterAsInt(parameters, self.SEED, context)

    def checkParameterValues(self, parameters, context):
        """Plain words for out-of-range settings, before Processing's generic 'incorrect value'."""
        raw = parameters.get(self.PERMUTATIONS)
        if raw not in (None, ""):
            try:
                perms = int(raw) if float(raw) == int(float(raw)) else float(raw)
            except (TypeError, ValueError):
                perms = raw
            alpha = parameters.get(self.ALPHA, 0.05)
            try:
                alpha = float(alpha) if alpha not in (None, "") else 0.05
            except (TypeError, ValueError):
                alpha = 0.05
            problem = check_settings(perms, alpha, 1, 0.0)
            if problem:
                return False, problem
        return super().checkParameterValues(parameters, context)

    def processAlgorithm(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        with user_errors():
            analysis = analyse(
                layer, self.parameterAsString(parameters, self.KEY, context),
                parameter_as_strings(self, parameters, self.FIELDS, context),
                self.parameterAsEnum(parameters, self.METHOD, context),
                self.parameterAsEnum(parameters, self.NEIGHBOURS, context),
                self.parameterAsDouble(parameters, self.GAP_TOLERANCE, context),
                self.parameterAsInt(parameters, self.PERMUTATIONS, context), self.seed(parameters, context),
                self.parameterAsEnum(parameters, self.CORRECTION, context),
                self.parameterAsDouble(parameters, self.ALPHA, context),
                self.parameterAsInt(parameters, self.MIN_REGIONS, context), feedback.isCanceled)
            feedback.setProgress(50)
            outlines = cluster_outlines(analysis, feedback.isCanceled)
        report(analysis, feedback)
        results = write_outputs(self, parameters, context, feedback, detect_view(analysis), outlines,
                                region_fields(analysis), region_rows(analysis), CLUSTER_EXTRA)
        results.update(SEED=analysis.seed, ANALYSED=len(analysis.sectors), SKIPPED=len(analysis.skipped))
        return results
