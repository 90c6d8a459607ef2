"""Stand-in for detectclusters' outputs, built from the real LEP boundaries.

The engine is written separately; these layers follow docs/CONTRACTS.md so the
map code can be tested now and the real output swapped in later.
"""
from __future__ import annotations

import zlib
from pathlib import Path

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFields,
    QgsGeometry,
    QgsProject,
    QgsVectorFileWriter,
    QgsVectorLayer,
    QgsWkbTypes,
)

from plugin.gis.compat import make_field
from plugin.gis.meta import write_meta

LEP_FILE = "lep_2021_buc/Local_Enterprise_Partnerships_(May_2021)_EN_BUC.geojson"

#: field -> original label, in table order
SECTORS: dict[str, str] = {
    "High_Value_Manufacturing": "High Value Manufacturing",
    "Digital_Technology": "Digital & Technology",
    "Agri_food": "Agri-food",
}


def _noise(code: str, salt: str) -> float:
    """Deterministic pseudo-random 0..1 from the region code."""
    return (zlib.crc32(f"{salt}:{code}".encode()) % 1000) / 1000.0


def _score(field: str, lon: float, lat: float, code: str) -> float:
    """Spatially coherent synthetic scores so that clusters exist."""
    n = _noise(code, field)
    if field == "High_Value_Manufacturing":
        hot = (52.2 < lat < 53.0 and -2.6 < lon < -0.9) or (lat > 53.6 and lon > -1.9)
    elif field == "Digital_Technology":
        hot = lat < 52.2 and lon > -1.6
    else:
        hot = lon > 0.3 or lon < -3.9
    return round((160.0 if hot else 80.0) + 40.0 * n, 2)


def _clusters(above: list[int], geoms: list[QgsGeometry]) -> list[list[int]]:
    """Connected groups (>= 2) of above-average regions, largest first."""
    todo = set(above)
    groups: list[list[int]] = []
    grown = {i: geoms[i].buffer(0.002, 2) for i in above}
    while todo:
        seed = todo.pop()
        group, stack = [seed], [seed]
        while stack:
            i = stack.pop()
            for j in list(todo):
                if grown[i].intersects(geoms[j]):
                    todo.discard(j)
                    group.append(j)
                    stack.append(j)
        if len(group) > 1:
            groups.append(sorted(group))
    groups.sort(key=lambda g: (-len(g), g[0]))
    return groups


def _write(layer: QgsVectorLayer, path: Path, name: str) -> QgsVectorLayer:
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    options.layerName = name
    options.actionOnExistingFile = (
        QgsVectorFileWriter.CreateOrOverwriteLayer if path.exists() else QgsVectorFileWriter.CreateOrOverwriteFile
    )
    err = QgsVectorFileWriter.writeAsVectorFormatV3(
        layer, str(path), QgsProject.instance().transformContext(), options
    )
    assert err[0] == QgsVectorFileWriter.NoError, err
    out = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
    assert out.isValid()
    return out


def build_layers(
    shared_data: Path,
    out_dir: Path,
    empty_clusters: bool = False,
    meta_extra: dict | None = None,
) -> tuple[QgsVectorLayer, QgsVectorLayer]:
    """(regions, clusters) like detectclusters' OUTPUT_REGIONS / OUTPUT_CLUSTERS."""
    src = QgsVectorLayer(str(shared_data / LEP_FILE), "lep", "ogr")
    assert src.isValid(), "LEP GeoJSON not readable"
    to_bng = QgsCoordinateTransform(
        src.crs(), QgsCoordinateReferenceSystem("EPSG:27700"), QgsProject.instance()
    )

    fields = QgsFields()
    fields.append(make_field("LEP21CD", "string"))
    fields.append(make_field("LEP21NM", "string"))
    for f in SECTORS:
        fields.append(make_field(f, "double"))
    for f in SECTORS:
        fields.append(make_field(f"{f}_idx", "double"))
        fields.append(make_field(f"{f}_above", "int"))
        fields.append(make_field(f"{f}_cluster", "int"))
    fields.append(make_field("sc_isolated", "int"))

    feats = sorted(src.getFeatures(), key=lambda ft: ft["LEP21CD"])
    codes = [ft["LEP21CD"] for ft in feats]
    names = [ft["LEP21NM"] for ft in feats]
    geoms = [QgsGeometry(ft.geometry()) for ft in feats]
    values: dict[str, list[float | None]] = {}
    for f in SECTORS:
        col: list[float | None] = []
        for code, name, g in zip(codes, names, geoms):
            c = g.centroid().asPoint()
            missing = f == "High_Value_Manufacturing" and "Cornwall" in name
            col.append(None if missing else _score(f, c.x(), c.y(), code))
        values[f] = col

    mem = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "regions", "memory")
    mem.dataProvider().addAttributes(fields.toList())
    mem.updateFields()
    cl_fields = QgsFields()
    for name, typ in [
        ("sector", "string"), ("sector_label", "string"), ("cluster_id", "int"),
        ("n_regions", "int"), ("members", "string"), ("member_names", "string"),
        ("mean_score", "double"), ("area_km2", "double"), ("baseline", "string"),
        ("threshold", "double"),
    ]:
        cl_fields.append(make_field(name, typ))
    cl_mem = QgsVectorLayer("MultiPolygon?crs=EPSG:4326", "clusters", "memory")
    cl_mem.dataProvider().addAttributes(cl_fields.toList())
    cl_mem.updateFields()

    attrs: list[dict[str, object]] = [
        {"LEP21CD": codes[i], "LEP21NM": names[i], "sc_isolated": 0} for i in range(len(feats))
    ]
    cluster_feats: list[QgsFeature] = []
    for f, label in SECTORS.items():
        col = values[f]
        known = [v for v in col if v is not None]
        mean = sum(known) / len(known)
        above = []
        for i, v in enumerate(col):
            attrs[i][f] = v
            idx = None if v is None else v / mean
            attrs[i][f"{f}_idx"] = idx
            attrs[i][f"{f}_above"] = None if idx is None else int(idx > 1.0)
            if idx is not None and idx > 1.0:
                above.append(i)
        for cid, group in enumerate(_clusters(above, geoms), start=1):
            for i in group:
                attrs[i][f"{f}_cluster"] = cid
            if empty_clusters:
                continue
            outline = QgsGeometry.unaryUnion([geoms[i] for i in group])
            outline.convertToMultiType()
            bng = QgsGeometry(outline)
            bng.transform(to_bng)
            area = bng.area() / 1e6
            cf = QgsFeature(cl_mem.fields())
            cf.setGeometry(outline)
            cf.setAttributes([
                f, label, cid, len(group), "; ".join(codes[i] for i in group),
                "; ".join(names[i] for i in group),
                round(sum(col[i] for i in group) / len(group), 2), round(area, 1), "mean", 1.0,
            ])
            cluster_feats.append(cf)

    out = []
    for i, g in enumerate(geoms):
        ft = QgsFeature(mem.fields())
        gg = QgsGeometry(g)
        if QgsWkbTypes.isSingleType(gg.wkbType()):
            gg.convertToMultiType()
        ft.setGeometry(gg)
        ft.setAttributes([attrs[i].get(mem.fields().at(k).name()) for k in range(mem.fields().count())])
        out.append(ft)
    mem.dataProvider().addFeatures(out)
    cl_mem.dataProvider().addFeatures(cluster_feats)

    gpkg = out_dir / "clusters_demo.gpkg"
    regions = _write(mem, gpkg, "regions")
    clusters = _write(cl_mem, gpkg, "clusters")
    regions.setName("LEP regions")
    clusters.setName("Clusters")
    for f, label in SECTORS.items():
        regions.setFieldAlias(regions.fields().indexOf(f), label)
    meta = {
        "key": "LEP21CD",
        "name_field": "LEP21NM",
        "sectors": dict(SECTORS),
        "reference": None,
        "reference_name": "England",
        "source": "synthetic_scores.csv",
        "baseline": "mean",
        "baseline_label": "mean of regions",
        "threshold": 1.0,
        "neighbours": "queen",
        "gap_tolerance": 0,
        "min_regions": 2,
        "region_noun": "LEPs",
    }
    meta.update(meta_extra or {})
    write_meta(regions, meta)
    write_meta(clusters, meta)
    return regions, clusters
