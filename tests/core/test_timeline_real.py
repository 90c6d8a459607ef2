"""The timeline core end to end on real data, without QGIS: the 38 LEPs and BRES 2015–2020.

Each year is joined and analysed exactly as detectclusters analyses one table (join_scores + detect on the
same neighbour graph), then tracked, classified and reported. Figures asserted here were read off this run
and checked against the exports by eye (e.g. Sheffield City Region drops below the mean in 2016 only).
"""
from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from plugin.core.engine import SectorTable, detect, join_scores
from plugin.core.graph import build_neighbour_graph
from plugin.core.timeline import align_regions, align_sectors, file_period_tables
from plugin.core.timeline_report import SectorTimeline, timeline_html
from plugin.core.tracking import CONTINUING, GROWN, NEW, SHRUNK, PeriodClusters, track_clusters
from plugin.core.trajectory import PERSISTENT, above_matrix, trajectory, years_above
from tests.conftest import BRES, BRES_ALIASES, need
from tests.core.test_graph_shapely_versions import lep_metres
from tests.core.test_timeline_tracking import check_invariants

MANUFACTURING = "C : Manufacturing"


@pytest.fixture(scope="module")
def leps(lep_path):
    feats = json.loads(lep_path.read_text())["features"]
    keys = [f["properties"]["LEP21CD"] for f in feats]
    names = [f["properties"]["LEP21NM"] for f in feats]
    return keys, names, build_neighbour_graph(lep_metres(lep_path), "queen", 0.0)


def analyse(paths, leps):
    """What the algorithm will do per period: tables, alignment, join, detect."""
    keys, names, graph = leps
    tables = file_period_tables(paths)
    sectors = align_sectors([(t.period, t.table.sectors) for t in tables])
    joins = [join_scores(t.table, keys, [[n] for n in names], BRES_ALIASES) for t in tables]
    regions = align_regions(keys, [(t.period, {keys[f] for f in j.match.row_to_feature.values()})
                                   for t, j in zip(tables, joins)])
    results = {}
    for t, j in zip(tables, joins):
        found, _skipped = detect(SectorTable(j.values, j.fields, j.labels, keys, j.reference), graph, "mean", 1.0, 2)
        results[t.period] = {r.label: r for r in found}
    return tables, sectors, regions, results


def sector_timeline(label, results, keys):
    periods = list(results)
    tracks = track_clusters([
        PeriodClusters.of(p, [[keys[i] for i in c.members] for c in results[p][label].clusters],
                          [c.cluster_id for c in results[p][label].clusters])
        for p in periods])
    above = above_matrix([results[p][label].flags.above for p in periods],
                         [results[p][label].flags.has_data for p in periods])
    return tracks, above


def test_bres_2015_2020_on_leps(leps, shared_data):
    keys, names, _ = leps
    tables, sectors, regions, results = analyse([need(p) for p in BRES.values()], leps)
    assert len(sectors.sectors) == 39 and sectors.messages() == []
    assert regions.messages() == [] and regions.present.all()  # all 38 LEPs matched in every year
    analysed = [s for s in sectors.sectors if all(s in results[p] for p in results)]
    assert len(analysed) == 37  # T and U are 0 in every LEP: detect cannot analyse them in any year
    periods = list(results)
    html_sectors = []
    for label in analysed:
        tracks, above = sector_timeline(label, results, keys)
        check_invariants(tracks)
        for p in periods:  # tracking neither loses nor alters a cluster detect found
            found = {c.cluster_id: {keys[i] for i in c.members} for c in results[p][label].clusters}
            assert {c.ref: set(c.members) for c in tracks.in_period(p)} == found
        html_sectors.append(SectorTimeline(label, tracks, trajectory(above), keys, dict(zip(keys, names))))

    tracks, above = sector_timeline(MANUFACTURING, results, keys)
    assert {c.track for c in tracks.clusters} == {1} and tracks.ended == []
    assert [(c.period, c.change, c.n_regions) for c in tracks.clusters] == [
        (2015, NEW, 14), (2016, SHRUNK, 13), (2017, GROWN, 14),
        (2018, CONTINUING, 14), (2019, CONTINUING, 14), (2020, CONTINUING, 14)]
    sheffield = keys.index("E37000054")
    assert years_above(above, periods)[sheffield] == "2015;2017;2018;2019;2020"
    assert trajectory(above)[sheffield] == "intermittent"

    text = timeline_html(html_sectors, periods, {"Baseline": "mean of regions", "Threshold": "1.0"})
    assert "<script" not in text.lower() and "http" not in text.lower()
    HTMLParser().feed(text)
    assert text.count("<h2>") == 37 and "Derby, Derbyshire, Nottingham and Nottinghamshire" in text


def test_real_year_repeated_only_continues(leps, shared_data):
    keys, _, _ = leps
    _, _, _, results = analyse([need(BRES[2019]), need(BRES[2020])], leps)
    for label in results[2020]:
        again = PeriodClusters.of(2021, [[keys[i] for i in c.members] for c in results[2020][label].clusters])
        first = PeriodClusters.of(2020, [[keys[i] for i in c.members] for c in results[2020][label].clusters])
        tracks = track_clusters([first, again])
        assert all(c.change == CONTINUING for c in tracks.in_period(2021))


def test_a_region_missing_from_one_years_table_is_no_data_not_below(leps, tmp_path, shared_data):
    keys, _, _ = leps
    text = need(BRES[2017]).read_text(encoding="utf-8-sig")
    assert "\nlep:London," in text
    lines = [line for line in text.split("\n") if not line.startswith("lep:London,")]
    copy = tmp_path / "Employment by sector - BRES 2017.csv"
    copy.write_text("\n".join(lines), encoding="utf-8")
    paths = [need(BRES[2015]), need(BRES[2016]), copy, need(BRES[2018]), need(BRES[2019]), need(BRES[2020])]
    _, _, regions, results = analyse(paths, leps)
    assert regions.partial == {"E37000051": [2017]}
    assert "No row in 2017: E37000051." in regions.messages()
    _, above = sector_timeline(MANUFACTURING, results, keys)
    london = keys.index("E37000051")
    assert years_above(above, list(results))[london] == "2015;2016;2018;2019;2020"
    assert trajectory(above)[london] == PERSISTENT
