"""Every path of the app, in one place; screens link with these, never literals.

The route *table* (which component answers which path, behind which guard) is
in :mod:`app.ui.app`; this module only names the paths, so screens and
components can import it without importing a screen.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain import day as day_rules

ROUTE_START = "/"
ROUTE_ABOUT = "/om"
ROUTE_UNLOCK = "/las-upp"
"""Leaving child mode: the counsellor's PIN."""

# --- the counsellor's workspace (behind the PIN) -----------------------------------
ROUTE_AUDIT = "/arbete/logg"
ROUTE_CHILD_DETAIL = "/arbete/barn/{child_id}"
ROUTE_PLAN = "/arbete/barn/{child_id}/plan"
ROUTE_MEETING = "/arbete/barn/{child_id}/mote"
ROUTE_HISTORY = "/arbete/barn/{child_id}/historik"
ROUTE_MEETING_VIEW = "/arbete/barn/{child_id}/barnets-rost"
ROUTE_VOICES = "/arbete/barn/{child_id}/roster"
"""The voices recorded for the child (``screens/workspace/voices.py``)."""

# --- the child's screens (the session open on this device) ------------------------
ROUTE_CHILD_HOME = "/barn"
ROUTE_REVIEW = "/barn/granska"
ROUTE_SHARE = "/barn/vem-far-veta"
"""*Vem får veta?*: the child's choice per answer and recipient."""
ROUTE_TOLD = "/barn/vem-far-veta/sa-blir-det"
"""What each recipient gets to know, in pictures, before the tablet goes back."""
ROUTE_GRID = "/barn/bra-pa"
ROUTE_GRID_SUMMARY = "/barn/bra-pa/klar"
ROUTE_DAY = "/barn/dag"
"""*En vanlig dag*: sends the child to the step they were on."""
ROUTE_DAY_STEP = "/barn/dag/{step}"
"""One prompt of the day; ``step`` is the prompt id (``places.more``)."""
ROUTE_DAY_SUMMARY = "/barn/dag/klar"
ROUTE_BEFORE = "/barn/infor-mote"
ROUTE_AFTER = "/barn/efter-motet"
ROUTE_LAST_TIME = "/barn/sist"


def step_route(step: str) -> str:
    """The route of a step of the day (the summary's route for the summary)."""
    if step == day_rules.SUMMARY:
        return ROUTE_DAY_SUMMARY
    return ROUTE_DAY_STEP.format(step=step)


def go(route: str) -> None:
    """Navigate from a handler between the child's screens, in one round trip.

    ``page.navigate`` alone asks the browser to push the URL and waits for the
    browser to report the change back before the server renders the next
    screen: two round trips per tap (160 ms on a 4G link before any work). Here
    the route table is told at once, so the next screen goes out in reply to
    the tap, and the browser's report of the same route is then let pass
    (:class:`_ShownAtOnce`). Back/forward and typed URLs are not affected.
    """
    page = ft.context.page
    _show_now(page, route)
    page.navigate(route)


PENDING_LIMIT = 8
"""Routes shown at once whose report from the browser is still awaited (a
lost connection never reports; the oldest are then forgotten)."""


class _ShownAtOnce:
    """``page.on_route_change`` around the route table's own handler.

    Each route shown by :func:`go` is awaited once from the browser and then
    dropped, as are the reports of routes a later tap has already replaced
    (two quick taps must not step back to the first one's screen). Any other
    route (the browser's back button, a typed URL) goes to the route table.
    """

    def __init__(self, handler: Callable[[ft.RouteChangeEvent], None]) -> None:
        self.handler = handler
        self.pending: list[str] = []

    def show(self, page: ft.Page, route: str) -> None:
        """Render ``route`` now and await its report from the browser."""
        self.pending = [*self.pending, route][-PENDING_LIMIT:]
        self.handler(
            ft.RouteChangeEvent(name="route_change", control=page, route=route)
        )

    def __call__(self, e: ft.RouteChangeEvent) -> None:
        if e.route in self.pending:
            del self.pending[: self.pending.index(e.route) + 1]
            return
        self.pending = []
        self.handler(e)


def _show_now(page: ft.Page, route: str) -> None:
    """Hand ``route`` to the route table now (nothing when none listens)."""
    handler = page.on_route_change
    if handler is None:
        return
    if not isinstance(handler, _ShownAtOnce):
        handler = _ShownAtOnce(handler)
        page.on_route_change = handler
    handler.show(page, route)
