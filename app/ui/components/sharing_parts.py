"""Pieces of the child's sharing screens: recipient cards, the lock, answers.

*Bara för mig* is a small lock the child can see and tap, on a marked grid
tile and beside every question of the day — not a long-press. A long-press is
invisible (a child cannot find what is not shown), fires by accident when a
finger rests on a tile (many of these children tap slowly or hold), cannot be
reached by a screen reader or a switch, and fights scrolling on a tablet. The
lock shows its state (open: shared, closed and dark: only mine) and a second
tap undoes it, so it is as safe to try as every other tap in the app.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain.models import ConsentRecord, Recipient, Session
from app.domain.summary import TIMELINE_PROMPT
from app.i18n import Translator
from app.ui import theme
from app.ui.components.pictogram_tile import small_picture
from app.ui.components.speaker import Reader
from app.ui.components.tap_target import tap_target

LOCK_DARK = "#3D4450"
TOLD_GREEN = "#2E7D4F"


def lock_toggle(
    _: Translator,
    key: str,
    on: bool,
    on_tap: Callable[[], None],
    about: str = "",
    size: int = theme.CHILD_TARGET,
) -> ft.Control:
    """The *Bara för mig* lock: closed and dark when the answer is the child's
    alone; named after the answer it keeps."""
    label = _("Bara för mig")
    return tap_target(
        key,
        f"{label}: {about}" if about else label,
        on_tap,
        toggled=on,
        width=size,
        height=size,
        border_radius=size // 2,
        bgcolor=LOCK_DARK if on else theme.TILE_BG,
        border=ft.Border.all(2, LOCK_DARK),
        alignment=ft.Alignment.CENTER,
        content=ft.Icon(
            ft.Icons.LOCK if on else ft.Icons.LOCK_OPEN,
            size=int(size * 0.55),
            color=theme.TILE_BG if on else LOCK_DARK,
        ),
    )


def recipient_name(_: Translator, recipient: Recipient, consent: ConsentRecord) -> str:
    """A recipient as the child reads it (the typed names for *Annan*)."""
    if recipient is Recipient.OTHER and consent.other_names():
        return _.join(list(consent.other_names()))
    return _(catalog.RECIPIENTS[recipient].label)


def recipient_card(
    _: Translator,
    recipient: Recipient,
    consent: ConsentRecord,
    width: int = 200,
    reader: Reader | None = None,
) -> ft.Control:
    """Who may get to know: a big picture, the name, and plain words; the
    words read aloud by the card's speaker (when read-aloud is on)."""
    info = catalog.RECIPIENTS[recipient]
    words = _(info.child_words)
    speaker = (
        reader.speaker(words, f"say-recipient-{recipient.value}") if reader else None
    )
    return ft.Container(
        key=f"recipient-card-{recipient.value}",
        width=width,
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(2, "#C9D3DD"),
        border_radius=18,
        padding=10,
        content=ft.Column(
            [
                ft.Image(
                    src=theme.pictogram_src(info.pictogram),
                    width=64,
                    height=64,
                    exclude_from_semantics=True,
                ),
                ft.Text(
                    recipient_name(_, recipient, consent),
                    size=17,
                    weight=ft.FontWeight.BOLD,
                    text_align=ft.TextAlign.CENTER,
                ),
                ft.Text(
                    words,
                    size=13,
                    color=theme.MUTED_INK,
                    text_align=ft.TextAlign.CENTER,
                ),
                *([speaker] if speaker else []),
            ],
            spacing=4,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def nobody_card(_: Translator) -> ft.Control:
    """No consent yet: what the child says stays here."""
    return ft.Container(
        key="recipient-card-none",
        bgcolor=theme.TILE_BG,
        border_radius=18,
        padding=12,
        content=ft.Row(
            [
                ft.Image(
                    src=theme.pictogram_src("private"),
                    width=72,
                    height=72,
                    exclude_from_semantics=True,
                ),
                ft.Text(
                    _("Just nu får ingen annan veta något. Det du svarar stannar här."),
                    size=18,
                    expand=True,
                ),
            ],
            spacing=12,
        ),
    )


def tell_toggle(
    _: Translator,
    key: str,
    recipient: Recipient,
    consent: ConsentRecord,
    told: bool,
    on_tap: Callable[[], None] | None,
    about: str,
) -> ft.Control:
    """One recipient beside one answer: a tick when they get to know it, a
    crossed-out sign when not (never colour alone)."""
    info = catalog.RECIPIENTS[recipient]
    name = recipient_name(_, recipient, consent)
    label = (
        _("{recipient} får veta: {answer}", recipient=name, answer=about)
        if told
        else _("{recipient} får inte veta: {answer}", recipient=name, answer=about)
    )
    return tap_target(
        key,
        label,
        on_tap,
        toggled=told,
        width=theme.CHILD_TARGET + 8,
        height=theme.CHILD_TARGET + 8,
        border_radius=16,
        bgcolor="#E4F1E8" if told else "#F1F1F1",
        border=ft.Border.all(3, TOLD_GREEN if told else "#B0B6BD"),
        content=ft.Stack(
            [
                ft.Container(
                    alignment=ft.Alignment.CENTER,
                    content=ft.Image(
                        src=theme.pictogram_src(info.pictogram),
                        width=52,
                        height=52,
                        opacity=1.0 if told else 0.35,
                        exclude_from_semantics=True,
                    ),
                ),
                ft.Container(
                    right=2,
                    bottom=2,
                    content=ft.Icon(
                        ft.Icons.CHECK_CIRCLE if told else ft.Icons.BLOCK,
                        size=26,
                        color=TOLD_GREEN if told else "#7A3B3B",
                    ),
                ),
            ],
        ),
    )


def _own(session: Session) -> dict[str, tuple[str, str]]:
    items = (*session.grid.custom_items, *session.day.custom_items)
    return {c.id: (c.label, c.pictogram) for c in items}


def item_word(_: Translator, session: Session, item_id: str) -> str:
    """The word of a booklet item or of the child's own item."""
    own = _own(session)
    if item_id in own:
        return own[item_id][0]
    item = catalog.ALL_ITEMS.get(item_id)
    return _(item.label) if item else item_id


def item_pic(_: Translator, session: Session, item_id: str) -> ft.Control:
    """A booklet item or an own item as a small picture with its word."""
    own = _own(session)
    if item_id in own:
        label, pictogram = own[item_id]
        return small_picture(pictogram, label)
    item = catalog.ALL_ITEMS.get(item_id)
    if item is None:
        return small_picture("something_else", item_id)
    return small_picture(item.pictogram, _(item.label))


def answer_about(_: Translator, session: Session, answer_key: str) -> str:
    """What an answer is about, in the child's words (for labels)."""
    kind, _sep, rest = answer_key.partition(":")
    if kind == "grid":
        return item_word(_, session, rest)
    if rest == TIMELINE_PROMPT:
        return _("Din vanliga dag")
    prompt = catalog.PROMPTS_BY_ID.get(rest)
    return _(prompt.text) if prompt else rest


def answer_pictures(
    _: Translator, session: Session, answer_key: str, most: int = 3
) -> list[ft.Control]:
    """An answer in at most ``most`` small pictures (the item; the picks)."""
    kind, _sep, rest = answer_key.partition(":")
    if kind == "grid":
        return [item_pic(_, session, rest)]
    if rest == TIMELINE_PROMPT:
        return [small_picture("clock", _("Din vanliga dag"))]
    answer = session.day.answer(rest)
    if answer.status in catalog.DECLINES:
        info = catalog.DECLINES[answer.status]
        return [small_picture(info.pictogram, _(info.label))]
    return [item_pic(_, session, p) for p in answer.picks[:most]]
