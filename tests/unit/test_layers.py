"""Imports point down the picture of STYLE.md and never up: bot/ (the composition root) over the adapters
(handlers/, dialogs/, scheduler/), over services/, over db/. ruff keeps aiogram out of services/ and db/; this keeps
our own packages in order, imports inside functions included. Beside each other, handlers/ knows of dialogs/ only
their addresses (`dialogs.states`: states and callback data), never a window, a callback or a rendering."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = {"bot", "handlers", "dialogs", "scheduler", "services", "db", "locales"}
MAY_NOT_IMPORT = {
    "handlers": {"bot", "scheduler"},
    "dialogs": {"bot", "handlers", "scheduler"},
    "scheduler": {"bot", "handlers", "dialogs", "locales"},
    "locales": {"bot", "handlers", "dialogs", "scheduler", "db"},
    "services": {"bot", "handlers", "dialogs", "scheduler", "locales"},
    "db": {"bot", "handlers", "dialogs", "scheduler", "locales", "services"},
}


def imported_names(path: Path) -> set[tuple[str, int]]:
    """What a module imports from our packages, dotted (`from a.b import c` is `a.b.c`), with the line of each."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        found |= {(name, node.lineno) for name in names if name.split(".")[0] in OURS}
    return found


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """Our top-level packages that a module imports, with the line of each import."""
    return {(name.split(".")[0], line) for name, line in imported_names(path)}


def outside_the_dialogs_states(path: Path) -> set[tuple[str, int]]:
    """What a module imports from dialogs/ other than `dialogs.states` and what is in it."""
    return {(name, line) for name, line in imported_names(path)
            if name.split(".")[0] == "dialogs" and name.split(".")[:2] != ["dialogs", "states"]}  # fmt: skip


@pytest.mark.parametrize("package", sorted(MAY_NOT_IMPORT))
def test_imports_point_down(package: str) -> None:
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules, f"no modules in {package}/"
    banned = MAY_NOT_IMPORT[package]
    upward = [f"{path.relative_to(ROOT)}:{line} imports {name}"
              for path in modules for name, line in imported_packages(path) if name in banned]  # fmt: skip
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import json\nfrom bot.runtime import Runtime\n\ndef f():\n    import services.search\n")
    assert imported_packages(module) == {("bot", 2), ("services", 5)}


def test_handlers_import_only_the_dialogs_states() -> None:
    """A handler opens a dialog at a state (and answers buttons by their callback data); the dialogs' windows,
    callbacks and renderings are theirs alone."""
    modules = sorted((ROOT / "handlers").rglob("*.py"))
    found = [f"{path.relative_to(ROOT)}:{line} imports {name}"
             for path in modules for name, line in outside_the_dialogs_states(path)]  # fmt: skip
    assert found == []


def test_the_check_sees_a_handler_reach_into_a_dialog(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("from dialogs.states import Cv\nimport dialogs.states\nfrom dialogs import states\n"
                      "from dialogs.cv import run_intake\n\ndef f():\n    import dialogs\n")  # fmt: skip
    assert outside_the_dialogs_states(module) == {("dialogs.cv.run_intake", 4), ("dialogs", 7)}


def test_the_production_bot_imports_no_development_tools() -> None:
    """The playground, the Bot API stand-in and the demo board (`bot.devtools`) load only for development commands."""
    code = ("import sys, bot.__main__, bot.cli, bot.app, bot.factory, handlers.web.app, bot.runtime, scheduler.jobs; "
            "print(sorted(m for m in sys.modules if m.startswith('bot.devtools')))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
