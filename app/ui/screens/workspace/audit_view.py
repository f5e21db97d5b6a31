"""*Logg och gallring*: the audit log to read or download, and children kept too long.

Nothing is erased here: children past the retention period are listed with a
link to their page, where erasing asks for confirmation.
"""

from __future__ import annotations

import flet as ft

from app.faults import STORAGE_FAULTS
from app.ui import theme
from app.ui.components.corrupt_notice import CorruptNotice
from app.ui.components.fault import reports_faults
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.named import named, readable
from app.ui.context import use_app_state, use_translator
from app.ui.routes import ROUTE_CHILD_DETAIL, ROUTE_START
from app.ui.screens.workspace.team_audit import TeamAuditView
from app.ui.state import AppState, AuditOverview


@ft.component
def AuditScreen() -> ft.Control:
    """Route adapter: log and retention (the workspace layout route guards it);
    on a team server (someone signed in) the team's loggkontroll instead."""
    if use_app_state().staff is not None:
        return TeamAuditView()
    return AuditView()


def _read(state: AppState) -> AuditOverview | Exception:
    """The overview, or the storage fault that kept it from being read."""
    try:
        return state.read_audit_overview()
    except STORAGE_FAULTS as exc:
        return exc


@ft.component
def AuditView() -> ft.Control:
    """Retention list, then the whole log as text with a download button."""
    _ = use_translator()
    state = use_app_state()
    use_counsellor_activity()
    picker = ft.use_ref(None)
    # Read once when the screen opens: rendering reads no file.
    overview, _set = ft.use_state(lambda: _read(state))
    if isinstance(overview, Exception):
        return CorruptNotice(overview, lambda: ft.context.page.navigate(ROUTE_START))
    text, names = overview.text, overview.names

    @reports_faults
    async def download(_e=None) -> None:
        state.record_audit_download()
        picker.current = ft.FilePicker()
        await picker.current.save_file(
            file_name="min-rost_logg.txt", src_bytes=text.encode("utf-8")
        )

    rows = [
        ft.ListTile(
            key=f"overdue-{c.child_id}",
            title=ft.Text(names.get(c.child_id, c.child_id)),
            subtitle=ft.Text(
                _(
                    "Senast {last} · skulle gallras {due}",
                    last=_.date(c.last_activity, "medium"),
                    due=_.date(c.due, "medium"),
                )
            ),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=lambda _e, cid=c.child_id: ft.context.page.navigate(
                ROUTE_CHILD_DETAIL.format(child_id=cid)
            ),
        )
        for c in overview.overdue
    ]
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=20,
            content=ft.Column(
                [
                    ft.Row(
                        [
                            named(
                                ft.IconButton(
                                    ft.Icons.ARROW_BACK,
                                    key="audit-back",
                                    tooltip=_("Tillbaka"),
                                    on_click=lambda _e: ft.context.page.navigate(
                                        ROUTE_START
                                    ),
                                )
                            ),
                            ft.Text(
                                _("Logg och gallring"),
                                size=22,
                                weight=ft.FontWeight.BOLD,
                            ),
                        ]
                    ),
                    ft.Text(
                        _.plural(
                            "Gallring: uppgifter sparas {n} månad efter senaste "
                            "sessionen.",
                            "Gallring: uppgifter sparas {n} månader efter senaste "
                            "sessionen.",
                            overview.retention_months,
                        ),
                        size=16,
                    ),
                    *(
                        rows
                        or [
                            ft.Text(
                                _("Inga barn har passerat gallringstiden."),
                                key="no-overdue",
                                color=theme.MUTED_INK,
                            )
                        ]
                    ),
                    ft.Row(
                        [
                            ft.Text(_("Logg"), size=18, weight=ft.FontWeight.BOLD),
                            ft.TextButton(
                                _("Ladda ner loggen"),
                                key="audit-download",
                                icon=ft.Icons.DOWNLOAD,
                                on_click=download,
                            ),
                        ]
                    ),
                    ft.Container(
                        bgcolor=theme.TILE_BG,
                        border_radius=12,
                        padding=12,
                        content=readable(
                            ft.Text(text, key="audit-text", selectable=True, size=12)
                        ),
                    ),
                ],
                spacing=10,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
            ),
        ),
    )
