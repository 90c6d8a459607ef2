"""The panel's settings as a plain, JSON-serialisable dict, kept in the project file.

One JSON blob under scope ``SectorClusters`` / key ``state`` (QgsProject.writeEntry), so the panel comes back
as it was when the project is reopened, and other tools (or a text editor) can read it without the plugin.
Choices are stored as the codes of ``steps.options`` ("lq", "queen", "gistar"…); projects saved by version 1,
which stored combo positions (0, 1, 2…), are read as the same choices.
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
    "shape": codes.AUTO,  # auto / long / wide / nomis
    "table_key": "",  # "" = detect
    "sector_column": "",
    "score_column": "",
    "aliases": {},  # table value -> region key
    "sector": "",  # field name of the shown sector
    "baseline": options.DEFAULT_BASELINE,
    "threshold": 1.0,
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
}
# choice keys and the options they are codes of (old projects stored the position instead)
CHOICES = {"shape": options.TABLE_SHAPES, "baseline": options.BASELINES, "neighbours": options.NEIGHBOURS,
           "method": options.PANEL_METHODS, "correction": options.CORRECTIONS, "scheme": options.SCHEMES,
           "page_size": options.PAGE_SIZES, "orientation": options.ORIENTATIONS}
# What each part of the panel's work depends on: a change of one of these keys redoes that part (and what
# follows it). Everything else (sector, map colours, map texts, output) is shown or used without a re-run.
TABLE_KEYS = frozenset({"table_path"})
MATCH_KEYS = frozenset({"layer_id", "key_field", "table_path", "shape", "table_key", "sector_column",
                        "score_column", "row_filter", "keep_columns", "aliases"})
GRAPH_KEYS = frozenset({"layer_id", "neighbours", "tolerance_km"})
ANALYSIS_KEYS = MATCH_KEYS | GRAPH_KEYS | frozenset({"method", "baseline", "threshold", "min_regions",
                                                     "permutations", "correction", "alpha", "seed"})


def inputs(state: dict) -> dict:
    """The settings a result depends on: two results are of the same settings when these are equal."""
    return {k: state[k] for k in sorted(ANALYSIS_KEYS)}

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
                out[key] = options.code_of(CHOICES[key], value, key)
            except SettingsError:
                pass
            continue
        typ = _TYPES[key]
        try:
            if typ is dict:
                out[key] = {str(k): str(v) for k, v in dict(value).items()}
            elif typ is bool:
                out[key] = value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
            else:
                out[key] = typ(value)
        except (TypeError, ValueError):
            continue
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
