"""Reading a CSV file into records: decoding, the header, every row, then the result.

The file is read as a stream (one row in memory at a time, plus the records), so a progress
bar can follow it. Every row is checked even after the first problem, so one run lists them all.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any, Generic, TypeVar

from .kinds import SCHEMAS
from .mapping import ColumnMapping, mapping_problems
from .problems import ImportProblem, ImportResult
from .schema import RowContext, Schema
from .values import DateReader

R = TypeVar("R")
Progress = Callable[[int, int], None]  # (rows_done, total_bytes_read)

ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # latin-1 decodes any byte, so the chain ends
PROGRESS_EVERY = 2000  # rows between progress calls
_SNIFF_BYTES = 1 << 16
_FIELD_LIMIT = 1 << 20  # a cell longer than this is a broken quote, not data
_BOM_AS_CP1252 = "ï»¿"  # a UTF-8 BOM in a file that is otherwise not UTF-8


class _Undecodable(Exception):
    """The file is not in the encoding being tried; the next one is tried from the start."""


def _first_encoding(head: bytes) -> int:
    """Index into ENCODINGS of the first one worth trying, judged from the file's start."""
    try:
        codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        return 0
    except UnicodeDecodeError:
        pass
    try:
        head.decode("cp1252")
        return 1
    except UnicodeDecodeError:
        return 2


def _norm(header: str) -> str:
    return " ".join(header.split()).casefold()


class _FileReader(Generic[R]):
    """One attempt at reading a file with one encoding."""

    def __init__(
        self, schema: Schema[R], name: str, mapping: ColumnMapping | None, today: date,
        on_progress: Progress | None,
    ) -> None:  # fmt: skip
        self.schema = schema
        self.name = name
        self.mapping = mapping or ColumnMapping(file="")
        self.ctx = RowContext(name, today, DateReader(today, self.mapping.date_formats))
        self.on_progress = on_progress
        self.rows = 0

    def problem(self, line: int | None, reason: str, value: str = "") -> None:
        self.ctx.problems.append(ImportProblem(self.name, line, None, value, reason))

    def resolve(self, header: list[str], line: int) -> list[tuple[str, int | None]] | None:
        """(column, index in the row or None when absent) for each column; None if unusable."""
        found: dict[str, int] = {}
        for i, text in enumerate(header):
            found.setdefault(_norm(text), i)
        missing: list[str] = []
        resolved: list[tuple[str, int | None]] = []
        for column in self.schema.columns:
            source = self.mapping.columns.get(column, column)
            index = found.get(_norm(source))
            if index is None and column not in self.schema.optional and column not in self.mapping.defaults:
                missing.append(column if source == column else f"{source!r} (for {column})")
            resolved.append((column, index))
        if missing:
            shown = ", ".join(repr(h) for h in header)
            self.problem(line, f"missing required columns: {', '.join(missing)}; columns found: {shown}")
            return None
        return resolved

    def read(self, text: IO[str], raw: IO[bytes]) -> list[R]:
        rows = csv.reader(text, delimiter=self.mapping.delimiter)
        convert = self.schema.convert
        ctx = self.ctx
        records: list[R] = []
        values = self.mapping.values
        defaults = self.mapping.defaults
        columns: list[tuple[str, int | None]] | None = None
        width = 0
        header_line = 1
        line = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                break
            except csv.Error as exc:
                line += 1
                self.problem(line, f"cannot read this row: {exc}")
                continue
            except UnicodeError:  # not only UnicodeDecodeError: some codecs raise the base class
                raise _Undecodable from None
            line += 1
            if columns is None:  # before and at the header
                if line == 1 and row:
                    row[0] = row[0].lstrip("\ufeff").removeprefix(_BOM_AS_CP1252)
                if line < self.mapping.header_row or not any(c.strip() for c in row):
                    continue
                columns = self.resolve(row, line)
                if columns is None:
                    return []
                ctx.absent = frozenset(c for c, i in columns if i is None and c not in defaults)
                width = len(row)
                header_line = line
                continue
            if not "".join(row).strip():
                continue  # a blank line, or a row of empty cells as spreadsheets write
            if len(row) != width and (len(row) < width or "".join(row[width:]).strip()):
                self.rows += 1
                self.problem(line, f"this row has {len(row)} fields but the header has {width}: "
                             "check for a comma or line break inside a value without quotes")  # fmt: skip
                continue
            cells = {c: (row[i].strip() if i is not None else "") for c, i in columns}
            self.rows += 1
            mapped: dict[str, str] | None = None
            if values or defaults:
                mapped = self.apply_mapping(cells)
            before = len(ctx.problems)
            record = convert(cells, line, ctx)
            if record is not None and len(ctx.problems) == before:
                if not ctx.problems:
                    records.append(record)  # once a problem is found, records are not kept
            elif mapped:
                self.explain_mapped(before, mapped)
            if self.on_progress is not None and self.rows % PROGRESS_EVERY == 0:
                self.on_progress(self.rows, raw.tell())
        if columns is None:
            header = ",".join(self.schema.columns)
            self.problem(1, f"the file is empty: line 1 must be the header ({header})")
        elif self.rows == 0 and not ctx.problems:
            self.problem(header_line, "the file has a header but no rows")
        if self.on_progress is not None:
            self.on_progress(self.rows, raw.tell())
        return records

    def apply_mapping(self, cells: dict[str, str]) -> dict[str, str]:
        """Translate values and fill defaults in place; return {column: original} for changes."""
        changed: dict[str, str] = {}
        for column, lookup in self.mapping.values.items():
            new = lookup.get(cells[column].lower())
            if new is not None and new != cells[column]:
                changed[column] = cells[column]
                cells[column] = new
        for column, default in self.mapping.defaults.items():
            if not cells.get(column):
                cells[column] = default
        return changed

    def explain_mapped(self, start: int, mapped: dict[str, str]) -> None:
        """Show the export's own value in problems about translated cells."""
        problems = self.ctx.problems
        for i in range(start, len(problems)):
            p = problems[i]
            if p.column in mapped:
                reason = f"{p.reason} (mapped to {p.value!r} by {self.mapping.file})"
                problems[i] = ImportProblem(p.file, p.line, p.column, mapped[p.column], reason)


def read_stream(
    kind: str,
    stream: IO[bytes],
    name: str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> ImportResult[Any]:
    """Read a ``kind`` file ("workers", "children", "events") from a seekable binary stream."""
    return read_schema(SCHEMAS[kind], stream, name, mapping, today=today, on_progress=on_progress)


def read_schema(
    schema: Schema[R],
    stream: IO[bytes],
    name: str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> ImportResult[R]:
    """Read a file of ``schema``'s kind from a seekable binary stream; never raises for bad data.

    The encoding is the mapping's, or detected: UTF-8 (with or without BOM), else cp1252, else
    latin-1. If a later part of the file turns out not to be UTF-8, reading starts again with
    cp1252 (so ``on_progress`` may go back to zero once).
    """
    today = today or date.today()
    if mapping is not None and (problems := mapping_problems(mapping, schema.kind)):
        return ImportResult(name, (), tuple(problems), None, 0)
    if mapping is not None and mapping.encoding:
        encodings: tuple[str, ...] = (mapping.encoding,)
    else:
        encodings = ENCODINGS[_first_encoding(stream.read(_SNIFF_BYTES)) :]
    previous_limit = csv.field_size_limit(_FIELD_LIMIT)
    try:
        for encoding in encodings:
            stream.seek(0)
            reader: _FileReader[R] = _FileReader(schema, name, mapping, today, on_progress)
            text = io.TextIOWrapper(stream, encoding=encoding, newline="")
            try:
                records = reader.read(text, stream)
            except _Undecodable:
                continue
            finally:
                text.detach()  # the caller owns the stream
            errors = tuple(reader.ctx.problems)
            return ImportResult(name, () if errors else tuple(records), errors, encoding, reader.rows)
    finally:
        csv.field_size_limit(previous_limit)
    reason = f"cannot be read as {encodings[0]} (the mapping's encoding)"
    return ImportResult(name, (), (ImportProblem(name, None, None, "", reason),), None, 0)


def read_file(
    schema: Schema[R],
    path: Path | str,
    mapping: ColumnMapping | None = None,
    *,
    today: date | None = None,
    on_progress: Progress | None = None,
) -> ImportResult[R]:
    """Read the file at ``path``; a file that cannot be opened is reported, not raised."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 -- closed below; only opening is guarded
    except OSError as exc:
        problem = ImportProblem(str(path), None, None, "", f"cannot open the file: {exc.strerror or exc}")
        return ImportResult(str(path), (), (problem,), None, 0)
    with stream:
        return read_schema(schema, stream, str(path), mapping, today=today, on_progress=on_progress)
