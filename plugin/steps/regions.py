"""The regions as every analysis step reads them (``RegionData``), and the one function that builds them.

Three front ends hand the steps their regions: a joined layer read back (``gis.reading.read_region_data``),
the timeline's join of each period (``steps.timeline``) and the panel's match (``ui.joined``). Each reads its
values its own way, then builds the ``RegionData`` here, so the three cannot drift apart on what the steps
see. Pure: no QGIS, so a step runs on this data in a worker thread, a test or ``make demo``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..core.errors import SettingsError, UserError
from ..i18n import tr

if TYPE_CHECKING:  # numpy is imported when an analysis runs, never at QGIS start-up
    import numpy as np


@dataclass
class RegionData:
    """Everything an analysis step reads of the regions; ``values`` are regions × ``fields`` (NaN = no data)."""

    key_field: str
    name_field: str | None
    keys: list[str]
    names: list[str]
    fields: list[str]
    labels: list[str]
    values: np.ndarray
    regions: Any  # gis.layers.Regions: the shapes in a measuring CRS (steps never import gis)
    meta: dict = field(default_factory=dict)
    # every sector field the join wrote (the location quotient's region totals sum over all of them)
    sector_fields: list[str] = field(default_factory=list)
    sector_values: np.ndarray | None = None
    layer_name: str = ""

    @property
    def n(self) -> int:
        return len(self.keys)


@dataclass(frozen=True)
class RegionIds:
    """Who the regions are, in feature order: the key field and each feature's key and shown name."""

    key_field: str
    name_field: str | None
    keys: Sequence[str]
    names: Sequence[str]


@dataclass(frozen=True)
class ScoreColumns:
    """The numbers read for the regions: ``values`` is regions × ``fields``, ``labels`` one per field.

    ``sectors``: the fields that are the join's sectors (the location quotient's totals sum over all of them,
    whichever are analysed); empty means every field.
    """

    fields: Sequence[str]
    labels: Sequence[str]
    values: Any  # np.ndarray regions × fields
    sectors: Sequence[str] = ()


def build_region_data(ids: RegionIds, columns: ScoreColumns, regions, meta: dict,
                      chosen: Sequence[str] = (), layer_name: str = "") -> RegionData:
    """The ``RegionData`` the steps analyse: the ``chosen`` fields of ``columns`` (default: every sector).

    No data is NaN, whatever the source: a NULL read from a layer arrives as NaN, and every non-finite number
    (inf, -inf) becomes NaN too. That is what a joined layer read back holds — joinscores writes a non-finite
    score as NULL — so an analysis of the panel's match or of a timeline period sees exactly what the same
    analysis of the written layer sees.

    ``regions`` must hold one shape per key (they were read from the same features); when they do not, the
    layer changed between the two reads and the user is asked to run again.
    """
    import numpy as np

    if len(regions.fids) != len(ids.keys):
        raise UserError(tr("The regions changed while they were being read; run the analysis again."),
                        code="layer_changed")
    column = {f: j for j, f in enumerate(columns.fields)}
    chosen = list(chosen) if chosen else list(columns.sectors or columns.fields)
    unknown = [f for f in chosen if f not in column]
    if unknown:
        raise SettingsError(tr("The join has no sector field {!r}.").format(unknown[0]), code="unknown_field")
    n = len(ids.keys)
    table = np.asarray(columns.values, dtype=float).reshape(n, len(columns.fields))
    table = np.where(np.isfinite(table), table, np.nan)
    sectors = list(columns.sectors or columns.fields)
    values = table[:, [column[f] for f in chosen]] if chosen else np.empty((n, 0))
    sector_values = table[:, [column[f] for f in sectors]] if sectors else np.empty((n, 0))
    labels = [columns.labels[column[f]] for f in chosen]
    return RegionData(ids.key_field, ids.name_field, list(ids.keys), list(ids.names), chosen, labels, values,
                      regions, dict(meta), sectors, sector_values, layer_name)
