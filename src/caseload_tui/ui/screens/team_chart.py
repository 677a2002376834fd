"""Text charts for the dashboard: a caseload bar against the target marker, and the chart of them.

Plain characters (``█░│``) so they read in any terminal, in a snapshot and in a screen reader's
text; colour only repeats what the length already says.
"""

from __future__ import annotations

from rich.text import Text

from ...domain.team import TeamReport

MARKER = "│"


def load_bar(children: int, target: float, width: int = 12) -> Text:
    """``children`` as filled cells on a scale where the target sits at two thirds of ``width``.

    The marker ``│`` is drawn at the target; cells past it are red. A caseload beyond the
    scale ends in ``▶``.
    """
    span = max(target * 1.5, 1.0)
    per_cell = span / width
    filled = round(children / per_cell)
    marker = min(width, round(target / per_cell))
    text = Text()
    for i in range(width):
        if i == marker:
            text.append(MARKER, style="bold")
        if i < filled:
            clipped = i == width - 1 and filled > width
            text.append("▶" if clipped else "█", style="red" if i >= marker else "green")
        else:
            text.append("░", style="dim")
    if marker == width:
        text.append(MARKER, style="bold")
    return text


def caseload_chart(report: TeamReport, width: int = 24, name_width: int = 16) -> Text:
    """One line per worker: name, bar, children / target."""
    text = Text()
    for s in report.workers:
        load = s.load
        name = load.name if len(load.name) <= name_width else load.name[: name_width - 1] + "…"
        text.append(f"{name:<{name_width}} ")
        text.append_text(load_bar(load.children, load.target, width))
        text.append(f" {load.children}/{load.target:g}\n")
    return text


def trend_caption(report: TeamReport) -> str:
    if not report.trend:
        return "Overdue items, last 12 week ends: working…"
    first, last = report.trend[0], report.trend[-1]
    return (
        f"Overdue items at each week's end, {first.week_end:%d/%m} to {last.week_end:%d/%m}: "
        f"{first.overdue} → {last.overdue}"
    )
