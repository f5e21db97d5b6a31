"""The house's shape: no import cycle among app/ modules, and no upward import.

import-linter (``make lint``) checks the layers; a layers contract cannot see a
cycle inside one layer (the UI's screens and its root), so this test does.
Function-local imports count: grimp reads every import statement (only those
under ``if TYPE_CHECKING:``, which never run, are left out).
"""

from __future__ import annotations

import grimp


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
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
                    imported = graph.find_modules_directly_imported_by(child)
                    work.append((child, iter(sorted(imported))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(sorted(group))
    return found


def test_no_import_cycle_among_app_modules():
    """No app/ module imports, even inside a function, one that imports it back.

    Imports under ``if TYPE_CHECKING:`` never run, so they are left out.
    """
    graph = grimp.build_graph("app", exclude_type_checking_imports=True, cache_dir=None)
    assert _cycles(graph) == []


def test_domain_storage_and_export_never_import_the_ui_or_flet():
    """A command-line export must not load Flet: nothing below the UI imports it."""
    graph = grimp.build_graph("app", include_external_packages=True, cache_dir=None)
    upward = sorted(
        (importer, imported)
        for layer in ("app.domain", "app.storage", "app.export")
        for importer in graph.find_descendants(layer)
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported == "flet" or imported.startswith(("app.ui", "flet."))
    )
    assert upward == []


def test_no_ui_module_is_long_without_saying_why():
    """A module under app/ui over ~300 lines (330) says at its top why it is
    one room ("over 300 lines" in its docstring); the others are split."""
    import ast
    from pathlib import Path

    ui = Path(__file__).resolve().parents[1] / "app" / "ui"
    unexplained = []
    for path in sorted(ui.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= 330:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if "over 300 lines" not in doc.lower():
            unexplained.append(f"{path.relative_to(ui)}: {text.count(chr(10))} lines")
    assert unexplained == []


def _repository_calls(path) -> list[str]:
    """``….repo.<method>(…)`` calls in one module, as ``file:line method``."""
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "repo"
        ):
            found.append(f"{path.name}:{node.lineno} {node.func.attr}")
    return found


STORES_AMONG_COMPONENTS = {"speaker.py"}
"""Modules under components/ that hold a store: ``speaker.Reader`` reads a
recorded voice at the tap (bytes too big to keep in every screen's state)."""


def test_screens_and_components_never_call_the_repository_themselves():
    """A screen renders a store and calls its verbs; only stores touch storage."""
    from pathlib import Path

    ui = Path(__file__).resolve().parent.parent / "app" / "ui"
    calls = [
        call
        for folder in ("screens", "components")
        for path in sorted((ui / folder).rglob("*.py"))
        if path.name not in STORES_AMONG_COMPONENTS
        for call in _repository_calls(path)
    ]
    assert calls == []
