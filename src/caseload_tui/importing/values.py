"""Turning one cell into a value. Each parser raises ``ValueError(reason)``; callers report it.

Cells arrive already trimmed. Parsers are called once per cell of every row, so they use dict
look-ups and str methods; dates are cached because files repeat them a great deal.
"""

from __future__ import annotations

from datetime import date, datetime

from ..domain.dates import EARLIEST, LATEST, RELATIVE, parse_date

_CACHE_LIMIT = 200_000  # distinct date texts kept; far more than any real file has
_DATE_HELP = "dd/mm/yyyy (e.g. 21/12/2026), dd/mm/yy or yyyy-mm-dd"

# Spelled-out yes/no answers accepted in flag columns (compared in lower case).
FLAG_WORDS: dict[str, bool] = {
    "yes": True, "y": True, "true": True, "1": True,
    "no": False, "n": False, "false": False, "0": False,
}  # fmt: skip


class DateReader:
    """Parse file dates: the British forms of :func:`parse_date`, plus any mapping formats.

    Relative words (``today``) are refused: a file is read on a different day from the one it
    was written, so "today" in a file has no fixed meaning.
    """

    def __init__(self, today: date, formats: tuple[str, ...] = ()) -> None:
        self.today = today
        self.formats = formats
        self._cache: dict[str, date | str] = {}

    def __call__(self, text: str) -> date:
        found = self._cache.get(text)
        if found is None:
            found = self._parse(text)
            if len(self._cache) < _CACHE_LIMIT:
                self._cache[text] = found
        if isinstance(found, str):
            raise ValueError(found)
        return found

    def _parse(self, text: str) -> date | str:
        """The date, or the reason it is not one (cached either way)."""
        if not text.isascii():  # strptime and int() read other scripts' digits too
            return f"not a date: write it with the digits 0-9 as {_DATE_HELP}"
        if text.lower() in RELATIVE or text.lower() == "now":
            return (
                f"relative dates such as {text!r} are not accepted in a file: write the date as {_DATE_HELP}"
            )
        for fmt in self.formats:
            try:
                parsed = datetime.strptime(text, fmt).date()
            except ValueError:
                continue
            if "%y" in fmt and parsed.year > self.today.year + 20:
                # strptime puts 50-68 in the 2000s; dates of birth need the 1900s (as parse_date)
                try:
                    parsed = parsed.replace(year=parsed.year - 100)
                except ValueError:
                    return f"not a real date ({parsed.day} February {parsed.year - 100})"
            if not EARLIEST <= parsed <= LATEST:  # "21/12/0026": no record of a living child is that old
                return f"outside the dates caseload accepts ({EARLIEST:%d/%m/%Y} to {LATEST:%d/%m/%Y})"
            return parsed
        try:
            parsed = parse_date(text, self.today)
        except ValueError as exc:
            if "not a real date" in str(exc) or "outside the dates" in str(exc):
                return str(exc).split(" is ", 1)[1]  # "not a real date (day 12, month 31, ...)"
            extra = f", or a format from the mapping ({', '.join(self.formats)})" if self.formats else ""
            return f"not a date: use {_DATE_HELP}{extra}; never month first"
        return parsed


def parse_flag(text: str) -> bool | None:
    """``yes``/``no`` (also y/n, true/false, 1/0, any case); blank is ``None`` (not recorded)."""
    if not text:
        return None
    found = FLAG_WORDS.get(text.lower())
    if found is None:
        raise ValueError("not yes or no: use yes, no or leave blank (y/n, true/false, 1/0 also work)")
    return found


def parse_fte(text: str) -> float:
    """Full-time equivalent: a number above 0 and at most 1 (``0.8``), or a percentage (``80%``)."""
    percent = text.endswith("%")
    number = text[:-1].strip() if percent else text
    try:
        if not number.isascii():  # float() reads other scripts' digits too
            raise ValueError
        value = float(number)
    except ValueError:
        raise ValueError("not a number: write the FTE as 1, 0.8 or 80%") from None
    if percent:
        value /= 100
    if not 0 < value <= 1:  # also refuses nan and inf
        hint = " (for a percentage add %, e.g. 80%)" if 1 < value <= 100 and not percent else ""
        raise ValueError(f"FTE must be more than 0 and at most 1{hint}")
    if round(value, 4) == 0:  # 1e-309, 0.00001%: would be stored as 0
        raise ValueError("FTE is too small: the smallest is 0.0001 (0.01%)")
    return round(value, 4)


def parse_positive(text: str) -> float:
    """A number above zero (a caseload target), e.g. ``18`` or ``14.5``."""
    try:
        if not text.isascii():
            raise ValueError
        value = float(text)
    except ValueError:
        raise ValueError("not a number") from None
    if not 0 < value < 1000:
        raise ValueError("must be a number above 0 (and below 1000)")
    return value


def clean_text(text: str) -> str:
    """Names and references: whitespace runs (line breaks, non-breaking spaces) become one space.

    Raises on control characters, which only get into a cell by accident (a bad export).
    """
    if text.isprintable():  # the common case, checked in C
        return text
    joined = " ".join(text.split())
    if not joined.isprintable():
        raise ValueError("contains a control character: retype the value")
    return joined


class CodeReader:
    """A code from a vocabulary, given as the code (``care_leaver``), with spaces for underscores
    (``care leaver``) or as the label (``Care leaver``), in any case."""

    def __init__(self, what: str, vocabulary: dict[str, str]) -> None:
        self.what = what
        self.codes = tuple(vocabulary)
        self._lookup: dict[str, str] = {}
        for code, label in vocabulary.items():
            for spelling in (code, code.replace("_", " "), label):
                self._lookup[spelling.lower()] = code

    def __call__(self, text: str) -> str:
        code = self._lookup.get(text) or self._lookup.get(text.lower())
        if code is None:
            article = "an" if self.what[0] in "aeiou" else "a"
            raise ValueError(f"not {article} {self.what}: use one of {', '.join(self.codes)}")
        return code

    def accepts(self, text: str) -> bool:
        return text.lower() in self._lookup
