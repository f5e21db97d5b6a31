"""Leaving child mode: the counsellor's PIN (a team server: a fresh sign-in),
or back to the child."""

from __future__ import annotations

import flet as ft

from app.domain.staff import StaffUser
from app.storage.store import Store
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

    back = ft.TextButton(
        _("Tillbaka till barnet"),
        key="back-to-child",
        on_click=lambda _e: ft.context.page.navigate(ROUTE_CHILD_HOME),
    )
    if state.team is not None:
        # A team server: a counsellor signs in afresh at the provider; a
        # remembered sign-in or the child's taps alone never end child mode.
        from app.ui.components.sign_in import SignIn  # PyJWT: the server extra

        def signed_in(user: StaffUser, repo: Store) -> None:
            state.leave_child_mode_signed_in(user, repo)
            ft.context.page.navigate(ROUTE_CHILD_DETAIL.format(child_id=child_id))

        return SignIn(
            state.sign_in_status,
            force=True,
            title=_("Lämna barnläget"),
            intro=_("En vuxen i teamet loggar in på nytt för att lämna barnläget."),
            on_signed_in=signed_in,
            back=back,
        )

    def leave(secret: str) -> bool:
        if not state.leave_child_mode(secret):
            return False
        ft.context.page.navigate(ROUTE_CHILD_DETAIL.format(child_id=child_id))
        return True

    return PinEntry(
        on_success=leave,
        title=_("Lämna barnläget"),
        back=back,
    )
