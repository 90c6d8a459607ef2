"""A throw-away PostgreSQL + PostGIS server for the tests.

``initdb`` in a temporary directory, started on 127.0.0.1 on a free port with its
unix socket in that directory, trust authentication for one superuser, and always
stopped: by the session fixture's finaliser, by ``stop_all()`` (called from
``pytest_sessionfinish`` in tests/qgis/conftest.py, because the suite leaves with
``os._exit`` and skips atexit handlers) and by atexit for plain scripts.

PostgreSQL refuses to run as root, so as root the server runs as the ``postgres``
system user (``runuser``) in a directory it owns. The binaries are found through
``pg_config --bindir`` or ``/usr/lib/postgresql/*/bin`` (Debian 12 ships 15,
Debian 13 17). Debian packages: ``postgresql`` and ``postgresql-postgis``
(on Debian 12 that is ``postgresql-15-postgis-3``).
"""
from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

USER = "sc_test"
DBNAME = "sector_clusters"
_RUNNING: list[Server] = []


class Unavailable(RuntimeError):
    """PostgreSQL or PostGIS is not installed here; the message says what is missing."""


def _server_bindirs() -> list[Path]:
    dirs = []
    try:
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True, check=True).stdout.strip()
        dirs.append(Path(out))
    except (OSError, subprocess.CalledProcessError):
        pass
    dirs += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version, reverse=True)]
    return [d for d in dirs if (d / "initdb").exists() and (d / "pg_ctl").exists() and (d / "postgres").exists()]


def _version(path: str) -> int:
    try:
        return int(Path(path).parent.name.split(".")[0])
    except ValueError:
        return 0


def _has_postgis(bindir: Path) -> bool:
    """The PostGIS extension for this server version (``share/postgresql/<v>/extension``)."""
    try:
        share = subprocess.run([str(bindir / "pg_config"), "--sharedir"], capture_output=True, text=True,
                               check=True).stdout.strip() if (bindir / "pg_config").exists() else ""
    except (OSError, subprocess.CalledProcessError):
        share = ""
    candidates = [Path(share) / "extension"] if share else []
    candidates += [Path(f"/usr/share/postgresql/{bindir.parent.name}/extension")]
    return any((c / "postgis.control").exists() for c in candidates)


def find_binaries() -> Path:
    """The bin directory of a PostgreSQL server that has PostGIS, or Unavailable with the reason."""
    dirs = _server_bindirs()
    if not dirs:
        raise Unavailable("PostgreSQL server binaries not found (Debian: apt-get install postgresql)")
    for d in dirs:
        if _has_postgis(d):
            return d
    raise Unavailable(f"PostGIS is not installed for PostgreSQL {dirs[0].parent.name} "
                      "(Debian: apt-get install postgresql-postgis)")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    bindir: Path
    root: Path
    port: int
    host: str = "127.0.0.1"
    user: str = USER
    dbname: str = DBNAME
    _as: list[str] = field(default_factory=list)
    running: bool = False

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def conninfo(self) -> str:
        return f"host={self.host} port={self.port} dbname={self.dbname} user={self.user} sslmode=disable"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run([*self._as, *args], capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> Server:
        self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", self.user, "-A", "trust", "-E", "UTF8",
                  "--no-locale")
        options = (f"-p {self.port} -k {self.root} -c listen_addresses={self.host} -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start")
        self.running = True
        _RUNNING.append(self)
        self.psql("CREATE DATABASE " + self.dbname, dbname="postgres")
        self.psql("CREATE EXTENSION postgis")
        return self

    def psql(self, sql: str, dbname: str | None = None) -> str:
        """Run ``sql`` over TCP as the superuser; the unaligned, tuples-only output."""
        psql = self.bindir / "psql"
        cmd = [str(psql) if psql.exists() else "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
               "-h", self.host, "-p", str(self.port), "-U", self.user, "-d", dbname or self.dbname, "-c", sql]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"psql failed on {sql!r}: {done.stderr.strip()}")
        return done.stdout.strip()

    def load(self, source: str | Path, table: str, *args: str, layer: str | None = None) -> None:
        """ogr2ogr a file (its ``layer``, default the only one) into ``public.<table>``
        (geometry column ``geom``, key ``ogc_fid``)."""
        which = [layer] if layer else []
        done = subprocess.run(["ogr2ogr", "-f", "PostgreSQL", f"PG:{self.conninfo}", str(source), *which,
                               "-nln", table,
                               "-lco", "GEOMETRY_NAME=geom", "-lco", "FID=ogc_fid", "-overwrite", *args],
                              capture_output=True, text=True, timeout=300)
        if done.returncode:
            raise RuntimeError(f"ogr2ogr could not load {source} into {table}: {done.stderr.strip()}")
        column = self.psql(f"SELECT f_geometry_column FROM geometry_columns WHERE f_table_name = '{table}'")
        if column != "geom":  # ogr2ogr keeps a GeoPackage's own geometry column name
            self.psql(f'ALTER TABLE public."{table}" RENAME COLUMN "{column}" TO geom')

    def stop(self) -> None:
        if not self.running:
            return
        self.running = False
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "-t", "60", "stop",
                  check=False)
        if self in _RUNNING:
            _RUNNING.remove(self)
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> Server:
    """A fresh server, started; Unavailable when the binaries or PostGIS are missing."""
    bindir = find_binaries()
    root = Path(tempfile.mkdtemp(prefix="sc_postgis_"))
    runner: list[str] = []
    if os.geteuid() == 0:
        if shutil.which("runuser") is None:
            raise Unavailable("running as root and runuser is missing (PostgreSQL refuses to run as root)")
        try:
            import pwd

            pw = pwd.getpwnam("postgres")
        except KeyError:
            raise Unavailable("running as root and there is no 'postgres' system user to run the server") from None
        os.chown(root, pw.pw_uid, pw.pw_gid)
        os.chmod(root, 0o700)
        runner = ["runuser", "-u", "postgres", "--"]
    server = Server(bindir, root, _free_port(), _as=runner)
    try:
        return server.start()
    except subprocess.CalledProcessError as exc:
        log = (root / "server.log").read_text(errors="replace")[-2000:] if (root / "server.log").exists() else ""
        server.stop() if server.running else shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr or exc.stdout}\n{log}") from None


def stop_all() -> None:
    for server in list(_RUNNING):
        server.stop()


def wait_gone(server: Server, timeout: float = 10.0) -> bool:
    """True once nothing listens on the server's port any more."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            if s.connect_ex((server.host, server.port)) != 0:
                return True
        time.sleep(0.2)
    return False


atexit.register(stop_all)
