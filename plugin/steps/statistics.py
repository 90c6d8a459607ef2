"""Local Moran's I / Getis-Ord Gi* per sector and the significant clusters (sectorclusters:localstatistics).

The rule asks "which regions are above a baseline"; this asks "is the pattern around each region more
clustered than chance", so each region gets a statistic, a pseudo p-value and a type, and significant high
values that touch form clusters, outlined exactly as the rule's clusters are.
"""
from __future__ import annotations

from collections.abc import Callable
from numbers import Integral

from ..core import codes
from ..core.errors import SettingsError, check_cancelled
from ..i18n import tr
from . import options, words
from .analysis import Analysis, Column, SectorOutcome, cluster_id_column, numbers
from .neighbours import check_min_regions, check_neighbours, require_neighbours
from .rule import ANALYSIS_KEYS, isolated_column

# Sectors per call of the core: chunks let a cancel take effect between them.
# Results do not depend on the chunking (each sector's draws depend only on the seed).
_CHUNK = 8


def check_statistics_settings(permutations, alpha: float) -> None:
    """Plain messages for permutations and significance levels no data could make work."""
    if isinstance(permutations, bool) or not isinstance(permutations, int) \
            or not 1 <= permutations <= options.MAX_PERMUTATIONS:
        raise SettingsError(tr("The number of permutations must be a whole number from 1 to {:,} (got {}); "
                               "999 is usual, 9,999 for more precise p-values.").format(
            options.MAX_PERMUTATIONS, permutations), code="permutations")
    if not 0 < float(alpha) < 1:
        raise SettingsError(tr("The significance level must be between 0 and 1, e.g. 0.05 (got {}).").format(alpha),
                            code="alpha")


def cluster_types(method: str) -> frozenset:
    """The region types that make up a cluster: High-High for Moran, any hot bin for Gi*."""
    from ..core.localstats import HOT_TYPES

    return frozenset({"HH"}) if method == codes.MORAN else HOT_TYPES


def detect_by_statistic(data, graph, method: object = codes.MORAN, permutations: int = options.DEFAULT_PERMUTATIONS,
                        seed: int | None = None, correction: object = options.DEFAULT_CORRECTION,
                        alpha: float = options.DEFAULT_ALPHA, min_regions: int = options.DEFAULT_MIN_REGIONS,
                        neighbours: object = options.DEFAULT_NEIGHBOURS, tolerance: float = 0.0,
                        is_cancelled: Callable[[], bool] | None = None) -> Analysis:
    """One graph serves every sector. A sector that cannot be analysed (constant, too few regions with data)
    is skipped with its reason; the run fails only when none succeeds. ``seed=None`` draws a seed, which is
    recorded so the run can be repeated."""
    import numpy as np

    from ..core.clusters import find_clusters
    from ..core.localstats import StatisticsError, local_gstar, local_moran

    kind = options.code_of(options.STATISTICS, method, "statistic")
    corr = options.code_of(options.CORRECTIONS, correction, "correction")
    check_statistics_settings(permutations, alpha)
    min_regions = check_min_regions(min_regions)
    rule = check_neighbours(neighbours, tolerance)
    require_neighbours(graph)
    seed_given = seed is not None
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**31 - 1))
    stat_fn = local_moran if kind == codes.MORAN else local_gstar
    results = []
    for c0 in range(0, len(data.fields), _CHUNK):
        check_cancelled(is_cancelled)
        results += stat_fn(data.values[:, c0:c0 + _CHUNK], graph, permutations, seed, corr, alpha, errors="skip")
    check_cancelled(is_cancelled)
    wanted = cluster_types(kind)
    sectors, skipped = [], {}
    for j, (fname, label, res) in enumerate(zip(data.fields, data.labels, results)):
        if res.error:
            skipped[fname] = res.error
            continue
        mask = np.array([t in wanted for t in res.types], dtype=bool)
        clusters = find_clusters(graph, mask, data.keys, min_regions)
        sectors.append(SectorOutcome(fname, label, data.values[:, j], clusters, stats=res))
    if not sectors:
        first = next(iter(skipped))
        reason = skipped[first]
        label = data.labels[data.fields.index(first)]
        if len(skipped) == 1:
            raise StatisticsError(f"{label}: {reason}")
        raise StatisticsError(tr("None of the {} fields could be analysed; the first, {}: {}").format(
            len(skipped), label, reason))
    global_results = global_moran_by_sector(data, sectors, graph, permutations, seed, is_cancelled)
    settings = {"method": kind, "permutations": int(permutations), "seed": int(seed), "seed_given": seed_given,
                "correction": corr, "alpha": float(alpha), "neighbours": rule, "gap_tolerance": float(tolerance),
                "min_regions": min_regions}
    meta = {k: v for k, v in data.meta.items() if k not in ANALYSIS_KEYS}
    meta.update(
        key=data.key_field, name_field=data.name_field, analysis="localstatistics", method=kind,
        method_label=words.STATISTIC_LABELS[kind], permutations=int(permutations), seed=int(seed),
        seed_given=seed_given, correction=corr, correction_label=words.CORRECTION_LABELS[corr], alpha=float(alpha),
        neighbours=rule, gap_tolerance=float(tolerance), min_regions=min_regions,
        analysed=[s.field for s in sectors], p_field="_p", p_adjusted_field="_p_adj",
        global_moran={f: global_record(r) for f, r in global_results.items()},
    )
    attributes = {"baseline": kind, "threshold": None, "method": words.STATISTIC_LABELS[kind], "alpha": float(alpha),
                  "correction": corr}
    return Analysis(kind, data, graph, sectors, skipped, settings, meta,
                    statistics_columns(data.n, sectors, graph, kind, corr), attributes,
                    global_moran=global_results)


def global_moran_by_sector(data, sectors: list[SectorOutcome], graph, permutations: int, seed: int,
                           is_cancelled: Callable[[], bool] | None = None) -> dict:
    """Global Moran's I of every analysed sector on the local statistic's graph, weights and seed.

    ``core.globalstats.global_moran``: row-standardised binary weights, regions without data dropped with
    their edges, isolated regions kept in the mean and the permutations with a zero row of W (as the local
    statistics and esda handle them). A sector's result depends only on ``seed`` (not on the other sectors
    or the chunking). A sector the global statistic cannot take keeps a result whose ``error`` says why.
    """
    from ..core.globalstats import global_moran

    columns = [data.fields.index(s.field) for s in sectors]
    out: dict = {}
    for c0 in range(0, len(columns), _CHUNK):
        check_cancelled(is_cancelled)
        chunk = columns[c0:c0 + _CHUNK]
        results = global_moran(data.values[:, chunk], graph, permutations, seed, errors="skip")
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
    from .outlines import distinct_members

    s = analysis.settings
    seed_note = "" if s["seed_given"] else tr(" (random; set SEED to {} to repeat this run)").format(s["seed"])
    lines = [words.statistics_settings_text(analysis.kind, s["permutations"], s["seed"], s["correction"],
                                            s["alpha"], seed_note)]
    for sector in analysis.sectors:
        lines.append(tr("{}: {}; {} significant cluster(s)").format(
            sector.label, words.type_counts_text(analysis.kind, sector.counts()), len(sector.clusters)))
        for c in sector.clusters:
            regions = distinct_members(analysis.keys, c.members)  # a key on two features is one region
            lines.append(f"  #{c.cluster_id} ({len(regions)}): {words.join_names(analysis.names[i] for i in regions)}")
    return lines


def global_lines(analysis: Analysis) -> list[str]:
    """The log's global Moran's I: one line per sector."""
    return [words.global_moran_line(s.label, global_record(analysis.global_moran[s.field]))
            for s in analysis.sectors if s.field in analysis.global_moran]
