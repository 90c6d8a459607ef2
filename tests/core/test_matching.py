"""Matching rows to regions: code, normalised name, aliases; nothing guessed."""
from __future__ import annotations

import json

import pytest

from plugin.core.engine import join_scores, safe_field_names
from plugin.core.matching import ALIAS, EXACT, NAME, match, normalise, read_aliases
from plugin.core.tables import load_scores
from tests.conftest import BRES_ALIASES


@pytest.mark.parametrize("a,b", [
    ("The Marches", "marches"), ("Stoke-on-Trent & Staffordshire", "stoke on trent and staffordshire"),
    ("  Greater   Birmingham and Solihull ", "greater birmingham and solihull"), ("Côte-d'Or", "cote d or"),
])
def test_normalise(a, b):
    assert normalise(a) == b


def test_code_then_name_then_alias():
    keys = ["E1", "E2", "E3", "E4"]
    names = [["Alpha"], ["The Beta & Gamma"], ["Delta"], ["Epsilon"]]
    result = match(["E1", "beta and gamma", "Old Delta", "Zeta"], keys, names, {"old delta": "E3"})
    assert result.row_to_feature == {0: 0, 1: 1, 2: 2}
    assert result.how == {0: EXACT, 1: NAME, 2: ALIAS}
    assert [u.key for u in result.unmatched_rows] == ["Zeta"]
    assert [u.key for u in result.unmatched_features] == ["E4"]
    assert result.summary() == "3 of 4 regions matched (3 of 4 table rows)"


def test_two_rows_for_one_region_are_not_both_joined():
    result = match(["Alpha", "alpha"], ["E1"], [["Alpha"]])
    assert result.row_to_feature == {0: 0}
    assert "same region" in result.unmatched_rows[0].reason


def test_nomis_code_and_name_key():
    result = match(["UKG13 Warwickshire"], ["UKG13"], [["Warwickshire CC"]])
    assert result.how == {0: EXACT}


def test_alias_table_rows_with_header():
    aliases = read_aliases([["table", "layer"], ["Hull and East Riding", "E37000061"], ["", ""]])
    assert aliases == {"table": "layer", "hull and east riding": "E37000061"}


def test_real_bres_names_against_2021_leps(lep_path, bres2020):
    feats = json.loads(lep_path.read_text())["features"]
    keys = [f["properties"]["LEP21CD"] for f in feats]
    names = [[f["properties"]["LEP21NM"]] for f in feats]
    table = load_scores(bres2020)
    result = join_scores(table, keys, names)
    m = result.match
    assert m.matched_features == 36
    table_misses = {u.key: u for u in m.unmatched_rows if not u.reason.startswith("other geography")}
    assert set(table_misses) == {"Buckinghamshire Thames Valley", "Hull and East Riding"}
    # the right region is the closest candidate for both
    assert table_misses["Buckinghamshire Thames Valley"].candidates[0].key == "E37000043"
    assert table_misses["Hull and East Riding"].candidates[0].key == "E37000061"
    assert sum(u.reason.startswith("other geography") for u in m.unmatched_rows) == 168
    assert result.reference_key == "England"
    fixed = join_scores(table, keys, names, BRES_ALIASES)
    assert fixed.match.matched_features == 38


def test_wide_table_reference_row_is_recognised_not_lost(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("name,a\nAlpha,1\nBeta,2\nEngland,3\n")
    result = join_scores(load_scores(p), ["E1", "E2"], [["Alpha"], ["Beta"]])
    assert result.reference_key == "England" and result.reference == {"a": 3.0}
    assert [u.reason for u in result.match.unmatched_rows] == ["used as the national/reference row"]


def test_safe_field_names():
    labels = ["Manufacturing", "C : Manufacturing", "3 : Manufacturing (C)", "Énergie propre", "manufacturing", "",
              'Arts, "culture"']
    names = safe_field_names(labels, existing=["fid", "LEP21CD"])
    assert names == ["Manufacturing", "C_Manufacturing", "s3_Manufacturing_C", "Energie_propre",
                     "manufacturing_2", "sector", "Arts_culture"]
    assert safe_field_names(["LEP21CD"], existing=["LEP21CD"]) == ["LEP21CD_2"]


def test_a_key_on_several_features_gives_each_the_row_and_is_reported():
    """A region stored as several features (islands): every one gets the row's scores, none is 'unmatched'."""
    keys = ["E1", "E2", "E1", "", None, "E3"]
    names = [["Alpha"], ["Beta"], ["Alpha"], ["Nameless"], [""], ["Gamma"]]
    result = match(["E1", "Beta", "E9"], keys, names)
    assert result.duplicate_keys == {"E1": [0, 2]}
    assert result.null_keys == [3, 4]
    assert result.features_of(0) == [0, 2] and result.features_of(1) == [1]
    assert result.matched_features == 3
    assert [u.key for u in result.unmatched_features] == ["E3"]


def test_a_name_shared_by_the_features_of_one_key_still_matches():
    result = match(["Alpha"], ["E1", "E1", "E2"], [["Alpha"], ["Alpha"], ["Beta"]])
    assert result.features_of(0) == [0, 1]
    ambiguous = match(["Alpha"], ["E1", "E2"], [["Alpha"], ["Alpha"]])
    assert ambiguous.row_to_feature == {}  # one name on two different regions: nothing guessed


def test_join_spreads_a_row_over_duplicate_features_and_warns(tmp_path):
    from plugin.core.engine import key_warnings

    p = tmp_path / "t.csv"
    p.write_text("code,x\nE1,5\nE2,7\n")
    result = join_scores(load_scores(p), ["E1", "E2", "E1", ""], [["A"], ["B"], ["A"], ["C"]])
    assert result.values[:, 0].tolist()[:3] == [5, 7, 5] and result.values[3, 0] != result.values[3, 0]
    assert result.duplicate_keys == {"E1": [0, 2]} and result.null_keys == [3]
    words = key_warnings(result, [10, 11, 12, 13])
    assert words[0].startswith("Key 'E1' is on 2 features (feature ids 10, 12): each gets the row's scores")
    assert words[1].startswith("1 feature(s) have no key (NULL or empty; feature ids 13): they get no data")
