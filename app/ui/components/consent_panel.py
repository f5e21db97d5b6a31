"""The consent panel of a child: who consented to sharing with whom.

Consent belongs to the child and holds for every session, before the first
too. It is recorded, narrowed and withdrawn through the child's
``CaseStore``; a withdrawn consent is kept, marked with when it ended, and the
history lists every change and every confirmation at a session's start.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.models import (
    ConsentEventKind,
    Recipient,
    ValidationError,
)
from app.i18n import N_
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.fault import reports_faults
from app.ui.context import use_translator
from app.ui.latest import Latest, use_latest
from app.ui.messages import validation_message

CONSENT_ERRORS = {
    "consent_no_giver": N_("Välj vem som har gett samtycket."),
    "consent_no_recipient": N_("Välj minst en mottagare."),
}


@ft.component
def ConsentPanel(store: CaseStore, on_close, session_id: str = "") -> ft.Control:
    """Record who consented to sharing with whom; list, narrow and withdraw
    consents; show their history. ``session_id``: opened at a session's start,
    so a new consent also confirms it for that session."""
    _ = use_translator()
    # Read as ticked now: two boxes ticked quicker than the server draws both
    # count (app/ui/latest.py).
    givers = use_latest(())
    recipients = use_latest(())
    other = use_latest("")
    note = use_latest("")
    error, set_error = ft.use_state("")

    def tick(chosen: Latest[tuple], value, on: bool) -> None:
        """Follow the box exactly as it shows, ticked or not."""
        rest = tuple(v for v in chosen.value if v != value)
        chosen.set((*rest, value) if on else rest)
        set_error("")

    @reports_faults
    def save(_e=None) -> None:
        try:
            store.give_consent(
                session_id=session_id,
                givers=givers.value,
                recipients=recipients.value,
                other_recipient=other.value,
                note=note.value,
            )
        except ValidationError as exc:
            msg = CONSENT_ERRORS.get(exc.msgid)
            set_error(_(msg) if msg else validation_message(_, exc))
            return
        on_close()

    @reports_faults
    def withdraw(consent_id: str) -> None:
        store.withdraw_consent(consent_id)

    @reports_faults
    def stop(consent_id: str, recipient: Recipient) -> None:
        store.stop_sharing_with(consent_id, recipient)

    def consent_row_text(c) -> list[ft.Control]:
        # The arrow is an icon: no bundled font has U+2192, and a character
        # no font has sends the CanvasKit engine to its network fallback
        # again and again (issue #24). Material's arrow turns round in RTL.
        color = theme.INK if c.active else theme.MUTED_INK
        givers = _.join([_(catalog.GIVERS[g].label) for g in c.given_by])
        recipients = _.join(
            [
                c.other_recipient
                if r is Recipient.OTHER
                else _(catalog.RECIPIENTS[r].label)
                for r in c.recipients
            ]
        )
        rest = (
            recipients
            + " · "
            + _.date(c.given_at, "medium")
            + ("" if c.active else " · " + _("återkallat"))
        )
        return [
            ft.Text(givers, color=color),
            ft.Icon(ft.Icons.ARROW_FORWARD, size=18, color=color),
            ft.Text(rest, expand=True, color=color),
        ]

    def stops(c) -> list[ft.Control]:
        if not c.active or len(c.recipients) < 2:
            return []
        return [
            ft.TextButton(
                _("Inte längre till {recipient}", recipient=recipient_name(c, r)),
                key=f"stop-{c.id}-{r.value}",
                icon=ft.Icons.REMOVE_CIRCLE_OUTLINE,
                on_click=lambda _e, cid=c.id, r=r: stop(cid, r),
            )
            for r in c.recipients
        ]

    def recipient_name(c, r: Recipient) -> str:
        if r is Recipient.OTHER and c.other_recipient:
            return c.other_recipient
        return _(catalog.RECIPIENTS[r].label)

    existing = [
        ft.Column(
            [
                ft.Row(
                    [
                        *consent_row_text(c),
                        ft.TextButton(
                            _("Återkalla"),
                            key=f"withdraw-{c.id}",
                            on_click=lambda _e, cid=c.id: withdraw(cid),
                        )
                        if c.active
                        else ft.Container(),
                    ]
                ),
                ft.Row(stops(c), wrap=True),
            ],
            spacing=0,
        )
        for c in store.consent.consents
        if c.active
    ]
    event_words = {
        ConsentEventKind.GIVEN: _("Samtycke givet"),
        ConsentEventKind.WITHDRAWN: _("Samtycke återkallat"),
        ConsentEventKind.CONFIRMED: _("Bekräftat vid sessionens start"),
    }
    history = [
        ft.Text(
            _.datetime(e.at, "short")
            + " · "
            + event_words[e.kind]
            + (
                ": "
                + _.join([recipient_name(e.consent, r) for r in e.consent.recipients])
                if e.consent is not None
                else ""
            ),
            size=13,
            color=theme.MUTED_INK,
        )
        for e in reversed(store.consent.history())
    ]
    return ft.Container(
        key="consent-panel",
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(2, theme.ACCENT),
        border_radius=16,
        padding=16,
        content=ft.Column(
            [
                ft.Text(_("Samtycke"), size=20, weight=ft.FontWeight.BOLD),
                ft.Text(
                    _(
                        "Samtycke är grunden för samverkan – för att bryta "
                        "sekretessen. Påminn om samtycket – håll det levande."
                    ),
                    color=theme.MUTED_INK,
                ),
                *existing,
                ft.Text(_("Nytt samtycke"), size=17, weight=ft.FontWeight.BOLD),
                ft.Text(_("Vem ger samtycke?"), weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        ft.Checkbox(
                            key=f"giver-{g.value}",
                            label=_(giver.label),
                            value=g in givers.value,
                            on_change=lambda e, g=g: tick(
                                givers, g, bool(e.control.value)
                            ),
                        )
                        for g, giver in catalog.GIVERS.items()
                    ],
                    wrap=True,
                ),
                ft.Text(_("Till vem får svaren lämnas?"), weight=ft.FontWeight.BOLD),
                ft.Row(
                    [
                        ft.Checkbox(
                            key=f"recipient-{r.value}",
                            label=_(info.label),
                            value=r in recipients.value,
                            on_change=lambda e, r=r: tick(
                                recipients, r, bool(e.control.value)
                            ),
                        )
                        for r, info in catalog.RECIPIENTS.items()
                        if r is not Recipient.OWN_FILE
                    ],
                    wrap=True,
                ),
                ft.TextField(
                    key="recipient-other-name",
                    label=_("Annan mottagare: vem?"),
                    value=other.value,
                    visible=Recipient.OTHER in recipients.value,
                    on_change=lambda e: other.set(e.control.value),
                ),
                ft.TextField(
                    key="consent-note",
                    label=_("Anteckning om samtycket (valfritt)"),
                    value=note.value,
                    on_change=lambda e: note.set(e.control.value),
                ),
                ft.Text(error, key="consent-error", color=theme.INK)
                if error
                else ft.Container(),
                ft.Column(
                    [
                        ft.Text(_("Historik"), weight=ft.FontWeight.BOLD),
                        *history,
                    ],
                    key="consent-history",
                    spacing=2,
                    visible=bool(history),
                ),
                ft.Row(
                    [
                        ft.Button(
                            _("Spara samtycke"), key="consent-save", on_click=save
                        ),
                        ft.TextButton(
                            _("Stäng"),
                            key="consent-close",
                            on_click=lambda _e: on_close(),
                        ),
                    ]
                ),
            ],
            spacing=10,
        ),
    )
