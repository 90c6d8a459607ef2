"""The panel and the QGIS project: its settings are saved with the project and read back with it, and the panel
follows the project's lifecycle (cleared, read, layers added or removed).

Apart from the analysis model (``ui/model.py``) because it answers to the project's signals, not to the user:
while a project is cleared or read QGIS may process events, and nothing may add or remove layers until the last
sign of it is a turn of the event loop old (``model.loading``)."""
from __future__ import annotations

from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import QTimer

from . import state as panel_state
from .layer_roles import own_layer, polygon_layer
from .setting_changes import layer_changes


class ProjectSync:
    """Saves the model's settings with the project, restores them when a project is read, preselects a regions
    layer, and tells the model when the project is cleared or layers go."""

    def __init__(self, model) -> None:
        self.model = model
        self._load_epoch = 0  # bumped by every sign of a project being cleared or read
        for signal, slot in self._signals():
            signal.connect(slot)

    def _signals(self) -> tuple:
        project = QgsProject.instance()
        return ((project.writeProject, self._on_write_project),
                (project.readProject, self._on_read_project),
                (project.cleared, self._on_project_cleared),
                (project.loadingLayer, self._on_loading_layer),
                (project.layersAdded, self._on_layers_added),
                (project.layersWillBeRemoved, self._on_layers_will_be_removed))

    def disconnect(self) -> None:
        """Plugin unload: let go of the project's signals."""
        for signal, slot in self._signals():
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    # ------------------------------------------------------------------------------- settings
    def save(self) -> None:
        m = self.model
        if m.restoring or m.loading:
            return
        try:
            panel_state.save(QgsProject.instance(), m.state)
        except RuntimeError:  # the project is being torn down
            pass

    def restore_from_project(self) -> None:
        s = panel_state.load(QgsProject.instance())
        if s is not None:
            self.model.restore(s)
        else:
            self.preselect_layer()

    def preselect_layer(self) -> None:
        """No regions layer chosen: take the active polygon layer, else the only polygon layer loaded."""
        m = self.model
        if m.layer() is not None or m.loading:
            return
        candidates = [lyr for lyr in QgsProject.instance().mapLayers().values()
                      if polygon_layer(lyr) and not own_layer(lyr)]
        active = m.iface.activeLayer() if m.iface is not None and hasattr(m.iface, "activeLayer") else None
        if active is not None and active in candidates:
            m.update(**layer_changes(active, m.state))
        elif len(candidates) == 1:
            m.update(**layer_changes(candidates[0], m.state))

    @staticmethod
    def unusable_layers() -> list[str]:
        """Names of the loaded vector layers that cannot be regions (points, lines, tables)."""
        return [lyr.name() for lyr in QgsProject.instance().mapLayers().values()
                if isinstance(lyr, QgsVectorLayer) and not polygon_layer(lyr) and not own_layer(lyr)]

    # ------------------------------------------------------------------------------- the project's signals
    def _on_layers_added(self, layers) -> None:
        m = self.model
        if not m.restoring and not m.loading and m.layer() is None:
            QTimer.singleShot(0, self.preselect_layer)  # once the layer combos know the new layers too

    def _on_write_project(self, *args) -> None:
        panel_state.save(QgsProject.instance(), self.model.state)

    def _on_read_project(self, *args) -> None:
        # readProject fires before the layers are all resolved in some versions: finish on the next turn
        epoch = self._loading_now()
        QTimer.singleShot(0, lambda: self._loaded(epoch, restore=True))

    def _loading_now(self) -> int:
        """A project is being cleared or read (QGIS may process events meanwhile): the panel waits until the
        last sign of it is a turn of the event loop old."""
        self.model.loading = True
        self._load_epoch += 1
        return self._load_epoch

    def _on_loading_layer(self, *_args) -> None:
        self._loading_now()

    def _on_layers_will_be_removed(self, ids) -> None:
        """Layers are going (the user, or a project being cleared): a preview layer among them is not
        removed again by the panel."""
        self.model.preview.going(ids)
        self.model.point_clusters.going(ids)

    def _on_project_cleared(self) -> None:
        # reading a project clears it first: the panel acts again once the reading is over
        epoch = self._loading_now()
        QTimer.singleShot(0, lambda: self._loaded(epoch))
        self.model.forget_project()

    def _loaded(self, epoch: int, restore: bool = False) -> None:
        if epoch != self._load_epoch:
            return  # still reading
        self.model.loading = False
        if restore:
            self.restore_from_project()
        elif panel_state.load(QgsProject.instance()) is None:
            self.preselect_layer()
