"""Files the user names (a report, a calendar): written whole or not at all, never over the
database (see ``store.files``)."""

from __future__ import annotations

from ..store.files import check_target, is_database_file, write_file

__all__ = ["check_target", "is_database_file", "write_file"]
