"""The live analysis: neighbour graph, flagging and clusters for every sector, and the results list."""
from __future__ import annotations

from qgis.core import Qgis, QgsCoordinateTransform, QgsExpression, QgsMessageLog, QgsProject, QgsRectangle
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QListWidgetItem

from ..core import codes
from ..i18n import tr
from ..steps import options, words
from .tasks import TAG, CoreTask, graph_job

RULE, MORAN, GISTAR = codes.RULE, codes.MORAN, codes.GISTAR  # the Method combo's codes


class AnalysisMixin:
    """Runs ``analyse`` (rule or local statistics) in the background and shows the shown sector's clusters."""

    def _graph_key(self) -> tuple | None:
        layer = self.layer_combo.currentLayer()
        if layer is None:
            return None
        return (layer.id(), self.neighbours_combo.currentData(), self.tolerance_m())

    def tolerance_m(self) -> float:
        return float(self.tolerance_spin.value()) * 1000.0

    def ensure_graph(self) -> None:
        """Build the neighbour graph in the background unless the current one fits."""
        key = self._graph_key()
        if key is None:
            return
        if self._graph is not None and self._graph[0] == key:
            return
        for t in list(self._tasks):
            if getattr(t, "kind", "") == "graph":
                if getattr(t, "graph_key", None) == key:
                    return
                t.cancel()
        from ..gis.snapshot import LayerSnapshot

        self._graph = None
        snapshot = LayerSnapshot(self.layer_combo.currentLayer())  # here, on the main thread
        task = CoreTask(tr("Sector Clusters: finding neighbouring regions"), graph_job(snapshot, key[1], key[2]),
                        lambda t: self._graph_done(t, key))
        task.graph_key = key
        self._start(task, "graph", tr("Finding neighbours…"))

    def _graph_done(self, task: CoreTask, key: tuple) -> None:
        self._forget(task)
        if task.cancelled or key != self._graph_key():
            return
        if task.error is not None:
            self.report_error(task.error, task.details)
            return
        regions, graph = task.result
        self._graph = (key, regions, graph)
        self.analyse_now()

    def analyse_now(self) -> None:
        """Flag and cluster every sector with the current settings (``analyse``, as the toolbox).

        Runs as a task (it reads every sector column); the neighbour graph is reused.
        """
        if self._work is None or self._work_gen != self._gen:
            return
        if self._graph is None or self._graph[0] != self._graph_key():
            self.ensure_graph()
            return
        for t in list(self._tasks):
            if getattr(t, "kind", "") == "analyse":
                t.cancel()
        self._analysis_seq += 1
        seq = self._analysis_seq
        _key, regions, graph = self._graph
        snapshot, key, cached = self._work_snapshot, self.key_combo.currentField(), self._work_data
        if self.method() == RULE:
            args = (self.baseline_combo.currentData(), self.threshold_spin.value(), self.min_regions_spin.value(),
                    self.neighbours_combo.currentData(), self.tolerance_m())

            def step(data, task):
                from ..steps.rule import detect_by_rule

                return detect_by_rule(data, graph, *args)

            words_ = tr("Sector Clusters: flagging regions and finding clusters")
        else:
            settings = self.statistics_settings()

            def step(data, task):
                from ..steps.statistics import detect_by_statistic

                return detect_by_statistic(data, graph, is_cancelled=task.poll, **settings)

            words_ = tr("Sector Clusters: local statistics (permutation test)")

        def job(task: CoreTask):
            from ..gis.reading import read_region_data

            data = cached or read_region_data(snapshot, key, None, task.poll, regions=regions)
            return data, step(data, task)

        task = CoreTask(words_, job, lambda t: self._analysis_done(t, seq))
        self._start(task, "analyse", tr("Finding clusters…"))

    def method(self) -> str:
        """The Method choice: RULE (above the baseline), MORAN or GISTAR."""
        return self.method_combo.currentData() or RULE

    def statistics_settings(self) -> dict:
        """The local statistics settings as ``steps.statistics.detect_by_statistic`` takes them."""
        return {"method": self.method(), "neighbours": self.neighbours_combo.currentData(),
                "tolerance": self.tolerance_m(), "permutations": self.permutations_spin.value(),
                "seed": self.seed_spin.value(), "correction": self.correction_combo.currentData(),
                "alpha": round(self.alpha_spin.value(), 6), "min_regions": self.min_regions_spin.value()}

    @staticmethod
    def _is_statistics(analysis) -> bool:
        return analysis is not None and analysis.kind != RULE

    def _analysis_done(self, task: CoreTask, seq: int) -> None:
        self._forget(task)
        if task.cancelled or seq != self._analysis_seq:
            return
        if task.error is not None:
            self._analysis = None
            self._show_results()
            self.report_error(task.error, task.details)
            return
        data, analysis = task.result
        self._work_data = data
        self._analysis = analysis
        for f, why in analysis.skipped.items():
            QgsMessageLog.logMessage(tr("Skipped {}: {}").format(f, why), TAG, Qgis.Info)
        self._show_results()
        self.analysisChanged.emit()

    def sector_result(self, field: str | None = None):
        """The shown sector's result: detect's SectorResult (rule) or localstatistics' SectorStats."""
        if self._analysis is None:
            return None
        return self._analysis.sector(field or self.current_sector())

    def counts(self) -> tuple[int, int]:
        """(regions flagged, multi-region clusters) for the shown sector.

        Flagged = above the baseline (rule), High-High (Moran) or in a hot-spot bin (Gi*).
        """
        r = self.sector_result()
        if r is None:
            return (0, 0)
        if self._is_statistics(self._analysis):
            from ..steps.statistics import cluster_types

            wanted = cluster_types(self._analysis.kind)
            return (sum(1 for t in r.stats.types if t in wanted), len(r.clusters))
        return (r.n_above, len(r.clusters))

    def type_counts(self) -> dict[str, int]:
        """Local statistics: regions per type (HH, LL, …, or hot99, …) for the shown sector; else {}."""
        r = self.sector_result()
        if r is None or not self._is_statistics(self._analysis):
            return {}
        return r.counts()

    def _statistics_summary(self, r) -> str:
        s = self._analysis.settings
        return words.statistics_summary(self._analysis.kind, r.counts(), len(r.clusters), s["permutations"],
                                        s["correction"], s["alpha"], s["seed"])

    def _show_results(self) -> None:
        self.cluster_list.clear()
        r = self.sector_result()
        if r is None:
            skipped = (self._analysis.skipped.get(self.current_sector()) if self._analysis else None)
            self.summary_label.setText(skipped or "—")
            self._update_buttons()
            return
        a = self._analysis
        if self._is_statistics(a):
            text = self._statistics_summary(r)
        else:
            nodata = int((~r.flags.has_data).sum())
            text = tr("{} regions above the baseline ({}), {} multi-region clusters.").format(
                r.n_above, words.describe(a.settings["baseline"], a.settings["threshold"],
                                          (a.meta or {}).get("reference_name")), len(r.clusters))
            if nodata:
                text += " " + tr("{} regions have no data.").format(nodata)
        if self._stale_layers and self.output_layers() is not None:
            text += " " + tr("The map layers show earlier settings: click Create layers to update them.")
        self.summary_label.setText(text)
        for c in r.clusters:
            names = words.join_names(a.names[i] for i in c.members)
            item = QListWidgetItem(tr("Cluster {} — {} regions: {}").format(c.cluster_id, c.size, names))
            item.setData(Qt.ItemDataRole.UserRole, [a.keys[i] for i in c.members])
            item.setData(Qt.ItemDataRole.UserRole + 1, [int(i) for i in c.members])
            item.setToolTip(names)
            self.cluster_list.addItem(item)
        self._update_buttons()

    def _sector_changed(self, *args) -> None:
        """A sector switch restyles the map at once: the layers hold every sector."""
        if self._restoring:
            return
        self._show_results()
        self.restyle()
        self._save_state()

    def _scheme_changed(self, *args) -> None:
        if self._restoring:
            return
        self.restyle()
        self._save_state()

    def _baseline_changed(self, index: int) -> None:
        if self._restoring:
            return
        method = self.baseline_combo.itemData(index)
        if method in options.DEFAULT_THRESHOLD:
            self.threshold_spin.blockSignals(True)
            self.threshold_spin.setValue(options.DEFAULT_THRESHOLD[method])
            self.threshold_spin.setClearValue(options.DEFAULT_THRESHOLD[method])
            self.threshold_spin.blockSignals(False)
        self._settings_changed()

    def _method_changed(self, *args) -> None:
        self._update_method_widgets()
        if self._restoring:
            return
        self._analysis = None  # the shown result belongs to the other method
        self._show_results()
        self._settings_changed()

    def _update_method_widgets(self) -> None:
        """The rule uses the baseline and threshold; the statistics their own settings."""
        rule = self.method() == RULE
        for w in (self.baseline_combo, self.threshold_spin, self.scheme_combo):
            w.setEnabled(rule)
        self.stats_box.setVisible(not rule)
        self.stats_box.setEnabled(not rule)

    def _settings_changed(self, *args) -> None:
        if self._restoring:
            return
        self._stale_layers = True
        self._save_state()
        key = self._graph_key()
        if key is not None and (self._graph is None or self._graph[0] != key):
            self.ensure_graph()
        else:
            self._analyse_timer.start()

    # ------------------------------------------------------------------------- clusters
    def _cluster_clicked(self, item: QListWidgetItem) -> None:
        self.zoom_to_cluster(item.data(Qt.ItemDataRole.UserRole) or [], item.data(Qt.ItemDataRole.UserRole + 1) or [])

    def zoom_to_cluster(self, keys: list[str], members: list[int]) -> None:
        """Zoom the canvas to the member regions and select them in the regions layer."""
        out = self.output_layers()
        layer = out[0] if out is not None else self.layer_combo.currentLayer()
        key = self.key_combo.currentField()
        if layer is None or not key or not keys:
            return
        values = ", ".join(QgsExpression.quotedValue(k) for k in keys)
        layer.selectByExpression(f"{QgsExpression.quotedColumnRef(key)} IN ({values})")
        regions = self._analysis.regions if self._analysis is not None else None
        geoms = [regions.geometries[i] for i in members if regions is not None and i < len(regions.geometries)]
        boxes = [g.boundingBox() for g in geoms if g is not None]
        rect = QgsRectangle(boxes[0]) if boxes else QgsRectangle()
        for box in boxes[1:]:
            rect.combineExtentWith(box)
        if rect.isEmpty() and layer.selectedFeatureCount():
            rect = layer.boundingBoxOfSelected()
        canvas = self.iface.mapCanvas()
        if canvas is None or rect.isEmpty():
            return
        src = self.layer_combo.currentLayer() if geoms else layer
        xform = QgsCoordinateTransform(src.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        try:
            rect = xform.transformBoundingBox(rect)
        except Exception:  # noqa: BLE001 - leave the view as it is rather than fail
            return
        rect.scale(1.15)
        canvas.setExtent(rect)
        canvas.refresh()
