"""Fail when a test run skipped anything for missing data or a missing tool the Makefile installs.

Usage: check_skips.py PYTEST_LOG. Reads pytest's ``-ra`` summary (``SKIPPED [n] file:line: reason``). The suite
must run in full from a fresh clone: its data lives in tests/data and `make test` installs every tool, so the only
acceptable skips are those that cannot happen on this machine by nature (e.g. read-only files cannot fail for
root, or a comparison needing two shapely versions in one place).
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

# Reasons that mean the run was not the whole suite.
MISSING = re.compile(r"not found|missing|not installed|no such file|unavailable|shared data", re.IGNORECASE)


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__)
        return 2
    text = Path(argv[1]).read_text(encoding="utf-8", errors="replace")
    skips = [line for line in text.splitlines() if line.startswith("SKIPPED")]
    bad = [line for line in skips if MISSING.search(line)]
    for line in skips:
        print(("NOT ALLOWED  " if line in bad else "allowed      ") + line)
    if not re.search(r"\d+ passed", text):
        print("no pytest summary line found")
        return 1
    if bad:
        print(f"{len(bad)} test(s) skipped for missing data or tools: the suite must run in full")
        return 1
    print(f"skips: {len(skips)} line(s), none for missing data or tools")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
