"""*Loggkontroll* on a team server: the admin searches the team's audit.

By child, by user and by period; each row shows when, who (the user's name
beside the id), what, which child and, for an export, to whom. Only a
signed-in admin of the team sees rows; the search goes through the auditor's
own connection (``AppState.search_team_audit``), never the app's role, which
may only add to the audit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import flet as ft

from app.domain import catalog
from app.domain.models import Recipient
from app.faults import STORAGE_FAULTS
from app.i18n import N_
from app.ui import theme
from app.ui.components.fault import reports_faults
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.named import named, named_dropdown
from app.ui.context import use_app_state, use_translator
from app.ui.routes import ROUTE_START
from app.ui.state import AppState, AuditNotConfigured, TeamAudit

ALL = "*"
"""The dropdowns' choice for "every child" / "every user"."""

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


@dataclass(frozen=True)
class Query:
    """One search: child, user, first and last day (each may be open)."""

    child: str = ALL
    user: str = ALL
    since: str = ""
    until: str = ""


def _day(text: str) -> date | None:
    """A typed date (ÅÅÅÅ-MM-DD), None when empty; ValueError otherwise."""
    text = text.strip()
    return date.fromisoformat(text) if text else None


def _search(state: AppState, query: Query) -> TeamAudit | Exception:
    """The search's result, or why there is none."""
    try:
        return state.search_team_audit(
            child_id=None if query.child == ALL else query.child,
            actor=None if query.user == ALL else query.user,
            since=_day(query.since),
            until=_day(query.until),
        )
    except (PermissionError, AuditNotConfigured, ValueError, *STORAGE_FAULTS) as exc:
        return exc


def _who(ids_names: dict[str, str], the_id: str | None) -> str:
    """A name beside its id ("Namn (id)"); the id alone when no name is known."""
    if not the_id:
        return "–"
    name = ids_names.get(the_id, "")
    return f"{name} ({the_id})" if name else the_id


@ft.component
def TeamAuditView() -> ft.Control:
    """The search form and the rows it found (newest first)."""
    _ = use_translator()
    state = use_app_state()
    use_counsellor_activity()
    draft, set_draft = ft.use_state(Query())
    result, set_result = ft.use_state(lambda: _search(state, Query()))

    @reports_faults
    def search(_e=None) -> None:
        set_result(_search(state, draft))

    def message(exc: Exception) -> str:
        if isinstance(exc, PermissionError):
            return _("Bara teamets administratörer kan söka i loggen.")
        if isinstance(exc, AuditNotConfigured):
            return _(
                "Loggkontrollen är inte inställd på den här servern: ange "
                "granskarrollens anslutning i MINROST_DATABASE_AUDITOR."
            )
        if isinstance(exc, ValueError):
            return _("Skriv datumen som ÅÅÅÅ-MM-DD.")
        return _("Loggen kunde inte läsas just nu. Försök igen om en stund.")

    header = ft.Row(
        [
            named(
                ft.IconButton(
                    ft.Icons.ARROW_BACK,
                    key="audit-back",
                    tooltip=_("Tillbaka"),
                    on_click=lambda _e: ft.context.page.navigate(ROUTE_START),
                )
            ),
            ft.Text(_("Loggkontroll"), size=22, weight=ft.FontWeight.BOLD),
        ]
    )
    body: list[ft.Control] = [header]
    refused = isinstance(result, (PermissionError, AuditNotConfigured))
    if isinstance(result, Exception) and refused:
        body.append(ft.Text(message(result), key="team-audit-refused", size=16))
        return _page(body)
    found = result if isinstance(result, TeamAudit) else None
    children = dict(found.children) if found else {}
    users = dict(found.users) if found else {}
    body.append(
        ft.Text(
            _(
                "Varje gång någon läser eller ändrar ett barns uppgifter skrivs "
                "en rad: vem, när, vad och vilket barn (aldrig svar eller namn)."
            ),
            color=theme.MUTED_INK,
        )
    )
    child_label = _("Barn")
    user_label = _("Användare")
    body.append(
        ft.Row(
            [
                ft.Row(
                    [
                        named_dropdown(
                            ft.Dropdown(
                                key="audit-child",
                                label=child_label,
                                value=draft.child,
                                width=260,
                                options=[
                                    ft.DropdownOption(key=ALL, text=_("Alla barn")),
                                    *(
                                        ft.DropdownOption(key=cid, text=name)
                                        for cid, name in sorted(
                                            children.items(), key=lambda kv: kv[1]
                                        )
                                    ),
                                ],
                                on_select=lambda e: set_draft(
                                    Query(
                                        e.data or e.control.value or ALL,
                                        draft.user,
                                        draft.since,
                                        draft.until,
                                    )
                                ),
                            ),
                            children.get(draft.child, _("Alla barn")),
                        ),
                        named_dropdown(
                            ft.Dropdown(
                                key="audit-user",
                                label=user_label,
                                value=draft.user,
                                width=260,
                                options=[
                                    ft.DropdownOption(
                                        key=ALL, text=_("Alla användare")
                                    ),
                                    *(
                                        ft.DropdownOption(
                                            key=uid, text=_who(users, uid)
                                        )
                                        for uid in users
                                    ),
                                ],
                                on_select=lambda e: set_draft(
                                    Query(
                                        draft.child,
                                        e.data or e.control.value or ALL,
                                        draft.since,
                                        draft.until,
                                    )
                                ),
                            ),
                            users.get(draft.user, _("Alla användare")),
                        ),
                    ],
                    spacing=12,
                    tight=True,
                ),
                ft.Row(
                    [
                        ft.TextField(
                            key="audit-since",
                            label=_("Från och med"),
                            hint_text=_("ÅÅÅÅ-MM-DD"),
                            value=draft.since,
                            width=170,
                            on_change=lambda e: set_draft(
                                Query(
                                    draft.child,
                                    draft.user,
                                    e.control.value,
                                    draft.until,
                                )
                            ),
                        ),
                        ft.TextField(
                            key="audit-until",
                            label=_("Till och med"),
                            hint_text=_("ÅÅÅÅ-MM-DD"),
                            value=draft.until,
                            width=170,
                            on_change=lambda e: set_draft(
                                Query(
                                    draft.child,
                                    draft.user,
                                    draft.since,
                                    e.control.value,
                                )
                            ),
                        ),
                        ft.FilledButton(
                            _("Sök"),
                            key="audit-search",
                            icon=ft.Icons.SEARCH,
                            on_click=search,
                        ),
                    ],
                    spacing=12,
                    tight=True,
                ),
            ],
            wrap=True,
            spacing=12,
            run_spacing=12,
        )
    )
    if isinstance(result, Exception):
        body.append(
            ft.Text(message(result), key="team-audit-error", color=ft.Colors.ERROR)
        )
        return _page(body)
    assert found is not None
    count = len(found.rows)
    body.append(
        ft.Text(
            _.plural("{n} rad", "{n} rader", count)
            + (
                " · " + _("visar de senaste {limit}", limit=found.limit)
                if count >= found.limit
                else ""
            ),
            key="team-audit-count",
            weight=ft.FontWeight.BOLD,
        )
    )
    for i, row in enumerate(found.rows):
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
        who = f"{row.user_name} ({row.actor})" if row.user_name else row.actor
        card = ft.Container(
            expand=True,
            key=f"audit-row-{i}",
            bgcolor=theme.TILE_BG,
            border_radius=10,
            padding=ft.Padding.symmetric(horizontal=12, vertical=8),
            content=ft.Column(
                [
                    ft.Text(
                        f"{_.datetime(row.at.astimezone(), 'short')} · {who}",
                        weight=ft.FontWeight.BOLD,
                    ),
                    ft.Text(
                        f"{what} · {_who(children, row.child_id)}"
                        if row.child_id
                        else what
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
        # In a row of its own, so the card spans the width.
        body.append(ft.Row([card]))
    if not found.rows:
        body.append(
            ft.Text(
                _("Inga rader för den sökningen."),
                key="team-audit-none",
                color=theme.MUTED_INK,
            )
        )
    return _page(body)


def _page(body: list[ft.Control]) -> ft.Control:
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=20,
            content=ft.Column(body, spacing=10, scroll=ft.ScrollMode.AUTO, expand=True),
        ),
    )
