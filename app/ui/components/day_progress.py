"""Where the child is in *En vanlig dag*: a picture per column, a dot per step."""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.catalog import Column
from app.domain.models import DayAnswers
from app.ui import theme

COLUMN_PICTOGRAMS: dict[Column, str] = {
    Column.ACTIVITIES: "clock",
    Column.PLACES: "home",
    Column.PERSONS: "friend",
}
"""The picture that stands for each column in the progress row and the summary."""


def _dot(state: str) -> ft.Control:
    if state == "current":
        return ft.Container(
            width=32,
            height=32,
            border_radius=16,
            bgcolor=theme.ACCENT,
            border=ft.Border.all(4, theme.INK),
        )
    done = state == "done"
    return ft.Container(
        width=18,
        height=18,
        border_radius=9,
        bgcolor=theme.ACCENT if done else theme.TILE_BG,
        border=ft.Border.all(2, theme.ACCENT if done else theme.MUTED_INK),
    )


def progress_row(day: DayAnswers, current: str) -> ft.Control:
    """Where the child is: a picture per column and a dot per step, no numbers."""
    groups: list[ft.Control] = []
    for column in Column:
        dots = []
        for p in catalog.DAY_PROMPTS:
            if p.column != column:
                continue
            if p.id == current:
                state = "current"
            elif day_rules.is_done(day, p.id):
                state = "done"
            else:
                state = "todo"
            dots.append(_dot(state))
        here = current in day_rules.STEPS and day_rules.prompt(current).column == column
        groups.append(
            ft.Container(
                padding=ft.Padding.symmetric(horizontal=10, vertical=4),
                border_radius=30,
                bgcolor=theme.TILE_BG if here else None,
                border=ft.Border.all(2, theme.ACCENT) if here else None,
                content=ft.Row(
                    [
                        ft.Image(
                            src=theme.pictogram_src(COLUMN_PICTOGRAMS[column]),
                            width=40,
                            height=40,
                            exclude_from_semantics=True,
                        ),
                        *dots,
                    ],
                    spacing=8,
                    tight=True,
                    vertical_alignment=ft.CrossAxisAlignment.CENTER,
                ),
            )
        )
    at_end = current == day_rules.SUMMARY
    groups.append(
        ft.Container(
            padding=4,
            border_radius=30,
            bgcolor=theme.TILE_BG if at_end else None,
            border=ft.Border.all(2, theme.ACCENT) if at_end else None,
            content=ft.Image(
                src=theme.pictogram_src("done"),
                width=40 if at_end else 30,
                height=40 if at_end else 30,
                opacity=1.0 if at_end else 0.5,
                exclude_from_semantics=True,
            ),
        )
    )
    return ft.Container(
        key="day-progress",
        content=ft.Row(
            groups,
            spacing=12,
            wrap=True,
            alignment=ft.MainAxisAlignment.CENTER,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )
