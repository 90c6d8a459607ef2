"""The live preview: the shown sector's result on two temporary layers, while sector, baseline and threshold
are being chosen. The user's own layers and styles are never touched.

Rules: the preview shows while the panel has a result and the created layers are missing or show other
settings (then it is drawn above them); it goes when the layers are up to date, when there is no result (a bad
table) or when *Preview on the map* is off. The temporary layers are memory layers in a group at the top of the
layer tree, marked with the panel's role property; a project saved with them gets them removed when it is read.
"""
from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field

from qgis.core import QgsFeature, QgsGeometry, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer

from ..i18n import tr, tr_noop
from .layer_roles import ROLE

GROUP = tr_noop("Sector Clusters preview")


def remove_stale(project: QgsProject | None = None) -> None:
    """Drop preview layers (and their group) a saved project brought back: they were temporary."""
    project = project or QgsProject.instance()
    ids = [lid for lid, lyr in project.mapLayers().items() if lyr.customProperty(ROLE) == "preview"]
    if ids:
        project.removeMapLayers(ids)
    drop_empty_group(project)


def drop_empty_group(project: QgsProject) -> None:
    group = project.layerTreeRoot().findGroup(tr(GROUP))
    if group is not None and not group.children():
        group.parent().removeChildNode(group)


# Regions written to the preview per turn of the event loop (~10-15 ms of the main thread). A full garbage
# collection (40-50 ms at LSOA scale, wherever it falls) can land in a piece: 10,000 rows a piece gave stalls of
# 94-123 ms on a sector change, 5,000 74-78 ms.
ROWS_PER_TURN = 5_000


@dataclass
class _Writing:
    """Rows of the regions layer being written over several turns: for ``analysis`` and sector ``field``,
    either new values in place (``in_place``: the rows' values compared with what the layer holds a piece at a
    time, ``changed`` values written so far) or new ``features``; ``done`` rows written."""

    analysis: object
    field: str
    values: dict  # field index -> the column's values, what the layer holds once all is written
    in_place: bool = False
    features: list | None = None
    done: int = 0
    changed: int = 0
    fids: list = dataclass_field(default_factory=list)


class PreviewLayers:
    """Two memory layers (regions of the shown sector, its cluster outlines) kept in step with a PanelModel."""

    def __init__(self, model):
        self.model = model
        self.regions: QgsVectorLayer | None = None
        self.clusters: QgsVectorLayer | None = None
        self._shown: tuple | None = None  # what the layers hold: (analysis id, field, outlines, scheme)
        # What the regions layer holds, by reference (no id reuse): (analysis, field) and the geometries, keys and
        # names its features were made from with their feature ids. At LSOA scale a refill costs ~0.8 s of the
        # main thread; the outlines arriving need none, and a new threshold only new values.
        self._regions_of: tuple | None = None
        self._features_of: tuple | None = None
        self._prepared: tuple | None = None  # features the analysis task made (region_features)
        self._writing: _Writing | None = None  # the regions' rows still being written
        # A refresh asked for while the panel shows a new result runs at the event loop's next turn: the
        # results list and the preview then freeze QGIS one after the other (input and painting in between)
        # rather than together (a sector change at LSOA scale: ~115 ms in one piece). A zero timer, not a
        # queued call: queued calls run before the timers and window events already waiting.
        self._later = QTimer(model)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.refresh)

    def wanted(self) -> bool:
        """While a new result is being computed the previous one stays up (no flicker, the user's visibility
        choice and tree position kept); it is replaced when the new one arrives."""
        m = self.model
        return bool(m.state["preview"]) and m.sector_result() is not None and (
            m.outputs.layers() is None or m.outputs.layers_stale())

    def refresh_later(self) -> None:
        """``refresh`` at the event loop's next turn (asked several times meanwhile: once); a preview that is
        no longer wanted (switched off, no result) goes at once."""
        if self.model.loading or not self.wanted():
            self.refresh()
            return
        self._later.start()

    def stop(self) -> None:
        """No refresh waits any more (the panel is closing)."""
        self._later.stop()

    def pending(self) -> bool:
        """A refresh is waiting for the event loop's next turn."""
        return self._later.isActive()

    def refresh(self) -> None:
        """Show, update or remove the preview as the rules above say (cheap when nothing changed)."""
        self._later.stop()
        if self.model.loading:  # the project is being cleared or read: it removes its layers itself
            self.forget()
            return
        if not self.wanted():
            self.remove()
            return
        m = self.model
        key = (id(m.analysis), m.sector(), id(m.shown.outlines) if m.shown.outlines_for else None, m.state["scheme"])
        if key == self._shown and self._alive():
            return
        self._shown = None  # until shown in full (its rows may take several turns)
        try:
            done = self._show()
        except Exception as exc:  # noqa: BLE001 - the preview must never break the panel
            m.report_error(exc)
            self.remove()
            return
        if not done:  # the regions layer takes its rows over several turns of the event loop
            self._later.start()
            return
        self._shown = key

    def _alive(self) -> bool:
        project = QgsProject.instance()
        return all(lyr is not None and project.mapLayer(lyr.id()) is not None for lyr in (self.regions, self.clusters))

    def _show(self) -> bool:
        """False while the regions layer's rows are still being written (see ``_fill_regions``)."""
        from ..gis import style
        from ..gis.meta import write_layer_record

        m = self.model
        a, field = m.analysis, m.sector()
        sector = a.sector(field)
        columns = a.sector_columns(field)
        meta = dict(a.meta, sectors={field: sector.label})
        if not self._alive():
            self._create(a, columns)
        regions, clusters = self.regions, self.clusters
        crossing = a.crossings is not None  # with an overlay the outlines say what they cross (and stand out)
        if ("n_crossed" in clusters.fields().names()) != crossing or (
                [f.name() for f in regions.fields()][2:] != [c.name for c in columns]
                and not self._rename_columns(columns)):
            self.remove()
            self._create(a, columns)
            regions, clusters = self.regions, self.clusters
        if self._regions_of is None or self._regions_of[0] is not a or self._regions_of[1] != field:
            self._regions_of = None
            if not self._fill_regions(a, field, columns):
                return False
            self._regions_of = (a, field)
        self._fill_clusters(a, field, sector)
        write_layer_record(regions, meta)
        write_layer_record(clusters, dict(meta, role="clusters"))
        regions.setName(tr("Preview — {}").format(sector.label))
        style.style_regions(regions, field, m.state["scheme"], meta)
        style.style_clusters(clusters, field, meta=meta, regions=regions)
        iface = m.iface
        if iface is not None and hasattr(iface, "layerTreeView") and iface.layerTreeView() is not None:
            iface.layerTreeView().refreshLayerSymbology(regions.id())
        return True

    def _create(self, a, columns) -> None:
        from ..gis.compat import make_field

        project = QgsProject.instance()
        source = self.model.layer()  # the regions' geometries are in its CRS
        regions = QgsVectorLayer("MultiPolygon", tr("Preview"), "memory")
        regions.dataProvider().addAttributes([make_field("key", "string"), make_field("name", "string")]
                                             + [make_field(c.name, c.kind, c.alias) for c in columns])
        regions.updateFields()
        clusters = QgsVectorLayer("MultiPolygon", tr("Preview — clusters"), "memory")
        clusters.dataProvider().addAttributes([
            make_field("sector", "string"), make_field("sector_label", "string"), make_field("cluster_id", "int"),
            make_field("n_regions", "int"), make_field("member_names", "string"), make_field("area_km2", "double")]
            + ([make_field("crosses", "string"), make_field("n_crossed", "int")] if a.crossings is not None else []))
        clusters.updateFields()
        for layer in (regions, clusters):
            if source is not None:
                layer.setCrs(source.crs())
            layer.setCustomProperty(ROLE, "preview")
            project.addMapLayer(layer, False)
        root = project.layerTreeRoot()
        group = root.findGroup(tr(GROUP)) or root.insertGroup(0, tr(GROUP))
        group.insertLayer(0, clusters)
        group.insertLayer(1, regions)
        self.regions, self.clusters = regions, clusters
        self._regions_of = self._features_of = self._writing = None

    def _rename_columns(self, columns) -> bool:
        """Another sector's columns of the same kinds: the regions layer's fields are renamed (its features and
        place in the layer tree kept, their values then changed in place) rather than the layers made anew."""
        from ..gis.compat import make_field

        layer = self.regions
        fields = layer.fields()
        if fields.count() != 2 + len(columns) or any(
                fields.at(j).type() != make_field(c.name, c.kind).type() for j, c in enumerate(columns, 2)):
            return False
        if not layer.dataProvider().renameAttributes({j: c.name for j, c in enumerate(columns, 2)}):
            return False
        layer.updateFields()
        for j, c in enumerate(columns, 2):
            layer.setFieldAlias(j, c.alias or "")
        return [f.name() for f in layer.fields()][2:] == [c.name for c in columns]

    def _fill_regions(self, a, field: str, columns) -> bool:
        """The regions' values; in place when the layer's features were made from the same geometries, keys
        and names (a new threshold or sector: changed values only, instead of 34,753 new features).

        At most ``ROWS_PER_TURN`` rows are written per call: False says rows remain, and the next call (at the
        event loop's next turn) writes on. Each piece freezes QGIS ~10-15 ms; all 34,753 LSOAs at once froze it
        for ~80 ms (new values of another sector) to ~130 ms (new features after a new table)."""
        writing = self._writing
        if writing is not None:
            if writing.analysis is a and writing.field == field:
                return self._write_rows()
            self._abandon_writing()
        geoms, layer = a.regions.geometries, self.regions
        held = self._features_of
        if held is not None and held[0] is geoms and held[1] == a.keys and held[2] == a.names \
                and layer.featureCount() == len(held[3]):
            self._writing = _Writing(a, field, {j: c.values for j, c in enumerate(columns, 2)}, in_place=True)
            return self._write_rows()
        prepared, self._prepared = self._prepared, None
        if prepared is not None and prepared[0] is a and prepared[1] == [c.name for c in columns]:
            feats = prepared[2]  # made by the analysis task (region_features)
        else:
            feats = self.make_features(layer.fields(), self._region_rows(a, columns))
        self._features_of = None
        layer.dataProvider().truncate()
        self._writing = _Writing(a, field, {j: c.values for j, c in enumerate(columns, 2)}, features=feats)
        return self._write_rows()

    def _write_rows(self) -> bool:
        """The next piece of the regions' rows (``_fill_regions``); True when all are written."""
        w, layer = self._writing, self.regions
        provider = layer.dataProvider()
        if w.in_place:
            held = self._features_of
            fids = held[3]
            start, end = w.done, min(w.done + ROWS_PER_TURN, len(fids))
            piece = self._changed_values(held[4], w.values, fids, start, end)
            if piece and not provider.changeAttributeValues(piece):
                # refused: the layer is made anew from new features (the held values no longer say what it has)
                self._writing = self._features_of = None
                return self._fill_regions(w.analysis, w.field, w.analysis.sector_columns(w.field))
            w.done, w.changed = end, w.changed + len(piece)
            if w.done < len(fids):
                return False
            held[4].clear()  # the columns' own lists, not copies: an analysis's columns are never changed
            held[4].update(w.values)
            if w.changed:
                layer.triggerRepaint()
            self._writing = None
            return True
        feats = w.features
        piece = feats[w.done:w.done + ROWS_PER_TURN]
        ok, added = provider.addFeatures(piece) if piece else (True, [])
        if not ok:
            self._writing = None
            layer.updateExtents()
            layer.triggerRepaint()
            return True  # the layer keeps what it took; the next fill makes it anew (_features_of is None)
        w.fids.extend(self._added_ids(layer, added, w.done))
        feats[w.done:w.done + len(piece)] = [None] * len(piece)  # let go of the written wrappers piece by piece
        w.done += len(piece)
        if w.done < len(feats):
            return False
        layer.updateExtents()
        layer.triggerRepaint()
        if len(w.fids) == len(w.analysis.regions.geometries):
            a = w.analysis
            self._features_of = (a.regions.geometries, a.keys, a.names, w.fids, dict(w.values))
        self._writing = None
        return True

    def _abandon_writing(self) -> None:
        """Another result arrived while rows were being written: the layer holds a mix, which the next fill
        must not trust (new values: every value written again; new features: all made anew)."""
        w, self._writing = self._writing, None
        if w.in_place and self._features_of is not None:
            self._features_of[4].clear()
        else:
            self._features_of = None

    @staticmethod
    def _changed_values(written: dict, values: dict, fids: list, start: int, end: int) -> dict:
        """{feature id: {field index: value}} for rows ``start``-``end`` whose new ``values`` differ from the
        ``written`` ones (a field not written yet: every value). Compared a piece at a time, as the piece is
        written: the whole layer at once (34,753 rows × 8 fields) held QGIS's main thread ~90 ms before the
        first piece."""
        changes: dict[int, dict[int, object]] = {}
        for j, new in values.items():
            old = written.get(j)
            part = new[start:end]
            if old is None:
                for fid, v in zip(fids[start:end], part):
                    changes.setdefault(fid, {})[j] = v
                continue
            for fid, was, v in zip(fids[start:end], old[start:end], part):
                if was != v:
                    changes.setdefault(fid, {})[j] = v
        return changes

    @staticmethod
    def _region_rows(a, columns) -> list:
        return [([a.keys[i], a.names[i]] + [c.values[i] for c in columns], geom)
                for i, geom in enumerate(a.regions.geometries)]

    def wants_features(self, regions) -> bool:
        """Whether the next result's regions must be made as new features (the preview is on and its layer
        does not hold these regions): then the analysis task makes them (region_features), off the main
        thread, where they cost ~0.8 s at LSOA scale."""
        held = self._features_of
        return bool(self.model.state["preview"]) and regions is not None and (
            held is None or held[0] is not regions.geometries)

    @staticmethod
    def region_features(a, field: str) -> tuple:
        """(analysis, column names, features) of the regions layer for sector ``field``: for the analysis task
        (no layer is touched; the features are taken by the next fill of this analysis and sector)."""
        from qgis.core import QgsFields

        from ..gis.compat import make_field

        columns = a.sector_columns(field)
        fields = QgsFields()
        for f in [make_field("key", "string"), make_field("name", "string")] + [
                make_field(c.name, c.kind, c.alias) for c in columns]:
            fields.append(f)
        return a, [c.name for c in columns], PreviewLayers.make_features(fields, PreviewLayers._region_rows(a, columns))

    def offer(self, prepared: tuple | None) -> None:
        """Features made by the analysis task (region_features), or None."""
        self._prepared = prepared

    def _fill_clusters(self, a, field: str, sector) -> None:
        from ..steps import words

        outlines = self.model.shown.outlines if self.model.shown.outlines_for == (id(a), field) else {}
        rows = []
        for c in sector.clusters:
            area, geom = outlines.get(c.cluster_id, (None, None))
            if geom is not None:
                extra = []
                if a.crossings is not None:
                    x = a.crossings.get((field, int(c.cluster_id)))
                    extra = [x.crosses_text, x.n_crossed] if x is not None else [None, None]
                rows.append(([field, sector.label, c.cluster_id, c.size,
                              words.join_names(a.names[i] for i in c.members), area, *extra], geom))
        self._replace_features(self.clusters, rows)

    @classmethod
    def _replace_features(cls, layer: QgsVectorLayer, rows) -> list[int]:
        """The memory layer's features become ``rows`` of (attributes, geometry in the layer's CRS or None);
        returns their feature ids in order (empty if the provider refused them)."""
        return cls._put_features(layer, cls.make_features(layer.fields(), rows))

    @staticmethod
    def make_features(fields, rows) -> list[QgsFeature]:
        """Features of ``rows`` (attributes, geometry or None); touches no layer, so a task may call it."""
        feats = []
        for attributes, geom in rows:
            f = QgsFeature(fields)  # one copy of the fields: a layer.fields() per feature cost ~0.15 s
            f.setAttributes(attributes)
            if geom is not None:
                g = QgsGeometry(geom)
                g.convertToMultiType()
                f.setGeometry(g)
            feats.append(f)
        return feats

    @classmethod
    def _put_features(cls, layer: QgsVectorLayer, feats: list[QgsFeature]) -> list[int]:
        provider = layer.dataProvider()
        provider.truncate()
        ok, added = provider.addFeatures(feats)
        layer.updateExtents()
        layer.triggerRepaint()
        return cls._added_ids(layer, added, 0) if ok else []

    @staticmethod
    def _added_ids(layer: QgsVectorLayer, added: list[QgsFeature], before: int) -> list[int]:
        """The ids of features just added to a memory layer that held ``before`` features. The provider numbers
        them one after another: when the first and last added are that far apart and the layer's newest ids are
        that range, the range is the answer, without asking 10,000 feature wrappers (~25 ms); else each is asked."""
        if added:
            first, last = added[0].id(), added[-1].id()
            if last - first == len(added) - 1 and layer.featureCount() == before + len(added):
                newest = sorted(layer.allFeatureIds())[before:]
                if newest and newest[0] == first and newest[-1] == last:
                    return newest
        return [f.id() for f in added]

    def remove(self) -> None:
        if self.model.loading:
            self.forget()
            return
        project = QgsProject.instance()
        for layer in (self.regions, self.clusters):
            try:
                if layer is not None and project.mapLayer(layer.id()) is not None:
                    project.removeMapLayer(layer.id())
            except RuntimeError:  # already deleted with the project
                pass
        self.forget()
        drop_empty_group(project)

    def going(self, ids) -> None:
        """``ids`` are being removed by someone else: if they hold the preview, the panel lets go of it (it
        must not remove a layer twice) and makes a new one when it next shows a result."""
        mine = {lyr.id() for lyr in (self.regions, self.clusters) if lyr is not None}
        if mine & set(ids):
            self.forget()

    def forget(self) -> None:
        """The project was cleared: the layers went with it."""
        self.regions = self.clusters = None
        self._shown = self._regions_of = self._features_of = self._prepared = self._writing = None
