"""The core of joining scores to regions (``join_scores``, safe field names, key checks) and of the rule
(``detect``: above-baseline flags and multi-region clusters per sector).

Pure Python (numpy, no QGIS): ``steps.join`` and ``steps.rule`` wrap these for every front end, so there is one
implementation of each.
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Mapping, Optional, Sequence

import numpy as np

from . import baselines
from .clusters import Cluster, find_clusters
from .gc_pause import with_collector_paused
from .graph import NeighbourGraph
from .matching import REFERENCE_ROW, MatchResult, match
from .tables import ScoreTable, identifier_note, looks_like_reference

_VALID_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")
SUFFIXES = ("_idx", "_above", "_cluster")


def safe_field_names(labels: Sequence[str], existing: Sequence[str] = ()) -> list[str]:
    """Field names for sector labels: valid names kept as they are, others made safe.

    Clashes (case-insensitive, as GeoPackage and shapefiles treat names) get _2, _3…
    """
    taken = {e.lower() for e in existing}
    out = []
    for label in labels:
        name = label if _VALID_NAME.match(label) else _make_safe(label)
        base, n = name, 2
        while name.lower() in taken:
            name = f"{base[:58]}_{n}"
            n += 1
        taken.add(name.lower())
        out.append(name)
    return out


def _make_safe(label: str) -> str:
    t = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    t = re.sub(r"[^A-Za-z0-9]+", "_", t).strip("_")
    if not t:
        t = "sector"
    if t[0].isdigit():
        t = "s" + t
    return t[:50].rstrip("_")


@dataclass
class JoinResult:
    """The joined scores, and what a user must be told about the match.

    ``duplicate_keys``: key -> indices (layer order) of the features sharing it; each of
    them got the row's scores. ``null_keys``: indices of features with a NULL/empty key
    (no data). ``identifier_columns``: table column -> why it was taken for an
    identifier and not joined (from the table, and those found against the layer's keys).
    """

    labels: list[str]
    fields: list[str]
    values: np.ndarray  # features x sectors, NaN where unmatched or no data
    match: MatchResult
    reference_key: Optional[str]
    reference: Optional[dict[str, float]]  # field name -> value
    notes: list[str] = field(default_factory=list)
    duplicate_keys: dict[str, list[int]] = field(default_factory=dict)
    null_keys: list[int] = field(default_factory=list)
    identifier_columns: dict[str, str] = field(default_factory=dict)


def key_warnings(result: JoinResult, feature_ids: Optional[Sequence[int]] = None) -> list[str]:
    """Plain-words warnings on duplicate and missing keys, naming the features (by id when given)."""
    def name(i: int) -> str:
        return str(feature_ids[i]) if feature_ids is not None else f"#{i + 1}"

    out = []
    for key, group in result.duplicate_keys.items():
        ids = ", ".join(name(i) for i in group)
        matched = any(group[0] == f for f in result.match.row_to_feature.values())
        what = "each gets the row's scores" if matched else "none has a row in the table"
        out.append(f"Key {key!r} is on {len(group)} features (feature ids {ids}): {what}. "
                   "A region stored as several features (islands) is fine; otherwise fix the layer.")
    if result.null_keys:
        ids = ", ".join(name(i) for i in result.null_keys[:20]) + (" …" if len(result.null_keys) > 20 else "")
        out.append(f"{len(result.null_keys)} feature(s) have no key (NULL or empty; feature ids {ids}): "
                   "they get no data.")
    return out


def _canonical(value) -> str:
    """A key or cell as a code: ``"06"``, ``"6"`` and ``"6.0"`` are the same code."""
    t = str(value).strip()
    try:
        f = float(t)
    except ValueError:
        return t.lower()
    return str(int(f)) if f.is_integer() else t


def key_like_columns(table: ScoreTable, result: MatchResult, feature_values: Sequence[Sequence[str]],
                     skip: Sequence[str] = ()) -> dict[str, str]:
    """Sector columns that hold, row by row, the matched feature's own key or code as a whole number
    (in at least 80 % of the matched rows with a value, and at least three): an integer code column
    such as STATE_FIPS = 6 for the feature keyed "06". A rank or count equals a row's code only by chance.

    Each matched feature's codes are made canonical once, and a column stops being looked at as soon as
    more than a fifth of its values have missed (one pass over 35,000 x 21 cells, not a set per cell).
    """
    out: dict[str, str] = {}
    if not result.row_to_feature or not table.sectors:
        return out
    rows = np.fromiter(result.row_to_feature, dtype=np.intp, count=len(result.row_to_feature))
    features = [result.row_to_feature[r] for r in rows.tolist()]
    codes: dict[int, set[str]] = {}
    for j, label in enumerate(table.sectors):
        if label in skip:
            continue
        column = table.values[rows, j]
        finite = np.isfinite(column)
        checked = int(np.count_nonzero(finite))
        if checked < 3:
            continue
        allowed_misses = checked - math.ceil(0.8 * checked)
        whole = finite & (column == np.round(column))
        misses = checked - int(np.count_nonzero(whole))  # a fraction is never a code
        if misses > allowed_misses:
            continue
        hits = 0
        for i in np.flatnonzero(whole).tolist():
            v = column[i]
            f = features[i]
            own = codes.get(f)
            if own is None:
                own = codes[f] = {_canonical(x) for x in feature_values[f] if x}
            if str(int(v)) in own:
                hits += 1
            else:
                misses += 1
                if misses > allowed_misses:
                    break
        if misses <= allowed_misses:
            out[label] = f"its values are the matched regions' own codes ({hits} of {checked} rows)"
    return out


class _FeatureCodes:
    """Feature ``f``'s key and names as ``[key, *names]``, made when asked (most joins ask for none)."""

    def __init__(self, keys: Sequence[str], names: Optional[Sequence[Sequence[str]]]):
        self.keys, self.names = keys, names

    def __getitem__(self, f: int) -> list[str]:
        return [str(self.keys[f]), *((self.names[f] or []) if self.names else [])]

    def __len__(self) -> int:
        return len(self.keys)


def drop_sectors(table: ScoreTable, labels: Sequence[str]) -> ScoreTable:
    """A copy of ``table`` without the sector columns ``labels``."""
    from dataclasses import replace

    keep = [j for j, s in enumerate(table.sectors) if s not in set(labels)]
    reference = None if table.reference is None else {s: v for s, v in table.reference.items() if s not in labels}
    return replace(table, sectors=[table.sectors[j] for j in keep], values=table.values[:, keep],
                   reference=reference)


@with_collector_paused
def join_scores(
    table: ScoreTable,
    feature_keys: Sequence[str],
    feature_names: Optional[Sequence[Sequence[str]]] = None,
    aliases: Optional[Mapping[str, str]] = None,
    existing_fields: Sequence[str] = (),
    key_field: Optional[str] = None,
) -> JoinResult:
    """Match the table to the features and spread its scores over them.

    Sector columns that turn out to be identifiers against the layer (named like the
    layer's ``key_field``, or holding its keys or other codes as whole numbers) are
    dropped with a note, unless the user forced them (``table.forced``). Every feature
    sharing a duplicated key gets the row's scores (see ``JoinResult``).
    """
    notes = list(table.notes)
    skip: dict[int, str] = {}
    levels = [g for g in table.geography if g]
    if len(set(levels)) > 1:
        # A Nomis export can hold several geography levels; use the one that matches.
        best, best_hits = None, -1
        for level in sorted(set(levels)):
            rows = [i for i, g in enumerate(table.geography) if g == level]
            hits = match([table.keys[i] for i in rows], feature_keys, feature_names, aliases,
                         candidates=False).matched_features
            if hits > best_hits:
                best, best_hits = level, hits
        for i, g in enumerate(table.geography):
            if g and g != best:
                skip[i] = f"other geography level ({g})"
        notes.append(
            f"The table holds several geography levels ({', '.join(sorted(set(levels)))}); "
            f"used '{best}', {len(skip)} rows of other levels are listed as unmatched."
        )
    result = match(table.keys, feature_keys, feature_names, aliases, skip)

    identifiers = dict(table.identifiers)
    found = key_like_columns(table, result, _FeatureCodes(feature_keys, feature_names), table.forced)
    if key_field:
        for label in table.sectors:
            if label.strip().lower() == key_field.strip().lower() and label not in table.forced:
                found.setdefault(label, "it is named like the layer's key field")
    if found and len(found) < len(table.sectors):  # never drop every column: then they are the scores
        for label, why in found.items():
            notes.append(identifier_note(label, why))
        identifiers.update(found)
        table = drop_sectors(table, list(found))

    reference_key, reference_values = table.reference_key, table.reference
    if reference_values is None:
        for u in list(result.unmatched_rows):
            if looks_like_reference(u.key):
                r = table.keys.index(u.key)
                reference_key = u.key
                reference_values = dict(zip(table.sectors, table.values[r]))
                u.reason = "used as the national/reference row"
                u.code = REFERENCE_ROW
                u.candidates = []
                notes.append(f"Row {u.key!r} is used as the national/reference value.")
                break

    fields = safe_field_names(table.sectors, existing_fields)
    values = np.full((len(feature_keys), len(table.sectors)), np.nan)
    for r in result.row_to_feature:
        values[result.features_of(r)] = table.values[r]
    reference = (
        {fname: float(reference_values[label]) for fname, label in zip(fields, table.sectors)}
        if reference_values
        else None
    )
    methods = Counter(result.how.values())
    if methods:
        notes.append("Matched by " + ", ".join(f"{m}: {n}" for m, n in sorted(methods.items())) + ".")
    return JoinResult(table.sectors, fields, values, result, reference_key, reference, notes,
                      result.duplicate_keys, result.null_keys, identifiers)


@dataclass
class SectorResult:
    field: str
    label: str
    scores: np.ndarray
    flags: baselines.Flags
    clusters: list[Cluster]

    @property
    def n_above(self) -> int:
        return int(self.flags.above.sum())


def region_totals(values: np.ndarray) -> np.ndarray:
    """Each region's total over all sectors (NaN when it has no data at all)."""
    has = np.isfinite(values).any(axis=1)
    totals = np.nansum(values, axis=1)
    totals[~has] = np.nan
    return totals


@dataclass(frozen=True)
class SectorTable:
    """The scores the rule flags: ``values`` (features × ``fields``), the fields' labels, each feature's region
    key, and for the national baseline, LQ and strength stars the reference row (field → value), each region's
    total over all sectors (default: over ``fields``) and the reference's total (default: the reference row's sum)."""

    values: np.ndarray
    fields: Sequence[str]
    labels: Sequence[str]
    keys: Sequence[str]
    reference: Optional[Mapping[str, float]] = None
    totals: Optional[np.ndarray] = None
    reference_total: Optional[float] = None


def detect(
    table: SectorTable,
    graph: NeighbourGraph,
    method: str = baselines.MEAN,
    threshold: Optional[float] = None,
    min_regions: int = 2,
) -> tuple[list[SectorResult], dict[str, str]]:
    """Above-baseline regions and their multi-region clusters for each field of ``table``.

    The stars' criteria are in each result's ``flags.extra``. Returns the results and, per field that cannot be
    analysed (no data, all zero…), the reason; a field that fails does not stop the others, but if all fail the
    first reason is raised.
    """
    values, fields, labels, keys = table.values, table.fields, table.labels, table.keys
    reference, totals, reference_total = table.reference, table.totals, table.reference_total
    if method in baselines.NEEDS_TOTALS and totals is None:
        totals = region_totals(values)
    if method in baselines.NEEDS_TOTALS and reference_total is None and reference:
        reference_total = float(np.nansum(list(reference.values())))
    out: list[SectorResult] = []
    skipped: dict[str, str] = {}
    first_error: Optional[baselines.BaselineError] = None
    for j, (fname, label) in enumerate(zip(fields, labels)):
        col = np.asarray(values[:, j], dtype=float)
        ref = None if reference is None else reference.get(fname)
        try:
            flags = baselines.flag(col, method, threshold, baselines.Reference(ref, totals, reference_total), label)
        except baselines.BaselineError as exc:
            skipped[fname] = str(exc)
            # without its traceback: kept, it would hold this frame and every caller's (their layers and
            # snapshots) in a reference cycle until the garbage collector runs
            first_error = first_error or exc.with_traceback(None)
            continue
        clusters = find_clusters(graph, flags.above, keys, min_regions)
        out.append(SectorResult(fname, label, col, flags, clusters))
    if not out and first_error is not None:
        raise first_error
    return out, skipped
