"""The real server in headless Chromium: first run, child mode, reload, escapes."""

import re

from playwright.sync_api import expect

from tests.browser.flutter import (
    BROWSER_PIN,
    button,
    expect_text,
    fill,
    open_app,
    set_up_and_hand_over,
    tap,
)
from tests.browser.server import read_encrypted


def test_a_session_created_through_the_ui_is_found_again_after_reload(server, laptop):
    """PIN → child → session; a reload shows the child's home, then the workspace."""
    set_up_and_hand_over(laptop, server.url, "T. E.")
    assert laptop.url.endswith("/barn")

    open_app(laptop, server.url + "/barn")  # reload: a new Flet session
    expect(button(laptop, "Det här är jag bra på")).to_be_visible(timeout=30_000)
    expect_text(laptop, "T. E.")

    index = read_encrypted(server.data_dir, server.data_dir / "index.json", BROWSER_PIN)
    (child,) = index["children"].values()
    assert child["display_name"] == "T. E."
    (path,) = (server.data_dir / "children").glob("*.json")
    assert "T. E." not in path.name
    assert len(read_encrypted(server.data_dir, path, BROWSER_PIN)["sessions"]) == 1


def test_child_mode_escape_by_url_manipulation_reaches_nothing_else(server, tablet):
    """In child mode, typing /, another child's URL or the unlock URL shows no data."""
    set_up_and_hand_over(tablet, server.url, "Elev Ett")
    index = read_encrypted(server.data_dir, server.data_dir / "index.json", BROWSER_PIN)
    (child_id,) = index["children"]
    for route in ("/", f"/arbete/barn/{child_id}", "/arbete/barn/ffff", "/x/../"):
        open_app(tablet, server.url + route)
        expect(button(tablet, "Det här är jag bra på")).to_be_visible(timeout=30_000)
        expect(tablet).to_have_url(re.compile(r"/barn$"), timeout=30_000)
        expect(tablet.get_by_text("Ny session")).to_have_count(0)
    tablet.go_back()
    expect(button(tablet, "Det här är jag bra på")).to_be_visible(timeout=30_000)


def test_about_page_typed_in_child_mode_lands_in_the_childs_screens(server, tablet):
    """/om is no way out of child mode: it shows the child's home, not the licence."""
    set_up_and_hand_over(tablet, server.url, "Elev Ett")
    open_app(tablet, server.url + "/om")
    expect(button(tablet, "Det här är jag bra på")).to_be_visible(timeout=30_000)
    expect(tablet).to_have_url(re.compile(r"/barn$"), timeout=30_000)
    expect(tablet.get_by_text("Om appen")).to_have_count(0)


def test_leaving_child_mode_takes_the_pin_in_the_browser(server, laptop):
    """The lock leads to the PIN; with it the counsellor sees the child's page."""
    set_up_and_hand_over(laptop, server.url, "Elev Två")
    open_app(laptop, server.url + "/las-upp")
    fill(laptop, "PIN-kod", "000000")
    tap(laptop, "Lås upp")
    expect_text(laptop, "Fel PIN-kod. Försök igen.")
    fill(laptop, "PIN-kod", BROWSER_PIN)
    tap(laptop, "Lås upp")
    expect(button(laptop, "Ny session")).to_be_visible(timeout=30_000)
    assert "/arbete/barn/" in laptop.url
