"""Translations: every visible string has a non-empty translation everywhere."""

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES, Translator
from app.paths import LOCALES_DIR, ROOT

KEYWORDS = {**DEFAULT_KEYWORDS, "N_": None, "plural": (1, 2)}
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def code_msgids() -> set[str]:
    """Every msgid marked in app/ right now (as `make i18n` would extract)."""
    found = set()
    for _f, _l, message, _c, _ctx in extract_from_dir(
        ROOT / "app",
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalog(language: str):
    """The committed .po catalog of one language."""
    path: Path = LOCALES_DIR / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as f:
        return read_po(f, locale=language)


MSGIDS = sorted(code_msgids())


def test_extraction_finds_the_booklet_strings():
    """The extractor sees N_() in the catalog and _() in screens."""
    assert "Gå upp på morgonen" in MSGIDS
    assert "Lås upp" in MSGIDS


def forms(message) -> list[str]:
    """A message's translations: one string, or every plural form."""
    value = message.string
    return list(value) if isinstance(value, tuple) else [value]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_msgid_has_a_non_empty_translation(language):
    """No string (nor plural form) of the code is missing or empty anywhere."""
    cat = catalog(language)
    missing = [m for m in MSGIDS if not (cat.get(m) and all(forms(cat.get(m))))]
    assert missing == [], f"{language}: {len(missing)} untranslated, e.g. {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_every_placeholder(language):
    """`{max}` in the msgid is `{max}` in the translation, nothing more or less."""
    cat = catalog(language)
    for msgid in MSGIDS:
        message = cat.get(msgid)
        if message is None:
            continue
        expected = set(PLACEHOLDER.findall(msgid))
        for text in forms(message):
            if not text:
                continue
            found = set(PLACEHOLDER.findall(text))
            if isinstance(message.id, tuple):
                # A plural form may leave the count to a number word ({n}),
                # but may not invent a placeholder or drop any other.
                assert found <= expected, (language, msgid)
                assert expected - {"n"} <= found, (language, msgid)
            else:
                assert found == expected, (language, msgid)


@pytest.mark.parametrize("language", LANGUAGES)
def test_translator_serves_the_compiled_catalog(language):
    """The running app translates (the .mo is built and found)."""
    expected = catalog(language).get("Lägg till").string
    assert Translator(language)("Lägg till") == expected


def test_swedish_catalog_is_the_booklets_wording():
    """Swedish is the source: its msgstr equals the msgid."""
    cat = catalog("sv")
    for msgid in MSGIDS:
        message = cat.get(msgid)
        expected = message.id if isinstance(message.id, tuple) else msgid
        assert message.string == expected, msgid
