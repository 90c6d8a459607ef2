"""A user error in the user's language, for every front end (the panel and Processing).

``plugin/core`` is pure Python and never imports the translation module, so the messages it raises are
English. Each kind of core error has a ``code`` (``core.errors.UserError``); this maps the codes of the
error classes to words that are translated, and a user who reads the plugin in another language sees those
words first, then the English detail (which names the file, column or value at fault). The errors the steps
raise with their own codes (``no_table``, ``null_keys``…) are already translated where they are raised.
"""
from __future__ import annotations

from ..i18n import tr, tr_noop, translation_active

ERROR_WORDS = {
    "invalid_input": tr_noop("The input cannot be used."),
    "settings": tr_noop("A setting is not valid."),
    "table": tr_noop("The scores table cannot be used."),
    "baseline": tr_noop("The baseline cannot be computed."),
    "statistics": tr_noop("The spatial statistic cannot be computed."),
    "regionalisation": tr_noop("The regions cannot be grouped by their sector profile."),
    "timeline": tr_noop("The clusters cannot be followed through the periods."),
    "layer": tr_noop("The layer cannot be used."),
    "write_failed": tr_noop("The output cannot be written."),
    "overlay": tr_noop("The overlay layer cannot be used."),
}


def error_message(exc: BaseException) -> str:
    """What to show for ``exc``: its message as it is in English (or when no words fit its code); otherwise
    the translated words of its code, then the message."""
    message = str(exc.args[0]) if exc.args else str(exc)
    words = ERROR_WORDS.get(getattr(exc, "code", None) or "")
    if words is None or not translation_active():
        return message
    said = tr(words)
    return f"{said} {message}" if said != words else message
