"""Write resources/models/sector_clusters_example.model3: Join sector scores → Detect clusters → Style the
map → Export the map, the whole job as one model a user opens in the Model Designer (or runs with
``qgis_process run resources/models/sector_clusters_example.model3 -- REGIONS=… KEY=… TABLE=… PDF=…``).

Built with QGIS's own model classes rather than written as XML, so the file is what the Model Designer saves.
Run with QGIS's Python: ``/usr/bin/python3 scripts/build_example_model.py``.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "resources" / "models" / "sector_clusters_example.model3"


def build():
    from qgis.core import (
        QgsProcessing,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelOutput,
        QgsProcessingModelParameter,
        QgsProcessingParameterField,
        QgsProcessingParameterFile,
        QgsProcessingParameterFileDestination,
        QgsProcessingParameterVectorLayer,
    )
    from qgis.PyQt.QtCore import QPointF

    model = QgsProcessingModelAlgorithm("Sector clusters map (example)", "Sector Clusters", "sectorclusters")
    model.setHelpContent({"ALG_DESC": "Joins a table of sector scores to a polygon layer of regions, detects the "
                          "multi-region clusters of every sector (location quotient above 1.25, queen neighbours), "
                          "styles the map of the first sector and exports it as a PDF. Open it in the Model "
                          "Designer to change any step."})
    inputs = (
        (QgsProcessingParameterVectorLayer("REGIONS", "Regions layer (polygons)",
                                           [QgsProcessing.TypeVectorPolygon]), 80),
        (QgsProcessingParameterField("KEY", "Region key field", parentLayerParameterName="REGIONS"), 160),
        (QgsProcessingParameterFile("TABLE", "Scores table (.csv, .xlsx, .ods)",
                                    fileFilter="Tables (*.csv *.xlsx *.ods)"), 240),
    )
    for definition, y in inputs:
        param = QgsProcessingModelParameter(definition.name())
        param.setPosition(QPointF(120, y))
        model.addModelParameter(definition, param)
    pdf = QgsProcessingParameterFileDestination("PDF", "Map (PDF)", "PDF files (*.pdf)")
    model.addModelParameter(pdf, QgsProcessingModelParameter("PDF"))

    def child(alg_id: str, cid: str, x: float, sources: dict, outputs: dict | None = None):
        c = QgsProcessingModelChildAlgorithm(alg_id)
        c.setChildId(cid)
        c.setDescription(cid.replace("_", " "))
        c.setPosition(QPointF(x, 160))
        for name, src in sources.items():
            c.addParameterSources(name, [src])
        outs = {}
        for name, (out_name, final) in (outputs or {}).items():
            o = QgsProcessingModelOutput(out_name)
            o.setChildOutputName(name)
            o.setChildId(cid)
            o.setMandatory(False)
            outs[out_name] = o
            if final:
                o.setDescription(out_name)
        c.setModelOutputs(outs)
        model.addChildAlgorithm(c)
        return c

    p = QgsProcessingModelChildParameterSource
    child("sectorclusters:joinscores", "Join_sector_scores", 380, {
        "INPUT": p.fromModelParameter("REGIONS"), "INPUT_KEY": p.fromModelParameter("KEY"),
        "TABLE": p.fromModelParameter("TABLE"),
        "OUTPUT": p.fromStaticValue("TEMPORARY_OUTPUT"), "UNMATCHED": p.fromStaticValue("TEMPORARY_OUTPUT")})
    child("sectorclusters:detectclusters", "Detect_clusters", 620, {
        "INPUT": p.fromChildOutput("Join_sector_scores", "OUTPUT"),
        "BASELINE": p.fromStaticValue(3), "THRESHOLD": p.fromStaticValue(1.25),
        "OUTPUT_REGIONS": p.fromStaticValue("TEMPORARY_OUTPUT"),
        "OUTPUT_CLUSTERS": p.fromStaticValue("TEMPORARY_OUTPUT")})
    child("sectorclusters:stylemap", "Style_the_map", 860, {
        "REGIONS": p.fromChildOutput("Detect_clusters", "OUTPUT_REGIONS"),
        "CLUSTERS": p.fromChildOutput("Detect_clusters", "OUTPUT_CLUSTERS")})
    child("sectorclusters:exportmap", "Export_the_map", 1100, {
        "REGIONS": p.fromChildOutput("Detect_clusters", "OUTPUT_REGIONS"),
        "CLUSTERS": p.fromChildOutput("Detect_clusters", "OUTPUT_CLUSTERS"),
        "OUTPUT_PDF": p.fromModelParameter("PDF")})
    return model


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from plugin.headless import start_qgis

    start_qgis()
    model = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    if not model.toFile(str(OUT)):
        print(f"could not write {OUT}", file=sys.stderr)
        return 1
    print(OUT.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
