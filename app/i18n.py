"""Translations and locale-aware formatting, over Babel's gettext catalogs.

Swedish is the source language: every msgid is the booklet's Swedish wording.
Screens get a :class:`Translator` for the child's or the counsellor's language;
domain code marks strings with :func:`N_` so Babel extracts them untranslated.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime, time

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from babel.lists import format_list
from babel.support import NullTranslations, Translations

from app.paths import LOCALES_DIR

SOURCE_LANGUAGE = "sv"
LANGUAGES: tuple[str, ...] = ("sv", "en", "ar", "fa", "so", "ti", "uk")
"""Languages with a catalog, source first."""

NATIVE_NAMES: dict[str, str] = {
    "sv": "Svenska",
    "en": "English",
    "ar": "العربية",
    "fa": "فارسی",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "Українська",
}
"""Each language named in its own script (no flags: a flag is not a language)."""

RTL_LANGUAGES = frozenset({"ar", "fa"})

REVIEWED_MARK = "Översättningsstatus: granskad av "
"""How a catalog's header comment records a reviewer's sign-off:
``# Översättningsstatus: granskad av <namn eller roll>, <datum>``.

A comment, not an ``X-Reviewed-By`` header field: Babel 2.18's ``pybabel
update`` and ``compile`` drop header fields they do not know, while header
comments survive both (docs/translations.md)."""


@functools.cache
def reviewed_by(language: str) -> str | None:
    """Who signed the language's catalog off (read once), or None if nobody has.

    The source language needs no review and names itself.
    """
    if language == SOURCE_LANGUAGE:
        return "source"
    path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for line in lines:
        if not line.startswith("#"):
            break  # the header comment ends at the first entry
        text = line.lstrip("#").strip()
        if text.startswith(REVIEWED_MARK):
            return text.removeprefix(REVIEWED_MARK).strip() or None
    return None


def N_(msgid: str) -> str:
    """Mark a string for extraction without translating it now."""
    return msgid


@functools.cache
def _catalog(language: str) -> NullTranslations:
    # Without a compiled catalog Babel returns NullTranslations: msgids (Swedish)
    # show as they are, and the catalog test fails for the missing language.
    return Translations.load(str(LOCALES_DIR), [language], domain="messages")


class Translator:
    """Translates msgids and formats dates, times and lists for one language."""

    def __init__(self, language: str = SOURCE_LANGUAGE) -> None:
        self.language = language if language in LANGUAGES else SOURCE_LANGUAGE
        self.locale = Locale.parse(self.language)
        self._translations = _catalog(self.language)

    @property
    def rtl(self) -> bool:
        """Whether this language is written right to left."""
        return self.language in RTL_LANGUAGES

    def __call__(self, msgid: str, **params: object) -> str:
        """Translate ``msgid``; ``{name}`` placeholders are filled from ``params``."""
        text = self._translations.gettext(msgid)
        return text.format(**params) if params else text

    def plural(self, singular: str, plural: str, n: int, **params: object) -> str:
        """Translate with the language's plural rules; ``{n}`` is filled in."""
        text = self._translations.ngettext(singular, plural, n)
        return text.format(n=n, **params)

    def date(self, value: date | datetime, fmt: str = "long") -> str:
        """Format a date the way this language writes it."""
        return format_date(value, format=fmt, locale=self.locale)

    def datetime(self, value: datetime, fmt: str = "medium") -> str:
        """Format a date and time the way this language writes it."""
        return format_datetime(value, format=fmt, locale=self.locale)

    def clock(self, minutes: int) -> str:
        """Format minutes after midnight as a 24-hour clock time (sv: 07:30).

        The pattern is Babel's short time for Swedish (``HH:mm``), used for
        every language so the clock face and the digits read the same; the
        exports write the same text (:func:`app.domain.summary.clock`).
        """
        return format_time(
            time(minutes // 60, minutes % 60), format="HH:mm", locale=self.locale
        )

    def language_name(self, code: str) -> str:
        """The name of language ``code`` in this translator's language (Babel's
        CLDR names), capitalised as it stands alone in a list."""
        name = self.locale.languages.get(code, code)
        return name[:1].upper() + name[1:]

    def join(self, items: Sequence[str]) -> str:
        """Join items as a list in this language ("matte, musik och idrott")."""
        return format_list(list(items), locale=self.locale)
