"""How a table writes its numbers: the decimal mark and the thousands separator, read from whole columns.

A CSV saved by Excel in most of Europe, or published by Eurostat, INSEE or Destatis, writes ``60.000;0,612``
for sixty thousand and 0.612; a British or American file writes ``"60,000",0.612``. Reading one convention as the
other is silently 1000x wrong, so the convention is decided once per file from every numeric cell, said in the
table's notes, and a file that does not settle it is refused rather than guessed.

The rule (the README should quote it where it describes tables):

* A cell settles the decimal mark when it can only be read one way: ``12.5``, ``0,612`` (a thousands group never
  starts with 0), ``1.234,5``, ``1,234,567`` (two groups), ``1 234,5``.
* ``1,234`` or ``1.234`` alone (one group of three digits) is ambiguous: 1234 or 1.234.
* Cells of every column are pooled: one column's ``0,5`` settles another column's ``60.000``. Columns that settle
  it both ways are refused (naming them).
* When nothing settles it, the delimiter does: a comma-delimited file writes decimal points (its commas would
  need quoting), a semicolon-delimited one decimal commas (Excel's CSV where the comma is the decimal mark).
  Numbers typed in a spreadsheet are numbers already; only its text cells count. Otherwise the file is refused,
  naming the column and example cells.
* Thousands separators: the other mark, a space, an apostrophe (Swiss), a thin space or a no-break space.
* Columns named like identifiers (``code``, ``*_CD``, ``id``…) are not looked at: SIC codes such as ``01.11``
  say nothing of how the scores are written.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Optional

from .errors import UserError

POINT, COMMA = ".", ","
_SPACES = "\u00a0\u2009\u202f "
_GROUP_CHARS = _SPACES + "'\u2019"
_CURRENCY = "£$€"
# One or more groups of three digits after 1-3 leading digits, with an optional decimal part.
_GROUPED = re.compile(r"[-+]?(\d{1,3})([.,'\u2019\u00a0\u2009\u202f ])\d{3}((?:\2\d{3})*)(?:([.,])(\d+))?")
_DECIMAL_POINT = re.compile(r"[-+]?\d*\.\d+(?:[eE][-+]?\d+)?|[-+]?\d+(?:\.\d*)?[eE][-+]?\d+")
_DECIMAL_COMMA = re.compile(r"[-+]?\d*,\d+(?:[eE][-+]?\d+)?")
_POINT_CELL = re.compile(r"(?m)^([-+]?[£$€]?(?:\d*\.(?:\d{1,2}|\d{4,})|0\.\d+)(?:[eE][-+]?\d+)?%?)$")
_COMMA_CELL = re.compile(r"(?m)^([-+]?[£$€]?(?:\d*,(?:\d{1,2}|\d{4,})|0,\d+)(?:[eE][-+]?\d+)?%?)$")
_PLAIN = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class NumberFormatError(UserError):
    """A table whose numbers could be read two ways (1,234 = 1234 or 1.234), or are written both ways."""

    code = "number_format"


@dataclass(frozen=True)
class Convention:
    """A decimal mark and how the file settled it (for the notes)."""

    decimal: str = POINT
    why: str = ""

    def describe(self) -> str:
        mark = "decimal comma (1.234,5)" if self.decimal == COMMA else "decimal point (1,234.5)"
        return f"Numbers read with a {mark}" + (f": {self.why}" if self.why else "") + "."


DEFAULT = Convention(POINT)


def _clean(text: str) -> str:
    t = text.strip()
    if t[:1] in _CURRENCY:
        t = t[1:].lstrip()
    if t[-1:] == "%":
        t = t[:-1].rstrip()
    return t


def number_parser(decimal: str = POINT) -> Callable[[str], Optional[float]]:
    """A function cell text -> float, or None when empty, suppressed or not a number (NaN and inf included).

    ``decimal`` is the file's decimal mark; the other mark, spaces and apostrophes group thousands, only in
    groups of three digits (``1,23`` is not a number under a decimal point).
    """
    def parse(text: str) -> Optional[float]:
        t = _clean(text)
        if not t:
            return None
        if decimal == POINT and _PLAIN.fullmatch(t):
            value = float(t)
            return value if math.isfinite(value) else None
        m = _GROUPED.fullmatch(t)
        if m:
            sep, more, dec = m.group(2), m.group(3), m.group(4)
            if dec is not None and (dec != decimal or sep == dec):
                return None
            if sep == decimal:  # "1,234" under a decimal comma is 1.234; "1,234,567" is nothing
                return None if more or dec else _plain(t, decimal)
            t = t.replace(sep, "")
        return _plain(t, decimal)

    return parse


def _plain(t: str, decimal: str) -> Optional[float]:
    if decimal == COMMA:
        if "." in t:
            return None
        t = t.replace(",", ".")
    if not _PLAIN.fullmatch(t):
        return None
    value = float(t)
    return value if math.isfinite(value) else None


def _evidence(text: str) -> Optional[str]:
    """What one cell says about the decimal mark: POINT, COMMA, "?." / "?," (one ambiguous group) or None."""
    t = _clean(text)
    if not t or ("," not in t and "." not in t):
        return None
    m = _GROUPED.fullmatch(t)
    if m:
        lead, sep, more, dec = m.group(1), m.group(2), m.group(3), m.group(4)
        if dec is not None:
            if dec == sep:
                return None
            return POINT if dec == "." else COMMA
        if sep not in ".,":
            return None
        if more:  # 1,234,567: the mark repeats, so it groups thousands
            return POINT if sep == "," else COMMA
        if lead.lstrip("-+") == "0":  # 0,612: no thousands group starts with 0
            return COMMA if sep == "," else POINT
        return "?" + sep
    if _DECIMAL_POINT.fullmatch(t):
        return POINT
    if _DECIMAL_COMMA.fullmatch(t):
        return COMMA
    return None


@dataclass
class _ColumnEvidence:
    point: list[str]
    comma: list[str]
    ambiguous: list[str]


def _column_evidence(cells: Iterable[str], text: Optional[str] = None) -> _ColumnEvidence:
    """What the column's cells say, each distinct cell looked at once.

    Once a column shows a decimal point, only cells with a comma or two points can contradict it (and likewise
    for a decimal comma), so most cells of a long column cost a substring test. ``text``: the cells joined by
    newlines, where the caller has it (else they are joined here, in pieces).
    """
    ev = _ColumnEvidence([], [], [])
    cells = cells if isinstance(cells, list) else list(cells)
    for mark, other, decisive, bucket in ((".", ",", _POINT_CELL, ev.point), (",", ".", _COMMA_CELL, ev.comma)):
        # The usual column: one mark only, never twice in a cell, and a cell only it can mean (12.5): settled
        # by a few searches in C over pieces of the column instead of a look at every cell.
        found, marked, double = None, False, re.compile(rf"\{mark}[^\n]*\{mark}")
        pieces = [text] if text is not None else ("\n".join(cells[start:start + 65536])
                                                  for start in range(0, len(cells), 65536))
        for joined in pieces:
            if other in joined or double.search(joined):
                break
            marked = marked or mark in joined
            found = found or decisive.search(joined)
        else:
            if not marked:
                return ev
            if found:
                bucket.append(found.group(1))
                return ev
    seen: set[str] = set()
    for cell in cells:
        comma, point = "," in cell, "." in cell
        if not comma and not point:
            continue
        if ev.point and not comma and cell.count(".") < 2:
            continue
        if ev.comma and not point and cell.count(",") < 2:
            continue
        if cell in seen:
            continue
        if len(seen) < 65536:
            seen.add(cell)
        kind = _evidence(cell)
        if kind is None:
            continue
        bucket = ev.point if kind == POINT else ev.comma if kind == COMMA else ev.ambiguous
        if len(bucket) < 5:
            bucket.append(cell)
    return ev


def _examples(cells: Sequence[str]) -> str:
    return ", ".join(repr(c) for c in list(dict.fromkeys(cells))[:3])


def detect_convention(columns: Iterable[tuple], delimiter: Optional[str] = None,
                      file_name: str = "the table") -> Convention:
    """The decimal mark of a file from every cell of its ``(name, cells)`` or ``(name, cells, text)`` columns
    (``text``: the cells joined by newlines), or a NumberFormatError.

    ``delimiter``: the CSV delimiter (``","``, ``";"``…) or None for a spreadsheet's text cells.
    """
    point_cols: dict[str, list[str]] = {}
    comma_cols: dict[str, list[str]] = {}
    ambiguous: dict[str, list[str]] = {}
    for name, cells, *text in columns:
        ev = _column_evidence(cells, text[0] if text else None)
        if ev.point and ev.comma:
            raise NumberFormatError(
                f"Column {name!r} of {file_name} writes numbers both with a decimal point ({_examples(ev.point)}) "
                f"and with a decimal comma ({_examples(ev.comma)}): make them one style.", column=name)
        if ev.point:
            point_cols[name] = ev.point
        if ev.comma:
            comma_cols[name] = ev.comma
        if ev.ambiguous:
            ambiguous[name] = ev.ambiguous
    if point_cols and comma_cols:
        (p, pc), (c, cc) = next(iter(point_cols.items())), next(iter(comma_cols.items()))
        raise NumberFormatError(
            f"{file_name} writes numbers with a decimal point in column {p!r} ({_examples(pc)}) and with a decimal "
            f"comma in column {c!r} ({_examples(cc)}): make them one style.", column=c)
    if point_cols:  # said too: a reader of a European file sees at once that its marks were read as points
        return Convention(POINT, f"cells such as {_examples(next(iter(point_cols.values())))}")
    if comma_cols:
        return Convention(COMMA, f"cells such as {_examples(next(iter(comma_cols.values())))}")
    if not ambiguous:
        return DEFAULT
    if delimiter == ",":
        return Convention(POINT, "the file is comma-delimited, so its commas group thousands")
    if delimiter == ";":
        return Convention(COMMA, "the file is semicolon-delimited, as Excel writes where the comma is the decimal "
                                 "mark")
    name, cells = next(iter(ambiguous.items()))
    raise NumberFormatError(
        f"Column {name!r} of {file_name} holds numbers that can be read two ways ({_examples(cells)}: thousands or "
        "decimals) and no other cell settles it. Write one number with its decimals (e.g. 1234.0 or 1,5), or save "
        "the table as a comma- or semicolon-delimited CSV.", column=name)
