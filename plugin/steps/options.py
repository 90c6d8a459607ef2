"""Every choice a user makes, in one vocabulary: codes, labels, defaults and limits.

Processing parameters, the panel's combos, the saved project state and the tests are all built from these
lists, so a baseline is ``"lq"`` everywhere and its label, default threshold and position are defined once.
No numpy here: the Processing provider builds its parameters from this module when QGIS starts.

Processing enums stay integer-indexed (the index is the position in these tuples): QGIS 3.22 could use
static string values, but then it rejects the integers that existing models, scripts and ``qgis_process``
calls pass (``BASELINE=3``), so the index is kept and translated here, once, by :func:`code_of`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..core import codes
from ..core.errors import SettingsError
from ..i18n import tr_noop


@dataclass(frozen=True)
class Choice:
    """One option of a choice: its code (stored everywhere), its label (Processing, help) and the shorter
    label the panel's narrow combos show ("" = the label). English; translated where shown (tr)."""

    code: str
    label: str
    short: str = ""

    @property
    def panel_label(self) -> str:
        return self.short or self.label


BASELINES: tuple[Choice, ...] = (
    Choice(codes.MEAN, "Mean of regions"),
    Choice(codes.MEDIAN, "Median of regions"),
    Choice(codes.NATIONAL, "National/reference value"),
    Choice(codes.LQ, "Location quotient"),
    Choice(codes.ZSCORE, "z-score"),
    Choice(codes.PERCENTILE, "Top percentile"),
    Choice(codes.STARS, "Strength stars (European Cluster Observatory)", tr_noop("Strength stars")),
)
NEIGHBOURS = (
    Choice(codes.QUEEN, "Queen (share any point)", tr_noop("Queen (touching at any point)")),
    Choice(codes.ROOK, "Rook (share a boundary line)", tr_noop("Rook (sharing a boundary line)")),
)
STATISTICS = (
    Choice(codes.MORAN, "Local Moran's I"),
    Choice(codes.GISTAR, "Getis-Ord Gi*"),
)
PANEL_METHODS = (
    Choice(codes.RULE, "Above the baseline (rule)", tr_noop("Above the baseline")),
    Choice(codes.MORAN, "Local Moran's I (High-High clusters)", tr_noop("Local Moran's I")),
    Choice(codes.GISTAR, "Getis-Ord Gi* (hot spots)", tr_noop("Getis-Ord Gi*")),
)
CORRECTIONS = (
    Choice(codes.NO_CORRECTION, "None"),
    Choice(codes.BONFERRONI, "Bonferroni"),
    Choice(codes.FDR, "False discovery rate (Benjamini-Hochberg)", tr_noop("False discovery rate")),
)
TABLE_SHAPES = (
    Choice(codes.AUTO, "Detect"),
    Choice(codes.LONG, "Long (key, sector, score)"),
    Choice(codes.WIDE, "Wide (a column per sector)"),
    Choice(codes.NOMIS, "Nomis / ONS export"),
)
SCHEMES = (
    Choice(codes.CLASSES, "Above / at or below (classes)", tr_noop("Above / at or below")),
    Choice(codes.GRADUATED, "Graduated index", tr_noop("Index bands")),
)
PROFILES = (
    Choice(codes.SCORES, "Scores as they are (each sector standardised)"),
    Choice(codes.SHARES, "Share of each region's total over the chosen fields (sector mix)"),
)
MAP_LAYOUTS = (
    Choice(codes.SECTOR_MAP, "Sector map (Detect clusters outputs)", tr_noop("Sector map")),
    Choice(codes.SMALL_MULTIPLES, "Small multiples: one map per period (Cluster dynamics outputs)",
           tr_noop("Small multiples (a map per period)")),
    Choice(codes.TRAJECTORY_MAP, "Trajectory map (Cluster dynamics outputs)", tr_noop("Trajectory map")),
)
PERIOD_SOURCES = (
    Choice(codes.PERIODS_NONE, "One table (no periods)"),
    Choice(codes.PERIODS_FILES, "Several tables, one per period"),
    Choice(codes.PERIODS_COLUMN, "The table's period column"),
)
SCORES_SOURCES = (
    Choice(codes.SCORES_TABLE, "Table file"),
    Choice(codes.SCORES_POINTS, "Points: firms, patents, grants…"),
)
PAGE_SIZES = tuple(Choice(p, p) for p in codes.PAGE_SIZES)
ORIENTATIONS = (Choice("landscape", "Landscape"), Choice("portrait", "Portrait"))

# Defaults and limits, shared by Processing, the panel and the engine.
DEFAULT_THRESHOLD = {codes.MEAN: 1.0, codes.MEDIAN: 1.0, codes.NATIONAL: 1.0, codes.LQ: 1.0, codes.ZSCORE: 1.0,
                     codes.PERCENTILE: 75.0, codes.STARS: 1.0}
STARS_RANGE = (1, 3)  # the strength-stars baseline's threshold: a whole number of stars, "strength stars >= k"
DEFAULT_BASELINE = codes.MEAN
DEFAULT_NEIGHBOURS = codes.QUEEN
DEFAULT_MIN_REGIONS = 2
DEFAULT_PERMUTATIONS = 999
MAX_PERMUTATIONS = 99_999  # the same as core.localstats.MAX_PERMUTATIONS (tested)
DEFAULT_CORRECTION = codes.FDR
DEFAULT_ALPHA = 0.05
DEFAULT_PANEL_SEED = 12345  # fixed in the panel, so a reopened project shows the same significant regions
DEFAULT_K = 5
DEFAULT_DPI = 300
DPI_RANGE = (30, 1200)


def codes_of(choices: Sequence[Choice]) -> tuple[str, ...]:
    return tuple(c.code for c in choices)


def labels_of(choices: Sequence[Choice]) -> list[str]:
    return [c.label for c in choices]


def code_of(choices: Sequence[Choice], value: object, what: str = "option") -> str:
    """The code for ``value``: a code, a label, or a legacy integer index (also as text, as qgis_process passes it).

    Raises SettingsError naming the valid codes otherwise.
    """
    known = codes_of(choices)
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, (int, float)) and float(value).is_integer() and 0 <= int(value) < len(choices):
        return choices[int(value)].code
    text = str(value).strip() if value is not None else ""
    if text.lstrip("-").isdigit() and 0 <= int(text) < len(choices):
        return choices[int(text)].code
    lowered = text.lower()
    for c in choices:
        if lowered in (c.code.lower(), c.label.lower()):
            return c.code
    raise SettingsError(f"Unknown {what} {value!r}; use one of: {', '.join(known)}.", code=f"unknown_{what}")


def index_of(choices: Sequence[Choice], code: str) -> int:
    """Position of ``code`` in ``choices`` (the Processing enum index, the combo row)."""
    return codes_of(choices).index(code_of(choices, code))


def label_of(choices: Sequence[Choice], code: str) -> str:
    return choices[index_of(choices, code)].label
