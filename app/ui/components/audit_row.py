"""One row of the team's audit as the admin's *Loggkontroll* shows it.

When and who (the user's name beside the id), what (the action's name), which
child (its name beside the id) and, for an export, to whom. Ids and kinds
only: the audit holds no answer and no name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import flet as ft

from app.domain import catalog
from app.domain.models import Recipient
from app.i18n import N_, Translator
from app.ui import theme

ACTIONS: dict[str, str] = {
    "children_listed": N_("Visade listan över barnen"),
    "child_read": N_("Öppnade barnet"),
    "child_added": N_("Lade till barnet"),
    "child_changed": N_("Ändrade barnets uppgifter"),
    "child_erased": N_("Raderade barnet"),
    "sessions_read": N_("Läste sessionerna"),
    "session_read": N_("Läste en session"),
    "session_saved": N_("Sparade en session"),
    "voices_listed": N_("Listade inspelade röster"),
    "voice_read": N_("Spelade upp en inspelad röst"),
    "voice_saved": N_("Spelade in en röst"),
    "voice_deleted": N_("Tog bort en inspelad röst"),
    "consent_read": N_("Läste samtycket"),
    "consent_saved": N_("Sparade samtycket"),
    "plan_read": N_("Läste planen"),
    "plan_saved": N_("Sparade planen"),
    "meeting_read": N_("Läste mötesbladen"),
    "meetings_read": N_("Läste alla mötesblad"),
    "meeting_saved": N_("Sparade mötesbladen"),
    "retention_listed": N_("Gick igenom gallringen"),
    "setting_changed": N_("Ändrade en inställning"),
    "child_mode_entered": N_("Lämnade över till barnet"),
    "child_mode_left": N_("Avslutade barnläget"),
    "export": N_("Exporterade"),
    "audit_searched": N_("Sökte i loggen"),
}
"""What each audit action is called on screen (an unknown one shows as is)."""


def who(names: Mapping[str, str], the_id: str | None) -> str:
    """A name beside its id ("Namn (id)"); the id alone when no name is known."""
    if not the_id:
        return "–"
    name = names.get(the_id, "")
    return f"{name} ({the_id})" if name else the_id


def audit_row_card(
    _: Translator, row: Any, children: Mapping[str, str], *, key: str
) -> ft.Control:
    """The card of one ``AuditRow`` (it expands across a row it is put in)."""
    what = _(ACTIONS[row.action]) if row.action in ACTIONS else row.action
    extra = []
    if row.recipient:
        try:
            extra.append(
                _(
                    "till {recipient}",
                    recipient=_(catalog.RECIPIENTS[Recipient(row.recipient)].label),
                )
            )
        except ValueError:
            extra.append(row.recipient)
    if row.detail:
        extra.append(row.detail)
    actor = f"{row.user_name} ({row.actor})" if row.user_name else row.actor
    return ft.Container(
        expand=True,
        key=key,
        bgcolor=theme.TILE_BG,
        border_radius=10,
        padding=ft.Padding.symmetric(horizontal=12, vertical=8),
        content=ft.Column(
            [
                ft.Text(
                    f"{_.datetime(row.at.astimezone(), 'short')} · {actor}",
                    weight=ft.FontWeight.BOLD,
                ),
                ft.Text(
                    f"{what} · {who(children, row.child_id)}" if row.child_id else what
                ),
                *(
                    [ft.Text(" · ".join(extra), size=12, color=theme.MUTED_INK)]
                    if extra
                    else []
                ),
            ],
            spacing=2,
        ),
    )
