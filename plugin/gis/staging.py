"""Vector outputs written whole or not at all.

A sink whose destination is a plain file path (``out.gpkg``, ``out.shp``, ``unmatched.csv``) is written under a
hidden folder beside it, ``.sc-partial-<pid>-<random>/out.gpkg`` (the same file name, so a GeoPackage's layer is
named as before), and its files are moved onto the destination with ``os.replace`` only when the whole run has
succeeded. A failed or cancelled run removes the folder; a killed one leaves it, and the next run writing to that
folder removes folders whose process is gone. An earlier file at the destination stays byte-identical until the
new one is complete.

A layer added to a GeoPackage (``ogr:dbname='m.gpkg' table="t"``, ``m.gpkg|layername=t``) is written the same
way: GDAL's own append of a table is not atomic (a failure or a kill mid-write leaves a half table, or a file
SQLite must recover), so the GeoPackage is first copied into the staging folder (SQLite's backup, which also
takes what is still in its -wal file), the layer is added to the copy, and the copy replaces the file in one
``os.replace`` once it opens whole. The price is one copy of the file per run, and room for it on that disk:
for a 34 MB GeoPackage the copy takes 0.1-0.2 s, and joinscores adding its layer takes 0.55 s instead of the
0.29 s of GDAL writing in place (copy, check of the whole copy and replacement; measured on this project's
38 LEPs copied 215 times; the copy grows with the file, about 3 ms per MB here). The file is replaced only when
nobody changed it meanwhile (its size and time, and its -wal's, are compared): an edit saved to another layer
while the run wrote is never lost; the run fails and says so instead. The other layers' tables are copied page by
page, so their content is unchanged. A GeoPackage with a layer being edited (QGIS then holds it in WAL mode,
with -wal and -shm files) is not replaced: the run fails and says so (``settle_wal``). This process's layers of
that file reopen it after the run (``processing.common.reopen_layers_of``): QGIS would otherwise go on reading the
replaced file through the datasets it keeps open. A limit: another program that reads the file across the run
sees the replaced file until it reopens it.

A shapefile is several files (.shp .shx .dbf .prj .cpg …). They are published as a set: the earlier set's files
are first kept (hard links) in the staging folder, with a note of what is being moved; the new sidecars are moved
in, then the .shp last; sidecars of the earlier set that the new set lacks (a .qix index, a .prj) are removed. A
failure on the way puts the earlier set back; a kill on the way is undone by the next run's sweep of that folder.
So a reader never meets an old .shp with a new .dbf once the run has ended.
"""
from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from ..core.errors import UserError
from ..i18n import tr

PREFIX = ".sc-partial-"
KEPT = "earlier"  # the staging sub-folder holding the earlier set while a set of files is being moved
NOTE = "publishing.json"  # what is being moved where: a sweep uses it to put back an interrupted move
SQLITE_COMPANIONS = ("-wal", "-shm", "-journal")
# the files of a shapefile (GDAL's and ESRI's indexes, the projection, the encoding, metadata); a .qml or .sld
# style the user keeps beside it is not part of the data and stays
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg", ".qpj", ".qix", ".sbn", ".sbx", ".fbn", ".fbx", ".ain",
                   ".aih", ".atx", ".ixs", ".mxs", ".shp.xml")


class StagingError(UserError):
    code = "write_failed"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def sweep(folder: Path) -> None:
    """Remove the staging folders a killed run left in ``folder`` (their process is gone), first putting back
    an earlier set of files whose replacement the kill interrupted."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(PREFIX) or not entry.is_dir():
            continue
        try:
            pid = int(entry.name[len(PREFIX):].split("-", 1)[0])
        except ValueError:
            continue
        if pid != os.getpid() and not _alive(pid) and _undo_interrupted(entry):
            shutil.rmtree(entry, ignore_errors=True)


def _undo_interrupted(staging: Path) -> bool:
    """A run killed while it moved a set of files: the new files already moved are removed and the earlier set is
    put back (its .shp last), as it was before that run. False when that failed (the folder, which holds the
    earlier set, is then kept for a later sweep)."""
    note = staging / NOTE
    if not note.is_file():
        return True
    try:
        plan = json.loads(note.read_text(encoding="utf-8"))
        _put_back(Path(plan["target"]), plan["moved"], staging / KEPT)
    except (OSError, ValueError, KeyError):
        return False
    return True


def _put_back(target: Path, moved: list[str], kept: Path) -> None:
    """Remove the new files ``moved`` into ``target`` that the earlier set did not have, and put back each earlier
    file that was replaced or removed (one never touched is left: it may not be replaceable at all)."""
    for name in moved:
        if not (kept / name).exists():
            try:
                (target / name).unlink()
            except FileNotFoundError:
                pass
    for f in sorted(kept.iterdir() if kept.is_dir() else [], key=_shp_last):
        dest = target / f.name
        if dest.exists() and (f.name not in moved or os.path.samefile(f, dest)):
            continue
        os.replace(f, dest)


def _shp_last(path: Path) -> bool:
    return path.suffix.lower() == ".shp"


def stageable(destination: str) -> bool:
    """A plain file path in an existing folder (not a layer URI, a database or a memory layer)."""
    text = str(destination or "")
    if not text or "|" in text or re.match(r"^[A-Za-z][\w+]+:", text) or text == "TEMPORARY_OUTPUT":
        return False
    return Path(os.path.abspath(text)).parent.is_dir()


def geopackage_layer(destination: str) -> tuple[str, str] | None:
    """(real file, layer) when ``destination`` names one layer of a GeoPackage in an existing folder, else None."""
    from .destinations import resolve

    text = str(destination or "")
    if "|" not in text and not text.lower().startswith("ogr:"):
        return None
    where = resolve(text)
    if where is None or where.layer is None or not where.path.lower().endswith(".gpkg"):
        return None
    return (where.path, where.layer) if Path(where.path).parent.is_dir() else None


def with_file(destination: str, path: str) -> str:
    """``destination`` (``ogr:dbname='…' …`` or ``file|layername=…``) naming the file ``path`` instead."""
    from .destinations import _DBNAME

    text = str(destination)
    if text.lower().startswith("ogr:"):
        found = _DBNAME.search(text)
        escaped = path.replace("\\", "\\\\").replace("'", "\\'")
        return text[:found.start()] + f"dbname='{escaped}'" + text[found.end():]
    return path + text[text.index("|"):]


def _stamp(path: Path) -> tuple | None:
    """What tells that a GeoPackage changed: its size and time, and its -wal's when it holds frames."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    try:
        wal = path.with_name(path.name + "-wal").stat()
        wal_stamp = (wal.st_size, wal.st_mtime_ns) if wal.st_size else None
    except FileNotFoundError:
        wal_stamp = None
    return st.st_ino, st.st_size, st.st_mtime_ns, wal_stamp


@dataclass
class Staging:
    """The staged sinks of one run: (staged file, final file as given)."""

    staged: list[tuple[str, str]] = field(default_factory=list)
    copies: dict[str, tuple[str, tuple | None]] = field(default_factory=dict)  # GeoPackage -> (copy, its stamp)
    replaced: list[str] = field(default_factory=list)  # the GeoPackages replaced (QGIS must reopen their layers)

    def _folder(self, final: Path) -> Path:
        sweep(final.parent)
        folder = final.parent / f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            folder.mkdir()
        except OSError as err:
            raise StagingError(tr("Cannot write to the folder {0}: {1}").format(final.parent, err.strerror)) from None
        return folder

    def full_disk_error(self) -> StagingError | None:
        """The disk_full error for the first staged destination whose disk has (almost) no room left, else None.

        On QGIS 3.40/3.44 a full disk already fails the writer itself, with GDAL's words for the half-written file
        ("… not recognized as being in a supported file format"); the run then says what happened instead."""
        for staged, final in self.staged:
            folder = Path(staged).parent.parent  # the staging folder sits beside the destination, on its disk
            try:
                free = shutil.disk_usage(folder).free
            except OSError:
                continue
            if free < 16 * 1024 * 1024:
                return StagingError(tr("The disk holding {0} is full: {1} was not written (any earlier file there "
                                       "is unchanged). Free some space and run again.").format(folder, final),
                                    code="disk_full")
        return None

    def stage(self, destination: str) -> str:
        """The path to write instead of ``destination``."""
        final = Path(os.path.abspath(destination))
        staged = str(self._folder(final) / final.name)
        self.staged.append((staged, destination))
        return staged

    def stage_layer(self, destination: str) -> str:
        """The destination to write instead of a layer of a GeoPackage: the same layer in a copy of the file
        (one copy per GeoPackage and run, so two layers added by one run both arrive)."""
        path, _layer = geopackage_layer(destination)
        if path not in self.copies:
            final = Path(path)
            if final.exists() and not os.access(final, os.W_OK):  # GDAL would not open it for writing either
                raise StagingError(tr("{0} is read-only: no layer can be added to it.").format(final))
            staged = self._folder(final) / final.name
            stamp = _stamp(final)
            for _attempt in range(3):  # a copy is kept once the file did not change while it was copied
                if stamp is None:
                    break
                copy_geopackage(final, staged)
                stamp, before = _stamp(final), stamp
                if stamp == before:
                    break
            self.copies[path] = (str(staged), stamp)
            self.staged.append((str(staged), path))
        return with_file(destination, self.copies[path][0])

    def rename(self, text):
        """``text`` (a result, a layer id) with each staged path replaced by its destination."""
        if not isinstance(text, str):
            return text
        for staged, final in self.staged:
            text = text.replace(staged, final)
        return text

    def publish(self) -> None:
        """Move every staged file onto its destination once each opens whole (the folders are then removed).

        QGIS does not report a GeoPackage whose last commit failed (a full disk): the run 'succeeds' with a file
        GDAL cannot open, so each file is opened and checked before anything is moved."""
        try:
            for staged, final in self.staged:
                check_complete(Path(staged), final)
            replacing = []  # every destination is checked before the first is moved
            for staged, final in self.staged:
                target = Path(final) if final in self.copies else Path(os.path.abspath(final))
                if final in self.copies and _stamp(target) != self.copies[final][1]:
                    raise StagingError(tr("{0} was changed by another program while this run wrote a layer into a "
                                          "copy of it; it was left as it is (nothing of that change is lost). Run "
                                          "again.").format(target), code="destination_changed")
                earlier = target.suffix.lower() == ".gpkg" and target.exists()
                if earlier:  # a GeoPackage replaced: no -wal of it may outlive it
                    settle_wal(target)
                replacing.append((Path(staged), final, target, earlier))
            for staged, final, target, earlier in replacing:
                if final in self.copies:
                    _replace_geopackage(staged, target)
                else:
                    publish_set(staged.parent, target.parent)
                if earlier:
                    self.replaced.append(os.path.realpath(target))
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the staging folders (whatever is still in them: nothing once published), except one still holding
        an earlier set that could not be put back (a later run's sweep tries again)."""
        for staged, _final in self.staged:
            if not (Path(staged).parent / NOTE).exists():
                shutil.rmtree(Path(staged).parent, ignore_errors=True)


def _replace_geopackage(staged: Path, final: Path) -> None:
    """The copy a layer was added to replaces the GeoPackage, with the file's permissions (and owner, when we may
    set it)."""
    if final.exists():
        before = final.stat()
        os.chmod(staged, before.st_mode & 0o7777)
        with contextlib.suppress(OSError):
            os.chown(staged, before.st_uid, before.st_gid)
    _move(staged, final)


@contextlib.contextmanager
def gdal_messages() -> Iterator[list[str]]:
    """GDAL's errors and warnings in this thread, kept in the list yielded instead of printed.

    A full disk makes GDAL print "ERROR 1: sqlite3_exec(COMMIT) failed: database or disk is full" and a few lines
    about tables it then cannot find, on stderr (qgis_process, the QGIS console) beside the run's own clear
    message; those lines say nothing the user can act on. GDAL still records its last error, so QGIS's writer
    reports a failure through ``lastError()`` as before. The handler stack is per thread: other threads print as
    usual. A failed run passes the kept lines to the log's details (``pushDebugInfo``); a run that succeeds logs
    them as warnings (a value too wide for a shapefile's field is worth reading)."""
    said: list[str] = []
    try:
        from osgeo import gdal
    except ImportError:  # pragma: no cover - GDAL comes with QGIS
        yield said
        return

    def keep(_kind, _number, text) -> None:
        said.append(str(text))

    gdal.PushErrorHandler(keep)
    try:
        yield said
    finally:
        gdal.PopErrorHandler()


def copy_geopackage(source: Path, copy: Path) -> None:
    """``source`` copied to ``copy`` with SQLite's backup: a consistent image even while others read it, with
    what its -wal still holds. Raises StagingError (a full disk, an unreadable file)."""
    try:
        src = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True, timeout=10)
        try:
            dst = sqlite3.connect(str(copy))
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as err:
        if shutil.disk_usage(copy.parent).free < 16 * 1024 * 1024:
            raise StagingError(tr("The disk holding {0} is full: no layer was added to {1} (it is unchanged). "
                                  "Free some space and run again.").format(copy.parent.parent, source),
                               code="disk_full") from None
        raise StagingError(tr("{0} cannot be read to add a layer to it: {1}").format(source, err)) from None


def settle_wal(path: Path) -> None:
    """Close ``path``'s write-ahead log before the file is replaced, or refuse when another connection holds it.

    A -wal or -shm beside a GeoPackage means a connection has it open in WAL mode: in QGIS, a layer of it being
    edited. SQLite would apply frames left in a -wal to whatever file then bears the name (the new one), and
    that connection would go on writing to the replaced file; so the log is checkpointed and the file set back
    to a rollback journal (which needs every other connection closed), and when that is not possible nothing is
    replaced."""
    companions = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    if not any(c.exists() for c in companions):
        return
    try:
        con = sqlite3.connect(str(path), timeout=1)
        try:
            mode = con.execute("PRAGMA journal_mode=DELETE").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        mode = "wal"
    if mode.lower() != "delete" or any(c.exists() and c.stat().st_size for c in companions[:1]):
        raise StagingError(tr("{0} is open for editing (a layer of it in QGIS or another program): save or stop "
                              "editing there and run again. It was left as it is.").format(path),
                           code="destination_in_use")


def publish_set(folder: Path, target: Path) -> None:
    """Move the files of ``folder`` into ``target`` as one set (a shapefile's .shp last), keeping the earlier
    set until the new one is in place and putting it back when a move fails."""
    new = sorted((f for f in folder.iterdir() if f.is_file() and f.name != NOTE
                  and not f.name.endswith(SQLITE_COMPANIONS)), key=_shp_last)
    if len(new) == 1 and new[0].suffix.lower() != ".shp":  # one file: os.replace is the whole of it
        _move(new[0], target / new[0].name)
        return
    earlier = _earlier_set(target, new)
    kept = folder / KEPT
    kept.mkdir(exist_ok=True)
    moved: list[str] = []
    try:
        for f in earlier:  # kept beside the new set until it is complete (a hard link: no copy)
            try:
                os.link(f, kept / f.name)
            except OSError:
                shutil.copy2(f, kept / f.name)
    except OSError as err:
        raise StagingError(tr("{0} cannot be replaced: {1}").format(target / new[-1].name, err.strerror)) from None
    # written once the earlier set is kept whole: a sweep after a kill from here on puts it back
    (folder / NOTE).write_text(json.dumps({"target": str(target), "moved": [f.name for f in new]}),
                               encoding="utf-8")
    try:
        for f in new:
            _move(f, target / f.name)
            moved.append(f.name)
        for f in earlier:  # sidecars the new set does not have (an index, a projection) would not match it
            if f.name not in moved:
                f.unlink()
    except BaseException:
        try:
            _put_back(target, moved, kept)
        except OSError:  # the note stays: the next run's sweep tries again
            pass
        else:
            (folder / NOTE).unlink()
        raise
    (folder / NOTE).unlink()


def _earlier_set(target: Path, new: list[Path]) -> list[Path]:
    """The files at ``target`` a new set replaces: for a shapefile every file named like it (any sidecar)."""
    stems = {f.stem for f in new if f.suffix.lower() == ".shp"}
    names = {f.name for f in new}
    found = []
    for f in target.iterdir() if stems else []:
        if f.is_file() and any(f.name.lower() == (s + ext).lower() for s in stems for ext in SHAPEFILE_PARTS):
            found.append(f)
    found += [target / n for n in names if (target / n).is_file() and target / n not in found]
    return sorted(found, key=_shp_last)


def _move(source: Path, destination: Path) -> None:
    try:
        os.replace(source, destination)
    except OSError as err:
        raise StagingError(tr("{0} cannot be replaced: {1}").format(destination, err.strerror)) from None


def check_complete(staged: Path, final: str) -> None:
    """Raise StagingError unless GDAL opens ``staged`` with its layers (and SQLite finds a GeoPackage sound).

    A GeoPackage's -wal is emptied into it first, so the file moved into place is the whole of it."""
    from osgeo import gdal, ogr

    sound = False
    if staged.suffix.lower() == ".gpkg":
        try:
            con = sqlite3.connect(str(staged))
            try:
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                sound = con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                con.close()
        except sqlite3.Error:
            sound = False
    else:
        sound = True
    if sound:
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        try:
            ds = ogr.Open(str(staged), 0)
            sound = ds is not None and ds.GetLayerCount() > 0
            ds = None
        finally:
            gdal.PopErrorHandler()
    if sound:
        return
    folder = Path(os.path.abspath(final)).parent
    if shutil.disk_usage(folder).free < 16 * 1024 * 1024:
        raise StagingError(tr("The disk holding {0} is full: {1} was not written (any earlier file there is "
                              "unchanged). Free some space and run again.").format(folder, final), code="disk_full")
    raise StagingError(tr("{0} could not be written completely (any earlier file there is unchanged).").format(final))
