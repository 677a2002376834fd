"""England's bank holidays, kept in a small file per version of the ``holidays`` package.

Importing ``holidays`` and making its first calendar takes 0.1-0.2 s (it loads every country it
knows), on every start of the app and every command that counts working days. The package's own
answer for a fixed span of years is kept as JSON in the user's cache folder, in a file named
after the package's version and the size and time of its United Kingdom module: the first run
after an upgrade (or any change to that module) writes a new file. Years outside the span, a
missing, unreadable or damaged file, or a package that cannot be identified all go straight to
the package, exactly as without the cache.
"""

from __future__ import annotations

import importlib.util
import json
import os
import tempfile
import zlib
from datetime import date
from pathlib import Path

from ..domain.calendar import BankHolidays, england_bank_holidays

SPAN = (1990, 2070)  # the years kept (a calendar asks for the years it needs, plus 5 either side)
FORMAT = 1


def package_key() -> str | None:
    """What identifies the installed ``holidays`` package's answers, without importing it."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    try:
        module = (package / "countries" / "united_kingdom.py").stat()
        versions = sorted(
            entry.name.removeprefix("holidays-").rsplit(".", 1)[0]
            for entry in os.scandir(package.parent)
            if entry.name.startswith("holidays-") and entry.name.endswith((".dist-info", ".egg-info"))
        )
    except OSError:
        return None
    # the version to read, and a checksum of everything else that tells one install from another
    text = f"{FORMAT} {SPAN} {versions} {module.st_size} {module.st_mtime_ns} {package}"
    return f"{'+'.join(versions) or 'unknown'}-{zlib.crc32(text.encode()):08x}"


class CachedBankHolidays:
    """A :data:`~caseload_tui.domain.calendar.BankHolidays` source backed by a cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._span: dict[date, str] | None = None

    def __getstate__(self) -> Path:  # a copy in another process reads the file for itself
        return self.folder

    def __setstate__(self, folder: Path) -> None:
        self.__init__(folder)  # type: ignore[misc]

    def __call__(self, first_year: int, last_year: int) -> dict[date, str]:
        if not (SPAN[0] <= first_year and last_year <= SPAN[1]):
            return england_bank_holidays(first_year, last_year)
        if self._span is None:
            self._span = self._load()
        return {d: name for d, name in self._span.items() if first_year <= d.year <= last_year}

    def _load(self) -> dict[date, str]:
        key = package_key()
        if key is None:
            return england_bank_holidays(*SPAN)
        path = self.folder / f"bank-holidays-england-{key}.json"
        try:
            return _read(path)
        except (OSError, ValueError, TypeError, KeyError, RecursionError):
            pass  # not there yet, or not usable: ask the package, and keep its answer
        found = england_bank_holidays(*SPAN)
        _write(path, found)
        return found


def _read(path: Path) -> dict[date, str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data["format"] != FORMAT or data["span"] != list(SPAN):
        raise ValueError("another format or span")
    found = {date.fromisoformat(day): name for day, name in data["holidays"].items()}
    if not all(isinstance(name, str) for name in found.values()) or len(found) < SPAN[1] - SPAN[0]:
        raise ValueError("incomplete")  # England has at least one bank holiday a year
    return found


def _write(path: Path, found: dict[date, str]) -> None:
    """Write whole or not at all (another process may be reading); a read-only folder is fine."""
    days = {d.isoformat(): name for d, name in sorted(found.items())}
    data = {"format": FORMAT, "span": list(SPAN), "holidays": days}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".bank-holidays-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass


_CACHED: dict[Path, CachedBankHolidays] = {}


def bank_holidays(folder: Path | None = None) -> BankHolidays:
    """England's bank holidays through the cache file in ``folder`` (the user's cache folder by
    default): what a table's calendar is given (see ``services.catalogue``)."""
    if folder is None:
        from platformdirs import user_cache_path

        folder = user_cache_path("caseload-tui", appauthor=False)
    found = _CACHED.get(folder)
    if found is None:
        found = _CACHED[folder] = CachedBankHolidays(folder)
    return found
