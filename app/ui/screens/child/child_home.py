"""The child's home in child mode: the exercises and the review as big pictures."""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.follow_up import unconfirmed_day
from app.ui.components.child_frame import ChildFrame
from app.ui.components.pictogram_tile import pictogram_tile
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_GRID, ROUTE_REVIEW, ROUTE_SHARE, go, step_route

TILE = 260
"""Four exercises side by side on a landscape tablet (1280 px), two by two
on a portrait one."""


@ft.component
def ChildHomeScreen() -> ft.Control:
    """Choose an exercise by its picture."""
    _ = use_translator()
    store = use_session_store()

    tiles = [
        pictogram_tile(
            key="exercise-grid",
            pictogram="good_at",
            label=_(catalog.GRID_TITLE),
            on_tap=lambda: go(ROUTE_GRID),
            width=TILE,
            height=TILE,
            picture_size=150,
            text_size=22,
        ),
        pictogram_tile(
            key="exercise-day",
            pictogram="clock",
            label=_(catalog.DAY_TITLE),
            # Straight to the step the child was on, so the browser's back
            # button returns here and not to a page that forwards again.
            # A follow-up opens on last time's day, to confirm or change.
            on_tap=lambda: go(
                step_route(
                    day_rules.SUMMARY
                    if unconfirmed_day(store.session)
                    else day_rules.resume_step(store.session.position)
                )
            ),
            width=TILE,
            height=TILE,
            picture_size=150,
            text_size=22,
        ),
        pictogram_tile(
            key="exercise-review",
            pictogram="done",
            label=_("Stämmer det här?"),
            on_tap=lambda: go(ROUTE_REVIEW),
            width=TILE,
            height=TILE,
            picture_size=150,
            text_size=22,
        ),
        pictogram_tile(
            key="exercise-share",
            pictogram="participants",
            label=_("Vem får veta?"),
            on_tap=lambda: go(ROUTE_SHARE),
            width=TILE,
            height=TILE,
            picture_size=150,
            text_size=22,
        ),
    ]
    return ChildFrame(
        title=store.child.display_name,
        content=ft.Column(
            [
                ft.Row(
                    tiles,
                    spacing=30,
                    run_spacing=30,
                    alignment=ft.MainAxisAlignment.CENTER,
                    wrap=True,
                )
            ],
            alignment=ft.MainAxisAlignment.CENTER,
            horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
            expand=True,
        ),
    )
