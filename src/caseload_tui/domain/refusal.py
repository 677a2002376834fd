"""The exception for something the product will not do."""

from __future__ import annotations


class Refusal(Exception):
    """Something the product will not do (overwrite a file, write onto the database, a worker
    or team that does not exist...); the message is already written for people."""
