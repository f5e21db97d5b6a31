"""The counsellor's workspace: find a child, or register a new one."""

from __future__ import annotations

from datetime import datetime

import flet as ft

from app.domain.models import Child, ValidationError
from app.domain.upcoming import CaseDates
from app.faults import STORAGE_FAULTS, unwritable_note
from app.ui import theme
from app.ui.components.corrupt_notice import CorruptNotice
from app.ui.components.fault import reports_faults
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.upcoming_panel import UpcomingPanel
from app.ui.context import use_app_state, use_translator
from app.ui.latest import use_latest
from app.ui.messages import validation_message
from app.ui.routes import ROUTE_ABOUT, ROUTE_AUDIT, ROUTE_CHILD_DETAIL
from app.ui.screens.workspace.import_panel import ImportPanel
from app.ui.state import AppState


def matches(query: str, *fields: str) -> bool:
    """Whether every word of ``query`` occurs in one of ``fields`` (any case)."""
    haystack = " ".join(fields).casefold()
    return all(word in haystack for word in query.casefold().split())


@ft.component
def WorkspaceScreen() -> ft.Control:
    """Route adapter: the workspace home (the workspace layout route guards it)."""
    return WorkspaceHome()


def _children(
    state: AppState,
) -> tuple[list[Child], list[CaseDates]] | Exception:
    """Every child and the dates *Kommande* needs, or the storage fault that
    kept the list from being read."""
    try:
        children = state.list_children()
    except STORAGE_FAULTS as exc:
        return exc
    return children, state.case_dates(children)


@ft.component
def WorkspaceHome() -> ft.Control:
    """App name, *Nytt barn* with a name or initials, and the children found."""
    _ = use_translator()
    state = use_app_state()
    use_counsellor_activity()
    query = use_latest("")
    name = use_latest("")
    case_ref = use_latest("")
    error, set_error = ft.use_state("")
    corrupt, set_corrupt = ft.use_state(None)
    # Read when the screen opens and when asked again: rendering reads no file.
    listed, set_listed = ft.use_state(lambda: _children(state))

    def reload() -> None:
        set_corrupt(None)
        set_listed(_children(state))

    if isinstance(listed, Exception):
        return CorruptNotice(listed, reload)
    children, dates = listed
    if corrupt is not None:
        return CorruptNotice(corrupt, reload)

    @reports_faults
    def add(_e=None) -> None:
        try:
            child = state.create_child(name.value, case_ref.value)
        except ValidationError as exc:
            set_error(validation_message(_, exc))
            return
        ft.context.page.navigate(ROUTE_CHILD_DETAIL.format(child_id=child.id))

    def open_child(child_id: str) -> None:
        try:
            state.check_case(child_id)
        except STORAGE_FAULTS as exc:
            # A damaged or deleted file, a tampered record: say so, never a
            # click that does nothing.
            set_corrupt(exc)
            return
        ft.context.page.navigate(ROUTE_CHILD_DETAIL.format(child_id=child_id))

    form = ft.Container(
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=20,
        content=ft.Column(
            [
                ft.Text(_("Nytt barn"), size=24, weight=ft.FontWeight.BOLD),
                ft.TextField(
                    key="child-name",
                    label=_("Barnets namn eller initialer"),
                    value=name.value,
                    max_length=60,
                    autofocus=True,
                    error=error or None,
                    on_change=lambda e: (name.set(e.control.value), set_error("")),
                    on_submit=add,
                ),
                ft.TextField(
                    key="case-ref",
                    label=_("Ärendereferens (valfritt)"),
                    value=case_ref.value,
                    max_length=60,
                    on_change=lambda e: case_ref.set(e.control.value),
                    on_submit=add,
                ),
                ft.Text(
                    _("Skriv inget personnummer. Initialer räcker."),
                    color=theme.MUTED_INK,
                ),
                ft.Button(
                    _("Lägg till"),
                    key="add-child",
                    icon=ft.Icons.PERSON_ADD,
                    height=56,
                    on_click=add,
                ),
            ],
            spacing=14,
        ),
    )

    rows = [
        ft.ListTile(
            key=f"child-{c.id}",
            title=ft.Text(c.display_name),
            subtitle=ft.Text(
                " · ".join(
                    p for p in (c.case_ref, _.date(c.created.date(), "medium")) if p
                )
            ),
            leading=ft.Icon(ft.Icons.PERSON_OUTLINE),
            trailing=ft.Icon(ft.Icons.CHEVRON_RIGHT),
            on_click=lambda _e, cid=c.id: open_child(cid),
        )
        for c in reversed(children)
        if matches(query.value, c.display_name, c.case_ref)
    ]
    listing = ft.Container(
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=12,
        content=ft.Column(
            [
                ft.Text(_("Barn"), size=20, weight=ft.FontWeight.BOLD),
                ft.TextField(
                    key="search",
                    label=_("Sök på namn eller ärendereferens"),
                    prefix_icon=ft.Icons.SEARCH,
                    value=query.value,
                    on_change=lambda e: query.set(e.control.value),
                ),
                *(
                    rows
                    or [
                        ft.Text(
                            _("Inga barn hittades.")
                            if children
                            else _("Inga barn än."),
                            color=theme.MUTED_INK,
                        )
                    ]
                ),
            ],
            spacing=4,
        ),
    )

    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=24,
            content=ft.Column(
                [
                    ft.Row(
                        [
                            ft.Image(
                                src=theme.pictogram_src("talk_adults"),
                                width=56,
                                height=56,
                                exclude_from_semantics=True,
                            ),
                            ft.Column(
                                [
                                    ft.Text(
                                        "Min röst", size=32, weight=ft.FontWeight.BOLD
                                    ),
                                    ft.Text(
                                        _("Arbetsyta – barnets röst inför mötet"),
                                        color=theme.MUTED_INK,
                                    ),
                                ],
                                spacing=0,
                                expand=True,
                            ),
                            ft.Text(
                                _(
                                    "Parkopplingskod: {code}",
                                    code=f"{state.pairing.code[:3]} "
                                    f"{state.pairing.code[3:]}",
                                ),
                                key="pairing-code-shown",
                                size=16,
                                weight=ft.FontWeight.BOLD,
                            )
                            if state.pairing
                            else ft.Container(),
                            ft.TextButton(
                                _("Logg och gallring"),
                                key="audit",
                                icon=ft.Icons.HISTORY,
                                on_click=lambda _e: ft.context.page.navigate(
                                    ROUTE_AUDIT
                                ),
                            ),
                            ft.TextButton(
                                _("Om appen"),
                                key="about",
                                icon=ft.Icons.INFO_OUTLINE,
                                on_click=lambda _e: ft.context.page.navigate(
                                    ROUTE_ABOUT
                                ),
                            ),
                            ft.OutlinedButton(
                                _("Lås"),
                                key="lock-workspace",
                                icon=ft.Icons.LOCK,
                                on_click=lambda _e: state.lock.lock(),
                            ),
                        ]
                    ),
                    FolderNote(state.folder_note)
                    if state.folder_note is not None
                    else ft.Container(),
                    ft.ResponsiveRow(
                        [
                            ft.Container(
                                UpcomingPanel(dates, children, datetime.now().date()),
                                col={"xs": 12, "md": 6},
                            ),
                            ft.Container(listing, col={"xs": 12, "md": 6}),
                            ft.Container(form, col={"xs": 12, "md": 6}),
                            ft.Container(ImportPanel(reload), col={"xs": 12, "md": 6}),
                        ],
                        spacing=20,
                        run_spacing=20,
                    ),
                ],
                spacing=20,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
            ),
        ),
    )


@ft.component
def FolderNote(fault: OSError) -> ft.Control:
    """The data folder takes no writes: it opens for reading and exporting only."""
    _ = use_translator()
    return ft.Container(
        key="read-only-note",
        bgcolor=theme.SOFT_NOTICE_BG,
        border_radius=12,
        padding=12,
        content=ft.Text(unwritable_note(_, fault), size=16),
    )
