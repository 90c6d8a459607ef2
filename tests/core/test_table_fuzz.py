"""Fuzzing table reading: whatever the delimiter, number convention, quoting, encoding, line endings and lines
above the header, a table is read with its true values or refused with a UserError, never another exception.

Files are written the way real tools write them: a semicolon-delimited file with decimal commas (Excel where
the comma is the decimal mark), a comma-delimited one with decimal points, tab- and pipe-delimited ones with
either (``core.numbers`` documents why the delimiter may settle an otherwise ambiguous file).
"""
from __future__ import annotations

import csv
import io
import math

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugin.core.errors import UserError
from plugin.core.tables import load_scores

SECTORS = ["Digital", "Life sciences", "Manufacturing", "Creative industries", "Agriculture"]
KEYS = ["Black Country", "Cumbria", "Dorset", "Région Île", "Solent", "Tees Valley", "Oxfordshire", "Lancashire"]
SPACES = {"space": " ", "nbsp": "\u00a0", "thin": "\u202f", "apostrophe": "'"}


def render(value: float, decimal: str, thousands: str | None, decimals: int) -> str:
    """``value`` as a spreadsheet would write it with this decimal mark and thousands separator."""
    text = f"{value:,.{decimals}f}" if thousands else f"{value:.{decimals}f}"
    return text.replace(",", "\x00").replace(".", decimal).replace("\x00", thousands or "")


@st.composite
def tables(draw):
    delimiter = draw(st.sampled_from([",", ";", "\t", "|"]))
    if delimiter == ";":
        decimal = ","
    elif delimiter == ",":
        decimal = "."
    else:
        decimal = draw(st.sampled_from([".", ","]))
    other = "," if decimal == "." else "."
    thousands = draw(st.sampled_from([None, other, *SPACES.values()]))
    n_keys = draw(st.integers(2, len(KEYS)))
    n_sectors = draw(st.integers(1, len(SECTORS)))
    decimals = draw(st.sampled_from([0, 1, 2, 4]))
    values = draw(st.lists(st.lists(st.floats(-2e6, 2e7, allow_nan=False), min_size=n_sectors,
                                    max_size=n_sectors), min_size=n_keys, max_size=n_keys))
    values = [[round(v, decimals) for v in row] for row in values]
    header = ["area", *SECTORS[:n_sectors]]
    if draw(st.booleans()) and n_sectors >= 2:
        header[1] = ""  # a header with an empty cell is still the header
    rows = [[KEYS[i], *[render(v, decimal, thousands, decimals) for v in values[i]]] for i in range(n_keys)]
    quoting = draw(st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, quoting=quoting, lineterminator=ending)
    for _ in range(draw(st.integers(0, 3))):
        writer.writerow(["Employment by sector, illustrative"])
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    text = buffer.getvalue()
    if encoding == "cp1252" and "\u202f" in text:  # Windows-1252 has no thin space
        encoding = "utf-8"
    return text.encode(encoding), values, header


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=tables())
def test_a_table_reads_true_values_or_is_refused(tmp_path, case):
    data, values, header = case
    path = tmp_path / "fuzz.csv"
    path.write_bytes(data)
    try:
        t = load_scores(path)
    except UserError:
        return
    expected = np.array(values, dtype=float)
    assert t.keys == KEYS[:len(values)]
    assert t.sectors == [h or f"column {j + 1}" for j, h in enumerate(header)][1:]
    assert np.allclose(t.values, expected, rtol=0, atol=1e-9 * np.abs(expected).max() + 1e-9), (data[:300],)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.sampled_from(list("ab1,;.\t|\"'\r\n -=0\u00a0e%£")), max_size=200),
       encoding=st.sampled_from(["utf-8", "utf-16", "cp1252"]))
def test_any_text_is_read_or_refused_never_a_crash(tmp_path, text, encoding):
    path = tmp_path / "any.csv"
    path.write_bytes(text.encode(encoding, errors="replace"))
    try:
        t = load_scores(path)
    except UserError:
        return
    assert t.values.shape == (len(t.keys), len(t.sectors))
    assert not any(math.isinf(v) for v in t.values.ravel())


CELL = st.text(alphabet=st.sampled_from(list("0123456789.,_-+eE x\n£%c*")), max_size=8)


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(CELL, min_size=1, max_size=30), decimal=st.sampled_from([".", ","]))
def test_a_column_reads_the_same_from_its_joined_text(cells, decimal):
    """Wide columns are parsed, their convention found and their codes looked for from the cells joined by
    newlines once (``RawTable.text``): the same answers as from the cells, newlines inside cells included."""
    from plugin.core.numbers import _column_evidence
    from plugin.core.tables import _code_values, parse_column

    text = "\n".join(cells)
    alone, shared = parse_column(cells, decimal), parse_column(cells, decimal, text)
    assert np.array_equal(alone.status, shared.status)
    assert np.array_equal(alone.values, shared.values, equal_nan=True)
    assert _column_evidence(cells) == _column_evidence(cells, text)
    assert _code_values(cells) == _code_values(cells, text)
