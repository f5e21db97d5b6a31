"""*Om appen*: what Min röst is, its licence, and credit for every picture set.

The credits are built from ``assets/pictograms/index.json``, so they always
name exactly the sets and licences the shipped pictures use.
"""

from __future__ import annotations

import functools
import json

import flet as ft

from app.paths import PICTOGRAM_DIR
from app.ui import theme
from app.ui.components.named import named, readable
from app.ui.context import use_translator
from app.ui.routes import ROUTE_START

PICTURE_SETS = {
    "fluent-emoji-flat": (
        "Fluent Emoji Flat",
        "MIT",
        "Copyright (c) Microsoft Corporation",
        "https://github.com/microsoft/fluentui-emoji",
    ),
    "twemoji": (
        "Twemoji",
        "CC BY 4.0",
        "Copyright (c) 2014–2021 Twitter, Inc and other contributors; "
        "(c) 2022– Jason Sofonia & Justine De Caires",
        "https://github.com/discord/twemoji",
    ),
}


@functools.cache
def pictures_per_set() -> dict[str, list[str]]:
    """Pictogram ids per source set (a composite counts for each set it uses)."""
    index = json.loads((PICTOGRAM_DIR / "index.json").read_text(encoding="utf-8"))
    out: dict[str, list[str]] = {key: [] for key in PICTURE_SETS}
    for entry in index["pictograms"]:
        for glyph in entry["glyphs"]:
            source = glyph.split(":", 1)[0]
            if entry["id"] not in out[source]:
                out[source].append(entry["id"])
    return out


@ft.component
def AboutScreen() -> ft.Control:
    """App, licence and picture credits, as their licences require."""
    _ = use_translator()
    per_set = pictures_per_set()
    credits = []
    for key, (name, licence, copyright_line, url) in PICTURE_SETS.items():
        credits.append(
            ft.Container(
                key=f"credit-{key}",
                bgcolor=theme.TILE_BG,
                border_radius=12,
                padding=14,
                content=ft.Column(
                    [
                        ft.Text(
                            f"{name} — {licence}", size=18, weight=ft.FontWeight.BOLD
                        ),
                        readable(ft.Text(copyright_line, selectable=True)),
                        readable(ft.Text(url, selectable=True, color=theme.ACCENT)),
                        ft.Text(
                            _(
                                "{count} bilder bygger på den här samlingen. "
                                "Sammansatta bilder är ändrade: två symboler på "
                                "samma yta.",
                                count=len(per_set[key]),
                            ),
                            color=theme.MUTED_INK,
                        ),
                    ],
                    spacing=4,
                ),
            )
        )
    return ft.SafeArea(
        expand=True,
        content=ft.Container(
            padding=24,
            content=ft.Column(
                [
                    ft.Row(
                        [
                            named(
                                ft.IconButton(
                                    ft.Icons.ARROW_BACK,
                                    key="about-back",
                                    tooltip=_("Tillbaka"),
                                    on_click=lambda _e: ft.context.page.navigate(
                                        ROUTE_START
                                    ),
                                )
                            ),
                            ft.Text(_("Om appen"), size=28, weight=ft.FontWeight.BOLD),
                        ]
                    ),
                    ft.Text(
                        _(
                            "Min röst hjälper ett barn att med bilder berätta hur en "
                            "vanlig dag är och hur skolan känns, så att barnets röst "
                            "hörs på mötet. Öppen källkod under licensen EUPL-1.2."
                        ),
                        size=16,
                    ),
                    ft.Text(_("Bilderna"), size=22, weight=ft.FontWeight.BOLD),
                    *credits,
                    ft.Text(
                        _(
                            "Licenstexterna finns i assets/pictograms/LICENSES och "
                            "vilken bild som kommer varifrån i ATTRIBUTION.md."
                        ),
                        color=theme.MUTED_INK,
                    ),
                ],
                spacing=12,
                scroll=ft.ScrollMode.AUTO,
                expand=True,
            ),
        ),
    )
