"""A large tappable picture with its word under it, and the marks it carries."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from app.domain import catalog
from app.domain.models import Level
from app.ui import theme
from app.ui.components.tap_target import tap_target


def level_badge(level: Level, size: int = theme.BADGE_SIZE) -> ft.Control:
    """A level's colour and picture together, so it never relies on colour alone."""
    style = catalog.LEVELS[level]
    return ft.Container(
        width=size,
        height=size,
        bgcolor=style.colour,
        border_radius=size // 2,
        padding=3,
        content=ft.Container(
            bgcolor=theme.TILE_BG,
            border_radius=size // 2,
            padding=1,
            content=ft.Image(
                src=theme.pictogram_src(style.pictogram),
                width=size - 10,
                height=size - 10,
                exclude_from_semantics=True,
            ),
        ),
    )


def pictogram_tile(
    key: str,
    pictogram: str,
    label: str,
    on_tap: Callable[[], None] | None = None,
    marks: Sequence[Level] = (),
    mark_labels: Sequence[str] = (),
    selected: bool = False,
    width: int = theme.TILE_WIDTH,
    height: int = theme.TILE_HEIGHT,
    picture_size: int = theme.PICTOGRAM_SIZE,
    text_size: int = 15,
    opacity: float = 1.0,
) -> ft.Control:
    """A picture-first tile; its semantics label is exactly its visible label.

    Every control of a tile is sent to the browser, diffed by the server and
    built by Flutter, for each of the dozens of tiles a screen shows (the
    biggest cost of *home → grid*, docs/benchmarks.md): an unmarked tile has
    no (empty) badge row, and a faded one is faded by its own box. The picture
    and words are at the top, so the badges appearing under them move nothing.
    """
    ring = catalog.LEVELS[marks[0]].colour if marks else "#D0D4DA"
    ring_width = 5 if marks or selected else 2
    if selected and not marks:
        ring = theme.ACCENT
    parts: list[ft.Control] = [
        ft.Image(
            src=theme.pictogram_src(pictogram),
            width=picture_size,
            height=picture_size,
            exclude_from_semantics=True,
        ),
        ft.Text(
            label,
            size=text_size,
            weight=ft.FontWeight.W_600,
            color=theme.INK,
            text_align=ft.TextAlign.CENTER,
            max_lines=2,
            overflow=ft.TextOverflow.ELLIPSIS,
        ),
    ]
    if marks:
        parts.append(
            ft.Row(
                [level_badge(lv) for lv in marks],
                spacing=2,
                alignment=ft.MainAxisAlignment.CENTER,
                height=theme.BADGE_SIZE,
            )
        )
    return tap_target(
        key,
        label,
        on_tap,
        value=", ".join(mark_labels) if mark_labels else None,
        selected=selected or bool(marks),
        width=width,
        height=height,
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(ring_width, ring),
        border_radius=18,
        padding=ft.Padding.symmetric(horizontal=6, vertical=6),
        opacity=opacity,
        content=ft.Column(
            parts,
            spacing=2,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            alignment=ft.MainAxisAlignment.START,
        ),
    )


def small_picture(pictogram: str, label: str) -> ft.Control:
    """A picture with its word, smaller than a tile: for reading back answers."""
    return ft.Container(
        width=108,
        content=ft.Column(
            [
                ft.Image(
                    src=theme.pictogram_src(pictogram),
                    width=64,
                    height=64,
                    exclude_from_semantics=True,
                ),
                ft.Text(label, size=13, text_align=ft.TextAlign.CENTER, max_lines=2),
            ],
            spacing=2,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def picked_tick(diameter: int = 38) -> ft.Control:
    """A tick in the top left corner of a picked picture (taps pass through it):
    picked must not rest on one thin ring alone. Big pictures take a bigger one."""
    return ft.Container(
        left=diameter // 5,
        top=diameter // 5,
        width=diameter,
        height=diameter,
        border_radius=diameter // 2,
        bgcolor=theme.ACCENT,
        alignment=ft.Alignment.CENTER,
        ignore_interactions=True,
        content=ft.Icon(ft.Icons.CHECK, size=diameter * 3 // 4, color=theme.TILE_BG),
    )
