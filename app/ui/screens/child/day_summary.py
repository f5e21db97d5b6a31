"""*Din vanliga dag*: the day read back in pictures, with *Ändra* on every part.

The timeline comes first (times and pictures, left to right like reading),
then each column's answers under the column's picture. Each part has its own
*Ändra*, which opens that very step; *Nästa* there leads back through the
later steps to this summary, so nothing is lost on the way.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.catalog import Column, PromptKind
from app.domain.follow_up import unconfirmed_day
from app.domain.models import DayAnswers, Feeling
from app.i18n import N_, Translator
from app.ui import theme
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.day_progress import COLUMN_PICTOGRAMS, progress_row
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_CHILD_HOME, go, step_route
from app.ui.state import SessionStore, remember_position

SUMMARY_HEADINGS: dict[str, str] = {
    "activities.day": N_("Din vanliga dag"),
    "activities.more": N_("Det här vill du göra längre stunder eller oftare"),
    "activities.new": N_("Det här gör du inte idag men vill göra"),
    "activities.help": N_("Det här skulle hjälpa dig att göra det du vill"),
    "places.day": N_("Här är du på dagarna"),
    "places.more": N_("Här vill du vara längre stunder eller oftare"),
    "places.new": N_("Här är du inte idag men vill vara"),
    "places.help": N_("Det här skulle hjälpa dig att vara där du vill"),
    "persons.day": N_("De här är du med på dagarna"),
    "persons.more": N_("De här vill du träffa oftare"),
    "persons.less": N_("De här vill du träffa mindre ofta"),
    "persons.help": N_("Det här skulle hjälpa dig att träffa dem du vill"),
}
"""What each prompt's answer says, spoken to the child, for the summary."""


@ft.component
def DaySummaryScreen() -> ft.Control:
    """Route adapter: the day's summary for the session open on this device."""
    store = use_session_store()
    return DaySummary(store)


def picture_card(
    pictogram: str,
    label: str,
    time_text: str = "",
    feeling: tuple[str, Feeling, str] | None = None,
) -> ft.Control:
    """A picture with its words (and a time above it on the timeline); with
    ``feeling`` (the item's id, how it feels and that word) its face in the
    corner, read out after the words."""
    card = _card(pictogram, label, time_text)
    if feeling is None:
        return card
    item_id, felt, word = feeling
    said = f"{time_text} {label}, {word}" if time_text else f"{label}, {word}"
    return ft.Semantics(
        label=said,
        container=True,
        exclude_semantics=True,
        content=_with_face(card, item_id, felt, time_text),
    )


def _with_face(card: ft.Control, item_id: str, felt: Feeling, time_text: str):
    return ft.Stack(
        [
            card,
            ft.Container(
                right=0,
                top=0 if not time_text else 26,
                bgcolor=theme.TILE_BG,
                border_radius=24,
                padding=2,
                content=ft.Image(
                    src=theme.pictogram_src(catalog.FEELINGS[felt].pictogram),
                    key=f"summary-feeling-{item_id}",
                    width=44,
                    height=44,
                    exclude_from_semantics=True,
                ),
            ),
        ],
        width=118,
    )


def _card(pictogram: str, label: str, time_text: str = "") -> ft.Control:
    parts: list[ft.Control] = []
    if time_text:
        parts.append(
            ft.Text(time_text, size=22, weight=ft.FontWeight.BOLD, color=theme.INK)
        )
    parts += [
        ft.Image(
            src=theme.pictogram_src(pictogram),
            width=72,
            height=72,
            exclude_from_semantics=True,
        ),
        ft.Text(
            label,
            size=15,
            weight=ft.FontWeight.W_600,
            color=theme.INK,
            text_align=ft.TextAlign.CENTER,
            max_lines=2,
            overflow=ft.TextOverflow.ELLIPSIS,
        ),
    ]
    return ft.Container(
        width=118,
        padding=ft.Padding.symmetric(vertical=6, horizontal=4),
        bgcolor=theme.TILE_BG,
        border_radius=14,
        content=ft.Column(
            parts,
            spacing=2,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def _answer_pictures(_: Translator, day: DayAnswers, prompt_id: str) -> ft.Control:
    status = day_rules.status(day, prompt_id)
    if status in catalog.DECLINES:
        return ft.Row(
            [
                picture_card(
                    catalog.DECLINES[status].pictogram,
                    _(catalog.DECLINES[status].label),
                )
            ]
        )
    cards: list[ft.Control] = []

    def felt(item_id: str) -> tuple[str, Feeling, str] | None:
        # Faces only where they were asked: what the child does, where, with whom.
        feeling = day_rules.feeling_of(day, item_id)
        if feeling is None or prompt_id not in catalog.FEELING_PROMPTS:
            return None
        return item_id, feeling, _(catalog.FEELINGS[feeling].label)

    if day_rules.prompt(prompt_id).kind == PromptKind.TIMELINE:
        for entry in day.timeline:
            view = day_rules.entry_view(day, entry)
            label = view.label if view.typed else _(view.label)
            cards.append(
                picture_card(
                    view.pictogram,
                    label,
                    _.clock(entry.minutes) + ("" if entry.has_childs_time else "?"),
                    felt(view.id),
                )
            )
    else:
        for item_id in day_rules.picks(day, prompt_id):
            view = day_rules.item_view(day, item_id)
            label = view.label if view.typed else _(view.label)
            cards.append(picture_card(view.pictogram, label, "", felt(item_id)))
    if not cards:
        return ft.Text("—", size=22, color=theme.MUTED_INK)
    return ft.Row(cards, wrap=True, spacing=8, run_spacing=8)


def answer_band(_: Translator, day: DayAnswers, prompt_id: str) -> ft.Control:
    """One prompt's answer in pictures, with its own *Ändra*."""
    return ft.Container(
        key=f"summary-{prompt_id}",
        bgcolor="#EAF1F8",
        border_radius=16,
        padding=12,
        content=ft.Row(
            [
                ft.Column(
                    [
                        ft.Text(
                            _(SUMMARY_HEADINGS[prompt_id]),
                            size=20,
                            weight=ft.FontWeight.BOLD,
                            color=theme.INK,
                        ),
                        _answer_pictures(_, day, prompt_id),
                    ],
                    spacing=8,
                    expand=True,
                ),
                big_button(
                    f"summary-edit-{prompt_id}",
                    _("Ändra"),
                    ft.Icons.EDIT,
                    lambda: go(step_route(prompt_id)),
                ),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    )


def column_section(_: Translator, day: DayAnswers, column: Column) -> ft.Control:
    """A column's picture and title, then its prompts' answers."""
    return ft.Column(
        [
            ft.Row(
                [
                    ft.Image(
                        src=theme.pictogram_src(COLUMN_PICTOGRAMS[column]),
                        width=48,
                        height=48,
                        exclude_from_semantics=True,
                    ),
                    ft.Text(
                        _(catalog.COLUMN_TITLES[column]),
                        size=24,
                        weight=ft.FontWeight.BOLD,
                        color=theme.INK,
                    ),
                ],
                spacing=10,
            ),
            *(
                answer_band(_, day, p.id)
                for p in catalog.DAY_PROMPTS
                if p.column == column
            ),
        ],
        spacing=8,
    )


@ft.component
def DaySummary(store: SessionStore) -> ft.Control:
    """The timeline, then places, persons and wishes, each with *Ändra*."""
    _ = use_translator()
    ft.use_effect(
        remember_position(store, day_rules.position_of(day_rules.SUMMARY)), []
    )
    day = store.day
    return ChildFrame(
        title=_(catalog.DAY_TITLE),
        subtitle=store.child.display_name,
        on_back=lambda: go(step_route(day_rules.STEPS[-1])),
        actions=[
            big_button(
                "day-confirm-last",
                _("Resten stämmer"),
                ft.Icons.DONE_ALL,
                store.confirm_last_day,
            )
            if unconfirmed_day(store.session)
            else ft.Container(),
            big_button(
                "day-finish",
                _("Färdig"),
                ft.Icons.CHECK,
                lambda: go(ROUTE_CHILD_HOME),
                primary=True,
            ),
        ],
        content=ft.Column(
            [
                progress_row(day, day_rules.SUMMARY),
                ft.Column(
                    [column_section(_, day, column) for column in Column],
                    spacing=18,
                    scroll=ft.ScrollMode.AUTO,
                    expand=True,
                ),
            ],
            spacing=12,
            expand=True,
        ),
    )
