"""Every choice a user makes, in one vocabulary: codes, labels, defaults and limits.

One :class:`Registry` per concept (baselines, neighbour rules, statistics, corrections, table shapes, schemes,
profiles, map layouts, period and scores sources, page sizes, orientations) holds its choices (code, label, the
panel's short label, the words inside a sentence) and its default, and checks when defined that codes and labels
are unique and in ``core.codes``' order. Processing parameters, the panel's combos, the saved project state,
the layer records' labels and the tests are all built from these, so a baseline is ``"lq"`` everywhere and its
label and position are defined once (its default threshold is ``core.codes.DEFAULT_THRESHOLD``: the core needs it).
No numpy here: the Processing provider builds its parameters from this module when QGIS starts.

Processing enums stay integer-indexed (the index is the position in a registry): QGIS 3.22 could use
static string values, but then it rejects the integers that existing models, scripts and ``qgis_process``
calls pass (``BASELINE=3``), so the index is kept and translated here, once, by :meth:`Registry.code_of`.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

from ..core import codes
from ..core.errors import SettingsError
from ..i18n import tr_noop


@dataclass(frozen=True)
class Choice:
    """One option of a choice: its code (stored everywhere), its label (Processing, help), the shorter label
    the panel's narrow combos show ("" = the label), the words for it inside a sentence, which a layer's record
    also keeps (``phrase``: "mean of regions"; "" = the label) and a sentence of ``help`` where one is needed.
    English; translated where shown (tr)."""

    code: str
    label: str
    short: str = ""
    help: str = ""
    phrase: str = ""

    @property
    def words(self) -> str:
        return self.phrase or self.label

    @property
    def panel_label(self) -> str:
        return self.short or self.label


class Registry(Sequence[Choice]):
    """Every option of one concept (baselines, neighbour rules…) and its default, checked when defined.

    Like QuickOSM's ``@unique`` enums: two options with the same code (or the same label, since a label is
    accepted as input too) are a programming error raised at import, as is a default that is not an option or an
    order that differs from ``core.codes`` (the position is the Processing enum index saved models use).
    A registry is a sequence of its choices, so ``registry[0]``, ``len`` and iteration keep working.
    """

    def __init__(self, what: str, choices: Sequence[Choice], default: str | None = None,
                 order: Sequence[str] | None = None):
        self.what = what  # the choice in words, for errors: "Unknown baseline 'x'; use one of: …"
        self._choices = tuple(choices)
        self.codes: tuple[str, ...] = tuple(c.code for c in self._choices)
        self.default = self._choices[0].code if default is None else default
        for kind, values in (("code", self.codes), ("label", [c.label.lower() for c in self._choices])):
            repeated = sorted({v for v in values if values.count(v) > 1})
            if repeated:
                raise ValueError(f"{what}: the {kind} {repeated[0]!r} names two options")
        if self.default not in self.codes:
            raise ValueError(f"{what}: the default {self.default!r} is not one of {self.codes}")
        if order is not None and tuple(order) != self.codes:
            raise ValueError(f"{what}: the options {self.codes} are not in core.codes' order {tuple(order)}")

    @overload
    def __getitem__(self, index: int) -> Choice: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[Choice, ...]: ...

    def __getitem__(self, index):
        return self._choices[index]

    def __len__(self) -> int:
        return len(self._choices)

    def __iter__(self) -> Iterator[Choice]:
        return iter(self._choices)

    def __repr__(self) -> str:
        return f"Registry({self.what!r}, {self.codes}, default={self.default!r})"

    @property
    def labels(self) -> list[str]:
        return [c.label for c in self._choices]

    def code_of(self, value: object, what: str | None = None) -> str:
        """The code for ``value``: a code, a label, or a legacy integer index (also as text, as qgis_process
        passes it). Raises SettingsError naming the valid codes otherwise (``what`` names the choice there)."""
        what = what or self.what
        if isinstance(value, bool):
            value = int(value)
        if isinstance(value, (int, float)) and float(value).is_integer() and 0 <= int(value) < len(self):
            return self.codes[int(value)]
        text = str(value).strip() if value is not None else ""
        if text.lstrip("-").isdigit() and 0 <= int(text) < len(self):
            return self.codes[int(text)]
        lowered = text.lower()
        for c in self._choices:
            if lowered in (c.code.lower(), c.label.lower()):
                return c.code
        raise SettingsError(f"Unknown {what} {value!r}; use one of: {', '.join(self.codes)}.", code=f"unknown_{what}")

    def choice(self, code: object) -> Choice:
        return self._choices[self.index_of(code)]

    def index_of(self, code: object) -> int:
        """Position of ``code`` (the Processing enum index, the combo row)."""
        return self.codes.index(self.code_of(code))

    def label_of(self, code: object) -> str:
        return self.choice(code).label

    def short_of(self, code: object) -> str:
        """The panel's label of ``code`` (its short label, or the label)."""
        return self.choice(code).panel_label


BASELINES = Registry("baseline", (
    Choice(codes.MEAN, "Mean of regions", phrase=tr_noop("mean of regions")),
    Choice(codes.MEDIAN, "Median of regions", phrase=tr_noop("median of regions")),
    Choice(codes.NATIONAL, "National/reference value", phrase=tr_noop("national/reference value")),
    Choice(codes.LQ, "Location quotient", phrase=tr_noop("location quotient")),
    Choice(codes.ZSCORE, "z-score", phrase=tr_noop("z-score")),
    Choice(codes.PERCENTILE, "Top percentile", phrase=tr_noop("top percentile")),
    Choice(codes.STARS, "Strength stars (European Cluster Observatory)", tr_noop("Strength stars"),
           phrase=tr_noop("strength stars")),
), codes.MEAN, codes.BASELINES)
NEIGHBOURS = Registry("neighbours", (
    Choice(codes.QUEEN, "Queen (share any point)", tr_noop("Queen (touching at any point)"),
           phrase=tr_noop("queen (share any point)")),
    Choice(codes.ROOK, "Rook (share a boundary line)", tr_noop("Rook (sharing a boundary line)"),
           phrase=tr_noop("rook (share a boundary)")),
), codes.QUEEN, codes.NEIGHBOUR_RULES)
STATISTICS = Registry("statistic", (
    Choice(codes.MORAN, "Local Moran's I"),
    Choice(codes.GISTAR, "Getis-Ord Gi*"),
), codes.MORAN, codes.STATISTICS)
# The panel's one method combo: the rule or a statistic (the statistics' labels say what they cluster).
PANEL_METHODS = Registry("method", (
    Choice(codes.RULE, "Above the baseline (rule)", tr_noop("Above the baseline")),
    Choice(codes.MORAN, "Local Moran's I (High-High clusters)", STATISTICS.label_of(codes.MORAN)),
    Choice(codes.GISTAR, "Getis-Ord Gi* (hot spots)", STATISTICS.label_of(codes.GISTAR)),
), codes.RULE, codes.PANEL_METHODS)
CORRECTIONS = Registry("correction", (
    Choice(codes.NO_CORRECTION, "None", phrase=tr_noop("no correction")),
    Choice(codes.BONFERRONI, "Bonferroni"),
    Choice(codes.FDR, "False discovery rate (Benjamini-Hochberg)", tr_noop("False discovery rate"),
           phrase=tr_noop("false discovery rate")),
), codes.FDR, codes.CORRECTIONS)
TABLE_SHAPES = Registry("table shape", (
    Choice(codes.AUTO, "Detect"),
    Choice(codes.LONG, "Long (key, sector, score)"),
    Choice(codes.WIDE, "Wide (a column per sector)"),
    Choice(codes.NOMIS, "Nomis / ONS export"),
), codes.AUTO, codes.TABLE_SHAPES)
SCHEMES = Registry("scheme", (
    Choice(codes.CLASSES, "Above / at or below (classes)", tr_noop("Above / at or below")),
    Choice(codes.GRADUATED, "Graduated index", tr_noop("Index bands")),
), codes.CLASSES, codes.SCHEMES)
PROFILES = Registry("profile", (
    Choice(codes.SCORES, "Scores as they are (each sector standardised)"),
    Choice(codes.SHARES, "Share of each region's total over the chosen fields (sector mix)"),
), codes.SCORES, codes.PROFILES)
MAP_LAYOUTS = Registry("map layout", (
    Choice(codes.SECTOR_MAP, "Sector map (Detect clusters outputs)", tr_noop("Sector map")),
    Choice(codes.SMALL_MULTIPLES, "Small multiples: one map per period (Cluster dynamics outputs)",
           tr_noop("Small multiples (a map per period)")),
    Choice(codes.TRAJECTORY_MAP, "Trajectory map (Cluster dynamics outputs)", tr_noop("Trajectory map")),
), codes.SECTOR_MAP, codes.MAP_LAYOUTS)
PERIOD_SOURCES = Registry("period source", (
    Choice(codes.PERIODS_NONE, "One table (no periods)"),
    Choice(codes.PERIODS_FILES, "Several tables, one per period"),
    Choice(codes.PERIODS_COLUMN, "The table's period column"),
), codes.PERIODS_NONE, codes.PERIOD_SOURCES)
SCORES_SOURCES = Registry("scores source", (
    Choice(codes.SCORES_TABLE, "Table file"),
    Choice(codes.SCORES_POINTS, "Points: firms, patents, grants…"),
), codes.SCORES_TABLE, codes.SCORES_SOURCES)
PAGE_SIZES = Registry("page size", tuple(Choice(p, p) for p in codes.PAGE_SIZES), "A4", codes.PAGE_SIZES)
ORIENTATIONS = Registry("orientation", (Choice("landscape", "Landscape"), Choice("portrait", "Portrait")),
                        "landscape", codes.ORIENTATIONS)
REGISTRIES = (BASELINES, NEIGHBOURS, STATISTICS, PANEL_METHODS, CORRECTIONS, TABLE_SHAPES, SCHEMES, PROFILES,
              MAP_LAYOUTS, PERIOD_SOURCES, SCORES_SOURCES, PAGE_SIZES, ORIENTATIONS)

# Defaults and limits, shared by Processing, the panel and the engine.
DEFAULT_THRESHOLD = codes.DEFAULT_THRESHOLD  # per baseline; defined once in the core (numpy-free), which needs it too
STARS_RANGE = (1, 3)  # the strength-stars baseline's threshold: a whole number of stars, "strength stars >= k"
DEFAULT_BASELINE = BASELINES.default
DEFAULT_NEIGHBOURS = NEIGHBOURS.default
DEFAULT_MIN_REGIONS = 2
DEFAULT_PERMUTATIONS = 999
MAX_PERMUTATIONS = 99_999  # the same as core.localstats.MAX_PERMUTATIONS (tested)
DEFAULT_CORRECTION = CORRECTIONS.default
DEFAULT_ALPHA = 0.05
DEFAULT_PANEL_SEED = 12345  # fixed in the panel, so a reopened project shows the same significant regions
DEFAULT_K = 5
DEFAULT_DPI = 300
DPI_RANGE = (30, 1200)


def _registry(choices: Sequence[Choice]) -> Registry:
    return choices if isinstance(choices, Registry) else Registry("option", choices)


# The registry's methods as functions, for the callers written before the registries (prefer the methods).
def code_of(choices: Sequence[Choice], value: object, what: str = "option") -> str:
    """``choices.code_of(value, what)``: a code, a label, or a legacy integer index (also as text);
    SettingsError naming the valid codes otherwise."""
    return _registry(choices).code_of(value, what)


def index_of(choices: Sequence[Choice], code: str) -> int:
    """Position of ``code`` in ``choices`` (the Processing enum index, the combo row)."""
    return _registry(choices).index_of(code)


def label_of(choices: Sequence[Choice], code: str) -> str:
    return _registry(choices).label_of(code)
