"""*En vanlig dag*: twelve short screens, one prompt each, in the booklet's order.

Every step looks the same: *Tillbaka* top left, *Ångra* and *Nästa* top right,
a row of dots under them (grouped by column, each group with its picture, the
current dot big) so the child sees how far they are without numbers, then the
question with *Vet inte* and *Vill inte svara* always in the same place.

The first step is the day's timeline: the child taps an activity, it lands at
its usual time and the clock opens on it, so mostly the child only confirms.
The other steps are picture picks; a wish offers first what the child chose
earlier (``offers_first_from``) and leaves out what they already do
(``excludes_from``).

Places and persons are *not* tied to a part of the day. The booklet asks only
"var du är" and "vem du brukar vara tillsammans med"; a second question per
picture (morning? school? evening?) would double the taps and ask a child to
think in a table, which is exactly what tires the children this is for. The
timeline already shows when things happen, and the counsellor can ask "when
are you with grandma?" while looking at the summary together.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.catalog import PromptKind
from app.domain.models import AnswerStatus, DayAnswers, DayEntry
from app.i18n import Translator
from app.ui import theme
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.clock import clock_face, part_of_day_badge, time_stepper
from app.ui.components.day_progress import progress_row
from app.ui.components.own_item import OwnItemForm
from app.ui.components.pictogram_tile import pictogram_tile
from app.ui.components.tap_target import tap_target
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_CHILD_HOME, go, step_route
from app.ui.state import SessionStore, day_scope

PICK_TILE_HEIGHT = 156
"""Tiles here carry no colour badges, so they can be shorter than the grid's."""

NARROW = 1000
"""Below this content width (a tablet held upright) panels stack."""

PANEL_BG = "#FFFFFF"
SOFT_LINE = "#D0D4DA"


# --- route adapters ------------------------------------------------------------


@ft.component
def DayScreen() -> ft.Control:
    """Route adapter for ``/barn/dag``: send the child to the step they were on."""
    store = use_session_store()
    return DayResume(store)


@ft.component
def DayResume(store: SessionStore) -> ft.Control:
    """Navigate to the stored step once; nothing to see in between."""
    step = day_rules.resume_step(store.session.position)
    ft.use_effect(lambda: go(step_route(step)), [])
    return ft.Container(expand=True)


@ft.component
def DayStepScreen() -> ft.Control:
    """Route adapter for ``/barn/dag/:step``: one prompt of the day."""
    store = use_session_store()
    params = ft.use_route_params()
    step = params.get("step", "")
    if step not in day_rules.STEPS:
        step = day_rules.STEPS[0]
    # A key per step: a new step starts with fresh view state (no open editor).
    return DayStepView(store, step, key=step)


# --- pieces --------------------------------------------------------------------


def decline_chip(
    how: AnswerStatus, label: str, selected: bool, on_tap: Callable[[], None]
) -> ft.Control:
    """*Vet inte* / *Vill inte svara*: a picture and words; picked ones are filled."""
    return tap_target(
        f"decline-{how.value}",
        label,
        on_tap,
        selected=selected,
        height=theme.CHILD_TARGET + 8,
        padding=ft.Padding.only(left=6, right=16, top=4, bottom=4),
        bgcolor=theme.ACCENT if selected else theme.TILE_BG,
        border=ft.Border.all(3, theme.ACCENT),
        border_radius=40,
        content=ft.Row(
            [
                ft.Container(
                    bgcolor=theme.TILE_BG,
                    border_radius=30,
                    padding=3,
                    content=ft.Image(
                        src=theme.pictogram_src(catalog.DECLINES[how].pictogram),
                        width=56,
                        height=56,
                        exclude_from_semantics=True,
                    ),
                ),
                ft.Text(
                    label,
                    size=18,
                    weight=ft.FontWeight.BOLD,
                    color=theme.TILE_BG if selected else theme.INK,
                ),
            ],
            spacing=8,
            tight=True,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def question_row(
    _: Translator, store: SessionStore, step: str, narrow: bool
) -> ft.Control:
    """The booklet's question and the two ways to decline, always in one place."""
    current = store.day.answer(step).status
    chips = [
        decline_chip(
            how,
            _(catalog.DECLINES[how].label),
            current == how,
            lambda how=how: store.decline_day_prompt(step, how),
        )
        for how in catalog.DECLINES
    ]
    question = ft.Text(
        _(day_rules.prompt(step).text),
        key="day-question",
        size=24 if not narrow else 22,
        weight=ft.FontWeight.W_600,
        color=theme.INK,
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


def _labelled(_: Translator, view: day_rules.ItemView) -> str:
    return view.label if view.own else _(view.label)


def tick() -> ft.Control:
    """A tick in the top left corner of a picked tile (taps pass through it).

    Picked must not rest on one thin ring alone.
    """
    return ft.Container(
        left=6,
        top=6,
        width=38,
        height=38,
        border_radius=19,
        bgcolor=theme.ACCENT,
        alignment=ft.Alignment.CENTER,
        ignore_interactions=True,
        content=ft.Icon(ft.Icons.CHECK, size=28, color=theme.TILE_BG),
    )


def item_tile(
    _: Translator,
    store: SessionStore,
    item_id: str,
    selected: bool,
    on_tap: Callable[[], None],
    step: str = day_rules.TIMELINE_PROMPT,
) -> ft.Control:
    """A picture to pick: a tick when picked; own ones carry a *Ta bort* cross."""
    view = day_rules.item_view(store.day, item_id)
    tile = pictogram_tile(
        key=f"pick-{item_id}",
        pictogram=view.pictogram,
        label=_labelled(_, view),
        selected=selected,
        on_tap=on_tap,
        height=PICK_TILE_HEIGHT,
    )
    overlays: list[ft.Control] = [tick()] if selected else []
    if view.own:
        overlays.append(
            ft.Container(
                right=0,
                top=0,
                content=ft.IconButton(
                    ft.Icons.CLOSE,
                    key=f"remove-{item_id}",
                    tooltip=_("Ta bort"),
                    icon_size=24,
                    on_click=lambda _e: store.remove_day_custom_item(item_id, step),
                ),
            )
        )
    if not overlays:
        return tile
    return ft.Stack([tile, *overlays], width=theme.TILE_WIDTH, height=PICK_TILE_HEIGHT)


def something_else_tile(_: Translator, on_tap: Callable[[], None]) -> ft.Control:
    """*Något annat?*: opens the form for the child's own picture."""
    return pictogram_tile(
        key="pick-something_else",
        pictogram=catalog.SOMETHING_ELSE.pictogram,
        label=_(catalog.SOMETHING_ELSE.label),
        on_tap=on_tap,
        height=PICK_TILE_HEIGHT,
    )


def tiles_row(tiles: list[ft.Control]) -> ft.Control:
    """Tiles wrapping in rows, centred."""
    return ft.Row(
        tiles,
        wrap=True,
        spacing=10,
        run_spacing=10,
        alignment=ft.MainAxisAlignment.CENTER,
    )


def band_heading(text: str) -> ft.Control:
    """A quiet heading over a group of pictures."""
    return ft.Text(text, size=20, weight=ft.FontWeight.BOLD, color=theme.MUTED_INK)


# --- the timeline --------------------------------------------------------------


SUGGESTED_OPACITY = 0.45
"""How a suggested time looks until the child confirms it: set, but dimmed."""


def entry_row(
    _: Translator,
    day: DayAnswers,
    entry: DayEntry,
    selected: bool,
    on_tap: Callable[[], None],
) -> ft.Control:
    """One line of the day: time, picture, words; tap it to change or remove it."""
    view = day_rules.entry_view(day, entry)
    label = _labelled(_, view)
    suggested = not entry.has_childs_time
    time_text = _.clock(entry.minutes) + ("?" if suggested else "")
    return tap_target(
        f"entry-{entry.id}",
        f"{time_text} {label}",
        on_tap,
        selected=selected,
        height=theme.CHILD_TARGET + 8,
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(
            4 if selected else 2, theme.ACCENT if selected else SOFT_LINE
        ),
        border_radius=16,
        padding=ft.Padding.symmetric(horizontal=12, vertical=4),
        content=ft.Row(
            [
                ft.Text(
                    time_text,
                    key=f"entry-time-{entry.id}",
                    size=26,
                    weight=ft.FontWeight.BOLD,
                    # A suggested time is dimmed until the child confirms it.
                    color=theme.MUTED_INK if suggested else theme.INK,
                    opacity=SUGGESTED_OPACITY if suggested else 1.0,
                    width=84,
                ),
                ft.Image(
                    src=theme.pictogram_src(view.pictogram),
                    width=60,
                    height=60,
                    exclude_from_semantics=True,
                ),
                ft.Text(
                    label,
                    size=20,
                    weight=ft.FontWeight.W_600,
                    color=theme.INK,
                    expand=True,
                    max_lines=2,
                    overflow=ft.TextOverflow.ELLIPSIS,
                ),
                ft.Icon(ft.Icons.EDIT, size=26, color=theme.MUTED_INK)
                if not selected
                else ft.Icon(ft.Icons.ARROW_FORWARD, size=30, color=theme.ACCENT),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def timeline_panel(
    _: Translator,
    store: SessionStore,
    editing: str | None,
    on_select: Callable[[str], None],
) -> ft.Control:
    """*Din dag*: the entries in the order of the day."""
    day = store.day
    status = day.answer(day_rules.TIMELINE_PROMPT).status
    if day.timeline:
        body: ft.Control = ft.Column(
            [
                entry_row(_, day, e, e.id == editing, lambda eid=e.id: on_select(eid))
                for e in day.timeline
            ],
            spacing=8,
            scroll=ft.ScrollMode.AUTO,
            expand=True,
        )
    elif status in catalog.DECLINES:
        body = ft.Row(
            [
                ft.Image(
                    src=theme.pictogram_src(catalog.DECLINES[status].pictogram),
                    width=64,
                    height=64,
                    exclude_from_semantics=True,
                ),
                ft.Text(_(catalog.DECLINES[status].label), size=20),
            ]
        )
    else:
        body = ft.Row(
            [
                ft.Image(
                    src=theme.pictogram_src("get_up"),
                    width=56,
                    height=56,
                    exclude_from_semantics=True,
                ),
                ft.Text(
                    _("Tryck på en bild. Börja med när du går upp."),
                    size=20,
                    color=theme.MUTED_INK,
                    expand=True,
                ),
            ],
            spacing=10,
        )
    return ft.Container(
        key="timeline",
        bgcolor="#EAF1F8",
        border_radius=18,
        padding=12,
        expand=True,
        content=ft.Column(
            [
                ft.Text(
                    _("Din dag"), size=22, weight=ft.FontWeight.BOLD, color=theme.INK
                ),
                body,
            ],
            spacing=8,
            expand=True,
        ),
    )


def time_editor(
    _: Translator,
    store: SessionStore,
    entry: DayEntry,
    on_close: Callable[[], None],
    on_again: Callable[[], None],
) -> ft.Control:
    """The clock for one entry: face, digits, steps, and *Ta bort* / *Klar*."""
    view = day_rules.entry_view(store.day, entry)
    suggested = not entry.has_childs_time

    def remove() -> None:
        store.remove_day_entry(entry.id)
        on_close()

    def confirm() -> None:
        store.confirm_day_time(entry.id)
        on_close()

    ask: list[ft.Control] = []
    if suggested:
        # One tap confirms the usual time and closes the clock, as *Klar* did
        # before: a right suggestion costs the child nothing extra; a wrong one
        # is changed with the arrows (then it is the child's time).
        ask.append(
            ft.Row(
                [
                    ft.Text(
                        _("Stämmer tiden?"),
                        key="time-question",
                        size=24,
                        weight=ft.FontWeight.BOLD,
                        color=theme.INK,
                    ),
                    big_button(
                        "time-confirm",
                        _("Ja"),
                        ft.Icons.THUMB_UP,
                        confirm,
                        primary=True,
                    ),
                ],
                spacing=16,
                alignment=ft.MainAxisAlignment.CENTER,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )

    return ft.Column(
        [
            ft.Row(
                [
                    ft.Image(
                        src=theme.pictogram_src(view.pictogram),
                        width=72,
                        height=72,
                        exclude_from_semantics=True,
                    ),
                    ft.Text(
                        _labelled(_, view),
                        key="editor-label",
                        size=28,
                        weight=ft.FontWeight.BOLD,
                        color=theme.INK,
                    ),
                ],
                spacing=12,
                alignment=ft.MainAxisAlignment.CENTER,
            ),
            ft.Row(
                [
                    ft.Column(
                        [
                            clock_face(entry.minutes, 210),
                            part_of_day_badge(_, entry.minutes),
                        ],
                        key="time-face",
                        spacing=6,
                        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                        tight=True,
                        opacity=SUGGESTED_OPACITY if suggested else 1.0,
                    ),
                    time_stepper(
                        _,
                        entry.minutes,
                        lambda m: store.retime_day_entry(entry.id, m),
                        suggested=suggested,
                    ),
                ],
                spacing=24,
                alignment=ft.MainAxisAlignment.CENTER,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            *ask,
            ft.Row(
                [
                    big_button(
                        "entry-remove", _("Ta bort"), ft.Icons.DELETE_OUTLINE, remove
                    ),
                    big_button(
                        "entry-again", _("En gång till"), ft.Icons.REPLAY, on_again
                    ),
                    big_button(
                        "entry-done", _("Klar"), ft.Icons.CHECK, on_close, primary=True
                    ),
                ],
                spacing=16,
                alignment=ft.MainAxisAlignment.CENTER,
            ),
        ],
        key="time-editor",
        spacing=14,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
    )


def activity_picker(
    _: Translator,
    store: SessionStore,
    on_pick: Callable[[str], None],
    on_something_else: Callable[[], None],
) -> ft.Control:
    """Every activity as a picture; the ones already in the day are ringed."""
    used = set(day_rules.picks(store.day, day_rules.TIMELINE_PROMPT))
    tiles = [
        item_tile(_, store, i, i in used, lambda i=i: on_pick(i))
        for i in day_rules.options(store.day, day_rules.TIMELINE_PROMPT).rest
    ]
    tiles.append(something_else_tile(_, on_something_else))
    return ft.Column(
        [
            band_heading(_("Välj en bild")),
            tiles_row(tiles),
        ],
        key="activity-picker",
        spacing=8,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


UPRIGHT_TIMELINE_MAX = 340
"""Height of the timeline above the pictures on an upright tablet, at most."""


def _upright_timeline_height(day: DayAnswers) -> int:
    # Heading and padding, then one 88 px line per entry: a short day leaves
    # the room to the pictures, a long one scrolls.
    rows = max(1, len(day.timeline))
    return min(UPRIGHT_TIMELINE_MAX, 64 + 88 * rows)


def timeline_body(
    _: Translator,
    store: SessionStore,
    narrow: bool,
    editing: str | None,
    set_editing: Callable[[str | None], None],
    set_adding: Callable[[bool], None],
) -> ft.Control:
    """The timeline next to (or above) either the picker or the clock."""
    entry = day_rules.find_entry(store.day, editing)

    def pick(item_id: str) -> None:
        # A picture already in the day opens its time; a new one is added.
        existing = day_rules.latest_entry_of(store.day, item_id)
        set_editing(existing.id if existing else store.add_day_entry(item_id))

    def again() -> None:
        if entry is not None:
            item = day_rules.entry_item_id(store.day, entry)
            set_editing(store.add_day_entry(item))

    side = (
        time_editor(_, store, entry, lambda: set_editing(None), again)
        if entry is not None
        else activity_picker(_, store, pick, lambda: set_adding(True))
    )
    timeline = timeline_panel(_, store, editing if entry else None, set_editing)
    if narrow:
        return ft.Column(
            [
                ft.Container(timeline, height=_upright_timeline_height(store.day)),
                ft.Container(side, expand=True),
            ],
            spacing=12,
            expand=True,
        )
    return ft.Row(
        [
            ft.Container(timeline, width=430),
            ft.Container(side, expand=True),
        ],
        spacing=16,
        expand=True,
        vertical_alignment=ft.CrossAxisAlignment.STRETCH,
    )


# --- wish steps ----------------------------------------------------------------


def pick_body(
    _: Translator, store: SessionStore, step: str, on_something_else: Callable[[], None]
) -> ft.Control:
    """Pictures to pick: the child's earlier choices first, then all others."""
    chosen = set(day_rules.picks(store.day, step))
    opts = day_rules.options(store.day, step)

    def tiles(ids: tuple[str, ...]) -> list[ft.Control]:
        return [
            item_tile(
                _,
                store,
                i,
                i in chosen,
                lambda i=i: store.toggle_day_pick(step, i),
                step,
            )
            for i in ids
        ]

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
    rest.append(something_else_tile(_, on_something_else))
    parts.append(ft.Container(key="offered-rest", content=tiles_row(rest)))
    return ft.Column(
        parts,
        spacing=10,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
        horizontal_alignment=ft.CrossAxisAlignment.STRETCH,
    )


# --- the step screen -----------------------------------------------------------


@ft.component
def DayStepView(store: SessionStore, step: str) -> ft.Control:
    """One prompt of the day with the same frame, progress and answers as all."""
    _ = use_translator()
    page = ft.context.page
    width, set_width = ft.use_state(lambda: page.width or 1280)
    adding, set_adding = ft.use_state(False)
    editing, set_editing = ft.use_state(None)
    ft.use_effect(lambda: store.set_position(day_rules.position_of(step)), [step])

    prompt = day_rules.prompt(step)
    narrow = width < NARROW
    previous = day_rules.previous_step(step)

    def own_added(item_id: str | None) -> None:
        set_adding(False)
        if item_id and prompt.kind == PromptKind.TIMELINE:
            entry = day_rules.latest_entry_of(store.day, item_id)
            set_editing(entry.id if entry else None)

    if adding:
        body: ft.Control = OwnItemForm(
            lambda label, picture: store.add_day_custom_item(step, label, picture),
            own_added,
            choice_height=150,
            text_size=22,
            hint_size=20,
            buttons_beside_field=True,
            picked_mark=tick,
        )
    elif prompt.kind == PromptKind.TIMELINE:
        body = timeline_body(_, store, narrow, editing, set_editing, set_adding)
    else:
        body = pick_body(_, store, step, lambda: set_adding(True))

    content = ft.Column(
        [
            progress_row(store.day, step),
            question_row(_, store, step, narrow),
            body,
        ],
        spacing=12,
        expand=True,
    )
    return ChildFrame(
        title=_(catalog.COLUMN_TITLES[prompt.column]),
        subtitle=_(catalog.DAY_TITLE),
        on_back=lambda: go(step_route(previous) if previous else ROUTE_CHILD_HOME),
        actions=[
            big_button(
                "undo",
                _("Ångra"),
                ft.Icons.UNDO,
                (lambda: store.undo(day_scope(step)))
                if store.can_undo(day_scope(step))
                else None,
            ),
            big_button(
                "day-next",
                _("Nästa"),
                ft.Icons.ARROW_FORWARD,
                lambda: go(step_route(day_rules.next_step(step))),
                primary=True,
            ),
        ],
        notice=store.notice,
        on_dismiss_notice=store.dismiss_notice,
        content=ft.Container(
            content=content,
            expand=True,
            on_size_change=lambda e: set_width(e.width),
        ),
    )
