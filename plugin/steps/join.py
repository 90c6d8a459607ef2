"""Read a scores table and match it to the regions (sectorclusters:joinscores, the panel's match).

Pure: the regions' keys and names come in as plain lists (``gis.reading.read_layer_keys``), so the panel can
match in a worker thread without touching the layer. Writes nothing.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.errors import UserError
from ..i18n import tr
from .analysis import Column, numbers
from .reading import TableReading, split_columns  # noqa: F401 - the panel's scores section imports it here
from .regions import RegionData, RegionIds, ScoreColumns, build_region_data


@dataclass
class LayerKeys:
    """The regions' identity as matching needs it, in feature order."""

    key_field: str
    keys: list[str]
    names: list[tuple[str, ...]]  # per feature, its other text values (names) tried after the key
    field_names: list[str]  # every field of the layer (new field names must not clash)
    name_field: str | None  # the likely name field, for labels
    text_fields: list[str] = field(default_factory=list)  # the field of each ``names`` column, in order

    def name_values(self) -> list[str]:
        """Per feature, the value of ``name_field`` (what detectclusters shows), or the key without one."""
        if self.name_field and self.name_field in self.text_fields:
            j = self.text_fields.index(self.name_field)
            return [row[j] for row in self.names]
        return list(self.keys)

    def region_ids(self, names: Sequence[str] | None = None) -> RegionIds:
        """The regions' identity for ``steps.regions.build_region_data``: the name field only when it was read
        (a likely name field that is not a text field names nothing); ``names`` default to ``name_values``."""
        name_field = self.name_field if self.name_field in self.text_fields else None
        return RegionIds(self.key_field, name_field, list(self.keys),
                         list(names) if names is not None else self.name_values())


@dataclass
class JoinOutcome:
    table: object  # core.tables.ScoreTable
    result: object  # core.engine.JoinResult

    @property
    def match(self):
        return self.result.match

    def score_columns(self) -> ScoreColumns:
        """Every joined sector's scores (regions × sectors), for ``steps.regions.build_region_data``."""
        r = self.result
        return ScoreColumns(list(r.fields), list(r.labels), r.values, list(r.fields))

    def columns(self) -> list[Column]:
        """One double column per sector, aliased with the table's label."""
        r = self.result
        return [Column(f, "double", label, numbers(r.values[:, j]), 20, 6)
                for j, (f, label) in enumerate(zip(r.fields, r.labels))]


def load_aliases(path: str) -> dict[str, str]:
    """A two-column alias table (table value, layer key or name); a header row is allowed."""
    from ..core.matching import read_aliases
    from ..core.tables import read_raw

    if not path:
        return {}
    raw = read_raw(path)
    return read_aliases([raw.header, *raw.rows])


def join_table(layer: LayerKeys, table_path: str, reading: TableReading | None = None, aliases: dict | None = None,
               raw=None) -> JoinOutcome:
    """Read ``table_path`` as ``reading`` says (default: everything detected) and match its rows to ``layer``'s
    regions.

    ``raw``: the file's cells already read (a core.tables.RawTable), so a caller that showed a preview does
    not read the file again (``reading.sheet`` is then the sheet it was read from).
    """
    from ..core.tables import read_raw, scores_from_raw

    if not table_path:
        raise UserError(tr("Choose a scores table."), code="no_table")
    scores = (reading or TableReading()).scores()
    table = scores_from_raw(raw if raw is not None else read_raw(table_path, scores.sheet), scores)
    return join_loaded(layer, table, aliases)


def join_loaded(layer: LayerKeys, table, aliases: dict | None = None) -> JoinOutcome:
    """Match a table already read (a ``core.tables.ScoreTable``) to ``layer``'s regions, as ``join_table``."""
    from ..core.engine import join_scores

    result = join_scores(table, layer.keys, layer.names, aliases or {}, layer.field_names, layer.key_field)
    if layer.keys and len(result.null_keys) == len(layer.keys):
        raise UserError(tr("The key field {!r} is empty (NULL) on every feature: choose the field that holds the "
                           "region codes or names.").format(layer.key_field), code="null_keys")
    if not result.match.row_to_feature:
        raise UserError(tr(
            "No row of the table matches a region by {!r} or by name. Table keys look like {!r}; layer keys like {!r}."
        ).format(layer.key_field, ", ".join(table.keys[:3]), ", ".join(layer.keys[:3])), code="no_match")
    return JoinOutcome(table, result)


def join_record(layer: LayerKeys, outcome: JoinOutcome, table_path: str, row_filter: str = "") -> dict:
    """The layer record ('meta') joinscores writes, so later steps need no re-asking. ``row_filter``: the rows
    of the table that were read (period, level), which the map's subtitle names with the source."""
    from .words import region_noun_for_key

    r, m = outcome.result, outcome.result.match
    rows = {"rows": row_filter.strip()} if row_filter and row_filter.strip() else {}
    return {**rows,
        "key": layer.key_field,
        "name_field": layer.name_field,
        "region_noun": region_noun_for_key(layer.key_field),
        "sectors": dict(zip(r.fields, r.labels)),
        "reference": r.reference,
        "reference_name": r.reference_key,
        "source": table_path.replace("\\", "/").split("/")[-1],
        "table_shape": outcome.table.shape,
        "match": {"regions": m.n_features, "matched": m.matched_features},
    }


def joined_region_data(layer: LayerKeys, outcome: JoinOutcome, regions, fields: Sequence[str] = (),
                       meta: dict | None = None, layer_name: str = "") -> RegionData:
    """The ``RegionData`` that ``gis.reading.read_region_data`` would read back from joinscores' output, made
    straight from the join without writing a GeoPackage: the same keys, names, values and record.

    ``fields``: the sector fields to analyse (default all the join wrote); every joined sector stays in
    ``sector_values`` (the location quotient's region totals sum over all of them, as after joinscores).
    ``meta`` defaults to the record joinscores would write.
    """
    record = meta if meta is not None else join_record(layer, outcome, "")
    return build_region_data(layer.region_ids(), outcome.score_columns(), regions, record, fields, layer_name)
