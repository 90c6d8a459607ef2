"""Cluster dynamics over time (sectorclusters:clustertimeline): one step the algorithm, the panel and
``make demo`` all call.

Each period's table is joined exactly as "Join sector scores" joins it (``steps.join``: the same reading
options, aliases and matching on the regions' ``LayerKeys``) and analysed exactly as "Detect clusters"
analyses that joined layer (``steps.rule.detect_by_rule`` on the ``RegionData`` the join gives, without writing
a GeoPackage, and on ONE neighbour graph of the layer, the same for every period). Then, per sector, the
clusters are followed from period to period (``core.tracking``) and every region gets the periods in which it
is above the baseline and a trajectory class (``core.trajectory``).

Rules this step adds (the tracking and trajectory rules are in their core modules):

* Periods: the four-digit year in each file's name, or given as ``periods`` text ("a.csv=2018; b.csv=2019",
  or the years in the files' order "2018; 2019"); or the values of a long table's period column. At least two.
* Sectors are matched by label across periods (``core.timeline.align_sectors``); every label that did not
  line up is reported. A sector's field name is its field in the first period's join.
* Regions: every period must match the same regions. Periods that do not (a region has a row in some periods
  only) are refused with the regions named, unless ``allow_missing_regions``: then a missing row is "no data"
  in that period, never "below". Regions matched in no period at all are simply no data (as in each period's
  detectclusters).
* A sector that cannot be analysed in a period (detectclusters would skip it: no data, all zero…) is left out
  of that period: its clusters are tracked across the periods either side, its regions have no data there.
  A sector analysed in no period is skipped with the reason. If no chosen sector can be analysed in some period,
  that period's own error is raised (detectclusters would fail on it too).
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.errors import UserError, check_cancelled
from ..core.timeline import TimelineError
from ..i18n import tr
from . import words
from .analysis import Column
from .join import LayerKeys
from .outlines import Outline, OutlineMaker, area_km2
from .reading import PeriodSources
from .settings import NeighbourSettings, RuleSettings

# The clusters output (one polygon per period × sector × cluster) and the ended-tracks table.
TIMELINE_CLUSTER_FIELDS = (
    ("period", "int"), ("sector", "string"), ("sector_label", "string"), ("track", "int"), ("change", "string"),
    ("cluster_id", "int"), ("n_regions", "int"), ("members", "string"), ("member_names", "string"),
    ("area_km2", "double"), ("mean_score", "double"), ("predecessor", "int"), ("sources", "string"),
    ("overlap", "int"), ("baseline", "string"), ("threshold", "double"))
ENDED_FIELDS = (
    ("track", "int"), ("sector", "string"), ("sector_label", "string"), ("last_period", "int"), ("ended", "int"),
    ("members", "string"), ("member_names", "string"), ("absorbed_into", "string"))
TRACK_SEP = "; "


# ----------------------------------------------------------------------------- periods and sectors as typed


def split_sectors(text: str) -> list[str]:
    """Sector labels typed in one box: one per line, or separated by '|' (labels themselves hold ';' and ',',
    e.g. "E : Water supply; sewerage, …")."""
    return [s.strip() for s in re.split(r"[\n|]", text or "") if s.strip()]


def _file_index(name: str, paths: Sequence[str]) -> int:
    """Which of ``paths`` a name in the periods text means: its full path, file name or name without extension."""
    wanted = name.strip().casefold()
    hits = [i for i, p in enumerate(paths)
            if wanted in {str(p).casefold(), Path(str(p)).name.casefold(), Path(str(p)).stem.casefold()}]
    if len(hits) == 1:
        return hits[0]
    shown = "; ".join(Path(str(p)).name for p in paths)
    if not hits:
        raise TimelineError(tr("The periods name a table {!r} that is not one of the tables ({}).").format(
            name, shown), code="period_file")
    raise TimelineError(tr("Several tables are called {!r}: give their periods in the order of the tables "
                           "instead (e.g. \"2018; 2019\").").format(name), code="period_file")


def periods_for_files(paths: Sequence[str], text: str = "") -> list[int | None]:
    """The period of each file in ``paths``.

    ``text`` empty: the year in each file's name (None where there is none). Otherwise either every item is
    ``file=year`` (file: its name, with or without extension, or its path; files not named keep the year in their
    name) or every item is a year, one per file in the order of ``paths``. Items are separated by ``;`` or new
    lines. Errors name the item that is wrong.
    """
    from ..core.timeline import parse_period, period_from_name

    items = [t.strip() for t in re.split(r"[;\n]", text or "") if t.strip()]
    if not items:
        return [period_from_name(p) for p in paths]
    named = ["=" in t for t in items]
    if not any(named):
        if len(items) != len(paths):
            raise TimelineError(tr(
                "{} tables but {} period(s) ({}): give one year per table, in the order of the tables, or name the "
                "files (\"file.csv=2018; other.csv=2019\").").format(len(paths), len(items), "; ".join(items)),
                code="period_count")
        return [parse_period(t, Path(str(p)).name) for t, p in zip(items, paths)]
    if not all(named):
        raise TimelineError(tr(
            "Give the periods either all as file=year (\"a.csv=2018; b.csv=2019\") or all as years in the order of "
            "the tables (\"2018; 2019\"), not a mix: {}.").format("; ".join(items)), code="period_mix")
    out = [period_from_name(p) for p in paths]
    for item in items:
        name, _, year = item.rpartition("=")
        out[_file_index(name, paths)] = parse_period(year, name.strip())
    return out


def _check_named_periods(paths: Sequence[str], periods: Sequence[int | None]) -> None:
    """Files without a period: one message naming each and saying how to give it."""
    from ..core.timeline import explain_period

    missing = [Path(str(p)).name for p, y in zip(paths, periods) if y is None]
    if not missing:
        return
    reasons = "; ".join(explain_period(m)[1] for m in missing)
    example = "; ".join(f"{m}=20{18 + i}" for i, m in enumerate(missing[:2]))
    raise TimelineError(tr(
        "Give the period of each table: {}. Put the year in the file name, or set the periods (PERIODS) as "
        "file=year, e.g. \"{}\", or as the years in the order of the tables, e.g. \"2018; 2019\".").format(
        reasons, example), code="no_period")


def load_period_tables(sources: PeriodSources) -> list:
    """One ``core.timeline.PeriodTable`` per period, sorted by period, each read as joinscores reads a table.

    Either ``sources.tables`` (one file per period; ``sources.periods`` as in :func:`periods_for_files`) or
    ``sources.table`` with its ``period_column`` (one long table; each period's rows are read as joinscores
    reads the table with ``ROW_FILTER`` "<row_filter>; <period_column>=<period>").
    """
    from ..core.tables import read_raw
    from ..core.timeline import file_period_tables, long_period_tables

    reading = sources.reading.scores()
    if sources.table:
        return long_period_tables(read_raw(sources.table, reading.sheet), sources.period_column.strip(),
                                  Path(sources.table).name, reading)
    given = periods_for_files(sources.tables, sources.periods)
    if len(sources.tables) >= 2:
        _check_named_periods(sources.tables, given)
    return file_period_tables(list(sources.tables), given, reading)


# ----------------------------------------------------------------------------- the settings and inputs


@dataclass(frozen=True)
class TimelineSettings:
    """How every period is analysed and what the timeline compares: the rule (baseline, threshold, smallest
    cluster) and the neighbours the graph was built with, the ``sectors`` (labels as in the tables, any period's
    spelling; empty = every sector common to all periods) and whether a period may miss some regions
    (``allow_missing_regions``: a missing row is then "no data" in that period, never "below")."""

    rule: RuleSettings = field(default_factory=RuleSettings)
    neighbours: NeighbourSettings = field(default_factory=NeighbourSettings)
    sectors: Sequence[str] = ()
    allow_missing_regions: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "sectors", tuple(str(s) for s in self.sectors))
        object.__setattr__(self, "allow_missing_regions", bool(self.allow_missing_regions))

    @classmethod
    def from_parameters(cls, values: Mapping[str, object]) -> TimelineSettings:
        """From Processing parameter values as read: the rule's and the neighbours' own, SECTORS (one label
        per line or separated by |) and ALLOW_MISSING."""
        allow = values.get("ALLOW_MISSING")
        if isinstance(allow, str):  # as qgis_process hands it over
            allow = allow.strip().casefold() in ("1", "true", "yes")
        return cls(RuleSettings.from_parameters(values), NeighbourSettings.from_parameters(values),
                   split_sectors(str(values.get("SECTORS") or "")), bool(allow))

    def to_parameters(self) -> dict:
        return {**self.rule.to_parameters(), **self.neighbours.to_parameters(),
                "SECTORS": "\n".join(self.sectors), "ALLOW_MISSING": self.allow_missing_regions}

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> TimelineSettings:
        """The panel's settings: its rule and neighbours, every sector (switching the shown one re-runs nothing)."""
        return cls(RuleSettings.from_state(state), NeighbourSettings.from_state(state), (),
                   bool(state.get("allow_missing", False)))

    def to_state(self) -> dict:
        return {**self.rule.to_state(), **self.neighbours.to_state(), "allow_missing": self.allow_missing_regions}


@dataclass(frozen=True)
class TimelineInputs:
    """What the timeline runs on: the regions (``layer_keys`` from ``gis.reading.read_layer_keys``, ``regions``
    from ``gis.layers.read_regions`` of the same layer, ``layer_name`` for the record), their one neighbour
    ``graph`` (built with the settings' neighbours), the period ``tables`` (:func:`load_period_tables`) and the
    hand fixes of the matching (``aliases``: table value -> layer key or name)."""

    layer_keys: LayerKeys
    regions: Any  # gis.layers.Regions (measuring CRS)
    graph: Any  # core.graph.NeighbourGraph
    tables: Sequence[Any]  # core.timeline.PeriodTable
    aliases: Mapping[str, str] = field(default_factory=dict)
    layer_name: str = ""


# ----------------------------------------------------------------------------- the result


@dataclass
class TimelineSector:
    """One sector through the periods."""

    field: str  # its field name (the first period's join)
    label: str  # its label (the first period's spelling)
    labels: dict[int, str]  # period -> that period's own label
    fields: dict[int, str]  # period -> its field in that period's join (absent: not joined)
    not_analysed: dict[int, str]  # period -> why it was not analysed there
    tracks: Any  # core.tracking.TrackResult over the analysed periods
    above: Any  # np.ndarray regions × periods (every period): 1 above, 0 not, NaN no data / not analysed
    classes: list[str]  # trajectory class per region
    years: list[str]  # periods above per region ("2016;2018")

    @property
    def analysed(self) -> list[int]:
        return list(self.tracks.periods)


@dataclass
class Timeline:
    """Everything the timeline found; nothing is written yet."""

    periods: list[int]
    sources: dict[int, str]  # period -> its table
    layer_keys: Any  # steps.join.LayerKeys
    regions: Any  # gis.layers.Regions (measuring CRS)
    graph: Any
    joins: dict[int, Any]  # period -> steps.join.JoinOutcome
    analyses: dict[int, Any]  # period -> steps.analysis.Analysis (detect_by_rule)
    sectors: list[TimelineSector]
    skipped: dict[str, str]  # sector label -> why it was analysed in no period
    sector_alignment: Any  # core.timeline.SectorAlignment
    region_alignment: Any  # core.timeline.RegionAlignment
    settings: dict
    meta: dict
    notes: list[str] = field(default_factory=list)  # what did not line up, what was left out
    period_notes: dict[int, list[str]] = field(default_factory=dict)  # per period, the join's notes and warnings

    @property
    def keys(self) -> list[str]:
        return list(self.layer_keys.keys)

    @property
    def names(self) -> list[str]:
        return self.layer_keys.name_values()

    def name_of(self) -> dict[str, str]:
        """key -> name (the first feature with the key)."""
        out: dict[str, str] = {}
        for k, n in zip(self.keys, self.names):
            out.setdefault(k, n or k)
        return out

    def sector(self, name: str) -> TimelineSector | None:
        """A sector by field name or label (case-insensitive)."""
        folded = str(name).casefold()
        return next((s for s in self.sectors if folded in (s.field.casefold(), s.label.casefold())), None)

    def cluster_of(self, period: int, sector: TimelineSector, ref):
        """The detect ``Cluster`` (region indices) a tracked cluster came from."""
        outcome = self.analyses[period].sector(sector.fields[period])
        return next(c for c in outcome.clusters if c.cluster_id == ref)

    # -------------------------------------------------------------- outputs as plain records
    def cluster_outlines(self, is_cancelled: Callable[[], bool] | None = None) -> list[Outline]:
        """One record per (sector, period, cluster) in the clusters output's schema (TIMELINE_CLUSTER_FIELDS),
        by sector, period and track."""
        import numpy as np

        make = OutlineMaker(self.regions.shapes, float(self.settings.get("gap_tolerance", 0.0)))
        name_of = self.name_of()
        baseline, threshold = self.settings["baseline"], self.settings["threshold"]
        make.outline_all((self.cluster_of(c.period, sector, c.ref).members
                          for sector in self.sectors for c in sector.tracks.clusters), is_cancelled)
        out = []
        for sector in self.sectors:
            for tracked in sorted(sector.tracks.clusters, key=lambda c: (c.period, c.track)):
                check_cancelled(is_cancelled)
                members = self.cluster_of(tracked.period, sector, tracked.ref).members
                shape = make(members)
                scores = self.analyses[tracked.period].sector(sector.fields[tracked.period]).scores
                names = words.join_names(name_of.get(key, key) for key in tracked.members)
                out.append(Outline({
                    "period": tracked.period, "sector": sector.field, "sector_label": sector.label,
                    "track": tracked.track, "change": tracked.change, "cluster_id": int(tracked.ref),
                    "n_regions": tracked.n_regions, "members": tracked.members_text, "member_names": names,
                    "area_km2": area_km2(shape), "mean_score": float(np.nanmean(scores[members])),
                    "predecessor": tracked.predecessor, "sources": TRACK_SEP.join(map(str, tracked.sources)),
                    "overlap": tracked.overlap, "baseline": baseline, "threshold": threshold,
                }, shape, tuple(int(i) for i in members)))
        return out

    def ended_rows(self) -> list[dict]:
        """The tracks that ended, in ENDED_FIELDS' schema, by sector, then ended period and track."""
        name_of = self.name_of()
        rows = []
        for s in self.sectors:
            for e in s.tracks.ended:
                rows.append({"track": e.track, "sector": s.field, "sector_label": s.label,
                             "last_period": e.last_period, "ended": e.ended, "members": e.members_text,
                             "member_names": words.join_names(name_of.get(k, k) for k in e.members),
                             "absorbed_into": TRACK_SEP.join(map(str, e.absorbed_into))})
        return rows

    def region_columns(self) -> list[Column]:
        """Per sector F: ``F_traj`` (trajectory class), ``F_years`` (periods above, "2016;2018"), and per
        period ``F_above_<period>`` (1 above, 0 at or below, NULL no data or not analysed)."""
        import numpy as np

        out: list[Column] = []
        for s in self.sectors:
            out.append(Column(f"{s.field}_traj", "string", words.timeline_column_alias(s.label, "traj"),
                              list(s.classes), 20))
            out.append(Column(f"{s.field}_years", "string", words.timeline_column_alias(s.label, "years"),
                              list(s.years), 0))
            for j, p in enumerate(self.periods):
                col = s.above[:, j]
                out.append(Column(f"{s.field}_above_{p}", "int", words.timeline_column_alias(s.label, "above", p),
                                  [None if not np.isfinite(v) else int(v) for v in col]))
        return out

    def report_html(self, title: str | None = None, subtitle: str | None = None) -> str:
        """The self-contained HTML report (``core.timeline_report``)."""
        from ..core.timeline_report import SectorTimeline, timeline_html

        name_of = self.name_of()
        sectors = [SectorTimeline(s.label, s.tracks, s.classes, self.keys, name_of, s.not_analysed)
                   for s in self.sectors]
        notes = list(self.notes)
        notes += [tr("{}: not analysed in any period — {}").format(label, why) for label, why in self.skipped.items()]
        return timeline_html(sectors, self.periods, words.timeline_settings(self.settings, self.sources),
                             title or tr(words.TIMELINE_TITLE), notes, subtitle)

    def log_lines(self) -> list[str]:
        """What the log says per sector: the tracks and their changes, the trajectory counts."""
        from ..core.trajectory import trajectory_counts

        lines = []
        for s in self.sectors:
            lines.append(words.timeline_sector_line(s.label, len(s.tracks.tracks()), len(s.tracks.ended),
                                                    trajectory_counts(s.classes)))
            for track, by_period in s.tracks.tracks().items():
                lines.append("  " + words.timeline_track_line(track, [(p, c.change, c.n_regions)
                                                                       for p, c in sorted(by_period.items())]))
        return lines


# ----------------------------------------------------------------------------- the step


def _matched_keys(layer_keys, outcome) -> set[str]:
    m = outcome.match
    return {layer_keys.keys[f] for r in m.row_to_feature for f in m.features_of(r)}


def _sector_fields(alignment, joins: dict[int, Any]) -> dict[str, dict[int, str]]:
    """aligned sector -> {period: its field in that period's join} (a label the join dropped as an identifier
    column has no field there)."""
    out: dict[str, dict[int, str]] = {}
    for s in alignment.sectors:
        out[s] = {}
        for p, outcome in joins.items():
            r = outcome.result
            own = alignment.label_in(p, s)
            if own in r.labels:
                out[s][p] = r.fields[r.labels.index(own)]
    return out


def _timeline_field(label: str, by_period: dict[int, str], taken: set[str]) -> str:
    from ..core.engine import safe_field_names

    name = next(iter(by_period.values()), None) or safe_field_names([label], sorted(taken))[0]
    if name.lower() in taken:
        name = safe_field_names([name], sorted(taken))[0]
    taken.add(name.lower())
    return name


def run_timeline(inputs: TimelineInputs, settings: TimelineSettings | None = None,
                 is_cancelled: Callable[[], bool] | None = None) -> Timeline:
    """Join, detect, track and classify every period of ``inputs.tables`` on the regions and their one
    neighbour graph, as ``settings`` say (default: detectclusters' defaults, every common sector).

    Raises ``TimelineError`` (or the join's / detect's own ``UserError``) with a plain message.
    """
    from ..core.timeline import align_regions, align_sectors, check_periods

    settings = settings or TimelineSettings()
    tables = sorted(inputs.tables, key=lambda t: t.period)
    check_periods([(t.period, t.source) for t in tables])
    periods = [t.period for t in tables]
    sources = {t.period: t.source for t in tables}
    sector_alignment = align_sectors([(t.period, t.table.sectors) for t in tables], list(settings.sectors) or None)
    joins, period_notes = _join_periods(inputs, tables, is_cancelled)

    layer_keys = inputs.layer_keys
    matched = [(p, _matched_keys(layer_keys, joins[p])) for p in periods]
    region_alignment = align_regions(layer_keys.keys, matched, layer_keys.name_values())
    if region_alignment.partial and not settings.allow_missing_regions:
        raise TimelineError(tr(
            "The periods do not match the same regions: {} Give each period's table a row for the same regions "
            "(check the key column and the aliases), or allow periods that miss some regions (ALLOW_MISSING): "
            "they then count as no data in those periods.").format(" ".join(region_alignment.messages()[1:])),
            code="region_sets")

    fields_by_sector = _sector_fields(sector_alignment, joins)
    analyses = _analyse_periods(inputs, settings, joins, fields_by_sector, sources, is_cancelled)
    followed, skipped = _follow_sectors(layer_keys, sector_alignment, fields_by_sector, analyses, is_cancelled)

    from .outlines import duplicate_key_note

    # as detectclusters says it: a region on several features is listed and counted once in each cluster
    notes = [n for n in (duplicate_key_note(layer_keys.keys),) if n]
    notes += sector_alignment.messages() + region_alignment.messages()
    for sector in followed:
        for p, why in sector.not_analysed.items():
            notes.append(tr("{}: {} not analysed — {}").format(p, sector.label, why))
    last = analyses[periods[-1]]
    record = {k: v for k, v in last.meta.items() if k not in ("reference", "analysed", "source")}
    record.update(analysis="timeline", periods=periods, sources={str(p): sources[p] for p in periods},
                  source="; ".join(sources[p] for p in periods), sectors={s.field: s.label for s in followed},
                  analysed=[s.field for s in followed])
    return Timeline(periods, sources, layer_keys, inputs.regions, inputs.graph, joins, analyses, followed,
                    skipped, sector_alignment, region_alignment, dict(last.settings), record, notes, period_notes)


def _join_periods(inputs: TimelineInputs, tables: Sequence, is_cancelled: Callable[[], bool] | None
                  ) -> tuple[dict[int, Any], dict[int, list[str]]]:
    """Each period's table joined to the regions as joinscores joins it, and per period the join's notes."""
    from ..core.engine import key_warnings
    from .join import join_loaded

    joins: dict[int, Any] = {}
    period_notes: dict[int, list[str]] = {}
    for period_table in tables:
        check_cancelled(is_cancelled)
        period = period_table.period
        try:
            joins[period] = join_loaded(inputs.layer_keys, period_table.table, dict(inputs.aliases))
        except TimelineError:
            raise
        except UserError as exc:  # say which period's table it is
            raise TimelineError(f"{period} ({period_table.source}): {exc}", code=exc.code) from None
        joined = joins[period].result
        period_notes[period] = [*joined.notes, joins[period].match.summary(), *key_warnings(joined)]
    return joins, period_notes


def _analyse_periods(inputs: TimelineInputs, settings: TimelineSettings, joins: dict[int, Any],
                     fields_by_sector: dict[str, dict[int, str]], sources: dict[int, str],
                     is_cancelled: Callable[[], bool] | None) -> dict[int, Any]:
    """Each period analysed as detectclusters analyses its joined layer, on the one graph."""
    from .join import join_record, joined_region_data
    from .rule import detect_by_rule

    analyses: dict[int, Any] = {}
    for period in joins:
        check_cancelled(is_cancelled)
        fields = [by_period[period] for by_period in fields_by_sector.values() if period in by_period]
        if not fields:
            raise TimelineError(tr("{} ({}): none of the sectors to compare is in the joined table.").format(
                period, sources[period]), code="no_sector")
        record = join_record(inputs.layer_keys, joins[period], sources[period])
        data = joined_region_data(inputs.layer_keys, joins[period], inputs.regions, fields, record,
                                  inputs.layer_name)
        try:
            analyses[period] = detect_by_rule(data, inputs.graph, settings.rule, settings.neighbours)
        except UserError as exc:  # every sector failed in this period: detectclusters would fail on it too
            raise TimelineError(f"{period} ({sources[period]}): {exc}", code=exc.code) from None
    return analyses


def _follow_sectors(layer_keys: LayerKeys, sector_alignment, fields_by_sector: dict[str, dict[int, str]],
                    analyses: dict[int, Any], is_cancelled: Callable[[], bool] | None
                    ) -> tuple[list[TimelineSector], dict[str, str]]:
    """Per aligned sector its clusters tracked across the periods it was analysed in, and the regions'
    trajectories; the sectors analysed in no period, with the first reason."""
    from ..core.tracking import track_clusters
    from ..core.trajectory import trajectory, years_above

    periods = sorted(analyses)
    followed: list[TimelineSector] = []
    skipped: dict[str, str] = {}
    taken = {f.lower() for f in layer_keys.field_names}
    for label in sector_alignment.sectors:
        check_cancelled(is_cancelled)
        fields = fields_by_sector[label]
        clusters, above, not_analysed = _sector_periods(layer_keys.keys, fields, analyses)
        if not clusters:
            skipped[label] = next(iter(not_analysed.values()))
            continue
        tracks = track_clusters(clusters)
        followed.append(TimelineSector(_timeline_field(label, fields, taken), label,
                                       {p: sector_alignment.label_in(p, label) for p in periods}, fields,
                                       not_analysed, tracks, above, trajectory(above), years_above(above, periods)))
    if not followed:
        first = next(iter(skipped.items()))
        raise TimelineError(tr("No sector can be analysed in any period ({}: {}).").format(*first),
                            code="no_sector")
    return followed, skipped


def _sector_periods(keys: Sequence[str], fields: dict[int, str], analyses: dict[int, Any]):
    """One sector through the periods: its clusters in each period it was analysed in, the regions × periods
    above matrix (1, 0, NaN for no data or not analysed) and, per period it was not analysed in, why."""
    import numpy as np

    from ..core.tracking import PeriodClusters

    clusters, above_columns = [], []
    not_analysed: dict[int, str] = {}
    for period in sorted(analyses):
        field_name = fields.get(period)
        outcome = analyses[period].sector(field_name) if field_name else None
        if outcome is None:
            not_analysed[period] = (analyses[period].skipped.get(field_name) if field_name else None) or tr(
                "the column was not joined (it looks like an identifier column)")
            above_columns.append(np.full(len(keys), np.nan))
            continue
        clusters.append(PeriodClusters.of(period, [[keys[i] for i in c.members] for c in outcome.clusters],
                                          [c.cluster_id for c in outcome.clusters]))
        above_columns.append(np.where(outcome.flags.has_data, outcome.flags.above.astype(float), np.nan))
    return clusters, np.column_stack(above_columns), not_analysed
