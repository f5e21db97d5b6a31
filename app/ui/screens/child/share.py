"""*Vem får veta?*: the child chooses who gets to know each answer.

At the top, the recipients the family's consent allows, as cards with a
picture and plain words. Below, every answer in pictures with one button per
recipient (a tick: they get to know; crossed out: they do not) and the
*Bara för mig* lock. Few taps: everyone the consent allows is the default, and
each exercise has *Alla får veta* / *Bara för mig* for all its answers at
once. *Klart* shows the child, in pictures, what each one will get to know.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.models import ConsentRecord, Recipient, Session
from app.domain.sharing import Exercise, Share, answer_keys, may_see
from app.i18n import Translator
from app.ui import theme
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.pictogram_tile import level_badge
from app.ui.components.sharing_parts import (
    answer_about,
    answer_pictures,
    lock_toggle,
    nobody_card,
    recipient_card,
    tell_toggle,
)
from app.ui.components.speaker import use_reader
from app.ui.components.tap_target import tap_target
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_CHILD_HOME, ROUTE_TOLD, go
from app.ui.state import REVIEW_SCOPE, SessionStore


@ft.component
def ShareScreen() -> ft.Control:
    """Route adapter: *Vem får veta?* for the session open on this device."""
    store = use_session_store()
    return ShareView(store)


def whole_button(
    _: Translator, key: str, label: str, icon: ft.IconData, on_tap, on: bool
) -> ft.Control:
    """A button setting a whole exercise at once, a picture and words."""
    return tap_target(
        key,
        label,
        on_tap,
        selected=on,
        height=theme.CHILD_TARGET,
        padding=ft.Padding.symmetric(horizontal=16, vertical=6),
        border_radius=36,
        bgcolor=theme.ACCENT if on else theme.TILE_BG,
        border=ft.Border.all(2, theme.ACCENT),
        content=ft.Row(
            [
                ft.Icon(icon, size=30, color=theme.TILE_BG if on else theme.ACCENT),
                ft.Text(
                    label,
                    size=17,
                    weight=ft.FontWeight.W_600,
                    color=theme.TILE_BG if on else theme.INK,
                ),
            ],
            spacing=8,
            tight=True,
        ),
    )


def answer_line(
    _: Translator,
    store: SessionStore,
    consent: ConsentRecord,
    recipients: tuple[Recipient, ...],
    key: str,
) -> ft.Control:
    """One answer: its pictures, a button per recipient, and the lock."""
    session = store.session
    private = key in session.private
    about = answer_about(_, session, key)
    told = {
        r: may_see(session, consent, r, key, _first_other(consent, r))
        for r in recipients
    }
    toggles = [
        tell_toggle(
            _,
            f"tell-{r.value}-{key}",
            r,
            consent,
            told[r],
            lambda r=r, now=told[r]: store.set_told(key, r, not now),
            about,
        )
        for r in recipients
    ]
    return ft.Container(
        key=f"share-{key}",
        bgcolor=theme.TILE_BG,
        border_radius=14,
        padding=8,
        content=ft.Row(
            [
                ft.Container(
                    width=ANSWER_WIDTH,
                    opacity=0.5 if private else 1.0,
                    content=ft.Row(
                        answer_pictures(_, session, key) + answer_marks(session, key),
                        spacing=4,
                        wrap=True,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                ),
                ft.Row(toggles, spacing=6),
                lock_toggle(
                    _,
                    f"share-lock-{key}",
                    private,
                    lambda: store.set_share(
                        [key], Share.EVERYONE if private else Share.ONLY_ME
                    ),
                    about,
                ),
            ],
            spacing=10,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


ANSWER_WIDTH = 250
"""The answer's pictures take a fixed width, so the recipients' buttons stand
in columns under each other, right beside what they are about."""


def answer_marks(session: Session, key: str) -> list[ft.Control]:
    """A grid answer's colours (what the child said), small, beside its picture."""
    kind, _sep, item_id = key.partition(":")
    if kind != "grid":
        return []
    return [level_badge(lv, 34) for lv in session.grid.levels(item_id)]


def _first_other(consent: ConsentRecord, recipient: Recipient) -> str:
    names = consent.other_names()
    return names[0] if recipient is Recipient.OTHER and names else ""


@ft.component
def ShareView(store: SessionStore) -> ft.Control:
    """Recipient cards, then each exercise's answers with their choices."""
    _ = use_translator()
    reader = use_reader()
    consent = store.consent()
    recipients = tuple(r for r in consent.recipients() if r is not Recipient.OWN_FILE)
    session = store.session
    cards: list[ft.Control] = [
        recipient_card(_, r, consent, reader=reader) for r in recipients
    ] or [nobody_card(_)]
    rows: list[ft.Control] = [
        ft.Text(
            _("De vuxna har lov att berätta för:")
            if recipients
            else _("Vem får veta?"),
            size=20,
            weight=ft.FontWeight.BOLD,
        ),
        ft.Row(
            cards,
            wrap=True,
            spacing=10,
            run_spacing=10,
            key="recipient-cards",
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
        ft.Container(
            key="share-help",
            bgcolor="#EAF1F8",
            border_radius=14,
            padding=10,
            content=ft.Row(
                [
                    ft.Icon(ft.Icons.CHECK_CIRCLE, color="#2E7D4F", size=30),
                    ft.Text(_("får veta"), size=16),
                    ft.Icon(ft.Icons.BLOCK, color="#7A3B3B", size=30),
                    ft.Text(_("får inte veta"), size=16),
                    ft.Icon(ft.Icons.LOCK, color="#3D4450", size=30),
                    ft.Text(_("Bara för mig"), size=16),
                ],
                wrap=True,
                spacing=8,
            ),
        ),
    ]
    titles = {Exercise.GRID: catalog.GRID_TITLE, Exercise.DAY: catalog.DAY_TITLE}
    for exercise, title in titles.items():
        keys = answer_keys(session, exercise)
        if not keys:
            continue
        all_private = all(k in session.private for k in keys)
        all_shared = not any(
            k in session.private or session.not_to.get(k) for k in keys
        )
        rows.append(
            ft.Row(
                [
                    ft.Text(_(title), size=20, weight=ft.FontWeight.BOLD),
                    whole_button(
                        _,
                        f"share-all-{exercise.value}",
                        _("Alla får veta"),
                        ft.Icons.GROUPS,
                        lambda keys=keys: store.set_share(keys, Share.EVERYONE),
                        all_shared,
                    ),
                    whole_button(
                        _,
                        f"share-private-{exercise.value}",
                        _("Bara för mig"),
                        ft.Icons.LOCK,
                        lambda keys=keys: store.set_share(keys, Share.ONLY_ME),
                        all_private,
                    ),
                ],
                wrap=True,
                spacing=12,
                run_spacing=8,
                vertical_alignment=ft.CrossAxisAlignment.CENTER,
            )
        )
        rows += [answer_line(_, store, consent, recipients, k) for k in keys]
    if not answer_keys(session):
        rows.append(ft.Text(_("Du har inte svarat på något än."), size=18))
    return ChildFrame(
        title=_("Vem får veta?"),
        subtitle=store.child.display_name,
        on_back=lambda: go(ROUTE_CHILD_HOME),
        actions=[
            big_button(
                "undo",
                _("Ångra"),
                ft.Icons.UNDO,
                (lambda: store.undo(REVIEW_SCOPE))
                if store.can_undo(REVIEW_SCOPE)
                else None,
            ),
            big_button(
                "share-done",
                _("Klart"),
                ft.Icons.CHECK,
                lambda: go(ROUTE_TOLD),
                primary=True,
            ),
        ],
        notice=store.notice,
        on_dismiss_notice=store.dismiss_notice,
        content=ft.Column(rows, spacing=10, scroll=ft.ScrollMode.AUTO, expand=True),
    )


__all__ = ["ShareScreen"]
