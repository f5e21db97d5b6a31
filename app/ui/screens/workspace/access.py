"""Who may see a child on a team server: the admin's assignments, break-glass.

Only on a team server with a signed-in user (``AppState.staff``); the laptop
never shows any of it. The database decides (row-level security); these
parts only ask it and say what it answered:

- ``AssignmentPanel``: the admin ticks the team's counsellors assigned to the
  child (the admin sees the child's name, never its answers);
- ``BreakGlassPrompt``: a counsellor who opens a child not assigned to them
  states a reason to open it for a working day (the grant and the reason are
  logged for loggkontroll);
- ``BreakGlassBanner``: while such a grant lasts, the child's page says so;
- ``AdminChildPage``: an admin on a child not assigned to them: the name and
  the assignments, nothing of the case.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import flet as ft

from app.domain.models import Child
from app.ui import theme
from app.ui.components.fault import reports_faults
from app.ui.components.named import named
from app.ui.context import use_app_state, use_translator
from app.ui.latest import use_latest
from app.ui.routes import ROUTE_START

MIN_REASON = 20
"""The shortest reason the server accepts (``postgres.MIN_REASON_LENGTH``)."""


@ft.component
def AssignmentPanel(child_id: str) -> ft.Control:
    """The admin's list of the team's counsellors, a tick for each assigned."""
    _ = use_translator()
    state = use_app_state()
    users = state.team_users()
    assigned, set_assigned = ft.use_state(lambda: frozenset(state.assigned(child_id)))

    @reports_faults
    def toggle(user_id: str, on: bool) -> None:
        state.set_assigned(child_id, user_id, on)
        set_assigned(frozenset(state.assigned(child_id)))

    rows: list[ft.Control] = [
        ft.Text(_("Tilldelade"), size=20, weight=ft.FontWeight.BOLD),
        ft.Text(
            _(
                "Bara de tilldelade ser barnets svar, planer och anteckningar. "
                "Som administratör ser du namnet men inte svaren."
            ),
            color=theme.MUTED_INK,
        ),
    ]
    for user in users:
        if user.is_admin:
            continue
        rows.append(
            ft.Checkbox(
                key=f"assign-{user.id}",
                label=user.name or user.id,
                value=user.id in assigned,
                on_change=lambda _e, uid=user.id: toggle(uid, uid not in assigned),
            )
        )
    if len(rows) == 2:
        rows.append(ft.Text(_("Ingen i teamet att tilldela än."), key="no-counsellors"))
    return ft.Container(
        key="assignment-panel",
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=16,
        content=ft.Column(rows, spacing=6),
    )


@ft.component
def BreakGlassPrompt(child_id: str, on_opened: Callable[[], None]) -> ft.Control:
    """A child not assigned to the user: open it with a stated reason."""
    _ = use_translator()
    state = use_app_state()
    reason = use_latest("")
    error, set_error = ft.use_state("")

    @reports_faults
    def open_child(_e=None) -> None:
        if len(" ".join(reason.value.split())) < MIN_REASON:
            set_error(
                _("Skriv varför, med minst {n} tecken.", n=MIN_REASON),
            )
            return
        try:
            state.break_glass(child_id, reason.value)
        except (LookupError, PermissionError):
            set_error(_("Barnet kunde inte öppnas."))
            return
        on_opened()

    return ft.Container(
        padding=24,
        content=ft.Container(
            key="break-glass",
            bgcolor=theme.SOFT_NOTICE_BG,
            border_radius=16,
            padding=20,
            content=ft.Column(
                [
                    ft.Text(
                        _("Du är inte tilldelad det här barnet"),
                        size=22,
                        weight=ft.FontWeight.BOLD,
                    ),
                    ft.Text(
                        _(
                            "Behöver du barnet nu, till exempel för att en kollega "
                            "är sjuk, kan du öppna det med nödåtkomst under en "
                            "arbetsdag. Skriv varför. Anledningen, ditt namn och "
                            "allt du öppnar loggas och granskas."
                        )
                    ),
                    ft.TextField(
                        key="break-glass-reason",
                        label=_("Anledning"),
                        value=reason.value,
                        multiline=True,
                        min_lines=2,
                        max_lines=4,
                        max_length=500,
                        on_change=lambda e: (
                            reason.set(e.control.value),
                            set_error(""),
                        ),
                    ),
                    ft.Text(error, key="break-glass-error", color=theme.INK),
                    ft.Row(
                        [
                            ft.Button(
                                _("Öppna med nödåtkomst"),
                                key="break-glass-open",
                                icon=ft.Icons.LOCK_OPEN,
                                on_click=open_child,
                            ),
                            ft.TextButton(
                                _("Till arbetsytan"),
                                key="to-workspace",
                                on_click=lambda _e: ft.context.page.navigate(
                                    ROUTE_START
                                ),
                            ),
                        ],
                        wrap=True,
                    ),
                ],
                spacing=12,
            ),
        ),
    )


@ft.component
def BreakGlassBanner(until: datetime) -> ft.Control:
    """The child's page while a break-glass grant lasts."""
    _ = use_translator()
    return ft.Container(
        key="break-glass-banner",
        bgcolor=theme.SOFT_NOTICE_BG,
        border_radius=12,
        padding=12,
        content=ft.Row(
            [
                ft.Icon(ft.Icons.WARNING_AMBER, color=theme.INK),
                ft.Text(
                    _(
                        "Nödåtkomst till {time}. Allt du öppnar loggas.",
                        time=_.datetime(until, "short"),
                    ),
                    expand=True,
                ),
            ]
        ),
    )


@ft.component
def AdminChildPage(child: Child) -> ft.Control:
    """A team server's admin on a child not assigned to them: the name and the
    assignments, nothing of the case."""
    _ = use_translator()
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=24,
            content=ft.Column(
                [
                    ft.Row(
                        [
                            named(
                                ft.IconButton(
                                    ft.Icons.ARROW_BACK,
                                    key="to-workspace",
                                    tooltip=_("Till arbetsytan"),
                                    on_click=lambda _e: ft.context.page.navigate(
                                        ROUTE_START
                                    ),
                                )
                            ),
                            ft.Column(
                                [
                                    ft.Text(
                                        child.display_name,
                                        size=28,
                                        weight=ft.FontWeight.BOLD,
                                    ),
                                    ft.Text(
                                        child.case_ref or _("Ingen ärendereferens"),
                                        color=theme.MUTED_INK,
                                    ),
                                ],
                                spacing=0,
                                expand=True,
                            ),
                        ]
                    ),
                    AssignmentPanel(child.id),
                ],
                spacing=14,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
            ),
        ),
    )
