"""How the user asked for a scores table to be read (``TableReading``) and which tables are the timeline's
periods (``PeriodSources``): the settings joinscores, clustertimeline and the panel share.

Each is one frozen object with one way to and from each front end's form of it: Processing parameters
(``from_parameters``/``to_parameters``, keyed by the parameter names) and the panel's state
(``from_state``/``to_state``, keyed by ``ui/state.py``'s keys). The texts are kept as the user typed them
(a row filter, the columns to keep), so they go back to the panel and to Processing unchanged; ``scores()``
turns them into the ``core.tables.ScoreReading`` the core reads with.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from ..core import codes
from ..i18n import tr
from . import options


def split_columns(text: str) -> list[str]:
    """'STATE_FIPS; id' -> ['STATE_FIPS', 'id'] (a list typed in a box: commas or semicolons)."""
    import re

    return [c.strip() for c in re.split(r"[;,]", text or "") if c.strip()]


def strip_filter(row_filter: str, column: str) -> str:
    """``row_filter`` without its part on ``column`` ("geographic_level=LEP|COUNTRY; year=2022" without year ->
    "geographic_level=LEP|COUNTRY"): in a timeline the period column gives every period, it filters none."""
    kept = [part.strip() for part in (row_filter or "").split(";")
            if part.strip() and part.split("=", 1)[0].strip().casefold() != column.strip().casefold()]
    return "; ".join(kept)


@dataclass(frozen=True)
class TableReading:
    """How a scores table is read: its key column, shape, the long shape's sector and score columns, the rows
    kept, the identifier-looking columns joined as sectors all the same, and a workbook's sheet.

    Empty texts mean "detect" (key, columns), "every row" (filter) and "the first visible sheet holding a data
    table". ``shape`` is stored as its code (a label or a Processing index is accepted and converted; an
    unknown one is a SettingsError). The row filter is parsed when the table is read, so a typo in it is
    reported with the table it was meant for.
    """

    table_key: str = ""
    shape: str = codes.AUTO
    sector_column: str = ""
    score_column: str = ""
    row_filter: str = ""
    keep_columns: str = ""
    sheet: str = ""

    # field -> Processing parameter name; the panel's state uses the field names themselves
    PARAMETERS = {"table_key": "TABLE_KEY", "shape": "TABLE_SHAPE", "sector_column": "SECTOR_COLUMN",
                  "score_column": "SCORE_COLUMN", "row_filter": "ROW_FILTER", "keep_columns": "KEEP_COLUMNS",
                  "sheet": "SHEET"}

    def __post_init__(self) -> None:
        object.__setattr__(self, "shape", options.code_of(options.TABLE_SHAPES, self.shape or codes.AUTO,
                                                          "table shape"))
        for name in self.PARAMETERS:
            if name != "shape":
                object.__setattr__(self, name, str(getattr(self, name) or ""))

    def scores(self):
        """The ``core.tables.ScoreReading`` to read the table with (raises TableError on a bad row filter)."""
        from ..core.tables import ScoreReading, parse_row_filter

        return ScoreReading(None if self.shape == codes.AUTO else self.shape, self.table_key.strip() or None,
                            self.sector_column.strip() or None, self.score_column.strip() or None,
                            parse_row_filter(self.row_filter), tuple(split_columns(self.keep_columns)),
                            self.sheet.strip() or None)

    def with_row_filter(self, row_filter: str) -> TableReading:
        return replace(self, row_filter=row_filter)

    @classmethod
    def from_parameters(cls, values: Mapping[str, object]) -> TableReading:
        """From Processing parameter values as read (TABLE_SHAPE its code or enum index); absent ones default."""
        return cls(**{name: values[param] for name, param in cls.PARAMETERS.items() if values.get(param) is not None})

    def to_parameters(self) -> dict:
        """Processing parameter values (TABLE_SHAPE as the enum's index)."""
        out = {param: getattr(self, name) for name, param in self.PARAMETERS.items()}
        out["TABLE_SHAPE"] = options.index_of(options.TABLE_SHAPES, self.shape)
        return out

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> TableReading:
        """From the panel's state (its keys are the field names); absent keys default."""
        return cls(**{name: state[name] for name in cls.PARAMETERS if state.get(name) is not None})

    def to_state(self) -> dict:
        return {name: getattr(self, name) for name in self.PARAMETERS}


@dataclass(frozen=True)
class PeriodSources:
    """Where a timeline's periods come from: several ``tables`` (one per period; ``periods`` gives the periods
    their names do not: "2018; 2019" in the tables' order, or "a.csv=2018; b.csv=2019"), or one long ``table``
    whose ``period_column`` holds the periods. Every period's table is read as ``reading`` says.

    Checked on construction: exactly one of the two sources, and a long table with its period column and no
    periods text; a TimelineError (with a stable code) says which is missing or mixed.
    """

    tables: Sequence[str] = ()
    periods: str = ""
    table: str = ""
    period_column: str = ""
    reading: TableReading = field(default_factory=TableReading)

    PARAMETERS = {"tables": "TABLES", "periods": "PERIODS", "table": "TABLE", "period_column": "PERIOD_COLUMN"}

    def __post_init__(self) -> None:
        from ..core.timeline import TimelineError  # numpy: not at QGIS start-up, which imports this module

        object.__setattr__(self, "tables", tuple(str(t) for t in self.tables or () if str(t).strip()))
        for name in ("periods", "table", "period_column"):
            object.__setattr__(self, name, str(getattr(self, name) or ""))
        if self.tables and self.table:
            raise TimelineError(tr("Give either several tables (one per period) or one long table with a period "
                                   "column, not both."), code="two_sources")
        if self.table:
            if not self.period_column.strip():
                raise TimelineError(tr("One table holds every period only with a period column: give its name "
                                       "(e.g. 'year'), or give one table per period."), code="no_period_column")
            if self.periods.strip():
                raise TimelineError(tr("The periods come from the period column {!r}: leave the periods (PERIODS) "
                                       "empty.").format(self.period_column), code="period_mix")
            return
        if self.period_column.strip():
            raise TimelineError(tr("A period column needs one long table (TABLE); the several tables (TABLES) give "
                                   "their periods by name."), code="period_mix")
        if not self.tables:
            raise TimelineError(tr("Choose the tables, one per period, or one long table with a period column."),
                                code="no_table")

    @classmethod
    def from_parameters(cls, values: Mapping[str, object]) -> PeriodSources:
        """From Processing parameter values as read (TABLES a list of paths) and the table-reading ones."""
        given = {name: values[param] for name, param in cls.PARAMETERS.items() if values.get(param) is not None}
        return cls(**given, reading=TableReading.from_parameters(values))

    def to_parameters(self) -> dict:
        """Processing parameter values: TABLES, or TABLE and PERIOD_COLUMN; PERIODS and how tables are read."""
        out = {"PERIODS": self.periods, **self.reading.to_parameters()}
        del out["KEEP_COLUMNS"]  # a timeline joins every sector column; it takes no such parameter
        if self.tables:
            out["TABLES"] = list(self.tables)
        else:
            out.update(TABLE=self.table, PERIOD_COLUMN=self.period_column)
        return out

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> PeriodSources | None:
        """The panel's periods (None when it has none): the listed files, or the panel's own table and its
        period column, whose row filter loses its part on the period column. Both read the tables as the
        panel reads its table, apart from the columns it keeps as sectors; the period files are other
        workbooks, so the panel's sheet applies only to its own table (column mode): each file's first data
        sheet is read, as joinscores reads a file given without a sheet."""
        reading = TableReading.from_state({**state, "sheet": "", "keep_columns": ""})
        source = state.get("periods_source")
        if source == codes.PERIODS_FILES:
            return cls(tuple(state["period_files"]), str(state["periods"]), reading=reading)
        if source == codes.PERIODS_COLUMN:
            column = str(state["period_column"])
            reading = TableReading.from_state({**state, "keep_columns": ""})
            if column:
                reading = reading.with_row_filter(strip_filter(reading.row_filter, column))
            return cls(table=str(state["table_path"]), period_column=column, reading=reading)
        return None

    def to_state(self) -> dict:
        source = codes.PERIODS_FILES if self.tables else codes.PERIODS_COLUMN
        return {"periods_source": source, "period_files": list(self.tables), "periods": self.periods,
                "period_column": self.period_column, **({"table_path": self.table} if self.table else {}),
                **{k: v for k, v in self.reading.to_state().items() if k not in ("sheet", "keep_columns")}}

