"""*Det här är jag bra på…*: the child picks a colour pen and taps pictures.

Why pens: the paper sheet is filled in with colour pencils, one colour at a
time; a pen that stays picked lets a child mark many tiles with one tap each,
with no pop-up between them, and the chosen pen is always visible.

No pen is picked at the start: a colour the child never chose must not reach
the case file. The booklet's instruction stands over the pens, in pictures (a
tile with two colours: a tile can have several), and a tap on a tile without
a pen makes the pens stand out (no words needed) instead of marking anything.
Nothing above the tiles changes size, so tiles never move under a finger.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.day import own_view
from app.domain.follow_up import unconfirmed_grid
from app.domain.models import Level, grid_answer_key
from app.i18n import Translator
from app.ui import theme
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.grid_tile import GridTile, pen_button
from app.ui.components.named import named
from app.ui.components.own_item import OwnItemForm, over
from app.ui.components.pictogram_tile import pictogram_tile
from app.ui.components.screenful import use_first_screenful
from app.ui.components.speaker import use_reader, with_speaker
from app.ui.context import use_session_store, use_translator
from app.ui.latest import use_latest
from app.ui.routes import ROUTE_CHILD_HOME, ROUTE_GRID_SUMMARY, go
from app.ui.state import GRID_SCOPE, SessionStore


@ft.component
def GridScreen() -> ft.Control:
    """Route adapter: the grid for the session open on this device."""
    store = use_session_store()
    return GridView(store)


def own_label(_: Translator, own) -> str:
    """An own item's word, or its picture's label in the child's language."""
    view = own_view(own)
    return view.label if view.typed else _(view.label)


def instruction(_: Translator) -> ft.Control:
    """The booklet's instruction in pictures: a tile marked with two colours
    beside the words; read out as the sheet's whole heading and the words."""
    example = catalog.ALL_ITEMS[catalog.GRID_EXAMPLE_ITEM]
    tile = pictogram_tile(
        key="grid-example",
        pictogram=example.pictogram,
        label=_(example.label),
        marks=(Level.GOOD_AT, Level.FUN),
        mark_labels=(
            _(catalog.LEVELS[Level.GOOD_AT].label),
            _(catalog.LEVELS[Level.FUN].label),
        ),
        width=118,
        height=150,
        picture_size=64,
        text_size=13,
    )
    words = _(catalog.GRID_INSTRUCTION)
    return ft.Semantics(
        label=f"{_(catalog.GRID_HEADING)} {words}",
        container=True,
        exclude_semantics=True,
        content=ft.Container(
            key="grid-instruction",
            bgcolor="#EAF1F8",
            border_radius=18,
            padding=ft.Padding.symmetric(horizontal=14, vertical=8),
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.BRUSH, size=40, color=theme.ACCENT),
                    ft.Text(
                        words,
                        size=20,
                        weight=ft.FontWeight.W_600,
                        color=theme.INK,
                        expand=True,
                    ),
                    tile,
                ],
                spacing=14,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
        ),
    )


GRID_SCREENFUL = 21
"""Tiles a tablet shows under the pens without scrolling: three rows of seven
lying flat (the third cut off), five rows of four upright (docs/screenshots)."""


@ft.component
def GridView(store: SessionStore) -> ft.Control:
    """The grid: legend with pens, progress, tiles, own items, undo and *Klar*."""
    _ = use_translator()
    reader = use_reader()
    # The pen is read when a tile is tapped, not when the tiles were drawn:
    # a child who picks a pen and taps a picture quicker than the server draws
    # gets that pen's colour (app/ui/latest.py).
    pen = use_latest(None)
    asking, set_asking = ft.use_state(False)
    adding, set_adding = ft.use_state(False)

    def tap_tile(item_id: str) -> None:
        if pen.value is None:
            set_asking(True)
        else:
            store.toggle_rating(item_id, pen.value)

    # Same function every render, so the memoised tiles are not all rebuilt
    # (not even when the pen changes: a tile does not show the pen).
    on_tile = ft.use_callback(tap_tile, [store])

    def pick_pen(level: Level) -> None:
        """Pick a pen and hear its name (a pen holds no answer, so no speaker)."""
        pen.set(level)
        set_asking(False)
        if reader:
            reader.say(_(catalog.LEVELS[level].label))

    def open_route(route: str) -> None:
        go(route)

    grid = store.grid
    pens = ft.Row(
        [
            pen_button(lv, _(catalog.LEVELS[lv].label), lv == pen.value, pick_pen)
            for lv in Level
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
        alignment=ft.MainAxisAlignment.CENTER,
    )
    # A tap on a tile without a pen: the pens stand out (a coloured frame that
    # grows a little). Border and padding are always there, so nothing moves:
    # a child aiming at a tile must not see it jump away.
    legend = ft.Container(
        key="pens",
        data="asking" if asking else "calm",
        border=ft.Border.all(4, theme.ACCENT if asking else ft.Colors.TRANSPARENT),
        bgcolor="#FFF4D6" if asking else None,
        border_radius=44,
        padding=6,
        scale=1.04 if asking else 1.0,
        animate_scale=ft.Animation(300, ft.AnimationCurve.EASE_OUT_BACK),
        content=pens,
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

    suggested, confirm = set(unconfirmed_grid(store.session)), store.confirm_last_grid

    def tile(item_id: str, label: str, pictogram: str) -> ft.Control:
        marks = grid.levels(item_id)
        last = item_id in suggested
        return GridTile(
            item_id,
            label,
            pictogram,
            marks,
            tuple(_(catalog.LEVELS[m].label) for m in marks)
            + ((_("förra gången"),) if last else ()),
            on_tile,
            reader,
            grid_answer_key(item_id) in store.session.private,
            store.toggle_private,
            last,
            key=f"grid-tile-{item_id}",
        )

    # The first screenful now, the rest (own pictures and *Något annat?*
    # last) a moment later: components/screenful.py.
    pictures = [i.id for i in catalog.GRID_ITEMS] + [o.id for o in grid.custom_items]
    build = use_first_screenful("grid", pictures, GRID_SCREENFUL)
    tiles = [tile(i.id, _(i.label), i.pictogram) for i in catalog.GRID_ITEMS[:build]]
    for own in grid.custom_items[: max(0, build - len(catalog.GRID_ITEMS))]:
        tiles.append(
            ft.Stack(
                [
                    tile(own.id, own_label(_, own), own.pictogram),
                    ft.Container(
                        right=0,
                        top=0,
                        content=named(
                            ft.IconButton(
                                ft.Icons.CLOSE,
                                key=f"remove-{own.id}",
                                tooltip=_("Ta bort"),
                                icon_size=22,
                                on_click=lambda _e, oid=own.id: (
                                    store.remove_custom_item(oid)
                                ),
                            )
                        ),
                    ),
                ],
                width=theme.TILE_WIDTH,
                height=theme.TILE_HEIGHT,
            )
        )
    something_else = _(catalog.SOMETHING_ELSE.label)
    if build == len(pictures):
        tiles.append(
            with_speaker(
                pictogram_tile(
                    key=f"tile-{catalog.SOMETHING_ELSE.id}",
                    pictogram=catalog.SOMETHING_ELSE.pictogram,
                    label=something_else,
                    on_tap=lambda: set_adding(True),
                ),
                reader.speaker(something_else, "say-something_else")
                if reader
                else None,
                theme.TILE_WIDTH,
                theme.TILE_HEIGHT,
            )
        )

    def add_own(word: str, picture: str) -> str:
        """The new item comes marked with the pen in the child's hand."""
        return store.add_custom_item(word, picture, pen.value)

    body = over(
        ft.Column(
            [
                instruction(_),
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
        ),
        OwnItemForm(add_own, lambda _item_id: set_adding(False)) if adding else None,
    )
    return ChildFrame(
        title=_(catalog.GRID_TITLE),
        subtitle=f"{store.child.display_name} · {_.date(store.session.started.date())}",
        on_back=(lambda: set_adding(False))
        if adding
        else lambda: open_route(ROUTE_CHILD_HOME),
        # While the form is open its own buttons are the only way on: a *Klar*
        # up here would leave the grid with the picture not added.
        actions=[]
        if adding
        else [
            big_button(
                "grid-confirm-last", _("Resten stämmer"), ft.Icons.DONE_ALL, confirm
            )
            if suggested
            else ft.Container(),
            big_button(
                "undo",
                _("Ångra"),
                ft.Icons.UNDO,
                (lambda: store.undo(GRID_SCOPE))
                if store.can_undo(GRID_SCOPE)
                else None,
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
