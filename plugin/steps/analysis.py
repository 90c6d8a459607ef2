"""The one shape every analysis step returns, and the columns it adds to the regions.

A step (rule, local statistic, profile) turns ``RegionData`` and a neighbour graph into an ``Analysis``:
per sector the scores, the clusters and the kind's own result, plus the columns to write after the input's
fields. Writers, the panel and the reports read this shape only, whichever step made it.
"""
from __future__ import annotations

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
    columns: list[Column]
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


def cluster_id_column(n: int, clusters) -> list:
    """Per region, its cluster id or None."""
    from ..core.clusters import cluster_ids

    return [int(c) if c else None for c in cluster_ids(n, clusters)]


def numbers(values) -> list:
    """floats with NaN/inf as None (NULL in the output)."""
    import numpy as np

    return [float(v) if np.isfinite(v) else None for v in values]
