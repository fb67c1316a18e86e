"""List product modules over 800 lines and functions over 80 lines in bekal/ (tests and migrations excluded).

The house style (STYLE.md) splits a module past about 800 lines into a package by sub-domain; a function past
about 80 lines is usually several steps that read better as named functions. This lists both so a review can
see what grew. `make lint` runs it with --strict, which fails on any, so a module or function grows past the limits
only by raising them here on purpose.
Usage: python scripts/check_sizes.py [--strict] [--module-lines N] [--function-lines N]
"""

import argparse
import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_PARTS = {"tests", "migrations"}


def product_files() -> list[Path]:
    return sorted(
        p
        for p in (ROOT / "bekal").rglob("*.py")
        if not SKIPPED_PARTS & set(p.relative_to(ROOT).parts) and not p.name.startswith("test_")
    )


def long_functions(path: Path, limit: int) -> list[tuple[str, int]]:
    """Return (qualified name, lines) for each function of the file longer than the limit."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: list[tuple[str, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                length = (child.end_lineno or child.lineno) - start + 1
                if length > limit:
                    found.append((f"{prefix}{child.name}", length))
                visit(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                visit(child, f"{prefix}{child.name}.")

    visit(tree, "")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module-lines", type=int, default=800)
    parser.add_argument("--function-lines", type=int, default=80)
    parser.add_argument("--strict", action="store_true", help="exit 1 when any module or function is over")
    args = parser.parse_args()
    over = 0
    for path in product_files():
        name = path.relative_to(ROOT)
        lines = len(path.read_text().splitlines())
        if lines > args.module_lines:
            print(f"{name}: module of {lines} lines")
            over += 1
        for function, length in long_functions(path, args.function_lines):
            print(f"{name}::{function}: {length} lines")
            over += 1
    return 1 if over and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
