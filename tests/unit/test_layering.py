"""The layering of DESIGN.md, enforced: arrows point down only."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "followup_desktop"


def imports_of(folder: str) -> dict[str, set[str]]:
    found = {}
    for path in (PACKAGE / folder).rglob("*.py"):
        names: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                names.add(node.module)
        found[str(path.relative_to(PACKAGE))] = names
    return found


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{file}: {name}" for file, names in imports_of(folder).items()
                  for name in names if name.startswith(forbidden))


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("domain", ("followup_desktop.storage", "followup_desktop.services", "followup_desktop.ui",
                "followup_desktop.notify", "followup_desktop.io", "peewee", "PySide6")),
    ("storage", ("followup_desktop.services", "followup_desktop.ui", "followup_desktop.notify",
                 "PySide6")),
    ("services", ("followup_desktop.ui", "followup_desktop.notify", "PySide6")),
    ("ui", ("followup_desktop.storage", "peewee")),
    ("notify", ("followup_desktop.storage", "peewee")),
])
def test_layer_imports_point_down_only(folder, forbidden):
    assert offenders(folder, forbidden) == []
