"""sectorclusters:profileregions — contiguous groups of regions with similar sector profiles, and co-location.

Clusters per sector answer "where is sector X strong"; this answers "which
neighbouring regions have a similar economy overall" (SKATER-style
regionalisation) and "which sectors cluster in the same places" (the Jaccard
overlap of their multi-region clusters, as a CSV table and an HTML report).
"""
from __future__ import annotations

import html
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from qgis.core import (
    QgsFeature,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from .alg_detectclusters import BASELINE_OPTIONS
from .alg_localstatistics import ScoreData, read_scores
from .common import Algorithm, add_feature, output_layer, report_geometry, tr, user_errors

if TYPE_CHECKING:  # numpy is imported when an algorithm runs, never at QGIS start-up
    import numpy as np

PROFILE_OPTIONS = ["Scores as they are (each sector standardised)",
                   "Share of each region's total over the chosen fields (sector mix)"]
PROFILES = ("scores", "shares")
TOP_SECTORS = 3
COLOCATION_MIN_REGIONS = 2


@dataclass
class Group:
    group_id: int  # 1.. largest first
    members: np.ndarray  # region indices, ascending
    top: list[str]  # distinctive sector labels, most distinctive first

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class ProfileAnalysis:
    """Everything profileregions computed, ready to be written or shown (nothing written yet)."""

    layer: object
    data: ScoreData
    regions: object  # gis.layers.Regions
    graph: object  # core.graph.NeighbourGraph
    group_of: np.ndarray  # per region, its group_id (1..k)
    groups: list[Group]
    k: int
    chosen: bool  # k picked by pseudo-F
    pseudo_f: dict[int, float]
    profile: str
    min_size: int
    rule: str
    tolerance: float
    notes: list[str]
    colocation: object = None  # pandas DataFrame (sector labels × sector labels) or None
    sector_clusters: dict = field(default_factory=dict)  # label -> [[member names], ...]
    colocation_error: str | None = None
    meta: dict = field(default_factory=dict)


def profile_matrix(values: np.ndarray, profile: str) -> np.ndarray:
    """What the groups are formed on: the scores, or each region's shares of its own total (its mix)."""
    import numpy as np

    if profile == "scores":
        return values
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = np.nansum(values, axis=1, keepdims=True)
        shares = values / totals
    shares[~np.isfinite(shares)] = np.nan
    return shares


def _group_order(labels: np.ndarray, keys: list[str]) -> np.ndarray:
    """Renumber labels 1.. largest first, ties by smallest key, so ids do not depend on feature order."""
    import numpy as np

    groups = [np.flatnonzero(labels == g) for g in np.unique(labels)]
    groups.sort(key=lambda m: (-len(m), min(keys[i] for i in m)))
    out = np.zeros(len(labels), dtype=np.int64)
    for gid, members in enumerate(groups, start=1):
        out[members] = gid
    return out


def analyse(layer, key_field: str = "", fields: list[str] | None = None, neighbours: int = 0,
            tolerance: float = 0.0, k: int = 5, min_size: int = 1, choose: bool = False, k_min: int = 2,
            k_max: int = 10, profile: int = 0, baseline: int = 0, threshold: float | None = None,
            is_cancelled: Callable[[], bool] | None = None, graph=None, regions=None,
            colocation: bool = True) -> ProfileAnalysis:
    """The profile-regions step shared by the algorithm and the panel. Writes nothing.

    The co-location step reuses detectclusters' detect with the given baseline
    and threshold (at least two regions per cluster). When it cannot run (e.g. a
    national baseline without a reference row) its reason is kept in
    ``colocation_error`` and the caller decides whether that is fatal.
    """
    import numpy as np

    from ..core.geometry import Cancelled
    from ..core.graph import QUEEN, ROOK, build_neighbour_graph
    from ..core.regionalise import choose_k, distinctive_sectors, pseudo_f, skater, standardise
    from ..gis.layers import read_regions

    def check() -> None:
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()

    if not 0 <= neighbours < 2:
        raise QgsProcessingException(tr("Unknown neighbour rule {}.").format(neighbours))
    if not 0 <= profile < len(PROFILES):
        raise QgsProcessingException(tr("Unknown profile {}.").format(profile))
    if tolerance < 0:
        raise QgsProcessingException(tr("The gap tolerance cannot be negative."))
    if min_size < 1:
        raise QgsProcessingException(tr("The minimum group size must be at least 1."))
    if choose and not 2 <= k_min <= k_max:
        raise QgsProcessingException(tr(
            "The range of group numbers to try must run from at least 2 upwards (got {} to {}).").format(k_min, k_max))
    data = read_scores(layer, key_field, fields)
    check()
    rule = (QUEEN, ROOK)[neighbours]
    if regions is None:
        regions = read_regions(layer, is_cancelled)
    if graph is None:
        graph = build_neighbour_graph(regions.shapes, rule, tolerance, is_cancelled)
    check()
    kind = PROFILES[profile]
    matrix = profile_matrix(data.values, kind)
    notes: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scores: dict[int, float] = {}
        if choose:
            k, scores = choose_k(matrix, graph, range(k_min, k_max + 1), min_size)
        labels = skater(matrix, graph, k, min_size)
        if not choose:
            scores = {k: pseudo_f(standardise(matrix)[0], labels)}
    notes += sorted({str(w.message) for w in caught})
    check()
    group_of = _group_order(labels, data.keys)
    # A constant sector (e.g. no employment anywhere) standardises to 0 everywhere and would look
    # "distinctive" for any group below average in everything else: leave it out of the ranking.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        varies = np.nan_to_num(np.nanstd(matrix, axis=0)) > 0
    if not varies.any():
        raise QgsProcessingException(tr("All the chosen fields have the same value in every region, so there "
                                        "are no profiles to compare."))
    if not varies.all():
        notes.append(tr("Not used to describe groups (same value everywhere): {}").format(
            "; ".join(lab for lab, v in zip(data.labels, varies) if not v)))
    top = distinctive_sectors(matrix[:, varies], group_of, [lab for lab, v in zip(data.labels, varies) if v],
                              TOP_SECTORS)
    groups = [Group(g, np.flatnonzero(group_of == g), top[g]) for g in range(1, int(group_of.max()) + 1)]
    meta = {key: v for key, v in data.meta.items()
            if key not in ("baseline", "baseline_label", "threshold", "percentile", "analysed")}
    meta.update(key=data.key_field, name_field=data.name_field, analysis="profileregions", k=int(k),
                k_chosen=bool(choose), pseudo_f={str(kk): _finite(v) for kk, v in scores.items()}, profile=kind,
                min_size=int(min_size), neighbours=rule, gap_tolerance=float(tolerance), fields=list(data.fields))
    result = ProfileAnalysis(layer, data, regions, graph, group_of, groups, int(k), bool(choose), scores, kind,
                             int(min_size), rule, float(tolerance), notes, meta=meta)
    if colocation:
        check()
        _colocation(result, baseline, threshold, neighbours, is_cancelled)
    return result


def _finite(v: float) -> float | None:
    import numpy as np

    return float(v) if np.isfinite(v) else None


def _colocation(result: ProfileAnalysis, baseline: int, threshold: float | None, neighbours: int,
                is_cancelled) -> None:
    """Fill the co-location table from detectclusters' clusters (same graph, so no second geometry pass)."""
    from ..core.colocation import colocation
    from .alg_detectclusters import analyse as detect

    try:
        found = detect(result.layer, result.data.key_field, result.data.fields, baseline, threshold, neighbours,
                       result.tolerance, COLOCATION_MIN_REGIONS, is_cancelled, graph=result.graph,
                       regions=result.regions)
    except (QgsProcessingException, ValueError) as exc:
        result.colocation_error = str(exc)
        return
    labels = [r.label for r in found.results]
    names = labels if len(set(labels)) == len(labels) else [r.field for r in found.results]
    keys, region_names = result.data.keys, result.data.names
    memberships = {n: {keys[i] for c in r.clusters for i in c.members} for n, r in zip(names, found.results)}
    result.colocation = colocation(memberships)
    result.sector_clusters = {n: [[region_names[i] for i in c.members] for c in r.clusters]
                              for n, r in zip(names, found.results)}
    result.notes += [tr("Co-location: skipped {} ({})").format(f, why) for f, why in found.skipped.items()]
    result.meta.update(colocation_baseline=found.method, colocation_threshold=found.threshold,
                       colocation_min_regions=COLOCATION_MIN_REGIONS)


def group_outlines(analysis: ProfileAnalysis, is_cancelled: Callable[[], bool] | None = None) -> list[dict]:
    """One record per group with its outline in the layer CRS (gaps up to the tolerance closed)."""

    from ..core.geometry import Cancelled, outline
    from ..gis.layers import to_layer_geometry

    out = []
    for g in analysis.groups:
        if is_cancelled is not None and is_cancelled():
            raise Cancelled()
        shape = outline([analysis.regions.shapes[i] for i in g.members], analysis.tolerance)
        out.append({
            "group_id": g.group_id, "n_regions": g.size,
            "members": "; ".join(analysis.data.keys[i] for i in g.members),
            "member_names": "; ".join(analysis.data.names[i] for i in g.members),
            "top_sectors": "; ".join(g.top), "area_km2": round(shape.area / 1e6, 3),
            "geometry": to_layer_geometry(shape, analysis.regions.to_layer),
        })
    return out


GROUP_FIELDS = (("group_id", QVariant.Int), ("n_regions", QVariant.Int), ("members", QVariant.String),
                ("member_names", QVariant.String), ("top_sectors", QVariant.String), ("area_km2", QVariant.Double))


def report_html(analysis: ProfileAnalysis, title: str) -> str:
    """The co-location page plus a section on the profile groups (all text escaped)."""
    from ..core.colocation import colocation_html

    page = colocation_html(analysis.colocation, analysis.sector_clusters, title)
    esc = html.escape
    items = "".join(
        f"<li><b>{esc(tr('Group {}').format(g.group_id))}</b> ({g.size}): {esc('; '.join(g.top))}"
        f"<br><small>{esc('; '.join(analysis.data.names[i] for i in g.members))}</small></li>"
        for g in analysis.groups)
    section = (f"<h2>{esc(tr('Sector-profile regions'))}</h2><p>{esc(describe(analysis))}</p>"
               f"<ol class='clusters'>{items}</ol>")
    return page.replace("</body></html>", section + "</body></html>")


def describe(analysis: ProfileAnalysis) -> str:
    how = tr("chosen by the best pseudo-F") if analysis.chosen else tr("as requested")
    basis = tr("scores") if analysis.profile == "scores" else tr("shares of each region's total")
    return tr("{} contiguous groups ({}), formed on {} of {} fields; distinctive sectors are those with the "
              "highest mean standardised value in the group.").format(analysis.k, how, basis,
                                                                      len(analysis.data.fields))


def report(analysis: ProfileAnalysis, feedback) -> None:
    """The log: pseudo-F per k, the groups with their distinctive sectors, the most co-located sector pairs."""
    report_geometry(analysis.regions, feedback)
    for note in analysis.notes:
        feedback.pushWarning(note)
    if analysis.chosen:
        for kk, f in sorted(analysis.pseudo_f.items()):
            feedback.pushInfo(tr("k = {}: pseudo-F {:.3f}").format(kk, f))
        feedback.pushInfo(tr("Chosen: {} groups (highest pseudo-F).").format(analysis.k))
    else:
        feedback.pushInfo(tr("{} groups, pseudo-F {:.3f}").format(analysis.k, analysis.pseudo_f.get(analysis.k,
                                                                                                  float("nan"))))
    for g in analysis.groups:
        feedback.pushInfo(tr("Group {} ({} region(s)): {}").format(g.group_id, g.size, "; ".join(g.top)))
        feedback.pushInfo("  " + "; ".join(analysis.data.names[i] for i in g.members))
    if analysis.colocation_error:
        feedback.pushWarning(tr("No co-location table: {}").format(analysis.colocation_error))
    elif analysis.colocation is not None:
        m = analysis.colocation
        names = list(m.index)
        pairs = sorted(((float(m.iat[i, j]), names[i], names[j]) for i in range(len(names))
                        for j in range(i + 1, len(names)) if m.iat[i, j] > 0), reverse=True)
        feedback.pushInfo(tr("Sector pairs whose clusters overlap: {}").format(len(pairs)))
        for v, a, b in pairs[:5]:
            feedback.pushInfo(f"  {v:.2f}  {a} / {b}")


class ProfileRegionsAlgorithm(Algorithm):
    INPUT, KEY, FIELDS, NEIGHBOURS, GAP_TOLERANCE = "INPUT", "KEY", "FIELDS", "NEIGHBOURS", "GAP_TOLERANCE"
    K, MIN_SIZE, CHOOSE_K, K_MIN, K_MAX, PROFILE = "K", "MIN_SIZE", "CHOOSE_K", "K_MIN", "K_MAX", "PROFILE"
    BASELINE, THRESHOLD = "BASELINE", "THRESHOLD"
    OUTPUT_REGIONS, OUTPUT_GROUPS = "OUTPUT_REGIONS", "OUTPUT_GROUPS"
    OUTPUT_COLOCATION_CSV, OUTPUT_REPORT_HTML = "OUTPUT_COLOCATION_CSV", "OUTPUT_REPORT_HTML"

    def name(self) -> str:
        return "profileregions"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Sector-profile regions (spatially constrained clustering)")

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Splits the regions into K contiguous groups whose sector profiles are alike (SKATER: a minimum "
            "spanning tree of neighbouring regions, cut where the groups become most homogeneous). Each sector is "
            "standardised first, so no sector dominates by size; choose 'share of each region's total' to group "
            "by sector mix rather than by size. With 'Choose K' the number of groups with the best pseudo-F "
            "between K_MIN and K_MAX is used. Each region gets group_id and group_top (the group's three most "
            "distinctive sectors). Optionally writes the sector co-location table (CSV; Jaccard overlap of the "
            "sectors' multi-region clusters, found as in 'Detect multi-region clusters') and an HTML report."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_region_inputs()
        self.add_neighbour_inputs()
        self.addParameter(QgsProcessingParameterNumber(
            self.K, self.tr("Number of groups (K)"), QgsProcessingParameterNumber.Integer, defaultValue=5,
            minValue=1))
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
        self.addParameter(QgsProcessingParameterEnum(
            self.PROFILE, self.tr("Profile"), [self.tr(o) for o in PROFILE_OPTIONS], defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.BASELINE, self.tr("Co-location: baseline for the sector clusters"),
            [self.tr(o) for o in BASELINE_OPTIONS], defaultValue=0))
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

    def threshold(self, parameters, context) -> float | None:
        if parameters.get(self.THRESHOLD) in (None, ""):
            return None
        return self.parameterAsDouble(parameters, self.THRESHOLD, context)

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        layer = self.parameterAsVectorLayer(parameters, self.INPUT, context)
        csv_path = self.parameterAsFileOutput(parameters, self.OUTPUT_COLOCATION_CSV, context)
        html_path = self.parameterAsFileOutput(parameters, self.OUTPUT_REPORT_HTML, context)
        with user_errors():
            analysis = analyse(
                layer, self.parameterAsString(parameters, self.KEY, context),
                self.parameterAsFields(parameters, self.FIELDS, context),
                self.parameterAsEnum(parameters, self.NEIGHBOURS, context),
                self.parameterAsDouble(parameters, self.GAP_TOLERANCE, context),
                self.parameterAsInt(parameters, self.K, context),
                self.parameterAsInt(parameters, self.MIN_SIZE, context),
                self.parameterAsBoolean(parameters, self.CHOOSE_K, context),
                self.parameterAsInt(parameters, self.K_MIN, context),
                self.parameterAsInt(parameters, self.K_MAX, context),
                self.parameterAsEnum(parameters, self.PROFILE, context),
                self.parameterAsEnum(parameters, self.BASELINE, context), self.threshold(parameters, context),
                feedback.isCanceled)
            if analysis.colocation_error and (csv_path or html_path):
                raise QgsProcessingException(tr("The co-location table cannot be made: {}").format(
                    analysis.colocation_error))
            feedback.setProgress(50)
            outlines = group_outlines(analysis, feedback.isCanceled)
            page = report_html(analysis, tr("Sector co-location: {}").format(layer.name())) if html_path else None
        report(analysis, feedback)
        results = self.write_layers(parameters, context, analysis, outlines)
        if csv_path:
            analysis.colocation.to_csv(csv_path, encoding="utf-8", float_format="%.4f")
            results[self.OUTPUT_COLOCATION_CSV] = csv_path
        if html_path:
            with open(html_path, "w", encoding="utf-8") as fh:
                fh.write(page)
            results[self.OUTPUT_REPORT_HTML] = html_path
        feedback.setProgress(100)
        results.update(K=analysis.k, PSEUDO_F=analysis.pseudo_f.get(analysis.k))
        return results

    def write_layers(self, parameters, context, analysis: ProfileAnalysis, outlines: list[dict]) -> dict:
        from ..gis.meta import persist_aliases, write_meta_for_destination

        layer = analysis.layer
        fields = QgsFields(layer.fields())
        for name, typ, words in (("group_id", QVariant.Int, self.tr("profile group")),
                                 ("group_top", QVariant.String, self.tr("group's distinctive sectors"))):
            f = QgsField(name, typ)
            f.setAlias(words)
            fields.append(f)
        sink, regions_id = self.parameterAsSink(parameters, self.OUTPUT_REGIONS, context, fields,
                                                analysis.regions.wkb_type, layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_REGIONS))
        top = {g.group_id: "; ".join(g.top) for g in analysis.groups}
        for n, feat in enumerate(layer.getFeatures()):
            out = QgsFeature(fields)
            gid = int(analysis.group_of[n])
            out.setAttributes(list(feat.attributes()) + [gid, top[gid]])
            g = analysis.regions.geometries[n]
            if g is not None:
                g = QgsGeometry(g)
                g.convertToMultiType()
                out.setGeometry(g)
            add_feature(sink, out)
        del sink
        gfields = QgsFields()
        for name, typ in GROUP_FIELDS:
            gfields.append(QgsField(name, typ))
        gsink, groups_id = self.parameterAsSink(parameters, self.OUTPUT_GROUPS, context, gfields,
                                                QgsWkbTypes.MultiPolygon, layer.crs())
        if gsink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT_GROUPS))
        for rec in outlines:
            f = QgsFeature(gfields)
            f.setAttributes([rec[name] for name, _ in GROUP_FIELDS])
            g = rec["geometry"]
            g.convertToMultiType()
            f.setGeometry(g)
            add_feature(gsink, f)
        del gsink
        write_meta_for_destination(regions_id, analysis.meta, output_layer(regions_id, context))
        labels = dict(zip(analysis.data.fields, analysis.data.labels))
        persist_aliases(regions_id, {**labels, **{f.name(): f.alias() for f in fields if f.alias()}})
        write_meta_for_destination(groups_id, dict(analysis.meta, role="groups"), output_layer(groups_id, context))
        return {self.OUTPUT_REGIONS: regions_id, self.OUTPUT_GROUPS: groups_id}
