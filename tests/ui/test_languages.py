"""The child's language: switched at once, answers kept, workspace unchanged."""

import flet as ft
from conftest import unlock
from harness import Harness


def tile_label(h, item_label_sv_or_en):
    """The semantics node whose label is the tile's visible word."""
    return [
        c
        for c in h.find_all(lambda c: isinstance(c, ft.Semantics))
        if c.label == item_label_sv_or_en
    ]


def test_switching_language_mid_exercise_keeps_every_mark(repo, active, app_main):
    """English labels appear at once; Matte's mark is still there and on disk."""
    child, session = active
    with Harness(app_main, route="/barn/bra-pa") as h:
        h.click("pen-fun")
        h.click("tile-maths")
        h.click("language")
        assert h.exists("lang-en")
        h.click("lang-en")
        (maths,) = tile_label(h, "Maths")
        assert maths.value == "Fun"
        assert not tile_label(h, "Matte")
        h.click("language")
        h.click("lang-sv")
        (matte,) = tile_label(h, "Matte")
        assert matte.value == "Roligt"
    stored = repo.get_session(child.id, session.id)
    assert [lv.value for lv in stored.grid.marks["maths"]] == ["fun"]
    assert stored.language == "sv"


def test_the_childs_language_survives_a_reload(repo, active, app_main):
    """A new browser session shows the child's chosen language again."""
    with Harness(app_main, route="/barn") as h:
        h.click("language")
        h.click("lang-en")
    with Harness(app_main, route="/barn") as h:
        assert "This is what I'm good at" in h.texts()


def test_the_workspace_keeps_its_own_language(repo, active, app_main):
    """The child chose English; the counsellor's PIN screen stays Swedish."""
    with Harness(app_main, route="/barn") as h:
        h.click("language")
        h.click("lang-en")
        h.navigate("/las-upp")
        assert "Lämna barnläget" in h.texts()
        unlock(h)
        assert "Ny session" in h.texts()


def test_after_a_restart_the_pin_brings_back_the_childs_language(
    repo, active, app_main
):
    """Encrypted data is unreadable until the PIN; then child mode is in English."""
    from conftest import unlock

    with Harness(app_main, route="/barn") as h:
        h.click("language")
        h.click("lang-en")
    repo.vault = None  # a server restart: the keys are gone from memory
    with Harness(app_main, route="/") as h:
        unlock(h)
        h.navigate("/barn")
        assert "This is what I'm good at" in h.texts()


def test_the_picker_says_maskinöversatt_until_a_reviewer_signs_the_catalog_off(
    active, app_main, monkeypatch
):
    """Every catalog not signed off in its header comment carries the note on its
    tile; Swedish (the source) and a signed-off catalog do not."""
    from app import i18n

    signed = {"sv": "source", "uk": "Modersmålslärare U, 2026-12-07"}
    monkeypatch.setattr(i18n, "reviewed_by", lambda code: signed.get(code))
    monkeypatch.setattr(
        "app.ui.components.child_frame.reviewed_by", lambda code: signed.get(code)
    )
    with Harness(app_main, route="/barn") as h:
        h.click("language")
        noted = {code for code in i18n.LANGUAGES if h.exists(f"lang-note-{code}")}
        assert noted == {"en", "ar", "fa", "so", "ti"}
        assert h.find("lang-note-ar").value == "maskinöversatt"
