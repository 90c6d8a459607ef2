"""One base for the errors a user is shown: every exception class the plugin defines is a ``UserError``.

The front ends (Processing's ``user_errors``, the panel's ``error_words``) show a ``UserError``'s message as it
is and treat anything else as a bug (a traceback). An error class outside ``UserError`` would therefore either
need a special case in each front end or have its plain-words message shown as a crash. The class tree is read
from the source by AST, so no module is imported (no QGIS needed).
"""
from __future__ import annotations

import ast
import builtins
from pathlib import Path

PLUGIN = Path(__file__).resolve().parents[2] / "plugin"
BUILTIN_EXCEPTIONS = {name for name, value in vars(builtins).items()
                      if isinstance(value, type) and issubclass(value, BaseException)}
#: exception classes that carry no message for the user, with the reason
NOT_USER_ERRORS = {
    "Cancelled": "the user asked to stop: each front end says 'Cancelled' in its own way",
}


def plugin_classes() -> dict[str, set[str]]:
    """{class name: the names of its bases} for every class defined in plugin/ (names are unique enough here;
    two classes of one name pool their bases, which can only make the test stricter)."""
    classes: dict[str, set[str]] = {}
    for path in sorted(PLUGIN.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = {b.id if isinstance(b, ast.Name) else b.attr for b in node.bases
                         if isinstance(b, (ast.Name, ast.Attribute))}
                classes.setdefault(node.name, set()).update(bases)
    return classes


def ancestors(name: str, classes: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        for base in classes.get(todo.pop(), ()):
            if base not in seen:
                seen.add(base)
                todo.append(base)
    return seen


def test_every_plugin_exception_is_a_user_error():
    classes = plugin_classes()
    exceptions = {name for name in classes
                  if name.endswith("Error") or ancestors(name, classes) & BUILTIN_EXCEPTIONS}
    assert {"ExportError", "TimelineMapError", "OverlayError", "PointClustersError"} <= exceptions
    outside = {name for name in exceptions - set(NOT_USER_ERRORS) - {"UserError"}
               if "UserError" not in ancestors(name, classes)}
    assert outside == set(), f"exception classes outside core.errors.UserError: {sorted(outside)}"


def test_every_user_error_class_has_a_code_of_its_own_or_its_parents():
    """``code`` is what callers test (never the wording): each class sets one, or inherits a parent's on purpose."""
    codes: dict[str, str] = {}
    for path in sorted(PLUGIN.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and any(getattr(t, "id", "") == "code" for t in stmt.targets) \
                            and isinstance(stmt.value, ast.Constant):
                        codes[node.name] = stmt.value.value
    for name in ("ExportError", "TimelineMapError", "OverlayError", "PointClustersError"):
        assert codes.get(name), name
