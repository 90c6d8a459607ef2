"""The timeline HTML report: self-contained, escaped, parseable, and it names what a user needs to read."""
from __future__ import annotations

from html.parser import HTMLParser

import numpy as np

from plugin.core.timeline_report import SectorTimeline, timeline_html
from plugin.core.tracking import PeriodClusters, track_clusters
from plugin.core.trajectory import trajectory

NAMES = {
    "E1": "Derby, Derbyshire, Nottingham and Nottinghamshire",
    "E2": "Leicester & Leicestershire",
    "E3": "<script>alert('x')</script>",
    "E4": "Black Country",
    "E5": "Solent",
    "E6": "Dorset",
}
SETTINGS = {"Baseline": "mean of regions", "Threshold": "1.2", "Neighbours": "queen", "Gap tolerance": "500 m"}


class Cells(HTMLParser):
    """Tags seen, and the text of every table cell and of every name block."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.cells: list[str] = []
        self.names: list[str] = []
        self._cell: list[str] | None = None
        self._div: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag in ("td", "th"):
            self._cell = []
        if tag == "div":
            self._div = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append(" ".join(self._cell))
            self._cell = None
        if tag == "div" and self._div is not None:
            self.names.append("".join(self._div))
            self._div = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._div is not None:
            self._div.append(data)


def report() -> str:
    periods = [2018, 2019, 2020]
    tracks = track_clusters([
        PeriodClusters.of(2018, [["E1", "E2", "E3"], ["E5", "E6"]]),
        PeriodClusters.of(2019, [["E1", "E2"], ["E3", "E4"]]),  # E5/E6 vanish; E3 splits off with E4
        PeriodClusters.of(2020, [["E1", "E2", "E3", "E4"]]),  # and they merge again
    ])
    above = np.array([[1, 1, 1], [1, 1, 1], [1, 1, 1], [0, 1, 1], [1, 0, 0], [np.nan, 1, np.nan]], dtype=float)
    keys = list(NAMES)
    sector = SectorTimeline("C : Manufacturing", tracks, trajectory(above), keys, NAMES)
    empty = SectorTimeline("U : Extraterritorial", track_clusters([PeriodClusters.of(p, []) for p in periods]),
                           not_analysed={2019: "every region has a score of 0"})
    return timeline_html([sector, empty], periods, SETTINGS,
                         notes=["2019: no sector 'U : Activities' (present in 2018)."])


def test_report_is_self_contained_and_escaped():
    text = report()
    lower = text.lower()
    assert "<script" not in lower and "http" not in lower and "src=" not in lower and "@import" not in lower
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in text
    assert "Leicester &amp; Leicestershire" in text
    parser = Cells()
    parser.feed(text)
    parser.close()
    assert parser.tags.count("table") == 2 + 2  # settings and legend; the first sector's tracks and classes
    assert {"html", "head", "style", "body", "h1", "h2"} <= set(parser.tags)


def test_cells_name_each_region_on_its_own_and_say_what_changed():
    parser = Cells()
    parser.feed(report())
    # Names with commas stay whole, one per block, never joined with commas.
    assert parser.names.count("Derby, Derbyshire, Nottingham and Nottinghamshire") == 3 + 1  # 3 periods + class list
    assert "<script>alert('x')</script>" in parser.names  # shown as text, after unescaping by the parser
    assert not any("Derby, Derbyshire, Nottingham and Nottinghamshire, " in n for n in parser.names)
    cells = parser.cells
    assert any(c.startswith("new 3 regions") for c in cells)
    assert any(c.startswith("split 2 regions, split from track 1") for c in cells)
    assert any(c.startswith("shrunk 2 regions, 2 carried over") for c in cells)
    assert any(c.startswith("merged 4 regions, from tracks 1, 3") for c in cells)
    assert "ended" in cells  # track 2 (E5, E6) vanished in 2019
    assert "ended — regions went to track 1" in cells  # track 3 absorbed in the 2020 merge
    for k, v in SETTINGS.items():
        assert k in cells and v in cells
    assert "2018, 2019, 2020" in cells


def test_trajectory_counts_and_not_analysed_periods_are_shown():
    text = report()
    parser = Cells()
    parser.feed(text)
    cells = parser.cells
    i = cells.index("persistent")
    assert cells[i + 1] == "3"
    assert cells[cells.index("emerging") + 1] == "1" and cells[cells.index("fading") + 1] == "1"
    assert cells[cells.index("no data") + 1] == "1"  # E6 has data in one period only
    assert "No multi-region cluster in any period." in text
    assert "2019: not analysed — every region has a score of 0" in text
    assert "2019: no sector &#x27;U : Activities&#x27; (present in 2018)." in text
