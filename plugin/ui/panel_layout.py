"""The panel's widgets: built and wired once, kept apart so the behaviour modules stay readable."""
from __future__ import annotations

from qgis.core import Qgis, QgsMapLayerProxyModel
from qgis.gui import QgsCollapsibleGroupBox, QgsDoubleSpinBox, QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ..i18n import tr
from ..steps import options

DEFAULT_SEED = options.DEFAULT_PANEL_SEED


def fill_combo(combo: QComboBox, choices, labels: dict | None = None) -> None:
    """A combo of ``steps.options`` choices: the label shown (translated), the code as the item's data."""
    for c in choices:
        combo.addItem(tr((labels or {}).get(c.code, c.label)), c.code)


def _polygon_filter():
    """The polygon-layer filter, wherever this QGIS keeps it (Qgis.LayerFilter since 3.34)."""
    flags = getattr(Qgis, "LayerFilter", None)
    if flags is not None and hasattr(flags, "PolygonLayer"):
        return flags.PolygonLayer
    return QgsMapLayerProxyModel.PolygonLayer


class LayoutMixin:
    """Builds the panel's five groups of widgets and connects their signals."""

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
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setMaximumHeight(150)
        self.preview.setToolTip(tr("The first rows of the table as read."))
        lay.addWidget(self.preview)
        form = QFormLayout()
        lay.addLayout(form)
        self.shape_combo = QComboBox()
        fill_combo(self.shape_combo, options.TABLE_SHAPES)
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
        self.unmatched_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.unmatched_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
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
        self.method_combo = QComboBox()
        fill_combo(self.method_combo, options.PANEL_METHODS)
        self.method_combo.setToolTip(tr(
            "Above the baseline: regions whose index passes the threshold, and the clusters they form. "
            "Local Moran's I / Getis-Ord Gi*: regions whose neighbourhood is more clustered than chance "
            "(permutation test); the baseline and threshold are not used."))
        form.addRow(tr("Method"), self.method_combo)

        self.baseline_combo = QComboBox()
        fill_combo(self.baseline_combo, options.BASELINES)
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
        self.permutations_spin.setRange(1, options.MAX_PERMUTATIONS)
        self.permutations_spin.setValue(options.DEFAULT_PERMUTATIONS)
        self.permutations_spin.setToolTip(tr("Random permutations per region; 999 is usual, 9,999 for more "
                                             "precise p-values (slower)."))
        stats_form.addRow(tr("Permutations"), self.permutations_spin)
        self.correction_combo = QComboBox()
        fill_combo(self.correction_combo, options.CORRECTIONS)
        self.correction_combo.setCurrentIndex(self.correction_combo.findData(options.DEFAULT_CORRECTION))
        self.correction_combo.setToolTip(tr("Correction of the p-values for testing many regions at once."))
        stats_form.addRow(tr("Correction"), self.correction_combo)
        self.alpha_spin = QgsDoubleSpinBox()
        self.alpha_spin.setRange(0.001, 0.5)
        self.alpha_spin.setDecimals(3)
        self.alpha_spin.setSingleStep(0.01)
        self.alpha_spin.setValue(options.DEFAULT_ALPHA)
        self.alpha_spin.setClearValue(options.DEFAULT_ALPHA)
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
        fill_combo(self.neighbours_combo, options.NEIGHBOURS)
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
        self.min_regions_spin.setValue(options.DEFAULT_MIN_REGIONS)
        form.addRow(tr("Minimum regions"), self.min_regions_spin)
        self.scheme_combo = QComboBox()
        fill_combo(self.scheme_combo, options.SCHEMES, {"classes": "Above / below", "graduated": "Index bands"})
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
        self.status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
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
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
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
