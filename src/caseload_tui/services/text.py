"""Text from the database made inert before it reaches a terminal."""

from __future__ import annotations

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def inert(text: str) -> str:
    """``text`` with every character that is not printable (escape and the other control
    characters, C1 controls such as CSI, bidirectional overrides, ...) shown as a visible escape
    (``\\x1b``, ``\\u202e``): nothing stored can move the cursor, clear the screen, retitle the
    window or reorder what is shown. Printable text, accents and all, is unchanged."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else _escape(ch) for ch in text)


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
