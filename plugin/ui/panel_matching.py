"""Inputs and matching: the boundaries and the scores table, matched (``run_join``) and joined into the
working layer the live analysis reads.
"""
from __future__ import annotations

import csv
import os
import time
from pathlib import Path

from qgis.core import Qgis, QgsMessageLog, QgsVectorLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QComboBox, QTableWidgetItem

from ..core import codes
from ..i18n import tr
from ..steps import options
from .tasks import TAG, AlgorithmRun, CoreTask, match_job

TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".ods")
PREVIEW_ROWS = 8


class MatchingMixin:
    """The regions layer and table inputs, the match and its hand fixes, the joined working layer."""

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
        self._work_data = None
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
            self.shape_combo.setItemText(0, tr(options.TABLE_SHAPES[0].label))
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
        shape = self.shape_combo.currentData() or codes.AUTO
        if shape == codes.AUTO and self._raw is not None:
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
        from ..gis.snapshot import LayerSnapshot

        gen = self._gen
        job = match_job(LayerSnapshot(layer), key, path, dict(self._aliases), **self._table_options())
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
        outcome = task.result
        table, result = outcome.table, outcome.result
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
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
            self.unmatched_table.setItem(i, 0, item)
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
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
            if not u.fixable:
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

    def _table_options(self) -> dict:
        """How to read the table, as ``steps.join.join_table`` takes it."""
        return {"table_key": self.table_key_combo.currentData() or "",
                "shape": self.shape_combo.currentData() or codes.AUTO,
                "sector_column": self.sector_col_combo.currentData() or "",
                "score_column": self.score_col_combo.currentData() or ""}

    def _join_parameters(self, output: str) -> dict:
        t = self._table_options()
        return {
            "INPUT": self.layer_combo.currentLayer(),
            "INPUT_KEY": self.key_combo.currentField(),
            "TABLE": self.file_widget.filePath(),
            "TABLE_KEY": t["table_key"],
            "ALIASES": self._alias_file(self._tmpdir),
            "TABLE_SHAPE": options.index_of(options.TABLE_SHAPES, t["shape"]),
            "SECTOR_COLUMN": t["sector_column"],
            "SCORE_COLUMN": t["score_column"],
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
        from ..gis.snapshot import LayerSnapshot

        self._work = layer
        self._work_snapshot = LayerSnapshot(layer)
        self._work_data = None
        self._work_gen = gen
        self.analyse_now()
