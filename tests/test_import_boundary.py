"""The domain package is pure: no textual, no sqlmodel/sqlalchemy, no clock, no network."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import caseload_tui.domain

DOMAIN = Path(caseload_tui.domain.__file__).parent
UI_AND_DATABASE = ("textual", "sqlmodel", "sqlalchemy", "alembic")
# our own domain code must not import these either (third-party libraries may use them inside)
FORBIDDEN = (*UI_AND_DATABASE, "socket", "urllib", "http", "requests")


def test_importing_the_domain_loads_no_ui_or_database_library() -> None:
    code = (
        "import sys, pkgutil, importlib, caseload_tui.domain as d\n"
        "for m in pkgutil.iter_modules(d.__path__): importlib.import_module('caseload_tui.domain.' + m.name)\n"
        f"bad = sorted(n for n in sys.modules if n.split('.')[0] in {UI_AND_DATABASE!r})\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def test_domain_source_imports_nothing_forbidden_and_never_reads_the_clock() -> None:
    files = sorted(DOMAIN.glob("*.py"))
    assert len(files) >= 8
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                names = []
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
            # "today" is always an argument: no date.today(), datetime.now(), time.time()
            if isinstance(node, ast.Attribute) and node.attr in ("today", "now", "utcnow", "time"):
                owner = node.value
                assert not (isinstance(owner, ast.Name) and owner.id in ("date", "datetime", "time")), (
                    f"{path.name}:{node.lineno} reads the clock"
                )
