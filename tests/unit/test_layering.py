"""The layering of DESIGN.md, enforced: arrows point down only, no cycles, small rooms."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "followup_desktop"
OURS = "followup_desktop."
LONGEST_MODULE = 400  # lines


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def type_checking_lines(tree: ast.Module) -> set[int]:
    """Lines of `if TYPE_CHECKING:` blocks: imports for annotations only, never run."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            for child in node.body:
                lines |= set(range(child.lineno, (child.end_lineno or child.lineno) + 1))
    return lines


def imported(path: Path, *, at_run_time: bool = False) -> set[str]:
    """What a file imports, by full name (`from a import b` gives a.b when b is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = type_checking_lines(tree) if at_run_time else set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules = {f"{node.module}.{alias.name}" for alias in node.names
                       if is_module(f"{node.module}.{alias.name}")}
            # `from package import module` runs the package's __init__ first, as any
            # import of a module inside it does: not an arrow of its own.
            names |= modules or {node.module}
    return names


def source_of(module: str) -> Path:
    return PACKAGE.parent.joinpath(*module.split(".")).with_suffix(".py")


def is_module(name: str) -> bool:
    if not name.startswith(OURS):
        return False
    path = PACKAGE.parent.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def imports_of(folder: str) -> dict[str, set[str]]:
    files = [PACKAGE / folder] if folder.endswith(".py") else (PACKAGE / folder).rglob("*.py")
    return {str(path.relative_to(PACKAGE)): imported(path) for path in files}


def offenders(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    return sorted(f"{file}: {name}" for file, names in imports_of(folder).items()
                  for name in names if name.startswith(forbidden))


STORAGE, SERVICES, UI, NOTIFY, IO, SYSTEM = (f"{OURS}{name}" for name in (
    "storage", "services", "ui", "notify", "io", "system"))
QT = ("PySide6",)


@pytest.mark.parametrize(("folder", "forbidden"), [
    ("domain", (STORAGE, SERVICES, UI, NOTIFY, IO, SYSTEM, "peewee", *QT)),
    ("storage", (SERVICES, UI, NOTIFY, IO, *QT)),
    ("services", (UI, NOTIFY, *QT)),
    ("io", (STORAGE, SERVICES, UI, NOTIFY, "peewee")),
    ("system", (STORAGE, SERVICES, UI, NOTIFY, IO, "peewee")),
    ("ui", (STORAGE, NOTIFY, "peewee")),
    ("notify", (STORAGE, UI, "peewee")),
    ("cli.py", (UI, NOTIFY)),
])
def test_layer_imports_point_down_only(folder, forbidden):
    assert offenders(folder, forbidden) == []


def test_io_uses_qt_only_to_paint_and_print():
    """File formats are plain conversions; only the PDF and print painters need QtGui."""
    painters = {"io/card_pdf.py", "io/letter_pdf.py", "io/printing.py"}
    assert sorted(file for file, names in imports_of("io").items()
                  if file not in painters and any(n.startswith(QT) for n in names)) == []


def test_what_the_lower_layers_take_from_system_needs_no_qt():
    """services, storage and io may use the machine's helpers (owner-only files), never Qt."""
    used = {name for folder in ("services", "storage", "io")
            for names in imports_of(folder).values() for name in names if name.startswith(SYSTEM)}
    assert used
    assert sorted(name for name in used
                  if any(n.startswith(QT) for n in imported(source_of(name)))) == []


def import_graph() -> dict[str, set[str]]:
    graph = {}
    for path in PACKAGE.rglob("*.py"):
        graph[module_name(path)] = {name for name in imported(path, at_run_time=True)
                                    if is_module(name)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    """Lazy imports inside functions count: a cycle hidden in a function is still a knot."""
    assert cycles(import_graph()) == []


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_source_file_is_over_400_lines():
    long = {str(path.relative_to(PACKAGE)): lines for path in PACKAGE.rglob("*.py")
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE}
    assert long == {}


def test_only_the_window_and_the_app_name_the_main_window():
    """Dialogs and pages talk to the window through ui/window/port.py (DataWindow), type hints
    included, so its internals can change without them."""
    allowed = {"app.py", "ui/main_window.py", "ui/window/pages.py", "ui/window/menus.py"}
    named = {file for folder in ("ui", "notify", "app.py", "cli.py")
             for file, names in imports_of(folder).items()
             if f"{UI}.main_window" in names}
    assert sorted(named - allowed) == []


# Writing an interview or its panel: peewee's class-level writes.
MODEL_WRITES = {"create", "update", "insert", "insert_many", "insert_from", "replace",
                "replace_many", "delete", "delete_by_id", "bulk_create", "bulk_update",
                "set_by_id", "get_or_create"}
# services/records writes interviews; the debrief still makes and annotates the interview it
# records itself (in one transaction with the rest of the debrief): known, to move there too.
INTERVIEW_WRITERS_OUTSIDE_RECORDS = {"services/debrief.py"}


def model_writes(path: Path, models: set[str]) -> list[str]:
    """`Model.create(...)`, `Model.update(...)` and the like on one of `models`."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and isinstance(node.func.value, ast.Name) and node.func.value.id in models \
                and node.func.attr in MODEL_WRITES:
            found.append(f"{node.func.value.id}.{node.func.attr} (line {node.lineno})")
    return found


def test_services_records_is_the_only_writer_of_interviews():
    """Every interview is checked the same way (services/records/interviews.py): nothing else
    writes the interview table or its panel (an instance's save() is not seen here)."""
    writers = {}
    for path in PACKAGE.rglob("*.py"):
        name = str(path.relative_to(PACKAGE))
        if name.startswith("services/records/") or name in INTERVIEW_WRITERS_OUTSIDE_RECORDS:
            continue
        if found := model_writes(path, {"Interview", "InterviewContact"}):
            writers[name] = found
    assert writers == {}


def test_the_interview_writer_rule_sees_a_write(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("Interview.update(x=1).where(Interview.id == 2).execute()\n"
                      "Interview.select().where(Interview.id == 2)\n")
    assert model_writes(sample, {"Interview"}) == ["Interview.update (line 1)"]
