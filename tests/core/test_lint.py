"""The tree stays ruff-clean (rules in ruff.toml)."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO


def test_ruff_clean():
    ruff = Path(sys.executable).parent / "ruff"
    exe = str(ruff) if ruff.exists() else shutil.which("ruff")
    if not exe:
        pytest.skip("ruff is not installed")
    proc = subprocess.run([exe, "check", "--output-format", "concise", str(REPO)], capture_output=True, text=True,
                          cwd=REPO)
    assert proc.returncode == 0, proc.stdout
