"""Section "Periods over time": where the periods come from, what the timeline found, the tracks."""
from __future__ import annotations

from ...core import codes
from ...i18n import tr
from .base import ClusterPick, Section, combo, zoom_to_cluster


class PeriodsSection(Section):
    """The periods' source (files with their years, or the table's period column), the timeline's note, the
    shown sector's tracks (a click zooms to them) and Create timeline layers."""

    def __init__(self, panel, main) -> None:
        from qgis.PyQt.QtWidgets import QCheckBox, QLineEdit, QPushButton, QSizePolicy, QVBoxLayout

        from ...steps import options
        from .. import widgets as w

        super().__init__(panel)
        self.box = w.group(tr("Periods over time"), "sc_group_periods")
        lay = QVBoxLayout(self.box)
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
        self.periods_label = rows.labelled(tr("Periods of tables without a year in their name"), self.periods_edit, tr(
            "The years in the order of the tables (\"2018; 2019\"), or each as "
            "file=year (\"scores.csv=2018; other.csv=2019\"); empty: the year in each "
            "file's name."))
        self.period_column_combo = combo("sc_period_column")
        self.period_column_label = rows.labelled(tr("Period column"), self.period_column_combo, tr(
            "The scores table's column of periods: each of its values is one "
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
        main.addWidget(self.box)

    def bound(self) -> dict:
        return {"periods_source": self.periods_combo, "periods": self.periods_edit,
                "period_column": self.period_column_combo, "allow_missing": self.allow_missing_check}

    def connect(self, model) -> None:
        self.track_tree.itemClicked.connect(self._track_clicked)

    def fill_period_columns(self) -> None:
        """The period column picker: the table's columns, the detected period column first."""
        from ..widgets import binding

        m = self.model
        box = self.period_column_combo
        box.clear()
        box.addItem(tr("Choose…"), "")
        detected = m.table.period_column()
        names = ([detected] if detected else []) + (list(m.table.raw.header) if m.table.raw is not None else [])
        chosen = m.state["period_column"]
        for name in [*names, chosen]:
            if name and box.findData(name) < 0:
                box.addItem(name, name)
        _signal, read, write = binding(box)
        if read() != chosen:
            write(chosen)

    def show_timeline(self) -> None:
        """The periods' choice, its files or column, what the timeline found (or why not), the tracks."""
        from .. import timeline as tl

        m = self.model
        s = m.state
        source = s["periods_source"]
        files, column = source == codes.PERIODS_FILES, source == codes.PERIODS_COLUMN
        with self.showing:
            self.period_files.setVisible(files)
            if files:
                self.period_files.show_files(s["period_files"], tl.file_periods(s["period_files"], s["periods"]))
            for widget in (self.periods_label, self.periods_edit):
                widget.setVisible(files)
            for widget in (self.period_column_label, self.period_column_combo):
                widget.setVisible(column)
            if column and self.period_column_combo.findData(s["period_column"]) < 0:
                self.fill_period_columns()
        code = m.periods.error_code
        self.allow_missing_check.setVisible(m.periods.on() and (code == "region_sets" or s["allow_missing"]))
        wrong_periods = files and (code == "no_period" or code.startswith("period"))
        self.periods_edit.setStyleSheet("border: 1px solid #c0392b;" if wrong_periods else "")
        wrong_column = column and code in ("no_period_column", "period_column") or (column and not s["period_column"])
        self.period_column_combo.setStyleSheet("border: 1px solid #c0392b;" if wrong_column and m.table.raw is not None
                                               else "")
        text = m.periods.summary()
        if m.outputs.timeline.layers_stale():
            from ...steps.words import stale_timeline_note

            text += " " + stale_timeline_note()
        self.timeline_note.setText(text)
        self.timeline_note.setVisible(m.periods.on() and bool(text))
        self.timeline_note.setStyleSheet("color: #a03020;" if m.periods.error else "")
        rows = tl.track_rows(m.periods.timeline, m.periods.sector())
        self.track_tree.show_rows(rows)
        self.track_tree.setVisible(m.periods.on() and m.periods.timeline is not None and bool(rows))
        self.create_timeline_button.setVisible(m.periods.on())

    def _track_clicked(self, item, *_column) -> None:
        """A track: its latest period's members; one of its periods: that period's; a member: its period's."""
        from ..widgets import KEYS_ROLE, MEMBERS_ROLE

        if item.data(0, KEYS_ROLE) is None and item.parent() is not None:
            item = item.parent()
        m = self.model
        out = m.outputs.timeline.layers()
        regions = m.periods.timeline.regions if m.periods.timeline is not None else None
        zoom_to_cluster(m, self.panel.iface, ClusterPick(item.data(0, KEYS_ROLE) or [],
                                                         item.data(0, MEMBERS_ROLE) or [], regions,
                                                         out[0] if out is not None else m.layer()))
