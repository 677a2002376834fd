"""Mapping files: read a real export (other headers, codes, date formats) without hand editing.

The format is described in this package's README.md. A mapping is validated as a whole on load;
:class:`MappingError` lists every problem, each naming the mapping file.
"""

from __future__ import annotations

import codecs
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from .kinds import SCHEMAS
from .problems import ImportProblem, MappingError
from .values import FLAG_WORDS, CodeReader

_TOP_KEYS = {"kind", "description", "file", "columns", "values", "defaults"}
_FILE_KEYS = {"encoding", "delimiter", "header_row", "date_formats"}
_SAMPLE = date(2026, 12, 21)  # day > 12, so a format that swaps day and month cannot round-trip


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """A validated mapping. Column names here are the template's (canonical) names."""

    file: str
    kind: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # canonical -> header in the export
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # column -> {lower-case value: value}
    defaults: dict[str, str] = field(default_factory=dict)  # column -> value for a blank or missing cell
    encoding: str | None = None
    delimiter: str = ","
    header_row: int = 1
    date_formats: tuple[str, ...] = ()


class _Checker:
    def __init__(self, file: str, kind: str | None) -> None:
        self.file = file
        self.problems: list[ImportProblem] = []
        schemas = [SCHEMAS[kind]] if kind in SCHEMAS else list(SCHEMAS.values())
        self.columns = {c for s in schemas for c in s.columns}
        self.codes: dict[str, CodeReader] = {k: v for s in schemas for k, v in s.codes.items()}
        self.flags = {c for s in schemas for c in s.flags}
        self.where = f" for {kind}" if kind in SCHEMAS else ""

    def fail(self, column: str | None, value: object, reason: str) -> None:
        self.problems.append(ImportProblem(self.file, None, column, str(value), reason))

    def table(self, data: dict[str, Any], key: str) -> dict[str, Any]:
        value = data.get(key, {})
        if not isinstance(value, dict):
            self.fail(None, value, f"[{key}] must be a table")
            return {}
        return value

    def column(self, section: str, name: str) -> bool:
        if name in self.columns:
            return True
        known = ", ".join(sorted(self.columns))
        self.fail(None, name, f"[{section}] names an unknown column {name!r}{self.where}: use one of {known}")
        return False

    def target(self, section: str, column: str, source: str, target: object) -> str | None:
        """A value the mapping produces: a string, and a known code/flag word for those columns."""
        if not isinstance(target, str):
            self.fail(column, target, f"[{section}] {source!r} must map to a string")
            return None
        target = target.strip()
        if target and column in self.codes and not self.codes[column].accepts(target):
            reader = self.codes[column]
            self.fail(column, target, f"[{section}] {source!r}: not an accepted {reader.what}: use one of "
                      f"{', '.join(reader.codes)} (or \"\" for blank)")  # fmt: skip
            return None
        if target and column in self.flags and target.lower() not in FLAG_WORDS:
            self.fail(column, target, f'[{section}] {source!r}: use yes or no (or "" for blank)')
            return None
        return target

    def date_format(self, fmt: object) -> str | None:
        if not isinstance(fmt, str):
            self.fail(None, fmt, '[file] date_formats must be a list of strings such as "%d-%b-%Y"')
            return None
        try:
            ok = datetime.strptime(_SAMPLE.strftime(fmt), fmt).date() == _SAMPLE
        except ValueError:
            ok = False
        if not ok:
            self.fail(None, fmt, "[file] date format needs a day (%d), month (%m or %b) and year (%Y or %y)")
            return None
        year = min((fmt.find(y) for y in ("%Y", "%y") if y in fmt), default=len(fmt))
        if "%m" in fmt and fmt.find("%m") < fmt.find("%d") and year > fmt.find("%m"):
            self.fail(None, fmt, "[file] date format puts the month before the day (US order): not accepted")
            return None
        return fmt


def parse_mapping(text: str, file: str) -> ColumnMapping:
    """Read a mapping from TOML text; raise :class:`MappingError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise MappingError([ImportProblem(file, None, None, "", f"not valid TOML: {exc}")]) from None
    except RecursionError:
        problem = ImportProblem(file, None, None, "", "not valid TOML: nested too deeply")
        raise MappingError([problem]) from None
    kind = data.get("kind")
    check = _Checker(file, kind if isinstance(kind, str) else None)
    if kind is not None and (not isinstance(kind, str) or kind not in SCHEMAS):
        check.fail(None, kind, f"kind must be one of {', '.join(SCHEMAS)}")
    for key in sorted(set(data) - _TOP_KEYS):
        check.fail(None, key, f"unknown setting {key!r}: use {', '.join(sorted(_TOP_KEYS))}")

    settings = check.table(data, "file")
    for key in sorted(set(settings) - _FILE_KEYS):
        check.fail(None, key, f"[file] unknown setting {key!r}: use {', '.join(sorted(_FILE_KEYS))}")
    encoding = settings.get("encoding")
    if encoding is not None:
        try:
            "x".encode(encoding)
            if codecs.lookup(encoding).incrementaldecoder is None:
                raise LookupError(encoding)
        except (LookupError, TypeError):
            check.fail(None, encoding, "[file] encoding is not a text encoding (e.g. utf-8, cp1252)")
            encoding = None
    delimiter = settings.get("delimiter", ",")
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        check.fail(None, delimiter, '[file] delimiter must be one character, e.g. "," or ";"')
        delimiter = ","
    header_row = settings.get("header_row", 1)
    if not isinstance(header_row, int) or isinstance(header_row, bool) or not 1 <= header_row <= 1000:
        check.fail(None, header_row, "[file] header_row must be a whole number from 1")
        header_row = 1
    formats = settings.get("date_formats", [])
    if not isinstance(formats, list):
        check.fail(None, formats, '[file] date_formats must be a list, e.g. ["%d-%b-%Y"]')
        formats = []
    date_formats = tuple(f for f in (check.date_format(f) for f in formats) if f is not None)

    columns: dict[str, str] = {}
    for name, header in check.table(data, "columns").items():
        if not check.column("columns", name):
            continue
        if not isinstance(header, str) or not header.strip():
            check.fail(name, header, "[columns] must give the export's header text")
            continue
        columns[name] = header.strip()

    values: dict[str, dict[str, str]] = {}
    for name, table in check.table(data, "values").items():
        if not check.column(f"values.{name}", name):
            continue
        if not isinstance(table, dict):
            check.fail(name, table, f'[values.{name}] must be a table of "export value" = "value"')
            continue
        lookup: dict[str, str] = {}
        for source, target in table.items():
            mapped = check.target(f"values.{name}", name, source, target)
            key = source.strip().lower()
            if mapped is None:
                continue
            if key in lookup and lookup[key] != mapped:
                check.fail(name, source, f"[values.{name}] maps {source!r} twice (letter case is ignored)")
            lookup[key] = mapped
        values[name] = lookup

    defaults: dict[str, str] = {}
    for name, value in check.table(data, "defaults").items():
        if check.column("defaults", name):
            mapped = check.target("defaults", name, name, value)
            if mapped is not None:
                defaults[name] = mapped

    if check.problems:
        raise MappingError(check.problems)
    return ColumnMapping(
        file=file, kind=kind, columns=columns, values=values, defaults=defaults, encoding=encoding,
        delimiter=delimiter, header_row=header_row, date_formats=date_formats,
    )  # fmt: skip


def load_mapping(path: Path | str) -> ColumnMapping:
    """Read and validate the mapping file at ``path``; raise :class:`MappingError` if invalid."""
    try:
        if Path(path).exists() and not Path(path).is_file():  # a folder, or a device that never ends
            raise OSError("not a file")
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problem = ImportProblem(str(path), None, None, "", f"cannot read the mapping: {exc}")
        raise MappingError([problem]) from None
    return parse_mapping(text, str(path))


def mapping_problems(mapping: ColumnMapping, kind: str) -> list[ImportProblem]:
    """Why ``mapping`` cannot be used for a ``kind`` file (empty when it can)."""
    if mapping.kind is not None and mapping.kind != kind:
        return [ImportProblem(mapping.file, None, None, mapping.kind,
                              f"this mapping is for {mapping.kind} files, not {kind}")]  # fmt: skip
    columns = set(SCHEMAS[kind].columns)
    used = set(mapping.columns) | set(mapping.values) | set(mapping.defaults)
    return [
        ImportProblem(mapping.file, None, None, name, f"column {name!r} is not a column of {kind} files")
        for name in sorted(used - columns)
    ]
