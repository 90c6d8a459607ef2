"""Output: the created layers, their styles, the print layout and the map export.

One GeoPackage with two tables, ``regions`` (detectclusters OUTPUT_REGIONS) and ``clusters``
(OUTPUT_CLUSTERS), written through ``ogr:dbname='…' table="…" (geom)`` destinations; by default
beside the project file, else where the user chooses.
"""
from __future__ import annotations

import os
import time
import traceback
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProcessingContext, QgsProcessingException, QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QFileDialog

from ..core import codes
from ..i18n import tr
from ..steps import options
from .panel_analysis import RULE
from .panel_tasks import _LogFeedback
from .tasks import AlgorithmRun

HELP = Path(__file__).resolve().parents[2] / "resources" / "help" / "index.html"
ROLE = "sector_clusters/role"  # custom property marking the layers this panel created


class OutputMixin:
    """Create layers, restyle them, open the layout, export the map, show the help."""

    def output_path(self) -> str:
        """The GeoPackage to write: the chosen path, else beside the project file."""
        path = self.output_widget.filePath().strip()
        if not path:
            project = QgsProject.instance()
            if not project.fileName():
                return ""
            stem = Path(self.file_widget.filePath() or "scores").stem
            safe = "".join(ch if ch.isalnum() else "_" for ch in stem).strip("_") or "scores"
            path = str(Path(project.absolutePath()) / f"sector_clusters_{safe}.gpkg")
        if not path.lower().endswith(".gpkg"):
            path += ".gpkg"
        return path

    def output_layers(self) -> tuple[QgsVectorLayer, QgsVectorLayer | None] | None:
        """(regions, clusters) this panel added to the project, if they are still there."""
        regions = clusters = None
        for layer in QgsProject.instance().mapLayers().values():
            role = layer.customProperty(ROLE)
            if role == "regions":
                regions = layer
            elif role == "clusters":
                clusters = layer
        return (regions, clusters) if regions is not None else None

    def create_layers(self) -> None:
        """Run joinscores then detectclusters (localstatistics for the statistics methods) into the GeoPackage.

        The two layers are added to the map.
        """
        if self._joined is None or self.layer_combo.currentLayer() is None:
            self.report(tr("Choose a regions layer and a table first (and wait for the match)."), Qgis.Warning)
            return
        path = self.output_path()
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, tr("Save the layers as"), "", tr("GeoPackage (*.gpkg)"))
            if not path:
                self.report(tr("Choose where to save the GeoPackage (the project has not been saved yet)."),
                            Qgis.Warning)
                return
            if not path.lower().endswith(".gpkg"):
                path += ".gpkg"
            self.output_widget.setFilePath(path)
        folder = Path(path).parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            self.report(tr("The folder {} does not exist or cannot be written to.").format(folder), Qgis.Critical)
            return
        self._remove_outputs()
        if self._work is not None and self._work_gen == self._gen:
            self._detect_into(self._work.source(), path)  # the current join is reused, not run again
            return
        joined = os.path.join(self._tmpdir, f"create_{self._gen}_{int(time.time() * 1000)}.gpkg")
        try:
            run = AlgorithmRun("sectorclusters:joinscores", self._join_parameters(joined),
                               lambda r: self._create_joined(r, path))
        except RuntimeError as exc:
            self.report_error(exc)
            return
        self._start(run, "create", tr("Writing layers…"))

    def _create_joined(self, run: AlgorithmRun, path: str) -> None:
        self._forget(run)
        if run.cancelled:
            return
        if not run.ok:
            self.report(run.error_text() or tr("Joining the scores failed."), Qgis.Critical)
            return
        self._detect_into(run.results["OUTPUT"], path)

    def _detect_into(self, joined: str, path: str) -> None:
        """Run detectclusters (or localstatistics) on the joined layer into the panel's GeoPackage."""

        def dest(table: str) -> str:
            escaped = path.replace("'", "\\'")
            return f"ogr:dbname='{escaped}' table=\"{table}\" (geom)"

        params = {
            "INPUT": joined,
            "KEY": self.key_combo.currentField(),
            "NEIGHBOURS": options.index_of(options.NEIGHBOURS, self.neighbours_combo.currentData()),
            "GAP_TOLERANCE": self.tolerance_m(),
            "MIN_REGIONS": self.min_regions_spin.value(),
            "OUTPUT_REGIONS": dest("regions"),
            "OUTPUT_CLUSTERS": dest("clusters"),
        }
        if self.method() == RULE:
            alg_id, words = "sectorclusters:detectclusters", tr("Detecting clusters…")
            params.update(BASELINE=options.index_of(options.BASELINES, self.baseline_combo.currentData()),
                          THRESHOLD=self.threshold_spin.value())
        else:
            s = self.statistics_settings()
            alg_id, words = "sectorclusters:localstatistics", tr("Computing local statistics…")
            params.update(METHOD=options.index_of(options.STATISTICS, s["method"]), PERMUTATIONS=s["permutations"],
                          SEED=s["seed"], CORRECTION=options.index_of(options.CORRECTIONS, s["correction"]),
                          ALPHA=s["alpha"])
        try:
            detect = AlgorithmRun(alg_id, params, lambda r: self._create_done(r, path))
        except RuntimeError as exc:
            self.report_error(exc)
            return
        self._start(detect, "create", words)

    def _create_done(self, run: AlgorithmRun, path: str) -> None:
        self._forget(run)
        if run.cancelled:
            return
        if not run.ok:
            self.report(run.error_text() or tr("Detecting clusters failed."), Qgis.Critical)
            return
        project = QgsProject.instance()
        table = Path(self.file_widget.filePath()).stem or tr("scores")
        group_name = tr("Sector Clusters — {}").format(table)
        root = project.layerTreeRoot()
        group = root.findGroup(group_name)
        if group is None:
            group = root.insertGroup(0, group_name)
        if run.alg_id.endswith(":localstatistics"):
            names = (tr("Regions — local statistics"), tr("Significant clusters"))
        else:
            names = (tr("Regions — sector scores"), tr("Multi-region clusters"))
        regions = QgsVectorLayer(f"{path}|layername=regions", names[0], "ogr")
        clusters = QgsVectorLayer(f"{path}|layername=clusters", names[1], "ogr")
        if not regions.isValid() or not clusters.isValid():
            self.report(tr("The layers written to {} could not be opened.").format(path), Qgis.Critical)
            return
        regions.setCustomProperty(ROLE, "regions")
        clusters.setCustomProperty(ROLE, "clusters")
        project.addMapLayer(regions, False)
        project.addMapLayer(clusters, False)
        group.insertLayer(0, clusters)
        group.insertLayer(1, regions)
        self._stale_layers = False
        self.restyle()
        self._save_state()
        self._show_results()
        self.report(tr("Wrote {} (layers regions and clusters).").format(path), Qgis.Success)
        self.layersCreated.emit()

    def _remove_outputs(self) -> None:
        """Drop the layers an earlier run added: the panel keeps one pair, and the file may be rewritten.

        Their group stays where the user put it; the new layers go into it.
        """
        project = QgsProject.instance()
        for layer in list(project.mapLayers().values()):
            if layer.customProperty(ROLE) in ("regions", "clusters"):
                project.removeMapLayer(layer.id())

    def restyle(self) -> None:
        """Point the created layers' styles at the shown sector (no re-run)."""
        out = self.output_layers()
        field = self.current_sector()
        if out is None or not field:
            return
        regions, clusters = out
        statistics = regions.fields().indexFromName(f"{field}_type") >= 0
        if not statistics and regions.fields().indexFromName(f"{field}_above") < 0:
            return
        try:
            from ..gis import style
        except ImportError:
            return
        try:
            if statistics:  # written by localstatistics (the layer's fields decide, not the panel's method)
                from ..gis.stat_style import style_types

                style_types(regions, field)
            else:
                style.style_regions(regions, field, self.scheme_combo.currentData() or "classes", None)
            if clusters is not None:
                style.style_clusters(clusters, field, regions=regions)
        except Exception as exc:  # noqa: BLE001 - a style problem must not break the panel
            self.report_error(exc)
        if self.iface is not None and self.iface.layerTreeView() is not None:
            self.iface.layerTreeView().refreshLayerSymbology(regions.id())

    def open_layout(self):
        """Build the print layout for the shown sector and open it in the layout designer."""
        out = self.output_layers()
        if out is None:
            self.report(tr("Create the layers first."), Qgis.Warning)
            return None
        from ..gis.layout import MapSpec, build_layout

        regions, clusters = out
        spec = MapSpec(field=self.current_sector(), scheme=self.scheme_combo.currentData() or codes.CLASSES,
                       atlas=self.atlas_check.isChecked(), atlas_store=regions.source())
        try:
            layout = build_layout(QgsProject.instance(), regions, clusters, spec)
        except Exception as exc:  # noqa: BLE001
            self.report_error(exc)
            return None
        if self.iface is not None and hasattr(self.iface, "openLayoutDesigner"):
            self.iface.openLayoutDesigner(layout)
        return layout

    def export_dialog(self) -> None:
        if self.output_layers() is None:
            self.report(tr("Create the layers first."), Qgis.Warning)
            return
        path, _ = QFileDialog.getSaveFileName(self, tr("Export the map"), "",
                                              tr("PDF (*.pdf);;PNG image (*.png);;SVG (*.svg)"))
        if path:
            self.export_map(path, self.atlas_check.isChecked())

    def export_map(self, path: str, atlas: bool = False) -> list[str]:
        """Export on the main thread (layouts): sectorclusters:exportmap, else the export module."""
        out = self.output_layers()
        if out is None:
            self.report(tr("Create the layers first."), Qgis.Warning)
            return []
        regions, clusters = out
        suffix = Path(path).suffix.lower().lstrip(".") or "pdf"
        if suffix not in ("pdf", "png", "svg"):
            path += ".pdf"
            suffix = "pdf"
        alg_id = "sectorclusters:exportmap"
        if QgsApplication.processingRegistry().algorithmById(alg_id) is None:
            self.report(tr("Map export is not available in this version of the plugin."), Qgis.Warning)
            return []
        try:
            files = self._export_with_algorithm(alg_id, regions, clusters, path, suffix, atlas)
        except Exception as exc:  # noqa: BLE001 - shown in plain words, details in the log
            self.report_error(exc, traceback.format_exc())
            return []
        self.report(tr("Exported {}.").format(", ".join(files) or path), Qgis.Success)
        return files

    def _export_with_algorithm(self, alg_id: str, regions, clusters, path, suffix, atlas) -> list[str]:
        """Run sectorclusters:exportmap here, on the main thread (it builds a layout)."""
        alg = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        params = {"REGIONS": regions, "CLUSTERS": clusters, "FIELD": self.current_sector(), "ATLAS": atlas,
                  f"OUTPUT_{suffix.upper()}": path}
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        feedback = _LogFeedback()
        ok_params, why = alg.checkParameterValues(params, context)
        if not ok_params:
            raise QgsProcessingException(why)
        results, ok = alg.run(params, context, feedback)
        if not ok:
            raise QgsProcessingException(feedback.last_error or tr("Exporting the map failed."))
        files = [f for f in str(results.get("OUTPUT_FILES") or "").split("; ") if f]
        return files or [path]

    def show_help(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(HELP)))
