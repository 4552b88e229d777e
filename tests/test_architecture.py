"""The layout is the architecture: data flows files -> loaders -> graph -> api/visualisations.

Every module of the five packages is parsed with ``ast`` (imports inside functions and under
``TYPE_CHECKING`` count too, relative imports are resolved) and no package may import from a
package further down the chain. ontology/ is shared vocabulary: anyone may import it, it imports
none of the others.
"""

from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("loaders", "ontology", "graph", "api", "visualisations")

# package -> the packages it must never import
FORBIDDEN: dict[str, frozenset[str]] = {
    "loaders": frozenset({"graph", "api", "visualisations"}),
    "graph": frozenset({"api", "visualisations"}),
    "visualisations": frozenset({"api"}),
    "ontology": frozenset({"loaders", "graph", "api", "visualisations"}),
}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted ("graph.build")
    imported: str  # the imported module, dotted and absolute ("loaders.records")
    where: str  # "graph/build.py:21"


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, root: Path = ROOT) -> list[Import]:
    """Every import statement of one file (``root`` is the folder of the top packages), as
    absolute dotted module names."""
    module = module_name(path, root)
    # the package a relative import starts from: the module's own package
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            # "from graph import queries" imports graph.queries: name both, either may be a module
            names = [target, *(f"{target}.{alias.name}" for alias in node.names)]
        where = f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}"
        found += [Import(module, name, where) for name in names if name]
    return found


@functools.cache
def all_imports() -> tuple[Import, ...]:
    files = [path for package in PACKAGES for path in sorted((ROOT / package).rglob("*.py"))]
    return tuple(i for path in files for i in imports_of(path))


def test_the_scanner_sees_imports_that_are_there() -> None:
    """Guard against a check that cannot fail: known, allowed imports are found."""
    seen = {(i.module, i.imported) for i in all_imports()}
    assert ("graph.build_document", "loaders.records") in seen
    assert ("api.cli", "graph.ingest") in seen
    assert any(m.startswith("visualisations") and i.startswith("graph") for m, i in seen)


def test_relative_and_nested_imports_are_resolved(tmp_path: Path) -> None:
    probe = tmp_path / "graph" / "queries" / "probe.py"
    probe.parent.mkdir(parents=True)
    probe.write_text(
        "from ..model import NodeType\nfrom . import walk\n\ndef later():\n    import api.app\n",
        encoding="utf-8",
    )
    imported = {i.imported for i in imports_of(probe, tmp_path)}
    assert {"graph.model", "graph.queries.walk", "api.app"} <= imported


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_no_package_imports_from_further_down_the_chain(package: str) -> None:
    forbidden = FORBIDDEN[package]
    wrong = [
        f"{i.where} imports {i.imported}"
        for i in all_imports()
        if i.module.split(".")[0] == package and i.imported.split(".")[0] in forbidden
    ]
    assert not wrong, f"{package}/ must not import {sorted(forbidden)}:\n" + "\n".join(wrong)
