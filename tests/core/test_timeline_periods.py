"""Timeline input: periods from file names, long tables split by a period column, sectors and regions that
line up (or not) across periods — on the real BRES 2015–2020 exports and the real APS 2018–2022 table."""
from __future__ import annotations

import pytest

from plugin.core.tables import ScoreReading, load_scores, read_raw
from plugin.core.timeline import (
    TimelineError,
    align_regions,
    align_sectors,
    check_periods,
    explain_period,
    file_period_tables,
    long_period_tables,
    parse_period,
    period_from_name,
    split_by_period,
)
from tests.conftest import APS, BRES, need

APS_SECTORS = ["Agriculture and Fishing", "Energy and Water", "Manufacturing", "Construction",
               "Distribution, Hotels and Restaurants", "Transport and Communication",
               "Banking, Finance and Insurance", "Public Administration, Education and Health", "Other Services"]
LEP_AND_COUNTRY = {"geographic_level": ["LEP", "COUNTRY"]}


# ----------------------------------------------------------------------------- periods from names


@pytest.mark.parametrize("name, year", [
    ("Employment by sector - BRES 2018.csv", 2018),
    ("/data/2021/Employment by sector - BRES 2015.csv", 2015),  # the folder does not count
    ("BRES2019_v2.xlsx", 2019),
    ("lep_2020 (2020).csv", 2020),  # the same year twice is not ambiguous
    ("scores 1999.ods", 1999),
    ("D_EmpInd_APS1822.csv", None),  # "1822" is no year
    ("export_20180501.csv", None),  # part of a longer number
    ("scores 1899.csv", None),
    ("scores.csv", None),
    ("change 2015-2020.csv", None),  # two years: ambiguous
])
def test_period_from_name(name, year):
    assert period_from_name(name) == year


def test_ambiguous_and_missing_years_say_why():
    assert "several years (2015, 2020)" in explain_period("change 2015-2020.csv")[1]
    assert "holds no four-digit year" in explain_period("D_EmpInd_APS1822.csv")[1]


def test_check_periods_sorts_and_names_the_files_it_rejects():
    assert check_periods([(2017, "b.csv"), (2015, "a.csv")]) == [(2015, "a.csv"), (2017, "b.csv")]
    with pytest.raises(TimelineError, match=r"same period \(2016: x 2016\.csv and y 2016\.csv\)"):
        check_periods([(2016, "x 2016.csv"), (2016, "y 2016.csv"), (2017, "z 2017.csv")])
    with pytest.raises(TimelineError, match=r"at least two periods; there is only 2020 \(a\.csv\)"):
        check_periods([(2020, "a.csv")])
    with pytest.raises(TimelineError, match="'scores.csv' holds no four-digit year"):
        check_periods([(None, "scores.csv"), (2020, "b.csv")])
    with pytest.raises(TimelineError, match="several years"):
        check_periods([(None, "change 2015-2020.csv"), (2020, "b.csv")])


def test_parse_period():
    assert parse_period(" 2018 ") == 2018 and parse_period("2018.0") == 2018
    for bad in ("2018/19", "", "twenty", "2018.5", "-3"):
        with pytest.raises(TimelineError, match="whole number"):
            parse_period(bad, "scores.csv")


def test_one_file_only_is_a_clear_error(shared_data):
    with pytest.raises(TimelineError, match=r"only 2020 \(Employment by sector - BRES 2020\.csv\)"):
        file_period_tables([need(BRES[2020])])


def test_files_without_a_year_need_the_period_given(tmp_path, shared_data):
    a = tmp_path / "scores_a.csv"
    b = tmp_path / "scores_b.csv"
    a.write_bytes(need(BRES[2018]).read_bytes())
    b.write_bytes(BRES[2019].read_bytes())
    with pytest.raises(TimelineError, match="'scores_a.csv' holds no four-digit year.*'scores_b.csv'"):
        file_period_tables([a, b])
    got = file_period_tables([b, a], periods=[2019, 2018])
    assert [(p.period, p.source) for p in got] == [(2018, "scores_a.csv"), (2019, "scores_b.csv")]
    odd = file_period_tables([BRES[2018], BRES[2019]], periods=[2017, None])  # a period that contradicts the name
    assert [p.period for p in odd] == [2017, 2019]
    assert "Employment by sector - BRES 2018.csv is used as period 2017 although its name says 2018." in \
        odd[0].table.notes
    with pytest.raises(TimelineError, match="2 tables but 1 periods"):
        file_period_tables([a, b], periods=[2018])


def test_real_bres_files_give_six_periods(shared_data):
    tables = file_period_tables([need(p) for p in reversed(list(BRES.values()))])
    assert [p.period for p in tables] == [2015, 2016, 2017, 2018, 2019, 2020]
    assert all(len(p.table.sectors) == 39 and p.table.reference_key == "England" for p in tables)


# ----------------------------------------------------------------------------- long tables


def test_real_aps_table_splits_into_five_loadable_periods():
    raw = read_raw(need(APS))
    assert [(p.period, p.values) for p in split_by_period(raw, "year", APS.name)] == [
        (y, (str(y),)) for y in range(2018, 2023)]
    tables = long_period_tables(raw, "year", APS.name, ScoreReading(row_filter=LEP_AND_COUNTRY))
    assert [p.period for p in tables] == [2018, 2019, 2020, 2021, 2022]
    for p in tables:
        t = p.table
        assert p.source == f"D_EmpInd_APS1822.csv, year = {p.period}"
        assert t.sectors == APS_SECTORS  # neither the period column nor the filter column became a sector
        assert t.key_column == "area" and len(t.keys) == 39 and "England" in t.keys
    # The real table's suppressed cells ("c") stay no data, period by period.
    assert [p.table.no_data_cells for p in tables] == [0, 0, 3, 1, 1]
    assert align_sectors([(p.period, p.table.sectors) for p in tables]).messages() == []


def test_aps_without_a_level_filter_names_the_period_and_the_duplicates():
    raw = read_raw(need(APS))
    with pytest.raises(TimelineError, match="year = 2018: The key column has duplicate keys: Buckinghamshire"):
        long_period_tables(raw, "year", APS.name)


def aps_lines() -> list[str]:
    return need(APS).read_text(encoding="utf-8").splitlines()


def test_blank_periods_name_their_lines_and_filtered_out_rows_do_not_count(tmp_path):
    lines = aps_lines()
    lep = [i for i, line in enumerate(lines) if ',"LEP","2019",' in line][:2]
    ladu = next(i for i, line in enumerate(lines) if ',"LADU","2019",' in line)
    for i in [*lep, ladu]:
        lines[i] = lines[i].replace(',"2019",', ',"",', 1)
    lines.insert(lep[1], "")  # a blank line in the file: line numbers still count it
    p = tmp_path / "aps.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    raw = read_raw(p)
    wanted = f"blank on 2 row\\(s\\): line\\(s\\) {lep[0] + 1}, {lep[1] + 2}\\."
    with pytest.raises(TimelineError, match=wanted):
        long_period_tables(raw, "year", p.name, ScoreReading(row_filter=LEP_AND_COUNTRY))
    with pytest.raises(TimelineError, match="blank on 3 row"):
        split_by_period(raw, "year", p.name)


def test_non_numeric_periods_are_named(tmp_path):
    lines = [line.replace(',"2019",', ',"2019/20",', 1) for line in aps_lines()]
    p = tmp_path / "aps.csv"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = next(i for i, line in enumerate(lines) if '"2019/20"' in line) + 1
    with pytest.raises(TimelineError, match=f"whole years such as 2018; it also holds '2019/20' \\(line {first}\\)"):
        split_by_period(read_raw(p), "year", p.name)


def test_period_column_problems(tmp_path):
    raw = read_raw(need(APS))
    with pytest.raises(TimelineError, match="has no period column 'Year'. Its columns are: area; geographic_level"):
        long_period_tables(raw, "Year", APS.name)
    with pytest.raises(TimelineError, match="both the key column and the period column"):
        long_period_tables(raw, "year", APS.name, ScoreReading(key_column="year"))
    with pytest.raises(TimelineError, match="do not filter on it too"):
        long_period_tables(raw, "year", APS.name, ScoreReading(row_filter={"year": ["2018"]}))
    one = tmp_path / "one.csv"
    one.write_text("area,year,a,b\nX,2018,1,2\nY,2018,3,4\n", encoding="utf-8")
    with pytest.raises(TimelineError, match=r"only 2018 \(one\.csv, year = 2018\)"):
        long_period_tables(read_raw(one), "year", one.name)


def test_year_cells_written_as_decimals_are_one_period(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("area,year,a,b\nX,2018,1,2\nY,2018.0,3,4\nX,2019,5,6\nY,2019,7,8\n", encoding="utf-8")
    tables = long_period_tables(read_raw(p), "year", p.name)
    assert [(t.period, t.table.keys) for t in tables] == [(2018, ["X", "Y"]), (2019, ["X", "Y"])]
    assert tables[0].table.sectors == ["a", "b"]


# ----------------------------------------------------------------------------- sectors across periods


def test_real_bres_labels_do_not_drift_2015_to_2020(shared_data):
    labels = [(y, load_scores(need(p)).sectors) for y, p in BRES.items()]
    a = align_sectors(labels)
    assert len(a.sectors) == 39 and a.sectors == labels[0][1]
    assert all(d.clean for d in a.drift) and a.messages() == []


def drifted_bres(tmp_path, year: int = 2021):
    """The real 2020 export with the kinds of label drift Nomis exports show between vintages."""
    text = need(BRES[2020]).read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    for old, new in [
        ("C : Manufacturing", "C: manufacturing"),  # spacing and case
        ("J : Information and communication", "J : Information & communication"),  # & for and
        ("P : Education", "Education"),  # the code prefix dropped
        ("U : Activities of extraterritorial organisations and bodies", "U : Extraterritorial organisations"),
    ]:
        assert old in header
        header = header.replace(old, new)
    p = tmp_path / f"Employment by sector - BRES {year}.csv"
    p.write_text(header + "\n" + rest, encoding="utf-8")
    return p


def test_label_drift_is_matched_where_safe_and_reported_not_dropped(tmp_path, shared_data):
    tables = file_period_tables([need(BRES[2019]), drifted_bres(tmp_path)])
    a = align_sectors([(t.period, t.table.sectors) for t in tables])
    assert len(a.sectors) == 38 and "U : Activities of extraterritorial organisations and bodies" not in a.sectors
    assert a.label_in(2021, "C : Manufacturing") == "C: manufacturing"
    assert a.label_in(2021, "P : Education") == "Education"
    (d,) = a.drift
    assert d.renamed == [("C : Manufacturing", "C: manufacturing"),
                         ("J : Information and communication", "J : Information & communication"),
                         ("P : Education", "Education")]
    assert d.missing == ["U : Activities of extraterritorial organisations and bodies"]
    assert d.extra == ["U : Extraterritorial organisations"]
    text = " ".join(a.messages())
    assert "2021: no sector 'U : Activities of extraterritorial organisations and bodies' (present in 2019)" in text
    assert "'U : Extraterritorial organisations'" in text and "'C : Manufacturing' = 'C: manufacturing'" in text
    assert "Not analysed because they are not in every period: 'U : Activities" in text


def test_chosen_sectors_in_any_period_spelling(tmp_path, shared_data):
    labels = [(2019, load_scores(need(BRES[2019])).sectors), (2021, load_scores(drifted_bres(tmp_path)).sectors)]
    a = align_sectors(labels, chosen=["C: manufacturing", "P : Education", "U : Extraterritorial organisations"])
    assert a.sectors == ["C : Manufacturing", "P : Education"]
    assert a.not_everywhere == ["U : Extraterritorial organisations"]
    with pytest.raises(TimelineError, match="No period's table has the sector\\(s\\) 'Z : Nothing'"):
        align_sectors(labels, chosen=["C : Manufacturing", "Z : Nothing"])
    with pytest.raises(TimelineError, match="None of the chosen sectors is in every period"):
        align_sectors(labels, chosen=["U : Extraterritorial organisations"])


def test_ambiguous_normalised_labels_are_not_guessed():
    a = align_sectors([(1, ["Retail", "Digital"]), (2, ["retail", "RETAIL ", "Digital"])], chosen=None)
    assert a.sectors == ["Digital"]
    assert a.drift[0].missing == ["Retail"] and a.drift[0].extra == ["retail", "RETAIL "]


def test_tables_whose_sectors_do_not_overlap_are_an_error():
    with pytest.raises(TimelineError, match="no sector in common"):
        align_sectors([(2018, ["Digital", "Life sciences"]), (2019, ["Tourism", "Agriculture"])])
    with pytest.raises(TimelineError, match="at least two periods"):
        align_sectors([(2018, ["Digital"])])


# ----------------------------------------------------------------------------- regions across periods


def test_periods_with_different_region_sets_are_reported(shared_data):
    t = load_scores(need(BRES[2020]))
    leps = [k for k, g in zip(t.keys, t.geography) if g == "lep"]
    full = set(leps)
    a = align_regions(leps + ["E99"], [
        (2018, full),
        (2019, full - {"London", "Black Country"}),
        (2020, full - {"London"}),
    ], names=[*leps, "Nowhere"])
    assert a.partial == {"Black Country": [2019], "London": [2019, 2020]}
    assert a.absent == ["E99"]
    assert a.present.shape == (39, 3) and not a.present[leps.index("London"), 1:].any()
    text = " ".join(a.messages())
    assert "2 region(s) have no table row in some periods and count as no data there (never as below" in text
    assert "No row in 2019: Black Country." in text and "No row in 2019, 2020: London." in text
    assert align_regions(leps, [(2018, full), (2019, full)]).messages() == []
    coded = align_regions(["E1", "E2"], [(2018, {"E1", "E2"}), (2019, {"E1"})], names=["Alpha", "Beta, North"])
    assert coded.messages()[1] == "No row in 2019: Beta, North (E2)."


def test_a_period_without_any_matched_region_is_an_error():
    with pytest.raises(TimelineError, match="No region of the layer matched a row of the 2019 table"):
        align_regions(["a", "b"], [(2018, {"a", "b"}), (2019, set())])
    with pytest.raises(TimelineError, match="keys the regions layer does not have: z"):
        align_regions(["a", "b"], [(2018, {"a", "z"}), (2019, {"a"})])


def test_long_shaped_table_with_a_year_column_never_takes_the_year_as_score(tmp_path):
    p = tmp_path / "long.csv"
    p.write_text("year,code,sector,jobs\n2018,E1,Digital,3\n2018,E2,Digital,5\n2018,E1,Retail,4\n"
                 "2019,E1,Digital,6\n2019,E2,Digital,2\n2019,E2,Retail,1\n", encoding="utf-8")
    tables = long_period_tables(read_raw(p), "year", p.name)
    assert [(t.period, t.table.shape, t.table.keys, t.table.sectors) for t in tables] == [
        (2018, "long", ["E1", "E2"], ["Digital", "Retail"]), (2019, "long", ["E1", "E2"], ["Digital", "Retail"])]
    assert tables[1].table.column("Digital").tolist() == [6, 2]
