"""What every screen shares: a way back to the app, data delivered from thread workers, tables
of plain text, sorting and forms. A worker that fails is said by the app's one handler."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, cast

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, DataTable, Input, Label, Static
from textual.worker import Worker, get_current_worker

from ..domain.refusal import NeedsConfirmation

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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.caseload.worker_changed(event)  # a worker's news reaches only its own node

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

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.caseload.worker_changed(event)  # a worker's news reaches only its own node


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


SAVING = "saving"  # a form's save worker: the app's one error handler hands its failure back


class Form(Modal[T]):
    """A modal form: Enter or ctrl+s saves, Escape cancels, problems show in ``#error``.

    Subclasses compose their fields, a ``Label`` with id ``error`` and buttons with ids
    ``save`` and ``cancel``, and implement ``action_save``, which checks what was typed and
    calls :meth:`submit` with it. A form given ``save`` runs it (in a thread worker) with what
    was typed: the form stays open until it has worked, and closes with its result; a refusal
    or a failure (a busy database, a full disk) is said in the form, with everything typed kept;
    a question (:class:`NeedsConfirmation`) is asked, and saving the same again confirms it. A
    form without ``save`` closes with what was typed.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, save: Callable[[Any, bool], Any] | None = None) -> None:
        super().__init__()
        self.saver = save
        self.typed: Any = None  # what the last save was given
        self.asked: Any = None  # what was typed when a question was asked: the same again confirms

    def action_save(self) -> None:
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)  # every form's result type includes None

    def submit(self, value: Any) -> None:
        if self.saver is None:
            self.dismiss(value)
            return
        confirmed = self.asked is not None and self.asked == value
        self.typed = value
        self.show_error("Saving…")
        self.saving(value, confirmed)

    @work(thread=True, exclusive=True, group="form", name=SAVING, exit_on_error=False)
    def saving(self, value: Any, confirmed: bool) -> None:
        assert self.saver is not None
        result = self.saver(value, confirmed)
        self.app.call_from_thread(self.dismiss, result)

    def failed(self, error: BaseException, message: str) -> None:
        """The save did not happen: say why, keep what was typed (from the app's handler)."""
        if isinstance(error, NeedsConfirmation):
            self.asked = self.typed
            self.show_error(f"{message}. Press Save again to record it, or change it.")
        else:
            self.asked = None
            self.show_error(message)

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


class Confirm(Modal[bool]):
    """Ask before something is done (a record deleted): Enter does it, Escape keeps things."""

    BINDINGS = [Binding("escape", "keep", "Keep"), Binding("enter", "do", "Yes")]

    def __init__(self, question: str, do: str, keep: str = "Keep it") -> None:
        super().__init__()
        self.question, self.do, self.keep = question, do, keep

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Static(Text(self.question), id="question")
            with Horizontal(classes="buttons"):
                yield Button(f"{self.do} (enter)", variant="error", id="do")
                yield Button(f"{self.keep} (esc)", id="keep")

    def on_mount(self) -> None:
        self.query_one("#do", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "do")

    def action_do(self) -> None:
        self.dismiss(True)

    def action_keep(self) -> None:
        self.dismiss(False)
