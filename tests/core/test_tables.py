"""Reading score tables: shapes, encodings, delimiters and the bad input users really have."""
from __future__ import annotations

import math

import numpy as np
import pytest

from plugin.core.tables import LONG, NOMIS, WIDE, ScoreReading, TableError, load_scores, parse_number


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
        load_scores(write(tmp_path, "key,a\nA,1\n"), ScoreReading(key_column="code"))


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
    t = load_scores(aps, ScoreReading(row_filter=parse_row_filter("year=2022; geographic_level=LEP|COUNTRY")))
    assert "year" not in t.sectors and "geographic_level" not in t.sectors
    assert len(t.sectors) == 9 and "Manufacturing" in t.sectors
    assert "England" in t.keys and len(t.keys) == 39  # 38 LEPs + England (the reference candidate)
    assert any("Row filter" in n for n in t.notes)
    assert np.isnan(t.column("Agriculture and Fishing")[t.keys.index("Black Country")])  # 'c' = suppressed
    with pytest.raises(TableError, match="No row has year = 2031; values there include: 2018"):
        load_scores(aps, ScoreReading(row_filter=parse_row_filter("year=2031")))
    with pytest.raises(TableError, match="column 'yr'"):
        load_scores(aps, ScoreReading(row_filter=parse_row_filter("yr=2022")))
    with pytest.raises(TableError, match="column=value"):
        parse_row_filter("2022")


# ----------------------------------------------------------------------------- number conventions


@pytest.mark.parametrize("text,values,said", [
    # Excel's CSV where the comma is the decimal mark (Eurostat, INSEE, Destatis): 60.000 is sixty thousand
    ("code;jobs;share\nE1;60.000;0,612\nE2;1.234.567;1,5\n", [[60000, 0.612], [1234567, 1.5]], "decimal comma"),
    # British/American: 1,234 groups thousands and the point is the decimal mark
    ('code,jobs,share\nE1,"60,000",0.612\nE2,"1,234,567",1.5\n', [[60000, 0.612], [1234567, 1.5]], None),
    # spaces, no-break spaces, thin spaces and apostrophes group thousands
    ("code;jobs;share\nE1;60\u00a0000;0,5\nE2;1\u202f234\u202f567;2,25\n", [[60000, 0.5], [1234567, 2.25]],
     "decimal comma"),
    ("code\tjobs\tshare\nE1\t60'000.5\t0.5\nE2\t1'234'567\t2.25\n", [[60000.5, 0.5], [1234567, 2.25]], None),
    # one column's 0,5 settles another's ambiguous 1.234 (a semicolon file)
    ("code;a;b\nE1;1.234;0,5\nE2;2.345;1,25\n", [[1234, 0.5], [2345, 1.25]], "decimal comma"),
    # the delimiter settles a file of only ambiguous cells: ',' -> thousands, ';' -> decimals
    ('code,a\nE1,"1,234"\nE2,"2,345"\n', [[1234], [2345]], "comma-delimited"),
    ("code;a\nE1;1,234\nE2;2,345\n", [[1.234], [2.345]], "semicolon-delimited"),
])
def test_numbers_are_read_with_the_files_own_decimal_mark(tmp_path, text, values, said):
    t = load_scores(write(tmp_path, text))
    assert t.values.tolist() == values
    convention = [n for n in t.notes if n.startswith("Numbers read with")]
    if said is None:
        assert convention == [] or "decimal point" in convention[0]
    else:
        assert len(convention) == 1 and said in convention[0]


@pytest.mark.parametrize("text,column,cells", [
    ("code\ta\nE1\t1,234\nE2\t2,345\n", "a", "'1,234', '2,345'"),  # tab: nothing settles it
    ("code|a|b\nE1|1.5|2,5\nE2|3|4\n", "b", "'2,5'"),  # a decimal point in one column, a comma in another
    ('code,a\nE1,1.5\nE2,"2,5"\n', "a", "'2,5'"),  # both in one column
])
def test_numbers_that_read_two_ways_are_refused_naming_the_column(tmp_path, text, column, cells):
    from plugin.core.numbers import NumberFormatError

    with pytest.raises(NumberFormatError) as err:
        load_scores(write(tmp_path, text))
    assert err.value.code == "number_format" and repr(column) in str(err.value) and cells in str(err.value)


def test_real_tables_keep_the_decimal_point(bres2020, shared_data):
    for path in [bres2020, shared_data / "aps_lep_industry" / "D_EmpInd_APS1822.csv"]:
        from plugin.core.tables import read_raw

        assert read_raw(path).convention.decimal == "."


# ----------------------------------------------------------------------------- headers and CSV syntax


def test_a_header_with_empty_cells_is_still_the_header(tmp_path):
    t = load_scores(write(tmp_path, "code,,  ,Real\nE1,1,2,3\nE2,4,5,6\nE3,7,8,9\n"))
    assert t.keys == ["E1", "E2", "E3"]
    assert t.sectors == ["column 2", "column 3", "Real"] and t.values[0].tolist() == [1, 2, 3]


def test_a_header_of_years_is_a_header(tmp_path):
    t = load_scores(write(tmp_path, "Employment by year\nArea,2018,2019\nE1,1,2\nE2,3,4\n"))
    assert t.sectors == ["2018", "2019"] and t.keys == ["E1", "E2"]


def test_cr_only_line_endings_are_read(tmp_path):
    t = load_scores(write(tmp_path, "code,a,b\rE1,1,2\rE2,3,4\r"))
    assert t.keys == ["E1", "E2"] and t.values.tolist() == [[1, 2], [3, 4]]
    assert any("carriage return only" in n for n in t.notes)


@pytest.mark.parametrize("text,words", [
    ("code,a,b\nE1,1\r,2\nE2,3,4\n", "Line 2 of t.csv has a stray carriage return"),
    ('code,a\nE1,"' + "x" * 140_000 + '"\nE2,3\n', "Line 2 of t.csv: a cell runs over 128 KB"),
    ('code,a\nE1,"1\nE2,' + "y" * 140_000 + "\n", "a quote (\") is opened and never closed"),
])
def test_csv_syntax_problems_are_clear_messages(tmp_path, text, words):
    with pytest.raises(TableError) as err:
        load_scores(write(tmp_path, text))
    assert words in str(err.value) and err.value.code == "csv_syntax"


@pytest.mark.parametrize("keyword", ["sector_column", "score_column"])
def test_unknown_sector_or_score_column_names_the_columns(tmp_path, keyword):
    p = write(tmp_path, "code,sector,score\nE1,A,1\nE1,B,2\nE2,A,3\n")
    with pytest.raises(TableError) as err:
        load_scores(p, ScoreReading(shape=LONG, **{keyword: "nope"}))
    assert "no " + keyword.split("_")[0] + " column 'nope'. Its columns are: code, sector, score" in str(err.value)
    assert err.value.code == "unknown_column"


def test_empty_named_columns_are_named_when_dropped(tmp_path):
    t = load_scores(write(tmp_path, "code,a,blank\nE1,1,\nE2,2,\n"))
    assert t.sectors == ["a"] and any("Column 'blank' is empty" in n for n in t.notes)


def test_a_long_table_of_many_rows_reads_linearly(tmp_path):
    lines = ["code,sector,score"] + [f"K{k},S{s},{k + s / 10}" for k in range(400) for s in range(50)]
    t = load_scores(write(tmp_path, "\n".join(lines) + "\n"))
    assert t.shape == LONG and len(t.keys) == 400 and len(t.sectors) == 50
    assert t.values[123, 7] == 123.7 and np.isfinite(t.values).all()
    with pytest.raises(TableError, match="Duplicate rows for key 'K5' and sector 'S3'"):
        load_scores(write(tmp_path, "\n".join(lines + ["K5,S3,1"]) + "\n", name="d.csv"))


# ----------------------------------------------------------------------------- workbooks


def _book(tmp_path, sheets, name="b.xlsx"):
    """A workbook of ``sheets``: (title, rows, state) in order."""
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows, state in sheets:
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(row)
        ws.sheet_state = state
    p = tmp_path / name
    book.save(p)
    return p


DATA = [["code", "Digital", "Life sciences"], ["E1", 1.5, 2], ["E2", 3, 4.25]]
OLD = [["code", "Digital", "Life sciences"], ["E1", 3.0, 4], ["E2", 6, 8.5]]
COVER = [["Employment by sector"], ["Source: ONS"], ["Contents: Table 1"]]
NOTES = [["Note number", "Note text"], ["Note 1", "Figures are rounded"], ["Note 2", "c = confidential"]]


def test_hidden_sheets_are_not_read_unless_named(tmp_path):
    p = _book(tmp_path, [("Old data", OLD, "hidden"), ("Data", DATA, "visible")])
    t = load_scores(p)
    assert t.values.tolist() == [[1.5, 2], [3, 4.25]]
    said = t.notes[0]
    assert "Read sheet 'Data' of b.xlsx" in said and "hidden sheets are not read unless named ('Old data')" in said
    assert load_scores(p, ScoreReading(sheet="Old data")).values.tolist() == [[3, 4], [6, 8.5]]
    with pytest.raises(TableError, match="has no sheet 'Nope'. Its sheets are: 'Old data', 'Data'"):
        load_scores(p, ScoreReading(sheet="Nope"))


def test_cover_contents_and_notes_sheets_are_skipped_and_said(tmp_path):
    from plugin.core.tables import read_raw

    p = _book(tmp_path, [("Cover", COVER, "visible"), ("Notes", NOTES, "visible"), ("Table 1", DATA, "visible")])
    raw = read_raw(p)
    assert raw.sheet == "Table 1" and raw.sheets == ["Table 1"]
    assert "skipped 'Cover' (a cover, contents or notes sheet), 'Notes' (a cover" in raw.notes[0]
    t = load_scores(p)
    assert t.keys == ["E1", "E2"] and t.values[1, 1] == 4.25


def test_a_stale_dimension_record_does_not_truncate_the_sheet(tmp_path):
    import zipfile

    rows = [["code", "a"]] + [[f"E{i}", i] for i in range(1, 39)]
    p = _book(tmp_path, [("Data", rows, "visible")])
    stale = tmp_path / "stale.xlsx"
    with zipfile.ZipFile(p) as src, zipfile.ZipFile(stale, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                text = data.decode()
                start = text.index("<dimension")
                end = text.index("/>", start) + 2
                data = (text[:start] + '<dimension ref="A1:B10"/>' + text[end:]).encode()
            dst.writestr(item, data)
    t = load_scores(stale)
    assert len(t.keys) == 38 and t.values[-1, 0] == 38


def test_formula_cells_without_a_saved_value_are_named(tmp_path):
    rows = [["code", "a", "derived"], ["E1", 1, "=B2*2"], ["E2", 2, "=B3*2"]]
    t = load_scores(_book(tmp_path, [("Data", rows, "visible")]))
    assert t.sectors == ["a"]
    assert any("Column 'derived': 2 formula cell(s) were saved without their value" in n for n in t.notes)
    assert any("Column 'derived' is empty" in n for n in t.notes)


def test_a_sheet_without_formulas_is_read_once(tmp_path, monkeypatch):
    """Formulas saved without their value are looked for by reading the sheet a second time, which took longer
    than the first read on 34,753 rows: it runs only when the sheet has an empty cell and its XML a formula."""
    openpyxl = pytest.importorskip("openpyxl")
    loads = []
    real = openpyxl.load_workbook

    def counted(*args, **kwargs):
        loads.append(kwargs.get("data_only"))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", counted)
    gaps = [["code", "a", "b"], ["E1", 1, None], ["E2", 2, 3]]  # an empty cell, no formula
    t = load_scores(_book(tmp_path, [("Data", gaps, "visible")]))
    assert loads == [True] and np.isnan(t.values[0, 1]) and t.values[1, 1] == 3
    loads.clear()
    rows = [["code", "a", "derived"], ["E1", 1, "=B2*2"], ["E2", 2, "=B3*2"]]
    t = load_scores(_book(tmp_path, [("Data", rows, "visible")], name="f.xlsx"))
    assert loads == [True, False]  # the formulas' sheet is read again, and they are named
    assert any("Column 'derived': 2 formula cell(s) were saved without their value" in n for n in t.notes)


def test_formulas_are_found_in_the_sheets_xml_whatever_its_prefix(tmp_path):
    """The search for formula elements in the sheet's XML: a prefixed element (x:f) counts, other elements
    starting with f do not, and a sheet that cannot be looked at counts as having formulas (the full check runs)."""
    import zipfile

    from plugin.core.tables import _sheet_has_formulas

    def sheet(xml: str):
        p = tmp_path / f"s{abs(hash(xml))}.xlsx"
        with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as z:
            z.writestr("xl/worksheets/sheet1.xml", xml)
        return p

    plain = '<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><foo>f</foo></worksheet>'
    assert not _sheet_has_formulas(sheet(plain), "xl/worksheets/sheet1.xml")
    assert _sheet_has_formulas(sheet(plain.replace("<v>1</v>", "<f>B1*2</f><v></v>")), "xl/worksheets/sheet1.xml")
    prefixed = sheet(plain.replace("<v>1</v>", '<x:f t="shared" si="0"/>'))
    assert _sheet_has_formulas(prefixed, "/xl/worksheets/sheet1.xml")
    assert _sheet_has_formulas(sheet(plain), "xl/worksheets/sheet2.xml")  # not there: the full check
    assert _sheet_has_formulas(sheet(plain), None)
    long = plain.replace("<foo>f</foo>", "<foo>" + "x" * 3_000_000 + "</foo><f>A1</f>")  # past the first megabyte
    assert _sheet_has_formulas(sheet(long), "xl/worksheets/sheet1.xml")


def test_a_one_column_sheet_does_not_blame_a_delimiter(tmp_path):
    with pytest.raises(TableError) as err:
        load_scores(_book(tmp_path, [("Data", [["code"], ["E1"], ["E2"]], "visible")]))
    assert "delimiter" not in str(err.value) and "only one filled column" in str(err.value)


def test_text_cells_of_a_sheet_with_decimal_commas(tmp_path):
    rows = [["code", "a", "b"], ["E1", "60.000", "0,612"], ["E2", 12.5, "1,5"]]
    t = load_scores(_book(tmp_path, [("Data", rows, "visible")]))
    assert t.values.tolist() == [[60000, 0.612], [12.5, 1.5]]  # 12.5 was typed as a number: it stays 12.5


def test_hidden_ods_sheets_are_skipped(tmp_path):
    pd = pytest.importorskip("pandas")
    pytest.importorskip("odf")
    from odf.opendocument import load
    from odf.style import Style, TableProperties

    p = tmp_path / "b.ods"
    with pd.ExcelWriter(p, engine="odf") as xl:
        pd.DataFrame({"code": ["A", "B"], "x": [2.0, 4.0]}).to_excel(xl, sheet_name="Old", index=False)
        pd.DataFrame({"code": ["A", "B"], "x": [1.0, 2.0]}).to_excel(xl, sheet_name="Data", index=False)
    doc = load(str(p))
    hidden = Style(name="hiddenTable", family="table")
    hidden.addElement(TableProperties(display="false"))
    doc.automaticstyles.addElement(hidden)
    first = doc.spreadsheet.childNodes[0]
    first.setAttribute("stylename", "hiddenTable")
    doc.save(str(p))
    t = load_scores(p)
    assert t.values[:, 0].tolist() == [1.0, 2.0] and "Read sheet 'Data' of b.ods" in t.notes[0]


# ----------------------------------------------------------------------------- CSV outputs


def test_csv_outputs_neutralise_formulas_and_keep_numbers(tmp_path):
    import csv

    from plugin.core.safecsv import neutralise, restore, write_csv

    out = tmp_path / "o.csv"
    hostile = ['=HYPERLINK("http://x","y")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3", "\tx", "\rx"]
    write_csv(out, ["name", "value"], [[h, -1.5] for h in hostile] + [["-12.5", 3], ["Black Country", 2.0]])
    rows = list(csv.reader(out.open(encoding="utf-8", newline="")))
    assert [r[0] for r in rows[1:7]] == ["'" + h for h in hostile]
    assert [r[1] for r in rows[1:7]] == ["-1.5"] * 6
    assert rows[7] == ["-12.5", "3"] and rows[8] == ["Black Country", "2.0"]
    assert not list(tmp_path.glob("*.partial"))
    assert all(restore(neutralise(h)) == h for h in hostile) and neutralise(-3) == -3


def test_a_sheet_of_decimal_comma_text_is_a_data_sheet(tmp_path):
    rows = [["code", "a"], ["E1", "1,5"], ["E2", "2,25"]]
    t = load_scores(_book(tmp_path, [("Cover", COVER, "visible"), ("Data", rows, "visible")]))
    assert t.values[:, 0].tolist() == [1.5, 2.25] and "Read sheet 'Data'" in t.notes[0]


def test_read_rows_leave_the_garbage_collectors_lists(tmp_path):
    """The panel holds the table read while the user works: its rows are tuples of strings, which a collection
    untracks, so a full garbage collection (a pause of QGIS's main thread) does not walk 34,753 rows of cells."""
    import gc

    from plugin.core.tables import read_raw

    path = tmp_path / "t.csv"
    path.write_text("code,A,B\n" + "".join(f"E{i:05d},{i}.5,{i}\n" for i in range(500)) + "E99999,,7\n")
    raw = read_raw(path)
    gc.collect()
    assert len(raw.rows) == 501 and raw.rows[-1] == ("E99999", "", "7")
    assert not any(gc.is_tracked(r) for r in raw.rows)


TRICKY_CSV = (
    'code,"name, long",A\r\n'
    'E01,"two\r\nlines",1.5\r\n'
    "E02,caf\u00e9,2\n"
    'E03,"a ""quoted"" \rword",3\r'
    "E04,last,4"  # no line end at the end of the file
)


@pytest.mark.parametrize("piece", [1, 2, 3, 5, 8, 13, 1 << 20])
@pytest.mark.parametrize("newline", ["", "\r"])
def test_a_csv_read_in_pieces_gives_the_lines_the_file_gives(tmp_path, monkeypatch, piece, newline):
    """A CSV is read a megabyte at a time (one release of the interpreter lock per piece, not per 8 KB, so the
    main thread is not starved while the panel's task reads a large table); the lines are the file's own
    whatever the piece size: \\r\\n split between two pieces, quoted line breaks, accents, no final line end."""
    import csv

    from plugin.core import tables

    path = tmp_path / "t.csv"
    path.write_bytes(TRICKY_CSV.encode("utf-8"))
    monkeypatch.setattr(tables, "TEXT_PIECE", piece)
    with path.open(encoding="utf-8", newline=newline) as fh:
        expected = list(fh)
    with path.open(encoding="utf-8", newline=newline) as fh:
        got = list(tables.lines_in_pieces(fh, newline))
    assert got == expected and "".join(got) == TRICKY_CSV

    def parsed(lines) -> object:  # the rows, or the csv module's complaint (a LF inside a CR-only file's field)
        try:
            return list(csv.reader(lines))
        except csv.Error as exc:
            return str(exc)

    with path.open(encoding="utf-8", newline=newline) as fh:
        rows = parsed(fh)
    with path.open(encoding="utf-8", newline=newline) as fh:
        assert parsed(tables.lines_in_pieces(fh, newline)) == rows
    if newline == "":
        assert rows[1] == ["E01", "two\r\nlines", "1.5"] and rows[2][1] == "caf\u00e9" and len(rows) == 5


def test_a_table_read_in_small_pieces_is_the_same_table(tmp_path, monkeypatch):
    """The whole reading (header, notes, line numbers in messages) is the same with pieces of 7 characters."""
    from plugin.core import tables

    path = tmp_path / "t.csv"
    path.write_text("Title line\n\ncode;A;B\n" + "".join(f'E{i:03d};"{i},5";{i}\r\n' for i in range(60))
                    + "E999;x;1\n", encoding="cp1252")
    whole = tables.read_raw(path)
    monkeypatch.setattr(tables, "TEXT_PIECE", 7)
    pieces = tables.read_raw(path)
    assert (pieces.header, pieces.rows, pieces.notes, pieces.lines, pieces.first_data_line, pieces.delimiter) == \
        (whole.header, whole.rows, whole.notes, whole.lines, whole.first_data_line, whole.delimiter)
    assert pieces.rows[0] == ("E000", "0,5", "0") and pieces.lines[0] == 4
    bad = tmp_path / "bad.csv"  # a cell over the csv module's limit: the message names the same line
    bad.write_text("code,A\nE1,1\nE2,3\nE3,\"" + "x" * 140_000 + "\n" * 3 + "\"\nE4,1\n")
    with pytest.raises(tables.TableError) as raised:
        tables.read_raw(bad)
    monkeypatch.setattr(tables, "TEXT_PIECE", 1 << 20)
    with pytest.raises(tables.TableError) as whole_raised:
        tables.read_raw(bad)
    assert str(raised.value) == str(whole_raised.value) and "line" in str(raised.value)
