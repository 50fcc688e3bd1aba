"""The architecture of the orgsim package, as data, and the tests that keep the code to it.

Every module is read with `ast` (nothing is imported), so an import counts wherever it is
written: at the top, inside a function, or under `if TYPE_CHECKING:`. A deferred import is still
a dependency: it only moves the failure from import time to the first call.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

from support import ROOT

PACKAGE = ROOT / "orgsim"

# Modules any module may import: the error types, and the package root for `__version__`.
SHARED = frozenset({"orgsim", "orgsim.errors"})

# Layer -> the other layers its modules may import (besides SHARED and their own layer). A module
# belongs to the longest layer name that is a prefix of its own name. Read top to bottom, each
# layer builds only on the ones above it.
MAY_IMPORT: dict[str, frozenset[str]] = {
    "orgsim.errors": frozenset(),
    "orgsim.model": frozenset(),
    "orgsim.rules": frozenset({"orgsim.model"}),
    "orgsim.sim": frozenset({"orgsim.model"}),
    # the loader checks `departures` keys against the rule ids
    "orgsim.io": frozenset({"orgsim.model", "orgsim.rules"}),
    "orgsim.analysis": frozenset({"orgsim.model", "orgsim.rules", "orgsim.sim", "orgsim.io"}),
    # the records of a run, which pipeline builds and render and cli read
    "orgsim.records": frozenset({"orgsim.model", "orgsim.rules", "orgsim.sim", "orgsim.analysis",
                                 "orgsim.io"}),
    "orgsim.render": frozenset({"orgsim.model", "orgsim.rules", "orgsim.sim", "orgsim.analysis",
                                "orgsim.io", "orgsim.records"}),
    "orgsim.pipeline": frozenset({"orgsim.model", "orgsim.rules", "orgsim.sim", "orgsim.analysis",
                                  "orgsim.io", "orgsim.records", "orgsim.render"}),
    "orgsim.cli": frozenset({"orgsim.model", "orgsim.rules", "orgsim.sim", "orgsim.analysis",
                             "orgsim.io", "orgsim.records", "orgsim.render", "orgsim.pipeline"}),
    # `python -m orgsim`: the command line and nothing else
    "orgsim.__main__": frozenset({"orgsim.cli"}),
    # the package root holds `__version__` and must import nothing of orgsim, or every module
    # that reads the version would depend on whatever it imported
    "orgsim": frozenset(),
}



@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    file: Path
    line: int

    def where(self, root: Path) -> str:
        return f"{self.file.relative_to(root).as_posix()}:{self.line}"


def module_names(package: Path) -> dict[str, Path]:
    """{dotted module name: file} for every module of the package at `package`."""
    names = {}
    for file in sorted(package.rglob("*.py")):
        parts = list(file.relative_to(package.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = file
    return names


def _resolved(name: str, modules: dict[str, Path]) -> str | None:
    """The module `name` refers to: itself, or the longest module prefix (for `import a.b.c`
    where c is not a module). None when it is not in the package."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _from_base(node: ast.ImportFrom, importer: str, is_package: bool) -> str:
    """The absolute module a `from X import ...` names as X."""
    if node.level == 0:
        return node.module or ""
    package = importer.split(".") if is_package else importer.split(".")[:-1]
    base = package[:len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(package: Path) -> list[Import]:
    """Every import of a module of the package by a module of the package, wherever written."""
    modules = module_names(package)
    found = []
    for importer, file in modules.items():
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        is_package = file.name == "__init__.py"
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _from_base(node, importer, is_package)
                # `from . import name` names a submodule when `name` is one, else a module's attribute
                targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                           for alias in node.names]
            else:
                continue
            # `from x import a, b` is one import of x (once in a message, not once per name)
            for target in dict.fromkeys(targets):
                imported = _resolved(target, modules)
                if imported is not None and imported != importer:
                    found.append(Import(importer, imported, file, node.lineno))
    return found


def layer_of(module: str) -> str | None:
    parts = module.split(".")
    while parts:
        if ".".join(parts) in MAY_IMPORT:
            return ".".join(parts)
        parts.pop()
    return None


def outward_imports(imports: Iterable[Import]) -> list[Import]:
    """Imports a module's layer does not allow (see MAY_IMPORT)."""
    wrong = []
    for imp in imports:
        layer, target = layer_of(imp.importer), layer_of(imp.imported)
        if imp.imported in SHARED or target == layer:
            continue
        if layer is None or target not in MAY_IMPORT[layer]:
            wrong.append(imp)
    return wrong


def import_cycles(imports: Iterable[Import]) -> list[list[Import]]:
    """One cycle, as the imports that make it up, for each group of modules that import each
    other (a strongly connected component), largest first."""
    graph = nx.DiGraph()
    for imp in imports:
        if not graph.has_edge(imp.importer, imp.imported):
            graph.add_edge(imp.importer, imp.imported, imp=imp)
    cycles = []
    for component in nx.strongly_connected_components(graph):
        if len(component) > 1:
            edges = nx.find_cycle(graph.subgraph(component))
            cycles.append([graph.edges[a, b]["imp"] for a, b in edges])
    return sorted(cycles, key=lambda cycle: (-len(cycle), cycle[0].importer))


def cycle_key(cycle: list[Import]) -> tuple[str, ...]:
    return tuple(sorted(imp.importer for imp in cycle))


def describe_cycle(cycle: list[Import], root: Path) -> str:
    path = " -> ".join([imp.importer for imp in cycle] + [cycle[0].importer])
    steps = "".join(f"\n    {imp.where(root)} imports {imp.imported}" for imp in cycle)
    return f"  {path}{steps}"


def describe_outward(imp: Import, root: Path) -> str:
    layer = layer_of(imp.importer)
    allowed = ", ".join(sorted(MAY_IMPORT.get(layer, ()))) or "nothing of orgsim"
    return (f"  {imp.where(root)}: {imp.importer} imports {imp.imported} "
            f"(layer {layer or 'undeclared: add it to MAY_IMPORT'} may import {allowed}, "
            "plus orgsim.errors and the package root)")


# --- the package ---------------------------------------------------------------------------------

@cache
def package_imports() -> tuple[Import, ...]:
    return tuple(imports_of(PACKAGE))


def test_the_walker_finds_the_package_imports():
    # A guard that found no imports would pass whatever the code did.
    found = {(imp.importer, imp.imported) for imp in package_imports()}
    assert len(found) > 100
    assert ("orgsim.cli.main", "orgsim.cli.check") in found  # relative, from . import
    assert ("orgsim.cli.check", "orgsim.analysis.checking") in found  # absolute, from ..x import


def test_no_import_cycles():
    cycles = import_cycles(package_imports())
    if cycles:
        pytest.fail("import cycles between orgsim modules:\n" + "\n".join(
            describe_cycle(c, ROOT) for c in cycles), pytrace=False)


def test_no_outward_imports():
    wrong = outward_imports(package_imports())
    if wrong:
        pytest.fail("imports against the layers (MAY_IMPORT in this file):\n" + "\n".join(
            describe_outward(imp, ROOT) for imp in wrong), pytrace=False)



def test_every_module_has_a_layer():
    undeclared = [m for m in module_names(PACKAGE) if layer_of(m) is None]
    assert not undeclared, f"modules in no layer of MAY_IMPORT: {undeclared}"


# --- the walker, on a package written for the test ----------------------------------------------

def write_package(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / "orgsim" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "orgsim"


def test_walker_resolves_every_form_of_import(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "__version__ = '1'\n",
        "errors.py": "",
        "model/__init__.py": "from . import graph\nfrom .graph import Node\n",
        "model/graph.py": "from .. import __version__\nfrom ..errors import Error\n",
        "model/units.py": "",
        "sim/__init__.py": "",
        "sim/engine.py": ("from typing import TYPE_CHECKING\n"
                          "import orgsim.model.units\n"
                          "if TYPE_CHECKING:\n    from ..model import graph\n"
                          "def later():\n    from orgsim.model.graph import Node\n"),
    })
    found = {(imp.importer, imp.imported, imp.line) for imp in imports_of(package)}
    assert found == {
        ("orgsim.model", "orgsim.model.graph", 1),  # `from . import graph`: the submodule
        ("orgsim.model", "orgsim.model.graph", 2),
        ("orgsim.model.graph", "orgsim", 1),  # `from .. import __version__`: the root
        ("orgsim.model.graph", "orgsim.errors", 2),
        ("orgsim.sim.engine", "orgsim.model.units", 2),
        ("orgsim.sim.engine", "orgsim.model.graph", 4),  # under TYPE_CHECKING
        ("orgsim.sim.engine", "orgsim.model.graph", 6),  # inside a function
    }


def test_walker_catches_a_cycle_and_an_outward_import(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "",
        "model/__init__.py": "",
        "model/graph.py": "from ..sim import engine\n",  # model may import nothing of orgsim
        "sim/__init__.py": "",
        "sim/engine.py": "def run():\n    from ..model.graph import Node\n",
    })
    imports = imports_of(package)

    (cycle,) = import_cycles(imports)
    assert cycle_key(cycle) == ("orgsim.model.graph", "orgsim.sim.engine")
    message = describe_cycle(cycle, tmp_path)
    assert "orgsim/model/graph.py:1 imports orgsim.sim.engine" in message
    assert "orgsim/sim/engine.py:2 imports orgsim.model.graph" in message

    (wrong,) = outward_imports(imports)
    assert (wrong.importer, wrong.imported, wrong.line) == ("orgsim.model.graph",
                                                            "orgsim.sim.engine", 1)
    assert describe_outward(wrong, tmp_path).startswith(
        "  orgsim/model/graph.py:1: orgsim.model.graph imports orgsim.sim.engine")


def test_only_the_command_line_may_import_it(tmp_path):
    package = write_package(tmp_path, {
        "__init__.py": "", "__main__.py": "from .cli.main import main\n",
        "pipeline.py": "from .cli import common\n",
        "cli/__init__.py": "", "cli/common.py": "", "cli/main.py": "from . import common\n",
    })
    wrong = [(imp.importer, imp.imported) for imp in outward_imports(imports_of(package))]
    assert wrong == [("orgsim.pipeline", "orgsim.cli.common")]
