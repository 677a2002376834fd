"""What every screen shares: a way back to the app, data delivered from thread workers, tables
of plain text, sorting and forms. A worker that fails is said by the app's one handler."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from rich.text import Text
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label
from textual.worker import get_current_worker

if TYPE_CHECKING:
    from ..services.workspace import Workspace
    from .app import CaseloadApp

T = TypeVar("T")


# A table's columns: each label with the most cells it may take, or None for the one column
# that takes what the others leave (at least MIN_FLEX cells).
Columns = Sequence[tuple[str, int | None]]
MIN_FLEX = 8


class TextTable(DataTable[Any]):
    """A DataTable whose string cells are plain text, fitted to the terminal's width.

    DataTable reads a ``str`` cell as markup; ours carry names and labels from the data, where
    a "[/]" would be an error and "[b]" would vanish. (Plain text also renders faster.)
    Filled with :meth:`fill`, every column is as wide as its longest cell up to its limit, one
    column takes the rest, and a cell too long for its column ends in "…"; on a resize the
    columns are fitted again, the cursor kept.
    """

    _columns: Columns = ()
    _rows: Sequence[Sequence[Any]] = ()
    _fitted_to = 0

    def add_row(self, *cells: Any, **kwargs: Any) -> Any:
        return super().add_row(*(_text(cell) for cell in cells), **kwargs)

    def fill(self, columns: Columns, rows: Sequence[Sequence[Any]]) -> None:
        """Replace the columns and the rows (the cursor stays on the same row number)."""
        self._columns, self._rows = columns, rows
        self._fit()

    def on_resize(self) -> None:
        if self._columns and self.size.width != self._fitted_to:
            self._fit()

    def _fit(self) -> None:
        cursor = self.cursor_row
        self._fitted_to = width = self.size.width or self.app.size.width
        cells = [[_text(cell) for cell in row] for row in self._rows]
        longest = [
            max([len(label), *(cell.cell_len for row in cells for cell in row[i : i + 1])])
            for i, (label, _) in enumerate(self._columns)
        ]
        widths: list[int | None] = [
            None if most is None else min(most, longest[i]) for i, (_, most) in enumerate(self._columns)
        ]
        padding = 2 * self.cell_padding * len(self._columns) + self.styles.scrollbar_size_vertical
        rest = max(MIN_FLEX, width - padding - sum(w for w in widths if w is not None))
        self.clear(columns=True)
        for i, (label, _) in enumerate(self._columns):
            self.add_column(label, width=widths[i] if widths[i] is not None else min(rest, longest[i]))
        for row in cells:
            super().add_row(*row)
        if self._rows:
            self.move_cursor(row=min(max(cursor, 0), len(self._rows) - 1))


def _text(cell: Any) -> Any:
    """A cell as plain text on one line, cut with "…" when its column is too narrow."""
    if isinstance(cell, str):  # as DataTable formats a str in a one-line row, less the markup
        return Text(cell, no_wrap=True, end="", overflow="ellipsis")
    if isinstance(cell, Text) and cell.overflow != "ellipsis":
        cell = cell.copy()
        cell.no_wrap, cell.overflow = True, "ellipsis"
    return cell


class DataScreen(Screen[None]):
    """A screen whose data comes from the database, loaded off the UI thread.

    Subclasses load their first showing in ``on_mount`` and implement ``refresh_data``, which
    runs again whenever the screen comes back into view (after a form or another screen on top
    of it: things may have changed). Textual also "resumes" a screen when it is first shown;
    that one is not a return and loads nothing. Their loads are ``@work(thread=True)`` methods
    that hand their result back with :meth:`deliver`.
    """

    _left = False  # covered by another screen since it last showed its data

    def refresh_data(self) -> None:
        raise NotImplementedError

    def on_screen_suspend(self) -> None:
        self._left = True

    def on_screen_resume(self) -> None:
        if self._left:
            self._left = False
            self.refresh_data()

    @property
    def caseload(self) -> CaseloadApp:
        return cast("CaseloadApp", self.app)

    @property
    def workspace(self) -> Workspace:
        """The open workspace (screens that load data are shown only once it is open)."""
        workspace = self.caseload.workspace
        assert workspace is not None
        return workspace

    def deliver(self, done: Callable[[T], Any], result: T) -> None:
        """From a thread worker: hand ``result`` to ``done`` on the UI thread, unless a newer
        run of the same worker replaced this one (its data would be stale)."""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(done, result)


class Modal(ModalScreen[T]):
    """A modal form or picker."""

    @property
    def caseload(self) -> CaseloadApp:
        return cast("CaseloadApp", self.app)


class SortableTable:
    """Mixin for a screen whose table sorts by any column: header click, ``s`` next, ``S`` reverse.

    The screen sets ``sort_column``, ``reverse`` and ``column_count``, and refills its table in
    ``_fill_table``.
    """

    sort_column: int
    reverse: bool
    column_count: int

    def _fill_table(self) -> None:
        raise NotImplementedError

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        self.sort_by(event.column_index)

    def sort_by(self, column: int) -> None:
        """Sort by ``column``; the same column again reverses the order."""
        self.reverse = not self.reverse if column == self.sort_column else False
        self.sort_column = column
        self._fill_table()

    def action_sort_next(self) -> None:
        self.sort_column = (self.sort_column + 1) % self.column_count
        self.reverse = False
        self._fill_table()

    def action_sort_reverse(self) -> None:
        self.reverse = not self.reverse
        self._fill_table()


class Form(Modal[T]):
    """A modal form: Enter or ctrl+s saves, Escape cancels, problems show in ``#error``.

    Subclasses compose their fields, a ``Label`` with id ``error`` and buttons with ids
    ``save`` and ``cancel``, and implement ``action_save`` (calling ``dismiss`` with the result).
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)  # every form's result type includes None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def show_error(self, message: str) -> None:
        """Show a problem; as plain text, since it may quote what the person typed."""
        self.query_one("#error", Label).update(Text(message))
