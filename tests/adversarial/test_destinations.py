"""An output never replaces or changes an input, and two outputs of one run never share a destination.

A table of cases, each run as the toolbox runs it on the real 38 LEPs and BRES 2020 (kept as layer ``leps`` of a
project GeoPackage that also holds another layer): the outcome (refused with an error code, or written), every
input file unchanged by sha1, and a file written before the run still byte-identical when the run is refused.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsVectorFileWriter, QgsVectorLayer

from tests.conftest import BRES, BRES_ALIASES
from tests.qgis.processing_run import run, sha1

pytestmark = pytest.mark.qgis


@pytest.fixture(scope="module")
def project(processing_ready, lep_path, bres2020, tmp_path_factory) -> Path:
    """m.gpkg with the LEPs as ``leps`` and a copy as ``other``, the tables, and a joined GeoPackage."""
    root = tmp_path_factory.mktemp("destinations")
    lep = QgsVectorLayer(str(lep_path), "leps", "ogr")
    for name, action in (("leps", QgsVectorFileWriter.CreateOrOverwriteFile),
                         ("other", QgsVectorFileWriter.CreateOrOverwriteLayer)):
        opts = QgsVectorFileWriter.SaveVectorOptions()
        opts.driverName, opts.layerName, opts.actionOnExistingFile = "GPKG", name, action
        err = QgsVectorFileWriter.writeAsVectorFormatV3(lep, str(root / "m.gpkg"), lep.transformContext(), opts)
        assert err[0] == QgsVectorFileWriter.NoError, err
    shutil.copy(bres2020, root / "scores.csv")
    for year in (2019, 2020):
        shutil.copy(BRES[year], root / f"bres_{year}.csv")
    (root / "aliases.csv").write_text("table,layer\n" + "".join(f"{k},{v}\n" for k, v in BRES_ALIASES.items()))
    (root / "link.gpkg").symlink_to(root / "m.gpkg")
    ok, res, fb = run("sectorclusters:joinscores", join_params(root, OUTPUT=str(root / "joined.gpkg")))
    assert ok and res["MATCHED"] == 38, fb.errors
    return root


def join_params(root: Path, **extra) -> dict:
    return dict({"INPUT": f"{root / 'm.gpkg'}|layername=leps", "INPUT_KEY": "LEP21CD",
                 "TABLE": str(root / "scores.csv"), "ALIASES": str(root / "aliases.csv")}, **extra)


def gpkg(root: Path, table: str, name: str = "m.gpkg") -> str:
    return f"ogr:dbname='{root / name}' table=\"{table}\" (geom)"


def analysis_params(root: Path, **extra) -> dict:
    return dict({"INPUT": str(root / "joined.gpkg"), "NEIGHBOURS": 0, "GAP_TOLERANCE": 0, "MIN_REGIONS": 2}, **extra)


def timeline_params(root: Path, **extra) -> dict:
    return dict({"INPUT": f"{root / 'm.gpkg'}|layername=leps", "INPUT_KEY": "LEP21CD",
                 "TABLES": [str(root / "bres_2019.csv"), str(root / "bres_2020.csv")],
                 "ALIASES": str(root / "aliases.csv"), "ALLOW_MISSING": True}, **extra)


# (id, algorithm, parameters(root, out) , expected: an error code, or "written")
CASES = [
    ("join_output_whole_gpkg_of_input", "joinscores",
     lambda r, o: join_params(r, OUTPUT=str(r / "m.gpkg")), "output_is_input"),
    ("join_output_input_layer_uri", "joinscores",
     lambda r, o: join_params(r, OUTPUT=gpkg(r, "leps")), "output_is_input"),
    ("join_output_input_layer_other_case", "joinscores",
     lambda r, o: join_params(r, OUTPUT=gpkg(r, "LEPS")), "output_is_input"),
    ("join_output_through_symlink", "joinscores",
     lambda r, o: join_params(r, OUTPUT=str(r / "link.gpkg")), "output_is_input"),
    ("join_output_layername_form", "joinscores",
     lambda r, o: join_params(r, OUTPUT=f"{r / 'm.gpkg'}|layername=leps"), "output_is_input"),
    ("join_unmatched_is_table", "joinscores",
     lambda r, o: join_params(r, OUTPUT=str(o / "j.gpkg"), UNMATCHED=str(r / "scores.csv")), "output_is_input"),
    ("join_unmatched_is_aliases", "joinscores",
     lambda r, o: join_params(r, OUTPUT=str(o / "j.gpkg"), UNMATCHED=str(r / "aliases.csv")), "output_is_input"),
    ("join_unmatched_same_as_output", "joinscores",
     lambda r, o: join_params(r, OUTPUT=str(o / "j.gpkg"), UNMATCHED=str(o / "j.gpkg")),
     "outputs_share_destination"),
    ("join_new_layer_beside_input", "joinscores",
     lambda r, o: join_params(r, OUTPUT=gpkg(r, "joined_here")), "written"),
    ("detect_regions_is_input", "detectclusters",
     lambda r, o: analysis_params(r, OUTPUT_REGIONS=str(r / "joined.gpkg"), OUTPUT_CLUSTERS=str(o / "c.gpkg")),
     "output_is_input"),
    ("detect_clusters_is_input", "detectclusters",
     lambda r, o: analysis_params(r, OUTPUT_REGIONS=str(o / "r.gpkg"), OUTPUT_CLUSTERS=str(r / "joined.gpkg")),
     "output_is_input"),
    ("detect_regions_equals_clusters", "detectclusters",
     lambda r, o: analysis_params(r, OUTPUT_REGIONS=str(o / "rc.gpkg"), OUTPUT_CLUSTERS=str(o / "rc.gpkg")),
     "outputs_share_destination"),
    ("local_regions_is_input", "localstatistics",
     lambda r, o: analysis_params(r, PERMUTATIONS=99, SEED=1, OUTPUT_REGIONS=str(r / "joined.gpkg"),
                                  OUTPUT_CLUSTERS=str(o / "c.gpkg")), "output_is_input"),
    ("profile_html_is_input", "profileregions",
     lambda r, o: analysis_params(r, K=3, OUTPUT_REGIONS=str(o / "p.gpkg"), OUTPUT_GROUPS=str(o / "g.gpkg"),
                                  OUTPUT_REPORT_HTML=str(r / "joined.gpkg")), "output_is_input"),
    ("profile_regions_equals_groups", "profileregions",
     lambda r, o: analysis_params(r, K=3, OUTPUT_REGIONS=gpkg(o, "x", "p.gpkg"), OUTPUT_GROUPS=gpkg(o, "x", "p.gpkg")),
     "outputs_share_destination"),
    ("export_pdf_is_regions_gpkg", "exportmap",
     lambda r, o: {"REGIONS": str(r / "joined.gpkg"), "OUTPUT_PDF": str(r / "joined.gpkg")}, "output_is_input"),
    ("timeline_report_is_period_table", "clustertimeline",
     lambda r, o: timeline_params(r, OUTPUT_CLUSTERS=str(o / "c.gpkg"), OUTPUT_REGIONS=str(o / "r.gpkg"),
                                  OUTPUT_ENDED=str(o / "e.csv"), OUTPUT_REPORT=str(r / "bres_2019.csv")),
     "output_is_input"),
    ("timeline_ended_is_period_table", "clustertimeline",
     lambda r, o: timeline_params(r, OUTPUT_CLUSTERS=str(o / "c.gpkg"), OUTPUT_REGIONS=str(o / "r.gpkg"),
                                  OUTPUT_ENDED=str(r / "bres_2020.csv"), OUTPUT_REPORT=str(o / "t.html")),
     "output_is_input"),
    ("timeline_regions_is_input_layer", "clustertimeline",
     lambda r, o: timeline_params(r, OUTPUT_CLUSTERS=str(o / "c.gpkg"), OUTPUT_REGIONS=gpkg(r, "leps"),
                                  OUTPUT_ENDED=str(o / "e.csv"), OUTPUT_REPORT=str(o / "t.html")),
     "output_is_input"),
]


def hashes(root: Path) -> dict[str, str]:
    """sha1 of every file (not SQLite's -wal/-shm companions of a GeoPackage a layer still holds open)."""
    return {p.name: sha1(p) for p in sorted(root.iterdir())
            if p.is_file() and not p.is_symlink() and not p.name.endswith(("-wal", "-shm"))}


def layer_count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as con:
        return con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - the test's own name


@pytest.mark.parametrize("case_id, alg, params, expected", CASES, ids=[c[0] for c in CASES])
def test_destination_case(project, tmp_path, case_id, alg, params, expected):
    out = tmp_path / "out"
    out.mkdir()
    before = hashes(project)
    ok, res, fb = run(f"sectorclusters:{alg}", params(project, out))
    if expected == "written":
        assert ok, fb.errors
        assert layer_count(project / "m.gpkg", "joined_here") == 38
        assert layer_count(project / "m.gpkg", "leps") == 38 and layer_count(project / "m.gpkg", "other") == 38
        # the project's layers are kept; only the new table was added (the file itself changes)
        assert {k: v for k, v in hashes(project).items() if k != "m.gpkg"} == \
            {k: v for k, v in before.items() if k != "m.gpkg"}
        return
    assert not ok
    text = " ".join(fb.errors)
    assert "Choose another destination" in text or "are both written to" in text, text
    assert ("are both written to" in text) == (expected == "outputs_share_destination"), text
    assert hashes(project) == before  # every input and earlier file byte-identical
    assert sorted(p.name for p in out.iterdir()) == []  # nothing written, no leftovers


def test_panel_refuses_a_geopackage_whose_layer_it_reads(project, tmp_path):
    """The panel's GeoPackage gets tables regions and clusters: one that holds the boundary layer as ``regions``
    is refused with the reason; beside a layer of another name it is accepted, and the file is left as it was."""
    from qgis.core import QgsProject

    from plugin.ui.model import PanelModel

    shutil.copy(project / "m.gpkg", tmp_path / "p.gpkg")
    with sqlite3.connect(tmp_path / "p.gpkg") as con:  # a layer named as the panel names its output
        for sql in ("ALTER TABLE other RENAME TO regions",
                    "UPDATE gpkg_contents SET table_name='regions', identifier='regions' WHERE table_name='other'",
                    "UPDATE gpkg_geometry_columns SET table_name='regions' WHERE table_name='other'"):
            con.execute(sql)
    before = sha1(tmp_path / "p.gpkg")
    model = PanelModel()
    for layer_name, refused in (("regions", True), ("leps", False)):
        layer = QgsVectorLayer(f"{tmp_path / 'p.gpkg'}|layername={layer_name}", layer_name, "ogr")
        assert layer.isValid()
        QgsProject.instance().addMapLayer(layer)
        try:
            model.last_error = ""
            model.update(layer_id=layer.id(), output_path=str(tmp_path / "p.gpkg"))
            path = model.outputs.ensure_output_path()
            assert (path == "") == refused, (layer_name, path)
            if refused:
                assert "Choose another destination" in model.last_error and "boundary layer" in model.last_error
        finally:
            QgsProject.instance().removeMapLayer(layer.id())
    assert sha1(tmp_path / "p.gpkg") == before
    # a period table is an input too: an export or GeoPackage path that is one is refused with its name
    table = tmp_path / "bres_2016.csv"
    table.write_text("code,x\nE37000001,1\n", encoding="utf-8")
    model.update(period_files=[str(table)])
    assert ("a period table", str(table)) in model.outputs.input_sources()
    from plugin.gis.destinations import panel_clash

    reason = panel_clash(str(table), (None,), model.outputs.input_sources())
    assert "a period table" in reason and "Choose another destination" in reason, reason
    assert table.read_text(encoding="utf-8") == "code,x\nE37000001,1\n"


def test_failed_run_leaves_earlier_output_byte_identical(project, tmp_path):
    """The regions are written, then the clusters cannot be (their folder is missing): the earlier regions file
    at that path is byte-identical afterwards and no staging folder is left."""
    earlier = tmp_path / "regions.gpkg"
    shutil.copy(project / "joined.gpkg", earlier)
    before = sha1(earlier)
    ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
        project, OUTPUT_REGIONS=str(earlier), OUTPUT_CLUSTERS=str(tmp_path / "missing" / "c.gpkg")))
    assert not ok
    assert sha1(earlier) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["regions.gpkg"]


def test_written_outputs_carry_their_names_and_records(project, tmp_path):
    """Written through the staging folder, a GeoPackage keeps the layer named after its file, its record, and the
    results name the destinations; nothing else is left in the folder."""
    ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
        project, OUTPUT_REGIONS=str(tmp_path / "r.gpkg"), OUTPUT_CLUSTERS=str(tmp_path / "c.gpkg")))
    assert ok, fb.errors
    assert (res["OUTPUT_REGIONS"], res["OUTPUT_CLUSTERS"]) == (str(tmp_path / "r.gpkg"), str(tmp_path / "c.gpkg"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.gpkg", "r.gpkg"]
    with sqlite3.connect(tmp_path / "r.gpkg") as con:
        assert con.execute("SELECT layer FROM sector_clusters_meta").fetchall() == [("r",)]
    assert layer_count(tmp_path / "r.gpkg", "r") == 38


def big_layer(project: Path, folder: Path) -> Path:
    """``folder/big.gpkg``: the 38 LEPs 300 times (same keys: each copy gets its row's scores)."""
    from qgis.core import QgsFeature

    big = folder / "big.gpkg"
    src = QgsVectorLayer(f"{project / 'm.gpkg'}|layername=leps", "leps", "ogr")
    opts = QgsVectorFileWriter.SaveVectorOptions()
    opts.driverName, opts.layerName = "GPKG", "big"
    writer = QgsVectorFileWriter.create(str(big), src.fields(), src.wkbType(), src.crs(), src.transformContext(),
                                        opts)
    feats = list(src.getFeatures())
    for _ in range(300):
        for f in feats:
            g = QgsFeature(f)
            g.setAttribute(0, None)  # a new fid
            writer.addFeature(g)
    del writer
    return big


def kill_when_staged(proc, folder: Path, size: int) -> Path:
    """SIGKILL ``proc`` once a file in a staging folder of ``folder`` has grown past ``size`` bytes."""
    import signal
    import time

    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        parts = [p for d in folder.glob(".sc-partial-*") for p in d.glob("*.gpkg")]
        if parts and parts[0].stat().st_size > size:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            return parts[0]
        time.sleep(0.05)
    raise AssertionError("the write was not caught in progress")


@pytest.mark.e2e
@pytest.mark.slow
def test_sigkill_while_a_large_layer_is_added_leaves_the_geopackage(project, tmp_path):
    """SIGKILL of qgis_process while it adds a large layer to a GeoPackage holding other layers: the GeoPackage is
    byte-identical; the next run adding that layer succeeds, keeps the other layers and leaves no staging folder."""
    import subprocess

    from tests.qgis.cli import BIN, QgisProcess

    cli = QgisProcess(tmp_path / "qp")
    big = big_layer(project, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "m.gpkg"
    shutil.copy(project / "m.gpkg", target)
    layers = tables(target)
    before, kept = sha1(target), {t: table_rows(target, t) for t in ("leps", "other")}
    params = {"INPUT": big, "INPUT_KEY": "LEP21CD", "TABLE": project / "scores.csv",
              "ALIASES": project / "aliases.csv", "OUTPUT": gpkg(out, "joined_big")}
    proc = subprocess.Popen([BIN, "run", "sectorclusters:joinscores", "--", *(f"{k}={v}" for k, v in params.items())],
                            env=cli.env, cwd=cli.root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged = kill_when_staged(proc, out, 2 * target.stat().st_size + 2_000_000)
    assert staged.name == "m.gpkg"
    assert sha1(target) == before and tables(target) == layers
    outcome = cli.run("joinscores", dict(params, INPUT=f"{project / 'm.gpkg'}|layername=leps"))
    assert outcome.code == 0, outcome.text
    assert layer_count(target, "joined_big") == 38
    assert {t: table_rows(target, t) for t in ("leps", "other")} == kept
    assert sorted(p.name for p in out.iterdir()) == ["m.gpkg"]


@pytest.mark.e2e
@pytest.mark.slow
def test_sigkill_during_a_large_write_leaves_the_earlier_output(project, tmp_path):
    """SIGKILL of qgis_process while it writes a large GeoPackage: the earlier output is byte-identical; the
    staging folder it left is removed by the next run writing to that folder."""
    import subprocess

    from tests.qgis.cli import BIN, QgisProcess

    cli = QgisProcess(tmp_path / "qp")
    big = big_layer(project, tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    earlier = out / "joined.gpkg"
    shutil.copy(project / "joined.gpkg", earlier)
    before = sha1(earlier)
    params = [f"INPUT={big}", "INPUT_KEY=LEP21CD", f"TABLE={project / 'scores.csv'}",
              f"ALIASES={project / 'aliases.csv'}", f"OUTPUT={earlier}", f"UNMATCHED={out / 'u.csv'}"]
    proc = subprocess.Popen([BIN, "run", "sectorclusters:joinscores", "--", *params], env=cli.env, cwd=cli.root,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kill_when_staged(proc, out, 4_000_000)
    assert sha1(earlier) == before
    outcome = cli.run("joinscores", {"INPUT": f"{project / 'm.gpkg'}|layername=leps", "INPUT_KEY": "LEP21CD",
                                     "TABLE": str(project / "scores.csv"), "ALIASES": str(project / "aliases.csv"),
                                     "OUTPUT": str(out / "again.gpkg"), "UNMATCHED": str(out / "u.csv")})
    assert outcome.code == 0, outcome.text
    assert sha1(earlier) == before
    assert not list(out.glob(".sc-partial-*")) and not list(out.glob(".*partial*"))


def test_full_disk_gives_a_clear_message_and_keeps_the_earlier_file(project, tmp_path, capfd):
    """A disk with room for only part of the regions (a 600 KB tmpfs, mounted as root): QGIS's writer does not
    report the failed commit, the check before publishing does; the earlier file is byte-identical, no leftovers.
    GDAL's own "ERROR 1: sqlite3_exec(COMMIT) failed" lines are not printed beside the message."""
    import subprocess

    disk = tmp_path / "disk"
    disk.mkdir()
    if os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)], check=True)
    try:
        (disk / "filler").write_bytes(b"\0" * 480_000)
        earlier = disk / "r.gpkg"
        earlier.write_bytes(b"an earlier output" * 400)
        before = sha1(earlier)
        capfd.readouterr()
        ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
            project, OUTPUT_REGIONS=str(earlier), OUTPUT_CLUSTERS=str(tmp_path / "c.gpkg")))
        assert not ok
        assert any(f"The disk holding {disk} is full" in e for e in fb.errors), fb.errors
        printed = capfd.readouterr()
        assert "ERROR 1" not in printed.err + printed.out, printed
        assert sha1(earlier) == before
        assert sorted(p.name for p in disk.iterdir()) == ["filler", "r.gpkg"]
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def geom_table(project: Path, folder: Path) -> Path:
    """The scores table with its Manufacturing column renamed geom, as ``folder/scores.csv``."""
    import csv

    table = folder / "scores.csv"
    rows = (project / "scores.csv").read_text(encoding="utf-8", errors="replace").splitlines()
    data = list(csv.reader(rows))
    header_at = next(i for i, r in enumerate(data) if any("Manufacturing" in c for c in r))
    column = next(i for i, c in enumerate(data[header_at]) if "Manufacturing" in c)
    data[header_at][column] = "geom"
    with table.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(data)
    return table


def test_a_field_named_geom_is_refused_clearly_and_the_earlier_output_kept(project, tmp_path):
    """A sector column named geom cannot go into a GeoPackage (its geometry column): a clear message naming the
    parameter, not GDAL's "duplicate column name", and the earlier output byte-identical."""
    table = geom_table(project, tmp_path)
    earlier = tmp_path / "j.gpkg"
    shutil.copy(project / "joined.gpkg", earlier)
    before = sha1(earlier)
    ok, res, fb = run("sectorclusters:joinscores", join_params(project, TABLE=str(table), OUTPUT=str(earlier)))
    assert not ok
    assert any("OUTPUT: a GeoPackage keeps its shapes in a column named geom" in e for e in fb.errors), fb.errors
    assert sha1(earlier) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["j.gpkg", "scores.csv"]


# ---------------------------------------------------------------- a layer added to an existing GeoPackage
def table_rows(path: Path, table: str) -> list[tuple]:
    """Every row of ``table`` (geometry blobs included), in fid order: its whole content."""
    with sqlite3.connect(path) as con:
        return con.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()  # noqa: S608 - the test's own name


def tables(path: Path, kind: str = "") -> list[str]:
    """The tables a GeoPackage lists (only those of ``kind``, e.g. features, when given)."""
    with sqlite3.connect(path) as con:
        return sorted(name for name, data_type in con.execute("SELECT table_name, data_type FROM gpkg_contents")
                      if data_type == kind or not kind)


@pytest.fixture()
def shared_gpkg(project, tmp_path) -> Path:
    """A copy of the project GeoPackage (layers ``leps`` and ``other``) that a test may add layers to."""
    target = tmp_path / "m.gpkg"
    shutil.copy(project / "m.gpkg", target)
    return target


def test_a_failed_run_adding_a_layer_leaves_the_geopackage_byte_identical(project, shared_gpkg, tmp_path):
    """detectclusters adds its regions as a new layer of m.gpkg, then cannot write its clusters (their folder is
    missing): m.gpkg is byte-identical with both its layers, and no staging folder is left."""
    before, layers = sha1(shared_gpkg), tables(shared_gpkg)
    assert {"leps", "other"} <= set(layers)
    ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
        project, OUTPUT_REGIONS=gpkg(tmp_path, "regions"), OUTPUT_CLUSTERS=str(tmp_path / "missing" / "c.gpkg")))
    assert not ok
    assert sha1(shared_gpkg) == before
    assert tables(shared_gpkg) == layers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.gpkg"]


def test_a_layer_whose_field_is_named_geom_leaves_the_geopackage_byte_identical(project, shared_gpkg, tmp_path):
    """The geom-named field refused before anything is written, for a layer added to an existing GeoPackage too."""
    table = geom_table(project, tmp_path)
    before, layers = sha1(shared_gpkg), tables(shared_gpkg)
    ok, res, fb = run("sectorclusters:joinscores", join_params(project, TABLE=str(table),
                                                               OUTPUT=f"{shared_gpkg}|layername=joined"))
    assert not ok
    assert any("OUTPUT: a GeoPackage keeps its shapes in a column named geom" in e for e in fb.errors), fb.errors
    assert sha1(shared_gpkg) == before and tables(shared_gpkg) == layers
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.gpkg", "scores.csv"]


def test_a_successful_add_keeps_every_other_layer_whole(project, shared_gpkg, tmp_path):
    """Two layers added by one run (regions and clusters, as the panel's Create layers writes them), the second
    run replacing them: every other layer keeps its rows byte for byte, the new ones open with their records, the
    results name the GeoPackage itself, and no staging folder is left. The project's open layer of that
    GeoPackage (read before the run) still reads it, and the new layers open beside it."""
    from qgis.core import QgsProject

    layers = tables(shared_gpkg)
    kept = {t: table_rows(shared_gpkg, t) for t in tables(shared_gpkg, "features")}
    opened = QgsVectorLayer(f"{shared_gpkg}|layername=leps", "leps", "ogr")
    assert opened.isValid() and opened.featureCount() == 38
    assert len(list(opened.getFeatures())) == 38
    QgsProject.instance().addMapLayer(opened)
    try:
        counts = []
        for attempt in range(2):  # the second run finds fewer clusters (MIN_REGIONS 3): no stale layer is read
            ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
                project, MIN_REGIONS=2 + attempt, OUTPUT_REGIONS=gpkg(tmp_path, "regions"),
                OUTPUT_CLUSTERS=f"{shared_gpkg}|layername=clusters"))
            assert ok, fb.errors
            assert res["OUTPUT_REGIONS"] == f"{shared_gpkg}|layername=regions", res
            assert {t: table_rows(shared_gpkg, t) for t in kept} == kept  # every other layer whole
            assert layer_count(shared_gpkg, "regions") == 38, attempt
            assert sorted(p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["m.gpkg"]
            for name in ("regions", "clusters"):
                layer = QgsVectorLayer(f"{shared_gpkg}|layername={name}", name, "ogr")
                assert layer.isValid(), (attempt, name)
                assert len(list(layer.getFeatures())) == layer_count(shared_gpkg, name) > 0
            counts.append(layer_count(shared_gpkg, "clusters"))
        assert counts[0] > counts[1]
        with sqlite3.connect(shared_gpkg) as con:
            assert {r[0] for r in con.execute("SELECT layer FROM sector_clusters_meta")} >= {"regions", "clusters"}
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert tables(shared_gpkg) == sorted({*layers, "clusters", "layer_styles", "regions",
                                              "sector_clusters_meta"})
        assert len(list(opened.getFeatures())) == 38
    finally:
        QgsProject.instance().removeMapLayer(opened.id())


# ---------------------------------------------------------------- a shapefile is published as a set
def shapefile_set(folder: Path) -> dict[str, str]:
    """sha1 of every file of the shapefile ``r`` (and of anything else) in ``folder``."""
    return {p.name: sha1(p) for p in sorted(folder.iterdir()) if p.is_file()}


def earlier_shapefile(project: Path, folder: Path) -> dict[str, str]:
    """An earlier run's regions as ``folder/r.shp`` with a stale spatial index (.qix) and a user's style (.qml)."""
    ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
        project, MIN_REGIONS=3, OUTPUT_REGIONS=str(folder / "r.shp"), OUTPUT_CLUSTERS=str(folder / "c.gpkg")))
    assert ok, fb.errors
    (folder / "c.gpkg").unlink()
    (folder / "r.qix").write_bytes(b"an index of the earlier shapes")
    (folder / "r.qml").write_text("<qgis/>", encoding="utf-8")
    assert {"r.shp", "r.shx", "r.dbf", "r.prj", "r.cpg"} <= set(shapefile_set(folder))
    return shapefile_set(folder)


def test_a_failed_move_of_a_shapefile_puts_the_earlier_set_back(project, tmp_path):
    """The new set cannot replace the earlier .shx (made immutable, as root): every earlier file is byte-identical
    afterwards (no new .dbf beside the old .shp), the message names the file, no staging folder is left."""
    import subprocess

    if os.geteuid() != 0:
        pytest.skip("chattr +i needs root")
    before = earlier_shapefile(project, tmp_path)
    subprocess.run(["chattr", "+i", str(tmp_path / "r.shx")], check=True)
    try:
        ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
            project, OUTPUT_REGIONS=str(tmp_path / "r.shp"), OUTPUT_CLUSTERS=str(tmp_path / "c2.gpkg")))
    finally:
        subprocess.run(["chattr", "-i", str(tmp_path / "r.shx")], check=True)
    assert not ok
    assert any(f"{tmp_path / 'r.shx'} cannot be replaced" in e for e in fb.errors), fb.errors
    assert shapefile_set(tmp_path) == before
    assert not list(tmp_path.glob(".sc-partial-*"))


def test_a_new_shapefile_set_drops_the_earlier_sidecars_it_lacks(project, tmp_path):
    """A stale .qix of the earlier shapes would index the new ones wrongly: it goes; the user's .qml stays."""
    before = earlier_shapefile(project, tmp_path)
    ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
        project, OUTPUT_REGIONS=str(tmp_path / "r.shp"), OUTPUT_CLUSTERS=str(tmp_path / "c2.gpkg")))
    assert ok, fb.errors
    after = shapefile_set(tmp_path)
    assert "r.qix" not in after and after["r.qml"] == before["r.qml"]
    assert after["r.dbf"] != before["r.dbf"]  # MIN_REGIONS 2 now: other cluster ids
    assert QgsVectorLayer(str(tmp_path / "r.shp"), "r", "ogr").featureCount() == 38
    assert not list(tmp_path.glob(".sc-partial-*"))


def test_a_kill_while_a_shapefile_set_was_moved_is_undone_by_the_next_run(project, tmp_path):
    """What a kill in the middle of publishing leaves (a process gone; the earlier set kept in its staging folder
    with the note of the move; the new .dbf and .shx already in place beside the earlier .shp): the next run
    writing to that folder puts the earlier set back before anything else, and removes the staging folder."""
    import json
    import subprocess

    before = earlier_shapefile(project, tmp_path)
    gone = subprocess.Popen(["true"])
    gone.wait()
    staging = tmp_path / f".sc-partial-{gone.pid}-0badc0de"
    (staging / "earlier").mkdir(parents=True)
    for name in before:
        if name.startswith("r.") and name != "r.qml":
            os.link(tmp_path / name, staging / "earlier" / name)
    moved = ["r.cpg", "r.dbf", "r.prj", "r.shx", "r.shp"]
    (staging / "publishing.json").write_text(json.dumps({"target": str(tmp_path), "moved": moved}))
    for name in ("r.dbf", "r.shx"):  # the new set's first files, in place of the earlier ones
        (tmp_path / name).unlink()
        (tmp_path / name).write_bytes(b"new " + name.encode())
    (tmp_path / "r.qix").unlink()  # removed already
    ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
        project, OUTPUT_REGIONS=str(tmp_path / "elsewhere.gpkg"), OUTPUT_CLUSTERS=str(tmp_path / "c2.gpkg")))
    assert ok, fb.errors
    after = shapefile_set(tmp_path)
    assert {k: v for k, v in after.items() if k in before} == before
    assert not list(tmp_path.glob(".sc-partial-*"))


def test_a_geopackage_with_a_layer_being_edited_is_not_replaced(project, shared_gpkg, tmp_path):
    """A layer of m.gpkg is being edited in the project (QGIS holds the file in WAL mode) while a run adds a layer
    to m.gpkg: the run fails saying so, m.gpkg is byte-identical, the edit is then saved into it, and the same run
    afterwards adds its layer beside the edited one, which a layer opened before the run reads."""
    from qgis.core import QgsProject

    layer = QgsVectorLayer(f"{shared_gpkg}|layername=other", "other", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        assert layer.startEditing()
        first = next(layer.getFeatures())
        layer.changeAttributeValue(first.id(), layer.fields().indexFromName("LEP21NM"), "Edited during the run")
        before = sha1(shared_gpkg)  # as QGIS left it on starting to edit (it switches the file to WAL mode)
        ok, res, fb = run("sectorclusters:joinscores", join_params(project, OUTPUT=gpkg(tmp_path, "joined")))
        assert not ok
        assert any(f"{shared_gpkg} is open for editing" in e for e in fb.errors), fb.errors
        assert sha1(shared_gpkg) == before
        assert layer.commitChanges(), layer.commitErrors()
        ok, res, fb = run("sectorclusters:joinscores", join_params(project, OUTPUT=gpkg(tmp_path, "joined")))
        assert ok, fb.errors
        assert "Edited during the run" in [f["LEP21NM"] for f in layer.getFeatures()]
        assert len(list(QgsVectorLayer(f"{shared_gpkg}|layername=joined", "j", "ogr").getFeatures())) == 38
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    with sqlite3.connect(shared_gpkg) as con:
        assert con.execute("SELECT count(*) FROM other WHERE LEP21NM='Edited during the run'").fetchone() == (1,)
    assert layer_count(shared_gpkg, "joined") == 38
    assert not list(tmp_path.glob(".sc-partial-*"))


def test_a_geopackage_a_layer_is_added_to_keeps_its_permissions(project, shared_gpkg, tmp_path):
    """The copy that replaces the GeoPackage gets the file's own permissions, not those of a new file."""
    import stat

    shared_gpkg.chmod(0o640)
    ok, res, fb = run("sectorclusters:joinscores", join_params(project, OUTPUT=gpkg(tmp_path, "joined")))
    assert ok, fb.errors
    assert stat.S_IMODE(shared_gpkg.stat().st_mode) == 0o640
    assert layer_count(shared_gpkg, "joined") == 38


def test_an_earlier_geopackage_being_edited_is_not_replaced_whole(project, tmp_path):
    """An earlier output whose layer is being edited in the project (QGIS holds it in WAL mode) is not replaced by
    a new file of that name: SQLite would apply the -wal it keeps to the new file. The run says so, the earlier
    file is as it was, and the edit is then saved into it."""
    from qgis.core import QgsProject

    earlier = tmp_path / "r.gpkg"
    shutil.copy(project / "joined.gpkg", earlier)
    layer = QgsVectorLayer(str(earlier), "r", "ogr")
    QgsProject.instance().addMapLayer(layer)
    try:
        assert layer.startEditing()
        first = next(layer.getFeatures())
        layer.changeAttributeValue(first.id(), layer.fields().indexFromName("LEP21NM"), "Edited during the run")
        before = sha1(earlier)
        ok, res, fb = run("sectorclusters:detectclusters", analysis_params(
            project, OUTPUT_REGIONS=str(earlier), OUTPUT_CLUSTERS=str(tmp_path / "c.gpkg")))
        assert not ok
        assert any(f"{earlier} is open for editing" in e for e in fb.errors), fb.errors
        assert sha1(earlier) == before and not (tmp_path / "c.gpkg").exists()
        assert layer.commitChanges(), layer.commitErrors()
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert "Edited during the run" in [f["LEP21NM"] for f in QgsVectorLayer(str(earlier), "r", "ogr").getFeatures()]
    assert not list(tmp_path.glob(".sc-partial-*"))
