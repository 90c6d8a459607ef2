"""Small widgets of the panel, made to fit a 280 px dock: labels above fields where a row would be too wide,
texts that wrap, no fixed minimum widths. They show what they are given and say what the user did through
plain callbacks; none of them holds a setting.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from qgis.gui import QgsCollapsibleGroupBox, QgsMapLayerComboBox
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..i18n import number, tr

KEYS_ROLE = Qt.ItemDataRole.UserRole  # a cluster item's region keys
MEMBERS_ROLE = Qt.ItemDataRole.UserRole + 1  # and their indices
NAMES_ROLE = Qt.ItemDataRole.UserRole + 2  # and their names (a cluster's member rows are made when expanded)
COMBO_CHARS = 8  # a combo's minimum width in characters: long labels elide instead of widening the dock


def fill_combo(combo: QComboBox, choices) -> None:
    """A combo of ``steps.options`` choices: the panel's label shown (translated), the code as the item's data."""
    for c in choices:
        text = tr(c.panel_label)
        combo.addItem(text, c.code)
        combo.setItemData(combo.count() - 1, text, Qt.ItemDataRole.ToolTipRole)


def narrow(combo: QComboBox) -> QComboBox:
    """Long entries must not widen the panel: the combo shrinks and elides; its list shows them whole."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(COMBO_CHARS)
    combo.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    combo.view().setTextElideMode(Qt.TextElideMode.ElideNone)
    return combo


def select_data(combo: QComboBox, value) -> bool:
    i = combo.findData(value)
    if i >= 0:
        combo.setCurrentIndex(i)
        return True
    return False


def show_added(layout) -> None:
    """Show the widgets just added to ``layout`` now: Qt shows a child added to a visible widget only from the
    event loop (a queued call), so until then it reads as hidden (``isVisibleTo`` false, seen as a flaky test)."""
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget() if item is not None else None
        if widget is not None and widget.isHidden() and not widget.testAttribute(
                Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
            widget.show()


def note_label(text: str = "", grey: bool = True) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    if grey:
        label.setStyleSheet("color: #555;")
    return label


def layer_picker(name: str, filters, empty_text: str = "") -> QgsMapLayerComboBox:
    """A layer combo that starts empty (the user picks; nothing is analysed by surprise) and never widens the
    panel. ``empty_text`` names the empty entry where "none" is a real choice (an optional layer)."""
    combo = QgsMapLayerComboBox()
    combo.setObjectName(name)
    combo.setFilters(filters)
    if empty_text:
        combo.setAllowEmptyLayer(True, empty_text)  # the text argument: QGIS 3.20+
    else:
        combo.setAllowEmptyLayer(True)
    combo.setLayer(None)
    return narrow(combo)


def plain_box(name: str) -> tuple[QWidget, QVBoxLayout]:
    """A borderless box of fields shown or hidden together (the statistics' settings, a long table's
    columns), with its layout flush with the section's."""
    box = QWidget()
    box.setObjectName(name)
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    return box, lay


def group(title: str, name: str) -> QgsCollapsibleGroupBox:
    box = QgsCollapsibleGroupBox(title)
    box.setObjectName(name)
    box.setSaveCollapsedState(False)
    for button in box.findChildren(QToolButton):
        button.setObjectName(f"{name}_collapse")
    return box


def form() -> QFormLayout:
    """Label beside field when both fit, the label above it when they do not."""
    f = QFormLayout()
    f.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    f.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return f


def above(layout: QVBoxLayout, text: str, widget: QWidget, tip: str = "") -> QWidget:
    """``text`` on its own line above ``widget`` (for fields whose contents are long: layers, files, sectors)."""
    label = note_label(text, grey=False)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    label.setBuddy(widget)
    layout.addWidget(label)
    layout.addWidget(widget)
    if tip:
        widget.setToolTip(tip)
        label.setToolTip(tip)
    return widget


class Rows:
    """Fields one under the other: a field with long contents (a combo) gets its label above it, a short one
    (a number) beside it; neighbouring short ones share a form so their labels line up."""

    def __init__(self, layout: QVBoxLayout):
        self.layout = layout
        self._form: QFormLayout | None = None

    def above(self, text: str, widget: QWidget, tip: str = "") -> QWidget:
        self._form = None
        return above(self.layout, text, widget, tip)

    def beside(self, text: str, widget: QWidget) -> QWidget:
        if self._form is None:
            self._form = form()
            self.layout.addLayout(self._form)
        self._form.addRow(text, widget)
        return widget

    def widget(self, widget: QWidget) -> QWidget:
        self._form = None
        self.layout.addWidget(widget)
        return widget

    def labelled(self, text: str, widget: QWidget, tip: str = "") -> QLabel:
        """``widget`` under a label of its own, returned so the pair can be hidden together (a field that
        only some settings use)."""
        label = note_label(text, grey=False)
        label.setBuddy(widget)
        self.widget(label)
        self.widget(widget)
        if tip:
            widget.setToolTip(tip)
        return label

    def label(self, widget: QWidget) -> QLabel | None:
        """The label beside ``widget`` (added by ``beside`` in the current form), to change its words."""
        return self._form.labelForField(widget) if self._form is not None else None


def binding(widget: QWidget) -> tuple:
    """(changed signal, read, write) for a widget that shows one setting; the most specific type first."""
    from qgis.gui import QgsFieldComboBox, QgsFileWidget
    from qgis.PyQt.QtWidgets import QAbstractSpinBox, QLineEdit

    if isinstance(widget, QgsFieldComboBox):
        return widget.fieldChanged, widget.currentField, widget.setField
    if isinstance(widget, QgsFileWidget):
        return widget.fileChanged, widget.filePath, widget.setFilePath
    if isinstance(widget, QComboBox):
        return (widget.currentIndexChanged, lambda: widget.currentData() if widget.currentData() is not None else "",
                lambda value: select_data(widget, value))
    if isinstance(widget, QAbstractSpinBox):
        return widget.valueChanged, widget.value, widget.setValue
    if isinstance(widget, QCheckBox):
        return widget.toggled, widget.isChecked, lambda value: widget.setChecked(bool(value))
    if isinstance(widget, QLineEdit):
        return widget.textChanged, widget.text, widget.setText
    raise TypeError(f"no binding for {type(widget).__name__}")


def last_folder(kind: str) -> str:
    """The folder the user last picked ``kind`` files in (QgsSettings, so it outlives the session); '' at first."""
    from qgis.core import QgsSettings

    return str(QgsSettings().value(f"SectorClusters/last_folder_{kind}", "") or "")


def remember_folder(kind: str, path: str) -> None:
    """Keep the folder of ``path`` for ``kind``; nothing for '' (a cancelled dialog) or a folder that does not
    exist (half a typed path)."""
    from pathlib import Path

    folder = Path(path).parent if path else None
    if folder is not None and folder.is_absolute() and folder.is_dir():
        from qgis.core import QgsSettings

        QgsSettings().setValue(f"SectorClusters/last_folder_{kind}", str(folder))


def start_in_last_folder(widget, kind: str) -> None:
    """The file widget's … dialog opens in the folder last used for ``kind`` while the widget is empty (alone,
    it would open where any QGIS file widget was last used, UI/lastFileNameWidgetDir), and in its own file's
    folder once it has one; a file picked or typed there is remembered for ``kind``."""

    def follow(path: str) -> None:
        remember_folder(kind, path)
        widget.setDefaultRoot("" if path else last_folder(kind))  # a default root wins over the widget's path

    widget.setDefaultRoot(last_folder(kind))
    widget.fileChanged.connect(follow)


def browse_button(widget):
    """The file widget's … button (its line edit has tool buttons of its own, the clear button)."""
    for button in widget.findChildren(QToolButton, "", Qt.FindChildOption.FindDirectChildrenOnly):
        if button.text() == "\u2026":
            return button
    raise LookupError("the file widget has no … button")


class UnmatchedList(QWidget):
    """Each table row that matched no region, with a picker of regions as 'Name (CODE)', closest first."""

    def __init__(self, on_pick: Callable[[str, str], None]):
        super().__init__()
        self.setObjectName("sc_unmatched")
        self.on_pick = on_pick
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.rows: list[tuple[str, QComboBox]] = []

    def show_rows(self, rows: Sequence[tuple[str, str, list]], labels: dict[str, str], free: Sequence[str]) -> None:
        """``rows``: (table value, region key chosen or '', candidates); ``free``: keys of regions without a row."""
        while self.lay.count():
            w = self.lay.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.rows = []
        for n, (value, chosen, candidates) in enumerate(rows):
            label = note_label(tr("“{}” in the table is:").format(value), grey=False)
            combo = narrow(QComboBox())
            combo.setObjectName(f"sc_alias_{n}")
            combo.addItem(tr("— not matched —"), "")
            seen = []
            for c in candidates:
                if c.key not in seen:
                    seen.append(c.key)
                    combo.addItem(labels.get(c.key, c.label), c.key)
                    combo.setItemData(combo.count() - 1, tr("{:.0%} alike").format(c.score),
                                      Qt.ItemDataRole.ToolTipRole)
            for k in [chosen, *free]:
                if k and k not in seen:
                    seen.append(k)
                    combo.addItem(labels.get(k, k), k)
            select_data(combo, chosen)
            combo.setToolTip(tr("The region “{}” means (closest names first).").format(value))
            combo.currentIndexChanged.connect(lambda _i, v=value, cb=combo: self.on_pick(v, cb.currentData() or ""))
            self.lay.addWidget(label)
            self.lay.addWidget(combo)
            self.rows.append((value, combo))
        show_added(self.lay)
        self.setVisible(bool(rows))

    def values(self) -> list[str]:
        return [v for v, _c in self.rows]

    def combo(self, value: str) -> QComboBox | None:
        return next((c for v, c in self.rows if v == value), None)


class ClusterTree(QTreeWidget):
    """The shown sector's clusters: number, regions, area and, with an overlay, how many of its units each
    crosses; the member names (and the units crossed) on hover, the members when expanded."""

    def __init__(self):
        super().__init__()
        self.setObjectName("sc_clusters")
        self.setColumnCount(4)
        self.setHeaderLabels([tr("Cluster"), tr("Regions"), tr("km²"), tr("Crosses")])
        self.headerItem().setToolTip(3, tr("How many units of the overlay the cluster crosses (hover over a cluster "
                                           "for their names and shares)."))
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.itemExpanded.connect(self._show_members)
        self.itemCollapsed.connect(self._fit_height)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in (1, 2, 3):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        self.setColumnHidden(3, True)
        self.setToolTip(tr("Click a cluster to zoom to it and select its regions; expand it for its members."))
        # the clicked cluster's members (and crossings) in full, wrapped: at the dock's width the rows cut long
        # names ("Stoke-on-Trent and …"), and hovering is no way to read a list
        self.details = note_label(grey=False)
        self.details.setObjectName("sc_cluster_details")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setVisible(False)
        self._details_for: int | None = None
        self.itemClicked.connect(self._show_details)

    def show_rows(self, rows) -> None:
        """``rows``: results.ClusterRow (the Crosses column shows when they have crossings). A cluster's member rows
        are made when it is expanded: ~7,000 of them for a sector of 34,753 LSOAs took most of the 0.1 s this
        froze QGIS for at each threshold change."""
        self.clear()
        self.setColumnHidden(3, not any(r.crosses is not None for r in rows))
        items = []
        for r in rows:
            area = "…" if r.area_km2 is None else number(r.area_km2)  # 76,753 / 76 753 as the locale writes it
            crosses = "" if r.crosses is None else str(len(r.crosses))
            item = QTreeWidgetItem([str(r.cluster_id), str(r.size), area, crosses])
            item.setData(0, KEYS_ROLE, list(r.keys))
            item.setData(0, MEMBERS_ROLE, list(r.members))
            item.setData(0, NAMES_ROLE, list(r.names))
            item.setData(3, KEYS_ROLE, list(r.crosses or ()))
            for col in range(4):
                item.setToolTip(col, r.tooltip)
            for col in (1, 2, 3):
                item.setTextAlignment(col, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter))
            if r.names:
                item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
            items.append(item)
        self.addTopLevelItems(items)  # at once: one layout pass, not one per cluster
        self._fit_height()
        shown = [i for i in range(self.topLevelItemCount()) if self.topLevelItem(i).text(0) == str(self._details_for)]
        self._show_details(self.topLevelItem(shown[0]) if shown else None)

    def _show_members(self, item) -> None:
        """An expanded cluster: its members, a row each (made the first time it is expanded)."""
        if item.parent() is None and not item.childCount():
            for name in item.data(0, NAMES_ROLE) or []:
                child = QTreeWidgetItem([name])
                child.setToolTip(0, name)
                child.setFlags(child.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                item.addChild(child)
                child.setFirstColumnSpanned(True)  # in the tree now (outside one it does nothing)
        self._fit_height()

    def show_areas(self, areas: dict[int, float]) -> None:
        """The km² column from the outlines, in the rows already shown (the same clusters: rebuilding ~800 rows
        and their members on 34,753 LSOAs froze QGIS for ~0.1 s a second time per threshold change)."""
        header = self.header()
        # a column sized to its contents is measured again over every row at each setText (2.3 s for 800
        # clusters): fixed while the texts change, then sized once
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)
        try:
            for i in range(self.topLevelItemCount()):
                item = self.topLevelItem(i)
                area = areas.get(int(item.text(0)))
                item.setText(2, "…" if area is None else number(area))
        finally:
            header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)

    def _show_details(self, item, *_column) -> None:
        """Under the table: the clicked cluster's (or member's cluster's) members, every name whole."""
        if item is not None and item.parent() is not None:
            item = item.parent()
        if item is None:
            self._details_for = None
            self.details.setText("")
            self.details.setVisible(False)
            return
        from ..steps.words import cluster_details

        self._details_for = int(item.text(0))
        names = list(item.data(0, NAMES_ROLE) or [])
        crossing = item.toolTip(0).split("\n\n", 1)[1] if "\n\n" in item.toolTip(0) else ""
        self.details.setText(cluster_details(self._details_for, names, crossing))
        self.details.setVisible(True)

    def _fit_height(self, *_args) -> None:
        """As tall as its rows (two at least, ten at most, then it scrolls): no empty box under one cluster."""
        rows = 0
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            rows += 1 + (item.childCount() if item.isExpanded() else 0)
        row_h = self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height() + 6
        visible = min(max(rows, 2), 10)
        self.setFixedHeight(self.header().sizeHint().height() + visible * max(row_h, 1) + 2 * self.frameWidth() + 4)


class GuideTable(QTableWidget):
    """The shown sector at other thresholds; clicking a row sets that threshold."""

    def __init__(self, on_pick: Callable[[float], None]):
        super().__init__(0, 4)
        self.setObjectName("sc_guide")
        self.setHorizontalHeaderLabels([tr("Threshold"), tr("Above"), tr("Clusters"), tr("Largest")])
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)
        self.horizontalHeader().setFont(font)
        self.horizontalHeader().setStyleSheet("QHeaderView::section { padding: 1px 2px; }")
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for i in (1, 2, 3):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # sized to show every row
        self.horizontalHeaderItem(0).setToolTip(tr("Click a row to use its threshold."))
        self.horizontalHeaderItem(1).setToolTip(tr("Regions above the threshold"))
        self.horizontalHeaderItem(2).setToolTip(tr("Multi-region clusters"))
        self.horizontalHeaderItem(3).setToolTip(tr("Regions in the largest cluster"))
        self.on_pick = on_pick
        self.cellClicked.connect(self._clicked)
        self._values: list[float] = []

    def show_rows(self, rows, current: float, heading: str = "", fmt: Callable[[float], str] | None = None) -> None:
        """``fmt`` writes a threshold (whole stars as '2 ★'; ratios as '1.25' by default)."""
        from ..steps.words import fmt_number

        fmt = fmt or fmt_number
        if heading:
            self.horizontalHeaderItem(0).setText(heading)
        self.setRowCount(len(rows))
        self._values = [r.threshold for r in rows]
        for i, r in enumerate(rows):
            cells = [fmt(r.threshold), str(r.above), str(r.clusters), str(r.largest)]
            tips = [tr("Click to use this threshold."), tr("{} of {} regions with data above {}").format(
                r.above, r.with_data, fmt(r.threshold)), tr("Multi-region clusters"),
                tr("{} of {} regions with data in the largest cluster").format(r.largest, r.with_data)]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setTextAlignment(int(Qt.AlignmentFlag.AlignCenter))
                item.setToolTip(tips[j])
                if abs(r.threshold - current) < 1e-9:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.setItem(i, j, item)
        self.resizeRowsToContents()
        header_h = max(self.horizontalHeader().sizeHint().height(), self.horizontalHeader().height())
        self.setFixedHeight(header_h + self.verticalHeader().length() + 2 * self.frameWidth() + 2)

    def threshold_at(self, row: int) -> float:
        return self._values[row]

    def _clicked(self, row: int, _col: int) -> None:
        if 0 <= row < len(self._values):
            self.on_pick(self._values[row])


class RowPickers(QWidget):
    """A picker per row-filter column of the table (period, level), filled from the table's own values."""

    def __init__(self, on_change: Callable[[dict[str, str]], None]):
        super().__init__()
        self.setObjectName("sc_row_filter")
        self.on_change = on_change
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.hint = note_label()
        outer.addWidget(self.hint)
        self.form = form()
        # each picker under its label: beside "Level (geographic_level)" the combo was squeezed to an arrow
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        outer.addLayout(self.form)
        self.combos: dict[str, QComboBox] = {}

    def show_columns(self, columns, choices: dict[str, str], hint: str) -> None:
        """Pickers for ``columns`` showing ``choices``; the same columns again only change the choices (this
        runs while a picker's own signal is being handled, so the pickers are not remade then)."""
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.setVisible(bool(columns))
        shape = [(c.column, tuple(c.values)) for c in columns]
        if shape == getattr(self, "_shape", None):
            for column, combo in self.combos.items():
                combo.blockSignals(True)
                select_data(combo, choices.get(column, ""))
                combo.blockSignals(False)
            return
        self._shape = shape
        while self.form.rowCount():
            self.form.removeRow(0)
        self.combos = {}
        for col in columns:
            combo = narrow(QComboBox())
            combo.setObjectName(f"sc_rows_{col.role}")
            combo.addItem(tr("All rows"), "")
            for v in col.values:
                combo.addItem(v, v)
            select_data(combo, choices.get(col.column, ""))
            combo.setToolTip(tr("Keep the rows whose “{}” is this.").format(col.column) + (
                " " + tr("The national row ({}) is kept too.").format(", ".join(col.reference_values))
                if col.reference_values else ""))
            combo.currentIndexChanged.connect(self._changed)
            title = tr("Period") if col.role == "period" else tr("Level")
            self.form.addRow(f"{title} ({col.column})", combo)
            self.combos[col.column] = combo
        show_added(self.form)

    def choices(self) -> dict[str, str]:
        return {column: combo.currentData() or "" for column, combo in self.combos.items()}

    def _changed(self, *_args) -> None:
        self.on_change(self.choices())


class KeepColumns(QWidget):
    """Columns the table reader took for identifiers (codes), each with a box to join it as a sector anyway."""

    def __init__(self, on_change: Callable[[list[str]], None]):
        super().__init__()
        self.setObjectName("sc_identifiers")
        self.on_change = on_change
        self.lay = QVBoxLayout(self)
        self.lay.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}

    def show_columns(self, identifiers: dict[str, str], kept: Sequence[str]) -> None:
        while self.lay.count():
            w = self.lay.takeAt(0).widget()
            if w is not None:
                w.deleteLater()
        self.boxes = {}
        names = list(dict.fromkeys([*identifiers, *kept]))
        if names:
            self.lay.addWidget(note_label(tr("Columns read as codes, not sectors (not joined):")))
        for n, name in enumerate(names):
            box = QCheckBox(tr("Join “{}” as a sector").format(name))
            box.setObjectName(f"sc_keep_{n}")
            box.setChecked(name in kept)
            box.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)  # a long name must not widen
            box.setToolTip(tr("Read as codes, not scores: {}.").format(identifiers[name]) if name in identifiers
                           else tr("Joined as a sector at your request."))
            box.toggled.connect(self._changed)
            self.lay.addWidget(box)
            self.boxes[name] = box
        show_added(self.lay)
        self.setVisible(bool(names))

    def _changed(self, *_args) -> None:
        self.on_change([name for name, box in self.boxes.items() if box.isChecked()])


PERIOD_ROLE = Qt.ItemDataRole.UserRole + 2  # a track item's period (its latest, for the track's own row)


class TrackTree(QTreeWidget):
    """The shown sector's tracks through the periods: track, periods, latest change (or ended), regions in its
    latest period; each track's periods (change, regions) when expanded, and each period's members under it."""

    def __init__(self):
        super().__init__()
        self.setObjectName("sc_tracks")
        self.setColumnCount(4)
        self.setHeaderLabels([tr("Track"), tr("Periods"), tr("Change"), tr("n")])
        font = self.font()
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setFont(font)
        self.header().setFont(font)
        self.setIndentation(12)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(False)
        self.setWordWrap(True)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.itemExpanded.connect(self._fit_height)
        self.itemCollapsed.connect(self._fit_height)
        header = self.header()
        header.setStretchLastSection(False)
        # the track number is short and the periods ("2015–2020") give way first in a narrow dock; a stretched
        # first column kept the width it had before the dock was narrowed and hid the other three
        header.setMinimumSectionSize(8)
        for i in (0, 2, 3):
            header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.headerItem().setToolTip(2, tr("A track's latest change (new, continuing, grown, shrunk, merged, split), "
                                           "or ended when no cluster of the next period kept it."))
        self.headerItem().setToolTip(3, tr("n: regions in the track's latest period (in that period, "
                                           "for a period's row)."))
        self.setToolTip(tr("Click a track to select its regions in its latest period; expand it for its periods "
                           "and click one to select that period's regions."))

    def show_rows(self, rows) -> None:
        """``rows``: timeline.TrackRow."""
        self.clear()
        right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for r in rows:
            last = r.last
            item = QTreeWidgetItem([str(r.track), r.periods_text, r.status, str(len(last.members))])
            self._set_members(item, last)
            tip = r.line + ("\n" + tr("Ended in {0}.").format(r.ended) if r.ended is not None else "")
            for col in range(4):
                item.setToolTip(col, tip)
            item.setTextAlignment(3, right)
            for step in r.steps:
                child = QTreeWidgetItem(["", str(step.period), step.change, str(len(step.members))])
                self._set_members(child, step)
                for col in range(4):
                    child.setToolTip(col, step.tooltip)
                child.setTextAlignment(3, right)
                for name in step.names:
                    leaf = QTreeWidgetItem([name])
                    leaf.setToolTip(0, name)
                    leaf.setFlags(leaf.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                    child.addChild(leaf)
                item.addChild(child)
            self.addTopLevelItem(item)
        for item in self._items():
            for j in range(item.childCount()):
                item.child(j).setFirstColumnSpanned(True)
        self._fit_height()

    def tracks(self) -> list[tuple[int, list[tuple[int, str, frozenset[str]]]]]:
        """The tracks shown: (track, [(period, change, member keys)]), as a reader of the tree sees them."""
        out = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            steps = [(int(c.data(0, PERIOD_ROLE)), c.text(2), frozenset(c.data(0, KEYS_ROLE) or []))
                     for c in (item.child(j) for j in range(item.childCount()))]
            out.append((int(item.text(0)), steps))
        return out

    @staticmethod
    def _set_members(item: QTreeWidgetItem, step) -> None:
        item.setData(0, KEYS_ROLE, list(step.keys))
        item.setData(0, MEMBERS_ROLE, list(step.members))
        item.setData(0, PERIOD_ROLE, int(step.period))

    def _items(self):
        """Every period row (the tracks' children)."""
        for i in range(self.topLevelItemCount()):
            track = self.topLevelItem(i)
            for j in range(track.childCount()):
                yield track.child(j)

    def _fit_height(self, *_args) -> None:
        """As tall as its open rows (two at least, twelve at most, then it scrolls)."""
        rows = 0
        for i in range(self.topLevelItemCount()):
            track = self.topLevelItem(i)
            rows += 1
            if track.isExpanded():
                for j in range(track.childCount()):
                    rows += 1 + (track.child(j).childCount() if track.child(j).isExpanded() else 0)
        row_h = self.sizeHintForRow(0) if self.topLevelItemCount() else self.fontMetrics().height() + 6
        visible = min(max(rows, 2), 12)
        self.setFixedHeight(self.header().sizeHint().height() + visible * max(row_h, 1) + 2 * self.frameWidth() + 4)


class PeriodFiles(QWidget):
    """The tables of a timeline, one per period ('2016 — BRES 2016.csv'): a file widget to add tables (its …
    dialog takes several at once; a path typed into it is added with Enter) and Remove."""

    def __init__(self, on_change: Callable[[list[str]], None]):
        from qgis.gui import QgsFileWidget
        from qgis.PyQt.QtWidgets import QHBoxLayout, QListWidget, QPushButton

        super().__init__()
        self.setObjectName("sc_period_files_box")
        self.on_change = on_change
        self.paths: list[str] = []
        self._typed = False  # the adder's last change was a keystroke: its path is taken on Enter, not at once
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.list = QListWidget()
        self.list.setObjectName("sc_period_files")
        self.list.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.list.setToolTip(tr("The tables, one per period: the period is the year in each file's name, or "
                                "given below."))
        lay.addWidget(self.list)
        self.adder = QgsFileWidget()
        self.adder.setObjectName("sc_period_add")
        self.adder.setStorageMode(QgsFileWidget.GetMultipleFiles)
        self.adder.setFilter(tr("Tables (*.csv *.txt *.tsv *.xlsx *.ods);;All files (*)"))
        self.adder.setDialogTitle(tr("Add tables, one per period"))
        self.adder.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.adder.lineEdit().setPlaceholderText(tr("Add tables…"))
        self.adder.setToolTip(tr("Add tables of the same scores for other periods (CSV, Excel, OpenDocument).")
                              + " " + tr("Choose them with …, drop them here, or type a path and press Enter."))
        start_in_last_folder(self.adder, "tables")
        row = QHBoxLayout()
        row.addWidget(self.adder, 1)
        self.remove_button = QPushButton(tr("Remove"))
        self.remove_button.setObjectName("sc_period_remove")
        self.remove_button.setToolTip(tr("Remove the selected tables."))
        self.remove_button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        row.addWidget(self.remove_button)
        lay.addLayout(row)
        self.adder.lineEdit().textEdited.connect(self._keystroke)
        self.adder.fileChanged.connect(self._changed)
        self.adder.lineEdit().returnPressed.connect(self._typed_path)
        self.remove_button.clicked.connect(self._remove)
        self.list.itemSelectionChanged.connect(self._selection)
        self._selection()

    def show_files(self, paths: Sequence[str], periods: Sequence[int | None]) -> None:
        from pathlib import Path

        from qgis.PyQt.QtWidgets import QListWidgetItem

        from ..steps.words import period_file_line

        self.paths = list(paths)
        self.list.clear()
        for path, period in zip(paths, periods):
            item = QListWidgetItem(period_file_line(period, Path(path).name))
            item.setToolTip(path)
            self.list.addItem(item)
        rows = min(max(len(paths), 2), 8)
        self.list.setFixedHeight(rows * (self.list.sizeHintForRow(0) if paths else self.fontMetrics().height() + 4)
                                 + 2 * self.list.frameWidth() + 2)
        self._selection()

    def _keystroke(self, _text: str) -> None:
        self._typed = True  # Qt emits textEdited just before the textChanged that makes fileChanged

    def _changed(self, text: str) -> None:
        """A path set by the … dialog or a drop is added at once; a typed one waits for Enter (half a path may
        already name a file)."""
        if self._typed:
            self._typed = False
            return
        self._take(text)

    def _typed_path(self) -> None:
        self._typed = False
        self._take(self.adder.filePath())

    def _take(self, text: str) -> None:
        """Add the files named in the adder (one path, or the dialog's "a" "b" list) when they all exist, and
        empty it for the next ones."""
        from pathlib import Path

        from qgis.gui import QgsFileWidget

        picked = [p for p in QgsFileWidget.splitFilePaths(text or "") if p.strip()]
        if not picked or not all(Path(p).is_file() for p in picked):
            return
        remember_folder("tables", picked[0])
        self.adder.setFilePath("")
        new = [p for p in picked if p not in self.paths]
        if new:
            self.on_change(self.paths + new)

    def _remove(self) -> None:
        gone = {self.list.row(item) for item in self.list.selectedItems()}
        if gone:
            self.on_change([p for i, p in enumerate(self.paths) if i not in gone])

    def _selection(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))
