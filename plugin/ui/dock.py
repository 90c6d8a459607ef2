"""The Sector Clusters panel: boundaries + scores table -> matched regions -> clusters -> layers and maps.

The panel is a front end only: matching is ``run_join`` (as the toolbox's Join
sector scores), detection is ``analyse`` (as Detect multi-region clusters) on
the output of the ``sectorclusters:joinscores`` algorithm, and "Create layers"
runs the two Processing algorithms. Slow steps run as tasks in QGIS's task
manager, so the map stays responsive and Cancel works.

Output: one GeoPackage with two tables, ``regions`` (detectclusters
OUTPUT_REGIONS) and ``clusters`` (OUTPUT_CLUSTERS), written through
``ogr:dbname='…' table="…" (geom)`` destinations; by default beside the project
file, else where the user chooses.
"""
from __future__ import annotations

import csv
import os
import shutil
import tempfile
import time
import traceback
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateTransform,
    QgsExpression,
    QgsMapLayerProxyModel,
    QgsMessageLog,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
)
from qgis.gui import (
    QgsCollapsibleGroupBox,
    QgsDockWidget,
    QgsDoubleSpinBox,
    QgsFieldComboBox,
    QgsFileWidget,
    QgsMapLayerComboBox,
)
from qgis.PyQt.QtCore import Qt, QTimer, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from . import state as panel_state
from .tasks import TAG, AlgorithmRun, CoreTask, graph_job, match_job

HELP = Path(__file__).resolve().parents[2] / "resources" / "help" / "index.html"
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".ods")
ROLE = "sector_clusters/role"  # custom property marking the layers this panel created
PREVIEW_ROWS = 8
METHOD_OPTIONS = ["Above the baseline (rule)", "Local Moran's I (High-High clusters)", "Getis-Ord Gi* (hot spots)"]
RULE, MORAN, GISTAR = 0, 1, 2  # the Method combo's indices; 1 and 2 are localstatistics' METHOD 0 and 1
DEFAULT_SEED = panel_state.DEFAULTS["seed"]
DEBOUNCE_MS = 250


def _polygon_filter():
    """The polygon-layer filter, wherever this QGIS keeps it (Qgis.LayerFilter since 3.34)."""
    flags = getattr(Qgis, "LayerFilter", None)
    if flags is not None and hasattr(flags, "PolygonLayer"):
        return flags.PolygonLayer
    return QgsMapLayerProxyModel.PolygonLayer


class SectorClustersDock(QgsDockWidget):
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

    # ------------------------------------------------------------------------------------ UI
    def _build_ui(self) -> None:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        self.setWidget(scroll)
        main = QVBoxLayout(body)

        # 1 boundaries
        box = self._group(main, tr("1. Boundaries"))
        form = QFormLayout()
        box.setLayout(form)
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setFilters(_polygon_filter())
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        self.layer_combo.setToolTip(tr("The polygon layer of regions (it is never modified)."))
        form.addRow(tr("Regions layer"), self.layer_combo)
        self.key_combo = QgsFieldComboBox()
        self.key_combo.setToolTip(tr("The field that identifies each region (a code like E37000001, or a name)."))
        form.addRow(tr("Key field"), self.key_combo)

        # 2 scores
        box = self._group(main, tr("2. Scores"))
        lay = QVBoxLayout()
        box.setLayout(lay)
        self.file_widget = QgsFileWidget()
        self.file_widget.setFilter(tr("Tables (*.csv *.txt *.tsv *.xlsx *.ods);;All files (*)"))
        self.file_widget.setDialogTitle(tr("Choose a table of sector scores"))
        self.file_widget.setToolTip(tr("A CSV, Excel or OpenDocument table; you can also drop a file on the panel."))
        lay.addWidget(QLabel(tr("Table file (or drop one here)")))
        lay.addWidget(self.file_widget)
        self.preview = QTableWidget(0, 0)
        self.preview.setEditTriggers(QAbstractItemView.NoEditTriggers)
        self.preview.setMaximumHeight(150)
        self.preview.setToolTip(tr("The first rows of the table as read."))
        lay.addWidget(self.preview)
        form = QFormLayout()
        lay.addLayout(form)
        self.shape_combo = QComboBox()
        for code, words in (("", tr("Detect")), ("long", tr("Long (key, sector, score)")),
                            ("wide", tr("Wide (a column per sector)")), ("nomis", tr("Nomis / ONS export"))):
            self.shape_combo.addItem(words, code)
        form.addRow(tr("Shape"), self.shape_combo)
        self.table_key_combo = QComboBox()
        form.addRow(tr("Key column"), self.table_key_combo)
        self.sector_col_combo = QComboBox()
        form.addRow(tr("Sector column"), self.sector_col_combo)
        self.score_col_combo = QComboBox()
        form.addRow(tr("Score column"), self.score_col_combo)
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #555;")
        lay.addWidget(self.notes_label)
        self.match_label = QLabel(tr("Choose a regions layer and a table."))
        self.match_label.setWordWrap(True)
        f = self.match_label.font()
        f.setBold(True)
        self.match_label.setFont(f)
        lay.addWidget(self.match_label)
        self.unmatched_table = QTableWidget(0, 2)
        self.unmatched_table.setHorizontalHeaderLabels([tr("Table row"), tr("Region")])
        self.unmatched_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeToContents)
        self.unmatched_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.Stretch)
        self.unmatched_table.verticalHeader().setVisible(False)
        self.unmatched_table.setMaximumHeight(160)
        self.unmatched_table.setToolTip(tr("Rows that match no region: pick the region each one means."))
        lay.addWidget(self.unmatched_table)

        # 3 sector and baseline
        box = self._group(main, tr("3. Sector and baseline"))
        form = QFormLayout()
        box.setLayout(form)
        self.sector_combo = QComboBox()
        form.addRow(tr("Sector"), self.sector_combo)
        from ..core import baselines
        from ..processing.alg_detectclusters import BASELINE_OPTIONS
        from ..processing.alg_localstatistics import CORRECTION_OPTIONS, MAX_PERMUTATIONS

        self.method_combo = QComboBox()
        for i, words in enumerate(METHOD_OPTIONS):
            self.method_combo.addItem(tr(words), i)
        self.method_combo.setToolTip(tr(
            "Above the baseline: regions whose index passes the threshold, and the clusters they form. "
            "Local Moran's I / Getis-Ord Gi*: regions whose neighbourhood is more clustered than chance "
            "(permutation test); the baseline and threshold are not used."))
        form.addRow(tr("Method"), self.method_combo)

        self._methods = baselines.METHODS
        self._default_threshold = baselines.DEFAULT_THRESHOLD
        self.baseline_combo = QComboBox()
        for i, words in enumerate(BASELINE_OPTIONS):
            self.baseline_combo.addItem(tr(words), i)
        form.addRow(tr("Baseline"), self.baseline_combo)
        self.threshold_spin = QgsDoubleSpinBox()
        self.threshold_spin.setRange(-10.0, 100.0)
        self.threshold_spin.setDecimals(2)
        self.threshold_spin.setSingleStep(0.05)
        self.threshold_spin.setValue(1.0)
        self.threshold_spin.setClearValue(1.0)
        self.threshold_spin.setToolTip(tr("Above means: index > threshold (z-score and percentile: at least)."))
        form.addRow(tr("Threshold"), self.threshold_spin)
        # local statistics settings: shown only for Local Moran's I / Getis-Ord Gi*
        self.stats_box = QWidget()
        stats_form = QFormLayout(self.stats_box)
        stats_form.setContentsMargins(0, 0, 0, 0)
        self.permutations_spin = QSpinBox()
        self.permutations_spin.setRange(1, MAX_PERMUTATIONS)
        self.permutations_spin.setValue(999)
        self.permutations_spin.setToolTip(tr("Random permutations per region; 999 is usual, 9,999 for more "
                                             "precise p-values (slower)."))
        stats_form.addRow(tr("Permutations"), self.permutations_spin)
        self.correction_combo = QComboBox()
        for i, words in enumerate(CORRECTION_OPTIONS):
            self.correction_combo.addItem(tr(words), i)
        self.correction_combo.setCurrentIndex(2)
        self.correction_combo.setToolTip(tr("Correction of the p-values for testing many regions at once."))
        stats_form.addRow(tr("Correction"), self.correction_combo)
        self.alpha_spin = QgsDoubleSpinBox()
        self.alpha_spin.setRange(0.001, 0.5)
        self.alpha_spin.setDecimals(3)
        self.alpha_spin.setSingleStep(0.01)
        self.alpha_spin.setValue(0.05)
        self.alpha_spin.setClearValue(0.05)
        self.alpha_spin.setToolTip(tr("A region is significant when its (corrected) pseudo p-value is at most this."))
        stats_form.addRow(tr("Significance level"), self.alpha_spin)
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2**31 - 2)
        self.seed_spin.setValue(DEFAULT_SEED)
        self.seed_spin.setToolTip(tr("The permutations' random seed: kept with the project, so the same "
                                     "settings always give the same significant regions."))
        stats_form.addRow(tr("Random seed"), self.seed_spin)
        form.addRow(self.stats_box)
        self.neighbours_combo = QComboBox()
        self.neighbours_combo.addItem(tr("Queen (share any point)"), 0)
        self.neighbours_combo.addItem(tr("Rook (share a boundary line)"), 1)
        form.addRow(tr("Neighbours"), self.neighbours_combo)
        self.tolerance_spin = QgsDoubleSpinBox()
        self.tolerance_spin.setRange(0.0, 500.0)
        self.tolerance_spin.setDecimals(2)
        self.tolerance_spin.setSingleStep(0.5)
        self.tolerance_spin.setSuffix(" km")
        self.tolerance_spin.setClearValue(0.0)
        self.tolerance_spin.setToolTip(
            tr("Regions separated by a gap (e.g. an estuary) up to this width count as neighbours."))
        form.addRow(tr("Gap tolerance"), self.tolerance_spin)
        self.min_regions_spin = QSpinBox()
        self.min_regions_spin.setRange(1, 10000)
        self.min_regions_spin.setValue(2)
        form.addRow(tr("Minimum regions"), self.min_regions_spin)
        self.scheme_combo = QComboBox()
        self.scheme_combo.addItem(tr("Above / below"), "classes")
        self.scheme_combo.addItem(tr("Index bands"), "graduated")
        form.addRow(tr("Map colours"), self.scheme_combo)

        # 4 results
        box = self._group(main, tr("4. Results"))
        lay = QVBoxLayout()
        box.setLayout(lay)
        self.summary_label = QLabel("—")
        self.summary_label.setWordWrap(True)
        lay.addWidget(self.summary_label)
        self.cluster_list = QListWidget()
        self.cluster_list.setToolTip(tr("Click a cluster to zoom to it and select its regions."))
        self.cluster_list.setMinimumHeight(80)
        lay.addWidget(self.cluster_list)
        row = QHBoxLayout()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Preferred)
        row.addWidget(self.status_label)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setEnabled(False)
        row.addWidget(self.cancel_button)
        lay.addLayout(row)

        # 5 output
        box = self._group(main, tr("5. Output"))
        lay = QVBoxLayout()
        box.setLayout(lay)
        lay.addWidget(QLabel(tr("GeoPackage (empty: beside the project file)")))
        self.output_widget = QgsFileWidget()
        self.output_widget.setStorageMode(QgsFileWidget.SaveFile)
        self.output_widget.setFilter(tr("GeoPackage (*.gpkg)"))
        self.output_widget.setConfirmOverwrite(False)  # the file keeps other tables; ours are replaced
        lay.addWidget(self.output_widget)
        self.atlas_check = QCheckBox(tr("Export every sector (atlas)"))
        lay.addWidget(self.atlas_check)
        row = QHBoxLayout()
        self.create_button = QPushButton(tr("Create layers"))
        self.create_button.setToolTip(
            tr("Write the regions and cluster outlines to the GeoPackage and add them to the map."))
        self.layout_button = QPushButton(tr("Open layout"))
        self.export_button = QPushButton(tr("Export…"))
        for b in (self.create_button, self.layout_button, self.export_button):
            row.addWidget(b)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addStretch(1)
        self.help_button = QPushButton(tr("Help"))
        row.addWidget(self.help_button)
        lay.addLayout(row)
        main.addStretch(1)
        # long sector and column names must not widen the panel: combos shrink, text elides
        for combo in body.findChildren(QComboBox):
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self._update_method_widgets()
        self._update_buttons()

    @staticmethod
    def _group(parent_layout: QVBoxLayout, title: str) -> QgsCollapsibleGroupBox:
        box = QgsCollapsibleGroupBox(title)
        box.setSaveCollapsedState(False)
        parent_layout.addWidget(box)
        return box

    def _connect(self) -> None:
        self.layer_combo.layerChanged.connect(self._layer_changed)
        self.key_combo.fieldChanged.connect(self._match_inputs_changed)
        self.file_widget.fileChanged.connect(self._file_changed)
        for combo in (self.shape_combo, self.table_key_combo, self.sector_col_combo, self.score_col_combo):
            combo.activated.connect(self._columns_changed)
        self.sector_combo.currentIndexChanged.connect(self._sector_changed)
        self.baseline_combo.currentIndexChanged.connect(self._baseline_changed)
        self.method_combo.currentIndexChanged.connect(self._method_changed)
        self.permutations_spin.valueChanged.connect(self._settings_changed)
        self.correction_combo.currentIndexChanged.connect(self._settings_changed)
        self.alpha_spin.valueChanged.connect(self._settings_changed)
        self.seed_spin.valueChanged.connect(self._settings_changed)
        self.threshold_spin.valueChanged.connect(self._settings_changed)
        self.min_regions_spin.valueChanged.connect(self._settings_changed)
        self.neighbours_combo.currentIndexChanged.connect(self._settings_changed)
        self.tolerance_spin.valueChanged.connect(self._settings_changed)
        self.scheme_combo.currentIndexChanged.connect(self._scheme_changed)
        self.output_widget.fileChanged.connect(self._save_state)
        self.atlas_check.toggled.connect(self._save_state)
        self.cluster_list.itemClicked.connect(self._cluster_clicked)
        self.cancel_button.clicked.connect(self.cancel_tasks)
        self.create_button.clicked.connect(self.create_layers)
        self.layout_button.clicked.connect(self.open_layout)
        self.export_button.clicked.connect(self.export_dialog)
        self.help_button.clicked.connect(self.show_help)

    # ------------------------------------------------------------------------------- state
    def state(self) -> dict:
        """The panel's settings as a JSON-serialisable dict."""
        layer = self.layer_combo.currentLayer()
        return panel_state.normalise({
            "layer_id": layer.id() if layer is not None else "",
            "layer_source": layer.source() if layer is not None else "",
            "key_field": self.key_combo.currentField(),
            "table_path": self.file_widget.filePath(),
            "shape": self.shape_combo.currentData() or "",
            "table_key": self.table_key_combo.currentData() or "",
            "sector_column": self.sector_col_combo.currentData() or "",
            "score_column": self.score_col_combo.currentData() or "",
            "aliases": dict(self._aliases),
            "sector": self.current_sector() or self._pending_sector,
            "baseline": self.baseline_combo.currentIndex(),
            "threshold": self.threshold_spin.value(),
            "neighbours": self.neighbours_combo.currentIndex(),
            "tolerance_km": self.tolerance_spin.value(),
            "min_regions": self.min_regions_spin.value(),
            "method": self.method(),
            "permutations": self.permutations_spin.value(),
            "correction": self.correction_combo.currentIndex(),
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
            self.baseline_combo.setCurrentIndex(min(max(s["baseline"], 0), self.baseline_combo.count() - 1))
            self.threshold_spin.setValue(s["threshold"])
            self.neighbours_combo.setCurrentIndex(1 if s["neighbours"] == 1 else 0)
            self.tolerance_spin.setValue(s["tolerance_km"])
            self.min_regions_spin.setValue(max(1, s["min_regions"]))
            self.method_combo.setCurrentIndex(min(max(s["method"], 0), self.method_combo.count() - 1))
            self.permutations_spin.setValue(s["permutations"])
            self.correction_combo.setCurrentIndex(min(max(s["correction"], 0), self.correction_combo.count() - 1))
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

    # ----------------------------------------------------------------------------- inputs
    def dragEnterEvent(self, event) -> None:
        if self._dropped_table(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        path = self._dropped_table(event.mimeData())
        if path:
            self.file_widget.setFilePath(path)  # emits fileChanged
            event.acceptProposedAction()

    @staticmethod
    def _dropped_table(mime) -> str:
        if mime is None or not mime.hasUrls():
            return ""
        for url in mime.urls():
            path = url.toLocalFile()
            if path and Path(path).suffix.lower() in TABLE_SUFFIXES:
                return path
        return ""

    def _layer_changed(self, layer) -> None:
        self.key_combo.setLayer(layer)
        if layer is not None and not self._restoring:
            from ..gis.layers import guess_key_field

            guess = guess_key_field(layer)
            if guess:
                self.key_combo.setField(guess)
        self._graph = None
        self._match_inputs_changed()

    def _file_changed(self, path: str) -> None:
        if self._restoring:
            return
        self._load_preview(path)
        self._match_inputs_changed()

    def _columns_changed(self, *args) -> None:
        self._update_column_combos()
        self._match_inputs_changed()

    def _match_inputs_changed(self, *args) -> None:
        if self._restoring:
            return
        self._invalidate_match()
        self._save_state()
        self._match_timer.start()

    def _invalidate_match(self) -> None:
        self._gen += 1
        self._stale_layers = True
        for t in list(self._tasks):
            if getattr(t, "kind", "") in ("match", "work"):
                t.cancel()

    def _load_preview(self, path: str) -> None:
        """Show the first rows and the detected shape; fill the column choices."""
        from ..core.tables import TableError, detect_shape, read_raw

        self._raw = None
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        for combo in (self.table_key_combo, self.sector_col_combo, self.score_col_combo):
            combo.clear()
        self.notes_label.setText("")
        if not path:
            self.shape_combo.setItemText(0, tr("Detect"))
            return
        try:
            raw = read_raw(path)
        except TableError as exc:
            self.notes_label.setText(str(exc))
            self.report(str(exc), Qgis.Warning)
            return
        except OSError as exc:
            self.report(tr("The table cannot be read: {}").format(exc), Qgis.Warning)
            return
        self._raw = raw
        shape = detect_shape(raw)
        self.shape_combo.setItemText(0, tr("Detect ({})").format(shape))
        header = raw.header
        self.preview.setColumnCount(len(header))
        self.preview.setHorizontalHeaderLabels(header)
        rows = raw.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for i, row in enumerate(rows):
            for j, cell in enumerate(row):
                self.preview.setItem(i, j, QTableWidgetItem(cell))
        self.preview.resizeColumnsToContents()
        for combo in (self.table_key_combo, self.sector_col_combo, self.score_col_combo):
            combo.addItem(tr("Detect"), "")
            for name in header:
                if name and combo.findData(name) < 0:
                    combo.addItem(name, name)
        if raw.notes:
            self.notes_label.setText(" ".join(raw.notes))
        self._update_column_combos()

    def _update_column_combos(self) -> None:
        shape = self.shape_combo.currentData() or ""
        if not shape and self._raw is not None:
            from ..core.tables import detect_shape

            shape = detect_shape(self._raw)
        long_table = shape == "long"
        self.sector_col_combo.setEnabled(long_table)
        self.score_col_combo.setEnabled(long_table)

    # ---------------------------------------------------------------------------- matching
    def start_match(self) -> None:
        """Match the table to the regions in the background (``run_join``)."""
        layer = self.layer_combo.currentLayer()
        key = self.key_combo.currentField()
        path = self.file_widget.filePath()
        if layer is None or not key or not path:
            self._show_match(None)
            self.match_label.setText(tr("Choose a regions layer, its key field and a table."))
            return
        if not os.path.isfile(path):
            self._show_match(None)
            self.match_label.setText(tr("The table file {} does not exist.").format(path))
            return
        gen = self._gen
        job = match_job(layer, key, path, self.table_key_combo.currentData() or "", dict(self._aliases),
                        self.shape_combo.currentData() or "", self.sector_col_combo.currentData() or "",
                        self.score_col_combo.currentData() or "")
        task = CoreTask(tr("Sector Clusters: matching the table to the regions"), job,
                        lambda t: self._match_done(t, gen))
        self._start(task, "match", tr("Matching…"))
        self.ensure_graph()

    def _match_done(self, task: CoreTask, gen: int) -> None:
        self._forget(task)
        if gen != self._gen or task.cancelled:
            return
        if task.error is not None:
            self._joined = None
            self._show_match(None)
            self.match_label.setText(self._error_words(task.error))
            self.report_error(task.error, task.details)
            return
        table, result = task.result
        self._joined = (table, result)
        if self.table_key_combo.count():
            self.table_key_combo.setItemText(0, tr("Detect ({})").format(table.key_column))
        self._fill_sectors(result.fields, result.labels)
        self._show_match(result)
        for note in table.notes + result.notes:
            QgsMessageLog.logMessage(note, TAG, Qgis.Info)
        self.matchChanged.emit()
        self.start_work_layer()

    def match_text(self) -> str:
        return self.match_label.text()

    def _show_match(self, result) -> None:
        self.unmatched_table.setRowCount(0)
        if result is None:
            self.match_label.setText("—")
            return
        m = result.match
        self.match_label.setText(tr("{} of {} regions matched").format(m.matched_features, m.n_features))
        rows = self._fixable_rows(result)
        labels = self._region_labels()
        free = [u.key for u in m.unmatched_features]
        self.unmatched_table.setRowCount(len(rows))
        for i, (row_key, chosen, candidates) in enumerate(rows):
            item = QTableWidgetItem(row_key)
            item.setFlags(item.flags() & ~Qt.ItemIsEditable)
            self.unmatched_table.setItem(i, 0, item)
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.addItem(tr("— not matched —"), "")
            keys = []
            for c in candidates:
                if c.key not in keys:
                    keys.append(c.key)
                    combo.addItem(f"{c.label}  ({c.score:.0%})", c.key)
            for k in [chosen, *free]:
                if k and k not in keys:
                    keys.append(k)
                    combo.addItem(labels.get(k, k), k)
            self._select_data(combo, chosen)
            combo.currentIndexChanged.connect(lambda _i, rk=row_key, cb=combo: self.set_alias(rk, cb.currentData()))
            self.unmatched_table.setCellWidget(i, 1, combo)
        self.unmatched_table.setVisible(bool(rows))

    def _fixable_rows(self, result) -> list[tuple[str, str, list]]:
        """(table value, region key chosen by an alias or "", candidates) for each row a user may fix."""
        from ..core.matching import ALIAS

        m = result.match
        table = self._joined[0] if self._joined else None
        out = []
        for u in m.unmatched_rows:
            if u.reason.startswith("other geography") or u.reason.startswith("used as the national"):
                continue
            out.append((u.key, self._aliases.get(u.key, ""), list(u.candidates)))
        if table is not None:
            keys = self._feature_keys()
            for r, how in m.how.items():
                if how == ALIAS and r < len(table.keys):
                    f = m.row_to_feature[r]
                    out.append((table.keys[r], keys[f] if f < len(keys) else "", []))
        return out

    def _feature_keys(self) -> list[str]:
        from ..gis.layers import as_text, field_values

        layer = self.layer_combo.currentLayer()
        key = self.key_combo.currentField()
        if layer is None or not key:
            return []
        return [as_text(v) for v in field_values(layer, key)]

    def _region_labels(self) -> dict[str, str]:
        """Region key -> 'key (name)' for the dropdowns."""
        from ..gis.layers import as_text, field_values, guess_name_field

        layer = self.layer_combo.currentLayer()
        key = self.key_combo.currentField()
        if layer is None or not key:
            return {}
        keys = [as_text(v) for v in field_values(layer, key)]
        name_field = guess_name_field(layer, key)
        if not name_field:
            return {k: k for k in keys}
        names = [as_text(v) for v in field_values(layer, name_field)]
        return {k: f"{k} ({n})" if n else k for k, n in zip(keys, names)}

    def set_alias(self, table_value: str, region_key: str | None) -> None:
        """Match ``table_value`` to the region ``region_key`` by hand ('' or None removes the fix)."""
        if region_key:
            self._aliases[table_value] = region_key
        else:
            self._aliases.pop(table_value, None)
        self._match_inputs_changed()

    def aliases(self) -> dict[str, str]:
        return dict(self._aliases)

    def unmatched_rows(self) -> list[str]:
        """The table values listed for fixing, in order."""
        return [self.unmatched_table.item(i, 0).text() for i in range(self.unmatched_table.rowCount())]

    def alias_combo(self, table_value: str) -> QComboBox | None:
        for i in range(self.unmatched_table.rowCount()):
            if self.unmatched_table.item(i, 0).text() == table_value:
                return self.unmatched_table.cellWidget(i, 1)
        return None

    def _fill_sectors(self, fields: list[str], labels: list[str]) -> None:
        wanted = self.current_sector() or self._pending_sector
        self.sector_combo.blockSignals(True)
        self.sector_combo.clear()
        for f, label in zip(fields, labels):
            self.sector_combo.addItem(label, f)
        if not self._select_data(self.sector_combo, wanted) and self.sector_combo.count():
            self.sector_combo.setCurrentIndex(0)
        self.sector_combo.blockSignals(False)
        self._pending_sector = ""

    def current_sector(self) -> str:
        return self.sector_combo.currentData() or ""

    def set_sector(self, field: str) -> bool:
        return self._select_data(self.sector_combo, field)

    # ------------------------------------------------------------------ joined working layer
    def _alias_file(self, folder: str) -> str:
        """The alias dict as the two-column table the joinscores algorithm reads ('' when empty)."""
        if not self._aliases:
            return ""
        path = os.path.join(folder, f"aliases_{self._gen}_{int(time.time() * 1000)}.csv")
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["table value", "region key"])
            for k, v in sorted(self._aliases.items()):
                w.writerow([k, v])
        return path

    def _join_parameters(self, output: str) -> dict:
        from ..processing.alg_joinscores import SHAPE_OPTIONS

        shape = self.shape_combo.currentData() or "auto"
        return {
            "INPUT": self.layer_combo.currentLayer(),
            "INPUT_KEY": self.key_combo.currentField(),
            "TABLE": self.file_widget.filePath(),
            "TABLE_KEY": self.table_key_combo.currentData() or "",
            "ALIASES": self._alias_file(self._tmpdir),
            "TABLE_SHAPE": SHAPE_OPTIONS.index(shape),
            "SECTOR_COLUMN": self.sector_col_combo.currentData() or "",
            "SCORE_COLUMN": self.score_col_combo.currentData() or "",
            "OUTPUT": output,
        }

    def start_work_layer(self) -> None:
        """Run sectorclusters:joinscores into a temporary GeoPackage the live analysis reads."""
        gen = self._gen
        out = os.path.join(self._tmpdir, f"joined_{gen}.gpkg")
        try:
            run = AlgorithmRun("sectorclusters:joinscores", self._join_parameters(out),
                               lambda r: self._work_done(r, gen))
        except RuntimeError as exc:
            self.report_error(exc)
            return
        self._start(run, "work", tr("Joining scores…"))

    def _work_done(self, run: AlgorithmRun, gen: int) -> None:
        self._forget(run)
        if gen != self._gen or run.cancelled:
            return
        if not run.ok:
            self.report(run.error_text() or tr("Joining the scores failed."), Qgis.Critical)
            return
        layer = QgsVectorLayer(run.results["OUTPUT"], "joined", "ogr")
        if not layer.isValid():
            self.report(tr("The joined scores could not be read back."), Qgis.Critical)
            return
        self._work = layer
        self._work_gen = gen
        self.analyse_now()

    # -------------------------------------------------------------------------- analysis
    def _graph_key(self) -> tuple | None:
        layer = self.layer_combo.currentLayer()
        if layer is None:
            return None
        from ..core.graph import QUEEN, ROOK

        return (layer.id(), (QUEEN, ROOK)[self.neighbours_combo.currentIndex()], self.tolerance_m())

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
        self._graph = None
        layer = self.layer_combo.currentLayer()
        task = CoreTask(tr("Sector Clusters: finding neighbouring regions"), graph_job(layer, key[1], key[2]),
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
        work, key = self._work, self.key_combo.currentField()
        if self.method() == RULE:
            args = (self.baseline_combo.currentIndex(), self.threshold_spin.value(),
                    self.neighbours_combo.currentIndex(), self.tolerance_m(), self.min_regions_spin.value())

            def job(task: CoreTask):
                from ..processing.alg_detectclusters import analyse

                return analyse(work, key, None, *args, is_cancelled=task.poll, graph=graph, regions=regions)

            words = tr("Sector Clusters: flagging regions and finding clusters")
        else:
            s = self.statistics_settings()
            stat_args = (s["method"], s["neighbours"], s["tolerance"], s["permutations"], s["seed"],
                         s["correction"], s["alpha"], s["min_regions"])

            def job(task: CoreTask):
                from ..processing.alg_localstatistics import analyse

                return analyse(work, key, None, *stat_args, is_cancelled=task.poll, graph=graph, regions=regions)

            words = tr("Sector Clusters: local statistics (permutation test)")
        task = CoreTask(words, job, lambda t: self._analysis_done(t, seq))
        self._start(task, "analyse", tr("Finding clusters…"))

    def method(self) -> int:
        """The Method choice: RULE (above the baseline), MORAN or GISTAR."""
        return max(self.method_combo.currentIndex(), 0)

    def statistics_settings(self) -> dict:
        """The local statistics settings as ``alg_localstatistics.analyse`` takes them."""
        return {"method": self.method() - 1, "neighbours": self.neighbours_combo.currentIndex(),
                "tolerance": self.tolerance_m(), "permutations": self.permutations_spin.value(),
                "seed": self.seed_spin.value(), "correction": self.correction_combo.currentIndex(),
                "alpha": round(self.alpha_spin.value(), 6), "min_regions": self.min_regions_spin.value()}

    @staticmethod
    def _is_statistics(analysis) -> bool:
        return analysis is not None and hasattr(analysis, "sectors")

    def _analysis_done(self, task: CoreTask, seq: int) -> None:
        self._forget(task)
        if task.cancelled or seq != self._analysis_seq:
            return
        if task.error is not None:
            self._analysis = None
            self._show_results()
            self.report_error(task.error, task.details)
            return
        analysis = task.result
        self._analysis = analysis
        for f, why in analysis.skipped.items():
            QgsMessageLog.logMessage(tr("Skipped {}: {}").format(f, why), TAG, Qgis.Info)
        self._show_results()
        self.analysisChanged.emit()

    def sector_result(self, field: str | None = None):
        """The shown sector's result: detect's SectorResult (rule) or localstatistics' SectorStats."""
        if self._analysis is None:
            return None
        field = field or self.current_sector()
        entries = self._analysis.sectors if self._is_statistics(self._analysis) else self._analysis.results
        return next((r for r in entries if r.field == field), None)

    def counts(self) -> tuple[int, int]:
        """(regions flagged, multi-region clusters) for the shown sector.

        Flagged = above the baseline (rule), High-High (Moran) or in a hot-spot bin (Gi*).
        """
        r = self.sector_result()
        if r is None:
            return (0, 0)
        if self._is_statistics(self._analysis):
            from ..processing.alg_localstatistics import cluster_types

            wanted = cluster_types(self._analysis.method)
            return (sum(1 for t in r.result.types if t in wanted), len(r.clusters))
        return (r.n_above, len(r.clusters))

    def type_counts(self) -> dict[str, int]:
        """Local statistics: regions per type (HH, LL, …, or hot99, …) for the shown sector; else {}."""
        r = self.sector_result()
        if r is None or not self._is_statistics(self._analysis):
            return {}
        return r.counts()

    def _statistics_summary(self, r) -> str:
        from ..core.localstats import GSTAR_TYPES, MORAN_TYPES
        from ..processing.alg_localstatistics import CORRECTION_LABELS, METHOD_LABELS

        a = self._analysis
        counts = r.counts()
        order = MORAN_TYPES if a.method == "moran" else GSTAR_TYPES
        text = ", ".join(f"{t} {counts[t]}" for t in order if counts.get(t))
        what = tr("High-High") if a.method == "moran" else tr("hot-spot")
        return tr("{}: {}. {} significant {} clusters ({} permutations, {}, significance level {:g}, seed {}).").format(
            METHOD_LABELS[a.method], text, len(r.clusters), what, a.permutations, CORRECTION_LABELS[a.correction],
            a.alpha, a.seed)

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
            from ..core.baselines import describe

            nodata = int((~r.flags.has_data).sum())
            text = tr("{} regions above the baseline ({}), {} multi-region clusters.").format(
                r.n_above, describe(a.method, a.threshold, (a.meta or {}).get("reference_name")), len(r.clusters))
            if nodata:
                text += " " + tr("{} regions have no data.").format(nodata)
        if self._stale_layers and self.output_layers() is not None:
            text += " " + tr("The map layers show earlier settings: click Create layers to update them.")
        self.summary_label.setText(text)
        for c in r.clusters:
            names = "; ".join(a.names[i] for i in c.members)
            item = QListWidgetItem(tr("Cluster {} — {} regions: {}").format(c.cluster_id, c.size, names))
            item.setData(Qt.UserRole, [a.keys[i] for i in c.members])
            item.setData(Qt.UserRole + 1, [int(i) for i in c.members])
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
        method = self._methods[index] if 0 <= index < len(self._methods) else None
        if method is not None:
            self.threshold_spin.blockSignals(True)
            self.threshold_spin.setValue(self._default_threshold[method])
            self.threshold_spin.setClearValue(self._default_threshold[method])
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
        self.zoom_to_cluster(item.data(Qt.UserRole) or [], item.data(Qt.UserRole + 1) or [])

    def zoom_to_cluster(self, keys: list[str], members: list[int]) -> None:
        """Zoom the canvas to the member regions and select them in the regions layer."""
        out = self.output_layers()
        layer = out[0] if out is not None else self.layer_combo.currentLayer()
        key = self.key_combo.currentField()
        if layer is None or not key or not keys:
            return
        values = ", ".join(QgsExpression.quotedValue(k) for k in keys)
        layer.selectByExpression(f"{QgsExpression.quotedColumnRef(key)} IN ({values})")
        rect = QgsRectangle()
        rect.setMinimal()
        regions = self._analysis.regions if self._analysis is not None else None
        geoms = [regions.geometries[i] for i in members if regions is not None and i < len(regions.geometries)]
        for g in geoms:
            if g is not None:
                rect.combineExtentWith(g.boundingBox())
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

    # --------------------------------------------------------------------------- output
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

        def dest(table: str) -> str:
            escaped = path.replace("'", "\\'")
            return f"ogr:dbname='{escaped}' table=\"{table}\" (geom)"

        params = {
            "INPUT": run.results["OUTPUT"],
            "KEY": self.key_combo.currentField(),
            "NEIGHBOURS": self.neighbours_combo.currentIndex(),
            "GAP_TOLERANCE": self.tolerance_m(),
            "MIN_REGIONS": self.min_regions_spin.value(),
            "OUTPUT_REGIONS": dest("regions"),
            "OUTPUT_CLUSTERS": dest("clusters"),
        }
        if self.method() == RULE:
            alg_id, words = "sectorclusters:detectclusters", tr("Detecting clusters…")
            params.update(BASELINE=self.baseline_combo.currentIndex(), THRESHOLD=self.threshold_spin.value())
        else:
            s = self.statistics_settings()
            alg_id, words = "sectorclusters:localstatistics", tr("Computing local statistics…")
            params.update(METHOD=s["method"], PERMUTATIONS=s["permutations"], SEED=s["seed"],
                          CORRECTION=s["correction"], ALPHA=s["alpha"])
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
        try:
            from ..gis.layout import build_layout
        except ImportError:
            self.report(tr("Print layouts are not available in this version of the plugin."), Qgis.Warning)
            return None
        regions, clusters = out
        try:
            layout = build_layout(QgsProject.instance(), regions, clusters, self.current_sector(),
                                  scheme=self.scheme_combo.currentData() or "classes",
                                  atlas=self.atlas_check.isChecked())
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

    # ----------------------------------------------------------------------------- tasks
    def _start(self, task, kind: str, words: str) -> None:
        task.kind = kind
        self._tasks.append(task)
        if isinstance(task, AlgorithmRun):
            task.start()
        else:
            QgsApplication.taskManager().addTask(task)
        self.status_label.setText(words)
        self._update_buttons()
        self.busyChanged.emit(True)

    def _forget(self, task) -> None:
        if task in self._tasks:
            self._tasks.remove(task)
        if not self._tasks:
            self.status_label.setText("")
            self.busyChanged.emit(False)
        self._update_buttons()

    def busy(self) -> bool:
        return bool(self._tasks)

    def cancel_tasks(self) -> None:
        """Cancel everything this panel started."""
        for t in list(self._tasks):
            try:
                t.cancel()
            except RuntimeError:  # C++ object already gone
                self._tasks.remove(t)
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

    def _update_buttons(self) -> None:
        has_layers = self.output_layers() is not None
        self.cancel_button.setEnabled(bool(self._tasks))
        self.create_button.setEnabled(self._joined is not None and not any(
            getattr(t, "kind", "") == "create" for t in self._tasks))
        self.layout_button.setEnabled(has_layers)
        self.export_button.setEnabled(has_layers)

    # ---------------------------------------------------------------------------- errors
    @staticmethod
    def _error_words(exc: BaseException) -> str:
        text = str(exc).strip()
        return text or type(exc).__name__

    def report(self, text: str, level=Qgis.Info) -> None:
        """Plain words to the message bar and the log (tag 'Sector Clusters')."""
        if level in (Qgis.Warning, Qgis.Critical):
            self._last_error = text
        QgsMessageLog.logMessage(text, TAG, level)
        bar = self.iface.messageBar() if self.iface is not None else None
        if bar is not None:
            bar.pushMessage(tr("Sector Clusters"), text, level=level, duration=0 if level == Qgis.Critical else 8)

    def report_error(self, exc: BaseException, details: str = "") -> None:
        """The core's and Processing's errors carry plain words: show those, log any traceback."""
        from ..core.baselines import BaselineError
        from ..core.localstats import StatisticsError
        from ..core.tables import TableError
        from ..gis.layers import LayerError

        if isinstance(exc, (TableError, BaselineError, StatisticsError, LayerError, QgsProcessingException)):
            text = exc.args[0] if exc.args else str(exc)
            self.report(str(text), Qgis.Critical)
        else:
            self.report(tr("Something went wrong: {}").format(self._error_words(exc)), Qgis.Critical)
        if details:
            QgsMessageLog.logMessage(details, TAG, Qgis.Info)

    def last_error(self) -> str:
        return self._last_error


class _LogFeedback(QgsProcessingFeedback):
    """Feedback for the main-thread export: logs messages and keeps the last error."""

    last_error = ""

    def reportError(self, error: str, fatalError: bool = False) -> None:
        self.last_error = error
        QgsMessageLog.logMessage(error, TAG, Qgis.Warning)

    def pushInfo(self, info: str) -> None:
        QgsMessageLog.logMessage(info, TAG, Qgis.Info)
