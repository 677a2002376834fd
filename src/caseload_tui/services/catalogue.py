"""Finding and reading timescale tables: the ones shipped with the package, or a user's own file.

The domain parses a table from its text (``domain.table.parse_table``); here the file is found and
read, the calendar is given England's bank holidays from the cache (``services.holidays``), and a
table already read is not parsed again while its file's text is the same.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.reachable import never_fire
from ..domain.table import TimescaleTable, check_quotes, parse_table
from ..domain.table_problems import TableError, TableProblem
from .holidays import bank_holidays

DEFAULT_AUTHORITY = "herefordshire"
_PARSED: dict[tuple[Path, str], TimescaleTable] = {}  # by file and text: a table is immutable


def seed_dir() -> Path:
    """The ``seed`` folder: inside the installed package, or the checkout's own."""
    packaged = Path(__file__).resolve().parent.parent / "seed"
    if (packaged / "timescales").is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "seed"


def shipped_tables() -> dict[str, Path]:
    """Shipped tables by authority name (the file's stem, lower case)."""
    folder = seed_dir() / "timescales"
    return {p.stem.lower(): p for p in sorted(folder.glob("*.toml"))}


def find_table(spec: str | None = None) -> Path:
    """The table file for ``--authority``: a shipped authority's name, or a path to a file."""
    spec = spec or DEFAULT_AUTHORITY
    tables = shipped_tables()
    if spec.lower() in tables:
        return tables[spec.lower()]
    path = Path(spec).expanduser()
    if path.is_file():
        return path
    known = ", ".join(tables) or "none"
    raise TableError(
        [TableProblem(spec, "--authority", None, f"no such table file or authority; shipped: {known}")]
    )


def load_table(path: Path) -> TimescaleTable:
    """Read and validate the table in ``path`` (parsed once while the file's text is the same)."""
    try:
        if path.exists() and not path.is_file():  # a folder, or a device that never ends (/dev/zero)
            raise OSError("not a file")
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise TableError([TableProblem(str(path), "file", None, f"cannot read: {exc}")]) from None
    key = (path, text)
    table = _PARSED.get(key)
    if table is None:
        table = parse_table(text, str(path), path, bank_holidays())
        if len(_PARSED) >= 8:
            _PARSED.clear()
        _PARSED[key] = table
    return table


def open_table(spec: str | None = None) -> TimescaleTable:
    """Find and load a table (see :func:`find_table`)."""
    return load_table(find_table(spec))


def sources_dir(table_path: Path) -> Path:
    """Where a table's cited source documents live: ``../sources`` beside its folder."""
    beside = table_path.resolve().parent.parent / "sources"
    return beside if beside.is_dir() else seed_dir() / "sources"


def quote_problems(table: TimescaleTable, path: Path) -> list[TableProblem]:
    """Problems for every quote or section not found verbatim in the table's own sources."""
    folder = sources_dir(path)

    def read(name: str) -> str | None:
        source = folder / name
        try:
            if source.resolve().parent != folder.resolve():
                return None  # only the table's own sources are ever read
            return source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    return check_quotes(table, read, str(folder))


def check_table(path: Path) -> tuple[TimescaleTable | None, list[TableProblem], list[TableProblem]]:
    """``caseload rules check`` for one file: the table (None when it cannot be read), the
    problems that make it invalid, and the warnings (a cited document we do not have, a rule
    that can never fire)."""
    try:
        table = load_table(path)
    except TableError as exc:
        return None, list(exc.problems), []
    problems = quote_problems(table, path)
    missing_files = [p for p in problems if p.message.startswith("source file")]
    errors = [p for p in problems if p not in missing_files]
    return table, errors, [*missing_files, *never_fire(table)]
