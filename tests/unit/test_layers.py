"""Imports point down the picture of STYLE.md and never up: bot/ (the composition root) over the adapters
(handlers/, dialogs/, scheduler/), over services/, over db/. ruff keeps aiogram out of services/ and db/; this keeps
our own packages in order, imports inside functions included."""

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


def imported_packages(path: Path) -> set[tuple[str, int]]:
    """Our top-level packages that a module imports, with the line of each import."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        found |= {(name.split(".")[0], node.lineno) for name in names if name.split(".")[0] in OURS}
    return found


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


def test_the_production_bot_imports_no_development_tools() -> None:
    """The playground, the Bot API stand-in and the demo board (`bot.devtools`) load only for development commands."""
    code = ("import sys, bot.__main__, bot.cli, bot.app, bot.factory, bot.web, bot.runtime, scheduler.jobs; "
            "print(sorted(m for m in sys.modules if m.startswith('bot.devtools')))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
