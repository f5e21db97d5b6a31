"""Clock time without typing: an analogue face, big digits and four step buttons.

Why steps and not a dial to drag: a drag on a small hand is hard for young or
restless fingers and easy to overshoot; four big buttons (an hour or a quarter,
earlier or later) always do the same thing, and the face and digits move with
every tap, so the child sees what the tap did. The digits are 24-hour Swedish
style (07:30); the part of the day (morgon, kväll …) with a sun or a moon
tells 07:00 from 19:00, which an analogue face alone cannot.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import flet as ft
import flet.canvas as cv

from app.domain import day as day_rules
from app.i18n import Translator
from app.ui import theme
from app.ui.components.tap_target import tap_target

FACE_BG = "#FFFFFF"
HOUR_HAND = theme.INK
MINUTE_HAND = theme.ACCENT
NIGHT_BG = "#E6E9F4"
"""The face's colour in the evening and at night: a quiet hint of dark."""


def _point(cx: float, cy: float, r: float, turns: float) -> tuple[float, float]:
    # 0 turns is twelve o'clock; the hands go clockwise.
    a = 2 * math.pi * turns
    return cx + r * math.sin(a), cy - r * math.cos(a)


def clock_face(minutes: int, size: int = 220) -> ft.Control:
    """An analogue clock showing ``minutes`` after midnight, drawn on a canvas."""
    r = size / 2
    c = r
    night = day_rules.part_of_day(minutes) not in day_rules.DAYLIGHT_PARTS
    face = NIGHT_BG if night else FACE_BG
    shapes: list[cv.Shape] = [
        cv.Circle(
            c,
            c,
            r - 3,
            paint=ft.Paint(color=face, style=ft.PaintingStyle.FILL),
        ),
        cv.Circle(
            c,
            c,
            r - 3,
            paint=ft.Paint(
                color=theme.INK, style=ft.PaintingStyle.STROKE, stroke_width=5
            ),
        ),
    ]
    for tick in range(60):
        major = tick % 5 == 0
        outer = _point(c, c, r - 10, tick / 60)
        inner = _point(c, c, r - (22 if major else 15), tick / 60)
        shapes.append(
            cv.Line(
                *inner,
                *outer,
                paint=ft.Paint(
                    color=theme.INK if major else theme.MUTED_INK,
                    stroke_width=4 if major else 1.5,
                    stroke_cap=ft.StrokeCap.ROUND,
                ),
            )
        )
    # The numbers are Text controls over the canvas, not canvas text: they are
    # then part of the page's text like any other words.
    number_size = max(12, round(size * 0.1))
    box = round(number_size * 1.5)
    numbers: list[ft.Control] = []
    for hour in range(1, 13):
        x, y = _point(c, c, r - 22 - number_size * 0.8, hour / 12)
        numbers.append(
            ft.Container(
                left=x - box / 2,
                top=y - box / 2,
                width=box,
                height=box,
                # A disc in the face's colour: a hand passing under a number
                # does not cross it out.
                bgcolor=face,
                border_radius=box / 2,
                alignment=ft.Alignment.CENTER,
                content=ft.Text(
                    str(hour),
                    size=number_size,
                    weight=ft.FontWeight.BOLD,
                    color=theme.INK,
                ),
            )
        )
    hands: list[cv.Shape] = []
    hours, mins = divmod(minutes, 60)
    hour_tip = _point(c, c, r * 0.5, ((hours % 12) + mins / 60) / 12)
    minute_tip = _point(c, c, r * 0.78, mins / 60)
    hands += [
        cv.Line(
            c,
            c,
            *hour_tip,
            paint=ft.Paint(
                color=HOUR_HAND, stroke_width=size * 0.05, stroke_cap=ft.StrokeCap.ROUND
            ),
        ),
        cv.Line(
            c,
            c,
            *minute_tip,
            paint=ft.Paint(
                color=MINUTE_HAND,
                stroke_width=size * 0.03,
                stroke_cap=ft.StrokeCap.ROUND,
            ),
        ),
        cv.Circle(c, c, size * 0.04, paint=ft.Paint(color=theme.INK)),
    ]
    return ft.Stack(
        [
            cv.Canvas(shapes=shapes, width=size, height=size),
            # Hands under the numbers: the number a hand points at stays readable.
            cv.Canvas(shapes=hands, width=size, height=size),
            *numbers,
        ],
        width=size,
        height=size,
    )


def part_of_day_badge(_: Translator, minutes: int, size: int = 22) -> ft.Control:
    """A sun or a moon and the word for the part of the day (``Morgon``)."""
    part = day_rules.part_of_day(minutes)
    daylight = part in day_rules.DAYLIGHT_PARTS
    return ft.Row(
        [
            ft.Icon(
                ft.Icons.WB_SUNNY if daylight else ft.Icons.BEDTIME,
                size=size + 8,
                color="#C77700" if daylight else "#3B4A8C",
            ),
            ft.Text(
                _(day_rules.PART_OF_DAY_LABELS[part]),
                size=size,
                color=theme.INK,
                weight=ft.FontWeight.W_600,
            ),
        ],
        spacing=6,
        tight=True,
        alignment=ft.MainAxisAlignment.CENTER,
    )


def step_button(
    key: str,
    label: str,
    icon: ft.IconData,
    on_click: Callable[[], None] | None,
    width: int = 176,
) -> ft.Control:
    """A big time-step button: a round +/- sign and the words, labelled as shown."""
    enabled = on_click is not None
    return tap_target(
        key,
        label,
        on_click,
        disabled=not enabled,
        width=width,
        height=theme.CHILD_TARGET + 8,
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(3, theme.ACCENT),
        border_radius=18,
        padding=ft.Padding.symmetric(horizontal=8),
        opacity=1.0 if enabled else 0.35,
        content=ft.Row(
            [
                ft.Container(
                    width=48,
                    height=48,
                    border_radius=24,
                    bgcolor=theme.ACCENT,
                    alignment=ft.Alignment.CENTER,
                    content=ft.Icon(icon, size=34, color=theme.TILE_BG),
                ),
                ft.Text(
                    label,
                    size=17,
                    weight=ft.FontWeight.BOLD,
                    color=theme.INK,
                    expand=True,
                    max_lines=2,
                ),
            ],
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def time_stepper(
    _: Translator,
    minutes: int,
    on_step: Callable[[int], None],
    key_prefix: str = "time",
    suggested: bool = False,
) -> ft.Control:
    """Digits between later (above) and earlier (below) buttons: hour and quarter.
    ``on_step`` gets the step in minutes, to move the time from where it is
    when the tap arrives (not where it was drawn: taps quicker than the server
    draws all count). ``suggested``: the digits are dimmed, the time is not
    the child's yet.

    The hour buttons sit over and under the hours, the quarter buttons over and
    under the minutes, so where a button is says what it changes.
    """

    def button(name: str, label: str, delta: int) -> ft.Control:
        can = day_rules.can_step(minutes, delta)
        return step_button(
            f"{key_prefix}-{name}",
            label,
            ft.Icons.ADD if delta > 0 else ft.Icons.REMOVE,
            (lambda: on_step(delta)) if can else None,
        )

    hour, quarter = day_rules.HOUR, day_rules.STEP
    return ft.Column(
        [
            ft.Row(
                [
                    button("hour-later", _("1 timme senare"), hour),
                    button("quarter-later", _("15 min senare"), quarter),
                ],
                spacing=12,
                tight=True,
            ),
            ft.Text(
                _.clock(minutes),
                key=f"{key_prefix}-digits",
                size=72,
                weight=ft.FontWeight.BOLD,
                color=theme.MUTED_INK if suggested else theme.INK,
                opacity=0.55 if suggested else 1.0,
                text_align=ft.TextAlign.CENTER,
            ),
            ft.Row(
                [
                    button("hour-earlier", _("1 timme tidigare"), -hour),
                    button("quarter-earlier", _("15 min tidigare"), -quarter),
                ],
                spacing=12,
                tight=True,
            ),
        ],
        spacing=4,
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        tight=True,
    )
