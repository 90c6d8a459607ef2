"""Point steps: density clusters of firms per sector, and points counted into regions.

Plain data in and out (no layer access, no Processing types): ``gis.point_layers`` reads the points into
``PointData`` (coordinates in a measuring CRS, ground metres), the algorithms write what comes back. The
numbers are ``core.points``' (weighted DBSCAN, points assigned once to regions) and the outlines
``core.point_outlines``'.

Definitions the outputs rest on (written once here, repeated in the help):

- a *core* point has a summed weight (itself included) of at least ``min_weight`` within ``radius`` metres:
  scikit-learn's ``DBSCAN(eps=radius, min_samples=min_weight).fit(xy, sample_weight=w)``;
- a cluster's *outline* is the ground within ``radius`` of its core points (``core.point_outlines``);
- a cluster's *location quotient* compares the sector's part of everything inside the outline with its part of
  everything read: ``(sector weight in the outline / weight of all points in the outline) /
  (sector total / total of all points)``. "All points" are every point read with a usable geometry and weight,
  of every sector (also sectors left out by SECTORS): the firms around the cluster whatever they do. A
  point on the outline's edge counts as inside. Without a sector field every point is one sector and the
  quotient is 1;
- a cluster *spans* the regions holding its points (core and border), by share of the cluster's weight,
  written as the overlay's crossings are ("Greater Manchester 61.2 %; Cheshire and Warrington 38.8 %");
  points of the cluster in no region are left out of the shares' list (the shares then sum below 100 %).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..core.engine import safe_field_names
from ..core.errors import SettingsError, UserError, check_cancelled
from ..core.point_outlines import disc_outline
from ..core.points import Density, assign_to_regions, dbscan, sum_by_region
from ..i18n import tr
from . import words
from .settings import Range, _Checked

RADIUS_RANGE = Range(0, 100_000, low_open=True, high_open=True)  # metres: a firm's neighbourhood, not a country
MIN_WEIGHT_RANGE = Range(0, 1e15, low_open=True, high_open=True)
MAX_SECTORS = 500  # more distinct values than this: a field of firm names or ids, not of sectors
SHOWN_IDS = 10  # feature ids listed in a log line
CLUSTER_FIELDS = (("cluster", "int"), ("sector", "string"), ("rank", "int"), ("points", "int"),
                  ("weight", "double"), ("share", "double"), ("lq", "double"), ("area_km2", "double"))
SPAN_FIELDS = (("spans", "string"), ("n_spans", "int"))
POINT_FIELDS = (("sector", "string"), ("cluster", "int"), ("role", "string"))


@dataclass(frozen=True)
class PointSettings(_Checked):
    """The clusters' radius in ground metres and the summed weight that makes a core point, checked."""

    radius: float = 500.0
    min_weight: float = 10.0
    RANGES = {"radius": ("RADIUS", "the radius in ground metres", RADIUS_RANGE),
              "min_weight": ("MIN_WEIGHT", "the weight within the radius that makes a core point", MIN_WEIGHT_RANGE)}


@dataclass
class PointData:
    """Points as the steps read them: ``xy`` (n × 2, metres in the measuring CRS), ``weights``, and per point
    its sector's and period's label ('' without the field) and its position in the layer's feature order
    (``row``). ``n_features`` counts every feature of the layer; ``notes`` say what was skipped and why."""

    xy: object  # numpy array
    weights: object
    sectors: list[str]
    periods: list[str]
    rows: object  # numpy int array: feature position of each point
    fids: list[int]  # feature id of each point
    n_features: int
    notes: list[str] = field(default_factory=list)


@dataclass
class PointCluster:
    """One cluster: its attributes (``CLUSTER_FIELDS`` [+ ``SPAN_FIELDS``]), its outline in the measuring CRS
    and its member points (indices into ``PointData``)."""

    attributes: dict
    shape: object
    members: object


@dataclass
class PointOutcome:
    """Per point (``PointData`` order) its cluster (the ``cluster`` attribute, -1 for none) and role; the
    clusters in output order (sector, then rank); one summary line per sector for the log."""

    cluster_of: object
    roles: object
    clusters: list[PointCluster]
    summary: list[str]


def id_list(ids: Sequence) -> str:
    """'3, 17, 42' or '3, 17, … (120 in all)': the first few feature ids for a log line."""
    shown = ", ".join(str(i) for i in list(ids)[:SHOWN_IDS])
    return shown if len(ids) <= SHOWN_IDS else tr("{0}, … ({1} in all)").format(shown, len(ids))


def split_sectors(text: str) -> list[str]:
    """SECTORS as typed: 'C; J' or 'C, J' → ['C', 'J'] (a semicolon list keeps commas inside labels)."""
    text = (text or "").strip()
    if not text:
        return []
    parts = text.split(";") if ";" in text else re.split(r",", text)
    return [p.strip() for p in parts if p.strip()]


def choose_sectors(present: Sequence[str], wanted: Sequence[str], field_name: str) -> list[str]:
    """The sectors to analyse, in order of first appearance (or as listed in SECTORS).

    More than ``MAX_SECTORS`` distinct values are refused unless SECTORS names the ones wanted: such a field
    holds identifiers or names, and thousands of sectors would mean thousands of runs and outputs.
    """
    distinct = list(dict.fromkeys(present))
    if wanted:
        missing = [w for w in wanted if w not in set(distinct)]
        if missing:
            raise SettingsError(tr("SECTORS: the field {0!r} has no value {1!r}; its values include {2}.").format(
                field_name, missing[0], words.join_names(repr(v) for v in distinct[:SHOWN_IDS])),
                code="unknown_sector", parameter="SECTORS")
        return list(dict.fromkeys(wanted))
    if len(distinct) > MAX_SECTORS:
        raise SettingsError(tr("SECTOR_FIELD: the field {0!r} holds {1:,} distinct values, more than {2} sectors; "
                               "choose a field of sector codes, or list the sectors wanted in SECTORS.").format(
            field_name, len(distinct), MAX_SECTORS), code="too_many_sectors", parameter="SECTOR_FIELD")
    return distinct


def _share_text(names: Sequence[str], shares: Sequence[float]) -> str:
    return words.join_names(f"{n} {100 * s:.1f} %" for n, s in zip(names, shares))


@dataclass(frozen=True)
class SpanRegions:
    """The regions (REGIONS) whose shares of each cluster's weight are written as its span: shapes in the
    points' measuring CRS, and each shape's name (a name on several features is one region)."""

    shapes: Sequence
    names: Sequence[str]


def spans(xy, weights, regions: SpanRegions) -> tuple[str, int]:
    """('Greater Manchester 61.2 %; Cheshire and Warrington 38.8 %', 2): the regions holding the points by share
    of their weight (largest first; a name on several features is one region), and how many."""
    w = np.asarray(weights, dtype=float)
    total = float(w.sum())
    region = assign_to_regions(xy, regions.shapes)
    by_name: dict[str, float] = {}
    for r, weight in zip(region.tolist(), w.tolist()):
        if r >= 0:
            name = regions.names[r]
            by_name[name] = by_name.get(name, 0.0) + weight
    if total <= 0:  # weightless cluster (weights of 0 around a core): shares by points
        by_name = {}
        for r in region.tolist():
            if r >= 0:
                by_name[regions.names[r]] = by_name.get(regions.names[r], 0.0) + 1.0
        total = float(len(region))
    ordered = sorted(by_name.items(), key=lambda kv: (-kv[1], kv[0]))
    return _share_text([n for n, _ in ordered], [v / total for _, v in ordered]), len(ordered)


def cluster_points(data: PointData, settings: PointSettings, chosen: Sequence[str],
                   regions: SpanRegions | None = None, is_cancelled: Callable[[], bool] | None = None,
                   progress: Callable[[float], None] | None = None) -> PointOutcome:
    """Weighted DBSCAN per sector in ``chosen`` (each sector on its own), the clusters' outlines and figures.

    Clusters are numbered 1, 2, … across the run in output order (sector by sector, largest weight first);
    ``rank`` is the place by weight within the sector; with ``regions`` each cluster also says which regions it
    spans. See the module docstring for the definitions.
    """
    every = _AllPoints(data)
    xy, w = every.xy, every.weights
    density = Density(settings.radius, settings.min_weight)
    cluster_of = np.full(len(xy), -1, dtype=np.int64)
    roles = np.full(len(xy), None, dtype=object)
    clusters: list[PointCluster] = []
    summary: list[str] = []
    for k, s in enumerate(chosen):
        check_cancelled(is_cancelled)
        idx = np.nonzero(every.sectors == s)[0]
        part = None if progress is None else (
            lambda p, k=k: progress(100.0 * (k + p / 100.0 * 0.8) / max(len(chosen), 1)))
        result = dbscan(xy[idx], density, w[idx], is_cancelled, part)
        roles[idx] = result.roles
        sector_total = float(w[idx].sum())
        found = []
        for c in range(result.n_clusters):
            check_cancelled(is_cancelled)
            members = idx[result.labels == c]
            outline = disc_outline(xy[idx[(result.labels == c) & result.core]], settings.radius)
            found.append((float(w[members].sum()), c, members, outline,
                          every.location_quotient(outline, s, sector_total)))
        found.sort(key=lambda t: (-t[0], t[1]))
        for rank, (weight, _c, members, outline, lq) in enumerate(found, start=1):
            attributes = {"cluster": len(clusters) + 1, "sector": s, "rank": rank, "points": int(len(members)),
                          "weight": weight, "share": weight / sector_total if sector_total > 0 else None,
                          "lq": lq, "area_km2": float(outline.area) / 1e6}
            if regions is not None:
                text, count = spans(xy[members], w[members], regions)
                attributes.update(spans=text, n_spans=count)
            cluster_of[members] = len(clusters) + 1
            clusters.append(PointCluster(attributes, outline, members))
        summary.append(_summary_line(s, result, sector_total, [f[0] for f in found]))
        if progress is not None:
            progress(100.0 * (k + 1) / max(len(chosen), 1))
    return PointOutcome(cluster_of, roles, clusters, summary)


class _AllPoints:
    """Every point read, of every sector, as arrays: what a cluster's location quotient compares with."""

    def __init__(self, data: PointData) -> None:
        self.xy = np.asarray(data.xy, dtype=float).reshape(-1, 2)
        self.weights = np.asarray(data.weights, dtype=float)
        self.sectors = np.asarray(data.sectors, dtype=object)
        self.total = float(self.weights.sum())

    def location_quotient(self, outline, sector: str, sector_total: float) -> float | None:
        """(sector weight in the outline / weight of all points in the outline) / (sector total / total of all
        points); None where a part is 0. A point on the outline's edge counts as inside."""
        xy, w = self.xy, self.weights
        x0, y0, x1, y1 = outline.bounds  # only the points in the outline's box are tested
        near = np.nonzero((xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1))[0]
        inside = near[assign_to_regions(xy[near], [outline]) >= 0]
        in_all = float(w[inside].sum())
        in_sector = float(w[inside][self.sectors[inside] == sector].sum())
        if in_all > 0 and sector_total > 0 and self.total > 0:
            return (in_sector / in_all) / (sector_total / self.total)
        return None


def _summary_line(sector: str, result, sector_total: float, cluster_weights: Sequence[float]) -> str:
    """The log line of one sector's run: points, weight, clusters, core/border/noise, weight clustered."""
    n_points = len(result.labels)
    n_core = int(result.core.sum())
    n_noise = int((result.labels < 0).sum())
    return tr("{0}: {1:,} points (weight {2:,.6g}), {3} cluster(s); {4:,} core, {5:,} border, "
              "{6:,} noise; clustered weight {7:.1f} %").format(
        sector or tr("all points"), n_points, sector_total, len(cluster_weights), n_core,
        n_points - n_core - n_noise, n_noise,
        100.0 * sum(cluster_weights) / sector_total if sector_total > 0 else 0.0)


@dataclass
class RegionCounts:
    """Points counted into regions: one column per sector (× period), the points outside every region."""

    fields: list[str]
    labels: list[str]
    values: object  # regions × fields
    totals: dict[str, float]  # field → total over every point read (outside ones included): the reference row
    periods: dict[str, str]  # field → period ('' without a period field)
    outside: object  # indices into PointData of the points in no region
    region_of: object


def count_into_regions(data: PointData, region_shapes: Sequence, existing_fields: Sequence[str],
                       total_label: str, is_cancelled: Callable[[], bool] | None = None,
                       progress: Callable[[float], None] | None = None) -> RegionCounts:
    """Each point counted once into the first region holding it (``core.points.assign_to_regions``) and summed
    per sector (and period): weights kept fractional. Without a sector field one column, ``total_label``.

    Field names are made from the labels as joinscores makes them (``core.engine.safe_field_names``: valid
    names kept, others made safe, clashes with the regions' own fields numbered), so the output reads back as
    a joined layer does.
    """
    xy = np.asarray(data.xy, dtype=float).reshape(-1, 2)
    w = np.asarray(data.weights, dtype=float)
    region = assign_to_regions(xy, region_shapes, is_cancelled, progress)
    groups: dict[tuple[str, str], int] = {}
    group = np.empty(len(xy), dtype=np.int64)
    for i, key in enumerate(zip(data.sectors, data.periods)):
        group[i] = groups.setdefault(key, len(groups))
    keys = sorted(groups, key=lambda k: (k[1], groups[k])) if any(p for _, p in groups) else list(groups)
    if not keys:
        keys = [("", "")]
        groups = {("", ""): 0}
    labels = []
    for s, p in keys:
        base = s or total_label
        labels.append(f"{base} {p}" if p else base)
    if len(set(labels)) != len(labels):
        raise UserError(tr("Two sector/period pairs give the same column label; rename a sector."),
                        code="label_clash")
    names = safe_field_names(labels, existing_fields)
    sums = sum_by_region(region, group, len(region_shapes), max(len(groups), 1), w)
    values = sums[:, [groups[k] for k in keys]]
    totals_all = np.bincount(group, weights=w, minlength=len(groups)) if len(group) else np.zeros(len(groups))
    totals = {f: float(totals_all[groups[k]]) for f, k in zip(names, keys)}
    periods = {f: k[1] for f, k in zip(names, keys)}
    return RegionCounts(names, labels, values, totals, periods, np.nonzero(region < 0)[0], region)
