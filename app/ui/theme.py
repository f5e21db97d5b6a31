"""Colours and sizes as named data, so screens never invent them.

The levels' colours and pictures live in the catalog (``catalog.LEVELS``), the
one table the screens and both PDF writers read.
"""

from __future__ import annotations

import functools

import flet as ft

from app.paths import ASSETS_DIR, PICTOGRAM_DIR, asset_version

TILE_BG = "#FFFFFF"
SCREEN_BG = "#F4F1EA"
"""Warm off-white: calmer than pure white for long sittings."""
INK = "#1F2328"
MUTED_INK = "#505862"
ACCENT = "#0B5CAD"
SOFT_NOTICE_BG = "#FFF4D6"
"""Background of gentle notices; never red, never an error screen."""

CHILD_TARGET = 72
"""Smallest touch target on a child's screen, in logical pixels."""
TILE_WIDTH = 150
TILE_HEIGHT = 184
PICTOGRAM_SIZE = 80
BADGE_SIZE = 40


@functools.cache
def pictogram_src(pictogram_id: str, size: int = 128) -> str:
    """URL path of a pictogram served from the assets folder, with its content
    version: the browser keeps it without asking again (``app.client_files``).

    Worked out once per picture, not at every tile's render. A picture changed
    while the app runs keeps its old link until a restart; the server then
    answers that link ``no-cache`` (the version is no longer the file's), so
    it is never kept for good under a name that is not its content's."""
    path = f"png/{size}/{pictogram_id}.png"
    version = asset_version(PICTOGRAM_DIR / path)
    return f"/pictograms/{path}?v={version}" if version else f"/pictograms/{path}"


FONT_FILES = {
    "MinRost Arabic": "/fonts/NotoSansArabic-Regular.ttf",
    "MinRost Ethiopic": "/fonts/NotoSansEthiopic-Regular.ttf",
}
"""Bundled OFL fonts for the scripts Roboto lacks, served from assets/.

Latin and Cyrillic stay in Roboto, which Flutter's web engine bundles and
loads before the first frame: a primary font loaded later left letters out of
text laid out before it arrived (seen in the screenshots). The family names are
our own: as "Noto Sans Arabic" the engine took them for its online fallback
fonts, tried to download them (offline: 404) and drew nothing."""


def font_sources() -> dict[str, str]:
    """``page.fonts``: each bundled font linked with its content version, so a
    tablet keeps it for good like a pictogram (``app.client_files``)."""
    return {
        family: f"{path}?v={version}"
        if (version := asset_version(ASSETS_DIR / path.lstrip("/")))
        else path
        for family, path in FONT_FILES.items()
    }


FONT_FALLBACK = ["Roboto", *FONT_FILES]
"""Roboto first: a text style whose fallback list leaves it out makes the
CanvasKit engine check coverage against the listed families only; å, ä and ö
then count as missing, and the engine asks its network fallback for "Noto Sans
Symbols" after every layout, forever (404, offline; issue #24). Flet adds the
family "Roboto" (fonts/roboto.woff2) to the client's font manifest."""
TEXT_STYLES = (
    "body_large",
    "body_medium",
    "body_small",
    "display_large",
    "display_medium",
    "display_small",
    "headline_large",
    "headline_medium",
    "headline_small",
    "label_large",
    "label_medium",
    "label_small",
    "title_large",
    "title_medium",
    "title_small",
)


def build_theme() -> ft.Theme:
    """Light theme whose every text style draws from Roboto, then Arabic/Ge'ez."""
    style = ft.TextStyle(font_family_fallback=FONT_FALLBACK)
    text_theme = ft.TextTheme(**dict.fromkeys(TEXT_STYLES, style))
    return ft.Theme(
        color_scheme_seed=ACCENT,
        text_theme=text_theme,
        primary_text_theme=text_theme,
    )


CHILD_INK = False
"""No Material ink ripple on what a child taps (tiles, the day's chips and
timeline entries, the clock's step buttons): the change that appears is the
feedback, and the ripple's few hundred milliseconds of repaints compete with
the save for the CPU on a small machine (docs/benchmarks.md, fix D). Calmer for
children who are sensitive to movement, too."""
