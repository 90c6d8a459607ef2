"""Hostile and real-world table shapes through sectorclusters:joinscores, as the toolbox runs it.

A table of cases: the table file the test makes, extra parameters, and what a user must see: the scores that
land on named LEPs (real May 2021 LEP boundaries), or the error's words; the log line that says how the table
was read; and always the inputs unchanged (by sha1) and no temporary files left beside the outputs.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer

from tests.qgis.processing_run import run, sha1

BC, CW, CI = "E37000001", "E37000003", "E37000005"  # Black Country, Cheshire and Warrington, Cornwall and IoS


def text(body: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / "scores.csv"
        path.write_bytes(body.encode(encoding))
        return path
    return make


def workbook(*sheets: tuple[str, list, str], stale_rows: int | None = None) -> Callable[[Path], Path]:
    """An .xlsx of (title, rows, state) sheets; ``stale_rows``: a <dimension> record claiming fewer rows."""
    def make(folder: Path) -> Path:
        import zipfile

        import openpyxl

        book = openpyxl.Workbook()
        book.remove(book.active)
        for title, rows, state in sheets:
            ws = book.create_sheet(title)
            for row in rows:
                ws.append(row)
            ws.sheet_state = state
        path = folder / "scores.xlsx"
        book.save(path)
        if stale_rows is not None:
            fresh = folder / "fresh.xlsx"
            path.rename(fresh)
            with zipfile.ZipFile(fresh) as src, zipfile.ZipFile(path, "w") as dst:
                for item in src.infolist():
                    data = src.read(item)
                    if item.filename.startswith("xl/worksheets/sheet"):
                        t = data.decode()
                        start = t.index("<dimension")
                        data = (t[:start] + f'<dimension ref="A1:C{stale_rows}"/>' + t[t.index("/>", start) + 2:]
                                ).encode()
                    dst.writestr(item, data)
            fresh.unlink()
        return path
    return make


@dataclass
class Case:
    name: str
    table: Callable[[Path], Path]
    params: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)  # (LEP code, field) -> value in the output
    said: str = ""  # words in the log (infos and warnings) of a run that succeeded
    error: str = ""  # words of the error of a run that must fail


DATA = [["code", "Digital", "Life sciences"], [BC, 1.5, 2], [CW, 3, 4.25], [CI, 5, 6]]
OLD = [["code", "Digital", "Life sciences"], [BC, 3.0, 4], [CW, 6, 8.5], [CI, 10, 12]]
LEPS = ["E37000001", "E37000003", "E37000005", "E37000006", "E37000007", "E37000009", "E37000011", "E37000012",
        "E37000015", "E37000016", "E37000019", "E37000021", "E37000022", "E37000025", "E37000032", "E37000033",
        "E37000034", "E37000035", "E37000036", "E37000037", "E37000038", "E37000043", "E37000044", "E37000045",
        "E37000046", "E37000048", "E37000051", "E37000052", "E37000053", "E37000054", "E37000055", "E37000056",
        "E37000057", "E37000058", "E37000059", "E37000060", "E37000061", "E37000062"]  # the 38 LEPs of May 2021
LONG = [["code", "Digital", "Life sciences"]] + [[code, i, i + 1] for i, code in enumerate(LEPS)]

CASES = [
    Case("semicolon_decimal_comma", text(f"code;jobs;share\n{BC};60.000;0,612\n{CW};1.234.567;1,5\n"),
         values={(BC, "jobs"): 60000, (BC, "share"): 0.612, (CW, "jobs"): 1234567}, said="decimal comma"),
    Case("comma_thousands_quoted", text(f'code,jobs,share\n{BC},"60,000",0.612\n{CW},"1,234,567",1.5\n'),
         values={(BC, "jobs"): 60000, (CW, "jobs"): 1234567, (CW, "share"): 1.5}),
    Case("space_and_nbsp_thousands", text(f"code;jobs;share\n{BC};60\u00a0000;0,5\n{CW};1 234 567;2,25\n"),
         values={(BC, "jobs"): 60000, (CW, "jobs"): 1234567, (CW, "share"): 2.25}),
    Case("swiss_apostrophes", text(f"code\tjobs\tshare\n{BC}\t60'000.5\t0.5\n{CW}\t1'234'567\t2.25\n"),
         values={(BC, "jobs"): 60000.5, (CW, "jobs"): 1234567}),
    Case("cp1252_semicolons", text(f"code;Région;share\n{BC};12,5;0,5\n{CW};7,25;1\n", "cp1252"),
         values={(BC, "Region"): 12.5, (CW, "Region"): 7.25}, said="cp1252"),
    Case("ambiguous_tab_refused", text(f"code\tjobs\n{BC}\t1,234\n{CW}\t2,345\n"),
         error="Column 'jobs' of scores.csv holds numbers that can be read two ways ('1,234', '2,345'"),
    Case("mixed_marks_refused", text(f"code|a|b\n{BC}|1.5|2,5\n{CW}|3|4\n"),
         error="with a decimal point in column 'a' ('1.5') and with a decimal comma in column 'b' ('2,5')"),
    Case("header_with_empty_cells", text(f"code,,  ,Real\n{BC},1,2,3\n{CW},4,5,6\n{CI},7,8,9\n"),
         values={(BC, "Real"): 3, (CW, "column_2"): 4, (CI, "column_3"): 8}),
    Case("cr_only_line_endings", text(f"code,a,b\r{BC},1,2\r{CW},3,4\r"),
         values={(BC, "a"): 1, (CW, "b"): 4}, said="carriage return only"),
    Case("stray_cr", text(f"code,a,b\n{BC},1\r,2\n{CW},3,4\n"),
         error="Line 2 of scores.csv has a stray carriage return (CR) inside a row"),
    Case("cell_over_128_kb", text(f'code,a\n{BC},"' + "x" * 140_000 + f'"\n{CW},3\n'),
         error="Line 2 of scores.csv: a cell runs over 128 KB"),
    Case("unclosed_quote", text(f'code,a\n{BC},"1\n{CW},' + "y" * 140_000 + "\n"),
         error="a quote (\") is opened and never closed"),
    Case("unknown_sector_column", text(f"code,sector,score\n{BC},A,1\n{BC},B,2\n{CW},A,3\n"),
         params={"TABLE_SHAPE": 2, "SECTOR_COLUMN": "industry"},
         error="The table has no sector column 'industry'. Its columns are: code, sector, score"),
    Case("unknown_score_column", text(f"code,sector,score\n{BC},A,1\n{BC},B,2\n{CW},A,3\n"),
         params={"TABLE_SHAPE": 2, "SCORE_COLUMN": "value"},
         error="The table has no score column 'value'. Its columns are: code, sector, score"),
    Case("xlsx_hidden_first_sheet", workbook(("Old", OLD, "hidden"), ("Data", DATA, "visible")),
         values={(BC, "Digital"): 1.5, (CW, "Life_sciences"): 4.25},
         said="hidden sheets are not read unless named ('Old')"),
    Case("xlsx_hidden_sheet_named", workbook(("Old", OLD, "hidden"), ("Data", DATA, "visible")),
         params={"SHEET": "Old"}, values={(BC, "Digital"): 3.0, (CW, "Life_sciences"): 8.5},
         said="Read sheet 'Old' of scores.xlsx"),
    Case("xlsx_unknown_sheet", workbook(("Data", DATA, "visible")), params={"SHEET": "2019"},
         error="scores.xlsx has no sheet '2019'. Its sheets are: 'Data'"),
    Case("xlsx_ons_cover_contents_notes",
         workbook(("Cover", [["Employment by sector"], ["Source: ONS"]], "visible"),
                  ("Contents", [["Table", "Title"], ["1", "Employment"]], "visible"),
                  ("Notes", [["Note number", "Note text"], ["Note 1", "Rounded"]], "visible"),
                  ("Table 1", DATA, "visible")),
         values={(CI, "Digital"): 5}, said="Read sheet 'Table 1' of scores.xlsx; skipped 'Cover'"),
    Case("xlsx_stale_dimension", workbook(("Data", LONG, "visible"), stale_rows=9),
         values={("E37000062", "Digital"): 37, (CW, "Digital"): 1}),  # 38 rows, the record said 8
    Case("xlsx_formula_without_value",
         workbook(("Data", [["code", "a", "derived"], [BC, 1, "=B2*2"], [CW, 2, "=B3*2"]], "visible")),
         values={(BC, "a"): 1}, said="Column 'derived': 2 formula cell(s) were saved without their value"),
    Case("xlsx_one_column", workbook(("Data", [["code"], [BC], [CW]], "visible")),
         error="only one filled column"),
]


def _log(fb) -> str:
    return "\n".join([*fb.infos, *fb.warnings])


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_table_case(processing_ready, lep_path, tmp_path, case: Case):
    inputs = tmp_path / "in"
    outputs = tmp_path / "out"
    inputs.mkdir()
    outputs.mkdir()
    table = case.table(inputs)
    before = {p: sha1(p) for p in [lep_path, table]}
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(table), **case.params,
        "OUTPUT": str(outputs / "joined.gpkg"), "UNMATCHED": str(outputs / "unmatched.csv")})
    assert {p: sha1(p) for p in before} == before  # the inputs are never changed
    assert not [p.name for p in outputs.iterdir() if p.suffix in (".partial", ".tmp") or p.name.startswith(".")]
    if case.error:
        assert not ok
        said = "\n".join(fb.errors)
        assert case.error in said, said
        assert "Traceback" not in said
        return
    assert ok, fb.errors
    log = _log(fb)
    assert case.said in log, log
    layer = QgsVectorLayer(res["OUTPUT"], "joined", "ogr")
    rows = {f["LEP21CD"]: f for f in layer.getFeatures()}
    for (code, name), value in case.values.items():
        assert rows[code][name] == pytest.approx(value), (code, name, rows[code][name])


def test_csv_outputs_carry_no_formulas(processing_ready, lep_path, tmp_path):
    """Table rows named like formulas come back in unmatched.csv with a leading ', numbers stay numbers."""
    import csv

    hostile = ['=HYPERLINK("http://evil.example","click")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3+cmd"]
    table = tmp_path / "scores.csv"
    with table.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["code", "Digital"], [BC, 1], *[[h, i] for i, h in enumerate(hostile)]])
    out = tmp_path / "unmatched.csv"
    ok, res, fb = run("sectorclusters:joinscores", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(table),
        "OUTPUT": str(tmp_path / "joined.gpkg"), "UNMATCHED": str(out)})
    assert ok, fb.errors
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    keys = {r["key"] for r in rows if r["source"] == "table"}
    assert keys == {"'" + h for h in hostile}
    for r in rows:
        assert not any(v.startswith(("=", "+", "@", "\t", "\r")) for v in r.values()), r
        assert not r["key"].startswith("-")
    scores = [r["best_score"] for r in rows if r["best_score"]]
    assert scores and all(float(s) >= 0 for s in scores)
