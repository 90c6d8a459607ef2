"""Reading score tables as users have them: CSV in any common encoding and
delimiter, Excel and OpenDocument sheets, and Nomis/ONS exports as downloaded.

Everything ends up as a ``ScoreTable``: one row per key, one column per sector,
NaN where there is no usable number. Nothing is guessed silently: counts of
suppressed cells, flags and dropped lines travel with the table as notes.
"""
from __future__ import annotations

import codecs
import csv
import io
import math
import re
from array import array
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .errors import UserError
from .gc_pause import with_collector_paused
from .numbers import COMMA, DEFAULT, POINT, Convention, detect_convention, number_parser

LONG, WIDE, NOMIS = "long", "wide", "nomis"
SHAPES = (LONG, WIDE, NOMIS)
SUPPRESSED = {"c", "*", "-", "--", "..", ":", "x", "n/a", "na", "#", "~", "z", "u", "!", "(c)"}
_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9_]*):(.+)$")
UNIT_WORDS = {"number", "numbers", "percent", "%", "rate", "count", "flags", "£", "gbp", "value"}
REFERENCE_NAMES = {
    "england", "united kingdom", "uk", "great britain", "gb", "england and wales", "scotland", "wales",
    "northern ireland", "total", "all", "all regions", "national", "e92000001", "k02000001", "k03000001",
    "k04000001", "w92000004", "s92000003", "n92000002",
}


class TableError(UserError):
    """A table the plugin cannot use; the message says why in plain words."""

    code = "table"


@dataclass
class RawTable:
    header: list[str]
    # Rows are tuples: a tuple of strings leaves the garbage collector's lists, where 34,753 lists of 22 cells
    # held by the panel added ~20 ms to every full collection (a pause of the main thread, wherever it falls).
    rows: list[tuple[str, ...]]
    notes: list[str] = field(default_factory=list)
    first_data_line: int = 2  # 1-based line number of rows[0] in the file, for messages
    lines: list[int] = field(default_factory=list)  # 1-based file line (sheet row) of each row; empty = unknown
    convention: Convention = DEFAULT  # how the file writes its numbers (decimal mark)
    delimiter: Optional[str] = None  # a CSV's delimiter; None for a spreadsheet
    sheet: Optional[str] = None  # the sheet read, for a workbook
    sheets: list[str] = field(default_factory=list)  # a workbook's visible sheets that may hold the data
    _parsed: dict = field(default_factory=dict, repr=False, compare=False)
    _cells: dict = field(default_factory=dict, repr=False, compare=False)  # while scores are read (wide tables)

    def line(self, i: int) -> int:
        """The file line (sheet row) of ``rows[i]``, for messages that send the user to it."""
        return self.lines[i] if len(self.lines) == len(self.rows) else self.first_data_line + i

    def derive(self, header: list[str], rows: list[tuple[str, ...]], notes: list[str], lines: list[int]) -> RawTable:
        """A table of some of these rows or columns, read with the same number convention."""
        return RawTable(header, rows, notes, self.first_data_line, lines, self.convention, self.delimiter,
                        self.sheet, self.sheets)

    def cells(self, j: int) -> list[str]:
        """Column ``j``'s cells. Kept while ``scores_from_raw`` runs for a wide table (its columns are looked at
        three times); a long table's million-row columns are made again rather than held."""
        cells = self._cells.get(j)
        if cells is None:
            cells = list(map(itemgetter(j), self.rows))
            if len(self.header) > 6 and self._cells.get("keep"):
                self._cells[j] = cells
        return cells

    def text(self, j: int) -> Optional[str]:
        """Column ``j``'s cells joined by newlines, kept as its cells are (None where they are not: a long
        table's columns are joined in pieces where needed, not held whole). The number convention, the parse
        and the look for zero-padded codes each search a column's text in C; joining 150,000 cells scattered in
        memory costs 8 ms, so a wide column is joined once, not three times."""
        if not (len(self.header) > 6 and self._cells.get("keep")):
            return None
        key = ("text", j)
        text = self._cells.get(key)
        if text is None:
            text = self._cells[key] = "\n".join(self.cells(j))
        return text

    def parsed(self, j: int) -> ParsedColumn:
        """Column ``j`` parsed once (every later look at its numbers reuses it)."""
        column = self._parsed.get(j)
        if column is None:
            column = self._parsed[j] = parse_column(self.cells(j), self.convention.decimal, self.text(j))
        return column


@dataclass
class ScoreTable:
    """Scores per key and sector as read from a file."""

    shape: str
    key_column: str
    keys: list[str]
    sectors: list[str]
    values: np.ndarray  # len(keys) x len(sectors), NaN = no data
    reference_key: Optional[str] = None
    reference: Optional[dict[str, float]] = None
    geography: list[Optional[str]] = field(default_factory=list)  # Nomis prefix per row ("lep", "nuts316")
    notes: list[str] = field(default_factory=list)
    no_data_cells: int = 0
    identifiers: dict[str, str] = field(default_factory=dict)  # column -> why it is an identifier, not a sector
    forced: list[str] = field(default_factory=list)  # columns the user asked to keep as sectors

    def column(self, sector: str) -> np.ndarray:
        return self.values[:, self.sectors.index(sector)]


NUMBER, NO_DATA, ODD = 0, 1, 2  # the status of a cell: a number, empty or suppressed, text that is no number


@dataclass
class ParsedColumn:
    """A column's numbers (NaN where none) and each cell's status (NUMBER, NO_DATA or ODD)."""

    values: np.ndarray
    status: np.ndarray  # int8

    @property
    def numeric_share(self) -> float:
        """The share of filled, not suppressed cells that are numbers (0 without any)."""
        filled = int(np.count_nonzero(self.status != NO_DATA))
        return 0.0 if not filled else int(np.count_nonzero(self.status == NUMBER)) / filled


def parse_column(cells: Sequence[str], decimal: str = POINT, text: Optional[str] = None) -> ParsedColumn:
    """Every cell parsed once, in bulk where the column is plain numbers (numpy parses them), else cell by cell
    with each distinct text parsed once (long tables repeat the same few texts a million times).

    ``text``: the cells joined by newlines, where the caller has it (``RawTable.text``)."""
    n = len(cells)
    if n and _float_or_none(cells[0]) is not None \
            and "_" not in (joined := text if text is not None else "\n".join(cells)) \
            and (decimal == POINT or "." not in joined):
        try:
            values = np.array(cells, dtype=float)
        except ValueError:  # empty, suppressed or text cells: cell by cell below
            values = None
        if values is not None and np.isfinite(values).all():
            return ParsedColumn(values, np.zeros(n, dtype=np.int8))
    parse = number_parser(decimal)
    memo: dict[str, tuple[float, int]] = {}
    nan = math.nan
    out: list[tuple[float, int]] = []
    for cell in cells:
        hit = memo.get(cell)
        if hit is None:
            value = None if cell[:1].isalpha() else parse(cell)  # a name or code: no number starts with a letter
            if value is not None:
                hit = (value, NUMBER)
            elif not cell or cell.strip().lower() in SUPPRESSED:
                hit = (nan, NO_DATA)
            else:
                hit = (nan, ODD)
            if len(memo) < 65536:  # a column of distinct values gains nothing from remembering them
                memo[cell] = hit
        out.append(hit)
    status = np.fromiter((h[1] for h in out), dtype=np.int8, count=n)
    if not np.any(status == NUMBER):  # a text column (keys, sector names): no memory for a million NaNs
        return ParsedColumn(np.broadcast_to(np.nan, n), status)
    values = np.fromiter((h[0] for h in out), dtype=float, count=n)
    return ParsedColumn(values, status)


def _float_or_none(text: str) -> Optional[float]:
    try:
        return float(text)
    except ValueError:
        return None


# ----------------------------------------------------------------------------- reading

_COVER_SHEETS = re.compile(r"^\s*(cover|cover sheet|contents|table of contents|index|notes?|metadata|information|info|"
                           r"about|readme|read me|definitions|glossary|sources?|front page|title)\s*$", re.IGNORECASE)
_CSV_ERRORS = (csv.Error,)


@with_collector_paused
def read_raw(path: str | Path, sheet: Optional[str] = None) -> RawTable:
    """Cells of the CSV or of a workbook's data sheet as text, header row found, number convention detected.

    ``sheet``: the workbook sheet to read (by name, hidden ones too); by default the first visible sheet that
    holds a data table (cover, contents and notes sheets are skipped, and the notes say which sheet was read).
    """
    p = Path(path)
    if not p.exists():
        raise TableError(f"The table file {p} does not exist.")
    if p.is_dir():
        raise TableError(f"{p} is a folder, not a table file.")
    if not p.is_file():  # /dev/zero, a pipe, a socket: reading would never end or not be a table
        raise TableError(f"{p} is not a regular file (a device, pipe or socket), so it cannot be a table file.",
                         code="not_a_file")
    suffix = p.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            return _read_workbook(p, sheet)
        if sheet:
            raise TableError(f"{p.name} is a text table, not a workbook: it has no sheet {sheet!r}.",
                             code="no_sheet")
        grid, notes, delimiter = _read_csv(p)
    except PermissionError as exc:
        raise TableError(f"The table file {p} cannot be read: {exc.strerror}.") from None
    raw = _find_header(grid, notes, p.name, delimiter=delimiter)
    raw.delimiter = delimiter
    _settle_numbers(raw, p.name)
    return raw


def _settle_numbers(raw: RawTable, name: str) -> None:
    """Detect the file's number convention from every column (not identifier columns) and say it when it matters."""
    sheet = raw.delimiter is None  # numbers typed in a sheet are numbers; only its text cells say how it writes
    # a CSV's columns, made here, are kept for the scores that read them next (made twice, 0.2 s of 150,000 x 21
    # rows); scores_from_raw lets them go. A sheet's are filtered here, not the ones the scores read.
    raw._cells["keep"] = not sheet
    columns = (((h or f"column {j + 1}", [c for c in raw.cells(j) if type(c) is str]) if sheet else
                (h or f"column {j + 1}", raw.cells(j), raw.text(j)))
               for j, h in enumerate(raw.header) if not identifier_header(h))  # one column at a time
    raw.convention = detect_convention(columns, raw.delimiter, name)
    raw._parsed.clear()  # a sheet's columns were parsed to find its data table, before the convention was known
    if raw.convention.decimal == COMMA and raw.delimiter is None:
        rows = raw.rows
        for i, row in enumerate(rows):
            if any(type(c) is _Typed for c in row):
                rows[i] = tuple(c.replace(".", ",") if type(c) is _Typed else c for c in row)
    if raw.convention != DEFAULT:
        raw.notes.append(raw.convention.describe())


def _encoding(p: Path) -> tuple[str, list[str]]:
    """The file's text encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252, else Latin-1),
    checked over the whole file in 1 MB pieces so a large file is never held twice."""
    with p.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", [f"Read {p.name} as utf-16 (it is not UTF-8)."]
    if not head.strip():
        with p.open("rb") as fh:
            if not fh.read().strip():
                raise TableError(f"The table file {p.name} is empty.")
    if b"\x00" in head:
        raise TableError(f"{p.name} does not look like a text table (it contains binary data).")
    for encoding in ("utf-8-sig", "cp1252"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with p.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding, [] if encoding == "utf-8-sig" else [f"Read {p.name} as {encoding} (it is not UTF-8)."]
    return "latin-1", [f"Read {p.name} as latin-1 (it is not UTF-8)."]


def _read_csv(p: Path) -> tuple[list[list[str]], list[str], str]:
    """The CSV's cells, stripped, streamed from the file (a 40 MB file is never held as one string).

    Cells that repeat down a column (keys and sectors of a long table) share one string object: a million rows
    over 11,000 keys then cost little more than the rows' distinct values.
    """
    encoding, notes = _encoding(p)
    with p.open(encoding=encoding, newline="") as fh:
        head = fh.read(65536)
    newline = "\n"
    if "\r" in head and "\n" not in head:  # old Mac line endings (CR only)
        newline = "\r"
        notes.append(f"{p.name} ends its lines with a carriage return only (old Mac style); read as lines.")
    sample = "\n".join(head.splitlines()[:50])
    delimiter = _sniff_delimiter(sample)
    grid: list[list[str]] = []
    shared: dict[int, dict[str, str]] = {}  # column -> its texts, for the columns that repeat them
    big = p.stat().st_size > 8_000_000  # sharing costs time; it pays only where memory would grow large
    with p.open(encoding=encoding, newline=newline) as fh:
        reader = csv.reader(lines_in_pieces(fh, newline), delimiter=delimiter)
        try:
            for row in reader:
                row[:] = map(str.strip, row)
                n = len(grid) if big else -1
                if n < 0:
                    pass
                elif n < 2000:
                    for j in range(len(row)):
                        shared.setdefault(j, {})
                elif n % 2000 == 0:  # stop sharing a column of (nearly) distinct texts: it gains nothing
                    limit = 0.9 * 2000 if n == 2000 else 50000
                    narrow = len(row) <= 6  # a long table (key, sector, score…): a wide one would pay in time
                    shared = {j: same for j, same in shared.items() if len(same) < limit and narrow}
                for j, same in shared.items():
                    if j < len(row):
                        cell = row[j]
                        row[j] = same.setdefault(cell, cell)
                grid.append(row)
        except _CSV_ERRORS as exc:
            raise TableError(_csv_problem(str(exc), reader.line_num, p.name), code="csv_syntax") from None
    if not any(any(row) for row in grid):
        raise TableError(f"The table file {p.name} is empty.")
    return grid, notes, delimiter


TEXT_PIECE = 1 << 20  # characters of a CSV read from the file at a time


def lines_in_pieces(fh, newline: str = ""):
    """The lines of the text file ``fh`` (opened with ``newline``), exactly as iterating it gives them, read from
    the file in pieces of ``TEXT_PIECE`` characters.

    Why: iterating a text file reads it 8 KB at a time, and each read lets go of Python's interpreter lock and
    takes it back within microseconds. A thread waiting for the lock (QGIS's main thread, while the panel's task
    reads a table) asks the reading thread to hand it over only after a whole switch interval without a change of
    holder, and every such read counts as a change, so it waited: 70-170 ms at a time while the 4.6 MB LSOA table
    was read. One read per megabyte leaves it a switch interval at most.
    """
    carry = ""
    end = newline or "\n"  # newline "" splits at \n, \r\n and \r: a piece ending in \r may end in the middle of \r\n
    while True:
        text = fh.read(TEXT_PIECE)
        if not text:
            break
        if newline:  # one line end only (CR for old Mac files): split there, the ends kept
            lines = [line + newline for line in (carry + text).split(newline)]
            lines[-1] = lines[-1][:-len(newline)]
        else:  # a string buffer splits as the file does (it translates nothing with newline "")
            lines = io.StringIO(carry + text, newline="").readlines()
        carry = lines.pop() if not lines[-1].endswith(end) else ""
        yield from lines
    if carry:
        yield carry


def _csv_problem(error: str, line: int, name: str) -> str:
    """The csv module's complaint as words a user can act on, with the line to look at."""
    if "field larger than field limit" in error:
        return (f"Line {line} of {name}: a cell runs over 128 KB, which no table cell needs. Usually a quote (\") is "
                "opened and never closed, so the rest of the file reads as one cell: check the quoting around "
                "that line.")
    if "new-line character seen in unquoted field" in error:
        return (f"Line {line} of {name} has a stray carriage return (CR) inside a row. Save the file again with "
                "one kind of line ending (Windows CR LF or Unix LF), or put the cell in quotes.")
    if "NUL" in error:
        return f"Line {line} of {name} contains a NUL byte: it does not look like a text table."
    return f"Line {line} of {name} cannot be read as CSV ({error}): check the delimiter and quoting."


def _sniff_delimiter(sample: str) -> str:
    """The delimiter under which the sample's lines form the longest block of equally wide rows (a table sits
    under its title lines), then the widest, then the one whose cells are numbers most often.

    ``csv.Sniffer`` alone took ``,`` for ``area;Digital`` over ``Cumbria;0,5`` when a title line held a comma.
    """
    lines = sample.splitlines()
    best, best_score = ",", (0, 0, 0)
    for delimiter in (",", ";", "\t", "|"):
        if delimiter not in sample:
            continue
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        widths = [len(r) for r in rows if any(c.strip() for c in r)]
        run, longest, width = 0, 0, 0
        for i, w in enumerate(widths):
            run = run + 1 if i and w == widths[i - 1] and w >= 2 else (1 if w >= 2 else 0)
            if run > longest or (run == longest and w > width):
                longest, width = run, w
        numbers = sum(_any_number(c.strip()) is not None for r in rows for c in r)
        score = (longest, width, numbers)
        if score > best_score:
            best, best_score = delimiter, score
    return best


class _Typed(str):
    """The text of a number typed in a spreadsheet cell (written with a decimal point, whatever the locale)."""

    __slots__ = ()


def _read_workbook(p: Path, sheet: Optional[str]) -> RawTable:
    """The data sheet of a workbook: the one named, or the first visible sheet holding a data table."""
    book = _open_book(p)
    try:
        names = [name for name, _state in book.sheets]
        if sheet:
            if sheet not in names:
                raise TableError(f"{p.name} has no sheet {sheet!r}. Its sheets are: {', '.join(map(repr, names))}.",
                                 code="no_sheet")
            candidates = [sheet]
        else:
            candidates = [name for name, state in book.sheets if state == "visible"]
            if not candidates:
                raise TableError(f"Every sheet of {p.name} is hidden: name the sheet to read.", code="no_sheet")
        visible = [name for name, state in book.sheets if state == "visible" and not _COVER_SHEETS.match(name)]
        skipped: list[str] = []
        for name in candidates:
            if not sheet and _COVER_SHEETS.match(name):
                skipped.append(f"{name!r} (a cover, contents or notes sheet)")
                continue
            grid, notes = book.read(name)
            try:
                raw = _find_header(grid, notes, f"sheet {name!r} of {p.name}", delimiter=None)
            except TableError:
                if sheet or len(candidates) == 1:
                    raise
                skipped.append(f"{name!r} (no data table)")
                continue
            if not sheet and not _holds_data(raw):
                skipped.append(f"{name!r} (no column of numbers)")
                continue
            raw.sheet, raw.sheets = name, visible
            for j, count in sorted(book.formulas.items()):
                label = raw.header[j] if j < len(raw.header) and raw.header[j] else f"column {j + 1}"
                raw.notes.append(f"Column {label!r}: {count} formula cell(s) were saved without their value (the "
                                 "workbook was written by a program that does not calculate formulas) and count as no "
                                 "data. Open and save the workbook in Excel or LibreOffice to store the values.")
            hidden = [n for n, state in book.sheets if state != "visible" and n != name]
            said = f"Read sheet {name!r} of {p.name}"
            if skipped:
                said += f"; skipped {', '.join(skipped)}"
            if hidden:
                said += f"; hidden sheets are not read unless named ({', '.join(map(repr, hidden))})"
            raw.notes.insert(0, said + ".")
            _settle_numbers(raw, f"sheet {name!r} of {p.name}")
            return raw
        raise TableError(f"No sheet of {p.name} holds a data table (a header row over rows of numbers): "
                         f"{', '.join(skipped)}. Name the sheet to read.", code="no_data_sheet")
    finally:
        book.close()


def _holds_data(raw: RawTable) -> bool:
    """A data table: a column besides the first whose filled cells are mostly numbers (with either decimal mark:
    the sheet's convention is settled only once its data sheet is found)."""
    for j in range(1, len(raw.header)):
        filled = [c for c in raw.cells(j) if c and c.lower() not in SUPPRESSED]
        if filled and sum(_any_number(c) is not None for c in filled) >= 0.5 * len(filled):
            return True
    return False


class _Book:
    """A workbook's sheets (name, state) and their cells as text, whichever the format."""

    def __init__(self, p: Path):
        self.path = p
        self.sheets: list[tuple[str, str]] = []
        self.formulas: dict[int, int] = {}  # of the sheet last read: column index -> formula cells without a value

    def read(self, name: str) -> tuple[list[list[str]], list[str]]:
        raise NotImplementedError

    def close(self) -> None:
        pass


class _Xlsx(_Book):
    def __init__(self, p: Path):
        super().__init__(p)
        try:
            import openpyxl
        except ImportError:
            raise TableError("Reading .xlsx files needs the Python package openpyxl "
                             "(Debian/Ubuntu: apt install python3-openpyxl).") from None
        try:
            self.book = openpyxl.load_workbook(p, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - the reader's own words are the best hint
            raise TableError(f"{p.name} could not be read as an Excel workbook: {exc}") from None
        self.sheets = [(ws.title, getattr(ws, "sheet_state", "visible")) for ws in self.book.worksheets]

    def read(self, name: str) -> tuple[list[list[str]], list[str]]:
        ws = self.book[name]
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # the <dimension> record may be stale: read every row the sheet has
        grid = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        width = max((len(r) for r in grid), default=0)
        grid = [r + [""] * (width - len(r)) for r in grid]
        self.formulas = self._uncached_formulas(name, grid)
        return grid, []

    def _uncached_formulas(self, name: str, grid: list[list[str]]) -> list[str]:
        """Columns (by index) of formula cells saved without their value, which read as empty: {column: count}.

        A workbook written by a program that does not calculate (a script, some exporters) stores the formula
        only; those cells must be named, not taken for empty ones without a word.
        """
        import openpyxl

        if not any("" in row for row in grid) or not _sheet_has_formulas(
                self.path, getattr(self.book[name], "_worksheet_path", None)):
            return {}  # no empty cell, or no formula in the sheet: nothing to find
        try:
            book = openpyxl.load_workbook(self.path, read_only=True, data_only=False)
        except Exception:  # noqa: BLE001 - the values were read; this check only adds a note
            return {}
        missing: dict[int, int] = {}
        try:
            ws = book[name]
            if hasattr(ws, "reset_dimensions"):
                ws.reset_dimensions()
            for i, row in enumerate(ws.iter_rows(values_only=True)):
                cells = grid[i] if i < len(grid) else []
                for j, v in enumerate(row):
                    if isinstance(v, str) and v.startswith("=") and j < len(cells) and cells[j] == "":
                        missing[j] = missing.get(j, 0) + 1
        finally:
            book.close()
        return missing

    def close(self) -> None:
        self.book.close()


# A formula element in a sheet's XML (<f>, <f t="shared" …/>, with or without a namespace prefix)
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")


def _sheet_has_formulas(path: Path, member: Optional[str]) -> bool:
    """Whether the sheet ``member`` of the .xlsx at ``path`` holds any formula, found in its XML with one search per
    megabyte: reading every cell a second time with openpyxl, to look for formulas saved without their value, took
    longer than the first read (6.9 of 12.0 s on 34,753 rows × 22). True when the sheet cannot be looked at, so
    the full check runs."""
    import zipfile

    if not member:
        return True
    try:
        with zipfile.ZipFile(path) as archive, archive.open(member.lstrip("/")) as fh:
            tail = b""
            while chunk := fh.read(1 << 20):
                if _FORMULA_TAG.search(tail + chunk):
                    return True
                tail = chunk[-64:]
    except (KeyError, OSError, zipfile.BadZipFile):
        return True
    return False


class _Ods(_Book):
    def __init__(self, p: Path):
        super().__init__(p)
        self.sheets = _ods_sheets(p)

    def read(self, name: str) -> tuple[list[list[str]], list[str]]:
        try:
            import pandas as pd
            frame = pd.read_excel(self.path, sheet_name=name, header=None, dtype=object, engine="odf")
        except ImportError:
            raise TableError("Reading .ods files needs the Python package odfpy "
                             "(Debian/Ubuntu: apt install python3-odf).") from None
        except Exception as exc:  # noqa: BLE001 - the reader's own words are the best hint
            raise TableError(f"{self.path.name} could not be read as an OpenDocument sheet: {exc}") from None
        return [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)], []


def _ods_sheets(p: Path) -> list[tuple[str, str]]:
    """An OpenDocument spreadsheet's sheets and whether each is shown (a table style with display="false").

    Read with odfpy, the reader pandas uses for the cells too, rather than a stdlib XML parser of our own: the
    plugin repository's scanner (Bandit) refuses xml.etree on untrusted files, and odfpy's SAX reader resolves
    no external entities.
    """
    import zipfile

    try:
        from odf.opendocument import load
        from odf.style import Style, TableProperties
        from odf.table import Table
    except ImportError:
        raise TableError("Reading .ods files needs the Python package odfpy "
                         "(Debian/Ubuntu: apt install python3-odf).") from None
    try:
        doc = load(str(p))
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TableError(f"{p.name} could not be read as an OpenDocument sheet: {exc}") from None
    except Exception as exc:  # noqa: BLE001 - SAX errors and odfpy's own: the reader's words are the best hint
        raise TableError(f"{p.name} could not be read as an OpenDocument sheet: {exc}") from None
    hidden_styles = {
        style.getAttribute("name")
        for style in doc.getElementsByType(Style)
        if style.getAttribute("family") == "table"
        and any(props.getAttribute("display") == "false" for props in style.getElementsByType(TableProperties))
    }
    return [(table.getAttribute("name") or "", "hidden" if table.getAttribute("stylename") in hidden_styles
             else "visible")
            for table in doc.spreadsheet.getElementsByType(Table)]


def _open_book(p: Path) -> _Book:
    suffix = p.suffix.lower()
    if suffix == ".xls":
        raise TableError(f"{p.name} is an old-style .xls file: save it as .xlsx or .csv.")
    return _Ods(p) if suffix == ".ods" else _Xlsx(p)


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return _Typed(repr(int(value)) if value.is_integer() else repr(value))
    if isinstance(value, int):
        return _Typed(repr(value))
    return str(value).strip()


def _find_header(grid: list[list[str]], notes: list[str], name: str, delimiter: Optional[str] = ",") -> RawTable:
    """The header row and the data rows under it (title lines above, units rows and footnotes below skipped).

    The header is the row the data columns line up under: the first row about as wide as the widest, or the
    row just above it when that row is data and the row above names its columns with some cells left empty.
    """
    filled = [len(row) - row.count("") for row in grid]  # cells come stripped (a sheet's keep their type)
    if not any(filled):
        raise TableError(f"The table file {name} has no data.")
    widest = max(filled[:60])
    if widest < 2:
        if delimiter is None:
            raise TableError(f"{name} has only one filled column: a table needs a key column and score columns.")
        raise TableError(f"{name} has only one column: check the delimiter (comma, semicolon or tab).")
    start = next(i for i, n in enumerate(filled) if n >= max(2, math.ceil(0.6 * widest)))
    above = next((i for i in range(start - 1, -1, -1) if filled[i]), None)
    if above is not None and filled[above] >= 2 and _is_data_row(grid[start]) and _names_columns(grid[above]):
        start = above
    if start:
        notes.append(f"Skipped {start} line(s) above the header row.")
    header = grid[start]
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    rows: list[tuple[str, ...]] = []
    lines = array("l")  # a million rows' line numbers as one block of C longs, not a million int objects
    first = start + 2
    for lineno, row in enumerate(grid[start + 1:], start=start + 2):
        if not any(row):
            continue
        if len(row) > width:
            extra = [c for c in row[width:] if c]
            if extra:
                raise TableError(
                    f"Line {lineno} of {name} has {width + len(row[width:])} cells but the header has {width}: "
                    "the rows are ragged (check the delimiter and quoting)."
                )
            row = row[:width]
        elif len(row) < width:
            row = row + [""] * (width - len(row))
        if not rows and _is_units_row(row):
            notes.append(f"Skipped a units row ({', '.join(sorted({c for c in row[1:] if c}))[:60]}).")
            first = lineno + 1
            continue
        rows.append(tuple(row))
        lines.append(lineno)
    # Footnotes: trailing lines with a single filled cell in a wide table.
    dropped = 0
    while rows and width > 2 and sum(1 for c in rows[-1] if c) == 1:
        rows.pop()
        lines.pop()
        dropped += 1
    if dropped:
        notes.append(f"Skipped {dropped} footnote line(s) below the data.")
    if not rows:
        raise TableError(f"{name} has a header but no data rows.")
    return RawTable(header=header, rows=rows, notes=notes, first_data_line=first, lines=lines)


def _is_data_row(row: Sequence[str]) -> bool:
    """Numbers in most filled cells after the first (a region's row), not a header of years (2018, 2019…)."""
    cells = [c for c in row[1:] if c]
    numbers = [_any_number(c) for c in cells]
    found = [v for v in numbers if v is not None]
    if not cells or len(found) < 0.5 * len(cells):
        return False
    years = all(v.is_integer() and 1800 <= v <= 2100 for v in found) and found == sorted(set(found))
    return not years


def _names_columns(row: Sequence[str]) -> bool:
    """A row of labels: its filled cells are text, not numbers, and the first one is filled (the key's name)."""
    cells = [c for c in row if c]
    return bool(row) and bool(row[0]) and all(_any_number(c) is None for c in cells)


def _any_number(text: str) -> Optional[float]:
    """The cell as a number with a decimal point or, failing that, a decimal comma (for a row's look only)."""
    value = parse_number(text)
    return _parse_comma(text) if value is None else value


def _is_units_row(row: Sequence[str]) -> bool:
    cells = [c.lower() for c in row[1:] if c]
    return bool(cells) and not row[0] and all(c in UNIT_WORDS for c in cells)


# ----------------------------------------------------------------------------- numbers


parse_number = number_parser(POINT)
parse_number.__doc__ = "A float, or None when the cell is empty, suppressed or not a number (decimal point)."
_parse_comma = number_parser(COMMA)


def _numeric_share(raw: RawTable, j: int) -> float:
    return raw.parsed(j).numeric_share


# ----------------------------------------------------------------------------- identifiers

# Header tokens that name a code or id column (compared without trailing digits: GEOID10, FIPS2).
_ID_LAST = {"id", "ids", "cd", "code", "codes", "fips", "geoid", "gss", "fid", "oid", "gid", "uid", "uuid", "guid",
            "objectid", "fips_code"}
_ID_WHOLE = _ID_LAST | {"pk", "rowid", "ogc_fid", "object_id", "row_id"}
_ID_FIRST = {"id", "fips", "geoid", "gss"}
_ONS_CODE = re.compile(r"^[A-Za-z]{2,6}\d{0,2}(CD|ID|cd|id)$")  # LAD21CD, LEP21CD, RGNCD, lad21cd
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LEADING_ZERO = re.compile(r"^0\d+$")
_LEADING_ZERO_CELL = re.compile(r"\n0\d")


def _tokens(header: str) -> list[str]:
    parts = re.split(r"[^A-Za-z0-9]+", _CAMEL.sub(" ", header.strip()))
    return [t.lower() for t in parts if t]


def identifier_header(header: str) -> Optional[str]:
    """Why ``header`` names an identifier column (a code or id), or None.

    Identifiers: a whole name like ``id``, ``fid``, ``objectid``, ``GEOID``, ``FIPS``,
    ``code``; a last word ``…_id``, ``…_CD``, ``… code``, ``…_FIPS``, ``…code``
    (postcode); an ONS code field (``LAD21CD``, ``RGNCD``); a first word ``id``/``FIPS``
    in a two-word name (``FIPS state``). A longer label that merely contains such a word
    elsewhere ("Code development", "Coding and software") is a sector: only the last
    word counts, and sector labels rarely end in "code" or "id".
    """
    h = header.strip()
    if not h:
        return None
    if re.fullmatch(r"[-+]?\d+(\.\d+)?", h):  # 1929, 2009: a wide table by year
        return None
    if _ONS_CODE.match(h) and (re.search(r"\d", h) or (h.isupper() and h.endswith("CD"))):  # not PAID, HYBRID
        return "an ONS-style code field name"
    tokens = _tokens(h)
    if not tokens:
        return None
    compact = "_".join(tokens)
    bare = [t.rstrip("0123456789") or t for t in tokens]
    if compact in _ID_WHOLE or "".join(tokens) in _ID_WHOLE or (len(bare) == 1 and bare[0] in _ID_WHOLE):
        return "an identifier name"
    if len(tokens) > 1 and (bare[-1] in _ID_LAST or bare[-1].endswith("code")):
        return "a code or id name"
    if len(tokens) == 1 and bare[0].endswith("code"):
        return "a code name"
    if len(tokens) == 2 and bare[0] in _ID_FIRST:
        return "a code or id name"
    return None


def _code_values(cells: Sequence[str], text: Optional[str] = None) -> bool:
    """Whole numbers written with a leading zero (01, 06037): codes stored as text, not scores. ``text``: the
    cells joined by newlines, where the caller has it."""
    if not _LEADING_ZERO_CELL.search("\n" + (text if text is not None else "\n".join(cells))):
        return False
    filled = [c.strip() for c in cells if c.strip() and c.strip().lower() not in SUPPRESSED]
    return bool(filled) and all(re.fullmatch(r"\d+", c) for c in filled) and any(_LEADING_ZERO.match(c)
                                                                                for c in filled)


def identifier_column(header: str, cells: Sequence[str], text: Optional[str] = None) -> Optional[str]:
    """Why a numeric-looking column is an identifier (by its name, or its zero-padded codes), or None."""
    why = identifier_header(header)
    if why:
        return f"its name is {why}"
    if _code_values(cells, text):
        return "its values are zero-padded codes"
    return None


def _same_codes(cells: Sequence[str], codes: Sequence[str]) -> bool:
    """Whole numbers equal to ``codes`` (as numbers: 6 = "06") in at least 80 % of at least three rows."""
    pairs = [(a.strip(), b.strip()) for a, b in zip(cells, codes) if a.strip() and b.strip()]
    if len(pairs) < 3 or not all(re.fullmatch(r"\d+(\.0+)?", a) for a, _ in pairs):
        return False
    same = sum(re.fullmatch(r"\d+", b) is not None and int(float(a)) == int(b) for a, b in pairs)
    return same >= 0.8 * len(pairs)


def _same_code_columns(raw: RawTable, j: int, c: int) -> bool:
    """``_same_codes`` of columns ``j`` and ``c``, at once False when column ``c`` holds no number at all (codes
    such as E06000001 never equal a number)."""
    if not np.isfinite(raw.parsed(c).values).any():
        return False
    return _same_codes(raw.cells(j), raw.cells(c))


def identifier_note(column: str, why: str) -> str:
    return (f"Column {column!r} looks like an identifier (codes), not a sector ({why}): not joined. "
            "Pick it as a sector (keep columns) to use it anyway.")


# ----------------------------------------------------------------------------- shapes


def detect_shape(raw: RawTable) -> str:
    lower = [h.lower() for h in raw.header]
    keys = [r[0] for r in raw.rows]
    prefixed = sum(bool(_PREFIX.match(k)) for k in keys)
    if "flags" in lower or (keys and prefixed >= 0.8 * len(keys)):
        return NOMIS
    numeric = [j for j in range(len(raw.header)) if _numeric_share(raw, j) >= 0.5]
    text = [j for j in range(len(raw.header)) if j not in numeric]
    if len(text) < 2:
        return WIDE
    scores = []
    for j in numeric:  # a long table has one score column: a second one settles it
        if not identifier_column(raw.header[j], raw.cells(j)):
            scores.append(j)
            if len(scores) > 1:
                return WIDE
    if len(scores) == 1 and len(text) >= 2:
        firsts = [r[text[0]] for r in raw.rows]
        if len(set(firsts)) < len(firsts):
            return LONG
    return WIDE


def parse_row_filter(text: str) -> dict[str, list[str]]:
    """``"year=2022; geographic_level=LEP|COUNTRY"`` -> {"year": ["2022"], "geographic_level": ["LEP", "COUNTRY"]}."""
    out: dict[str, list[str]] = {}
    for part in re.split(r"[;\n]", text or ""):
        if not part.strip():
            continue
        if "=" not in part:
            raise TableError(f"Row filter {part.strip()!r} is not of the form column=value.")
        column, values = part.split("=", 1)
        out[column.strip()] = [v.strip() for v in values.split("|") if v.strip()]
    return out


def apply_row_filter(raw: RawTable, row_filter: dict[str, list[str]]) -> RawTable:
    """Keep the rows whose cells equal one of the given values (case-insensitive) in every filter column.

    For tables with a row per year or per geography level (ONS APS, many Nomis
    downloads), which would otherwise repeat every key.
    """
    if not row_filter:
        return raw
    rows = raw.rows
    lines = [raw.line(i) for i in range(len(rows))]
    for column, wanted in row_filter.items():
        if column not in raw.header:
            raise TableError(f"The row filter names a column {column!r} the table does not have. "
                             f"Its columns are: {', '.join(raw.header[:12])}")
        j = raw.header.index(column)
        keep = {w.lower() for w in wanted}
        kept = [i for i, r in enumerate(rows) if r[j].strip().lower() in keep]
        if not kept:
            seen = sorted({r[j] for r in rows})[:8]
            raise TableError(f"No row has {column} = {' or '.join(wanted)}; values there include: {', '.join(seen)}.")
        rows, lines = [rows[i] for i in kept], [lines[i] for i in kept]
    notes = raw.notes + [f"Row filter {'; '.join(f'{c}={chr(124).join(v)}' for c, v in row_filter.items())}: "
                         f"{len(rows)} of {len(raw.rows)} rows kept."]
    return raw.derive(raw.header, rows, notes, lines)


@dataclass(frozen=True)
class ScoreReading:
    """How a table's cells become a ScoreTable, the same for every file a caller reads.

    ``shape``: long, wide or nomis (None: detected). ``key_column``, ``sector_column``, ``score_column``: the
    columns by name (None: detected; the last two for long tables). ``row_filter`` keeps only matching rows
    first (``parse_row_filter``); its columns are never read as sectors. ``keep_columns``: identifier-looking
    columns read as sectors all the same. ``sheet``: a workbook's sheet by name (None: the first visible sheet
    holding a data table).
    """

    shape: Optional[str] = None
    key_column: Optional[str] = None
    sector_column: Optional[str] = None
    score_column: Optional[str] = None
    row_filter: dict[str, list[str]] = field(default_factory=dict)
    keep_columns: Sequence[str] = ()
    sheet: Optional[str] = None

    def filtered(self, column: str, values: Sequence[str]) -> ScoreReading:
        """The same reading with one more filter column (a long table's period column)."""
        return replace(self, row_filter={**self.row_filter, column: list(values)})


def load_scores(path: str | Path, reading: Optional[ScoreReading] = None) -> ScoreTable:
    """Read ``path`` into a ScoreTable as ``reading`` says, detecting the shape unless given.

    Numeric columns that look like identifiers (``identifier_column``: FIPS, ``*_CD``,
    ``id``, zero-padded codes…) are not sectors: they are listed in ``table.identifiers``
    with a note, unless named in ``reading.keep_columns`` (then they are sectors, in ``table.forced``).
    """
    reading = reading or ScoreReading()
    return scores_from_raw(read_raw(path, reading.sheet), reading)


@with_collector_paused
def scores_from_raw(raw: RawTable, reading: Optional[ScoreReading] = None) -> ScoreTable:
    """``load_scores`` on cells already read: one file read can give several tables (one per period)."""
    reading = reading or ScoreReading()
    row_filter = reading.row_filter
    if row_filter:
        raw = apply_row_filter(raw, row_filter)
        kept = [j for j, h in enumerate(raw.header) if h not in row_filter]
        raw = raw.derive([raw.header[j] for j in kept], [tuple([r[j] for j in kept]) for r in raw.rows], raw.notes,
                         raw.lines)
    raw._cells["keep"] = True
    try:
        return _scores_from_raw(raw, reading)
    finally:
        raw._cells.clear()


def _scores_from_raw(raw: RawTable, reading: ScoreReading) -> ScoreTable:
    key_column, sector_column, score_column = reading.key_column, reading.sector_column, reading.score_column
    shape = reading.shape or detect_shape(raw)
    if shape not in SHAPES:
        raise TableError(f"Unknown table shape {shape!r}; use one of {', '.join(SHAPES)}.")
    for what, name in (("", key_column), ("sector ", sector_column), ("score ", score_column)):
        if name and name not in raw.header:
            raise TableError(
                f"The table has no {what}column {name!r}. Its columns are: {', '.join(raw.header[:12])}"
                + (" …" if len(raw.header) > 12 else ""), code="unknown_column", column=name)
    keep = [c.strip() for c in reading.keep_columns if c and c.strip()]
    unknown = [c for c in keep if c not in raw.header]
    if unknown:
        raise TableError(f"The columns to keep as sectors name {', '.join(map(repr, unknown))}, which the table "
                         f"does not have. Its columns are: {', '.join(raw.header[:12])}")
    if shape == LONG:
        table = _long(raw, key_column, sector_column, score_column)
    else:
        table = _wide(raw, key_column, nomis=shape == NOMIS, keep=keep)
    table.notes = raw.notes + table.notes
    return table


def _text_columns(raw: RawTable) -> list[int]:
    return [j for j in range(len(raw.header)) if _numeric_share(raw, j) < 0.5]


def _key_index(raw: RawTable, key_column: Optional[str]) -> int:
    if key_column:
        return raw.header.index(key_column)
    text = _text_columns(raw)
    if not text:
        raise TableError(
            "No usable key column: every column holds numbers. The table needs a column of region codes or names."
        )
    return text[0]


def _wide(raw: RawTable, key_column: Optional[str], nomis: bool, keep: Sequence[str] = ()) -> ScoreTable:
    k = _key_index(raw, key_column)
    notes: list[str] = []
    skip = {k}
    flag_cells = 0
    sector_idx: list[int] = []
    identifiers: dict[str, str] = {}
    forced: list[str] = []
    for j, name in enumerate(raw.header):
        if j in skip:
            continue
        if name.lower() == "flags" or name.lower().endswith(" flags"):
            flag_cells += sum(1 for r in raw.rows if r[j])
            continue
        cells = raw.cells(j)
        if not any(cells):
            if name:
                notes.append(f"Column {name!r} is empty: not used as a sector.")
            continue
        if _numeric_share(raw, j) >= 0.5 or (nomis and name):
            why = identifier_column(name, cells, raw.text(j))
            if name in keep:  # the user's word: a sector, whatever it looks like (also to the join's checks)
                forced.append(name)
            elif why:
                identifiers[name] = why
                notes.append(identifier_note(name, why))
                continue
            sector_idx.append(j)
        else:
            notes.append(f"Column {name or j + 1!r} holds text, not scores: not used as a sector.")
    # A numeric column repeating the key or an identifier column (STATE = 6 beside STATE_FIPS = "06") is a code too.
    codes = [k] + [raw.header.index(n) for n in identifiers]
    for j in list(sector_idx):
        name = raw.header[j]
        twin = next((raw.header[c] for c in codes if _same_code_columns(raw, j, c)), None)
        if twin is not None and name not in keep:
            why = f"it repeats the codes of column {twin!r}"
            identifiers[name] = why
            notes.append(identifier_note(name, why))
            sector_idx.remove(j)
    if flag_cells:
        notes.append(f"{flag_cells} cell(s) carry a Nomis flag (e.g. '*'); their values are kept.")
    if not sector_idx:
        if identifiers:
            raise TableError(
                "The table's only numeric columns look like identifiers, not scores: "
                f"{', '.join(identifiers)}. Pick them as sectors (keep columns) if they are scores.")
        raise TableError("The table has no numeric score columns besides the key column.")
    sectors = [raw.header[j] or f"column {j + 1}" for j in sector_idx]
    dup_labels = {s for s in sectors if sectors.count(s) > 1}
    if dup_labels:
        raise TableError(f"Two score columns have the same name: {', '.join(sorted(dup_labels))}.")
    keys, geos, kept = [], [], []
    ref_key, ref_row = None, None
    empty_keys = 0
    for i, r in enumerate(raw.rows):
        key = r[k].strip()
        if not key:
            empty_keys += 1
            continue
        geo = None
        m = _PREFIX.match(key) if nomis else None
        if m:
            geo, key = m.group(1).lower(), m.group(2).strip()
        if geo == "country" and ref_row is None:
            ref_key, ref_row = key, i
            continue
        keys.append(key)
        geos.append(geo)
        kept.append(i)
    if empty_keys:
        notes.append(f"{empty_keys} row(s) with an empty key were skipped.")
    _check_duplicates(keys, geos)
    columns = [raw.parsed(j) for j in sector_idx]
    reference = None
    if ref_row is not None:
        reference = {s: float(c.values[ref_row]) for s, c in zip(sectors, columns)}
    matrix, missing = _scores(columns, np.asarray(kept, dtype=np.intp), lambda i, j: raw.rows[kept[i]][sector_idx[j]],
                              notes, "cell(s) are empty or suppressed (c, *, -, …)", "cell(s)")
    return ScoreTable(
        shape=NOMIS if nomis else WIDE, key_column=raw.header[k], keys=keys, sectors=sectors, values=matrix,
        reference_key=ref_key, reference=reference, geography=geos, notes=notes, no_data_cells=missing,
        identifiers=identifiers, forced=forced,
    )


def _long(raw: RawTable, key_column, sector_column, score_column) -> ScoreTable:
    """One row per key and sector: indexed with dictionaries and numpy, linear in the rows."""
    k = _key_index(raw, key_column)
    numeric = [j for j in range(len(raw.header)) if j != k and _numeric_share(raw, j) >= 0.5]
    text = [j for j in range(len(raw.header)) if j not in numeric and j != k]
    # An id or code column is never taken as the score column unless named.
    scores = [j for j in numeric if not identifier_column(raw.header[j], raw.cells(j))]
    v = raw.header.index(score_column) if score_column else (scores[0] if scores else None)
    s = raw.header.index(sector_column) if sector_column else (text[0] if text else None)
    if v is None or s is None:
        raise TableError("A long table needs a key column, a sector column and a score column.")
    key_ids: dict[str, int] = {}
    sector_ids: dict[str, int] = {}
    n = len(raw.rows)
    ki = np.empty(n, dtype=np.int32 if n < 2**31 else np.int64)
    si = np.empty(n, dtype=ki.dtype)
    for i, r in enumerate(raw.rows):
        key, sector = r[k], r[s]
        if not key or not sector:
            ki[i] = -1
            si[i] = -1
            continue
        ki[i] = key_ids.setdefault(key, len(key_ids))
        si[i] = sector_ids.setdefault(sector, len(sector_ids))
    notes: list[str] = []
    used = np.flatnonzero(ki >= 0)
    if len(used) < n:
        notes.append(f"{n - len(used)} row(s) with an empty key or sector were skipped.")
    keys, sectors = [str(x) for x in key_ids], [str(x) for x in sector_ids]  # plain str, not a sheet's typed text
    if len(used) == n:  # every row used: no copies of a million indices
        cell = ki.astype(np.int64)
        cell *= len(sectors)
        cell += si
    else:
        cell = ki[used].astype(np.int64) * len(sectors) + si[used]
    del ki, si
    repeated = np.flatnonzero(np.bincount(cell, minlength=len(keys) * len(sectors)) > 1)
    if len(repeated):
        first = int(used[np.flatnonzero(cell == repeated[0])[1]])
        raise TableError(f"Duplicate rows for key {raw.rows[first][k]!r} and sector {raw.rows[first][s]!r}.")
    column = raw.parsed(v)
    matrix = np.full(len(keys) * len(sectors), np.nan)
    everything = len(used) == n
    matrix[cell] = column.values if everything else column.values[used]
    del cell
    matrix = matrix.reshape(len(keys), len(sectors))
    status = column.status if everything else column.status[used]
    no_data = int(np.count_nonzero(status == NO_DATA)) + (len(keys) * len(sectors) - len(used))
    odd_rows = used[status == ODD]
    if no_data:
        notes.append(f"{no_data} score(s) are empty, missing or suppressed and count as no data.")
    odd = [raw.rows[i][v].strip()[:20] for i in odd_rows]
    if odd:
        notes.append(f"{len(odd)} score(s) are not numbers ({', '.join(sorted(set(odd))[:5])}) and count as no data.")
    return ScoreTable(
        shape=LONG, key_column=raw.header[k], keys=keys, sectors=sectors, values=matrix,
        geography=[None] * len(keys), notes=notes, no_data_cells=no_data + len(odd),
    )


def _check_duplicates(keys: list[str], geos: list[Optional[str]]) -> None:
    if len(set(keys)) == len(keys):  # the usual table: no key twice, whatever the levels
        return
    seen, dups = set(), []
    for key, geo in zip(keys, geos):
        if (geo, key) in seen:
            dups.append(key)
        seen.add((geo, key))
    if dups:
        shown = ", ".join(sorted(set(dups))[:5])
        raise TableError(
            f"The key column has duplicate keys: {shown}. Each region may appear once; "
            "if the table has a row per year or per level, filter it to one first."
        )


def _scores(columns: Sequence[ParsedColumn], rows: np.ndarray, cell, notes: list[str],
            empty_words: str, unit: str) -> tuple[np.ndarray, int]:
    """The score matrix of ``rows`` of the parsed ``columns``, with notes counting the cells that became no data.

    ``cell(i, j)``: the text of the matrix's cell, read only for the examples of cells that are not numbers.
    """
    if not columns:
        return np.full((len(rows), 0), np.nan), 0
    matrix = np.column_stack([c.values[rows] for c in columns]) if len(rows) else np.full((0, len(columns)), np.nan)
    status = np.column_stack([c.status[rows] for c in columns]) if len(rows) else np.zeros((0, len(columns)))
    no_data = int(np.count_nonzero(status == NO_DATA))
    odd = [cell(i, j).strip()[:20] for i, j in zip(*np.nonzero(status == ODD))]
    if no_data:
        notes.append(f"{no_data} {empty_words} and count as no data.")
    if odd:
        notes.append(f"{len(odd)} {unit} are not numbers ({', '.join(sorted(set(odd))[:5])}) and count as no data.")
    return matrix, no_data + len(odd)


def looks_like_reference(key: str) -> bool:
    return key.strip().lower() in REFERENCE_NAMES
