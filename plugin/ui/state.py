"""The panel's settings as a plain, JSON-serialisable dict, kept in the project file.

One JSON blob under scope ``SectorClusters`` / key ``state`` (QgsProject.writeEntry),
so the panel comes back as it was when the project is reopened, and other
tools (or a text editor) can read it without the plugin.
"""
from __future__ import annotations

import json
from typing import Any

SCOPE = "SectorClusters"
KEY = "state"
VERSION = 1

DEFAULTS: dict[str, Any] = {
    "version": VERSION,
    "layer_id": "",  # boundary layer id in the project
    "layer_source": "",  # its source, to find it again when ids change
    "key_field": "",
    "table_path": "",
    "shape": "",  # "" = detect; long / wide / nomis
    "table_key": "",  # "" = detect
    "sector_column": "",
    "score_column": "",
    "aliases": {},  # table value -> region key
    "sector": "",  # field name of the shown sector
    "baseline": 0,  # index into plugin.core.baselines.METHODS
    "threshold": 1.0,
    "neighbours": 0,  # 0 queen, 1 rook
    "tolerance_km": 0.0,
    "min_regions": 2,
    "method": 0,  # 0 above the baseline (rule), 1 Local Moran's I, 2 Getis-Ord Gi*
    "permutations": 999,  # local statistics only (as the other settings below)
    "correction": 2,  # index into plugin.core.localstats.CORRECTIONS: none, bonferroni, fdr
    "alpha": 0.05,
    "seed": 12345,  # fixed, so a reopened project shows the same significant regions
    "scheme": "classes",  # or "graduated"
    "output_path": "",
    "atlas": False,
}

_TYPES = {k: type(v) for k, v in DEFAULTS.items()}


def normalise(state: dict | None) -> dict:
    """Defaults filled in and values coerced to their types; unknown keys dropped."""
    out = json.loads(json.dumps(DEFAULTS))
    for key, value in (state or {}).items():
        if key not in DEFAULTS or value is None:
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
