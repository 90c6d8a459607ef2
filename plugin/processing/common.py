"""What every algorithm shares: parameters built from ``steps.options``, errors, the main-thread snapshot of
the input, logging and writing.

An analysis algorithm is parse → step → write: ``prepareAlgorithm`` (main thread) reads the parameters and
takes a LayerSnapshot of the input; ``processAlgorithm`` (a worker thread in the GUI) runs the steps on the
snapshot and writes the sinks; ``postProcessAlgorithm`` (main thread) marks output layers with their record.
"""
from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from qgis.core import (
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterField,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingParameterVectorLayer,
    QgsProcessingUtils,
    QgsProject,
    QgsWkbTypes,
)
from qgis.PyQt.QtGui import QIcon

from ..core import codes
from ..i18n import tr, tr_noop
from ..steps import options

GROUP_ANALYSIS = (tr_noop("Cluster analysis"), "analysis")
ICON = Path(__file__).resolve().parents[2] / "resources" / "icons" / "sector_clusters.svg"
TABLE_FILE_FILTER = "Tables (*.csv *.txt *.tsv *.xlsx *.ods);;All files (*)"


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Show the steps' plain-words errors as Processing errors (a message, no traceback)."""
    from ..core.errors import Cancelled, UserError

    try:
        yield
    except UserError as exc:  # only these: any other exception is a bug and keeps its traceback
        from ..steps.error_words import error_message

        raise QgsProcessingException(error_message(exc)) from None
    except Cancelled:
        raise QgsProcessingException(tr("Cancelled.")) from None


def enum_parameter(name: str, description: str, choices: options.Registry, default: str,
                   optional: bool = False) -> QgsProcessingParameterEnum:
    """An integer enum whose options and default come from a ``steps.options`` registry (see its docstring for why
    ints)."""
    return QgsProcessingParameterEnum(name, description, [tr(c.label) for c in choices],
                                      defaultValue=choices.index_of(default), optional=optional)


class Algorithm(QgsProcessingAlgorithm):
    """Base: the provider's group, tr(), instances made from the subclass, enum parameters read as codes,
    and the records of the outputs it wrote."""

    group_id = GROUP_ANALYSIS

    def __init__(self):
        super().__init__()
        self._records: list[tuple[str, dict]] = []  # (destination, record) to mark after the run

    def tr(self, text: str) -> str:
        return tr(text)

    def createInstance(self):
        return type(self)()

    def __init_subclass__(cls, **kwargs):
        """Every algorithm, today's and any added later, checks its destinations before its own prepare runs:
        nothing is written when an output would replace an input or another output."""
        super().__init_subclass__(**kwargs)
        own = cls.__dict__.get("prepareAlgorithm")
        if own is not None and not getattr(own, "checks_destinations", False):
            def prepare(self, parameters, context, feedback, _own=own):
                with user_errors():
                    self.check_destinations(parameters, context)
                return _own(self, parameters, context, feedback)

            prepare.checks_destinations = True
            prepare.__doc__ = own.__doc__
            cls.prepareAlgorithm = prepare
        process = cls.__dict__.get("processAlgorithm")
        if process is not None and not getattr(process, "publishes", False):
            def run_staged(self, parameters, context, feedback, _own=process):
                from ..gis.staging import Staging, gdal_messages

                self._staging = Staging()
                with gdal_messages() as gdal_said:  # our messages say what failed; GDAL's go to the details
                    try:
                        results = _own(self, parameters, context, feedback)
                        with user_errors():
                            published = self.publish_outputs(results, context)
                        for line in dict.fromkeys(gdal_said):  # e.g. a value too wide for a shapefile's field
                            feedback.pushWarning(f"GDAL: {line}")
                        return published
                    except BaseException as failure:
                        full = self._staging.full_disk_error() if isinstance(failure, Exception) else None
                        self._staging.discard()  # an earlier file at each destination stays as it was
                        for line in dict.fromkeys(gdal_said):
                            feedback.pushDebugInfo(f"GDAL: {line}")
                        if full is not None:  # say why, not the writer's words for the half-written file
                            feedback.pushDebugInfo(str(failure))
                            with user_errors():
                                raise full from None
                        raise

            run_staged.publishes = True
            run_staged.__doc__ = process.__doc__
            cls.processAlgorithm = run_staged

    def parameterAsSink(self, parameters, name, context, *args, **kwargs):
        """A sink to a plain file path, or a layer added to a GeoPackage, is written beside it under a hidden folder
        (gis.staging: a layer into a copy of the GeoPackage) and moved into place when the run has succeeded;
        other destinations (databases, memory layers) as QGIS does. A sink saved as CSV gets its text cells
        neutralised (gis.writers.formula_safe): spreadsheets would run a region named "=HYPERLINK(…)"."""
        from qgis.core import QgsProcessingOutputLayerDefinition, QgsProperty

        from ..gis.staging import geopackage_layer, stageable
        from ..gis.writers import formula_safe

        staging = getattr(self, "_staging", None)
        final = self.sink_destination(parameters, name, context)
        fields = args[0] if args else kwargs.get("fields")
        if fields is not None and ".gpkg" in final.lower():
            geom = [f.name() for f in fields if f.name().casefold() == "geom"]
            if geom:  # GDAL would stop mid-write with "duplicate column name: geom"
                from ..core.errors import UserError

                with user_errors():
                    raise UserError(tr("{0}: a GeoPackage keeps its shapes in a column named geom, so a field named "
                                       "{1!r} cannot be written there; rename that column of the table (or write "
                                       "another format).").format(name, geom[0]), code="field_name_clash")
        write_to = final if final.startswith("ogr:") else None  # f.gpkg|layername=x written as its ogr: form
        if staging is not None and stageable(final):
            with user_errors():
                write_to = staging.stage(final)
        elif staging is not None and geopackage_layer(final) is not None:
            with user_errors():
                write_to = staging.stage_layer(final)
        if write_to is not None:
            value = parameters[name]
            if isinstance(value, QgsProcessingOutputLayerDefinition):
                redirected = QgsProcessingOutputLayerDefinition(value)
                redirected.sink = QgsProperty.fromValue(write_to)
            else:
                redirected = write_to
            parameters = dict(parameters, **{name: redirected})
        return formula_safe(super().parameterAsSink(parameters, name, context, *args, **kwargs))

    def sink_destination(self, parameters: dict, name: str, context) -> str:
        """Where the sink ``name`` writes, as QGIS will: ``f.gpkg|layername=x`` as ``ogr:dbname='f.gpkg' table="x"``
        (QGIS 3.22 would write a file named "f.gpkg|layername=x.gpkg"), a plain path with '.gpkg' added when its
        extension names no vector format; '' when not given."""
        from qgis.core import QgsProcessingOutputLayerDefinition

        from ..gis.destinations import layer_uri, sink_path

        value = parameters.get(name)
        if value in (None, ""):
            return ""
        raw = value.sink.staticValue() if isinstance(value, QgsProcessingOutputLayerDefinition) else value
        as_uri = layer_uri(raw) if isinstance(raw, str) else None
        return as_uri or sink_path(self.parameterAsOutputLayer(parameters, name, context))

    def publish_outputs(self, results: dict, context) -> dict:
        """Move the staged outputs into place; the results, records and layers to load name the destinations."""
        staging = self._staging
        if not staging.staged:
            return results
        staging.publish()
        self._records = [(staging.rename(dest), record) for dest, record in self._records]
        loads = context.layersToLoadOnCompletion()
        if loads:
            context.setLayersToLoadOnCompletion({staging.rename(k): v for k, v in loads.items()})
        return {k: staging.rename(v) for k, v in results.items()}

    def prepareAlgorithm(self, parameters, context, feedback):  # main thread
        with user_errors():
            self.check_destinations(parameters, context)
        return True

    prepareAlgorithm.checks_destinations = True

    def check_destinations(self, parameters: dict, context) -> None:
        """Resolve every destination and every input of the run (gis.destinations) and refuse a clash."""
        from ..gis.destinations import check_destinations, resolve

        outputs, inputs = [], []
        for p in self.parameterDefinitions():
            name, kind = p.name(), p.type()
            if parameters.get(name) in (None, ""):
                continue
            if p.isDestination():
                if kind in ("sink", "vectorDestination"):
                    value = self.sink_destination(parameters, name, context)
                else:
                    value = self.parameterAsFileOutput(parameters, name, context)
                outputs.append((name, resolve(value)))
            elif kind in ("vector", "source", "layer"):
                layer = self.parameterAsLayer(parameters, name, context)
                if layer is not None:
                    inputs.append((name, resolve(layer.source(), whole_file_layer=True)))
            elif kind == "file":
                inputs.append((name, resolve(self.parameterAsFile(parameters, name, context))))
            elif kind == "multilayer":
                if p.layerType() == QgsProcessing.TypeFile:
                    inputs += [(name, resolve(f)) for f in self.parameterAsFileList(parameters, name, context)]
                else:
                    inputs += [(name, resolve(layer.source(), whole_file_layer=True))
                               for layer in self.parameterAsLayerList(parameters, name, context)]
        check_destinations(outputs, inputs)

    def icon(self) -> QIcon:
        return QIcon(str(ICON))

    def helpUrl(self) -> str:  # the algorithm's section of the bundled help page
        from .help import help_url

        return help_url(self.name())

    def addParameter(self, parameter, createOutput: bool = True) -> bool:
        """Every parameter is added with its help (shown in the dialog and the Model Designer, QGIS 3.16+)."""
        from .help import parameter_help

        if not parameter.help():
            parameter.setHelp(parameter_help(self.name(), parameter.name()))
        return super().addParameter(parameter, createOutput)

    def group(self) -> str:
        return self.tr(self.group_id[0])

    def groupId(self) -> str:
        return self.group_id[1]

    def enum_code(self, parameters: dict, name: str, choices: options.Registry, context) -> str:
        return choices.code_of(self.parameterAsEnum(parameters, name, context), name.lower())

    def given(self, parameters: dict, name: str, context):
        """A number parameter as the user gave it, for ``steps.settings`` to check: qgis_process hands over the
        typed text ("abc", "nan", "1e308") that parameterAsDouble would take as 0 or NaN and parameterAsInt as
        -2147483648; absent or empty, the parameter's default (None for an optional one without)."""
        from qgis.core import QgsProperty

        value = parameters.get(name)
        if value is None or value == "":
            definition = self.parameterDefinition(name)
            return definition.defaultValue() if definition is not None else None
        if isinstance(value, QgsProperty):  # a data-defined value: Processing evaluates it
            return self.parameterAsDouble(parameters, name, context)
        return value

    def parameter_values(self, parameters: dict, context) -> dict[str, object]:
        """Every enum, boolean and number parameter of the algorithm, evaluated as the settings classes'
        ``from_parameters`` take them: an enum as its index, a boolean as a bool, a number as the user gave it
        (``given``: the settings check it)."""
        out: dict[str, object] = {}
        for p in self.parameterDefinitions():
            name, kind = p.name(), p.type()
            if kind == "enum":
                out[name] = self.parameterAsEnum(parameters, name, context)
            elif kind == "boolean":
                out[name] = self.parameterAsBoolean(parameters, name, context)
            elif kind == "number":
                out[name] = self.given(parameters, name, context)
        return out

    def number_settings(self, parameters: dict, context) -> tuple:
        """The algorithm's numeric settings (``steps.settings``), checked as they are built; none here."""
        return ()

    def checkParameterValues(self, parameters, context):
        """A bad number is named with its valid range (before Processing's "Incorrect parameter value")."""
        from ..core.errors import UserError

        try:
            self.number_settings(parameters, context)
        except UserError as exc:
            return False, exc.message
        return super().checkParameterValues(parameters, context)

    # parameters more than one algorithm takes, defined once ------------------------------------------------
    INPUT, INPUT_KEY, ALIASES = "INPUT", "INPUT_KEY", "ALIASES"
    TABLE_KEY, TABLE_SHAPE, SECTOR_COLUMN, SCORE_COLUMN, ROW_FILTER, SHEET = (
        "TABLE_KEY", "TABLE_SHAPE", "SECTOR_COLUMN", "SCORE_COLUMN", "ROW_FILTER", "SHEET")
    BASELINE, THRESHOLD = "BASELINE", "THRESHOLD"

    def add_boundary_inputs(self) -> None:
        """INPUT (the boundary layer) and INPUT_KEY, as the algorithms that read score tables take them."""
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Boundary layer (polygons)"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.INPUT_KEY, self.tr("Region key field (code or name)"), parentLayerParameterName=self.INPUT))

    def add_aliases_input(self) -> None:
        self.addParameter(QgsProcessingParameterFile(
            self.ALIASES, self.tr("Alias table (table value → layer key or name)"), optional=True,
            fileFilter="Tables (*.csv *.xlsx *.ods);;All files (*)"))

    def table_reading_parameters(self, row_filter_example: str) -> list:
        """TABLE_SHAPE, SECTOR_COLUMN, SCORE_COLUMN, ROW_FILTER and SHEET: how a table is read (advanced)."""
        return [
            enum_parameter(self.TABLE_SHAPE, self.tr("Table shape"), options.TABLE_SHAPES, codes.AUTO),
            QgsProcessingParameterString(self.SECTOR_COLUMN, self.tr("Sector column (long tables)"),
                                         defaultValue="", optional=True),
            QgsProcessingParameterString(self.SCORE_COLUMN, self.tr("Score column (long tables)"),
                                         defaultValue="", optional=True),
            QgsProcessingParameterString(self.ROW_FILTER, self.tr("Row filter, e.g. {}").format(row_filter_example),
                                         defaultValue="", optional=True),
            QgsProcessingParameterString(self.SHEET, self.tr("Sheet of a workbook (.xlsx, .ods; empty: the first "
                                                             "visible sheet holding a data table)"),
                                         defaultValue="", optional=True),
        ]

    def add_advanced(self, parameters) -> None:
        for p in parameters:
            p.setFlags(p.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(p)

    def text_values(self, parameters: dict, context, names) -> dict[str, str]:
        """The text parameters ``names`` that this algorithm has, as typed (for a settings' ``from_parameters``)."""
        return {name: self.parameterAsString(parameters, name, context) for name in names
                if self.parameterDefinition(name) is not None}

    def table_reading(self, parameters: dict, context):
        """How the algorithm reads its table(s): a ``steps.reading.TableReading`` from the table-reading
        parameters it has (TABLE_KEY, TABLE_SHAPE, SECTOR_COLUMN, SCORE_COLUMN, ROW_FILTER, KEEP_COLUMNS, SHEET)."""
        from ..steps.reading import TableReading

        values = dict(self.parameter_values(parameters, context))
        values.update(self.text_values(parameters, context, TableReading.PARAMETERS.values()))
        return TableReading.from_parameters(values)

    def add_rule_inputs(self) -> None:
        """BASELINE and THRESHOLD, as detectclusters takes them."""
        self.addParameter(enum_parameter(self.BASELINE, self.tr("Baseline"), options.BASELINES,
                                         options.DEFAULT_BASELINE))
        self.addParameter(QgsProcessingParameterNumber(
            self.THRESHOLD, self.tr("Threshold (ratio for mean/median/national/LQ, z for z-score, percentile, "
                                    "stars); empty: 1.0, or 75 for percentile"),
            QgsProcessingParameterNumber.Double, optional=True))

    def rule_settings(self, parameters: dict, context):
        """BASELINE, THRESHOLD and MIN_REGIONS as a checked ``steps.settings.RuleSettings``."""
        from ..steps.settings import RuleSettings

        return RuleSettings.from_parameters(self.parameter_values(parameters, context))

    def snapshot(self, parameters: dict, name: str, context):
        """The input layer as a LayerSnapshot, taken here on the main thread (prepareAlgorithm)."""
        from ..gis.snapshot import LayerSnapshot

        layer = self.parameterAsVectorLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(tr("The layer given as {} could not be opened.").format(name))
        return LayerSnapshot(layer)


    def keep_record(self, destination: str, record: dict) -> None:
        """Record ``record`` in the GeoPackage now (any thread) and on the output layer after the run."""
        from ..gis.meta import write_gpkg_record

        write_gpkg_record(destination, record)
        self._records.append((destination, record))

    def postProcessAlgorithm(self, context, feedback):  # main thread
        """Layers that are not GeoPackages keep their record as a custom property (set on the main thread); the
        project's layers of a GeoPackage this run replaced (a layer added to it) reopen it."""
        from ..gis.meta import write_layer_record

        staging = getattr(self, "_staging", None)
        if staging is not None and staging.replaced:
            reopen_layers_of(staging.replaced, [context.project(), QgsProject.instance()])
        for dest, record in self._records:
            try:
                layer = QgsProcessingUtils.mapLayerFromString(dest, context)
            except Exception:  # noqa: BLE001 - a destination Processing cannot resolve keeps its file record
                layer = None
            if layer is not None:
                write_layer_record(layer, record)
        return {}


@dataclass(frozen=True)
class AnalysisSinks:
    """Where an analysis algorithm writes: its regions sink, its outlines sink with the outlines' fields
    (name, type), and the role the outlines' record names (clusters, groups)."""

    outline_fields: Sequence[tuple[str, str]]
    regions: str = "OUTPUT_REGIONS"
    outlines: str = "OUTPUT_CLUSTERS"
    role: str = "clusters"


class RegionAnalysis(Algorithm):
    """Base of the analyses on a joined layer: INPUT/KEY/FIELDS, neighbours, and the two outputs' writers."""

    INPUT, KEY, FIELDS = "INPUT", "KEY", "FIELDS"
    NEIGHBOURS, GAP_TOLERANCE, MIN_REGIONS = "NEIGHBOURS", "GAP_TOLERANCE", "MIN_REGIONS"
    OUTPUT_REGIONS, OUTPUT_CLUSTERS = "OUTPUT_REGIONS", "OUTPUT_CLUSTERS"

    def add_region_inputs(self) -> None:
        """INPUT, KEY and FIELDS, as every analysis algorithm takes them (defaults from the join's record)."""
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.INPUT, self.tr("Regions with scores"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(
            self.KEY, self.tr("Region key field (default: the key Join sector scores used)"),
            parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.FIELDS, self.tr("Score fields (default: all sector fields)"), parentLayerParameterName=self.INPUT,
            type=QgsProcessingParameterField.Numeric, allowMultiple=True, optional=True))

    def add_neighbour_inputs(self) -> None:
        """NEIGHBOURS and GAP_TOLERANCE: one neighbour definition for every analysis."""
        self.addParameter(enum_parameter(self.NEIGHBOURS, self.tr("Neighbours"), options.NEIGHBOURS,
                                         options.DEFAULT_NEIGHBOURS))
        self.addParameter(QgsProcessingParameterNumber(
            self.GAP_TOLERANCE, self.tr("Gap tolerance (metres)"), QgsProcessingParameterNumber.Double,
            defaultValue=0.0, minValue=0.0))

    OVERLAY, OVERLAY_NAME = "OVERLAY", "OVERLAY_NAME"

    def add_overlay_inputs(self) -> None:
        """OVERLAY (optional polygons: ITL1 regions, combined authorities…) and its OVERLAY_NAME field."""
        self.addParameter(QgsProcessingParameterVectorLayer(
            self.OVERLAY, self.tr("Official boundaries the clusters may cross (optional overlay polygons)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.OVERLAY_NAME, self.tr("Overlay field naming its units (default: a name field)"),
            parentLayerParameterName=self.OVERLAY, optional=True))

    def prepare_overlay(self, parameters: dict, context) -> None:
        """Main thread: a snapshot of OVERLAY and its name field, checked; None without an overlay."""
        from ..gis.layers import LayerError, check_polygon_layer, guess_name_field
        from ..gis.snapshot import LayerSnapshot

        self.overlay = self.overlay_name = None
        if parameters.get(self.OVERLAY) in (None, ""):
            return
        layer = self.parameterAsVectorLayer(parameters, self.OVERLAY, context)
        if layer is None:
            raise LayerError(tr("The overlay layer given as OVERLAY could not be opened."), code="invalid_layer")
        check_polygon_layer(layer, tr("The overlay layer"))
        chosen = self.parameterAsString(parameters, self.OVERLAY_NAME, context)
        name = chosen or guess_name_field(layer, "")
        self.overlay_name_guessed = not chosen
        if not name:
            raise LayerError(tr("Choose the field that names the overlay's units (OVERLAY_NAME): the layer '{0}' "
                                "has no field called like a name.").format(layer.name()), code="overlay_no_name_field")
        if layer.fields().indexFromName(name) < 0:
            raise LayerError(tr("The overlay layer '{0}' has no field {1!r}; choose the field that names its units "
                                "(OVERLAY_NAME).").format(layer.name(), name), code="overlay_no_name_field")
        self.overlay = LayerSnapshot(layer)
        self.overlay_name = name

    def overlay_data(self, regions, feedback):
        """Worker side: the overlay in the regions' measuring CRS and each region's parts (fails fast), or
        (None, None) without an overlay."""
        if getattr(self, "overlay", None) is None:
            return None, None
        from ..gis.layers import measuring_settings
        from ..gis.reading import read_overlay
        from ..steps.overlay import overlay_parts

        context, _ellipsoid = measuring_settings(self.input)
        data = read_overlay(self.overlay, self.overlay_name, regions, context, self.input.crs(), feedback.isCanceled)
        if self.overlay_name_guessed:
            data.notes.insert(0, tr("The overlay's units are named by its field {0!r} (set OVERLAY_NAME to choose "
                                    "another).").format(self.overlay_name))
        return data, overlay_parts(regions.shapes, data, feedback.isCanceled)

    def add_min_regions(self) -> None:
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_REGIONS, self.tr("Minimum regions in a cluster"), QgsProcessingParameterNumber.Integer,
            defaultValue=options.DEFAULT_MIN_REGIONS, minValue=1))

    def neighbour_settings(self, parameters: dict, context):
        """NEIGHBOURS and GAP_TOLERANCE as a checked ``steps.settings.NeighbourSettings``."""
        from ..steps.settings import NeighbourSettings

        return NeighbourSettings.from_parameters(self.parameter_values(parameters, context))

    def number_settings(self, parameters: dict, context) -> tuple:
        return (self.neighbour_settings(parameters, context),)

    def prepare_regions(self, parameters: dict, context) -> None:
        """Main thread: the snapshot of INPUT, the key and fields, and the neighbour settings."""
        from ..gis.compat import parameter_as_strings

        self.input = self.snapshot(parameters, self.INPUT, context)
        self.key = self.parameterAsString(parameters, self.KEY, context)
        self.fields = parameter_as_strings(self, parameters, self.FIELDS, context)
        self.neighbours = self.neighbour_settings(parameters, context)

    def read_data(self, feedback):
        """Worker side: the regions as plain data and their neighbour graph."""
        from ..gis.reading import read_region_data
        from ..steps.neighbours import neighbour_graph

        data = read_region_data(self.input, self.key, self.fields, feedback.isCanceled)
        feedback.setProgress(20)
        graph = neighbour_graph(data.regions, self.neighbours, feedback.isCanceled)
        feedback.setProgress(40)
        return data, graph

    def write_analysis(self, parameters: dict, context, feedback, analysis, outlines, sinks: AnalysisSinks) -> dict:
        """The regions (input + the analysis' columns) and the outlines, with their records and aliases."""
        from ..gis.meta import persist_aliases
        from ..gis.writers import RegionRows, fields_with, outline_fields, write_outlines, write_regions

        regions_out, clusters_out, cluster_spec = sinks.regions, sinks.outlines, sinks.outline_fields
        src = self.input
        fields = fields_with(src.fields(), analysis.columns)
        sink, regions_id = self.parameterAsSink(parameters, regions_out, context, fields,
                                                analysis.regions.wkb_type, src.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, regions_out))
        write_regions(sink, fields, RegionRows(src, analysis.regions.geometries, analysis.columns), feedback.isCanceled)
        del sink
        cfields = outline_fields(cluster_spec)
        csink, clusters_id = self.parameterAsSink(parameters, clusters_out, context, cfields,
                                                  QgsWkbTypes.MultiPolygon, src.crs())
        if csink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, clusters_out))
        write_outlines(csink, cfields, outlines, analysis.regions.to_layer)
        del csink
        record = analysis.meta
        labels = dict(zip(analysis.data.fields, analysis.data.labels))
        self.keep_record(regions_id, record)
        persist_aliases(regions_id, {**labels, **{f.name(): f.alias() for f in fields if f.alias()}})
        self.keep_record(clusters_id, dict(record, role=sinks.role))
        feedback.setProgress(100)
        return {regions_out: regions_id, clusters_out: clusters_id}



def reopen_layers_of(paths: Sequence[str], projects: Sequence) -> None:
    """Reopen every layer of ``projects`` read from a GeoPackage in ``paths``, which a run has just replaced.

    QGIS keeps a GeoPackage open for its layers (and pools connections by file): without this, a layer of that
    file opened before the run would go on reading the replaced file and, worse, commit an edit made in it to
    that file, which no longer bears the name: the edit would be lost. ``reloadData`` closes the provider's
    dataset, drops the pooled connections of the file and opens it again by its name. An edit not yet saved
    stays in the layer's edit buffer and is saved to the new file."""
    from ..gis.destinations import resolve

    replaced = {os.path.realpath(p) for p in paths}
    seen: set[str] = set()
    for project in projects:
        for layer in (project.mapLayers().values() if project is not None else ()):
            if layer.id() in seen or layer.providerType() != "ogr":
                continue
            seen.add(layer.id())
            where = resolve(layer.source())
            if where is not None and where.path in replaced:
                layer.dataProvider().reloadData()


def report_geometry(regions, feedback) -> None:
    """Log where distances and areas were measured and what was done to copies of the geometries."""
    if regions.measure_note:
        warn = regions.measure is not None and regions.measure.warning
        (feedback.pushWarning if warn else feedback.pushInfo)(regions.measure_note)
    for note in regions.geometry_notes:
        feedback.pushInfo(note)
    if regions.repaired:
        feedback.pushWarning(tr("{} invalid geometries were repaired (the input is unchanged).").format(
            regions.repaired))


def report_regions(data, graph, feedback, isolated_note: str = "") -> None:
    """Log what every analysis shares: the measuring CRS, geometry notes, repairs and isolated regions."""
    report_geometry(data.regions, feedback)
    isolated = [data.names[i] for i, flag in enumerate(graph.isolated) if flag]
    if isolated:
        feedback.pushWarning(tr("Isolated regions (no neighbour{}): {}").format(isolated_note, "; ".join(isolated)))
