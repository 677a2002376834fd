"""Writing a file the user named (a report, a calendar, a backup): whole or not at all.

Never over an existing file unless the user said so (``--force``, or a confirmation in the app),
never onto the database or its side files (even then), and never half-written: the data goes to
a temporary file beside the target, is flushed to the disk, and is renamed over the target in
one step (``os.replace``, atomic on every OS). A failure (a full disk, a kill) leaves the target
as it was and removes the temporary file where it can.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..domain.refusal import Refusal


def is_database_file(path: Path, database: Path | None) -> bool:
    """Whether ``path`` is the database or one of its side files (by name or as the same file)."""
    if database is None:
        return False
    from .check import side_files  # here: the command line loads this module, not sqlite3

    guarded = [database, *side_files(database)]
    target = path.resolve()
    for other in guarded:
        if target == other.resolve():
            return True
        try:
            if path.exists() and other.exists() and os.path.samefile(path, other):
                return True  # a hard link or another spelling of the same file
        except OSError:
            continue
    return False


def check_target(
    path: Path,
    *,
    force: bool = False,
    database: Path | None = None,
    how_to_replace: str | None = "add --force",
) -> None:
    """Refuse to write ``path`` (a :class:`.Refusal` saying why) before any work is done.

    ``how_to_replace``: how the user asks to replace an existing file (None: they cannot)."""
    if is_database_file(path, database):
        raise Refusal(f"{path} is the database (or one of its files): write the output somewhere else")
    if path.is_dir():
        raise Refusal(f"{path} is a folder: give a file name")
    if not path.parent.is_dir():
        raise Refusal(f"there is no folder {path.parent}: create it, or write somewhere else")
    if path.exists() and not force:
        replace = f"{how_to_replace} to replace it, or " if how_to_replace else ""
        raise Refusal(f"{path} already exists: {replace}choose another name")


@contextmanager
def replacing(
    path: Path,
    *,
    force: bool = False,
    database: Path | None = None,
    how_to_replace: str | None = "add --force",
) -> Iterator[Path]:
    """A temporary path beside ``path`` to write; renamed over ``path`` when the block succeeds,
    removed when it fails. The temporary file is created (empty, readable by its owner only)."""
    check_target(path, force=force, database=database, how_to_replace=how_to_replace)
    try:
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as exc:  # a read-only folder, a full disk: said of the file the user named
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _sync(temporary)
        check_target(path, force=force, database=database, how_to_replace=how_to_replace)  # still so?
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        if exc.filename in (None, name, str(path)):
            raise OSError(exc.errno, exc.strerror, str(path)) from None
        raise
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def write_file(
    path: Path,
    data: bytes,
    *,
    force: bool = False,
    database: Path | None = None,
    how_to_replace: str = "add --force",
) -> None:
    """Write ``data`` to ``path`` whole or not at all (see the module docstring)."""
    with replacing(path, force=force, database=database, how_to_replace=how_to_replace) as temporary:
        temporary.write_bytes(data)


def _sync(path: Path) -> None:
    """Flush ``path`` to the disk, so that the rename never exposes unwritten data."""
    with path.open("rb+") as file:
        os.fsync(file.fileno())


def _sync_folder(folder: Path) -> None:
    """Flush the folder's entry for a renamed file (POSIX; Windows cannot open a folder and
    needs no such flush)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
