"""The folders of ``service`` are layers, and imports point down only.

Every import counts, also one inside a function. A lower layer never imports a higher
one, two packages of the same height never import each other, Flask is imported only
in ``web/`` and pyoxigraph only in ``store/`` and ``build/`` (the build assembles the
graph in an in-memory Oxigraph store before the store layer serves it).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "service"
#: Height of each part of the package; a module may import only what stands lower (or its own part).
HEIGHT = {
    "settings": 0,
    "namespaces": 1,  # derives our prefixes from the base IRI setting
    "queries": 0,
    "sparql": 1,
    "store": 2,
    "build": 3,
    "models": 3,
    "render": 4,
    "web": 5,
    "cli": 6,
    "__init__": 6,
}
ONLY_IN = {"flask": {"web"}, "pyoxigraph": {"store", "build"}}


def _part(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            if node.module == "service":
                found |= {f"service.{alias.name}" for alias in node.names}
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    part = _part(path)
    for name in _imports(path):
        top = name.split(".")[0]
        if top in ONLY_IN and part not in ONLY_IN[top] and part not in ("__init__", "cli"):
            pytest.fail(f"{name} is imported outside {sorted(ONLY_IN[top])}")
        if top == "service" and "." in name:
            other = name.split(".")[1]
            if other != part and other in HEIGHT and HEIGHT[other] >= HEIGHT[part]:
                pytest.fail(f"{part} (height {HEIGHT[part]}) imports {name} (height {HEIGHT[other]})")


def test_every_part_has_a_height() -> None:
    assert {_part(p) for p in MODULES} <= set(HEIGHT)


def test_the_check_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from service.web import links\n")
    assert "service.web" in _imports(module)
