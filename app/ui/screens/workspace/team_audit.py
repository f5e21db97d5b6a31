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

from app.faults import STORAGE_FAULTS
from app.ui import theme
from app.ui.components.audit_row import audit_row_card, who
from app.ui.components.fault import reports_faults
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.named import named, named_dropdown
from app.ui.context import use_app_state, use_translator
from app.ui.latest import use_latest
from app.ui.routes import ROUTE_START
from app.ui.state import AppState, AuditNotConfigured, TeamAudit

ALL = "*"
"""The dropdowns' choice for "every child" / "every user"."""


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


@ft.component
def TeamAuditView() -> ft.Control:
    """The search form and the rows it found (newest first)."""
    _ = use_translator()
    state = use_app_state()
    use_counsellor_activity()
    draft = use_latest(Query())
    result, set_result = ft.use_state(lambda: _search(state, Query()))

    @reports_faults
    def search(_e=None) -> None:
        set_result(_search(state, draft.value))

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
                                value=draft.value.child,
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
                                on_select=lambda e: draft.set(
                                    Query(
                                        e.data or e.control.value or ALL,
                                        draft.value.user,
                                        draft.value.since,
                                        draft.value.until,
                                    )
                                ),
                            ),
                            children.get(draft.value.child, _("Alla barn")),
                        ),
                        named_dropdown(
                            ft.Dropdown(
                                key="audit-user",
                                label=user_label,
                                value=draft.value.user,
                                width=260,
                                options=[
                                    ft.DropdownOption(
                                        key=ALL, text=_("Alla användare")
                                    ),
                                    *(
                                        ft.DropdownOption(key=uid, text=who(users, uid))
                                        for uid in users
                                    ),
                                ],
                                on_select=lambda e: draft.set(
                                    Query(
                                        draft.value.child,
                                        e.data or e.control.value or ALL,
                                        draft.value.since,
                                        draft.value.until,
                                    )
                                ),
                            ),
                            users.get(draft.value.user, _("Alla användare")),
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
                            value=draft.value.since,
                            width=170,
                            on_change=lambda e: draft.set(
                                Query(
                                    draft.value.child,
                                    draft.value.user,
                                    e.control.value,
                                    draft.value.until,
                                )
                            ),
                        ),
                        ft.TextField(
                            key="audit-until",
                            label=_("Till och med"),
                            hint_text=_("ÅÅÅÅ-MM-DD"),
                            value=draft.value.until,
                            width=170,
                            on_change=lambda e: draft.set(
                                Query(
                                    draft.value.child,
                                    draft.value.user,
                                    draft.value.since,
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
        card = audit_row_card(_, row, children, key=f"audit-row-{i}")
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
