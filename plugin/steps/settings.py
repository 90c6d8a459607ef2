"""The settings of every analysis, one frozen object each, checked once where they are made.

An analysis's settings travel in three shapes: Processing parameters (enum indices, numbers as typed), the panel's
saved state (``ui/state.py``'s keys: the gap tolerance in kilometres) and the record written with the layers (codes,
labels, the seed used). Each class converts to and from all three (``from_parameters``/``to_parameters``,
``from_state``/``to_state``, ``from_record``/``to_record``) and the steps take the objects, so the mapping is
written once; the panel, the algorithms, ``make demo`` and the tests all build them.

Each front end builds one of these frozen settings from what the user typed: ``qgis_process`` hands an
algorithm the text as typed (``THRESHOLD=abc``, ``nan``, ``1e308``), and Processing's own conversion would take
``abc`` as 0 and ``nan`` as NaN or -2147483648. ``__post_init__`` reads each value (a number or its text), refuses
anything that is not a finite number inside the setting's range with a ``SettingsError`` that names the
parameter and the range, and stores the checked number, so a settings object that exists is valid.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, replace
from typing import Self

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


def _given(values: Mapping[str, object], names: Mapping[str, str]) -> dict[str, object]:
    """The fields ``names`` maps (field → key) whose key ``values`` holds; a key left out, None or empty text
    leaves its field to the class's default (as Processing does for a parameter not given)."""
    return {f: values[k] for f, k in names.items() if values.get(k) is not None and values.get(k) != ""}


def in_order(order: Sequence[str], *parts: Mapping[str, object]) -> dict[str, object]:
    """``parts`` merged, their keys in ``order``: a layer record is written as JSON in its keys' order, so a record
    made from settings objects reads byte for byte as the records written before them."""
    merged: dict[str, object] = {}
    for part in parts:
        merged.update(part)
    return {k: merged[k] for k in order if k in merged}


class _Checked:
    """Base of the frozen settings: checked once, on construction, and converted one way each to and from the
    three shapes settings travel in.

    After construction every field named in ``CHOICES`` holds its registry's code and every field named in
    ``RANGES`` a checked number (``OPTIONAL`` fields may hold None). ``PARAMETERS``, ``STATE`` and ``RECORD`` map
    fields to their Processing parameter, panel-state key and layer-record key; an enum parameter is its
    registry's index.
    """

    RANGES: dict[str, tuple[str, str, Range]] = {}  # field → (parameter name, what it is in words, range)
    OPTIONAL: frozenset[str] = frozenset()
    CHOICES: dict[str, options.Registry] = {}
    PARAMETERS: dict[str, str] = {}
    STATE: dict[str, str] = {}
    RECORD: dict[str, str] = {}

    def __post_init__(self) -> None:
        for name, registry in self.CHOICES.items():
            object.__setattr__(self, name, registry.code_of(getattr(self, name)))
        for f in fields(self):  # type: ignore[arg-type] - subclasses are dataclasses
            if f.name in self.RANGES:
                name, what, allowed = self.RANGES[f.name]
                value = checked_number(name, getattr(self, f.name), allowed, f.name in self.OPTIONAL, tr(what))
                object.__setattr__(self, f.name, value)

    @classmethod
    def from_parameters(cls, values: Mapping[str, object]) -> Self:
        """From Processing's parameter values, already evaluated (an enum as its index or code, a number as
        typed): a parameter left out or empty is the default."""
        return cls(**_given(values, cls.PARAMETERS))

    def to_parameters(self) -> dict[str, object]:
        """The parameters for processing.run / qgis_process (enums as indices; an unset optional one left out)."""
        out: dict[str, object] = {}
        for name, parameter in self.PARAMETERS.items():
            value = getattr(self, name)
            if name in self.CHOICES:
                value = self.CHOICES[name].index_of(value)
            if value is not None:
                out[parameter] = value
        return out

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> Self:
        """From the panel's state (``ui/state.py``'s keys)."""
        return cls(**_given(state, cls.STATE))

    def to_state(self) -> dict[str, object]:
        return {key: getattr(self, name) for name, key in self.STATE.items()}

    @classmethod
    def from_record(cls, meta: Mapping[str, object]) -> Self:
        """From a layer's record: the settings it was made with (a key the record lacks: the default)."""
        return cls(**_given(meta, cls.RECORD))


@dataclass(frozen=True)
class NeighbourSettings(_Checked):
    """Which regions are neighbours: the rule's code and the gap tolerance in ground metres.

    The panel keeps the tolerance in kilometres (``tolerance_km``); Processing and the record in metres.
    """

    neighbours: str = options.NEIGHBOURS.default
    gap_tolerance: float = 0.0
    RANGES = {"gap_tolerance": ("GAP_TOLERANCE", "the gap tolerance in metres", GAP_TOLERANCE_RANGE)}
    CHOICES = {"neighbours": options.NEIGHBOURS}
    PARAMETERS = {"neighbours": "NEIGHBOURS", "gap_tolerance": "GAP_TOLERANCE"}
    RECORD = {"neighbours": "neighbours", "gap_tolerance": "gap_tolerance"}

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> NeighbourSettings:
        return cls(state.get("neighbours", options.NEIGHBOURS.default),
                   float(state.get("tolerance_km", 0.0)) * 1000.0)  # type: ignore[arg-type]

    def to_state(self) -> dict[str, object]:
        return {"neighbours": self.neighbours, "tolerance_km": self.gap_tolerance / 1000.0}

    def to_record(self) -> dict[str, object]:
        return {"neighbours": self.neighbours, "gap_tolerance": float(self.gap_tolerance)}


def threshold_range(baseline: str) -> Range:
    return THRESHOLD_RANGES[options.BASELINES.code_of(baseline)]


def _checked_threshold(baseline: object, threshold: object) -> tuple[str, float]:
    """The baseline's code and its threshold checked against the baseline's range; none given: its default."""
    code = options.BASELINES.code_of(baseline)
    label = options.BASELINES.label_of(code)
    value = checked_number("THRESHOLD", threshold, THRESHOLD_RANGES[code], optional=True,
                           what=tr("the threshold for the baseline '{0}'").format(tr(label)))
    return code, codes.DEFAULT_THRESHOLD[code] if value is None else value


_RULE_KEYS = {"baseline": "baseline", "threshold": "threshold", "min_regions": "min_regions"}


@dataclass(frozen=True)
class RuleSettings(_Checked):
    """Above-baseline flags and clusters: the baseline's code, its threshold (given as None: the baseline's
    default, which is then stored) and the smallest cluster."""

    baseline: str = options.BASELINES.default
    threshold: float | None = None
    min_regions: int = options.DEFAULT_MIN_REGIONS
    RANGES = {"min_regions": MIN_REGIONS}
    CHOICES = {"baseline": options.BASELINES}
    PARAMETERS = {"baseline": "BASELINE", "threshold": "THRESHOLD", "min_regions": "MIN_REGIONS"}
    STATE = RECORD = _RULE_KEYS

    def __post_init__(self) -> None:
        baseline, threshold = _checked_threshold(self.baseline, self.threshold)  # before MIN_REGIONS, as always
        object.__setattr__(self, "baseline", baseline)
        object.__setattr__(self, "threshold", threshold)
        super().__post_init__()

    @property
    def baseline_words(self) -> str:
        """The baseline inside a sentence, as the record keeps it ("mean of regions"; English)."""
        return options.BASELINES.choice(self.baseline).words

    def to_state(self) -> dict[str, object]:
        return dict(super().to_state(), threshold=float(self.threshold))  # the panel's spin box holds a float

    def to_record(self) -> dict[str, object]:
        return {"baseline": self.baseline, "baseline_label": self.baseline_words, "threshold": float(self.threshold),
                "min_regions": self.min_regions}


_STATISTICS_KEYS = {k: k for k in ("method", "permutations", "seed", "correction", "alpha", "min_regions")}


@dataclass(frozen=True)
class StatisticsSettings(_Checked):
    """Local statistics: which statistic, permutations, seed (None: a new one each run), the correction for
    testing many regions, the significance level and the smallest cluster."""

    method: str = options.STATISTICS.default
    permutations: int = options.DEFAULT_PERMUTATIONS
    seed: int | None = None
    correction: str = options.CORRECTIONS.default
    alpha: float = options.DEFAULT_ALPHA
    min_regions: int = options.DEFAULT_MIN_REGIONS
    RANGES = {"permutations": ("PERMUTATIONS", "the number of permutations", PERMUTATIONS_RANGE),
              "seed": ("SEED", "the random seed", SEED_RANGE),
              "alpha": ("ALPHA", "the significance level", ALPHA_RANGE), "min_regions": MIN_REGIONS}
    OPTIONAL = frozenset({"seed"})
    CHOICES = {"method": options.STATISTICS, "correction": options.CORRECTIONS}
    PARAMETERS = {"method": "METHOD", "permutations": "PERMUTATIONS", "seed": "SEED", "correction": "CORRECTION",
                  "alpha": "ALPHA", "min_regions": "MIN_REGIONS"}
    STATE = RECORD = _STATISTICS_KEYS  # a record's seed is the one used: the run can be repeated

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> StatisticsSettings:
        """The panel's settings; its alpha spin box's float noise (0.05000000000000001) rounded away."""
        given = _given(state, cls.STATE)
        if "alpha" in given:
            given["alpha"] = round(float(given["alpha"]), 6)  # type: ignore[arg-type]
        return cls(**given)

    def to_state(self) -> dict[str, object]:
        """The panel always has a seed (a reopened project shows the same significant regions): none given is
        the panel's default seed."""
        seed = options.DEFAULT_PANEL_SEED if self.seed is None else self.seed
        return dict(super().to_state(), seed=seed)

    def to_record(self) -> dict[str, object]:
        return {"method": self.method, "method_label": options.STATISTICS.choice(self.method).words,
                "permutations": self.permutations, "seed": self.seed, "correction": self.correction,
                "correction_label": options.CORRECTIONS.choice(self.correction).words, "alpha": float(self.alpha),
                "min_regions": self.min_regions}


@dataclass(frozen=True)
class ProfileSettings(_Checked):
    """Profile groups: K (or, with ``choose``, the range of K tried), the smallest group, what the groups are
    formed on (``profile``), and whether and how the sector co-location is found (the rule's baseline and
    threshold, clusters of at least two regions).

    The panel has no profile section, so there is no panel state to read or write (``STATE`` is empty).
    profileregions always finds the co-location (fatal only when its outputs are asked for), so ``colocation``
    has no Processing parameter.
    """

    k: int = options.DEFAULT_K
    min_size: int = 1
    choose: bool = False
    k_min: int = 2
    k_max: int = 10
    profile: str = options.PROFILES.default
    baseline: str = options.BASELINES.default
    threshold: float | None = None
    colocation: bool = True
    RANGES = {"k": ("K", "the number of groups", K_RANGE),
              "min_size": ("MIN_SIZE", "the minimum regions per group", MIN_SIZE_RANGE),
              "k_min": ("K_MIN", "the smallest K to try", K_TRY_RANGE),
              "k_max": ("K_MAX", "the largest K to try", K_TRY_RANGE)}
    CHOICES = {"profile": options.PROFILES, "baseline": options.BASELINES}
    PARAMETERS = {"k": "K", "min_size": "MIN_SIZE", "choose": "CHOOSE_K", "k_min": "K_MIN", "k_max": "K_MAX",
                  "profile": "PROFILE", "baseline": "BASELINE", "threshold": "THRESHOLD"}
    # The record keeps the K used (the chosen one with k_chosen), not the range tried.
    RECORD = {"k": "k", "min_size": "min_size", "choose": "k_chosen", "profile": "profile",
              "baseline": "colocation_baseline", "threshold": "colocation_threshold"}
    COLOCATION_MIN_REGIONS = 2

    def __post_init__(self) -> None:
        baseline, threshold = _checked_threshold(self.baseline, self.threshold)
        object.__setattr__(self, "baseline", baseline)
        object.__setattr__(self, "threshold", threshold)
        object.__setattr__(self, "choose", _flag(self.choose))
        object.__setattr__(self, "colocation", _flag(self.colocation))
        super().__post_init__()
        if self.choose and not 2 <= self.k_min <= self.k_max:
            raise SettingsError(tr("The range of group numbers to try must run from at least 2 upwards (got {} to {})."
                                   ).format(self.k_min, self.k_max), code="k_range")

    @property
    def colocation_rule(self) -> RuleSettings:
        """The rule the co-location step runs: this baseline and threshold, clusters of two regions or more."""
        return RuleSettings(self.baseline, self.threshold, self.COLOCATION_MIN_REGIONS)

    @classmethod
    def from_record(cls, meta: Mapping[str, object]) -> ProfileSettings:
        """The settings a profile layer was made with; no co-location keys: it was not made."""
        return cls(**_given(meta, cls.RECORD), colocation="colocation_baseline" in meta)

    def to_record(self) -> dict[str, object]:
        """The record's keys for these settings (the step writes the K used over ``k``); the co-location keys only
        when it is made."""
        out: dict[str, object] = {"k": self.k, "k_chosen": self.choose, "profile": self.profile,
                                  "min_size": self.min_size}
        if self.colocation:
            out.update(colocation_baseline=self.baseline, colocation_threshold=float(self.threshold),
                       colocation_min_regions=self.COLOCATION_MIN_REGIONS)
        return out


def _flag(value: object) -> bool:
    """A yes/no setting as Processing or a saved file may give it: a bool, 0/1, or "true"/"false" text."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes")
    return bool(value)


_MAP_TEXTS = ("title", "subtitle", "attribution")


@dataclass(frozen=True)
class MapSettings(_Checked):
    """How a map is worded and printed: its title, subtitle and attribution, page size, orientation and resolution.

    A text left as None means "the default" (the sector's name, the method and source, the OGL statement), which
    the layout fills in: the steps cannot know the layout's wording. The panel keeps "" for the default; Processing
    leaves a parameter out, and an ATTRIBUTION given as empty text is an empty attribution (the user cleared it).
    """

    title: str | None = None
    subtitle: str | None = None
    attribution: str | None = None
    page_size: str = options.PAGE_SIZES.default
    orientation: str = options.ORIENTATIONS.default
    dpi: int = options.DEFAULT_DPI
    RANGES = {"dpi": ("DPI", "the resolution in dots per inch", DPI_RANGE)}
    CHOICES = {"page_size": options.PAGE_SIZES, "orientation": options.ORIENTATIONS}
    PARAMETERS = {"title": "TITLE", "subtitle": "SUBTITLE", "attribution": "ATTRIBUTION", "page_size": "PAGE_SIZE",
                  "orientation": "ORIENTATION", "dpi": "DPI"}
    STATE = {k: k for k in ("title", "subtitle", "attribution", "page_size", "orientation", "dpi")}

    @classmethod
    def from_parameters(cls, values: Mapping[str, object]) -> MapSettings:
        """From exportmap's parameters: an empty TITLE or SUBTITLE is the default; ATTRIBUTION left out is the
        default, given as empty text it is an empty attribution."""
        given = _given(values, cls.PARAMETERS)
        if values.get("ATTRIBUTION") is not None:
            given["attribution"] = str(values["ATTRIBUTION"])
        return cls(**given)

    @classmethod
    def from_state(cls, state: Mapping[str, object]) -> MapSettings:
        """From the panel's state: an empty text is the default."""
        return cls(**_given(state, cls.STATE))

    def to_state(self) -> dict[str, object]:
        """The panel's keys; a default text as "" (what the panel's fields show for it)."""
        return dict(super().to_state(), **{k: getattr(self, k) or "" for k in _MAP_TEXTS})

    def on_page(self, page_size: str | None = None, orientation: str | None = None) -> MapSettings:
        """These settings on another page (the export dialog's, a kept layout's); None keeps this one's."""
        return replace(self, page_size=page_size or self.page_size, orientation=orientation or self.orientation)

    def spec_fields(self) -> dict[str, object]:
        """The fields a layout spec (``gis.layout.MapSpec``, ``gis.timeline_maps.TimelineMapSpec``) takes from
        these settings; the resolution is the export's, not the layout's."""
        return {"title": self.title or None, "subtitle": self.subtitle or None, "attribution": self.attribution,
                "page_size": self.page_size, "orientation": self.orientation}
