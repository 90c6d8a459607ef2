"""Cluster dynamics over time, the input side: periods, per-period tables, and what lines up across them.

The same scores held for several years come either as one file per period (the period is the four-digit
year 1900–2099 in the file name, e.g. "Employment by sector - BRES 2018.csv", or given by the user), or as one
long table with a period column (e.g. the APS table's ``year``). Each period becomes its own ``ScoreTable`` and is
analysed exactly as "Detect clusters" would analyse that table alone; this module only decides which periods
there are and what can be compared between them:

* Periods are whole numbers (years). At least two different periods are needed; two files for the same period,
  a file whose name holds no year or two different years, blanks or non-numbers in a period column are errors
  that name the file, the values and the lines.
* Sectors are matched by label across periods: the exact label first, then the label with case, spacing and
  punctuation ignored (so "C : Manufacturing" = "C: manufacturing"), then without the Nomis code prefix
  ("C : Manufacturing" = "Manufacturing"); a normalised match only counts when it is one-to-one. The sectors
  analysed are those found in every period, in the first period's order and spelling; every label that did not
  line up is reported per period (missing, extra, renamed), never dropped silently. No common sector is an error.
* Regions: a region whose row is missing from a period's table (not matched, or absent) has no data in that
  period — it is never counted as below the baseline. Region sets that differ between periods are reported as a
  warning naming the regions and periods; a period in which no region matched at all is an error.

Tracking clusters between periods is in ``tracking``, region trajectories in ``trajectory``, the HTML report
in ``timeline_report``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Collection, Optional, Sequence

import numpy as np

from .errors import UserError
from .matching import normalise
from .tables import (
    RawTable,
    ScoreReading,
    ScoreTable,
    TableError,
    apply_row_filter,
    load_scores,
    scores_from_raw,
)

YEAR_MIN, YEAR_MAX = 1900, 2099
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
_WHOLE = re.compile(r"^[+]?\d+(\.0*)?$")
_NOMIS_PREFIX = re.compile(r"^\s*[A-Za-z0-9]{1,3}\s*:\s*")


class TimelineError(UserError):
    """Input for a timeline that cannot be used; the message says why in plain words."""

    code = "timeline"


# ----------------------------------------------------------------------------- periods


def explain_period(filename: str | Path) -> tuple[Optional[int], str]:
    """The year in a file name and, when there is none, why: ``(2018, "")`` or ``(None, reason)``.

    Only the file's own name counts (not its folder). A year is four digits 1900–2099 not part of a longer
    number ("BRES2018" and "2018_v2" count; "20180501" and "APS1822" do not). The same year twice is fine;
    two different years (e.g. "change 2015-2020") are ambiguous.
    """
    name = Path(str(filename)).name
    stem = Path(name).stem or name
    years = sorted({int(y) for y in _YEAR.findall(stem)})
    if not years:
        return None, f"the file name {name!r} holds no four-digit year ({YEAR_MIN}–{YEAR_MAX})"
    if len(years) > 1:
        return None, f"the file name {name!r} holds several years ({', '.join(map(str, years))}): which period is it?"
    return years[0], ""


def period_from_name(filename: str | Path) -> Optional[int]:
    """The four-digit year (1900–2099) in a file name, or None when there is none or it is ambiguous."""
    return explain_period(filename)[0]


def parse_period(text: str, source: str = "") -> int:
    """A period typed by the user or read from a cell: a whole number such as 2018 (``2018.0`` is accepted)."""
    t = str(text).strip()
    if not _WHOLE.match(t):
        where = f" for {source}" if source else ""
        raise TimelineError(f"The period{where} must be a whole number such as a year (2018); got {t!r}.")
    return int(float(t))


def check_periods(items: Sequence[tuple[Optional[int], str]]) -> list[tuple[int, str]]:
    """``(period, source)`` pairs checked and sorted by period.

    Errors, each naming the files: a source without a period (with the reason read from its name), two sources
    for the same period, fewer than two periods.
    """
    unknown = [source for period, source in items if period is None]
    if unknown:
        reasons = "; ".join(explain_period(s)[1] or f"no period for {s}" for s in unknown)
        raise TimelineError(f"Give the period of each table: {reasons}.")
    by_period: dict[int, list[str]] = {}
    for period, source in items:
        by_period.setdefault(int(period), []).append(source)  # type: ignore[arg-type]
    dups = {p: s for p, s in by_period.items() if len(s) > 1}
    if dups:
        shown = "; ".join(f"{p}: {' and '.join(s)}" for p, s in sorted(dups.items()))
        raise TimelineError(f"Several tables are for the same period ({shown}). Each period needs exactly one table.")
    if len(by_period) < 2:
        only = ", ".join(f"{p} ({s[0]})" for p, s in by_period.items()) or "none"
        raise TimelineError(
            f"A timeline needs tables for at least two periods; there is only {only}. "
            "For a single period use 'Detect clusters'."
        )
    return sorted((p, s[0]) for p, s in by_period.items())


@dataclass
class PeriodTable:
    """One period's scores, ready for the join and the detect step."""

    period: int
    source: str  # file name, or "file.csv, year = 2018" for a long table
    table: ScoreTable


@dataclass(frozen=True)
class PeriodRows:
    """The rows of a long table that hold one period."""

    period: int
    values: tuple[str, ...]  # the cell texts that mean this period (usually one, e.g. "2018")
    n_rows: int


def split_by_period(raw: RawTable, column: str, source: str = "the table") -> list[PeriodRows]:
    """The periods of a long table's period ``column``, in ascending order.

    Errors: the column does not exist; blank cells (the lines are named); values that are not whole numbers.
    Fewer than two periods is left to ``check_periods``.
    """
    if column not in raw.header:
        shown = "; ".join(raw.header[:15]) + (" …" if len(raw.header) > 15 else "")
        raise TimelineError(f"{source} has no period column {column!r}. Its columns are: {shown}.")
    j = raw.header.index(column)
    blanks = [raw.line(i) for i, r in enumerate(raw.rows) if not r[j].strip()]
    if blanks:
        shown = ", ".join(map(str, blanks[:10])) + (f" and {len(blanks) - 10} more" if len(blanks) > 10 else "")
        raise TimelineError(
            f"The period column {column!r} of {source} is blank on {len(blanks)} row(s): line(s) {shown}. "
            "Fill in the period of every row, or filter those rows out."
        )
    groups: dict[int, dict[str, int]] = {}
    odd: dict[str, int] = {}
    for i, r in enumerate(raw.rows):
        text = r[j].strip()
        if _WHOLE.match(text):
            counts = groups.setdefault(int(float(text)), {})
            counts[text] = counts.get(text, 0) + 1
        else:
            odd.setdefault(text, raw.line(i))
    if odd:
        shown = ", ".join(f"{t!r} (line {n})" for t, n in list(odd.items())[:6])
        raise TimelineError(
            f"The period column {column!r} of {source} must hold whole years such as 2018; it also holds {shown}. "
            "Recode those periods as years, or make one table per period."
        )
    return [PeriodRows(p, tuple(sorted(c)), sum(c.values())) for p, c in sorted(groups.items())]


def long_period_tables(raw: RawTable, column: str, source: str = "the table",
                       reading: Optional[ScoreReading] = None) -> list[PeriodTable]:
    """One ``ScoreTable`` per period of a long table (``column`` = its period column, e.g. ``year``), each read
    as ``reading`` says.

    ``reading.row_filter`` (e.g. ``geographic_level=LEP|COUNTRY``) applies first. The period column is handed to
    the table reader as one more filter column, so — like every filter column — it is never read as a sector.
    """
    reading = reading or ScoreReading()
    row_filter = dict(reading.row_filter)
    if column in row_filter:
        raise TimelineError(f"{column!r} is the period column: do not filter on it too.")
    if reading.key_column and reading.key_column == column:
        raise TimelineError(f"{column!r} cannot be both the key column and the period column.")
    base = raw
    if row_filter:
        try:
            base = apply_row_filter(raw, row_filter)
        except TableError as exc:
            raise TimelineError(f"{source}: {exc}") from None
    parts = split_by_period(base, column, source)
    check_periods([(p.period, f"{source}, {column} = {p.period}") for p in parts])
    out = []
    for part in parts:
        label = f"{source}, {column} = {part.period}"
        try:
            table = scores_from_raw(raw, reading.filtered(column, part.values))
        except TableError as exc:
            raise TimelineError(f"{label}: {exc}") from None
        out.append(PeriodTable(part.period, label, table))
    return out


def file_period_tables(paths: Sequence[str | Path], periods: Optional[Sequence[Optional[int]]] = None,
                       reading: Optional[ScoreReading] = None) -> list[PeriodTable]:
    """One ``ScoreTable`` per file, sorted by period, every file read as ``reading`` says.

    ``periods[i]`` (when given and not None) is the period of ``paths[i]``; otherwise the year in its name.
    """
    if periods is not None and len(periods) != len(paths):
        raise TimelineError(f"{len(paths)} tables but {len(periods)} periods were given: give one period per table.")
    names = [Path(str(p)).name for p in paths]
    sources = [n if names.count(n) == 1 else str(p) for n, p in zip(names, paths)]
    items = []
    for i, path in enumerate(paths):
        given = periods[i] if periods is not None else None
        items.append((given if given is not None else period_from_name(path), sources[i]))
    checked = check_periods(items)
    out = []
    for period, name in checked:
        path = paths[sources.index(name)]
        try:
            table = load_scores(path, reading)
        except TableError as exc:
            raise TimelineError(f"{name} ({period}): {exc}") from None
        in_name = period_from_name(path)
        if in_name is not None and in_name != period:
            table.notes.append(f"{name} is used as period {period} although its name says {in_name}.")
        out.append(PeriodTable(period, name, table))
    return out


# ----------------------------------------------------------------------------- sectors across periods


@dataclass
class LabelDrift:
    """How one period's sector labels differ from the first period's."""

    period: int
    missing: list[str] = field(default_factory=list)  # first-period labels this period does not have
    extra: list[str] = field(default_factory=list)  # this period's labels the first period does not have
    renamed: list[tuple[str, str]] = field(default_factory=list)  # (first-period label, this period's label)

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.renamed)


@dataclass
class SectorAlignment:
    """The sectors comparable across all periods, and what did not line up."""

    sectors: list[str]  # in the first period's order and spelling
    labels: dict[int, dict[str, str]]  # period -> {sector (first period's label): that period's own label}
    drift: list[LabelDrift]  # one per later period
    periods: list[int]
    not_everywhere: list[str] = field(default_factory=list)  # chosen/first-period sectors missing in some period

    def label_in(self, period: int, sector: str) -> str:
        return self.labels[period][sector]

    def messages(self) -> list[str]:
        """Plain-words lines for the log and the report; empty when every label lined up."""
        out = []
        for d in self.drift:
            if d.renamed:
                out.append(f"{d.period}: matched after ignoring case, spacing and punctuation: "
                           + "; ".join(f"{a!r} = {b!r}" for a, b in d.renamed) + ".")
            if d.missing:
                out.append(f"{d.period}: no sector {'; '.join(repr(m) for m in d.missing)} "
                           f"(present in {self.periods[0]}).")
            if d.extra:
                out.append(f"{d.period}: sector(s) not in {self.periods[0]}, not compared: "
                           + "; ".join(repr(x) for x in d.extra) + ".")
        if self.not_everywhere:
            out.append("Not analysed because they are not in every period: "
                       + "; ".join(repr(s) for s in self.not_everywhere) + ".")
        return out


def _stripped(label: str) -> str:
    return normalise(_NOMIS_PREFIX.sub("", label))


_TIERS = (lambda s: s, normalise, _stripped)


def _match_labels(reference: Sequence[str], other: Sequence[str]) -> dict[str, str]:
    """reference label -> other label: exact, then normalised, then without the Nomis prefix; one-to-one only."""
    out: dict[str, str] = {}
    for tier in _TIERS:
        free_ref = [r for r in reference if r not in out]
        used = set(out.values())
        free_other = [o for o in other if o not in used]
        ref_keys: dict[str, list[str]] = {}
        for r in free_ref:
            ref_keys.setdefault(tier(r), []).append(r)
        other_keys: dict[str, list[str]] = {}
        for o in free_other:
            other_keys.setdefault(tier(o), []).append(o)
        for k, refs in ref_keys.items():
            if k and len(refs) == 1 and len(other_keys.get(k, [])) == 1:
                out[refs[0]] = other_keys[k][0]
    return out


def align_sectors(
    period_labels: Sequence[tuple[int, Sequence[str]]],
    chosen: Optional[Sequence[str]] = None,
) -> SectorAlignment:
    """Match sector labels across periods (``(period, labels)`` in time order) and pick the comparable ones.

    ``chosen``: the sectors the user asked for (labels as in the tables, any period's spelling; matched the
    same way); default all of the first period's. Errors: fewer than two periods; a chosen label no period has;
    no sector common to all periods.
    """
    if len(period_labels) < 2:
        raise TimelineError("A timeline needs at least two periods.")
    periods = [p for p, _ in period_labels]
    first_period, first = period_labels[0][0], list(period_labels[0][1])
    labels: dict[int, dict[str, str]] = {first_period: {s: s for s in first}}
    drift = []
    for period, own in period_labels[1:]:
        m = _match_labels(first, list(own))
        labels[period] = m
        drift.append(LabelDrift(
            period,
            missing=[s for s in first if s not in m],
            extra=[o for o in own if o not in set(m.values())],
            renamed=[(s, o) for s, o in m.items() if s != o],
        ))
    everywhere = [s for s in first if all(s in labels[p] for p in periods)]
    if chosen:
        wanted = _resolve_chosen(chosen, period_labels, labels)
    else:
        wanted = list(first)
    common = [s for s in wanted if s in everywhere]
    not_everywhere = [s for s in wanted if s not in everywhere]
    if not common:
        if chosen:
            raise TimelineError(
                "None of the chosen sectors is in every period's table "
                f"({'; '.join(repr(s) for s in not_everywhere[:6])}): nothing can be compared over time."
            )
        raise TimelineError(
            "The periods' tables have no sector in common (compared by label, ignoring case, spacing, punctuation "
            f"and Nomis code prefixes): {first_period} has {'; '.join(repr(s) for s in first[:4])}…, "
            f"{period_labels[1][0]} has {'; '.join(repr(s) for s in list(period_labels[1][1])[:4])}…"
        )
    return SectorAlignment(common, {p: {s: labels[p][s] for s in common} for p in periods}, drift, periods,
                           not_everywhere)


def _resolve_chosen(chosen: Sequence[str], period_labels, labels: dict[int, dict[str, str]]) -> list[str]:
    """Chosen labels as first-period labels. A later period's spelling maps back through that period's matching;
    a sector only later periods have stays as typed (it is then reported as not in every period)."""
    first_period = period_labels[0][0]
    first = list(labels[first_period])
    out, unknown = [], []
    for c in chosen:
        hit = _match_labels([c], first).get(c)
        for period, own in period_labels[1:]:
            if hit is not None:
                break
            theirs = _match_labels([c], list(own)).get(c)
            if theirs is not None:
                back = {v: k for k, v in labels[period].items()}
                hit = back.get(theirs, theirs)
        if hit is None:
            unknown.append(c)
        elif hit not in out:
            out.append(hit)
    if unknown:
        raise TimelineError(f"No period's table has the sector(s) {'; '.join(repr(u) for u in unknown)}. "
                            f"{first_period} has: {'; '.join(first[:8])}{' …' if len(first) > 8 else ''}")
    return out


# ----------------------------------------------------------------------------- regions across periods


@dataclass
class RegionAlignment:
    """Which regions have a matched table row in which period."""

    keys: list[str]  # the layer's region keys, in layer order
    periods: list[int]
    present: np.ndarray  # len(keys) x len(periods) bool
    partial: dict[str, list[int]]  # key -> periods in which it has no row, for regions present in some periods only
    absent: list[str]  # keys matched in no period at all
    names: dict[str, str] = field(default_factory=dict)  # key -> name, for messages

    def _label(self, key: str) -> str:
        name = self.names.get(key)
        return f"{name} ({key})" if name and name != key else key

    def messages(self) -> list[str]:
        """Warnings: region sets that differ between periods (those regions count as no data there)."""
        if not self.partial:
            return []
        by_gap: dict[tuple[int, ...], list[str]] = {}
        for key, missing in self.partial.items():
            by_gap.setdefault(tuple(missing), []).append(key)
        lines = [
            f"The periods do not cover the same regions: {len(self.partial)} region(s) have no table row in some "
            "periods and count as no data there (never as below the baseline)."
        ]
        for gap, keys in sorted(by_gap.items()):
            shown = "; ".join(self._label(k) for k in keys[:8]) + (
                f" and {len(keys) - 8} more" if len(keys) > 8 else "")
            lines.append(f"No row in {', '.join(map(str, gap))}: {shown}.")
        return lines


def align_regions(
    keys: Sequence[str],
    matched: Sequence[tuple[int, Collection[str]]],
    names: Optional[Sequence[str]] = None,
) -> RegionAlignment:
    """Compare the regions matched per period (``(period, matched keys)`` in time order) with the layer's ``keys``
    (``names``: the regions' names, in the same order, for the messages).

    Different region sets are a warning (see ``RegionAlignment.messages``); a period in which no region matched,
    or keys the layer does not have, are errors.
    """
    keys = [str(k) for k in keys]
    index = {k: i for i, k in enumerate(keys)}
    periods = [p for p, _ in matched]
    present = np.zeros((len(keys), len(periods)), dtype=bool)
    for j, (period, got) in enumerate(matched):
        got = {str(k) for k in got}
        strange = sorted(got - set(index))
        if strange:
            raise TimelineError(f"{period}: matched keys the regions layer does not have: {', '.join(strange[:5])}.")
        if not got:
            raise TimelineError(
                f"No region of the layer matched a row of the {period} table: check its key column and aliases."
            )
        for k in got:
            present[index[k], j] = True
    some = present.any(axis=1)
    every = present.all(axis=1)
    partial = {keys[i]: [periods[j] for j in range(len(periods)) if not present[i, j]]
               for i in range(len(keys)) if some[i] and not every[i]}
    absent = [keys[i] for i in range(len(keys)) if not some[i]]
    named = {k: str(n) for k, n in zip(keys, names)} if names is not None else {}
    return RegionAlignment(keys, periods, present, partial, absent, named)
