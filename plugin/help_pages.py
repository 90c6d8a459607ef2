"""Where the bundled help page is, in the plugin's language: the panel's Help button opens it and every
Processing algorithm links to its section.

A top-level module (beside ``i18n``) so that ``ui`` and ``processing``, which never import each other, both
find the same page. No Qt: it only finds a file.
"""
from __future__ import annotations

from pathlib import Path

from .i18n import installed_language

HELP_DIR = Path(__file__).resolve().parents[1] / "resources" / "help"


def help_page() -> Path:
    """The bundled help in the user's language when there is one (index_fr.html in French), else English."""
    translated = HELP_DIR / f"index_{installed_language()}.html"
    return translated if translated.is_file() else HELP_DIR / "index.html"
