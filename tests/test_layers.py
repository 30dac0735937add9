"""The generator's house: every module in a layer, imports only downwards (or within the layer), no circle.

The journey of the data is the order of the layers: foundations → data read → store → pages → what uses
pages (the build, the review, sources in) → the command line. Imports inside functions count: a lazy import
is an import all the same.
"""

from __future__ import annotations

import ast
from pathlib import Path

from .conftest import ROOT

PACKAGE = ROOT / "generator"

# Lowest first. A module is named by its dotted path under generator/; a package stands for its modules.
LAYERS: list[tuple[str, ...]] = [
    ("errors", "words", "grammar", "numbers", "quotes", "wording", "settings", "outdir", "tabular", "texttable"),  # foundations
    ("load", "schema", "schema_errors"),  # YAML text → typed entries with positions
    ("model", "checks", "derive", "store", "evidence", "cells", "freshness", "export", "history", "changes"),  # the checked collection, its past
    ("render",),  # pages, charts, downloads, feed, cards
    ("site", "engines", "publish", "serve", "review", "sources", "synth"),  # what builds on pages: publishing, review, sources in
    ("cli", "commands", "__main__", "mkdocs_hooks"),  # entry points (the hooks run inside MkDocs and import nothing of ours)
]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}


def layer_of(module: str) -> int:
    for number, members in enumerate(LAYERS):
        if any(module == m or module.startswith(m + ".") for m in members):
            return number
    raise AssertionError(f"generator/{module.replace('.', '/')}.py is in no layer: add it to LAYERS in {__file__}")


def imports(module: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that ``module`` imports, at the top or inside functions."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".") if package else []
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.startswith("generator"):
                prefix = node.module.removeprefix("generator").lstrip(".")
            else:
                continue
            # `from . import charts` imports the module charts; `from .charts import x` imports the module too.
            candidates = [full if (full := f"{prefix}.{a.name}" if prefix else a.name) in known else prefix
                          for a in node.names]
        elif isinstance(node, ast.Import):
            candidates = [a.name.removeprefix("generator").lstrip(".") for a in node.names
                          if a.name.startswith("generator")]
        else:
            continue
        for name in candidates:
            while name and name not in known:
                name = name.rpartition(".")[0]
            if name and name != module:
                found.add(name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(name, path, set(found) - {""}) for name, path in found.items() if name}


def test_every_module_has_a_layer_and_imports_only_downwards() -> None:
    wrong = [f"generator.{a} (layer {layer_of(a)}) imports generator.{b} (layer {layer_of(b)})"
             for a, targets in sorted(graph().items()) for b in sorted(targets) if layer_of(b) > layer_of(a)]
    assert wrong == []


def test_no_import_circle() -> None:
    edges = graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    circles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges.get(node, ())):
            if state.get(target) == 1:
                circles.append(" → ".join(path[path.index(target):] + [node, target]) if target in path
                               else f"{node} → {target}")
            elif target not in state:
                visit(target, path + [node])
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node, [])
    assert circles == []


def test_the_hooks_import_nothing_of_the_generator() -> None:
    """MkDocs loads the hooks file on its own, outside the package."""
    assert graph()["mkdocs_hooks"] == set()


def test_the_layer_check_sees_lazy_and_relative_imports(tmp_path: Path) -> None:
    """The check itself: an import inside a function, two levels up, is seen."""
    source = tmp_path / "pages.py"
    source.write_text("def f():\n    from ..site import build\n    from . import charts\n", encoding="utf-8")
    assert imports("render.pages", source, {"site", "render", "render.charts", "render.pages"}) == {
        "site", "render.charts"}
