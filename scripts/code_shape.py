"""Report the shape of the plugin's code: file sizes, function lengths,
parameters per function and methods per class.

Why: issue-free maintenance needs small units; this prints the figures the
architecture rules are checked against (see docs/architecture.md) so a
change can show its before/after.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "plugin"


def _params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    a = fn.args
    names = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs]
    names = [n for n in names if n not in ("self", "cls")]
    return len(names)


def collect(root: Path = ROOT) -> dict:
    files, functions, classes = [], [], []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = path.relative_to(root.parent).as_posix()
        files.append((len(text.splitlines()), rel))
        tree = ast.parse(text)
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                methods = [n for n in node.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
                classes.append((len(methods), f"{rel}:{node.name}"))
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = node.end_lineno - node.lineno + 1
                functions.append((length, _params(node), f"{rel}:{node.lineno}:{node.name}"))
    return {"files": files, "functions": functions, "classes": classes}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    shape = collect()
    files = sorted(shape["files"], reverse=True)
    print(f"files: {len(files)}, lines: {sum(n for n, _ in files)}")
    print("largest files:")
    for n, name in files[: args.top]:
        print(f"  {n:5d}  {name}")
    fns = shape["functions"]
    print("longest functions:")
    for length, _, name in sorted(fns, reverse=True)[: args.top]:
        print(f"  {length:5d}  {name}")
    over = sorted(((p, name) for _, p, name in fns if p > 6), reverse=True)
    print(f"functions with more than 6 parameters: {len(over)}")
    for p, name in over[: args.top * 4]:
        print(f"  {p:5d}  {name}")
    cls = sorted(shape["classes"], reverse=True)
    print("most methods per class:")
    for n, name in cls[: args.top]:
        print(f"  {n:5d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
