"""Regions above a baseline and the multi-region clusters they form (sectorclusters:detectclusters)."""
from __future__ import annotations

import numpy as np

from ..core import codes
from ..core.baselines import NEEDS_TOTALS
from ..core.engine import SectorTable, detect, region_totals
from ..core.totals import total_columns
from ..i18n import tr, tr_noop
from .analysis import Analysis, Column, LazyColumns, SectorOutcome, cluster_id_column, numbers
from .regions import RegionData
from .settings import NeighbourSettings, RuleSettings, in_order

# Keys of a detect record that say how it was analysed; other steps drop them from what they pass on.
ANALYSIS_KEYS = ("baseline", "baseline_label", "threshold", "percentile", "analysed")
# A detect record's keys in the order they have always been written (the record is JSON in key order).
RECORD_ORDER = ("key", "name_field", "baseline", "baseline_label", "threshold", "neighbours", "gap_tolerance",
                "min_regions", "analysed")


def detect_by_rule(data: RegionData, graph, rule: RuleSettings | None = None,
                   neighbours: NeighbourSettings | None = None) -> Analysis:
    """Flag and cluster every field of ``data`` on ``graph`` (built with ``neighbours``: recorded with the result).

    Settings left out are the defaults. A field that cannot be analysed (no data, all zero…) is skipped with its
    reason; if every field fails, the first reason is raised (a core.baselines.BaselineError).
    """
    rule = rule or RuleSettings()
    neighbours = neighbours or NeighbourSettings()
    meta = data.meta
    reference = meta.get("reference")
    totals = ref_total = None
    notes: list[str] = []
    if rule.baseline in NEEDS_TOTALS:
        every = data.sector_values if data.sector_values is not None else data.values
        every_fields = list(data.sector_fields or data.fields)
        sector_labels = meta.get("sectors") or {}
        cols, note = total_columns([sector_labels.get(f, f) for f in every_fields], every)
        totals = region_totals(every[:, cols])
        if note:
            notes.append(note)
        if reference:
            ref_total = float(np.nansum([reference.get(every_fields[j], np.nan) for j in cols]))
    table = SectorTable(data.values, data.fields, data.labels, data.keys, reference, totals, ref_total)
    results, skipped = detect(table, graph, rule.baseline, rule.threshold, rule.min_regions)
    sectors = [SectorOutcome(r.field, r.label, r.scores, r.clusters, flags=r.flags) for r in results]
    settings = {"baseline": rule.baseline, "threshold": float(rule.threshold), **neighbours.to_record(),
                "min_regions": rule.min_regions}
    meta = dict(meta, **in_order(RECORD_ORDER, {"key": data.key_field, "name_field": data.name_field},
                                 rule.to_record(), neighbours.to_record(), {"analysed": [s.field for s in sectors]}))
    return Analysis(codes.RULE, data, graph, sectors, skipped, settings, meta, rule_columns(data.n, sectors, graph),
                    {"baseline": rule.baseline, "threshold": float(rule.threshold)}, notes)


# The strength stars' extra columns: suffix, key in ``Flags.extra``, alias words (see docs/CONTRACTS.md).
STAR_COLUMNS = (("_size", "size", tr_noop("size star")), ("_spec", "specialisation", tr_noop("specialisation star")),
                ("_focus", "focus", tr_noop("focus star")))


def rule_columns(n: int, sectors: list[SectorOutcome], graph) -> LazyColumns:
    """Per sector F_idx (index), F_above (1/0/NULL) and F_cluster, then sc_isolated; each made when first read.

    With the strength stars baseline also F_stars (0-3) and one 1/0 column per criterion (F_size, F_spec,
    F_focus), NULL where the region has no data, after F_cluster.
    """
    return LazyColumns([s.field for s in sectors], lambda k: sector_rule_columns(n, sectors[k]),
                       lambda: [isolated_column(graph)])


def sector_rule_columns(n: int, s: SectorOutcome) -> list[Column]:
    """One sector's rule columns (see ``rule_columns``)."""
    has = s.flags.has_data
    above = [int(a) if h else None for a, h in zip(s.flags.above, has)]
    out = [Column(f"{s.field}_idx", "double", f"{s.label} ({tr('index')})", numbers(s.flags.index)),
           Column(f"{s.field}_above", "int", f"{s.label} ({tr('above')})", above),
           Column(f"{s.field}_cluster", "int", f"{s.label} ({tr('cluster')})", cluster_id_column(n, s.clusters))]
    if "size" in s.flags.extra:
        stars = [int(v) if h else None for v, h in zip(s.flags.index, has)]
        out.append(Column(f"{s.field}_stars", "int", f"{s.label} ({tr('strength stars')})", stars))
        for suffix, key, what in STAR_COLUMNS:
            met = [int(bool(v)) if h else None for v, h in zip(s.flags.extra[key], has)]
            out.append(Column(f"{s.field}{suffix}", "int", f"{s.label} ({tr(what)})", met))
    return out


def isolated_column(graph) -> Column:
    return Column("sc_isolated", "int", "", [int(v) for v in graph.isolated])
