"""Processing algorithm: export a print-ready sector cluster map (PDF/PNG/SVG).

Works headless (qgis_process): layouts are built on clones of the inputs in a
private project, so the user's layer styles and layouts are never changed.
"""
from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProject,
    QgsVectorLayer,
)

from ..core import codes
from ..gis import layout as maplayout
from ..gis import layout_items, sectors
from ..gis.compat import parameter_as_strings
from ..gis.export import MapFiles, check_writable, export_layout
from ..gis.meta import read_meta
from ..i18n import tr, tr_noop
from ..steps import options
from .common import Algorithm, enum_parameter, user_errors

if TYPE_CHECKING:
    from ..steps.settings import MapSettings


def polygon_type() -> Any:
    try:
        from qgis.core import Qgis

        return Qgis.ProcessingSourceType.VectorPolygon
    except AttributeError:
        return QgsProcessing.TypeVectorPolygon


def no_threading_flag() -> Any:
    """Layouts and styles must be made on the main thread."""
    try:
        from qgis.core import Qgis

        return Qgis.ProcessingAlgorithmFlag.NoThreading
    except AttributeError:
        return QgsProcessingAlgorithm.FlagNoThreading


def field_parameter(name: str, description: str, parent: str) -> QgsProcessingParameterField:
    return QgsProcessingParameterField(name, description, None, parent, optional=True)


def chosen_field(alg: QgsProcessingAlgorithm, parameters: dict, context: QgsProcessingContext) -> str:
    fields = parameter_as_strings(alg, parameters, "FIELD", context)
    if fields:
        return fields[0]
    return alg.parameterAsString(parameters, "FIELD", context) or ""


def private_copy(layer: QgsVectorLayer) -> QgsVectorLayer:
    """A copy of ``layer`` (same source, CRS, style, filter and records) that the map may restyle.

    A file layer is opened again rather than cloned: QGIS 3.22's clone() reprojects the extent to WGS 84,
    which on British National Grid prints PROJ's "Using non-preferred coordinate operation … OSTN15" lines
    into every export. A memory layer (no source to reopen) is cloned."""
    from qgis.core import QgsMapLayerStyle

    if layer.providerType() == "memory":
        return layer.clone()
    copy = QgsVectorLayer(layer.source(), layer.name(), layer.providerType())
    if not copy.isValid():
        return layer.clone()
    copy.setCrs(layer.crs())
    style = QgsMapLayerStyle()
    style.readFromLayer(layer)
    style.writeToLayer(copy)
    copy.setSubsetString(layer.subsetString())
    for key in layer.customPropertyKeys():
        copy.setCustomProperty(key, layer.customProperty(key))
    return copy


@contextlib.contextmanager
def private_copies(regions: QgsVectorLayer, clusters: QgsVectorLayer | None):
    """(project, regions clone, clusters clone) in a private project, so the user's layers, styles and layouts
    stay as they are; the user errors of layout and export (``UserError``) become Processing errors, any other
    exception is a bug and keeps its traceback; the project is emptied after."""
    project = QgsProject()
    reg_copy = private_copy(regions)
    project.addMapLayer(reg_copy, False)
    cl_copy = private_copy(clusters) if clusters is not None else None
    if cl_copy is not None:
        project.addMapLayer(cl_copy, False)
    try:
        with user_errors():
            yield project, reg_copy, cl_copy
    finally:
        project.layoutManager().clear()
        project.removeAllMapLayers()


@dataclass(frozen=True)
class MapInputs:
    """What a map is made of, read and checked once: the regions, the clusters (None: not given), the regions'
    record, the kind of layout (codes.MAP_LAYOUTS) and the map's checked texts, page and resolution."""

    regions: QgsVectorLayer
    clusters: QgsVectorLayer | None
    meta: dict
    kind: str
    settings: MapSettings


class MapAlgorithm(Algorithm):
    """Base of the map algorithms: the Maps group, main-thread only, REGIONS/CLUSTERS/FIELD inputs."""

    group_id = (tr_noop("Maps"), "maps")
    REGIONS, CLUSTERS, FIELD = "REGIONS", "CLUSTERS", "FIELD"

    def flags(self) -> Any:
        return super().flags() | no_threading_flag()

    def add_map_inputs(self) -> None:
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.REGIONS, tr("Regions (Detect clusters output)"), [polygon_type()]))
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.CLUSTERS, tr("Clusters (Detect clusters output)"), [polygon_type()], optional=True))
        self.addParameter(field_parameter(self.FIELD, tr("Sector field (empty = first sector)"), self.REGIONS))


class ExportMapAlgorithm(MapAlgorithm):
    TITLE = "TITLE"
    SUBTITLE = "SUBTITLE"
    ATTRIBUTION = "ATTRIBUTION"
    PAGE_SIZE = "PAGE_SIZE"
    ORIENTATION = "ORIENTATION"
    OUTPUT_PDF = "OUTPUT_PDF"
    OUTPUT_PNG = "OUTPUT_PNG"
    OUTPUT_SVG = "OUTPUT_SVG"
    DPI = "DPI"
    ATLAS = "ATLAS"
    LAYOUT = "LAYOUT"
    POINT_CLUSTERS = "POINT_CLUSTERS"
    OUTPUT_FILES = "OUTPUT_FILES"

    def name(self) -> str:
        return "exportmap"

    def displayName(self) -> str:
        return tr("Export sector cluster map")

    def shortHelpString(self) -> str:
        return tr(
            "Writes a print-ready map of one sector (or, with Atlas, one page per sector) as PDF, PNG "
            "and/or SVG: regions above the baseline, multi-region clusters, legend, scale bar, north "
            "arrow, a table of clusters and the attribution. Inputs are the Regions and Clusters outputs "
            "of Detect clusters. Sector field: a field name or its label; empty = the first sector. "
            "Layout: the sector map, or for the outputs of Cluster dynamics over time (Regions with trajectories, "
            "Clusters per period) the small multiples (one map per period on one page) or the trajectory map. "
            "Point clusters (optional): the Point cluster outlines of Density clusters of points, drawn over the "
            "sector map with their rank, a legend entry and a table of the clusters of the map's sector. "
            "Your layers' styles are not changed."
        )

    def initAlgorithm(self, config: dict | None = None) -> None:
        self.add_map_inputs()
        self.addParameter(QgsProcessingParameterString(self.TITLE, tr("Title (empty = sector name)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SUBTITLE, tr("Subtitle (empty = method, threshold and source)"), multiLine=True, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.ATTRIBUTION, tr("Attribution"), defaultValue=layout_items.default_attribution(), multiLine=True,
            optional=True))
        self.addParameter(enum_parameter(self.PAGE_SIZE, tr("Page size"), options.PAGE_SIZES, "A4"))
        self.addParameter(enum_parameter(self.ORIENTATION, tr("Orientation"), options.ORIENTATIONS, "landscape"))
        self.addParameter(QgsProcessingParameterNumber(
            self.DPI, tr("Resolution (DPI)"), QgsProcessingParameterNumber.Integer, options.DEFAULT_DPI, False,
            *options.DPI_RANGE))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ATLAS, tr("Atlas: one page per sector"), defaultValue=False))
        self.addParameter(enum_parameter(self.LAYOUT, tr("Layout"), options.MAP_LAYOUTS, codes.SECTOR_MAP,
                                         optional=True))
        points = QgsProcessingParameterVectorLayer(
            self.POINT_CLUSTERS, tr("Point clusters (Density clusters of points output, optional)"),
            [polygon_type()], optional=True)
        points.setHelp(tr(  # here, not in help.py's table: the parameter belongs to this algorithm alone
            "Optional: the Point cluster outlines written by Density clusters of points, drawn over the sector "
            "map with their rank, a legend entry and a table of the clusters of the map's sector (matched by name; "
            "the subtitle says when the point layer's sectors are named otherwise). Not for atlases or timeline "
            "layouts."))
        self.addParameter(points)
        for name, label, filt in (
            (self.OUTPUT_PDF, tr("PDF map"), tr("PDF files (*.pdf)")),
            (self.OUTPUT_PNG, tr("PNG map"), tr("PNG images (*.png)")),
            (self.OUTPUT_SVG, tr("SVG map"), tr("SVG files (*.svg)")),
        ):
            self.addParameter(QgsProcessingParameterFileDestination(
                name, label, filt, optional=True, createByDefault=False))
        self.addOutput(QgsProcessingOutputString(self.OUTPUT_FILES, tr("Files written (; separated)")))

    def map_settings(self, parameters: dict, context: QgsProcessingContext) -> MapSettings:
        """The map's texts, page and resolution as one checked ``steps.settings.MapSettings``: a bad DPI, page
        size or orientation is a SettingsError here. ATTRIBUTION left out is the default attribution."""
        from ..steps.settings import MapSettings

        values = dict(self.parameter_values(parameters, context),
                      **self.text_values(parameters, context, (self.TITLE, self.SUBTITLE)))
        if parameters.get(self.ATTRIBUTION) is not None:
            values[self.ATTRIBUTION] = self.parameterAsString(parameters, self.ATTRIBUTION, context)
        return MapSettings.from_parameters(values)

    def number_settings(self, parameters: dict, context: QgsProcessingContext) -> tuple:
        return (self.map_settings(parameters, context),)

    def processAlgorithm(
        self, parameters: dict, context: QgsProcessingContext, feedback: QgsProcessingFeedback
    ) -> dict:
        with user_errors():  # a bad DPI, page size or orientation is refused before anything is read or written
            settings = self.map_settings(parameters, context)
        regions = self.parameterAsVectorLayer(parameters, self.REGIONS, context)
        if regions is None or not regions.isValid():
            raise QgsProcessingException(tr("The regions layer could not be opened."))
        if layout_items.features_extent(regions).isNull():  # an empty map would end in "cannot convert NaN"
            raise QgsProcessingException(tr(
                "The regions layer '{0}' has no geometry to map: every feature's geometry is empty (NULL).").format(
                regions.name()))
        clusters = self.parameterAsVectorLayer(parameters, self.CLUSTERS, context)
        if clusters is not None and not clusters.isValid():
            clusters = None
        meta = read_meta(regions) or {}
        kind = self.enum_code(parameters, self.LAYOUT, options.MAP_LAYOUTS, context) \
            if parameters.get(self.LAYOUT) not in (None, "") else codes.SECTOR_MAP
        points = self.point_clusters(parameters, context, kind)
        if kind != codes.SECTOR_MAP:
            return self.export_timeline(MapInputs(regions, clusters, meta, kind, settings), parameters, context,
                                        feedback)
        with user_errors():
            field = sectors.resolve_field(regions, chosen_field(self, parameters, context), meta)
        if clusters is not None and "sector" not in clusters.fields().names():
            raise QgsProcessingException(
                tr("The clusters layer has no 'sector' field; use the Clusters output of Detect clusters."))

        outputs = self.output_files(parameters, context)
        atlas = self.parameterAsBool(parameters, self.ATLAS, context)
        with private_copies(regions, clusters) as (project, reg_copy, cl_copy):
            feedback.pushInfo(tr("Building the layout for {0}").format(
                tr("all sectors") if atlas else sectors.sector_label(regions, field, meta)))
            spec = maplayout.MapSpec(field, atlas=atlas, **settings.spec_fields())
            layout = maplayout.build_layout(project, reg_copy, cl_copy, spec, meta)
            if points is not None:
                from ..gis import point_map

                pt_copy = private_copy(points)
                project.addMapLayer(pt_copy, False)
                label = sectors.sector_label(regions, field, meta)
                match = point_map.add_point_clusters(layout, pt_copy, field, label)
                feedback.pushInfo(match.note or tr("Point clusters of {0}").format(label))
            written = export_layout(layout, MapFiles(**outputs), dpi=settings.dpi, atlas=atlas,
                                    feedback=feedback)

        results: dict[str, str] = {}
        files: list[str] = []
        for key, name in (("pdf", self.OUTPUT_PDF), ("png", self.OUTPUT_PNG), ("svg", self.OUTPUT_SVG)):
            if key in written:
                results[name] = written[key][0] if len(written[key]) == 1 else outputs[key]
                files.extend(written[key])
        results[self.OUTPUT_FILES] = "; ".join(files)
        return results

    def point_clusters(self, parameters: dict, context: QgsProcessingContext, kind: str) -> QgsVectorLayer | None:
        """POINT_CLUSTERS when given: pointclusters' outlines (checked by their fields) for a one-sector map; any
        other layer, an atlas or a timeline layout is refused before anything is written."""
        if parameters.get(self.POINT_CLUSTERS) in (None, ""):
            return None
        from ..gis import point_map

        layer = self.parameterAsVectorLayer(parameters, self.POINT_CLUSTERS, context)
        with user_errors():
            point_map.check_point_clusters(layer)
        if kind != codes.SECTOR_MAP or self.parameterAsBool(parameters, self.ATLAS, context):
            raise QgsProcessingException(tr(
                "Point clusters are drawn on the map of one sector: leave Atlas off and choose the sector map "
                "layout (or leave Point clusters empty)."))
        return layer

    def output_files(self, parameters: dict, context: QgsProcessingContext) -> dict[str, str]:
        """{"pdf"|"png"|"svg": path} of the outputs asked for, each checked writable."""
        outputs = {}
        for key, name in (("pdf", self.OUTPUT_PDF), ("png", self.OUTPUT_PNG), ("svg", self.OUTPUT_SVG)):
            value = self.parameterAsFileOutput(parameters, name, context) if parameters.get(name) else ""
            if value:
                outputs[key] = value
        if not outputs:
            raise QgsProcessingException(tr("Choose at least one output file (PDF, PNG or SVG)."))
        with user_errors():
            for path in outputs.values():
                check_writable(path)
        return outputs

    def export_timeline(self, inputs: MapInputs, parameters: dict, context: QgsProcessingContext,
                        feedback: QgsProcessingFeedback) -> dict:
        """The small multiples or the trajectory map of a timeline (gis.timeline_maps), on clones."""
        from ..gis import timeline_maps

        regions, meta = inputs.regions, inputs.meta
        if self.parameterAsBool(parameters, self.ATLAS, context):
            raise QgsProcessingException(tr("Atlas pages are for sector maps; a timeline map is one page per "
                                            "sector: run the export once per sector."))
        with user_errors():
            field = timeline_maps.resolve_timeline_field(regions, chosen_field(self, parameters, context), meta)
            timeline_maps.check_timeline_clusters(inputs.clusters)
        outputs = self.output_files(parameters, context)
        spec = timeline_maps.TimelineMapSpec(field, **inputs.settings.spec_fields())
        with private_copies(regions, inputs.clusters) as (project, reg_copy, cl_copy):
            feedback.pushInfo(tr("Building the {0} of {1}").format(
                options.label_of(options.MAP_LAYOUTS, inputs.kind).split(" (")[0].lower(),
                timeline_maps.timeline_sectors(regions, meta).get(field, field)))
            layout = timeline_maps.build_timeline_layout(inputs.kind, project, reg_copy, cl_copy, spec, meta)
            written = export_layout(layout, MapFiles(**outputs), dpi=inputs.settings.dpi,
                                    feedback=feedback)
        results: dict[str, str] = {}
        for key, name in (("pdf", self.OUTPUT_PDF), ("png", self.OUTPUT_PNG), ("svg", self.OUTPUT_SVG)):
            if key in written:
                results[name] = written[key][0]
        results[self.OUTPUT_FILES] = "; ".join(p for paths in written.values() for p in paths)
        return results
