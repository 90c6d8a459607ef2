"""Sector co-location: how much the clusters of two sectors overlap.

Jaccard similarity of the sets of regions that sit in each sector's clusters,
plus a self-contained HTML report (no external assets, so it can be attached
to a processing result or opened offline).
"""
from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import pandas as pd


def colocation(memberships: Mapping[str, set[str]]) -> pd.DataFrame:
    """Sector × sector Jaccard index |A ∩ B| / |A ∪ B| of clustered regions.

    0 when both sets are empty (nothing to share); the diagonal is 1 for a
    sector with clustered regions, 0 for one without. Order follows ``memberships``.
    """
    names = list(memberships)
    sets = [set(memberships[n]) for n in names]
    rows = []
    for a in sets:
        row = []
        for b in sets:
            union = len(a | b)
            row.append(len(a & b) / union if union else 0.0)
        rows.append(row)
    return pd.DataFrame(rows, index=pd.Index(names, name="sector"), columns=names, dtype=float)


def _shade(value: float) -> str:
    """Background from white (0) to a saturated blue (1); text switches to white for contrast."""
    v = min(max(float(value), 0.0), 1.0)
    r, g, b = (round(255 - (255 - c) * v) for c in (33, 102, 172))
    fg = "#fff" if v > 0.55 else "#000"
    return f"background:rgb({r},{g},{b});color:{fg}"


def colocation_html(
    matrix: pd.DataFrame,
    clusters_per_sector: Mapping[str, Sequence[Sequence[str]]],
    title: str = "Sector co-location",
) -> str:
    """A standalone HTML page: the Jaccard matrix (shaded) and each sector's clusters.

    All text is escaped, so sector and region names cannot inject markup.
    """
    esc = html.escape
    head = "".join(f"<th scope='col'>{esc(str(c))}</th>" for c in matrix.columns)
    body = []
    for name, row in matrix.iterrows():
        cells = "".join(f"<td style='{_shade(v)}'>{v:.2f}</td>" for v in row.to_numpy(dtype=float))
        body.append(f"<tr><th scope='row'>{esc(str(name))}</th>{cells}</tr>")
    sections = []
    for sector, clusters in clusters_per_sector.items():
        if clusters:
            items = "".join(
                f"<li>Cluster {i} ({len(members)} regions): {esc('; '.join(map(str, members)))}</li>"
                for i, members in enumerate(clusters, start=1)
            )
            sections.append(f"<h3>{esc(str(sector))}</h3><ol class='clusters'>{items}</ol>")
        else:
            sections.append(f"<h3>{esc(str(sector))}</h3><p class='none'>No multi-region cluster.</p>")
    style = (
        "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
        "th,td{border:1px solid #ccc;padding:3px 6px;text-align:center;font-size:90%}"
        "th[scope=row]{text-align:left}ol.clusters{list-style:none;padding-left:0}.none{color:#666}"
    )
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{esc(title)}</title><style>{style}</style></head><body>"
        f"<h1>{esc(title)}</h1>"
        "<p>Share of clustered regions two sectors have in common (Jaccard index: regions in both "
        "sectors' clusters divided by regions in either).</p>"
        f"<table><thead><tr><th></th>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        f"<h2>Clusters per sector</h2>{''.join(sections)}</body></html>\n"
    )
