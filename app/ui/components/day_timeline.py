"""*En vanlig dag*'s first step: the timeline and its time editor.

The child taps an activity, it lands at its usual time and the clock opens
on it (``time_editor``), so mostly the child only confirms; the entries stand
in the order of the day (``timeline_panel``), side by side with the pictures
to add on a wide screen, stacked on an upright tablet (``timeline_body``).
Over 300 lines, kept whole: the rows, the time editor and the activity picker
are one editing loop whose pieces change together.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.models import DayAnswers, DayEntry
from app.i18n import Translator
from app.ui import theme
from app.ui.components.child_frame import big_button
from app.ui.components.clock import clock_face, part_of_day_badge, time_stepper
from app.ui.components.day_pieces import (
    SOFT_LINE,
    band_heading,
    item_tile,
    labelled,
    something_else_tile,
    tiles_row,
)
from app.ui.components.feeling import feeling_button
from app.ui.components.speaker import Reader
from app.ui.components.tap_target import tap_target
from app.ui.context import use_translator
from app.ui.state import SessionStore

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
    label = labelled(_, view)
    suggested = not entry.has_childs_time
    time_text = _.clock(entry.minutes) + ("?" if suggested else "")
    felt = day_rules.feeling_of(day, view.id)
    feels = f", {_(catalog.FEELINGS[felt].label)}" if felt is not None else ""
    return tap_target(
        f"entry-{entry.id}",
        f"{time_text} {label}{feels}",
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
                *(
                    [
                        ft.Image(
                            src=theme.pictogram_src(catalog.FEELINGS[felt].pictogram),
                            key=f"entry-feeling-{entry.id}",
                            width=44,
                            height=44,
                            exclude_from_semantics=True,
                        )
                    ]
                    if felt is not None
                    else []
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
    on_feel: Callable[[str], None] | None = None,
) -> ft.Control:
    """The clock for one entry: face, digits, steps, *Hur känns det?* and
    *Ta bort* / *Klar*."""
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
                        labelled(_, view),
                        key="editor-label",
                        size=28,
                        weight=ft.FontWeight.BOLD,
                        color=theme.INK,
                    ),
                    *(
                        [
                            feeling_button(
                                _,
                                view.id,
                                labelled(_, view),
                                day_rules.feeling_of(store.day, view.id),
                                lambda: on_feel(view.id),
                                width=200,
                                height=theme.CHILD_TARGET,
                            )
                        ]
                        if on_feel is not None
                        else []
                    ),
                ],
                spacing=12,
                wrap=True,
                alignment=ft.MainAxisAlignment.CENTER,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
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
                        lambda delta: store.step_day_time(entry.id, delta),
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


def group_chip(
    group: catalog.ActivityGroup, label: str, selected: bool, on_tap: Callable[[], None]
) -> ft.Control:
    """One part of the day (*Morgon*, *Skolan* …): tapping it shows its pictures."""
    return tap_target(
        f"group-{group.value}",
        label,
        on_tap,
        selected=selected,
        # No fixed height or alignment: either would stretch the chip to
        # the whole row; the padding gives a >= 56 px target.
        padding=ft.Padding.symmetric(horizontal=20, vertical=16),
        bgcolor=theme.ACCENT if selected else theme.TILE_BG,
        border=ft.Border.all(3, theme.ACCENT),
        border_radius=40,
        content=ft.Text(
            label,
            size=18,
            weight=ft.FontWeight.BOLD,
            color=theme.TILE_BG if selected else theme.INK,
        ),
    )


@ft.component
def ActivityPicker(
    store: SessionStore,
    on_pick: Callable[[str], None],
    on_something_else: Callable[[], None],
    reader: Reader | None = None,
) -> ft.Control:
    """The activities one part of the day at a time (never more than about 20
    pictures at once), opening where the child's day has got to; the child's own
    activities come first in every part; the ones already in the day are ringed."""
    _ = use_translator()
    group, set_group = ft.use_state(day_rules.opening_group(store.day))
    used = set(day_rules.picks(store.day, day_rules.TIMELINE_PROMPT))
    tiles = [
        item_tile(_, store, i, i in used, lambda i=i: on_pick(i), reader)
        for i in day_rules.group_items(store.day, group)
    ]
    tiles.append(something_else_tile(_, on_something_else, reader))
    chips = [
        group_chip(g, _(title), g == group, lambda g=g: set_group(g))
        for g, title in catalog.ACTIVITY_GROUP_TITLES.items()
    ]
    return ft.Column(
        [
            band_heading(_("Välj en bild")),
            ft.Row(chips, wrap=True, spacing=8, run_spacing=8),
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
    reader: Reader | None = None,
    on_feel: Callable[[str], None] | None = None,
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
        time_editor(_, store, entry, lambda: set_editing(None), again, on_feel)
        if entry is not None
        else ActivityPicker(store, pick, lambda: set_adding(True), reader)
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
