"""The child's home: the exercises as two big pictures."""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.ui.app import ROUTE_GRID, ROUTE_START, use_app_state, use_translator
from app.ui.components.child_frame import ChildFrame, NoSession
from app.ui.components.pictogram_tile import pictogram_tile


@ft.component
def ChildHomeScreen() -> ft.Control:
    """Choose an exercise by its picture."""
    _ = use_translator()
    store = use_app_state().open_active()
    if store is None:
        return NoSession()

    def go(route: str) -> None:
        ft.context.page.navigate(route)

    tiles = [
        pictogram_tile(
            key="exercise-grid",
            pictogram="good_at",
            label=_(catalog.GRID_TITLE),
            on_tap=lambda: go(ROUTE_GRID),
            width=240,
            height=230,
        ),
    ]
    return ChildFrame(
        title=store.child.display_name,
        on_back=lambda: go(ROUTE_START),
        content=ft.Row(
            tiles, spacing=30, alignment=ft.MainAxisAlignment.CENTER, wrap=True
        ),
    )
