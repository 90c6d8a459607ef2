"""What the panel works out from a table's cells before matching: the one cached read of the file, the
columns to filter rows by (period, level), and whether the scores are counts. No QGIS here.

Rules (documented for users in the help page):

* A file is read again only when its path, size or modification time changes.
* A *period* column is one named like a period (year, period, date, quarter, month) or holding only
  four-digit years, with at least two values, each on several rows.
* A *level* column is a text column other than the key with 2–20 values, each on several rows, named like a
  level (level, geography, type) — or, in a table that is not long, any such column.
* Picking a level keeps the rows of the level that holds the national row too (a level whose every key is a
  reference name such as "England"), so location quotients and the national baseline keep their reference.
* Scores are *counts* when every value is a whole number, none is negative and some are above 100
  (percentages and rates are rarely all whole numbers above 100).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass

PERIOD_NAME = re.compile(r"year|period|date|quarter|month|time", re.IGNORECASE)
LEVEL_NAME = re.compile(r"level|geograph|geo_type|area_type|type", re.IGNORECASE)
YEAR = re.compile(r"^(19|20)\d\d$")
MAX_LEVELS = 20


class RawCache:
    """The cells of the last table read, reused while the file is unchanged; ``reads`` counts real reads."""

    def __init__(self):
        self._key: tuple | None = None
        self._raw = None
        self.reads = 0

    @staticmethod
    def _stamp(path: str) -> tuple | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return (os.path.abspath(path), st.st_size, st.st_mtime_ns)

    def get(self, path: str, sheet: str = ""):
        """The cached cells of ``path`` (its ``sheet``) if the file has not changed since they were read, else None."""
        stamp = self._stamp(path)
        return self._raw if stamp is not None and (*stamp, sheet) == self._key else None

    def put(self, path: str, raw, stamp: tuple | None = None, sheet: str = "") -> None:
        self._key = (*(stamp or self._stamp(path) or ()), sheet)
        self._raw = raw
        self.reads += 1

    def stamp(self, path: str) -> tuple | None:
        """Taken before a read starts, so a file changed during the read is read again next time."""
        return self._stamp(path)

    def clear(self) -> None:
        self._key, self._raw = None, None


@dataclass
class RowColumn:
    """A column to filter the table's rows by: its role, and its values in the order they are offered."""

    column: str
    role: str  # "period" or "level"
    values: list[str]
    reference_values: list[str]  # levels holding only the national/reference row(s) (kept with any level)


def _distinct(cells: list[str]) -> list[str]:
    return list(dict.fromkeys(c.strip() for c in cells if c.strip()))


def _repeats(values: list[str], n_rows: int) -> bool:
    return 2 <= len(values) and len(values) * 2 <= n_rows


def row_filter_columns(raw, shape: str = "") -> list[RowColumn]:
    """The period column and the level column of ``raw`` (a core.tables.RawTable), when it has them."""
    from ..core.tables import looks_like_reference, parse_number

    n = len(raw.rows)
    if n < 4 or not raw.header:
        return []
    key_index = next((j for j, h in enumerate(raw.header)
                      if any(r[j].strip() and parse_number(r[j]) is None for r in raw.rows[:50])), 0)
    out: list[RowColumn] = []
    for j, name in enumerate(raw.header):
        if j == key_index or not name:
            continue
        cells = [r[j] for r in raw.rows]
        values = _distinct(cells)
        if not _repeats(values, n):
            continue
        years = all(YEAR.match(v) for v in values)
        if (PERIOD_NAME.search(name) or years) and not any(c.role == "period" for c in out):
            out.append(RowColumn(name, "period", sorted(values, reverse=True), []))
            continue
        numeric = all(parse_number(v) is not None for v in values)
        if numeric or len(values) > MAX_LEVELS or any(c.role == "level" for c in out):
            continue
        if LEVEL_NAME.search(name) or shape not in ("long",):
            reference = [v for v in values
                         if all(looks_like_reference(r[key_index]) for r in raw.rows if r[j].strip() == v)]
            out.append(RowColumn(name, "level", [v for v in values if v not in reference], reference))
    return out


def filter_text(choices: dict[str, str], columns: list[RowColumn]) -> str:
    """The row filter for the picked values: "year=2022; geographic_level=LEP|COUNTRY"."""
    parts = []
    for col in columns:
        value = choices.get(col.column, "")
        if not value:
            continue
        kept = [value] + ([v for v in col.reference_values if v != value] if col.role == "level" else [])
        parts.append(f"{col.column}={'|'.join(kept)}")
    return "; ".join(parts)


def filter_choices(text: str, columns: list[RowColumn]) -> dict[str, str]:
    """The picked value per column of a row filter ``filter_text`` wrote ('' for all rows)."""
    from ..core.tables import parse_row_filter

    try:
        parsed = parse_row_filter(text)
    except ValueError:
        return {}
    out = {}
    for col in columns:
        values = [v for v in parsed.get(col.column, []) if v not in col.reference_values] or parsed.get(col.column)
        if values:
            out[col.column] = values[0]
    return out


def looks_like_counts(values) -> bool:
    """Whole, non-negative numbers with some above 100: counts (employees, businesses), not rates or shares."""
    import numpy as np

    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    return bool(v.size) and bool(np.all(v >= 0)) and bool(np.all(v == np.round(v))) and bool(np.any(v > 100))
