"""The Sector Clusters panel: boundaries + scores table -> matched regions -> clusters -> layers and maps.

The panel is a front end only: matching is ``run_join`` (as the toolbox's Join
sector scores), detection is ``analyse`` (as Detect multi-region clusters) on
the output of the ``sectorclusters:joinscores`` algorithm, and "Create layers"
runs the two Processing algorithms. Slow steps run as tasks in QGIS's task
manager, so the map stays responsive and Cancel works.

This module keeps the dock itself (construction, settings, project save/restore, shutdown); the
behaviour lives in the ``panel_*`` mixins.
"""
from __future__ import annotations

import shutil
import tempfile

from qgis.core import QgsProject, QgsVectorLayer
from qgis.gui import QgsDockWidget
from qgis.PyQt.QtCore import QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import QComboBox, QWidget

from ..i18n import tr
from . import state as panel_state
from .panel_analysis import GISTAR, MORAN, RULE, AnalysisMixin  # noqa: F401 - re-exported
from .panel_layout import DEFAULT_SEED, LayoutMixin  # noqa: F401
from .panel_matching import PREVIEW_ROWS, TABLE_SUFFIXES, MatchingMixin  # noqa: F401
from .panel_output import HELP, ROLE, OutputMixin  # noqa: F401
from .panel_tasks import TasksMixin

DEBOUNCE_MS = 250


class SectorClustersDock(LayoutMixin, MatchingMixin, AnalysisMixin, OutputMixin, TasksMixin, QgsDockWidget):
    """The panel. ``state()``/``set_state()`` give its settings as a JSON-serialisable dict."""

    analysisChanged = pyqtSignal()
    matchChanged = pyqtSignal()
    layersCreated = pyqtSignal()
    busyChanged = pyqtSignal(bool)

    def __init__(self, iface, parent: QWidget | None = None):
        super().__init__(tr("Sector Clusters"), parent)
        self.setObjectName("SectorClustersDock")
        self.iface = iface
        self._tasks: list = []  # Python references to running tasks (CoreTask / AlgorithmRun)
        self._restoring = False
        self._aliases: dict[str, str] = {}
        self._raw = None  # RawTable of the current file (preview)
        self._joined = None  # (ScoreTable, JoinResult) from run_join
        self._work: QgsVectorLayer | None = None  # joinscores output (temporary GeoPackage)
        self._work_snapshot = None  # its LayerSnapshot, what the analysis tasks read
        self._work_data = None  # the RegionData read from it (once per join; thresholds reuse it)
        self._work_gen = -1
        self._graph = None  # (key, regions, graph)
        self._analysis = None
        self._gen = 0  # bumps whenever the match inputs change; stale task results are dropped
        self._analysis_seq = 0
        self._pending_sector = ""
        self._stale_layers = False
        self._tmpdir = tempfile.mkdtemp(prefix="sector_clusters_")
        self._last_error = ""

        self._match_timer = self._timer(self.start_match)
        self._analyse_timer = self._timer(self.analyse_now)
        self._build_ui()
        self._connect()
        self.setAcceptDrops(True)
        project = QgsProject.instance()
        project.writeProject.connect(self._on_write_project)
        project.readProject.connect(self._on_read_project)
        project.cleared.connect(self._on_project_cleared)
        self._restore_from_project()

    def tr(self, text: str) -> str:
        return tr(text)

    def _timer(self, slot) -> QTimer:
        t = QTimer(self)
        t.setSingleShot(True)
        t.setInterval(DEBOUNCE_MS)
        t.timeout.connect(slot)
        return t

    # ------------------------------------------------------------------------------- state
    def state(self) -> dict:
        """The panel's settings as a JSON-serialisable dict."""
        layer = self.layer_combo.currentLayer()
        return panel_state.normalise({
            "layer_id": layer.id() if layer is not None else "",
            "layer_source": layer.source() if layer is not None else "",
            "key_field": self.key_combo.currentField(),
            "table_path": self.file_widget.filePath(),
            "shape": self.shape_combo.currentData(),
            "table_key": self.table_key_combo.currentData() or "",
            "sector_column": self.sector_col_combo.currentData() or "",
            "score_column": self.score_col_combo.currentData() or "",
            "aliases": dict(self._aliases),
            "sector": self.current_sector() or self._pending_sector,
            "baseline": self.baseline_combo.currentData(),
            "threshold": self.threshold_spin.value(),
            "neighbours": self.neighbours_combo.currentData(),
            "tolerance_km": self.tolerance_spin.value(),
            "min_regions": self.min_regions_spin.value(),
            "method": self.method(),
            "permutations": self.permutations_spin.value(),
            "correction": self.correction_combo.currentData(),
            "alpha": self.alpha_spin.value(),
            "seed": self.seed_spin.value(),
            "scheme": self.scheme_combo.currentData() or "classes",
            "output_path": self.output_widget.filePath(),
            "atlas": self.atlas_check.isChecked(),
        })

    def set_state(self, state: dict | None) -> None:
        """Show ``state`` (missing keys take their defaults) and re-run the analysis."""
        s = panel_state.normalise(state)
        self._restoring = True
        try:
            project = QgsProject.instance()
            layer = project.mapLayer(s["layer_id"]) if s["layer_id"] else None
            if layer is None and s["layer_source"]:
                layer = next((lyr for lyr in project.mapLayers().values()
                              if isinstance(lyr, QgsVectorLayer) and lyr.source() == s["layer_source"]), None)
            self.layer_combo.setLayer(layer)
            self.key_combo.setLayer(layer)
            if s["key_field"]:
                self.key_combo.setField(s["key_field"])
            self._aliases = dict(s["aliases"])
            self.file_widget.setFilePath(s["table_path"])
            self._load_preview(s["table_path"])
            self._select_data(self.shape_combo, s["shape"])
            self._select_data(self.table_key_combo, s["table_key"])
            self._select_data(self.sector_col_combo, s["sector_column"])
            self._select_data(self.score_col_combo, s["score_column"])
            self._select_data(self.baseline_combo, s["baseline"])
            self.threshold_spin.setValue(s["threshold"])
            self._select_data(self.neighbours_combo, s["neighbours"])
            self.tolerance_spin.setValue(s["tolerance_km"])
            self.min_regions_spin.setValue(max(1, s["min_regions"]))
            self._select_data(self.method_combo, s["method"])
            self.permutations_spin.setValue(s["permutations"])
            self._select_data(self.correction_combo, s["correction"])
            self.alpha_spin.setValue(s["alpha"])
            self.seed_spin.setValue(s["seed"])
            self._update_method_widgets()
            self._select_data(self.scheme_combo, s["scheme"])
            self.output_widget.setFilePath(s["output_path"])
            self.atlas_check.setChecked(s["atlas"])
            self._pending_sector = s["sector"]
            if not self._select_data(self.sector_combo, s["sector"]):
                pass  # filled when the match is done
        finally:
            self._restoring = False
        self._invalidate_match()
        self._match_timer.start()

    @staticmethod
    def _select_data(combo: QComboBox, value) -> bool:
        i = combo.findData(value)
        if i >= 0:
            combo.setCurrentIndex(i)
            return True
        return False

    def _save_state(self, *args) -> None:
        if self._restoring:
            return
        try:
            panel_state.save(QgsProject.instance(), self.state())
        except RuntimeError:  # the project is being torn down
            pass

    def _on_write_project(self, *args) -> None:
        panel_state.save(QgsProject.instance(), self.state())

    def _on_read_project(self, *args) -> None:
        # readProject fires before the layers are all resolved in some versions: finish on the next turn
        QTimer.singleShot(0, self._restore_from_project)

    def _on_project_cleared(self) -> None:
        self.cancel_tasks()
        self._restoring = True
        try:
            self._aliases = {}
            self._analysis = None
            self._joined = None
            self._work = None
            self._work_snapshot = None
            self._work_data = None
            self._graph = None
            self.layer_combo.setLayer(None)
            self.file_widget.setFilePath("")
            self.output_widget.setFilePath("")
            self._load_preview("")
            self._show_match(None)
            self._show_results()
        finally:
            self._restoring = False

    def _restore_from_project(self) -> None:
        s = panel_state.load(QgsProject.instance())
        if s is not None:
            self.set_state(s)
        self._update_buttons()

    def shutdown(self) -> None:
        """Plugin unload: stop tasks and let go of the project's signals."""
        self.cancel_tasks()
        project = QgsProject.instance()
        for signal, slot in ((project.writeProject, self._on_write_project),
                             (project.readProject, self._on_read_project),
                             (project.cleared, self._on_project_cleared)):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass
        for t in (self._match_timer, self._analyse_timer):
            t.stop()
        self._work = None
        shutil.rmtree(self._tmpdir, ignore_errors=True)
