"""Identifier columns (codes, ids) are not sectors unless the user picks them.

Hand-made wide tables (codes as text and as integers) and every real table in
tests/data (vendored), whose sectors must not change.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from plugin.core.engine import join_scores
from plugin.core.tables import ScoreReading, TableError, identifier_header, load_scores, parse_row_filter

YEARS = [str(y) for y in range(1929, 2010, 10)]


def write(tmp_path, text: str, name: str = "t.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def wide(tmp_path, code_header: str, codes: list[str], extra: str = "") -> object:
    lines = [",".join(["Name", code_header, *YEARS]) + extra]
    for i, code in enumerate(codes):
        scores = [str(1000 + 13 * i + 7 * j) for j in range(len(YEARS))]
        lines.append(",".join([f"Region {chr(65 + i)}", code, *scores]))
    return write(tmp_path, "\n".join(lines) + "\n")


FIPS_TEXT = ["01", "02", "04", "05", "06", "08"]
FIPS_INT = ["1", "2", "4", "5", "6", "8"]


@pytest.mark.parametrize("header,codes,why", [
    ("STATE_FIPS", FIPS_TEXT, "a code or id name"),
    ("STATE_FIPS", FIPS_INT, "a code or id name"),
    ("FIPS", FIPS_INT, "an identifier name"),
    ("LAD21CD", FIPS_INT, "an ONS-style code field name"),
    ("area_code", FIPS_INT, "a code or id name"),
    ("id", FIPS_INT, "an identifier name"),
    ("objectid", FIPS_INT, "an identifier name"),
    ("GEOID", FIPS_TEXT, "an identifier name"),
    ("region_ID", FIPS_INT, "a code or id name"),
    ("state", FIPS_TEXT, "zero-padded codes"),
])
def test_identifier_columns_are_not_sectors(tmp_path, header, codes, why):
    t = load_scores(wide(tmp_path, header, codes))
    assert t.sectors == YEARS  # years are sectors: a wide table by year
    assert header in t.identifiers and why in t.identifiers[header]
    note = next(n for n in t.notes if n.startswith(f"Column {header!r} looks like an identifier"))
    assert "not joined" in note and "Pick it as a sector" in note


@pytest.mark.parametrize("header", ["STATE_FIPS", "state"])
def test_a_user_can_keep_an_identifier_column(tmp_path, header):
    t = load_scores(wide(tmp_path, header, FIPS_TEXT), ScoreReading(keep_columns=[header]))
    assert t.sectors == [header, *YEARS] and t.forced == [header] and not t.identifiers
    assert t.column(header).tolist() == [1, 2, 4, 5, 6, 8]


def test_keep_columns_naming_a_missing_column_is_a_clear_error(tmp_path):
    with pytest.raises(TableError, match="The columns to keep as sectors name 'nope'"):
        load_scores(wide(tmp_path, "STATE_FIPS", FIPS_INT), ScoreReading(keep_columns=["nope"]))


def test_a_table_of_only_identifiers_says_so(tmp_path):
    p = write(tmp_path, "name,objectid,STATE_FIPS\nA,1,01\nB,2,02\nC,3,04\n")
    with pytest.raises(TableError, match="only numeric columns look like identifiers, not scores: objectid, "
                                         "STATE_FIPS"):
        load_scores(p)


def test_a_column_repeating_the_codes_of_another_is_a_code(tmp_path):
    p = write(tmp_path, "Name,STATE_FIPS,STATE,1929,1939\n" + "".join(
        f"R{i},{c},{int(c)},{100 + i},{200 + 3 * i}\n" for i, c in enumerate(FIPS_TEXT)))
    t = load_scores(p)
    assert t.sectors == ["1929", "1939"]
    assert "repeats the codes of column 'STATE_FIPS'" in t.identifiers["STATE"]


@pytest.mark.parametrize("header", ["Code development", "Coding", "Paid", "HYBRID", "Video games", "CD manufacturing",
                                    "C : Manufacturing", "Identity services", "Acid production", "2009", "1929.0",
                                    "Population", "Index"])
def test_real_sector_names_are_not_identifiers(header):
    assert identifier_header(header) is None


@given(st.integers(min_value=1000, max_value=2999))
def test_year_headers_are_never_identifiers(year):
    assert identifier_header(str(year)) is None


def test_the_layer_tells_an_integer_code_column(tmp_path):
    """Integer codes without a code-like name: only matching the regions' own codes gives them away."""
    p = write(tmp_path, "Name,STATE,rank,1929,1939\n" + "".join(
        f"Region {chr(65 + i)},{int(c)},{6 - i},{100 + i},{200 + 3 * i}\n" for i, c in enumerate(FIPS_TEXT)))
    t = load_scores(p)
    assert t.sectors == ["STATE", "rank", "1929", "1939"]  # the table alone cannot tell
    names = [[f"Region {chr(65 + i)}", c] for i, c in enumerate(FIPS_TEXT)]  # name field + STATEFP "01"…
    keys = [f"K{i}" for i in range(len(FIPS_TEXT))]
    r = join_scores(t, keys, names)
    assert r.labels == ["rank", "1929", "1939"] and "STATE" in r.identifier_columns
    assert "own codes (6 of 6 rows)" in r.identifier_columns["STATE"]
    assert any(n.startswith("Column 'STATE' looks like an identifier") for n in r.notes)
    assert r.values.shape == (6, 3) and np.isfinite(r.values).all()
    forced = join_scores(load_scores(p, ScoreReading(keep_columns=["STATE"])), keys, names)
    assert "STATE" in forced.labels and "STATE" not in forced.identifier_columns


def test_a_column_named_like_the_layer_key_is_not_a_sector(tmp_path):
    p = write(tmp_path, "Name,GSS,x,y\nA,7,1,2\nB,9,3,4\nC,11,5,6\n")
    t = load_scores(p)
    assert "GSS" in t.identifiers  # by name
    p = write(tmp_path, "Name,lepkey,x,y\nA,7,1,2\nB,9,3,4\nC,11,5,6\n", "u.csv")
    assert load_scores(p).sectors == ["lepkey", "x", "y"]
    r = join_scores(load_scores(p), ["A", "B", "C"], key_field="LEPKEY")
    assert r.labels == ["x", "y"] and "named like the layer's key field" in r.identifier_columns["lepkey"]


def test_a_long_table_never_takes_an_id_column_for_scores(tmp_path):
    p = write(tmp_path, "area,sector,row_id,jobs\n" + "".join(
        f"{a},{s},{i},{10 * i + 1}\n" for i, (a, s) in enumerate((a, s) for a in "ABC" for s in ("x", "y"))))
    t = load_scores(p)
    assert t.shape == "long" and t.sectors == ["x", "y"]
    assert t.values[0].tolist() == [1.0, 11.0]


def test_real_tables_keep_their_sectors(shared_data):
    """Every real table in tests/data: no identifier dropped, sectors as before this rule."""
    seen = 0
    for path in sorted(shared_data.rglob("*.csv")):
        filters = [""] + (["year=2019"] if "nesta" in str(path) else []) + (
            ["year=2022; geographic_level=LEP|COUNTRY"] if "APS" in path.name else [])
        for flt in filters:
            try:
                t = load_scores(path, ScoreReading(row_filter=parse_row_filter(flt) if flt else {}))
            except TableError:
                continue  # e.g. a long-by-year table without its filter: unchanged by this rule
            seen += 1
            assert t.identifiers == {}, (path.name, t.identifiers)
            if "BRES" in path.name:
                assert len(t.sectors) == 39
            if "APS" in path.name:
                assert len(t.sectors) == 9
            if "nesta" in str(path):
                assert t.key_column == "lep_id" and "lep_id" not in t.sectors
    assert seen >= 15
