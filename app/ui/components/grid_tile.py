"""One tile of the grid, with its speaker and, once marked, the *Bara för mig*
lock in its corner (why a lock and not a long-press: ``sharing_parts``); and
one pen of the grid's legend."""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.models import Level, grid_answer_key
from app.ui import theme
from app.ui.components.pictogram_tile import level_badge, pictogram_tile
from app.ui.components.sharing_parts import lock_toggle
from app.ui.components.speaker import Reader, with_speaker
from app.ui.components.tap_target import tap_target
from app.ui.context import use_translator


@ft.component
def _GridTile(
    item_id: str,
    label: str,
    pictogram: str,
    marks: tuple[Level, ...],
    mark_labels: tuple[str, ...],
    on_tap,
    reader: Reader | None = None,
    private: bool = False,
    on_private=None,
    last_time: bool = False,
) -> ft.Control:
    _ = use_translator()
    tile = pictogram_tile(
        key=f"tile-{item_id}",
        pictogram=pictogram,
        label=label,
        marks=marks,
        mark_labels=mark_labels,
        on_tap=lambda: on_tap(item_id),
        opacity=0.55 if private else 1.0,
    )
    if last_time:  # last time's answer, unconfirmed: paler until tapped
        tile = ft.Container(tile, opacity=0.55, key=f"last-time-{item_id}")
    speaker = reader.speaker(label, f"say-{item_id}") if reader else None
    shown = with_speaker(
        tile,
        speaker,
        theme.TILE_WIDTH,
        theme.TILE_HEIGHT,
    )
    if not marks or on_private is None:
        return shown
    # *Bara för mig* on the spot: a lock in the corner once the tile has an
    # answer (why a lock and not a long-press: components/sharing_parts.py).
    return ft.Stack(
        [
            shown,
            ft.Container(
                left=2,
                top=2,
                content=lock_toggle(
                    _,
                    f"lock-{grid_answer_key(item_id)}",
                    private,
                    lambda: on_private(grid_answer_key(item_id)),
                    label,
                    size=LOCK_SIZE,
                ),
            ),
        ],
        width=theme.TILE_WIDTH,
        height=theme.TILE_HEIGHT,
    )


LOCK_SIZE = 48
"""The lock on a marked tile: big enough to aim at, small enough to leave the
picture free (the tile's own tap area is the rest)."""

GridTile = ft.memo(_GridTile)
"""One grid tile that re-renders only when its own marks change.

A tap changes one tile; without this every tile was rebuilt and diffed, the
biggest cost of tap → repaint (docs/benchmarks.md). The store's bound method
is passed, not the store: an observable argument would subscribe every tile.
"""


def pen_button(level: Level, label: str, selected: bool, on_pick) -> ft.Control:
    """One colour pen of the legend: colour, picture and word; picked pens stand out."""
    style = catalog.LEVELS[level]
    return tap_target(
        f"pen-{level.value}",
        label,
        lambda: on_pick(level),
        selected=selected,
        height=theme.CHILD_TARGET + 8,
        padding=ft.Padding.symmetric(horizontal=10, vertical=4),
        bgcolor=style.colour if selected else theme.TILE_BG,
        border=ft.Border.all(4, style.colour),
        border_radius=40,
        content=ft.Row(
            [
                level_badge(level, 52),
                ft.Text(
                    label,
                    size=16,
                    weight=ft.FontWeight.BOLD,
                    color=theme.TILE_BG if selected else theme.INK,
                ),
            ],
            spacing=8,
            tight=True,
        ),
    )
