"""Section "1. Regions": the regions layer, its key field and the notes on them."""
from __future__ import annotations

from qgis.core import QgsProject

from ...i18n import tr
from ..setting_changes import layer_changes
from .base import Section, polygon_filter


class RegionsSection(Section):
    """The regions layer and key field; why layers are not offered, where distances are measured, duplicate
    or missing keys."""

    def __init__(self, panel, main) -> None:
        from qgis.gui import QgsFieldComboBox
        from qgis.PyQt.QtWidgets import QVBoxLayout

        from .. import widgets as w

        super().__init__(panel)
        self.box = w.group(tr("1. Regions"), "sc_group_regions")
        lay = QVBoxLayout(self.box)
        self.layer_combo = w.layer_picker("sc_layer", polygon_filter())
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
        main.addWidget(self.box)

    def bound(self) -> dict:
        return {"key_field": self.key_combo}

    def connect(self, model) -> None:
        self.layer_combo.layerChanged.connect(self._layer_picked)
        model.regionsChanged.connect(self.show_layer_notes)
        project = QgsProject.instance()
        project.layersAdded.connect(self.show_layer_notes)
        project.layersRemoved.connect(self.show_layer_notes)

    def disconnect_project(self) -> None:
        project = QgsProject.instance()
        for signal in (project.layersAdded, project.layersRemoved):
            try:
                signal.disconnect(self.show_layer_notes)
            except (TypeError, RuntimeError):
                pass

    def _layer_picked(self, layer) -> None:
        if not self.showing:
            self.model.update(**layer_changes(layer, self.model.state))

    def before_values(self, keys: set) -> None:
        if "layer_id" in keys:  # before the key field's value: a new layer empties the field list
            layer = self.model.layer()
            if self.layer_combo.currentLayer() is not layer:
                self.layer_combo.setLayer(layer)
            self.key_combo.setLayer(layer)

    def show_layer_notes(self, *_args) -> None:
        """Why layers are not offered, where distances are measured, duplicate or missing keys."""
        from ...core.engine import key_warnings
        from ...steps import words

        m = self.model
        if m is None:
            return
        lines = []
        if m.layer() is None and m.project.unusable_layers():
            lines.append(words.not_polygons_note(m.project.unusable_layers()))
        regions_of_layer = m.regions is not None and m.layer() is not None and m.graph_key is not None \
            and m.graph_key[0] == m.layer().id()
        if regions_of_layer and m.regions.measure_note:
            lines.append(m.regions.measure_note)
        if m.matched is not None:  # duplicate and missing keys, naming the features by id once the regions are read
            lines += key_warnings(m.matched.result, m.regions.fids if regions_of_layer else None)
        self.layer_note.setText("\n".join(lines))
        self.layer_note.setVisible(bool(lines))
