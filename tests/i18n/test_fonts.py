"""Every character of every language is drawn by a bundled font: no empty boxes."""

import functools
import unicodedata
from pathlib import Path

import flet_web
import pytest
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont

from app.i18n import LANGUAGES, NATIVE_NAMES
from app.paths import FONTS_DIR, LOCALES_DIR
from app.ui import theme

ROBOTO = Path(flet_web.__file__).parent / "web" / "assets" / "fonts" / "roboto.woff2"
"""The UI's primary font: the one Flutter's web engine ships and loads first."""


@functools.cache
def covered() -> frozenset[int]:
    """Code points the UI's font stack (Roboto + the bundled fallbacks) draws."""
    points = set(TTFont(ROBOTO).getBestCmap())
    for url in theme.FONT_FILES.values():
        points |= set(TTFont(FONTS_DIR / Path(url).name).getBestCmap())
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


def test_language_names_are_drawable_in_their_own_script():
    """The picker names each language in its own script; all of it renders."""
    for code, name in NATIVE_NAMES.items():
        assert drawable(name) == [], code


def test_a_glyph_outside_the_fonts_is_caught():
    """The check itself fails on a character no bundled font draws (CJK)."""
    assert drawable("日本") == sorted("日本")
