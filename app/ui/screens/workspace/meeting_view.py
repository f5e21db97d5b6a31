"""*Barnets röst* in the meeting: a full-screen, calm view for the room.

Opened from the meeting page on the tablet or a shared screen. Big pictures,
few words, no editing: the child's own words, the starred answers, the grid
and the day. Everything comes from :func:`app.domain.meeting_view.meeting_voice`,
which shows only what the child allowed for everyone in the room.
"""

from __future__ import annotations

import flet as ft

from app.domain import catalog
from app.domain.meeting import PARTICIPATION_LABELS, PARTICIPATION_PICTOGRAMS
from app.domain.meeting_view import MeetingVoice, Picture, meeting_voice
from app.i18n import Translator
from app.ui import theme
from app.ui.case_store import CaseStore
from app.ui.components.gate import use_counsellor_activity
from app.ui.components.named import named
from app.ui.components.pictogram_tile import level_badge
from app.ui.context import use_case_store, use_translator
from app.ui.routes import ROUTE_MEETING

CALM_BG = "#F7F4EE"


@ft.component
def MeetingViewScreen() -> ft.Control:
    """Route adapter: the meeting view (the workspace layout route guards it)."""
    child_id = ft.use_route_params().get("child_id", "")
    return MeetingView(use_case_store(child_id, with_session=True))


def _picture(_: Translator, p: Picture, size: int = 96) -> ft.Control:
    label = p.label if p.typed else _(p.label)
    words = [ft.Text(label, size=18, text_align=ft.TextAlign.CENTER, max_lines=2)]
    if p.minutes is not None:
        words.append(ft.Text(_.clock(p.minutes), size=16, color=theme.MUTED_INK))
    for level in p.levels:  # a starred grid answer: its colours, never colour alone
        words.append(
            ft.Row(
                [
                    level_badge(level, 32),
                    ft.Text(_(catalog.LEVELS[level].label), size=15),
                ],
                spacing=6,
                tight=True,
            )
        )
    return ft.Container(
        width=size + 48,
        content=ft.Column(
            [
                ft.Image(
                    src=theme.pictogram_src(p.pictogram, 512 if size > 128 else 128),
                    width=size,
                    height=size,
                    exclude_from_semantics=True,
                ),
                *words,
            ],
            spacing=4,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def _section(title: str, pictogram: str | None, body: list[ft.Control], key: str):
    head = [ft.Text(title, size=24, weight=ft.FontWeight.BOLD)]
    if pictogram:
        head.insert(
            0,
            ft.Image(
                src=theme.pictogram_src(pictogram),
                width=48,
                height=48,
                exclude_from_semantics=True,
            ),
        )
    return ft.Container(
        key=key,
        bgcolor=theme.TILE_BG,
        border_radius=24,
        padding=24,
        content=ft.Column([ft.Row(head, spacing=12), *body], spacing=14),
    )


def voice_sections(_: Translator, voice: MeetingVoice) -> list[ft.Control]:
    """The view's sections, in the order the room reads them."""
    out: list[ft.Control] = []
    if voice.words:
        out.append(
            _section(
                _(catalog.WANTS_KNOWN),
                "wish",
                [ft.Text(f"”{voice.words}”", size=26, italic=True)],
                "view-words",
            )
        )
    if voice.starred:
        out.append(
            _section(
                _("Viktigast för mig"),
                None,
                [
                    ft.Row(
                        [_picture(_, p, 140) for p in voice.starred],
                        wrap=True,
                        spacing=24,
                    )
                ],
                "view-starred",
            )
        )
    for level, pictures in voice.grid:
        out.append(
            _section(
                _(catalog.LEVELS[level].summary),
                catalog.LEVELS[level].pictogram,
                [ft.Row([_picture(_, p) for p in pictures], wrap=True, spacing=16)],
                f"view-grid-{level.value}",
            )
        )
    if voice.timeline:
        out.append(
            _section(
                _(catalog.DAY_TITLE),
                "clock",
                [
                    ft.Row(
                        [_picture(_, p, 80) for p in voice.timeline],
                        wrap=True,
                        spacing=12,
                    )
                ],
                "view-timeline",
            )
        )
    for question, pictures in voice.day:
        out.append(
            _section(
                _(question),
                None,
                [ft.Row([_picture(_, p, 80) for p in pictures], wrap=True)],
                f"view-day-{len(out)}",
            )
        )
    return out


@ft.component
def MeetingView(store: CaseStore) -> ft.Control:
    """The child's voice, full screen, for everyone at the meeting."""
    _ = use_translator()
    use_counsellor_activity()
    session = store.latest
    assert session is not None  # opened with_session
    voice = meeting_voice(session, store.meeting(session.id))
    how = voice.participation
    header = ft.Row(
        [
            ft.Text(
                _("Barnets röst"),
                size=34,
                weight=ft.FontWeight.BOLD,
                expand=True,
            ),
            ft.Row(
                [
                    ft.Image(
                        src=theme.pictogram_src(PARTICIPATION_PICTOGRAMS[how]),
                        width=40,
                        height=40,
                        exclude_from_semantics=True,
                    ),
                    ft.Text(_(PARTICIPATION_LABELS[how]), size=18),
                ],
                key="view-participation",
            )
            if how is not None
            else ft.Container(),
            named(
                ft.IconButton(
                    ft.Icons.CLOSE,
                    key="meeting-view-close",
                    tooltip=_("Stäng mötesvyn"),
                    icon_size=32,
                    on_click=lambda _e: ft.context.page.navigate(
                        ROUTE_MEETING.format(child_id=store.child.id)
                    ),
                )
            ),
        ],
        spacing=16,
    )
    sections = voice_sections(_, voice) or [
        ft.Text(_("Här finns inget som barnet har delat."), size=22)
    ]
    return ft.Container(
        key="meeting-view",
        bgcolor=CALM_BG,
        expand=True,
        padding=32,
        content=ft.Column(
            [header, *sections],
            spacing=20,
            scroll=ft.ScrollMode.AUTO,
            expand=True,
        ),
    )
