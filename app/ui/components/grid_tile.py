"""One tile of the grid, with its speaker and, once marked, the *Bara för mig*
lock in its corner (why a lock and not a long-press: ``sharing_parts``)."""

from __future__ import annotations

import flet as ft

from app.domain.models import Level, grid_answer_key
from app.ui import theme
from app.ui.components.pictogram_tile import pictogram_tile
from app.ui.components.sharing_parts import lock_toggle
from app.ui.components.speaker import Reader, with_speaker
from app.ui.context import use_translator


@ft.component
def _GridTile(
    item_id: str,
    label: str,
    pictogram: str,
    marks: tuple[Level, ...],
    mark_labels: tuple[str, ...],
    pen: Level | None,
    on_toggle,
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
        on_tap=lambda: on_toggle(item_id, pen),
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
"""One grid tile that re-renders only when its own marks (or the pen) change.

A tap changes one tile; without this every tile was rebuilt and diffed, the
biggest cost of tap → repaint (docs/benchmarks.md). The store's bound method
is passed, not the store: an observable argument would subscribe every tile.
"""
