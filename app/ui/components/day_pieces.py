"""*En vanlig dag*'s pieces, and its pick step (pictures chosen for a prompt).

What every step of the day shows besides the timeline: the question with
*Vet inte* / *Vill inte svara* (``question_row``, ``decline_chip``), the
picture tiles (``item_tile``, ``something_else_tile``) and the pick step
(``pick_body``: a wish offers first what the child chose earlier).

Over 300 lines since the help questions, the Bara för mig lock and the speakers
met here: they are one step's pieces and change together; the timeline and the
progress bar, which change apart, are their own modules.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.catalog import PromptKind
from app.domain.models import AnswerStatus, Feeling, day_answer_key
from app.i18n import Translator
from app.ui import theme
from app.ui.components.feeling import feeling_button
from app.ui.components.named import named
from app.ui.components.pictogram_tile import picked_tick, pictogram_tile
from app.ui.components.sharing_parts import lock_toggle
from app.ui.components.speaker import Reader, with_speaker
from app.ui.components.tap_target import picture_chip
from app.ui.context import use_translator
from app.ui.state import SessionStore

PICK_TILE_HEIGHT = 156
"""Tiles here carry no colour badges, so they can be shorter than the grid's."""

NARROW = 1000
"""Below this content width (a tablet held upright) panels stack."""

FEELING_SLOT = 56  # room under each tile of a step whose pictures take a feeling

PANEL_BG = "#FFFFFF"
SOFT_LINE = "#D0D4DA"


# --- pieces --------------------------------------------------------------------


def decline_chip(
    how: AnswerStatus, label: str, selected: bool, on_tap: Callable[[], None]
) -> ft.Control:
    """*Vet inte* / *Vill inte svara*: a picture and words; picked ones are filled."""
    return picture_chip(
        f"decline-{how.value}",
        label,
        on_tap,
        selected=selected,
        pictogram=catalog.DECLINES[how].pictogram,
    )


def _spoken(control: ft.Control, speaker: ft.Control | None) -> ft.Control:
    """``control`` with its speaker beside it (if it has one)."""
    if speaker is None:
        return control
    return ft.Row(
        [control, speaker],
        spacing=4,
        tight=True,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


def question_row(
    _: Translator,
    store: SessionStore,
    step: str,
    narrow: bool,
    reader: Reader | None = None,
) -> ft.Control:
    """The booklet's question and the two ways to decline, always in one place."""
    current = store.day.answer(step).status

    def speaker(text: str, key: str) -> ft.Control | None:
        return reader.speaker(text, key) if reader else None

    chips = [
        _spoken(
            decline_chip(
                how,
                _(catalog.DECLINES[how].label),
                current == how,
                lambda how=how: store.decline_day_prompt(step, how),
            ),
            speaker(_(catalog.DECLINES[how].label), f"say-decline-{how.value}"),
        )
        for how in catalog.DECLINES
    ]
    text = _(day_rules.prompt(step).text)
    # *Bara för mig* on the spot, always in the same place beside the two
    # ways to decline (why a lock: components/sharing_parts.py).
    key = day_answer_key(step)
    chips.append(
        lock_toggle(
            _,
            f"lock-{key}",
            key in store.session.private,
            lambda: store.toggle_private(key, day_rules.position_of(step)),
            text,
            size=theme.CHILD_TARGET + 8,
        )
    )
    question_text = ft.Text(
        text,
        key="day-question",
        size=24 if not narrow else 22,
        weight=ft.FontWeight.W_600,
        color=theme.INK,
    )
    question_speaker = speaker(text, "say-question")
    question: ft.Control = (
        ft.Row(
            [question_speaker, ft.Container(question_text, expand=True)],
            spacing=8,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        )
        if question_speaker
        else question_text
    )
    if narrow:
        return ft.Column(
            [question, ft.Row(chips, spacing=12, wrap=True)],
            spacing=8,
        )
    return ft.Row(
        [ft.Container(question, expand=True), *chips],
        spacing=12,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )


def labelled(_: Translator, view: day_rules.ItemView) -> str:
    return view.label if view.typed else _(view.label)


def item_tile(
    _: Translator,
    store: SessionStore,
    item_id: str,
    selected: bool,
    on_tap: Callable[[], None],
    reader: Reader | None = None,
    step: str = day_rules.TIMELINE_PROMPT,
    on_feel: Callable[[str], None] | None = None,
) -> ft.Control:
    """A picture to pick: a tick when picked; own ones carry a *Ta bort* cross;
    built-in ones a speaker (own words have no clip). With ``on_feel`` (a
    step whose pictures take a feeling) a picked tile has *Hur känns det?*
    under it, in a slot every tile keeps, so no tile moves when one is picked."""
    if on_feel is not None:
        view = day_rules.item_view(store.day, item_id)
        slot: ft.Control = (
            feeling_button(
                _,
                item_id,
                labelled(_, view),
                day_rules.feeling_of(store.day, item_id),
                lambda: on_feel(item_id),
            )
            if selected
            else ft.Container(height=FEELING_SLOT)
        )
        return ft.Column(
            [item_tile(_, store, item_id, selected, on_tap, reader, step), slot],
            spacing=6,
            tight=True,
            width=theme.TILE_WIDTH,
        )
    view = day_rules.item_view(store.day, item_id)
    return _tile(
        item_id,
        labelled(_, view),
        view.pictogram,
        view.own,
        selected,
        on_tap,
        lambda: store.remove_day_custom_item(item_id, step),
        _("Ta bort"),
        reader,
    )


def _tile(
    item_id: str,
    label: str,
    pictogram: str,
    own: bool,
    selected: bool,
    on_tap: Callable[[], None],
    on_remove: Callable[[], None],
    remove_label: str,
    reader: Reader | None,
) -> ft.Control:
    tile = pictogram_tile(
        key=f"pick-{item_id}",
        pictogram=pictogram,
        label=label,
        selected=selected,
        on_tap=on_tap,
        height=PICK_TILE_HEIGHT,
    )
    overlays: list[ft.Control] = [picked_tick()] if selected else []
    speaker = reader.speaker(label, f"say-{item_id}") if reader else None
    if speaker is not None:
        overlays.append(ft.Container(right=2, top=2, content=speaker))
    if own:
        overlays.append(
            ft.Container(
                right=0,
                top=0,
                content=named(
                    ft.IconButton(
                        ft.Icons.CLOSE,
                        key=f"remove-{item_id}",
                        tooltip=remove_label,
                        icon_size=24,
                        on_click=lambda _e: on_remove(),
                    )
                ),
            )
        )
    if not overlays:
        return tile
    return ft.Stack([tile, *overlays], width=theme.TILE_WIDTH, height=PICK_TILE_HEIGHT)


@ft.component
def _PickTile(
    item_id: str,
    label: str,
    pictogram: str,
    own: bool,
    selected: bool,
    pick: Callable[[str], None],
    remove: Callable[[str], None],
    remove_label: str,
    reader: Reader | None = None,
    feeling: Feeling | None = None,
    on_feel: Callable[[str], None] | None = None,
) -> ft.Control:
    tile = _tile(
        item_id,
        label,
        pictogram,
        own,
        selected,
        lambda: pick(item_id),
        lambda: remove(item_id),
        remove_label,
        reader,
    )
    if on_feel is None:
        return tile
    _ = use_translator()
    slot: ft.Control = (
        feeling_button(_, item_id, label, feeling, lambda: on_feel(item_id))
        if selected
        else ft.Container(height=FEELING_SLOT)
    )
    return ft.Column([tile, slot], spacing=6, tight=True, width=theme.TILE_WIDTH)


PickTile = ft.memo(_PickTile)
"""A picture of a pick step that re-renders only when its own props change.

``pick``, ``remove`` and ``on_feel`` act on the step on screen (the caller
keeps them the same callables from step to step), so on *Nästa* every picture
the next question shows as well, unpicked on both, is neither rebuilt, diffed
nor sent again; only what differs is (docs/benchmarks.md, tap → next screen).
With ``on_feel`` (a step whose pictures take a feeling) a picked picture has
*Hur känns det?* under it, in a slot every picture keeps, so none moves; a tap
there, or a new own picture, rebuilds that picture alone.
"""


def something_else_tile(
    _: Translator, on_tap: Callable[[], None], reader: Reader | None = None
) -> ft.Control:
    """*Något annat?*: opens the form for the child's own picture."""
    label = _(catalog.SOMETHING_ELSE.label)
    return with_speaker(
        pictogram_tile(
            key="pick-something_else",
            pictogram=catalog.SOMETHING_ELSE.pictogram,
            label=label,
            on_tap=on_tap,
            height=PICK_TILE_HEIGHT,
        ),
        reader.speaker(label, "say-something_else") if reader else None,
        theme.TILE_WIDTH,
        PICK_TILE_HEIGHT,
    )


def tiles_row(tiles: list[ft.Control]) -> ft.Control:
    """Tiles wrapping in rows, centred, their tops in line (a tile with a
    feeling slot under it is taller than *Något annat?*)."""
    return ft.Row(
        tiles,
        wrap=True,
        spacing=10,
        run_spacing=10,
        alignment=ft.MainAxisAlignment.CENTER,
        vertical_alignment=ft.CrossAxisAlignment.START,
    )


def band_heading(text: str) -> ft.Control:
    """A quiet heading over a group of pictures."""
    return ft.Text(text, size=20, weight=ft.FontWeight.BOLD, color=theme.MUTED_INK)


# --- wish and help steps-----------------------------------------------------------


HELP_PER_ROW = 4
"""Kinds of help per row: the eight in two even rows."""


def pick_ids(store: SessionStore, step: str) -> tuple[str, ...]:
    """The pictures of a pick step in screen order (none on the timeline)."""
    if day_rules.prompt(step).kind == PromptKind.TIMELINE:
        return ()
    opts = day_rules.options(store.day, step)
    return opts.first + opts.rest


def pick_body(
    _: Translator,
    store: SessionStore,
    step: str,
    on_something_else: Callable[[], None],
    reader: Reader | None = None,
    *,
    pick: Callable[[str], None] | None = None,
    remove: Callable[[str], None] | None = None,
    scroller: ft.Ref[ft.Column] | None = None,
    on_feel: Callable[[str], None] | None = None,
    build: int | None = None,
) -> ft.Control:
    """Pictures to pick: the child's earlier choices first, then all others.

    ``pick`` / ``remove`` (item id → toggle it / remove the own item, on the
    step on screen) should be the same callables on every step, so the
    pictures two steps share are kept (``PickTile``); ``scroller`` is given the
    scrolling column. With ``on_feel`` (the same callable on every step too),
    a picked picture can be given a feeling (those tiles carry a feeling slot).
    ``build``: how many of its ``pick_ids`` to build now (the rest, *Något annat?*
    last of all, come with a later render: ``components/screenful.py``).
    """
    chosen = set(day_rules.picks(store.day, step))
    opts = day_rules.options(store.day, step)
    if build is not None and build < len(opts.first) + len(opts.rest):
        opts = day_rules.Options(
            first=opts.first[:build],
            rest=opts.rest[: max(0, build - len(opts.first))],
        )
        held_back = True
    else:
        held_back = False
    if pick is None:
        pick = functools.partial(store.toggle_day_pick, step)
    if remove is None:

        def remove(item_id: str) -> None:
            store.remove_day_custom_item(item_id, step)

    remove_label = _("Ta bort")

    def tiles(ids: tuple[str, ...]) -> list[ft.Control]:
        out = []
        for i in ids:
            view = day_rules.item_view(store.day, i)
            out.append(
                PickTile(
                    i,
                    labelled(_, view),
                    view.pictogram,
                    view.own,
                    i in chosen,
                    pick,
                    remove,
                    remove_label,
                    reader,
                    day_rules.feeling_of(store.day, i) if on_feel else None,
                    on_feel,
                    key=f"pick-tile-{i}",
                )
            )
        return out

    parts: list[ft.Control] = []
    if opts.first:
        parts += [
            band_heading(_("Det här valde du förut")),
            ft.Container(
                key="offered-first",
                bgcolor="#EAF1F8",
                border_radius=18,
                padding=10,
                content=tiles_row(tiles(opts.first)),
            ),
            band_heading(_("Fler bilder")),
        ]
    rest = tiles(opts.rest)
    if day_rules.prompt(step).kind == PromptKind.HELP:
        # Kinds of help are a short fixed set (the child's own words for help
        # go to the counsellor, not into a picture of another column), laid
        # out four by four so no picture is left alone on a row.
        row: ft.Control = ft.Row(
            [
                ft.Container(
                    width=HELP_PER_ROW * (theme.TILE_WIDTH + 10),
                    content=tiles_row(rest),
                )
            ],
            alignment=ft.MainAxisAlignment.CENTER,
        )
    else:
        if not held_back:
            rest.append(something_else_tile(_, on_something_else, reader))
        row = tiles_row(rest)
    parts.append(ft.Container(key="offered-rest", content=row))
    return ft.Column(
        parts,
        ref=scroller,
        spacing=10,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )
