"""Words for people: counts with the right plural."""

from __future__ import annotations


def plural(count: int, one: str, many: str | None = None) -> str:
    """``1 child``, ``2 children``, ``0 visits``: the count and the noun that goes with it."""
    return f"{count:,} {one if count == 1 else (many or one + 's')}"


def _visible(code: int) -> str:
    if code < 0x20:
        return chr(0x2400 + code)  # the Control Pictures block: ␛ for ESC, ␇ for BEL
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"\\u{code:04x}"  # C1 controls and the bidirectional overrides, spelt out


# C0 controls but tab and line feed, DEL, C1 controls (0x9b starts a sequence on some terminals)
# and the bidirectional controls that make text read in another order than it is stored
_INERT = str.maketrans(
    {
        code: _visible(code)
        for code in (
            *(c for c in range(0x20) if c not in (0x09, 0x0A)),
            *range(0x7F, 0xA0),
            *range(0x202A, 0x202F),
            *range(0x2066, 0x206A),
        )
    }
)


def inert(text: str) -> str:
    """``text`` safe to show on a terminal: control and escape characters appear as visible
    symbols (``␛[2J``) instead of clearing the screen or retitling the window. Line breaks and
    tabs stay."""
    if text.isascii() and text.isprintable():  # the common case, checked in C
        return text
    return text.translate(_INERT)
