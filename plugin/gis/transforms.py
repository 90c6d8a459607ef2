"""Coordinate operations for the maps the plugin draws.

A map on British National Grid showing a layer in WGS 84 asks PROJ for EPSG:4326 → EPSG:27700. PROJ's
preferred operation uses the OSTN15 grid, which Debian's ``proj-data`` does not ship; QGIS then falls back to
the Helmert transformation and prints "Using non-preferred coordinate operation between EPSG:4326 and
EPSG:27700 …" into every ``qgis_process`` run and the message log (on 3.40 and 3.44 once per export). On a
printed map the two differ by about 2 m — far below a pixel — so the maps name the best operation that *is*
installed in their own project's transform context: the same result, chosen on purpose, with one line in
QGIS's log saying which was used instead of PROJ's warning. The user's own project is never changed.
"""
from __future__ import annotations

from collections.abc import Iterable

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsDatumTransform,
    QgsMessageLog,
    QgsProject,
)

from ..i18n import tr


def best_available_operation(source: QgsCoordinateReferenceSystem,
                             destination: QgsCoordinateReferenceSystem) -> tuple[str, str] | None:
    """(PROJ string, name) of the first operation PROJ lists for this pair whose grids are installed, when the
    first (preferred) one is not; None when the preferred one is available or nothing is listed."""
    if not (source.isValid() and destination.isValid()) or source == destination:
        return None
    operations = QgsDatumTransform.operations(source, destination)
    if not operations or operations[0].isAvailable:
        return None
    usable = next((op for op in operations if op.isAvailable and op.proj), None)
    return (usable.proj, usable.name) if usable is not None else None


def use_available_operations(project: QgsProject, destination: QgsCoordinateReferenceSystem,
                             layers: Iterable) -> None:
    """Put into ``project``'s transform context, for each layer CRS → ``destination`` whose preferred operation
    needs a grid that is not installed, the best operation that is (see the module's docstring)."""
    if project is QgsProject.instance():  # the user's project: QGIS asks the user itself
        return
    context = project.transformContext()
    changed = False
    for layer in layers:
        source = layer.crs()
        if context.hasTransform(source, destination):
            continue
        chosen = best_available_operation(source, destination)
        if chosen is None:
            continue
        proj, name = chosen
        context.addCoordinateOperation(source, destination, proj)
        changed = True
        QgsMessageLog.logMessage(
            tr("The map reprojects {0} to {1} with '{2}' (the more precise operation needs a PROJ grid that is "
               "not installed; the difference is a few metres).").format(source.authid(), destination.authid(),
                                                                         name),
            "Sector Clusters", Qgis.Info)
    if changed:
        project.setTransformContext(context)
