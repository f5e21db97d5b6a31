"""The one way a child's control is built: something to tap, named as shown.

Every child control (tiles, pens, the day's chips and entries, the clock's
steps, the frame's big buttons, the language choice, the *Bara för mig* lock)
is a ``Semantics`` node around a ``Container``:

- the ``Semantics`` node is one button for a screen reader, named exactly by
  the visible words (``label``), with its state (``selected``, ``toggled``,
  ``value``, ``disabled``); what is inside is not read again
  (``exclude_semantics``). Its ``on_tap`` is what a screen reader's double
  tap does;
- the ``Container`` carries the key tests and the browser find it by, the
  look, and the same ``on_click`` for a finger or a mouse, without Material's
  ink ripple (``theme.CHILD_INK``: the change that appears is the feedback).

A rule about child controls is changed here, once.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flet as ft

from app.ui import theme


def tap_target(
    key: str,
    label: str,
    on_tap: Callable[[], None] | None,
    content: ft.Control,
    *,
    selected: bool | None = None,
    toggled: bool | None = None,
    value: str | None = None,
    disabled: bool | None = None,
    **look: Any,
) -> ft.Control:
    """A child-sized control named ``label``; ``look`` styles its Container
    (width, height, bgcolor, border, border_radius, padding, opacity, …).
    ``on_tap`` None: nothing happens on a tap."""
    state: dict[str, Any] = {}
    if selected is not None:
        state["selected"] = selected
    if toggled is not None:
        state["toggled"] = toggled
    if value is not None:
        state["value"] = value
    if disabled is not None:
        state["disabled"] = disabled
    return ft.Semantics(
        label=label,
        button=True,
        container=True,
        exclude_semantics=True,
        on_tap=(lambda _e: on_tap()) if on_tap else None,
        **state,
        content=ft.Container(
            key=key,
            on_click=(lambda _e: on_tap()) if on_tap else None,
            ink=theme.CHILD_INK,
            content=content,
            **look,
        ),
    )


__all__ = ["tap_target"]


def picture_chip(
    key: str,
    label: str,
    on_tap: Callable[[], None],
    *,
    selected: bool,
    pictogram: str,
    picture: int = 56,
    text_size: int = 18,
) -> ft.Control:
    """A rounded chip of a picture in a white circle and its words, filled when
    picked (*Vet inte* / *Vill inte svara*, the picture library's shelves)."""
    return tap_target(
        key,
        label,
        on_tap,
        selected=selected,
        height=theme.CHILD_TARGET + (picture - 48),
        padding=ft.Padding.only(
            left=6, right=14 + (picture - 52) // 2, top=4, bottom=4
        ),
        bgcolor=theme.ACCENT if selected else theme.TILE_BG,
        border=ft.Border.all(3, theme.ACCENT),
        border_radius=40,
        content=ft.Row(
            [
                ft.Container(
                    bgcolor=theme.TILE_BG,
                    border_radius=30,
                    padding=2 + (picture - 52) // 4,
                    content=ft.Image(
                        src=theme.pictogram_src(pictogram),
                        width=picture,
                        height=picture,
                        exclude_from_semantics=True,
                    ),
                ),
                ft.Text(
                    label,
                    size=text_size,
                    weight=ft.FontWeight.BOLD,
                    color=theme.TILE_BG if selected else theme.INK,
                ),
            ],
            spacing=6 + (picture - 52) // 2,
            tight=True,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )
