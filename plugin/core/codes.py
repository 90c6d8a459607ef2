"""The codes of every choice the engine understands, in one numpy-free place.

The core modules and ``plugin.steps.options`` (labels, defaults, limits, parsing) both read these, so
Processing parameters, the panel, saved projects and the engine cannot drift apart. The tuples' order is the
order of the historical integer codes (Processing enum indices), which must never change: append only.
"""
from __future__ import annotations

MEAN, MEDIAN, NATIONAL, LQ, ZSCORE, PERCENTILE = "mean", "median", "national", "lq", "z", "percentile"
STARS = "stars"  # European Cluster Observatory strength stars (plugin/core/stars.py)
BASELINES = (MEAN, MEDIAN, NATIONAL, LQ, ZSCORE, PERCENTILE, STARS)
# The threshold a baseline uses when none is given: a ratio of 1 (at the mean, median or national value), a
# z-score of 1, the 75th percentile, one star. Defined here only: the core flags with it, and steps.options,
# Processing's help and the panel read it from here.
DEFAULT_THRESHOLD = {MEAN: 1.0, MEDIAN: 1.0, NATIONAL: 1.0, LQ: 1.0, ZSCORE: 1.0, PERCENTILE: 75.0, STARS: 1.0}

QUEEN, ROOK = "queen", "rook"
NEIGHBOUR_RULES = (QUEEN, ROOK)

MORAN, GISTAR = "moran", "gistar"
STATISTICS = (MORAN, GISTAR)
RULE = "rule"
PANEL_METHODS = (RULE, MORAN, GISTAR)

NO_CORRECTION, BONFERRONI, FDR = "none", "bonferroni", "fdr"
CORRECTIONS = (NO_CORRECTION, BONFERRONI, FDR)

AUTO, LONG, WIDE, NOMIS = "auto", "long", "wide", "nomis"
TABLE_SHAPES = (AUTO, LONG, WIDE, NOMIS)

CLASSES, GRADUATED = "classes", "graduated"
SCHEMES = (CLASSES, GRADUATED)

SCORES, SHARES = "scores", "shares"
PROFILES = (SCORES, SHARES)

# Names in QGIS's page size registry (QgsApplication.pageSizeRegistry); appended only, so a saved model's
# PAGE_SIZE=0/1 stays A4/A3. Tabloid is the registry's "ANSI B" on QGIS releases without the name.
PAGE_SIZES = ("A4", "A3", "A2", "Letter", "Legal", "Tabloid")
ORIENTATIONS = ("landscape", "portrait")

# Print layouts exportmap can build: the sector map (Detect clusters outputs) or a timeline's maps.
SECTOR_MAP, SMALL_MULTIPLES, TRAJECTORY_MAP = "sector", "small_multiples", "trajectory"
MAP_LAYOUTS = (SECTOR_MAP, SMALL_MULTIPLES, TRAJECTORY_MAP)

# Where the panel's periods come from (cluster dynamics over time): none, one file per period, or a period column.
PERIODS_NONE, PERIODS_FILES, PERIODS_COLUMN = "none", "files", "column"
PERIOD_SOURCES = (PERIODS_NONE, PERIODS_FILES, PERIODS_COLUMN)

# Where the panel's scores come from: a table file, or points counted into the regions.
SCORES_TABLE, SCORES_POINTS = "table", "points"
SCORES_SOURCES = (SCORES_TABLE, SCORES_POINTS)
