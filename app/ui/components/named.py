"""Accessible names for controls that Flutter's web semantics leave unnamed."""

from __future__ import annotations

import flet as ft


def named(button: ft.IconButton) -> ft.Control:
    """``button`` announced by its tooltip: on the web an icon button has no name.

    Flutter web puts an icon button's tooltip in no accessible name, so a screen
    reader said only "button" for the child-mode lock, the back arrows and the
    own-item cross.
    """
    return ft.Semantics(
        label=str(button.tooltip),
        button=True,
        container=True,
        exclude_semantics=True,
        on_tap=button.on_click,
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
