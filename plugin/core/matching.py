"""Matching table rows to regions: exact code, then normalised name, then aliases.

A row matches a feature by the feature's key (exact), or by any of the feature's
name-like values after normalisation (case, accents, ``&``/``and``, punctuation,
spacing, a leading "The"), or through the user's alias table. Nothing is
guessed: what does not match is listed with its closest candidates.
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Optional, Sequence

EXACT, NAME, ALIAS = "code", "name", "alias"
# Why a row or region is unmatched, as a code (the reason text is for people and may be reworded).
NO_MATCH, SAME_REGION, OTHER_LEVEL, REFERENCE_ROW, NO_ROW = (
    "no_match", "same_region", "other_level", "reference_row", "no_row")
FIXABLE = frozenset({NO_MATCH, SAME_REGION})  # a user may fix these by picking the region
_CODE_AND_NAME = re.compile(r"^([A-Z]{1,3}\d[A-Z0-9]{1,9})\s+(.+)$")


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text: str) -> str:
    """Case, accents, ``&``/``+`` as "and", punctuation and spacing, and a leading "The" do not count."""
    t = str(text)
    if not t.isascii():
        t = unicodedata.normalize("NFKD", t).encode("ascii", "ignore").decode("ascii")
    t = _NOT_WORD.sub(" ", t.lower().replace("&", " and ").replace("+", " and ")).strip()
    return t[4:] if t.startswith("the ") else t


def key_variants(key: str) -> list[str]:
    """A Nomis key like ``UKG13 Warwickshire`` is both a code and a name."""
    key = key.strip()
    out = [key]
    m = _CODE_AND_NAME.match(key)
    if m:
        out += [m.group(1), m.group(2)]
    return out


@dataclass
class Candidate:
    key: str
    label: str
    score: float


@dataclass
class Unmatched:
    source: str  # "table" or "layer"
    key: str
    reason: str
    candidates: list[Candidate] = field(default_factory=list)
    code: str = NO_MATCH

    @property
    def fixable(self) -> bool:
        """A table row the user may match by hand (not another geography level, not the reference row)."""
        return self.source == "table" and self.code in FIXABLE


@dataclass
class MatchResult:
    """How table rows met features.

    A key held by several features (``duplicate_keys``: key -> feature indices, in
    layer order) is one region stored as several features (islands, a split
    boundary) or a mistake in the layer: every one of those features gets the
    row's scores (``features_of``) and the caller warns, naming them. Features
    with a NULL or empty key (``null_keys``) match no row and get no data.
    """

    row_to_feature: dict[int, int]  # table row index -> first feature index with that key or name
    how: dict[int, str]  # table row index -> EXACT / NAME / ALIAS
    unmatched_rows: list[Unmatched]
    unmatched_features: list[Unmatched]
    n_rows: int
    n_features: int
    duplicate_keys: dict[str, list[int]] = field(default_factory=dict)
    null_keys: list[int] = field(default_factory=list)

    def features_of(self, row: int) -> list[int]:
        """Every feature the row's scores go to (one, or all features sharing the key)."""
        f = self.row_to_feature.get(row)
        if f is None:
            return []
        if not self.duplicate_keys:
            return [f]
        groups = self.__dict__.get("_group_of")
        if groups is None:  # built once: a join asks for every row
            groups = self.__dict__["_group_of"] = {i: g for g in self.duplicate_keys.values() for i in g}
        return list(groups.get(f, [f]))

    @property
    def matched_features(self) -> int:
        return len({f for r in self.row_to_feature for f in self.features_of(r)})

    def summary(self) -> str:
        return (
            f"{self.matched_features} of {self.n_features} regions matched "
            f"({len(self.row_to_feature)} of {self.n_rows} table rows)"
        )


def read_aliases(rows: Iterable[Sequence[str]]) -> dict[str, str]:
    """Alias table rows ``(table value, layer key or name)``; a header row is allowed. A value the plugin wrote
    with a leading ' (``core.safecsv``: ``'=x`` so no spreadsheet takes it for a formula) is read as ``=x``."""
    from .safecsv import restore

    out: dict[str, str] = {}
    for row in rows:
        cells = [restore(str(c).strip()) for c in row if str(c).strip()]
        if len(cells) < 2:
            continue
        out[normalise(cells[0])] = cells[1]
    return out


def match(
    table_keys: Sequence[str],
    feature_keys: Sequence[str],
    feature_names: Optional[Sequence[Sequence[str]]] = None,
    aliases: Optional[Mapping[str, str]] = None,
    skip_rows: Optional[Mapping[int, str]] = None,
    candidates: bool = True,
) -> MatchResult:
    """Match ``table_keys`` to features.

    feature_names: per feature, other identifying values (e.g. the name field)
    tried after the key. aliases: normalised table value -> feature key or name.
    skip_rows: rows not to match (another geography level of the table), with the reason.
    candidates: False skips the closest-candidate search (for quick probes).
    """
    names = feature_names or [[] for _ in feature_keys]
    by_code: dict[str, int] = {}
    groups: dict[str, list[int]] = {}
    null_keys: list[int] = []
    for i, key in enumerate(feature_keys):
        if key is None or str(key).strip() == "":
            null_keys.append(i)
            continue
        code = str(key).strip()
        groups.setdefault(code, []).append(i)
        by_code.setdefault(code, i)
    by_name = _NameIndex(feature_keys, names)
    duplicate_keys = {k: g for k, g in groups.items() if len(g) > 1}
    twin_of = {i: g for g in duplicate_keys.values() for i in g}
    aliases = {normalise(k): v for k, v in (aliases or {}).items()}
    skip_rows = skip_rows or {}

    row_to_feature: dict[int, int] = {}
    how: dict[int, str] = {}
    unmatched_rows: list[Unmatched] = []
    taken: dict[int, int] = {}
    for r, key in enumerate(table_keys):
        if r in skip_rows:
            unmatched_rows.append(Unmatched("table", key, skip_rows[r], code=OTHER_LEVEL))
            continue
        found, method = _find(key, by_code, by_name, aliases)
        if found is None:
            unmatched_rows.append(Unmatched("table", key, "no region with this code or name", [], NO_MATCH))
            continue
        if found in taken:
            other = table_keys[taken[found]]
            unmatched_rows.append(
                Unmatched("table", key, f"matches the same region as table row {other!r}", [], SAME_REGION)
            )
            continue
        for f in twin_of.get(found, [found]):
            taken[f] = r
        row_to_feature[r] = found
        how[r] = method

    if not candidates:
        return MatchResult(row_to_feature, how, unmatched_rows, [], len(table_keys), len(feature_keys),
                           duplicate_keys, null_keys)
    searched = [u for u in unmatched_rows if not u.candidates and u.code != OTHER_LEVEL]
    # the layer's labels only when a row looks for its closest regions (150,000 of them cost 0.15 s)
    labels = [_label(feature_keys[i], names[i]) for i in range(len(feature_keys))] if searched else []
    nulls = set(null_keys)
    free = [i for i in range(len(feature_keys)) if i not in taken and i not in nulls]
    for u in searched:
        u.candidates = _closest(u.key, free, feature_keys, names, labels)
    unmatched_features = []
    open_rows = [r for r in range(len(table_keys)) if r not in row_to_feature and r not in skip_rows]
    listed: set[str] = set()
    for i in free:
        key = str(feature_keys[i]).strip()
        if key in listed:  # a duplicated key is listed once
            continue
        listed.add(key)
        cands = _closest_rows(feature_keys[i], names[i], open_rows, table_keys)
        unmatched_features.append(Unmatched("layer", str(feature_keys[i]), "no row in the table", cands, NO_ROW))
    return MatchResult(row_to_feature, how, unmatched_rows, unmatched_features, len(table_keys), len(feature_keys),
                       duplicate_keys, null_keys)


class _NameIndex:
    """Normalised key and name -> the first feature with it; built on the first look-up, so a table whose every
    row matches by code never normalises 150,000 names. A name on features of different keys is ambiguous and
    left out; on the features of one key it is that key's."""

    def __init__(self, feature_keys: Sequence[str], names: Sequence[Sequence[str]]):
        self.feature_keys, self.names = feature_keys, names
        self._index: Optional[dict[str, int]] = None

    def _built(self) -> dict[str, int]:
        if self._index is None:
            index: dict[str, int] = {}
            ambiguous: set[str] = set()
            for i, (key, extra) in enumerate(zip(self.feature_keys, self.names)):
                if key is None or str(key).strip() == "":
                    continue
                code = str(key).strip()
                for value in [key, *extra]:
                    if value is None or str(value).strip() == "":
                        continue
                    n = normalise(str(value))
                    if n in index and str(self.feature_keys[index[n]]).strip() != code:
                        ambiguous.add(n)
                    index.setdefault(n, i)
            for n in ambiguous:
                index.pop(n, None)
            self._index = index
        return self._index

    def __contains__(self, name: str) -> bool:
        return name in self._built()

    def __getitem__(self, name: str) -> int:
        return self._built()[name]


def _find(key: str, by_code, by_name, aliases) -> tuple[Optional[int], str]:
    if key in by_code:  # the usual row: its key exactly as the layer has it (key_variants' first variant)
        return by_code[key], EXACT
    variants = key_variants(key)
    for v in variants:
        if v in by_code:
            return by_code[v], EXACT
    for v in variants:
        n = normalise(v)
        if n in by_name:
            return by_name[n], NAME
    for v in variants:
        target = aliases.get(normalise(v))
        if target is not None:
            if target.strip() in by_code:
                return by_code[target.strip()], ALIAS
            if normalise(target) in by_name:
                return by_name[normalise(target)], ALIAS
    return None, ""


def _label(key, extra: Sequence[str]) -> str:
    names = [str(x) for x in extra if x not in (None, "") and str(x) != str(key)]
    return f"{key} ({names[0]})" if names else str(key)


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, normalise(a), normalise(b)).ratio()


def _closest(key: str, free: Sequence[int], feature_keys, names, labels, top: int = 3) -> list[Candidate]:
    scored = []
    for i in free:
        best = max(
            (_similarity(v, x) for v in key_variants(key) for x in [feature_keys[i], *names[i]] if x not in (None, "")),
            default=0.0,
        )
        scored.append(Candidate(str(feature_keys[i]), labels[i], round(best, 3)))
    scored.sort(key=lambda c: (-c.score, c.key))
    return scored[:top]


def _closest_rows(fkey, fnames, open_rows: Sequence[int], table_keys, top: int = 3) -> list[Candidate]:
    scored = []
    for r in open_rows:
        best = max(
            (_similarity(table_keys[r], x) for x in [fkey, *fnames] if x not in (None, "")),
            default=0.0,
        )
        scored.append(Candidate(table_keys[r], table_keys[r], round(best, 3)))
    scored.sort(key=lambda c: (-c.score, c.key))
    return scored[:top]
