"""The frame of a counsellor page: back, title, the child's name, scrolling body."""

from __future__ import annotations

import flet as ft

from app.i18n import Translator
from app.ui import theme
from app.ui.components.named import named


def workspace_page(
    _: Translator,
    *,
    back_key: str,
    back_route: str,
    title: str,
    aside: str = "",
    body: list[ft.Control],
    spacing: int = 12,
) -> ft.Control:
    """A workspace page: the same header in the same place on every page."""
    header = ft.Row(
        [
            named(
                ft.IconButton(
                    ft.Icons.ARROW_BACK,
                    key=back_key,
                    tooltip=_("Tillbaka"),
                    on_click=lambda _e: ft.context.page.navigate(back_route),
                )
            ),
            ft.Text(title, size=22, weight=ft.FontWeight.BOLD, expand=True),
            ft.Text(aside, color=theme.MUTED_INK),
        ]
    )
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=20,
            content=ft.Column(
                [header, *body],
                spacing=spacing,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
            ),
        ),
    )
