"""The package's layout: modules import one another without cycles, even inside functions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "generator"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}
#: Modules that run only elsewhere: Alembic's scripts inside a migration, which gives them
#: their context; the kept PDF converter under the Python of LibreOffice's UNO bridge.
ELSEWHERE = ("generator.register.migrations.", "generator.documents.pdf_server")


def imports(path: Path) -> set[str]:
    """The generator's modules a file imports anywhere in it (function bodies too: an import
    deferred into a function hides a cycle rather than removing it)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in MODULES else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name in MODULES and name != "generator"}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Each import cycle, as the path that closes it, found by depth-first search."""
    found, done, path = [], set(), []

    def visit(name: str) -> None:
        if name in path:
            found.append([*path[path.index(name):], name])
            return
        if name in done:
            return
        path.append(name)
        for other in sorted(graph[name]):
            visit(other)
        path.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    return found


def test_the_modules_import_one_another_without_cycles():
    graph = {name: imports(path) - {name} for name, path in MODULES.items()}
    assert cycles(graph) == []


def package(name: str) -> str:
    """The package a module belongs to: ``generator.sites`` for ``generator.sites.pages``,
    the module itself for one directly under ``generator``."""
    return ".".join(name.split(".")[:2])


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Which packages import which, from the modules' imports."""
    packages: dict[str, set[str]] = {package(name): set() for name in graph}
    for name, others in graph.items():
        packages[package(name)] |= {package(other) for other in others} - {package(name)}
    return packages


def test_the_packages_import_one_another_without_cycles():
    """Data flows one way: source and cases at the bottom, statements over them, the
    renderers above, the register, desk and command line at the top."""
    graph = {name: imports(path) - {name} for name, path in MODULES.items()}
    assert cycles(package_graph(graph)) == []


def test_the_package_search_finds_a_cycle_between_modules_that_have_none():
    graph = {"generator.a.one": {"generator.b.two"}, "generator.b.two": set(),
             "generator.b.three": {"generator.a.four"}, "generator.a.four": set()}
    assert cycles(graph) == []
    assert cycles(package_graph(graph)) == [["generator.a", "generator.b", "generator.a"]]


def test_the_package_imports_nothing_of_the_checkout():
    """tools/ (the template-seeding script) and tests/ are not installed: nothing the
    package runs may import them."""
    outside = {name for path in MODULES.values()
               for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
               if isinstance(node, ast.Import | ast.ImportFrom)
               for name in ([node.module or ""] if isinstance(node, ast.ImportFrom)
                            else [alias.name for alias in node.names])
               if name.split(".")[0] in ("tools", "tests", "conftest")}
    assert outside == set()


def test_the_cycle_search_finds_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]


def test_every_module_imports_in_a_fresh_interpreter():
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)"
    names = [name for name in MODULES if not name.startswith(ELSEWHERE)]
    run = subprocess.run([sys.executable, "-c", script, *names], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr


def declared_all(path: Path) -> list[str] | None:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "__all__"
                                                for t in node.targets):
            return [element.value for element in node.value.elts]
    return None


def test_every_module_declares_its_public_names_and_a_package_only_its_modules():
    for name, path in MODULES.items():
        names = declared_all(path)
        assert names is not None, f"{path.relative_to(ROOT)} has no __all__"
        if path.name == "__init__.py":
            inside = {other.rsplit(".", 1)[1] for other in MODULES
                      if other.rsplit(".", 1)[0] == name and other != name}
            assert set(names) == inside, f"{path.relative_to(ROOT)}: __all__ is not its modules"
