"""Every CSV the plugin writes is safe to open in a spreadsheet (OWASP "CSV injection").

Region and sector names come from users' files and layers. A name such as ``=HYPERLINK("http://…","x")``,
``@SUM(A1:A9)``, ``+cmd|…`` or ``-2+3`` written as it is into a CSV becomes a live formula when the file is
opened in Excel or LibreOffice. A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return is therefore written with a leading apostrophe (which spreadsheets show as text); real numbers,
negative ones included, stay numbers. One writer, ``write_csv``, is used for every CSV file the plugin writes;
``neutralise_row`` serves outputs written through other writers (a Processing sink saved as .csv).
"""
from __future__ import annotations

import csv
import math
import os
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def _is_number(text: str) -> bool:
    try:
        return math.isfinite(float(text)) and "_" not in text
    except ValueError:
        return False


def neutralise(value: Any) -> Any:
    """``value`` as a cell that cannot start a formula: text starting with = + - @ tab or CR gets a leading '.

    Numbers (ints, floats, and text that is a plain number such as "-12.5") are returned unchanged.
    """
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _is_number(value.strip()):
        return value
    return ESCAPE + value


def restore(text: str) -> str:
    """A cell as it was before ``neutralise`` (for the plugin's own CSVs read back: the panel's alias table)."""
    if text.startswith(ESCAPE) and text[1:].startswith(FORMULA_STARTS) and not _is_number(text[1:].strip()):
        return text[1:]
    return text


def neutralise_row(values: Iterable[Any]) -> list[Any]:
    return [neutralise(v) for v in values]


def is_csv_destination(destination: str) -> bool:
    """Whether a Processing destination (a path, ``path|layername=…``, ``ogr:…``) writes a CSV file."""
    path = str(destination or "").split("|")[0].strip().strip("'\"")
    return path.lower().endswith((".csv", ".tsv", ".txt"))


def write_csv(path: str | os.PathLike, header: Sequence[Any], rows: Iterable[Sequence[Any]],
              float_format: str | None = None) -> None:
    """Write ``header`` and ``rows`` to ``path`` (UTF-8), every text cell neutralised.

    The file is written beside its destination under a temporary name and moved into place when complete,
    so a failure leaves an earlier file at ``path`` as it was. ``float_format`` (e.g. ``"%.4f"``) formats
    floats; NaN is written as an empty cell.
    """
    target = Path(path)

    def cell(v: Any) -> Any:
        if isinstance(v, float):
            if math.isnan(v):
                return ""
            return float_format % v if float_format else repr(v)
        return neutralise(v)

    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial")
    try:
        with open(tmp, "x", newline="", encoding="utf-8") as fh:  # the user's umask, unlike mkstemp's 0600
            writer = csv.writer(fh)
            writer.writerow([cell(v) for v in header])
            for row in rows:
                writer.writerow([cell(v) for v in row])
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def write_frame(path: str | os.PathLike, frame: Any, float_format: str | None = None) -> None:
    """A pandas DataFrame as ``DataFrame.to_csv`` writes it (index first, its name as the first header cell),
    through ``write_csv``."""
    header = [frame.index.name or "", *[str(c) for c in frame.columns]]
    rows = ([label, *[float(v) for v in values]] for label, values in zip(frame.index, frame.to_numpy()))
    write_csv(path, header, rows, float_format)
