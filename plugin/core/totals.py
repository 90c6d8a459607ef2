"""Each region's total employment over all sectors, when a table holds two classifications of the same jobs.

The location quotient and the strength stars divide a region's sector count by the region's total. The
plugin takes that total as the sum over every sector field the join wrote; but a Nomis BRES export
"by industry" holds the 21 SIC 2007 sections (``A : …`` to ``U : …``) *and* the 18 broad industry groups
(``1 : …`` to ``18 : …``), two classifications of the same employment, so the plain sum counts every job
twice. For the LQ the factor of two nearly cancels, but not exactly (the two classifications are rounded
separately), and a share ranked for the stars' focus criterion can change places with its neighbour.

Rule: labels coded the Nomis way (``<code> : <name>``) fall into families by the kind of code, letters
(sections) or numbers (broad groups). When there are two or more families of at least two fields each and,
for every region with data in all of them, their sums agree within 5 % (published counts are rounded
separately: 2.7 % is the widest gap in BRES 2015-2020, for a small NUTS3 area), they are taken to classify
the same employment and the total is the sum of the family that comes first in the table (the sections in
a Nomis export). Otherwise every field counts. Pure Python and numpy.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Optional

import numpy as np

AGREEMENT = 0.05  # the families' sums agree within 5 % of the larger one, region by region
_CODE = re.compile(r"^\s*(?:(?P<letters>[A-Za-z]{1,2})|(?P<digits>\d{1,3}))\s*:\s*\S")


def code_family(label: str) -> Optional[str]:
    """'letters' for "C : Manufacturing", 'digits' for "3 : Manufacturing (C)", None for other labels."""
    m = _CODE.match(str(label))
    if not m:
        return None
    return "letters" if m.group("letters") else "digits"


def families(labels: Sequence[str]) -> dict[str, list[int]]:
    """Column indices per code family, in the order the families first appear in ``labels``."""
    out: dict[str, list[int]] = {}
    for j, label in enumerate(labels):
        fam = code_family(label)
        if fam is not None:
            out.setdefault(fam, []).append(j)
    return out


def total_columns(labels: Sequence[str], values: np.ndarray) -> tuple[list[int], Optional[str]]:
    """The columns of ``values`` (regions × fields, NaN = no data) whose sum is each region's total.

    Returns the column indices and a sentence for the log when only one classification is summed
    (None when every column counts).
    """
    x = np.asarray(values, dtype=float)
    every = list(range(x.shape[1] if x.ndim == 2 else 0))
    fams = {k: v for k, v in families(labels).items() if len(v) >= 2}
    if len(fams) < 2:
        return every, None
    sums = []
    for cols in fams.values():
        block = x[:, cols]
        s = np.nansum(block, axis=1)
        s[~np.isfinite(block).any(axis=1)] = np.nan
        sums.append(s)
    stacked = np.vstack(sums)
    both = np.isfinite(stacked).all(axis=0)
    if not both.any():
        return every, None
    top = np.nanmax(stacked[:, both], axis=0)
    spread = np.nanmax(stacked[:, both], axis=0) - np.nanmin(stacked[:, both], axis=0)
    if np.any(spread > AGREEMENT * np.maximum(top, 0)):
        return every, None
    (first, chosen), *others = fams.items()
    n_other = sum(len(cols) for _, cols in others)
    note = (f"Region totals (for location quotients and strength stars) are the sum of the {len(chosen)} fields "
            f"coded like '{labels[chosen[0]]}'; the table's {n_other} other coded fields classify the same "
            f"employment another way (their sums agree within {AGREEMENT:.0%} in every region), so adding them "
            "too would count every job twice.")
    return chosen, note
