"""Languages named in the reader's own words, from Babel's CLDR data."""

from app.i18n import LANGUAGES, Translator


def test_the_counsellor_sees_every_print_language_named_in_swedish():
    """Each language of the app has a Swedish name, capitalised, in Latin script."""
    _ = Translator("sv")
    names = {code: _.language_name(code) for code in LANGUAGES}
    assert names["ar"] == "Arabiska"
    assert names["ti"] == "Tigrinja"
    assert all(name[:1].isupper() for name in names.values())
    assert all(c.isascii() or c in "åäö" for name in names.values() for c in name)
    assert len(set(names.values())) == len(LANGUAGES)


def test_an_english_workspace_names_them_in_english():
    """The names follow the translator's language, not Swedish."""
    assert Translator("en").language_name("fa") == "Persian"
