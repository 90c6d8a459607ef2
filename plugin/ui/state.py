"""The panel's settings as a plain, JSON-serialisable dict, kept in the project file.

One JSON blob under scope ``SectorClusters`` / key ``state`` (QgsProject.writeEntry), so the panel comes back
as it was when the project is reopened, and other tools (or a text editor) can read it without the plugin.
Choices are stored as the codes of ``steps.options`` ("lq", "queen", "gistar"…); projects saved by version 1,
which stored combo positions (0, 1, 2…), are read as the same choices; keys added since (the overlay, the
periods of a timeline, the map kind) take their defaults in projects saved before them.

Rules kept here: the strength-stars threshold is a whole number of stars, 1–3 (another value is rounded and
clamped); a result is of the current settings when ``inputs`` (``timeline_inputs`` for a timeline) are equal,
a record lacking a key added later counting as that key's default (``record_inputs``).
"""
from __future__ import annotations

import json
from typing import Any

from ..core import codes
from ..steps import options

SCOPE = "SectorClusters"
KEY = "state"
VERSION = 2

DEFAULTS: dict[str, Any] = {
    "version": VERSION,
    "layer_id": "",  # boundary layer id in the project
    "layer_source": "",  # its source, to find it again when ids change
    "key_field": "",
    "table_path": "",
    "sheet": "",  # a workbook's sheet to read ("": the first visible sheet holding a data table)
    "shape": codes.AUTO,  # auto / long / wide / nomis
    "table_key": "",  # "" = detect
    "sector_column": "",
    "score_column": "",
    "aliases": {},  # table value -> region key
    "sector": "",  # field name of the shown sector
    "baseline": options.DEFAULT_BASELINE,
    "threshold": codes.DEFAULT_THRESHOLD[options.DEFAULT_BASELINE],
    "neighbours": options.DEFAULT_NEIGHBOURS,
    "tolerance_km": 0.0,
    "min_regions": options.DEFAULT_MIN_REGIONS,
    "method": codes.RULE,  # rule / moran / gistar
    "permutations": options.DEFAULT_PERMUTATIONS,  # local statistics only (as the other settings below)
    "correction": options.DEFAULT_CORRECTION,
    "alpha": options.DEFAULT_ALPHA,
    "seed": options.DEFAULT_PANEL_SEED,
    "scheme": codes.CLASSES,
    "output_path": "",
    "atlas": False,
    "row_filter": "",  # "year=2022; geographic_level=LEP|COUNTRY" (core.tables.parse_row_filter)
    "keep_columns": "",  # identifier-looking columns joined as sectors all the same ("a; b")
    "title": "",  # map title; "" = the sector's name ("Manufacturing")
    "subtitle": "",  # "" = method, threshold and source
    "attribution": "",  # "" = the OGL statement
    "page_size": "A4",
    "orientation": "landscape",
    "dpi": options.DEFAULT_DPI,
    "preview": True,  # show the live result on a temporary layer
    # official boundaries the clusters may cross: an optional polygon layer and its naming field
    "overlay_id": "",
    "overlay_source": "",  # its source, to find it again when ids change
    "overlay_name": "",
    # cluster dynamics over time: where the periods come from, and the timeline's own settings
    "periods_source": codes.PERIODS_NONE,  # none / files / column
    "period_files": [],  # files mode: one table per period
    "periods": "",  # files mode, for files whose names hold no year: "2018; 2019" or "a.csv=2018; b.csv=2019"
    "period_column": "",  # column mode: the period column of the scores table
    "allow_missing": False,  # periods that miss some regions count as no data there
    "map_kind": codes.SECTOR_MAP,  # what Open layout / Export make: the sector map or a timeline map
    # points as the scores source: a point layer counted into the regions, and its clusters
    "scores_source": codes.SCORES_TABLE,  # table / points
    "points_id": "",  # the point layer's id in the project
    "points_source": "",  # its source, to find it again when ids change
    "point_sector_field": "",
    "point_weight_field": "",  # "": every point counts 1
    "point_clusters": False,  # show the shown sector's point clusters (and write them with Create layers)
    "point_radius": 500.0,  # ground metres (steps.points.PointSettings)
    "point_min_weight": 10.0,
}
# choice keys and the registries they are codes of (old projects stored the position instead); the settings of an
# analysis are read from these keys by steps.settings (RuleSettings.from_state, StatisticsSettings.from_state,
# NeighbourSettings.from_state: tolerance_km is kilometres there, metres everywhere else)
CHOICES = {"shape": options.TABLE_SHAPES, "baseline": options.BASELINES, "neighbours": options.NEIGHBOURS,
           "method": options.PANEL_METHODS, "correction": options.CORRECTIONS, "scheme": options.SCHEMES,
           "page_size": options.PAGE_SIZES, "orientation": options.ORIENTATIONS,
           "periods_source": options.PERIOD_SOURCES, "map_kind": options.MAP_LAYOUTS,
           "scores_source": options.SCORES_SOURCES}
# What each part of the panel's work depends on: a change of one of these keys redoes that part (and what
# follows it). Everything else (sector, map colours, map texts, output) is shown or used without a re-run.
TABLE_KEYS = frozenset({"table_path", "sheet"})
MATCH_KEYS = frozenset({"layer_id", "key_field", "table_path", "sheet", "shape", "table_key", "sector_column",
                        "score_column", "row_filter", "keep_columns", "aliases",
                        "scores_source", "points_id", "point_sector_field", "point_weight_field"})
# the point clusters shown over the regions: redone when these change, the analysis is not
POINT_CLUSTER_KEYS = frozenset({"scores_source", "points_id", "point_sector_field", "point_weight_field",
                                "point_clusters", "point_radius", "point_min_weight", "layer_id", "key_field"})
GRAPH_KEYS = frozenset({"layer_id", "neighbours", "tolerance_km"})
OVERLAY_KEYS = frozenset({"overlay_id", "overlay_name"})
ANALYSIS_KEYS = MATCH_KEYS | GRAPH_KEYS | OVERLAY_KEYS | frozenset({
    "method", "baseline", "threshold", "min_regions", "permutations", "correction", "alpha", "seed"})
# The timeline (every period joined and detected as the rule does) depends on the periods, the regions, how the
# tables are read and matched, the neighbours and the rule's settings; not on the statistics or the overlay.
PERIOD_KEYS = frozenset({"periods_source", "period_files", "periods", "period_column", "allow_missing"})
TIMELINE_KEYS = PERIOD_KEYS | GRAPH_KEYS | (MATCH_KEYS - {"keep_columns"}) | frozenset({
    "baseline", "threshold", "min_regions"})


def inputs(state: dict) -> dict:
    """The settings a result depends on: two results are of the same settings when these are equal."""
    return {k: state[k] for k in sorted(ANALYSIS_KEYS)}


def record_inputs(record: dict, keys=ANALYSIS_KEYS) -> dict:
    """``inputs`` as a created layer recorded them, keys it predates taking their defaults (so a layer made
    before the overlay existed is not 'made with other settings' for that alone)."""
    filled = {k: record.get(k, DEFAULTS[k]) for k in sorted(keys)}
    return json.loads(json.dumps(filled))


def timeline_inputs(state: dict) -> dict:
    """The settings a timeline depends on (as ``inputs`` for the one-table analysis)."""
    return {k: state[k] for k in sorted(TIMELINE_KEYS)}


_TYPES = {k: type(v) for k, v in DEFAULTS.items()}


def normalise(state: dict | None) -> dict:
    """Defaults filled in and values coerced to their types; unknown keys dropped; old positions read as codes."""
    from ..core.errors import SettingsError

    out = json.loads(json.dumps(DEFAULTS))
    for key, value in (state or {}).items():
        if key not in DEFAULTS or value is None:
            continue
        if key in CHOICES:
            if key == "shape" and value == "":
                continue  # version 1's "detect"
            try:
                out[key] = CHOICES[key].code_of(value, key)
            except SettingsError:
                pass
            continue
        typ = _TYPES[key]
        try:
            if typ is dict:
                out[key] = {str(k): str(v) for k, v in dict(value).items()}
            elif typ is list:  # a list of paths; one path given as text is a list of one
                items = [value] if isinstance(value, str) else list(value)
                out[key] = [str(v) for v in items if str(v).strip()]
            elif typ is bool:
                out[key] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
            else:
                out[key] = typ(value)
        except (TypeError, ValueError):
            continue
    if out["baseline"] == codes.STARS:  # a whole number of stars, 1–3 ("strength stars >= k")
        lo, hi = options.STARS_RANGE
        out["threshold"] = float(min(hi, max(lo, round(out["threshold"]))))
    out["version"] = VERSION
    return out


def save(project, state: dict) -> None:
    """Store ``state`` in ``project`` (a QgsProject)."""
    project.writeEntry(SCOPE, KEY, json.dumps(normalise(state), sort_keys=True, ensure_ascii=False))


def load(project) -> dict | None:
    """The stored state of ``project``, or None when it has none (or it is unreadable)."""
    text, ok = project.readEntry(SCOPE, KEY, "")
    if not ok or not text:
        return None
    try:
        return normalise(json.loads(text))
    except (TypeError, ValueError):
        return None
