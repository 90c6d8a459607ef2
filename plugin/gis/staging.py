"""Vector outputs written whole or not at all.

A sink whose destination is a plain file path (``out.gpkg``, ``out.shp``, ``unmatched.csv``) is written under a
hidden folder beside it, ``.sc-partial-<pid>-<random>/out.gpkg`` (the same file name, so a GeoPackage's layer is
named as before), and its files are moved onto the destination with ``os.replace`` only when the whole run has
succeeded. A failed or cancelled run removes the folder; a killed one leaves it, and the next run writing to that
folder removes folders whose process is gone. An earlier file at the destination stays byte-identical until the
new one is complete.
"""
from __future__ import annotations

import os
import re
import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import UserError
from ..i18n import tr

PREFIX = ".sc-partial-"


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
    """Remove the staging folders a killed run left in ``folder`` (their process is gone)."""
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
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(entry, ignore_errors=True)


def stageable(destination: str) -> bool:
    """A plain file path in an existing folder (not a layer URI, a database or a memory layer)."""
    text = str(destination or "")
    if not text or "|" in text or re.match(r"^[A-Za-z][\w+]+:", text) or text == "TEMPORARY_OUTPUT":
        return False
    return Path(os.path.abspath(text)).parent.is_dir()


@dataclass
class Staging:
    """The staged sinks of one run: (staged file, final file as given)."""

    staged: list[tuple[str, str]] = field(default_factory=list)

    def stage(self, destination: str) -> str:
        """The path to write instead of ``destination``."""
        final = Path(os.path.abspath(destination))
        sweep(final.parent)
        folder = final.parent / f"{PREFIX}{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            folder.mkdir()
        except OSError as err:
            raise StagingError(tr("Cannot write to the folder {0}: {1}").format(final.parent, err.strerror)) from None
        staged = str(folder / final.name)
        self.staged.append((staged, destination))
        return staged

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
            for staged, final in self.staged:
                folder, target = Path(staged).parent, Path(os.path.abspath(final)).parent
                for f in sorted(folder.iterdir(), key=lambda p: p.suffix.lower() == ".shp"):  # .shp last
                    try:
                        os.replace(f, target / f.name)
                    except OSError as err:
                        raise StagingError(tr("{0} cannot be replaced: {1}").format(target / f.name,
                                                                                  err.strerror)) from None
        finally:
            self.discard()

    def discard(self) -> None:
        """Remove the staging folders (whatever is still in them: nothing once published)."""
        for staged, _final in self.staged:
            shutil.rmtree(Path(staged).parent, ignore_errors=True)


def check_complete(staged: Path, final: str) -> None:
    """Raise StagingError unless GDAL opens ``staged`` with its layers (and SQLite finds a GeoPackage sound)."""
    import sqlite3

    from osgeo import gdal, ogr

    sound = False
    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        ds = ogr.Open(str(staged), 0)
        sound = ds is not None and ds.GetLayerCount() > 0
        ds = None
    finally:
        gdal.PopErrorHandler()
    if sound and staged.suffix.lower() == ".gpkg":
        try:
            con = sqlite3.connect(f"file:{staged}?mode=ro", uri=True)
            try:
                sound = con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            finally:
                con.close()
        except sqlite3.Error:
            sound = False
    if sound:
        return
    folder = Path(os.path.abspath(final)).parent
    if shutil.disk_usage(folder).free < 16 * 1024 * 1024:
        raise StagingError(tr("The disk holding {0} is full: {1} was not written (any earlier file there is "
                              "unchanged). Free some space and run again.").format(folder, final), code="disk_full")
    raise StagingError(tr("{0} could not be written completely (any earlier file there is unchanged).").format(final))
