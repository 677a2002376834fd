"""Finding timescale tables: the ones shipped with the package, or a user's own file."""

from __future__ import annotations

from pathlib import Path

from .table import TimescaleTable, load_table
from .table_problems import TableError, TableProblem

DEFAULT_AUTHORITY = "herefordshire"


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


def open_table(spec: str | None = None) -> TimescaleTable:
    """Find and load a table (see :func:`find_table`)."""
    return load_table(find_table(spec))


def sources_dir(table_path: Path) -> Path:
    """Where a table's cited source documents live: ``../sources`` beside its folder."""
    beside = table_path.resolve().parent.parent / "sources"
    return beside if beside.is_dir() else seed_dir() / "sources"
