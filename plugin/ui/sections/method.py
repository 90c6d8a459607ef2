"""Section "3. Sector and method": the sector shown, the rule or local statistic and its settings, the
neighbours, the overlay of official boundaries, the map colours and the preview."""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt

from ...core import codes
from ...i18n import tr, tr_noop
from ..setting_changes import overlay_changes
from .base import Section, SpinRange, combo, polygon_filter, spin

THRESHOLD_TIP = tr_noop("Above means: index > threshold (z-score and percentile: at least).")
STARS_TIP = tr_noop("Strength stars ≥ k: the number of stars a region needs (1, 2 or 3), one star each for size, "
                    "specialisation and focus; regions with at least that many stars that touch form the clusters.")
THRESHOLD_RANGE = SpinRange(-10.0, 100.0, 1.0, step=0.05, decimals=2)


class MethodSection(Section):
    """The sector, method, baseline and threshold, the statistics' settings, neighbours, overlay, colours."""

    def __init__(self, panel, main) -> None:
        from qgis.gui import QgsDoubleSpinBox, QgsFieldComboBox
        from qgis.PyQt.QtWidgets import QCheckBox, QSpinBox, QVBoxLayout

        from ...steps import options
        from .. import widgets as w

        super().__init__(panel)
        self.box = w.group(tr("3. Sector and method"), "sc_group_method")
        lay = QVBoxLayout(self.box)
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
            "sc_threshold", QgsDoubleSpinBox, THRESHOLD_RANGE, tr(THRESHOLD_TIP)))
        self.threshold_label = rows.label(self.threshold_spin)
        self.stats_box, stats_lay = w.plain_box("sc_statistics")
        stats = w.Rows(stats_lay)
        self.correction_combo = stats.above(tr("Correction"), combo(
            "sc_correction", options.CORRECTIONS),
            tr("Correction of the p-values for testing many regions at once."))
        self.permutations_spin = stats.beside(tr("Permutations"), spin(
            "sc_permutations", QSpinBox, SpinRange(1, options.MAX_PERMUTATIONS, options.DEFAULT_PERMUTATIONS),
            tr("Random permutations per region; 999 is usual, 9,999 for more precise p-values (slower).")))
        self.alpha_spin = stats.beside(tr("Significance"), spin(
            "sc_alpha", QgsDoubleSpinBox, SpinRange(0.001, 0.5, options.DEFAULT_ALPHA, step=0.01, decimals=3),
            tr("A region is significant when its (corrected) pseudo p-value is at most this.")))
        self.seed_spin = stats.beside(tr("Random seed"), spin(
            "sc_seed", QSpinBox, SpinRange(0, 2**31 - 2, options.DEFAULT_PANEL_SEED),
            tr("The permutations' random seed: kept with the project, so the same settings always give the same "
               "significant regions.")))
        rows.widget(self.stats_box)
        self.neighbours_combo = rows.above(tr("Neighbours"), combo(
            "sc_neighbours", options.NEIGHBOURS),
            tr("Queen: regions touching at any point are neighbours; rook: only those sharing a stretch of "
               "boundary."))
        self.tolerance_spin = rows.beside(tr("Gap tolerance"), spin(
            "sc_tolerance", QgsDoubleSpinBox, SpinRange(0.0, 500.0, 0.0, step=0.5, decimals=2, suffix=" km"),
            tr("Regions separated by a gap (e.g. an estuary) up to this width count as neighbours.")))
        self.min_regions_spin = rows.beside(tr("Min. regions"), spin(
            "sc_min_regions", QSpinBox, SpinRange(1, 10000, options.DEFAULT_MIN_REGIONS),
            tr("The smallest group of neighbouring regions that counts as a cluster.")))
        overlay_tip = tr("Optional: official boundaries (ITL1 regions, combined authorities, pan-regional "
                         "partnerships…); each cluster then lists the units it crosses.")
        self.overlay_combo = w.layer_picker("sc_overlay", polygon_filter(), tr("None"))
        rows.above(tr("Boundaries crossed (optional)"), self.overlay_combo, overlay_tip)
        self.overlay_name_combo = QgsFieldComboBox()
        self.overlay_name_combo.setObjectName("sc_overlay_name")
        w.narrow(self.overlay_name_combo)
        self.overlay_name_label = rows.labelled(tr("Units named by"), self.overlay_name_combo, tr(
            "The overlay's field that names its units (features with the same "
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
        main.addWidget(self.box)

    def bound(self) -> dict:
        return {"sector": self.sector_combo, "method": self.method_combo, "baseline": self.baseline_combo,
                "threshold": self.threshold_spin, "permutations": self.permutations_spin,
                "correction": self.correction_combo, "alpha": self.alpha_spin, "seed": self.seed_spin,
                "neighbours": self.neighbours_combo, "tolerance_km": self.tolerance_spin,
                "min_regions": self.min_regions_spin, "scheme": self.scheme_combo, "preview": self.preview_check,
                "overlay_name": self.overlay_name_combo}

    def connect(self, model) -> None:
        self.overlay_combo.layerChanged.connect(self._overlay_picked)

    def _overlay_picked(self, layer) -> None:
        if not self.showing:
            m = self.model
            m.update(**overlay_changes(layer, m.state, m.layer()))

    def before_values(self, keys: set) -> None:
        if "overlay_id" in keys:
            overlay = self.model.overlay_layer()
            if self.overlay_combo.currentLayer() is not overlay:
                self.overlay_combo.setLayer(overlay)
            self.overlay_name_combo.setLayer(overlay)
            for widget in (self.overlay_name_label, self.overlay_name_combo):
                widget.setVisible(overlay is not None)
        if "baseline" in keys:  # before the values: the threshold must fit the range it is shown in
            self._threshold_widget()

    def show_state(self, keys: set) -> None:
        if keys & {"method"}:
            self._method_widgets()

    def _threshold_widget(self) -> None:
        """Strength stars take a whole number of stars, 1–3 ("strength stars ≥ k"); other baselines a ratio, z or
        percentile."""
        from ...steps import options

        stars = self.model.state["baseline"] == codes.STARS
        spin_box = self.threshold_spin
        spin_box.blockSignals(True)
        try:
            if stars:
                spin_box.setDecimals(0)
                spin_box.setRange(*options.STARS_RANGE)
                spin_box.setSingleStep(1)
            else:
                spin_box.setRange(THRESHOLD_RANGE.low, THRESHOLD_RANGE.high)
                spin_box.setDecimals(THRESHOLD_RANGE.decimals)
                spin_box.setSingleStep(THRESHOLD_RANGE.step)
        finally:
            spin_box.blockSignals(False)
        text, tip = (tr("Stars ≥"), tr(STARS_TIP)) if stars else (tr("Threshold"), tr(THRESHOLD_TIP))
        spin_box.setToolTip(tip)
        if self.threshold_label is not None:
            self.threshold_label.setText(text)
            self.threshold_label.setToolTip(tip)

    def _method_widgets(self) -> None:
        """The rule uses the baseline and threshold; the statistics their own settings."""
        rule = self.model.method() == codes.RULE
        for widget in (self.baseline_combo, self.threshold_spin, self.scheme_combo):
            widget.setEnabled(rule)
        self.stats_box.setVisible(not rule)
        self.stats_box.setEnabled(not rule)

    def show_sectors(self) -> None:
        """The matched table's sectors, the chosen one selected (``Showing`` is set)."""
        from ..widgets import select_data

        self.sector_combo.clear()
        matched = self.model.matched
        if matched is None:
            return
        for f, label in zip(matched.result.fields, matched.result.labels):
            self.sector_combo.addItem(label, f)
            self.sector_combo.setItemData(self.sector_combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        select_data(self.sector_combo, self.model.state["sector"])

    def show_overlay_note(self) -> None:
        m = self.model
        self.overlay_note.setText(m.overlay_error)
        self.overlay_note.setVisible(bool(m.overlay_error))
