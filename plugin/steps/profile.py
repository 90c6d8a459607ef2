"""Contiguous groups of regions with similar sector profiles, and sector co-location (profileregions).

Clusters per sector answer "where is sector X strong"; this answers "which neighbouring regions have a
similar economy overall" (SKATER-style regionalisation) and "which sectors cluster in the same places" (the
Jaccard overlap of their multi-region clusters, found by the rule step on the same graph).
"""
from __future__ import annotations

import html
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..core import codes
from ..core.colocation import colocation, colocation_html
from ..core.errors import SettingsError, UserError, check_cancelled
from ..core.regionalise import choose_k, distinctive_sectors, pseudo_f, skater, standardise
from ..i18n import tr
from . import words
from .analysis import Column
from .outlines import GROUP_FIELDS, Outline, OutlineMaker, area_km2, members_attributes
from .rule import ANALYSIS_KEYS, detect_by_rule
from .settings import NeighbourSettings, ProfileSettings, in_order

if TYPE_CHECKING:
    from .regions import RegionData

TOP_SECTORS = 3
COLOCATION_MIN_REGIONS = ProfileSettings.COLOCATION_MIN_REGIONS
# A profile record's keys in the order they have always been written (the record is JSON in key order).
RECORD_ORDER = ("key", "name_field", "analysis", "k", "k_chosen", "pseudo_f", "profile", "min_size", "neighbours",
                "gap_tolerance", "fields")
__all__ = ["GROUP_FIELDS", "Group", "ProfileAnalysis", "group_outlines", "profile_matrix", "profile_regions"]


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
    """Everything profileregions computed; nothing written yet."""

    data: RegionData
    graph: Any
    group_of: np.ndarray  # per region, its group_id (1..k)
    groups: list[Group]
    k: int
    chosen: bool  # k picked by pseudo-F
    pseudo_f: dict[int, float]
    profile: str
    settings: dict
    notes: list[str]
    meta: dict = field(default_factory=dict)
    colocation: object = None  # pandas DataFrame (sector labels × sector labels) or None
    sector_clusters: dict = field(default_factory=dict)  # label -> [[member names], ...]
    colocation_error: str | None = None

    @property
    def regions(self):
        return self.data.regions

    @property
    def tolerance(self) -> float:
        return float(self.settings["gap_tolerance"])

    @property
    def columns(self) -> list[Column]:
        top = {g.group_id: words.join_names(g.top) for g in self.groups}
        ids = [int(g) for g in self.group_of]
        return [Column("group_id", "int", tr("profile group"), ids),
                Column("group_top", "string", tr("group's distinctive sectors"), [top[g] for g in ids])]


def profile_matrix(values: np.ndarray, profile: str) -> np.ndarray:
    """What the groups are formed on: the scores, or each region's shares of its own total (its mix)."""
    if profile == codes.SCORES:
        return values
    with np.errstate(invalid="ignore", divide="ignore"):
        totals = np.nansum(values, axis=1, keepdims=True)
        shares = values / totals
    shares[~np.isfinite(shares)] = np.nan
    return shares


def _group_order(labels: np.ndarray, keys: list[str]) -> np.ndarray:
    """Renumber labels 1.. largest first, ties by smallest key, so ids do not depend on feature order."""
    groups = [np.flatnonzero(labels == g) for g in np.unique(labels)]
    groups.sort(key=lambda m: (-len(m), min(keys[i] for i in m)))
    out = np.zeros(len(labels), dtype=np.int64)
    for gid, members in enumerate(groups, start=1):
        out[members] = gid
    return out


def _finite(v: float) -> float | None:
    return float(v) if np.isfinite(v) else None


def profile_regions(data: RegionData, graph, settings: ProfileSettings | None = None,
                    neighbours: NeighbourSettings | None = None,
                    is_cancelled: Callable[[], bool] | None = None) -> ProfileAnalysis:
    """SKATER groups on ``graph`` (built with ``neighbours``: recorded with the result); with
    ``settings.colocation`` the co-location step runs the rule with the settings' baseline and threshold (at least
    two regions per cluster). When that cannot run (e.g. a national baseline without a reference row) its reason
    is kept in ``colocation_error`` and the caller decides whether that is fatal."""
    settings = settings or ProfileSettings()
    neighbours = neighbours or NeighbourSettings()
    check_cancelled(is_cancelled)
    matrix = profile_matrix(data.values, settings.profile)
    notes: list[str] = []
    k = settings.k
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scores: dict[int, float] = {}
        if settings.choose:
            k, scores = choose_k(matrix, graph, range(settings.k_min, settings.k_max + 1), settings.min_size)
        labels = skater(matrix, graph, k, settings.min_size)
        if not settings.choose:
            scores = {k: pseudo_f(standardise(matrix)[0], labels)}
    notes += sorted({str(w.message) for w in caught})
    check_cancelled(is_cancelled)
    group_of = _group_order(labels, data.keys)
    # A constant sector (e.g. no employment anywhere) standardises to 0 everywhere and would look
    # "distinctive" for any group below average in everything else: leave it out of the ranking.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        varies = np.nan_to_num(np.nanstd(matrix, axis=0)) > 0
    if not varies.any():
        raise SettingsError(tr("All the chosen fields have the same value in every region, so there "
                               "are no profiles to compare."), code="constant_fields")
    if not varies.all():
        notes.append(tr("Not used to describe groups (same value everywhere): {}").format(
            words.join_names(lab for lab, v in zip(data.labels, varies) if not v)))
    top = distinctive_sectors(matrix[:, varies], group_of, [lab for lab, v in zip(data.labels, varies) if v],
                              TOP_SECTORS)
    groups = [Group(g, np.flatnonzero(group_of == g), top[g]) for g in range(1, int(group_of.max()) + 1)]
    summary = {"k": int(k), "k_chosen": settings.choose, "profile": settings.profile, "min_size": settings.min_size,
               **neighbours.to_record()}
    meta = {key: v for key, v in data.meta.items() if key not in ANALYSIS_KEYS}
    meta.update(in_order(RECORD_ORDER, {"key": data.key_field, "name_field": data.name_field,
                                        "analysis": "profileregions"}, settings.to_record(), neighbours.to_record(),
                         {"k": int(k), "pseudo_f": {str(kk): _finite(v) for kk, v in scores.items()},
                          "fields": list(data.fields)}))
    result = ProfileAnalysis(data, graph, group_of, groups, int(k), settings.choose, scores, settings.profile,
                             summary, notes, meta)
    if settings.colocation:
        check_cancelled(is_cancelled)
        _colocation(result, settings, neighbours)
    return result


def _colocation(result: ProfileAnalysis, settings: ProfileSettings, neighbours: NeighbourSettings) -> None:
    """Fill the co-location table from the rule's clusters on the same data and graph."""
    try:
        found = detect_by_rule(result.data, result.graph, settings.colocation_rule, neighbours)
    except UserError as exc:
        result.colocation_error = exc.message
        return
    labels = [s.label for s in found.sectors]
    names = labels if len(set(labels)) == len(labels) else [s.field for s in found.sectors]
    keys, region_names = result.data.keys, result.data.names
    memberships = {n: {keys[i] for c in s.clusters for i in c.members} for n, s in zip(names, found.sectors)}
    result.colocation = colocation(memberships)
    result.sector_clusters = {n: [[region_names[i] for i in c.members] for c in s.clusters]
                              for n, s in zip(names, found.sectors)}
    result.notes += [tr("Co-location: skipped {} ({})").format(f, why) for f, why in found.skipped.items()]
    record = settings.to_record()
    result.meta.update({k: record[k] for k in ("colocation_baseline", "colocation_threshold",
                                               "colocation_min_regions")})


def group_outlines(analysis: ProfileAnalysis, is_cancelled: Callable[[], bool] | None = None) -> list[Outline]:
    """One record per group, outlined as clusters are (gaps up to the tolerance closed, sliver holes filled)."""
    make = OutlineMaker(analysis.regions.shapes, analysis.tolerance)
    make.outline_all((g.members for g in analysis.groups), is_cancelled)
    out = []
    for g in analysis.groups:
        check_cancelled(is_cancelled)
        shape = make(g.members)
        out.append(Outline({"group_id": g.group_id,
                            **members_attributes(analysis.data.keys, analysis.data.names, g.members),
                            "top_sectors": words.join_names(g.top), "area_km2": area_km2(shape)},
                           shape, tuple(int(i) for i in g.members)))
    return out


def describe(analysis: ProfileAnalysis) -> str:
    how = tr("chosen by the best pseudo-F") if analysis.chosen else tr("as requested")
    basis = tr("scores") if analysis.profile == codes.SCORES else tr("shares of each region's total")
    return tr("{} contiguous groups ({}), formed on {} of {} fields; distinctive sectors are those with the "
              "highest mean standardised value in the group.").format(analysis.k, how, basis,
                                                                      len(analysis.data.fields))


def report_html(analysis: ProfileAnalysis, title: str) -> str:
    """The co-location page plus a section on the profile groups (all text escaped)."""
    page = colocation_html(analysis.colocation, analysis.sector_clusters, title)
    esc = html.escape
    items = "".join(
        f"<li><b>{esc(tr('Group {}').format(g.group_id))}</b> ({g.size}): {esc(words.join_names(g.top))}"
        f"<br><small>{esc(words.join_names(analysis.data.names[i] for i in g.members))}</small></li>"
        for g in analysis.groups)
    section = (f"<h2>{esc(tr('Sector-profile regions'))}</h2><p>{esc(describe(analysis))}</p>"
               f"<ol class='clusters'>{items}</ol>")
    return page.replace("</body></html>", section + "</body></html>")


def report_lines(analysis: ProfileAnalysis) -> list[tuple[str, str]]:
    """(level, text) lines for the log: pseudo-F per k, the groups, the most co-located sector pairs."""
    out = [("warning", n) for n in analysis.notes]
    if analysis.chosen:
        out += [("info", tr("k = {}: pseudo-F {:.3f}").format(kk, f)) for kk, f in sorted(analysis.pseudo_f.items())]
        out.append(("info", tr("Chosen: {} groups (highest pseudo-F).").format(analysis.k)))
    else:
        out.append(("info", tr("{} groups, pseudo-F {:.3f}").format(
            analysis.k, analysis.pseudo_f.get(analysis.k, float("nan")))))
    for g in analysis.groups:
        out.append(("info", tr("Group {} ({} region(s)): {}").format(g.group_id, g.size, words.join_names(g.top))))
        out.append(("info", "  " + words.join_names(analysis.data.names[i] for i in g.members)))
    if analysis.colocation_error:
        out.append(("warning", tr("No co-location table: {}").format(analysis.colocation_error)))
    elif analysis.colocation is not None:
        m = analysis.colocation
        names = list(m.index)
        pairs = sorted(((float(m.iat[i, j]), names[i], names[j]) for i in range(len(names))
                        for j in range(i + 1, len(names)) if m.iat[i, j] > 0), reverse=True)
        out.append(("info", tr("Sector pairs whose clusters overlap: {}").format(len(pairs))))
        out += [("info", f"  {v:.2f}  {a} / {b}") for v, a, b in pairs[:5]]
    return out
