"""*Klar*: the grid's answers shown back to the child in pictures, per colour."""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.models import Level
from app.ui import theme
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.pictogram_tile import level_badge, small_picture
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_CHILD_HOME, ROUTE_GRID, go
from app.ui.state import SessionStore


@ft.component
def GridSummaryScreen() -> ft.Control:
    """Route adapter: the summary of the session open on this device."""
    store = use_session_store()
    return GridSummary(store)


@ft.component
def GridSummary(store: SessionStore) -> ft.Control:
    """One band per colour, with the pictures marked in it."""
    _ = use_translator()
    own = {c.id: c for c in store.grid.custom_items}

    def picture(item_id: str) -> ft.Control:
        if item_id in own:
            return small_picture(own[item_id].pictogram, own[item_id].label)
        item = catalog.ALL_ITEMS[item_id]
        return small_picture(item.pictogram, _(item.label))

    bands = []
    for level in Level:
        ids = store.grid.items_with(level)
        style = catalog.LEVELS[level]
        bands.append(
            ft.Container(
                key=f"summary-{level.value}",
                bgcolor=theme.TILE_BG,
                border=ft.Border.only(left=ft.BorderSide(10, style.colour)),
                border_radius=12,
                padding=12,
                content=ft.Column(
                    [
                        ft.Row(
                            [
                                level_badge(level, 48),
                                ft.Text(
                                    _(catalog.LEVELS[level].summary),
                                    size=20,
                                    weight=ft.FontWeight.BOLD,
                                ),
                            ]
                        ),
                        ft.Row([picture(i) for i in ids], wrap=True, spacing=6)
                        if ids
                        else ft.Text("—", size=20, color=theme.MUTED_INK),
                    ],
                    spacing=8,
                ),
            )
        )
    return ChildFrame(
        title=_(catalog.GRID_TITLE),
        subtitle=store.child.display_name,
        on_back=lambda: go(ROUTE_GRID),
        actions=[
            big_button(
                "summary-change",
                _("Ändra"),
                ft.Icons.EDIT,
                lambda: go(ROUTE_GRID),
            ),
            big_button(
                "summary-finish",
                _("Färdig"),
                ft.Icons.CHECK,
                lambda: go(ROUTE_CHILD_HOME),
                primary=True,
            ),
        ],
        content=ft.Column(bands, spacing=10, scroll=ft.ScrollMode.AUTO, expand=True),
    )
