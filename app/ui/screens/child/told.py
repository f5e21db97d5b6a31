"""*Så här blir det*: the child sees, in pictures, who gets to know what.

Shown before the tablet goes back to the adult: "Det här får skolan veta …
det här får föräldrarna veta … det här är bara ditt". Every row uses the same
rule as the exports (``app.domain.sharing.may_see``), so what the child sees
here is what each one will get.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.models import Recipient
from app.domain.sharing import answer_keys, may_see
from app.ui import theme
from app.ui.components.child_frame import ChildFrame, big_button
from app.ui.components.sharing_parts import (
    LOCK_DARK,
    answer_pictures,
    recipient_name,
)
from app.ui.components.speaker import Reader, use_reader
from app.ui.context import use_session_store, use_translator
from app.ui.routes import ROUTE_CHILD_HOME, ROUTE_SHARE, go
from app.ui.state import SessionStore


@ft.component
def ToldScreen() -> ft.Control:
    """Route adapter: the telling-back for the session open on this device."""
    store = use_session_store()
    return ToldView(store)


def _not_told(key: str, picture: ft.Control) -> ft.Control:
    """An answer this recipient does not get: faded, with the crossed-out sign
    the child chose it with on *Vem får veta?*."""
    return ft.Stack(
        key=key,
        controls=[
            ft.Container(picture, opacity=0.35),
            ft.Container(
                right=18,
                top=0,
                content=ft.Icon(ft.Icons.BLOCK, size=30, color="#7A3B3B"),
            ),
        ],
    )


def _band(
    key: str,
    picture: ft.Control,
    title: str,
    pictures: list[ft.Control],
    empty: str,
    not_told: list[tuple[str, ft.Control]] | None = None,
    speaker: ft.Control | None = None,
) -> ft.Control:
    return ft.Container(
        key=key,
        bgcolor=theme.TILE_BG,
        border_radius=18,
        padding=12,
        content=ft.Row(
            [
                ft.Column(
                    [
                        picture,
                        ft.Text(title, size=18, weight=ft.FontWeight.BOLD),
                        *([speaker] if speaker else []),
                    ],
                    width=200,
                    spacing=4,
                    horizontal_alignment=ft.CrossAxisAlignment.CENTER,
                ),
                ft.Row(
                    (pictures or [ft.Text(empty, size=16, color=theme.MUTED_INK)])
                    + [_not_told(k, p) for k, p in not_told or ()],
                    wrap=True,
                    spacing=6,
                    run_spacing=6,
                    expand=True,
                ),
            ],
            spacing=12,
            vertical_alignment=ft.CrossAxisAlignment.START,
        ),
    )


def _spoken(reader: Reader | None, text: str, key: str) -> list[ft.Control]:
    """The speaker reading ``text``, if read-aloud is on and it has a clip."""
    speaker = reader.speaker(text, key) if reader else None
    return [speaker] if speaker else []


@ft.component
def ToldView(store: SessionStore) -> ft.Control:
    """One band per recipient with what it gets to know, then what is only
    the child's; *Klart* back to the child's home."""
    _ = use_translator()
    reader = use_reader()
    consent = store.consent()
    session = store.session
    keys = answer_keys(session)
    bands: list[ft.Control] = []
    for r in consent.recipients():
        if r is Recipient.OWN_FILE:
            continue
        names = consent.other_names()
        other = names[0] if r is Recipient.OTHER and names else ""
        shown = [
            p
            for k in keys
            if may_see(session, consent, r, k, other)
            for p in answer_pictures(_, session, k, most=1)
        ]
        # What the child kept from this one (not what is theirs alone: that
        # has its own band), faded and crossed out, so the difference shows.
        kept_from = [
            (f"kept-{r.value}-{k}", p)
            for k in keys
            if k not in session.private and not may_see(session, consent, r, k, other)
            for p in answer_pictures(_, session, k, most=1)
        ]
        name = recipient_name(_, r, consent)
        bands.append(
            _band(
                f"told-{r.value}",
                ft.Image(
                    src=theme.pictogram_src(catalog.RECIPIENTS[r].pictogram),
                    width=80,
                    height=80,
                    exclude_from_semantics=True,
                ),
                _("Det här får {recipient} veta", recipient=name),
                shown,
                _("Ingenting"),
                kept_from,
            )
        )
    mine = [
        p
        for k in keys
        if k in session.private
        for p in answer_pictures(_, session, k, most=1)
    ]
    bands.append(
        _band(
            "told-mine",
            ft.Container(
                width=80,
                height=80,
                border_radius=40,
                bgcolor=LOCK_DARK,
                alignment=ft.Alignment.CENTER,
                content=ft.Icon(ft.Icons.LOCK, size=48, color=theme.TILE_BG),
            ),
            _("Det här är bara ditt"),
            mine,
            _("Ingenting"),
            speaker=next(
                iter(_spoken(reader, _("Det här är bara ditt"), "say-mine")), None
            ),
        )
    )
    if not consent.recipients():
        bands.insert(
            0,
            ft.Text(
                _("Just nu får ingen annan veta något. Det du svarar stannar här."),
                size=18,
            ),
        )
    bands.append(
        ft.Row(
            [
                ft.Icon(ft.Icons.TABLET_ANDROID, size=40, color=theme.ACCENT),
                ft.Text(
                    _("Nu kan du lämna tillbaka plattan."),
                    size=20,
                    weight=ft.FontWeight.W_600,
                ),
                *_spoken(
                    reader, _("Nu kan du lämna tillbaka plattan."), "say-hand-back"
                ),
            ],
            key="told-hand-back",
            spacing=10,
        )
    )
    return ChildFrame(
        title=_("Så här blir det"),
        subtitle=store.child.display_name,
        on_back=lambda: go(ROUTE_SHARE),
        actions=[
            big_button(
                "told-change",
                _("Ändra"),
                ft.Icons.EDIT,
                lambda: go(ROUTE_SHARE),
            ),
            big_button(
                "told-done",
                _("Klart"),
                ft.Icons.CHECK,
                lambda: go(ROUTE_CHILD_HOME),
                primary=True,
            ),
        ],
        content=ft.Column(bands, spacing=10, scroll=ft.ScrollMode.AUTO, expand=True),
    )


__all__ = ["ToldScreen"]
