"""The exception for something the product will not do."""

from __future__ import annotations


class Refusal(Exception):
    """Something the product will not do (overwrite a file, write onto the database, a worker
    or team that does not exist...); the message is already written for people."""


class NeedsConfirmation(Refusal):
    """Something unusual that may still be right (a second visit that day, a date years ago):
    done only when asked again with confirmation. The message asks the question."""
