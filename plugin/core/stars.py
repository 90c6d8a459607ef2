"""Cluster strength stars of the European Cluster Observatory.

Each region × sector gets one star per criterion of "specialised critical mass":

* size — the region's employment in the sector is in the top 10 % of regions;
* specialisation — its location quotient is at least 2;
* focus — the sector's share of the region's own employment is in the top 10 % of regions.

"Top 10 %" here, precisely: n = the regions with data for the sector (a count and
a positive total); the top ``ceil(n / 10)`` regions by value get the star (38 LEPs:
4; fewer than 11 regions: 1), and so does every region *tied* with the last one
admitted, because the Observatory ranks regions and a ranking cannot separate
equal values (giving the star to one of two equal regions would depend on row
order; published counts are rounded, so ties do happen). A value of zero never
earns a star, whatever its rank. Specialisation is inclusive (LQ ≥ 2), and the
LQ is the plugin's own (``baselines.flag`` with ``LQ``): national figures from the
reference row when there is one, else sums over regions.

Within one sector, focus and specialisation rank the same ratio (LQ = share /
national share), so they are nested: when the ``ceil(n / 10)``-th highest LQ is at
least 2 every focused region is also specialised, otherwise every specialised
region is also focused.

Pure numpy; the rating is a baseline (``baselines.STARS``) so detect and the
panel treat it as any other.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import numpy as np

from . import baselines
from .baselines import BaselineError

STAR = "★"
CRITERIA = ("size", "specialisation", "focus")
TOP_SHARE_PERCENT = 10  # "top 10 %", as a whole number so the cut-off is exact integer arithmetic
MIN_LQ = 2.0

SOURCE = (
    "Sölvell, Ö., Ketels, C. and Lindqvist, G. (2009) The European Cluster Observatory: EU Cluster Mapping and "
    "Strengthening Clusters in Europe. Europe INNOVA Paper No. 12. European Commission, Enterprise and Industry "
    "Directorate-General. The star criteria (size, specialisation, focus) are also described on the Observatory's "
    "methodology pages, \"Evaluation of regional cluster strength\"."
)
METHOD_TEXT = (
    "Strength stars follow the European Cluster Observatory's rating of \"specialised critical mass\": each region "
    "gets one star per criterion met in a sector. Size: the region's employment in the sector is in the top 10 % of "
    "regions. Specialisation: its location quotient is 2 or more. Focus: the sector's share of the region's own "
    "employment is in the top 10 % of regions. The top 10 % are the first ceil(n / 10) of the n regions with data "
    "(38 LEPs: the top 4; fewer than 11 regions: the top 1), plus every region tied with the last of them; a value "
    "of zero never earns a star. The rating needs employment counts (not shares or ratios) and each region's total "
    "employment; the location quotient uses the national row (e.g. England) when the table has one, as the LQ "
    "baseline does. The Observatory ranked regions across Europe; here the ranking is among the regions analysed, "
    "so the same region can earn different stars against a different set of regions. Later editions of the "
    "Observatory (the European Cluster Panorama) changed the criteria; this is the original three-star rating."
)


class CountDataError(BaselineError):
    """The data are not employment counts (negative, shares, ratios…); the message says why."""


@dataclass
class Stars:
    """The rating of one sector; arrays have one entry per region.

    ``stars`` is 0–3 (float, NaN = no data); the criteria arrays are False where
    there is no data. ``size_cutoff`` / ``focus_cutoff`` are the smallest count /
    share that earned the star (NaN when no region earned it); ``n`` is the number
    of regions with data and ``n_top`` = ceil(n / 10), the rank that sets the cut-offs.
    """

    stars: np.ndarray
    size: np.ndarray
    specialisation: np.ndarray
    focus: np.ndarray
    lq: np.ndarray
    share: np.ndarray
    has_data: np.ndarray
    n: int
    n_top: int
    size_cutoff: float
    focus_cutoff: float

    @property
    def code(self) -> np.ndarray:
        """Criteria as bits (size 1, specialisation 2, focus 4), -1 where no data: one legend class each."""
        return np.where(self.has_data, criteria_code(self.size, self.specialisation, self.focus), -1)

    def labels(self) -> list[Optional[str]]:
        """Words per region (``"★★ size and focus"``), None where no data."""
        return [criteria_words(a, b, c) if h else None
                for a, b, c, h in zip(self.size, self.specialisation, self.focus, self.has_data)]

    def extra(self) -> dict[str, np.ndarray]:
        """What ``baselines.Flags.extra`` carries for the stars baseline."""
        return {"size": self.size, "specialisation": self.specialisation, "focus": self.focus,
                "lq": self.lq, "share": self.share, "code": self.code}


def top_count(n: int) -> int:
    """How many regions make the top 10 %: ceil(n / 10) in integers (38 → 4, 30 → 3, 1–10 → 1, 0 → 0)."""
    n = int(n)
    return 0 if n <= 0 else -(-n * TOP_SHARE_PERCENT // 100)


def top_share_mask(values: np.ndarray, has: np.ndarray) -> tuple[np.ndarray, float]:
    """Regions in the top 10 % of ``values`` among ``has``, ties at the cut-off included; zero never counts.

    Returns the mask and the smallest value that earned the star (the value of
    the ``top_count``-th region unless that is zero; NaN when no region qualifies).
    """
    v = np.asarray(values, dtype=float)
    has = np.asarray(has, dtype=bool) & np.isfinite(v)
    k = top_count(int(has.sum()))
    if k == 0:
        return np.zeros(v.shape, dtype=bool), float("nan")
    cut = float(np.sort(v[has])[::-1][k - 1])
    mask = has & (v >= cut) & (v > 0)
    return mask, (float(v[mask].min()) if mask.any() else float("nan"))


def criteria_code(size, specialisation, focus) -> Union[int, np.ndarray]:
    """Criteria as bits: size 1, specialisation 2, focus 4 (scalars or arrays)."""
    out = (np.asarray(size, dtype=bool) * 1 + np.asarray(specialisation, dtype=bool) * 2
           + np.asarray(focus, dtype=bool) * 4)
    return int(out) if np.ndim(out) == 0 else out.astype(np.int64)


def criteria_words(size: bool, specialisation: bool, focus: bool) -> str:
    """A legend label: ``"★★ size and specialisation"``, ``"★★★ size, specialisation and focus"``, ``"No star"``."""
    met = [name for name, on in zip(CRITERIA, (size, specialisation, focus)) if bool(on)]
    if not met:
        return "No star"
    words = met[0] if len(met) == 1 else ", ".join(met[:-1]) + " and " + met[-1]
    return f"{STAR * len(met)} {words}"


def legend() -> list[tuple[int, str]]:
    """Every combination as (code, words), most stars first, then size before specialisation before focus."""
    combos = [(a, b, c) for a in (True, False) for b in (True, False) for c in (True, False)]
    combos.sort(key=lambda t: (-sum(t), [not x for x in t]))
    return [(criteria_code(*t), criteria_words(*t)) for t in combos]


def check_counts(
    counts: np.ndarray,
    region_totals: np.ndarray,
    reference: Optional[float] = None,
    reference_total: Optional[float] = None,
    label: str = "this sector",
) -> None:
    """Raise :class:`CountDataError` when the data cannot be employment counts.

    Negative values; every value at most 1 with decimals (shares or ratios); a
    region's count above its own total, or the national count above the national
    total (the totals are then not sums of counts); region totals all within 1 %
    of each other while the values have decimals (percentages of each region's
    employment add up to about 100 everywhere). Counts in thousands (12.3) pass.
    """
    x = np.asarray(counts, dtype=float)
    t = np.asarray(region_totals, dtype=float)
    if x.shape != t.shape:
        raise CountDataError(f"Expected one total per region ({x.size}), got {t.size}.")
    vals = x[np.isfinite(x)]
    need = "Strength stars need employment counts per region"
    if np.any(vals < 0) or np.any(t[np.isfinite(t)] < 0):
        raise CountDataError(f"{need}, but {label} has negative values.")
    fractional = bool(np.any(vals != np.round(vals)))
    if vals.size and fractional and vals.max() <= 1:
        raise CountDataError(
            f"{need}, but every value of {label} is at most 1 and some have decimals: these look like shares or "
            "ratios (e.g. location quotients). Use a table of employment counts."
        )
    both = np.isfinite(x) & np.isfinite(t)
    over = both & (x > t * (1 + 1e-9))
    if over.any():
        i = int(np.flatnonzero(over)[0])
        raise CountDataError(
            f"{need}: a region's {label} ({x[i]:g}) is larger than its total employment ({t[i]:g}), so the totals "
            "are not sums of counts. Check that the table holds counts and the totals are the regions' totals."
        )
    if (reference is not None and reference_total is not None and np.isfinite(reference)
            and np.isfinite(reference_total) and reference > reference_total * (1 + 1e-9)):
        raise CountDataError(
            f"{need}: the national {label} ({reference:g}) is larger than the national total ({reference_total:g})."
        )
    tot = t[both & (t > 0)]
    if fractional and tot.size >= 3:
        mid = float(np.median(tot))
        if np.all(np.abs(tot - mid) <= 0.01 * mid):
            raise CountDataError(
                f"{need}, but every region's total is about {mid:g} and the values have decimals: these look like "
                "percentages of each region's employment. Use a table of employment counts."
            )


def star_rating(
    counts: np.ndarray,
    region_totals: np.ndarray,
    reference: Optional[float] = None,
    reference_total: Optional[float] = None,
    label: str = "this sector",
) -> Stars:
    """Strength stars of one sector: ``counts`` and ``region_totals`` per region (NaN = no data).

    ``reference`` / ``reference_total`` are the national sector count and
    national total (e.g. the England row); without them the location quotient
    uses the sums over regions, exactly as the LQ baseline. A region has data
    when its count is known and its total is positive; otherwise its stars are
    NaN and no criterion is met. Raises :class:`CountDataError` for data that are
    not counts and :class:`~plugin.core.baselines.BaselineError` when the sector
    has no data or no employment nationally.
    """
    x = np.asarray(counts, dtype=float)
    if region_totals is None:
        raise BaselineError("Strength stars need each region's total employment (over all sectors).")
    t = np.asarray(region_totals, dtype=float)
    check_counts(x, t, reference, reference_total, label)
    lq_flags = baselines.flag(x, baselines.LQ, against=baselines.Reference(reference, t, reference_total),
                              label=label)
    has = lq_flags.has_data
    lq = lq_flags.index
    share = np.full(x.shape, np.nan)
    share[has] = x[has] / t[has]
    size, size_cut = top_share_mask(x, has)
    focus, focus_cut = top_share_mask(share, has)
    # Exact comparison is safe at 2: LQ = fl(x / t) / fl(N / T), and when x / t is exactly twice N / T
    # the rounded quotients are exactly twice each other (scaling by 2 commutes with rounding).
    spec = has & (np.nan_to_num(lq, nan=-np.inf) >= MIN_LQ)
    stars = np.full(x.shape, np.nan)
    stars[has] = (size.astype(int) + spec.astype(int) + focus.astype(int))[has]
    n = int(has.sum())
    return Stars(stars=stars, size=size, specialisation=spec, focus=focus, lq=lq, share=share, has_data=has,
                 n=n, n_top=top_count(n), size_cutoff=size_cut, focus_cutoff=focus_cut)
