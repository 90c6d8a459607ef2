"""The numeric settings of every analysis, checked once where they are made.

Each front end builds one of these frozen settings from what the user typed: ``qgis_process`` hands an
algorithm the text as typed (``THRESHOLD=abc``, ``nan``, ``1e308``), and Processing's own conversion would take
``abc`` as 0 and ``nan`` as NaN or -2147483648. ``__post_init__`` reads each value (a number or its text), refuses
anything that is not a finite number inside the setting's range with a ``SettingsError`` that names the
parameter and the range, and stores the checked number, so a settings object that exists is valid.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields

from ..core import codes
from ..core.errors import SettingsError
from ..i18n import tr
from . import options


@dataclass(frozen=True)
class Range:
    """Where one setting may lie: [low, high] (ends excluded when open); ``whole`` for counts."""

    low: float
    high: float
    whole: bool = False
    low_open: bool = False
    high_open: bool = False

    def words(self) -> str:
        """"a whole number from 1 to 99,999", "a number above 0 and below 1"."""
        def fmt(x: float) -> str:
            return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"

        kind = tr("a whole number") if self.whole else tr("a number")
        if self.low_open and self.high_open:
            return tr("{0} above {1} and below {2}").format(kind, fmt(self.low), fmt(self.high))
        return tr("{0} from {1} to {2}").format(kind, fmt(self.low), fmt(self.high))

    def holds(self, x: float) -> bool:
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below


# The ranges every front end shares (Processing, the panel's widgets may use them for their limits).
GAP_TOLERANCE_RANGE = Range(0, 1_000_000)  # metres: a gap between neighbours, not a distance across a continent
MIN_REGIONS_RANGE = Range(1, 1_000_000, whole=True)
PERMUTATIONS_RANGE = Range(1, options.MAX_PERMUTATIONS, whole=True)
SEED_RANGE = Range(0, 2**63 - 1, whole=True)
ALPHA_RANGE = Range(0, 1, low_open=True, high_open=True)
K_RANGE = Range(1, 10_000, whole=True)
K_TRY_RANGE = Range(2, 10_000, whole=True)
MIN_SIZE_RANGE = Range(1, 1_000_000, whole=True)
DPI_RANGE = Range(*options.DPI_RANGE, whole=True)
MIN_REGIONS = ("MIN_REGIONS", "the minimum number of regions in a cluster", MIN_REGIONS_RANGE)
# The threshold means something else for each baseline: a ratio, a z-score, a percentile, a number of stars.
THRESHOLD_RANGES = {codes.MEAN: Range(0, 1000), codes.MEDIAN: Range(0, 1000), codes.NATIONAL: Range(0, 1000),
                    codes.LQ: Range(0, 1000), codes.ZSCORE: Range(-100, 100), codes.PERCENTILE: Range(0, 100),
                    codes.STARS: Range(*options.STARS_RANGE, whole=True)}


def checked_number(name: str, value: object, allowed: Range, optional: bool = False,
                   what: str = "") -> float | int | None:
    """``value`` (a number, or its text as typed) as a finite number inside ``allowed``; else a SettingsError
    naming the parameter ``name`` (``what`` says what it is in words) and the range. None or empty text is None
    when ``optional``."""
    called = f"{name}: {what}" if what else name
    if value is None or isinstance(value, str) and not value.strip():
        if optional:
            return None
        raise SettingsError(tr("{0} is required: give {1}.").format(called, allowed.words()),
                            code="missing_number", parameter=name)
    number = None
    if not isinstance(value, bool):
        try:
            number = float(value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError, OverflowError):
            number = None
    if allowed.whole and number is not None and math.isfinite(number) and number.is_integer():
        try:  # a seed of 19 digits is exact as text, not through a float
            number = int(value.strip()) if isinstance(value, str) else int(value)
        except (TypeError, ValueError, OverflowError):
            number = int(number)
    if number is None or not math.isfinite(number) or not allowed.holds(number) \
            or allowed.whole and not float(number).is_integer():
        shown = repr(value) if isinstance(value, str) else str(value)
        raise SettingsError(tr("{0} must be {1}; got {2}.").format(called, allowed.words(), shown),
                            code="bad_number", parameter=name, value=shown)
    return int(number) if allowed.whole else number


class _Checked:
    """Base of the frozen settings: after construction every field named in ``RANGES`` holds a checked
    number (``OPTIONAL`` fields may hold None)."""

    RANGES: dict[str, tuple[str, str, Range]] = {}  # field → (parameter name, what it is in words, range)
    OPTIONAL: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        for f in fields(self):  # type: ignore[arg-type] - subclasses are dataclasses
            if f.name in self.RANGES:
                name, what, allowed = self.RANGES[f.name]
                value = checked_number(name, getattr(self, f.name), allowed, f.name in self.OPTIONAL, tr(what))
                object.__setattr__(self, f.name, value)


@dataclass(frozen=True)
class NeighbourSettings(_Checked):
    """Which regions are neighbours: the rule's code and the gap tolerance in ground metres."""

    neighbours: str = options.DEFAULT_NEIGHBOURS
    gap_tolerance: float = 0.0
    RANGES = {"gap_tolerance": ("GAP_TOLERANCE", "the gap tolerance in metres", GAP_TOLERANCE_RANGE)}

    def __post_init__(self) -> None:
        object.__setattr__(self, "neighbours", options.code_of(options.NEIGHBOURS, self.neighbours, "neighbours"))
        super().__post_init__()


def threshold_range(baseline: str) -> Range:
    return THRESHOLD_RANGES[options.code_of(options.BASELINES, baseline, "baseline")]


@dataclass(frozen=True)
class RuleSettings(_Checked):
    """Above-baseline flags and clusters: the baseline's code, its threshold (None: the baseline's default)
    and the smallest cluster."""

    baseline: str = options.DEFAULT_BASELINE
    threshold: float | None = None
    min_regions: int = options.DEFAULT_MIN_REGIONS
    RANGES = {"min_regions": MIN_REGIONS}

    def __post_init__(self) -> None:
        baseline = options.code_of(options.BASELINES, self.baseline, "baseline")
        object.__setattr__(self, "baseline", baseline)
        allowed = THRESHOLD_RANGES[baseline]
        label = options.label_of(options.BASELINES, baseline)
        object.__setattr__(self, "threshold", checked_number(
            "THRESHOLD", self.threshold, allowed, optional=True,
            what=tr("the threshold for the baseline '{0}'").format(tr(label))))
        super().__post_init__()


@dataclass(frozen=True)
class StatisticsSettings(_Checked):
    """Local statistics: permutations, seed (None: a new one each run), significance level, smallest cluster."""

    permutations: int = options.DEFAULT_PERMUTATIONS
    seed: int | None = None
    alpha: float = options.DEFAULT_ALPHA
    min_regions: int = options.DEFAULT_MIN_REGIONS
    RANGES = {"permutations": ("PERMUTATIONS", "the number of permutations", PERMUTATIONS_RANGE),
              "seed": ("SEED", "the random seed", SEED_RANGE),
              "alpha": ("ALPHA", "the significance level", ALPHA_RANGE), "min_regions": MIN_REGIONS}
    OPTIONAL = frozenset({"seed"})


@dataclass(frozen=True)
class ProfileSettings(_Checked):
    """Profile groups: K (or the range of K tried), the smallest group, and the co-location threshold."""

    k: int = options.DEFAULT_K
    min_size: int = 1
    k_min: int = 2
    k_max: int = 10
    baseline: str = options.DEFAULT_BASELINE
    threshold: float | None = None
    RANGES = {"k": ("K", "the number of groups", K_RANGE),
              "min_size": ("MIN_SIZE", "the minimum regions per group", MIN_SIZE_RANGE),
              "k_min": ("K_MIN", "the smallest K to try", K_TRY_RANGE),
              "k_max": ("K_MAX", "the largest K to try", K_TRY_RANGE)}

    def __post_init__(self) -> None:
        rule = RuleSettings(self.baseline, self.threshold)
        object.__setattr__(self, "baseline", rule.baseline)
        object.__setattr__(self, "threshold", rule.threshold)
        super().__post_init__()


@dataclass(frozen=True)
class MapSettings(_Checked):
    """A map export's resolution."""

    dpi: int = options.DEFAULT_DPI
    RANGES = {"dpi": ("DPI", "the resolution in dots per inch", DPI_RANGE)}
