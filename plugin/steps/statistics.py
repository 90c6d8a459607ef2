"""Local Moran's I / Getis-Ord Gi* per sector and the significant clusters (sectorclusters:localstatistics).

The rule asks "which regions are above a baseline"; this asks "is the pattern around each region more
clustered than chance", so each region gets a statistic, a pseudo p-value and a type, and significant high
values that touch form clusters, outlined exactly as the rule's clusters are.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from numbers import Integral

import numpy as np

from ..core import codes
from ..core.clusters import find_clusters
from ..core.errors import check_cancelled
from ..core.globalstats import global_moran
from ..core.localstats import HOT_TYPES, PermutationTest, StatisticsError, local_gstar, local_moran
from ..i18n import tr
from . import words
from .analysis import Analysis, Column, SectorOutcome, cluster_id_column, numbers
from .neighbours import require_neighbours
from .outlines import distinct_members
from .regions import RegionData
from .rule import ANALYSIS_KEYS, isolated_column
from .settings import NeighbourSettings, StatisticsSettings, in_order

# Sectors per call of the core: chunks let a cancel take effect between them.
# Results do not depend on the chunking (each sector's draws depend only on the seed).
_CHUNK = 8
# A statistics record's keys in the order they have always been written (the record is JSON in key order).
RECORD_ORDER = ("key", "name_field", "analysis", "method", "method_label", "permutations", "seed", "seed_given",
                "correction", "correction_label", "alpha", "neighbours", "gap_tolerance", "min_regions", "analysed",
                "p_field", "p_adjusted_field", "global_moran")


def cluster_types(method: str) -> frozenset:
    """The region types that make up a cluster: High-High for Moran, any hot bin for Gi*."""
    return frozenset({"HH"}) if method == codes.MORAN else HOT_TYPES


def detect_by_statistic(data: RegionData, graph, settings: StatisticsSettings | None = None,
                        neighbours: NeighbourSettings | None = None,
                        is_cancelled: Callable[[], bool] | None = None) -> Analysis:
    """One graph (built with ``neighbours``: recorded with the result) serves every sector. A sector that cannot
    be analysed (constant, too few regions with data) is skipped with its reason; the run fails only when none
    succeeds. A settings seed of None draws a seed, which is recorded so the run can be repeated."""
    settings = settings or StatisticsSettings()
    neighbours = neighbours or NeighbourSettings()
    require_neighbours(graph)
    seed_given = settings.seed is not None
    if not seed_given:
        settings = replace(settings, seed=int(np.random.SeedSequence().entropy % (2**31 - 1)))
    kind = settings.method
    test = PermutationTest(settings.permutations, settings.seed, settings.correction, settings.alpha)
    stat_fn = local_moran if kind == codes.MORAN else local_gstar
    results = []
    for c0 in range(0, len(data.fields), _CHUNK):
        check_cancelled(is_cancelled)
        results += stat_fn(data.values[:, c0:c0 + _CHUNK], graph, test, errors="skip")
    check_cancelled(is_cancelled)
    wanted = cluster_types(kind)
    sectors, skipped = [], {}
    for j, (fname, label, res) in enumerate(zip(data.fields, data.labels, results)):
        if res.error:
            skipped[fname] = res.error
            continue
        mask = np.array([t in wanted for t in res.types], dtype=bool)
        clusters = find_clusters(graph, mask, data.keys, settings.min_regions)
        sectors.append(SectorOutcome(fname, label, data.values[:, j], clusters, stats=res))
    if not sectors:
        first = next(iter(skipped))
        reason = skipped[first]
        label = data.labels[data.fields.index(first)]
        if len(skipped) == 1:
            raise StatisticsError(f"{label}: {reason}")
        raise StatisticsError(tr("None of the {} fields could be analysed; the first, {}: {}").format(
            len(skipped), label, reason))
    global_results = global_moran_by_sector(data, sectors, graph, settings, is_cancelled)
    record = settings.to_record()
    summary = {"method": kind, "permutations": settings.permutations, "seed": settings.seed,
               "seed_given": seed_given, "correction": settings.correction, "alpha": float(settings.alpha),
               **neighbours.to_record(), "min_regions": settings.min_regions}
    meta = {k: v for k, v in data.meta.items() if k not in ANALYSIS_KEYS}
    meta.update(in_order(RECORD_ORDER, {"key": data.key_field, "name_field": data.name_field,
                                        "analysis": "localstatistics", "seed_given": seed_given},
                         record, neighbours.to_record(),
                         {"analysed": [s.field for s in sectors], "p_field": "_p", "p_adjusted_field": "_p_adj",
                          "global_moran": {f: global_record(r) for f, r in global_results.items()}}))
    attributes = {"baseline": kind, "threshold": None, "method": record["method_label"],
                  "alpha": float(settings.alpha), "correction": settings.correction}
    return Analysis(kind, data, graph, sectors, skipped, summary, meta,
                    statistics_columns(data.n, sectors, graph, kind, settings.correction), attributes,
                    global_moran=global_results)


def global_moran_by_sector(data: RegionData, sectors: list[SectorOutcome], graph, settings: StatisticsSettings,
                           is_cancelled: Callable[[], bool] | None = None) -> dict:
    """Global Moran's I of every analysed sector on the local statistic's graph, weights and seed.

    ``core.globalstats.global_moran``: row-standardised binary weights, regions without data dropped with
    their edges, isolated regions kept in the mean and the permutations with a zero row of W (as the local
    statistics and esda handle them). A sector's result depends only on ``seed`` (not on the other sectors
    or the chunking). A sector the global statistic cannot take keeps a result whose ``error`` says why.
    """
    columns = [data.fields.index(s.field) for s in sectors]
    out: dict = {}
    for c0 in range(0, len(columns), _CHUNK):
        check_cancelled(is_cancelled)
        chunk = columns[c0:c0 + _CHUNK]
        results = global_moran(data.values[:, chunk], graph, settings.permutations, settings.seed, errors="skip")
        out.update({data.fields[j]: r for j, r in zip(chunk, results)})
    return out


# The global_moran table in the output GeoPackage (and the record's "global_moran"): column, SQL type, attribute.
GLOBAL_MORAN_TABLE = "global_moran"
GLOBAL_MORAN_COLUMNS = (
    ("field", "TEXT", None), ("label", "TEXT", None), ("I", "REAL", "stat"), ("expected", "REAL", "expected"),
    ("z_norm", "REAL", "z_norm"), ("z_rand", "REAL", "z_rand"), ("p_norm", "REAL", "p_norm"),
    ("p_rand", "REAL", "p_rand"), ("p_sim", "REAL", "p_sim"), ("permutations", "INTEGER", "permutations"),
    ("seed", "INTEGER", None), ("n", "INTEGER", "n"), ("n_isolated", "INTEGER", "n_isolated"),
    ("note", "TEXT", "error"),
)


def _plain(value):
    """NaN -> None (NULL in SQL, null in JSON); numpy scalars -> Python numbers."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, Integral) and not isinstance(value, bool):
        return int(value)
    v = float(value)
    return v if v == v and v not in (float("inf"), float("-inf")) else None


def global_record(result) -> dict:
    """One sector's global Moran as plain JSON-able numbers (the layer record's ``global_moran[field]``)."""
    return {name: _plain(getattr(result, attr)) for name, _sql, attr in GLOBAL_MORAN_COLUMNS if attr}


def global_moran_rows(analysis: Analysis) -> list[dict]:
    """The rows of the ``global_moran`` table, one per analysed sector, in the analysis' sector order."""
    rows = []
    for s in analysis.sectors:
        r = analysis.global_moran.get(s.field)
        if r is None:
            continue
        rows.append({"field": s.field, "label": s.label, "seed": int(analysis.settings["seed"]),
                     **global_record(r)})
    return rows


def statistics_columns(n: int, sectors: list[SectorOutcome], graph, method: str, correction: str) -> list[Column]:
    """Per sector: statistic, raw and adjusted pseudo p, type and significant-cluster id; then sc_isolated."""
    stat_words = tr("local I") if method == codes.MORAN else tr("Gi* z")
    out: list[Column] = []
    for s in sectors:
        r = s.stats
        out += [Column(f"{s.field}_stat", "double", f"{s.label} ({stat_words})", numbers(r.stat)),
                Column(f"{s.field}_p", "double", f"{s.label} ({tr('pseudo p')})", numbers(r.p)),
                Column(f"{s.field}_p_adj", "double", f"{s.label} ({tr('p, {}').format(correction)})",
                       numbers(r.p_adjusted)),
                Column(f"{s.field}_type", "string", f"{s.label} ({tr('type')})", list(r.types)),
                Column(f"{s.field}_cluster", "int", f"{s.label} ({tr('cluster')})", cluster_id_column(n, s.clusters))]
    out.append(isolated_column(graph))
    return out


def report_lines(analysis: Analysis) -> list[str]:
    """The log's lines for a statistics run: settings, then per sector the counts per type and the clusters."""
    s = analysis.settings
    seed_note = "" if s["seed_given"] else tr(" (random; set SEED to {} to repeat this run)").format(s["seed"])
    lines = [words.statistics_settings_text(s, seed_note)]
    for sector in analysis.sectors:
        lines.append(tr("{}: {}; {} significant cluster(s)").format(
            sector.label, words.type_counts_by_code(analysis.kind, sector.counts()), len(sector.clusters)))
        for c in sector.clusters:
            regions = distinct_members(analysis.keys, c.members)  # a key on two features is one region
            lines.append(f"  #{c.cluster_id} ({len(regions)}): {words.join_names(analysis.names[i] for i in regions)}")
    return lines


def global_lines(analysis: Analysis) -> list[str]:
    """The log's global Moran's I: one line per sector."""
    return [words.global_moran_line(s.label, global_record(analysis.global_moran[s.field]))
            for s in analysis.sectors if s.field in analysis.global_moran]
