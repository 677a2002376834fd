"""Reading a CSV file into records: decoding, the header, every row, then the result.

The file is read as a stream (one row in memory at a time, plus the records), so a progress
bar can follow it. Every row is checked even after the first problem, so one run lists them all.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from collections.abc import Callable, Iterator
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

PROGRESS_EVERY = 2000  # rows between progress calls
_FIELD_LIMIT = 1 << 20  # a cell longer than this is a broken quote, not data
_PIECE = 1 << 20  # bytes read at a time when deciding the encoding
# A valid multi-byte UTF-8 sequence: in a file that is not UTF-8 throughout, the sign of text
# in two encodings (cp1252 text almost never holds one).
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_SAVE_AS_UTF8 = "save the file again as UTF-8 (in Excel: CSV UTF-8) and import that"


_LONGEST_LINE = 8 << 20  # bytes: a longer line is not a CSV export (and is never held in memory)


class _Undecodable(Exception):
    """The file does not decode in the encoding its mapping gives."""


class _LineTooLong(Exception):
    """A line longer than _LONGEST_LINE."""


def _pieces(stream: IO[bytes]) -> Iterator[bytes]:
    """The stream in pieces of whole lines (a multi-byte character never spans two pieces)."""
    rest = b""
    while chunk := stream.read(_PIECE):
        chunk = rest + chunk
        cut = chunk.rfind(b"\n") + 1
        if cut:
            yield chunk[:cut]
        rest = chunk[cut:]
        if len(rest) > _LONGEST_LINE:
            raise _LineTooLong
    if rest:
        yield rest


def _line_breaks(data: bytes) -> int:
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def detect_encoding(stream: IO[bytes], name: str) -> tuple[str | None, ImportProblem | None]:
    """The file's encoding, decided from the whole file: UTF-8 if every byte is (``utf-8-sig``
    with a byte-order mark), else Windows-1252 if every byte is and no line holds a UTF-8
    character. Anything else (a file mixing the two, or neither) is refused, naming the first
    line that is not UTF-8. Leaves the stream at its start."""
    stream.seek(0)
    head = stream.read(3)
    stream.seek(0)
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16", None
    line = 1
    first_bad: tuple[int, int] | None = None  # (line, the byte)
    utf8_seen = False
    cp1252_ok = True
    try:
        for piece in _pieces(stream):
            if first_bad is None:
                try:
                    utf8_seen = utf8_seen or not piece.decode("utf-8").isascii()
                except UnicodeDecodeError as exc:
                    first_bad = (line + _line_breaks(piece[: exc.start]), piece[exc.start])
            if first_bad is not None:
                utf8_seen = utf8_seen or _UTF8_SEQUENCE.search(piece) is not None
                cp1252_ok = cp1252_ok and _decodes(piece, "cp1252")
            line += _line_breaks(piece)
    except _LineTooLong:
        reason = f"a line longer than {_LONGEST_LINE >> 20} MB: this is not a CSV export"
        return None, ImportProblem(name, line, None, "", reason)
    stream.seek(0)
    if first_bad is None:
        return ("utf-8-sig" if head == codecs.BOM_UTF8 else "utf-8"), None
    bad_line, byte = first_bad
    if utf8_seen:
        reason = (f"this line is not UTF-8 (byte 0x{byte:02X}) but other lines are: the file mixes two "
                  f"encodings, so its names cannot be read safely; {_SAVE_AS_UTF8}")  # fmt: skip
    elif not cp1252_ok:
        reason = f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{byte:02X}); {_SAVE_AS_UTF8}"
    else:
        return "cp1252", None
    return None, ImportProblem(name, bad_line, None, "", reason)


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


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
        self.line = 0  # the last line read

    def problem(self, line: int | None, reason: str, value: str = "") -> None:
        self.ctx.problems.append(ImportProblem(self.name, line, None, value, reason))

    def resolve(self, header: list[str], line: int) -> list[tuple[str, int | None]] | None:
        """(column, index in the row or None when absent) for each column; None if unusable."""
        found: dict[str, int] = {}
        repeated: dict[str, list[int]] = {}
        for i, text in enumerate(header):
            if found.setdefault(_norm(text), i) != i:
                repeated.setdefault(_norm(text), [found[_norm(text)] + 1]).append(i + 1)
        missing: list[str] = []
        doubled = False
        resolved: list[tuple[str, int | None]] = []
        for column in self.schema.columns:
            source = self.mapping.columns.get(column, column)
            index = found.get(_norm(source))
            if index is None and column not in self.schema.optional and column not in self.mapping.defaults:
                missing.append(column if source == column else f"{source!r} (for {column})")
            if _norm(source) in repeated:  # which of them holds the data is anyone's guess
                doubled = True
                places = ", ".join(str(n) for n in repeated[_norm(source)])
                self.problem(line, f"the header has the column {source!r} more than once (columns {places}): "
                             "keep one and import again")  # fmt: skip
            resolved.append((column, index))
        if missing:
            shown = ", ".join(repr(h) for h in header)
            self.problem(line, f"missing required columns: {', '.join(missing)}; columns found: {shown}")
        return None if missing or doubled else resolved

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
        self.line = 0
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
                self.line = line
                raise _Undecodable from None
            line += 1
            if columns is None:  # before and at the header
                if line == 1 and row:
                    row[0] = row[0].lstrip("\ufeff")
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

    The encoding is the mapping's, or decided from the whole file (:func:`detect_encoding`)
    before any row is read; the result says which it was.
    """
    today = today or date.today()
    if mapping is not None and (problems := mapping_problems(mapping, schema.kind)):
        return ImportResult(name, (), tuple(problems), None, 0)
    if mapping is not None and mapping.encoding:
        encoding: str | None = mapping.encoding
    else:
        encoding, problem = detect_encoding(stream, name)
        if problem is not None:
            return ImportResult(name, (), (problem,), None, 0)
    assert encoding is not None
    previous_limit = csv.field_size_limit(_FIELD_LIMIT)
    stream.seek(0)
    reader: _FileReader[R] = _FileReader(schema, name, mapping, today, on_progress)
    text = io.TextIOWrapper(stream, encoding=encoding, newline="")
    try:
        records = reader.read(text, stream)
    except _Undecodable:
        reason = f"cannot be read as {encoding} (the mapping's encoding) from this line on"
        return ImportResult(name, (), (ImportProblem(name, reader.line + 1, None, "", reason),), None, 0)
    finally:
        text.detach()  # the caller owns the stream
        csv.field_size_limit(previous_limit)
    errors = tuple(reader.ctx.problems)
    return ImportResult(name, () if errors else tuple(records), errors, encoding, reader.rows)


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
    if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):  # a device (/dev/zero) or a pipe never ends
        stream.close()
        problem = ImportProblem(str(path), None, None, "", "not a file (a device, a pipe or a folder)")
        return ImportResult(str(path), (), (problem,), None, 0)
    with stream:
        return read_schema(schema, stream, str(path), mapping, today=today, on_progress=on_progress)
