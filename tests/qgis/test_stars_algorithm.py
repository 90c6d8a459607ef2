"""Strength stars through sectorclusters:detectclusters on real BRES 2020 per LEP, styled and exported.

The reference is written here from the definition with pandas on the raw Nomis CSV: each region's total is
the sum of the 21 SIC sections (each job once), the LQ uses the ``country:England`` row, "top 10 %" is
rank (ties sharing the best rank) <= ceil(38 / 10) = 4 with a positive value.
"""
from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import unicodedata

import numpy as np
import pandas as pd
import pytest
from qgis.core import QgsCategorizedSymbolRenderer, QgsProject, QgsVectorLayer

from plugin.gis.layers import is_null
from tests.conftest import BRES_ALIASES
from tests.qgis.processing_run import run, sha1

DETECT = "sectorclusters:detectclusters"
SECTION = re.compile(r"^[A-U] : ")
POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdffonts"))


@pytest.fixture(scope="module")
def joined(joined_bres2020) -> str:
    return joined_bres2020


@pytest.fixture(scope="module")
def stars_run(joined, tmp_path_factory):
    """detectclusters with strength stars >= 2 on every sector; (regions path, clusters path, log, input hash)."""
    tmp = tmp_path_factory.mktemp("stars")
    before = sha1(joined)
    ok, res, fb = run(DETECT, {"INPUT": joined, "BASELINE": 6, "THRESHOLD": 2,
                               "OUTPUT_REGIONS": str(tmp / "r.gpkg"), "OUTPUT_CLUSTERS": str(tmp / "c.gpkg")})
    assert ok, fb.errors
    assert sha1(joined) == before
    return res["OUTPUT_REGIONS"], res["OUTPUT_CLUSTERS"], fb


@pytest.fixture(scope="module")
def reference(lep_path, bres2020) -> dict:
    """pandas: per sector label, a frame indexed by LEP21CD with size, specialisation, focus and stars."""
    codes = {f["properties"]["LEP21NM"]: f["properties"]["LEP21CD"]
             for f in json.loads(lep_path.read_text(encoding="utf-8"))["features"]}
    codes.update(BRES_ALIASES)
    raw = pd.read_csv(bres2020, encoding="utf-8-sig", skiprows=[1], dtype=str)
    raw = raw[[c for c in raw.columns if not c.startswith("Flags")]]
    england = raw[raw["Area"] == "country:England"].iloc[0].drop("Area").astype(float)
    leps = raw[raw["Area"].str.startswith("lep:")].copy()
    leps.index = leps.pop("Area").str[4:].map(codes)
    leps = leps.astype(float)
    sections = [c for c in leps.columns if SECTION.match(c)]
    assert len(sections) == 21 and leps.index.notna().all() and len(leps) == 38
    totals = leps[sections].sum(axis=1)
    national = float(england[sections].sum())
    k = math.ceil(len(leps) / 10)
    out = {}
    for label in leps.columns:
        if england[label] == 0:
            continue
        x = leps[label]
        share = x / totals
        lq = share / (england[label] / national)
        size = (x.rank(method="min", ascending=False) <= k) & (x > 0)
        focus = (share.rank(method="min", ascending=False) <= k) & (share > 0)
        spec = lq >= 2
        out[label] = pd.DataFrame({"size": size.astype(int), "spec": spec.astype(int), "focus": focus.astype(int),
                                   "stars": size.astype(int) + spec.astype(int) + focus.astype(int)})
    return out


def values(layer: QgsVectorLayer, name: str) -> dict:
    return {f["LEP21CD"]: (None if is_null(f[name]) else f[name]) for f in layer.getFeatures()}


def test_stars_and_criteria_equal_pandas(stars_run, reference):
    from plugin.gis.meta import read_meta

    regions = QgsVectorLayer(stars_run[0], "r", "ogr")
    meta = read_meta(regions)
    assert meta["baseline"] == "stars" and meta["threshold"] == 2
    checked = 0
    for field, label in meta["sectors"].items():
        if label not in reference:
            assert f"{field}_stars" not in regions.fields().names()  # T and U: no employment, skipped
            continue
        ref = reference[label]
        for suffix, col in (("_stars", "stars"), ("_size", "size"), ("_spec", "spec"), ("_focus", "focus")):
            got = values(regions, field + suffix)
            assert got == ref[col].to_dict(), (label, suffix)
        above = values(regions, field + "_above")
        assert above == (ref["stars"] >= 2).astype(int).to_dict(), label
        assert values(regions, field + "_idx") == ref["stars"].astype(float).to_dict(), label
        checked += 1
    assert checked == 37
    # the focus star of Retail is where double-counted totals would go wrong (Black Country, not Liverpool)
    retail = values(regions, next(f for f, lbl in meta["sectors"].items() if lbl == "7 : Retail (Part G)") + "_focus")
    assert retail["E37000001"] == 1 and retail["E37000022"] == 0


def test_log_names_the_totals_and_the_stars(stars_run):
    fb = stars_run[2]
    assert any("sum of the 21 fields coded like 'A : Agriculture" in i for i in fb.infos)
    line = next(i for i in fb.infos if i.strip().startswith("K : Financial and insurance activities: strength"))
    assert "top 10 % = the top 4 of 38 regions with data, ties included" in line


def test_clusters_are_regions_with_at_least_k_stars(stars_run, reference):
    regions = QgsVectorLayer(stars_run[0], "r", "ogr")
    clusters = QgsVectorLayer(stars_run[1], "c", "ogr")
    assert "crosses" not in clusters.fields().names()  # no overlay given: no overlay fields
    feats = list(clusters.getFeatures())
    assert feats
    for f in feats:
        stars = values(regions, f["sector"] + "_stars")
        members = f["members"].split("; ")
        assert all(stars[m] >= 2 for m in members) and f["baseline"] == "stars" and f["threshold"] == 2


@pytest.mark.parametrize("case,message", [
    ("negative", "has negative values"),
    ("ratios", "look like shares or ratios"),
    ("percentages", "look like percentages of each region's employment"),
])
def test_stars_on_data_that_are_not_counts(processing_ready, lep_path, tmp_path, case, message):
    codes = [f["LEP21CD"] for f in QgsVectorLayer(str(lep_path), "lep", "ogr").getFeatures()]
    rng = np.random.default_rng(1)
    if case == "negative":
        rows = [(c, int(v), int(w)) for c, v, w in zip(codes, rng.integers(-50, 500, 38), rng.integers(0, 500, 38))]
    elif case == "ratios":
        rows = [(c, round(v, 3), round(1 - v, 3)) for c, v in zip(codes, rng.uniform(0.05, 0.95, 38))]
    else:
        rows = [(c, round(v, 1), round(100 - v, 1)) for c, v in zip(codes, rng.uniform(5, 95, 38))]
    table = tmp_path / "t.csv"
    table.write_text("code,a,b\n" + "".join(f"{c},{a},{b}\n" for c, a, b in rows))
    ok, res, fb = run("sectorclusters:joinscores", {"INPUT": str(lep_path), "INPUT_KEY": "LEP21CD",
                                                    "TABLE": str(table), "OUTPUT": str(tmp_path / "j.gpkg")})
    assert ok, fb.errors
    before = sha1(res["OUTPUT"])
    ok, _, fb = run(DETECT, {"INPUT": res["OUTPUT"], "BASELINE": 6, "OUTPUT_REGIONS": str(tmp_path / "r.gpkg"),
                             "OUTPUT_CLUSTERS": str(tmp_path / "c.gpkg")})
    assert not ok
    text = " ".join(fb.errors)
    assert "Strength stars need employment counts" in text and message in text and "Traceback" not in text
    assert not (tmp_path / "r.gpkg").exists() and not (tmp_path / "c.gpkg").exists()
    assert sha1(res["OUTPUT"]) == before


def test_style_by_criteria_and_by_count(stars_run):
    from plugin.gis import style
    from plugin.steps import words

    regions = QgsVectorLayer(stars_run[0], "r", "ogr")
    QgsProject.instance().addMapLayer(regions, False)
    try:
        field = "K_Financial_and_insurance_activities"
        style.style_regions(regions, field)
        r = regions.renderer()
        assert isinstance(r, QgsCategorizedSymbolRenderer)
        assert r.classAttribute() == f'"{field}_size" + 2 * "{field}_spec" + 4 * "{field}_focus"'
        labels = {("" if c.value() is None else int(c.value())): c.label() for c in r.categories()}
        assert labels[7] == "★★★ size, specialisation and focus" and labels[1] == "★ size" and labels[""] == "No data"
        # London has all three stars in finance: its code is 7; the legend holds the codes present, in legend order
        expr_codes = {f["LEP21CD"]: f[f"{field}_size"] + 2 * f[f"{field}_spec"] + 4 * f[f"{field}_focus"]
                      for f in regions.getFeatures()}
        assert expr_codes["E37000051"] == 7
        assert [lbl for c, lbl in words.stars_legend() if c in set(expr_codes.values())] == \
            [c.label() for c in r.categories()][:-1]
        colours = {int(c.value()): c.symbol().color().name() for c in r.categories() if c.value() is not None}
        assert colours[7] == style.STARS_COLOURS[7] and colours[0] == style.STARS_NONE
        style.style_regions(regions, field, scheme="graduated")
        g = regions.renderer()
        assert g.classAttribute() == f"{field}_stars"
        counts = {f[f"{field}_stars"] for f in regions.getFeatures()}
        assert [c.label() for c in g.categories()] == [
            lbl for k, lbl in words.stars_count_legend() if k in counts] + ["No data"]
        style.style_regions(regions, field, atlas=True)  # every page's sector: every class
        assert "attribute($currentfeature" in regions.renderer().classAttribute()
        assert len(regions.renderer().categories()) == 9
    finally:
        QgsProject.instance().removeMapLayer(regions.id())


def test_stars_palette_is_legible_in_greyscale():
    """Lightness orders the number of stars (contrast >= 1.5 between counts); hue says whether size is one."""
    from plugin.gis import style

    def luminance(hex_colour: str) -> float:
        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)

    by_count: dict[int, list[float]] = {0: [luminance(style.STARS_NONE)]}
    for code, colour in style.STARS_COLOURS.items():
        by_count.setdefault(bin(code).count("1"), []).append(luminance(colour))
    for k in (1, 2, 3):
        assert (min(by_count[k - 1]) + 0.05) / (max(by_count[k]) + 0.05) >= 1.5, k
    counts = [luminance(style.STARS_COUNT_COLOURS[k]) for k in range(4)]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.skipif(not POPPLER, reason="poppler-utils not installed")
def test_exported_map_says_the_stars_in_words_with_dejavu(stars_run, tmp_path):
    def export(field: str, name: str) -> str:
        pdf, png = tmp_path / f"{name}.pdf", tmp_path / f"{name}.png"
        ok, res, fb = run("sectorclusters:exportmap", {"REGIONS": stars_run[0], "CLUSTERS": stars_run[1],
                                                       "FIELD": field, "OUTPUT_PDF": str(pdf), "OUTPUT_PNG": str(png),
                                                       "DPI": 96})
        assert ok, fb.errors
        assert png.stat().st_size > 10_000
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
        assert names and all("DejaVuSans" in n for n in names), names  # no fallback font for the ★ glyph
        return unicodedata.normalize("NFKC", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                                            text=True, check=True).stdout)

    text = export("K_Financial_and_insurance_activities", "finance")
    assert "★★★ size, specialisation and focus" in text and "★ size" in text
    assert "Strength stars ≥ 2 (European Cluster Observatory)" in text and "No multi-region clusters" in text
    clusters = QgsVectorLayer(stars_run[1], "c", "ogr")
    with_cluster = sorted({f["sector"] for f in clusters.getFeatures()})[0]
    text = export(with_cluster, "clustered")
    # the subtitle says what the clusters' regions passed, in stars
    assert re.search(r"\d+ multi-region clusters?: neighbouring LEPs with at least 2 stars \(★★\)", text)
    assert "above-average" not in text
