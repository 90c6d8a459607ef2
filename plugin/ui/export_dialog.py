"""The Export… dialog: file (with a suggested name), format, page size, orientation and resolution."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from qgis.gui import QgsFileWidget
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QLabel, QSpinBox, QVBoxLayout

from ..i18n import tr, tr_noop
from ..steps import options
from .widgets import fill_combo, form, narrow, select_data

FORMATS = (("pdf", tr_noop("PDF (vector, text kept as text)")), ("png", tr_noop("PNG image")),
           ("svg", tr_noop("SVG (vector)")))


class MapExport(NamedTuple):
    """One export the user asked for: the file, and the page, resolution and atlas chosen in the Export…
    dialog (None: the layout's or the panel's own)."""

    path: str
    page_size: str | None = None
    orientation: str | None = None
    dpi: int | None = None
    atlas: bool = False


@dataclass(frozen=True)
class ExportChoices:
    """What the Export… dialog first shows: a suggested file, the layout's page (or the panel's), the resolution,
    the atlas; ``layout_name``: the layout exported; ``atlas_allowed``: False for a timeline map (one page)."""

    path: str = ""
    page_size: str = "A4"
    orientation: str = "landscape"
    dpi: int = options.DEFAULT_DPI
    atlas: bool = False
    layout_name: str = ""
    atlas_allowed: bool = True


class ExportDialog(QDialog):
    """Asks how to export the layout; ``values()`` gives the answers. It exports nothing itself."""

    def __init__(self, parent=None, choices: ExportChoices = ExportChoices()):
        super().__init__(parent)
        path, layout_name, atlas_allowed = choices.path, choices.layout_name, choices.atlas_allowed
        self.setObjectName("sc_export_dialog")
        self.setWindowTitle(tr("Export the map"))
        lay = QVBoxLayout(self)
        if layout_name:
            note = QLabel(tr("Exports the layout “{}” as it is in the layout designer.").format(layout_name))
            note.setWordWrap(True)
            lay.addWidget(note)
        f = form()
        lay.addLayout(f)
        self.format_combo = narrow(QComboBox())
        self.format_combo.setObjectName("sc_export_format")
        for code, label in FORMATS:
            self.format_combo.addItem(tr(label), code)
        f.addRow(tr("Format"), self.format_combo)
        self.file_widget = QgsFileWidget()
        self.file_widget.setObjectName("sc_export_file")
        self.file_widget.setStorageMode(QgsFileWidget.SaveFile)
        self.file_widget.setDialogTitle(tr("Export the map as"))
        f.addRow(tr("File"), self.file_widget)
        self.page_combo = narrow(QComboBox())
        self.page_combo.setObjectName("sc_export_page")
        fill_combo(self.page_combo, options.PAGE_SIZES)
        select_data(self.page_combo, choices.page_size)
        f.addRow(tr("Page size"), self.page_combo)
        self.orientation_combo = narrow(QComboBox())
        self.orientation_combo.setObjectName("sc_export_orientation")
        fill_combo(self.orientation_combo, options.ORIENTATIONS)
        select_data(self.orientation_combo, choices.orientation)
        f.addRow(tr("Orientation"), self.orientation_combo)
        self.dpi_spin = QSpinBox()
        self.dpi_spin.setObjectName("sc_export_dpi")
        self.dpi_spin.setRange(*options.DPI_RANGE)
        self.dpi_spin.setValue(int(choices.dpi))
        self.dpi_spin.setSuffix(" dpi")
        self.dpi_spin.setToolTip(tr("Resolution of images and of the PNG (300 for print, 96–150 for screens)."))
        f.addRow(tr("Resolution"), self.dpi_spin)
        self.atlas_check = QCheckBox(tr("Every sector (atlas, one page each)"))
        self.atlas_check.setObjectName("sc_export_atlas")
        self.atlas_check.setChecked(choices.atlas and atlas_allowed)
        self.atlas_check.setVisible(atlas_allowed)  # a timeline map: one page for the shown sector
        lay.addWidget(self.atlas_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("sc_export_buttons")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        suffix = Path(path).suffix.lower().lstrip(".")
        select_data(self.format_combo, suffix if suffix in dict(FORMATS) else "pdf")
        self.file_widget.setFilePath(path)
        self._set_filter()
        self.format_combo.currentIndexChanged.connect(self._format_changed)

    def _set_filter(self) -> None:
        code = self.format_combo.currentData()
        self.file_widget.setFilter(f"{self.format_combo.currentText()} (*.{code})")

    def _format_changed(self, *_args) -> None:
        """The file name follows the format: map.pdf becomes map.png."""
        self._set_filter()
        path = self.file_widget.filePath()
        if path:
            self.file_widget.setFilePath(str(Path(path).with_suffix("." + self.format_combo.currentData())))

    def values(self) -> dict:
        path = self.file_widget.filePath().strip()
        code = self.format_combo.currentData()
        if path and Path(path).suffix.lower() != "." + code:
            path = str(Path(path).with_suffix("." + code))
        return {"path": path, "page_size": self.page_combo.currentData(),
                "orientation": self.orientation_combo.currentData(), "dpi": self.dpi_spin.value(),
                "atlas": self.atlas_check.isChecked()}
