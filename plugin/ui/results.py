"""What the panel shows of an analysis: rows of the clusters table, the threshold guide, hints in words.

Plain functions on ``steps.analysis.Analysis`` (and the jobs that compute outlines and other thresholds in a
worker); the wording itself is in ``steps.words``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..core import codes
from ..steps import options, words

# Thresholds the guide tries for each baseline (the current one is added).
GUIDE_THRESHOLDS = {
    codes.MEAN: (1.0, 1.1, 1.25, 1.5, 1.75, 2.0),
    codes.MEDIAN: (1.0, 1.1, 1.25, 1.5, 1.75, 2.0),
    codes.NATIONAL: (1.0, 1.1, 1.25, 1.5, 1.75, 2.0),
    codes.LQ: (1.0, 1.1, 1.25, 1.5, 1.75, 2.0),
    codes.ZSCORE: (0.0, 0.5, 1.0, 1.5, 2.0),
    codes.PERCENTILE: (50.0, 60.0, 70.0, 75.0, 80.0, 90.0),
    codes.STARS: tuple(float(k) for k in range(options.STARS_RANGE[0], options.STARS_RANGE[1] + 1)),  # every k
}


@dataclass
class ClusterRow:
    """One row of the panel's clusters table."""

    cluster_id: int
    size: int
    members: list[int]  # region indices
    keys: list[str]
    names: list[str]
    area_km2: float | None = None  # filled when the outline is made
    crosses: tuple[str, ...] | None = None  # the overlay's units it crosses (None: no overlay)
    crossing_line: str = ""  # in words, with the shares

    @property
    def tooltip(self) -> str:
        text = words.member_lines(self.names)
        return f"{text}\n\n{self.crossing_line}" if self.crossing_line else text


@dataclass
class GuideRow:
    """The shown sector at one threshold."""

    threshold: float
    above: int
    clusters: int
    largest: int
    with_data: int


def cluster_rows(analysis, field: str, areas: dict[int, float] | None = None) -> list[ClusterRow]:
    sector = analysis.sector(field) if analysis is not None else None
    if sector is None:
        return []
    areas = areas or {}
    rows = [ClusterRow(c.cluster_id, c.size, [int(i) for i in c.members], [analysis.keys[i] for i in c.members],
                       [analysis.names[i] for i in c.members], areas.get(c.cluster_id)) for c in sector.clusters]
    crossings = analysis.crossings
    if crossings is not None:
        from ..steps.overlay import share_text

        layer = analysis.meta.get("overlay", {}).get("layer", "")
        for r in rows:
            x = crossings.get((field, r.cluster_id))
            if x is not None:
                r.crosses = tuple(x.crosses)
                r.crossing_line = words.crossing_line(sector.label, r.cluster_id, x.n_crossed, share_text(x),
                                                      layer, x.n_outside)
    return rows


def with_data(analysis, field: str) -> int:
    """Regions with a score (and, for the rule, an index) in the shown sector."""
    sector = analysis.sector(field)
    if sector is None:
        return 0
    if sector.flags is not None:
        return int(sector.flags.has_data.sum())
    return sum(1 for t in sector.stats.types if t != "nodata")


def one_big_cluster(analysis, field: str) -> tuple[int, int] | None:
    """(largest cluster, regions with data) when one cluster holds more than half of the regions with data."""
    sector = analysis.sector(field) if analysis is not None else None
    if sector is None or not sector.clusters:
        return None
    largest = max(c.size for c in sector.clusters)
    n = with_data(analysis, field)
    return (largest, n) if n and largest * 2 > n else None


def guide_thresholds(baseline: str, current: float) -> list[float]:
    return sorted({*GUIDE_THRESHOLDS.get(baseline, ()), round(float(current), 6)})


def outline_job(analysis, field: str) -> Callable:
    """The shown sector's cluster outlines in the layer's CRS and their areas (km², in the measuring CRS)."""

    def job(task):
        from ..gis.layers import to_layer_geometry
        from ..steps.outlines import OutlineMaker, area_km2

        sector = analysis.sector(field)
        clusters = sector.clusters if sector is not None else []
        make = OutlineMaker(analysis.regions.shapes, analysis.tolerance)
        make.outline_all((c.members for c in clusters), task.isCanceled)  # raises Cancelled (the task ends so)
        out = {}
        for c in clusters:
            if task.isCanceled():
                break
            shape = make(c.members)
            out[c.cluster_id] = (area_km2(shape), to_layer_geometry(shape, analysis.regions.to_layer))
        return out

    return job


def guide_job(data, graph, field: str, settings: dict, thresholds: list[float]) -> Callable:
    """The shown sector at each threshold, by the same rule step (steps.rule.detect_by_rule) on the same
    regions and graph: only the threshold differs."""

    def job(task):
        from ..core.errors import UserError
        from ..steps.rule import detect_by_rule
        from ..steps.settings import NeighbourSettings, RuleSettings

        neighbours = NeighbourSettings.from_record(settings)

        j = data.fields.index(field)
        one = replace(data, fields=[field], labels=[data.labels[j]], values=data.values[:, [j]])
        rows = []
        for t in thresholds:
            if task.isCanceled():
                break
            try:
                a = detect_by_rule(one, graph, RuleSettings(settings["baseline"], t, settings["min_regions"]),
                                   neighbours)
            except UserError:
                continue
            s = a.sector(field)
            if s is None:
                continue
            rows.append(GuideRow(t, s.n_above, len(s.clusters), max((c.size for c in s.clusters), default=0),
                                 int(s.flags.has_data.sum())))
        return rows

    return job
