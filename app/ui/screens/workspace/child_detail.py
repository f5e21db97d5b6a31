"""One child in the workspace: sessions, the counsellor's notes, consent, erasure.

Notes and consent belong to the counsellor and are kept apart from the child's
answers; the child never sees this screen.
"""

from __future__ import annotations

import flet as ft

from app.faults import STORAGE_FAULTS
from app.storage.repository import NotFoundError
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.consent_check import ConsentCheck
from app.ui.components.consent_panel import ConsentPanel
from app.ui.components.corrupt_notice import CorruptNotice
from app.ui.components.export_panel import ExportPanel
from app.ui.components.fault import reports_faults
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.named import named
from app.ui.components.session_parts import (
    NotesField,
    consent_line,
    follow_up_part,
    own_words,
    status_chips,
)
from app.ui.components.speaker import ReadAloudSettings
from app.ui.context import use_app_state, use_case_store, use_translator
from app.ui.routes import (
    ROUTE_CHILD_HOME,
    ROUTE_HISTORY,
    ROUTE_LAST_TIME,
    ROUTE_MEETING,
    ROUTE_PLAN,
    ROUTE_START,
    ROUTE_VOICES,
)
from app.ui.screens.workspace.access import (
    AdminChildPage,
    AssignmentPanel,
    BreakGlassBanner,
    BreakGlassPrompt,
)


@ft.component
def ChildDetailScreen() -> ft.Control:
    """Route adapter: one child's page (the workspace layout route guards it)."""
    _ = use_translator()
    state = use_app_state()
    child_id = ft.use_route_params().get("child_id", "")
    _granted, set_granted = ft.use_state(False)
    try:
        store = use_case_store(child_id)
    except STORAGE_FAULTS as exc:
        # A damaged or deleted file: the notice offers its backup.
        return CorruptNotice(exc, lambda: ft.context.page.navigate(ROUTE_START))
    except NotFoundError:
        if state.staff is not None and not state.staff.is_admin:
            # On a team server a child may exist but not be this user's: the
            # database shows it only after a break-glass grant.
            return BreakGlassPrompt(child_id, lambda: set_granted(True))
        return ft.Container(
            padding=24,
            content=ft.Column(
                [
                    ft.Text(_("Barnet finns inte."), size=22),
                    ft.Button(
                        _("Till arbetsytan"),
                        key="to-workspace",
                        on_click=lambda _e: ft.context.page.navigate(ROUTE_START),
                    ),
                ]
            ),
        )
    return ChildDetail(store)


@ft.component
def ChildDetail(store: CaseStore) -> ft.Control:
    """Sessions with their state, consent, notes, new session and erasure."""
    _ = use_translator()
    state = use_app_state()
    use_counsellor_activity()
    panel, set_panel = ft.use_state("")
    child, child_id, sessions = store.child, store.child.id, store.sessions
    access = state.access(child_id)
    if state.may_assign and access is None:
        # The admin sees the child's name to assign counsellors, not its case.
        return AdminChildPage(store.child)

    def close_panel() -> None:
        set_panel("")

    @reports_faults
    def hand_over(session_id: str | None, consent_confirmed: bool = False) -> None:
        if session_id is None:
            store.start_session(consent_confirmed=consent_confirmed)
            # A follow-up session starts with the plan and what was said last.
            first = ROUTE_LAST_TIME if store.has_last_time else None
        else:
            store.continue_session(session_id)
            first = None
        ft.context.page.navigate(first or ROUTE_CHILD_HOME)

    @reports_faults
    def erase(_e=None) -> None:
        store.erase()
        ft.context.page.navigate(ROUTE_START)

    parts: list[ft.Control] = []
    if panel == "start":
        parts.append(
            ConsentCheck(
                store,
                lambda confirmed: hand_over(None, confirmed),
                lambda: set_panel(""),
            )
        )
    if panel == "consent":
        parts.append(ConsentPanel(store, close_panel))
    if panel == "erase":
        parts.append(
            ft.Container(
                key="erase-panel",
                bgcolor=theme.SOFT_NOTICE_BG,
                border_radius=16,
                padding=16,
                content=ft.Column(
                    [
                        ft.Text(
                            _("Radera {name}?", name=child.display_name),
                            size=20,
                            weight=ft.FontWeight.BOLD,
                        ),
                        ft.Text(
                            _.plural(
                                "Allt om {name} raderas för gott: {n} session med "
                                "svar, anteckningar och samtycken, och alla "
                                "säkerhetskopior. Det går inte att ångra.",
                                "Allt om {name} raderas för gott: {n} sessioner med "
                                "svar, anteckningar och samtycken, och alla "
                                "säkerhetskopior. Det går inte att ångra.",
                                len(sessions),
                                name=child.display_name,
                            )
                        ),
                        ft.Row(
                            [
                                ft.Button(
                                    _("Radera för gott"),
                                    key="erase-confirm",
                                    icon=ft.Icons.DELETE_FOREVER,
                                    on_click=erase,
                                ),
                                ft.TextButton(
                                    _("Avbryt"),
                                    key="erase-cancel",
                                    on_click=lambda _e: set_panel(""),
                                ),
                            ]
                        ),
                    ],
                    spacing=10,
                ),
            )
        )

    for session in reversed(sessions):
        rows: list[ft.Control] = [
            ft.Row(
                [
                    ft.Text(
                        _.datetime(session.started, "medium"),
                        size=17,
                        weight=ft.FontWeight.BOLD,
                        expand=True,
                    ),
                    ft.Button(
                        _("Fortsätt med barnet"),
                        key=f"continue-{session.id}",
                        icon=ft.Icons.PLAY_ARROW,
                        on_click=lambda _e, sid=session.id: hand_over(sid),
                    ),
                    ft.OutlinedButton(
                        _("Exportera"),
                        key=f"export-{session.id}",
                        icon=ft.Icons.IOS_SHARE,
                        on_click=lambda _e, sid=session.id: set_panel(f"export:{sid}"),
                    ),
                ],
            ),
            ft.Row(status_chips(_, session, session.id in store.exported), wrap=True),
            ft.Text(
                _("Samtycket bekräftat vid start")
                if store.consent.confirmed_for(session.id)
                else _("Samtycket inte bekräftat vid start"),
                color=theme.MUTED_INK,
            ),
        ]
        follow = follow_up_part(_, session, store.previous(session), store.plan)
        if follow is not None:
            rows.append(follow)
        if panel == f"export:{session.id}":
            rows.append(ExportPanel(store, session, close_panel))
        rows += own_words(_, store, session)
        rows.append(NotesField(store, session))
        parts.append(
            ft.Container(
                key=f"session-{session.id}",
                bgcolor=theme.TILE_BG,
                border_radius=16,
                padding=16,
                content=ft.Column(rows, spacing=8),
            )
        )
    if not sessions:
        parts.append(ft.Text(_("Inga sessioner än."), color=theme.MUTED_INK))

    header = ft.Row(
        [
            named(
                ft.IconButton(
                    ft.Icons.ARROW_BACK,
                    key="to-workspace",
                    tooltip=_("Till arbetsytan"),
                    on_click=lambda _e: ft.context.page.navigate(ROUTE_START),
                )
            ),
            ft.Column(
                [
                    ft.Text(child.display_name, size=28, weight=ft.FontWeight.BOLD),
                    ft.Text(
                        child.case_ref or _("Ingen ärendereferens"),
                        color=theme.MUTED_INK,
                    ),
                ],
                spacing=0,
                expand=True,
            ),
            ft.Button(
                _("Ny session"),
                key="new-session",
                icon=ft.Icons.ADD,
                on_click=lambda _e: set_panel("start"),
            ),
            ft.OutlinedButton(
                _("Lås"),
                key="lock-workspace",
                icon=ft.Icons.LOCK,
                on_click=lambda _e: state.lock.lock(),
            ),
        ],
    )

    def go(route: str) -> None:
        ft.context.page.navigate(route.format(child_id=child_id))

    tools = ft.Row(
        [
            ft.OutlinedButton(
                _("Samtycke"),
                key="open-consent",
                icon=ft.Icons.HANDSHAKE,
                on_click=lambda _e: set_panel("consent"),
            ),
            ft.Text(consent_line(_, store.consent), key="consent-line"),
            ft.OutlinedButton(
                _("Inför och efter mötet"),
                key="open-meeting",
                icon=ft.Icons.GROUPS,
                on_click=lambda _e: go(ROUTE_MEETING),
            ),
            ft.OutlinedButton(
                _("Planen"),
                key="open-plan",
                icon=ft.Icons.CHECKLIST,
                on_click=lambda _e: go(ROUTE_PLAN),
            ),
            ft.OutlinedButton(
                _("Över tid"),
                key="open-history",
                icon=ft.Icons.TIMELINE,
                on_click=lambda _e: go(ROUTE_HISTORY),
            ),
            ft.OutlinedButton(
                _("Inspelade röster"),
                key="open-voices",
                icon=ft.Icons.MIC,
                on_click=lambda _e: go(ROUTE_VOICES),
            ),
        ],
        wrap=True,
    )
    footer = ft.Row(
        [
            ft.TextButton(
                _("Radera barnet"),
                key="erase-child",
                icon=ft.Icons.DELETE_OUTLINE,
                on_click=lambda _e: set_panel("erase"),
            )
        ],
        alignment=ft.MainAxisAlignment.END,
    )
    top: list[ft.Control] = [header]
    if access is not None and not access.assigned and access.break_glass_until:
        top.append(BreakGlassBanner(access.break_glass_until))
    if state.may_assign:
        parts.insert(0, AssignmentPanel(child_id))
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=24,
            content=ft.Column(
                [*top, tools, ReadAloudSettings(child_id), *parts, footer],
                spacing=14,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
            ),
        ),
    )
