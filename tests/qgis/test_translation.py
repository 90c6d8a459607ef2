"""Translations load end to end: every string the code shows is in the French .ts under the context tr() asks
for, the committed .qm is what the .ts builds, Qt's own QTranslator reads it, and numbers follow the locale."""
from __future__ import annotations

import collections
import importlib.util
import string
import sys

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import QLocale

from plugin import i18n
from plugin.i18n import CONTEXT, install_translator, qgis_language, remove_translator, tr
from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("translations", REPO / "scripts" / "translations.py")
translations = importlib.util.module_from_spec(spec)
sys.modules["translations"] = translations
spec.loader.exec_module(translations)
FR_TS = REPO / "i18n" / "sector_clusters_fr.ts"


@pytest.fixture
def french(qgis_app):
    assert install_translator("fr") == "fr"
    yield
    remove_translator()


@pytest.fixture
def locale_of():
    """Set Qt's default locale (what QGIS sets from its own setting at start-up) for one test."""
    before = QLocale()

    def use(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield use
    QLocale.setDefault(before)


def test_every_string_is_extracted_translated_and_built():
    found = translations.extract()
    assert len(found) > 700  # the panel, the algorithms, legends and subtitles
    assert translations.problems() == []
    # the computed strings come through their marks: a Choice label, a legend word, a core table
    for text in ("Location quotient", "Persistent: above in every period", "★★ size and specialisation",
                 "Hot spot, 95 %", "Cluster analysis"):
        assert text in found


def test_ts_uses_the_runtime_context_and_keeps_placeholders():
    have = translations.read_ts(FR_TS)
    assert FR_TS.read_text(encoding="utf-8").count("<name>") == 1 and f"<name>{CONTEXT}</name>" in FR_TS.read_text(
        encoding="utf-8")

    def fields(s: str):
        return collections.Counter(f for _, f, spec, _c in string.Formatter().parse(s) if f is not None)

    wrong = [s for s, t in have.items() if fields(s) != fields(t)]
    assert wrong == []


def test_qt_reads_the_built_qm(french):
    assert tr("Detect multi-region clusters") == "Détecter les clusters multirégionaux"
    assert tr("Location quotient") == "Quotient de localisation"
    assert tr("★★ size and specialisation") == "★★ taille et spécialisation"
    assert tr("Legend") == "Légende"
    assert tr("a string nobody translated") == "a string nobody translated"
    remove_translator()
    assert tr("Legend") == "Legend"


def test_language_comes_from_qgis_settings(qgis_app):
    settings = QgsSettings()
    old = settings.value("locale/userLocale"), settings.value("locale/overrideFlag")
    try:
        settings.setValue("locale/overrideFlag", True)
        settings.setValue("locale/userLocale", "fr_FR")
        assert qgis_language() == "fr"
        assert install_translator() == "fr" and tr("Legend") == "Légende"
        settings.setValue("locale/userLocale", "en_GB")
        assert install_translator() is None and tr("Legend") == "Legend"
    finally:
        remove_translator()
        settings.setValue("locale/userLocale", old[0] or "")
        settings.setValue("locale/overrideFlag", old[1] or False)


def test_core_errors_get_translated_words(french):
    from plugin.core.tables import TableError
    from plugin.steps.error_words import error_message

    exc = TableError("The table file x.csv is empty.")
    assert error_message(exc) == "Le tableau de scores ne peut pas être utilisé. The table file x.csv is empty."
    remove_translator()
    assert error_message(exc) == "The table file x.csv is empty."


def test_numbers_in_the_locale(qgis_app, locale_of):
    from plugin.steps import words

    locale_of("en_GB")
    assert i18n.number(76753.2) == "76,753" and words.fmt_number(1.25) == "1.25"
    assert words.describe("lq", 1.25) == "LQ > 1.25" and i18n.parse_number("1.25") == 1.25
    locale_of("fr_FR")
    assert i18n.number(76753.2).replace("\u202f", " ").replace("\u00a0", " ") == "76 753"
    assert words.fmt_number(1.25) == "1,25" and i18n.number_g(0.05) == "0,05"
    assert words.p_text(0.0451) == "0,045"
    assert i18n.parse_number("1,25") == 1.25 and i18n.parse_number("1.25") == 1.25
