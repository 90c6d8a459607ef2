"""Reading score tables: shapes, encodings, delimiters and the bad input users really have."""
from __future__ import annotations

import math

import numpy as np
import pytest

from plugin.core.tables import LONG, NOMIS, WIDE, TableError, load_scores, parse_number


def write(tmp_path, text: str, name="t.csv", encoding="utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_real_nomis_export_structure(bres2020):
    t = load_scores(bres2020)
    assert t.shape == NOMIS
    assert t.reference_key == "England"
    assert t.reference["C : Manufacturing"] == 2024000
    assert len(t.sectors) == 39  # 21 SIC sections + 18 broad groups; Flags columns dropped
    assert not any(s.lower() == "flags" for s in t.sectors)
    assert t.geography.count("lep") == 38 and t.geography.count("nuts316") == 168
    assert "Derby, Derbyshire, Nottingham and Nottinghamshire" in t.keys  # quoted key with commas
    assert t.column("C : Manufacturing")[t.keys.index("Black Country")] == 60000
    assert any("units row" in n for n in t.notes)


def test_nomis_flags_are_counted_not_dropped(shared_data):
    t = load_scores(shared_data / "bres_lep_sic_section" / "Employment by sector - BRES 2016.csv")
    assert any("46 cell(s) carry a Nomis flag" in n for n in t.notes)
    assert np.isfinite(t.values).all()


def test_nomis_title_lines_and_footnotes_are_skipped(tmp_path):
    text = (
        "Business Register and Employment Survey : open access\n"
        "ONS Crown Copyright Reserved [from Nomis on 1 May 2022]\n\n"
        "Area,A : Agri,Flags,C : Manuf,Flags\n"
        ",number,Flags,number,Flags\n"
        "country:England,100,,200,\n"
        "lep:Alpha,10,*,20,\n"
        "lep:Beta,c,,30,\n"
        "\n"
        "Source: ONS\n"
    )
    t = load_scores(write(tmp_path, text))
    assert t.shape == NOMIS and t.keys == ["Alpha", "Beta"]
    assert t.reference == {"A : Agri": 100, "C : Manuf": 200}
    assert math.isnan(t.column("A : Agri")[1])
    assert t.no_data_cells == 1
    assert any("above the header" in n for n in t.notes) and any("footnote" in n for n in t.notes)


def test_long_table(tmp_path):
    text = "code,sector,score\nE1,Digital,3\nE1,Life sciences,4\nE2,Digital,5\n"
    t = load_scores(write(tmp_path, text))
    assert t.shape == LONG and t.keys == ["E1", "E2"] and t.sectors == ["Digital", "Life sciences"]
    assert math.isnan(t.column("Life sciences")[1])  # missing pair = no data


def test_long_table_duplicate_pair_is_an_error(tmp_path):
    text = "code,sector,score\nE1,Digital,3\nE1,Digital,4\nE2,Digital,5\n"
    with pytest.raises(TableError, match="Duplicate rows for key 'E1' and sector 'Digital'"):
        load_scores(write(tmp_path, text))


@pytest.mark.parametrize("encoding", ["utf-8-sig", "latin-1", "cp1252"])
def test_encodings(tmp_path, encoding):
    text = "région;Énergie propre;Agro-alimentaire\nCôte;1,5;2\nÎle;3;4\n"
    t = load_scores(write(tmp_path, text, encoding=encoding))
    assert t.shape == WIDE
    assert t.keys == ["Côte", "Île"] and t.sectors == ["Énergie propre", "Agro-alimentaire"]
    assert t.key_column == "région"


def test_tab_and_semicolon_delimiters(tmp_path):
    for sep in ("\t", ";", "|"):
        t = load_scores(write(tmp_path, f"name{sep}a{sep}b\nX{sep}1{sep}2\nY{sep}3{sep}4\n"))
        assert t.sectors == ["a", "b"] and t.values.tolist() == [[1, 2], [3, 4]]


def test_sector_names_with_quotes_commas_and_non_ascii(tmp_path):
    text = 'key,"Arts, ""culture"" & heritage",Énergie\nA,1,2\nB,3,4\n'
    t = load_scores(write(tmp_path, text))
    assert t.sectors == ['Arts, "culture" & heritage', "Énergie"]


def test_suppressed_and_non_numeric_cells_become_no_data_and_are_counted(tmp_path):
    text = "key,a,b\nA,c,*\nB,-,\nC,abc,5\nD,\"1,234\",7\n"
    t = load_scores(write(tmp_path, text))
    assert np.isnan(t.values[:3, 0]).all() and np.isnan(t.values[:2, 1]).all()
    assert t.values[3, 0] == 1234
    assert t.no_data_cells == 5
    assert any("not numbers (abc)" in n for n in t.notes)


def test_ragged_rows_are_named(tmp_path):
    with pytest.raises(TableError, match="Line 3 .* has 4 cells but the header has 3"):
        load_scores(write(tmp_path, "key,a,b\nA,1,2\nB,3,4,5\n"))


def test_short_rows_are_padded_as_no_data(tmp_path):
    t = load_scores(write(tmp_path, "key,a,b\nA,1,2\nB,3\n"))
    assert math.isnan(t.values[1, 1])


def test_duplicate_keys(tmp_path):
    with pytest.raises(TableError, match="duplicate keys: A"):
        load_scores(write(tmp_path, "key,a\nA,1\nA,2\nB,3\n"))


def test_no_key_column(tmp_path):
    with pytest.raises(TableError, match="No usable key column"):
        load_scores(write(tmp_path, "a,b\n1,2\n3,4\n"))


def test_unknown_key_column_lists_columns(tmp_path):
    with pytest.raises(TableError, match="no column 'code'. Its columns are: key, a"):
        load_scores(write(tmp_path, "key,a\nA,1\n"), key_column="code")


def test_missing_empty_and_binary_files(tmp_path):
    with pytest.raises(TableError, match="does not exist"):
        load_scores(tmp_path / "nope.csv")
    with pytest.raises(TableError, match="empty"):
        load_scores(write(tmp_path, ""))
    p = tmp_path / "x.csv"
    p.write_bytes(b"\x00\x01\x02PK\x00" * 50)
    with pytest.raises(TableError, match="binary"):
        load_scores(p)
    with pytest.raises(TableError, match="folder"):
        load_scores(tmp_path)


def test_single_column_file_hints_at_delimiter(tmp_path):
    with pytest.raises(TableError, match="only one column"):
        load_scores(write(tmp_path, "key a b\nA 1 2\n"))


def test_xlsx_and_ods(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Scores by LEP (illustrative)"], [], ["code", "Digital", "Life sciences"],
                ["E37000006", 1.5, 2], ["E37000053", "c", 4]):
        sheet.append(row)
    xlsx = tmp_path / "s.xlsx"
    book.save(xlsx)
    t = load_scores(xlsx)
    assert t.keys == ["E37000006", "E37000053"] and t.sectors == ["Digital", "Life sciences"]
    assert t.values[0, 0] == 1.5 and math.isnan(t.values[1, 0])

    pd = pytest.importorskip("pandas")
    pytest.importorskip("odf")
    ods = tmp_path / "s.ods"
    pd.DataFrame({"code": ["A", "B"], "x": [1.0, 2.0]}).to_excel(ods, engine="odf", index=False)
    t = load_scores(ods)
    assert t.keys == ["A", "B"] and t.values[:, 0].tolist() == [1.0, 2.0]


def test_old_xls_is_refused_with_advice(tmp_path):
    p = tmp_path / "old.xls"
    p.write_bytes(b"\xd0\xcf\x11\xe0" + b"0" * 100)
    with pytest.raises(TableError, match="save it as .xlsx"):
        load_scores(p)


@pytest.mark.parametrize("text,value", [("1,234", 1234), ("£5", 5), ("12%", 12), ("-3.5e2", -350), ("c", None),
                                        ("", None), ("1.2.3", None), ("nan", None), ("inf", None)])
def test_parse_number(text, value):
    assert parse_number(text) == value


def test_row_filter_turns_a_long_by_year_table_into_one_year(shared_data):
    from plugin.core.tables import parse_row_filter

    aps = shared_data / "aps_lep_industry" / "D_EmpInd_APS1822.csv"
    with pytest.raises(TableError, match="filter it to one first"):
        load_scores(aps)
    t = load_scores(aps, row_filter=parse_row_filter("year=2022; geographic_level=LEP|COUNTRY"))
    assert "year" not in t.sectors and "geographic_level" not in t.sectors
    assert len(t.sectors) == 9 and "Manufacturing" in t.sectors
    assert "England" in t.keys and len(t.keys) == 39  # 38 LEPs + England (the reference candidate)
    assert any("Row filter" in n for n in t.notes)
    assert np.isnan(t.column("Agriculture and Fishing")[t.keys.index("Black Country")])  # 'c' = suppressed
    with pytest.raises(TableError, match="No row has year = 2031; values there include: 2018"):
        load_scores(aps, row_filter=parse_row_filter("year=2031"))
    with pytest.raises(TableError, match="column 'yr'"):
        load_scores(aps, row_filter=parse_row_filter("yr=2022"))
    with pytest.raises(TableError, match="column=value"):
        parse_row_filter("2022")
