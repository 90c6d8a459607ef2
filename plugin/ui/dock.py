"""The Sector Clusters dock: boundaries + scores table -> matched regions -> clusters -> layers and maps.

The dock only assembles: each section of the panel (``ui/sections/``: regions, scores, sector and method,
results, periods, layers and map) builds its widgets, shows what the ``PanelModel`` (``ui/model.py``) holds and
hands every user action to it; the dock puts the sections in one scrolling column, binds each setting to its
widget once, and passes the model's signals on to the sections that show them. The dock is registered with QGIS
at start-up (so it is in View ▸ Panels and restored where the user left it) but builds its widgets and model the
first time it is shown: until then it costs QGIS start-up nothing (no numpy, shapely or pandas).
"""
from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProject
from qgis.gui import QgsDockWidget
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QWidget

from ..core import codes
from ..i18n import tr
from .sections.base import Showing
from .widgets import last_folder, remember_folder  # noqa: F401 - where scripts and tests import them

HELP = Path(__file__).resolve().parents[2] / "resources" / "help" / "index.html"
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".ods")
DOCK_NAME = "SectorClustersDock"


class SectorClustersDock(QgsDockWidget):
    """The panel: the container of its sections (``regions``, ``scores``, ``method``, ``results``, ``periods``,
    ``output``), built the first time it is shown."""

    analysisChanged = pyqtSignal()
    matchChanged = pyqtSignal()
    layersCreated = pyqtSignal()
    busyChanged = pyqtSignal(bool)

    def __init__(self, iface, parent: QWidget | None = None):
        super().__init__(tr("Sector Clusters"), parent)
        self.setObjectName(DOCK_NAME)
        self.iface = iface
        self.model = None
        self.showing = Showing()  # set while the widgets are being set from the model
        self.sections: list = []
        self._building = False
        self._shut_down = False
        self._had_layers = False
        self.setAcceptDrops(True)
        QgsProject.instance().readProject.connect(self._drop_stale_preview)

    # ------------------------------------------------------------------------------- lazy build
    def showEvent(self, event) -> None:  # Qt
        self.ensure_built()
        super().showEvent(event)

    def ensure_built(self) -> None:
        """Build the sections and the model (the first time the dock is shown)."""
        if self.model is not None or self._building or self._shut_down:
            return
        from .model import PanelModel

        self._building = True
        try:
            self.model = PanelModel(self.iface, self)
            self._build()
            self._connect()
        finally:
            self._building = False
        self.model.project.restore_from_project()
        self._show_all()

    @staticmethod
    def _drop_stale_preview(*_args) -> None:
        """A project saved with the panel's temporary preview layers: they go once it is read."""
        from qgis.PyQt.QtCore import QTimer

        from .preview import remove_stale

        QTimer.singleShot(0, remove_stale)

    # ------------------------------------------------------------------------------- the sections
    def _build(self) -> None:
        from qgis.PyQt.QtWidgets import QScrollArea, QVBoxLayout

        from ..i18n import number_locale
        from .sections.method import MethodSection
        from .sections.output import OutputSection
        from .sections.periods import PeriodsSection
        from .sections.regions import RegionsSection
        from .sections.results import ResultsSection
        from .sections.scores import ScoresSection

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
        self.regions = RegionsSection(self, main)
        self.scores = ScoresSection(self, main)
        self.method = MethodSection(self, main)
        self.results = ResultsSection(self, main)
        self.periods = PeriodsSection(self, main)
        self.output = OutputSection(self, main, self.periods.create_timeline_button)
        main.addStretch(1)
        self.sections = [self.regions, self.scores, self.method, self.results, self.periods, self.output]
        self._bound = {}
        for section in self.sections:
            self._bound.update(section.bound())

    def _connect(self) -> None:
        from .widgets import binding

        m = self.model
        for section in self.sections:
            section.connect(m)
        for key, widget in self._bound.items():
            signal, read, _write = binding(widget)

            def changed(*_args, key=key, read=read):
                if not self.showing:
                    m.update(**{key: read()})

            signal.connect(changed)
        m.stateChanged.connect(self._show_state)
        m.tableChanged.connect(self._show_table)
        m.matchChanged.connect(self._show_match)
        m.analysisChanged.connect(self._show_results)
        m.timelineChanged.connect(self._show_timeline)
        m.outputsChanged.connect(self._show_outputs)
        m.busyChanged.connect(self._busy)
        m.matchChanged.connect(self.matchChanged)
        m.analysisChanged.connect(self.analysisChanged)

    # ------------------------------------------------------------------------------- showing
    # Each model signal is shown by the sections it concerns, in this order.
    def _show_all(self) -> None:
        self._show_state(set(self.model.state))
        self._show_table()
        self._show_match()
        self.regions.show_layer_notes()
        self._show_results()
        self._show_timeline()
        self._show_outputs()

    def _show_state(self, keys) -> None:
        """The changed settings ``keys``: the bound widgets' values and what else they change."""
        from .widgets import binding

        s = self.model.state
        with self.showing:
            for section in self.sections:
                section.before_values(keys)
            for key in keys:
                widget = self._bound.get(key)
                if widget is not None:
                    _signal, read, write = binding(widget)
                    if read() != s[key]:  # unchanged values are not set again: no signal, no cursor jump
                        write(s[key])
            for section in self.sections:
                section.show_state(keys)
        if "layer_id" in keys:
            self.regions.show_layer_notes()
        if keys & {"layer_id", "key_field", "table_path", "scores_source", "points_id"}:
            self.scores.show_match_line()
        if keys & {"sector"}:
            self._show_results()
        if keys & {"periods_source", "period_files", "periods", "period_column", "allow_missing", "map_kind"}:
            self._show_timeline()

    def _show_table(self) -> None:
        with self.showing:
            self.scores.show_table()
            self.periods.fill_period_columns()
        self.scores.show_notes()
        self._show_match()

    def _show_match(self) -> None:
        """The match rate (or why there is none), the rows to fix, the sectors, the identifier columns."""
        self.scores.show_match_line()
        with self.showing:
            self.scores.show_match()
            self.method.show_sectors()
        self.regions.show_layer_notes()
        self._show_buttons()

    def _show_results(self) -> None:
        self.output.show_placeholders()
        self.results.show_results()
        self.method.show_overlay_note()
        self.results.show_clusters()
        self.results.show_guide()
        self.results.show_method_tip()
        self._show_buttons()

    def _show_timeline(self) -> None:
        if self.model is None:
            return
        self.periods.show_timeline()
        self.output.show_map_kind()
        self._show_buttons()

    def _show_outputs(self) -> None:
        have = self.model.outputs.layers() is not None
        if have and not self._had_layers:
            self.layersCreated.emit()
        self._had_layers = have
        self.output.show_placeholders()
        self.results.show_summary()
        self._show_buttons()

    def _show_buttons(self) -> None:
        self.results.show_cancel()
        self.output.show_buttons()

    def _busy(self, busy: bool) -> None:
        self._show_buttons()
        self.busyChanged.emit(busy)
        self.results.show_idle(busy)

    # ------------------------------------------------------------------------------- drag and drop
    def dragEnterEvent(self, event) -> None:
        if self._dropped_table(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event) -> None:
        path = self._dropped_table(event.mimeData())
        if path:
            from .points_source import points_on  # the panel's modules load once it is built

            self.ensure_built()
            if points_on(self.model):  # a table dropped on the panel is the scores source again
                self.model.update(scores_source=codes.SCORES_TABLE)
            self.scores.file_widget.setFilePath(path)  # emits fileChanged
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

    # ------------------------------------------------------------------------------- the plugin's calls
    def busy(self) -> bool:
        """Work is running or about to (the plugin waits for it at unload)."""
        return self.model is not None and not sip.isdeleted(self.model) and self.model.busy()

    def shutdown(self) -> None:
        """Plugin unload: stop the work, remove the preview, let go of the project's signals."""
        project = QgsProject.instance()
        try:
            project.readProject.disconnect(self._drop_stale_preview)
        except (TypeError, RuntimeError):
            pass
        model = self.model
        if model is None or self._shut_down or sip.isdeleted(model):
            self._shut_down = True
            return
        self._shut_down = True
        self.regions.disconnect_project()
        model.shutdown()
