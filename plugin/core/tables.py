"""Reading score tables as users have them: CSV in any common encoding and
delimiter, Excel and OpenDocument sheets, and Nomis/ONS exports as downloaded.

Everything ends up as a ``ScoreTable``: one row per key, one column per sector,
NaN where there is no usable number. Nothing is guessed silently: counts of
suppressed cells, flags and dropped lines travel with the table as notes.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

import numpy as np

from .errors import UserError

LONG, WIDE, NOMIS = "long", "wide", "nomis"
SHAPES = (LONG, WIDE, NOMIS)
SUPPRESSED = {"c", "*", "-", "--", "..", ":", "x", "n/a", "na", "#", "~", "z", "u", "!", "(c)"}
_PREFIX = re.compile(r"^([A-Za-z][A-Za-z0-9_]*):(.+)$")
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")
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
    rows: list[list[str]]
    notes: list[str] = field(default_factory=list)
    first_data_line: int = 2  # 1-based line number of rows[0] in the file, for messages
    lines: list[int] = field(default_factory=list)  # 1-based file line (sheet row) of each row; empty = unknown

    def line(self, i: int) -> int:
        """The file line (sheet row) of ``rows[i]``, for messages that send the user to it."""
        return self.lines[i] if len(self.lines) == len(self.rows) else self.first_data_line + i


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


# ----------------------------------------------------------------------------- reading


def read_raw(path: str | Path) -> RawTable:
    """Cells of the first sheet or the CSV as text, header row found."""
    p = Path(path)
    if not p.exists():
        raise TableError(f"The table file {p} does not exist.")
    if not p.is_file():
        raise TableError(f"{p} is a folder, not a table file.")
    suffix = p.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
            grid = _read_sheet(p)
            notes: list[str] = []
        else:
            grid, notes = _read_csv(p)
    except PermissionError as exc:
        raise TableError(f"The table file {p} cannot be read: {exc.strerror}.") from None
    return _find_header(grid, notes, p.name)


def _read_csv(p: Path) -> tuple[list[list[str]], list[str]]:
    data = p.read_bytes()
    if not data.strip():
        raise TableError(f"The table file {p.name} is empty.")
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(f"{p.name} does not look like a text table (it contains binary data).")
    notes = []
    for encoding in ("utf-8-sig", "utf-16", "cp1252", "latin-1"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if encoding not in ("utf-8-sig",):
        notes.append(f"Read {p.name} as {encoding} (it is not UTF-8).")
    sample = "\n".join(text.splitlines()[:50])
    delimiter = _sniff_delimiter(sample)
    grid = [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]
    return grid, notes


def _sniff_delimiter(sample: str) -> str:
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        counts = {d: sample.count(d) for d in ",;\t|"}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


def _read_sheet(p: Path) -> list[list[str]]:
    suffix = p.suffix.lower()
    if suffix == ".ods":
        try:
            import pandas as pd
            frame = pd.read_excel(p, sheet_name=0, header=None, dtype=object, engine="odf")
        except ImportError:
            raise TableError(
                "Reading .ods files needs the Python package odfpy "
                "(Debian/Ubuntu: apt install python3-odf)."
            ) from None
        except Exception as exc:  # noqa: BLE001 - the reader's own words are the best hint
            raise TableError(f"{p.name} could not be read as an OpenDocument sheet: {exc}") from None
        return [[_cell_text(v) for v in row] for row in frame.itertuples(index=False)]
    if suffix == ".xls":
        raise TableError(f"{p.name} is an old-style .xls file: save it as .xlsx or .csv.")
    try:
        import openpyxl
    except ImportError:
        raise TableError(
            "Reading .xlsx files needs the Python package openpyxl "
            "(Debian/Ubuntu: apt install python3-openpyxl)."
        ) from None
    try:
        book = openpyxl.load_workbook(p, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001
        raise TableError(f"{p.name} could not be read as an Excel workbook: {exc}") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return repr(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def _find_header(grid: list[list[str]], notes: list[str], name: str) -> RawTable:
    grid = [[c.strip() for c in row] for row in grid]
    filled = [sum(1 for c in row if c) for row in grid]
    if not any(filled):
        raise TableError(f"The table file {name} has no data.")
    widest = max(filled[:60])
    if widest < 2:
        raise TableError(f"{name} has only one column: check the delimiter (comma, semicolon or tab).")
    start = next(i for i, n in enumerate(filled) if n >= max(2, math.ceil(0.6 * widest)))
    if start:
        notes.append(f"Skipped {start} line(s) above the header row.")
    header = grid[start]
    while header and not header[-1]:
        header = header[:-1]
    width = len(header)
    rows, lines, first = [], [], start + 2
    for lineno, row in enumerate(grid[start + 1:], start=start + 2):
        if not any(row):
            continue
        extra = [c for c in row[width:] if c]
        if extra:
            raise TableError(
                f"Line {lineno} of {name} has {width + len(row[width:])} cells but the header has {width}: "
                "the rows are ragged (check the delimiter and quoting)."
            )
        row = (row + [""] * width)[:width]
        if not rows and _is_units_row(row):
            notes.append(f"Skipped a units row ({', '.join(sorted({c for c in row[1:] if c}))[:60]}).")
            first = lineno + 1
            continue
        rows.append(row)
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


def _is_units_row(row: Sequence[str]) -> bool:
    cells = [c.lower() for c in row[1:] if c]
    return bool(cells) and not row[0] and all(c in UNIT_WORDS for c in cells)


# ----------------------------------------------------------------------------- numbers


def parse_number(text: str) -> Optional[float]:
    """A float, or None when the cell is empty, suppressed or not a number."""
    t = text.strip().replace("\u00a0", "").replace(" ", "")
    if not t:
        return None
    t = t.lstrip("£$€").rstrip("%")
    if t.count(",") and t.count(".") <= 1 and re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?", t):
        t = t.replace(",", "")
    if not _NUMBER.match(t):
        return None
    value = float(t)
    return value if math.isfinite(value) else None


def _numeric_share(cells: Sequence[str]) -> float:
    filled = [c for c in cells if c and c.lower() not in SUPPRESSED]
    if not filled:
        return 0.0
    return sum(parse_number(c) is not None for c in filled) / len(filled)


# ----------------------------------------------------------------------------- identifiers

# Header tokens that name a code or id column (compared without trailing digits: GEOID10, FIPS2).
_ID_LAST = {"id", "ids", "cd", "code", "codes", "fips", "geoid", "gss", "fid", "oid", "gid", "uid", "uuid", "guid",
            "objectid", "fips_code"}
_ID_WHOLE = _ID_LAST | {"pk", "rowid", "ogc_fid", "object_id", "row_id"}
_ID_FIRST = {"id", "fips", "geoid", "gss"}
_ONS_CODE = re.compile(r"^[A-Za-z]{2,6}\d{0,2}(CD|ID|cd|id)$")  # LAD21CD, LEP21CD, RGNCD, lad21cd
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_LEADING_ZERO = re.compile(r"^0\d+$")


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


def _code_values(cells: Sequence[str]) -> bool:
    """Whole numbers written with a leading zero (01, 06037): codes stored as text, not scores."""
    filled = [c.strip() for c in cells if c.strip() and c.strip().lower() not in SUPPRESSED]
    return bool(filled) and all(re.fullmatch(r"\d+", c) for c in filled) and any(_LEADING_ZERO.match(c)
                                                                                for c in filled)


def identifier_column(header: str, cells: Sequence[str]) -> Optional[str]:
    """Why a numeric-looking column is an identifier (by its name, or its zero-padded codes), or None."""
    why = identifier_header(header)
    if why:
        return f"its name is {why}"
    if _code_values(cells):
        return "its values are zero-padded codes"
    return None


def _same_codes(cells: Sequence[str], codes: Sequence[str]) -> bool:
    """Whole numbers equal to ``codes`` (as numbers: 6 = "06") in at least 80 % of at least three rows."""
    pairs = [(a.strip(), b.strip()) for a, b in zip(cells, codes) if a.strip() and b.strip()]
    if len(pairs) < 3 or not all(re.fullmatch(r"\d+(\.0+)?", a) for a, _ in pairs):
        return False
    same = sum(re.fullmatch(r"\d+", b) is not None and int(float(a)) == int(b) for a, b in pairs)
    return same >= 0.8 * len(pairs)


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
    numeric = [j for j in range(len(raw.header)) if _numeric_share([r[j] for r in raw.rows]) >= 0.5]
    text = [j for j in range(len(raw.header)) if j not in numeric]
    scores = [j for j in numeric if not identifier_column(raw.header[j], [r[j] for r in raw.rows])]
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
    return RawTable(header=raw.header, rows=rows, notes=notes, first_data_line=raw.first_data_line, lines=lines)


def load_scores(
    path: str | Path,
    shape: Optional[str] = None,
    key_column: Optional[str] = None,
    sector_column: Optional[str] = None,
    score_column: Optional[str] = None,
    row_filter: Optional[dict[str, list[str]]] = None,
    keep_columns: Sequence[str] = (),
) -> ScoreTable:
    """Read ``path`` into a ScoreTable, detecting the shape unless given.

    ``row_filter`` keeps only matching rows first; its columns are never read as sectors.
    Numeric columns that look like identifiers (``identifier_column``: FIPS, ``*_CD``,
    ``id``, zero-padded codes…) are not sectors: they are listed in ``table.identifiers``
    with a note, unless named in ``keep_columns`` (then they are sectors, in ``table.forced``).
    """
    return scores_from_raw(read_raw(path), shape, key_column, sector_column, score_column, row_filter, keep_columns)


def scores_from_raw(
    raw: RawTable,
    shape: Optional[str] = None,
    key_column: Optional[str] = None,
    sector_column: Optional[str] = None,
    score_column: Optional[str] = None,
    row_filter: Optional[dict[str, list[str]]] = None,
    keep_columns: Sequence[str] = (),
) -> ScoreTable:
    """``load_scores`` on cells already read: one file read can give several tables (one per period)."""
    if row_filter:
        raw = apply_row_filter(raw, row_filter)
        kept = [j for j, h in enumerate(raw.header) if h not in row_filter]
        raw = RawTable([raw.header[j] for j in kept], [[r[j] for j in kept] for r in raw.rows], raw.notes,
                       raw.first_data_line, raw.lines)
    shape = shape or detect_shape(raw)
    if shape not in SHAPES:
        raise TableError(f"Unknown table shape {shape!r}; use one of {', '.join(SHAPES)}.")
    if key_column and key_column not in raw.header:
        raise TableError(
            f"The table has no column {key_column!r}. Its columns are: {', '.join(raw.header[:12])}"
            + (" …" if len(raw.header) > 12 else "")
        )
    keep = [c.strip() for c in keep_columns if c and c.strip()]
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
    return [j for j in range(len(raw.header)) if _numeric_share([r[j] for r in raw.rows]) < 0.5]


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
        cells = [r[j] for r in raw.rows]
        if not name and not any(cells):
            continue
        if _numeric_share(cells) >= 0.5 or (nomis and name):
            why = identifier_column(name, cells)
            if name in keep:  # the user's word: a sector, whatever it looks like (also to the join's checks)
                forced.append(name)
            elif why:
                identifiers[name] = why
                notes.append(identifier_note(name, why))
                continue
            sector_idx.append(j)
        elif any(cells):
            notes.append(f"Column {name or j + 1!r} holds text, not scores: not used as a sector.")
    # A numeric column repeating the key or an identifier column (STATE = 6 beside STATE_FIPS = "06") is a code too.
    codes = [k] + [raw.header.index(n) for n in identifiers]
    for j in list(sector_idx):
        name = raw.header[j]
        twin = next((raw.header[c] for c in codes if _same_codes([r[j] for r in raw.rows], [r[c] for r in raw.rows])),
                    None)
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
    keys, geos, rows = [], [], []
    ref_key, reference = None, None
    for r in raw.rows:
        key = r[k].strip()
        if not key:
            notes.append("A row with an empty key was skipped.")
            continue
        geo = None
        m = _PREFIX.match(key) if nomis else None
        if m:
            geo, key = m.group(1).lower(), m.group(2).strip()
        values = [r[j] for j in sector_idx]
        if geo == "country" and reference is None:
            ref_key = key
            reference = {s: _num_or_nan(v) for s, v in zip(sectors, values)}
            continue
        keys.append(key)
        geos.append(geo)
        rows.append(values)
    _check_duplicates(keys, geos)
    matrix, missing = _scores(rows, notes, "cell(s) are empty or suppressed (c, *, -, …)", "cell(s)")
    return ScoreTable(
        shape=NOMIS if nomis else WIDE, key_column=raw.header[k], keys=keys, sectors=sectors, values=matrix,
        reference_key=ref_key, reference=reference, geography=geos, notes=notes, no_data_cells=missing,
        identifiers=identifiers, forced=forced,
    )


def _long(raw: RawTable, key_column, sector_column, score_column) -> ScoreTable:
    k = _key_index(raw, key_column)
    numeric = [j for j in range(len(raw.header)) if _numeric_share([r[j] for r in raw.rows]) >= 0.5 and j != k]
    text = [j for j in range(len(raw.header)) if j not in numeric and j != k]
    # An id or code column is never taken as the score column unless named.
    scores = [j for j in numeric if not identifier_column(raw.header[j], [r[j] for r in raw.rows])]
    v = raw.header.index(score_column) if score_column else (scores[0] if scores else None)
    s = raw.header.index(sector_column) if sector_column else (text[0] if text else None)
    if v is None or s is None:
        raise TableError("A long table needs a key column, a sector column and a score column.")
    keys: list[str] = []
    sectors: list[str] = []
    cells: dict[tuple[str, str], str] = {}
    notes: list[str] = []
    for r in raw.rows:
        key, sector = r[k].strip(), r[s].strip()
        if not key or not sector:
            notes.append("A row with an empty key or sector was skipped.")
            continue
        if (key, sector) in cells:
            raise TableError(f"Duplicate rows for key {key!r} and sector {sector!r}.")
        cells[(key, sector)] = r[v]
        if key not in keys:
            keys.append(key)
        if sector not in sectors:
            sectors.append(sector)
    rows = [[cells.get((key, sec), "") for sec in sectors] for key in keys]
    matrix, missing = _scores(rows, notes, "score(s) are empty, missing or suppressed", "score(s)")
    return ScoreTable(
        shape=LONG, key_column=raw.header[k], keys=keys, sectors=sectors, values=matrix,
        geography=[None] * len(keys), notes=notes, no_data_cells=missing,
    )


def _check_duplicates(keys: list[str], geos: list[Optional[str]]) -> None:
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


def _num_or_nan(text: str) -> float:
    value = parse_number(text)
    return float("nan") if value is None else value


def _scores(rows: list[list[str]], notes: list[str], empty_words: str, unit: str) -> tuple[np.ndarray, int]:
    """The score matrix, with a note counting the cells that became no data."""
    matrix, no_data, odd = _to_matrix(rows)
    if no_data:
        notes.append(f"{no_data} {empty_words} and count as no data.")
    if odd:
        notes.append(f"{len(odd)} {unit} are not numbers ({', '.join(sorted(set(odd))[:5])}) and count as no data.")
    return matrix, no_data + len(odd)


def _to_matrix(rows: list[list[str]]) -> tuple[np.ndarray, int, list[str]]:
    out = np.full((len(rows), len(rows[0]) if rows else 0), np.nan)
    no_data, odd = 0, []
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            value = parse_number(cell)
            if value is not None:
                out[i, j] = value
            elif not cell or cell.strip().lower() in SUPPRESSED:
                no_data += 1
            else:
                odd.append(cell.strip()[:20])
    return out, no_data, odd


def looks_like_reference(key: str) -> bool:
    return key.strip().lower() in REFERENCE_NAMES
