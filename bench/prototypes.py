"""Prototypes of the fixes this benchmark proposes for ``app/``, measured only.

Nothing here is used by the app. ``bench/server_entry.py`` installs them when
``MINROST_BENCH_PROTOTYPE`` lists them (comma-separated), so the repaint
benchmark can measure before and after in one run:

``gc-freeze``   ``gc.freeze()`` once everything is imported, just before the
                server starts: the objects of the imported modules move to a
                permanent generation, so a full collection no longer walks
                them. Proposed for ``app/main.py`` ``serve()``.
``memo-tiles``  the grid's tiles as a memoised component (``ft.memo``) with
                props that compare equal when the tile did not change, so a
                tap re-renders and diffs one tile instead of all of them.
                Proposed for ``app/ui/screens/grid.py`` ``GridView``; this is
                a copy of ``GridView`` with only ``tile()`` changed.
"""

from __future__ import annotations

import gc
from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain.models import Level
from app.ui import theme
from app.ui.app import ROUTE_CHILD_HOME, ROUTE_GRID_SUMMARY, use_translator
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.pictogram_tile import pictogram_tile
from app.ui.screens import grid as grid_screen
from app.ui.screens.grid import AddOwnItem, pen_button

PROTOTYPE_ENV = "MINROST_BENCH_PROTOTYPE"
KNOWN = ("gc-freeze", "memo-tiles")


def install(names: str) -> list[str]:
    """Install the prototypes named in ``names``; return those installed."""
    chosen = [n.strip() for n in names.split(",") if n.strip()]
    unknown = set(chosen) - set(KNOWN)
    if unknown:
        raise SystemExit(f"unknown prototype(s): {sorted(unknown)}")
    if "memo-tiles" in chosen:
        install_memo_tiles()
    if "gc-freeze" in chosen:
        gc.collect()
        gc.freeze()
    return chosen


def install_memo_tiles() -> None:
    """Swap ``GridView`` for the memoised-tile version below."""
    grid_screen.GridView = MemoTileGridView


# --- memo-tiles -----------------------------------------------------------------
@ft.component
def _GridTile(
    item_id: str,
    label: str,
    pictogram: str,
    marks: tuple,
    mark_labels: tuple,
    pen,
    on_toggle: Callable,
) -> ft.Control:
    """One tile. ``on_toggle`` is the bound ``store.toggle_rating``: bound
    methods of the same object compare equal, so unchanged tiles keep equal
    props (the store itself is not a prop: being observable, it would make
    every tile re-render on every change)."""
    return pictogram_tile(
        key=f"tile-{item_id}",
        pictogram=pictogram,
        label=label,
        marks=marks,
        mark_labels=mark_labels,
        on_tap=lambda: on_toggle(item_id, pen),
    )


GridTile = ft.memo(_GridTile)


@ft.component
def MemoTileGridView(store) -> ft.Control:
    """``app.ui.screens.grid.GridView`` with ``tile()`` returning ``GridTile``."""
    _ = use_translator()
    pen, set_pen = ft.use_state(Level.GOOD_AT)
    adding, set_adding = ft.use_state(False)

    def open_route(route: str) -> None:
        ft.context.page.navigate(route)

    grid = store.grid
    legend = ft.Row(
        [
            pen_button(lv, _(catalog.LEVEL_LABELS[lv]), lv == pen, set_pen)
            for lv in Level
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
        alignment=ft.MainAxisAlignment.CENTER,
    )
    ids = [i.id for i in catalog.GRID_ITEMS]
    done = grid.marked_count(ids)
    progress = ft.Semantics(
        label=_("Så långt har du kommit"),
        content=ft.ProgressBar(
            key="progress",
            value=done / len(ids),
            height=14,
            border_radius=7,
            color=theme.ACCENT,
            bgcolor="#DDE3EA",
        ),
    )

    def tile(item_id: str, label: str, pictogram: str) -> ft.Control:
        marks = grid.levels(item_id)
        return GridTile(
            item_id,
            label,
            pictogram,
            tuple(marks),
            tuple(_(catalog.LEVEL_LABELS[m]) for m in marks),
            pen,
            store.toggle_rating,
            key=f"grid-tile-{item_id}",
        )

    tiles = [tile(i.id, _(i.label), i.pictogram) for i in catalog.GRID_ITEMS]
    for own in grid.custom_items:
        tiles.append(
            ft.Stack(
                [
                    tile(own.id, own.label, own.pictogram),
                    ft.Container(
                        right=0,
                        top=0,
                        content=ft.IconButton(
                            ft.Icons.CLOSE,
                            key=f"remove-{own.id}",
                            tooltip=_("Ta bort"),
                            icon_size=22,
                            on_click=lambda _e, oid=own.id: store.remove_custom_item(
                                oid
                            ),
                        ),
                    ),
                ],
                width=theme.TILE_WIDTH,
                height=theme.TILE_HEIGHT,
            )
        )
    tiles.append(
        pictogram_tile(
            key=f"tile-{catalog.SOMETHING_ELSE.id}",
            pictogram=catalog.SOMETHING_ELSE.pictogram,
            label=_(catalog.SOMETHING_ELSE.label),
            on_tap=lambda: set_adding(True),
        )
    )

    body = (
        AddOwnItem(store, lambda: set_adding(False))
        if adding
        else ft.Column(
            [
                legend,
                progress,
                ft.Column(
                    [
                        ft.Row(
                            tiles,
                            wrap=True,
                            spacing=10,
                            run_spacing=10,
                            alignment=ft.MainAxisAlignment.CENTER,
                        )
                    ],
                    scroll=ft.ScrollMode.AUTO,
                    expand=True,
                    horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
                ),
            ],
            spacing=10,
            expand=True,
        )
    )
    return ChildFrame(
        title=_(catalog.GRID_TITLE),
        subtitle=f"{store.child.display_name} · {_.date(store.session.started.date())}",
        on_back=lambda: open_route(ROUTE_CHILD_HOME),
        actions=[
            big_button(
                "undo",
                _("Ångra"),
                ft.Icons.UNDO,
                store.undo if store.undo_stack else None,
            ),
            big_button(
                "grid-done",
                _("Klar"),
                ft.Icons.CHECK,
                lambda: open_route(ROUTE_GRID_SUMMARY),
                primary=True,
            ),
        ],
        notice=store.notice,
        on_dismiss_notice=store.dismiss_notice,
        content=body,
    )
