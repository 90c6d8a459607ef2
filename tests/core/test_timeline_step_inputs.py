"""How the timeline step reads what a user types: the periods of the tables and the sectors (no QGIS)."""
from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.core.tables import ScoreReading
from plugin.core.timeline import TimelineError
from plugin.steps.reading import PeriodSources, TableReading
from plugin.steps.settings import NeighbourSettings, RuleSettings
from plugin.steps.timeline import TimelineSettings, load_period_tables, periods_for_files, split_sectors

FILES = ["/data/bres 2015.csv", "/data/scores.csv", "/data/other.xlsx"]


def test_years_from_names_when_no_periods_are_given():
    assert periods_for_files(FILES) == [2015, None, None]


def test_periods_by_name_keep_the_other_files_years():
    assert periods_for_files(FILES, "scores.csv=2016; other=2017") == [2015, 2016, 2017]
    assert periods_for_files(FILES, "SCORES = 2016\n/data/other.xlsx=2017.0") == [2015, 2016, 2017]
    assert periods_for_files(FILES, "bres 2015.csv=2014") == [2014, None, None]  # a given period wins


def test_periods_in_order():
    assert periods_for_files(FILES, "2010; 2011; 2012") == [2010, 2011, 2012]


@pytest.mark.parametrize("text,code,words", [
    ("2010; 2011", "period_count", "3 tables but 2 period(s)"),
    ("scores.csv=2016; 2017", "period_mix", "not a mix"),
    ("nope.csv=2016", "period_file", "'nope.csv' that is not one of the tables"),
    ("scores.csv=twenty", "timeline", "must be a whole number"),
])
def test_periods_text_errors(text, code, words):
    with pytest.raises(TimelineError, match=re.escape(words)) as err:
        periods_for_files(FILES, text)
    assert err.value.code == code


def test_two_files_of_the_same_name_need_periods_in_order():
    with pytest.raises(TimelineError, match="in the order of the tables") as err:
        periods_for_files(["/a/x.csv", "/b/x.csv"], "x.csv=2018")
    assert err.value.code == "period_file"


@given(st.lists(st.integers(1900, 2099), min_size=1, max_size=8))
def test_years_in_order_round_trip(years):
    files = [f"/t/table_{chr(97 + i)}.csv" for i in range(len(years))]
    assert periods_for_files(files, "; ".join(map(str, years))) == years


@pytest.mark.parametrize("kwargs,code", [
    ({"tables": ["a 2018.csv", "b 2019.csv"], "table": "long.csv", "period_column": "year"}, "two_sources"),
    ({"table": "long.csv"}, "no_period_column"),
    ({"table": "long.csv", "period_column": "year", "periods": "2018; 2019"}, "period_mix"),
    ({"tables": ["a 2018.csv", "b 2019.csv"], "period_column": "year"}, "period_mix"),
    ({}, "no_table"),
    ({"tables": ["/t/a.csv", "/t/b 2019.csv"]}, "no_period"),
])
def test_where_the_periods_come_from(kwargs, code):
    with pytest.raises(TimelineError) as err:
        load_period_tables(PeriodSources(**kwargs))
    assert err.value.code == code


def test_no_period_names_every_file_without_a_year():
    with pytest.raises(TimelineError) as err:
        load_period_tables(PeriodSources(["/t/first.csv", "/t/second.csv", "/t/third 2019.csv"]))
    text = str(err.value)
    assert "'first.csv' holds no four-digit year" in text and "'second.csv'" in text and "third" not in text
    assert "PERIODS" in text and "first.csv=2018" in text


def test_sectors_split_on_lines_and_bars_not_on_semicolons():
    water = "E : Water supply; sewerage, waste management and remediation activities"
    assert split_sectors(f"C : Manufacturing\n{water}\n") == ["C : Manufacturing", water]
    assert split_sectors(f" C : Manufacturing | {water} ") == ["C : Manufacturing", water]
    assert split_sectors("") == [] and split_sectors("  \n ") == []


def test_table_reading_goes_to_processing_and_the_panel_and_back():
    reading = TableReading("code", "long", "sector", "score", "year=2022; level=LEP|COUNTRY", "STATE_FIPS; id", "Data")
    assert TableReading.from_parameters(reading.to_parameters()) == reading
    assert TableReading.from_state(reading.to_state()) == reading
    assert reading.to_parameters()["TABLE_SHAPE"] == 1  # Processing's enum index
    assert reading.scores() == ScoreReading("long", "code", "sector", "score",
                                            {"year": ["2022"], "level": ["LEP", "COUNTRY"]}, ("STATE_FIPS", "id"),
                                            "Data")
    assert TableReading().scores() == ScoreReading()  # every empty text: detect, every row, the first sheet


def test_period_sources_go_to_processing_and_the_panel_and_back():
    files = PeriodSources(["a.csv", "b.csv"], "a.csv=2018; b.csv=2019", reading=TableReading(row_filter="x=1"))
    column = PeriodSources(table="long.csv", period_column="year", reading=TableReading(table_key="code"))
    for sources in (files, column):
        assert PeriodSources.from_parameters(sources.to_parameters()) == sources
        assert PeriodSources.from_state(sources.to_state()) == sources


def test_the_panel_periods_drop_the_period_column_from_the_row_filter():
    state = {"periods_source": "column", "table_path": "aps.csv", "period_column": "year", "periods": "",
             "period_files": [], "row_filter": "year=2022; geographic_level=LEP|COUNTRY", "sheet": "Data",
             "shape": "auto", "table_key": "", "sector_column": "", "score_column": "", "keep_columns": ""}
    sources = PeriodSources.from_state(state)
    assert sources.table == "aps.csv" and sources.reading.row_filter == "geographic_level=LEP|COUNTRY"
    assert PeriodSources.from_state({**state, "periods_source": "none"}) is None


def test_the_panel_period_column_reads_the_sheet_the_panel_shows():
    """Column mode reads the panel's own workbook: the sheet the panel shows, not the first data sheet (which
    another sheet of the same workbook may be); period files are other workbooks and read their first one."""
    state = {"periods_source": "column", "table_path": "aps.xlsx", "period_column": "year", "periods": "",
             "period_files": ["a.xlsx"], "row_filter": "", "sheet": "By LEP", "shape": "auto", "table_key": "",
             "sector_column": "", "score_column": "", "keep_columns": "ZZ99"}
    column = PeriodSources.from_state(state)
    assert column.reading.sheet == "By LEP" and column.reading.keep_columns == ""
    files = PeriodSources.from_state({**state, "periods_source": "files"})
    assert files.reading.sheet == ""


def test_timeline_settings_go_to_processing_and_the_panel_and_back():
    settings = TimelineSettings(RuleSettings("lq", 1.25, 3), NeighbourSettings("rook", 500.0),
                                ["C : Manufacturing", "E : Water supply; sewerage"], True)
    assert TimelineSettings.from_parameters(settings.to_parameters()) == settings
    panel = TimelineSettings.from_state(settings.to_state())
    assert panel == TimelineSettings(settings.rule, settings.neighbours, (), True)  # the panel follows every sector
