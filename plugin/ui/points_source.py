"""Points as the panel's scores source: a point layer counted into the regions, and its clusters.

With *Points: firms, patents, grants…* chosen, the panel does not read a table: the point layer is counted into
the chosen regions by the step ``sectorclusters:pointstoregions`` runs (``steps.points.count_into_regions``, on
the points read by ``gis.point_layers.read_points``), and what comes back is a ``joined.Matched`` like a table's
match — every region matched, one score column per sector, the same record pointstoregions writes — so the
analysis, the preview, Create layers and the layouts work unchanged.

*Show point clusters* runs ``sectorclusters:pointclusters`` itself (a Processing run in the background, as the
panel's Create layers does) for the shown sector, so what the panel draws is exactly the toolbox's output: the
outlines go on a temporary layer at the top of the map (rank labels, a map tip with the regions each spans).
With the box ticked, Create layers writes every sector's point clusters into the GeoPackage too (table
``point_clusters``), and the sector's layout draws them over the region clusters with their table
(``gis.point_map``).
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from qgis.core import Qgis, QgsExpression, QgsMessageLog, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QObject, QTimer

from ..core import codes
from ..i18n import tr
from .joined import Matched
from .layer_roles import ROLE
from .tasks import TAG

POINT_ROLE = "point_clusters"  # the created layer's role (the preview's is "preview", as the other preview layers)
PREVIEW_KIND = "sector_clusters/preview_kind"  # "point_clusters" on the preview layer: told apart from the others
MADE_WITH = "sector_clusters/point_settings"  # on the created layer: the point settings it was written with
SECTOR_WORDS = ("sector", "section", "industry", "sic", "nace", "naics", "activity", "field")
WEIGHT_WORDS = ("employees", "employment", "jobs", "staff", "headcount", "weight", "turnover", "amount", "value")


# ---------------------------------------------------------------------------------------------- the match
@dataclass
class PointsMatched(Matched):
    """A match made from points: every region matched; how many points were read, counted in and left out."""

    n_points: int = 0
    n_outside: int = 0
    n_regions: int = 0  # regions holding at least one point
    notes: list[str] = field(default_factory=list)


def points_on(model) -> bool:
    return model.state["scores_source"] == codes.SCORES_POINTS


def points_layer(model) -> QgsVectorLayer | None:
    lid = model.state["points_id"]
    layer = QgsProject.instance().mapLayer(lid) if lid else None
    return layer if isinstance(layer, QgsVectorLayer) else None


def count_points(region_snapshot, key_field: str, point_snapshot, sector_field: str, weight_field: str,
                 is_cancelled=None) -> PointsMatched:
    """The points counted into the regions as pointstoregions counts them, as a match of the regions' keys.

    Runs in a worker (snapshots only). The record is pointstoregions' record, so the created layers, their
    legends and subtitles name the points as the toolbox's output does.
    """
    import numpy as np

    from ..core.engine import JoinResult
    from ..core.errors import SettingsError, UserError
    from ..core.matching import EXACT, MatchResult
    from ..core.tables import ScoreTable
    from ..gis.layers import read_regions, string_fields
    from ..gis.point_layers import read_points
    from ..gis.reading import read_layer_keys
    from ..steps import words
    from ..steps.join import JoinOutcome
    from ..steps.points import MAX_SECTORS, choose_sectors, count_into_regions
    from ..steps.words import region_noun_for_key

    keys = read_layer_keys(region_snapshot, key_field)
    regions = read_regions(region_snapshot, is_cancelled)
    read = read_points(point_snapshot, weight_field, sector_field, "", regions.crs, is_cancelled)
    data = read.data
    if sector_field:
        try:
            choose_sectors(data.sectors, [], sector_field)  # refuses a field of ids (too many values), as the toolbox
        except SettingsError as exc:  # said in the panel's words: it has no SECTOR_FIELD or SECTORS to name
            if exc.code != "too_many_sectors":
                raise
            raise UserError(words.too_many_point_sectors(sector_field, len(set(data.sectors)), MAX_SECTORS),
                            code="too_many_sectors") from None
    total_label = weight_field or tr("points")
    counts = count_into_regions(data, regions.shapes, region_snapshot.fields().names(), total_label, is_cancelled)
    values = np.asarray(counts.values, dtype=float)
    n = len(keys.keys)
    match = MatchResult({i: i for i in range(n)}, {i: EXACT for i in range(n)}, [], [], n, n)
    reference_name = tr("all points")
    result = JoinResult(list(counts.labels), list(counts.fields), values, match, reference_name, dict(counts.totals))
    table = ScoreTable("points", key_field, list(keys.keys), list(counts.labels), values, reference_name,
                       dict(counts.totals), notes=list(data.notes))
    outcome = JoinOutcome(table, result)
    others = [name for name in string_fields(region_snapshot) if name != key_field]
    j = others.index(keys.name_field) if keys.name_field in others else -1
    names = [(row[j] if j >= 0 and row[j] else key) for key, row in zip(keys.keys, keys.names)]
    n_regions = int((values.sum(axis=1) > 0).sum()) if values.size else 0
    name = point_snapshot.name()
    record = {
        "key": key_field, "name_field": keys.name_field, "region_noun": region_noun_for_key(key_field),
        "sectors": dict(zip(counts.fields, counts.labels)),
        "reference": dict(counts.totals), "reference_name": reference_name,
        "source": name, "table_shape": "points",
        "match": {"regions": n, "matched": n_regions},
        "points": {"layer": name, "sector_field": sector_field or None, "weight_field": weight_field or None,
                   "period_field": None, "points": len(data.fids), "outside": int(len(counts.outside))},
    }
    return PointsMatched(keys, outcome, names, record, "", n_points=len(data.fids),
                         n_outside=int(len(counts.outside)), n_regions=n_regions, notes=list(data.notes))


def start_points_match(model) -> None:
    """The points counted into the regions in the background; the model's match step takes the result."""
    from ..gis.snapshot import LayerSnapshot
    from .jobs import JobKind

    layer, key, points = model.layer(), model.state["key_field"], points_layer(model)
    if layer is None or not key or points is None:
        if model.matched is not None:
            model._clear_match()
            model.matchChanged.emit()
            model.analysisChanged.emit()
        return
    region_snapshot, point_snapshot = LayerSnapshot(layer), LayerSnapshot(points)  # here, on the main thread
    sector_field, weight_field = model.state["point_sector_field"], model.state["point_weight_field"]

    def job(task):
        task.setProgress(5)
        return count_points(region_snapshot, key, point_snapshot, sector_field, weight_field, task.poll)

    model.jobs.start_task(JobKind.MATCH, tr("Sector Clusters: counting the points into the regions"), job,
                          model._match_done, tr("Counting points…"))
    model._ensure_graph()


def match_line(model) -> str:
    """'1,234 points counted into 38 regions; 12 outside', or what is still missing, or why it failed."""
    from ..steps import words

    m = model
    if m.match_error:
        return m.match_error
    if isinstance(m.matched, PointsMatched):
        return words.points_match_line(m.matched.n_points, m.matched.n_regions, m.matched.n_outside)
    if m.layer() is not None and m.state["key_field"] and points_layer(m) is not None:
        return tr("Counting points…") if m.busy() else "—"
    return words.points_missing(m.layer() is not None, bool(m.state["key_field"]), points_layer(m) is not None)


def guess_sector_field(layer: QgsVectorLayer) -> str:
    """A text field named like a sector ('sector', 'section', 'SIC'…), else ''."""
    from ..gis.layers import string_fields

    names = string_fields(layer)
    for word in SECTOR_WORDS:
        for name in names:
            if word in name.lower():
                return name
    return ""


def guess_weight_field(layer: QgsVectorLayer) -> str:
    """A numeric field named like a weight ('employees', 'jobs', 'turnover'…), else '' (points are counted)."""
    numeric = [f.name() for f in layer.fields() if f.isNumeric()]
    for word in WEIGHT_WORDS:
        for name in numeric:
            if word in name.lower():
                return name
    return ""


def point_changes(layer: QgsVectorLayer | None, state: dict) -> dict:
    """The settings a newly picked point layer brings: its id and source, and likely sector and weight fields."""
    if layer is None:
        return {"points_id": "", "points_source": "", "point_sector_field": "", "point_weight_field": ""}
    changes = {"points_id": layer.id(), "points_source": layer.source()}
    if layer.id() != state["points_id"]:
        changes["point_sector_field"] = guess_sector_field(layer)
        changes["point_weight_field"] = guess_weight_field(layer)
    return changes


# ---------------------------------------------------------------------------------------------- the clusters
def sector_words(model) -> str:
    """The shown sector as the point layer writes it (the match's labels are the point layer's values)."""
    matched = model.matched
    field_name = model.sector()
    if not isinstance(matched, PointsMatched) or field_name not in matched.result.fields:
        return ""
    return matched.result.labels[matched.result.fields.index(field_name)]


def cluster_settings(model) -> dict:
    """What a point-cluster run depends on (the preview is redone when this changes)."""
    s = model.state
    layer = model.layer()
    matched = model.matched
    name_field = (matched.keys.name_field if isinstance(matched, PointsMatched) else None) or s["key_field"]
    return {"points_id": s["points_id"], "sector_field": s["point_sector_field"],
            "weight_field": s["point_weight_field"], "radius": float(s["point_radius"]),
            "min_weight": float(s["point_min_weight"]), "regions": layer.id() if layer is not None else "",
            "regions_name": name_field}


def cluster_parameters(settings: dict, sectors: str, points_dest: str, clusters_dest: str) -> dict:
    """sectorclusters:pointclusters' parameters for the panel's settings. ``sectors``: one sector as the field
    writes it, or '' for all. A trailing ';' keeps a label with commas ('Professional, scientific and
    technical activities') one sector (steps.points.split_sectors splits on commas only without a ';')."""
    params = {"INPUT": settings["points_id"], "SECTOR_FIELD": settings["sector_field"],
              "SECTORS": f"{sectors};" if sectors and settings["sector_field"] else "",
              "WEIGHT_FIELD": settings["weight_field"],
              "RADIUS": settings["radius"], "MIN_WEIGHT": settings["min_weight"],
              "OUTPUT_POINTS": points_dest, "OUTPUT_CLUSTERS": clusters_dest}
    if settings["regions"]:
        params.update(REGIONS=settings["regions"], REGIONS_NAME=settings["regions_name"])
    return params


def created_point_layer() -> QgsVectorLayer | None:
    """The point clusters Create layers wrote, if still in the project."""
    for layer in QgsProject.instance().mapLayers().values():
        if layer.customProperty(ROLE) == POINT_ROLE and isinstance(layer, QgsVectorLayer):
            return layer
    return None


class PointClusters(QObject):
    """The shown sector's point clusters on a temporary layer, kept in step with a PanelModel."""

    def __init__(self, model):
        super().__init__(model)
        self.model = model
        self.layer: QgsVectorLayer | None = None
        self.shown: tuple | None = None  # (settings, sector) the layer holds
        self.count: int | None = None  # outlines of the shown sector (None: not run)
        self.error = ""
        self.runs = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(250)
        self.timer.timeout.connect(self._start)

    def wanted(self) -> bool:
        """Shown while the box is ticked, unless the created layer holds the same clusters (it shows them)."""
        m = self.model
        return (points_on(m) and bool(m.state["point_clusters"]) and points_layer(m) is not None
                and bool(sector_words(m) or not m.state["point_sector_field"]) and m.matched is not None
                and not self.created_current())

    def created_current(self) -> bool:
        layer = created_point_layer()
        return layer is not None and layer.customProperty(MADE_WITH) == json.dumps(
            cluster_settings(self.model), sort_keys=True)

    def restyle_created(self) -> None:
        """The created layer (every sector's clusters) shows the shown sector's, as the region layers do."""
        from ..gis import point_map, style

        layer = created_point_layer()
        if layer is None:
            return
        label = sector_words(self.model)
        match = point_map.match_sector(layer, self.model.sector(), label) if label else None
        style.style_point_clusters(layer, match.expression if match is not None else "",
                                   point_map.legend_words(point_map.cluster_settings(layer)))

    def key(self) -> tuple:
        return (json.dumps(cluster_settings(self.model), sort_keys=True), sector_words(self.model))

    def refresh(self) -> None:
        """Run again (after a short pause) when the settings or the sector changed; remove when not wanted."""
        if self.model.loading or self.model.closed:
            return
        self.restyle_created()
        if not self.wanted():
            self.timer.stop()
            self.remove()
            self.count, self.error = None, ""
            self.model.pointsChanged.emit()
            return
        if self.key() == self.shown and self._alive():
            return
        self.timer.start()

    def busy(self) -> bool:
        return self.timer.isActive()

    def _start(self) -> None:
        from .jobs import JobKind

        m = self.model
        if not self.wanted():
            return
        key = self.key()
        self.runs += 1
        base = os.path.join(m.tmpdir, f"point_clusters_{self.runs}")
        params = cluster_parameters(cluster_settings(m), key[1], base + "_points.gpkg", base + ".gpkg")
        m.jobs.bump(JobKind.POINT_CLUSTERS)

        def done(job) -> None:
            run = job.handle
            if run.cancelled or not m.jobs.is_current(job):
                return
            if not run.ok:
                self.error = run.error_text() or tr("Finding the point clusters failed.")
                self.count = None
                m.report(self.error, Qgis.Warning)
                self.remove()
                m.pointsChanged.emit()
                return
            self.error = ""
            self._show(run.results["OUTPUT_CLUSTERS"], key)
            m.pointsChanged.emit()

        try:
            m.jobs.start_algorithm(JobKind.POINT_CLUSTERS, "sectorclusters:pointclusters", params, done,
                                   tr("Finding point clusters…"), key=key)
        except RuntimeError as exc:
            m.report_error(exc)

    def _show(self, source: str, key: tuple) -> None:
        from ..gis import point_map, style
        from .preview import GROUP

        m = self.model
        if m.loading:
            return
        label = key[1] or tr("all points")
        layer = QgsVectorLayer(source, tr("Point clusters — {0}").format(label), "ogr")
        if not layer.isValid():
            QgsMessageLog.logMessage(f"Point clusters: {source} did not open", TAG, Qgis.Warning)
            return
        self.remove()
        layer.setCustomProperty(ROLE, "preview")
        layer.setCustomProperty(PREVIEW_KIND, POINT_ROLE)
        style.style_point_clusters(layer, "", point_map.legend_words(point_map.cluster_settings(layer)))
        layer.setMapTipTemplate(map_tip())
        layer.setDisplayExpression(QgsExpression.quotedString(tr("Point cluster") + " ") + ' || "rank"')
        project = QgsProject.instance()
        project.addMapLayer(layer, False)
        root = project.layerTreeRoot()
        group = root.findGroup(tr(GROUP)) or root.insertGroup(0, tr(GROUP))
        group.insertLayer(0, layer)
        self.layer, self.shown = layer, key
        self.count = layer.featureCount()

    def _alive(self) -> bool:
        return self.layer is not None and QgsProject.instance().mapLayer(self.layer.id()) is not None

    def remove(self) -> None:
        if self.model.loading:
            self.forget()
            return
        from .preview import drop_empty_group

        project = QgsProject.instance()
        try:
            if self.layer is not None and project.mapLayer(self.layer.id()) is not None:
                project.removeMapLayer(self.layer.id())
        except RuntimeError:  # gone with the project
            pass
        self.forget()
        drop_empty_group(project)

    def going(self, ids) -> None:
        if self.layer is not None and self.layer.id() in set(ids):
            self.forget()

    def forget(self) -> None:
        self.layer, self.shown = None, None

    def note(self) -> str:
        """The line under the check box: how many clusters the shown sector has, or why none are shown."""
        from ..steps import words

        if not (self.wanted() or self.created_current()):
            return ""
        if self.error:
            return self.error
        if self.created_current():
            return tr("The point clusters are on the created layer {0}.").format(created_point_layer().name())
        if self.count is None or self.key() != self.shown:
            return tr("Finding point clusters…")
        return words.point_clusters_note(self.count, sector_words(self.model) or tr("all points"))


def map_tip() -> str:
    """What hovering over an outline shows (with map tips on): rank, points, weight and the regions it spans."""
    return ("<b>" + tr("Point cluster") + " [% \"rank\" %]</b><br>[% \"points\" %] " + tr("points") + ", "
            + tr("weight") + " [% format_number(\"weight\", 0) %]<br>[% coalesce(\"spans\", '') %]")


# ---------------------------------------------------------------------------------------------- outputs
def point_table(table) -> bool:
    """``table`` (a layout's attribute table) is the point clusters' table ``gis.point_map`` adds."""
    from ..gis.point_map import TABLE_FRAME_ID

    return any(frame.id() == TABLE_FRAME_ID for frame in table.frames())


def write_with_layers(outputs, path: str, group_name: str) -> None:
    """After Create layers: every sector's point clusters into the GeoPackage's table ``point_clusters`` (when
    *Show point clusters* is ticked), added under the regions' group.

    Written again, the layer already in the project is kept and reads the new table (the run's staging reopens
    it): a layout drawing it keeps its outlines, legend row and table columns (a removed layer would leave the
    layout's table without columns, which QGIS 3.22's layout tables do not survive)."""
    from .jobs import JobKind

    m = outputs.model
    old = created_point_layer()
    if not (points_on(m) and m.state["point_clusters"] and points_layer(m) is not None):
        if old is not None:
            QgsProject.instance().removeMapLayer(old.id())
        return
    if old is not None and old.source() != f"{path}|layername={POINT_ROLE}":
        QgsProject.instance().removeMapLayer(old.id())  # another GeoPackage: a new layer
        old = None
    settings = cluster_settings(m)
    escaped = path.replace("'", "\\'")
    dest = f"ogr:dbname='{escaped}' table=\"{POINT_ROLE}\" (geom)"
    points_dest = os.path.join(m.tmpdir, f"point_roles_{m.jobs.generation(JobKind.CREATE)}.gpkg")
    params = cluster_parameters(settings, "", points_dest, dest)

    def written(_run) -> None:
        if old is not None and QgsProject.instance().mapLayer(old.id()) is old:
            old.dataProvider().reloadData()
            old.reload()
            old.updateExtents()
            old.setCustomProperty(MADE_WITH, json.dumps(settings, sort_keys=True))
            old.triggerRepaint()
            m.point_clusters.refresh()
            m.outputsChanged.emit()
            return
        layer = QgsVectorLayer(f"{path}|layername={POINT_ROLE}", tr("Point clusters"), "ogr")
        if not layer.isValid():
            m.report(tr("The layers written to {} could not be opened.").format(path), Qgis.Critical)
            return
        layer.setCustomProperty(ROLE, POINT_ROLE)
        layer.setCustomProperty(MADE_WITH, json.dumps(settings, sort_keys=True))
        from ..gis import point_map, style

        style.style_point_clusters(layer, "", point_map.legend_words(point_map.cluster_settings(layer)))
        layer.setMapTipTemplate(map_tip())
        project = QgsProject.instance()
        project.addMapLayer(layer, False)
        root = project.layerTreeRoot()
        group = root.findGroup(group_name) or root
        group.insertLayer(0, layer)
        m.point_clusters.refresh()
        m.outputsChanged.emit()

    outputs.start_writing(JobKind.CREATE, "sectorclusters:pointclusters", params, written,
                          tr("Finding point clusters…"), tr("Finding the point clusters failed."))


def add_to_layout(outputs, layout, spec) -> None:
    """The created point clusters over a one-sector layout (``gis.point_map``): outlines, legend row, table."""
    layer = created_point_layer()
    if layer is None or spec.atlas or layout is None:
        return
    from ..gis import point_map

    label = outputs.sector_label()
    try:
        point_map.add_point_clusters(layout, layer, spec.field, label)
    except Exception as exc:  # noqa: BLE001 - the map stands without them; said why
        outputs.model.report_error(exc)


# ---------------------------------------------------------------------------------------------- the widgets
class PointsSourceWidgets:
    """The source choice and the point layer's widgets in the dock's Scores section."""

    def __init__(self, dock, lay) -> None:
        from qgis.core import QgsFieldProxyModel
        from qgis.gui import QgsDoubleSpinBox, QgsFieldComboBox
        from qgis.PyQt.QtWidgets import QCheckBox, QComboBox

        from ..steps import options
        from ..steps.points import RADIUS_RANGE
        from . import widgets as w

        self.dock = dock
        self.source_combo = w.narrow(QComboBox())
        self.source_combo.setObjectName("sc_scores_source")
        w.fill_combo(self.source_combo, options.SCORES_SOURCES)  # labels from steps.options, translated there
        w.above(lay, tr("Scores from"), self.source_combo,
                tr("A table of scores per region, or a point layer (one point per firm, patent, grant…) counted "
                   "into the regions, one score per sector."))
        self.box, play = w.plain_box("sc_points_box")
        self.layer_combo = w.layer_picker("sc_points_layer", _point_filter())
        w.above(play, tr("Point layer"), self.layer_combo,
                tr("The points to count into the regions (it is never modified)."))
        self.sector_combo = QgsFieldComboBox()
        self.sector_combo.setObjectName("sc_point_sector")
        self.sector_combo.setAllowEmptyFieldName(True)
        w.narrow(self.sector_combo)
        w.above(play, tr("Sector field"), self.sector_combo,
                tr("The field giving each point's sector: one score per sector; empty: all points are one."))
        self.weight_combo = QgsFieldComboBox()
        self.weight_combo.setObjectName("sc_point_weight")
        self.weight_combo.setFilters(QgsFieldProxyModel.Numeric)
        self.weight_combo.setAllowEmptyFieldName(True)
        w.narrow(self.weight_combo)
        w.above(play, tr("Weight field (empty: count points)"), self.weight_combo,
                tr("A numeric field (employees, turnover…) summed instead of counting points."))
        self.clusters_check = QCheckBox(tr("Show point clusters"))
        self.clusters_check.setObjectName("sc_point_clusters")
        self.clusters_check.setToolTip(tr("Outline the dense groups of the shown sector's points on the map "
                                          "(ranked by weight; hover for the regions they span); Create layers "
                                          "writes them and the map shows them with a table."))
        lay.addWidget(self.box)
        # the clusters' choices come under the match line (the dock places them): they act on the counted points
        self.clusters_box, play = w.plain_box("sc_point_clusters_box")
        play.addWidget(self.clusters_check)
        rows = w.Rows(play)
        self.radius_spin = QgsDoubleSpinBox()
        self.radius_spin.setObjectName("sc_point_radius")
        self.radius_spin.setDecimals(0)
        self.radius_spin.setRange(1.0, RADIUS_RANGE.high - 1)
        self.radius_spin.setSingleStep(50.0)
        self.radius_spin.setSuffix(" m")
        self.radius_spin.setValue(500.0)
        self.radius_spin.setClearValue(500.0)
        self.radius_spin.setToolTip(tr("A point's neighbourhood, in metres on the ground."))
        rows.beside(tr("Radius"), self.radius_spin)
        self.min_weight_spin = QgsDoubleSpinBox()
        self.min_weight_spin.setObjectName("sc_point_min_weight")
        self.min_weight_spin.setDecimals(1)
        self.min_weight_spin.setRange(0.1, 1e9)
        self.min_weight_spin.setValue(10.0)
        self.min_weight_spin.setClearValue(10.0)
        self.min_weight_spin.setToolTip(tr("A point is a core point when the weight within the radius, its own "
                                           "included, reaches this (with no weight field: a number of points)."))
        rows.beside(tr("Min. weight"), self.min_weight_spin)
        self.note = w.note_label()
        self.note.setObjectName("sc_point_clusters_note")
        play.addWidget(self.note)

    def bound(self) -> dict:
        """The state keys these widgets show, for the dock's one binding loop."""
        return {"scores_source": self.source_combo, "point_sector_field": self.sector_combo,
                "point_weight_field": self.weight_combo, "point_clusters": self.clusters_check,
                "point_radius": self.radius_spin, "point_min_weight": self.min_weight_spin}

    def connect(self, model) -> None:
        self.layer_combo.layerChanged.connect(self._layer_picked)
        model.pointsChanged.connect(self.show_note)

    def _layer_picked(self, layer) -> None:
        if not self.dock.showing:
            m = self.dock.model
            m.update(**point_changes(layer, m.state))

    def show_state(self, keys) -> None:
        """Called by the dock while it shows the state (its ``showing`` flag is set)."""
        from qgis.PyQt.QtWidgets import QGroupBox

        m = self.dock.model
        if "points_id" in keys:
            layer = points_layer(m)
            if self.layer_combo.currentLayer() is not layer:
                self.layer_combo.setLayer(layer)
            self.sector_combo.setLayer(layer)
            self.weight_combo.setLayer(layer)
            for key, combo in (("point_sector_field", self.sector_combo), ("point_weight_field", self.weight_combo)):
                if combo.currentField() != m.state[key]:
                    combo.setField(m.state[key])
        on = points_on(m)
        self.box.setVisible(on)
        self.clusters_box.setVisible(on)
        periods = self.dock.findChild(QGroupBox, "sc_group_periods")  # periods come from tables only
        if periods is not None:
            periods.setVisible(not on)
        self.dock.scores.table_box.setVisible(not on)
        for spin in (self.radius_spin, self.min_weight_spin):
            spin.setEnabled(bool(m.state["point_clusters"]))
        self.show_note()

    def show_note(self) -> None:
        text = self.dock.model.point_clusters.note()
        self.note.setText(text)
        self.note.setVisible(bool(text))


def _point_filter():
    """The point-layer filter, wherever this QGIS keeps it (Qgis.LayerFilter since 3.34)."""
    from qgis.core import QgsMapLayerProxyModel

    flags = getattr(Qgis, "LayerFilter", None)
    if flags is not None and hasattr(flags, "PointLayer"):
        return flags.PointLayer
    return QgsMapLayerProxyModel.PointLayer
