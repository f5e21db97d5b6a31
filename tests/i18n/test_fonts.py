"""Every character the app draws is in a bundled font: no boxes, no network fallback.

A character outside the fonts the theme names is worse than a box on the
CanvasKit path (iPads, Firefox): the engine asks its network fallback for a
font after every layout, forever (issue #24).
"""

import ast
import functools
import unicodedata
from pathlib import Path

import flet_web
import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from app.i18n import LANGUAGES, NATIVE_NAMES
from app.paths import FONTS_DIR, LOCALES_DIR, ROOT
from app.ui import theme

ROBOTO = Path(flet_web.__file__).parent / "web" / "assets" / "fonts" / "roboto.woff2"
"""The UI's primary font: the one Flutter's web engine ships and loads first."""


def font_file(family: str) -> Path:
    """The file behind a family the theme names: Flet's Roboto or one of ours."""
    if family == "Roboto":
        return ROBOTO
    return FONTS_DIR / Path(theme.FONT_FILES[family]).name


@functools.cache
def covered() -> frozenset[int]:
    """Code points the families of the theme's fallback list draw.

    The engine checks coverage against exactly this list, so a family missing
    from it (Roboto, say) counts as missing, whatever else is loaded.
    """
    points: set[int] = set()
    for family in theme.FONT_FALLBACK:
        points |= set(TTFont(font_file(family)).getBestCmap())
    return frozenset(points)


def drawable(text: str) -> list[str]:
    """Characters of ``text`` no bundled font has (format controls excepted)."""
    return sorted(
        {
            ch
            for ch in text
            if ord(ch) not in covered() and unicodedata.category(ch) not in ("Cf", "Cc")
        }
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_translation_is_drawable_with_the_bundled_fonts(language):
    """A catalog string with a glyph no font has would show as a box."""
    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        catalog = read_po(f, locale=language)
    missing = {}
    for message in catalog:
        strings = (
            message.string if isinstance(message.string, tuple) else [message.string]
        )
        for text in strings:
            if text and drawable(text):
                missing[
                    message.id if isinstance(message.id, str) else message.id[0]
                ] = drawable(text)
    assert missing == {}


def ui_literals() -> dict[str, str]:
    """Every string literal of the UI code (docstrings aside), by file:line."""
    found = {}
    for path in sorted((ROOT / "app" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        # Docstrings and attribute docstrings: strings standing as statements.
        docstrings = {
            id(node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        }
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in docstrings
            ):
                found[f"{path.relative_to(ROOT)}:{node.lineno}"] = node.value
    return found


def test_every_ui_literal_is_drawable_with_the_bundled_fonts():
    """Text built in code (separators, arrows, symbols) is in a bundled font too."""
    literals = ui_literals()
    assert len(literals) > 100  # the scan really read the screens
    missing = {where: drawable(text) for where, text in literals.items()}
    assert {where: chars for where, chars in missing.items() if chars} == {}


def test_the_theme_falls_back_only_to_fonts_the_client_loads():
    """Each family in the fallback list is Flet's Roboto or a bundled font file."""
    assert theme.FONT_FALLBACK[0] == "Roboto"
    for family in theme.FONT_FALLBACK:
        assert font_file(family).is_file(), family


def test_language_names_are_drawable_in_their_own_script():
    """The picker names each language in its own script; all of it renders."""
    for code, name in NATIVE_NAMES.items():
        assert drawable(name) == [], code


def test_a_glyph_outside_the_fonts_is_caught():
    """The check itself fails on a character no bundled font draws (CJK)."""
    assert drawable("日本") == sorted("日本")
