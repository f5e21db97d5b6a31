"""Start screen: begin a new session for a child, or continue with one."""

from __future__ import annotations

import flet as ft

from app.domain.models import ValidationError
from app.i18n import Translator
from app.ui import theme
from app.ui.app import ROUTE_CHILD_HOME, use_app_state, use_services, use_translator


def validation_message(_: Translator, error: ValidationError) -> str:
    """Say in the user's language why typed text was not accepted."""
    if error.msgid == "too_long":
        return _("Texten är för lång: högst {max} tecken.", max=error.params["max"])
    return _("Skriv ett namn eller initialer.")


@ft.component
def StartScreen() -> ft.Control:
    """App name, *Ny session* with a name or initials, and the children so far."""
    _ = use_translator()
    services = use_services()
    state = use_app_state()
    name, set_name = ft.use_state("")
    case_ref, set_case_ref = ft.use_state("")
    error, set_error = ft.use_state("")
    children = services.repo.list_children()

    def start(_e=None) -> None:
        try:
            state.start_new_child(name, case_ref)
        except ValidationError as exc:
            set_error(validation_message(_, exc))
            return
        ft.context.page.navigate(ROUTE_CHILD_HOME)

    def open_child(child_id: str) -> None:
        state.continue_child(child_id)
        ft.context.page.navigate(ROUTE_CHILD_HOME)

    form = ft.Container(
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=20,
        content=ft.Column(
            [
                ft.Text(_("Ny session"), size=24, weight=ft.FontWeight.BOLD),
                ft.TextField(
                    key="child-name",
                    label=_("Barnets namn eller initialer"),
                    value=name,
                    max_length=60,
                    autofocus=True,
                    error=error or None,
                    on_change=lambda e: (set_name(e.control.value), set_error("")),
                    on_submit=start,
                ),
                ft.TextField(
                    key="case-ref",
                    label=_("Ärendereferens (valfritt)"),
                    value=case_ref,
                    max_length=60,
                    on_change=lambda e: set_case_ref(e.control.value),
                    on_submit=start,
                ),
                ft.Button(
                    _("Starta"),
                    key="start-session",
                    icon=ft.Icons.PLAY_ARROW,
                    height=56,
                    on_click=start,
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
    ]
    listing = ft.Container(
        bgcolor=theme.TILE_BG,
        border_radius=16,
        padding=12,
        content=ft.Column(
            [
                ft.Text(_("Barn"), size=20, weight=ft.FontWeight.BOLD),
                *(rows or [ft.Text(_("Inga barn än."), color=theme.MUTED_INK)]),
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
                                        _("Barnets röst inför mötet"),
                                        color=theme.MUTED_INK,
                                    ),
                                ],
                                spacing=0,
                            ),
                        ]
                    ),
                    ft.ResponsiveRow(
                        [
                            ft.Container(form, col={"xs": 12, "md": 6}),
                            ft.Container(listing, col={"xs": 12, "md": 6}),
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
