"""The errors a user can act on, and cancellation.

Every front end (Processing, the panel, `make demo`) shows a ``UserError``'s message as it is, without a
traceback; code that must react to a particular problem tests ``code`` (a stable, machine-readable reason),
never the wording, which may be reworded or translated.

``UserError`` is the one base of the errors whose message is meant for the user: the front ends catch it and
nothing wider. Any other exception (a ``ValueError``, ``TypeError``, ``KeyError``… raised by a mistake in the
code) is a bug and surfaces as one, with its traceback (Processing shows it; the panel says "Something went
wrong" and logs it). A test (tests/core/test_error_classes.py) holds every ``*Error`` class of the plugin to this.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any


class UserError(ValueError):
    """Input or settings the user can fix; the message says how in plain words.

    It stays a ``ValueError`` because that is what bad input is in Python: a caller (or a test) that expects
    ``ValueError`` from a wrong value still gets one. The converse does not hold: a front end never catches
    ``ValueError`` to show a user message, since a bug raises those too; it catches ``UserError``.
    """

    code = "invalid_input"

    def __init__(self, message: str, code: str | None = None, **details: Any):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.details = details

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class SettingsError(UserError):
    """A setting no data could make work (a negative tolerance, an unknown baseline…)."""

    code = "settings"


class Cancelled(Exception):
    """Raised when the caller's ``is_cancelled`` returns True mid-computation."""


def check_cancelled(is_cancelled: Callable[[], bool] | None) -> None:
    if is_cancelled is not None and is_cancelled():
        raise Cancelled()
