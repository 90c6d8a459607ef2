"""profileregions in real QGIS on the 38 LEPs with BRES 2020: contiguous groups, choose K, co-location, bad input."""
from __future__ import annotations

import csv
import html
from pathlib import Path

import numpy as np
import pytest
from qgis.core import QgsProject, QgsVectorLayer

from tests.qgis.processing_run import run
from tests.qgis.test_localstatistics import islands_layer, joined, lep_graph  # noqa: F401 - fixtures

ALG = "sectorclusters:profileregions"
INFO = "J_Information_and_communication"
PROF = "M_Professional_scientific_and_technical_activities"


def profile(source: str, tmp: Path, **params):
    """Run profileregions into tmp; (ok, regions, groups, results, feedback)."""
    args = {"INPUT": source, "OUTPUT_REGIONS": str(tmp / "r.gpkg"), "OUTPUT_GROUPS": str(tmp / "g.gpkg")}
    args.update(params)
    ok, res, fb = run(ALG, args)
    if not ok:
        return ok, None, None, res, fb
    return ok, QgsVectorLayer(res["OUTPUT_REGIONS"], "r", "ogr"), QgsVectorLayer(res["OUTPUT_GROUPS"], "g", "ogr"), \
        res, fb


def split_labels(text: str, labels: set[str]) -> list[str]:
    """Sector labels joined by "; " (a label may hold "; " itself: "O : Public administration and defence;
    compulsory social security")."""
    out, cur = [], ""
    for part in text.split("; "):
        cur = f"{cur}; {part}" if cur else part
        if cur in labels:
            out.append(cur)
            cur = ""
    assert not cur, text
    return out


def _connected(graph, members: list[int]) -> bool:
    mask = np.zeros(graph.n, dtype=bool)
    mask[members] = True
    return len(set(graph.components(mask)[members].tolist())) == 1


@pytest.mark.parametrize("profile_kind", [0, 1])
def test_k4_gives_four_contiguous_groups_with_three_top_sectors(joined, lep_graph, tmp_path,  # noqa: F811
                                                               profile_kind):
    from plugin.gis.meta import read_meta

    graph, keys = lep_graph
    ok, regions, groups, res, fb = profile(joined, tmp_path, K=4, PROFILE=profile_kind)
    assert ok, fb.errors
    assert res["K"] == 4 and res["PSEUDO_F"] > 0
    assert "OUTPUT_COLOCATION_CSV" not in res and not list(tmp_path.glob("*.csv")) and not list(tmp_path.glob("*.html"))
    names = regions.fields().names()
    assert names[-2:] == ["group_id", "group_top"] and "LEP21CD" in names and "C_Manufacturing" in names
    gid = {f["LEP21CD"]: f["group_id"] for f in regions.getFeatures()}
    assert set(gid.values()) == {1, 2, 3, 4} and len(gid) == 38
    feats = sorted(groups.getFeatures(), key=lambda f: f["group_id"])
    assert [f["group_id"] for f in feats] == [1, 2, 3, 4]
    assert set(groups.fields().names()) >= {"group_id", "n_regions", "members", "member_names", "top_sectors",
                                             "area_km2"}
    sizes = [f["n_regions"] for f in feats]
    assert sum(sizes) == 38 and sizes == sorted(sizes, reverse=True)
    tops = {f["LEP21CD"]: f["group_top"] for f in regions.getFeatures()}
    labels = set(read_meta(QgsVectorLayer(joined, "j", "ogr"))["sectors"].values())
    for f in feats:
        members = f["members"].split("; ")
        assert len(members) == f["n_regions"] and all(gid[k] == f["group_id"] for k in members)
        assert _connected(graph, [keys.index(k) for k in members])
        top = split_labels(f["top_sectors"], labels)
        assert len(top) == 3 and len(set(top)) == 3
        assert all(tops[k] == f["top_sectors"] for k in members)
        assert not any(t.startswith(("T :", "U :")) for t in top)  # constant sectors are never "distinctive"
        assert f.geometry().isGeosValid() and f["area_km2"] > 0
    assert any(f"Group 1 ({sizes[0]} region(s)): " in i for i in fb.infos)
    meta = read_meta(regions)
    assert meta["analysis"] == "profileregions" and meta["k"] == 4 and meta["profile"] == ("scores", "shares")[
        profile_kind]
    assert read_meta(groups)["role"] == "groups"


def test_choose_k_picks_in_range_and_logs_pseudo_f(joined, tmp_path):  # noqa: F811
    ok, regions, groups, res, fb = profile(joined, tmp_path, CHOOSE_K=True, K_MIN=3, K_MAX=7, K=30, PROFILE=1)
    assert ok, fb.errors
    logged = {int(i.split()[2].rstrip(":")): float(i.split()[-1]) for i in fb.infos if i.startswith("k = ")}
    assert sorted(logged) == [3, 4, 5, 6, 7]
    assert 3 <= res["K"] <= 7 and logged[res["K"]] == max(logged.values())
    assert res["PSEUDO_F"] == pytest.approx(logged[res["K"]], abs=1e-3)
    assert groups.featureCount() == res["K"]
    assert any(f"Chosen: {res['K']} groups" in i for i in fb.infos)


def test_colocation_csv_and_html(joined, tmp_path):  # noqa: F811
    csv_path, html_path = tmp_path / "co.csv", tmp_path / "co.html"
    ok, _, _, res, fb = profile(joined, tmp_path, K=4, OUTPUT_COLOCATION_CSV=str(csv_path),
                                OUTPUT_REPORT_HTML=str(html_path))
    assert ok, fb.errors
    assert res["OUTPUT_COLOCATION_CSV"] == str(csv_path) and res["OUTPUT_REPORT_HTML"] == str(html_path)
    with open(csv_path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    labels = header[1:]
    assert header[0] == "sector" and [r[0] for r in body] == labels and all(len(r) == len(header) for r in body)
    m = np.array([[float(v) for v in r[1:]] for r in body])
    assert len(labels) == 37  # T and U (no employment) cannot be flagged: skipped with a warning
    np.testing.assert_allclose(m, m.T)
    assert np.all((m >= 0) & (m <= 1))
    # Diagonal: 1 for sectors with a multi-region cluster; cross-check against detectclusters itself.
    ok, det, fb_det = run("sectorclusters:detectclusters", {
        "INPUT": joined, "BASELINE": 0, "MIN_REGIONS": 2, "OUTPUT_REGIONS": "TEMPORARY_OUTPUT",
        "OUTPUT_CLUSTERS": str(tmp_path / "det_c.gpkg")})
    assert ok, fb_det.errors
    clustered = {f["sector_label"] for f in QgsVectorLayer(det["OUTPUT_CLUSTERS"], "c", "ogr").getFeatures()}
    assert clustered and {lab for lab, d in zip(labels, np.diag(m)) if d == 1.0} == clustered
    assert all(d == 0.0 for lab, d in zip(labels, np.diag(m)) if lab not in clustered)
    # Information & communication and professional services both cluster around London and the South East.
    i, j = labels.index("J : Information and communication"), labels.index(
        "M : Professional, scientific and technical activities")
    assert m[i, j] > 0.3
    page = html_path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for label in labels:
        assert html.escape(label) in page
    assert "Sector-profile regions" in page and "Group 4" in page
    assert any("Sector pairs whose clusters overlap" in i for i in fb.infos)


def test_colocation_failure_is_fatal_only_when_its_outputs_are_asked_for(processing_ready, lep_path, tmp_path):
    table = tmp_path / "t.csv"
    codes = [f["LEP21CD"] for f in QgsVectorLayer(str(lep_path), "lep", "ogr").getFeatures()]
    table.write_text("code,x,y\n" + "".join(f"{c},{i},{(i * 7) % 38}\n" for i, c in enumerate(codes)))
    ok, res, fb = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD",
                                                    "TABLE": str(table), "OUTPUT": str(tmp_path / "j.gpkg")})
    assert ok, fb.errors
    # national baseline, but the table has no national row
    ok, regions, _, _, fb = profile(res["OUTPUT"], tmp_path, K=3, BASELINE=2)
    assert ok, fb.errors
    assert any("No co-location table" in w for w in fb.warnings)
    out = tmp_path / "bad"
    out.mkdir()
    ok, _, _, _, fb = profile(res["OUTPUT"], out, K=3, BASELINE=2, OUTPUT_COLOCATION_CSV=str(out / "co.csv"))
    assert not ok and any("co-location table cannot be made" in e for e in fb.errors)
    assert not list(out.iterdir())


@pytest.mark.parametrize("case,message", [
    ("k_too_big", "between 1 and the number of regions (38); got 50"),
    ("k_below_parts", "form 6 separate parts"),
    ("min_size", "groups can be formed with at least 15 regions each"),
    ("k_range", "must run from at least 2 upwards (got 6 to 3)"),
    ("text_field", "holds String values, not numbers"),
])
def test_bad_input_clear_message_nothing_written(joined, tmp_path, case, message):  # noqa: F811
    params = {"K": 4, "OUTPUT_COLOCATION_CSV": str(tmp_path / "co.csv"),
              "OUTPUT_REPORT_HTML": str(tmp_path / "co.html")}
    source = joined
    if case == "k_too_big":
        params["K"] = 50
    elif case == "k_below_parts":
        layer = islands_layer()
        QgsProject.instance().addMapLayer(layer)
        source = layer.id()
        params.update(KEY="code", FIELDS=["x"], K=2)
    elif case == "min_size":
        params["MIN_SIZE"] = 15
    elif case == "k_range":
        params.update(CHOOSE_K=True, K_MIN=6, K_MAX=3)
    elif case == "text_field":
        params["FIELDS"] = ["LEP21NM"]
    ok, _, _, _, fb = profile(source, tmp_path, **params)
    assert not ok
    text = " ".join(fb.errors)
    assert message in text and "Traceback" not in text
    assert not list(tmp_path.iterdir())


def test_analyse_runs_without_processing_and_honours_cancel(joined):  # noqa: F811
    from plugin.core.geometry import Cancelled
    from plugin.gis.reading import read_region_data
    from plugin.steps.neighbours import neighbour_graph
    from plugin.steps.profile import profile_regions
    from plugin.steps.settings import ProfileSettings

    layer = QgsVectorLayer(joined, "j", "ogr")
    data = read_region_data(layer, fields=[INFO, PROF, "C_Manufacturing"])
    graph = neighbour_graph(data.regions)
    with pytest.raises(Cancelled):
        profile_regions(data, graph, ProfileSettings(k=3), is_cancelled=lambda: True)
    result = profile_regions(data, graph, ProfileSettings(k=3, colocation=False))
    assert result.k == 3 and len(result.groups) == 3 and result.colocation is None
