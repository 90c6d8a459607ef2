"""sectorclusters:clustertimeline in real QGIS, on the real BRES 2015–2020 exports and the APS long table.

The central promise: each period is analysed exactly as detectclusters analyses that period's table alone.
So for every period, the timeline's member sets are compared with those of joinscores → detectclusters run on
that period's file (same aliases, baseline, threshold, neighbours and gap tolerance), for several sectors,
baselines and tolerances.

Note on the shared data: the 2015 BRES export is byte-identical to the 2020 one (same md5), a defect of the
shared data. Nothing here assumes 2015 differs from 2020; the tracking of 2015→2016 and 2019→2020 is checked as it
comes out.
"""
from __future__ import annotations

import csv
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

from plugin.core.tracking import CHANGES
from plugin.core.trajectory import CLASSES
from plugin.gis.layers import is_null
from plugin.gis.meta import read_meta
from tests.conftest import APS, BRES, BRES_ALIASES, need
from tests.qgis.processing_run import run

pytestmark = pytest.mark.qgis
SECTORS = ("C : Manufacturing", "J : Information and communication", "K : Financial and insurance activities",
           "M : Professional, scientific and technical activities", "10 : Information & communication (J)")
OUTPUT_KEYS = ("OUTPUT_CLUSTERS", "OUTPUT_ENDED", "OUTPUT_REGIONS", "OUTPUT_REPORT")


def outputs(folder: Path, tag: str = "t") -> dict:
    return {"OUTPUT_CLUSTERS": str(folder / f"{tag}_clusters.gpkg"), "OUTPUT_ENDED": str(folder / f"{tag}_ended.csv"),
            "OUTPUT_REGIONS": str(folder / f"{tag}_regions.gpkg"), "OUTPUT_REPORT": str(folder / f"{tag}.html")}


def features(path: str) -> list:
    layer = QgsVectorLayer(path, "x", "ogr")
    assert layer.isValid(), path
    return list(layer.getFeatures())


@pytest.fixture(scope="module")
def aliases(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("aliases") / "aliases.csv"
    p.write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    return p


@pytest.fixture(scope="module")
def joined(processing_ready, lep_path, shared_data, aliases, tmp_path_factory):
    """Each BRES year joined on its own by joinscores, with and without the aliases: {(year, aliased): path}."""
    folder = tmp_path_factory.mktemp("joined")
    out = {}
    for year, path in BRES.items():
        for aliased in (True, False):
            params = {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(need(path)),
                      "OUTPUT": str(folder / f"j{year}{int(aliased)}.gpkg")}
            if aliased:
                params["ALIASES"] = str(aliases)
            ok, res, fb = run("sectorclusters:joinscores", params)
            assert ok, fb.errors
            out[(year, aliased)] = res["OUTPUT"]
    return out


def detect_members(joined_path: str, labels, baseline: int, threshold, tolerance: float, folder: Path) -> set:
    """{(sector label, members)} of detectclusters on one joined period."""
    meta = read_meta(QgsVectorLayer(joined_path, "j", "ogr"))
    by_label = {label: f for f, label in meta["sectors"].items()}
    params = {"INPUT": joined_path, "FIELDS": [by_label[lbl] for lbl in labels], "BASELINE": baseline,
              "GAP_TOLERANCE": tolerance, "OUTPUT_REGIONS": "TEMPORARY_OUTPUT",
              "OUTPUT_CLUSTERS": str(folder / f"d_{Path(joined_path).stem}.gpkg")}
    if threshold is not None:
        params["THRESHOLD"] = threshold
    ok, res, fb = run("sectorclusters:detectclusters", params)
    assert ok, fb.errors
    return {(f["sector_label"], frozenset(f["members"].split("; ")), round(f["area_km2"], 1))
            for f in features(res["OUTPUT_CLUSTERS"])}


# baseline index (steps.options.BASELINES order), threshold, gap tolerance (m), aliases, sectors
CASES = [
    pytest.param(0, None, 0, True, SECTORS, id="mean-queen-0km"),
    pytest.param(3, 1.25, 35000, True, SECTORS, id="lq1.25-35km"),
    pytest.param(1, 1.1, 0, True, SECTORS[:3], id="median1.1-0km"),
    pytest.param(4, 0.5, 20000, True, SECTORS[1:], id="z0.5-20km"),
    pytest.param(2, 0.03, 0, True, SECTORS, id="national0.03-0km"),  # counts: 3 % of England's value
    pytest.param(5, 70, 35000, True, SECTORS[:2], id="percentile70-35km"),
    pytest.param(6, 1, 0, True, SECTORS[::2], id="stars-0km"),
    pytest.param(3, None, 0, False, SECTORS, id="lq-no-aliases"),  # 2 LEPs match in no year: no data throughout
]


@pytest.mark.parametrize("baseline,threshold,tolerance,aliased,labels", CASES)
def test_every_period_equals_detectclusters_on_that_periods_table(joined, lep_path, aliases, tmp_path, baseline,
                                                                   threshold, tolerance, aliased, labels):
    params = {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLES": [str(p) for p in BRES.values()],
              "SECTORS": "\n".join(labels), "BASELINE": baseline, "GAP_TOLERANCE": tolerance, **outputs(tmp_path)}
    if threshold is not None:
        params["THRESHOLD"] = threshold
    if aliased:
        params["ALIASES"] = str(aliases)
    ok, res, fb = run("sectorclusters:clustertimeline", params)
    assert ok, fb.errors
    assert res["PERIODS"] == "2015; 2016; 2017; 2018; 2019; 2020"
    clusters = features(res["OUTPUT_CLUSTERS"])
    compared = 0
    for year in BRES:
        mine = {(f["sector_label"], frozenset(f["members"].split("; ")), round(f["area_km2"], 1))
                for f in clusters if f["period"] == year}
        theirs = detect_members(joined[(year, aliased)], labels, baseline, threshold, tolerance, tmp_path)
        assert mine == theirs, year
        compared += len(theirs)
    assert compared > 0


def test_outputs_fields_changes_ended_and_report(joined, lep_path, aliases, tmp_path):
    ok, res, fb = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLES": [str(p) for p in BRES.values()],
        "ALIASES": str(aliases), **outputs(tmp_path)})
    assert ok, fb.errors
    assert any("Skipped T : " in e for e in fb.errors)  # T and U: no employment in any year, as detectclusters
    clusters = features(res["OUTPUT_CLUSTERS"])
    names = clusters[0].fields().names()
    assert names[:10] == ["fid", "period", "sector", "sector_label", "track", "change", "cluster_id", "n_regions",
                          "members", "member_names"]
    assert {"area_km2", "mean_score", "predecessor", "sources", "overlap", "baseline", "threshold"} <= set(names)
    assert {f["change"] for f in clusters} == set(CHANGES)  # 37 sectors over 6 years show every kind of change
    for f in clusters:
        members = f["members"].split("; ")
        assert members == sorted(members) and len(members) == f["n_regions"] >= 2
        assert len(f["member_names"].split("; ")) == f["n_regions"] and f["area_km2"] > 0
        assert f.geometry().isGeosValid()
    manufacturing = sorted((f["period"], f["track"], f["change"], f["n_regions"])
                           for f in clusters if f["sector_label"] == "C : Manufacturing")
    assert manufacturing == [(2015, 1, "new", 14), (2016, 1, "shrunk", 13), (2017, 1, "grown", 14),
                             (2018, 1, "continuing", 14), (2019, 1, "continuing", 14), (2020, 1, "continuing", 14)]
    # per sector, a track's clusters are in consecutive periods; an ended track has none from its end on
    by_track = {}
    for f in clusters:
        by_track.setdefault((f["sector"], f["track"]), []).append(f["period"])
    with open(res["OUTPUT_ENDED"], newline="", encoding="utf-8") as fh:
        ended = list(csv.DictReader(fh))
    assert ended and set(ended[0]) >= {"track", "sector", "sector_label", "last_period", "ended", "members"}
    for row in ended:
        periods = sorted(by_track[(row["sector"], int(row["track"]))])
        assert periods[-1] == int(row["last_period"]) and int(row["ended"]) == int(row["last_period"]) + 1
    for (sector, track), periods in by_track.items():
        assert periods == list(range(min(periods), max(periods) + 1))
        if max(periods) < 2020:
            assert any(r["sector"] == sector and int(r["track"]) == track for r in ended)

    regions = QgsVectorLayer(res["OUTPUT_REGIONS"], "r", "ogr")
    fields = regions.fields().names()
    assert {"LEP21CD", "LEP21NM", "C_Manufacturing_traj", "C_Manufacturing_years", "C_Manufacturing_above_2015",
            "C_Manufacturing_above_2020"} <= set(fields)
    assert not any(n.startswith("T_") for n in fields)
    assert regions.attributeAlias(fields.index("C_Manufacturing_traj")) == "C : Manufacturing (trajectory)"
    for f in regions.getFeatures():
        above = [y for y in BRES if f[f"C_Manufacturing_above_{y}"] == 1]
        assert f["C_Manufacturing_years"] == ";".join(map(str, above))
        assert f["C_Manufacturing_traj"] in CLASSES
        assert (f["C_Manufacturing_traj"] == "persistent") == (len(above) == 6)
        assert (f["C_Manufacturing_traj"] == "never") == (len(above) == 0)
    sheffield = next(f for f in regions.getFeatures() if f["LEP21CD"] == "E37000054")
    assert sheffield["C_Manufacturing_years"] == "2015;2017;2018;2019;2020"
    assert sheffield["C_Manufacturing_traj"] == "intermittent"
    meta = read_meta(regions)
    assert meta["analysis"] == "timeline" and meta["periods"] == list(BRES) and meta["key"] == "LEP21CD"
    assert meta["sectors"]["C_Manufacturing"] == "C : Manufacturing" and meta["baseline"] == "mean"
    assert read_meta(QgsVectorLayer(res["OUTPUT_CLUSTERS"], "c", "ogr"))["role"] == "timeline_clusters"

    text = Path(res["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    HTMLParser().feed(text)
    assert "<script" not in text.lower() and "http" not in text.lower() and "<link" not in text.lower()
    assert text.count("<h2>") == 37 and "Sheffield City Region" in text and "C : Manufacturing" in text
    assert res["CLUSTERS"] == len(clusters) and res["TRACKS"] == len(by_track)


def test_long_aps_table_with_a_period_column(processing_ready, lep_path, shared_data, tmp_path):
    aps = need(APS)
    ok, res, fb = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(aps), "PERIOD_COLUMN": "year",
        "ROW_FILTER": "geographic_level=LEP|COUNTRY", "BASELINE": 3, **outputs(tmp_path)})
    assert ok, fb.errors
    assert res["PERIODS"] == "2018; 2019; 2020; 2021; 2022"
    assert sum("38 of 38 regions matched" in i for i in fb.infos) == 5
    clusters = features(res["OUTPUT_CLUSTERS"])
    assert {f["sector_label"] for f in clusters} <= {
        "Agriculture and Fishing", "Energy and Water", "Manufacturing", "Construction",
        "Distribution, Hotels and Restaurants", "Transport and Communication", "Banking, Finance and Insurance",
        "Public Administration, Education and Health", "Other Services"}
    for year in (2018, 2020, 2022):  # each year as joinscores + detectclusters with ROW_FILTER year=<year>
        ok, j, fb = run("sectorclusters:joinscores", {
            "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLE": str(aps),
            "ROW_FILTER": f"year={year}; geographic_level=LEP|COUNTRY", "OUTPUT": str(tmp_path / f"aps{year}.gpkg")})
        assert ok, fb.errors
        ok, d, fb = run("sectorclusters:detectclusters", {
            "INPUT": j["OUTPUT"], "BASELINE": 3, "OUTPUT_REGIONS": "TEMPORARY_OUTPUT",
            "OUTPUT_CLUSTERS": str(tmp_path / f"apsd{year}.gpkg")})
        assert ok, fb.errors
        theirs = {(f["sector_label"], f["members"]) for f in features(d["OUTPUT_CLUSTERS"])}
        mine = {(f["sector_label"], f["members"]) for f in clusters if f["period"] == year}
        assert {(s, frozenset(m.split("; "))) for s, m in mine} == {(s, frozenset(m.split("; "))) for s, m in theirs}
    regions = QgsVectorLayer(res["OUTPUT_REGIONS"], "r", "ogr")
    assert "Manufacturing_above_2022" in regions.fields().names()
    assert "year" not in read_meta(regions)["sectors"]


def test_periods_given_by_name_and_in_order(processing_ready, lep_path, shared_data, aliases, tmp_path):
    a, b = tmp_path / "first.csv", tmp_path / "second.csv"
    shutil.copy(need(BRES[2016]), a)
    shutil.copy(need(BRES[2017]), b)
    by_name = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLES": [str(a), str(b)], "ALIASES": str(aliases),
        "PERIODS": "second=2017; first.csv=2016", "SECTORS": "Manufacturing", **outputs(tmp_path, "n")})
    in_order = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLES": [str(a), str(b)], "ALIASES": str(aliases),
        "PERIODS": "2016; 2017", "SECTORS": "Manufacturing", **outputs(tmp_path, "o")})
    assert by_name[0] and in_order[0], (by_name[2].errors, in_order[2].errors)
    for _ok, res, _ in (by_name, in_order):
        got = sorted((f["period"], f["change"], f["n_regions"]) for f in features(res["OUTPUT_CLUSTERS"]))
        assert got == [(2016, "new", 13), (2017, "grown", 14)]  # "Manufacturing" = "C : Manufacturing"


def _table_without(path: Path, prefix: str, target: Path) -> Path:
    text = path.read_text(encoding="utf-8-sig")
    target.write_text("\n".join(line for line in text.split("\n") if not line.startswith(prefix)), encoding="utf-8")
    return target


def _long_table(target: Path, years: list[str]) -> Path:
    lines = ["code,year,x,y"]
    for i, year in enumerate(years):
        lines += [f"E37000001,{year},{i + 1},2", f"E37000003,{year},{i + 2},3"]
    target.write_text("\n".join(lines) + "\n")
    return target


def bad_case(case: str, tmp: Path, lep_path: Path) -> tuple[dict, str]:
    base = {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD"}
    b = [str(need(BRES[y])) for y in (2016, 2017)]
    if case == "one_period":
        return dict(base, TABLES=[b[0]]), "at least two periods"
    if case == "same_period":
        return dict(base, TABLES=b, PERIODS="2017; 2017"), "Several tables are for the same period"
    if case == "no_year_in_name":
        plain = tmp / "scores.csv"
        shutil.copy(b[0], plain)
        return dict(base, TABLES=[str(plain), b[1]]), "holds no four-digit year"
    if case == "different_regions":
        missing = _table_without(Path(b[1]), "lep:London,", tmp / "Employment by sector - BRES 2017.csv")
        return dict(base, TABLES=[b[0], str(missing)]), "do not match the same regions"
    if case == "blank_period":
        return dict(base, TABLE=str(_long_table(tmp / "long.csv", ["2018", "", "2020"])), PERIOD_COLUMN="year"), \
            "is blank on 2 row(s)"
    if case == "non_numeric_period":
        return dict(base, TABLE=str(_long_table(tmp / "long.csv", ["2018", "2019/20"])), PERIOD_COLUMN="year"), \
            "must hold whole years"
    if case == "no_common_sector":
        a, c = tmp / "a 2018.csv", tmp / "c 2019.csv"
        a.write_text("code,alpha,beta\nE37000001,1,2\nE37000003,3,4\n")
        c.write_text("code,gamma,delta\nE37000001,1,2\nE37000003,3,4\n")
        return dict(base, TABLES=[str(a), str(c)]), "have no sector in common"
    if case == "no_period_column":
        return dict(base, TABLE=str(_long_table(tmp / "long.csv", ["2018", "2019"]))), "with a period column"
    if case == "period_count":
        return dict(base, TABLES=b, PERIODS="2016"), "2 tables but 1 period(s)"
    if case == "unknown_sector":
        return dict(base, TABLES=b, SECTORS="Underwater basket weaving"), "No period's table has the sector"
    raise AssertionError(case)


@pytest.mark.parametrize("case", ["one_period", "same_period", "no_year_in_name", "different_regions",
                                  "blank_period", "non_numeric_period", "no_common_sector", "no_period_column",
                                  "period_count", "unknown_sector"])
def test_bad_input_clear_message_nothing_written(processing_ready, lep_path, shared_data, tmp_path, case):
    params, message = bad_case(case, tmp_path, lep_path)
    out = tmp_path / "out"
    out.mkdir()
    ok, _, fb = run("sectorclusters:clustertimeline", {**params, **outputs(out)})
    assert not ok
    text = " ".join(fb.errors)
    assert message in text and "Traceback" not in text, text
    assert list(out.iterdir()) == []
    if case == "no_year_in_name":
        assert "scores.csv" in text and "PERIODS" in text  # names the file and says how to give its period
    if case == "different_regions":
        assert "London (E37000051)" in text and "2017" in text


def test_different_regions_allowed_count_as_no_data(processing_ready, lep_path, shared_data, aliases, tmp_path):
    missing = _table_without(need(BRES[2017]), "lep:London,", tmp_path / "Employment by sector - BRES 2017.csv")
    ok, res, fb = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "ALIASES": str(aliases), "ALLOW_MISSING": True,
        "TABLES": [str(need(BRES[2016])), str(missing), str(need(BRES[2018]))], "SECTORS": "C : Manufacturing",
        **outputs(tmp_path)})
    assert ok, fb.errors
    assert any("No row in 2017: London (E37000051)" in w for w in fb.warnings)
    london = next(f for f in features(res["OUTPUT_REGIONS"]) if f["LEP21CD"] == "E37000051")
    assert is_null(london["C_Manufacturing_above_2017"]) and london["C_Manufacturing_years"] == "2016;2018"
    assert london["C_Manufacturing_traj"] == "persistent"  # no data is never "below"


def test_threaded_run_reads_the_layer_on_the_main_thread(processing_ready, lep_path, shared_data, aliases, tmp_path,
                                                          qtbot):
    from qgis.core import QgsProcessingAlgRunnerTask

    from tests.qgis.test_threads import WAIT, WatchedLayer

    layer = WatchedLayer(str(lep_path), "LEPs", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        alg = QgsApplication.processingRegistry().createAlgorithmById("sectorclusters:clustertimeline")
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        feedback = QgsProcessingFeedback()
        done = {}
        task = QgsProcessingAlgRunnerTask(alg, {
            "INPUT": layer, "INPUT_KEY": "LEP21CD", "TABLES": [str(p) for p in BRES.values()],
            "ALIASES": str(aliases), "SECTORS": "C : Manufacturing", **outputs(tmp_path)}, context, feedback)
        task.executed.connect(lambda ok, res: done.update(ok=ok, res=res))
        QgsApplication.taskManager().addTask(task)
        qtbot.waitUntil(lambda: "ok" in done, timeout=WAIT)
        assert done["ok"] and done["res"]["CLUSTERS"] == 6
        assert not layer.off_main, layer.off_main
    finally:
        QgsProject.instance().removeMapLayer(layer.id())


def test_demo_hvm_story(processing_ready, tmp_path):
    """`make demo`'s yearly illustrative scores: the HVM cluster grows, merges with the Yorkshire pair, shrinks."""
    demo = Path(__file__).resolve().parents[2] / "resources" / "demo"
    ok, res, fb = run("sectorclusters:clustertimeline", {
        "INPUT": str(demo / "lep_boundaries.geojson"), "INPUT_KEY": "LEP21CD", "GAP_TOLERANCE": 35000,
        "TABLES": [str(demo / f"sector_scores_illustrative_{y}.csv") for y in range(2016, 2021)],
        "SECTORS": "High Value Manufacturing", **outputs(tmp_path)})
    assert ok, fb.errors
    got = sorted((f["track"], f["period"], f["change"], f["n_regions"]) for f in features(res["OUTPUT_CLUSTERS"]))
    assert got == [(1, 2016, "new", 2), (1, 2017, "grown", 3), (1, 2018, "merged", 6), (1, 2019, "shrunk", 5),
                   (1, 2020, "continuing", 5), (2, 2016, "new", 2), (2, 2017, "continuing", 2)]
    with open(res["OUTPUT_ENDED"], newline="", encoding="utf-8") as fh:
        ended = [(r["track"], r["last_period"], r["ended"], r["absorbed_into"]) for r in csv.DictReader(fh)]
    assert ended == [("2", "2017", "2018", "1")]
    traj = {f["LEP21NM"]: f["High_Value_Manufacturing_traj"] for f in features(res["OUTPUT_REGIONS"])}
    assert {k for k, v in traj.items() if v != "never"} == {
        "Coventry and Warwickshire", "Oxfordshire", "Sheffield City Region", "Leicester and Leicestershire",
        "Greater Birmingham and Solihull", "Leeds City Region", "Cumbria"}
    assert (traj["Oxfordshire"], traj["Leicester and Leicestershire"], traj["Leeds City Region"],
            traj["Cumbria"]) == ("persistent", "emerging", "fading", "intermittent")


def test_label_drift_is_reported_not_dropped(processing_ready, lep_path, shared_data, aliases, tmp_path):
    """A Nomis label respelt in one year still lines up; one renamed beyond recognition is reported, not lost."""
    text = need(BRES[2017]).read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    header = (header.replace("C : Manufacturing", "C: MANUFACTURING")
              .replace("J : Information and communication", "Information and communication")
              .replace("K : Financial and insurance activities", "K : Finance"))
    drifted = tmp_path / "Employment by sector - BRES 2017.csv"
    drifted.write_text(header + "\n" + rest, encoding="utf-8")
    ok, res, fb = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "ALIASES": str(aliases),
        "TABLES": [str(need(BRES[2016])), str(drifted), str(need(BRES[2018]))], **outputs(tmp_path)})
    assert ok, fb.errors
    warnings = " ".join(fb.warnings)
    assert "'C : Manufacturing' = 'C: MANUFACTURING'" in warnings
    assert "'J : Information and communication' = 'Information and communication'" in warnings
    assert "2017: no sector 'K : Financial and insurance activities'" in warnings
    assert "not compared: 'K : Finance'" in warnings
    assert "Not analysed because they are not in every period: 'K : Financial and insurance activities'" in warnings
    fields = QgsVectorLayer(res["OUTPUT_REGIONS"], "r", "ogr").fields().names()
    assert "C_Manufacturing_traj" in fields and "J_Information_and_communication_traj" in fields
    assert not any(f.startswith("K_") for f in fields)
    assert "K : Financial and insurance activities" in Path(res["OUTPUT_REPORT"]).read_text(encoding="utf-8")
    periods = {f["period"] for f in features(res["OUTPUT_CLUSTERS"]) if f["sector_label"] == "C : Manufacturing"}
    assert periods == {2016, 2017, 2018}


def test_a_period_matching_no_region_names_the_period(processing_ready, lep_path, shared_data, tmp_path):
    odd = tmp_path / "scores 2019.csv"
    odd.write_text("code,x\nXX1,1\nXX2,2\n")
    first = tmp_path / "scores 2018.csv"
    first.write_text("code,x\nE37000001,1\nE37000003,2\n")
    out = tmp_path / "out"
    out.mkdir()
    ok, _, fb = run("sectorclusters:clustertimeline", {
        "INPUT": str(lep_path), "INPUT_KEY": "LEP21CD", "TABLES": [str(first), str(odd)], **outputs(out)})
    assert not ok
    assert "2019 (scores 2019.csv): No row of the table matches a region" in " ".join(fb.errors)
    assert list(out.iterdir()) == []
