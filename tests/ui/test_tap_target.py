"""Every child control is one tap target: named as shown, no ink ripple."""

from __future__ import annotations

import ast
from pathlib import Path

import flet as ft

from app.ui import theme
from app.ui.components.tap_target import tap_target

UI = Path(__file__).resolve().parents[2] / "app" / "ui"


def test_no_button_for_a_screen_reader_is_built_outside_tap_target():
    """An ``ft.Semantics(button=True, …)`` is written once, in tap_target.py."""
    found = []
    for path in sorted(UI.rglob("*.py")):
        if path.name == "tap_target.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "Semantics"
                and any(
                    k.arg == "button"
                    and isinstance(k.value, ast.Constant)
                    and k.value.value is True
                    for k in node.keywords
                )
            ):
                found.append(f"{path.relative_to(UI)}:{node.lineno}")
    assert found == []


def test_a_tap_target_is_one_named_button_tapped_by_finger_or_screen_reader():
    """The label names the button, its insides are not read again, the ink is
    the children's setting, and both a click and a screen reader's tap act."""
    taps: list[str] = []
    target = tap_target(
        "pen-fun",
        "Roligt",
        lambda: taps.append("tap"),
        selected=True,
        content=ft.Text("Roligt"),
    )
    assert isinstance(target, ft.Semantics)
    assert (target.label, target.button, target.selected) == ("Roligt", True, True)
    assert target.exclude_semantics
    assert target.container
    box = target.content
    assert isinstance(box, ft.Container)
    assert (box.key, box.ink) == ("pen-fun", theme.CHILD_INK)
    box.on_click(None)
    target.on_tap(None)
    assert taps == ["tap", "tap"]


def test_a_tap_target_without_an_action_takes_no_tap():
    """No action: neither the box nor the screen reader offers a tap."""
    target = tap_target("back", "Tillbaka", None, content=ft.Text("Tillbaka"))
    assert target.on_tap is None
    assert target.content.on_click is None
