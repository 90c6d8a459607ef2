"""Running an algorithm through `qgis_process` as a user types it, for tests that must see the command line's
own parameter conversion and everything printed (PROJ lines, tracebacks).

The plugin is linked into a throw-away plugin folder and enabled in a throw-away profile, as in
tests/e2e/test_qgis_process.py; the binary is called directly (Debian's 3.22 wrapper passes a flag the binary
rejects).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO

BIN = shutil.which("qgis_process.bin") or shutil.which("qgis_process") or "/usr/bin/qgis_process.bin"
# QGIS's own start-up lines, printed before any plugin code runs: not ours.
QGIS_OWN = re.compile(r"DeprecationWarning: setapi\(\)|^QStandardPaths: "
                      r"|/usr/(lib|share)/\S*qgis\S*: DeprecationWarning")


@dataclass
class Outcome:
    code: int
    stdout: str
    stderr: str

    @property
    def text(self) -> str:
        return self.stdout + self.stderr

    @property
    def lines(self) -> list[str]:
        """Every printed line that QGIS itself does not print at start-up."""
        return [line for line in self.text.splitlines() if not QGIS_OWN.search(line)]

    @property
    def results(self) -> dict:
        """The `--json` answer's results (a failed run has none)."""
        start = self.stdout.find("{")
        return json.loads(self.stdout[start:]).get("results", {}) if start >= 0 else {}


class QgisProcess:
    """`qgis_process.bin run ALG --json -- NAME=value …` in a profile where only this plugin was enabled."""

    def __init__(self, root: Path):
        if not Path(BIN).exists():
            pytest.fail(f"qgis_process is not installed ({BIN})")
        self.root = root
        (root / "plugins").mkdir(parents=True, exist_ok=True)
        link = root / "plugins" / "sector_clusters"
        if not link.exists():
            link.symlink_to(REPO, target_is_directory=True)
        runtime = root / "runtime"
        runtime.mkdir(mode=0o700, exist_ok=True)
        env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME")}
        env["PATH"] = ":".join(p for p in env.get("PATH", "").split(":") if ".venv" not in p)
        env.update(QT_QPA_PLATFORM="offscreen", QGIS_PLUGINPATH=str(root / "plugins"),
                   QGIS_CUSTOM_CONFIG_PATH=str(root / "config"), XDG_RUNTIME_DIR=str(runtime))
        self.env = env
        self._call("plugins", "enable", "sector_clusters")

    def _call(self, *args: str) -> Outcome:
        proc = subprocess.run([BIN, *args], capture_output=True, text=True, env=self.env, cwd=self.root,
                              timeout=300)
        return Outcome(proc.returncode, proc.stdout, proc.stderr)

    def run(self, alg: str, params: dict) -> Outcome:
        """Each value is passed as text, as typed; a list repeats the parameter (FIELDS=a FIELDS=b)."""
        args = []
        for name, value in params.items():
            for v in value if isinstance(value, list | tuple) else [value]:
                args.append(f"{name}={v}")
        return self._call("run", f"sectorclusters:{alg}", "--json", "--", *args)
