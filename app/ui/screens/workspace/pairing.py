"""Pairing: a tablet on the network types the code shown on the laptop."""

from __future__ import annotations

import flet as ft

from app.ui.components.pin import pin_card, wait_message
from app.ui.context import use_app_state, use_translator
from app.ui.latest import use_latest


@ft.component
def PairingScreen() -> ft.Control:
    """Ask for the one-time pairing code before anything else is shown."""
    _ = use_translator()
    state = use_app_state()
    code = use_latest("")
    error, set_error = ft.use_state("")

    # Wrong guesses slow down this address only, never another tablet.
    client = ft.context.page.client_ip or ""

    def submit(_e=None) -> None:
        pairing = state.pairing
        if pairing is not None and pairing.try_code(code.value, client):
            state.paired.value = True
            return
        code.set("")
        wait = pairing.wait_seconds(client) if pairing else 0
        set_error(wait_message(_, wait) if wait else _("Fel kod. Försök igen."))

    return pin_card(
        _("Parkoppla surfplattan"),
        _(
            "Skriv koden som visas på datorn där Min röst körs. "
            "Varje kod fungerar en gång."
        ),
        [
            ft.TextField(
                key="pairing-code",
                label=_("Parkopplingskod"),
                value=code.value,
                error=error or None,
                keyboard_type=ft.KeyboardType.NUMBER,
                on_change=lambda e: (code.set(e.control.value), set_error("")),
                on_submit=submit,
            ),
            ft.Button(_("Parkoppla"), key="pairing-submit", height=52, on_click=submit),
        ],
    )
