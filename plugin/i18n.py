"""One translation context for every user-visible string of the plugin, and numbers in the user's locale.

Every string goes through :func:`tr`, which looks it up under the one context ``SectorClusters``; the
extractor (``scripts/translations.py``) files every string it finds under that same context, so what
``i18n/sector_clusters_<lang>.ts`` holds is what the runtime asks for. A string that is computed (a label
kept in a table and translated where it is shown) is marked where it is written with :func:`tr_noop`, which
returns it unchanged: the extractor sees the mark, the runtime translates it later with ``tr(variable)``.

Without QGIS (the core's and the wording's tests) ``tr`` returns the English text unchanged and numbers are
written the English way.
"""
from __future__ import annotations

import math
from pathlib import Path

CONTEXT = "SectorClusters"
I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"
QM_NAME = "sector_clusters_{}.qm"

try:
    from qgis.PyQt.QtCore import QCoreApplication, QLocale, QTranslator
except ImportError:  # pragma: no cover - only outside QGIS
    QCoreApplication = QLocale = QTranslator = None

_installed: list = []  # the QTranslator the plugin installed (kept alive here; Qt holds no reference)
_language = ["en"]  # the language of the installed translation


def tr(text: str) -> str:
    if QCoreApplication is None:
        return text
    return QCoreApplication.translate(CONTEXT, text)


def tr_noop(text: str) -> str:
    """Mark a literal for the extractor; it is translated where it is shown, with ``tr(value)``."""
    return text


def qgis_language() -> str:
    """The language QGIS shows its own interface in: ``locale/userLocale`` when the user overrode the system
    locale (Settings ▸ Options ▸ General), the system's otherwise; two letters ("fr"), "en" when unknown."""
    if QLocale is None:
        return "en"
    from qgis.core import QgsSettings

    settings = QgsSettings()
    override = str(settings.value("locale/overrideFlag", False)).lower() in ("true", "1")
    name = str(settings.value("locale/userLocale", "") or "") if override else ""
    if not name:
        name = QLocale.system().name()
    return (name or "en")[:2].lower()


def qm_path(language: str) -> Path:
    return I18N_DIR / QM_NAME.format(language)


def install_translator(language: str | None = None) -> str | None:
    """Install the plugin's translation for ``language`` (QGIS's when None); the language installed, or None
    when there is none to install (English, or a language without a ``.qm``). Installing again replaces it."""
    if QTranslator is None:
        return None
    remove_translator()
    language = language or qgis_language()
    path = qm_path(language)
    if language == "en" or not path.is_file():
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    _language[0] = language
    return language


def remove_translator() -> None:
    while _installed:
        QCoreApplication.removeTranslator(_installed.pop())
    _language[0] = "en"


def installed_language() -> str:
    """The language the plugin speaks now: the installed translation's, "en" without one."""
    return _language[0]


def translation_active() -> bool:
    """A translation of the plugin is installed (the user does not read the English texts)."""
    return bool(_installed)


# ------------------------------------------------------------------------------------------ numbers
def number_locale():
    """The locale numbers are written and typed in: Qt's default, which QGIS sets at start-up from its own
    settings (Settings ▸ Options ▸ General: the locale for numbers, the interface's by default, and digit grouping
    only with "Show group separator"); None outside QGIS. The panel's fields take it too, so a field reads and
    shows numbers as ``number`` writes them (1,25 in French)."""
    return QLocale() if QLocale is not None else None


def number(value: float, decimals: int = 0) -> str:
    """``value`` with ``decimals`` places and the locale's separators: 76,753 / 1.25 in English, 76 753 / 1,25
    in French (QGIS sets Qt's default locale from its own setting at start-up)."""
    loc = number_locale()
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return str(value)
    if loc is None:
        return f"{value:,.{decimals}f}"
    return loc.toString(float(value), "f", decimals)


def localise(text: str) -> str:
    """A number Python formatted (``f"{x:.2f}"``, no grouping) with the locale's decimal mark: 1,25 in French."""
    loc = number_locale()
    if loc is None or "e" in text:
        return text
    return text.replace(".", loc.decimalPoint())


def number_g(value: float, digits: int = 6) -> str:
    """A number as short as ``:g`` writes it (no grouping, no trailing zeros) in the locale's decimal mark:
    0.05 / 0,05, 1.5 / 1,5, 2 / 2."""
    return localise(f"{value:.{digits}g}")


def parse_number(text: str) -> float:
    """A number typed the locale's way (1,25 in French) or the plain way (1.25); ValueError when neither."""
    text = text.strip().replace("\u202f", "").replace("\u00a0", "")
    loc = number_locale()
    if loc is not None:
        value, ok = loc.toDouble(text)
        if ok:
            return value
    return float(text)
