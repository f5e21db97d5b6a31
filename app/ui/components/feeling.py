"""*Hur känns det?*: the child may say how a part of the day feels.

Optional and never asked for: a small button under a picked place or person,
and in the clock of an activity, opens six faces and *Vet inte*. A face is
chosen with one tap and the panel closes; *Vet inte* takes a feeling back;
the frame's *Tillbaka* closes without a change. The booklet's reasoning is about
contexts: where the child feels calm or glad can protect, and a solution may
be found in another context than where the problem arose.
"""

from __future__ import annotations

from collections.abc import Callable

import flet as ft

from app.domain import catalog
from app.domain.models import Feeling, Felt
from app.i18n import Translator
from app.ui import theme
from app.ui.components.pictogram_tile import picked_tick, pictogram_tile
from app.ui.components.speaker import Reader
from app.ui.components.tap_target import tap_target

FACE_WIDTH = 190
FACE_HEIGHT = 190
BUTTON_HEIGHT = 56
"""The feeling button under a tile: below the tile, never over its picture."""


def feeling_button(
    _: Translator,
    item_id: str,
    item_label: str,
    current: Feeling | None,
    on_tap: Callable[[], None],
    *,
    width: int = theme.TILE_WIDTH,
    height: int = BUTTON_HEIGHT,
) -> ft.Control:
    """*Hur känns det?* for one item: the chosen face, or an empty face to fill."""
    question = _(catalog.FEELING_QUESTION)
    face: ft.Control = (
        ft.Image(
            src=theme.pictogram_src(catalog.FEELINGS[current].pictogram),
            width=height - 12,
            height=height - 12,
            exclude_from_semantics=True,
        )
        if current is not None
        else ft.Icon(
            ft.Icons.SENTIMENT_SATISFIED_OUTLINED, size=height - 16, color=theme.ACCENT
        )
    )
    words = _(catalog.FEELINGS[current].label) if current is not None else question
    return tap_target(
        f"feel-{item_id}",
        f"{question} {item_label}",
        on_tap,
        value=_(catalog.FEELINGS[current].label) if current is not None else None,
        width=width,
        height=height,
        bgcolor="#EAF1F8" if current is None else theme.TILE_BG,
        border=ft.Border.all(2, theme.ACCENT),
        border_radius=height // 2,
        padding=ft.Padding.symmetric(horizontal=8),
        content=ft.Row(
            [
                face,
                ft.Text(
                    words,
                    size=15,
                    weight=ft.FontWeight.W_600,
                    color=theme.INK,
                    expand=True,
                    max_lines=2,
                ),
            ],
            spacing=6,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )


def feeling_panel(
    _: Translator,
    item_label: str,
    pictogram: str,
    current: Feeling | None,
    on_pick: Callable[[Feeling | None], None],
    reader: Reader | None = None,
) -> ft.Control:
    """The six faces and *Vet inte* for one activity, place or person (the
    frame's *Tillbaka* closes it without a change)."""
    question = _(catalog.FEELING_QUESTION)

    def speaker(text: str, key: str) -> ft.Control | None:
        return reader.speaker(text, key) if reader else None

    def face(feeling: Feeling) -> ft.Control:
        info = catalog.FEELINGS[feeling]
        words = _(info.label)
        tile = pictogram_tile(
            key=f"feeling-{feeling.value}",
            pictogram=info.pictogram,
            label=words,
            selected=feeling == current,
            on_tap=lambda: on_pick(feeling),
            width=FACE_WIDTH,
            height=FACE_HEIGHT,
            picture_size=112,
            text_size=18,
        )
        said = speaker(words, f"say-feeling-{feeling.value}")
        layers: list[ft.Control] = [tile]
        if feeling == current:
            layers.append(picked_tick(44))
        if said is not None:
            layers.append(ft.Container(right=2, top=2, content=said))
        if len(layers) == 1:
            return tile
        return ft.Stack(layers, width=FACE_WIDTH, height=FACE_HEIGHT)

    def face_row(feelings: list[Feeling]) -> ft.Control:
        return ft.Row(
            [face(f) for f in feelings],
            spacing=14,
            alignment=ft.MainAxisAlignment.CENTER,
        )

    dont_know = catalog.DECLINES[next(iter(catalog.DECLINES))]
    skip = tap_target(
        "feeling-dont_know",
        _(dont_know.label),
        lambda: on_pick(None),
        height=theme.CHILD_TARGET + 8,
        padding=ft.Padding.only(left=6, right=18, top=4, bottom=4),
        bgcolor=theme.TILE_BG,
        border=ft.Border.all(3, theme.ACCENT),
        border_radius=40,
        content=ft.Row(
            [
                ft.Image(
                    src=theme.pictogram_src(dont_know.pictogram),
                    width=60,
                    height=60,
                    exclude_from_semantics=True,
                ),
                ft.Text(
                    _(dont_know.label),
                    size=20,
                    weight=ft.FontWeight.BOLD,
                    color=theme.INK,
                ),
            ],
            spacing=8,
            tight=True,
            vertical_alignment=ft.CrossAxisAlignment.CENTER,
        ),
    )
    question_speaker = speaker(question, "say-feeling-question")
    top = ft.Row(
        [
            ft.Container(
                bgcolor=theme.TILE_BG,
                border_radius=18,
                padding=6,
                content=ft.Image(
                    src=theme.pictogram_src(pictogram),
                    width=88,
                    height=88,
                    exclude_from_semantics=True,
                ),
            ),
            ft.Column(
                [
                    ft.Row(
                        [
                            *([question_speaker] if question_speaker else []),
                            ft.Text(
                                question,
                                key="feeling-question",
                                size=28,
                                weight=ft.FontWeight.BOLD,
                                color=theme.INK,
                            ),
                        ],
                        spacing=8,
                        vertical_alignment=ft.CrossAxisAlignment.CENTER,
                    ),
                    ft.Text(item_label, size=22, color=theme.MUTED_INK),
                ],
                spacing=2,
                expand=True,
            ),
        ],
        spacing=14,
        vertical_alignment=ft.CrossAxisAlignment.CENTER,
    )
    return ft.Column(
        [
            top,
            # Three and three, the same on every tablet: the easier feelings
            # above, the harder ones below.
            face_row(list(catalog.FEELINGS)[:3]),
            face_row(list(catalog.FEELINGS)[3:]),
            ft.Row([skip], alignment=ft.MainAxisAlignment.CENTER),
        ],
        key="feeling-panel",
        spacing=20,
        scroll=ft.ScrollMode.AUTO,
        expand=True,
    )


def with_feeling(
    _: Translator, picture: ft.Control, item_id: str, felt: Felt | None
) -> ft.Control:
    """A picture of the day with the face the child gave it (*Hur känns det?*)
    in its corner, so the feeling is read back with what it is about."""
    if felt is None:
        return picture
    info = catalog.FEELINGS[felt.feeling]
    return ft.Stack(
        [
            picture,
            ft.Container(
                key=f"review-feeling-{item_id}",
                right=0,
                top=0,
                bgcolor=theme.TILE_BG,
                border_radius=20,
                tooltip=_(info.label),
                content=ft.Image(
                    src=theme.pictogram_src(info.pictogram),
                    width=36,
                    height=36,
                    semantics_label=_(info.label),
                ),
            ),
        ],
        width=108,
    )


__all__ = ["feeling_button", "feeling_panel", "with_feeling"]
