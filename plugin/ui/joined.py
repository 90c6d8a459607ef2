"""The table matched to the regions, kept by the panel between changes: one read of the file serves the
preview, the match, the live analysis and the joined layer that Create layers hands to Processing.

The functions here take plain data and LayerSnapshots, so they run in worker threads.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..steps.regions import RegionData, build_region_data


@dataclass
class Matched:
    """What one match produced, and what the analysis and the writer need of the regions' attributes."""

    keys: object  # steps.join.LayerKeys
    outcome: object  # steps.join.JoinOutcome
    names: list[str]  # per feature the name the panel shows (the name field, else the key)
    record: dict  # the joined layer's record (steps.join.join_record)
    table_path: str

    @property
    def result(self):
        return self.outcome.result

    @property
    def table(self):
        return self.outcome.table

    def labels(self) -> dict[str, str]:
        """Region key -> 'Name (KEY)' for pickers: names first, as a user knows them."""
        out = {}
        for key, name in zip(self.keys.keys, self.names):
            if key and key not in out:
                out[key] = f"{name} ({key})" if name and name != key else key
        return out


def match(snapshot, key_field: str, raw, table_path: str, aliases: dict, **table_options) -> Matched:
    """Match the already read table ``raw`` to the regions of ``snapshot`` (steps.join.join_table), read as
    ``table_options`` say (the panel state's keys of ``steps.reading.TableReading``)."""
    from ..gis.layers import string_fields
    from ..gis.reading import read_layer_keys
    from ..steps.join import join_record, join_table
    from ..steps.reading import TableReading

    keys = read_layer_keys(snapshot, key_field)
    outcome = join_table(keys, table_path, TableReading.from_state(table_options), dict(aliases), raw)
    others = [n for n in string_fields(snapshot) if n != key_field]  # the order read_layer_keys reads them in
    j = others.index(keys.name_field) if keys.name_field in others else -1
    names = [(row[j] if j >= 0 and row[j] else key) for key, row in zip(keys.keys, keys.names)]
    return Matched(keys, outcome, names, join_record(keys, outcome, table_path, table_options.get("row_filter", "")),
                   table_path)


def region_data(matched: Matched, regions) -> RegionData:
    """The regions as the analysis steps read them, straight from the match: what ``read_region_data`` would
    read back from the joined layer (the same keys, names, scores and record), without writing it first."""
    ids = matched.keys.region_ids(matched.names)
    return build_region_data(ids, matched.outcome.score_columns(), regions, matched.record)


def write_joined(path: str, snapshot, regions, matched: Matched, is_cancelled=None) -> str:
    """Write the regions with their joined scores to the GeoPackage ``path`` (what sectorclusters:joinscores
    writes: the input's fields, one field per sector, the record and the sector labels as aliases).

    Returns the layer's source for the analysis algorithms.
    """
    from qgis.core import QgsFeatureSink, QgsVectorFileWriter

    from ..gis.meta import persist_aliases, write_gpkg_record
    from ..gis.writers import RegionRows, WriteError, fields_with, write_regions
    from ..i18n import tr

    columns = matched.outcome.columns()
    fields = fields_with(snapshot.fields(), columns)
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = "joined"
    writer = QgsVectorFileWriter.create(path, fields, regions.wkb_type, snapshot.crs(), snapshot.transform_context,
                                        options, QgsFeatureSink.SinkFlags())
    if writer.hasError() != QgsVectorFileWriter.NoError:
        raise WriteError(tr("The joined scores could not be written to {}: {}").format(path, writer.errorMessage()))
    write_regions(writer, fields, RegionRows(snapshot, regions.geometries, columns), is_cancelled)
    del writer  # closes the file
    source = f"{path}|layername=joined"
    write_gpkg_record(source, matched.record)
    persist_aliases(source, dict(zip(matched.result.fields, matched.result.labels)))
    return source
