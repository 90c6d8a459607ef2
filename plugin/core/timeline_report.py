"""The timeline report: one self-contained HTML page (inline CSS, no scripts, nothing fetched from a network).

Per sector, a table of tracks × periods: each cell names the cluster's regions (one per line — names contain
commas) and how it changed; the period after a track's last says it ended. Below it, how many regions follow
each trajectory. Every text that comes from the user's data is escaped.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

from .tracking import CHANGES, MERGED, NEW, SPLIT, TrackedCluster, TrackResult
from .trajectory import CLASSES, NEVER, trajectory_counts

CHANGE_WORDS = {
    "new": "shares no region with a cluster of the previous period",
    "continuing": "keeps its track with as many regions as before",
    "grown": "keeps its track with more regions",
    "shrunk": "keeps its track with fewer regions",
    "merged": "keeps its track and took regions from two or more previous clusters",
    "split": "another cluster kept the track it came from: it starts a new track",
    "ended": "no cluster kept this track (the period after its last)",
}
CLASS_WORDS = {
    "persistent": "above in every period with data",
    "emerging": "below at the start, above in the last two periods (of two: below, then above)",
    "fading": "above at the start, below in the last two periods (of two: above, then below)",
    "intermittent": "any other mix",
    "never": "never above",
    "no data": "data in fewer than two periods",
}
_CSS = """
body{font-family:"DejaVu Sans",Arial,sans-serif;font-size:13px;color:#222;margin:1.5em}
h1{font-size:20px}h2{font-size:16px;margin-top:2em;border-bottom:1px solid #999}
table{border-collapse:collapse;margin:.5em 0}
th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#eee}td.k{white-space:nowrap}
.chg{font-weight:bold;display:block;margin-bottom:2px}
.new{background:#e3f1fb}.continuing{background:#eef6e8}.grown{background:#d6efc7}.shrunk{background:#fdf0d5}
.merged{background:#e8defa}.split{background:#fbe0e6}.ended{background:#f3f3f3;color:#666;font-style:italic}
.na{color:#999;font-style:italic}.note{color:#555}
.names div{padding-left:1em;text-indent:-1em;line-height:1.3}
"""


@dataclass
class SectorTimeline:
    """What the report shows for one sector."""

    label: str
    tracks: TrackResult
    classes: Sequence[str] = ()  # trajectory class per region, in the order of ``keys``
    keys: Sequence[str] = ()  # region keys of ``classes``; when given, the regions of each class are named
    names: Mapping[str, str] = field(default_factory=dict)  # region key -> name shown (default: the key)
    not_analysed: Mapping[int, str] = field(default_factory=dict)  # period -> why the sector was not analysed


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _tracks_word(tracks: Sequence[int]) -> str:
    return ("track " if len(tracks) == 1 else "tracks ") + ", ".join(map(str, tracks))


def _cell(c: TrackedCluster, names: Mapping[str, str]) -> str:
    detail = f"{c.n_regions} regions"
    if c.change == SPLIT:
        detail += f", split from track {c.predecessor}"
        others = [t for t in c.sources if t != c.predecessor]
        if others:
            detail += f", also took regions of {_tracks_word(others)}"
    elif c.change == MERGED:
        detail += f", from {_tracks_word(c.sources)}"
    elif c.change != NEW:
        detail += f", {c.overlap} carried over"
    shown = sorted((names.get(k) or k for k in c.members), key=str.casefold)
    body = "".join(f"<div>{_e(n)}</div>" for n in shown)
    return (f'<td class="{_e(c.change)}"><span class="chg">{_e(c.change)}</span>'
            f'<span class="note">{_e(detail)}</span><div class="names">{body}</div></td>')


def _sector(s: SectorTimeline, periods: Sequence[int]) -> str:
    parts = [f"<h2>{_e(s.label)}</h2>"]
    tracks = s.tracks.tracks()
    if not tracks:
        parts.append('<p class="note">No multi-region cluster in any period.</p>')
    else:
        head = "".join(f"<th>{_e(p)}</th>" for p in periods)
        rows = []
        for track, by_period in tracks.items():
            end = s.tracks.ended_track(track)
            cells = []
            for p in periods:
                if p in by_period:
                    cells.append(_cell(by_period[p], s.names))
                elif end is not None and end.ended == p:
                    into = f" — regions went to {_tracks_word(end.absorbed_into)}" if end.absorbed_into else ""
                    cells.append(f'<td class="ended">ended{_e(into)}</td>')
                elif p in s.not_analysed:
                    cells.append('<td class="na">not analysed</td>')
                else:
                    cells.append("<td></td>")
            rows.append(f'<tr><td class="k">track {_e(track)}</td>{"".join(cells)}</tr>')
        parts.append(f"<table><tr><th>Track</th>{head}</tr>{''.join(rows)}</table>")
    for p, why in sorted(s.not_analysed.items()):
        parts.append(f'<p class="note">{_e(p)}: not analysed — {_e(why)}</p>')
    if s.classes:
        counts = trajectory_counts(list(s.classes))
        named = len(s.keys) == len(s.classes)
        rows = []
        for k in CLASSES:
            who = ""
            if named and k != NEVER and counts[k]:
                shown = sorted((s.names.get(r) or r for r, c in zip(s.keys, s.classes) if c == k), key=str.casefold)
                who = "".join(f"<div>{_e(n)}</div>" for n in shown)
            rows.append(f'<tr><td>{_e(k)}</td><td>{counts[k]}</td><td class="note">{_e(CLASS_WORDS[k])}</td>'
                        + (f'<td class="names">{who}</td>' if named else "") + "</tr>")
        head = "<th>Trajectory</th><th>Regions</th><th>Meaning</th>" + ("<th>Which</th>" if named else "")
        parts.append(f"<h3>Regions by trajectory</h3><table><tr>{head}</tr>{''.join(rows)}</table>")
    return "\n".join(parts)


def timeline_html(
    sectors: Sequence[SectorTimeline],
    periods: Sequence[int],
    settings: Mapping[str, str] | Sequence[tuple[str, str]] = (),
    title: str = "Cluster dynamics over time",
    notes: Sequence[str] = (),
    subtitle: Optional[str] = None,
) -> str:
    """The whole report as one HTML document.

    ``settings``: label -> value, shown as given (e.g. "Baseline": "mean of regions", "Threshold": "1.2",
    "Neighbours": "queen", "Gap tolerance": "0 m"). ``notes``: warnings to show at the top (labels or regions that
    did not line up across periods, …).
    """
    items = list(settings.items()) if isinstance(settings, Mapping) else list(settings)
    head = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in items)
    head += f"<tr><th>Periods</th><td>{_e(', '.join(map(str, periods)))}</td></tr>"
    legend = "".join(f"<tr><td class=\"{_e(k)}\">{_e(k)}</td><td>{_e(CHANGE_WORDS[k])}</td></tr>"
                     for k in (*CHANGES, "ended"))
    note_html = ""
    if notes:
        note_html = "<h3>Notes</h3><ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul>"
    body = "\n".join(_sector(s, periods) for s in sectors)
    sub = f"<p>{_e(subtitle)}</p>" if subtitle else ""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
        f"<h1>{_e(title)}</h1>{sub}<table>{head}</table>\n{note_html}\n"
        f"<h3>How to read the tracks</h3><table>{legend}</table>\n{body}\n</body></html>\n"
    )
