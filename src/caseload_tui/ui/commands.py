"""The command palette (ctrl+p): children, workers, and every action."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from .actions import APP_ACTIONS, CASELOAD_ACTIONS, CHILD_ACTIONS, DASHBOARD_ACTIONS, HELP, WEEK_ACTIONS

if TYPE_CHECKING:
    from ..services.models import Child
    from .app import CaseloadApp

SCREEN_ACTIONS = {
    a.id: a
    for a in (*WEEK_ACTIONS, *CHILD_ACTIONS, *CASELOAD_ACTIONS, *DASHBOARD_ACTIONS)
    if not a.id.startswith("plan_day") and a is not HELP  # the app's own "Keys" is listed once
}


UNALLOCATED = "Unallocated children"
UNALLOCATED_HELP = "allocated to nobody, the most urgent first: allocate from the list"
AUDIT = "Audit log"
AUDIT_HELP = "who changed what (before and after) and who looked, newest first"


def highlight(matcher: Matcher, text: str) -> Content:
    """``matcher.highlight`` for plain text: that reads its argument as markup, and our hits carry
    names from the data (a "[/]" in one raised, and lost every hit after it)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if score:
        for offset in offsets:
            if not text[offset].isspace():
                content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def child_help(child: Child) -> str:
    born = f"born {child.date_of_birth:%d/%m/%Y}" if child.date_of_birth else "not yet born"
    return f"open child · {born}" + ("" if child.is_open else " · case closed")


class CaseloadCommands(Provider):
    @property
    def caseload(self) -> CaseloadApp:
        return cast("CaseloadApp", self.app)

    def _actions(self) -> list[tuple[str, str, str]]:
        """(text, action to run, help) for the app's actions and the current screen's."""
        found = [(a.description, f"app.{a.action}", "action") for a in APP_ACTIONS]
        screen_bindings = {b.id for b in getattr(self.screen, "BINDINGS", []) if getattr(b, "id", None)}
        found += [
            (a.description, f"screen.{a.action}", "action on this screen")
            for a in SCREEN_ACTIONS.values()
            if a.id in screen_bindings
        ]
        return found

    async def discover(self) -> Hits:
        for text, action, help_text in self._actions():
            yield DiscoveryHit(text, partial(self.app.run_action, action), help=help_text)
        yield DiscoveryHit(UNALLOCATED, self.caseload.open_unallocated, help=UNALLOCATED_HELP)
        yield DiscoveryHit(AUDIT, self.caseload.open_audit, help=AUDIT_HELP)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, action, help_text in self._actions():
            if (score := matcher.match(text)) > 0:
                yield Hit(
                    score, highlight(matcher, text), partial(self.app.run_action, action), help=help_text
                )
        if (score := matcher.match(UNALLOCATED)) > 0:
            yield Hit(
                score, highlight(matcher, UNALLOCATED), self.caseload.open_unallocated, help=UNALLOCATED_HELP
            )
        if (score := matcher.match(AUDIT)) > 0:
            yield Hit(score, highlight(matcher, AUDIT), self.caseload.open_audit, help=AUDIT_HELP)
        if len(query.strip()) < 2:
            return
        app = self.caseload
        for worker in app.workers_cache:
            text = f"Work as {worker.name} ({worker.team})"
            if (score := matcher.match(text)) > 0:
                yield Hit(
                    score, highlight(matcher, text), partial(app.set_worker, worker.worker_id), help="worker"
                )
        for team in sorted({w.team for w in app.workers_cache}):
            text = f"Team dashboard: {team}"
            if (score := matcher.match(text)) > 0:
                yield Hit(score, highlight(matcher, text), partial(app.open_dashboard, team), help="team")
        # children: found as the lookup finds them (name either way round, case reference, date
        # of birth)
        for child in app.children_index.find(query, limit=20):
            text = f"{child.given_name} {child.family_name} {child.child_id}"
            open_child = partial(app.open_child, child.child_id)
            score = matcher.match(text) or 0.5  # e.g. found by date of birth, not by this text
            yield Hit(score, highlight(matcher, text), open_child, help=child_help(child))
