"""Accessible names for controls that Flutter's web semantics leave unnamed."""

from __future__ import annotations

import flet as ft

from app.ui.components.tap_target import tap_target


def named(button: ft.IconButton) -> ft.Control:
    """``button`` announced by its tooltip: on the web an icon button has no name.

    Flutter web puts an icon button's tooltip in no accessible name, so a screen
    reader said only "button" for the child-mode lock, the back arrows and the
    own-item cross.
    """
    handler = button.on_click
    return tap_target(
        f"{button.key}-named",
        str(button.tooltip),
        (lambda: handler(None)) if handler else None,
        content=button,
    )


def readable(text: ft.Text) -> ft.Control:
    """Selectable ``text`` that a screen reader reads as text.

    Flutter web shows selectable text as an empty, disabled text box to a
    screen reader (the recovery key, *Barnets röst*, the log, the licences):
    the words go in the semantics label instead; the mouse can still select.
    """
    return ft.Semantics(
        label=str(text.value), container=True, exclude_semantics=True, content=text
    )


def named_dropdown(dropdown: ft.Dropdown, value_text: str | None) -> ft.Control:
    """``dropdown`` announced as "label: value" by a screen reader.

    Flutter web shows a dropdown as a button with no name at all.
    """
    label = str(dropdown.label)
    return ft.Semantics(
        label=f"{label}: {value_text}" if value_text else label,
        content=dropdown,
    )
