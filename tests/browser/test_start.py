"""The real server in headless Chromium: a session survives a reload."""

import json

from playwright.sync_api import expect

from tests.browser.flutter import button, expect_text, fill, open_app, tap


def test_a_session_created_through_the_ui_is_found_again_after_reload(server, laptop):
    """Ny session → name → Starta; after a reload the child is listed at the start."""
    open_app(laptop, server.url)
    fill(laptop, "Barnets namn eller initialer", "T. E.")
    tap(laptop, "Starta")
    expect(button(laptop, "Det här är jag bra på")).to_be_visible(timeout=30_000)
    assert laptop.url.endswith("/barn")

    open_app(laptop, server.url)  # a fresh page load: a new Flet session
    expect_text(laptop, "T. E.")

    index = json.loads((server.data_dir / "index.json").read_text(encoding="utf-8"))
    names = [c["display_name"] for c in index["children"].values()]
    assert names == ["T. E."]


def test_an_empty_name_gets_a_clear_message_and_no_child_is_made(server, laptop):
    """Starta with nothing typed says what to do and stores nothing."""
    open_app(laptop, server.url)
    tap(laptop, "Starta")
    expect_text(laptop, "Skriv ett namn eller initialer.")
    assert not (server.data_dir / "children").exists() or not any(
        (server.data_dir / "children").iterdir()
    )
