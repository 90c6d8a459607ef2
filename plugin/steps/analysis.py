"""The one shape every analysis step returns, and the columns it adds to the regions.

A step (rule, local statistic, profile) turns ``RegionData`` and a neighbour graph into an ``Analysis``:
per sector the scores, the clusters and the kind's own result, plus the columns to write after the input's
fields. Writers, the panel and the reports read this shape only, whichever step made it.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np

    from ..core.clusters import Cluster
    from ..core.graph import NeighbourGraph
    from .regions import RegionData


@dataclass
class Column:
    """One output field: name, kind (double, int, string), alias, and one value per region (None = NULL)."""

    name: str
    kind: str
    alias: str
    values: list
    length: int = 0
    precision: int = 0


class LazyColumns(Sequence):
    """An analysis's columns, made when first read, and one sector's alone when only that one is asked for.

    A value per region per column is a Python list (what the writers take): for 21 sectors of 34,753 regions
    that is 2.2 million objects and 0.55 s, which the panel paid at every threshold change although it shows
    one sector (``Analysis.sector_columns``); a written layer reads them all, made once.
    """

    def __init__(self, fields: Sequence[str], sector_columns: Callable[[int], list[Column]],
                 tail: Callable[[], list[Column]]):
        self._fields = list(fields)
        self._make, self._tail = sector_columns, tail
        self._sectors: dict[int, list[Column]] = {}
        self._all: list[Column] | None = None

    def for_sector(self, field_name: str) -> list[Column]:
        if field_name not in self._fields:
            return []
        k = self._fields.index(field_name)
        if k not in self._sectors:
            self._sectors[k] = self._make(k)
        return self._sectors[k]

    def _every(self) -> list[Column]:
        if self._all is None:
            self._all = [c for f in self._fields for c in self.for_sector(f)] + self._tail()
        return self._all

    def __getitem__(self, index):
        return self._every()[index]

    def __len__(self) -> int:
        return len(self._every())

    def __iter__(self):
        return iter(self._every())


@dataclass
class SectorOutcome:
    """One analysed sector. ``flags`` for the rule (core.baselines.Flags), ``stats`` for a local statistic."""

    field: str
    label: str
    scores: np.ndarray
    clusters: list[Cluster]
    flags: Any = None
    stats: Any = None  # core.localstats.LocalResult

    @property
    def n_above(self) -> int:
        return int(self.flags.above.sum()) if self.flags is not None else 0

    def counts(self) -> dict[str, int]:
        """Regions per local-statistics type (empty for the rule)."""
        out: dict[str, int] = {}
        for t in (self.stats.types if self.stats is not None else ()):
            out[t] = out.get(t, 0) + 1
        return out


@dataclass
class Analysis:
    """What a step found; nothing is written yet."""

    kind: str  # codes.RULE, MORAN or GISTAR
    data: RegionData
    graph: NeighbourGraph
    sectors: list[SectorOutcome]
    skipped: dict[str, str]  # field -> reason it was not analysed
    settings: dict  # the settings as codes and numbers (also in ``meta``)
    meta: dict
    columns: Sequence[Column]  # a list, or LazyColumns (made when read)
    cluster_attributes: dict  # constant attributes of every cluster record (baseline, threshold / method…)
    notes: list[str] = field(default_factory=list)
    # (sector field, cluster id) -> core.overlay.Crossing when an overlay was given (steps.overlay), else None
    crossings: dict | None = None
    # sector field -> core.globalstats.GlobalMoran, for the local statistics (steps.statistics); plain data the
    # panel can show beside the map
    global_moran: dict = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return self.data.keys

    @property
    def names(self) -> list[str]:
        return self.data.names

    @property
    def regions(self):
        return self.data.regions

    @property
    def tolerance(self) -> float:
        return float(self.settings.get("gap_tolerance", 0.0))

    def sector(self, field_name: str) -> SectorOutcome | None:
        return next((s for s in self.sectors if s.field == field_name), None)

    def sector_columns(self, field_name: str) -> list[Column]:
        """The columns of sector ``field_name`` (F_idx, F_above, F_cluster… or F_stat, F_p…), in output order."""
        if isinstance(self.columns, LazyColumns):
            return self.columns.for_sector(field_name)
        return [c for c in self.columns if c.name.startswith(f"{field_name}_")]


def cluster_id_column(n: int, clusters) -> list:
    """Per region, its cluster id or None."""
    from ..core.clusters import cluster_ids

    ids = cluster_ids(n, clusters)
    out = ids.astype(object)  # Python ints
    out[ids == 0] = None
    return out.tolist()


def numbers(values) -> list:
    """floats with NaN/inf as None (NULL in the output); in numpy, not a Python loop (a column per sector is made
    while the panel waits)."""
    import numpy as np

    values = np.asarray(values, dtype=float)
    out = values.astype(object)  # Python floats
    out[~np.isfinite(values)] = None
    return out.tolist()
