"""The panel's periods: what it hands the timeline step (``steps.timeline``) and what it shows of the result.

Plain functions and records (no widgets); the job runs in a worker on a LayerSnapshot and plain data.

Rules (the panel's, on top of the step's own):

* The timeline reuses the panel's settings: the regions layer and key field, how the table is read (shape,
  key column, sector and score columns, row filter), the hand fixes of the matching, the baseline, threshold,
  neighbours, gap tolerance and minimum regions; every sector common to the periods is analysed, so switching
  the shown sector re-runs nothing.
* *Several tables*: the files listed, one per period; their periods come from their names, or from the
  *Periods* text ("2018; 2019" in the files' order, or "a.csv=2018; b.csv=2019"). Fewer than two files is said
  plainly and nothing runs.
* *Period column*: the scores table itself, every value of its period column a period; the row filter the
  panel uses for one period (e.g. "year=2022; geographic_level=LEP|COUNTRY") applies to every period without its
  period part.
* The tracks shown are those of the shown sector, matched by field name, then by label in any period's spelling
  (the panel's table and the periods' tables may spell it differently); a track's row shows its periods, its
  latest change (or "ended" when no cluster kept it) and its regions in its latest period. Clicking a track
  selects its latest period's members; clicking one of its periods, that period's members.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core import codes
from ..i18n import tr
from ..steps import words
from ..steps.reading import PeriodSources


def period_sources(state: dict) -> PeriodSources | None:
    """The panel's periods as the timeline step takes them (None when there are none)."""
    return PeriodSources.from_state(state)


def not_ready(state: dict) -> str:
    """Why the periods cannot run yet, in words ('' when they can): checked before any file is read."""
    source = state["periods_source"]
    if source == codes.PERIODS_FILES:
        n = len(state["period_files"])
        return words.periods_need_tables(n) if n < 2 else ""
    if source == codes.PERIODS_COLUMN:
        if not state["table_path"]:
            return words.periods_need_table()
        if not state["period_column"]:
            return words.periods_need_column()
    return ""


def file_periods(paths: list[str], text: str) -> list[int | None]:
    """The period of each listed file as the step will read it (None where there is none yet)."""
    from ..core.errors import UserError
    from ..steps.timeline import periods_for_files

    try:
        return periods_for_files(paths, text)
    except UserError:
        from ..core.timeline import period_from_name

        return [period_from_name(p) for p in paths]


def timeline_job(snapshot, state: dict, regions, graph) -> Callable:
    """Read every period's table and run the timeline (``steps.timeline.run_timeline``) in a worker, on the
    panel's regions and neighbour graph, with the panel's settings (``state``, copied now: the user may change
    them while it runs). ``snapshot``: a gis.snapshot.LayerSnapshot of the regions layer.

    The settings are made and checked in the worker, so a setting the step refuses is the job's error, shown
    as any other."""
    state = {**state, "aliases": dict(state["aliases"]), "period_files": list(state["period_files"])}

    def job(task):
        from ..gis.reading import read_layer_keys
        from ..steps.timeline import TimelineInputs, TimelineSettings, load_period_tables, run_timeline

        task.setProgress(1)
        settings = TimelineSettings.from_state(state)
        keys = read_layer_keys(snapshot, state["key_field"])
        tables = load_period_tables(PeriodSources.from_state(state))
        task.setProgress(40)
        inputs = TimelineInputs(keys, regions, graph, tables, state["aliases"], snapshot.name())
        return run_timeline(inputs, settings, task.poll)

    return job


def timeline_sector(timeline, field_name: str, label: str = ""):
    """The ``steps.timeline.TimelineSector`` the panel's shown sector is (by field, then by label in any period's
    spelling), or None."""
    if timeline is None:
        return None
    found = timeline.sector(field_name) if field_name else None
    if found is None and label:
        found = timeline.sector(label)
        if found is None:
            folded = label.casefold()
            found = next((s for s in timeline.sectors if folded in {v.casefold() for v in s.labels.values()}), None)
    return found


@dataclass
class TrackStep:
    """One period of a track: its change and members (region indices, keys, names)."""

    period: int
    change: str
    members: list[int]
    keys: list[str]
    names: list[str]

    @property
    def tooltip(self) -> str:
        return words.member_lines(self.names)


@dataclass
class TrackRow:
    """One row of the panel's tracks table."""

    track: int
    steps: list[TrackStep]
    ended: int | None = None  # the period after its last, when no cluster kept it
    line: str = ""  # the whole history in words ("track 1: 2015 new (14), 2016 shrunk (13), …")
    periods_text: str = field(default="")

    @property
    def last(self) -> TrackStep:
        return self.steps[-1]

    @property
    def status(self) -> str:
        """Its latest change, or 'ended' when no cluster kept it."""
        return tr("ended") if self.ended is not None else self.last.change


def track_rows(timeline, sector) -> list[TrackRow]:
    """The tracks of ``sector`` (a TimelineSector), by track number."""
    if timeline is None or sector is None:
        return []
    names = timeline.names
    keys = timeline.keys
    rows = []
    for track, by_period in sorted(sector.tracks.tracks().items()):
        steps = []
        for period, c in sorted(by_period.items()):
            members = [int(i) for i in timeline.cluster_of(period, sector, c.ref).members]
            steps.append(TrackStep(period, c.change, members, [keys[i] for i in members],
                                   [names[i] or keys[i] for i in members]))
        ended = sector.tracks.ended_track(track)
        rows.append(TrackRow(track, steps, ended.ended if ended is not None else None,
                             words.timeline_track_line(track, [(s.period, s.change, len(s.members)) for s in steps]),
                             words.period_list([s.period for s in steps], sector.analysed)))
    return rows


def report_path(gpkg: str) -> str:
    """The timeline's HTML report beside its GeoPackage: 'out_timeline.gpkg' -> 'out_timeline.html'."""
    p = Path(gpkg)
    return str(p.with_suffix(".html"))
