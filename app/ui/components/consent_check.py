"""*Gäller samtycket fortfarande?*: the one-tap check before a session starts.

The booklet asks to keep consent alive. Before the tablet goes to the child,
the child's page shows who may receive the answers now, and the counsellor
confirms in one tap (the confirmation is kept in the consent's history, with
the new session) or changes the consent first.
"""

from __future__ import annotations

import flet as ft

from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.consent_panel import ConsentPanel
from app.ui.components.session_parts import consent_line
from app.ui.context import use_translator


@ft.component
def ConsentCheck(store: CaseStore, on_start, on_cancel) -> ft.Control:
    """Who may receive the answers; *Ja, det gäller* starts the session with
    the consent confirmed; *Ändra samtycket* opens the consent panel first."""
    _ = use_translator()
    changing, set_changing = ft.use_state(False)
    has_consent = bool(store.consent.active)
    if changing:
        return ConsentPanel(store, lambda: set_changing(False))
    buttons = (
        [
            ft.Button(
                _("Ja, det gäller – starta barnläget"),
                key="confirm-start",
                icon=ft.Icons.CHECK,
                on_click=lambda _e: on_start(True),
            ),
            ft.OutlinedButton(
                _("Ändra samtycket"),
                key="change-consent",
                icon=ft.Icons.HANDSHAKE,
                on_click=lambda _e: set_changing(True),
            ),
        ]
        if has_consent
        else [
            ft.OutlinedButton(
                _("Registrera samtycke"),
                key="change-consent",
                icon=ft.Icons.HANDSHAKE,
                on_click=lambda _e: set_changing(True),
            ),
            ft.Button(
                _("Starta barnläget"),
                key="confirm-start",
                icon=ft.Icons.CHILD_CARE,
                on_click=lambda _e: on_start(False),
            ),
        ]
    )
    return ft.Container(
        key="consent-reminder",
        bgcolor=theme.SOFT_NOTICE_BG,
        border_radius=16,
        padding=16,
        content=ft.Column(
            [
                ft.Text(
                    _("Gäller samtycket fortfarande?")
                    if has_consent
                    else _("Innan ni börjar"),
                    size=20,
                    weight=ft.FontWeight.BOLD,
                ),
                ft.Text(
                    _(
                        "Påminn om samtycket – håll det levande. Barnet och "
                        "vårdnadshavarna kan ändra sig när som helst."
                    )
                ),
                ft.Text(consent_line(_, store.consent), key="consent-now")
                if has_consent
                else ft.Text(
                    _(
                        "Inget samtycke är registrerat än: svaren stannar i "
                        "din egen journal."
                    ),
                    key="consent-now",
                ),
                ft.Row(
                    [
                        *buttons,
                        ft.TextButton(
                            _("Avbryt"),
                            key="cancel-start",
                            on_click=lambda _e: on_cancel(),
                        ),
                    ],
                    wrap=True,
                ),
            ],
            spacing=10,
        ),
    )
