"""Which regions are above the baseline in a sector.

Each method turns a column of scores into an index and an above flag. Regions
without a score are no data (NaN index, flag undefined), never "below".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from .codes import BASELINES as METHODS
from .codes import DEFAULT_THRESHOLD, LQ, MEAN, MEDIAN, NATIONAL, PERCENTILE, STARS, ZSCORE
from .errors import UserError

__all__ = ["LQ", "MEAN", "MEDIAN", "METHODS", "NATIONAL", "NEEDS_TOTALS", "PERCENTILE", "STARS", "ZSCORE",
           "BaselineError", "DEFAULT_THRESHOLD", "Flags", "Reference", "flag"]
# Methods that need each region's total over all sectors (and use the reference row's total).
NEEDS_TOTALS = (LQ, STARS)


class BaselineError(UserError):
    """The baseline cannot be computed for this data; the message says why."""

    code = "baseline"


@dataclass
class Flags:
    index: np.ndarray  # float, NaN = no data
    above: np.ndarray  # bool, False where no data
    has_data: np.ndarray  # bool
    baseline: float  # the value the index is relative to (mean, median, cut-off…); NaN for LQ and stars
    # Per-region arrays a method adds beside the index. Stars: "size", "specialisation",
    # "focus" (bool, False where no data), "lq", "share" (float) and "code" (criteria bits, -1 no data).
    extra: dict[str, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class Reference:
    """What a sector is compared with besides the regions themselves: the reference (national) value of the
    sector (``value``: the national baseline's value, the LQ's and the stars' national sector count), each
    region's total over all sectors (``region_totals``: LQ and stars) and the reference total (``total``).
    A missing national figure is the sum over the regions."""

    value: Optional[float] = None
    region_totals: Optional[np.ndarray] = None
    total: Optional[float] = None


def flag(
    scores: np.ndarray,
    method: str = MEAN,
    threshold: Optional[float] = None,
    against: Optional[Reference] = None,
    label: str = "this sector",
) -> Flags:
    """Index and above-flag of each region for one sector.

    ratio methods (mean, median, national, LQ): above when index > threshold;
    z-score: above when z >= threshold (population sd, as scipy.stats.zscore);
    percentile: above when score >= the threshold-th percentile, index = score / cut-off;
    stars: index = strength stars 0–3 (see plugin/core/stars.py), above when stars >= threshold
    (1, 2 or 3), the criteria in ``Flags.extra``. ``against``: the national value (national baseline) and, for
    LQ and stars, each region's total over all sectors and the national sector and total counts; without them
    the national figures are the sums over regions.
    """
    against = against or Reference()
    reference, region_totals, reference_total = against.value, against.region_totals, against.total
    if method not in METHODS:
        raise BaselineError(f"Unknown baseline {method!r}.")
    thr = DEFAULT_THRESHOLD[method] if threshold is None else float(threshold)
    x = np.asarray(scores, dtype=float)
    has = np.isfinite(x)
    if not has.any():
        raise BaselineError(f"No region has a score for {label}.")
    vals = x[has]
    index = np.full(x.shape, np.nan)
    base = float("nan")
    if method in (MEAN, MEDIAN, NATIONAL):
        if method == MEAN:
            base = float(vals.mean())
        elif method == MEDIAN:
            base = float(np.median(vals))
        else:
            if reference is None or not np.isfinite(reference):
                raise BaselineError(
                    f"The national/reference baseline needs a reference row (e.g. England) in the table for {label}."
                )
            base = float(reference)
        if base == 0:
            raise BaselineError(f"The baseline for {label} is zero, so ratios cannot be computed.")
        index[has] = vals / base
        above = has & (np.nan_to_num(index, nan=-np.inf) > thr)
    elif method == LQ:
        if region_totals is None:
            raise BaselineError("The location quotient needs each region's total over all sectors.")
        totals = np.asarray(region_totals, dtype=float)
        if np.any(vals < 0):
            raise BaselineError(f"Location quotients need counts, but {label} has negative values.")
        nat_sector = float(reference) if reference is not None and np.isfinite(reference) else float(vals.sum())
        usable = has & np.isfinite(totals) & (totals > 0)
        nat_total = (
            float(reference_total)
            if reference_total is not None and np.isfinite(reference_total)
            else float(totals[usable].sum())
        )
        if nat_sector <= 0 or nat_total <= 0:
            raise BaselineError(f"{label} has no employment nationally, so location quotients are undefined.")
        base = nat_sector / nat_total
        index[usable] = (x[usable] / totals[usable]) / base
        has = usable
        above = has & (np.nan_to_num(index, nan=-np.inf) > thr)
    elif method == STARS:
        from .stars import star_rating  # stars.py uses this module for the LQ

        if thr not in (1.0, 2.0, 3.0):
            raise BaselineError(f"Strength stars >= k needs k = 1, 2 or 3 (got {threshold:g}).")
        if region_totals is None:
            raise BaselineError("Strength stars need each region's total employment over all sectors.")
        rating = star_rating(x, region_totals, reference, reference_total, label)
        has = rating.has_data
        index = rating.stars
        above = has & (np.nan_to_num(index, nan=-np.inf) >= thr)
        return Flags(index=index, above=above, has_data=has, baseline=base, extra=rating.extra())
    elif method == ZSCORE:
        sd = float(vals.std())
        if sd == 0:
            raise BaselineError(f"All regions have the same score for {label}, so z-scores are undefined.")
        base = float(vals.mean())
        index[has] = (vals - base) / sd
        above = has & (np.nan_to_num(index, nan=-np.inf) >= thr)
    else:
        if not 0 <= thr <= 100:
            raise BaselineError("The percentile threshold must be between 0 and 100.")
        base = float(np.percentile(vals, thr))
        if base == 0:
            index[has] = np.where(vals > 0, np.inf, 1.0)
        else:
            index[has] = vals / base
        above = has & (np.nan_to_num(x, nan=-np.inf) >= base)
    return Flags(index=index, above=above, has_data=has, baseline=base)
