"""Every path of the app, in one place; screens link with these, never literals.

The route *table* (which component answers which path, behind which guard) is
in :mod:`app.ui.app`; this module only names the paths, so screens and
components can import it without importing a screen.
"""

from __future__ import annotations

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

# --- the child's screens (the session open on this device) ------------------------
ROUTE_CHILD_HOME = "/barn"
ROUTE_REVIEW = "/barn/granska"
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
    """Navigate from a handler."""
    ft.context.page.navigate(route)
