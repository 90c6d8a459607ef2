"""Each analysis's settings travel as one object: to and from Processing parameters, the panel's saved state and
the layer record, unchanged; every choice has one registry, and the default thresholds one source."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from plugin.core import baselines, codes
from plugin.core.errors import SettingsError
from plugin.steps import options, words
from plugin.steps.settings import (
    MapSettings,
    NeighbourSettings,
    ProfileSettings,
    RuleSettings,
    StatisticsSettings,
)
from plugin.ui import state as panel_state

PLUGIN = Path(__file__).resolve().parents[2] / "plugin"

NEIGHBOURS = [NeighbourSettings(), NeighbourSettings("rook", 2500.0), NeighbourSettings(codes.QUEEN, 35000.0)]
RULES = [RuleSettings(), RuleSettings("lq", 1.25, 3), RuleSettings(codes.STARS, 2, 2),
         RuleSettings(codes.PERCENTILE), RuleSettings(codes.ZSCORE, -0.5, 1)]
STATISTICS = [StatisticsSettings(), StatisticsSettings(codes.GISTAR, 499, 7, codes.BONFERRONI, 0.1, 3),
              StatisticsSettings(codes.MORAN, 99, 2**62, codes.NO_CORRECTION, 0.01, 2)]
PROFILES = [ProfileSettings(), ProfileSettings(4, 2, False, 2, 10, codes.SHARES, codes.LQ, 1.25),
            ProfileSettings(colocation=False), ProfileSettings(3, choose=True, baseline=codes.PERCENTILE)]


@pytest.mark.parametrize("settings", NEIGHBOURS + RULES + STATISTICS + [p for p in PROFILES if p.colocation] + [
    ProfileSettings(k=4, choose=True, k_min=3, k_max=6)], ids=repr)
def test_processing_parameters_round_trip(settings) -> None:
    """(profileregions always finds the co-location: it has no parameter to leave it out.)"""
    parameters = settings.to_parameters()
    assert type(settings).from_parameters(parameters) == settings
    assert json.loads(json.dumps(parameters)) == parameters  # plain values, as processing.run and qgis_process take


@pytest.mark.parametrize("settings", NEIGHBOURS + RULES + [s for s in STATISTICS if s.seed is not None], ids=repr)
def test_panel_state_round_trip(settings) -> None:
    """(The panel always has a seed, so a reopened project shows the same significant regions.)"""
    saved = panel_state.normalise(dict(panel_state.DEFAULTS, **settings.to_state()))  # as a project keeps it
    assert type(settings).from_state(saved) == settings


@pytest.mark.parametrize("settings", NEIGHBOURS + RULES + STATISTICS + PROFILES, ids=repr)
def test_layer_record_round_trip(settings) -> None:
    record = json.loads(json.dumps(settings.to_record()))  # as the GeoPackage keeps it
    assert type(settings).from_record(record) == settings

MAPS = [MapSettings(), MapSettings("Manufacturing", "Mean of regions", "© me", "A3", "portrait", 150),
        MapSettings(page_size=1, orientation=1, dpi="600"), MapSettings(attribution="")]


@pytest.mark.parametrize("settings", MAPS, ids=repr)
def test_map_settings_round_trip_through_parameters(settings) -> None:
    """An empty ATTRIBUTION is an empty attribution; one left out is the default (None: the layout's OGL text)."""
    parameters = settings.to_parameters()
    assert MapSettings.from_parameters(parameters) == settings
    assert json.loads(json.dumps(parameters)) == parameters
    assert parameters["PAGE_SIZE"] == options.PAGE_SIZES.index_of(settings.page_size)


@pytest.mark.parametrize("settings", [m for m in MAPS if m.attribution != ""], ids=repr)
def test_map_settings_round_trip_through_the_panel_state(settings) -> None:
    """The panel keeps "" for a default text."""
    saved = panel_state.normalise(dict(panel_state.DEFAULTS, **settings.to_state()))
    assert MapSettings.from_state(saved) == settings
    assert MapSettings.from_state(panel_state.DEFAULTS) == MapSettings()
    assert MapSettings().to_state()["title"] == ""


def test_map_settings_are_checked_once() -> None:
    with pytest.raises(SettingsError, match="DPI"):
        MapSettings.from_parameters({"DPI": "abc"})
    with pytest.raises(SettingsError):
        MapSettings(page_size="A9")
    with pytest.raises(SettingsError):
        MapSettings.from_parameters({"ORIENTATION": 5})
    assert MapSettings.from_parameters({"TITLE": "", "ATTRIBUTION": None}).spec_fields()["title"] is None
    assert MapSettings(page_size="A3").on_page(None, "portrait") == MapSettings(page_size="A3",
                                                                                orientation="portrait")


def test_the_panel_defaults_are_the_settings_defaults() -> None:
    defaults = panel_state.DEFAULTS
    assert NeighbourSettings.from_state(defaults) == NeighbourSettings()
    assert RuleSettings.from_state(defaults) == RuleSettings()
    assert StatisticsSettings.from_state(dict(defaults, method=codes.MORAN)) == \
        StatisticsSettings(seed=options.DEFAULT_PANEL_SEED)
    assert StatisticsSettings().to_state()["seed"] == options.DEFAULT_PANEL_SEED
    assert NeighbourSettings.from_state({"neighbours": "rook", "tolerance_km": 1.5}).gap_tolerance == 1500.0


def test_records_keep_their_keys_and_values() -> None:
    """Saved GeoPackages and the map words read these keys: the same text as before the settings objects."""
    assert json.dumps(RuleSettings("lq", 1.25, 3).to_record()) == \
        '{"baseline": "lq", "baseline_label": "location quotient", "threshold": 1.25, "min_regions": 3}'
    assert json.dumps(RuleSettings(codes.STARS, 2).to_record()) == \
        '{"baseline": "stars", "baseline_label": "strength stars", "threshold": 2.0, "min_regions": 2}'
    assert json.dumps(NeighbourSettings("rook", 100).to_record()) == '{"neighbours": "rook", "gap_tolerance": 100.0}'
    assert json.dumps(StatisticsSettings(seed=5).to_record()) == (
        '{"method": "moran", "method_label": "Local Moran\'s I", "permutations": 999, "seed": 5, '
        '"correction": "fdr", "correction_label": "false discovery rate", "alpha": 0.05, "min_regions": 2}')
    assert ProfileSettings(colocation=False).to_record() == {"k": 5, "k_chosen": False, "profile": "scores",
                                                            "min_size": 1}


def test_parameters_as_typed_are_checked_once() -> None:
    with pytest.raises(SettingsError) as bad:
        RuleSettings.from_parameters({"BASELINE": 3, "THRESHOLD": "abc"})
    assert bad.value.code == "bad_number" and bad.value.details["parameter"] == "THRESHOLD"
    assert RuleSettings.from_parameters({"BASELINE": "3", "THRESHOLD": ""}) == RuleSettings(codes.LQ, 1.0)
    assert StatisticsSettings.from_parameters({"METHOD": 1, "CORRECTION": 0, "SEED": None}).seed is None
    with pytest.raises(SettingsError, match="from at least 2 upwards"):
        ProfileSettings.from_parameters({"CHOOSE_K": True, "K_MIN": 6, "K_MAX": 3})
    with pytest.raises(SettingsError) as unknown:
        StatisticsSettings(correction="holm")
    assert unknown.value.code == "unknown_correction"


@pytest.mark.parametrize("registry", options.REGISTRIES, ids=lambda r: r.what)
def test_registries_have_unique_codes_and_a_default(registry) -> None:
    assert len(set(registry.codes)) == len(registry) and registry.default in registry.codes
    for i, choice in enumerate(registry):
        assert registry.index_of(choice.code) == i and registry.code_of(i) == choice.code
        assert registry.code_of(choice.label) == choice.code and registry.label_of(choice.code) == choice.label


def test_a_registry_refuses_repeated_codes_labels_and_a_stray_default() -> None:
    a, b = options.Choice("a", "Alpha"), options.Choice("b", "Beta")
    with pytest.raises(ValueError, match="'a' names two options"):
        options.Registry("thing", (a, options.Choice("a", "Another")))
    with pytest.raises(ValueError, match="'alpha' names two options"):
        options.Registry("thing", (a, options.Choice("c", "ALPHA")))
    with pytest.raises(ValueError, match="default"):
        options.Registry("thing", (a, b), "c")
    with pytest.raises(ValueError, match="order"):
        options.Registry("thing", (a, b), order=("b", "a"))


def test_one_source_for_the_default_thresholds_and_the_labels() -> None:
    assert options.DEFAULT_THRESHOLD is codes.DEFAULT_THRESHOLD is baselines.DEFAULT_THRESHOLD
    assert set(codes.DEFAULT_THRESHOLD) == set(codes.BASELINES)
    defined = []
    for path in PLUGIN.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict) and any(
                    isinstance(t, ast.Name) and t.id == "DEFAULT_THRESHOLD" for t in node.targets):
                defined.append(path.relative_to(PLUGIN).as_posix())
    assert defined == ["core/codes.py"]
    assert words.STATISTIC_LABELS[codes.MORAN] == options.STATISTICS.label_of(codes.MORAN) == "Local Moran's I"
    assert options.PANEL_METHODS.short_of(codes.MORAN) == options.STATISTICS.label_of(codes.MORAN)


def test_an_unknown_baseline_in_a_record_is_said_not_read_as_the_mean() -> None:
    assert words.baseline_code({}) == words.baseline_code({"baseline": ""}) == options.BASELINES.default
    assert words.baseline_code({"baseline": "location_quotient"}) == codes.LQ
    assert words.baseline_code({"baseline": 3}) == words.baseline_code({"baseline": "3"}) == codes.LQ
    with pytest.raises(SettingsError) as bad:
        words.baseline_code({"baseline": "gravity"})
    assert bad.value.code == "unknown_baseline"
    with pytest.raises(SettingsError):
        words.baseline_code({"baseline": 9})
