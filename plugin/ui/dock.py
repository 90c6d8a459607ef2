"""The Sector Clusters dock: boundaries + scores table -> matched regions -> clusters -> layers and maps.

The dock only shows and forwards: its widgets display what the ``PanelModel`` (``ui/model.py``) holds and
hand every user action to it. The dock is registered with QGIS at start-up (so it is in View ▸ Panels and
restored where the user left it) but builds its widgets and model the first time it is shown: until then it
costs QGIS start-up nothing (no numpy, shapely or pandas).
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import Qgis, QgsCoordinateTransform, QgsExpression, QgsMapLayerProxyModel, QgsProject, QgsRectangle
from qgis.gui import QgsDockWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, QUrl, pyqtSignal
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QWidget

from ..core import codes
from ..i18n import tr, tr_noop
from .widgets import last_folder, remember_folder  # noqa: F401 - where scripts and tests import them

HELP = Path(__file__).resolve().parents[2] / "resources" / "help" / "index.html"
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".ods")
PREVIEW_ROWS = 8
RULE, MORAN, GISTAR = codes.RULE, codes.MORAN, codes.GISTAR  # the Method combo's codes
DOCK_NAME = "SectorClustersDock"
THRESHOLD_TIP = tr_noop("Above means: index > threshold (z-score and percentile: at least).")
STARS_TIP = tr_noop("Strength stars ≥ k: the number of stars a region needs (1, 2 or 3), one star each for size, "
                    "specialisation and focus; regions with at least that many stars that touch form the clusters.")


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
        self.setObjectName(DOCK_NAME)
        self.iface = iface
        self.model = None
        self._building = False
        self._showing = False  # True while the widgets are being set from the model
        self._had_layers = False
        self.setAcceptDrops(True)
        QgsProject.instance().readProject.connect(self._drop_stale_preview)

    # ------------------------------------------------------------------------------- lazy build
    def showEvent(self, event) -> None:  # Qt
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        """Build the widgets and the model (the first time the dock is shown, or a widget is asked for)."""
        if self.model is not None or self.__dict__.get("_building") or self.__dict__.get("_shut_down"):
            return
        from .model import PanelModel

        self._building = True
        try:
            self.model = PanelModel(self.iface, self)
            self.model.outputs.confirm = self._confirm
            self.model.outputs.ask_output_path = self._ask_output_path
            self._build()
            self._connect()
        finally:
            self._building = False
        self.model.restore_from_project()
        self._show_all()

    def __getattr__(self, name: str):
        """A script or test asking for a widget (``dock.layer_combo``) before the dock was shown gets it built."""
        if name.startswith("_") or self.__dict__.get("model") is not None or self.__dict__.get("_building", True) \
                or self.__dict__.get("_shut_down"):
            raise AttributeError(name)
        self.ensure_built()
        return getattr(self, name)

    @staticmethod
    def _drop_stale_preview(*_args) -> None:
        """A project saved with the panel's temporary preview layers: they go once it is read."""
        from qgis.PyQt.QtCore import QTimer

        from .preview import remove_stale

        QTimer.singleShot(0, remove_stale)

    # ------------------------------------------------------------------------------- widgets
    def _build(self) -> None:
        from qgis.gui import QgsDoubleSpinBox, QgsFieldComboBox, QgsFileWidget, QgsMapLayerComboBox
        from qgis.PyQt.QtWidgets import (
            QAbstractItemView,
            QCheckBox,
            QComboBox,
            QGridLayout,
            QHBoxLayout,
            QLineEdit,
            QPushButton,
            QScrollArea,
            QSizePolicy,
            QSpinBox,
            QTableWidget,
            QVBoxLayout,
        )

        from ..i18n import number_locale
        from ..steps import options
        from . import widgets as w

        # every field inherits it: 1,25 typed and shown in French, 1.25 in English (a widget made before
        # QGIS set the default, or under a parent with another locale, would keep the C locale's point)
        self.setLocale(number_locale())
        scroll = QScrollArea(self)
        scroll.setObjectName("sc_scroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        body.setObjectName("sc_body")
        scroll.setWidget(body)
        self.setWidget(scroll)
        main = QVBoxLayout(body)
        main.setContentsMargins(4, 4, 4, 4)

        def combo(name: str, choices=None, tip: str = "") -> QComboBox:
            c = w.narrow(QComboBox())
            c.setObjectName(name)
            if choices is not None:
                w.fill_combo(c, choices)
            if tip:
                c.setToolTip(tip)
            return c

        def spin(name: str, cls, lo, hi, value, tip: str, step=None, decimals=None, suffix: str = ""):
            s = cls()
            s.setObjectName(name)
            if decimals is not None:
                s.setDecimals(decimals)
            s.setRange(lo, hi)
            s.setValue(value)
            if step is not None:
                s.setSingleStep(step)
            if suffix:
                s.setSuffix(suffix)
            if hasattr(s, "setClearValue"):
                s.setClearValue(value)
            s.setToolTip(tip)
            return s

        # 1 regions
        box = w.group(tr("1. Regions"), "sc_group_regions")
        lay = QVBoxLayout(box)
        self.layer_combo = QgsMapLayerComboBox()
        self.layer_combo.setObjectName("sc_layer")
        self.layer_combo.setFilters(_polygon_filter())
        self.layer_combo.setAllowEmptyLayer(True)
        self.layer_combo.setLayer(None)
        w.narrow(self.layer_combo)
        w.above(lay, tr("Regions layer (polygons)"), self.layer_combo,
                tr("The polygon layer of regions (it is never modified)."))
        self.key_combo = QgsFieldComboBox()
        self.key_combo.setObjectName("sc_key_field")
        w.narrow(self.key_combo)
        w.above(lay, tr("Key field"), self.key_combo,
                tr("The field that identifies each region (a code like E37000001, or a name)."))
        self.layer_note = w.note_label()
        self.layer_note.setObjectName("sc_layer_note")
        lay.addWidget(self.layer_note)
        main.addWidget(box)

        # 2 scores
        box = w.group(tr("2. Scores"), "sc_group_scores")
        outer = QVBoxLayout(box)
        from .points_source import PointsSourceWidgets

        self.points_ui = PointsSourceWidgets(self, outer)  # the source choice; with points, the point layer's
        self.table_box = QWidget()  # the table file's widgets, hidden when the scores come from points
        self.table_box.setObjectName("sc_table_box")
        lay = QVBoxLayout(self.table_box)
        lay.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.table_box)
        self.file_widget = QgsFileWidget()
        self.file_widget.setObjectName("sc_table_file")
        self.file_widget.setFilter(tr("Tables (*.csv *.txt *.tsv *.xlsx *.ods);;All files (*)"))
        self.file_widget.setDialogTitle(tr("Choose a table of sector scores"))
        w.start_in_last_folder(self.file_widget, "tables")
        self.file_widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        w.above(lay, tr("Table file (or drop one here)"), self.file_widget,
                tr("A CSV, Excel or OpenDocument table; you can also drop a file on the panel."))
        self.sheet_combo = combo("sc_sheet", tip=tr("The workbook's sheet to read; hidden sheets are read only "
                                                    "when chosen here."))
        w.above(lay, tr("Sheet"), self.sheet_combo)
        self.sheet_label = lay.itemAt(lay.count() - 2).widget()
        self.preview = QTableWidget(0, 0)
        self.preview.setObjectName("sc_preview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setMaximumHeight(130)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.preview.setToolTip(tr("The first rows of the table as read."))
        lay.addWidget(self.preview)
        self.row_pickers = w.RowPickers(self._rows_picked)
        lay.addWidget(self.row_pickers)
        rows = w.Rows(lay)
        self.shape_combo = rows.above(tr("Shape"), combo("sc_shape", options.TABLE_SHAPES),
                                      tr("How the table is laid out."))
        self.table_key_combo = rows.above(tr("Key column"), combo("sc_table_key"),
                                          tr("The table's column of region codes or names."))
        self.long_box = QWidget()  # only for long tables (key, sector, score)
        self.long_box.setObjectName("sc_long_table")
        long_lay = QVBoxLayout(self.long_box)
        long_lay.setContentsMargins(0, 0, 0, 0)
        long_rows = w.Rows(long_lay)
        self.sector_col_combo = long_rows.above(tr("Sector column"), combo("sc_sector_column"),
                                                tr("Long tables: the column naming the sector."))
        self.score_col_combo = long_rows.above(tr("Score column"), combo("sc_score_column"),
                                               tr("Long tables: the column of scores."))
        rows.widget(self.long_box)
        self.keep_columns = w.KeepColumns(self._keep_picked)
        lay.addWidget(self.keep_columns)
        self.notes_label = w.note_label()
        self.notes_label.setObjectName("sc_table_notes")
        lay.addWidget(self.notes_label)
        self.match_label = w.note_label(tr("Choose a regions layer and a table."), grey=False)
        self.match_label.setObjectName("sc_match")
        font = self.match_label.font()
        font.setBold(True)
        self.match_label.setFont(font)
        outer.addWidget(self.match_label)
        self.unmatched = w.UnmatchedList(self._alias_picked)
        outer.addWidget(self.unmatched)
        outer.addWidget(self.points_ui.clusters_box)  # Show point clusters, under the points' match line
        main.addWidget(box)

        # 3 sector and method
        box = w.group(tr("3. Sector and method"), "sc_group_method")
        lay = QVBoxLayout(box)
        self.sector_combo = combo("sc_sector", tip=tr("The sector the results and the map show."))
        w.above(lay, tr("Sector"), self.sector_combo)
        rows = w.Rows(lay)
        self.method_combo = rows.above(tr("Method"), combo("sc_method", options.PANEL_METHODS),
            tr("Above the baseline: regions whose index passes the threshold, and the clusters they form. "
               "Local Moran's I / Getis-Ord Gi*: regions whose neighbourhood is more clustered than chance "
               "(permutation test); the baseline and threshold are not used."))
        self.baseline_combo = rows.above(tr("Baseline"), combo("sc_baseline", options.BASELINES),
                                         tr("What a region's score is compared with."))
        self.threshold_spin = rows.beside(tr("Threshold"), spin(
            "sc_threshold", QgsDoubleSpinBox, -10.0, 100.0, 1.0, tr(THRESHOLD_TIP), 0.05, 2))
        self.threshold_label = rows.label(self.threshold_spin)
        self.stats_box = QWidget()
        self.stats_box.setObjectName("sc_statistics")
        stats_lay = QVBoxLayout(self.stats_box)
        stats_lay.setContentsMargins(0, 0, 0, 0)
        stats = w.Rows(stats_lay)
        self.correction_combo = stats.above(tr("Correction"), combo(
            "sc_correction", options.CORRECTIONS),
            tr("Correction of the p-values for testing many regions at once."))
        self.permutations_spin = stats.beside(tr("Permutations"), spin(
            "sc_permutations", QSpinBox, 1, options.MAX_PERMUTATIONS, options.DEFAULT_PERMUTATIONS,
            tr("Random permutations per region; 999 is usual, 9,999 for more precise p-values (slower).")))
        self.alpha_spin = stats.beside(tr("Significance"), spin(
            "sc_alpha", QgsDoubleSpinBox, 0.001, 0.5, options.DEFAULT_ALPHA,
            tr("A region is significant when its (corrected) pseudo p-value is at most this."), 0.01, 3))
        self.seed_spin = stats.beside(tr("Random seed"), spin(
            "sc_seed", QSpinBox, 0, 2**31 - 2, options.DEFAULT_PANEL_SEED,
            tr("The permutations' random seed: kept with the project, so the same settings always give the same "
               "significant regions.")))
        rows.widget(self.stats_box)
        self.neighbours_combo = rows.above(tr("Neighbours"), combo(
            "sc_neighbours", options.NEIGHBOURS),
            tr("Queen: regions touching at any point are neighbours; rook: only those sharing a stretch of "
               "boundary."))
        self.tolerance_spin = rows.beside(tr("Gap tolerance"), spin(
            "sc_tolerance", QgsDoubleSpinBox, 0.0, 500.0, 0.0,
            tr("Regions separated by a gap (e.g. an estuary) up to this width count as neighbours."), 0.5, 2,
            " km"))
        self.min_regions_spin = rows.beside(tr("Min. regions"), spin(
            "sc_min_regions", QSpinBox, 1, 10000, options.DEFAULT_MIN_REGIONS,
            tr("The smallest group of neighbouring regions that counts as a cluster.")))
        overlay_tip = tr("Optional: official boundaries (ITL1 regions, combined authorities, pan-regional "
                         "partnerships…); each cluster then lists the units it crosses.")
        self.overlay_combo = QgsMapLayerComboBox()
        self.overlay_combo.setObjectName("sc_overlay")
        self.overlay_combo.setFilters(_polygon_filter())
        self.overlay_combo.setAllowEmptyLayer(True, tr("None"))  # the text argument: QGIS 3.20+
        self.overlay_combo.setLayer(None)
        w.narrow(self.overlay_combo)
        rows.above(tr("Boundaries crossed (optional)"), self.overlay_combo, overlay_tip)
        self.overlay_name_combo = QgsFieldComboBox()
        self.overlay_name_combo.setObjectName("sc_overlay_name")
        w.narrow(self.overlay_name_combo)
        self.overlay_name_label = w.note_label(tr("Units named by"), grey=False)
        self.overlay_name_label.setBuddy(self.overlay_name_combo)
        rows.widget(self.overlay_name_label)
        rows.widget(self.overlay_name_combo)
        self.overlay_name_combo.setToolTip(tr("The overlay's field that names its units (features with the same "
                                              "name are one unit)."))
        self.overlay_note = w.note_label()
        self.overlay_note.setObjectName("sc_overlay_note")
        rows.widget(self.overlay_note)
        self.scheme_combo = rows.above(tr("Map colours"), combo(
            "sc_scheme", options.SCHEMES),
            tr("Map colours: above / at or below the threshold, or bands of the index."))
        self.preview_check = QCheckBox(tr("Preview on the map"))
        self.preview_check.setObjectName("sc_preview_map")
        self.preview_check.setToolTip(tr("Show the result on a temporary layer while you choose (your layers "
                                         "and their styles are not touched)."))
        lay.addWidget(self.preview_check)
        main.addWidget(box)

        # 4 results
        box = w.group(tr("4. Results"), "sc_group_results")
        lay = QVBoxLayout(box)
        self.summary_label = w.note_label("—", grey=False)
        self.summary_label.setObjectName("sc_summary")
        lay.addWidget(self.summary_label)
        self.global_label = w.note_label(grey=False)
        self.global_label.setObjectName("sc_global_moran")
        lay.addWidget(self.global_label)
        self.hints_label = w.note_label(grey=False)
        self.hints_label.setObjectName("sc_hints")
        self.hints_label.setStyleSheet("background: #fff4d6; border: 1px solid #e0c36b; padding: 3px;")
        lay.addWidget(self.hints_label)
        self.cluster_list = w.ClusterTree()
        lay.addWidget(self.cluster_list)
        lay.addWidget(self.cluster_list.details)
        self.guide_box = w.group(tr("Threshold guide"), "sc_group_guide")
        guide_lay = QVBoxLayout(self.guide_box)
        guide_lay.setContentsMargins(2, 6, 2, 2)
        guide_lay.addWidget(w.note_label(tr("The sector at other thresholds; click a row to use it.")))
        self.guide_table = w.GuideTable(lambda t: self.model.update(threshold=t))
        guide_lay.addWidget(self.guide_table)
        lay.addWidget(self.guide_box)
        row = QHBoxLayout()
        self.status_label = w.note_label()
        self.status_label.setObjectName("sc_status")
        row.addWidget(self.status_label, 1)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("sc_cancel")
        self.cancel_button.setToolTip(tr("Stop the work in progress."))
        row.addWidget(self.cancel_button)
        lay.addLayout(row)
        main.addWidget(box)

        # periods: the clusters through time
        box = w.group(tr("Periods over time"), "sc_group_periods")
        lay = QVBoxLayout(box)
        rows = w.Rows(lay)
        self.periods_combo = rows.above(tr("Periods from"), combo("sc_periods_source", options.PERIOD_SOURCES), tr(
            "Follow the clusters through several periods with the settings above: several tables (one per "
            "period), or the scores table's period column (e.g. year)."))
        self.period_files = w.PeriodFiles(lambda paths: self.model.update(period_files=paths))
        rows.widget(self.period_files)
        self.periods_edit = QLineEdit()
        self.periods_edit.setObjectName("sc_periods")
        self.periods_edit.setPlaceholderText(tr("2018; 2019 or a.csv=2018"))
        self.periods_edit.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.periods_label = w.note_label(tr("Periods of tables without a year in their name"), grey=False)
        self.periods_label.setBuddy(self.periods_edit)
        rows.widget(self.periods_label)
        rows.widget(self.periods_edit)
        self.periods_edit.setToolTip(tr("The years in the order of the tables (\"2018; 2019\"), or each as "
                                        "file=year (\"scores.csv=2018; other.csv=2019\"); empty: the year in each "
                                        "file's name."))
        self.period_column_combo = combo("sc_period_column")
        self.period_column_label = w.note_label(tr("Period column"), grey=False)
        self.period_column_label.setBuddy(self.period_column_combo)
        rows.widget(self.period_column_label)
        rows.widget(self.period_column_combo)
        self.period_column_combo.setToolTip(tr("The scores table's column of periods: each of its values is one "
                                               "period (the row filter's other parts apply to every period)."))
        self.allow_missing_check = QCheckBox(tr("Allow periods that miss some regions"))
        self.allow_missing_check.setObjectName("sc_allow_missing")
        self.allow_missing_check.setToolTip(tr("A region without a row in a period's table is then 'no data' in that "
                                               "period, never 'below'."))
        self.allow_missing_check.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        rows.widget(self.allow_missing_check)
        self.timeline_note = w.note_label(grey=False)
        self.timeline_note.setObjectName("sc_timeline_note")
        rows.widget(self.timeline_note)
        self.track_tree = w.TrackTree()
        rows.widget(self.track_tree)
        self.create_timeline_button = QPushButton(tr("Create timeline layers"))
        self.create_timeline_button.setObjectName("sc_create_timeline")
        self.create_timeline_button.setToolTip(tr(
            "Write the clusters of every period, the regions with their trajectories and the HTML report (Cluster "
            "dynamics over time) beside the GeoPackage, and add them to the map."))
        self.create_timeline_button.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        rows.widget(self.create_timeline_button)
        main.addWidget(box)

        # 5 map
        box = w.group(tr("5. Layers and map"), "sc_group_output")
        lay = QVBoxLayout(box)
        self.map_kind_combo = combo("sc_map_kind", options.MAP_LAYOUTS,
            tr("What Open layout and Export make: the shown sector's map, or, with periods, its trajectory map "
               "or one map per period (from the timeline layers)."))
        self.map_kind_box = QWidget()
        self.map_kind_box.setObjectName("sc_map_kind_box")
        kind_lay = QVBoxLayout(self.map_kind_box)
        kind_lay.setContentsMargins(0, 0, 0, 0)
        w.above(kind_lay, tr("Map"), self.map_kind_combo)
        lay.addWidget(self.map_kind_box)
        f = w.form()
        lay.addLayout(f)
        self.title_edit = QLineEdit()
        self.title_edit.setObjectName("sc_title")
        self.title_edit.setToolTip(tr("The map's title; empty: the sector's name. {sector} stands for the sector."))
        f.addRow(tr("Title"), self.title_edit)
        self.subtitle_edit = QLineEdit()
        self.subtitle_edit.setObjectName("sc_subtitle")
        self.subtitle_edit.setToolTip(tr("Empty: the method, the threshold and the source."))
        f.addRow(tr("Subtitle"), self.subtitle_edit)
        self.attribution_edit = QLineEdit()
        self.attribution_edit.setObjectName("sc_attribution")
        self.attribution_edit.setToolTip(tr("Empty: the Open Government Licence statement for ONS and OS data."))
        f.addRow(tr("Attribution"), self.attribution_edit)
        for edit in (self.title_edit, self.subtitle_edit, self.attribution_edit):
            edit.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.output_widget = QgsFileWidget()
        self.output_widget.setObjectName("sc_output")
        self.output_widget.setStorageMode(QgsFileWidget.SaveFile)
        self.output_widget.setFilter(tr("GeoPackage (*.gpkg)"))
        self.output_widget.setDialogTitle(tr("Save the layers as"))
        w.start_in_last_folder(self.output_widget, "outputs")
        self.output_widget.setConfirmOverwrite(False)  # the file keeps other tables; ours are replaced
        self.output_widget.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        w.above(lay, tr("GeoPackage (empty: beside the project)"), self.output_widget,
                tr("Where Create layers writes the tables regions and clusters."))
        self.atlas_check = QCheckBox(tr("Every sector (atlas)"))
        self.atlas_check.setObjectName("sc_atlas")
        self.atlas_check.setToolTip(tr("Open layout and Export make one page per sector."))
        lay.addWidget(self.atlas_check)
        grid = QGridLayout()
        self.create_button = QPushButton(tr("Create layers"))
        self.create_button.setObjectName("sc_create")
        self.create_button.setToolTip(
            tr("Write the regions and cluster outlines to the GeoPackage and add them to the map."))
        self.layout_button = QPushButton(tr("Open layout"))
        self.layout_button.setObjectName("sc_open_layout")
        self.layout_button.setToolTip(tr("Open the sector's print layout (made the first time; your edits in the "
                                         "layout designer are kept)."))
        self.reset_button = QPushButton(tr("Reset layout"))
        self.reset_button.setObjectName("sc_reset_layout")
        self.reset_button.setToolTip(tr("Rebuild the layout from the panel's settings (asks first)."))
        self.export_button = QPushButton(tr("Export…"))
        self.export_button.setObjectName("sc_export")
        self.export_button.setToolTip(tr("Export the layout as you see it: PDF, PNG or SVG."))
        self.help_button = QPushButton(tr("Help"))
        self.help_button.setObjectName("sc_help")
        grid.addWidget(self.create_button, 0, 0, 1, 2)
        grid.addWidget(self.layout_button, 1, 0)
        grid.addWidget(self.reset_button, 1, 1)
        grid.addWidget(self.export_button, 2, 0)
        grid.addWidget(self.help_button, 2, 1)
        for b in (self.create_button, self.layout_button, self.reset_button, self.export_button, self.help_button):
            b.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        lay.addLayout(grid)
        self.buttons_note = w.note_label()  # why a button is greyed out, in words (also in its tooltip)
        self.buttons_note.setObjectName("sc_buttons_note")
        lay.addWidget(self.buttons_note)
        tipped = (self.create_button, self.layout_button, self.reset_button, self.export_button,
                  self.create_timeline_button)
        self._base_tips = {b: b.toolTip() for b in tipped}
        main.addWidget(box)
        main.addStretch(1)
        self._bound = {"key_field": self.key_combo, "table_path": self.file_widget, "sheet": self.sheet_combo,
                       "shape": self.shape_combo,
                       "table_key": self.table_key_combo, "sector_column": self.sector_col_combo,
                       "score_column": self.score_col_combo, "sector": self.sector_combo,
                       "method": self.method_combo, "baseline": self.baseline_combo,
                       "threshold": self.threshold_spin, "permutations": self.permutations_spin,
                       "correction": self.correction_combo, "alpha": self.alpha_spin, "seed": self.seed_spin,
                       "neighbours": self.neighbours_combo, "tolerance_km": self.tolerance_spin,
                       "min_regions": self.min_regions_spin, "scheme": self.scheme_combo,
                       "preview": self.preview_check, "title": self.title_edit, "subtitle": self.subtitle_edit,
                       "attribution": self.attribution_edit, "output_path": self.output_widget,
                       "atlas": self.atlas_check, "overlay_name": self.overlay_name_combo,
                       "periods_source": self.periods_combo, "periods": self.periods_edit,
                       "period_column": self.period_column_combo, "allow_missing": self.allow_missing_check,
                       "map_kind": self.map_kind_combo}
        self._bound.update(self.points_ui.bound())

    def _connect(self) -> None:
        from .widgets import binding

        m = self.model
        self.layer_combo.layerChanged.connect(self._layer_picked)
        self.overlay_combo.layerChanged.connect(self._overlay_picked)
        self.points_ui.connect(m)
        for key, widget in self._bound.items():
            signal, read, _write = binding(widget)

            def changed(*_args, key=key, read=read):
                if not self._showing:
                    m.update(**{key: read()})

            signal.connect(changed)
        self.cluster_list.itemClicked.connect(self._cluster_clicked)
        self.track_tree.itemClicked.connect(self._track_clicked)
        self.create_timeline_button.clicked.connect(self.create_timeline_layers)
        self.cancel_button.clicked.connect(m.cancel)
        self.create_button.clicked.connect(self.create_layers)
        self.layout_button.clicked.connect(self.open_layout)
        self.reset_button.clicked.connect(self.reset_layout)
        self.export_button.clicked.connect(self.export_dialog)
        self.help_button.clicked.connect(self.show_help)
        m.stateChanged.connect(self._show_state)
        m.tableChanged.connect(self._show_table)
        m.matchChanged.connect(self._show_match)
        m.regionsChanged.connect(self._show_layer_notes)
        m.analysisChanged.connect(self._show_results)
        m.outlinesChanged.connect(self._show_clusters)
        m.guideChanged.connect(self._show_guide)
        m.timelineChanged.connect(self._show_timeline)
        m.outputsChanged.connect(self._show_outputs)
        m.busyChanged.connect(self._busy)
        m.statusChanged.connect(self.status_label.setText)
        m.matchChanged.connect(self.matchChanged)
        m.analysisChanged.connect(self.analysisChanged)
        project = QgsProject.instance()
        project.layersAdded.connect(self._show_layer_notes)
        project.layersRemoved.connect(self._show_layer_notes)

    @staticmethod
    def _set_value(widget, value) -> None:
        """Show ``value`` in ``widget`` (unchanged values are not set again: no signal, no cursor jump)."""
        from .widgets import binding

        _signal, read, write = binding(widget)
        if read() != value:
            write(value)

    # ------------------------------------------------------------------------------- showing
    def _show_all(self) -> None:
        self._show_state(set(self.model.state))
        self._show_table()
        self._show_match()
        self._show_layer_notes()
        self._show_results()
        self._show_timeline()
        self._show_outputs()

    def _show_state(self, keys) -> None:
        s = self.model.state
        self._showing = True
        try:
            if "layer_id" in keys:
                layer = self.model.layer()
                if self.layer_combo.currentLayer() is not layer:
                    self.layer_combo.setLayer(layer)
                self.key_combo.setLayer(layer)
            if "overlay_id" in keys:
                overlay = self.model.overlay_layer()
                if self.overlay_combo.currentLayer() is not overlay:
                    self.overlay_combo.setLayer(overlay)
                self.overlay_name_combo.setLayer(overlay)
                for widget in (self.overlay_name_label, self.overlay_name_combo):
                    widget.setVisible(overlay is not None)
            if "baseline" in keys:  # before the values: the threshold must fit the range it is shown in
                self._threshold_widget()
            for key in keys:
                widget = self._bound.get(key)
                if widget is not None:
                    self._set_value(widget, s[key])
            if keys & {"method"}:
                self._method_widgets()
            if keys & {"row_filter"}:
                self._show_row_pickers()
            if keys & {"shape"}:
                self._show_shape()
            if keys & {"sector", "title", "subtitle", "attribution"}:
                self._show_placeholders()
            self.points_ui.show_state(keys)
        finally:
            self._showing = False
        if "layer_id" in keys:
            self._show_layer_notes()
        if keys & {"layer_id", "key_field", "table_path", "scores_source", "points_id"}:
            self._show_match_line()
        if keys & {"sector"}:
            self._show_results()
        if keys & {"periods_source", "period_files", "periods", "period_column", "allow_missing", "map_kind"}:
            self._show_timeline()

    def _threshold_widget(self) -> None:
        """Strength stars take a whole number of stars, 1–3 ("strength stars ≥ k"); other baselines a ratio, z or
        percentile."""
        from ..steps import options

        stars = self.model.state["baseline"] == codes.STARS
        spin = self.threshold_spin
        spin.blockSignals(True)
        try:
            if stars:
                spin.setDecimals(0)
                spin.setRange(*options.STARS_RANGE)
                spin.setSingleStep(1)
            else:
                spin.setRange(-10.0, 100.0)
                spin.setDecimals(2)
                spin.setSingleStep(0.05)
        finally:
            spin.blockSignals(False)
        text, tip = (tr("Stars ≥"), tr(STARS_TIP)) if stars else (tr("Threshold"), tr(THRESHOLD_TIP))
        spin.setToolTip(tip)
        if self.threshold_label is not None:
            self.threshold_label.setText(text)
            self.threshold_label.setToolTip(tip)

    def _method_widgets(self) -> None:
        """The rule uses the baseline and threshold; the statistics their own settings."""
        rule = self.model.method() == RULE
        for widget in (self.baseline_combo, self.threshold_spin, self.scheme_combo):
            widget.setEnabled(rule)
        self.stats_box.setVisible(not rule)
        self.stats_box.setEnabled(not rule)

    def _show_table(self) -> None:
        """The first rows, the detected shape and key, the column choices, the row pickers, the notes."""
        from qgis.PyQt.QtWidgets import QTableWidgetItem

        from ..steps import options

        m = self.model
        raw = m.raw
        self._showing = True
        try:
            self.preview.clear()
            self.preview.setRowCount(0)
            self.preview.setColumnCount(0)
            for c in (self.table_key_combo, self.sector_col_combo, self.score_col_combo):
                c.clear()
                c.addItem(tr("Detect"), "")
            self.shape_combo.setItemText(0, tr(options.TABLE_SHAPES[0].label) if raw is None
                                         else tr("Detect ({})").format(m.detected_shape))
            if raw is not None:
                self.preview.setColumnCount(len(raw.header))
                self.preview.setHorizontalHeaderLabels(raw.header)
                rows = raw.rows[:PREVIEW_ROWS]
                self.preview.setRowCount(len(rows))
                for i, row in enumerate(rows):
                    for j, cell in enumerate(row):
                        self.preview.setItem(i, j, QTableWidgetItem(cell))
                self.preview.resizeColumnsToContents()
                for c in (self.table_key_combo, self.sector_col_combo, self.score_col_combo):
                    for name in raw.header:
                        if name and c.findData(name) < 0:
                            c.addItem(name, name)
            for key, c in (("table_key", self.table_key_combo), ("sector_column", self.sector_col_combo),
                           ("score_column", self.score_col_combo)):
                self._set_value(c, m.state[key])
            self._show_sheets()
            self._show_shape()
            self._show_row_pickers()
            self._fill_period_columns()
        finally:
            self._showing = False
        self.notes_label.setText(" ".join(raw.notes) if raw is not None else "")
        self.notes_label.setVisible(bool(self.notes_label.text()))
        self._show_match()

    def _show_sheets(self) -> None:
        """The sheet picker, shown for a workbook with several sheets that may hold the data (or one chosen)."""
        m = self.model
        raw = m.raw
        names = list(getattr(raw, "sheets", None) or [])
        chosen = m.state["sheet"]
        for name in (getattr(raw, "sheet", None), chosen):
            if name and name not in names:
                names.append(name)
        self.sheet_combo.clear()
        self.sheet_combo.addItem(tr("First data sheet ({})").format(raw.sheet) if getattr(raw, "sheet", None)
                                 else tr("First data sheet"), "")
        for name in names:
            self.sheet_combo.addItem(name, name)
        self._set_value(self.sheet_combo, chosen)
        shown = len(names) > 1 or bool(chosen)
        for widget in (self.sheet_combo, self.sheet_label):
            widget.setVisible(shown)

    def _fill_period_columns(self) -> None:
        """The period column picker: the table's columns, the detected period column first."""
        m = self.model
        combo = self.period_column_combo
        combo.clear()
        combo.addItem(tr("Choose…"), "")
        detected = m.detected_period_column()
        names = ([detected] if detected else []) + (list(m.raw.header) if m.raw is not None else [])
        chosen = m.state["period_column"]
        for name in [*names, chosen]:
            if name and combo.findData(name) < 0:
                combo.addItem(name, name)
        self._set_value(combo, chosen)

    def _show_timeline(self) -> None:
        """The periods' choice, its files or column, what the timeline found (or why not), the tracks."""
        from . import timeline as tl

        m = self.model
        if m is None:
            return
        s = m.state
        source = s["periods_source"]
        files, column = source == codes.PERIODS_FILES, source == codes.PERIODS_COLUMN
        self._showing, old = True, self._showing
        try:
            self.period_files.setVisible(files)
            if files:
                self.period_files.show_files(s["period_files"], tl.file_periods(s["period_files"], s["periods"]))
            for widget in (self.periods_label, self.periods_edit):
                widget.setVisible(files)
            for widget in (self.period_column_label, self.period_column_combo):
                widget.setVisible(column)
            if column and self.period_column_combo.findData(s["period_column"]) < 0:
                self._fill_period_columns()
        finally:
            self._showing = old
        code = m.timeline_error_code
        self.allow_missing_check.setVisible(m.periods_on() and (code == "region_sets" or s["allow_missing"]))
        wrong_periods = files and (code == "no_period" or code.startswith("period"))
        self.periods_edit.setStyleSheet("border: 1px solid #c0392b;" if wrong_periods else "")
        wrong_column = column and code in ("no_period_column", "period_column") or (column and not s["period_column"])
        self.period_column_combo.setStyleSheet("border: 1px solid #c0392b;" if wrong_column and m.raw is not None
                                               else "")
        text = m.timeline_summary()
        if m.outputs.timeline.layers_stale():
            from ..steps.words import stale_timeline_note

            text += " " + stale_timeline_note()
        self.timeline_note.setText(text)
        self.timeline_note.setVisible(m.periods_on() and bool(text))
        self.timeline_note.setStyleSheet("color: #a03020;" if m.timeline_error else "")
        rows = tl.track_rows(m.timeline, m.timeline_sector())
        self.track_tree.show_rows(rows)
        self.track_tree.setVisible(m.periods_on() and m.timeline is not None and bool(rows))
        self.create_timeline_button.setVisible(m.periods_on())
        self.map_kind_box.setVisible(m.periods_on() or s["map_kind"] != codes.SECTOR_MAP)
        self._show_buttons()

    def _show_shape(self) -> None:
        """The sector and score columns only for a long table (chosen, or detected)."""
        m = self.model
        shape = m.state["shape"] if m.state["shape"] != codes.AUTO else m.detected_shape
        self.long_box.setVisible(shape == codes.LONG)

    def _show_row_pickers(self) -> None:
        from ..steps import words
        from .table_rows import filter_choices

        m = self.model
        columns = m.row_columns
        choices = filter_choices(m.state["row_filter"], columns)
        missing = [c.column for c in columns if not choices.get(c.column)]
        hint = words.row_filter_hint([c.column for c in columns]) if columns and missing else ""
        old = self._showing
        self._showing = True
        try:
            self.row_pickers.show_columns(columns, choices, hint)
        finally:
            self._showing = old

    def _rows_picked(self, choices: dict[str, str]) -> None:
        from .table_rows import filter_text

        if not self._showing:
            self.model.update(row_filter=filter_text(choices, self.model.row_columns))

    def _keep_picked(self, columns: list[str]) -> None:
        if not self._showing:
            self.model.update(keep_columns="; ".join(columns))

    def _alias_picked(self, table_value: str, key: str) -> None:
        if not self._showing:
            self.model.set_alias(table_value, key)

    def _show_match(self) -> None:
        """The match rate (or why there is none), the rows to fix, the sectors, the identifier columns."""
        m = self.model
        matched = m.matched
        self._show_match_line()
        self._showing = True
        try:
            if matched is None:
                self.unmatched.show_rows([], {}, [])
                self.sector_combo.clear()
                self.keep_columns.show_columns({}, [])
                if m.raw is None:
                    self.table_key_combo.setItemText(0, tr("Detect"))
            else:
                if self.table_key_combo.count():
                    self.table_key_combo.setItemText(0, tr("Detect ({})").format(matched.table.key_column))
                self.unmatched.show_rows(self._fixable_rows(), m.region_labels(),
                                         [u.key for u in matched.result.match.unmatched_features])
                self._fill_sectors(matched.result.fields, matched.result.labels)
                from ..steps.join import split_columns

                self.keep_columns.show_columns(matched.result.identifier_columns or matched.table.identifiers,
                                               split_columns(m.state["keep_columns"]))
        finally:
            self._showing = False
        self._show_layer_notes()
        self._show_buttons()

    def _show_match_line(self) -> None:
        """The match rate, why there is none, or what the panel still needs (only what is missing)."""
        m = self.model
        if m.points_on():
            from .points_source import match_line

            self.match_label.setText(match_line(m))
            return
        if m.table_error:
            text = m.table_error
        elif m.match_error:
            text = m.match_error
        elif m.matched is not None:
            r = m.matched.result.match
            text = tr("{} of {} regions matched").format(r.matched_features, r.n_features)
        elif m.state["table_path"] and m.layer() is not None and m.state["key_field"]:
            text = tr("Matching…") if m.busy() else "—"
        else:
            from ..steps.words import match_missing

            text = match_missing(m.layer() is not None, bool(m.state["key_field"]), bool(m.state["table_path"]))
        self.match_label.setText(text)

    def _fixable_rows(self) -> list[tuple[str, str, list]]:
        """(table value, region key chosen by a fix or "", candidates) for each row a user may fix."""
        from ..core.matching import ALIAS

        m = self.model
        matched = m.matched
        res = matched.result.match
        aliases = m.state["aliases"]
        out = [(u.key, aliases.get(u.key, ""), list(u.candidates)) for u in res.unmatched_rows if u.fixable]
        keys = matched.keys.keys
        for r, how in res.how.items():
            if how == ALIAS and r < len(matched.table.keys):
                f = res.row_to_feature[r]
                out.append((matched.table.keys[r], keys[f] if f < len(keys) else "", []))
        return out

    def _fill_sectors(self, fields: list[str], labels: list[str]) -> None:
        from .widgets import select_data

        self.sector_combo.clear()
        for f, label in zip(fields, labels):
            self.sector_combo.addItem(label, f)
            self.sector_combo.setItemData(self.sector_combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        select_data(self.sector_combo, self.model.state["sector"])

    def _show_layer_notes(self, *_args) -> None:
        """Why layers are not offered, where distances are measured, duplicate or missing keys."""
        from ..steps import words

        m = self.model
        if m is None:
            return
        lines = []
        if m.layer() is None and m.unusable_layers():
            lines.append(words.not_polygons_note(m.unusable_layers()))
        if m.regions is not None and m.layer() is not None and m.graph_key and m.graph_key[0] == m.layer().id():
            if m.regions.measure_note:
                lines.append(m.regions.measure_note)
        lines += m.key_warnings()
        self.layer_note.setText("\n".join(lines))
        self.layer_note.setVisible(bool(lines))

    def _show_results(self) -> None:
        from ..steps import words

        m = self.model
        self._show_placeholders()
        self.summary_label.setText(m.summary())
        self.summary_label.setToolTip("")
        hints = m.hints()
        self.hints_label.setText("\n\n".join(hints))
        self.hints_label.setVisible(bool(hints))
        glob, glob_tip = m.global_moran()
        self.global_label.setText(glob)
        self.global_label.setToolTip(glob_tip)
        self.global_label.setVisible(bool(glob))
        self.overlay_note.setText(m.overlay_error)
        self.overlay_note.setVisible(bool(m.overlay_error))
        self._show_clusters()
        self._show_guide()
        r = m.sector_result()
        if r is not None and r.stats is None:
            self.summary_label.setToolTip(words.describe_method(m.analysis.meta))
        self._show_buttons()

    def _show_clusters(self) -> None:
        from .results import cluster_rows

        m = self.model
        areas = {cid: a for cid, (a, _g) in m.outlines.items()} if m.outlines_for == (
            id(m.analysis), m.sector()) else {}
        self.cluster_list.show_rows(cluster_rows(m.analysis, m.sector(), areas))

    def _show_guide(self) -> None:
        from .results import one_big_cluster

        m = self.model
        from ..steps.words import guide_threshold_text, threshold_heading

        rows = m.guide if m.guide_for == (id(m.analysis), m.sector()) else []
        meta = m.analysis.meta if m.analysis is not None else {}
        self.guide_table.show_rows(rows, m.state["threshold"], threshold_heading(meta) if meta else "",
                                   lambda value: guide_threshold_text(meta, value))
        rule = m.analysis is not None and m.analysis.kind == RULE
        big = rows and rule and one_big_cluster(m.analysis, m.sector()) is not None
        self.guide_box.setVisible(bool(big))  # only when one cluster holds most regions, as the help says
        if big:
            self.guide_box.setCollapsed(False)

    def _show_placeholders(self) -> None:
        texts = self.model.outputs.default_texts()
        self.title_edit.setPlaceholderText(texts.get("title", ""))
        self.subtitle_edit.setPlaceholderText(texts.get("subtitle", "").replace("\n", " — "))
        self.attribution_edit.setPlaceholderText(texts.get("attribution", ""))

    def _show_outputs(self) -> None:
        have = self.model.outputs.layers() is not None
        if have and not self._had_layers:
            self.layersCreated.emit()
        self._had_layers = have
        self._show_placeholders()
        self.summary_label.setText(self.model.summary())
        self._show_buttons()

    def _show_buttons(self) -> None:
        from .jobs import JobKind

        m = self.model
        have = m.outputs.map_layers() is not None
        self.cancel_button.setEnabled(m.jobs.busy())
        self.create_button.setEnabled(m.can_create())
        creating = bool(m.jobs.running(JobKind.CREATE))
        self.create_button.setText(tr("Writing layers…") if creating else tr("Create layers"))
        for b in (self.layout_button, self.reset_button, self.export_button):
            b.setEnabled(have)
        self.atlas_check.setEnabled(not m.outputs.timeline_map())  # a timeline map is one page per sector
        self.create_timeline_button.setEnabled(m.outputs.timeline.can_create())
        writing = bool(m.jobs.running(JobKind.TIMELINE_LAYERS))
        self.create_timeline_button.setText(tr("Writing the timeline…") if writing else tr("Create timeline layers"))
        self._show_why_disabled()

    def _show_why_disabled(self) -> None:
        """A greyed-out button says why: in its tooltip, and, for Create layers and the map's buttons, in a line
        under them (Create timeline layers: the periods' note above it says what they lack)."""
        why = self.model.outputs.why_disabled()
        buttons = {"create": (self.create_button,), "map": (self.layout_button, self.reset_button, self.export_button),
                   "timeline": (self.create_timeline_button,)}
        for key, group in buttons.items():
            for b in group:
                base = self._base_tips.get(b, "")
                b.setToolTip(f"{base}\n\n{why[key]}" if key in why and not b.isEnabled() else base)
        # the line: what stands between the user and the map (Create layers' own reason first, for the sector map)
        if "map" not in why:
            text = ""
        elif self.model.outputs.timeline_map() or "create" not in why:
            text = why["map"]
        else:
            text = why["create"]
        self.buttons_note.setText(text)
        self.buttons_note.setVisible(bool(text))

    def _busy(self, busy: bool) -> None:
        self._show_buttons()
        self.busyChanged.emit(busy)
        if not busy:
            self.status_label.setText("")

    def _layer_picked(self, layer) -> None:
        if not self._showing:
            self.model.set_layer(layer)

    def _overlay_picked(self, layer) -> None:
        if not self._showing:
            self.model.set_overlay(layer)

    # ------------------------------------------------------------------------------- dialogs
    def _confirm(self, title: str, text: str) -> bool:
        from qgis.PyQt.QtWidgets import QMessageBox

        answer = QMessageBox.question(self, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def _ask_output_path(self) -> str:
        """Where to write the layers when the project has no place for them: the GeoPackage field's own …
        dialog (it starts in the folder last used for outputs); '' when the user cancels."""
        from .widgets import browse_button

        browse_button(self.output_widget).click()  # modal: returns once the user has chosen or cancelled
        return self.output_widget.filePath()

    # ------------------------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        if self._dropped_table(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        path = self._dropped_table(event.mimeData())
        if path:
            self.ensure_built()
            if self.model.points_on():  # a table dropped on the panel is the scores source again
                self.model.update(scores_source=codes.SCORES_TABLE)
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

    # ------------------------------------------------------------------------------- the API
    # What tests, scripts and the plugin call; each forwards to the model.
    def state(self) -> dict:
        """The panel's settings as a JSON-serialisable dict."""
        return dict(self.model.state)

    def set_state(self, state: dict | None) -> None:
        """Show ``state`` (missing keys take their defaults) and re-run the analysis."""
        self.model.restore(state)

    def busy(self) -> bool:
        return self.model is not None and not sip.isdeleted(self.model) and self.model.busy()

    def cancel_tasks(self) -> None:
        self.model.cancel()

    def match_text(self) -> str:
        return self.match_label.text()

    def unmatched_rows(self) -> list[str]:
        """The table values listed for fixing, in order."""
        return self.unmatched.values()

    def alias_combo(self, table_value: str):
        return self.unmatched.combo(table_value)

    def aliases(self) -> dict[str, str]:
        return dict(self.model.state["aliases"])

    def set_alias(self, table_value: str, region_key: str | None) -> None:
        self.model.set_alias(table_value, region_key)

    def current_sector(self) -> str:
        return self.model.sector()

    def set_sector(self, field: str) -> bool:
        if self.sector_combo.findData(field) < 0:
            return False
        self.model.update(sector=field)
        return True

    @property
    def analysis(self):
        return self.model.analysis

    def sector_result(self, field: str | None = None):
        return self.model.sector_result(field)

    def counts(self) -> tuple[int, int]:
        return self.model.counts()

    def type_counts(self) -> dict[str, int]:
        return self.model.type_counts()

    def method(self) -> str:
        return self.model.method()

    def statistics_settings(self) -> dict:
        return self.model.statistics_settings()

    def tolerance_m(self) -> float:
        return self.model.tolerance_m()

    def output_layers(self):
        return self.model.outputs.layers() if self.model is not None else None

    def create_layers(self) -> None:
        self.model.outputs.create_layers()
        self._show_buttons()

    def create_timeline_layers(self) -> None:
        self.model.outputs.timeline.create_layers()
        self._show_buttons()

    def timeline_layers(self):
        return self.model.outputs.timeline.layers() if self.model is not None else None

    def tracks(self) -> list[tuple[int, list[tuple[int, str, frozenset[str]]]]]:
        """The tracks shown: (track, [(period, change, member keys)]), as a test or script reads them."""
        from .widgets import KEYS_ROLE, PERIOD_ROLE

        out = []
        tree = self.track_tree
        for i in range(tree.topLevelItemCount()):
            item = tree.topLevelItem(i)
            steps = [(int(c.data(0, PERIOD_ROLE)), c.text(2), frozenset(c.data(0, KEYS_ROLE) or []))
                     for c in (item.child(j) for j in range(item.childCount()))]
            out.append((int(item.text(0)), steps))
        return out

    def open_layout(self):
        return self.model.outputs.open_layout()

    def reset_layout(self):
        return self.model.outputs.reset_layout()

    def export_map(self, path: str, page_size: str | None = None, orientation: str | None = None,
                   dpi: int | None = None, atlas: bool | None = None) -> list[str]:
        return self.model.outputs.export_map(path, page_size, orientation, dpi, atlas)

    def make_export_dialog(self):
        """The Export… dialog, filled with a suggested file name and the layout's page (or the panel's)."""
        from ..gis.layout import layout_page
        from .export_dialog import ExportDialog

        out = self.model.outputs
        s = self.model.state
        timeline = out.timeline_map()
        if timeline:
            layout = out.timeline.layout(create=False) if out.timeline.layers() is not None else None
        else:
            layout = out.layout(create=False) if out.layers() is not None else None
        page = layout_page(layout) if layout is not None else None
        page_size, orientation = page or (s["page_size"], s["orientation"])
        return ExportDialog(self, out.suggested_path("pdf"), page_size, orientation, s["dpi"],
                            s["atlas"] and not timeline, layout.name() if layout is not None else "",
                            atlas_allowed=not timeline)

    def export_dialog(self, *, run=None) -> list[str]:
        """Ask how to export (``run(dialog)`` instead of showing it, for tests), then export.

        ``run`` is keyword-only: the Export… button's ``clicked(bool)`` must not be able to fill it."""
        if self.model.outputs.map_layers() is None:
            self.model.report(tr("Create the timeline's layers first (Create timeline layers).")
                              if self.model.outputs.timeline_map() else tr("Create the layers first."), Qgis.Warning)
            return []
        dialog = self.make_export_dialog()
        if not (run(dialog) if run is not None else dialog.exec()):
            return []
        v = dialog.values()
        if not v["path"]:
            return []
        if not self.model.outputs.timeline_map():
            self.model.update(atlas=v["atlas"])
        return self.export_map(v["path"], v["page_size"], v["orientation"], v["dpi"], v["atlas"])

    def last_error(self) -> str:
        return self.model.last_error

    def show_help(self) -> None:
        from ..help_pages import help_page  # the page in the plugin's language (index_fr.html in French)

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(help_page())))

    # ------------------------------------------------------------------------------- clusters
    def _cluster_clicked(self, item, *_column) -> None:
        from .widgets import KEYS_ROLE, MEMBERS_ROLE

        if item.parent() is not None:
            item = item.parent()
        self.zoom_to_cluster(item.data(0, KEYS_ROLE) or [], item.data(0, MEMBERS_ROLE) or [])

    def _track_clicked(self, item, *_column) -> None:
        """A track: its latest period's members; one of its periods: that period's; a member: its period's."""
        from .widgets import KEYS_ROLE, MEMBERS_ROLE

        if item.data(0, KEYS_ROLE) is None and item.parent() is not None:
            item = item.parent()
        m = self.model
        out = m.outputs.timeline.layers()
        regions = m.timeline.regions if m.timeline is not None else None
        self.zoom_to_cluster(item.data(0, KEYS_ROLE) or [], item.data(0, MEMBERS_ROLE) or [], regions,
                             out[0] if out is not None else m.layer())

    def zoom_to_cluster(self, keys: list[str], members: list[int], regions=None, layer=None) -> None:
        """Zoom the canvas to the member regions and select them in the regions layer (``layer``: the created
        regions layer, else the panel's; ``regions``: the members' geometries, the analysis' by default)."""
        m = self.model
        out = m.outputs.layers()
        if layer is None:
            layer = out[0] if out is not None else m.layer()
        key = m.state["key_field"]
        if layer is None or not key or not keys:
            return
        values = ", ".join(QgsExpression.quotedValue(k) for k in keys)
        layer.selectByExpression(f"{QgsExpression.quotedColumnRef(key)} IN ({values})")
        if regions is None:
            regions = m.analysis.regions if m.analysis is not None else None
        geoms = [regions.geometries[i] for i in members if regions is not None and i < len(regions.geometries)]
        boxes = [g.boundingBox() for g in geoms if g is not None]
        rect = QgsRectangle(boxes[0]) if boxes else QgsRectangle()
        for box in boxes[1:]:
            rect.combineExtentWith(box)
        if rect.isEmpty() and layer.selectedFeatureCount():
            rect = layer.boundingBoxOfSelected()
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None or rect.isEmpty():
            return
        src = m.layer() if geoms else layer
        xform = QgsCoordinateTransform(src.crs(), canvas.mapSettings().destinationCrs(), QgsProject.instance())
        try:
            rect = xform.transformBoundingBox(rect)
        except Exception:  # noqa: BLE001 - leave the view as it is rather than fail
            return
        rect.scale(1.15)
        canvas.setExtent(rect)
        canvas.refresh()

    # ------------------------------------------------------------------------------- the end
    def shutdown(self) -> None:
        """Plugin unload: stop the work, remove the preview, let go of the project's signals."""
        project = QgsProject.instance()
        try:
            project.readProject.disconnect(self._drop_stale_preview)
        except (TypeError, RuntimeError):
            pass
        model = self.model
        if model is None or self.__dict__.get("_shut_down") or sip.isdeleted(model):
            self._shut_down = True
            return
        self._shut_down = True
        for signal in (project.layersAdded, project.layersRemoved):
            try:
                signal.disconnect(self._show_layer_notes)
            except (TypeError, RuntimeError):
                pass
        model.shutdown()
