"""Section "2. Scores": where the scores come from (a table file or points), how the table is read, the match
with the regions and the rows to fix by hand."""
from __future__ import annotations

from ...core import codes
from ...i18n import tr
from ..points_source import points_on
from ..setting_changes import alias_changes
from .base import Section, combo

PREVIEW_ROWS = 8


class ScoresSection(Section):
    """The table file (sheet, first rows, shape, columns, row pickers, kept columns, notes) or the point layer's
    widgets; the match line and the unmatched rows."""

    def __init__(self, panel, main) -> None:
        from qgis.gui import QgsFileWidget
        from qgis.PyQt.QtWidgets import QAbstractItemView, QSizePolicy, QTableWidget, QVBoxLayout

        from ...steps import options
        from .. import widgets as w
        from ..points_source import PointsSourceWidgets

        super().__init__(panel)
        self.box = w.group(tr("2. Scores"), "sc_group_scores")
        outer = QVBoxLayout(self.box)
        self.points_ui = PointsSourceWidgets(panel, outer)  # the source choice; with points, the point layer's
        # the table file's widgets, hidden when the scores come from points
        self.table_box, lay = w.plain_box("sc_table_box")
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
        self.long_box, long_lay = w.plain_box("sc_long_table")  # only for long tables (key, sector, score)
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
        main.addWidget(self.box)

    def bound(self) -> dict:
        return {"table_path": self.file_widget, "sheet": self.sheet_combo, "shape": self.shape_combo,
                "table_key": self.table_key_combo, "sector_column": self.sector_col_combo,
                "score_column": self.score_col_combo, **self.points_ui.bound()}

    def connect(self, model) -> None:
        self.points_ui.connect(model)

    def show_state(self, keys: set) -> None:
        if keys & {"row_filter"}:
            self.show_row_pickers()
        if keys & {"shape"}:
            self.show_shape()
        self.points_ui.show_state(keys)

    # ------------------------------------------------------------------------------- the table
    def show_table(self) -> None:
        """The first rows, the detected shape and key, the column choices, the row pickers (the dock shows the
        notes afterwards with ``show_notes``)."""
        from qgis.PyQt.QtWidgets import QTableWidgetItem

        from ...steps import options
        from ..widgets import binding

        m = self.model
        raw = m.table.raw
        self.preview.clear()
        self.preview.setRowCount(0)
        self.preview.setColumnCount(0)
        for c in (self.table_key_combo, self.sector_col_combo, self.score_col_combo):
            c.clear()
            c.addItem(tr("Detect"), "")
        self.shape_combo.setItemText(0, tr(options.TABLE_SHAPES[0].label) if raw is None
                                     else tr("Detect ({})").format(m.table.detected_shape))
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
            _signal, read, write = binding(c)
            if read() != m.state[key]:
                write(m.state[key])
        self._show_sheets()
        self.show_shape()
        self.show_row_pickers()

    def show_notes(self) -> None:
        raw = self.model.table.raw
        self.notes_label.setText(" ".join(raw.notes) if raw is not None else "")
        self.notes_label.setVisible(bool(self.notes_label.text()))

    def _show_sheets(self) -> None:
        """The sheet picker, shown for a workbook with several sheets that may hold the data (or one chosen)."""
        from ..widgets import binding

        m = self.model
        raw = m.table.raw
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
        _signal, read, write = binding(self.sheet_combo)
        if read() != chosen:
            write(chosen)
        shown = len(names) > 1 or bool(chosen)
        for widget in (self.sheet_combo, self.sheet_label):
            widget.setVisible(shown)

    def show_shape(self) -> None:
        """The sector and score columns only for a long table (chosen, or detected)."""
        m = self.model
        shape = m.state["shape"] if m.state["shape"] != codes.AUTO else m.table.detected_shape
        self.long_box.setVisible(shape == codes.LONG)

    def show_row_pickers(self) -> None:
        from ...steps import words
        from ..table_rows import filter_choices

        m = self.model
        columns = m.table.row_columns
        choices = filter_choices(m.state["row_filter"], columns)
        missing = [c.column for c in columns if not choices.get(c.column)]
        hint = words.row_filter_hint([c.column for c in columns]) if columns and missing else ""
        with self.showing:
            self.row_pickers.show_columns(columns, choices, hint)

    def _rows_picked(self, choices: dict[str, str]) -> None:
        from ..table_rows import filter_text

        if not self.showing:
            self.model.update(row_filter=filter_text(choices, self.model.table.row_columns))

    def _keep_picked(self, columns: list[str]) -> None:
        if not self.showing:
            self.model.update(keep_columns="; ".join(columns))

    def _alias_picked(self, table_value: str, key: str) -> None:
        if not self.showing:
            self.model.update(**alias_changes(self.model.state, table_value, key))

    # ------------------------------------------------------------------------------- the match
    def show_match(self) -> None:
        """The rows to fix, the table key detected, the identifier columns (``Showing`` is set)."""
        m = self.model
        matched = m.matched
        if matched is None:
            self.unmatched.show_rows([], {}, [])
            self.keep_columns.show_columns({}, [])
            if m.table.raw is None:
                self.table_key_combo.setItemText(0, tr("Detect"))
            return
        if self.table_key_combo.count():
            self.table_key_combo.setItemText(0, tr("Detect ({})").format(matched.table.key_column))
        self.unmatched.show_rows(self._fixable_rows(), matched.labels(),
                                 [u.key for u in matched.result.match.unmatched_features])
        from ...steps.join import split_columns

        self.keep_columns.show_columns(matched.result.identifier_columns or matched.table.identifiers,
                                       split_columns(m.state["keep_columns"]))

    def show_match_line(self) -> None:
        """The match rate, why there is none, or what the panel still needs (only what is missing)."""
        m = self.model
        if points_on(m):
            from ..points_source import match_line

            self.match_label.setText(match_line(m))
            return
        if m.table.error:
            text = m.table.error
        elif m.match_error:
            text = m.match_error
        elif m.matched is not None:
            r = m.matched.result.match
            text = tr("{} of {} regions matched").format(r.matched_features, r.n_features)
        elif m.state["table_path"] and m.layer() is not None and m.state["key_field"]:
            text = tr("Matching…") if m.busy() else "—"
        else:
            from ...steps.words import match_missing

            text = match_missing(m.layer() is not None, bool(m.state["key_field"]), bool(m.state["table_path"]))
        self.match_label.setText(text)

    def _fixable_rows(self) -> list[tuple[str, str, list]]:
        """(table value, region key chosen by a fix or "", candidates) for each row a user may fix."""
        from ...core.matching import ALIAS

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
