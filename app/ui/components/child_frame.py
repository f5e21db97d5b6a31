"""The frame every child screen shares: the same things in the same places."""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.i18n import LANGUAGES, NATIVE_NAMES, reviewed_by
from app.ui import theme
from app.ui.components.named import named
from app.ui.components.speaker import use_reader
from app.ui.components.tap_target import tap_target
from app.ui.context import use_app_state, use_translator
from app.ui.routes import ROUTE_START, ROUTE_UNLOCK
from app.ui.state import CHANGED_ELSEWHERE, SAVE_FAILED


def language_label(_, code: str) -> str:
    """A language's own name, and "maskinöversatt" until a reviewer signs it off."""
    if reviewed_by(code):
        return NATIVE_NAMES[code]
    return f"{NATIVE_NAMES[code]} ({_('maskinöversatt')})"


def language_tile_text(_, code: str) -> ft.Control:
    """The picker tile's words: the name, with the note under it when unreviewed."""
    name = ft.Text(NATIVE_NAMES[code], size=26)
    if reviewed_by(code):
        return name
    return ft.Column(
        [
            name,
            ft.Text(
                _("maskinöversatt"),
                key=f"lang-note-{code}",
                size=13,
                color=theme.MUTED_INK,
            ),
        ],
        spacing=0,
        tight=True,
        horizontal_alignment=ft.CrossAxisAlignment.CENTER,
    )


def big_button(
    key: str,
    label: str,
    icon: ft.IconData,
    on_click: Callable[[], None] | None,
    *,
    primary: bool = False,
) -> ft.Control:
    """A child-sized button: icon above word, at least 72 px, labelled as shown."""
    colour = theme.TILE_BG if primary else theme.INK
    return tap_target(
        key,
        label,
        on_click,
        # Read out as unavailable (not merely silent) when there is nothing to do.
        disabled=on_click is None,
        width=104,
        height=theme.CHILD_TARGET + 4,
        bgcolor=theme.ACCENT if primary else theme.TILE_BG,
        border_radius=16,
        border=ft.Border.all(2, theme.ACCENT),
        opacity=1.0 if on_click else 0.4,
        content=ft.Column(
            [
                ft.Icon(icon, size=30, color=colour),
                ft.Text(label, size=14, color=colour, weight=ft.FontWeight.W_600),
            ],
            spacing=0,
            alignment=ft.MainAxisAlignment.CENTER,
            horizontal_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


@ft.component
def ChildFrame(
    title: str,
    content: ft.Control,
    on_back: Callable[[], None] | None = None,
    subtitle: str = "",
    actions: list[ft.Control] | None = None,
    notice: str | None = None,
    on_dismiss_notice: Callable[[], None] | None = None,
) -> ft.Control:
    """Back at top left, title in the middle, actions at top right, content below."""
    _ = use_translator()
    state = use_app_state()
    reader = use_reader()
    title_speaker = reader.speaker(title, "say-title") if reader else None
    picking, set_picking = ft.use_state(False)

    def choose(language: str) -> None:
        set_picking(False)
        state.set_child_language(language)

    language_button = tap_target(
        "language",
        NATIVE_NAMES[_.language],
        lambda: set_picking(lambda shown: not shown),
        height=theme.CHILD_TARGET,
        padding=ft.Padding.symmetric(horizontal=10),
        border_radius=16,
        border=ft.Border.all(2, theme.ACCENT),
        bgcolor=theme.TILE_BG,
        content=ft.Row(
            [
                ft.Icon(ft.Icons.TRANSLATE, color=theme.ACCENT),
                ft.Text(NATIVE_NAMES[_.language], size=15),
            ],
            tight=True,
        ),
    )
    header = ft.Row(
        [
            big_button("back", _("Tillbaka"), ft.Icons.ARROW_BACK, on_back)
            if on_back
            else ft.Container(width=104),
            ft.Column(
                [
                    ft.Text(
                        title,
                        size=26,
                        weight=ft.FontWeight.BOLD,
                        color=theme.INK,
                        text_align=ft.TextAlign.CENTER,
                    ),
                    # The title's speaker sits under it, beside the subtitle:
                    # beside a long title it would push the header too wide.
                    ft.Row(
                        [
                            *([title_speaker] if title_speaker else []),
                            ft.Text(subtitle, size=16, color=theme.MUTED_INK),
                        ],
                        alignment=ft.MainAxisAlignment.CENTER,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                        tight=True,
                    )
                    if subtitle or title_speaker
                    else ft.Container(),
                ],
                spacing=0,
                expand=True,
                horizontal_alignment=ft.CrossAxisAlignment.CENTER,
            ),
            language_button,
            ft.Row(actions or [ft.Container(width=104)], spacing=8),
            # The adult's way out: small and muted so it does not invite a child,
            # and it only leads to the PIN.
            named(
                ft.IconButton(
                    ft.Icons.LOCK_OUTLINE,
                    key="child-lock",
                    icon_size=18,
                    icon_color="#9AA3AD",
                    tooltip=_("Vuxen: lås upp"),
                    on_click=lambda _e: ft.context.page.navigate(ROUTE_UNLOCK),
                )
            ),
        ],
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    parts: list[ft.Control] = [header]
    notices = {
        SAVE_FAILED: _("Det gick inte att spara just nu. Försök igen."),
        CHANGED_ELSEWHERE: _(
            "Det här svaret ändrades nyss på en annan skärm. "
            "Nu ser du det som är sparat."
        ),
    }
    if notice in notices:
        parts.append(
            ft.Container(
                key="notice",
                bgcolor=theme.SOFT_NOTICE_BG,
                border_radius=12,
                padding=12,
                on_click=(lambda _e: on_dismiss_notice())
                if on_dismiss_notice
                else None,
                content=ft.Text(notices[notice], size=16, color=theme.INK),
            )
        )
    if picking:
        content = ft.Row(
            [
                tap_target(
                    f"lang-{code}",
                    language_label(_, code),
                    lambda code=code: choose(code),
                    selected=code == _.language,
                    width=200,
                    height=96,
                    alignment=ft.Alignment.CENTER,
                    border_radius=18,
                    bgcolor=theme.TILE_BG,
                    border=ft.Border.all(5 if code == _.language else 2, theme.ACCENT),
                    content=language_tile_text(_, code),
                )
                for code in LANGUAGES
            ],
            wrap=True,
            spacing=16,
            run_spacing=16,
            alignment=ft.MainAxisAlignment.CENTER,
        )
    parts.append(ft.Container(content=content, expand=True))
    return ft.SafeArea(
        expand=True,
        rtl=_.rtl,
        content=ft.Container(
            padding=ft.Padding.symmetric(horizontal=16, vertical=12),
            content=ft.Column(parts, spacing=10, expand=True),
        ),
    )


@ft.component
def NoSession() -> ft.Control:
    """Shown when a child screen is opened with no session in progress."""
    _ = use_translator()
    return ChildFrame(
        title=_("Ingen session är öppen"),
        content=ft.Column(
            [
                ft.Button(
                    _("Till början"),
                    key="go-start",
                    on_click=lambda _e: ft.context.page.navigate(ROUTE_START),
                )
            ]
        ),
    )
