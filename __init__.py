"""Sector Clusters QGIS plugin."""


def classFactory(iface):  # noqa: N802 - QGIS's entry point
    from .plugin.main import SectorClustersPlugin

    return SectorClustersPlugin(iface)
