"""Section "5. Layers and map": the map's kind and texts, the GeoPackage, the atlas, and the buttons that write
the layers, open, reset and export the layout (a greyed-out button says why)."""
from __future__ import annotations

from qgis.core import Qgis

from ...i18n import tr
from ..outputs import can_create_layers
from .base import Section, combo


class OutputSection(Section):
    """The map kind, title, subtitle, attribution, GeoPackage, atlas; Create layers, Open layout, Reset layout,
    Export…, Help; and the line under them saying why a button is greyed out. ``timeline_button``: the periods'
    Create timeline layers, whose state this section shows with the other buttons'."""

    def __init__(self, panel, main, timeline_button) -> None:
        from qgis.gui import QgsFileWidget
        from qgis.PyQt.QtWidgets import (
            QCheckBox,
            QGridLayout,
            QLineEdit,
            QPushButton,
            QSizePolicy,
            QVBoxLayout,
        )

        from ...steps import options
        from .. import widgets as w

        super().__init__(panel)
        self.create_timeline_button = timeline_button
        self.box = w.group(tr("5. Layers and map"), "sc_group_output")
        lay = QVBoxLayout(self.box)
        self.map_kind_combo = combo("sc_map_kind", options.MAP_LAYOUTS,
            tr("What Open layout and Export make: the shown sector's map, or, with periods, its trajectory map "
               "or one map per period (from the timeline layers)."))
        self.map_kind_box, kind_lay = w.plain_box("sc_map_kind_box")
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
        main.addWidget(self.box)

    def bound(self) -> dict:
        return {"title": self.title_edit, "subtitle": self.subtitle_edit, "attribution": self.attribution_edit,
                "output_path": self.output_widget, "atlas": self.atlas_check, "map_kind": self.map_kind_combo}

    def connect(self, model) -> None:
        model.outputs.confirm = self.confirm
        model.outputs.ask_output_path = self.ask_output_path
        self.create_timeline_button.clicked.connect(self._create_timeline_layers)
        self.create_button.clicked.connect(self._create_layers)
        self.layout_button.clicked.connect(model.outputs.open_layout)
        self.reset_button.clicked.connect(model.outputs.reset_layout)
        self.export_button.clicked.connect(self.export_dialog)
        self.help_button.clicked.connect(self.show_help)

    def show_state(self, keys: set) -> None:
        if keys & {"sector", "title", "subtitle", "attribution"}:
            self.show_placeholders()

    # ------------------------------------------------------------------------------- showing
    def show_placeholders(self) -> None:
        texts = self.model.outputs.default_texts()
        self.title_edit.setPlaceholderText(texts.get("title", ""))
        self.subtitle_edit.setPlaceholderText(texts.get("subtitle", "").replace("\n", " — "))
        self.attribution_edit.setPlaceholderText(texts.get("attribution", ""))

    def show_map_kind(self) -> None:
        """The Map choice: with periods, or once another map than the sector's was chosen."""
        from ...core import codes

        m = self.model
        self.map_kind_box.setVisible(m.periods.on() or m.state["map_kind"] != codes.SECTOR_MAP)

    def show_buttons(self) -> None:
        from ..jobs import JobKind

        m = self.model
        have = m.outputs.map_layers() is not None
        self.create_button.setEnabled(can_create_layers(m))
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

    # ------------------------------------------------------------------------------- actions
    def _create_layers(self) -> None:
        self.model.outputs.create_layers()
        self.show_buttons()

    def _create_timeline_layers(self) -> None:
        self.model.outputs.timeline.create_layers()
        self.show_buttons()

    def make_export_dialog(self):
        """The Export… dialog, filled with a suggested file name and the layout's page (or the panel's)."""
        from ...gis.layout import layout_page
        from ..export_dialog import ExportChoices, ExportDialog

        out = self.model.outputs
        s = self.model.state
        timeline = out.timeline_map()
        if timeline:
            layout = out.timeline.layout(create=False) if out.timeline.layers() is not None else None
        else:
            layout = out.layout(create=False) if out.layers() is not None else None
        page = layout_page(layout) if layout is not None else None
        page_size, orientation = page or (s["page_size"], s["orientation"])
        return ExportDialog(self.panel, ExportChoices(out.suggested_path("pdf"), page_size, orientation, s["dpi"],
                                                      s["atlas"] and not timeline,
                                                      layout.name() if layout is not None else "",
                                                      atlas_allowed=not timeline))

    def export_dialog(self, *, run=None) -> list[str]:
        """Ask how to export (``run(dialog)`` instead of showing it, for tests), then export.

        ``run`` is keyword-only: the Export… button's ``clicked(bool)`` must not be able to fill it."""
        m = self.model
        if m.outputs.map_layers() is None:
            m.report(tr("Create the timeline's layers first (Create timeline layers).")
                     if m.outputs.timeline_map() else tr("Create the layers first."), Qgis.Warning)
            return []
        dialog = self.make_export_dialog()
        if not (run(dialog) if run is not None else dialog.exec()):
            return []
        v = dialog.values()
        if not v["path"]:
            return []
        if not m.outputs.timeline_map():
            m.update(atlas=v["atlas"])
        return m.outputs.export_map(v["path"], v["page_size"], v["orientation"], v["dpi"], v["atlas"])

    @staticmethod
    def show_help() -> None:
        from qgis.PyQt.QtCore import QUrl
        from qgis.PyQt.QtGui import QDesktopServices

        from ...help_pages import help_page  # the page in the plugin's language (index_fr.html in French)

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(help_page())))

    def confirm(self, title: str, text: str) -> bool:
        from qgis.PyQt.QtWidgets import QMessageBox

        answer = QMessageBox.question(self.panel, title, text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_output_path(self) -> str:
        """Where to write the layers when the project has no place for them: the GeoPackage field's own …
        dialog (it starts in the folder last used for outputs); '' when the user cancels."""
        from ..widgets import browse_button

        browse_button(self.output_widget).click()  # modal: returns once the user has chosen or cancelled
        return self.output_widget.filePath()
