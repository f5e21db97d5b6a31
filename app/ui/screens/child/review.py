"""*Stämmer det här?*: the child and the counsellor go through the answers.

Each answer can be marked *Bara för mig*: it stays saved but never leaves the
app. *Det stämmer* records that the session was reviewed together, and leads
on to *Vem får veta?* (``share.py``).
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain import day as day_rules
from app.domain.models import (
    MAX_STARS,
    AnswerStatus,
    Session,
    day_answer_key,
    grid_answer_key,
)
from app.i18n import Translator
from app.ui import theme
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.feeling import with_feeling
from app.ui.components.pictogram_tile import level_badge, small_picture
from app.ui.components.tap_target import tap_target
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_CHILD_HOME, ROUTE_SHARE, go
from app.ui.state import SessionStore


@ft.component
def ReviewScreen() -> ft.Control:
    """Route adapter: review the session open on this device."""
    store = use_session_store()
    return Review(store)


def private_toggle(
    _: Translator, store: SessionStore, answer_key: str, about: str = ""
) -> ft.Control:
    """The lock a child taps to keep one answer to themself, named after it."""
    on = answer_key in store.session.private
    label = _("Bara för mig")
    return tap_target(
        f"private-{answer_key}",
        f"{label}: {about}" if about else label,
        lambda: store.toggle_private(answer_key),
        toggled=on,
        width=110,
        height=theme.CHILD_TARGET,
        border_radius=14,
        bgcolor="#3D4450" if on else theme.TILE_BG,
        border=ft.Border.all(2, "#3D4450"),
        content=ft.Column(
            [
                ft.Image(
                    src=theme.pictogram_src("private"),
                    width=30,
                    height=30,
                    opacity=1.0 if on else 0.45,
                    exclude_from_semantics=True,
                ),
                ft.Text(label, size=12, color=theme.TILE_BG if on else theme.INK),
            ],
            spacing=0,
            alignment=ft.MainAxisAlignment.CENTER,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def star_toggle(_: Translator, store: SessionStore, answer_key: str) -> ft.Control:
    """The star a child taps for one of (at most three) answers that matter most."""
    on = answer_key in store.session.starred
    full = len(store.session.starred) >= MAX_STARS and not on
    label = _("Viktigast för mig")
    return tap_target(
        f"star-{answer_key}",
        label,
        None if full else (lambda: store.toggle_star(answer_key)),
        toggled=on,
        disabled=full,
        width=110,
        height=theme.CHILD_TARGET,
        border_radius=14,
        bgcolor=STAR_GOLD if on else theme.TILE_BG,
        border=ft.Border.all(2, STAR_GOLD),
        opacity=0.4 if full else 1.0,
        content=ft.Column(
            [
                ft.Icon(
                    ft.Icons.STAR if on else ft.Icons.STAR_BORDER,
                    size=30,
                    color=theme.INK if on else STAR_GOLD,
                ),
                ft.Text(label, size=12, color=theme.INK),
            ],
            spacing=0,
            alignment=ft.MainAxisAlignment.CENTER,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


STAR_GOLD = "#E0A800"


def answer_row(
    _: Translator,
    store: SessionStore,
    answer_key: str,
    lead: ft.Control,
    pictures: list[ft.Control],
    about: str = "",
) -> ft.Control:
    """One answer: what it is about, the pictures, and the privacy lock."""
    private = answer_key in store.session.private
    return ft.Container(
        key=f"answer-{answer_key}",
        bgcolor=theme.TILE_BG,
        border_radius=14,
        padding=10,
        opacity=0.6 if private else 1.0,
        content=ft.Row(
            [
                lead,
                ft.Row(pictures, wrap=True, spacing=6, expand=True),
                star_toggle(_, store, answer_key),
                private_toggle(_, store, answer_key, about),
            ],
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def own_labels(session: Session) -> dict[str, tuple[str, str]]:
    """Own items of both exercises: id → (label, pictogram)."""
    items = (*session.grid.custom_items, *session.day.custom_items)
    return {c.id: (c.label, c.pictogram) for c in items}


def item_label(_: Translator, session: Session, item_id: str) -> str:
    """The word of a catalog item or an own item (its picture's, if no word)."""
    own = own_labels(session)
    if item_id in own:
        return own[item_id][0] or item_label(_, session, own[item_id][1])
    item = catalog.ALL_ITEMS.get(item_id)
    return _(item.label) if item else item_id


def item_picture(_: Translator, session: Session, item_id: str) -> ft.Control:
    """A catalog item or an own item, as a small picture with its word."""
    own = own_labels(session)
    if item_id in own:
        return small_picture(own[item_id][1], item_label(_, session, item_id))
    item = catalog.ALL_ITEMS.get(item_id)
    if item is None:
        return small_picture("something_else", item_id)
    return small_picture(item.pictogram, _(item.label))


@ft.component
def Review(store: SessionStore) -> ft.Control:
    """Every answer in pictures, each with *Bara för mig*; then *Det stämmer*."""
    _ = use_translator()
    session = store.session
    rows: list[ft.Control] = [
        ft.Text(_(catalog.GRID_TITLE), size=20, weight=ft.FontWeight.BOLD)
    ]
    grid_ids = [i.id for i in catalog.GRID_ITEMS] + [
        c.id for c in session.grid.custom_items
    ]
    for item_id in grid_ids:
        levels = session.grid.levels(item_id)
        if levels:
            rows.append(
                answer_row(
                    _,
                    store,
                    grid_answer_key(item_id),
                    item_picture(_, session, item_id),
                    [level_badge(lv, 44) for lv in levels]
                    + [
                        ft.Text(
                            _.join([_(catalog.LEVELS[lv].label) for lv in levels]),
                            size=15,
                        )
                    ],
                    item_label(_, session, item_id),
                )
            )
    if len(rows) == 1:
        rows.clear()  # an exercise not begun has no heading to read past
    day_start = len(rows)
    rows.append(ft.Text(_(catalog.DAY_TITLE), size=20, weight=ft.FontWeight.BOLD))
    felt = day_rules.feelings_in_use(session.day)
    if session.day.timeline:
        rows.append(
            answer_row(
                _,
                store,
                day_answer_key("activities.day"),
                small_picture("clock", _("Din vanliga dag")),
                [
                    ft.Column(
                        [
                            ft.Text(
                                _.clock(e.minutes) + ("" if e.has_childs_time else "?"),
                                size=14,
                            ),
                            with_feeling(
                                _,
                                item_picture(_, session, e.pictogram)
                                if not e.label
                                else small_picture(e.pictogram, e.label),
                                day_rules.entry_view(session.day, e).id,
                                felt.get(day_rules.entry_view(session.day, e).id),
                            ),
                        ],
                        spacing=0,
                        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                    )
                    for e in session.day.timeline
                ],
                _("Din vanliga dag"),
            )
        )
    for prompt in catalog.DAY_PROMPTS:
        answer = session.day.answer(prompt.id)
        if prompt.id == "activities.day" or not (answer.picks or answer.status):
            continue
        if answer.status is AnswerStatus.DONT_KNOW:
            pictures = [small_picture("dont_know", _("Vet inte"))]
        elif answer.status is AnswerStatus.NO_ANSWER:
            pictures = [small_picture("no_answer", _("Vill inte svara"))]
        else:
            pictures = [
                with_feeling(
                    _,
                    item_picture(_, session, p),
                    p,
                    # The face goes with the day as it is, not with a wish.
                    felt.get(p) if prompt.id in catalog.FEELING_PROMPTS else None,
                )
                for p in answer.picks
            ]
        rows.append(
            answer_row(
                _,
                store,
                day_answer_key(prompt.id),
                ft.Container(
                    width=220,
                    content=ft.Text(_(prompt.text), size=14, color=theme.MUTED_INK),
                ),
                pictures,
                _(prompt.text),
            )
        )

    if len(rows) == day_start + 1:
        rows.pop()
    if session.reviewed_at is not None:
        rows.insert(
            0,
            ft.Container(
                key="review-thanks",
                bgcolor="#E4F1E8",
                border_radius=14,
                padding=14,
                content=ft.Row(
                    [
                        ft.Image(src=theme.pictogram_src("done"), width=48, height=48),
                        ft.Text(
                            _("Tack! Nu vet vi vad du tycker."),
                            size=20,
                            weight=ft.FontWeight.BOLD,
                            expand=True,
                        ),
                        # The next step: the child decides who gets to know.
                        big_button(
                            "review-to-share",
                            _("Vem får veta?"),
                            ft.Icons.ARROW_FORWARD,
                            lambda: go(ROUTE_SHARE),
                            primary=True,
                        ),
                    ]
                ),
            ),
        )
    return ChildFrame(
        title=_("Stämmer det här?"),
        subtitle=store.child.display_name,
        on_back=lambda: go(ROUTE_CHILD_HOME),
        actions=[
            big_button(
                "review-change",
                _("Ändra"),
                ft.Icons.EDIT,
                lambda: go(ROUTE_CHILD_HOME),
            ),
            big_button(
                "review-done",
                _("Det stämmer"),
                ft.Icons.CHECK,
                store.mark_reviewed,
                primary=True,
            ),
        ],
        notice=store.notice,
        on_dismiss_notice=store.dismiss_notice,
        content=ft.Column(rows, spacing=8, scroll=ft.ScrollMode.AUTO, expand=True),
    )


__all__ = ["ReviewScreen"]
