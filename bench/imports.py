"""Import structure of the first-party packages, read from the source (AST), not by importing anything.

    .venv/bin/python -m bench.imports [--verbose]

Prints the number of modules, import edges, import cycles (strongly connected groups of modules that import
each other, counting imports inside functions), the files in them, and the imports written inside functions.
Imports under `if TYPE_CHECKING:` never run and are left out of the cycles (counted on their own line).
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ocr", "enrich", "service")
SKIP_PARTS = {"versions"}  # Alembic revision scripts are loaded by Alembic, never imported


@dataclass
class Graph:
    """Modules, their runtime import edges, and counts of where the imports are written."""

    modules: dict[str, Path] = field(default_factory=dict)
    edges: dict[str, set[str]] = field(default_factory=dict)
    in_function: list[tuple[str, int, str]] = field(default_factory=list)  # first-party imports in functions
    in_function_other: int = 0  # third-party or standard-library imports in functions
    type_checking: int = 0


def module_name(path: Path) -> str:
    """The dotted module name of a source file under ROOT."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> Iterator[Path]:
    """Every first-party .py file (Alembic revisions excepted)."""
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if not SKIP_PARTS & set(path.relative_to(ROOT).parts):
                yield path


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module) -> Iterator[tuple[ast.stmt, bool, bool]]:
    """(import statement, inside a function, under TYPE_CHECKING) for every import in the module."""

    def walk(node: ast.AST, in_function: bool, type_checking: bool) -> Iterator[tuple[ast.stmt, bool, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, in_function, type_checking
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from walk(child, True, type_checking)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                for stmt in child.body:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), in_function, True)
                for stmt in child.orelse:
                    yield from walk(ast.Module(body=[stmt], type_ignores=[]), in_function, type_checking)
            else:
                yield from walk(child, in_function, type_checking)

    yield from walk(tree, False, False)


def _targets(stmt: ast.stmt, module: str, is_package: bool, modules: dict[str, Path]) -> list[str]:
    """The first-party modules an import statement loads (a submodule when `from pkg import sub` names one)."""
    if isinstance(stmt, ast.Import):
        return [alias.name for alias in stmt.names]
    assert isinstance(stmt, ast.ImportFrom)
    base = stmt.module or ""
    if stmt.level:
        parts = module.split(".") if is_package else module.split(".")[:-1]
        parts = parts[: len(parts) - (stmt.level - 1)]
        base = ".".join(parts + ([base] if base else []))
    found = []
    for alias in stmt.names:
        candidate = f"{base}.{alias.name}"
        found.append(candidate if candidate in modules else base)
    return found


def build() -> Graph:
    """Read every source file into the import graph."""
    graph = Graph()
    for path in source_files():
        graph.modules[module_name(path)] = path
    for name, path in graph.modules.items():
        tree = ast.parse(path.read_text(), str(path))
        edges = graph.edges.setdefault(name, set())
        for stmt, in_function, type_checking in _imports(tree):
            targets = [t for t in _targets(stmt, name, path.name == "__init__.py", graph.modules)
                       if t.split(".")[0] in PACKAGES]
            if type_checking:
                graph.type_checking += 1
                continue
            if in_function:
                if targets:
                    graph.in_function.append((name, stmt.lineno, ", ".join(targets)))
                else:
                    graph.in_function_other += 1
            edges.update(t for t in targets if t in graph.modules and t != name)
    return graph


def cycles(graph: Graph) -> list[list[str]]:
    """Strongly connected groups of two or more modules (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(sorted(group))
    return sorted(groups)


def main(argv: list[str] | None = None) -> int:
    """Print the figures; exit status 1 when there is an import cycle."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list the in-function imports too")
    args = parser.parse_args(argv)
    graph = build()
    found = cycles(graph)
    print(f"modules:                        {len(graph.modules)}")
    print(f"import edges (first-party):     {sum(len(e) for e in graph.edges.values())}")
    print(f"import cycles:                  {len(found)}")
    print(f"files in cycles:                {sum(len(g) for g in found)}")
    print(f"first-party imports in functions: {len(graph.in_function)}")
    print(f"other imports in functions:     {graph.in_function_other}")
    print(f"imports under TYPE_CHECKING:    {graph.type_checking}")
    for group in found:
        print("  cycle: " + " <-> ".join(group))
    if args.verbose:
        for module, line, targets in graph.in_function:
            print(f"  in function: {module}:{line} -> {targets}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
