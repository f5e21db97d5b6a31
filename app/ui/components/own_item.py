"""*Något annat?*: the child adds an own item by choosing a picture.

The grid and the day both offer it. A child who cannot (or will not) type
still names the thing: the whole picture library is offered shelf by shelf
(the day's parts, places, persons), a few big tiles at a time, and the word is
optional (the counsellor can add it later). What differs between the grid and
the day is passed in: which store verb adds the item and what happens after.

Nothing is picked at the start, so a picture the child never chose cannot
become an answer: *Lägg till* waits for a picture.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain.catalog import Column, Shelf
from app.domain.models import ValidationError
from app.ui import theme
from app.ui.components.child_frame import big_button
from app.ui.components.pictogram_tile import picked_tick, pictogram_tile
from app.ui.components.speaker import use_reader
from app.ui.components.tap_target import picture_chip, tap_target
from app.ui.context import use_translator
from app.ui.latest import use_latest
from app.ui.messages import validation_message

CHOICE_WIDTH = 160
CHOICE_HEIGHT = 196
"""Big tiles: a picture of 128 px and its words, easy to hit."""
FIRST_SHELF = Shelf.AFTERNOON
"""Where the library opens: the free-time things an own item is most often."""

COLUMN_SHELVES: dict[Column, Shelf] = {
    Column.ACTIVITIES: FIRST_SHELF,
    Column.PLACES: Shelf.PLACES,
    Column.PERSONS: Shelf.PERSONS,
}
"""Where the library opens on a step of the day: a place on *Platser*, a
person on *Personer* — the pictures the question asks for come first."""


def shelf_tab(
    shelf: Shelf, label: str, selected: bool, on_tap: Callable[[], None]
) -> ft.Control:
    """One shelf of the library: its picture and its name; the open one filled."""
    return picture_chip(
        f"shelf-{shelf.value}",
        label,
        on_tap,
        selected=selected,
        pictogram=catalog.SHELF_ICONS[shelf],
        picture=52,
        text_size=17,
    )


def page_button(
    key: str, label: str, icon: ft.IconData, on_tap: Callable[[], None] | None
) -> ft.Control:
    """*Fler bilder* / *Förra bilderna*: a big arrow, faded at the shelf's ends."""
    return tap_target(
        key,
        label,
        on_tap,
        disabled=on_tap is None,
        width=theme.CHILD_TARGET + 8,
        height=CHOICE_HEIGHT,
        border_radius=18,
        border=ft.Border.all(3, theme.ACCENT),
        bgcolor="#EAF1F8",
        opacity=1.0 if on_tap else 0.25,
        alignment=ft.Alignment.CENTER,
        content=ft.Icon(icon, size=48, color=theme.ACCENT),
    )


def page_dots(count: int, current: int) -> ft.Control:
    """Where on the shelf the child is, without numbers: one dot per page."""
    return ft.Row(
        [
            ft.Container(
                width=18 if n == current else 12,
                height=18 if n == current else 12,
                border_radius=9,
                bgcolor=theme.ACCENT if n == current else "#C5CCD6",
            )
            for n in range(count)
        ],
        spacing=8,
        alignment=ft.MainAxisAlignment.CENTER,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


@ft.component
def OwnItemForm(
    add: Callable[[str, str], str],
    on_done: Callable[[str | None], None],
    first_shelf: Shelf = FIRST_SHELF,
) -> ft.Control:
    """Choose a picture from the library, and a word if the child wants one.

    Args:
        add: the store verb, called with (word, pictogram); returns the new
            item's id and raises ValidationError for a word it refuses (the
            form then shows why and stays open). The word may be "".
        on_done: called with the new id after *Lägg till*, None after *Avbryt*.
        first_shelf: the shelf the library opens on.
    """
    _ = use_translator()
    reader = use_reader()
    label = use_latest("")
    picture = use_latest(None)
    shelf, set_shelf = ft.use_state(first_shelf)
    page, set_page = ft.use_state(0)
    error, set_error = ft.use_state("")
    pages = catalog.shelf_pages(shelf)

    def submit(_e=None) -> None:
        if picture.value is None:
            return
        try:
            item_id = add(label.value, picture.value)
        except ValidationError as exc:
            set_error(validation_message(_, exc))
            return
        on_done(item_id)

    def open_shelf(new: Shelf) -> None:
        set_shelf(new)
        set_page(0)

    def choose(pid: str) -> None:
        picture.set(pid)
        if reader:
            reader.say(_(catalog.ALL_ITEMS[pid].label))

    def choice(pid: str) -> ft.Control:
        words = _(catalog.ALL_ITEMS[pid].label)
        tile = pictogram_tile(
            key=f"own-pic-{pid}",
            pictogram=pid,
            label=words,
            selected=pid == picture.value,
            on_tap=lambda: choose(pid),
            width=CHOICE_WIDTH,
            height=CHOICE_HEIGHT,
            picture_size=112,
            text_size=17,
        )
        layers: list[ft.Control] = [tile]
        if pid == picture.value:
            layers.append(picked_tick(44))
        speaker = reader.speaker(words, f"say-own-{pid}") if reader else None
        if speaker is not None:
            layers.append(ft.Container(right=2, top=2, content=speaker))
        if len(layers) == 1:
            return tile
        return ft.Stack(layers, width=CHOICE_WIDTH, height=CHOICE_HEIGHT)

    question = _("Välj en bild")
    heading = ft.Text(
        question,
        key="own-question",
        size=26,
        weight=ft.FontWeight.BOLD,
        color=theme.INK,
    )
    question_speaker = reader.speaker(question, "say-own-question") if reader else None
    top = ft.Row(
        [
            *([question_speaker] if question_speaker else []),
            ft.Container(heading, expand=True),
            big_button(
                "own-cancel", _("Avbryt"), ft.Icons.CLOSE, lambda: on_done(None)
            ),
            big_button(
                "own-add",
                _("Lägg till"),
                ft.Icons.ADD,
                submit if picture.value is not None else None,
                primary=True,
            ),
        ],
        spacing=12,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    tabs = ft.Row(
        [
            shelf_tab(
                s, _(catalog.SHELF_TITLES[s]), s == shelf, lambda s=s: open_shelf(s)
            )
            for s in Shelf
        ],
        wrap=True,
        spacing=8,
        run_spacing=8,
        alignment=ft.MainAxisAlignment.CENTER,
    )
    previous = page_button(
        "own-page-previous",
        _("Förra bilderna"),
        ft.Icons.ARROW_BACK_ROUNDED,
        (lambda: set_page(lambda p: max(p - 1, 0))) if page > 0 else None,
    )
    following = page_button(
        "own-page-next",
        _("Fler bilder"),
        ft.Icons.ARROW_FORWARD_ROUNDED,
        (lambda: set_page(lambda p: min(p + 1, pages - 1)))
        if page + 1 < pages
        else None,
    )
    choices = ft.Row(
        [choice(pid) for pid in catalog.shelf_page(shelf, page)],
        key=f"own-shelf-{shelf.value}-{page}",
        wrap=True,
        spacing=12,
        run_spacing=12,
        alignment=ft.MainAxisAlignment.CENTER,
        expand=True,
    )
    field = ft.TextField(
        key="own-label",
        label=_("Ett ord till bilden (om du vill)"),
        value=label.value,
        max_length=40,
        error=error or None,
        text_size=20,
        on_change=lambda e: (label.set(e.control.value), set_error("")),
        on_submit=submit,
    )
    return ft.Column(
        [
            top,
            tabs,
            ft.Row(
                [previous, choices, following],
                spacing=10,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            page_dots(pages, page),
            field,
        ],
        key="own-form",
        spacing=14,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )


def over(base: ft.Control, layer: ft.Control | None) -> ft.Control:
    """``base`` with ``layer`` (a form) drawn over it, or ``base`` alone.

    The base stays in the same place of the tree either way, so its scroll
    position survives the form: a new own item then appears where the child
    was, not at the top of a list the child must scroll through again. While
    covered it is disabled, so a screen reader's double tap cannot reach a
    control hidden under the form. (A ``Semantics`` wrapper to exclude it
    would merge every text of the step into one node while not covered.)
    """
    covered = layer is not None
    layers: list[ft.Control] = [
        ft.Container(
            key="own-base",
            left=0,
            top=0,
            right=0,
            bottom=0,
            disabled=covered,
            content=base,
        )
    ]
    if covered:
        layers.append(
            ft.Container(
                key="own-cover",
                left=0,
                top=0,
                right=0,
                bottom=0,
                bgcolor=theme.SCREEN_BG,
                content=layer,
            )
        )
    return ft.Stack(layers, expand=True)


__all__ = ["OwnItemForm", "over"]
