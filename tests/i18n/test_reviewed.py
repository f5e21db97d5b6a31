"""A reviewer's sign-off is read from each catalog's header comment."""

from __future__ import annotations

from app import i18n

HEADER = (
    "# Somali translations for min-rost.\n"
    "# Översättningsstatus: granskad av Modersmålslärare S, 2026-12-07\n"
    "#\n"
    'msgid ""\n'
    'msgstr ""\n'
    '"Language: so\\n"\n'
)


def test_no_catalog_is_signed_off_yet_so_every_one_says_maskinöversatt():
    """The shipped catalogs are machine-translated: none names a reviewer."""
    i18n.reviewed_by.cache_clear()
    assert i18n.reviewed_by("sv") == "source"
    for code in i18n.LANGUAGES[1:]:
        assert i18n.reviewed_by(code) is None, code


def test_a_sign_off_in_the_header_comment_names_the_reviewer(tmp_path, monkeypatch):
    """``# Översättningsstatus: granskad av X, datum`` signs the language off;
    the same words after the header (a translator's note) do not."""
    folder = tmp_path / "so" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(HEADER, encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALES_DIR", tmp_path)
    i18n.reviewed_by.cache_clear()
    try:
        assert i18n.reviewed_by("so") == "Modersmålslärare S, 2026-12-07"
        late = HEADER.replace("# Översättningsstatus: granskad av", "# x") + (
            '\n# Översättningsstatus: granskad av Någon\nmsgid "A"\nmsgstr "B"\n'
        )
        (folder / "messages.po").write_text(late, encoding="utf-8")
        i18n.reviewed_by.cache_clear()
        assert i18n.reviewed_by("so") is None
    finally:
        i18n.reviewed_by.cache_clear()
