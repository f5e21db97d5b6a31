"""Leaving child mode: the counsellor's PIN, or back to the child."""

from __future__ import annotations

import flet as ft

from app.ui.components.gate import Redirect
from app.ui.components.pin import PinEntry
from app.ui.context import use_app_state, use_translator
from app.ui.routes import ROUTE_CHILD_DETAIL, ROUTE_CHILD_HOME


@ft.component
def UnlockChildModeScreen() -> ft.Control:
    """Leaving child mode: only with the PIN; otherwise back to the child."""
    _ = use_translator()
    state = use_app_state()
    active = state.child_mode()
    if active is None:
        return Redirect("/")
    child_id = active[0]

    def leave(secret: str) -> bool:
        if not state.leave_child_mode(secret):
            return False
        ft.context.page.navigate(ROUTE_CHILD_DETAIL.format(child_id=child_id))
        return True

    return PinEntry(
        on_success=leave,
        title=_("Lämna barnläget"),
        back=ft.TextButton(
            _("Tillbaka till barnet"),
            key="back-to-child",
            on_click=lambda _e: ft.context.page.navigate(ROUTE_CHILD_HOME),
        ),
    )
