"""Pure domain logic: working days, timescale tables, the due-date engine, caseload arithmetic.

Nothing here imports textual or sqlmodel, reads a clock or touches a database: "today" is always
an argument. ``tests/test_import_boundary.py`` keeps it that way.
"""
