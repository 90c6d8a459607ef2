"""Sector co-location matrix and HTML report."""
from __future__ import annotations

from html.parser import HTMLParser

import numpy as np
import pytest

from plugin.core.colocation import colocation, colocation_html


def test_jaccard_by_hand() -> None:
    m = colocation({"A": {"r1", "r2", "r3"}, "B": {"r2", "r3", "r4", "r5"}, "C": set(), "D": {"r9"}})
    assert list(m.index) == list(m.columns) == ["A", "B", "C", "D"]
    assert m.loc["A", "B"] == pytest.approx(2 / 5)
    assert m.loc["B", "A"] == m.loc["A", "B"]
    assert m.loc["A", "A"] == 1.0 and m.loc["D", "D"] == 1.0
    assert m.loc["C", "C"] == 0.0 and m.loc["A", "C"] == 0.0
    assert m.loc["A", "D"] == 0.0
    values = m.to_numpy()
    np.testing.assert_allclose(values, values.T)
    assert ((values >= 0) & (values <= 1)).all()


def test_empty_input() -> None:
    assert colocation({}).shape == (0, 0)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append(tag)

    def handle_data(self, data) -> None:
        self.text.append(data)


def test_html_is_escaped_and_complete() -> None:
    m = colocation({"<b>Evil</b> & Co": {"x"}, "Plain": {"x", "y"}})
    page = colocation_html(m, {"<b>Evil</b> & Co": [["x"]], "Plain": [["x", "y<script>"]], "Empty": []},
                           title="Co-location <2020>")
    assert "<b>Evil" not in page and "<script>" not in page
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in page
    parser = _Text()
    parser.feed(page)
    text = " ".join(parser.text)
    assert "Co-location <2020>" in text
    assert "0.50" in text and "1.00" in text
    assert "Cluster 1 (2 regions): x; y<script>" in text
    assert "No multi-region cluster." in text
    assert "script" not in parser.tags and "b" not in parser.tags
    assert page.startswith("<!DOCTYPE html>") and "http" not in page  # self-contained
