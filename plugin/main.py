"""The plugin object QGIS loads: menu, toolbar, dock and the Processing provider.

Only Qt and qgis are imported here; numpy, shapely and pandas are imported when
the first analysis runs, so the plugin costs QGIS start-up next to nothing.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Optional

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon

try:  # Qt6 (QGIS 4) moved QAction to QtGui; Qt5 has it in QtWidgets
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction

from .i18n import install_translator, remove_translator, tr

ICON = Path(__file__).resolve().parents[1] / "resources" / "icons" / "sector_clusters.svg"
REQUIRED = {  # import name -> what to install on Debian/Ubuntu (QGIS's own Python)
    "numpy": "python3-numpy",
    "shapely": "python3-shapely",
}
OPTIONAL = {"openpyxl": "python3-openpyxl (for .xlsx tables)", "odf": "python3-odf (for .ods tables)"}


def missing_packages(names: dict[str, str]) -> list[str]:
    return [pkg for mod, pkg in names.items() if importlib.util.find_spec(mod) is None]


class SectorClustersPlugin:
    def __init__(self, iface):
        # QGIS's language (locale/userLocale when overridden): installed before any text is made, so the menu,
        # the panel and the Processing algorithms (also under qgis_process) speak it
        install_translator()
        self.iface = iface
        self.provider = None
        self.action: Optional[QAction] = None
        self.dock = None
        self.menu = tr("&Sector Clusters")

    # Processing ------------------------------------------------------------------------------
    def initProcessing(self) -> None:  # QGIS calls this, also from qgis_process
        from .processing.provider import SectorClustersProvider

        self.provider = SectorClustersProvider()
        QgsApplication.processingRegistry().addProvider(self.provider)

    # GUI -----------------------------------------------------------------------------------------
    def initGui(self) -> None:
        self.initProcessing()
        self.action = QAction(QIcon(str(ICON)), tr("Sector Clusters"), self.iface.mainWindow())
        self.action.setObjectName("SectorClustersAction")
        self.action.setCheckable(True)
        self.action.setToolTip(tr("Show the Sector Clusters panel"))
        self.action.toggled.connect(self.toggle_dock)
        self.iface.addPluginToVectorMenu(self.menu, self.action)
        self.iface.addVectorToolBarIcon(self.action)
        self.ensure_dock()  # registered now, so it is in View ▸ Panels and QGIS restores it where it was left
        self.check_dependencies(self.iface.messageBar())

    @staticmethod
    def check_dependencies(bar) -> None:
        """Say in the message bar what to install, rather than fail later with a traceback."""
        missing = missing_packages(REQUIRED)
        if missing:
            bar.pushMessage(
                "Sector Clusters",
                tr("Missing Python packages: install {} (e.g. sudo apt install {}), then restart QGIS.").format(
                    ", ".join(missing), " ".join(missing)),
                level=Qgis.Critical, duration=0)
        optional = missing_packages(OPTIONAL)
        if optional:
            bar.pushMessage(
                "Sector Clusters", tr("Optional: install {}.").format("; ".join(optional)),
                level=Qgis.Info, duration=10)

    def ensure_dock(self):
        """The dock, registered with the main window (hidden the first time). It is cheap: its widgets and the
        analysis code are made and imported the first time it is shown."""
        if self.dock is None:
            from .ui.dock import DOCK_NAME, SectorClustersDock

            self.dock = SectorClustersDock(self.iface, self.iface.mainWindow())
            self.dock.setObjectName(DOCK_NAME)  # the name QGIS saves and restores its place and visibility by
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
            self.dock.hide()
            self.dock.visibilityChanged.connect(self._dock_visibility)
        return self.dock

    def toggle_dock(self, checked: bool) -> None:
        if checked:
            self.ensure_dock().show()
            self.dock.raise_()
        elif self.dock is not None:
            self.dock.hide()

    def _dock_visibility(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.blockSignals(True)
            self.action.setChecked(visible)
            self.action.blockSignals(False)

    def unload(self) -> None:
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self.action is not None:
            self.iface.removePluginVectorMenu(self.menu, self.action)
            self.iface.removeVectorToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.dock is not None:
            if hasattr(self.dock, "shutdown"):
                self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        remove_translator()
