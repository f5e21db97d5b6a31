"""*Något annat?*: the form where a child adds an own item, a word and a picture.

The grid and the day both offer it. What differs between them is passed in:
which store verb adds the item, what happens after, and the look (the day
keeps its buttons beside the field and ticks the picked picture).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import flet as ft

from app.domain import catalog
from app.domain.models import ValidationError
from app.ui.components.child_frame import big_button
from app.ui.components.pictogram_tile import pictogram_tile
from app.ui.context import use_translator
from app.ui.messages import validation_message


@ft.component
def OwnItemForm(
    add: Callable[[str, str], str],
    on_done: Callable[[str | None], None],
    *,
    pictograms: Sequence[str] = catalog.OWN_ITEM_PICTOGRAMS,
    choice_height: int = 140,
    text_size: int = 20,
    hint_size: int = 18,
    buttons_beside_field: bool = False,
    picked_mark: Callable[[], ft.Control] | None = None,
) -> ft.Control:
    """Type a word (or let the adult type it) and pick a picture.

    Args:
        add: the store verb, called with (label, pictogram); returns the new
            item's id and raises ValidationError for a word it refuses (the
            form then shows why and stays open).
        on_done: called with the new id after *Lägg till*, None after *Avbryt*.
        pictograms: the pictures offered; the first is picked at the start.
        choice_height: height of each picture to choose from (120 wide).
        text_size, hint_size: the field's text and the *Välj en bild* line.
        buttons_beside_field: *Avbryt* / *Lägg till* next to the field, so they
            stay in sight above the pictures; else in a row under the pictures.
        picked_mark: an overlay drawn on the picked picture, if any.
    """
    _ = use_translator()
    label, set_label = ft.use_state("")
    picture, set_picture = ft.use_state(pictograms[0])
    error, set_error = ft.use_state("")

    def submit(_e=None) -> None:
        try:
            item_id = add(label, picture)
        except ValidationError as exc:
            set_error(validation_message(_, exc))
            return
        on_done(item_id)

    def choice(pid: str) -> ft.Control:
        tile = pictogram_tile(
            key=f"own-pic-{pid}",
            pictogram=pid,
            label=_(catalog.ALL_ITEMS[pid].label),
            selected=pid == picture,
            on_tap=lambda: set_picture(pid),
            width=120,
            height=choice_height,
        )
        if picked_mark is None:
            return tile
        return ft.Stack(
            [tile, *([picked_mark()] if pid == picture else [])],
            width=120,
            height=choice_height,
        )

    field = ft.TextField(
        key="own-label",
        label=_("Vad heter det?"),
        value=label,
        max_length=40,
        autofocus=True,
        error=error or None,
        text_size=text_size,
        on_change=lambda e: (set_label(e.control.value), set_error("")),
        on_submit=submit,
    )
    cancel = big_button(
        "own-cancel", _("Avbryt"), ft.Icons.CLOSE, lambda: on_done(None)
    )
    add_button = big_button(
        "own-add", _("Lägg till"), ft.Icons.ADD, submit, primary=True
    )
    heading = ft.Text(_("Något annat?"), size=24, weight=ft.FontWeight.BOLD)
    hint = ft.Text(_("Välj en bild"), size=hint_size)
    choices = ft.Row(
        [choice(pid) for pid in pictograms], wrap=True, spacing=8, run_spacing=8
    )
    if buttons_beside_field:
        controls = [
            heading,
            ft.Row(
                [ft.Container(expand=True, content=field), cancel, add_button],
                spacing=12,
                vertical_alignment=ft.CrossAxisAlignment.START,
            ),
            hint,
            choices,
        ]
    else:
        controls = [
            heading,
            field,
            hint,
            choices,
            ft.Row([cancel, add_button], spacing=16),
        ]
    return ft.Column(
        controls,
        spacing=12,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )
