"""Build dist/sector_clusters-<version>.zip as the official plugin repository expects.

Only tracked files go in (git ls-files), under a top folder named sector_clusters;
tests, benchmarks, CI and build scripts stay out; no __pycache__ or binaries.
"""
from __future__ import annotations

import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXCLUDE_TOP = {"tests", "benchmarks", ".ci", "scripts", "docs", ".gitignore", "Makefile", "pytest.ini", "ruff.toml"}
# The README's picture, so it shows in the plugin manager (README.md points at docs/demo_map.png).
INCLUDE = {"docs/demo_map.png"}
BINARY_SUFFIXES = {".so", ".pyd", ".dll", ".exe", ".pyc", ".dylib"}


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(ROOT / "dist"))
    args = parser.parse_args()
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "metadata.txt")
    version = cfg["general"]["version"]
    # -z: names as they are (the vendored test data has spaces in its names; split() cut them into words)
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split("\0")[:-1]
    keep = [f for f in files if (f in INCLUDE or f.split("/")[0] not in EXCLUDE_TOP)
            and Path(f).suffix not in BINARY_SUFFIXES and "__pycache__" not in f]
    if "LICENSE" not in keep:
        print("LICENSE is missing", file=sys.stderr)
        return 1
    out = Path(args.out) / f"sector_clusters-{version}.zip"
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for f in keep:
            z.write(ROOT / f, f"sector_clusters/{f}")
    print(f"{out} ({len(keep)} files, {out.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
